//! Route fingerprints for the structural path of [`super::session`]: a cheap hash of what
//! a page shows, computed for every item page and list page after an edit and compared with
//! the one of the last write, so only pages whose inputs changed are rendered again.
//!
//! A fingerprint never reads a body: each item has a *version*, a number that changes
//! whenever the item is parsed or its body rendered again (see `Versions`). A card is its
//! item's version plus the term links it shows (name and address, as templates see them); a
//! page is its own view plus its neighbours' cards; a list page is its number, its pager and
//! the cards on it (a term's landing page also its counts and totals). The outputs made from
//! every record (timelines, statistics, calendar, CSV, workbook, open data) share one hash of
//! every record's card, the articles records list, the categories with records and the
//! statistics. Every fingerprint also holds the parts of the `site` object its template reads
//! ([`SiteParts`], [`super::reads`]), the base URL and today's date, so a change of a count
//! renders only the pages whose templates show it. The home page, taxonomy indices, feeds and
//! sitemap are not fingerprinted: the structural path always renders them.

use super::reads::Reads;
use crate::render::views::paginator_key;
use crate::site::model::{Item, Site, Taxonomy};
use crate::site::routes::{list_items, numbered_pages, Route};
use chrono::Datelike;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash, Hasher};

/// The hasher of fingerprints: 64 bits of good quality (a collision would leave a page
/// stale), several times faster than the standard library's SipHash, which was a seventh of
/// an edit's instructions.
fn hasher() -> impl Hasher {
    foldhash::quality::FixedState::with_seed(0x6875_696d_696e).build_hasher()
}

/// Item versions: a page by its source, a record by its source and slug.
#[derive(Default)]
pub(super) struct Versions {
    map: FxHashMap<String, u64>,
    next: u64,
}

pub(super) fn activity_key(source: &str, slug: &str) -> String {
    format!("{source}\u{0}{slug}")
}

impl Versions {
    /// A new version for the item at `key` (parsed or rendered again).
    pub(super) fn bump(&mut self, key: String) {
        self.next += 1;
        self.map.insert(key, self.next);
    }

    /// Versions for every item of a freshly built site.
    pub(super) fn all(&mut self, site: &Site) {
        for p in site.articles.iter().chain(&site.pages).chain(&site.home) {
            self.bump(p.source.clone());
        }
        for a in &site.activities {
            self.bump(activity_key(&a.source, &a.slug));
        }
    }

    /// Forget the items of a source (deleted, or about to be parsed again).
    pub(super) fn forget_source(&mut self, source: &str) {
        let prefix = format!("{source}\u{0}");
        self.map.retain(|k, _| k != source && !k.starts_with(&prefix));
    }

    fn get(&self, key: &str) -> u64 {
        // Every item gets a version when it enters the model; a missing one would be a bug,
        // and `u64::MAX` then only forces a render.
        self.map.get(key).copied().unwrap_or(u64::MAX)
    }
}

fn hash_of(x: impl Hash) -> u64 {
    let mut h = hasher();
    x.hash(&mut h);
    h.finish()
}

/// The `site` object templates see, hashed field by field (once per edit).
pub(super) struct SiteParts {
    whole: u64,
    fields: BTreeMap<String, u64>,
}

impl SiteParts {
    pub(super) fn of(prep: &crate::pipeline::Prepared) -> SiteParts {
        let view = crate::render::context::site_context(&prep.site, &prep.stats);
        let value = serde_json::to_value(&view).unwrap_or_default();
        let fields: BTreeMap<String, u64> = match &value {
            serde_json::Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), hash_of(v.to_string()))).collect(),
            _ => BTreeMap::new(),
        };
        SiteParts {
            whole: hash_of(&fields),
            fields,
        }
    }

    /// The hash of what a template reads (everything when unknown).
    fn read_by(&self, reads: Option<&Reads>) -> u64 {
        match reads {
            Some(Reads::Fields(f)) => hash_of(f.iter().map(|k| (k, self.fields.get(k))).collect::<Vec<_>>()),
            _ => self.whole,
        }
    }
}

/// The template a fingerprinted route renders with (`render::Renderer::render`).
fn template_of(r: Route) -> Option<&'static str> {
    Some(match r {
        Route::Article(_) => "article.html",
        Route::Page(_) => "page.html",
        Route::Activity(_) => "activity.html",
        Route::ArticleList(_) => "list.html",
        Route::Term(..) => "term.html",
        Route::Timeline(_) | Route::TimelineCategory(_) => "activities.html",
        Route::Stats => "stats.html",
        _ => return None,
    })
}

