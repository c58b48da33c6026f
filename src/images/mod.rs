//! Images content uses: probed when bodies are rendered (size, orientation, metadata),
//! resized and re-encoded once into a cache kept between builds, and shown with `srcset`.
//!
//! Bodies resolve an image as usual ([`crate::site::links`]); [`Library::adopt`] then swaps
//! the original file for its processed widths in the page's assets, whose sources are cache
//! files, so claims and copying work as for any file next to content. [`Library::process`]
//! makes the cache files that are missing, in parallel, before anything is written. Every
//! JPEG/PNG/WebP published as it is goes through [`metadata::strip`] ([`Library::clean_copy`]).
//! What reading a photo found is kept between builds ([`stamps`]), so an unchanged photo
//! is not read again.

pub mod cache;
pub mod metadata;
pub mod process;
pub mod stamps;

use crate::diagnostics::{Code, Diagnostic};
use crate::messages::images as msg;
use crate::paths::rel_path;
use process::{Bad, Format};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// `images:` in site.yaml.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// Widths made of each photo, in pixels (never wider than the photo).
    pub widths: Vec<u32>,
    /// JPEG quality, 1–100.
    pub quality: u8,
    /// Publish the original (metadata stripped) and link the picture to it.
    pub keep_originals: bool,
    /// Asked for WebP; huimin writes JPEG only (see README), so this only brings a note.
    pub webp: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            widths: vec![480, 960, 1600],
            quality: 80,
            keep_originals: false,
            webp: false,
        }
    }
}

/// The folder under the site root where processed images are kept between builds.
pub const CACHE_DIR: &str = ".huimin-cache/images";

/// How a picture is shown: what templates and bodies need for `<img>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Picture {
    /// The fallback `src`: the width nearest 960 px.
    pub src: String,
    pub srcset: String,
    /// Width and height of `src` (the aspect ratio, so nothing moves while loading).
    pub width: u32,
    pub height: u32,
    /// The largest width, or the stripped original when `keep_originals` is on.
    pub full: String,
    pub alt: String,
    pub caption: Option<String>,
}

/// A source image as probed.
#[derive(Debug, Clone)]
struct Probe {
    hash: String,
    format: Format,
    /// Upright size.
    width: u32,
    height: u32,
    found: metadata::Found,
}

/// One cache file to make: the source, and the width.
#[derive(Debug, Clone)]
struct Job {
    source: PathBuf,
    format: Format,
    width: u32,
    height: u32,
}

type Stamp = (u64, Option<std::time::SystemTime>);

/// A probe, and the size and time of the file it was made from.
type Probed = (Stamp, Result<Arc<Probe>, Bad>);

/// Probes and cache files of one build (and, in `serve`, of the preview's lifetime).
#[derive(Debug)]
pub struct Library {
    pub settings: Settings,
    root: PathBuf,
    dir: PathBuf,
    /// `--no-cache`: remake every cache file once.
    fresh: bool,
    probes: Mutex<HashMap<PathBuf, Probed>>,
    jobs: Mutex<BTreeMap<PathBuf, Job>>,
    /// Images decoded (not taken from the cache).
    pub decoded: AtomicUsize,
    /// Cache files found made.
    pub reused: AtomicUsize,
    /// Source photos read (not known from [`stamps`]).
    pub read: AtomicUsize,
    stamps: stamps::Stamps,
}

/// Whether huimin resizes files with this name (by extension; the content is checked too).
pub fn is_processed(path: &Path) -> bool {
    matches!(ext(path).as_str(), "jpg" | "jpeg" | "jpe" | "jfif" | "png" | "webp")
}

