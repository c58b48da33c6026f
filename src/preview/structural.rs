//! The structural path of [`super::session`]: an edit that moves, regroups, creates or
//! deletes items (a changed date, tag, category, pillar, sessions or participants; a new or
//! deleted file) re-assembles the model from the items already in memory, with their
//! rendered bodies, instead of reading and rendering every file again. Only the edited files
//! are parsed, and only their bodies (and bodies whose links pointed at an address that no
//! longer exists, so the broken link is reported) are rendered. The whole-site checks of a
//! build then run on the new model, so an edit is refused exactly when a build would be.

use crate::diagnostics::Diagnostic;
use crate::input::{self, Loaded, ParsedFile};
use crate::pipeline::Prepared;
use crate::site::links::LinkTargets;
use crate::site::model::{Activity, Page, Section, Site};
use crate::site::{assemble, bodies, checks, claims, routes};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeSet;
use std::path::Path;

/// What happened to one source file.
pub(super) enum Change {
    /// Parsed again (or for the first time).
    Parsed(String, ParsedFile),
    /// Deleted (a file, or every source below a deleted folder).
    Removed(String),
}

/// The re-assembled site, and what the session must know about it.
pub(super) struct Reassembled {
    pub prep: Prepared,
    /// Items whose bodies were rendered: page sources and `(source, slug)` of records.
    pub rendered_pages: Vec<String>,
    pub rendered_activities: Vec<(String, String)>,
    /// Sources whose items left the model.
    pub gone: BTreeSet<String>,
    /// Site paths of routes that went away, and of routes that are new.
    pub vanished: Vec<String>,
    pub appeared: Vec<String>,
}

/// In tests: patched link targets are those a build makes.
#[cfg(debug_assertions)]
fn debug_assert_targets_as_built(
    targets: &LinkTargets,
    site: &Site,
    paths: &[String],
    drafts: &[String],
    assets: &[crate::render::theme::ThemeAsset],
) {
    let mut built = bodies::link_targets(site, paths, drafts.to_vec());
    for a in assets {
        built.paths.insert(crate::pipeline::asset_path(a).to_string());
    }
    debug_assert!(
        targets.paths == built.paths,
        "patched link target paths differ from a build's"
    );
    debug_assert!(
        targets.by_source == built.by_source,
        "patched link target sources differ from a build's"
    );
    debug_assert!(targets.drafts == built.drafts);
}

/// The link targets of the re-assembled site, made from the old ones: only the paths and
/// sources that changed are touched (rebuilding them, 28,000 strings at 10k articles, was a
/// tenth of an edit). Also the site paths of routes that vanished and appeared. Static files
/// and theme assets stay: editing them is a full rebuild.
fn patch_targets(
    mut targets: LinkTargets,
    old_paths: &[String],
    site: &Site,
    fresh: &Fresh,
    paths: &[String],
    drafts: &[String],
    is_gone: &dyn Fn(&str) -> bool,
) -> (LinkTargets, Vec<String>, Vec<String>) {
    let now: FxHashSet<&str> = paths.iter().map(String::as_str).collect();
    let vanished: Vec<String> = old_paths
        .iter()
        .filter(|p| !now.contains(p.as_str()))
        .cloned()
        .collect();
    for p in &vanished {
        targets.paths.remove(p);
    }
    let appeared: Vec<String> = paths.iter().filter(|p| !targets.paths.contains(*p)).cloned().collect();
    targets.paths.extend(appeared.iter().cloned());
    // By source: what left, then every page of a changed source and every changed record file
    // (`bodies::link_targets` maps a record file to its record's page when it holds one).
    // Only the parsed items are new to it: the others' sources and paths are as they were.
    targets.by_source.retain(|source, _| !is_gone(source));
    for p in fresh.pages(site) {
        targets.by_source.insert(p.source.clone(), p.path.clone());
    }
    let mut per_file: FxHashMap<&str, (usize, &str)> = FxHashMap::default();
    for a in fresh.activities(site) {
        let e = per_file.entry(a.source.as_str()).or_insert((0, a.path.as_str()));
        e.0 += 1;
    }
    for (file, (n, path)) in per_file {
        if n == 1 {
            targets.by_source.insert(file.to_string(), path.to_string());
        }
    }
    targets.drafts = drafts.iter().cloned().collect();
    (targets, vanished, appeared)
}

