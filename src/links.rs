//! Link resolution for Markdown bodies: relative paths to content files become page URLs,
//! site paths get the base path, and links that point nowhere are reported.

use crate::config::BaseUrl;
use crate::diagnostics::rel_path;
use crate::markdown::LinkKind;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// What links can point at, known before any body is rendered.
#[derive(Debug, Default)]
pub struct LinkTargets {
    pub root: PathBuf,
    pub base: Option<BaseUrl>,
    /// Source file relative to root (`content/articles/x.md`) → URL path.
    pub by_source: HashMap<String, String>,
    /// Every URL path the site serves (`articles/x/`, `images/a.png`, ``).
    pub paths: HashSet<String>,
    /// Source files that are content but unpublished (drafts), for a clearer message.
    pub drafts: HashSet<String>,
}

/// A failed resolution: message and help.
pub type LinkError = (String, Option<String>);

impl LinkTargets {
    fn link(&self, path: &str) -> String {
        match &self.base {
            Some(b) => b.link(path),
            None => format!("/{path}"),
        }
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
                None => Err((
                    format!("the link `{dest}` points to nothing on this site"),
                    Some("check the address: pages end with `/` (e.g. /activities/2024-07-01-dangqi/), files in static/ keep their path (e.g. /images/a.png)".into()),
                )),
            };
        }
        let dir = from.parent().unwrap_or(Path::new(""));
        let target = normalize(&dir.join(&decoded));
        if !target.starts_with(&self.root) {
            return Err((format!("the link `{dest}` points outside the site folder"), None));
        }
        let rel = rel_path(&self.root, &target);
        if let Some(url) = self.by_source.get(&rel) {
            return Ok(format!("{}{suffix}", self.link(url)));
        }
        if self.drafts.contains(&rel) {
            return Err((
                format!("the link `{dest}` points to a draft, which is not published"),
                Some(
                    "publish it (remove `draft: true`) or remove the link; `--drafts` includes drafts in a preview"
                        .into(),
                ),
            ));
        }
        if let Some(static_path) = rel.strip_prefix("static/") {
            if target.is_file() {
                return Ok(format!("{}{suffix}", self.link(static_path)));
            }
        }
        if target.is_file() && rel.starts_with("content/") && !is_content_file(&target) {
            let name = target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let out = format!("{page_path}{name}");
            if !assets.iter().any(|(s, _)| s == &target) {
                assets.push((target, out.clone()));
            }
            return Ok(format!("{}{suffix}", self.link(&out)));
        }
        let what = if kind == LinkKind::Image { "image" } else { "link" };
        Err((
            format!("the {what} `{dest}` points to a file that does not exist"),
            Some(format!(
                "the path is relative to this file's folder ({}/); check the spelling and the letter case",
                rel_path(&self.root, dir)
            )),
        ))
    }
}

fn is_content_file(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "yaml" | "yml"))
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

/// Remove `.` and `..` without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Decode `%xx` escapes so `%E6%88%91.png` finds `我.png`; invalid escapes stay as written.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() && s.is_char_boundary(i + 3) {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
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
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("%E6%88%91.png"), "我.png");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