fn ext(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

impl Library {
    pub fn new(root: &Path, settings: Settings, fresh: bool) -> Library {
        Library {
            settings,
            root: root.to_path_buf(),
            dir: root.join(CACHE_DIR),
            fresh,
            probes: Mutex::default(),
            jobs: Mutex::default(),
            decoded: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            read: AtomicUsize::new(0),
            stamps: stamps::Stamps::load(root, fresh),
        }
    }

    /// Keep what reading the photos found for the next build ([`stamps`]).
    pub fn save(&self) {
        self.stamps.save();
    }

    /// A photo's bytes, counted.
    fn read_source(&self, source: &Path) -> std::io::Result<Vec<u8>> {
        self.read.fetch_add(1, Ordering::Relaxed);
        std::fs::read(source)
    }

    /// Probe a photo the stamps do not know, and remember what was found.
    fn probe_unknown(&self, source: &Path, meta: &std::fs::Metadata) -> Result<Arc<Probe>, Bad> {
        let len = meta.len();
        if len == 0 {
            return Err(Bad::Empty);
        }
        if len > process::MAX_FILE {
            return Err(Bad::TooLargeFile(len));
        }
        let stamp = stamps::Stamp::of(meta);
        if let Some(f) = self.stamps.get(source, stamp) {
            return Ok(Arc::new(Probe::from(&f)));
        }
        let bytes = self.read_source(source).map_err(|e| Bad::Damaged(e.to_string()))?;
        let probe = probe_bytes(&bytes, &ext(source))?;
        if let Some(stamp) = stamp {
            self.stamps.put(source, probe.facts(stamp, None));
        }
        Ok(Arc::new(probe))
    }

    fn probe(&self, source: &Path) -> Result<Arc<Probe>, Bad> {
        let meta = std::fs::metadata(source).map_err(|_| Bad::NotAnImage)?;
        let stamp = (meta.len(), meta.modified().ok());
        if let Some((s, p)) = self.probes.lock().ok().and_then(|m| m.get(source).cloned()) {
            if s == stamp {
                return p;
            }
        }
        let result = self.probe_unknown(source, &meta);
        if let Ok(mut m) = self.probes.lock() {
            m.insert(source.to_path_buf(), (stamp, result.clone()));
        }
        result
    }

    /// The problem with an image, as an error at `file:line:col` where it is used.
    pub fn problem(&self, source: &Path) -> Option<(String, Option<String>)> {
        self.probe(source)
            .err()
            .map(|bad| describe(&rel_path(&self.root, source), &bad))
    }

    /// After `resolve` gave `url` for an image: when it is a photo huimin processes, put its
    /// widths in `assets` (the original too when kept), and say how to show it.
    ///
    /// `assets` is the page's list of (source, output path); `link` makes a site path a URL.
    pub fn adopt(
        &self,
        url: &str,
        assets: &mut Vec<(PathBuf, String)>,
        static_source: impl Fn(&str) -> Option<(PathBuf, String)>,
        page_path: &str,
        link: impl Fn(&str) -> String,
    ) -> Result<Option<Picture>, (String, Option<String>)> {
        // The file: one next to the content (in `assets`, linked by `url`), or in `static/`.
        let (source, out, neighbour) = match assets.iter().position(|(_, out)| link(out) == url) {
            Some(i) => (assets[i].0.clone(), assets[i].1.clone(), Some(i)),
            None => match static_source(url) {
                Some((s, o)) => (s, o, None),
                None => return Ok(None),
            },
        };
        if !is_processed(&source) {
            return Ok(None);
        }
        let probe = self
            .probe(&source)
            .map_err(|bad| describe(&rel_path(&self.root, &source), &bad))?;
        // Outputs sit next to the page, named in ASCII (`img/合影.jpg` → `img/he-ying-960.jpg`).
        let name = out.rsplit('/').next().unwrap_or(&out);
        let sub = out
            .strip_prefix(page_path)
            .unwrap_or(name)
            .rsplit_once('/')
            .map(|(d, _)| d)
            .unwrap_or("");
        let mut dir = page_path.to_string();
        for seg in sub.split('/').filter(|s| !s.is_empty()) {
            dir.push_str(&or_image(crate::site::slug::slugify(seg)));
            dir.push('/');
        }
        let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
        let stem = or_image(crate::site::slug::slugify(stem));
        let widths = process::widths(probe.width, &self.settings.widths);
        let mut srcset = Vec::new();
        let mut chosen = (String::new(), 0, 0);
        let mut largest = String::new();
        for &w in &widths {
            let h = ((u64::from(probe.height) * u64::from(w) + u64::from(probe.width) / 2) / u64::from(probe.width))
                .max(1) as u32;
            let cache = self.dir.join(cache::file_name(&probe.hash, &self.settings, w));
            let out_path = format!("{dir}{stem}-{w}.jpg");
            let url = link(&out_path);
            srcset.push(format!("{url} {w}w"));
            if chosen.0.is_empty() || w <= 960 {
                chosen = (url.clone(), w, h);
            }
            largest = url;
            if !assets.iter().any(|(_, o)| o == &out_path) {
                assets.push((cache.clone(), out_path));
            }
            if let Ok(mut jobs) = self.jobs.lock() {
                jobs.entry(cache).or_insert(Job {
                    source: source.clone(),
                    format: probe.format,
                    width: w,
                    height: h,
                });
            }
        }
        let mut full = largest;
        match neighbour {
            Some(i) if !self.settings.keep_originals => {
                assets.remove(i);
            }
            Some(_) => full = url.to_string(),
            None if self.settings.keep_originals => full = url.to_string(),
            None => {}
        }
        Ok(Some(Picture {
            src: chosen.0,
            srcset: srcset.join(", "),
            width: chosen.1,
            height: chosen.2,
            full,
            alt: String::new(),
            caption: None,
        }))
    }

    /// Make every cache file missing (all of them with `--no-cache`), in parallel; a
    /// progress line on a terminal when it takes more than a second.
    pub fn process(&self) -> Vec<Diagnostic> {
        use rayon::prelude::*;
        let jobs: Vec<(PathBuf, Job)> = match self.jobs.lock() {
            Ok(mut j) => std::mem::take(&mut *j).into_iter().collect(),
            Err(_) => return Vec::new(),
        };
        let mut by_source: BTreeMap<PathBuf, Vec<(PathBuf, Job)>> = BTreeMap::new();
        for (cache, job) in jobs {
            if !self.fresh && cache.is_file() {
                self.reused.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            by_source.entry(job.source.clone()).or_default().push((cache, job));
        }
        if by_source.is_empty() {
            return Vec::new();
        }
        let _ = std::fs::create_dir_all(&self.dir);
        let total = by_source.len();
        let done = AtomicUsize::new(0);
        let started = std::time::Instant::now();
        let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
        let shown = std::sync::atomic::AtomicBool::new(false);
        let diags: Vec<Diagnostic> = by_source
            .into_par_iter()
            .filter_map(|(source, list)| {
                let r = self.make(&source, &list);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if terminal && started.elapsed().as_millis() > 1000 {
                    shown.store(true, Ordering::Relaxed);
                    eprint!("\r{}", crate::t!(msg::PROGRESS, done = n, total = total));
                }
                r.err()
            })
            .collect();
        if shown.load(Ordering::Relaxed) {
            eprintln!();
        }
        diags
    }

    fn make(&self, source: &Path, list: &[(PathBuf, Job)]) -> Result<(), Diagnostic> {
        let shown = rel_path(&self.root, source);
        let fail = |bad: Bad| {
            let (m, h) = describe(&shown, &bad);
            let d = Diagnostic::error(&shown, m).code(Code::BadImage);
            match h {
                Some(h) => d.with_help(h),
                None => d,
            }
        };
        let bytes = self
            .read_source(source)
            .map_err(|e| fail(Bad::Damaged(e.to_string())))?;
        let format = list[0].1.format;
        self.decoded.fetch_add(1, Ordering::Relaxed);
        let img = process::decode(&bytes, format).map_err(fail)?;
        drop(bytes);
        for (cache, job) in list {
            let small = process::resize(&img, job.width, job.height).map_err(fail)?;
            let jpeg = process::jpeg(&small, self.settings.quality).map_err(fail)?;
            cache::write(cache, &jpeg).map_err(|e| {
                Diagnostic::error(rel_path(&self.root, cache), crate::t!(msg::CACHE_WRITE, error = e))
                    .code(Code::BadImage)
                    .with_help(crate::t!(msg::CACHE_WRITE_HELP))
            })?;
        }
        Ok(())
    }

    /// Warnings about source images that carry GPS coordinates (content's and `static/`'s).
    pub fn gps_warnings(&self, static_files: &[crate::site::model::StaticFile]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let probed: Vec<PathBuf> = match self.probes.lock() {
            Ok(m) => m
                .iter()
                .filter(|(_, (_, p))| matches!(p, Ok(p) if p.found.gps))
                .map(|(k, _)| k.clone())
                .collect(),
            Err(_) => Vec::new(),
        };
        let mut files: Vec<PathBuf> = probed;
        for f in static_files {
            if is_processed(&f.source) && !files.contains(&f.source) && self.found(&f.source).gps {
                files.push(f.source.clone());
            }
        }
        files.sort();
        for f in files {
            let shown = rel_path(&self.root, &f);
            out.push(
                Diagnostic::warning(&shown, crate::t!(msg::GPS))
                    .code(Code::ImageGps)
                    .with_help(crate::t!(msg::GPS_HELP)),
            );
        }
        out
    }

    /// Processed images of this build: (decoded, reused) counts.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.decoded.load(Ordering::Relaxed),
            self.reused.load(Ordering::Relaxed),
        )
    }
}