/// What the session knows of the last site, for checks that look only at what an edit
/// touches (that site passed every check).
pub(super) struct Known<'a> {
    /// Every output path.
    pub outputs: &'a FxHashSet<String>,
    /// Sources whose bodies link to an anchor on a page of an edited file.
    pub anchor_linkers: FxHashSet<String>,
}

/// Re-assemble `prep` after `changes`; Err holds the problems a build would report.
pub(super) fn reassemble(
    prep: Prepared,
    changes: Vec<Change>,
    drafts_on: bool,
    known: Known,
    t: &mut super::timing::Phases,
) -> Result<(Reassembled, Vec<Diagnostic>), Vec<Diagnostic>> {
    let Prepared {
        site,
        mut theme,
        targets: old_targets,
        routes: old_routes,
        paths: old_paths,
        mut drafts,
        images,
        no_cache,
        pieces,
        ..
    } = prep;
    let mut gone: BTreeSet<String> = BTreeSet::new();
    let mut diags = Vec::new();
    let mut fresh_pages = Vec::new();
    let mut fresh_activities = Vec::new();
    let mut new_drafts = Vec::new();
    for change in changes {
        match change {
            Change::Removed(rel) => {
                gone.insert(rel);
            }
            Change::Parsed(rel, ParsedFile::Page(page)) => {
                gone.insert(rel);
                if page.meta.draft && !drafts_on {
                    diags.push(input::draft_warning(&page));
                    new_drafts.push(page.source.clone());
                } else {
                    fresh_pages.push(*page);
                }
            }
            Change::Parsed(rel, ParsedFile::Activities(list)) => {
                gone.insert(rel);
                fresh_activities.extend(list.into_iter().filter(|a| drafts_on || !a.record.draft));
            }
        }
    }
    // A folder deleted: every source below it.
    let is_gone = |source: &str| {
        gone.contains(source)
            || gone
                .iter()
                .any(|g| source.starts_with(g.as_str()) && source[g.len()..].starts_with('/'))
    };
    drafts.retain(|d| !is_gone(d));
    drafts.extend(new_drafts);
    let Site {
        root,
        config,
        base,
        home,
        mut articles,
        mut pages,
        mut activities,
        static_files,
        today,
        held,
        tags,
        categories,
        series,
        pillars,
    } = site;
    // The old terms are made again by `assemble`: tens of thousands of small lists, freed on
    // another thread.
    super::drop_in_background((tags, categories, series, pillars));
    // One pass over the items (each pass over 12,000 of them costs milliseconds of memory
    // traffic): the sources that leave, and the files next to content they had.
    let mut gone_sources: BTreeSet<String> = BTreeSet::new();
    let mut old_assets: FxHashSet<String> = FxHashSet::default();
    let gone_items = articles
        .iter()
        .chain(&pages)
        .chain(&home)
        .map(|p| (&p.source, &p.assets))
        .chain(activities.iter().map(|a| (&a.source, &a.assets)))
        .filter(|(source, _)| is_gone(source));
    for (source, assets) in gone_items {
        gone_sources.insert(source.clone());
        old_assets.extend(assets.iter().map(|(_, out)| out.clone()));
    }
    let keep_page = |p: &Page| !gone_sources.contains(&p.source);
    // `retain`, not a filtering collect: items before the first one removed stay where they
    // are instead of each being moved (a page is a large struct, and there are 10,000).
    if !gone_sources.is_empty() {
        articles.retain(keep_page);
        pages.retain(keep_page);
        activities.retain(|a| !gone_sources.contains(&a.source));
    }
    for a in &mut activities {
        a.articles.clear();
    }
    let mut loaded = Loaded {
        home: home.filter(keep_page),
        articles,
        pages,
        activities,
        static_files,
        drafts: drafts.clone(),
    };
    // Items parsed just now: pages by source, records by file (a file is parsed whole).
    let fresh_sources: FxHashSet<String> = fresh_pages.iter().map(|p| p.source.clone()).collect();
    let fresh_records: FxHashSet<String> = fresh_activities.iter().map(|a| a.source.clone()).collect();
    let fresh_keys = FreshKeys::of(&fresh_pages, &fresh_activities);
    for p in fresh_pages {
        match p.section {
            Section::Home => loaded.home = Some(p),
            Section::Article => loaded.articles.push(p),
            Section::Page => loaded.pages.push(p),
        }
    }
    loaded.activities.extend(fresh_activities);
    t.mark("unpack");
    let (mut site, more) = assemble::assemble(&root, config, base, loaded, today);
    t.mark("assemble");
    let fresh = fresh_keys.find(&site, &fresh_sources, &fresh_records);
    // Bodies kept from before may be in the old site's body file.
    site.held = held;
    diags.extend(more);
    let routes = routes::all(&site);
    let paths = routes::paths(&site, &routes);
    t.mark("routes");
    let (targets, vanished, appeared) =
        patch_targets(old_targets, &old_paths, &site, &fresh, &paths, &drafts, &is_gone);
    #[cfg(debug_assertions)]
    debug_assert_targets_as_built(&targets, &site, &paths, &drafts, &theme.assets);
    t.mark("link_targets");
    // Links to an address that went away must now be reported: render those bodies again.
    let lost: FxHashSet<String> = vanished.iter().map(|p| site.base.link(p)).collect();
    super::drop_in_background((old_routes, old_paths));
    let links_lost = |r: &crate::markdown::Rendered| {
        !lost.is_empty()
            && r.links.iter().any(|(_, url)| {
                let path = url.split_once('#').map_or(url.as_str(), |(p, _)| p);
                lost.contains(path)
            })
    };
    // A rendered body no longer has its Markdown source (`bodies::render_page`): read the
    // files of those about to be rendered again, unless just parsed.
    // `links_lost` asks `lost` first: when nothing was lost, no item is read.
    for p in site.articles.iter_mut().chain(&mut site.pages).chain(&mut site.home) {
        if links_lost(&p.rendered) && !fresh_sources.contains(&p.source) {
            match input::load_file(&root, &root.join(&p.source)) {
                Some(Ok(ParsedFile::Page(again))) => {
                    p.body = again.body;
                    p.body_line_offset = again.body_line_offset;
                }
                Some(Err(d)) => diags.extend(d),
                _ => {}
            }
        }
    }
    for a in &mut site.activities {
        if links_lost(&a.rendered) && !fresh_records.contains(&a.source) {
            match input::load_file(&root, &root.join(&a.source)) {
                Some(Ok(ParsedFile::Activities(list))) => {
                    if let Some(again) = list.into_iter().find(|x| x.slug == a.slug) {
                        a.record.body = again.record.body;
                        a.body_line_offset = again.body_line_offset;
                    }
                }
                Some(Err(d)) => diags.extend(d),
                _ => {}
            }
        }
    }
    let mut rendered_pages = Vec::new();
    let mut rendered_activities = Vec::new();
    // The fresh items by index: no item is read to find them (links lost aside).
    let render_page = |(i, p): (usize, &mut Page), fresh: &[usize]| {
        (fresh.contains(&i) || links_lost(&p.rendered)).then(|| (p.source.clone(), bodies::render_page(p, &targets)))
    };
    let page_results: Vec<(String, Vec<Diagnostic>)> = site
        .articles
        .par_iter_mut()
        .enumerate()
        .filter_map(|x| render_page(x, &fresh.articles))
        .chain(
            site.pages
                .par_iter_mut()
                .enumerate()
                .filter_map(|x| render_page(x, &fresh.pages)),
        )
        .chain(
            site.home
                .as_mut()
                .into_par_iter()
                .filter_map(|p| render_page((0, p), if fresh.home { &[0] } else { &[] })),
        )
        .collect();
    for (source, d) in page_results {
        rendered_pages.push(source);
        diags.extend(d);
    }
    let activity_results: Vec<((String, String), Vec<Diagnostic>)> = site
        .activities
        .par_iter_mut()
        .enumerate()
        .filter(|(i, a)| fresh.activities.contains(i) || links_lost(&a.rendered))
        .map(|(_, a): (usize, &mut Activity)| {
            ((a.source.clone(), a.slug.clone()), bodies::render_activity(a, &targets))
        })
        .collect();
    for (key, d) in activity_results {
        rendered_activities.push(key);
        diags.extend(d);
    }
    t.mark("bodies");
    // The checks of a build, for what the edit touched: output paths only when a new one
    // may collide; anchors in the edited bodies and in those linking to their pages; the
    // warnings of the edited files (the session shows no others).
    let new_claims = new_claims(&site, &appeared, &fresh, &old_assets);
    let (claimed, (anchors, warnings)) = rayon::join(
        || {
            if claims_may_clash(&site, &new_claims, known.outputs) {
                claims::check(&site, &routes, &paths, &theme.assets)
            } else {
                #[cfg(debug_assertions)]
                debug_assert!(
                    !claims::check(&site, &routes, &paths, &theme.assets)
                        .iter()
                        .any(Diagnostic::is_error),
                    "an output collision the shortcut did not see"
                );
                Vec::new()
            }
        },
        || {
            let anchors = edited_anchors(&site, &fresh, &known.anchor_linkers);
            #[cfg(debug_assertions)]
            debug_assert_eq!(
                shown(&anchors),
                shown(&checks::anchors(&site)),
                "anchor problems differ from a build's"
            );
            let warnings = edited_warnings(&site, &fresh);
            (anchors, warnings)
        },
    );
    diags.extend(crate::images::checks(&site, &images));
    diags.extend(claimed);
    diags.extend(anchors);
    diags.extend(warnings);
    t.mark("checks");
    if diags.iter().any(Diagnostic::is_error) {
        return Err(crate::pipeline::finish(diags));
    }
    let stats = crate::site::stats::compute(&site);
    crate::pipeline::set_site_global(&mut theme, &site, &stats);
    t.mark("stats");
    let prep = Prepared {
        pieces: pieces.renew(&site),
        site,
        theme,
        stats,
        routes,
        paths,
        targets,
        drafts,
        warnings: Vec::new(),
        images,
        no_cache,
    };
    Ok((
        Reassembled {
            prep,
            rendered_pages,
            rendered_activities,
            gone: gone_sources,
            vanished,
            appeared,
        },
        diags,
    ))
}

