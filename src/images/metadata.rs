//! What a photo says about where and by whom it was taken, and removing it: EXIF (GPS, the
//! phone's make and model, the time), XMP and IPTC. Stripping is lossless: the compressed
//! image data is kept byte for byte, only metadata segments and chunks are dropped.

use img_parts::{Bytes, ImageEXIF};
use std::io::Cursor;

/// What the metadata of a source image holds that a public site must not show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Found {
    pub gps: bool,
    pub device: bool,
    /// EXIF orientation, 1 (upright) when absent.
    pub orientation: u16,
}

/// Read the EXIF of a JPEG, PNG or WebP file.
pub fn read(bytes: &[u8]) -> Found {
    let mut found = Found {
        orientation: 1,
        ..Default::default()
    };
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return found;
    };
    for f in exif.fields() {
        match f.tag {
            exif::Tag::GPSLatitude | exif::Tag::GPSLongitude => found.gps = true,
            exif::Tag::Make | exif::Tag::Model | exif::Tag::BodySerialNumber | exif::Tag::LensModel => {
                found.device = true
            }
            exif::Tag::Orientation if f.ifd_num == exif::In::PRIMARY => {
                if let Some(v) = f.value.get_uint(0) {
                    found.orientation = v as u16;
                }
            }
            _ => {}
        }
    }
    found
}

/// The file without EXIF, XMP, IPTC, comments and embedded previews; an orientation other
/// than upright is kept (alone) so the picture still shows the right way up. `None` when
/// the format is not one huimin strips (the file is published as it is).
pub fn strip(bytes: &[u8]) -> Option<Vec<u8>> {
    let b = Bytes::copy_from_slice(bytes);
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let orientation = read(bytes).orientation;
        let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(b).ok()?;
        jpeg.set_exif(None);
        jpeg.segments_mut().retain(|s| {
            let m = s.marker();
            let c = s.contents();
            match m {
                // JFIF and Adobe (colour transform) are needed to show the colours right.
                0xE0 | 0xEE => true,
                0xE2 => c.starts_with(b"ICC_PROFILE\0"),
                0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
                _ => true,
            }
        });
        if orientation != 1 {
            jpeg.set_exif(Some(Bytes::from(tiff(&Tags {
                orientation: Some(orientation),
                ..Default::default()
            }))));
        }
        let mut out = Vec::with_capacity(bytes.len());
        jpeg.encoder().write_to(&mut out).ok()?;
        return Some(out);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let mut png = img_parts::png::Png::from_bytes(b).ok()?;
        for kind in [*b"eXIf", *b"tEXt", *b"zTXt", *b"iTXt", *b"tIME"] {
            png.remove_chunks_by_type(kind);
        }
        let mut out = Vec::with_capacity(bytes.len());
        png.encoder().write_to(&mut out).ok()?;
        return Some(out);
    }
    if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        let mut webp = img_parts::webp::WebP::from_bytes(b).ok()?;
        webp.remove_chunks_by_id(img_parts::webp::CHUNK_XMP);
        webp.set_exif(None);
        let mut out = Vec::with_capacity(bytes.len());
        webp.encoder().write_to(&mut out).ok()?;
        return Some(out);
    }
    None
}

/// Tags for a minimal EXIF block (tests and the showcase's sample photos).
#[derive(Debug, Clone, Default)]
pub struct Tags {
    pub orientation: Option<u16>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub date_time: Option<String>,
    /// Latitude and longitude in degrees (north and east positive).
    pub gps: Option<(f64, f64)>,
}

/// One IFD entry: tag, type (2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL), count, value bytes.
type Entry = (u16, u16, u32, Vec<u8>);

fn ascii(tag: u16, s: &str) -> Entry {
    let mut v = s.as_bytes().to_vec();
    v.push(0);
    (tag, 2, v.len() as u32, v)
}

fn degrees(tag: u16, x: f64) -> Entry {
    let x = x.abs();
    let d = x.floor();
    let m = ((x - d) * 60.0).floor();
    let s = ((x - d) * 60.0 - m) * 60.0;
    let mut v = Vec::new();
    for (n, den) in [(d as u32, 1u32), (m as u32, 1), ((s * 100.0).round() as u32, 100)] {
        v.extend(n.to_be_bytes());
        v.extend(den.to_be_bytes());
    }
    (tag, 5, 3, v)
}

