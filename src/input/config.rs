//! `site.yaml`: the site's settings, validated as strictly as content, every mistake at once.

use crate::diagnostics::Diagnostic;
use crate::input::yaml::{self, Fields, Spans};
use crate::messages::content as m;
use crate::site::model::Taxonomy;
use crate::t;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The site configuration as written by the administrator.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: String,
    pub theme: String,
    pub paginate: usize,
    pub nav: Vec<NavItem>,
    pub footer: Footer,
    /// The brand's pillars; when given, `pillar:` in content must name one of them.
    pub pillars: Vec<Pillar>,
    /// `/atom.xml`: how many articles and whether entries carry the whole text.
    pub feed: Feed,
    /// How Markdown bodies are turned into HTML.
    pub markdown: MarkdownConfig,
    /// `images:`: widths, quality, originals ([`crate::images::Settings`]).
    pub images: crate::images::Settings,
    /// `search: false` turns off the search bundle and the `/search/` page (README, "Search").
    pub search: bool,
    /// Web addresses chosen for terms whose pinyin would clash or be empty
    /// (`term_slugs: {tags: {C++: cpp, C#: csharp}}`), by taxonomy.
    pub term_slugs: BTreeMap<&'static str, BTreeMap<String, String>>,
    pub extra: serde_json::Value,
    /// Where each key was written.
    pub spans: Spans,
}

pub const CONFIG_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "paginate",
    "nav",
    "footer",
    "pillars",
    "feed",
    "markdown",
    "images",
    "search",
    "term_slugs",
    "extra",
];

impl Config {
    /// The slug an administrator chose for a term, if any.
    pub fn term_slug(&self, t: Taxonomy, name: &str) -> Option<&str> {
        self.term_slugs.get(t.key())?.get(name).map(String::as_str)
    }
}

/// `markdown:` in site.yaml.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MarkdownConfig {
    /// Publish raw HTML in Markdown as written instead of sanitising it. Only for sites that
    /// trust every author: a pasted `<script>` then runs in every visitor's browser.
    pub unsafe_html: bool,
}

/// Settings of the Atom feed.
#[derive(Debug, Clone, Serialize)]
pub struct Feed {
    /// Newest articles in the feed.
    pub limit: usize,
    /// `summary` (the part before `<!-- more -->`, or `summary:`) or `full` (the whole article).
    pub content: FeedContent,
}

impl Default for Feed {
    fn default() -> Self {
        Feed {
            limit: 20,
            content: FeedContent::Summary,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedContent {
    #[default]
    Summary,
    Full,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub name: String,
    pub url: String,
}

/// Fields Chinese public-sector sites must show in their footer.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Footer {
    /// 主办单位
    pub organizer: String,
    /// 联系方式
    pub contact: String,
    /// ICP备案号, linked to the MIIT filing system.
    pub icp_filing: String,
    /// 公安机关备案号
    pub police_filing: String,
    /// 网站标识码, also emitted as `<meta name="SiteIDCode">`.
    pub site_code: String,
    pub extra: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pillar {
    pub name: String,
    pub description: String,
    /// URL slug; pinyin of the name when absent.
    pub slug: Option<String>,
}

/// A base URL split into the parts output needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://wlj.example.gov.cn` (no trailing slash).
    pub origin: String,
    /// `/dangjian/` or `/`: every site link starts with it.
    pub path: String,
}

impl BaseUrl {
    /// Parse a site address, or say what is wrong with it.
    pub fn parse(s: &str) -> Option<BaseUrl> {
        Self::check(s).ok()
    }

    /// Parse with the WHATWG URL parser: http or https, a valid host and port, no user name
    /// or password (they would be printed on every page), no query or fragment.
    pub fn check(s: &str) -> Result<BaseUrl, String> {
        let s = s.trim();
        if !s.contains("://") {
            return Err(t!(m::URL_NO_SCHEME));
        }
        let url = url::Url::parse(s).map_err(|e| t!(m::URL_INVALID, error = e))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(t!(m::URL_SCHEME, scheme = url.scheme()));
        }
        let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
            return Err(t!(m::URL_NO_HOST));
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err(t!(m::URL_CREDENTIALS));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(t!(m::URL_QUERY));
        }
        let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
        let mut path = url.path().to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl {
            origin: format!("{}://{host}{port}", url.scheme()),
            path,
        })
    }

    /// Site-relative path (`articles/x/`) to the link used in pages (`/dangjian/articles/x/`).
    pub fn link(&self, rel: &str) -> String {
        format!("{}{}", self.path, rel.trim_start_matches('/'))
    }

    /// Site-relative path to an absolute URL for feeds, sitemaps and canonical links.
    pub fn absolute(&self, rel: &str) -> String {
        format!("{}{}", self.origin, self.link(rel))
    }
}

const EXAMPLE: &str = "  title: 某某市文化和旅游局\n  base_url: https://wlj.example.gov.cn/";

