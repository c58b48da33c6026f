//! Link resolution for Markdown bodies: relative paths to content files become page URLs,
//! site paths get the base path, and links that point nowhere are reported.

use crate::input::config::BaseUrl;
use crate::markdown::LinkKind;
use crate::messages::site as m;
use crate::paths::{normalize, percent_decode, rel_path};
use crate::t;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};

/// What links can point at, known before any body is rendered.
#[derive(Debug, Default)]
pub struct LinkTargets {
    pub root: PathBuf,
    pub base: Option<BaseUrl>,
    /// Source file relative to root (`content/articles/x.md`) → URL path.
    pub by_source: FxHashMap<String, String>,
    /// Every URL path the site serves (`articles/x/`, `images/a.png`, ``).
    pub paths: FxHashSet<String>,
    /// Source files that are content but unpublished (drafts), for a clearer message.
    pub drafts: FxHashSet<String>,
    /// `markdown.unsafe_html` from site.yaml: bodies keep raw HTML as written. Kept here
    /// because every body render, full or incremental, is handed these targets.
    pub unsafe_html: bool,
    /// Photos content uses: probed and resized (`crate::images`); none in unit tests.
    pub images: Option<std::sync::Arc<crate::images::Library>>,
}

/// A failed resolution: message and help.
pub type LinkError = (String, Option<String>);

impl LinkTargets {
    /// The URL of a site path (with the base path).
    pub fn link(&self, path: &str) -> String {
        match &self.base {
            Some(b) => b.link(path),
            None => format!("/{path}"),
        }
    }

    /// The file in `static/` a resolved URL names, with its site path, if it is one.
    pub fn static_file(&self, url: &str) -> Option<(PathBuf, String)> {
        let base = self.base.as_ref().map(|b| b.path.as_str()).unwrap_or("/");
        let path = percent_decode(url.strip_prefix(base)?);
        let file = self.root.join("static").join(&path);
        (self.paths.contains(&path) && file.is_file()).then_some((file, path))
    }

    /// Whether the site serves `path` (with or without a trailing slash or `index.html`).
    pub fn has_path(&self, path: &str) -> Option<String> {
        let p = path.trim_start_matches('/');
        let candidates = [
            p.to_string(),
            format!("{p}/"),
            p.strip_suffix("index.html").unwrap_or(p).to_string(),
        ];
        candidates.into_iter().find(|c| self.paths.contains(c))
    }

    /// Resolve `dest` written in the file `from` (absolute) whose page lives at `page_path`.
    ///
    /// Files next to the content that it links to are recorded in `assets` to be copied
    /// next to the output page.
    pub fn resolve(
        &self,
        dest: &str,
        kind: LinkKind,
        from: &Path,
        page_path: &str,
        assets: &mut Vec<(PathBuf, String)>,
    ) -> Result<String, LinkError> {
        if let Some(refused) = unsafe_url_error(dest, kind) {
            return Err(refused);
        }
        if dest.is_empty() || dest.starts_with('#') || has_scheme(dest) || dest.starts_with("//") {
            return Ok(dest.to_string());
        }
        let (path_part, suffix) = match dest.find(['#', '?']) {
            Some(i) => (&dest[..i], &dest[i..]),
            None => (dest, ""),
        };
        let decoded = percent_decode(path_part);
        if let Some(site_path) = decoded.strip_prefix('/') {
            return match self.has_path(site_path) {
                Some(p) => Ok(format!("{}{suffix}", self.link(&p))),
                None => Err((t!(m::LINK_NOTHING, dest = dest), Some(t!(m::LINK_NOTHING_HELP)))),
            };
        }
        let dir = from.parent().unwrap_or(Path::new(""));
        let target = normalize(&dir.join(&decoded));
        if !target.starts_with(&self.root) {
            return Err((t!(m::LINK_OUTSIDE, dest = dest), None));
        }
        let rel = rel_path(&self.root, &target);
        if let Some(url) = self.by_source.get(&rel) {
            return Ok(format!("{}{suffix}", self.link(url)));
        }
        if self.drafts.contains(&rel) {
            return Err((t!(m::LINK_DRAFT, dest = dest), Some(t!(m::LINK_DRAFT_HELP))));
        }
        if let Some(static_path) = rel.strip_prefix("static/") {
            if target.is_file() {
                return Ok(format!("{}{suffix}", self.link(static_path)));
            }
        }
        if target.is_file() && rel.starts_with("content/") && !is_content_file(&target) {
            // Keep the sub-path below the content file's folder (`img/a/1.png` and
            // `img/b/1.png` stay apart); a file from elsewhere keeps only its name, and
            // `crate::site::claims` reports any two files that still land on one path.
            let name = match target.strip_prefix(dir) {
                Ok(sub) => rel_path(Path::new(""), sub),
                Err(_) => target
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            };
            let out = format!("{page_path}{name}");
            if !assets.iter().any(|(s, _)| s == &target) {
                assets.push((target, out.clone()));
            }
            return Ok(format!("{}{suffix}", self.link(&out)));
        }
        let message = if kind == LinkKind::Image {
            t!(m::FILE_MISSING_IMAGE, dest = dest)
        } else {
            t!(m::FILE_MISSING_LINK, dest = dest)
        };
        let dir_shown = rel_path(&self.root, dir);
        let help = match near_miss(&target) {
            Some(name) => {
                // The address as written, with the file's name as it is on disk.
                let cut = path_part.rfind('/').map_or(0, |i| i + 1);
                let suggestion = format!("{}{name}{suffix}", &path_part[..cut]);
                t!(m::FILE_MISSING_DID_YOU_MEAN, suggestion = suggestion, dir = dir_shown)
            }
            None => t!(m::FILE_MISSING_HELP, dir = dir_shown),
        };
        Err((message, Some(help)))
    }
}