/// Anchor problems of the fresh items' bodies and of the bodies of `linkers` (sources whose
/// bodies link to an anchor on an edited page). Only the pages those bodies link to with an
/// anchor are looked up, not every page of the site.
fn edited_anchors(site: &Site, fresh: &Fresh, linkers: &FxHashSet<String>) -> Vec<Diagnostic> {
    let mut bodies: Vec<checks::Body> = fresh.bodies(site).collect();
    let pages = site.articles.iter().chain(&site.pages).chain(&site.home);
    if !linkers.is_empty() {
        let more = pages
            .clone()
            .map(checks::page_body)
            .chain(site.activities.iter().map(checks::activity_body))
            .filter(|b| linkers.contains(b.source) && !fresh.sources.contains(b.source));
        bodies.extend(more);
    }
    let targets: FxHashSet<&str> = bodies
        .iter()
        .flat_map(|b| &b.rendered.links)
        .filter_map(|(_, url)| {
            let (path, anchor) = url.split_once('#')?;
            let other_page = !anchor.is_empty() && !path.is_empty() && !url.contains("://");
            other_page.then(|| path.strip_prefix(site.base.path.as_str())).flatten()
        })
        .collect();
    let mut by_path: FxHashMap<&str, &crate::markdown::Rendered> = FxHashMap::default();
    if !targets.is_empty() {
        let all = pages
            .map(checks::page_body)
            .chain(site.activities.iter().map(checks::activity_body));
        for b in all.filter(|b| targets.contains(b.path)) {
            by_path.entry(b.path).or_insert(b.rendered);
        }
    }
    checks::anchors_in(site, &bodies, |path| by_path.get(path).copied())
}

