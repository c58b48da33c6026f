//! Decoding with limits, orientation, resizing and JPEG encoding.

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// Largest side huimin decodes; a phone's 200-megapixel mode is 16,320 px wide.
pub const MAX_SIDE: u32 = 16_384;
/// Largest picture huimin decodes (50 megapixels: 150 MB of pixels, decoded at most once per core).
pub const MAX_PIXELS: u64 = 50_000_000;
/// What a decoder may allocate at once.
pub const MAX_ALLOC: u64 = 320 * 1024 * 1024;
/// Largest source file read.
pub const MAX_FILE: u64 = 80 * 1024 * 1024;

/// Formats huimin resizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
}

impl Format {
    pub fn of(f: ImageFormat) -> Option<Format> {
        match f {
            ImageFormat::Jpeg => Some(Format::Jpeg),
            ImageFormat::Png => Some(Format::Png),
            ImageFormat::WebP => Some(Format::WebP),
            _ => None,
        }
    }

    pub fn image_format(self) -> ImageFormat {
        match self {
            Format::Jpeg => ImageFormat::Jpeg,
            Format::Png => ImageFormat::Png,
            Format::WebP => ImageFormat::WebP,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::WebP => "WebP",
        }
    }
}

/// Why an image cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bad {
    Empty,
    TooLargeFile(u64),
    NotAnImage,
    /// Content of another format than its extension says: (actual format name).
    WrongExtension(&'static str),
    TooLarge {
        width: u32,
        height: u32,
    },
    /// The file ends before the picture does.
    Truncated,
    /// The decoder gave up: damaged.
    Damaged(String),
}

fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    l.max_alloc = Some(MAX_ALLOC);
    l
}

/// Sniff the format; `ext` is the file's extension in lower case.
pub fn format(bytes: &[u8], ext: &str) -> Result<Format, Bad> {
    if bytes.is_empty() {
        return Err(Bad::Empty);
    }
    let Some(f) = image::guess_format(bytes).ok().and_then(Format::of) else {
        return Err(Bad::NotAnImage);
    };
    let expected = match ext {
        "jpg" | "jpeg" | "jpe" | "jfif" => Format::Jpeg,
        "png" => Format::Png,
        "webp" => Format::WebP,
        _ => return Err(Bad::NotAnImage),
    };
    if f != expected {
        return Err(Bad::WrongExtension(f.name()));
    }
    // The JPEG decoder shows a cut-off photo with a grey lower part rather than fail; a
    // complete file ends with the end-of-image marker (then perhaps a little padding).
    if f == Format::Jpeg {
        let tail = &bytes[bytes.len().saturating_sub(4096)..];
        if !tail.windows(2).any(|w| w == [0xFF, 0xD9]) {
            return Err(Bad::Truncated);
        }
    }
    Ok(f)
}

/// Width and height as stored (before orientation), read from the header only.
pub fn header(bytes: &[u8], f: Format) -> Result<(u32, u32), Bad> {
    let run = || -> Result<(u32, u32), Bad> {
        let mut reader = ImageReader::with_format(Cursor::new(bytes), f.image_format());
        reader.no_limits();
        let dec = reader.into_decoder().map_err(|e| Bad::Damaged(e.to_string()))?;
        Ok(dec.dimensions())
    };
    let (w, h) = std::panic::catch_unwind(run).unwrap_or_else(|_| Err(Bad::Damaged("decoder panic".into())))?;
    check_size(w, h)?;
    Ok((w, h))
}

fn check_size(w: u32, h: u32) -> Result<(), Bad> {
    if w == 0 || h == 0 {
        return Err(Bad::Damaged("zero width or height".into()));
    }
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Bad::TooLarge { width: w, height: h });
    }
    Ok(())
}

/// Decode with limits, turn upright and flatten onto white.
pub fn decode(bytes: &[u8], f: Format) -> Result<image::RgbImage, Bad> {
    let run = || -> Result<image::RgbImage, Bad> {
        let mut reader = ImageReader::with_format(Cursor::new(bytes), f.image_format());
        reader.limits(limits());
        let mut dec = reader.into_decoder().map_err(|e| Bad::Damaged(e.to_string()))?;
        let (w, h) = dec.dimensions();
        check_size(w, h)?;
        let orientation = dec.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
        let mut img = DynamicImage::from_decoder(dec).map_err(|e| match e {
            image::ImageError::Limits(_) => Bad::TooLarge { width: w, height: h },
            e => Bad::Damaged(e.to_string()),
        })?;
        img.apply_orientation(orientation);
        Ok(if img.color().has_alpha() {
            let rgba = img.into_rgba8();
            let (w, h) = rgba.dimensions();
            let mut out = image::RgbImage::new(w, h);
            for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
                let a = u16::from(p[3]);
                for c in 0..3 {
                    o[c] = ((u16::from(p[c]) * a + 255 * (255 - a)) / 255) as u8;
                }
            }
            out
        } else {
            img.into_rgb8()
        })
    };
    std::panic::catch_unwind(run).unwrap_or_else(|_| Err(Bad::Damaged("decoder panic".into())))
}

/// Lanczos3 resize to `w`×`h`.
pub fn resize(src: &image::RgbImage, w: u32, h: u32) -> Result<image::RgbImage, Bad> {
    use fast_image_resize as fr;
    if src.dimensions() == (w, h) {
        return Ok(src.clone());
    }
    let from = fr::images::ImageRef::new(src.width(), src.height(), src.as_raw(), fr::PixelType::U8x3)
        .map_err(|e| Bad::Damaged(e.to_string()))?;
    let mut to = fr::images::Image::new(w, h, fr::PixelType::U8x3);
    let opts = fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    fr::Resizer::new()
        .resize(&from, &mut to, &opts)
        .map_err(|e| Bad::Damaged(e.to_string()))?;
    image::RgbImage::from_raw(w, h, to.into_vec()).ok_or_else(|| Bad::Damaged("resize".into()))
}

/// Progressive JPEG with optimised Huffman tables and no metadata at all.
pub fn jpeg(img: &image::RgbImage, quality: u8) -> Result<Vec<u8>, Bad> {
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, quality);
    enc.set_optimized_huffman_tables(true);
    enc.set_progressive(true);
    enc.encode(
        img.as_raw(),
        img.width() as u16,
        img.height() as u16,
        jpeg_encoder::ColorType::Rgb,
    )
    .map_err(|e| Bad::Damaged(e.to_string()))?;
    Ok(out)
}

/// The widths to make of a picture `width` wide: the configured ones it is wider than, and
/// its own width when it is narrower than the largest (never upscaled).
pub fn widths(width: u32, wanted: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = wanted.iter().copied().filter(|&w| w < width).collect();
    if wanted.iter().any(|&w| w >= width) {
        out.push(width);
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_upscales() {
        assert_eq!(widths(4000, &[480, 960, 1600]), [480, 960, 1600]);
        assert_eq!(widths(1200, &[480, 960, 1600]), [480, 960, 1200]);
        assert_eq!(widths(300, &[480, 960, 1600]), [300]);
        assert_eq!(widths(960, &[480, 960, 1600]), [480, 960]);
    }

    #[test]
    fn huge_headers_are_refused_before_decoding() {
        let mut png = Vec::new();
        image::RgbImage::new(1, 1)
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        // IHDR width and height are bytes 16..24.
        png[16..20].copy_from_slice(&60000u32.to_be_bytes());
        png[20..24].copy_from_slice(&60000u32.to_be_bytes());
        assert!(matches!(
            decode(&png, Format::Png),
            Err(Bad::TooLarge { .. }) | Err(Bad::Damaged(_))
        ));
    }
}
