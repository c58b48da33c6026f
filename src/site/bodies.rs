//! Stage 3: render every Markdown body (articles, pages, record bodies) in parallel,
//! resolving links against the finished list of routes.

use crate::diagnostics::{Diagnostic, LineIndex};
use crate::markdown::{self, LinkKind, LinkProblem, RenderOptions};
use crate::messages::site as m;
use crate::site::assemble::{front_line, record_line};
use crate::site::links::LinkTargets;
use crate::site::model::Activity;
use crate::site::model::{Body, Page, Site};
use crate::t;
use rayon::prelude::*;
use std::collections::HashMap;

/// Everything links may point at: routes, static files, content sources.
pub fn link_targets(site: &Site, paths: &[String], drafts: Vec<String>) -> LinkTargets {
    let mut t = LinkTargets {
        root: site.root.clone(),
        base: Some(site.base.clone()),
        ..Default::default()
    };
    t.paths.reserve(paths.len() + site.static_files.len());
    t.paths.extend(paths.iter().cloned());
    for f in &site.static_files {
        t.paths.insert(f.path.clone());
    }
    for p in site.articles.iter().chain(&site.pages).chain(&site.home) {
        t.by_source.insert(p.source.clone(), p.path.clone());
    }
    let mut per_file: HashMap<&str, Vec<&Activity>> = HashMap::new();
    for a in &site.activities {
        per_file.entry(a.source.as_str()).or_default().push(a);
    }
    for (file, list) in per_file {
        if list.len() == 1 {
            t.by_source.insert(file.to_string(), list[0].path.clone());
        }
    }
    t.drafts = drafts.into_iter().collect();
    t.unsafe_html = site.config.markdown.unsafe_html;
    t
}

/// Render all bodies; returns problems found in links. Each body goes where `site.held`
/// keeps bodies as soon as it is rendered, so a very large site never holds all of them.
pub fn render_all(site: &mut Site, targets: &LinkTargets) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let held = &site.held;
    let keep = |source: &str, r: &mut crate::markdown::Rendered, mut d: Vec<Diagnostic>| {
        if let Err(e) = held.keep(r) {
            d.push(Diagnostic::error(source, t!(m::BODY_STORE, error = e)));
        }
        d
    };
    let results: Vec<Vec<Diagnostic>> = site
        .articles
        .par_iter_mut()
        .chain(site.pages.par_iter_mut())
        .chain(site.home.as_mut().into_par_iter())
        .map(|p| {
            let d = render_page(p, targets);
            keep(&p.source, &mut p.rendered, d)
        })
        .collect();
    diags.extend(results.into_iter().flatten());
    let results: Vec<Vec<Diagnostic>> = site
        .activities
        .par_iter_mut()
        .map(|a| {
            let d = render_activity(a, targets);
            keep(&a.source, &mut a.rendered, d)
        })
        .collect();
    diags.extend(results.into_iter().flatten());
    diags
}

fn located(source: &str, index: &LineIndex, line_offset: usize, p: LinkProblem) -> Diagnostic {
    let (line, col) = index.line_col(p.offset);
    let mut d = Diagnostic::error(source, p.message)
        .at(line + line_offset, col)
        .code(p.code);
    d.help = p.help;
    d
}

/// The site's Markdown settings, carried by the targets every body render already gets.
fn render_options(targets: &LinkTargets) -> RenderOptions {
    RenderOptions {
        unsafe_html: targets.unsafe_html,
    }
}

/// Render one page's body and resolve its cover. The Markdown source is let go: everything
/// later stages need of it is in [`Rendered`], positions included.
pub fn render_page(page: &mut Page, targets: &LinkTargets) -> Vec<Diagnostic> {
    let mut assets = Vec::new();
    let mut pictures = Vec::new();
    let (file, path) = (page.file.clone(), page.path.clone());
    let body = match std::mem::take(&mut page.body) {
        Body::Text(text) => text,
        Body::InFile(place) => match crate::input::text::read_again(&page.file, &page.source, &place) {
            Ok(text) => text,
            // Nothing rendered: the error stops the build, and no page shows other text.
            Err(d) => {
                page.rendered = markdown::Rendered::default();
                return vec![d];
            }
        },
    };
    let (mut rendered, problems) = markdown::render_with(&body, &render_options(targets), &mut |dest, kind| {
        let url = targets.resolve(dest, kind, &file, &path, &mut assets)?;
        processed(targets, kind, url, &mut assets, &path, &mut pictures)
    });
    rewrite_pictures(&mut rendered, &pictures);
    let index = LineIndex::new(&body);
    let mut diags: Vec<Diagnostic> = problems
        .into_iter()
        .map(|p| located(&page.source, &index, page.body_line_offset, p))
        .collect();
    page.cover_url = None;
    if let Some(cover) = &page.meta.cover {
        let mut cover_picture = Vec::new();
        let resolved = targets
            .resolve(cover, LinkKind::Image, &file, &path, &mut assets)
            .and_then(|url| processed(targets, LinkKind::Image, url, &mut assets, &path, &mut cover_picture));
        page.cover_picture = cover_picture.pop().map(|(_, mut p)| {
            p.alt = page.meta.title.clone();
            p
        });
        match resolved {
            Ok(url) => page.cover_url = Some(url),
            Err((message, help)) => {
                let mut d =
                    Diagnostic::error(&page.source, t!(m::COVER, message = message)).at(front_line(page, "cover"), 1);
                d.help = help;
                diags.push(d);
            }
        }
    }
    page.rendered = rendered;
    page.assets = assets;
    diags
}