/// The warnings [`checks::warnings`] gives for the fresh items (photos' sizes excepted: a
/// photo edited is a full rebuild).
fn edited_warnings(site: &Site, fresh: &Fresh) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for &i in &fresh.articles {
        out.extend(checks::article_warnings(site, &site.articles[i]));
    }
    for b in fresh.bodies(site) {
        out.extend(checks::body_warnings(&b));
    }
    out
}

/// What an edit parsed, to find it in the re-assembled site without reading every item.
struct FreshKeys {
    articles: Vec<(Option<crate::input::dates::Date>, String)>,
    pages: Vec<String>,
    home: bool,
    activities: Vec<(crate::input::dates::Date, String, String)>,
}

/// The parsed items' indices in the re-assembled site.
struct Fresh {
    articles: Vec<usize>,
    pages: Vec<usize>,
    home: bool,
    activities: Vec<usize>,
    /// Their sources (records by file).
    sources: FxHashSet<String>,
}

impl FreshKeys {
    fn of(pages: &[Page], activities: &[Activity]) -> FreshKeys {
        let of = |s: Section| pages.iter().filter(move |p| p.section == s);
        FreshKeys {
            articles: of(Section::Article)
                .map(|p| (p.meta.date.clone(), p.source.clone()))
                .collect(),
            pages: of(Section::Page).map(|p| p.source.clone()).collect(),
            home: of(Section::Home).next().is_some(),
            activities: activities
                .iter()
                .map(|a| (a.record.date.clone(), a.slug.clone(), a.source.clone()))
                .collect(),
        }
    }

