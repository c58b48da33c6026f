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
    targets.by_source.retain(|source, _| !is_gone(source));
    for p in site.articles.iter().chain(&site.pages).chain(&site.home) {
        if !targets.by_source.contains_key(&p.source) {
            targets.by_source.insert(p.source.clone(), p.path.clone());
        }
    }
    let mut per_file: FxHashMap<&str, (usize, &str)> = FxHashMap::default();
    for a in site.activities.iter().filter(|a| is_gone(&a.source)) {
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

/// Re-assemble `prep` after `changes`; Err holds the problems a build would report.
/// `outputs`: every output path of `prep`'s site.
pub(super) fn reassemble(
    prep: Prepared,
    changes: Vec<Change>,
    drafts_on: bool,
    outputs: &FxHashSet<String>,
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
        ..
    } = site;
    let gone_sources: BTreeSet<String> = articles
        .iter()
        .chain(&pages)
        .chain(&home)
        .map(|p| &p.source)
        .chain(activities.iter().map(|a| &a.source))
        .filter(|s| is_gone(s))
        .cloned()
        .collect();
    // The files next to content that the edited items had: claimed before the edit.
    let old_assets: FxHashSet<String> = articles
        .iter()
        .chain(&pages)
        .chain(&home)
        .filter(|p| is_gone(&p.source))
        .flat_map(|p| &p.assets)
        .chain(activities.iter().filter(|a| is_gone(&a.source)).flat_map(|a| &a.assets))
        .map(|(_, out)| out.clone())
        .collect();
    let keep_page = |p: &Page| !is_gone(&p.source);
    // `retain`, not a filtering collect: items before the first one removed stay where they
    // are instead of each being moved (a page is a large struct, and there are 10,000).
    articles.retain(keep_page);
    pages.retain(keep_page);
    activities.retain(|a| !is_gone(&a.source));
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
    // Bodies kept from before may be in the old site's body file.
    site.held = held;
    diags.extend(more);
    let routes = routes::all(&site);
    let paths = routes::paths(&site, &routes);
    t.mark("routes");
    let (targets, vanished, appeared) = patch_targets(old_targets, &old_paths, &site, &paths, &drafts, &is_gone);
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
    for p in site.articles.iter_mut().chain(&mut site.pages).chain(&mut site.home) {
        if !fresh_sources.contains(&p.source) && links_lost(&p.rendered) {
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
        if !fresh_records.contains(&a.source) && links_lost(&a.rendered) {
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
    let page_results: Vec<(String, Vec<Diagnostic>)> = site
        .articles
        .par_iter_mut()
        .chain(site.pages.par_iter_mut())
        .chain(site.home.as_mut().into_par_iter())
        .filter(|p| fresh_sources.contains(&p.source) || links_lost(&p.rendered))
        .map(|p| (p.source.clone(), bodies::render_page(p, &targets)))
        .collect();
    for (source, d) in page_results {
        rendered_pages.push(source);
        diags.extend(d);
    }
    let activity_results: Vec<((String, String), Vec<Diagnostic>)> = site
        .activities
        .par_iter_mut()
        .filter(|a| fresh_records.contains(&a.source) || links_lost(&a.rendered))
        .map(|a: &mut Activity| ((a.source.clone(), a.slug.clone()), bodies::render_activity(a, &targets)))
        .collect();
    for (key, d) in activity_results {
        rendered_activities.push(key);
        diags.extend(d);
    }
    t.mark("bodies");
    // The whole-site checks of a build, on both cores; output paths only when a new one
    // may collide.
    let new_claims = new_claims(&site, &appeared, &fresh_sources, &fresh_records, &old_assets);
    let (claimed, (anchors, warnings)) = rayon::join(
        || {
            if claims_may_clash(&site, &new_claims, outputs) {
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
        || (checks::anchors(&site), checks::warnings(&site)),
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

/// Output files claimed by the re-assembled site that the last one did not claim: the pages
/// of routes that appeared, and files next to edited items that they did not have.
fn new_claims(
    site: &Site,
    appeared: &[String],
    fresh_pages: &FxHashSet<String>,
    fresh_records: &FxHashSet<String>,
    old_assets: &FxHashSet<String>,
) -> Vec<String> {
    let pages = site.articles.iter().chain(&site.pages).chain(&site.home);
    let assets = pages
        .filter(|p| fresh_pages.contains(&p.source))
        .flat_map(|p| &p.assets)
        .chain(
            site.activities
                .iter()
                .filter(|a| fresh_records.contains(&a.source))
                .flat_map(|a| &a.assets),
        )
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
