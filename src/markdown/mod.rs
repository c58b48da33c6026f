//! Markdown to HTML with the rules Chinese text needs: CJK soft breaks vanish, Chinese
//! headings keep their text as ids, and reading time counts characters. Raw HTML goes
//! through the HTML policy ([`crate::markdown::sanitize`]) unless the site trusts its authors.

pub(crate) mod cjk;
mod raw_tags;
pub(crate) mod sanitize;

use crate::messages::output as msg;
use crate::site::links;
use crate::t;
use cjk::TextCount;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// One entry of a page's table of contents; `children` holds the next level down.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A rendered Markdown body and what templates and checks need to know about it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The HTML before `<!-- more -->`, when the editor marked one.
    pub summary_html: Option<String>,
    pub toc: Vec<TocEntry>,
    pub count: TextCount,
    /// The first ~120 characters of paragraph text, for automatic summaries.
    pub excerpt: String,
    /// Every heading id on the page, for anchor checks.
    pub anchors: Vec<String>,
    /// Every resolved link and image: (where in the source, URL), for anchor checks.
    pub links: Vec<(Spot, String)>,
    /// Where images are written without alt text: Markdown images, and raw `<img>` tags.
    pub images_without_alt: Vec<Spot>,
    pub raw_images_without_alt: Vec<Spot>,
    /// `*`/`**` runs shown literally because they touch Chinese punctuation, with the
    /// rewrite that works: (where, written, suggested).
    pub unpaired_emphasis: Vec<(Spot, String, String)>,
    /// Set when `html` was moved to the site's body file (`site::held`): (offset, length).
    pub stored: Option<(u64, usize)>,
}

/// A place in the Markdown text as (line, column), both from 1, as
/// [`LineIndex`](crate::diagnostics::LineIndex) counts them. Kept instead of byte offsets so
/// that the source text can be let go once it is rendered: on a 100,000-article site the
/// sources alone are 700 MB.
pub type Spot = (usize, usize);

/// A link or image destination as written, passed to the resolver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Link,
    Image,
}

/// A problem with a link, at a byte offset in the Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    pub offset: usize,
    pub message: String,
    pub help: Option<String>,
    /// The diagnostic code: `broken-link` (points nowhere), `unsafe-url` (would run script)
    /// or `html-too-deep` (nested too deeply to sanitise).
    pub code: crate::diagnostics::Code,
}

/// How a body is turned into HTML; `site.yaml`'s `markdown:` section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Publish raw HTML as written instead of sanitising it (`markdown.unsafe_html`).
    pub unsafe_html: bool,
}

/// Maps a destination to its output URL, or says why it points nowhere.
pub type Resolver<'r> = dyn FnMut(&str, LinkKind) -> Result<String, (String, Option<String>)> + 'r;

const SUMMARY_CHARS: usize = 120;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Render `text` with raw HTML sanitised; link destinations go through `resolve`,
/// problems come back with offsets. (Tests; the site renders through [`render_with`].)
#[cfg(test)]
pub fn render(text: &str, resolve: &mut Resolver) -> (Rendered, Vec<LinkProblem>) {
    render_with(text, &RenderOptions::default(), resolve)
}