/// The name of a file beside `target` (which does not exist) that is spelled almost like it:
/// `2024-06-wenhuajie.md` for `2024-06-wenhuajie-kaimu.md`, `合影.JPG` for `合影.jpg`.
fn near_miss(target: &Path) -> Option<String> {
    let name = target.file_name()?.to_str()?;
    let names: Vec<String> = std::fs::read_dir(target.parent()?)
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    if let Some(same) = names.iter().find(|n| n.to_lowercase() == name.to_lowercase()) {
        return Some(same.clone());
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    crate::diagnostics::did_you_mean(name, &refs).map(str::to_string)
}

fn is_content_file(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "yaml" | "yml"))
}

/// Schemes a browser runs as script, or that can carry a whole page with script.
const SCRIPT_SCHEMES: &[&str] = &["javascript", "vbscript", "data"];

/// Raster image types a `data:` image may have. SVG is not among them: it can carry script.
const DATA_IMAGE_TYPES: &[&str] = &[
    "image/png",
    "image/apng",
    "image/jpeg",
    "image/jpg",
    "image/pjpeg",
    "image/gif",
    "image/webp",
    "image/avif",
    "image/bmp",
    "image/x-icon",
    "image/vnd.microsoft.icon",
];

/// The script-capable scheme of `url` as a browser reads it, or `None` when it is safe.
///
/// Browsers drop leading and trailing control characters and spaces and every tab and
/// line break before they look at the scheme, and ignore its letter case, so
/// ` JaVa\tScript:` is `javascript:`; the check does the same. Entities (`&#x09;`) are
/// already decoded by whoever parsed the Markdown or HTML. A `data:` address is allowed
/// only for an `image` of a raster type; anything else comes back as `data:<type>`.
///
/// Returns the lowercase scheme with its colon (`javascript:`), or `data:<media type>`.
pub fn unsafe_url_scheme(url: &str, image: bool) -> Option<String> {
    if !url.contains(':') {
        return None;
    }
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, rest) = cleaned.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let scheme = scheme.to_ascii_lowercase();
    if !valid || !SCRIPT_SCHEMES.contains(&scheme.as_str()) {
        return None;
    }
    if scheme != "data" {
        return Some(format!("{scheme}:"));
    }
    let media_type = data_media_type(rest);
    if image && DATA_IMAGE_TYPES.contains(&media_type.as_str()) {
        None
    } else {
        Some(format!("data:{media_type}"))
    }
}

/// The media type of a `data:` address's body (what comes before `;` or `,`), lowercase.
fn data_media_type(rest: &str) -> String {
    let end = rest.find([';', ',']).unwrap_or(rest.len());
    rest[..end].trim().to_ascii_lowercase()
}

/// The error for a link or image whose address would run script, with what to do instead.
pub fn unsafe_url_error(url: &str, kind: LinkKind) -> Option<LinkError> {
    let scheme = unsafe_url_scheme(url, kind == LinkKind::Image)?;
    let shown = shorten(url.trim(), 60);
    Some(if scheme == "javascript:" || scheme == "vbscript:" {
        let message = if kind == LinkKind::Image {
            t!(m::SCRIPT_IMAGE, url = shown, scheme = scheme)
        } else {
            t!(m::SCRIPT_LINK, url = shown, scheme = scheme)
        };
        (message, Some(t!(m::SCRIPT_HELP)))
    } else if kind == LinkKind::Image {
        (
            t!(m::DATA_IMAGE, url = shown, scheme = scheme),
            Some(t!(m::DATA_IMAGE_HELP)),
        )
    } else {
        (t!(m::DATA_LINK, url = shown), Some(t!(m::DATA_LINK_HELP)))
    })
}

