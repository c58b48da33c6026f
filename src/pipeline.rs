//! The pipeline, start to end: load → assemble → render bodies → render routes → output.

use crate::diagnostics::{self, Diagnostic};
use crate::input;
use crate::messages::output as m;
use crate::output::{self, Content, OutputFile};
use crate::render::theme::{self, Theme, ThemeAsset};
use crate::render::Renderer;
use crate::site::assemble;
use crate::site::bodies;
use crate::site::checks;
use crate::site::links::LinkTargets;
use crate::site::model::Site;
use crate::site::routes::{self, Route};
use crate::site::stats;
use crate::t;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the user asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// The day that counts as today (upcoming activities); `HUIMIN_TODAY` or the clock when absent.
    pub today: Option<chrono::NaiveDate>,
    /// `--no-cache`: process every image again instead of taking it from `.huimin-cache/`.
    pub no_cache: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// The day the build treats as today.
pub fn today(opts: &BuildOptions) -> chrono::NaiveDate {
    opts.today
        .or_else(|| {
            std::env::var("HUIMIN_TODAY")
                .ok()
                .and_then(|s| crate::input::dates::Date::parse(&s))
                .map(|d| d.day)
        })
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// A site loaded, checked and ready to render: what `serve` keeps between edits.
pub struct Prepared {
    pub site: Site,
    /// Templates, with the `site` global context already set.
    pub theme: Theme,
    pub stats: stats::Stats,
    pub routes: Vec<Route>,
    /// The site path of each route ([`routes::paths`]).
    pub paths: Vec<String>,
    pub targets: LinkTargets,
    /// Sources left out as drafts.
    pub drafts: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    /// The photos of this build and their cache.
    pub images: std::sync::Arc<crate::images::Library>,
    /// `--no-cache`: index every search shard again too.
    pub no_cache: bool,
    /// What each record adds to the pages and files made from many records.
    pub pieces: crate::render::pieces::Pieces,
}

impl Prepared {
    pub fn renderer(&self) -> Renderer<'_> {
        Renderer {
            site: &self.site,
            theme: &self.theme,
            stats: &self.stats,
            routes: &self.routes,
            paths: &self.paths,
            pieces: &self.pieces,
        }
    }

    /// Render some routes and keep the files (a handful, after an edit).
    pub fn render(&self, routes: &[Route]) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let files = std::sync::Mutex::new(Vec::with_capacity(routes.len()));
        self.render_into(routes, |f| {
            if let Ok(mut v) = files.lock() {
                v.push(f);
            }
            Ok(())
        })?;
        let mut files = files.into_inner().unwrap_or_default();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// Render routes in parallel and hand each file to `sink` as soon as it is made, so the
    /// whole site never sits in memory at once.
    pub fn render_into(
        &self,
        routes: &[Route],
        sink: impl Fn(OutputFile) -> Result<(), Diagnostic> + Sync,
    ) -> Result<(), Vec<Diagnostic>> {
        let renderer = self.renderer();
        let site = &self.site;
        // `HUIMIN_TIMINGS`: the slowest routes of a small render (a preview edit), on stderr.
        let timed = routes.len() <= 200 && std::env::var_os("HUIMIN_TIMINGS").is_some();
        let times = std::sync::Mutex::new(Vec::new());
        let one = |&r: &Route| {
            let started = std::time::Instant::now();
            let file = renderer.render(r).map(|bytes| OutputFile {
                path: crate::paths::output_file(&r.path(site)),
                content: Content::Bytes(bytes),
            });
            if timed {
                if let Ok(mut t) = times.lock() {
                    t.push((started.elapsed(), r));
                }
            }
            file.and_then(&sink).err()
        };
        // A handful of pages (an edit on the fast path) renders faster on this thread than by
        // waking the pool.
        let errors: Vec<Diagnostic> = if routes.len() <= 8 {
            routes.iter().filter_map(one).collect()
        } else {
            routes.par_iter().filter_map(one).collect()
        };
        if timed {
            let mut t = times.into_inner().unwrap_or_default();
            t.sort_by_key(|x| std::cmp::Reverse(x.0));
            let slowest: Vec<String> = t
                .iter()
                .take(8)
                .map(|(d, r)| format!("{r:?} {:.1}", d.as_secs_f64() * 1000.0))
                .collect();
            eprintln!("slowest routes (ms): {}", slowest.join(", "));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(finish(errors))
        }
    }

    /// Files copied as they are: static files, theme assets, files next to content.
    pub fn copied_files(&self) -> Vec<OutputFile> {
        self.copied_files_where(|_| true)
    }

    /// The copied files whose output path `wanted` accepts (a preview edit copies only new ones).
    pub fn copied_files_where(&self, wanted: impl Fn(&str) -> bool) -> Vec<OutputFile> {
        copied_where(&self.site, &self.theme.assets, &self.images, wanted)
    }

    /// The output paths of the copied files, without reading any.
    pub fn copied_paths(&self) -> Vec<String> {
        copied_sources(&self.site, &self.theme.assets)
            .into_keys()
            .map(str::to_string)
            .collect()
    }
}