/// [`render`] with the site's Markdown settings.
///
/// Only a body with raw HTML (or heading attributes, which can name `onclick`) goes through
/// the sanitiser, so the usual body is exactly what pulldown-cmark writes and costs nothing
/// more; the summary is sanitised on its own, being published on its own in lists and feeds.
pub fn render_with(text: &str, opts: &RenderOptions, resolve: &mut Resolver) -> (Rendered, Vec<LinkProblem>) {
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(text, options()).into_offset_iter().collect();
    join_cjk_soft_breaks(&mut events);
    let mut out = Rendered::default();
    let (flat_toc, anchors) = assign_heading_ids(&mut events);
    out.toc = nest_toc(flat_toc);
    out.anchors = anchors;
    let (mut problems, links, no_alt) = rewrite_links(&mut events, resolve);
    count_text(&events, &mut out);
    let emphasis = unpaired_emphasis(text, &events);
    if !(links.is_empty() && no_alt.is_empty() && emphasis.is_empty()) {
        let index = crate::diagnostics::LineIndex::new(text);
        out.links = links.into_iter().map(|(o, url)| (index.line_col(o), url)).collect();
        for (o, raw) in no_alt {
            let list = if raw {
                &mut out.raw_images_without_alt
            } else {
                &mut out.images_without_alt
            };
            list.push(index.line_col(o));
        }
        out.unpaired_emphasis = emphasis
            .into_iter()
            .map(|(o, written, suggested)| (index.line_col(o), written, suggested))
            .collect();
    }
    let mut sanitise = !opts.unsafe_html && needs_sanitising(&events);
    if sanitise {
        if let Some(offset) = too_deep(&events) {
            problems.push(too_deep_problem(offset));
            show_raw_html_as_text(&mut events);
            sanitise = false;
        }
    }
    let events: Vec<Event> = events.into_iter().map(|(e, _)| e).collect();
    if let Some(cut) = more_marker(&events) {
        let mut summary = String::new();
        pulldown_cmark::html::push_html(&mut summary, events[..cut].iter().cloned());
        out.summary_html = Some(if sanitise { sanitize::clean(&summary) } else { summary });
    }
    out.html.reserve(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    if sanitise {
        out.html = sanitize::clean(&out.html);
    }
    // Every body is held until its page is written: the reserve above must not stay.
    out.html.shrink_to_fit();
    (out, problems)
}

/// Whether the body holds something the HTML policy has to look at: raw HTML other than
/// the `<!-- more -->` marker, or a heading with `key=value` attributes, which
/// pulldown-cmark writes out as given (`{onclick=…}` included).
fn needs_sanitising(events: &[(Event, Range<usize>)]) -> bool {
    events.iter().any(|(e, _)| match e {
        Event::Html(h) | Event::InlineHtml(h) => !is_more_marker(h),
        Event::Start(Tag::Heading { attrs, .. }) => !attrs.is_empty(),
        _ => false,
    })
}

/// How deeply a body with raw HTML may nest elements (Markdown's and raw HTML's together).
///
/// The sanitiser's HTML parser takes time in proportion to depth × tags, so 20,000 nested
/// `<div>` would hold a build for minutes; no real page nests a tenth of this deep, and
/// browsers themselves stop nesting at 512.
pub const MAX_HTML_DEPTH: usize = 256;

/// Where a body with raw HTML first nests deeper than [`MAX_HTML_DEPTH`], if it does.
fn too_deep(events: &[(Event, Range<usize>)]) -> Option<usize> {
    let mut markdown_depth = 0usize;
    let mut raw = sanitize::Nesting::default();
    for (e, range) in events {
        let deepest = match e {
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => continue,
            Event::Start(_) => {
                markdown_depth += 1;
                markdown_depth + raw.depth()
            }
            Event::End(_) => {
                markdown_depth = markdown_depth.saturating_sub(1);
                continue;
            }
            Event::Html(h) | Event::InlineHtml(h) => markdown_depth + raw.feed(h),
            _ => continue,
        };
        if deepest > MAX_HTML_DEPTH {
            return Some(range.start);
        }
    }
    None
}

fn too_deep_problem(offset: usize) -> LinkProblem {
    LinkProblem {
        offset,
        message: t!(msg::HTML_TOO_DEEP, depth = MAX_HTML_DEPTH),
        help: Some(t!(msg::HTML_TOO_DEEP_HELP)),
        code: crate::diagnostics::Code::HtmlTooDeep,
    }
}

/// Publish raw HTML as visible text and drop heading attributes: safe without the sanitiser.
fn show_raw_html_as_text(events: &mut [(Event, Range<usize>)]) {
    for (e, _) in events.iter_mut() {
        match e {
            Event::Html(h) | Event::InlineHtml(h) if !is_more_marker(h) => *e = Event::Text(h.clone()),
            Event::Start(Tag::Heading { attrs, .. }) => attrs.clear(),
            _ => {}
        }
    }
}

/// `<!-- more -->`, the summary cut, alone in an HTML event.
fn is_more_marker(html: &str) -> bool {
    html.trim() == "<!-- more -->"
}

/// Render Markdown that has no links to resolve (titles, short fields); links are kept as
/// written, except script-running ones, which are blanked.
#[cfg(test)]
pub fn render_plain(text: &str) -> String {
    render(text, &mut |d: &str, _| Ok(d.to_string())).0.html
}

/// Drop a soft break whose nearest text on both sides is CJK: browsers would show it as a space.
pub fn join_cjk_soft_breaks(events: &mut Vec<(Event, Range<usize>)>) {
    let mut drop = vec![false; events.len()];
    for i in 0..events.len() {
        if !matches!(events[i].0, Event::SoftBreak) {
            continue;
        }
        let before = events[..i].iter().rev().find_map(|(e, _)| edge_char(e, true));
        let after = events[i + 1..].iter().find_map(|(e, _)| edge_char(e, false));
        if let (Some(Some(a)), Some(Some(b))) = (before, after) {
            if cjk::is_cjk(a) && cjk::is_cjk(b) {
                drop[i] = true;
            }
        }
    }
    let mut i = 0;
    events.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}

/// The last (or first) character of an inline text event; `Some(None)` stops the search.
fn edge_char(e: &Event, last: bool) -> Option<Option<char>> {
    match e {
        Event::Text(t) | Event::Code(t) if !t.is_empty() => {
            Some(if last { t.chars().last() } else { t.chars().next() })
        }
        Event::Text(_) | Event::Code(_) => None,
        Event::Start(tag) if is_inline(tag) => None,
        Event::End(end) if is_inline_end(end) => None,
        _ => Some(None),
    }
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Superscript | Tag::Subscript
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// Give every heading an id (its own text, kept in Chinese), unique on the page.
fn assign_heading_ids(events: &mut [(Event, Range<usize>)]) -> (Vec<(u8, String, String)>, Vec<String>) {
    let mut used = UniqueIds::default();
    let mut toc = Vec::new();
    let mut anchors = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = heading_level(*level);
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut title = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                    title.push_str(t);
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| heading_id(&title));
            let unique = used.claim(&base);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                *id = Some(CowStr::from(unique.clone()));
            }
            anchors.push(unique.clone());
            toc.push((level, unique, title.trim().to_string()));
            i = j;
        }
        i += 1;
    }
    (toc, anchors)
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `一、善于借力 Part 1` → `一善于借力-part-1`: letters and digits of any script, spaces as `-`.
pub fn heading_id(title: &str) -> String {
    let mut id = String::new();
    for c in title.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            id.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-') && !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() {
        "section".into()
    } else {
        id
    }
}

