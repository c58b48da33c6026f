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
    /// The article list: 0 is the landing page (the newest articles), `n` the numbered page
    /// `n`, counted from the oldest ([`list_items`]).
    ArticleList(usize),
    TaxonomyIndex(TaxonomyKey),
    /// Term index, page (0 the landing page, else numbered as [`Route::ArticleList`]).
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
            Route::ArticleList(n) => format!("articles/page/{n}/"),
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

/// The site path of every route, in the routes' order ([`Route::path`]): made once per build
/// and shared by the link targets, the claims check and the preview's fingerprints, which
/// each made all of them again.
pub fn paths(site: &Site, routes: &[Route]) -> Vec<String> {
    use rayon::prelude::*;
    routes.par_iter().map(|r| r.path(site)).collect()
}

/// `tags/x/` (the landing page), `tags/x/page/2/` (numbered page 2).
pub fn term_page_path(t: Taxonomy, slug: &str, page: usize) -> String {
    if page == 0 {
        format!("{}/{slug}/", t.key())
    } else {
        format!("{}/{slug}/page/{page}/", t.key())
    }
}

// Stable list numbering. A list of `n` items, newest first, has a landing page with the
// newest `per` items and numbered pages counted from the oldest: page 1 holds the `per`
// oldest items, page 2 the next `per`, and so on; every numbered page is full, and the newest
// items that do not fill one are only on the landing page. A new item then changes the
// landing page (and, once it fills a page, adds one), never the items of a numbered page.

/// Numbered pages of a list of `n` items.
pub fn numbered_pages(n: usize, per: usize) -> usize {
    let per = per.max(1);
    if n <= per {
        0
    } else {
        n.div_ceil(per) - 1
    }
}

/// Positions (in the newest-first list) of the items on `page` (0: the landing page).
pub fn list_items(n: usize, per: usize, page: usize) -> std::ops::Range<usize> {
    let per = per.max(1);
    if page == 0 {
        0..n.min(per)
    } else {
        n.saturating_sub(page * per)..n.saturating_sub((page - 1) * per)
    }
}

/// The pages (0: the landing page) that show the item at position `pos`: one or two.
pub fn pages_holding(n: usize, per: usize, pos: usize) -> impl Iterator<Item = usize> {
    let per = per.max(1);
    let numbered = n
        .checked_sub(pos + 1)
        .map(|older| older / per + 1)
        .filter(|&k| k <= numbered_pages(n, per));
    let landing = (pos < per && pos < n).then_some(0);
    landing.into_iter().chain(numbered)
}

/// All routes of the site, in a stable order.
pub fn all(site: &Site) -> Vec<Route> {
    let per = site.config.paginate;
    let mut routes = vec![Route::Home, Route::NotFound, Route::Atom, Route::Sitemap, Route::Robots];
    routes.extend((0..site.articles.len()).map(Route::Article));
    routes.extend((0..site.pages.len()).map(Route::Page));
    routes.extend((0..=numbered_pages(site.articles.len(), per)).map(Route::ArticleList));
    for t in Taxonomy::ALL {
        let key = TaxonomyKey::of(t);
        let terms = site.terms(t);
        if terms.is_empty() {
            continue;
        }
        routes.push(Route::TaxonomyIndex(key));
        for (i, term) in terms.iter().enumerate() {
            let pages = numbered_pages(term.articles.len() + term.activities.len(), per);
            routes.extend((0..=pages).map(|p| Route::Term(key, i, p)));
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
    }

    #[test]
    fn numbered_pages_count_from_the_oldest_and_stay_full() {
        assert_eq!(numbered_pages(0, 10), 0);
        assert_eq!(numbered_pages(10, 10), 0);
        assert_eq!(numbered_pages(11, 10), 1);
        assert_eq!(numbered_pages(20, 10), 1);
        assert_eq!(numbered_pages(21, 10), 2);
        assert_eq!(list_items(25, 10, 0), 0..10);
        // Page 1: the ten oldest (positions 15..25), page 2 the next ten.
        assert_eq!(list_items(25, 10, 1), 15..25);
        assert_eq!(list_items(25, 10, 2), 5..15);
        // One more item: the numbered pages keep their items.
        assert_eq!(list_items(26, 10, 1), 16..26);
        assert_eq!(list_items(26, 10, 2), 6..16);
        for n in 1..40 {
            let mut seen = vec![0; n];
            for page in 0..=numbered_pages(n, 10) {
                for pos in list_items(n, 10, page) {
                    seen[pos] += 1;
                    assert!(pages_holding(n, 10, pos).any(|p| p == page), "{n} {pos} {page}");
                }
            }
            assert!(seen.iter().all(|&c| c == 1 || c == 2), "{n}: {seen:?}");
            for (pos, &count) in seen.iter().enumerate() {
                assert_eq!(pages_holding(n, 10, pos).count(), count, "{n} {pos}");
            }
        }
    }
}