/// Load, assemble, render bodies and check: everything before the templates run.
pub fn prepare(opts: &BuildOptions) -> Result<Prepared, Vec<Diagnostic>> {
    prepare_with(opts, crate::site::held::budget(), || {})
}

/// [`prepare`] with the memory budget for sources and bodies (`site::held`) given, and
/// `after_load` run between reading the sources and rendering them (tests edit a file there).
fn prepare_with(opts: &BuildOptions, budget: usize, after_load: impl FnOnce()) -> Result<Prepared, Vec<Diagnostic>> {
    let root = &crate::paths::absolute(&opts.root);
    let (config, base) = match input::load_config(root, opts.base_url.as_deref()) {
        Ok(c) => c,
        Err(mut diags) => {
            // Still read the content, so one run lists every problem.
            diags.extend(input::load(root, opts.drafts, budget).1);
            return Err(finish(diags));
        }
    };
    let theme = theme::load(root, &config.theme, &base);
    let (loaded, mut diags) = input::load(root, opts.drafts, budget);
    after_load();
    let drafts = loaded.drafts.clone();
    let (mut site, more) = assemble::assemble(root, config, base, loaded, today(opts));
    diags.extend(more);
    let routes = routes::all(&site);
    let paths = routes::paths(&site, &routes);
    let mut targets = bodies::link_targets(&site, &paths, drafts.clone());
    let library = std::sync::Arc::new(crate::images::Library::new(
        root,
        site.config.images.clone(),
        opts.no_cache,
    ));
    targets.images = Some(library.clone());
    let theme = match theme {
        Ok(t) => Some(t),
        Err(e) => {
            diags.extend(e);
            None
        }
    };
    if let Some(t) = &theme {
        for a in &t.assets {
            targets.paths.insert(asset_path(a).to_string());
        }
        diags.extend(t.overrides.iter().cloned());
    }
    site.held = hold_bodies(&site, budget);
    diags.extend(bodies::render_all(&mut site, &targets));
    diags.extend(crate::images::checks(&site, &library));
    let no_assets = Vec::new();
    let assets = theme.as_ref().map(|t| &t.assets).unwrap_or(&no_assets);
    diags.extend(crate::site::claims::check(&site, &routes, &paths, assets));
    diags.extend(checks::anchors(&site));
    diags.extend(crate::search::check_nav(&site));
    diags.extend(checks::warnings(&site));
    if diags.iter().any(Diagnostic::is_error) {
        return Err(finish(diags));
    }
    let Some(mut theme) = theme else {
        return Err(finish(diags));
    };
    let stats = stats::compute(&site);
    set_site_global(&mut theme, &site, &stats);
    Ok(Prepared {
        pieces: crate::render::pieces::Pieces::new(&site),
        site,
        theme,
        stats,
        routes,
        paths,
        targets,
        drafts,
        warnings: finish(diags),
        images: library,
        no_cache: opts.no_cache,
    })
}