/// Heading ids already on the page, and for each base the next `-n` suffix to try.
///
/// Remembering the suffix keeps 20,000 `## 小结` linear: trying `-1`, `-2`, … from 1 for every
/// heading made such a page take minutes. The ids are the same as that search found (the
/// smallest free suffix), since suffixes below the remembered one stay taken.
#[derive(Default)]
struct UniqueIds {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl UniqueIds {
    /// `base` if it is free, else `base-n` with the smallest free n ≥ 1; now taken.
    fn claim(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next_suffix.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Nest a flat heading list: each entry takes the following deeper ones as children.
fn nest_toc(flat: Vec<(u8, String, String)>) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for (level, id, title) in flat {
        let entry = TocEntry {
            level,
            id,
            title,
            children: Vec::new(),
        };
        insert_toc(&mut root, entry);
    }
    root
}

fn insert_toc(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert_toc(&mut last.children, entry),
        _ => list.push(entry),
    }
}

/// Resolve every link and image, refusing script-running addresses first. Returns the
/// problems, the resolved links and the images without alt text, at byte offsets.
///
/// A refused address is also blanked, so it is not live even where errors do not stop
/// publishing; autolinks (`<https://…>`) are checked too but kept as written.
fn rewrite_links(events: &mut [(Event, Range<usize>)], resolve: &mut Resolver) -> LinksFound {
    let mut problems = Vec::new();
    let mut links = Vec::new();
    let mut no_alt = Vec::new();
    for i in 0..events.len() {
        if matches!(events[i].0, Event::Start(Tag::Image { .. })) && image_alt_is_empty(&events[i + 1..]) {
            no_alt.push((events[i].1.start, false));
        }
    }
    // An HTML comment open across the lines of an HTML block (images in it are not published).
    let mut in_comment = false;
    for (event, range) in events.iter_mut() {
        if let Event::Html(h) | Event::InlineHtml(h) = event {
            let found = resolve_raw_tags(
                h,
                range.start,
                resolve,
                &mut problems,
                &mut links,
                &mut no_alt,
                &mut in_comment,
            );
            if let Some(new) = found {
                *h = CowStr::from(new);
            }
            continue;
        }
        let (dest, kind, resolved) = match event {
            Event::Start(Tag::Link {
                link_type, dest_url, ..
            }) if *link_type != LinkType::Email => (dest_url, LinkKind::Link, *link_type != LinkType::Autolink),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, LinkKind::Image, true),
            _ => continue,
        };
        let problem = |(message, help), code| LinkProblem {
            offset: range.start,
            message,
            help,
            code,
        };
        if let Some(refused) = links::unsafe_url_error(dest, kind) {
            problems.push(problem(refused, crate::diagnostics::Code::UnsafeUrl));
            *dest = CowStr::from("");
            continue;
        }
        if !resolved {
            continue;
        }
        match resolve(dest, kind) {
            Ok(url) => {
                links.push((range.start, url.clone()));
                *dest = CowStr::from(url);
            }
            Err(e) => problems.push(problem(e, crate::diagnostics::Code::BrokenLink)),
        }
    }
    (problems, links, no_alt)
}

