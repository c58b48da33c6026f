//! Stage 2: put parsed files together into the site model and check what needs the whole
//! site: reserved and duplicate addresses, pillars, taxonomies, cross-references.

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::input::config::{BaseUrl, Config};
use crate::input::Loaded;
use crate::messages::site as m;
use crate::site::model::Activity;
use crate::site::model::{Item, Page, Site, Taxonomy, Term};
use crate::site::routes::RESERVED;
use crate::site::slug::slugify;
use crate::t;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Build the site model from what stage 1 loaded.
pub fn assemble(
    root: &Path,
    config: Config,
    base: BaseUrl,
    loaded: Loaded,
    today: chrono::NaiveDate,
) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let Loaded {
        home,
        mut articles,
        mut pages,
        mut activities,
        static_files,
        ..
    } = loaded;
    articles.sort_by(|a, b| b.meta.date.cmp(&a.meta.date).then_with(|| a.source.cmp(&b.source)));
    pages.sort_by(|a, b| a.source.cmp(&b.source));
    activities.sort_by(|a, b| b.record.date.cmp(&a.record.date).then_with(|| a.slug.cmp(&b.slug)));
    for page in &pages {
        if RESERVED.contains(&page.slug.as_str()) {
            diags.push(
                Diagnostic::error(&page.source, t!(m::RESERVED, slug = page.slug))
                    .at(front_line(page, "slug"), 1)
                    .with_help(t!(m::RESERVED_HELP, reserved = RESERVED.join(", "))),
            );
        }
    }
    check_pillars(&config, &articles, &activities, &mut diags);
    check_totals(&activities, &mut diags);
    link_articles_to_activities(&articles, &mut activities, &mut diags);
    let mut site = Site {
        root: root.to_path_buf(),
        base,
        home,
        articles,
        pages,
        activities,
        tags: Vec::new(),
        categories: Vec::new(),
        series: Vec::new(),
        pillars: Vec::new(),
        static_files,
        today,
        config,
        held: Default::default(),
    };
    diags.extend(build_taxonomies(&mut site));
    (site, diags)
}

/// File line of a front-matter key (line 1, the file's start, when absent).
pub fn front_line(page: &Page, key: &str) -> usize {
    if page.meta.spans.has(key) {
        page.meta.spans.line(key)
    } else {
        1
    }
}

/// File line of `key` in an activity record (the record's first line when absent).
pub fn record_line(a: &Activity, key: &str) -> usize {
    if a.record.spans.has(key) {
        a.record.spans.line(key)
    } else {
        a.line
    }
}

/// The statistics add up every record's `participants` and `sessions`; a sum that does not
/// fit in 64 bits is a typo somewhere, named rather than shown as a wrong figure.
fn check_totals(activities: &[Activity], diags: &mut Vec<Diagnostic>) {
    for (key, value) in [
        (
            "participants",
            (|a: &Activity| a.record.participants.unwrap_or(0)) as fn(&Activity) -> u64,
        ),
        ("sessions", |a: &Activity| a.record.sessions),
    ] {
        let mut total: u64 = 0;
        for a in activities {
            if let Some(t) = total.checked_add(value(a)) {
                total = t;
                continue;
            }
            let mut largest: Vec<&Activity> = activities.iter().collect();
            largest.sort_by_key(|a| std::cmp::Reverse(value(a)));
            let named: Vec<String> = largest
                .iter()
                .take(3)
                .map(|a| format!("{}:{} ({})", a.source, record_line(a, key), value(a)))
                .collect();
            diags.push(
                Diagnostic::error(&a.source, t!(m::TOTAL_OVERFLOW, key = key))
                    .at(record_line(a, key), 1)
                    .code(crate::diagnostics::Code::TotalOverflow)
                    .with_help(t!(m::TOTAL_OVERFLOW_HELP, largest = named.join(", "))),
            );
            break;
        }
    }
}