/// The `site` object every template sees (render/context.rs), set once per (re)assembled model.
pub(crate) fn set_site_global(theme: &mut Theme, site: &Site, stats: &crate::site::stats::Stats) {
    theme
        .tera
        .global_context()
        .insert("site", &crate::render::context::site_context(site, stats));
}

/// Where the rendered bodies of this site wait for their pages: in memory unless their
/// sources are larger than the budget (see `site::held`). A site that cannot have the file
/// keeps them in memory.
fn hold_bodies(site: &Site, budget: usize) -> crate::site::held::Held {
    let pages = site.articles.iter().chain(&site.pages).chain(&site.home);
    let records = site.activities.iter().filter_map(|a| a.record.body.as_ref());
    let sources: usize = pages.map(|p| p.body.source_bytes()).sum::<usize>() + records.map(String::len).sum::<usize>();
    if sources <= budget {
        return Default::default();
    }
    crate::site::held::Held::spilling(&site.root.join(".huimin-cache")).unwrap_or_default()
}

pub(crate) fn asset_path(a: &ThemeAsset) -> &str {
    match a {
        ThemeAsset::Embedded(p, _) => p,
        ThemeAsset::File(f) => &f.path,
    }
}

/// What a file copied as it is comes from.
enum Copied<'a> {
    Embedded(&'static [u8]),
    Theme(&'a Path),
    /// A photo or file of the site's, published without its metadata
    /// ([`crate::images::Library::clean_copy`]: the one costly step, so it runs only for files wanted).
    Clean(&'a Path),
}

/// The copied files whose output path `wanted` accepts.
fn copied_where(
    site: &Site,
    theme_assets: &[ThemeAsset],
    images: &crate::images::Library,
    wanted: impl Fn(&str) -> bool,
) -> Vec<OutputFile> {
    copied_sources(site, theme_assets)
        .into_iter()
        .filter(|(path, _)| wanted(path))
        .map(|(path, from)| OutputFile {
            content: match from {
                Copied::Embedded(b) => Content::Static(b),
                Copied::Theme(f) => Content::Copy(f.to_path_buf()),
                Copied::Clean(f) => Content::Copy(images.clean_copy(f)),
            },
            path: path.to_string(),
        })
        .collect()
}

/// Every copied file's output path and source, in path order.
fn copied_sources<'a>(site: &'a Site, theme_assets: &'a [ThemeAsset]) -> BTreeMap<&'a str, Copied<'a>> {
    // Claims (`crate::site::claims`) allow one path twice only when a `static/` file replaces a
    // theme asset: the later one, the site's own, wins.
    let mut by_path = BTreeMap::new();
    for a in theme_assets {
        match a {
            ThemeAsset::Embedded(p, b) => by_path.insert(p.as_str(), Copied::Embedded(b)),
            ThemeAsset::File(f) => by_path.insert(f.path.as_str(), Copied::Theme(&f.source)),
        };
    }
    for f in &site.static_files {
        by_path.insert(f.path.as_str(), Copied::Clean(&f.source));
    }
    let content_assets = site
        .articles
        .iter()
        .chain(&site.pages)
        .chain(&site.home)
        .flat_map(|p| &p.assets)
        .chain(site.activities.iter().flat_map(|a| &a.assets));
    for (source, path) in content_assets {
        by_path.insert(path.as_str(), Copied::Clean(source));
    }
    by_path
}

pub fn finish(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics::sort(&mut diags);
    diags.dedup();
    diags
}

/// What a successful build did.
pub struct Summary {
    pub pages: usize,
    /// Activity records published.
    pub activities: usize,
    pub files: usize,
    /// Of `files`, those written (the others were already in the output with the same bytes).
    pub written: usize,
    pub warnings: Vec<Diagnostic>,
    /// The images line of `--verbose`.
    pub images: String,
    /// The line of `--verbose` saying that bodies were set aside in a file, if they were.
    pub held: Option<String>,
}

/// Generate and write the site atomically, each page written as soon as it is rendered.
/// A refused output folder is a diagnostic with the code [`output::REFUSED`], before
/// anything is read.
pub fn build(opts: &BuildOptions) -> Result<Summary, Vec<Diagnostic>> {
    output::check_output_dir(&opts.root, &opts.output_dir()).map_err(|d| vec![d])?;
    // Where the check looked, `..` and links resolved: what is written is what was checked.
    let out = crate::paths::absolute(&opts.output_dir());
    let root = crate::paths::absolute(&opts.root);
    let prepared = prepare(opts)?;
    let write_error = |e: std::io::Error| {
        Diagnostic::error(crate::paths::rel_path(&root, &out), t!(m::CANNOT_WRITE, error = e))
            .with_help(t!(m::CANNOT_WRITE_HELP))
    };
    let (paths, written) = prepared.write_fresh(&out, write_error, |_| Ok(())).map_err(|mut d| {
        d.extend(prepared.warnings.iter().cloned());
        finish(d)
    })?;
    prepared.images.save();
    Ok(Summary {
        pages: paths.iter().filter(|p| p.ends_with(".html")).count(),
        activities: prepared.site.activities.len(),
        files: paths.len(),
        written,
        images: crate::images::report(&prepared.site, &prepared.images),
        held: prepared.site.held.spilled().map(|bytes| {
            let mb = |b: u64| format!("{:.1}", b as f64 / 1_048_576.0);
            t!(
                crate::messages::site::BODIES_SPILLED,
                mb = mb(bytes),
                budget = mb(crate::site::held::budget() as u64)
            )
        }),
        warnings: prepared.warnings,
    })
}

impl Prepared {
    /// Write the whole site into a fresh folder as it renders, then swap it in place of `out`;
    /// nothing of it is left behind on failure. `seen` hears of every file written.
    /// Another build writing `out` is waited for (see [`output::LOCK_WAIT`]).
    /// Returns the paths of the output's files, and how many of them were written (the others
    /// were already there with the same bytes).
    pub fn write_fresh(
        &self,
        out: &std::path::Path,
        write_error: impl Fn(std::io::Error) -> Diagnostic + Sync,
        seen: impl Fn(&OutputFile) -> Result<(), Diagnostic> + Sync,
    ) -> Result<(Vec<String>, usize), Vec<Diagnostic>> {
        let waiting = || {
            let seconds = output::LOCK_WAIT.as_secs();
            eprintln!("note: {}", t!(m::WAITING, path = out.display(), seconds = seconds))
        };
        let staging = output::Staging::begin_waiting(out, output::LOCK_WAIT, &waiting)
            .map_err(|e| vec![output::staging_error(e, out, &write_error)])?;
        let site = &self.site;
        let copies = self.copied_files();
        let mut paths: Vec<String> = self
            .routes
            .iter()
            .map(|r| crate::paths::output_file(&r.path(site)))
            .chain(copies.iter().map(|f| f.path.clone()))
            .collect();
        staging
            .make_folders(paths.iter().map(String::as_str))
            .map_err(|e| vec![write_error(e)])?;
        let plan = crate::search::plan(site, &self.routes);
        let search = crate::search::Collector::new(&plan, site);
        let write = |f: &OutputFile| {
            seen(f)?;
            search.take(f);
            staging.write(f).map_err(&write_error)
        };
        self.render_into(&self.routes, |f| write(&f))?;
        let errors: Vec<Diagnostic> = copies.par_iter().filter_map(|f| write(f).err()).collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        // The search bundle, from the pages just written (`crate::search`).
        let bundle = crate::search::write(&search, &site.root, !self.no_cache)?;
        staging
            .make_folders(bundle.iter().map(|f| f.path.as_str()))
            .map_err(|e| vec![write_error(e)])?;
        let errors: Vec<Diagnostic> = bundle.par_iter().filter_map(|f| write(f).err()).collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        paths.extend(bundle.into_iter().map(|f| f.path));
        let written = staging.changed();
        staging.commit().map_err(|e| vec![write_error(e)])?;
        paths.sort();
        Ok((paths, written))
    }
}

/// Everything `build` checks, templates included, without writing or keeping any output;
/// with the images line of `check --verbose` when the site could be prepared.
pub fn check_report(opts: &BuildOptions) -> (Vec<Diagnostic>, Option<String>) {
    let prepared = match prepare(opts) {
        Ok(p) => p,
        Err(d) => return (d, None),
    };
    let report = crate::images::report(&prepared.site, &prepared.images);
    prepared.images.save();
    let diags = match prepared.render_into(&prepared.routes, |_| Ok(())) {
        Ok(()) => prepared.warnings,
        Err(mut d) => {
            d.extend(prepared.warnings);
            finish(d)
        }
    };
    (diags, Some(report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::content as c;

    fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                copy_dir(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }

    fn basic() -> (tempfile::TempDir, BuildOptions) {
        let t = tempfile::tempdir().unwrap();
        copy_dir(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"),
            &t.path().join("site"),
        );
        let opts = BuildOptions {
            root: t.path().join("site"),
            today: chrono::NaiveDate::from_ymd_opt(2024, 7, 15),
            ..Default::default()
        };
        (t, opts)
    }

    #[test]
    fn files_made_of_record_pieces_are_the_bytes_of_the_whole_documents() {
        let (_t, opts) = basic();
        std::fs::write(
            opts.root.join("content/activities/tricky.yaml"),
            "title: \"引号\\\"、逗号, 分号; 反斜杠\\\\\"\ndate: 2023-03-05\ncategory: 阅读\nsessions: 1\n\
             summary: \"第一行\\n第二行，=SUM(A1)\"\nlocation: \"=危险\"\ntags: [a, b]\n",
        )
        .unwrap();
        // And a site without records: `"activities": []`.
        let empty = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(empty.path().join("content/articles")).unwrap();
        std::fs::copy(opts.root.join("site.yaml"), empty.path().join("site.yaml")).unwrap();
        std::fs::write(
            empty.path().join("content/articles/a.md"),
            "---\ntitle: 一\ndate: 2024-01-02\n---\n正文\n",
        )
        .unwrap();
        let no_records = BuildOptions {
            root: empty.path().to_path_buf(),
            ..opts.clone()
        };
        for (opts, records) in [(&opts, 5), (&no_records, 0)] {
            let prep = prepare(opts).unwrap();
            assert_eq!(prep.site.activities.len(), records);
            let r = prep.renderer();
            let json = r.render(Route::ActivityJson).unwrap();
            let mut whole = serde_json::to_vec_pretty(&crate::render::opendata::document(&prep.site)).unwrap();
            whole.push(b'\n');
            assert_eq!(String::from_utf8(json).unwrap(), String::from_utf8(whole).unwrap());
            let csv = r.render(Route::ActivitiesCsv).unwrap();
            assert_eq!(csv, crate::render::export::activities_csv(&prep.site));
        }
    }

    #[test]
    fn a_source_edited_between_reading_and_rendering_is_an_error_not_a_page() {
        let (_t, opts) = basic();
        let source = "content/articles/2024/second.md";
        let file = opts.root.join(source);
        // Budget 0: bodies are not held but read again when rendered, as on a 100,000-article site.
        let edit = || {
            let text = std::fs::read_to_string(&file).unwrap();
            std::fs::write(&file, text.replace("---\n", "---\n\n# 改过的标题\n")).unwrap();
        };
        let Err(diags) = prepare_with(&opts, 0, edit) else {
            panic!("a page from a file other than the one read was accepted");
        };
        let changed: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.message == t!(c::CHANGED_DURING_BUILD))
            .collect();
        assert_eq!(changed.len(), 1, "{diags:?}");
        assert_eq!(changed[0].file, source);
        assert!(changed[0].is_error());
        // Nothing else went wrong, and the same site without the edit prepares.
        let (_t, opts) = basic();
        let prepared = prepare_with(&opts, 0, || {}).unwrap_or_else(|d| panic!("{d:?}"));
        assert!(prepared.site.held.spilled().is_some(), "bodies were set aside");
    }
}
