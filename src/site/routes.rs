//! Every output the site has, as a list of routes computed from the model.
//!
//! The same list drives rendering, link checking and duplicate detection, so a page
//! that exists is always linkable and a link that resolves always has a page.

use crate::site::model::{Site, Taxonomy};
use chrono::Datelike;

/// Top-level path segments the generator owns; a page slug may not take them.
pub const RESERVED: &[&str] = &[
    "articles",
    "activities",
    "tags",
    "categories",
    "series",
    "pillars",
    "stats",
    "page",
    "theme",
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "search",
];

/// One output of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Route {
    Home,
    Article(usize),
    Page(usize),
    /// Page `n` (0-based) of the article list.
    ArticleList(usize),
    TaxonomyIndex(TaxonomyKey),
    /// Term index, page (0-based).
    Term(TaxonomyKey, usize, usize),
    NotFound,
    Activity(usize),
    /// The timeline: all years, or one year.
    Timeline(Option<i32>),
    /// The timeline filtered to one activity category (index into `Site::categories`).
    TimelineCategory(usize),
    Stats,
    Calendar,
    ActivityJson,
    /// `/atom.xml`, the newest articles.
    Atom,
    /// `/sitemap.xml`, every public page.
    Sitemap,
    /// `/robots.txt`, pointing at the sitemap.
    Robots,
    /// `/activities/activities.csv`: every published record, for Excel and WPS.
    ActivitiesCsv,
    /// `/stats/stats.xlsx`: the figures of `/stats/`, one sheet per breakdown.
    StatsXlsx,
    /// `/search/`, when the site has search (`crate::search`).
    Search,
}

/// `Taxonomy` with an ordering, so routes sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaxonomyKey(pub u8);

impl TaxonomyKey {
    pub fn of(t: Taxonomy) -> Self {
        TaxonomyKey(Taxonomy::ALL.iter().position(|x| *x == t).unwrap_or(0) as u8)
    }
    pub fn taxonomy(self) -> Taxonomy {
        Taxonomy::ALL[self.0 as usize]
    }
}

/// Above this many records, the timeline shows only the newest year and links to the others.
pub const TIMELINE_ALL_MAX: usize = 120;

impl Route {
    /// Site-relative URL path: `articles/x/`, `activities/calendar.ics`, `` for home.
    pub fn path(self, site: &Site) -> String {
        match self {
            Route::Home => String::new(),
            Route::Article(i) => site.articles[i].path.clone(),
            Route::Page(i) => site.pages[i].path.clone(),
            Route::ArticleList(0) => "articles/".into(),
            Route::ArticleList(n) => format!("articles/page/{}/", n + 1),
            Route::TaxonomyIndex(t) => format!("{}/", t.taxonomy().key()),
            Route::Term(t, i, page) => term_page_path(t.taxonomy(), &site.terms(t.taxonomy())[i].slug, page),
            Route::NotFound => "404.html".into(),
            Route::Activity(i) => site.activities[i].path.clone(),
            Route::Timeline(None) => "activities/".into(),
            Route::Timeline(Some(y)) => format!("activities/year/{y}/"),
            Route::TimelineCategory(i) => format!("activities/category/{}/", site.categories[i].slug),
            Route::Stats => "stats/".into(),
            Route::Calendar => "activities/calendar.ics".into(),
            Route::ActivityJson => "activities/index.json".into(),
            Route::Atom => "atom.xml".into(),
            Route::Sitemap => "sitemap.xml".into(),
            Route::Robots => "robots.txt".into(),
            Route::ActivitiesCsv => "activities/activities.csv".into(),
            Route::StatsXlsx => "stats/stats.xlsx".into(),
            Route::Search => "search/".into(),
        }
    }
}

/// `tags/x/`, `tags/x/page/2/`.
pub fn term_page_path(t: Taxonomy, slug: &str, page: usize) -> String {
    if page == 0 {
        format!("{}/{slug}/", t.key())
    } else {
        format!("{}/{slug}/page/{}/", t.key(), page + 1)
    }
}

/// Number of list pages for `n` items.
pub fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page.max(1)).max(1)
}

/// All routes of the site, in a stable order.
pub fn all(site: &Site) -> Vec<Route> {
    let per = site.config.paginate;
    let mut routes = vec![Route::Home, Route::NotFound, Route::Atom, Route::Sitemap, Route::Robots];
    routes.extend((0..site.articles.len()).map(Route::Article));
    routes.extend((0..site.pages.len()).map(Route::Page));
    routes.extend((0..page_count(site.articles.len(), per)).map(Route::ArticleList));
    for t in Taxonomy::ALL {
        let key = TaxonomyKey::of(t);
        let terms = site.terms(t);
        if terms.is_empty() {
            continue;
        }
        routes.push(Route::TaxonomyIndex(key));
        for (i, term) in terms.iter().enumerate() {
            let pages = page_count(term.articles.len() + term.activities.len(), per);
            routes.extend((0..pages).map(|p| Route::Term(key, i, p)));
        }
    }
    if !site.activities.is_empty() {
        routes.extend((0..site.activities.len()).map(Route::Activity));
        routes.push(Route::Timeline(None));
        routes.extend(activity_years(site).into_iter().map(|y| Route::Timeline(Some(y))));
        for (i, c) in site.categories.iter().enumerate() {
            if !c.activities.is_empty() {
                routes.push(Route::TimelineCategory(i));
            }
        }
        routes.extend([
            Route::Stats,
            Route::Calendar,
            Route::ActivityJson,
            Route::ActivitiesCsv,
            Route::StatsXlsx,
        ]);
    }
    if crate::search::enabled(site) {
        routes.push(Route::Search);
    }
    routes
}

impl Route {
    /// An HTML page a visitor can land on (and so belongs in the sitemap).
    pub fn is_public_page(self) -> bool {
        !matches!(
            self,
            Route::NotFound
                | Route::Calendar
                | Route::ActivityJson
                | Route::Atom
                | Route::Sitemap
                | Route::Robots
                | Route::ActivitiesCsv
                | Route::StatsXlsx
        )
    }
}

/// Years with activities, newest first.
pub fn activity_years(site: &Site) -> Vec<i32> {
    let mut years: Vec<i32> = site.activities.iter().map(|a| a.record.date.day.year()).collect();
    years.dedup();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_files() {
        use crate::paths::output_file;
        assert_eq!(output_file(""), "index.html");
        assert_eq!(output_file("articles/x/"), "articles/x/index.html");
        assert_eq!(output_file("404.html"), "404.html");
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(21, 10), 3);
    }
}