fn check_pillars(config: &Config, articles: &[Page], activities: &[Activity], diags: &mut Vec<Diagnostic>) {
    if config.pillars.is_empty() {
        return;
    }
    let names: Vec<&str> = config.pillars.iter().map(|p| p.name.as_str()).collect();
    let help = |given: &str| match did_you_mean(given, &names) {
        Some(s) => t!(m::PILLAR_DID_YOU_MEAN, suggestion = s, pillars = names.join(", ")),
        None => t!(m::PILLAR_USE_ONE, pillars = names.join(", ")),
    };
    for a in articles {
        if let Some(p) = &a.meta.pillar {
            if !names.contains(&p.as_str()) {
                diags.push(
                    Diagnostic::error(&a.source, t!(m::UNKNOWN_PILLAR, pillar = p))
                        .at(front_line(a, "pillar"), 1)
                        .with_help(help(p)),
                );
            }
        }
    }
    for a in activities {
        if let Some(p) = &a.record.pillar {
            if !names.contains(&p.as_str()) {
                diags.push(
                    Diagnostic::error(&a.source, t!(m::UNKNOWN_PILLAR, pillar = p))
                        .at(record_line(a, "pillar"), 1)
                        .with_help(help(p)),
                );
            }
        }
    }
}

fn link_articles_to_activities(articles: &[Page], activities: &mut [Activity], diags: &mut Vec<Diagnostic>) {
    let by_slug: FxHashMap<&str, usize> = activities
        .iter()
        .enumerate()
        .map(|(i, a)| (a.slug.as_str(), i))
        .collect();
    let slugs: Vec<&str> = activities.iter().map(|a| a.slug.as_str()).collect();
    let mut backlinks: Vec<(usize, usize)> = Vec::new();
    for (ai, article) in articles.iter().enumerate() {
        for slug in &article.meta.activities {
            match by_slug.get(slug.as_str()) {
                Some(&i) => backlinks.push((i, ai)),
                None => {
                    let mut d = Diagnostic::error(&article.source, t!(m::NO_SUCH_RECORD, slug = slug))
                        .at(front_line(article, "activities"), 1);
                    d = match did_you_mean(slug, &slugs) {
                        Some(s) => d.with_help(t!(m::DID_YOU_MEAN, suggestion = s)),
                        None => d.with_help(t!(m::RECORD_SLUG_HELP)),
                    };
                    diags.push(d);
                }
            }
        }
    }
    for (i, ai) in backlinks {
        if !activities[i].articles.contains(&ai) {
            activities[i].articles.push(ai);
        }
    }
}

/// Where a term was written, for messages: source file and line.
type Origin = (String, usize);

/// Group articles and activities by tag, category, series and pillar, keyed by slug. Two
/// spellings that make one web address (`C++` and `C#`, 重庆 and 众庆) are an error naming both.
fn build_taxonomies(site: &mut Site) -> Vec<Diagnostic> {
    let slugs = |t: Taxonomy| site.config.term_slugs.get(t.key()).cloned().unwrap_or_default();
    let mut tags = TermBuilder::new(Taxonomy::Tags, slugs(Taxonomy::Tags));
    let mut categories = TermBuilder::new(Taxonomy::Categories, slugs(Taxonomy::Categories));
    let mut series = TermBuilder::new(Taxonomy::Series, slugs(Taxonomy::Series));
    let mut pillars = TermBuilder::new(Taxonomy::Pillars, Default::default());
    for (n, p) in site.config.pillars.iter().enumerate() {
        let line = site.config.spans.item("pillars", n).line;
        pillars.declare(&p.name, p.slug.as_deref(), &p.description, ("site.yaml".into(), line));
    }
    for (i, a) in site.articles.iter().enumerate() {
        let at = |key: &str, n: usize| (a.source.clone(), a.meta.spans.item(key, n).line);
        for (n, t) in a.meta.tags.iter().enumerate() {
            tags.add(t, Item::Article(i), || at("tags", n));
        }
        if let Some(c) = &a.meta.category {
            categories.add(c, Item::Article(i), || at("category", 0));
        }
        if let Some(p) = &a.meta.pillar {
            pillars.add(p, Item::Article(i), || at("pillar", 0));
        }
    }
    for (i, a) in site.activities.iter().enumerate() {
        let at = |key: &str, n: usize| {
            let spans = &a.record.spans;
            let line = if spans.has(key) {
                spans.item(key, n).line
            } else {
                a.line
            };
            (a.source.clone(), line)
        };
        for (n, t) in a.record.tags.iter().enumerate() {
            tags.add(t, Item::Activity(i), || at("tags", n));
        }
        categories.add(&a.record.category, Item::Activity(i), || at("category", 0));
        if let Some(s) = &a.record.series {
            series.add(s, Item::Activity(i), || at("series", 0));
        }
        if let Some(p) = &a.record.pillar {
            pillars.add(p, Item::Activity(i), || at("pillar", 0));
        }
    }
    let mut diags = Vec::new();
    for b in [&mut tags, &mut categories, &mut series, &mut pillars] {
        diags.append(&mut b.diags);
    }
    site.tags = tags.finish(true);
    site.categories = categories.finish(true);
    site.series = series.finish(true);
    site.pillars = pillars.finish(false);
    let day = |item: &Item| match *item {
        Item::Article(i) => site.articles[i].meta.date.as_ref().map(|d| d.day).unwrap_or_default(),
        Item::Activity(i) => site.activities[i].record.date.day,
    };
    let mut all: Vec<Vec<Item>> = Vec::new();
    for t in crate::site::model::Taxonomy::ALL {
        for term in site.terms(t) {
            all.push(newest_first(&term.articles, &term.activities, day));
        }
    }
    let mut all = all.into_iter();
    for terms in [
        &mut site.tags,
        &mut site.categories,
        &mut site.series,
        &mut site.pillars,
    ] {
        for term in terms.iter_mut() {
            term.items = all.next().unwrap_or_default();
        }
    }
    diags
}