/// Render one record's body and resolve its images; like [`render_page`], the source is let go.
pub fn render_activity(a: &mut Activity, targets: &LinkTargets) -> Vec<Diagnostic> {
    let mut assets = Vec::new();
    let (file, path) = (a.file.clone(), a.path.clone());
    let mut diags = Vec::new();
    if let Some(body) = a.record.body.take() {
        let body = &body;
        let mut pictures = Vec::new();
        let (mut rendered, problems) = markdown::render_with(body, &render_options(targets), &mut |dest, kind| {
            let url = targets.resolve(dest, kind, &file, &path, &mut assets)?;
            processed(targets, kind, url, &mut assets, &path, &mut pictures)
        });
        rewrite_pictures(&mut rendered, &pictures);
        // A block scalar's lines sit one indentation level in; the line is what matters.
        let index = LineIndex::new(body);
        diags.extend(problems.into_iter().map(|p| {
            let mut d = located(&a.source, &index, a.body_line_offset, p);
            d.column = 0;
            d
        }));
        a.rendered = rendered;
    }
    a.image_urls.clear();
    a.pictures.clear();
    for (n, image) in a.record.images.iter().enumerate() {
        let mut shown = Vec::new();
        let resolved = targets
            .resolve(image, LinkKind::Image, &file, &path, &mut assets)
            .and_then(|url| processed(targets, LinkKind::Image, url, &mut assets, &path, &mut shown));
        let text = a.record.image_texts.get(n).cloned().unwrap_or_default();
        match resolved {
            Ok(url) => {
                let mut p = shown.pop().map(|(_, p)| p).unwrap_or_else(|| crate::images::Picture {
                    src: url.clone(),
                    full: url.clone(),
                    ..Default::default()
                });
                p.alt = text.alt.clone().unwrap_or_else(|| {
                    crate::t!(crate::messages::images::DEFAULT_ALT, title = a.record.title, n = n + 1)
                });
                p.caption = text.caption.clone();
                a.image_urls.push(url);
                a.pictures.push(p);
            }
            Err((message, help)) => {
                let line = if text.pos.line > 0 {
                    text.pos.line
                } else {
                    record_line(a, "images")
                };
                let mut d =
                    Diagnostic::error(&a.source, t!(m::IMAGES, message = message)).at(line, text.pos.col.max(1));
                d.help = help;
                diags.push(d);
            }
        }
    }
    a.assets = assets;
    diags
}

/// After an image resolved to `url`: a photo huimin processes becomes its resized widths
/// (recorded in `assets`, shown as `pictures`), and the URL given back is its `src`.
fn processed(
    targets: &LinkTargets,
    kind: LinkKind,
    url: String,
    assets: &mut Vec<(std::path::PathBuf, String)>,
    page_path: &str,
    pictures: &mut Vec<(String, crate::images::Picture)>,
) -> Result<String, crate::site::links::LinkError> {
    let Some(library) = targets.images.as_ref().filter(|_| kind == LinkKind::Image) else {
        return Ok(url);
    };
    match library.adopt(&url, assets, |u| targets.static_file(u), page_path, |p| targets.link(p))? {
        Some(picture) => {
            let src = picture.src.clone();
            pictures.push((src.clone(), picture));
            Ok(src)
        }
        None => Ok(url),
    }
}

/// Give the `<img>` of each processed photo its `srcset`, size and lazy loading.
fn rewrite_pictures(rendered: &mut markdown::Rendered, pictures: &[(String, crate::images::Picture)]) {
    if pictures.is_empty() {
        return;
    }
    crate::images::rewrite_html(&mut rendered.html, pictures);
    if let Some(summary) = rendered.summary_html.as_mut() {
        crate::images::rewrite_html(summary, pictures);
    }
}
