//! Rebuilding after edits, for `serve` and `build --watch`: keep the prepared site in
//! memory, re-read only the files that changed, re-render only the routes whose output can
//! change, and write only the files whose bytes changed.
//!
//! The fast path applies when an edit keeps every item's identity (address, date, groupings,
//! draft state) and the `site` object templates see. Then the route list, list order and
//! term memberships stay as they are, and a page can change only if it shows the edited
//! item: its own page and the feeds always; when its card (title, summary, counts…) changed,
//! also its neighbours, the list and term pages holding it, home and linked items. Anything
//! else (new or deleted files, a changed date or tag, config, templates, static files) is a
//! full rebuild in memory whose output is compared with what is on disk. Both paths must
//! give the same bytes; `tests/serve.rs` checks that.

use crate::bodies;
use crate::build::{self, BuildOptions, Prepared};
use crate::check;
use crate::diagnostics::{rel_path, Diagnostic};
use crate::load::{self, ParsedFile};
use crate::model::{Page, Section, Site, Taxonomy};
use crate::output::{self, OutputFile, Written};
use crate::render::{term_items, Item};
use crate::routes::{Route, TaxonomyKey};
use crate::views::{activity_card, page_card};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A site kept in memory between rebuilds, and the output folder it keeps current.
pub struct Session {
    opts: BuildOptions,
    root: PathBuf,
    out: PathBuf,
    state: Option<State>,
    written: Written,
    /// Whether the output folder has been written in this session.
    started: bool,
}

struct State {
    prep: Prepared,
    /// The `site` object as JSON: when it changes, every page may change.
    global: String,
    /// Errors in files edited since the last good render, by source.
    file_errors: BTreeMap<String, Vec<Diagnostic>>,
    /// Routes to render once those errors are fixed.
    pending: BTreeSet<Route>,
}

/// What a successful rebuild did.
#[derive(Debug)]
pub struct Report {
    /// A full rebuild (else only the affected routes were rendered).
    pub full: bool,
    pub rendered: usize,
    /// Output paths written or removed.
    pub changed: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

pub type Outcome = Result<Report, Vec<Diagnostic>>;

impl Session {
    /// Refuses output folders a build would refuse.
    pub fn new(opts: BuildOptions) -> Result<Session, Diagnostic> {
        let out = output::absolute(&opts.output_dir());
        output::check_output_dir(&opts.root, &out)?;
        Ok(Session {
            root: output::absolute(&opts.root),
            opts,
            out,
            state: None,
            written: Written::default(),
            started: false,
        })
    }

