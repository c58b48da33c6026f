//! `<img>` tags written as raw HTML, as editors paste them from WeChat-style editors
//! (`<p align="center"><img src="img/合影.jpg"></p>`). Found here so that their `src` is
//! resolved like a Markdown image's: the photo is published (resized, without its metadata),
//! and a missing file is a located error instead of a broken picture on the public site.

/// One `<img …>` tag in a piece of raw HTML (byte offsets into it).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct RawImg {
    /// The tag, from `<` to just after `>`.
    pub start: usize,
    pub end: usize,
    /// The `src` attribute (from its name to the end of its value) and its value as written.
    pub src: Option<(std::ops::Range<usize>, String)>,
    /// Whether it has a non-empty `alt`.
    pub has_alt: bool,
}

impl RawImg {
    /// The tag with `src` set to `url` and written first, double-quoted, as huimin writes the
    /// `<img>` of a Markdown image (so the picture rewrite finds it); other attributes stay.
    pub fn with_src(&self, html: &str, url: &str) -> String {
        let (before, after) = match &self.src {
            Some((r, _)) => (&html[self.start + 4..r.start], &html[r.end..self.end]),
            None => (&html[self.start + 4..self.end], ""),
        };
        let rest = format!("{}{}", before.trim_end(), after);
        let rest = if rest.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/') {
            rest
        } else {
            format!(" {rest}")
        };
        format!("<img src=\"{}\"{rest}", crate::escape::html(url))
    }
}

/// Every `<img>` tag in `html`, with its `src` and whether it has an `alt`. `in_comment`
/// carries an HTML comment open at the end of one piece into the next (an HTML block comes
/// as one piece per line).
pub(super) fn find(html: &str, in_comment: &mut bool) -> Vec<RawImg> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    if *in_comment {
        match html.find("-->") {
            Some(e) => {
                *in_comment = false;
                from = e + 3;
            }
            None => return out,
        }
    }
    while let Some(i) = find_tag(html, from, in_comment) {
        let mut at = i + 4;
        let mut src = None;
        let mut has_alt = false;
        loop {
            while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
                at += 1;
            }
            if at >= bytes.len() || bytes[at] == b'>' {
                break;
            }
            let name_start = at;
            while at < bytes.len() && !matches!(bytes[at], b'=' | b'>' | b'/') && !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let name = html[name_start..at].to_ascii_lowercase();
            let mut value = String::new();
            let mut probe = at;
            while probe < bytes.len() && bytes[probe].is_ascii_whitespace() {
                probe += 1;
            }
            if probe < bytes.len() && bytes[probe] == b'=' {
                at = probe + 1;
                while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                let (v_start, v_end, next) = match bytes.get(at) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[at + 1..].find(q as char).map_or(bytes.len(), |e| at + 1 + e);
                        (at + 1, end, (end + 1).min(bytes.len()))
                    }
                    _ => {
                        let end = html[at..]
                            .find(|c: char| c.is_whitespace() || c == '>')
                            .map_or(bytes.len(), |e| at + e);
                        (at, end, end)
                    }
                };
                value = html[v_start..v_end].to_string();
                at = next;
            }
            match name.as_str() {
                "src" if src.is_none() => src = Some((name_start..at, value.replace("&amp;", "&"))),
                "alt" => has_alt = !value.trim().is_empty(),
                _ => {}
            }
        }
        let end = (at + 1).min(bytes.len());
        out.push(RawImg {
            start: i,
            end,
            src,
            has_alt,
        });
        from = end;
    }
    out
}

/// The next `<img` followed by a space, `/` or `>`, any case, outside comments (an image
/// an editor commented out is not published, so its file need not exist).
fn find_tag(html: &str, from: usize, in_comment: &mut bool) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(i) = html[at..].find('<').map(|i| i + at) {
        if html[i..].starts_with("<!--") {
            match html[i + 4..].find("-->") {
                Some(e) => at = i + 4 + e + 3,
                None => {
                    *in_comment = true;
                    return None;
                }
            }
            continue;
        }
        let name = bytes.get(i + 1..i + 4)?;
        let next = bytes.get(i + 4).copied().unwrap_or(b'>');
        if name.eq_ignore_ascii_case(b"img") && (next.is_ascii_whitespace() || next == b'/' || next == b'>') {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_src_and_alt_however_written() {
        let html = r#"<p align="center"><IMG alt='舞台' SRC = img/a.jpg width=300/><img src="b.png?x=1&amp;y=2"></p><imgx src="c">"#;
        let found = find(html, &mut false);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].src.as_ref().map(|s| s.1.as_str()), Some("img/a.jpg"));
        assert!(found[0].has_alt);
        assert_eq!(
            &html[found[0].start..found[0].end],
            "<IMG alt='舞台' SRC = img/a.jpg width=300/>"
        );
        assert_eq!(found[1].src.as_ref().map(|s| s.1.as_str()), Some("b.png?x=1&y=2"));
        assert!(!found[1].has_alt);
    }

    #[test]
    fn src_is_rewritten_first_and_the_rest_kept() {
        let html = r#"<img alt="舞台" src='img/a.jpg' width="300">"#;
        let f = &find(html, &mut false)[0];
        assert_eq!(
            f.with_src(html, "/a/img/a.jpg"),
            r#"<img src="/a/img/a.jpg" alt="舞台" width="300">"#
        );
        let html = r#"<img src="a.jpg">"#;
        assert_eq!(
            find(html, &mut false)[0].with_src(html, "/x&y.jpg"),
            r#"<img src="/x&amp;y.jpg">"#
        );
    }

    #[test]
    fn images_in_comments_are_left_alone() {
        let html = "<!-- <img src=\"old.jpg\"> --><img src=\"new.jpg\"><!-- <img src=\"x\">";
        let mut open = false;
        let found = find(html, &mut open);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].src.as_ref().map(|s| s.1.as_str()), Some("new.jpg"));
        assert!(open, "the last comment is still open");
        // The next line of the same HTML block: inside the comment until `-->`.
        assert!(find("<img src=\"still.jpg\">", &mut open).is_empty() && open);
        let after = find("--> <img src=\"after.jpg\">", &mut open);
        assert_eq!(after.len(), 1);
        assert!(!open);
    }

    #[test]
    fn broken_tags_end_the_search_without_panicking() {
        for html in [
            "<img",
            "<img src=",
            "<img src=\"a.jpg",
            "<img alt='x",
            "<im",
            "<img/",
            "<!--",
            "<!-- <img",
        ] {
            let _ = find(html, &mut false);
        }
    }
}