/// Everything a fingerprint needs, computed once per edit.
struct Keys<'a> {
    site: &'a Site,
    terms: TermRefs<'a>,
    /// The outputs made from every record.
    activities: u64,
    /// By template: the base URL, today and the parts of `site` it reads.
    global: HashMap<&'static str, u64>,
    article_cards: Vec<u64>,
    activity_cards: Vec<u64>,
    activity_by_slug: FxHashMap<&'a str, usize>,
    /// Per taxonomy and term: the sessions and participants of its past records, which every
    /// page of the term shows (summed once, not once per page).
    term_totals: Vec<Vec<(u64, u64)>>,
    /// [`crate::site::routes::activity_years`], and what every timeline page shows besides its
    /// records.
    years: Vec<i32>,
    timelines: u64,
}

/// What [`compute`] finds.
pub(super) struct Computed {
    /// One per route (`None` for the pages the structural path always renders).
    pub routes: Vec<Option<u64>>,
    /// One per record: what its card, event, open-data entry and CSV line are made from (its
    /// card, the cards of the articles it lists, the base URL, today, the parts of `site`
    /// templates read: components are global, so the timeline's reads include the card
    /// component's), for [`crate::render::pieces::Pieces::set_keys`].
    pub record_keys: Vec<u64>,
}

/// Fingerprints of the item and list pages of `site`, and the keys of its activity cards.
pub(super) fn compute(
    site: &Site,
    routes: &[Route],
    paths: &[String],
    versions: &Versions,
    parts: &SiteParts,
    reads: &HashMap<String, Reads>,
) -> Computed {
    let terms = TermRefs::new(site);
    let global = [
        "article.html",
        "page.html",
        "activity.html",
        "list.html",
        "term.html",
        "activities.html",
        "stats.html",
    ]
    .into_iter()
    .map(|t| {
        let read = parts.read_by(reads.get(t));
        (t, hash_of((read, &site.base.origin, &site.base.path, site.today)))
    })
    .collect();
    let article_cards: Vec<u64> = site
        .articles
        .par_iter()
        .map(|p| {
            let mut h = hasher();
            (versions.get(&p.source), &p.path).hash(&mut h);
            hash_page_terms(&terms, p, &mut h);
            h.finish()
        })
        .collect();
    let activity_cards: Vec<u64> = site
        .activities
        .par_iter()
        .map(|a| {
            let r = &a.record;
            let mut h = hasher();
            (versions.get(&activity_key(&a.source, &a.slug)), &a.path).hash(&mut h);
            terms.get(Taxonomy::Categories, &r.category).hash(&mut h);
            r.pillar.as_ref().map(|p| terms.get(Taxonomy::Pillars, p)).hash(&mut h);
            r.series.as_ref().map(|s| terms.get(Taxonomy::Series, s)).hash(&mut h);
            h.finish()
        })
        .collect();
    // What the outputs made from every record show besides the parts of `site` their
    // template reads (in `global`; the calendar, CSV, workbook and open data have none).
    let activities = {
        let mut h = hasher();
        (&site.base.origin, &site.base.path, site.today).hash(&mut h);
        // The workbook is made from the statistics (pillars without records included).
        parts.fields.get("stats").hash(&mut h);
        activity_cards.hash(&mut h);
        for a in &site.activities {
            a.articles
                .iter()
                .map(|&j| article_cards[j])
                .for_each(|c| c.hash(&mut h));
        }
        // The timelines' category filters: the categories that have records.
        for c in site.categories.iter().filter(|c| !c.activities.is_empty()) {
            (&c.name, &c.slug, c.activities.len()).hash(&mut h);
        }
        h.finish()
    };
    // What every timeline page shows besides its records: the category filters and the
    // year links, with their counts.
    let years = crate::site::routes::activity_years(site);
    let timelines = {
        let mut h = hasher();
        for c in site.categories.iter().filter(|c| !c.activities.is_empty()) {
            (&c.name, &c.slug, c.activities.len()).hash(&mut h);
        }
        for &y in &years {
            let n = site.activities.iter().filter(|a| a.record.date.day.year() == y).count();
            (y, n).hash(&mut h);
        }
        h.finish()
    };
    let term_totals = Taxonomy::ALL
        .iter()
        .map(|&t| {
            site.terms(t)
                .iter()
                .map(|term| past_totals(site, &term.activities))
                .collect()
        })
        .collect();
    let keys = Keys {
        site,
        terms,
        activities,
        global,
        article_cards,
        activity_cards,
        activity_by_slug: site
            .activities
            .iter()
            .enumerate()
            .map(|(i, a)| (a.slug.as_str(), i))
            .collect(),
        term_totals,
        years,
        timelines,
    };
    let cards_global = keys.global.get("activities.html").copied();
    let record_keys = site
        .activities
        .iter()
        .zip(&keys.activity_cards)
        .map(|(a, &card)| {
            let articles: Vec<u64> = a.articles.iter().map(|&j| keys.article_cards[j]).collect();
            hash_of((card, articles, cards_global))
        })
        .collect();
    Computed {
        routes: routes
            .par_iter()
            .zip(paths)
            .map(|(&r, path)| keys.route(r, path, versions))
            .collect(),
        record_keys,
    }
}