    /// By binary search in the orders `assemble` sorts by (newest first, then source or slug);
    /// by a scan should one not be where it sorts (a bug).
    fn find(self, site: &Site, pages: &FxHashSet<String>, records: &FxHashSet<String>) -> Fresh {
        use std::cmp::Reverse;
        let mut articles: Vec<usize> = self
            .articles
            .iter()
            .filter_map(|(date, source)| {
                let key = (Reverse(date), source);
                let i = site
                    .articles
                    .partition_point(|a| (Reverse(&a.meta.date), &a.source) < key);
                (site.articles.get(i)?.source == *source).then_some(i)
            })
            .collect();
        let mut found_pages: Vec<usize> = self
            .pages
            .iter()
            .filter_map(|source| site.pages.binary_search_by(|p| p.source.cmp(source)).ok())
            .collect();
        let mut activities: Vec<usize> = self
            .activities
            .iter()
            .filter_map(|(date, slug, source)| {
                let key = (Reverse(date), slug);
                let i = site
                    .activities
                    .partition_point(|a| (Reverse(&a.record.date), &a.slug) < key);
                let a = site.activities.get(i)?;
                (a.slug == *slug && a.source == *source).then_some(i)
            })
            .collect();
        if articles.len() != self.articles.len() {
            articles = scan(&site.articles, |p| pages.contains(&p.source));
        }
        if found_pages.len() != self.pages.len() {
            found_pages = scan(&site.pages, |p| pages.contains(&p.source));
        }
        if activities.len() != self.activities.len() {
            activities = scan(&site.activities, |a| records.contains(&a.source));
        }
        articles.sort_unstable();
        found_pages.sort_unstable();
        activities.sort_unstable();
        debug_assert_eq!(articles, scan(&site.articles, |p| pages.contains(&p.source)));
        debug_assert_eq!(found_pages, scan(&site.pages, |p| pages.contains(&p.source)));
        debug_assert_eq!(activities, scan(&site.activities, |a| records.contains(&a.source)));
        Fresh {
            articles,
            pages: found_pages,
            home: self.home && site.home.is_some(),
            activities,
            sources: pages.iter().chain(records).cloned().collect(),
        }
    }
}

