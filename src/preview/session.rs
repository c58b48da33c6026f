//! Rebuilding after edits, for `serve` and `build --watch`: keep the prepared site in
//! memory, re-read only the files that changed, re-render only the routes whose output can
//! change, and write only the files whose bytes changed.
//!
//! The fast path applies when an edit keeps every item's identity (address, date, groupings,
//! draft state) and the `site` object templates see. Then the route list, list order and
//! term memberships stay as they are, and a page can change only if it shows the edited
//! item: its own page and the feeds always; when its card (title, summary, counts…) changed,
//! also its neighbours, the list and term pages holding it, home and linked items.
//!
//! Other content edits (new or deleted files, a changed date, tag, category, pillar, sessions
//! or participants) take the structural path ([`super::structural`]): the model is
//! re-assembled from the items in memory, and only pages whose fingerprint
//! ([`super::fingerprint`]) changed are rendered; pages that no longer exist are removed.
//! When most pages changed (the `site` object did), they are all rendered in parallel and
//! streamed out. Config, templates and static files are a full rebuild in memory whose output
//! is compared with what is on disk. All paths must give the same bytes;
//! `tests/incremental.rs` checks that edit after edit, for every kind of edit.
//!
//! For the search index (another helper's `search.rs`): every [`Report`] lists in `changed`
//! the output paths written or removed, which is what a re-index needs.
//!
//! The fast path touches only the edited items and what shows them, found through indices
//! built once per full build, never by scanning the site: on a 10,000-article site the
//! model is hundreds of MB, and walking it costs page faults once the OS has reclaimed
//! idle memory between two saves.

use super::fingerprint::{self, SiteParts, Versions};
use super::structural::{self, Change};
use crate::diagnostics::Diagnostic;
use crate::input::{self, ParsedFile};
use crate::markdown::Rendered;
use crate::messages::output as m;
use crate::output::{self, OutputFile, Written};
use crate::paths::rel_path;
use crate::pipeline::{self, BuildOptions, Prepared};
use crate::render::views::{activity_card, page_card};
use crate::site::bodies;
use crate::site::checks;
use crate::site::model::{Item, Page, Site, Taxonomy};
use crate::site::routes::{pages_holding, Route, TaxonomyKey};
use crate::t;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet, HashMap};
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
    /// Re-makes the search bundle after each rebuild (`crate::preview::search`).
    search: crate::preview::search::Indexer,
}

struct State {
    prep: Prepared,
    index: Index,
    /// Errors in files edited since the last good render, by source.
    file_errors: BTreeMap<String, Vec<Diagnostic>>,
    /// Broken `#anchor` links, by the source that has them.
    anchor_errors: BTreeMap<String, Vec<Diagnostic>>,
    /// Routes to render once those errors are fixed.
    pending: BTreeSet<Route>,
    /// Item versions, for route fingerprints.
    versions: Versions,
    /// Fingerprints of the item and list pages as last written by a full or structural
    /// rebuild, by output path.
    fingerprints: FxHashMap<String, u64>,
    /// Every output path of the site (routes and copied files).
    outputs: FxHashSet<String>,
    /// What each template reads of `site` (the theme stays as it is until a full rebuild).
    reads: HashMap<String, super::reads::Reads>,
}

impl State {
    fn new(mut prep: Prepared) -> State {
        let mut versions = Versions::default();
        versions.all(&prep.site);
        let reads = super::reads::analyse(&prep.theme.sources);
        let parts = SiteParts::of(&prep);
        let computed = fingerprint::compute(&prep.site, &prep.routes, &prep.paths, &versions, &parts, &reads);
        prep.pieces.set_keys(computed.record_keys);
        let fingerprints = fingerprint::by_path(&prep.paths, &computed.routes);
        State {
            reads,
            index: Index::build(&prep.site),
            outputs: output_paths(&prep),
            prep,
            file_errors: BTreeMap::new(),
            anchor_errors: BTreeMap::new(),
            pending: BTreeSet::new(),
            versions,
            fingerprints,
        }
    }
}