/// Fingerprints by site path, from [`compute`]'s (a full build's, or for tests).
pub(super) fn by_path(paths: &[String], fingerprints: &[Option<u64>]) -> FxHashMap<String, u64> {
    paths
        .iter()
        .zip(fingerprints)
        .filter_map(|(p, fp)| fp.map(|fp| (p.clone(), fp)))
        .collect()
}

/// Record the new fingerprints in `known` (by site path, as last written; `vanished` paths
/// leave it) and return the routes to render: those whose fingerprint changed or is new, and
/// those without one. Patched in place: rebuilding it cloned 16,000 paths per edit.
pub(super) fn update(
    known: &mut FxHashMap<String, u64>,
    vanished: &[String],
    routes: &[Route],
    paths: &[String],
    fingerprints: &[Option<u64>],
) -> Vec<Route> {
    for p in vanished {
        known.remove(p);
    }
    let mut changed = Vec::new();
    for ((&r, path), fp) in routes.iter().zip(paths).zip(fingerprints) {
        let render = match fp {
            None => true,
            Some(fp) => match known.get_mut(path) {
                Some(old) if old == fp => false,
                Some(old) => {
                    *old = *fp;
                    true
                }
                None => {
                    known.insert(path.clone(), *fp);
                    true
                }
            },
        };
        if render {
            changed.push(r);
        }
    }
    changed
}

/// Sessions and participants of the records that took place by today (the term pages' totals).
fn past_totals(site: &Site, activities: &[usize]) -> (u64, u64) {
    let (mut sessions, mut participants) = (0u64, 0u64);
    for &a in activities {
        let rec = &site.activities[a].record;
        if rec.date.day <= site.today {
            sessions = sessions.wrapping_add(rec.sessions);
            participants = participants.wrapping_add(rec.participants.unwrap_or(0));
        }
    }
    (sessions, participants)
}

/// Hash the term links a page's card shows.
fn hash_page_terms(terms: &TermRefs, p: &crate::site::model::Page, h: &mut impl Hasher) {
    let m = &p.meta;
    m.tags.len().hash(h);
    for t in &m.tags {
        terms.get(Taxonomy::Tags, t).hash(h);
    }
    m.category
        .as_ref()
        .map_or(0, |c| terms.get(Taxonomy::Categories, c))
        .hash(h);
    m.pillar.as_ref().map_or(0, |c| terms.get(Taxonomy::Pillars, c)).hash(h);
}