/// Parse `site.yaml` text; `file` is its path relative to the root.
pub fn parse(text: &str, file: &str) -> Result<(Config, BaseUrl), Vec<Diagnostic>> {
    let origin = yaml::Origin { file, line_offset: 0 };
    let (node, problems) = yaml::parse_one(text, origin).map_err(|d| vec![d])?;
    let errors = RefCell::new(problems);
    let parsed = Fields::new(file, &node, &errors, "site.yaml", EXAMPLE).map(read);
    let errors = errors.into_inner();
    match parsed {
        Some((config, Some(base))) if errors.is_empty() => Ok((config, base)),
        _ => Err(errors),
    }
}

fn read(mut f: Fields) -> (Config, Option<BaseUrl>) {
    let title = f.required_text("title", "某某市文化和旅游局").unwrap_or_default();
    let base_url = f.required_text("base_url", "https://wlj.example.gov.cn/");
    let base = base_url.as_deref().and_then(|u| match BaseUrl::check(u) {
        Ok(b) => Some(b),
        Err(why) => {
            f.error_at(
                "base_url",
                t!(m::BASE_URL_UNUSABLE, url = u, why = why),
                t!(m::BASE_URL_HELP),
            );
            None
        }
    });
    let paginate = match f.get("paginate") {
        Some(_) => f.count("paginate"),
        None => Some(10),
    };
    if paginate == Some(0) {
        f.error_at("paginate", t!(m::PAGINATE_ZERO), t!(m::PAGINATE_ZERO_HELP));
    }
    let mut config = Config {
        title,
        description: f.text("description").unwrap_or_default(),
        base_url: base_url.unwrap_or_default(),
        language: f.text("language").unwrap_or_else(|| "zh-CN".into()),
        theme: f.text("theme").unwrap_or_else(|| "default".into()),
        paginate: paginate.unwrap_or(10).clamp(1, 100_000) as usize,
        nav: nav(&mut f),
        footer: footer(&mut f),
        pillars: pillars(&mut f),
        feed: feed(&mut f),
        markdown: markdown(&mut f),
        images: images(&mut f),
        search: f.get("search").is_none() || f.flag("search"),
        term_slugs: term_slugs(&mut f),
        extra: f.any("extra"),
        spans: Spans::default(),
    };
    config.spans = f.finish(CONFIG_KEYS);
    (config, base)
}

fn nav(f: &mut Fields) -> Vec<NavItem> {
    let example = "  nav:\n    - name: 首页\n      url: /";
    let mut out = Vec::new();
    for mut item in f.maps("nav", example) {
        let name = item.required_text("name", "首页");
        let url = item.required_text("url", "/");
        if let Some(u) = &url {
            if let Some(scheme) = crate::site::links::unsafe_url_scheme(u, false) {
                item.error_at(
                    "url",
                    t!(m::NAV_UNSAFE, url = u, scheme = scheme),
                    t!(m::NAV_UNSAFE_HELP),
                );
            }
        }
        item.finish(&["name", "url"]);
        if let (Some(name), Some(url)) = (name, url) {
            out.push(NavItem { name, url });
        }
    }
    out
}

fn footer(f: &mut Fields) -> Footer {
    let Some(mut m) = f.map("footer") else {
        return Footer::default();
    };
    let footer = Footer {
        organizer: m.text("organizer").unwrap_or_default(),
        contact: m.text("contact").unwrap_or_default(),
        icp_filing: m.text("icp_filing").unwrap_or_default(),
        police_filing: m.text("police_filing").unwrap_or_default(),
        site_code: m.text("site_code").unwrap_or_default(),
        extra: m.any("extra"),
    };
    m.finish(&[
        "organizer",
        "contact",
        "icp_filing",
        "police_filing",
        "site_code",
        "extra",
    ]);
    footer
}

fn pillars(f: &mut Fields) -> Vec<Pillar> {
    let example = "  pillars:\n    - name: 善于借力\n      description: …";
    let mut out = Vec::new();
    for mut item in f.maps("pillars", example) {
        let name = item.required_text("name", "善于借力");
        let description = item.text("description").unwrap_or_default();
        let slug = item.text("slug");
        item.finish(&["name", "description", "slug"]);
        if let Some(name) = name {
            out.push(Pillar {
                name,
                description,
                slug,
            });
        }
    }
    out
}

fn feed(f: &mut Fields) -> Feed {
    let Some(mut m) = f.map("feed") else {
        return Feed::default();
    };
    let mut feed = Feed::default();
    if m.get("limit").is_some() {
        feed.limit = m.count("limit").unwrap_or(20).min(100_000) as usize;
    }
    match m.text("content").as_deref() {
        None | Some("summary") => {}
        Some("full") => feed.content = FeedContent::Full,
        Some(other) => m.error_at("content", t!(m::FEED_CONTENT, value = other), t!(m::FEED_CONTENT_HELP)),
    }
    m.finish(&["limit", "content"]);
    feed
}

