//! Site search: which rendered pages are indexed, in which shard, and each shard's Pagefind
//! bundle (README, "Search").
//!
//! Pagefind costs about 0.9 MB of memory per Chinese page while one index is built, so a big
//! site is cut into shards of at most [`MAX_SHARD`] pages, each its own Pagefind index under
//! `search/pagefind/<shard>/`, built one after another and merged in the browser with
//! `mergeIndex` (newest first, and only as far as a query needs: `themes/default/static/search.js`).
//! A page's shard is its year (undated pages share the shard `pages`); a year with more pages
//! than [`MAX_SHARD`] is split by a hash of each page's address, so an edit, a new article or a
//! new year leaves the other shards' text, and so their cached bundles ([`cache`]), as they were.
//!
//! What is indexed: the `<main>` element of each article, activity and page (about, contact),
//! never the header, nav, footer or the 适老化 controls; inside it the theme marks the indexed
//! part with `data-pagefind-body` and the filters with `data-pagefind-filter`. Lists and term
//! pages are left out: they repeat titles, and would rank above the pages themselves.

pub(crate) mod cache;
#[cfg(feature = "search")]
mod index;

use crate::output::{Content, OutputFile};
use crate::site::model::Site;
use crate::site::routes::Route;
use chrono::Datelike;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::sync::Mutex;

/// Where the bundles go, under the output folder.
pub const BUNDLE_DIR: &str = "search/pagefind/";

/// The most pages one Pagefind index holds. Memory grows ~0.9 MB and indexing time ~10 ms of
/// CPU per Chinese page, and an edit re-indexes its whole shard: 500 keeps a one-article
/// rebuild about 5 s of CPU over the unchanged one (1,500 cost 13 s and 1.6 GiB).
pub const MAX_SHARD: usize = 500;

/// [`MAX_SHARD`], or `HUIMIN_SEARCH_SHARD` when set (benchmarks, and machines with little memory).
pub fn max_shard() -> usize {
    std::env::var("HUIMIN_SEARCH_SHARD")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(MAX_SHARD)
}

/// The Pagefind release the bundles are built with; part of every cache key. A test checks
/// it against the `version` of a built bundle's `pagefind-entry.json`.
pub const PAGEFIND_VERSION: &str = "1.6.0";

/// Whether this build has search: compiled in and not turned off by `search: false`.
pub fn enabled(site: &Site) -> bool {
    cfg!(feature = "search") && site.config.search
}

/// One Pagefind index.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Shard {
    /// Folder name under [`BUNDLE_DIR`]: `pages`, `2024`, `2024-2`.
    pub key: String,
    /// The year its pages are from (none for undated pages).
    pub year: Option<i32>,
    /// Site-relative folder of the bundle: `search/pagefind/2024/`.
    pub path: String,
    pub pages: usize,
}

/// Which page goes in which shard, in the order the browser loads them.
#[derive(Debug, Default)]
pub struct Plan {
    pub shards: Vec<Shard>,
    /// Output file (`articles/x/index.html`) → index into `shards`.
    by_file: FxHashMap<String, usize>,
}

/// The shards of a site: undated pages first, then the years newest first.
pub fn plan(site: &Site, routes: &[Route]) -> Plan {
    if !enabled(site) {
        return Plan::default();
    }
    // (year, file) of every indexed page.
    let mut pages: Vec<(Option<i32>, String)> = Vec::new();
    for &r in routes {
        let year = match r {
            Route::Article(i) => site.articles[i].meta.date.as_ref().map(|d| d.day.year()),
            Route::Page(i) => site.pages[i].meta.date.as_ref().map(|d| d.day.year()),
            Route::Activity(i) => Some(site.activities[i].record.date.day.year()),
            _ => continue,
        };
        let year = if matches!(r, Route::Page(_)) { None } else { year };
        pages.push((year, crate::paths::output_file(&r.path(site))));
    }
    let mut by_year: std::collections::BTreeMap<std::cmp::Reverse<Option<i32>>, Vec<String>> = Default::default();
    for (y, f) in pages {
        by_year.entry(std::cmp::Reverse(y)).or_default().push(f);
    }
    let mut plan = Plan::default();
    // Undated pages lead, then the years newest first.
    let mut groups: Vec<(Option<i32>, Vec<String>)> = by_year.into_iter().map(|(y, f)| (y.0, f)).collect();
    groups.sort_by_key(|(y, _)| (y.is_some(), std::cmp::Reverse(*y)));
    let max = max_shard();
    for (year, files) in groups {
        let parts = files.len().div_ceil(max).max(1);
        let mut split: Vec<Vec<String>> = vec![Vec::new(); parts];
        for f in files {
            let part = if parts == 1 {
                0
            } else {
                (stable_hash(&f) % parts as u64) as usize
            };
            split[part].push(f);
        }
        let base = year.map_or_else(|| "pages".to_string(), |y| y.to_string());
        for (p, files) in split.into_iter().enumerate().filter(|(_, f)| !f.is_empty()) {
            let key = if p == 0 {
                base.clone()
            } else {
                format!("{base}-{}", p + 1)
            };
            let index = plan.shards.len();
            plan.shards.push(Shard {
                path: format!("{BUNDLE_DIR}{key}/"),
                key,
                year,
                pages: files.len(),
            });
            plan.by_file.extend(files.into_iter().map(|f| (f, index)));
        }
    }
    plan
}