impl Keys<'_> {
    fn item(&self, it: Item) -> (u8, u64) {
        match it {
            Item::Article(i) => (0, self.article_cards[i]),
            Item::Activity(i) => (1, self.activity_cards[i]),
        }
    }

    /// `None` for the pages the structural path always renders.
    fn route(&self, r: Route, path: &str, versions: &Versions) -> Option<u64> {
        let site = self.site;
        let terms = &self.terms;
        let per = site.config.paginate.max(1);
        let mut h = hasher();
        let global = template_of(r).and_then(|t| self.global.get(t));
        (global, path).hash(&mut h);
        match r {
            Route::Article(i) => {
                let p = &site.articles[i];
                ("article", self.article_cards[i]).hash(&mut h);
                for slug in &p.meta.activities {
                    self.activity_by_slug
                        .get(slug.as_str())
                        .map(|&j| self.activity_cards[j])
                        .hash(&mut h);
                }
                i.checked_sub(1).map(|j| self.article_cards[j]).hash(&mut h);
                self.article_cards.get(i + 1).hash(&mut h);
            }
            Route::Page(i) => {
                let p = &site.pages[i];
                ("page", versions.get(&p.source), &p.path).hash(&mut h);
                hash_page_terms(terms, p, &mut h);
                for slug in &p.meta.activities {
                    self.activity_by_slug
                        .get(slug.as_str())
                        .map(|&j| self.activity_cards[j])
                        .hash(&mut h);
                }
            }
            Route::Activity(i) => {
                let a = &site.activities[i];
                ("activity", self.activity_cards[i]).hash(&mut h);
                for t in &a.record.tags {
                    terms.get(Taxonomy::Tags, t).hash(&mut h);
                }
                for &j in &a.articles {
                    self.article_cards[j].hash(&mut h);
                }
                i.checked_sub(1).map(|j| self.activity_cards[j]).hash(&mut h);
                self.activity_cards.get(i + 1).hash(&mut h);
            }
            Route::ArticleList(n) => {
                // The pager is a function of the page, the number of pages and the list's
                // address (base URL in `global`): hashed by those, not built.
                ("list", paginator_key(n, numbered_pages(site.articles.len(), per))).hash(&mut h);
                self.article_cards[list_items(site.articles.len(), per, n)].hash(&mut h);
            }
            Route::Term(key, i, page) => {
                let term = &site.terms(key.taxonomy())[i];
                ("term", key, &term.name, &term.slug, &term.description).hash(&mut h);
                if page == 0 {
                    // Only the landing page shows the term's counts and totals (`render::term`).
                    (term.articles.len(), term.activities.len()).hash(&mut h);
                    self.term_totals[key.0 as usize][i].hash(&mut h);
                }
                paginator_key(page, numbered_pages(term.items.len(), per)).hash(&mut h);
                term.items[list_items(term.items.len(), per, page)]
                    .iter()
                    .for_each(|&it| self.item(it).hash(&mut h));
            }
            Route::Timeline(_) | Route::TimelineCategory(_) => {
                let (year, category) = match r {
                    Route::Timeline(y) => (y, None),
                    Route::TimelineCategory(c) => (None, Some(c)),
                    _ => (None, None),
                };
                let (shown, selected) = crate::render::timeline_selection(site, &self.years, year, category);
                (
                    "timeline",
                    year,
                    category.map(|c| &site.categories[c].name),
                    shown,
                    self.timelines,
                )
                    .hash(&mut h);
                for i in selected {
                    self.activity_cards[i].hash(&mut h);
                }
            }
            Route::Stats | Route::Calendar | Route::ActivityJson | Route::ActivitiesCsv | Route::StatsXlsx => {
                ("activities", self.activities).hash(&mut h)
            }
            _ => return None,
        }
        Some(h.finish())
    }
}

/// Hashes of term links as cards show them (`views::term_link`), made once per term; read by
/// many threads.
struct TermRefs<'a> {
    site: &'a Site,
    by_name: FxHashMap<(u8, &'a str), u64>,
}

impl<'a> TermRefs<'a> {
    fn new(site: &'a Site) -> Self {
        let mut by_name = FxHashMap::default();
        for t in Taxonomy::ALL {
            let key = crate::site::routes::TaxonomyKey::of(t).0;
            for term in site.terms(t) {
                let r = crate::render::views::link_to_term(site, t, term);
                by_name.entry((key, term.name.as_str())).or_insert_with(|| ref_hash(&r));
            }
        }
        TermRefs { site, by_name }
    }

    fn get(&self, t: Taxonomy, name: &str) -> u64 {
        let key = crate::site::routes::TaxonomyKey::of(t).0;
        match self.by_name.get(&(key, name)) {
            Some(&h) => h,
            // A spelling variant merged into a term, or no term: as the card finds it.
            None => ref_hash(&crate::render::views::term_link(self.site, t, name)),
        }
    }
}

fn ref_hash(r: &crate::render::views::TermLink) -> u64 {
    hash_of((&r.name, &r.slug, &r.url))
}