fn markdown(f: &mut Fields) -> MarkdownConfig {
    let Some(mut m) = f.map("markdown") else {
        return MarkdownConfig::default();
    };
    let unsafe_html = m.flag("unsafe_html");
    m.finish(&["unsafe_html"]);
    MarkdownConfig { unsafe_html }
}

/// `images: {widths: [480, 960, 1600], quality: 80, keep_originals: false, webp: false}`.
fn images(f: &mut Fields) -> crate::images::Settings {
    use crate::messages::images as msg;
    let mut s = crate::images::Settings::default();
    let Some(mut m) = f.map("images") else {
        return s;
    };
    if m.get("widths").is_some() {
        let texts = m.texts("widths");
        let widths: Option<Vec<u32>> = texts
            .iter()
            .map(|t| t.trim().parse::<u32>().ok().filter(|w| (16..=8000).contains(w)))
            .collect();
        match widths {
            Some(w) if !w.is_empty() => s.widths = w,
            _ => m.error_at("widths", crate::t!(msg::WIDTHS_WRONG), crate::t!(msg::WIDTHS_HELP)),
        }
    }
    if m.get("quality").is_some() {
        match m.count("quality") {
            Some(q) if (30..=100).contains(&q) => s.quality = q as u8,
            Some(_) => m.error_at("quality", crate::t!(msg::QUALITY_WRONG), crate::t!(msg::QUALITY_HELP)),
            None => {}
        }
    }
    s.keep_originals = m.flag("keep_originals");
    s.webp = m.flag("webp");
    m.finish(&["widths", "quality", "keep_originals", "webp"]);
    s
}

fn term_slugs(f: &mut Fields) -> BTreeMap<&'static str, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let Some(mut m) = f.map("term_slugs") else {
        return out;
    };
    let names: Vec<&'static str> = [Taxonomy::Tags, Taxonomy::Categories, Taxonomy::Series]
        .iter()
        .map(|t| t.key())
        .collect();
    for key in &names {
        let Some(terms) = m.get(key) else { continue };
        let yaml::Kind::Map(entries) = &terms.kind else {
            m.error_at(
                key,
                t!(m::TERM_SLUGS_SHAPE, key = key),
                t!(m::TERM_SLUGS_HELP, key = key),
            );
            continue;
        };
        let mut map = BTreeMap::new();
        for e in entries {
            match &e.value.kind {
                yaml::Kind::Scalar { text, .. } if !crate::site::slug::slugify(text).is_empty() => {
                    map.insert(e.key.clone(), crate::site::slug::slugify(text));
                }
                _ => m.error_at(key, t!(m::TERM_SLUG_BAD, term = e.key), t!(m::TERM_SLUG_BAD_HELP)),
            }
        }
        out.insert(*key, map);
    }
    m.finish(&names);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_with_sub_path() {
        let b = BaseUrl::parse("https://wlj.example.gov.cn/dangjian").unwrap();
        assert_eq!(b.path, "/dangjian/");
        assert_eq!(b.link("/articles/x/"), "/dangjian/articles/x/");
        assert_eq!(b.absolute("tags/"), "https://wlj.example.gov.cn/dangjian/tags/");
        assert_eq!(BaseUrl::parse("http://localhost:1111").unwrap().path, "/");
        assert!(BaseUrl::parse("wlj.example.gov.cn").is_none());
        assert_eq!(
            BaseUrl::parse("HTTPS://WLJ.example.gov.cn:8443/a").unwrap().origin,
            "https://wlj.example.gov.cn:8443"
        );
    }

    #[test]
    fn nonsense_base_urls_are_refused() {
        for bad in [
            "https://<wlj>.example.gov.cn/",
            "https://wlj.example.gov.cn:99999/",
            "https://user:secret@wlj.example.gov.cn/",
            "https://wlj.example.gov.cn/?a=1",
            "https://wlj.example.gov.cn/#top",
            "ftp://wlj.example.gov.cn/",
            "https:///",
        ] {
            assert!(BaseUrl::check(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_config_mistake_at_once() {
        let errs = parse(
            "titel: a\nbase_url: https://u:p@x/\npaginate: 0\nfeed: {content: all}\n",
            "site.yaml",
        )
        .unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|d| d.line).collect();
        assert!(errs.len() >= 5, "{errs:?}");
        for l in [1, 2, 3, 4] {
            assert!(lines.contains(&l), "{lines:?} {errs:?}");
        }
    }

    #[test]
    fn unknown_config_key() {
        let errs = parse("title: a\nbase_url: https://x/\ntheem: x\n", "site.yaml").unwrap_err();
        assert_eq!(errs[0].line, 3);
        assert!(errs[0].help.as_ref().unwrap().contains("`theme`"));
    }
}