/// Problems, resolved links, and images without alt text (offset, whether a raw `<img>`).
type LinksFound = (Vec<LinkProblem>, Vec<(usize, String)>, Vec<(usize, bool)>);

/// Resolve the `src` of each `<img>` and the `href` of each `<a>` in a piece of raw HTML that
/// starts at `offset` in the source ([`raw_tags`]), like a Markdown image's and link's; the
/// HTML with the tags rewritten, if any. Offsets are of the tag, so problems point at the line
/// it is on.
fn resolve_raw_tags(
    html: &str,
    offset: usize,
    resolve: &mut Resolver,
    problems: &mut Vec<LinkProblem>,
    links: &mut Vec<(usize, String)>,
    no_alt: &mut Vec<(usize, bool)>,
    in_comment: &mut bool,
) -> Option<String> {
    let found = raw_tags::find(html, in_comment);
    if found.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut done = 0;
    for tag in found {
        let at = offset + tag.start;
        let kind = match tag.kind {
            raw_tags::Kind::Img => LinkKind::Image,
            raw_tags::Kind::Link => LinkKind::Link,
        };
        if kind == LinkKind::Image && !tag.has_alt {
            no_alt.push((at, true));
        }
        let Some((_, dest)) = &tag.url else { continue };
        let problem = |(message, help), code| LinkProblem {
            offset: at,
            message,
            help,
            code,
        };
        let refused = links::unsafe_url_error(dest, kind);
        if refused.is_some() && kind == LinkKind::Link {
            // Pasted HTML is full of `javascript:void(0)` links: the HTML policy removes them
            // (or, with `unsafe_html`, the site trusts them), as it always has.
            continue;
        }
        let url = if let Some(refused) = refused {
            problems.push(problem(refused, crate::diagnostics::Code::UnsafeUrl));
            String::new()
        } else {
            match resolve(dest, kind) {
                Ok(url) => {
                    links.push((at, url.clone()));
                    url
                }
                Err(e) => {
                    problems.push(problem(e, crate::diagnostics::Code::BrokenLink));
                    continue;
                }
            }
        };
        if kind == LinkKind::Link && url == *dest {
            continue; // A link kept as written (another site's, `#top`): so is its tag.
        }
        out.push_str(&html[done..tag.start]);
        out.push_str(&tag.with_url(html, &url));
        done = tag.end;
    }
    if done == 0 {
        return None;
    }
    out.push_str(&html[done..]);
    Some(out)
}

fn image_alt_is_empty(after: &[(Event, Range<usize>)]) -> bool {
    after
        .iter()
        .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Image)))
        .all(|(e, _)| !matches!(e, Event::Text(t) | Event::Code(t) if !t.trim().is_empty()))
}

