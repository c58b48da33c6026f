//! The `site` object every template sees: configuration, menu, pillars and live figures.
//! Built once per build and shared by reference, never copied per page.

use crate::input::config::Footer;
use crate::render::views::{term_view, DateView, TermRef};
use crate::site::model::{Site, Taxonomy};
use crate::site::stats::Stats;
use serde::Serialize;

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// Absolute URL of the home page.
    pub url: String,
    /// Path prefix of every link (`/` or `/dangjian/`).
    pub base_path: &'a str,
    /// `https://wlj.example.gov.cn`: printed before site paths on paper.
    pub origin: &'a str,
    pub language: &'a str,
    pub nav: Vec<NavView>,
    pub footer: &'a Footer,
    pub extra: serde_json::Value,
    pub pillars: Vec<PillarView>,
    pub categories: Vec<TermRef>,
    pub series: Vec<TermRef>,
    pub stats: &'a Stats,
    pub article_count: usize,
    pub activity_count: usize,
    pub today: DateView,
    pub has_activities: bool,
    /// The site has `/search/` (the header shows the search form).
    pub search: bool,
}

#[derive(Serialize)]
pub struct NavView {
    pub name: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct PillarView {
    #[serde(flatten)]
    pub term: TermRef,
    pub description: String,
    pub article_count: usize,
    pub activity_count: usize,
}

pub fn site_context<'a>(site: &'a Site, stats: &'a Stats) -> SiteView<'a> {
    let c = &site.config;
    let link = |u: &str| {
        if u.starts_with('/') {
            site.base.link(u)
        } else {
            u.to_string()
        }
    };
    SiteView {
        title: &c.title,
        description: &c.description,
        url: site.base.absolute(""),
        base_path: &site.base.path,
        origin: &site.base.origin,
        language: &c.language,
        nav: c
            .nav
            .iter()
            .map(|n| NavView {
                name: n.name.clone(),
                url: link(&n.url),
            })
            .collect(),
        footer: &c.footer,
        extra: c.extra.clone(),
        pillars: site
            .pillars
            .iter()
            .map(|p| PillarView {
                term: term_view(site, Taxonomy::Pillars, p),
                description: p.description.clone(),
                article_count: p.articles.len(),
                activity_count: p.activities.len(),
            })
            .collect(),
        categories: site
            .categories
            .iter()
            .map(|t| term_view(site, Taxonomy::Categories, t))
            .collect(),
        series: site
            .series
            .iter()
            .map(|t| term_view(site, Taxonomy::Series, t))
            .collect(),
        stats,
        article_count: site.articles.len(),
        activity_count: site.activities.len(),
        today: DateView::from(&crate::input::dates::Date::from_day(site.today)),
        has_activities: !site.activities.is_empty(),
        search: crate::search::enabled(site),
    }
}
