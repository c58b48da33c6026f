//! `<img>` and `<a>` tags written as raw HTML, as editors paste them from WeChat-style editors
//! (`<p align="center"><img src="img/合影.jpg"></p>`, `<a href="../2023/chorus.md">`). Found
//! here so that an image's `src` and a link's `href` are resolved like a Markdown image's and
//! link's: the photo is published (resized, without its metadata), a link to another article
//! gets its web address, and a missing file or page is a located error instead of a broken
//! picture or link on the public site.

/// Which tag, and so which attribute holds its address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `<img src>`.
    Img,
    /// `<a href>`.
    Link,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Img => "img",
            Kind::Link => "a",
        }
    }

    fn attribute(self) -> &'static str {
        match self {
            Kind::Img => "src",
            Kind::Link => "href",
        }
    }
}

/// One `<img …>` or `<a …>` tag in a piece of raw HTML (byte offsets into it).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct RawTag {
    pub kind: Kind,
    /// The tag, from `<` to just after `>`.
    pub start: usize,
    pub end: usize,
    /// The address attribute (`src`, `href`: from its name to the end of its value) and its
    /// value as written.
    pub url: Option<(std::ops::Range<usize>, String)>,
    /// Whether it has a non-empty `alt` (images).
    pub has_alt: bool,
}

impl RawTag {
    /// The tag with its address set to `url` and written first, double-quoted, as huimin
    /// writes the `<img>` of a Markdown image (so the picture rewrite finds it); other
    /// attributes stay.
    pub fn with_url(&self, html: &str, url: &str) -> String {
        let name = self.kind.name();
        let after_name = self.start + 1 + name.len();
        let (before, after) = match &self.url {
            Some((r, _)) => (&html[after_name..r.start], &html[r.end..self.end]),
            None => (&html[after_name..self.end], ""),
        };
        let rest = format!("{}{}", before.trim_end(), after);
        let rest = if rest.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/') {
            rest
        } else {
            format!(" {rest}")
        };
        let attribute = self.kind.attribute();
        format!("<{name} {attribute}=\"{}\"{rest}", crate::escape::html(url))
    }
}

/// Every `<img>` and `<a>` tag in `html`, with its address and whether it has an `alt`.
/// `in_comment` carries an HTML comment open at the end of one piece into the next (an HTML
/// block comes as one piece per line).
pub(super) fn find(html: &str, in_comment: &mut bool) -> Vec<RawTag> {
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
    while let Some((i, kind)) = find_tag(html, from, in_comment) {
        let mut at = i + 1 + kind.name().len();
        let mut url = None;
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
            if name == kind.attribute() && url.is_none() {
                url = Some((name_start..at, value.replace("&amp;", "&")));
            } else if name == "alt" {
                has_alt = !value.trim().is_empty();
            }
        }
        let end = (at + 1).min(bytes.len());
        out.push(RawTag {
            kind,
            start: i,
            end,
            url,
            has_alt,
        });
        from = end;
    }
    out
}

/// The next `<img` or `<a` followed by a space, `/` or `>`, any case, outside comments (an
/// image an editor commented out is not published, so its file need not exist).
fn find_tag(html: &str, from: usize, in_comment: &mut bool) -> Option<(usize, Kind)> {
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
        for kind in [Kind::Img, Kind::Link] {
            let len = kind.name().len();
            let Some(name) = bytes.get(i + 1..i + 1 + len) else {
                continue;
            };
            let next = bytes.get(i + 1 + len).copied().unwrap_or(b'>');
            if name.eq_ignore_ascii_case(kind.name().as_bytes())
                && (next.is_ascii_whitespace() || next == b'/' || next == b'>')
            {
                return Some((i, kind));
            }
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
        assert_eq!(found[0].url.as_ref().map(|s| s.1.as_str()), Some("img/a.jpg"));
        assert!(found[0].has_alt);
        assert_eq!(
            &html[found[0].start..found[0].end],
            "<IMG alt='舞台' SRC = img/a.jpg width=300/>"
        );
        assert_eq!(found[1].url.as_ref().map(|s| s.1.as_str()), Some("b.png?x=1&y=2"));
        assert!(!found[1].has_alt);
    }

    #[test]
    fn finds_links_but_not_other_tags_starting_with_a() {
        let html = r#"<abbr title="x">缩</abbr><A Href = "b.md" title='t'>b</A><a>空</a><article><a
href=c.md>c</a>"#;
        let found = find(html, &mut false);
        let urls: Vec<(Kind, Option<&str>)> = found
            .iter()
            .map(|t| (t.kind, t.url.as_ref().map(|u| u.1.as_str())))
            .collect();
        assert_eq!(
            urls,
            [
                (Kind::Link, Some("b.md")),
                (Kind::Link, None),
                (Kind::Link, Some("c.md"))
            ]
        );
        assert_eq!(
            found[0].with_url(html, "/articles/b/"),
            r#"<a href="/articles/b/" title='t'>"#
        );
    }

    #[test]
    fn src_is_rewritten_first_and_the_rest_kept() {
        let html = r#"<img alt="舞台" src='img/a.jpg' width="300">"#;
        let f = &find(html, &mut false)[0];
        assert_eq!(
            f.with_url(html, "/a/img/a.jpg"),
            r#"<img src="/a/img/a.jpg" alt="舞台" width="300">"#
        );
        let html = r#"<img src="a.jpg">"#;
        assert_eq!(
            find(html, &mut false)[0].with_url(html, "/x&y.jpg"),
            r#"<img src="/x&amp;y.jpg">"#
        );
    }

    #[test]
    fn images_in_comments_are_left_alone() {
        let html = "<!-- <img src=\"old.jpg\"> --><img src=\"new.jpg\"><!-- <img src=\"x\">";
        let mut open = false;
        let found = find(html, &mut open);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].url.as_ref().map(|s| s.1.as_str()), Some("new.jpg"));
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