/// A term's articles and records in one list, newest first; on the same day articles come
/// first, each in their own order (a stable sort of the two lists one after the other).
/// Both lists are already newest first (items are placed in the site's order), so they are
/// merged, not sorted: sorting every term's items was a tenth of a preview edit.
fn newest_first(articles: &[usize], activities: &[usize], day: impl Fn(&Item) -> chrono::NaiveDate) -> Vec<Item> {
    let a: Vec<Item> = articles.iter().map(|&i| Item::Article(i)).collect();
    let b: Vec<Item> = activities.iter().map(|&i| Item::Activity(i)).collect();
    let newest = |l: &[Item]| l.windows(2).all(|w| day(&w[0]) >= day(&w[1]));
    if !newest(&a) || !newest(&b) {
        // An undated article sorts last but counts as 1970: sort as before.
        let mut items: Vec<Item> = a.into_iter().chain(b).collect();
        items.sort_by_key(|it| std::cmp::Reverse(day(it)));
        return items;
    }
    let mut items = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if day(&a[i]) >= day(&b[j]) {
            items.push(a[i]);
            i += 1;
        } else {
            items.push(b[j]);
            j += 1;
        }
    }
    items.extend_from_slice(&a[i..]);
    items.extend_from_slice(&b[j..]);
    items
}

struct TermBuilder {
    taxonomy: Taxonomy,
    terms: Vec<Term>,
    by_slug: FxHashMap<String, usize>,
    /// Spellings already placed on the term of exactly that name: the next item with one skips
    /// the pinyin (`slugify` of every tag of every item was a fifth of an edit's re-assembly).
    by_name: FxHashMap<String, usize>,
    /// Where each term was first written, for collision messages.
    first: Vec<Origin>,
    /// Slugs chosen in site.yaml's `term_slugs:`.
    chosen: BTreeMap<String, String>,
    /// Spelling pairs already reported.
    reported: HashSet<(String, String)>,
    diags: Vec<Diagnostic>,
}

impl TermBuilder {
    fn new(taxonomy: Taxonomy, chosen: BTreeMap<String, String>) -> Self {
        TermBuilder {
            taxonomy,
            terms: Vec::new(),
            by_slug: FxHashMap::default(),
            by_name: FxHashMap::default(),
            first: Vec::new(),
            chosen,
            reported: HashSet::new(),
            diags: Vec::new(),
        }
    }

    /// The term's web address: chosen in site.yaml, else its pinyin, else a stable code
    /// made from its characters (`？` → `u-ff1f`), so no term ever has an empty address.
    fn slug_of(&self, name: &str) -> String {
        if let Some(s) = self.chosen.get(name) {
            return s.clone();
        }
        let s = slugify(name);
        if !s.is_empty() {
            return s;
        }
        let codes: Vec<String> = name.chars().map(|c| format!("{:x}", c as u32)).collect();
        format!("u-{}", codes.join("-"))
    }