/// `*` runs that CommonMark left as text because they touch CJK punctuation
/// (`这是**“党建引领”**品牌`, commonmark-spec issue 650).
pub fn unpaired_emphasis(text: &str, events: &[(Event, Range<usize>)]) -> Vec<(usize, String, String)> {
    let is_punct = |c: char| cjk::is_cjk(c) && !c.is_alphanumeric();
    // Byte positions of asterisks that reached the output as text (the parser may split a run).
    let mut stars: Vec<usize> = Vec::new();
    for (e, range) in events {
        if !matches!(e, Event::Text(t) if t.contains('*')) || range.end > text.len() {
            continue;
        }
        for (p, b) in text.as_bytes()[range.clone()].iter().enumerate() {
            let abs = range.start + p;
            if *b == b'*' && !(abs > 0 && text.as_bytes()[abs - 1] == b'\\') {
                stars.push(abs);
            }
        }
    }
    stars.sort_unstable();
    stars.dedup();
    let mut found = Vec::new();
    let mut i = 0;
    while i < stars.len() {
        let mut len = 1;
        while i + len < stars.len() && stars[i + len] == stars[i] + len {
            len += 1;
        }
        let abs = stars[i];
        i += len;
        let before = text[..abs].chars().next_back();
        let after = text[abs + len..].chars().next();
        let run = &text[abs..abs + len];
        let (written, suggested) = match (before, after) {
            (_, Some(a)) if is_punct(a) => (format!("{run}{a}"), format!("{a}{run}")),
            (Some(b), _) if is_punct(b) => (format!("{b}{run}"), format!("{run}{b}")),
            _ => continue,
        };
        found.push((abs, written, suggested));
    }
    found
}

fn count_text(events: &[(Event, Range<usize>)], out: &mut Rendered) {
    let mut para_text = String::new();
    let mut in_para = 0usize;
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) => {
                out.count.add(t);
                if in_para > 0 && para_text.len() < SUMMARY_CHARS * 8 {
                    para_text.push_str(t);
                }
            }
            Event::Start(Tag::Paragraph) => in_para += 1,
            Event::End(TagEnd::Paragraph) => {
                in_para = in_para.saturating_sub(1);
                para_text.push('\n');
            }
            Event::SoftBreak | Event::HardBreak if in_para > 0 => para_text.push('\n'),
            _ => {}
        }
    }
    out.excerpt = cjk::excerpt(&para_text, SUMMARY_CHARS);
}

/// Index of the `<!-- more -->` marker at the top level, if any.
fn more_marker(events: &[Event]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::HtmlBlock) => {}
            Event::End(TagEnd::HtmlBlock) => {}
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(h) | Event::InlineHtml(h) if depth <= 1 && is_more_marker(h) => {
                // Step back over the HtmlBlock start so the summary is well-formed.
                let cut = if i > 0 && matches!(events[i - 1], Event::Start(Tag::HtmlBlock)) {
                    i - 1
                } else {
                    i
                };
                return Some(if depth == 1 {
                    end_of_paragraph_before(events, cut)
                } else {
                    cut
                });
            }
            _ => {}
        }
    }
    None
}