fn or_image(s: String) -> String {
    if s.is_empty() {
        "image".into()
    } else {
        s
    }
}

fn probe_bytes(bytes: &[u8], ext: &str) -> Result<Probe, Bad> {
    let format = process::format(bytes, ext)?;
    let (w, h) = process::header(bytes, format)?;
    let found = metadata::read(bytes);
    let (width, height) = if (5..=8).contains(&found.orientation) {
        (h, w)
    } else {
        (w, h)
    };
    Ok(Probe {
        hash: cache::hash(bytes),
        format,
        width,
        height,
        found,
    })
}

impl Probe {
    fn facts(&self, stamp: stamps::Stamp, strips: Option<bool>) -> stamps::Facts {
        stamps::Facts {
            stamp,
            hash: self.hash.clone(),
            format: self.format,
            width: self.width,
            height: self.height,
            found: self.found,
            strips,
        }
    }
}

impl From<&stamps::Facts> for Probe {
    fn from(f: &stamps::Facts) -> Probe {
        Probe {
            hash: f.hash.clone(),
            format: f.format,
            width: f.width,
            height: f.height,
            found: f.found,
        }
    }
}

/// Message and help for a bad image.
fn describe(file: &str, bad: &Bad) -> (String, Option<String>) {
    match bad {
        Bad::Empty => (crate::t!(msg::EMPTY, file = file), Some(crate::t!(msg::EMPTY_HELP))),
        Bad::TooLargeFile(n) => (
            crate::t!(msg::FILE_TOO_LARGE, file = file, mb = n / 1_000_000),
            Some(crate::t!(msg::TOO_LARGE_HELP)),
        ),
        Bad::NotAnImage => (
            crate::t!(msg::NOT_IMAGE, file = file),
            Some(crate::t!(msg::NOT_IMAGE_HELP)),
        ),
        Bad::WrongExtension(actual) => (
            crate::t!(msg::WRONG_EXTENSION, file = file, actual = actual),
            Some(crate::t!(msg::WRONG_EXTENSION_HELP, actual = actual)),
        ),
        Bad::TooLarge { width, height } => (
            crate::t!(msg::TOO_LARGE, file = file, width = width, height = height),
            Some(crate::t!(msg::TOO_LARGE_HELP)),
        ),
        Bad::Truncated => (
            crate::t!(msg::TRUNCATED, file = file),
            Some(crate::t!(msg::DAMAGED_HELP)),
        ),
        Bad::Damaged(e) => (
            crate::t!(msg::DAMAGED, file = file, error = e),
            Some(crate::t!(msg::DAMAGED_HELP)),
        ),
    }
}

