//! Reading a user's text file: encodings, BOM, line endings, and front matter.

use crate::diagnostics::{line_col, Diagnostic};
use crate::messages::content as m;
use crate::t;
use std::path::Path;

/// Read a text file as UTF-8 with LF line endings and no BOM.
///
/// A file in another encoding is refused with a guess of what it is and how to convert it:
/// converting silently would hide the problem from the next tool that reads the file.
pub fn read_text(path: &Path, rel: &str) -> Result<String, Diagnostic> {
    decode(read_bytes(path, rel)?, rel)
}

/// A file's bytes as they are on disk.
pub fn read_bytes(path: &Path, rel: &str) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path)
        .map_err(|e| Diagnostic::error(rel, t!(m::CANNOT_READ_FILE, error = e)).with_help(t!(m::CANNOT_READ_FILE_HELP)))
}

/// Where a body is in its file, kept instead of its text on a site whose sources are too
/// large to hold until they are rendered (`input::load`); [`read_again`] gives the text back.
///
/// The file's length and a hash of its bytes say whether it is still the file that was read:
/// the same bytes decode to the same text (BOM, line endings and U+0000 handled by
/// [`decode`]), so the body and its line numbers are those checked when it was loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Where the body starts in the decoded text; it runs to the end.
    pub start: usize,
    /// Bytes in the file when it was read.
    pub file_len: u64,
    /// Hash of those bytes.
    pub hash: u64,
}

impl Place {
    /// The place of the body that starts at `start` in the text decoded from `bytes`.
    pub fn new(bytes: &[u8], start: usize) -> Place {
        Place {
            start,
            file_len: bytes.len() as u64,
            hash: hash(bytes),
        }
    }
}

fn hash(bytes: &[u8]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    // A fixed seed: the same bytes hash alike throughout the build. foldhash, not SipHash:
    // every source is hashed twice on a large site (850 MB at 100,000 articles).
    let mut h = foldhash::quality::FixedState::with_seed(0x6875_696d_696e).build_hasher();
    h.write(bytes);
    h.finish()
}

/// Read a body again from its [`Place`]. A file that is no longer the one read (edited while
/// the site was building) is an error: rendering whatever it now says could publish a page
/// that was never checked, or text cut in the wrong place.
pub fn read_again(path: &Path, rel: &str, place: &Place) -> Result<String, Diagnostic> {
    let bytes = read_bytes(path, rel)?;
    if bytes.len() as u64 != place.file_len || hash(&bytes) != place.hash {
        return Err(Diagnostic::error(rel, t!(m::CHANGED_DURING_BUILD)).with_help(t!(m::CHANGED_DURING_BUILD_HELP)));
    }
    let mut text = decode(bytes, rel)?;
    match text.get(place.start..) {
        Some(_) => {
            text.drain(..place.start);
            Ok(text)
        }
        // Only a bug can reach this: the same bytes decoded to the same text when it was read.
        None => Err(Diagnostic::error(rel, t!(m::CHANGED_DURING_BUILD)).with_help(t!(m::CHANGED_DURING_BUILD_HELP))),
    }
}

/// Decode file bytes; see [`read_text`].
pub fn decode(bytes: Vec<u8>, rel: &str) -> Result<String, Diagnostic> {
    if let Some(name) = utf16_bom(&bytes) {
        return Err(Diagnostic::error(rel, t!(m::UTF16, name = name))
            .at(1, 1)
            .code(crate::diagnostics::Code::Encoding)
            .with_help(t!(m::SAVE_AS_UTF8, name = name)));
    }
    let mut start = 0;
    while bytes[start..].starts_with(b"\xEF\xBB\xBF") {
        start += 3;
    }
    let bytes = if start > 0 { bytes[start..].to_vec() } else { bytes };
    match utf8_string(bytes) {
        // CommonMark: U+0000 is replaced by U+FFFD; it must never reach a page.
        Ok(text) if text.contains('\0') => Ok(normalize_newlines(text.replace('\0', "\u{FFFD}"))),
        Ok(text) => Ok(normalize_newlines(text)),
        Err(e) => Err(not_utf8(e.as_bytes(), e.utf8_error().valid_up_to(), rel)),
    }
}

/// `String::from_utf8`, checked with SIMD first: Chinese text is nearly all multi-byte
/// characters, where the standard check goes a character at a time, and a 100,000-article
/// site checks its 850 MB of sources twice and its 800 MB of set-aside bodies once (a tenth of
/// the build's time). Invalid bytes take the standard path, for its error's position.
pub fn utf8_string(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return String::from_utf8(bytes);
    }
    // SAFETY: simdutf8 has just checked that these very bytes are UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

fn utf16_bom(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => Some("UTF-16LE"),
        [0xFE, 0xFF, ..] => Some("UTF-16BE"),
        _ => None,
    }
}