/// This process's folder for files replaced in the output ([`Written::with_trash`]), in the
/// site's cache; folders of sessions that ended without removing theirs go first (one of
/// another running session only holds files waiting to be deleted).
fn trash_dir(root: &Path) -> PathBuf {
    const PREFIX: &str = "preview-trash-";
    let cache = root.join(".huimin-cache");
    if let Ok(entries) = std::fs::read_dir(&cache) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(PREFIX) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    cache.join(format!("{PREFIX}{}", std::process::id()))
}

fn output_paths(prep: &Prepared) -> FxHashSet<String> {
    use rayon::prelude::*;
    let mut out: FxHashSet<String> = prep.paths.par_iter().map(|p| crate::paths::output_file(p)).collect();
    out.extend(prep.copied_paths());
    out
}

/// Where things are, built once per full build so an edit never scans the site.
#[derive(Default)]
struct Index {
    /// Content source → what it holds.
    by_source: FxHashMap<String, Loc>,
    /// Site path of a page or record → what is there (for anchor checks).
    by_path: FxHashMap<String, Loc>,
    /// Term and timeline pages that list an item (one page per term).
    listed_on: FxHashMap<Item, Vec<Route>>,
    /// Article → the records that list it in `activities:` (shown on their pages).
    shown_by: FxHashMap<usize, Vec<usize>>,
    /// Site path → sources whose bodies link to an anchor on it.
    anchor_links: FxHashMap<String, BTreeSet<String>>,
}

#[derive(Debug, Clone, PartialEq)]
enum Loc {
    Article(usize),
    Page(usize),
    Home,
    /// The records of one file.
    Activities(Vec<usize>),
}

impl Index {
    fn build(site: &Site) -> Index {
        let mut x = Index::default();
        for (i, p) in site.articles.iter().enumerate() {
            x.by_source.insert(p.source.clone(), Loc::Article(i));
            x.by_path.insert(p.path.clone(), Loc::Article(i));
        }
        for (i, p) in site.pages.iter().enumerate() {
            x.by_source.insert(p.source.clone(), Loc::Page(i));
            x.by_path.insert(p.path.clone(), Loc::Page(i));
        }
        if let Some(h) = &site.home {
            x.by_source.insert(h.source.clone(), Loc::Home);
            x.by_path.insert(h.path.clone(), Loc::Home);
        }
        for (i, a) in site.activities.iter().enumerate() {
            if let Loc::Activities(list) = x
                .by_source
                .entry(a.source.clone())
                .or_insert_with(|| Loc::Activities(Vec::new()))
            {
                list.push(i);
            }
            x.by_path.insert(a.path.clone(), Loc::Activities(vec![i]));
            for &j in &a.articles {
                x.shown_by.entry(j).or_default().push(i);
            }
        }
        let per = site.config.paginate.max(1);
        for t in Taxonomy::ALL {
            let key = TaxonomyKey::of(t);
            for (ti, term) in site.terms(t).iter().enumerate() {
                let n = term.items.len();
                for (pos, &item) in term.items.iter().enumerate() {
                    let on = x.listed_on.entry(item).or_default();
                    on.extend(pages_holding(n, per, pos).map(|page| Route::Term(key, ti, page)));
                }
            }
        }
        for (ci, c) in site.categories.iter().enumerate() {
            for &j in &c.activities {
                x.listed_on
                    .entry(Item::Activity(j))
                    .or_default()
                    .push(Route::TimelineCategory(ci));
            }
        }
        let bodies = site
            .articles
            .iter()
            .chain(&site.pages)
            .chain(&site.home)
            .map(|p| (&p.source, &p.rendered))
            .chain(site.activities.iter().map(|a| (&a.source, &a.rendered)));
        for (source, rendered) in bodies {
            for target in anchor_targets(site, rendered, source) {
                x.anchor_links.entry(target).or_default().insert(source.clone());
            }
        }
        x
    }
}