/// Put the processed form of each `<img src="URL"…>` huimin wrote for `pictures` into `html`.
/// A body without those images is returned unchanged.
pub fn rewrite_html(html: &mut String, pictures: &[(String, Picture)]) {
    for (url, pic) in pictures {
        let needle = format!("<img src=\"{}\"", crate::escape::html(url));
        let mut from = 0;
        while let Some(i) = html[from..].find(&needle).map(|i| i + from) {
            let Some(end) = html[i..].find('>').map(|e| i + e + 1) else {
                break;
            };
            let tag = &html[i..end];
            let alt = attr(tag, "alt").unwrap_or_default();
            let title = attr(tag, "title");
            let mut p = pic.clone();
            p.alt = alt;
            let shown = editor_width(tag).filter(|&w| w < p.width);
            let mut new = match shown {
                Some(w) => {
                    // Pasted with a smaller `width` (`<img width="300">`): shown that wide, its
                    // height kept in proportion, the browser told it needs no more.
                    p.height = (u64::from(p.height) * u64::from(w)).div_ceil(u64::from(p.width)).max(1) as u32;
                    p.width = w;
                    img_tag(&p, &format!("(max-width: {w}px) 100vw, {w}px"), title.as_deref())
                }
                None => img_tag(&p, SIZES, title.as_deref()),
            };
            if p.full != p.src && pic.full != largest(pic) {
                new = format!("<a href=\"{}\">{new}</a>", crate::escape::html(&p.full));
            }
            html.replace_range(i..end, &new);
            from = i + new.len();
        }
    }
}

