//! The site model: everything loaded and validated, before any template runs.
//!
//! Plain data. Stages after loading read it; only the markdown stage fills `rendered`.

use crate::input::config::{BaseUrl, Config};
use crate::input::frontmatter::FrontMatter;
use crate::input::records::Record;
use crate::markdown::Rendered;
use std::path::PathBuf;

/// Which part of `content/` a Markdown file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `content/_index.md`, the home page intro.
    Home,
    /// `content/articles/**.md`.
    Article,
    /// `content/pages/*.md`, standalone pages at `/<slug>/`.
    Page,
}

/// A Markdown document: article, standalone page or the home intro.
#[derive(Debug, Clone)]
pub struct Page {
    /// Source path relative to the site root (`content/articles/x.md`).
    pub source: String,
    pub file: PathBuf,
    pub section: Section,
    pub meta: FrontMatter,
    /// The Markdown source, or where it is in the file; empty once rendered into `rendered`
    /// (`bodies::render_page`).
    pub body: Body,
    /// Lines before the body in the file, for diagnostics.
    pub body_line_offset: usize,
    pub slug: String,
    /// Site-relative URL path: `articles/x/`, `about/`, or `` for home.
    pub path: String,
    pub rendered: Rendered,
    /// Link to the cover image, resolved like a Markdown image.
    pub cover_url: Option<String>,
    /// The cover as a processed picture (`srcset`, size), when it is a photo huimin resizes.
    pub cover_picture: Option<crate::images::Picture>,
    /// Files next to the source that are copied next to the output page: (source, output path).
    pub assets: Vec<(PathBuf, String)>,
}

/// A page's Markdown body until it is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// The text itself.
    Text(String),
    /// Where it is in the source file, on a site whose sources are too large to hold until
    /// they are rendered (`input::load`): read again when it is rendered.
    InFile(crate::input::text::Place),
}

impl Default for Body {
    fn default() -> Body {
        Body::Text(String::new())
    }
}

impl Body {
    /// Bytes of source it stands for (for an unread body, its file's).
    pub fn source_bytes(&self) -> usize {
        match self {
            Body::Text(t) => t.len(),
            Body::InFile(p) => p.file_len as usize,
        }
    }
}

/// A record placed in the site: its slug, URL and rendered body.
#[derive(Debug, Clone)]
pub struct Activity {
    /// Source file relative to the site root.
    pub source: String,
    pub file: PathBuf,
    /// Line in the file where the record starts (1-based).
    pub line: usize,
    /// Lines before the record's `body:` text, for diagnostics in the body.
    pub body_line_offset: usize,
    pub record: Record,
    pub slug: String,
    /// `activities/<slug>/`.
    pub path: String,
    pub rendered: Rendered,
    /// Resolved image links, in the order given.
    pub image_urls: Vec<String>,
    /// Each image as the gallery shows it (alt text, caption, `srcset` when processed).
    pub pictures: Vec<crate::images::Picture>,
    pub assets: Vec<(PathBuf, String)>,
    /// Indices of articles that list this record in `activities:`.
    pub articles: Vec<usize>,
}

/// A taxonomy term (tag, category, series, pillar) and what carries it.
#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Description, for pillars from the configuration.
    pub description: String,
    /// Indices into `Site::articles`, newest first.
    pub articles: Vec<usize>,
    /// Indices into `Site::activities`, newest first.
    pub activities: Vec<usize>,
    /// Articles and activities together, newest first: the order of the term's pages.
    /// Sorted once when the site is assembled, not once per page.
    pub items: Vec<Item>,
}

/// An entry of a mixed list: an article or an activity record, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    Article(usize),
    Activity(usize),
}

/// The kinds of grouping a site has; each has its own URL prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Taxonomy {
    Tags,
    Categories,
    Series,
    Pillars,
}

impl Taxonomy {
    pub const ALL: [Taxonomy; 4] = [
        Taxonomy::Tags,
        Taxonomy::Categories,
        Taxonomy::Series,
        Taxonomy::Pillars,
    ];

    /// URL prefix, also the `taxonomy` name templates see.
    pub fn key(self) -> &'static str {
        match self {
            Taxonomy::Tags => "tags",
            Taxonomy::Categories => "categories",
            Taxonomy::Series => "series",
            Taxonomy::Pillars => "pillars",
        }
    }

    /// Chinese name shown in page titles.
    pub fn label(self) -> &'static str {
        match self {
            Taxonomy::Tags => "标签",
            Taxonomy::Categories => "分类",
            Taxonomy::Series => "系列活动",
            Taxonomy::Pillars => "品牌支柱",
        }
    }
}

/// A file copied to the output unchanged.
#[derive(Debug, Clone)]
pub struct StaticFile {
    pub source: PathBuf,
    /// Output path relative to the output folder, `/`-separated.
    pub path: String,
}

/// Everything a build knows about the site.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub base: BaseUrl,
    pub home: Option<Page>,
    /// Newest first.
    pub articles: Vec<Page>,
    pub pages: Vec<Page>,
    /// Newest first.
    pub activities: Vec<Activity>,
    pub tags: Vec<Term>,
    pub categories: Vec<Term>,
    pub series: Vec<Term>,
    pub pillars: Vec<Term>,
    /// `static/` and the theme's static files.
    pub static_files: Vec<StaticFile>,
    /// The day the build considers "today", for upcoming activities.
    pub today: chrono::NaiveDate,
    /// Where rendered bodies wait for their pages (memory, or a file on very large sites).
    pub held: crate::site::held::Held,
}

impl Site {
    pub fn terms(&self, t: Taxonomy) -> &[Term] {
        match t {
            Taxonomy::Tags => &self.tags,
            Taxonomy::Categories => &self.categories,
            Taxonomy::Series => &self.series,
            Taxonomy::Pillars => &self.pillars,
        }
    }
}
