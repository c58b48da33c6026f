//! Each shard's bundle, kept as files under `<root>/.huimin-cache/search/<shard>.<key>/`, where the
//! key is a hash of exactly what it indexed (the language, every page's address and indexed HTML,
//! the Pagefind release and this format's version). A build whose indexed text did not change
//! publishes those files as copies ([`Content::Copy`](crate::output::Content)): they are never
//! read into memory, and over an existing output their size and modification time show them
//! unchanged, so they are hard-linked, not compared or written. An edit re-indexes only its shard.
//!
//! A folder is written under a temporary name and renamed into place, so one that exists is
//! complete (its `MANIFEST` lists the files), and it is never changed afterwards (`--no-cache`
//! replaces it whole). Storing a new
//! bundle for a shard removes that shard's older folders except the one before it, which a build
//! started earlier may still be copying from.

use std::path::{Path, PathBuf};

pub const CACHE_DIR: &str = ".huimin-cache/search";

/// Bumped when what huimin passes to Pagefind or keeps of its output changes.
const VERSION: u32 = 2;

const MANIFEST: &str = "MANIFEST";

/// The cache key of a shard: a hash of everything the index is made of.
pub fn key(language: &str, pages: &[(String, String)]) -> String {
    let head = format!("v{VERSION} pagefind {} {language}\n", super::PAGEFIND_VERSION);
    // Lengths first, so no two different lists give the same bytes.
    let lengths: Vec<String> = pages
        .iter()
        .map(|(url, html)| format!("{} {}\n", url.len(), html.len()))
        .collect();
    let mut pieces: Vec<&[u8]> = Vec::with_capacity(1 + 3 * pages.len());
    pieces.push(head.as_bytes());
    for ((url, html), len) in pages.iter().zip(&lengths) {
        pieces.extend([len.as_bytes(), url.as_bytes(), html.as_bytes()]);
    }
    crate::images::cache::hash_pieces(&pieces)
}

fn folder(root: &Path, shard: &str, key: &str) -> PathBuf {
    root.join(CACHE_DIR).join(format!("{shard}.{key}"))
}

/// The files of the bundle stored for `shard` if it was made from exactly `key`: each file's
/// name inside the bundle and its path in the cache.
pub fn load(root: &Path, shard: &str, key: &str) -> Option<Vec<(String, PathBuf)>> {
    let dir = folder(root, shard, key);
    let manifest = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
    let files: Vec<(String, PathBuf)> = manifest
        .lines()
        .filter(|l| !l.is_empty())
        .map(|name| (name.to_string(), dir.join(name)))
        .collect();
    // The manifest is written last; a bundle always has its entry file.
    files.iter().any(|(n, _)| n == "pagefind-entry.json").then_some(files)
}

/// Keep `bundle` as the one of `shard` made from `key`; returns what [`load`] would.
pub fn store(
    root: &Path,
    shard: &str,
    key: &str,
    bundle: &[(String, Vec<u8>)],
) -> std::io::Result<Vec<(String, PathBuf)>> {
    let dir = folder(root, shard, key);
    let tmp = root
        .join(CACHE_DIR)
        .join(format!(".{shard}.{key}.tmp{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let previous = folders(root, shard).pop().map(|(_, p)| p);
    let mut manifest = String::new();
    for (name, bytes) in bundle {
        if !is_plain(name) {
            return Err(std::io::Error::other(format!("unexpected bundle file name {name:?}")));
        }
        let path = tmp.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)?;
        if let Some(old) = &previous {
            keep_time(&old.join(name), &path, bytes);
        }
        manifest.push_str(name);
        manifest.push('\n');
    }
    std::fs::create_dir_all(&tmp)?;
    std::fs::write(tmp.join(MANIFEST), manifest)?;
    // `--no-cache` stores a bundle whose folder exists: the old one is moved aside first.
    let aside = tmp.with_extension("old");
    let replaced = dir.is_dir() && std::fs::rename(&dir, &aside).is_ok();
    let renamed = std::fs::rename(&tmp, &dir);
    if replaced {
        let _ = std::fs::remove_dir_all(&aside);
    }
    if let Err(e) = renamed {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    prune(root, shard, &dir);
    load(root, shard, key).ok_or_else(|| std::io::Error::other("the stored bundle cannot be read back"))
}

/// A bundle file name Pagefind makes: relative, `/`-separated, no `..`, not the manifest.
fn is_plain(name: &str) -> bool {
    name != MANIFEST
        && !name.is_empty()
        && !name.starts_with('/')
        && name.split('/').all(|p| !p.is_empty() && p != "." && p != "..")
}

/// A file of the new bundle with the same bytes as the old bundle's file of that name takes
/// the old one's modification time: it is published as a copy carrying that time, so over an
/// existing output it is seen unchanged and kept (Pagefind names most files by their content).
fn keep_time(old: &Path, new: &Path, bytes: &[u8]) {
    let Ok(meta) = std::fs::metadata(old) else { return };
    if meta.len() != bytes.len() as u64 || !std::fs::read(old).is_ok_and(|o| o == bytes) {
        return;
    }
    if let (Ok(time), Ok(file)) = (meta.modified(), std::fs::File::options().write(true).open(new)) {
        let _ = file.set_modified(time);
    }
}

/// The complete folders of `shard`, oldest first.
fn folders(root: &Path, shard: &str) -> Vec<(std::time::SystemTime, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(root.join(CACHE_DIR)) else {
        return Vec::new();
    };
    let prefix = format!("{shard}.");
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(&prefix) && n.len() > prefix.len())
        })
        .map(|e| e.path())
        .filter(|p| p.join(MANIFEST).is_file())
        .map(|p| {
            (
                p.metadata().and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH),
                p,
            )
        })
        .collect();
    found.sort();
    found
}

