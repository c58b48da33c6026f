//! Stage 1: find the site's files ([`walk`]) and parse each one on its own, in parallel:
//! text decoding and front-matter fences ([`text`]), YAML with positions ([`yaml`]), front
//! matter ([`frontmatter`]), activity records ([`records`]), `site.yaml` ([`config`]), dates
//! ([`dates`]). Nothing after this stage reads a source file again, except the bodies of a
//! site too large to hold them (`text::Place`), read again when rendered.

pub(crate) mod config;
pub(crate) mod dates;
pub(crate) mod frontmatter;
pub(crate) mod records;
pub(crate) mod sheet;
pub(crate) mod text;
pub(crate) mod walk;
pub(crate) mod yaml;

use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::messages::content as m;
use crate::paths::rel_path;
use crate::site::model::Activity;
use crate::site::model::{Body, Page, Section, StaticFile};
use crate::site::slug::slugify;
use crate::t;
use config::{BaseUrl, Config};
use frontmatter::FrontMatter;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
pub use walk::{is_hidden_or_temp, walk};

/// What stage 1 produces: parsed, not yet cross-checked.
#[derive(Debug, Default)]
pub struct Loaded {
    pub home: Option<Page>,
    pub articles: Vec<Page>,
    pub pages: Vec<Page>,
    pub activities: Vec<Activity>,
    pub static_files: Vec<StaticFile>,
    /// Sources left out as drafts, so links to them get a clear message.
    pub drafts: Vec<String>,
}

/// Read and validate `site.yaml`.
pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<(Config, BaseUrl), Vec<Diagnostic>> {
    let path = root.join("site.yaml");
    if !path.is_file() {
        return Err(vec![
            Diagnostic::error("site.yaml", t!(m::NO_SITE_YAML)).with_help(t!(m::NO_SITE_YAML_HELP))
        ]);
    }
    let text = text::read_text(&path, "site.yaml").map_err(|d| vec![d])?;
    let (mut config, mut base) = config::parse(&text, "site.yaml")?;
    if let Some(url) = base_url {
        base = BaseUrl::parse(url).ok_or_else(|| {
            vec![Diagnostic::error("--base-url", t!(m::BAD_BASE_URL_FLAG, url = url))
                .with_help(t!(m::BAD_BASE_URL_FLAG_HELP))]
        })?;
        config.base_url = url.to_string();
    }
    Ok((config, base))
}

/// Which kind of content file `path` (below `content`) is, if any.
fn classify(content: &Path, path: &Path) -> Option<Found> {
    let rel = rel_path(content, path);
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match (rel.split('/').next().unwrap_or(""), ext) {
        _ if rel == "_index.md" => Some(Found::Markdown(Section::Home, path.to_path_buf())),
        ("articles", "md") => Some(Found::Markdown(Section::Article, path.to_path_buf())),
        ("pages", "md") if !rel["pages/".len()..].contains('/') => {
            Some(Found::Markdown(Section::Page, path.to_path_buf()))
        }
        ("activities", "yaml" | "yml") => Some(Found::Activity(path.to_path_buf())),
        _ => None,
    }
}

/// Markdown or YAML outside the sections: ignored, with a warning.
fn is_misplaced(content: &Path, path: &Path) -> bool {
    let rel = rel_path(content, path);
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let section = rel.split('/').next().unwrap_or("");
    matches!(ext, "md" | "yaml" | "yml") && !matches!(section, "articles" | "activities")
}

/// One content file parsed on its own, for rebuilding after an edit.
pub enum ParsedFile {
    Page(Box<Page>),
    Activities(Vec<Activity>),
}

/// Parse one file below `content/`; `None` when it is not a content file.
pub fn load_file(root: &Path, path: &Path) -> Option<Result<ParsedFile, Vec<Diagnostic>>> {
    let found = classify(&root.join("content"), path)?;
    Some(parse_found(root, found, Keep::Text))
}

/// Whether a Markdown body is held as text from loading to rendering, or only its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    Text,
    Place,
}

enum Found {
    Markdown(Section, PathBuf),
    Activity(PathBuf),
}

/// Walk `content/` and `static/`, parse every file; returns what parsed and every problem.
/// Markdown sources larger than `budget` bytes in all are not held but read again when
/// rendered (`text::Place`).
pub fn load(root: &Path, drafts: bool, budget: usize) -> (Loaded, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut found = Vec::new();
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(Diagnostic::error("content", t!(m::NO_CONTENT)).with_help(t!(m::NO_CONTENT_HELP)));
    }
    for path in walk(&content, root, &mut diags) {
        match classify(&content, &path) {
            Some(f) => found.push(f),
            None if is_misplaced(&content, &path) => diags
                .push(Diagnostic::warning(rel_path(root, &path), t!(m::MISPLACED)).with_help(t!(m::MISPLACED_HELP))),
            None => {}
        }
    }
    // Markdown sources above the budget are not held until they are rendered (852 MB of files at
    // 100,000 articles): each body is read again when rendered, its file checked unchanged.
    let markdown: u64 = found
        .par_iter()
        .filter_map(|f| match f {
            Found::Markdown(_, p) => std::fs::metadata(p).ok().map(|m| m.len()),
            Found::Activity(_) => None,
        })
        .sum();
    let keep = if markdown > budget as u64 {
        Keep::Place
    } else {
        Keep::Text
    };
    let results: Vec<Result<ParsedFile, Vec<Diagnostic>>> =
        found.into_par_iter().map(|f| parse_found(root, f, keep)).collect();
    let mut loaded = Loaded::default();
    for result in results {
        match result {
            Ok(ParsedFile::Page(page)) if page.meta.draft && !drafts => {
                diags.push(draft_warning(&page));
                loaded.drafts.push(page.source);
            }
            Ok(ParsedFile::Page(page)) => match page.section {
                Section::Home => loaded.home = Some(*page),
                Section::Article => loaded.articles.push(*page),
                Section::Page => loaded.pages.push(*page),
            },
            Ok(ParsedFile::Activities(list)) => {
                loaded
                    .activities
                    .extend(list.into_iter().filter(|a| drafts || !a.record.draft));
            }
            Err(mut e) => diags.append(&mut e),
        }
    }
    loaded.static_files = static_files(&root.join("static"), root, &mut diags);
    (loaded, diags)
}