/// An inline `<!-- more -->` inside a paragraph cuts after that paragraph.
fn end_of_paragraph_before(events: &[Event], i: usize) -> usize {
    events[i..]
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
        .map(|p| i + p + 1)
        .unwrap_or(events.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        render_plain(md)
    }

    #[test]
    fn cjk_soft_break_disappears() {
        assert_eq!(html("中\n文"), "<p>中文</p>\n");
        assert_eq!(html("hello\nworld"), "<p>hello\nworld</p>\n");
        assert_eq!(html("中文\nword"), "<p>中文\nword</p>\n");
        assert_eq!(html("党建，\n引领"), "<p>党建，引领</p>\n");
        assert_eq!(html("**加粗**\n文字"), "<p><strong>加粗</strong>文字</p>\n");
    }

    #[test]
    fn headings_keep_chinese_and_are_unique() {
        let (r, _) = render("## 善于借力\n\n## 善于借力\n\n### Part One\n", &mut |d, _| {
            Ok(d.into())
        });
        assert!(r.html.contains(r#"<h2 id="善于借力">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="善于借力-1">"#));
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[1].children[0].id, "part-one");
    }

    fn ids(md: &str) -> Vec<String> {
        render(md, &mut |d, _| Ok(d.into())).0.anchors
    }

    #[test]
    fn repeated_headings_get_the_same_ids_as_before() {
        assert_eq!(ids("## 小结\n\n## 小结\n\n## 小结\n"), ["小结", "小结-1", "小结-2"]);
        assert_eq!(
            ids("## 小结\n\n## 小结 {#小结-1}\n\n## 小结\n\n## 小结\n"),
            ["小结", "小结-1", "小结-2", "小结-3"]
        );
        assert_eq!(
            ids("## 小结 {#小结-2}\n\n## 小结\n\n## 小结\n\n## 小结\n"),
            ["小结-2", "小结", "小结-1", "小结-3"]
        );
        assert_eq!(ids("## a\n\n## a-1\n\n## a\n\n## a-1\n"), ["a", "a-1", "a-2", "a-1-1"]);
        assert_eq!(
            ids("## 小结\n\n## 小结\n\n## 小结 {#小结}\n"),
            ["小结", "小结-1", "小结-2"]
        );
    }

    #[test]
    fn unique_ids_match_a_search_from_one() {
        let bases = ["a", "a-1", "a", "b", "a-2", "a", "a-1", "a", "a-3-1", "a-3", "a"];
        let mut fast = UniqueIds::default();
        let mut used: HashSet<String> = HashSet::new();
        for base in bases {
            let mut slow = base.to_string();
            let mut n = 1;
            while used.contains(&slow) {
                slow = format!("{base}-{n}");
                n += 1;
            }
            used.insert(slow.clone());
            assert_eq!(fast.claim(base), slow, "{base}");
        }
    }

    #[test]
    fn raw_html_is_sanitised_unless_allowed() {
        let md = "<script>alert(1)</script>\n\n段落<b onclick=\"x\">粗</b>\n";
        assert_eq!(html(md), "\n<p>段落<b>粗</b></p>\n");
        let (r, _) = render_with(md, &RenderOptions { unsafe_html: true }, &mut |d, _| Ok(d.into()));
        assert_eq!(
            r.html,
            "<script>alert(1)</script>\n<p>段落<b onclick=\"x\">粗</b></p>\n"
        );
    }

    #[test]
    fn only_raw_html_other_than_the_more_marker_needs_the_sanitiser() {
        let needs = |md: &str| {
            let events: Vec<_> = Parser::new_ext(md, options()).into_offset_iter().collect();
            needs_sanitising(&events)
        };
        assert!(!needs(
            "## 标题 {#id .class}\n\n正文 [链接](a.md) `<b>`\n\n<!-- more -->\n\n正文 &lt;b&gt;\n"
        ));
        assert!(!needs("第一段<!-- more -->\n"));
        assert!(needs("<!-- 注释 -->\n"));
        assert!(needs("行内<br>换行\n"));
        assert!(needs("<div>\n块\n</div>\n"));
        assert!(needs("## 标题 {onclick=alert(1)}\n"));
    }

    #[test]
    fn nesting_too_deep_for_the_sanitiser_is_refused_quickly() {
        for md in [
            format!("开头\n\n{}\n", "<div>".repeat(20_000)),
            format!("开头<span>{}</span>\n", "<b><i>".repeat(20_000)),
            format!("{}<br>\n", "> ".repeat(300)),
        ] {
            let started = std::time::Instant::now();
            let (r, p) = render(&md, &mut |d, _| Ok(d.into()));
            assert!(
                started.elapsed() < std::time::Duration::from_secs(2),
                "{:?}",
                started.elapsed()
            );
            assert_eq!(p.len(), 1);
            assert_eq!(p[0].code, crate::diagnostics::Code::HtmlTooDeep);
            assert!(!r.html.contains("<div>") && !r.html.contains("<b>") && !r.html.contains("<br>"));
        }
        let fine = format!("{}深{}\n", "<div>".repeat(200), "</div>".repeat(200));
        let (r, p) = render(&fine, &mut |d, _| Ok(d.into()));
        assert!(p.is_empty());
        assert!(r.html.contains("<div><div>深</div></div>"));
    }

    #[test]
    fn the_summary_is_sanitised_too() {
        let md = "第一段<img src=x onerror=alert(1)>\n\n<!-- more -->\n\n第二段。\n";
        let (r, _) = render(md, &mut |d, _| Ok(d.into()));
        assert_eq!(r.summary_html.as_deref(), Some("<p>第一段<img src=\"x\"></p>\n"));
        assert!(!r.html.contains("onerror"), "{}", r.html);
    }

    #[test]
    fn heading_attributes_cannot_carry_handlers() {
        let out = html("## 标题 {#t .note onclick=alert(1)}\n");
        assert_eq!(out, "<h2 id=\"t\" class=\"note\">标题</h2>\n");
    }

    #[test]
    fn script_links_are_refused_and_blanked() {
        let md = "[a](javascript:alert(1)) <JaVaScRiPt:alert(2)> ![b](data:image/svg+xml,x) [c](missing.md)";
        let (r, p) = render(md, &mut |d, _| {
            if d == "missing.md" {
                Err(("not found".into(), None))
            } else {
                Ok(d.into())
            }
        });
        let found: Vec<(&str, crate::diagnostics::Code)> =
            p.iter().map(|p| (&md[p.offset..p.offset + 2], p.code)).collect();
        assert_eq!(
            found,
            [
                ("[a", crate::diagnostics::Code::UnsafeUrl),
                ("<J", crate::diagnostics::Code::UnsafeUrl),
                ("![", crate::diagnostics::Code::UnsafeUrl),
                ("[c", crate::diagnostics::Code::BrokenLink)
            ]
        );
        assert_eq!(
            r.html,
            "<p><a href=\"\">a</a> <a href=\"\">JaVaScRiPt:alert(2)</a> <img src=\"\" alt=\"b\" /> <a href=\"missing.md\">c</a></p>\n"
        );
        assert!(r.links.is_empty(), "refused addresses are not recorded as links");
    }

    #[test]
    fn summary_before_more_marker() {
        let (r, _) = render("第一段。\n\n<!-- more -->\n\n第二段。\n", &mut |d, _| {
            Ok(d.into())
        });
        assert_eq!(r.summary_html.as_deref(), Some("<p>第一段。</p>\n"));
        assert!(r.html.contains("第二段"));
    }

    #[test]
    fn links_are_resolved_and_problems_located() {
        let md = "见[这里](a.md)和[那里](missing.md)。";
        let (r, p) = render(md, &mut |d, _| {
            if d == "a.md" {
                Ok("/articles/a/".into())
            } else {
                Err(("not found".into(), None))
            }
        });
        assert!(r.html.contains(r#"href="/articles/a/""#));
        assert_eq!(p.len(), 1);
        assert_eq!(&md[p[0].offset..p[0].offset + 1], "[");
    }

    #[test]
    fn raw_html_images_are_resolved_and_problems_located() {
        let md = "正文\n\n<p align=\"center\"><img alt=\"合影\" src=\"img/a.jpg\"></p>\n\n文字<IMG SRC='b.jpg'>。\n";
        let mut asked = Vec::new();
        let (r, p) = render(md, &mut |d, kind| {
            asked.push((d.to_string(), kind));
            match d {
                "img/a.jpg" => Ok("/articles/x/img/a.jpg".into()),
                _ => Err(("not found".into(), None)),
            }
        });
        assert_eq!(
            asked,
            [("img/a.jpg".into(), LinkKind::Image), ("b.jpg".into(), LinkKind::Image)]
        );
        assert!(
            r.html.contains(r#"<img src="/articles/x/img/a.jpg" alt="合影">"#),
            "{}",
            r.html
        );
        assert_eq!(r.links, [((3, 19), "/articles/x/img/a.jpg".to_string())]);
        assert_eq!(p.len(), 1);
        assert_eq!(&md[p[0].offset..p[0].offset + 4], "<IMG");
        assert_eq!(r.raw_images_without_alt, [(5, 3)]);
        assert!(r.images_without_alt.is_empty());
        // Commented out over several lines of an HTML block: not published, not resolved.
        let (_, p) = render("<!--\n<img src=\"gone.jpg\">\n-->\n\n正文\n", &mut |d, _| {
            Err((format!("asked for {d}"), None))
        });
        assert!(p.is_empty(), "{:?}", p.iter().map(|x| &x.message).collect::<Vec<_>>());
    }

    #[test]
    fn raw_html_links_are_resolved_like_markdown_links() {
        let md = "见<a href=\"../2023/hechang.md#jiemu\" title=\"合唱\">合唱节</a>。\n\n\
                  <p><A HREF='missing.md'>旧稿</A> <a href=\"https://www.gov.cn/\" rel=x>外站</a> \
                  <a name=\"top\">锚</a> <abbr title=\"a\">缩</abbr></p>\n\n\
                  <a href=\"javascript:alert(1)\">坏</a>\n";
        let mut asked = Vec::new();
        let (r, p) = render(md, &mut |d, kind| {
            asked.push((d.to_string(), kind));
            match d {
                "../2023/hechang.md#jiemu" => Ok("/articles/hechang/#jiemu".into()),
                "https://www.gov.cn/" => Ok(d.into()),
                _ => Err(("not found".into(), None)),
            }
        });
        assert_eq!(
            asked,
            [
                ("../2023/hechang.md#jiemu".into(), LinkKind::Link),
                ("missing.md".into(), LinkKind::Link),
                ("https://www.gov.cn/".into(), LinkKind::Link),
            ]
        );
        assert!(
            r.html
                .contains(r#"<a href="/articles/hechang/#jiemu" title="合唱">合唱节</a>"#),
            "{}",
            r.html
        );
        assert!(r.html.contains("https://www.gov.cn/"), "{}", r.html);
        assert_eq!(
            r.links,
            [
                ((1, 2), "/articles/hechang/#jiemu".to_string()),
                ((3, 32), "https://www.gov.cn/".to_string())
            ]
        );
        // The missing page, at its tag; the script address is left to the HTML policy.
        assert_eq!(p.len(), 1, "{:?}", p.iter().map(|x| &x.message).collect::<Vec<_>>());
        assert_eq!(&md[p[0].offset..p[0].offset + 2], "<A");
        assert!(r.raw_images_without_alt.is_empty(), "links need no alt text");
    }

    #[test]
    fn emphasis_next_to_cjk_punctuation_is_found() {
        let md = "这是**“党建引领”**品牌";
        let (r, _) = render(md, &mut |d, _| Ok(d.into()));
        assert!(r.html.contains("**"), "CommonMark leaves it literal: {}", r.html);
        assert_eq!(r.unpaired_emphasis.len(), 2);
        assert_eq!(r.unpaired_emphasis[0], ((1, 3), "**“".into(), "“**".into()));
        assert_eq!(r.unpaired_emphasis[1].2, "**”");
        let (ok, _) = render("这是“**党建引领**”品牌，\\*不算", &mut |d, _| {
            Ok(d.into())
        });
        assert!(ok.html.contains("<strong>"));
        assert!(ok.unpaired_emphasis.is_empty(), "{:?}", ok.unpaired_emphasis);
    }

    #[test]
    fn images_without_alt_are_found() {
        let (r, _) = render("![](a.png) ![有说明](b.png)", &mut |d, _| Ok(d.into()));
        assert_eq!(r.images_without_alt, vec![(1, 1)]);
        let (r, _) = render("第一行\n\n文字 ![](a.png)", &mut |d, _| Ok(d.into()));
        assert_eq!(r.images_without_alt, vec![(3, 4)], "line and column in characters");
    }

    #[test]
    fn extensions_are_on() {
        let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~删~~\n\n- [x] 完成\n\n脚注[^1]\n\n[^1]: 说明\n");
        assert!(out.contains("<table>"));
        assert!(out.contains("<del>"));
        assert!(out.contains("checkbox"));
        assert!(out.contains("footnote"));
    }

    #[test]
    fn excerpt_and_reading_time() {
        let (r, _) = render(&format!("# 标题\n\n{}\n", "字".repeat(500)), &mut |d, _| Ok(d.into()));
        assert_eq!(r.count.cjk_chars, 502);
        assert_eq!(r.count.reading_minutes(), 2);
        assert_eq!(r.excerpt.chars().count(), 121);
    }

    #[test]
    fn twenty_thousand_repeated_headings_render_in_linear_time() {
        let text = "## 小结\n\n".repeat(20_000);
        let started = std::time::Instant::now();
        let (rendered, problems) = render(&text, &mut |d, _| Ok(d.to_string()));
        let took = started.elapsed();
        assert!(problems.is_empty());
        assert_eq!(rendered.anchors.len(), 20_000);
        assert_eq!(rendered.anchors[..3], ["小结", "小结-1", "小结-2"]);
        assert_eq!(rendered.anchors[19_999], "小结-19999");
        // A quadratic search takes tens of seconds here; the linear one a few milliseconds.
        assert!(took < std::time::Duration::from_secs(2), "took {took:?}");
    }
}