fn largest(p: &Picture) -> String {
    p.srcset
        .rsplit(", ")
        .next()
        .and_then(|s| s.split(' ').next())
        .unwrap_or("")
        .to_string()
}

/// An attribute's value, entities as written (they go back into an attribute).
fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let i = tag.find(&needle)? + needle.len();
    let end = tag[i..].find('"')? + i;
    Some(tag[i..end].to_string())
}

/// How wide a body's picture is shown: the text column (`themes/default` caps it at 40rem).
const SIZES: &str = "(max-width: 42rem) 100vw, 40rem";

/// The width in pixels an editor gave a pasted `<img>` (`300`, `300px`); a percentage or
/// anything else is not a size in pixels, and the picture keeps its own.
fn editor_width(tag: &str) -> Option<u32> {
    let w = attr(tag, "width")?;
    let digits = w.trim().strip_suffix("px").unwrap_or(w.trim()).trim();
    digits.parse::<u32>().ok().filter(|&w| w > 0)
}

/// `<img>` for a picture; `alt` and `title` are already escaped for an attribute.
fn img_tag(p: &Picture, sizes: &str, title: Option<&str>) -> String {
    let e = crate::escape::html;
    let mut s = format!(
        "<img src=\"{}\" srcset=\"{}\" sizes=\"{sizes}\" width=\"{}\" height=\"{}\" alt=\"{}\"",
        e(&p.src),
        e(&p.srcset),
        p.width,
        p.height,
        p.alt
    );
    if let Some(t) = title {
        s.push_str(&format!(" title=\"{t}\""));
    }
    s.push_str(" loading=\"lazy\" decoding=\"async\">");
    s
}

impl Library {
    /// What the metadata of a photo published as it is holds (nothing when it cannot be read).
    fn found(&self, source: &Path) -> metadata::Found {
        let stamp = std::fs::metadata(source).ok().and_then(|m| stamps::Stamp::of(&m));
        match self.stamps.get(source, stamp) {
            Some(f) => f.found,
            None => self.learn(source, stamp).map(|(found, _)| found).unwrap_or_default(),
        }
    }

    /// What to publish for a file copied as it is: a JPEG/PNG/WebP with its metadata stripped
    /// (kept in the cache folder), anything else as it is. An unchanged photo whose stripped
    /// copy exists is not read ([`stamps`]).
    pub fn clean_copy(&self, source: &Path) -> PathBuf {
        if !is_processed(source) || source.starts_with(&self.dir) {
            return source.to_path_buf();
        }
        let stamp = std::fs::metadata(source).ok().and_then(|m| stamps::Stamp::of(&m));
        if let Some(f) = self.stamps.get(source, stamp) {
            match f.strips {
                Some(false) => return source.to_path_buf(),
                Some(true) if self.stripped(&f.hash, source).is_file() => return self.stripped(&f.hash, source),
                _ => {}
            }
        }
        self.learn(source, stamp)
            .map(|(_, published)| published)
            .unwrap_or_else(|| source.to_path_buf())
    }

    /// Where the stripped copy of a photo with this content hash is kept.
    fn stripped(&self, hash: &str, source: &Path) -> PathBuf {
        self.dir.join("stripped").join(format!("{hash}.{}", ext(source)))
    }