impl Index {
    /// Sources whose bodies link to an anchor on a page of the `edited` sources (or of
    /// sources below an edited folder), as the site was before the edit.
    fn anchor_linkers(&self, site: &Site, edited: &BTreeSet<String>) -> FxHashSet<String> {
        let below = |s: &str| {
            edited
                .iter()
                .any(|e| s == e || s.strip_prefix(e.as_str()).is_some_and(|r| r.starts_with('/')))
        };
        let mut paths: Vec<&str> = Vec::new();
        for loc in self.by_source.iter().filter(|(s, _)| below(s)).map(|(_, loc)| loc) {
            match loc {
                Loc::Article(i) => paths.extend(site.articles.get(*i).map(|p| p.path.as_str())),
                Loc::Page(i) => paths.extend(site.pages.get(*i).map(|p| p.path.as_str())),
                Loc::Home => paths.extend(site.home.as_ref().map(|p| p.path.as_str())),
                Loc::Activities(list) => paths.extend(
                    list.iter()
                        .filter_map(|&i| site.activities.get(i))
                        .map(|a| a.path.as_str()),
                ),
            }
        }
        paths
            .iter()
            .filter_map(|p| self.anchor_links.get(*p))
            .flatten()
            .cloned()
            .collect()
    }
}

/// Site paths a body links to with a `#anchor` (its own path for `#x` alone).
fn anchor_targets(site: &Site, r: &Rendered, own: &str) -> Vec<String> {
    r.links
        .iter()
        .filter_map(|(_, url)| {
            let (path, anchor) = url.split_once('#')?;
            if anchor.is_empty() || url.contains("://") {
                return None;
            }
            if path.is_empty() {
                return Some(format!("source:{own}"));
            }
            path.strip_prefix(site.base.path.as_str()).map(str::to_string)
        })
        .collect()
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

impl Report {
    /// An incremental rebuild's report (the caller times it).
    fn incremental(rendered: usize, changed: Vec<String>, warnings: Vec<Diagnostic>) -> Report {
        Report {
            full: false,
            rendered,
            changed,
            warnings: pipeline::finish(warnings),
            elapsed: Duration::ZERO,
        }
    }
}

pub type Outcome = Result<Report, Vec<Diagnostic>>;

impl Session {
    /// Refuses output folders a build would refuse.
    pub fn new(opts: BuildOptions) -> Result<Session, Diagnostic> {
        let out = crate::paths::absolute(&opts.output_dir());
        output::check_output_dir(&opts.root, &out)?;
        let root = crate::paths::absolute(&opts.root);
        Ok(Session {
            written: Written::default().with_trash(trash_dir(&root)),
            root,
            opts,
            out,
            state: None,
            started: false,
            search: Default::default(),
        })
    }

    /// Re-index search in the background after each rebuild (the live preview).
    pub fn with_background_search(mut self) -> Self {
        self.search.background = true;
        self
    }

    /// Wait until the search bundle of the last rebuild is written (benchmarks, quitting).
    pub fn wait_for_search(&mut self) {
        self.search.wait();
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
        let prep = pipeline::prepare(&self.opts)?;
        let changed = self.write_all(&prep).map_err(|mut d| {
            d.extend(prep.warnings.iter().cloned());
            pipeline::finish(d)
        })?;
        prep.images.save();
        self.written.empty_trash();
        let report = Report {
            full: true,
            rendered: prep.routes.len(),
            changed,
            warnings: prep.warnings.clone(),
            elapsed: started.elapsed(),
        };
        self.state = Some(State::new(prep));
        self.search.refresh(self.state.as_ref().map(|s| &s.prep), &self.out);
        Ok(report)
    }

    /// Rebuild after `paths` changed (created, modified, removed or renamed).
    pub fn update(&mut self, paths: &[PathBuf]) -> Outcome {
        let outcome = self.update_files(paths);
        self.written.empty_trash();
        outcome
    }

    fn update_files(&mut self, paths: &[PathBuf]) -> Outcome {
        let started = Instant::now();
        match self.fast(paths) {
            Some(outcome) => outcome.map(|mut r| {
                r.elapsed = started.elapsed();
                self.search.refresh(self.state.as_ref().map(|s| &s.prep), &self.out);
                r
            }),
            None => match self.structural(paths) {
                Some(outcome) => outcome.map(|mut r| {
                    r.elapsed = started.elapsed();
                    self.search.refresh(self.state.as_ref().map(|s| &s.prep), &self.out);
                    r
                }),
                None => self.rebuild_all(),
            },
        }
    }

    /// The structural path (see [`super::structural`]); `None` when the edit needs a full
    /// rebuild.
    fn structural(&mut self, paths: &[PathBuf]) -> Option<Outcome> {
        let mut t = super::timing::Phases::start();
        let state = self.state.as_ref()?;
        let known = |rel: &str| {
            let below = |s: &str| s == rel || s.strip_prefix(rel).is_some_and(|r| r.starts_with('/'));
            state.index.by_source.keys().any(|s| below(s)) || state.prep.drafts.iter().any(|s| below(s))
        };
        let changes = structural::parse_changes(&self.root, known, paths)?;
        let edited: BTreeSet<String> = changes
            .iter()
            .map(|c| match c {
                Change::Parsed(rel, _) | Change::Removed(rel) => rel.clone(),
            })
            .collect();
        // Problems in files this edit does not touch stay until they are fixed: a full build
        // lists them with everything else.
        if state.file_errors.keys().any(|s| !edited.contains(s)) {
            return None;
        }
        t.mark("parse");
        let mut state = self.state.take()?;
        let old_copied = state.prep.copied_paths();
        let anchor_linkers = state.index.anchor_linkers(&state.prep.site, &edited);
        let known = structural::Known {
            outputs: &state.outputs,
            anchor_linkers,
        };
        let (done, mut warnings) = match structural::reassemble(state.prep, changes, self.opts.drafts, known, &mut t) {
            Ok(x) => x,
            // The next save builds everything again.
            Err(d) => return Some(Err(d)),
        };
        warnings.retain(|d| d.is_error() || edited.iter().any(|e| d.file.starts_with(e.as_str())));
        let mut prep = done.prep;
        for source in &done.gone {
            state.versions.forget_source(source);
        }
        for source in done.rendered_pages {
            state.versions.bump(source);
        }
        for (source, slug) in done.rendered_activities {
            state.versions.bump(fingerprint::activity_key(&source, &slug));
        }
        let parts = SiteParts::of(&prep);
        let computed = fingerprint::compute(
            &prep.site,
            &prep.routes,
            &prep.paths,
            &state.versions,
            &parts,
            &state.reads,
        );
        prep.pieces.set_keys(computed.record_keys);
        t.mark("fingerprints");
        let routes = fingerprint::update(
            &mut state.fingerprints,
            &done.vanished,
            &prep.routes,
            &prep.paths,
            &computed.routes,
        );
        debug_assert!(state.fingerprints == fingerprint::by_path(&prep.paths, &computed.routes));
        // What left the output: the pages of vanished routes, copied files no longer wanted.
        let new_copied: FxHashSet<String> = prep.copied_paths().into_iter().collect();
        let mut stale: Vec<String> = done
            .vanished
            .iter()
            .map(|p| crate::paths::output_file(p))
            .chain(old_copied)
            .filter(|p| !new_copied.contains(p))
            .collect();
        stale.sort();
        stale.dedup();
        t.mark("changed_routes");
        // The index for the next edit is built while the pages render and are written.
        let all = routes.len() * 4 > prep.routes.len();
        let (index, changed) = rayon::join(
            || Index::build(&prep.site),
            || self.write_changed(&prep, &routes, all, &state.outputs, &stale),
        );
        let changed = match changed {
            Ok(c) => c,
            Err(d) => return Some(Err(d)),
        };
        let (mut outputs, fingerprints) = (state.outputs, state.fingerprints);
        for path in &stale {
            outputs.remove(path);
        }
        outputs.extend(done.appeared.iter().map(|p| crate::paths::output_file(p)));
        outputs.extend(new_copied);
        debug_assert!(outputs == output_paths(&prep), "patched outputs differ from the site's");
        t.mark("render_write");
        let routes = if all { prep.routes.clone() } else { routes };
        self.state = Some(State {
            index,
            prep,
            file_errors: BTreeMap::new(),
            anchor_errors: BTreeMap::new(),
            pending: BTreeSet::new(),
            versions: state.versions,
            fingerprints,
            outputs,
            reads: state.reads,
        });
        super::drop_in_background(state.index);
        t.mark("index");
        Some(Ok(Report::incremental(routes.len(), changed, warnings)))
    }

    /// Render and write the routes of a structural edit (all of them when `all`), copy the
    /// files not in `before` (the outputs so far), remove `stale`; the paths written or
    /// removed, sorted.
    fn write_changed(
        &mut self,
        prep: &Prepared,
        routes: &[Route],
        all: bool,
        before: &FxHashSet<String>,
        stale: &[String],
    ) -> Result<Vec<String>, Vec<Diagnostic>> {
        let mut changed = if all {
            // Most pages changed (the `site` object did): render them all in parallel, streaming
            // each into the output, as a full rebuild does, minus reading and Markdown.
            self.write_all(prep)?
        } else {
            let mut files = prep.render(routes)?;
            // Copied files change only in a full rebuild (a photo or static file edited); an
            // edit can only add some (a new article's photos).
            files.extend(prep.copied_files_where(|p| !before.contains(p)));
            let mut changed = self.write(&files, false)?;
            let removed = self
                .written
                .remove(&self.out, stale)
                .map_err(|e| vec![self.write_error(e)])?;
            changed.extend(removed);
            changed
        };
        changed.sort();
        Ok(changed)
    }

    fn write_error(&self, e: std::io::Error) -> Diagnostic {
        Diagnostic::error(rel_path(&self.root, &self.out), t!(m::CANNOT_WRITE, error = e))
            .with_help(t!(m::CANNOT_WRITE_PREVIEW_HELP))
    }

    /// Write a few files whose bytes changed (the fast path).
    fn write(&mut self, files: &[OutputFile], complete: bool) -> Result<Vec<String>, Vec<Diagnostic>> {
        self.written
            .update(&self.out, files, complete)
            .map_err(|e| vec![self.write_error(e)])
    }

    /// Write the whole site as it renders, never holding it all in memory: the first time
    /// into a fresh folder swapped in at the end, later only the files whose bytes changed.
    fn write_all(&mut self, prep: &Prepared) -> Result<Vec<String>, Vec<Diagnostic>> {
        if !self.started {
            let records = self.stage_all(prep)?;
            let changed = records.iter().map(|(p, _)| p.clone()).collect();
            self.written.set_all(records);
            self.started = true;
            return Ok(changed);
        }
        let synced = std::sync::Mutex::new(Vec::new());
        let sync = |f: &OutputFile| -> Result<(), Diagnostic> {
            let s = self
                .written
                .sync_one(&self.out, f, true)
                .map_err(|e| self.write_error(e))?;
            if let Ok(mut v) = synced.lock() {
                v.push(s);
            }
            Ok(())
        };
        prep.render_into(&prep.routes, |f| sync(&f))?;
        let errors: Vec<Diagnostic> = prep.copied_files().iter().filter_map(|f| sync(f).err()).collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let synced = synced.into_inner().unwrap_or_default();
        let out = self.out.clone();
        self.written
            .apply(&out, synced, true)
            .map_err(|e| vec![self.write_error(e)])
    }

    /// The first write: a fresh folder swapped in place of the output; the fingerprints.
    fn stage_all(&self, prep: &Prepared) -> Result<Vec<(String, u64)>, Vec<Diagnostic>> {
        let records = std::sync::Mutex::new(Vec::new());
        let record = |f: &OutputFile| {
            if crate::preview::search::is_bundle(&f.path) {
                return Ok(()); // The search bundle's own (`crate::preview::search`).
            }
            let fp = output::fingerprint(f).map_err(|e| self.write_error(e))?;
            if let Ok(mut r) = records.lock() {
                r.push((f.path.clone(), fp));
            }
            Ok(())
        };
        prep.write_fresh(&self.out, |e| self.write_error(e), record)?;
        Ok(records.into_inner().unwrap_or_default())
    }

    /// The fast path; `None` when the edit needs a full rebuild.
    fn fast(&mut self, paths: &[PathBuf]) -> Option<Outcome> {
        let drafts = self.opts.drafts;
        let state = self.state.as_mut()?;
        let mut edited = Vec::new();
        for path in paths {
            if !path.is_file() || !path.starts_with(self.root.join("content")) {
                return None;
            }
            let rel = rel_path(&self.root, path);
            let loc = state.index.by_source.get(&rel)?.clone();
            let affected = match input::load_file(&self.root, path)? {
                Err(diags) => {
                    // Keep the last good version in memory; show the problem until it is fixed.
                    state.file_errors.insert(rel.clone(), diags);
                    Vec::new()
                }
                Ok(ParsedFile::Page(page)) => {
                    let routes = patch_page(state, &loc, *page, drafts)?;
                    state.versions.bump(rel.clone());
                    routes
                }
                Ok(ParsedFile::Activities(list)) => {
                    let routes = patch_activities(state, &loc, &rel, list, drafts)?;
                    if let Loc::Activities(known) = &loc {
                        for &i in known {
                            state.prep.pieces.forget(i);
                            let a = &state.prep.site.activities[i];
                            state.versions.bump(fingerprint::activity_key(&a.source, &a.slug));
                        }
                    }
                    routes
                }
            };
            state.pending.extend(affected);
            edited.push(rel);
        }
        #[cfg(debug_assertions)]
        debug_assert_global_unchanged(state);
        let warnings = check_edited(state, &edited);
        let mut problems: Vec<Diagnostic> = state
            .file_errors
            .values()
            .chain(state.anchor_errors.values())
            .flatten()
            .cloned()
            .collect();
        if !problems.is_empty() {
            problems.extend(warnings);
            return Some(Err(pipeline::finish(problems)));
        }
        let routes: Vec<Route> = state.pending.iter().copied().collect();
        let files = match state.prep.render(&routes) {
            Ok(f) => f,
            Err(mut d) => {
                d.extend(warnings);
                return Some(Err(pipeline::finish(d)));
            }
        };
        state.pending.clear();
        let changed = match self.write(&files, false) {
            Ok(c) => c,
            Err(d) => return Some(Err(d)),
        };
        Some(Ok(Report::incremental(routes.len(), changed, warnings)))
    }
}

/// In tests: the edits the fast path accepts never change the `site` object templates see
/// (counts, statistics, terms), which is why the other pages need no render.
#[cfg(debug_assertions)]
fn debug_assert_global_unchanged(state: &State) {
    let prep = &state.prep;
    let now = crate::site::stats::compute(&prep.site);
    let json =
        |stats| serde_json::to_string(&crate::render::context::site_context(&prep.site, stats)).unwrap_or_default();
    debug_assert_eq!(json(&now), json(&prep.stats), "the fast path changed the site object");
}

/// Check the edited files' anchors (and anchors pointing into them, and those already
/// broken); return the edited files' warnings.
fn check_edited(state: &mut State, edited: &[String]) -> Vec<Diagnostic> {
    let site = &state.prep.site;
    // Anchor links the edits added; ones they removed stay listed, which only costs a check.
    for source in edited {
        for b in bodies_of(site, &state.index, source) {
            for target in anchor_targets(site, b.rendered, source) {
                state
                    .index
                    .anchor_links
                    .entry(target)
                    .or_default()
                    .insert(source.clone());
            }
        }
    }
    let index = &state.index;
    let mut sources: BTreeSet<&str> = edited.iter().map(String::as_str).collect();
    sources.extend(state.anchor_errors.keys().map(String::as_str));
    let mut warnings = Vec::new();
    for source in edited {
        let own = format!("source:{source}");
        let bodies = bodies_of(site, index, source);
        for p in bodies.iter().map(|b| b.path).chain([own.as_str()]) {
            if let Some(linkers) = index.anchor_links.get(p) {
                sources.extend(linkers.iter().map(String::as_str));
            }
        }
        if let Some(Loc::Article(i)) = index.by_source.get(source) {
            warnings.extend(checks::article_warnings(site, &site.articles[*i]));
        }
        warnings.extend(bodies.iter().flat_map(checks::body_warnings));
    }
    let bodies: Vec<checks::Body> = sources.iter().flat_map(|s| bodies_of(site, index, s)).collect();
    let rendered_at = |path: &str| -> Option<&Rendered> {
        match index.by_path.get(path)? {
            Loc::Activities(list) => list.first().map(|&i| &site.activities[i].rendered),
            loc => loc_page(site, loc).map(|p| &p.rendered),
        }
    };
    let found = checks::anchors_in(site, &bodies, rendered_at);
    let checked: Vec<String> = sources.iter().map(|s| s.to_string()).collect();
    for s in &checked {
        state.anchor_errors.remove(s);
    }
    for d in found {
        state.anchor_errors.entry(d.file.clone()).or_default().push(d);
    }
    warnings
}

/// The page at a location, unless it holds records.
fn loc_page<'a>(site: &'a Site, loc: &Loc) -> Option<&'a Page> {
    match *loc {
        Loc::Article(i) => site.articles.get(i),
        Loc::Page(i) => site.pages.get(i),
        Loc::Home => site.home.as_ref(),
        Loc::Activities(_) => None,
    }
}