impl Plan {
    /// The output files of the indexed pages.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.by_file.keys().map(String::as_str)
    }
}

/// A `nav:` link to `/search/` on a site without search is a broken link, as the page it
/// names is not made (`search: false`, or a huimin built without the `search` feature).
pub fn check_nav(site: &Site) -> Vec<crate::diagnostics::Diagnostic> {
    use crate::messages::search as m;
    if enabled(site) {
        return Vec::new();
    }
    let search = site.base.link("search/");
    site.config
        .nav
        .iter()
        .enumerate()
        .filter(|(_, n)| {
            let url = if n.url.starts_with('/') {
                site.base.link(&n.url)
            } else {
                n.url.clone()
            };
            let path = url.split(['?', '#']).next().unwrap_or_default();
            path == search || path == search.trim_end_matches('/') || path == format!("{search}index.html")
        })
        .map(|(i, n)| {
            let pos = site.config.spans.item("nav", i);
            crate::diagnostics::Diagnostic::error("site.yaml", crate::t!(m::NAV_NO_SEARCH, url = n.url))
                .at(pos.line, pos.col)
                .code(crate::diagnostics::Code::BrokenLink)
                .with_help(crate::t!(m::NAV_NO_SEARCH_HELP))
        })
        .collect()
}

/// FNV-1a: the same on every platform and release, unlike `DefaultHasher`.
fn stable_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The indexed part of pages as they are rendered, by shard.
pub struct Collector<'a> {
    plan: &'a Plan,
    language: String,
    base_path: String,
    pages: Vec<Mutex<Vec<(String, String)>>>,
}

impl<'a> Collector<'a> {
    pub fn new(plan: &'a Plan, site: &Site) -> Self {
        Self::for_language(plan, &site.config.language, &site.base.link(""))
    }

    pub fn for_language(plan: &'a Plan, language: &str, base_path: &str) -> Self {
        Collector {
            plan,
            language: language.to_ascii_lowercase(),
            base_path: base_path.to_string(),
            pages: plan.shards.iter().map(|_| Mutex::new(Vec::new())).collect(),
        }
    }

    /// Keep the `<main>` of `file` if it is an indexed page. Written into one string sized
    /// for it: a copy per step (lossy decoding, the block ends, the document around it) was a
    /// seventh of a rebuild with nothing changed.
    pub fn take(&self, file: &OutputFile) {
        let Some(&shard) = self.plan.by_file.get(&file.path) else {
            return;
        };
        let Content::Bytes(bytes) = &file.content else { return };
        // Rendered pages are UTF-8; a theme's odd bytes are kept readable rather than refused.
        let html = match simdutf8::basic::from_utf8(bytes) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        let main = truncate(main_element(&html), MAX_PAGE_BYTES);
        let url = format!("{}{}", self.base_path, file.path.trim_end_matches("index.html"));
        let mut doc = String::with_capacity(main.len() + main.len() / 8 + 64);
        doc.push_str("<!DOCTYPE html><html lang=\"");
        doc.push_str(&self.language);
        doc.push_str("\"><body>");
        if self.language.starts_with("zh") {
            push_block_ends(&mut doc, main);
        } else {
            doc.push_str(main);
        }
        doc.push_str("</body></html>");
        if let Ok(mut v) = self.pages[shard].lock() {
            v.push((url, doc));
        }
    }