    pub fn output_dir(&self) -> &Path {
        &self.out
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The last good build, if any.
    pub fn prepared(&self) -> Option<&Prepared> {
        self.state.as_ref().map(|s| &s.prep)
    }

    /// Load and render everything; write what differs from the output folder.
    pub fn rebuild_all(&mut self) -> Outcome {
        let started = Instant::now();
        self.state = None;
        let prep = build::prepare(&self.opts)?;
        let files = prep.all_files().map_err(|mut d| {
            d.extend(prep.warnings.iter().cloned());
            build::finish(d)
        })?;
        let changed = self.write(&files, true)?;
        let report = Report {
            full: true,
            rendered: prep.routes.len(),
            changed,
            warnings: prep.warnings.clone(),
            elapsed: started.elapsed(),
        };
        self.state = Some(State {
            global: global_json(&prep),
            prep,
            file_errors: BTreeMap::new(),
            pending: BTreeSet::new(),
        });
        Ok(report)
    }

    /// Rebuild after `paths` changed (created, modified, removed or renamed).
    pub fn update(&mut self, paths: &[PathBuf]) -> Outcome {
        let started = Instant::now();
        match self.fast(paths) {
            Some(outcome) => outcome.map(|mut r| {
                r.elapsed = started.elapsed();
                r
            }),
            None => self.rebuild_all(),
        }
    }

    fn write(&mut self, files: &[OutputFile], complete: bool) -> Result<Vec<String>, Vec<Diagnostic>> {
        let result = if self.started {
            self.written.update(&self.out, files, complete)
        } else {
            self.written
                .replace_all(&self.out, files)
                .map(|()| files.iter().map(|f| f.path.clone()).collect())
        };
        self.started = true;
        result.map_err(|e| {
            vec![
                Diagnostic::error(rel_path(&self.root, &self.out), format!("cannot write the output: {e}"))
                    .with_help("check free disk space and that the folder is writable"),
            ]
        })
    }

    /// The fast path; `None` when the edit needs a full rebuild.
    fn fast(&mut self, paths: &[PathBuf]) -> Option<Outcome> {
        let drafts = self.opts.drafts;
        let state = self.state.as_mut()?;
        let mut sources = Vec::new();
        for path in paths {
            let rel = rel_path(&self.root, path);
            if !path.is_file() || !path.starts_with(self.root.join("content")) {
                return None;
            }
            let parsed = load::load_file(&self.root, path)?;
            let affected = match parsed {
                Err(diags) => {
                    // Keep the last good version in memory; show the problem until it is fixed.
                    state.file_errors.insert(rel.clone(), diags);
                    Vec::new()
                }
                Ok(ParsedFile::Page(page)) => patch_page(state, *page, drafts)?,
                Ok(ParsedFile::Activities(list)) => patch_activities(state, &rel, list, drafts)?,
            };
            state.pending.extend(affected);
            sources.push(rel);
        }
        let prep = &mut state.prep;
        let stats = crate::stats::compute(&prep.site);
        let global = serde_json::to_string(&crate::sitectx::site_context(&prep.site, &stats)).ok()?;
        if global != state.global {
            return None;
        }
        let mut problems: Vec<Diagnostic> = state.file_errors.values().flatten().cloned().collect();
        problems.extend(check::anchors(&prep.site));
        let warnings: Vec<Diagnostic> = check::warnings(&prep.site, &prep.drafts)
            .into_iter()
            .filter(|w| sources.contains(&w.file))
            .collect();
        if problems.iter().any(Diagnostic::is_error) {
            problems.extend(warnings);
            return Some(Err(build::finish(problems)));
        }
        let routes: Vec<Route> = state.pending.iter().copied().collect();
        let files = match prep.render(&routes) {
            Ok(f) => f,
            Err(mut d) => {
                d.extend(warnings);
                return Some(Err(build::finish(d)));
            }
        };
        state.pending.clear();
        let changed = match self.write(&files, false) {
            Ok(c) => c,
            Err(d) => return Some(Err(d)),
        };
        Some(Ok(Report {
            full: false,
            rendered: routes.len(),
            changed,
            warnings: build::finish(warnings),
            elapsed: Duration::ZERO,
        }))
    }
}

fn global_json(prep: &Prepared) -> String {
    serde_json::to_string(&crate::sitectx::site_context(&prep.site, &prep.stats)).unwrap_or_default()
}

/// What places an article in lists and groups; a change here reorders or regroups the site.
fn same_place(a: &Page, b: &Page) -> bool {
    let (x, y) = (&a.meta, &b.meta);
    a.path == b.path
        && x.date == y.date
        && x.tags == y.tags
        && x.category == y.category
        && x.pillar == y.pillar
        && x.draft == y.draft
        && x.activities == y.activities
}

/// Replace an article, page or home intro by its edited version; the routes it affects.
fn patch_page(state: &mut State, new: Page, drafts: bool) -> Option<Vec<Route>> {
    if new.meta.draft && !drafts {
        return None;
    }
    let Prepared { site, targets, .. } = &mut state.prep;
    let (route, page) = match new.section {
        Section::Article => {
            let i = site.articles.iter().position(|p| p.source == new.source)?;
            (Route::Article(i), &mut site.articles[i])
        }
        Section::Page => {
            let i = site.pages.iter().position(|p| p.source == new.source)?;
            (Route::Page(i), &mut site.pages[i])
        }
        Section::Home => (Route::Home, site.home.as_mut().filter(|h| h.source == new.source)?),
    };
    if !same_place(page, &new) {
        return None;
    }
    let old = page.clone();
    page.meta = new.meta;
    page.body = new.body;
    page.body_line_offset = new.body_line_offset;
    let diags = bodies::render_page(page, targets);
    if page.assets != old.assets {
        return None;
    }
    record_errors(&mut state.file_errors, &new.source, diags);
    let site = &state.prep.site;
    let mut routes = vec![route, Route::Sitemap];
    if let Route::Article(i) = route {
        routes.push(Route::Atom);
        if page_card(site, &old) != page_card(site, &site.articles[i]) {
            article_neighbours(site, i, &mut routes);
        }
    }
    Some(routes)
}

fn record_errors(errors: &mut BTreeMap<String, Vec<Diagnostic>>, source: &str, diags: Vec<Diagnostic>) {
    let diags: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    if diags.is_empty() {
        errors.remove(source);
    } else {
        errors.insert(source.to_string(), diags);
    }
}

/// Pages that show article `i`'s card.
fn article_neighbours(site: &Site, i: usize, routes: &mut Vec<Route>) {
    routes.push(Route::Home);
    routes.push(Route::ArticleList(i / site.config.paginate.max(1)));
    routes.extend(i.checked_sub(1).map(Route::Article));
    if i + 1 < site.articles.len() {
        routes.push(Route::Article(i + 1));
    }
    for (j, a) in site.activities.iter().enumerate() {
        if a.articles.contains(&i) {
            routes.push(Route::Activity(j));
        }
    }
    term_pages(site, Item::Article(i), routes);
}

/// The term page that lists `item`, in every taxonomy holding it.
fn term_pages(site: &Site, item: Item, routes: &mut Vec<Route>) {
    let per = site.config.paginate.max(1);
    for t in Taxonomy::ALL {
        for (ti, term) in site.terms(t).iter().enumerate() {
            let holds = match item {
                Item::Article(i) => term.articles.contains(&i),
                Item::Activity(i) => term.activities.contains(&i),
            };
            if !holds {
                continue;
            }
            if let Some(pos) = term_items(site, term).iter().position(|x| *x == item) {
                routes.push(Route::Term(TaxonomyKey::of(t), ti, pos / per));
            }
        }
    }
}

/// Replace the records of one file by their edited versions; the routes they affect.
fn patch_activities(
    state: &mut State,
    source: &str,
    list: Vec<crate::activities::Activity>,
    drafts: bool,
) -> Option<Vec<Route>> {
    let list: Vec<_> = list.into_iter().filter(|a| drafts || !a.record.draft).collect();
    let Prepared { site, targets, .. } = &mut state.prep;
    let known: Vec<usize> = (0..site.activities.len())
        .filter(|&i| site.activities[i].source == source)
        .collect();
    if known.len() != list.len() {
        return None;
    }
    let mut routes = Vec::new();
    let mut diags = Vec::new();
    for new in list {
        let i = *known.iter().find(|&&i| site.activities[i].slug == new.slug)?;
        let (r, n) = (&site.activities[i].record, &new.record);
        let same_place = r.date == n.date
            && r.category == n.category
            && r.pillar == n.pillar
            && r.series == n.series
            && r.tags == n.tags
            && r.draft == n.draft;
        if !same_place {
            return None;
        }
        let old_card = activity_card(site, &site.activities[i]);
        let a = &mut site.activities[i];
        let old_assets = std::mem::take(&mut a.assets);
        a.record = new.record;
        a.line = new.line;
        a.body_line_offset = new.body_line_offset;
        a.rendered = Default::default();
        diags.extend(bodies::render_activity(a, targets));
        if a.assets != old_assets {
            return None;
        }
        routes.extend([Route::Activity(i), Route::Calendar, Route::ActivityJson]);
        if activity_card(site, &site.activities[i]) != old_card {
            activity_neighbours(site, i, &mut routes);
        }
    }
    record_errors(&mut state.file_errors, source, diags);
    Some(routes)
}

/// Pages that show activity `i`'s card.
fn activity_neighbours(site: &Site, i: usize, routes: &mut Vec<Route>) {
    use chrono::Datelike;
    let a = &site.activities[i];
    routes.extend([
        Route::Home,
        Route::Timeline(None),
        Route::Timeline(Some(a.record.date.day.year())),
    ]);
    routes.extend(i.checked_sub(1).map(Route::Activity));
    if i + 1 < site.activities.len() {
        routes.push(Route::Activity(i + 1));
    }
    for (ci, c) in site.categories.iter().enumerate() {
        if c.activities.contains(&i) {
            routes.push(Route::TimelineCategory(ci));
        }
    }
    routes.extend(a.articles.iter().map(|&j| Route::Article(j)));
    term_pages(site, Item::Activity(i), routes);
}