/// The Markdown bodies of one source file: a page's, or each record's.
fn bodies_of<'a>(site: &'a Site, index: &Index, source: &str) -> Vec<checks::Body<'a>> {
    match index.by_source.get(source) {
        Some(Loc::Activities(list)) => list
            .iter()
            .map(|&i| checks::activity_body(&site.activities[i]))
            .collect(),
        Some(loc) => loc_page(site, loc).map(checks::page_body).into_iter().collect(),
        None => Vec::new(),
    }
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
fn patch_page(state: &mut State, loc: &Loc, new: Page, drafts: bool) -> Option<Vec<Route>> {
    if new.meta.draft && !drafts {
        return None;
    }
    let Prepared { site, targets, .. } = &mut state.prep;
    let (route, page) = match *loc {
        Loc::Article(i) => (Route::Article(i), &mut site.articles[i]),
        Loc::Page(i) => (Route::Page(i), &mut site.pages[i]),
        Loc::Home => (Route::Home, site.home.as_mut()?),
        Loc::Activities(_) => return None,
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
    let updated_changed = page.meta.updated != old.meta.updated;
    record_errors(&mut state.file_errors, &new.source, diags);
    let site = &state.prep.site;
    let mut routes = vec![route];
    if updated_changed {
        // The sitemap's lastmod.
        routes.push(Route::Sitemap);
    }
    if let Route::Article(i) = route {
        if i < site.config.feed.limit {
            routes.push(Route::Atom);
        }
        if page_card(site, &old) != page_card(site, &site.articles[i]) {
            article_neighbours(site, &state.index, i, &mut routes);
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
fn article_neighbours(site: &Site, index: &Index, i: usize, routes: &mut Vec<Route>) {
    routes.push(Route::Home);
    routes.extend(pages_holding(site.articles.len(), site.config.paginate, i).map(Route::ArticleList));
    routes.extend(i.checked_sub(1).map(Route::Article));
    if i + 1 < site.articles.len() {
        routes.push(Route::Article(i + 1));
    }
    routes.extend(
        index
            .shown_by
            .get(&i)
            .into_iter()
            .flatten()
            .map(|&j| Route::Activity(j)),
    );
    routes.extend(index.listed_on.get(&Item::Article(i)).into_iter().flatten().copied());
}

/// Replace the records of one file by their edited versions; the routes they affect.
fn patch_activities(
    state: &mut State,
    loc: &Loc,
    source: &str,
    list: Vec<crate::site::model::Activity>,
    drafts: bool,
) -> Option<Vec<Route>> {
    let Loc::Activities(known) = loc else { return None };
    let list: Vec<_> = list.into_iter().filter(|a| drafts || !a.record.draft).collect();
    if known.len() != list.len() {
        return None;
    }
    let Prepared { site, targets, .. } = &mut state.prep;
    let mut routes = Vec::new();
    let mut diags = Vec::new();
    for new in list {
        let i = *known.iter().find(|&&i| site.activities[i].slug == new.slug)?;
        let (r, n) = (&site.activities[i].record, &new.record);
        // Statistics count sessions and participants: a change there changes every page's `site`.
        let same_place = r.date == n.date
            && r.category == n.category
            && r.pillar == n.pillar
            && r.series == n.series
            && r.tags == n.tags
            && r.draft == n.draft
            && r.sessions == n.sessions
            && r.participants == n.participants;
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
        // The CSV lists titles, places and summaries; the workbook only figures, which this path
        // leaves unchanged.
        routes.extend([
            Route::Activity(i),
            Route::Calendar,
            Route::ActivityJson,
            Route::ActivitiesCsv,
        ]);
        if activity_card(site, &site.activities[i]) != old_card {
            activity_neighbours(site, &state.index, i, &mut routes);
        }
    }
    record_errors(&mut state.file_errors, source, diags);
    Some(routes)
}

/// Pages that show activity `i`'s card.
fn activity_neighbours(site: &Site, index: &Index, i: usize, routes: &mut Vec<Route>) {
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
    routes.extend(a.articles.iter().map(|&j| Route::Article(j)));
    routes.extend(index.listed_on.get(&Item::Activity(i)).into_iter().flatten().copied());
}
