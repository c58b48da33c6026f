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
use crate::site::model::{Activity, Page, Section, Site};
use crate::site::{assemble, bodies, checks, claims, routes};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
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
}

/// Re-assemble `prep` after `changes`; Err holds the problems a build would report.
pub(super) fn reassemble(
    prep: Prepared,
    changes: Vec<Change>,
    drafts_on: bool,
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
        articles,
        pages,
        activities,
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
    let keep_page = |p: &Page| !is_gone(&p.source);
    let mut loaded = Loaded {
        home: home.filter(keep_page),
        articles: articles.into_iter().filter(keep_page).collect(),
        pages: pages.into_iter().filter(keep_page).collect(),
        activities: activities
            .into_iter()
            .filter(|a| !is_gone(&a.source))
            .map(|mut a| {
                a.articles.clear();
                a
            })
            .collect(),
        static_files,
        drafts: drafts.clone(),
    };
    let fresh_sources: HashSet<String> = fresh_pages.iter().map(|p| p.source.clone()).collect();
    let fresh_records: HashSet<(String, String)> = fresh_activities
        .iter()
        .map(|a| (a.source.clone(), a.slug.clone()))
        .collect();
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
    let mut targets = bodies::link_targets(&site, &paths, drafts.clone());
    targets.images = Some(images.clone());
    for a in &theme.assets {
        targets.paths.insert(
            match a {
                crate::render::theme::ThemeAsset::Embedded(p, _) => p,
                crate::render::theme::ThemeAsset::File(f) => &f.path,
            }
            .to_string(),
        );
    }
    t.mark("link_targets");
    // Links to an address that went away must now be reported: render those bodies again.
    let lost: HashSet<String> = old_targets
        .paths
        .difference(&targets.paths)
        .map(|p| site.base.link(p))
        .collect();
    super::drop_in_background((old_targets, old_routes, old_paths));
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
        if !fresh_records.contains(&(a.source.clone(), a.slug.clone())) && links_lost(&a.rendered) {
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
        .filter(|a| fresh_records.contains(&(a.source.clone(), a.slug.clone())) || links_lost(&a.rendered))
        .map(|a: &mut Activity| ((a.source.clone(), a.slug.clone()), bodies::render_activity(a, &targets)))
        .collect();
    for (key, d) in activity_results {
        rendered_activities.push(key);
        diags.extend(d);
    }
    t.mark("bodies");
    // The whole-site checks of a build, on both cores.
    let (claimed, (anchors, warnings)) = rayon::join(
        || claims::check(&site, &routes, &paths, &theme.assets),
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
        },
        diags,
    ))
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
