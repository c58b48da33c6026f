//! HTML and XML escaping, in one place. Templates escape through Tera's autoescape; these
//! are for markup built in code (the error overlay, SVG charts, feed fragments).

/// The five markup characters as entities; `'` as given (`&#39;` for HTML, `&apos;` for XML).
fn entity(c: char, apostrophe: &'static str) -> Option<&'static str> {
    Some(match c {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        '\'' => apostrophe,
        _ => return None,
    })
}

/// Escape text for HTML built outside templates.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match entity(c, "&#39;") {
            Some(e) => out.push_str(e),
            None => out.push(c),
        }
    }
    out
}

/// Escape text and attribute values; characters XML 1.0 forbids are dropped, line breaks
/// and tabs become spaces.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    xml_into(&mut out, s);
    out
}

/// [`xml`], appended to `out` (the sitemap escapes 16,000 addresses into one string).
pub fn xml_into(out: &mut String, s: &str) {
    // Most text (every address of a site) has nothing to escape: one byte scan, one copy.
    // Bytes from 0x80 start characters that may be U+FFFE/U+FFFF or C1 controls: per char.
    let plain = |b: &u8| b.is_ascii() && !b.is_ascii_control() && !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    if s.as_bytes().iter().all(plain) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match (entity(c, "&apos;"), c) {
            (Some(e), _) => out.push_str(e),
            (None, '\t' | '\n' | '\r') => out.push(' '),
            (None, c) if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {}
            (None, c) => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_drops_forbidden_characters_and_copies_plain_text() {
        assert_eq!(xml("articles/wo-yu-dang-qi/"), "articles/wo-yu-dang-qi/");
        assert_eq!(xml("a&b<c>\"d'e"), "a&amp;b&lt;c&gt;&quot;d&apos;e");
        assert_eq!(xml("行\t一\n二\u{1}\u{85}\u{fffe}三"), "行 一 二三");
        assert_eq!(xml("党建/引领"), "党建/引领");
    }
}