/// At most `max` characters of `s`, with `…` when cut (base64 `data:` addresses run long),
/// and control characters written out (`\t`, `\u{1}`) so the editor sees the hidden ones.
fn shorten(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> LinkTargets {
        let mut t = LinkTargets {
            root: PathBuf::from("/site"),
            base: BaseUrl::parse("https://x.cn/sub/"),
            ..Default::default()
        };
        t.by_source.insert("content/articles/b.md".into(), "articles/b/".into());
        t.paths.insert("activities/x/".into());
        t
    }

    #[test]
    fn resolves_content_and_site_paths() {
        let t = targets();
        let from = Path::new("/site/content/articles/a.md");
        let mut assets = Vec::new();
        let r = |d: &str, a: &mut Vec<_>| t.resolve(d, LinkKind::Link, from, "articles/a/", a);
        assert_eq!(r("b.md", &mut assets).unwrap(), "/sub/articles/b/");
        assert_eq!(r("./b.md#part", &mut assets).unwrap(), "/sub/articles/b/#part");
        assert_eq!(r("/activities/x/", &mut assets).unwrap(), "/sub/activities/x/");
        assert_eq!(r("/activities/x", &mut assets).unwrap(), "/sub/activities/x/");
        assert_eq!(r("https://www.gov.cn/", &mut assets).unwrap(), "https://www.gov.cn/");
        assert_eq!(r("#top", &mut assets).unwrap(), "#top");
        assert!(r("/activities/y/", &mut assets).is_err());
        assert!(r("missing.md", &mut assets).is_err());
        assert!(r("../../../etc/passwd", &mut assets).is_err());
    }

    #[test]
    fn script_schemes_are_refused_however_they_are_written() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}\u{1f} javascript:alert(1)",
            "jav\tascript:alert(1)",
            "java\nscr\ript:alert(1)",
            "JAVASCRIPT:alert(1) ",
        ] {
            assert_eq!(unsafe_url_scheme(url, false).as_deref(), Some("javascript:"), "{url:?}");
            assert_eq!(unsafe_url_scheme(url, true).as_deref(), Some("javascript:"), "{url:?}");
        }
        assert_eq!(
            unsafe_url_scheme("VBScript:msgbox(1)", false).as_deref(),
            Some("vbscript:")
        );
        assert_eq!(
            unsafe_url_scheme("data:text/html;base64,PHNjcmlwdD4=", false).as_deref(),
            Some("data:text/html")
        );
        assert_eq!(unsafe_url_scheme("DATA:,hello", true).as_deref(), Some("data:"));
    }

    #[test]
    fn raster_data_images_pass_but_svg_does_not() {
        assert_eq!(unsafe_url_scheme("data:image/png;base64,iVBORw0KGgo=", true), None);
        assert_eq!(unsafe_url_scheme("DATA:Image/JPEG;base64,/9j/", true), None);
        assert_eq!(
            unsafe_url_scheme("data:image/png;base64,iVBORw0KGgo=", false).as_deref(),
            Some("data:image/png"),
            "a link is not an image"
        );
        for svg in [
            "data:image/svg+xml;base64,PHN2Zz4=",
            "data: Image/SVG+XML ,<svg>",
            "data:image/svg,x",
        ] {
            assert!(unsafe_url_scheme(svg, true).is_some(), "{svg}");
        }
    }

    #[test]
    fn ordinary_addresses_are_safe() {
        for url in [
            "https://www.gov.cn/",
            "mailto:a@b.cn",
            "tel:12345",
            "/articles/a/",
            "a.md",
            "#top",
            "",
            "javascript",
            "./javascript:x",
            "%6Aavascript:alert(1)",
            "\u{3000}javascript:alert(1)",
            "我的javascript:笔记.md",
        ] {
            assert_eq!(unsafe_url_scheme(url, false), None, "{url:?}");
        }
    }

    #[test]
    fn refused_addresses_are_shown_short_with_help() {
        let long = format!("data:text/html;base64,{}", "A".repeat(500));
        let (message, help) = unsafe_url_error(&long, LinkKind::Link).unwrap();
        assert!(message.chars().count() < 160, "{message}");
        assert!(message.contains("data:"));
        assert!(help.is_some());
        let (message, _) = unsafe_url_error("data:image/svg+xml,x", LinkKind::Image).unwrap();
        assert!(message.contains("data:image/svg+xml"), "{message}");
        assert!(unsafe_url_error("https://x.cn/", LinkKind::Link).is_none());
        let (message, _) = unsafe_url_error("jav\tascript:x", LinkKind::Link).unwrap();
        assert!(message.contains("`jav\\tascript:x`"), "{message}");
    }

    #[test]
    fn the_resolver_refuses_script_schemes_too() {
        let t = targets();
        let from = Path::new("/site/content/articles/a.md");
        let (message, _) = t
            .resolve(
                "javascript:alert(1)",
                LinkKind::Image,
                from,
                "articles/a/",
                &mut Vec::new(),
            )
            .unwrap_err();
        assert!(message.contains("javascript:"), "{message}");
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("%E6%88%91.png"), "我.png");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