fn normalize_newlines(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

fn not_utf8(bytes: &[u8], valid_up_to: usize, rel: &str) -> Diagnostic {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(Some(b"cn"), true);
    let name = match encoding.name() {
        "GBK" | "gb18030" => t!(m::GBK_NAME),
        other => other.to_string(),
    };
    let valid = String::from_utf8_lossy(&bytes[..valid_up_to]);
    let (line, col) = line_col(&valid, valid.len());
    Diagnostic::error(rel, t!(m::NOT_UTF8, name = name))
        .code(crate::diagnostics::Code::Encoding)
        .at(line, col)
        .with_help(t!(
            m::SAVE_AS_UTF8,
            name = if encoding.name() == "GBK" {
                "GB18030"
            } else {
                encoding.name()
            }
        ))
}

/// A file split into its YAML front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines, if the file has front matter.
    pub front_matter: Option<&'a str>,
    pub body: &'a str,
    /// Lines before the body starts, to turn body positions into file positions.
    pub body_line_offset: usize,
}

/// Split `---`-delimited front matter from the body. The YAML starts on line 2.
pub fn split_front_matter<'a>(text: &'a str, rel: &str) -> Result<Split<'a>, Diagnostic> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Ok(Split {
            front_matter: None,
            body: text,
            body_line_offset: 0,
        });
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut pos = yaml_start;
    let mut line_no = 1;
    while pos < text.len() {
        line_no += 1;
        let end = text[pos..].find('\n').map(|i| pos + i).unwrap_or(text.len());
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                front_matter: Some(&text[yaml_start..pos]),
                body: &text[body_start..],
                body_line_offset: line_no,
            });
        }
        pos = end + 1;
    }
    Err(Diagnostic::error(rel, t!(m::FRONT_MATTER_OPEN))
        .at(1, 1)
        .with_help(t!(m::FRONT_MATTER_OPEN_HELP)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_strings_are_checked_as_the_standard_library_checks_them() {
        let text = "惠民文化节 2024 ✓".repeat(50);
        assert_eq!(utf8_string(text.clone().into_bytes()).unwrap(), text);
        // GBK bytes after valid text: refused, with the standard error's position.
        let mut bytes = text.clone().into_bytes();
        bytes.extend_from_slice(&[0xbb, 0xdd, 0xc3, 0xf1]);
        let ours = utf8_string(bytes.clone()).unwrap_err();
        let std = String::from_utf8(bytes).unwrap_err();
        assert_eq!(ours.utf8_error().valid_up_to(), text.len());
        assert_eq!(ours.utf8_error(), std.utf8_error());
        assert!(utf8_string(vec![b'a', 0xe6, 0x83]).is_err(), "a character cut short");
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = decode(b"\xEF\xBB\xBF---\r\ntitle: x\r\n---\r\nbody\r\n".to_vec(), "a.md").unwrap();
        assert_eq!(text, "---\ntitle: x\n---\nbody\n");
    }

    #[test]
    fn a_body_is_read_again_from_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        let bytes = b"\xEF\xBB\xBF---\r\ntitle: x\r\n---\r\n\r\n\xE6\x96\x87\xE6\x97\x85\r\n".to_vec();
        std::fs::write(&file, &bytes).unwrap();
        let text = decode(bytes.clone(), "a.md").unwrap();
        let body = split_front_matter(&text, "a.md").unwrap().body;
        let place = Place::new(&bytes, text.len() - body.len());
        assert_eq!(read_again(&file, "a.md", &place).unwrap(), "\n文旅\n");
        // Same length, other bytes: the hash tells.
        std::fs::write(
            &file,
            bytes
                .iter()
                .map(|&b| if b == b'x' { b'y' } else { b })
                .collect::<Vec<u8>>(),
        )
        .unwrap();
        let d = read_again(&file, "a.md", &place).unwrap_err();
        assert!(d.is_error());
        assert_eq!(d.message, t!(m::CHANGED_DURING_BUILD));
        std::fs::write(&file, b"---\ntitle: x\n---\n").unwrap();
        assert_eq!(
            read_again(&file, "a.md", &place).unwrap_err().message,
            t!(m::CHANGED_DURING_BUILD)
        );
    }

    #[test]
    fn gbk_is_named() {
        let (gbk, _, _) = encoding_rs::GBK.encode("---\ntitle: 我与党旗合个影\n---\n这是一段用国标码保存的中文文章。");
        let d = decode(gbk.into_owned(), "a.md").unwrap_err();
        assert!(d.message.contains("GBK"), "{}", d.message);
        assert_eq!(d.line, 2);
    }

    #[test]
    fn splits_front_matter() {
        let s = split_front_matter("---\ntitle: x\n---\n\nbody", "a.md").unwrap();
        assert_eq!(s.front_matter, Some("title: x\n"));
        assert_eq!(s.body, "\nbody");
        assert_eq!(s.body_line_offset, 3);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split_front_matter("---\ntitle: x\nbody", "a.md").is_err());
        assert!(split_front_matter("---", "a.md").is_err());
        assert_eq!(split_front_matter("no fm", "a.md").unwrap().front_matter, None);
        assert_eq!(split_front_matter("---\n---\n", "a.md").unwrap().front_matter, Some(""));
    }
}
