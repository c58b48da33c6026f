//! Site-wide checks that need every body rendered: anchors, and the warnings an editor
//! should see before publishing (drafts, future dates, heavy images, missing alt text…).

use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::messages::site as m;
use crate::paths::rel_path;
use crate::site::assemble::front_line;
use crate::site::model::Activity;
use crate::site::model::{Page, Site};
use crate::t;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Images above this size get a warning: phone visitors on slow links wait for them.
pub const LARGE_IMAGE_BYTES: u64 = 1024 * 1024;
/// Articles with more words than this and no summary get a warning.
pub const LONG_ARTICLE_WORDS: usize = 1500;

/// A body and where it sits in its file.
pub struct Body<'a> {
    pub source: &'a str,
    line_offset: usize,
    /// Record bodies are indented block scalars: columns there would mislead.
    columns: bool,
    pub rendered: &'a Rendered,
    /// Site path of the page the body is on.
    pub path: &'a str,
}

fn bodies(site: &Site) -> Vec<Body<'_>> {
    site.articles
        .iter()
        .chain(&site.pages)
        .chain(&site.home)
        .map(page_body)
        .chain(site.activities.iter().map(activity_body))
        .collect()
}

pub fn page_body(p: &Page) -> Body<'_> {
    Body {
        source: &p.source,
        line_offset: p.body_line_offset,
        columns: true,
        rendered: &p.rendered,
        path: &p.path,
    }
}

pub fn activity_body(a: &Activity) -> Body<'_> {
    Body {
        source: &a.source,
        line_offset: a.body_line_offset,
        columns: false,
        rendered: &a.rendered,
        path: &a.path,
    }
}

impl Body<'_> {
    fn at(&self, d: Diagnostic, (line, col): crate::markdown::Spot) -> Diagnostic {
        d.at(line + self.line_offset, if self.columns { col } else { 0 })
    }
}

/// `#anchor` links that point at no heading, on this page or another content page.
pub fn anchors(site: &Site) -> Vec<Diagnostic> {
    let all = bodies(site);
    let by_path: HashMap<&str, &Rendered> = all.iter().map(|b| (b.path, b.rendered)).collect();
    anchors_in(site, &all, |path| by_path.get(path).copied())
}

/// The anchor problems of some bodies; `page` finds the rendered body at a site path.
pub fn anchors_in<'a>(
    site: &Site,
    bodies: &[Body<'a>],
    page: impl Fn(&str) -> Option<&'a Rendered>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // Each target page's headings as a set, made on first use: a page with 100,000 anchor
    // links must not scan a list per link.
    let mut sets: HashMap<*const Rendered, HashSet<&str>> = HashMap::new();
    for b in bodies {
        for (spot, url) in &b.rendered.links {
            let Some((path, anchor)) = url.split_once('#') else {
                continue;
            };
            if anchor.is_empty() || url.contains("://") {
                continue;
            }
            let target = if path.is_empty() {
                Some(b.rendered)
            } else {
                path.strip_prefix(site.base.path.as_str()).and_then(&page)
            };
            let Some(target) = target else { continue };
            let anchor = crate::paths::percent_decode(anchor);
            let set = sets
                .entry(target as *const Rendered)
                .or_insert_with(|| target.anchors.iter().map(String::as_str).collect());
            if set.contains(anchor.as_str()) {
                continue;
            }
            let known: Vec<String> = target.anchors.iter().take(8).map(|a| format!("#{a}")).collect();
            let help = if known.is_empty() {
                t!(m::ANCHOR_NO_HEADINGS)
            } else {
                t!(m::ANCHOR_HEADINGS, headings = known.join(" "))
            };
            let d = Diagnostic::error(b.source, t!(m::BROKEN_ANCHOR, url = url))
                .with_help(help)
                .code(crate::diagnostics::Code::BrokenAnchor);
            diags.push(b.at(d, *spot));
        }
    }
    diags
}

