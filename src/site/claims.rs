//! Every output file is claimed once, before anything is written: pages, feeds and data
//! files (routes), theme assets, `static/` files and the files next to content that pages
//! link to. Two claims on one path are an error naming both sources, so nothing silently
//! replaces anything, except the documented override: a `static/` file replacing a theme
//! asset of the same name, which `check` reports as a note.

use crate::diagnostics::Diagnostic;
use crate::messages::site as m;
use crate::paths::output_file;
use crate::paths::rel_path;
use crate::render::theme::ThemeAsset;
use crate::site::model::Site;
use crate::site::routes::Route;
use crate::t;
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;
use std::collections::BTreeMap;

/// Who wants to write an output file. Routes are described only when they collide: naming
/// every route of a big site cost a fifth of a preview edit.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Claim {
    /// A generated page or file.
    Route(Route),
    /// The search bundle, which claims its whole folder.
    Bundle,
    Theme(String),
    Static(String),
    /// A file next to content: the page's source, and the file as the page links it.
    Neighbour {
        page: String,
        file: String,
    },
}

impl Claim {
    fn describe(&self, site: &Site) -> String {
        match self {
            Claim::Route(r) => describe(site, *r),
            Claim::Bundle => t!(crate::messages::search::BUNDLE_SOURCE, path = crate::search::BUNDLE_DIR),
            Claim::Theme(s) => t!(m::THEME_SOURCE, name = s),
            Claim::Static(s) => s.clone(),
            Claim::Neighbour { page, file } => t!(m::NEIGHBOUR_SOURCE, page = page, file = file),
        }
    }

    /// The content file a message about this claim belongs to.
    fn file(&self, site: &Site) -> String {
        match self {
            Claim::Route(Route::Article(i)) => site.articles[*i].source.clone(),
            Claim::Route(Route::Page(i)) => site.pages[*i].source.clone(),
            Claim::Route(Route::Activity(i)) => site.activities[*i].source.clone(),
            Claim::Route(_) | Claim::Bundle => self.describe(site),
            Claim::Theme(s) | Claim::Static(s) => s.clone(),
            Claim::Neighbour { page, .. } => page.clone(),
        }
    }
}

/// Check every claim; returns errors for collisions and notes for allowed overrides.
pub fn check(site: &Site, routes: &[Route], paths: &[String], theme_assets: &[ThemeAsset]) -> Vec<Diagnostic> {
    // Most paths have one claim: keep the first by path, and lists only where a second arrives
    // (a list per path was 16,000 allocations of every preview edit).
    let mut first: FxHashMap<String, Claim> =
        FxHashMap::with_capacity_and_hasher(routes.len() + site.static_files.len(), Default::default());
    let mut clashes: BTreeMap<String, Vec<Claim>> = BTreeMap::new();
    let mut add = |path: String, claim: Claim| match first.entry(path) {
        Entry::Vacant(v) => {
            v.insert(claim);
        }
        Entry::Occupied(o) if *o.get() != claim => {
            let list = clashes.entry(o.key().clone()).or_insert_with(|| vec![o.get().clone()]);
            if !list.contains(&claim) {
                list.push(claim);
            }
        }
        Entry::Occupied(_) => {}
    };
    for (&r, path) in routes.iter().zip(paths) {
        add(output_file(path), Claim::Route(r));
    }
    for a in theme_assets {
        let (path, shown) = match a {
            ThemeAsset::Embedded(p, _) => (p.clone(), format!("built-in {p}")),
            ThemeAsset::File(f) => (f.path.clone(), rel_path(&site.root, &f.source)),
        };
        add(path, Claim::Theme(shown));
    }
    for f in &site.static_files {
        add(f.path.clone(), Claim::Static(rel_path(&site.root, &f.source)));
    }
    let pages = site.articles.iter().chain(&site.pages).chain(&site.home);
    let neighbours = pages
        .map(|p| (&p.source, &p.file, &p.assets))
        .chain(site.activities.iter().map(|a| (&a.source, &a.file, &a.assets)));
    for (source, file, assets) in neighbours {
        let dir = file.parent().unwrap_or(&site.root);
        for (asset, out) in assets {
            let shown = asset.strip_prefix(dir).map(|r| rel_path(std::path::Path::new(""), r));
            let shown = shown.unwrap_or_else(|_| rel_path(&site.root, asset));
            add(
                out.clone(),
                Claim::Neighbour {
                    page: source.clone(),
                    file: shown,
                },
            );
        }
    }
    // The search bundle's file names are known only once it is built: it claims its whole folder.
    if crate::search::enabled(site) {
        for (path, claim) in first.iter().filter(|(p, _)| p.starts_with(crate::search::BUNDLE_DIR)) {
            clashes
                .entry(path.clone())
                .or_insert_with(|| vec![claim.clone()])
                .push(Claim::Bundle);
        }
    }
    clashes.iter().map(|(path, who)| verdict(site, path, who)).collect()
}

fn verdict(site: &Site, path: &str, who: &[Claim]) -> Diagnostic {
    if let [Claim::Theme(theme), Claim::Static(own)] = who {
        return Diagnostic::note(own, t!(m::REPLACES_THEME_FILE, path = path, theme = theme))
            .code(crate::diagnostics::Code::ThemeOverride)
            .with_help(t!(m::REPLACES_THEME_FILE_HELP));
    }
    let files: Vec<String> = who.iter().map(|c| c.file(site)).collect();
    let first = files.iter().find(|f| f.starts_with("content/")).unwrap_or(&files[0]);
    let names: Vec<String> = who.iter().map(|c| c.describe(site)).collect();

    Diagnostic::error(
        first,
        if path.ends_with(".html") {
            t!(m::SAME_PAGE, path = path, sources = names.join(", "))
        } else {
            t!(m::SAME_FILE, path = path, sources = names.join(", "))
        },
    )
    .code(crate::diagnostics::Code::OutputCollision)
    .with_help(t!(m::SAME_OUTPUT_HELP))
}

fn describe(site: &Site, r: Route) -> String {
    match r {
        Route::Article(i) => site.articles[i].source.clone(),
        Route::Page(i) => site.pages[i].source.clone(),
        Route::Activity(i) => {
            let a = &site.activities[i];
            format!("{}:{}", a.source, a.line)
        }
        other => t!(m::GENERATED_PAGE, route = format!("{other:?}")),
    }
}
