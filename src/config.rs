//! `site.yaml`: the site's settings, validated as strictly as content.

use crate::diagnostics::Diagnostic;
use crate::yaml;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The site configuration as written by the administrator.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_paginate")]
    pub paginate: usize,
    #[serde(default)]
    pub nav: Vec<NavItem>,
    #[serde(default)]
    pub footer: Footer,
    /// The brand's pillars; when given, `pillar:` in content must name one of them.
    #[serde(default)]
    pub pillars: Vec<Pillar>,
    /// `/atom.xml`: how many articles and whether entries carry the whole text.
    #[serde(default)]
    pub feed: Feed,
    /// How Markdown bodies are turned into HTML.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

/// `markdown:` in site.yaml.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Publish raw HTML in Markdown as written instead of sanitising it. Only for sites that
    /// trust every author: a pasted `<script>` then runs in every visitor's browser.
    #[serde(default)]
    pub unsafe_html: bool,
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
    "extra",
];

/// Settings of the Atom feed.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Feed {
    /// Newest articles in the feed.
    #[serde(default = "default_feed_limit")]
    pub limit: usize,
    /// `summary` (the part before `<!-- more -->`, or `summary:`) or `full` (the whole article).
    #[serde(default)]
    pub content: FeedContent,
}

impl Default for Feed {
    fn default() -> Self {
        Feed {
            limit: default_feed_limit(),
            content: FeedContent::Summary,
        }
    }
}

fn default_feed_limit() -> usize {
    20
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedContent {
    #[default]
    Summary,
    Full,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NavItem {
    pub name: String,
    pub url: String,
}

/// Fields Chinese public-sector sites must show in their footer.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Footer {
    /// 主办单位
    #[serde(default)]
    pub organizer: String,
    /// 联系方式
    #[serde(default)]
    pub contact: String,
    /// ICP备案号, linked to the MIIT filing system.
    #[serde(default)]
    pub icp_filing: String,
    /// 公安机关备案号
    #[serde(default)]
    pub police_filing: String,
    /// 网站标识码, also emitted as `<meta name="SiteIDCode">`.
    #[serde(default)]
    pub site_code: String,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pillar {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// URL slug; pinyin of the name when absent.
    #[serde(default)]
    pub slug: Option<String>,
}

fn default_language() -> String {
    "zh-CN".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_paginate() -> usize {
    10
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
    pub fn parse(s: &str) -> Option<BaseUrl> {
        let s = s.trim();
        let scheme_end = s.find("://")?;
        let scheme = &s[..scheme_end];
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let rest = &s[scheme_end + 3..];
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || host.contains(char::is_whitespace) || path.contains(['?', '#', ' ']) {
            return None;
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        Some(BaseUrl {
            origin: format!("{scheme}://{host}"),
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

/// Parse `site.yaml` text; `file` is its path relative to the root.
pub fn parse(text: &str, file: &str) -> Result<(Config, BaseUrl), Vec<Diagnostic>> {
    let origin = yaml::Origin { file, line_offset: 0 };
    let config: Config = yaml::parse(text, origin, CONFIG_KEYS).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let line_of = |key: &str| {
        text.lines()
            .position(|l| l.starts_with(&format!("{key}:")))
            .map(|i| i + 1)
            .unwrap_or(0)
    };
    let base = BaseUrl::parse(&config.base_url);
    if base.is_none() {
        errors.push(
            Diagnostic::error(file, format!("`base_url` is not a web address: `{}`", config.base_url))
                .at(line_of("base_url"), 1)
                .with_help("write the full address, for example https://wlj.example.gov.cn/ or https://wlj.example.gov.cn/dangjian/"),
        );
    }
    if config.paginate == 0 {
        errors.push(
            Diagnostic::error(file, "`paginate` must be at least 1")
                .at(line_of("paginate"), 1)
                .with_help("set how many items a list page shows, for example `paginate: 10`"),
        );
    }
    if config.title.trim().is_empty() {
        errors.push(
            Diagnostic::error(file, "`title` is empty")
                .at(line_of("title"), 1)
                .with_help("give the site a name"),
        );
    }
    match base {
        Some(base) if errors.is_empty() => Ok((config, base)),
        _ => Err(errors),
    }
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
    }

    #[test]
    fn unknown_config_key() {
        let errs = parse("title: a\nbase_url: https://x/\ntheem: x\n", "site.yaml").unwrap_err();
        assert_eq!(errs[0].line, 3);
        assert!(errs[0].help.as_ref().unwrap().contains("`theme`"));
    }
}