    fn declare(&mut self, name: &str, slug: Option<&str>, description: &str, origin: Origin) {
        let slug = slug
            .map(slugify)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| self.slug_of(name));
        if let Some(&i) = self.by_slug.get(&slug) {
            self.collision(i, name, &slug, origin);
            return;
        }
        self.by_slug.insert(slug.clone(), self.terms.len());
        self.by_slug.entry(self.slug_of(name)).or_insert(self.terms.len());
        self.first.push(origin);
        self.terms.push(Term {
            name: name.to_string(),
            slug,
            description: description.to_string(),
            articles: Vec::new(),
            activities: Vec::new(),
            items: Vec::new(),
        });
    }

    fn add(&mut self, name: &str, item: Item, origin: impl Fn() -> Origin) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        if let Some(&i) = self.by_name.get(name) {
            self.place(i, item);
            return;
        }
        let slug = self.slug_of(name);
        let i = match self.by_slug.get(&slug) {
            Some(&i) => i,
            None => {
                self.declare(name, None, "", origin());
                self.terms.len() - 1
            }
        };
        if self.terms[i].name != name && self.terms[i].slug == slug {
            self.collision(i, name, &slug, origin());
            return;
        }
        if self.terms[i].name == name {
            self.by_name.insert(name.to_string(), i);
        }
        self.place(i, item);
    }

    fn place(&mut self, i: usize, item: Item) {
        let term = &mut self.terms[i];
        let (list, index) = match item {
            Item::Article(a) => (&mut term.articles, a),
            Item::Activity(a) => (&mut term.activities, a),
        };
        if list.last() != Some(&index) {
            list.push(index);
        }
    }

    fn collision(&mut self, i: usize, name: &str, slug: &str, (file, line): Origin) {
        let other = self.terms[i].name.clone();
        if !self.reported.insert((other.clone(), name.to_string())) {
            return;
        }
        let (first_file, first_line) = &self.first[i];
        let key = self.taxonomy.key();
        let d = Diagnostic::error(
            file,
            t!(m::TERM_COLLISION, name = name, other = other, key = key, slug = slug),
        )
        .at(line, 1)
        .code(crate::diagnostics::Code::TermCollision)
        .with_help(t!(
            m::TERM_COLLISION_HELP,
            other = other,
            file = first_file,
            line = first_line,
            key = key,
            name = name
        ));
        self.diags.push(d);
    }
    /// Sorted by slug for stable output, unless the order was declared (pillars).
    fn finish(mut self, sort: bool) -> Vec<Term> {
        if sort {
            self.terms.sort_by(|a, b| a.slug.cmp(&b.slug));
        }
        self.terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_term_items_are_the_stable_sort_of_articles_then_records() {
        let d = |n: i64| chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() - chrono::Duration::days(n);
        // Days by index, newest first with ties; an "undated" article at 1970 among dated ones.
        let article_days = [d(0), d(0), d(3), d(5), d(5), d(9)];
        let record_days = [d(0), d(2), d(3), d(3), d(5), d(10)];
        for undated in [false, true] {
            let mut ad = article_days.to_vec();
            if undated {
                ad.insert(3, chrono::NaiveDate::default());
            }
            let day = |it: &Item| match *it {
                Item::Article(i) => ad[i],
                Item::Activity(i) => record_days[i],
            };
            for (na, nr) in [(0, 0), (0, 6), (ad.len(), 0), (ad.len(), 6), (3, 2)] {
                let articles: Vec<usize> = (0..na).collect();
                let records: Vec<usize> = (0..nr).collect();
                let mut sorted: Vec<Item> = articles
                    .iter()
                    .map(|&i| Item::Article(i))
                    .chain(records.iter().map(|&i| Item::Activity(i)))
                    .collect();
                sorted.sort_by_key(|it| std::cmp::Reverse(day(it)));
                assert_eq!(
                    newest_first(&articles, &records, day),
                    sorted,
                    "{na} articles, {nr} records"
                );
            }
        }
    }
}