pub fn draft_warning(page: &Page) -> Diagnostic {
    Diagnostic::warning(&page.source, t!(m::DRAFT))
        .at(page.meta.spans.line("draft"), 1)
        .with_help(t!(m::DRAFT_HELP))
        .code(crate::diagnostics::Code::Draft)
}

fn parse_found(root: &Path, found: Found, keep: Keep) -> Result<ParsedFile, Vec<Diagnostic>> {
    match found {
        Found::Markdown(section, path) => {
            parse_markdown(root, section, path, keep).map(|p| ParsedFile::Page(Box::new(p)))
        }
        Found::Activity(path) => parse_activities(root, path).map(ParsedFile::Activities),
    }
}

fn parse_markdown(root: &Path, section: Section, file: PathBuf, keep: Keep) -> Result<Page, Vec<Diagnostic>> {
    let rel = rel_path(root, &file);
    let bytes = text::read_bytes(&file, &rel).map_err(|d| vec![d])?;
    // Hashed before decoding takes the bytes, only when the body will be read again.
    let place = (keep == Keep::Place).then(|| text::Place::new(&bytes, 0));
    let text = text::decode(bytes, &rel).map_err(|d| vec![d])?;
    let split = text::split_front_matter(&text, &rel).map_err(|d| vec![d])?;
    let meta = match (split.front_matter, section) {
        (Some(yaml), _) => frontmatter::parse(yaml, &rel, section == Section::Article)?,
        (None, Section::Home) => FrontMatter::default(),
        (None, _) => {
            return Err(vec![Diagnostic::error(&rel, t!(m::NO_FRONT_MATTER))
                .at(1, 1)
                .with_help(t!(m::NO_FRONT_MATTER_HELP))])
        }
    };
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = match &meta.slug {
        Some(s) => slugify(s),
        // A page bundle `articles/x/index.md` takes its folder's name.
        None if stem == "index" => file
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| slugify(&n.to_string_lossy()))
            .unwrap_or_default(),
        None => slugify(&stem),
    };
    if slug.is_empty() && section != Section::Home {
        let line = if meta.slug.is_some() {
            meta.spans.line("slug")
        } else {
            1
        };
        return Err(vec![Diagnostic::error(&rel, t!(m::NO_SLUG))
            .at(line, 1)
            .with_help(t!(m::NO_SLUG_HELP))]);
    }
    let path = match section {
        Section::Home => String::new(),
        Section::Article => format!("articles/{slug}/"),
        Section::Page => format!("{slug}/"),
    };
    Ok(Page {
        source: rel,
        section,
        meta,
        // The body runs to the end of the text.
        body: match place {
            Some(place) => Body::InFile(text::Place {
                start: text.len() - split.body.len(),
                ..place
            }),
            None => Body::Text(split.body.to_string()),
        },
        body_line_offset: split.body_line_offset,
        slug,
        path,
        rendered: Rendered::default(),
        cover_url: None,
        cover_picture: None,
        assets: Vec::new(),
        file,
    })
}

fn parse_activities(root: &Path, file: PathBuf) -> Result<Vec<Activity>, Vec<Diagnostic>> {
    let rel = rel_path(root, &file);
    let text = text::read_text(&file, &rel).map_err(|d| vec![d])?;
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let records = records::parse_file(&text, &rel, &stem)?;
    let mut out = Vec::new();
    for records::Parsed {
        record,
        line,
        body_line_offset,
        slug,
    } in records
    {
        if slug.is_empty() {
            return Err(vec![Diagnostic::error(&rel, t!(m::NO_RECORD_SLUG))
                .at(line, 1)
                .with_help(t!(m::NO_RECORD_SLUG_HELP))]);
        }
        out.push(Activity {
            source: rel.clone(),
            file: file.clone(),
            line,
            body_line_offset,
            path: format!("activities/{slug}/"),
            slug,
            record,
            rendered: Rendered::default(),
            image_urls: Vec::new(),
            pictures: Vec::new(),
            assets: Vec::new(),
            articles: Vec::new(),
        });
    }
    Ok(out)
}

fn static_files(dir: &Path, root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<StaticFile> {
    walk(dir, root, diags)
        .into_iter()
        .map(|source| StaticFile {
            path: rel_path(dir, &source),
            source,
        })
        .collect()
}