    /// Read a photo published as it is: what its metadata holds, and the file to publish
    /// (its stripped copy, made now, or the photo itself when there is nothing to strip or
    /// the copy cannot be written). Remembered for the next build. `None` when unreadable.
    fn learn(&self, source: &Path, stamp: Option<stamps::Stamp>) -> Option<(metadata::Found, PathBuf)> {
        let bytes = self.read_source(source).ok()?;
        let clean = metadata::strip(&bytes).filter(|c| *c != bytes);
        let probe = probe_bytes(&bytes, &ext(source));
        let found = probe.as_ref().map_or_else(|_| metadata::read(&bytes), |p| p.found);
        let hash = probe.as_ref().map_or_else(|_| cache::hash(&bytes), |p| p.hash.clone());
        let published = match &clean {
            None => source.to_path_buf(),
            Some(clean) => {
                let path = self.stripped(&hash, source);
                if path.is_file() || cache::write(&path, clean).is_ok() {
                    path
                } else {
                    return Some((found, source.to_path_buf()));
                }
            }
        };
        if let (Some(stamp), Ok(p)) = (stamp, &probe) {
            self.stamps.put(source, p.facts(stamp, Some(clean.is_some())));
        }
        Some((found, published))
    }
}

/// Sizes of the cache, for `check --verbose`: (files, bytes).
pub fn cache_size(root: &Path) -> (usize, u64) {
    let mut n = 0;
    let mut bytes = 0;
    for e in walkdir::WalkDir::new(root.join(CACHE_DIR)).into_iter().flatten() {
        if e.file_type().is_file() {
            n += 1;
            bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    (n, bytes)
}

/// After every body is rendered: make the missing cache files, and warn about GPS in source
/// photos, record images without alt text and `webp: true`.
pub fn checks(site: &crate::site::model::Site, library: &Library) -> Vec<Diagnostic> {
    let mut out = library.process();
    out.extend(library.gps_warnings(&site.static_files));
    for a in &site.activities {
        for (n, t) in a.record.image_texts.iter().enumerate() {
            if t.alt.is_none() {
                let line = if t.pos.line > 0 { t.pos.line } else { a.line };
                out.push(
                    Diagnostic::warning(&a.source, crate::t!(msg::NO_ALT, n = n + 1))
                        .at(line, t.pos.col.max(1))
                        .code(Code::MissingAlt)
                        .with_help(crate::t!(msg::NO_ALT_HELP)),
                );
            }
        }
    }
    if library.settings.webp {
        let pos = site.config.spans.pos("images");
        out.push(
            Diagnostic::note("site.yaml", crate::t!(msg::WEBP_NOTE))
                .at(pos.line, pos.col)
                .code(Code::Content)
                .with_help(crate::t!(msg::WEBP_HELP)),
        );
    }
    out
}

/// The `--verbose` line: photos, published widths and their size, the cache, decodes.
pub fn report(site: &crate::site::model::Site, library: &Library) -> String {
    let dir = site.root.join(CACHE_DIR);
    let mut files = std::collections::BTreeSet::new();
    for (source, out) in site
        .articles
        .iter()
        .chain(&site.pages)
        .chain(&site.home)
        .flat_map(|p| &p.assets)
        .chain(site.activities.iter().flat_map(|a| &a.assets))
    {
        if source.starts_with(&dir) {
            files.insert((out.clone(), source.clone()));
        }
    }
    let bytes: u64 = files
        .iter()
        .map(|(_, s)| std::fs::metadata(s).map(|m| m.len()).unwrap_or(0))
        .sum();
    let sources = library
        .probes
        .lock()
        .map(|m| m.values().filter(|(_, p)| p.is_ok()).count())
        .unwrap_or(0);
    let (cache_files, cache_bytes) = cache_size(&site.root);
    let (decoded, reused) = library.counts();
    let read = library.read.load(Ordering::Relaxed);
    crate::t!(
        msg::IMAGES_REPORT,
        sources = sources,
        files = files.len(),
        kb = bytes / 1024,
        cache_files = cache_files,
        cache_kb = cache_bytes / 1024,
        dir = CACHE_DIR,
        decoded = decoded,
        reused = reused,
        read = read
    )
}
