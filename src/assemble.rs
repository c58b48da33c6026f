//! Stage 2: put parsed files together into the site model and check what needs the whole
//! site: reserved and duplicate addresses, pillars, taxonomies, cross-references.

use crate::activities::Activity;
use crate::config::{BaseUrl, Config};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::load::Loaded;
use crate::model::{Item, Page, Site, Term};
use crate::routes::RESERVED;
use crate::slug::slugify;
use std::collections::HashMap;
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
                Diagnostic::error(
                    &page.source,
                    format!("the address `/{}/` is reserved for the site's own pages", page.slug),
                )
                .at(front_line(page, "slug"), 1)
                .with_help(format!(
                    "give the page another `slug:`; reserved are: {}",
                    RESERVED.join(", ")
                )),
            );
        }
    }
    check_pillars(&config, &articles, &activities, &mut diags);
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
    };
    build_taxonomies(&mut site);
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

fn check_pillars(config: &Config, articles: &[Page], activities: &[Activity], diags: &mut Vec<Diagnostic>) {
    if config.pillars.is_empty() {
        return;
    }
    let names: Vec<&str> = config.pillars.iter().map(|p| p.name.as_str()).collect();
    let help = |given: &str| match did_you_mean(given, &names) {
        Some(s) => format!("did you mean `{s}`? The pillars in site.yaml are: {}", names.join(", ")),
        None => format!("use one of the pillars in site.yaml: {}", names.join(", ")),
    };
    for a in articles {
        if let Some(p) = &a.meta.pillar {
            if !names.contains(&p.as_str()) {
                diags.push(
                    Diagnostic::error(&a.source, format!("unknown pillar `{p}`"))
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
                    Diagnostic::error(&a.source, format!("unknown pillar `{p}`"))
                        .at(record_line(a, "pillar"), 1)
                        .with_help(help(p)),
                );
            }
        }
    }
}

fn link_articles_to_activities(articles: &[Page], activities: &mut [Activity], diags: &mut Vec<Diagnostic>) {
    let by_slug: HashMap<String, usize> = activities
        .iter()
        .enumerate()
        .map(|(i, a)| (a.slug.clone(), i))
        .collect();
    let slugs: Vec<&str> = activities.iter().map(|a| a.slug.as_str()).collect();
    let mut backlinks: Vec<(usize, usize)> = Vec::new();
    for (ai, article) in articles.iter().enumerate() {
        for slug in &article.meta.activities {
            match by_slug.get(slug) {
                Some(&i) => backlinks.push((i, ai)),
                None => {
                    let mut d = Diagnostic::error(&article.source, format!("no activity record has the slug `{slug}`"))
                        .at(front_line(article, "activities"), 1);
                    d = match did_you_mean(slug, &slugs) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help("a record's slug is its file name without .yaml, or its `slug:`"),
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

/// Group articles and activities by tag, category, series and pillar, keyed by slug.
fn build_taxonomies(site: &mut Site) {
    let mut tags = TermBuilder::default();
    let mut categories = TermBuilder::default();
    let mut series = TermBuilder::default();
    let mut pillars = TermBuilder::default();
    for p in &site.config.pillars {
        pillars.declare(&p.name, p.slug.as_deref(), &p.description);
    }
    for (i, a) in site.articles.iter().enumerate() {
        for t in &a.meta.tags {
            tags.add(t, Item::Article(i));
        }
        if let Some(c) = &a.meta.category {
            categories.add(c, Item::Article(i));
        }
        if let Some(p) = &a.meta.pillar {
            pillars.add(p, Item::Article(i));
        }
    }
    for (i, a) in site.activities.iter().enumerate() {
        for t in &a.record.tags {
            tags.add(t, Item::Activity(i));
        }
        categories.add(&a.record.category, Item::Activity(i));
        if let Some(s) = &a.record.series {
            series.add(s, Item::Activity(i));
        }
        if let Some(p) = &a.record.pillar {
            pillars.add(p, Item::Activity(i));
        }
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
    for t in crate::model::Taxonomy::ALL {
        for term in site.terms(t) {
            let mut items: Vec<Item> = term
                .articles
                .iter()
                .map(|&i| Item::Article(i))
                .chain(term.activities.iter().map(|&i| Item::Activity(i)))
                .collect();
            // Stable: articles before activities of the same day, each newest first.
            items.sort_by_key(|it| std::cmp::Reverse(day(it)));
            all.push(items);
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
}

#[derive(Default)]
struct TermBuilder {
    terms: Vec<Term>,
    by_slug: HashMap<String, usize>,
}

impl TermBuilder {
    fn declare(&mut self, name: &str, slug: Option<&str>, description: &str) {
        let slug = slug.map(slugify).unwrap_or_else(|| slugify(name));
        self.by_slug.insert(slug.clone(), self.terms.len());
        self.by_slug.insert(slugify(name), self.terms.len());
        self.terms.push(Term {
            name: name.to_string(),
            slug,
            description: description.to_string(),
            articles: Vec::new(),
            activities: Vec::new(),
            items: Vec::new(),
        });
    }

    fn add(&mut self, name: &str, item: Item) {
        let name = name.trim();
        let slug = slugify(name);
        if slug.is_empty() {
            return;
        }
        let i = match self.by_slug.get(&slug) {
            Some(&i) => i,
            None => {
                self.declare(name, None, "");
                self.terms.len() - 1
            }
        };
        let term = &mut self.terms[i];
        let (list, index) = match item {
            Item::Article(a) => (&mut term.articles, a),
            Item::Activity(a) => (&mut term.activities, a),
        };
        if list.last() != Some(&index) {
            list.push(index);
        }
    }

    /// Sorted by slug for stable output, unless the order was declared (pillars).
    fn finish(mut self, sort: bool) -> Vec<Term> {
        if sort {
            self.terms.sort_by(|a, b| a.slug.cmp(&b.slug));
        }
        self.terms
    }
}