fn scan<T>(items: &[T], fresh: impl Fn(&T) -> bool) -> Vec<usize> {
    items
        .iter()
        .enumerate()
        .filter(|(_, x)| fresh(x))
        .map(|(i, _)| i)
        .collect()
}

impl Fresh {
    fn pages<'a>(&self, site: &'a Site) -> impl Iterator<Item = &'a Page> + use<'a, '_> {
        let articles = self.articles.iter().map(|&i| &site.articles[i]);
        let pages = self.pages.iter().map(|&i| &site.pages[i]);
        articles.chain(pages).chain(site.home.iter().filter(|_| self.home))
    }

    fn activities<'a>(&self, site: &'a Site) -> impl Iterator<Item = &'a Activity> + use<'a, '_> {
        self.activities.iter().map(|&i| &site.activities[i])
    }

    fn bodies<'a>(&self, site: &'a Site) -> impl Iterator<Item = checks::Body<'a>> + use<'a, '_> {
        self.pages(site)
            .map(checks::page_body)
            .chain(self.activities(site).map(checks::activity_body))
    }
}

/// Diagnostics as comparable text, in order (debug assertions).
#[cfg(debug_assertions)]
fn shown(diags: &[Diagnostic]) -> Vec<String> {
    let mut v: Vec<String> = diags
        .iter()
        .map(|d| format!("{}:{}:{} {}", d.file, d.line, d.column, d.message))
        .collect();
    v.sort();
    v
}

/// Output files claimed by the re-assembled site that the last one did not claim: the pages
/// of routes that appeared, and files next to edited items that they did not have.
fn new_claims(site: &Site, appeared: &[String], fresh: &Fresh, old_assets: &FxHashSet<String>) -> Vec<String> {
    let assets = fresh
        .pages(site)
        .flat_map(|p| &p.assets)
        .chain(fresh.activities(site).flat_map(|a| &a.assets))
        .map(|(_, out)| out)
        .filter(|out| !old_assets.contains(*out))
        .cloned();
    appeared
        .iter()
        .map(|p| crate::paths::output_file(p))
        .chain(assets)
        .collect()
}

/// Whether a new claim may collide with another: the last site had no collision (it was
/// built), so a collision now has a new claim on one side. A path that was an output before
/// (maybe of something that has just gone), two new claims on one path, or a path in the
/// search bundle's folder: then every claim is checked, as a build does, for its message.
fn claims_may_clash(site: &Site, new_claims: &[String], outputs: &FxHashSet<String>) -> bool {
    let mut seen = FxHashSet::default();
    new_claims.iter().any(|p| {
        outputs.contains(p)
            || !seen.insert(p.as_str())
            || (crate::search::enabled(site) && p.starts_with(crate::search::BUNDLE_DIR))
    })
}

/// Parse the edited paths; `None` when one of them needs a full rebuild (not content, a
/// folder, a file that does not parse: the full build reports it with every other problem).
pub(super) fn parse_changes(
    root: &Path,
    known: impl Fn(&str) -> bool,
    paths: &[std::path::PathBuf],
) -> Option<Vec<Change>> {
    let content = root.join("content");
    let mut changes = Vec::new();
    for path in paths {
        if !path.starts_with(&content) {
            return None;
        }
        let rel = crate::paths::rel_path(root, path);
        if path.is_file() {
            match input::load_file(root, path)? {
                Ok(parsed) => changes.push(Change::Parsed(rel, parsed)),
                Err(_) => return None,
            }
        } else if !path.exists() && known(&rel) {
            changes.push(Change::Removed(rel));
        } else {
            return None;
        }
    }
    Some(changes)
}