/// Remove `shard`'s folders other than `newest` and the newest one before it, and the
/// single-file bundles of cache format 1.
fn prune(root: &Path, shard: &str, newest: &Path) {
    let _ = std::fs::remove_file(root.join(CACHE_DIR).join(format!("{shard}.bundle")));
    let mut older: Vec<PathBuf> = folders(root, shard)
        .into_iter()
        .map(|(_, p)| p)
        .filter(|p| p != newest)
        .collect();
    older.pop();
    for p in older {
        let _ = std::fs::remove_dir_all(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_with_the_text() {
        let pages = |t: &str| vec![("/a/".to_string(), t.to_string())];
        assert_ne!(key("zh-cn", &pages("文化")), key("zh-cn", &pages("文化馆")));
        assert_ne!(key("zh-cn", &pages("x")), key("en", &pages("x")));
        assert_eq!(key("zh-cn", &pages("x")), key("zh-cn", &pages("x")));
    }

    #[test]
    fn keys_are_the_hash_of_the_joined_text_so_stored_bundles_stay_valid() {
        // Keys made before the text was hashed piece by piece joined it first.
        let pages = vec![
            ("/a/".to_string(), "文化".repeat(40)),
            ("/b/".to_string(), String::new()),
            ("/c/".to_string(), "x".to_string()),
        ];
        let mut joined = format!("v{VERSION} pagefind {} zh-cn\n", crate::search::PAGEFIND_VERSION).into_bytes();
        for (url, html) in &pages {
            joined.extend_from_slice(format!("{} {}\n", url.len(), html.len()).as_bytes());
            joined.extend_from_slice(url.as_bytes());
            joined.extend_from_slice(html.as_bytes());
        }
        assert_eq!(key("zh-cn", &pages), crate::images::cache::hash(&joined));
        assert_eq!(
            crate::images::cache::hash_pieces(&[b"ab", b"", b"cde"]),
            crate::images::cache::hash(b"abcde")
        );
    }

    #[test]
    fn stored_bundles_load_by_key_and_old_ones_go() {
        let root = std::env::temp_dir().join(format!("huimin-search-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join(CACHE_DIR)).unwrap();
        std::fs::write(root.join(CACHE_DIR).join("2024.bundle"), "format 1").unwrap();
        let bundle = |v: u8| {
            vec![
                ("pagefind-entry.json".to_string(), vec![v]),
                ("fragment/a b.pf_fragment".to_string(), vec![0, 10, 255]),
            ]
        };
        let first = store(&root, "2024", "k1", &bundle(1)).unwrap();
        assert_eq!(first.len(), 2);
        assert_eq!(std::fs::read(&first[0].1).unwrap(), vec![1]);
        assert_eq!(load(&root, "2024", "k1"), Some(first));
        assert_eq!(load(&root, "2024", "k2"), None);
        assert!(
            !root.join(CACHE_DIR).join("2024.bundle").exists(),
            "format 1 is removed"
        );
        store(&root, "2024-2", "k1", &bundle(9)).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        store(&root, "2024", "k2", &bundle(2)).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        store(&root, "2024", "k3", &bundle(3)).unwrap();
        assert!(load(&root, "2024", "k3").is_some());
        assert!(
            load(&root, "2024", "k2").is_some(),
            "the one before stays for a build still copying"
        );
        assert!(load(&root, "2024", "k1").is_none(), "older ones go");
        assert!(load(&root, "2024-2", "k1").is_some(), "another shard's is kept");
        assert!(store(&root, "2024", "k4", &[("../x".to_string(), vec![])]).is_err());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