/// Problems that do not stop the build but that an editor should fix or know about.
pub fn warnings(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in &site.articles {
        out.extend(article_warnings(site, a));
    }
    for b in bodies(site) {
        out.extend(body_warnings(&b));
    }
    out.extend(large_images(site));
    out
}

/// Warnings about an article's front matter against its body: future date, no summary.
pub fn article_warnings(site: &Site, a: &Page) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(date) = &a.meta.date {
        if date.day > site.today {
            out.push(
                Diagnostic::warning(&a.source, t!(m::FUTURE_DATE, date = date.iso()))
                    .at(front_line(a, "date"), 1)
                    .with_help(t!(m::FUTURE_DATE_HELP))
                    .code(crate::diagnostics::Code::FutureDate),
            );
        }
    }
    let no_summary = a.meta.summary.is_none() && a.rendered.summary_html.is_none();
    if no_summary && a.rendered.count.words() > LONG_ARTICLE_WORDS {
        out.push(
            Diagnostic::warning(&a.source, t!(m::NO_SUMMARY))
                .at(1, 1)
                .with_help(t!(m::NO_SUMMARY_HELP))
                .code(crate::diagnostics::Code::NoSummary),
        );
    }
    out
}

/// Warnings about a Markdown body: images without alt text, emphasis CommonMark ignores.
pub fn body_warnings(b: &Body<'_>) -> Vec<Diagnostic> {
    let r = b.rendered;
    let mut out = Vec::new();
    if r.images_without_alt.is_empty() && r.raw_images_without_alt.is_empty() && r.unpaired_emphasis.is_empty() {
        return out;
    }
    let markdown = r.images_without_alt.iter().map(|s| (s, t!(m::NO_ALT_HELP)));
    let raw = r.raw_images_without_alt.iter().map(|s| (s, t!(m::NO_ALT_RAW_HELP)));
    let mut missing: Vec<_> = markdown.chain(raw).collect();
    missing.sort_by_key(|(spot, _)| **spot);
    for (&spot, help) in missing {
        let d = Diagnostic::warning(b.source, t!(m::NO_ALT))
            .with_help(help)
            .code(crate::diagnostics::Code::MissingAlt);
        out.push(b.at(d, spot));
    }
    for (spot, written, suggested) in &r.unpaired_emphasis {
        let d = Diagnostic::warning(b.source, t!(m::CJK_EMPHASIS, written = written))
            .with_help(t!(m::CJK_EMPHASIS_HELP, suggested = suggested))
            .code(crate::diagnostics::Code::CjkEmphasis);
        out.push(b.at(d, *spot));
    }
    out
}

fn large_images(site: &Site) -> Vec<Diagnostic> {
    let assets = site
        .articles
        .iter()
        .chain(&site.pages)
        .chain(&site.home)
        .flat_map(|p| p.assets.iter().map(|(s, _)| s.as_path()))
        .chain(
            site.activities
                .iter()
                .flat_map(|a| a.assets.iter().map(|(s, _)| s.as_path())),
        )
        .chain(site.static_files.iter().map(|f| f.source.as_path()));
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for path in assets {
        if !is_image(path) || !seen.insert(path.to_path_buf()) {
            continue;
        }
        let Ok(meta) = std::fs::metadata(path) else { continue };
        if meta.len() > LARGE_IMAGE_BYTES {
            out.push(
                Diagnostic::warning(
                    rel_path(&site.root, path),
                    t!(m::LARGE_IMAGE, mb = format!("{:.1}", meta.len() as f64 / 1048576.0)),
                )
                .with_help(t!(m::LARGE_IMAGE_HELP))
                .code(crate::diagnostics::Code::LargeImage),
            );
        }
    }
    out
}

fn is_image(p: &Path) -> bool {
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "jpg" | "jpeg" | "png" | "gif" | "webp" | "bmp" | "tif" | "tiff" | "heic"
    )
}