    /// Build (or take from the cache) every shard's bundle, as output files.
    pub fn finish(&self, root: &std::path::Path, use_cache: bool) -> Result<(Vec<OutputFile>, Report), String> {
        let mut files = Vec::new();
        let mut report = Report::default();
        // Keys on both cores: each hashes its shard's whole text.
        let keyed: Vec<(Vec<(String, String)>, String)> = self
            .pages
            .par_iter()
            .map(|pages| {
                let mut pages = pages.lock().map(|mut v| std::mem::take(&mut *v)).unwrap_or_default();
                pages.sort_unstable();
                let key = cache::key(&self.language, &pages);
                (pages, key)
            })
            .collect();
        for (i, (shard, (pages, key))) in self.plan.shards.iter().zip(keyed).enumerate() {
            let stored = use_cache.then(|| cache::load(root, &shard.key, &key)).flatten();
            let bundle: Vec<(String, Content)> = match stored {
                Some(files) => {
                    report.cached += 1;
                    copies(files)
                }
                None => {
                    let b = build_bundle(&self.language, &pages)?;
                    report.indexed += 1;
                    report.indexed_pages += pages.len();
                    // Published from the cache when it could be written, so the next build sees
                    // the same modification times; a cache that cannot be written only costs
                    // time at the next build.
                    match cache::store(root, &shard.key, &key, &b) {
                        Ok(files) => copies(files),
                        Err(_) => b.into_iter().map(|(n, bytes)| (n, Content::Bytes(bytes))).collect(),
                    }
                }
            };
            drop(pages);
            for (name, content) in bundle {
                // The scripts and the wasm come from the first shard only: merged indexes
                // use the primary's.
                if i > 0 && is_script(&name) {
                    continue;
                }
                files.push(OutputFile {
                    path: format!("{}{name}", shard.path),
                    content,
                });
            }
        }
        Ok((files, report))
    }
}

fn copies(files: Vec<(String, std::path::PathBuf)>) -> Vec<(String, Content)> {
    files.into_iter().map(|(n, p)| (n, Content::Copy(p))).collect()
}

/// The bundle of every shard as output files; a failure of Pagefind is an error on
/// `site.yaml` (where search can be turned off).
pub fn write(
    collector: &Collector,
    root: &std::path::Path,
    use_cache: bool,
) -> Result<Vec<OutputFile>, Vec<crate::diagnostics::Diagnostic>> {
    use crate::messages::search as m;
    match collector.finish(root, use_cache) {
        Ok((files, _)) => Ok(files),
        Err(e) => Err(vec![crate::diagnostics::Diagnostic::error(
            "site.yaml",
            crate::t!(m::INDEX_FAILED, error = e),
        )
        .with_help(crate::t!(m::INDEX_FAILED_HELP))]),
    }
}

/// What `/search/` needs: the bundles in load order and the filters' choices.
#[derive(Debug, serde::Serialize)]
pub struct View {
    /// The bundle folders, in the order the browser merges them.
    pub shards: Vec<ShardView>,
    /// Years with indexed pages, newest first.
    pub years: Vec<i32>,
    /// Category names (articles and activities), as the `category` filter holds them.
    pub categories: Vec<String>,
    pub has_tags: bool,
    pub has_categories: bool,
    pub has_activities: bool,
}

#[derive(Debug, serde::Serialize)]
pub struct ShardView {
    pub url: String,
    /// Empty for the undated pages.
    pub year: String,
    pub pages: usize,
}

pub fn view(site: &Site) -> View {
    let plan = plan(site, &crate::site::routes::all(site));
    let mut years: Vec<i32> = plan.shards.iter().filter_map(|s| s.year).collect();
    years.dedup();
    View {
        shards: plan
            .shards
            .iter()
            .map(|s| ShardView {
                url: site.base.link(&s.path),
                year: s.year.map(|y| y.to_string()).unwrap_or_default(),
                pages: s.pages,
            })
            .collect(),
        years,
        categories: site.categories.iter().map(|c| c.name.clone()).collect(),
        has_tags: !site.tags.is_empty(),
        has_categories: !site.categories.is_empty(),
        has_activities: !site.activities.is_empty(),
    }
}

/// What a build's search did (`--verbose`).
#[derive(Debug, Default)]
pub struct Report {
    pub indexed: usize,
    pub indexed_pages: usize,
    pub cached: usize,
}

fn is_script(name: &str) -> bool {
    name == "pagefind.js" || name == "pagefind-worker.js" || name.starts_with("wasm.")
}