/// Serialise an IFD placed at `at`; values longer than 4 bytes follow it. `next` is the
/// offset of the next IFD (0: none).
fn ifd(mut entries: Vec<Entry>, at: u32) -> Vec<u8> {
    entries.sort_by_key(|e| e.0);
    let mut out = Vec::new();
    let mut data = Vec::new();
    let data_start = at + 2 + 12 * entries.len() as u32 + 4;
    out.extend((entries.len() as u16).to_be_bytes());
    for (tag, kind, count, value) in entries {
        out.extend(tag.to_be_bytes());
        out.extend(kind.to_be_bytes());
        out.extend(count.to_be_bytes());
        if value.len() <= 4 {
            let mut v = value.clone();
            v.resize(4, 0);
            out.extend(v);
        } else {
            out.extend((data_start + data.len() as u32).to_be_bytes());
            data.extend(&value);
            if data.len() % 2 == 1 {
                data.push(0);
            }
        }
    }
    out.extend(0u32.to_be_bytes());
    out.extend(data);
    out
}

/// A big-endian TIFF block with the given tags (what JPEG's APP1 and PNG's eXIf hold).
pub fn tiff(tags: &Tags) -> Vec<u8> {
    let mut entries: Vec<Entry> = Vec::new();
    if let Some(o) = tags.orientation {
        entries.push((0x0112, 3, 1, o.to_be_bytes().to_vec()));
    }
    if let Some(m) = &tags.make {
        entries.push(ascii(0x010F, m));
    }
    if let Some(m) = &tags.model {
        entries.push(ascii(0x0110, m));
    }
    if let Some(d) = &tags.date_time {
        entries.push(ascii(0x0132, d));
    }
    let gps = tags.gps.map(|(lat, lon)| {
        vec![
            (0x0000, 1, 4, vec![2, 3, 0, 0]),
            ascii(0x0001, if lat >= 0.0 { "N" } else { "S" }),
            degrees(0x0002, lat),
            ascii(0x0003, if lon >= 0.0 { "E" } else { "W" }),
            degrees(0x0004, lon),
        ]
    });
    let mut out = b"MM\0\x2a\0\0\0\x08".to_vec();
    if let Some(gps) = gps {
        // The GPS pointer's value is where the GPS IFD starts: after IFD0.
        entries.push((0x8825, 4, 1, vec![0; 4]));
        let first = ifd(entries.clone(), 8);
        let gps_at = 8 + first.len() as u32;
        entries.pop();
        entries.push((0x8825, 4, 1, gps_at.to_be_bytes().to_vec()));
        out.extend(ifd(entries, 8));
        out.extend(ifd(gps, gps_at));
    } else {
        out.extend(ifd(entries, 8));
    }
    out
}

/// `jpeg` with an EXIF block of `tags` in place of whatever it had (the sample-photo
/// generator and the tests include this file with `#[path]`).
#[allow(dead_code)]
pub fn with_exif(jpeg: &[u8], tags: &Tags) -> Option<Vec<u8>> {
    let mut j = img_parts::jpeg::Jpeg::from_bytes(Bytes::copy_from_slice(jpeg)).ok()?;
    j.set_exif(Some(Bytes::from(tiff(tags))));
    let mut out = Vec::new();
    j.encoder().write_to(&mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny_jpeg() -> Vec<u8> {
        let mut out = Vec::new();
        let enc = jpeg_encoder::Encoder::new(&mut out, 80);
        enc.encode(&[200u8; 4 * 2 * 3], 4, 2, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        out
    }

    #[test]
    fn written_tags_read_back_and_strip_away() {
        let tags = Tags {
            orientation: Some(6),
            make: Some("Huawei".into()),
            model: Some("P60".into()),
            date_time: Some("2024:07:01 08:15:00".into()),
            gps: Some((30.5728, 104.0668)),
        };
        let jpeg = with_exif(&tiny_jpeg(), &tags).unwrap();
        let found = read(&jpeg);
        assert_eq!(
            found,
            Found {
                gps: true,
                device: true,
                orientation: 6
            }
        );
        let clean = strip(&jpeg).unwrap();
        assert_eq!(
            read(&clean),
            Found {
                gps: false,
                device: false,
                orientation: 6
            }
        );
        assert!(!clean.windows(6).any(|w| w == b"Huawei"));
        let upright = with_exif(
            &tiny_jpeg(),
            &Tags {
                gps: Some((1.0, 2.0)),
                ..Default::default()
            },
        )
        .unwrap();
        let clean = strip(&upright).unwrap();
        assert!(!clean.windows(4).any(|w| w == b"Exif"));
        assert!(image::load_from_memory(&clean).is_ok());
    }
}
