//! The HTML policy for Markdown bodies: an allow-list, so whatever an editor pastes (or a
//! stolen account writes) cannot run script in a visitor's browser.
//!
//! The whole rendered body goes through [`clean`], not only the raw HTML pieces: a browser
//! reads the page as one document, and a `<a href="` in one raw piece could otherwise swallow
//! the markup pulldown-cmark wrote after it. So the allow-list also holds everything
//! pulldown-cmark writes (heading ids, footnotes, task-list checkboxes, table alignment,
//! code classes). Bodies without raw HTML never come here (see `markdown::needs_sanitising`).

use crate::site::links::unsafe_url_scheme;
use ammonia::Builder;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Elements kept (without the attributes the policy does not name). Written out rather than
/// taken from ammonia's defaults so an ammonia upgrade cannot widen the policy unnoticed.
#[rustfmt::skip]
const TAGS: &[&str] = &[
    // blocks
    "p", "div", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd", "figure", "figcaption", "details", "summary",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    // inline
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "img",
    "ins", "kbd", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong",
    "sub", "sup", "time", "u", "var", "wbr",
    // pulldown-cmark's task lists; always disabled, and a checkbox or typeless
    "input",
];

/// Elements removed together with everything inside them: their content is code, a
/// stylesheet, another page, or a form that could ask visitors for a password.
#[rustfmt::skip]
const REMOVED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "noscript", "template",
    "form", "button", "select", "textarea", "svg", "math",
];

/// Attributes allowed on every kept element. `id` carries heading and footnote anchors,
/// `class` footnote and code-language classes, `style` table alignment (filtered below).
const GENERIC_ATTRIBUTES: &[&str] = &["id", "class", "style", "lang", "dir", "title"];

/// Attributes allowed on particular elements. No `target`, `rel`, `srcset`, `ping` or `on*`.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height"]),
    ("td", &["colspan", "rowspan", "headers", "align"]),
    ("th", &["colspan", "rowspan", "headers", "scope", "align"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("blockquote", &["cite"]),
    ("q", &["cite"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    ("time", &["datetime"]),
    ("details", &["open"]),
    ("input", &["checked", "disabled"]),
];

/// CSS properties kept in `style`: layout-neutral ones an editor's paste from a word
/// processor uses. Nothing that takes a `url()`, positions a box over the page or hides it.
#[rustfmt::skip]
const STYLE_PROPERTIES: &[&str] = &[
    "text-align", "text-indent", "vertical-align", "font-weight", "font-style",
    "text-decoration", "color", "background-color",
];

/// Address schemes kept in `href` and `src`; relative addresses pass through. `data:` is
/// let through here only so [`filter_url`] can keep raster `data:image/...` in `<img>`.
const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "data"];

/// Elements that do not nest when written without their end tag (the parser closes the
/// previous one) or have no content; the [`Nesting`] count leaves them out.
#[rustfmt::skip]
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen",
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option",
    "optgroup", "rb", "rt", "rp", "rtc",
];

/// A cheap, linear estimate of how deeply raw HTML nests elements, fed piece by piece.
///
/// The HTML parser behind the sanitiser looks through the whole stack of open elements for
/// many tags, so its time grows with depth × tags (20,000 nested `<div>` take half a minute
/// in a debug build); bodies that go too deep are refused before they reach it. An end tag
/// closes everything opened after its element, as the parser does for a misnested `</div>`.
#[derive(Debug, Default)]
pub struct Nesting {
    open: Vec<String>,
    counts: HashMap<String, usize>,
}

impl Nesting {
    /// Elements open now.
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    /// Follow the tags of one piece of raw HTML; returns the deepest nesting inside it.
    pub fn feed(&mut self, html: &str) -> usize {
        let mut deepest = self.depth();
        let mut rest = html;
        while let Some(lt) = rest.find('<') {
            rest = &rest[lt + 1..];
            if let Some(comment) = rest.strip_prefix("!--") {
                rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
                continue;
            }
            let (closing, tag) = match rest.strip_prefix('/') {
                Some(t) => (true, t),
                None => (false, rest),
            };
            let len = tag.bytes().take_while(u8::is_ascii_alphanumeric).count();
            if len == 0 || !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let name = tag[..len].to_ascii_lowercase();
            rest = &tag[len..];
            if NOT_NESTING.contains(&name.as_str()) {
                continue;
            }
            if closing {
                self.close(&name);
            } else {
                *self.counts.entry(name.clone()).or_default() += 1;
                self.open.push(name);
                deepest = deepest.max(self.depth());
            }
        }
        deepest
    }

    /// `</name>`: close it and what was opened inside it; a stray end tag changes nothing.
    fn close(&mut self, name: &str) {
        if self.counts.get(name).is_none_or(|&n| n == 0) {
            return;
        }
        while let Some(top) = self.open.pop() {
            if let Some(n) = self.counts.get_mut(&top) {
                *n -= 1;
            }
            if top == name {
                break;
            }
        }
    }
}

/// Sanitise rendered HTML by the policy above.
pub fn clean(html: &str) -> String {
    policy().clean(html).to_string()
}

/// The policy, built once: the builder's sets are not free and bodies render in parallel.
fn policy() -> &'static Builder<'static> {
    static POLICY: OnceLock<Builder<'static>> = OnceLock::new();
    POLICY.get_or_init(build_policy)
}

/// Links get no `rel`: ammonia's default `noopener noreferrer` would land on every internal
/// and footnote link, while `target` is not allowed, so no page is opened that could reach
/// back through `window.opener`; and a bare `href` keeps sanitised pages like the others.
fn build_policy() -> Builder<'static> {
    let mut b = Builder::empty();
    b.tags(TAGS.iter().copied().collect())
        .clean_content_tags(REMOVED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(
            TAG_ATTRIBUTES
                .iter()
                .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect::<HashSet<_>>()))
                .collect(),
        )
        .tag_attribute_values(HashMap::from([(
            "input",
            HashMap::from([("type", HashSet::from(["checkbox"]))]),
        )]))
        // One forced attribute only: ammonia adds missing ones in hash order, and pages
        // must come out the same on every build.
        .set_tag_attribute_values(HashMap::from([("input", HashMap::from([("disabled", "")]))]))
        .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect())
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(filter_url);
    b
}