/// Bundle files Pagefind makes that huimin's search page does not use (its own UIs).
pub fn is_unused(name: &str) -> bool {
    name.starts_with("pagefind-ui.")
        || name.starts_with("pagefind-modular-ui.")
        || name.starts_with("pagefind-component-ui.")
        || name.starts_with("pagefind-highlight.")
        || name.starts_with("playground/")
}

#[cfg(feature = "search")]
fn build_bundle(language: &str, pages: &[(String, String)]) -> Result<Vec<(String, Vec<u8>)>, String> {
    index::build(language, pages)
}

#[cfg(not(feature = "search"))]
fn build_bundle(_: &str, _: &[(String, String)]) -> Result<Vec<(String, Vec<u8>)>, String> {
    Ok(Vec::new())
}

/// The most of one page's HTML that is indexed: the first ~80,000 characters of Chinese. Pagefind's
/// time grows fast with a page's length (a 5 MB article would take minutes), and a search needs
/// no more of a page than its beginning to find it.
pub const MAX_PAGE_BYTES: usize = 256 * 1024;

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Closing tags of blocks: Pagefind's `SENTENCE_SELECTORS`, and the blocks it glues to the
/// next one (a record's `<dt>时间</dt><dd>…</dd>` read 「时间2024年4月12日地点…」).
const BLOCK_ENDS: [&str; 17] = [
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "td",
    "div",
    "ul",
    "li",
    "article",
    "section",
    "dt",
    "dd",
    "th",
    "figcaption",
];

/// `html` pushed onto `out` with an ideographic space (U+3000) before each closing tag of a
/// block. Pagefind ends a block whose last character is a letter with ". " so that excerpts
/// read as sentences; in Chinese that put a Western full stop in every result (「演讲比赛.
/// 十六名选手」). After a space it adds none: search results read 「演讲比赛　十六名选手」,
/// 「时间　2024年4月12日　地点」.
fn push_block_ends(out: &mut String, html: &str) {
    let mut done = 0;
    for at in memchr::memmem::find_iter(html.as_bytes(), b"</") {
        let name = &html.as_bytes()[at + 2..];
        let len = name.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if BLOCK_ENDS
            .iter()
            .any(|b| b.as_bytes().eq_ignore_ascii_case(&name[..len]))
        {
            out.push_str(&html[done..at]);
            out.push('\u{3000}');
            done = at;
        }
    }
    out.push_str(&html[done..]);
}

/// The `<main …>…</main>` element of a page, or the whole page when it has none (a theme of
/// the site's own).
pub fn main_element(html: &str) -> &str {
    let bytes = html.as_bytes();
    match (
        memchr::memmem::find(bytes, b"<main"),
        memchr::memmem::rfind(bytes, b"</main>"),
    ) {
        (Some(a), Some(b)) if a < b => &html[a..b + "</main>".len()],
        _ => html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_only() {
        let page = "<header>页眉</header><main id=\"main\"><h1>标题</h1></main><footer>页脚</footer>";
        assert_eq!(main_element(page), "<main id=\"main\"><h1>标题</h1></main>");
        assert_eq!(main_element("<p>无</p>"), "<p>无</p>");
    }

    #[test]
    fn blocks_end_with_a_space_for_pagefind() {
        let ends = |html: &str| {
            let mut out = String::from("前");
            push_block_ends(&mut out, html);
            out
        };
        assert_eq!(
            ends("<h1>标题</h1><P>正文<strong>重</strong></P><pre>代码</pre><dl><dd>3 场</dd></dl>"),
            "前<h1>标题\u{3000}</h1><P>正文<strong>重</strong>\u{3000}</P><pre>代码</pre><dl><dd>3 场\u{3000}</dd></dl>"
        );
        // `</p` is not `</pre`; a closing tag at the very end, or a lone `</`, is safe.
        assert_eq!(ends("<span>文</span></pre>"), "前<span>文</span></pre>");
        assert_eq!(ends("文</p"), "前文\u{3000}</p");
        assert_eq!(ends("文</"), "前文</");
    }

    #[test]
    fn long_pages_are_cut_on_a_character() {
        assert_eq!(truncate("文化馆", 4), "文");
        assert_eq!(truncate("文化", 6), "文化");
    }

    #[test]
    fn hash_is_stable() {
        // Shards of a split year depend on it: it must never change between releases.
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