/// Drop an address that would run script, by the same rule Markdown links follow.
fn filter_url<'v>(element: &str, attribute: &str, value: &'v str) -> Option<Cow<'v, str>> {
    let is_url = matches!(attribute, "href" | "src" | "cite");
    let image = element == "img" && attribute == "src";
    if is_url && unsafe_url_scheme(value, image).is_some() {
        None
    } else {
        Some(Cow::Borrowed(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_builds_without_tripping_ammonia_checks() {
        // ammonia asserts its configuration is consistent on first use.
        assert_eq!(clean("<p>中文</p>"), "<p>中文</p>");
    }

    #[test]
    fn script_and_active_content_go() {
        for (dirty, clean_html) in [
            ("<script>alert(1)</script>正文", "正文"),
            ("<SCRIPT SRC=//x.cn/a.js></SCRIPT>正文", "正文"),
            ("<style>p{display:none}</style>正文", "正文"),
            ("<iframe src=\"https://x.cn/\">后备</iframe>正文", "正文"),
            ("<object data=\"a.swf\">后备</object>正文", "正文"),
            ("<embed src=\"a.swf\">正文", "正文"),
            ("<form action=\"https://x.cn/\">密码<input name=p></form>正文", "正文"),
            ("<svg onload=alert(1)><circle/></svg>正文", "正文"),
            ("<math><mi>x</mi></math>正文", "正文"),
            ("<noscript><p>x</p></noscript>正文", "正文"),
            ("<!-- 注释 -->正文", "正文"),
            ("<meta http-equiv=refresh content=\"0;url=https://x.cn/\">正文", "正文"),
            ("<base href=\"https://x.cn/\">正文", "正文"),
        ] {
            assert_eq!(clean(dirty), clean_html, "{dirty}");
        }
    }

    #[test]
    fn event_handlers_and_unknown_attributes_go() {
        assert_eq!(
            clean("<img src=\"a.png\" alt=\"图\" onerror=\"alert(1)\" srcset=\"b.png 2x\">"),
            "<img src=\"a.png\" alt=\"图\">"
        );
        assert_eq!(
            clean("<p onclick=alert(1) ONMOUSEOVER=alert(2) data-x=1>段</p>"),
            "<p>段</p>"
        );
        assert_eq!(
            clean("<a href=\"https://www.gov.cn/\" target=\"_blank\" rel=\"opener\">网</a>"),
            "<a href=\"https://www.gov.cn/\">网</a>"
        );
    }

    #[test]
    fn script_addresses_go_in_every_spelling() {
        for href in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "jav&#x09;ascript:alert(1)",
            "&#x01;javascript:alert(1)",
            "&#106;avascript&colon;alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "data:image/png;base64,iVBORw0KGgo=",
        ] {
            assert_eq!(clean(&format!("<a href=\"{href}\">点</a>")), "<a>点</a>", "{href}");
        }
        assert_eq!(
            clean("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\" alt=\"图\">"),
            "<img alt=\"图\">"
        );
        assert_eq!(
            clean("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"图\">"),
            "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"图\">"
        );
        assert_eq!(
            clean("<blockquote cite=\"javascript:alert(1)\">引</blockquote>"),
            "<blockquote>引</blockquote>"
        );
    }

    #[test]
    fn styles_keep_only_harmless_properties() {
        assert_eq!(
            clean("<p style=\"text-align: center; background: url(https://x.cn/a.png); position: fixed\">中</p>"),
            "<p style=\"text-align:center\">中</p>"
        );
        assert_eq!(
            clean("<span style=\"color: red; width: expression(alert(1))\">红</span>"),
            "<span style=\"color:red\">红</span>"
        );
        assert_eq!(
            clean("<span style=\"background-color: url(javascript:alert(1))\">x</span>"),
            "<span style=\"\">x</span>"
        );
    }

    #[test]
    fn editor_formatting_stays() {
        for html in [
            "<table><thead><tr><th colspan=\"2\">表头</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
            "<details open=\"\"><summary>展开</summary>内容</details>",
            "第一行<br>第二行",
            "m<sup>2</sup>，H<sub>2</sub>O，<kbd>Ctrl</kbd>，<mark>重点</mark>",
            "<img src=\"/images/a.png\" alt=\"照片\" width=\"300\">",
            "<ruby>惠<rt>huì</rt></ruby>",
            "<a href=\"/articles/a/#第一节\">内部</a>",
            "<a href=\"mailto:a@b.cn\">信</a>",
        ] {
            assert_eq!(clean(html), html);
        }
    }

    #[test]
    fn what_pulldown_cmark_writes_survives() {
        let markdown = "## 善于借力\n\n正文[^1]\n\n- [x] 完成\n- [ ] 未完成\n\n| 左 | 中 |\n|:---|:--:|\n| 1 | 2 |\n\n~~删~~\n\n```rust\nfn a() {}\n```\n\n[^1]: 说明\n";
        let html = crate::markdown::render_with(
            markdown,
            &crate::markdown::RenderOptions { unsafe_html: true },
            &mut |d, _| Ok(d.into()),
        )
        .0
        .html;
        let cleaned = clean(&html);
        for kept in [
            "<h2 id=\"善于借力\">善于借力</h2>",
            "<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>",
            "<div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup>",
            "<input disabled=\"\" type=\"checkbox\" checked=\"\">",
            "<input disabled=\"\" type=\"checkbox\">",
            "<th style=\"text-align:left\">左</th>",
            "<td style=\"text-align:center\">2</td>",
            "<del>删</del>",
            "<pre><code class=\"language-rust\">fn a() {}\n</code></pre>",
        ] {
            assert!(cleaned.contains(kept), "«{kept}» lost:\n{cleaned}");
        }
    }

    fn depth_of(pieces: &[&str]) -> usize {
        let mut n = Nesting::default();
        pieces.iter().map(|p| n.feed(p)).max().unwrap_or(0)
    }

    #[test]
    fn nesting_follows_open_and_end_tags() {
        assert_eq!(depth_of(&["<div><section><span>字</span></section></div>"]), 3);
        assert_eq!(depth_of(&["<div>", "<div>", "</div>", "<div>", "</div></div>"]), 2);
        assert_eq!(depth_of(&[&"<div>".repeat(300)]), 300);
        assert_eq!(depth_of(&[&"<div></div>".repeat(300)]), 1);
        // Misnested or unclosed tags the parser closes by itself do not add up.
        assert_eq!(depth_of(&[&"<div><span></div>".repeat(300)]), 2);
        assert_eq!(depth_of(&[&"<p>段<li>项<br><img src=a.png><td>格".repeat(300)]), 0);
        assert_eq!(depth_of(&["</div></span>", "<!-- <div><div> -->", "a < b, 1<2"]), 0);
        assert_eq!(depth_of(&["<DIV>", "</div>", "<Div>"]), 1);
    }

    #[test]
    fn any_input_is_disabled() {
        assert_eq!(
            clean("<input type=\"text\" name=\"password\" value=\"x\">"),
            "<input disabled=\"\">"
        );
        assert_eq!(
            clean("<input type=\"checkbox\" checked>"),
            "<input type=\"checkbox\" checked=\"\" disabled=\"\">"
        );
    }
}
