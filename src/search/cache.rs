//! Each shard's bundle, kept under `<root>/.huimin-cache/search/<shard>.bundle` with the key of
//! exactly what it indexed (the language, every page's address and indexed HTML, the Pagefind
//! release and this format's version), so a build whose indexed text did not change takes the
//! bundles as they are, and an edit re-indexes only its shard. One file per shard: a shard's
//! new bundle replaces its old one.

use std::path::{Path, PathBuf};

pub const CACHE_DIR: &str = ".huimin-cache/search";

/// Bumped when what huimin passes to Pagefind or keeps of its output changes.
const VERSION: u32 = 1;

const MAGIC: &str = "huimin-search-bundle";

/// The cache key of a shard: a hash of everything the index is made of.
pub fn key(language: &str, pages: &[(String, String)]) -> String {
    let mut text = Vec::with_capacity(pages.iter().map(|(u, h)| u.len() + h.len() + 2).sum::<usize>() + 64);
    text.extend_from_slice(format!("v{VERSION} pagefind {} {language}\n", super::PAGEFIND_VERSION).as_bytes());
    for (url, html) in pages {
        // Lengths first, so no two different lists give the same bytes.
        text.extend_from_slice(format!("{} {}\n", url.len(), html.len()).as_bytes());
        text.extend_from_slice(url.as_bytes());
        text.extend_from_slice(html.as_bytes());
    }
    crate::images::cache::hash(&text)
}

fn file(root: &Path, shard: &str) -> PathBuf {
    root.join(CACHE_DIR).join(format!("{shard}.bundle"))
}

/// The bundle stored for `shard`, if it was made from exactly `key`.
pub fn load(root: &Path, shard: &str, key: &str) -> Option<Vec<(String, Vec<u8>)>> {
    decode(&std::fs::read(file(root, shard)).ok()?, key)
}

/// Keep `bundle` as the one of `shard`, written atomically.
pub fn store(root: &Path, shard: &str, key: &str, bundle: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    crate::images::cache::write(&file(root, shard), &encode(key, bundle))
}

/// `MAGIC key count\n`, then for each file `name length\n` and its bytes.
fn encode(key: &str, bundle: &[(String, Vec<u8>)]) -> Vec<u8> {
    let size: usize = bundle.iter().map(|(n, b)| n.len() + b.len() + 24).sum();
    let mut out = Vec::with_capacity(size + 80);
    out.extend_from_slice(format!("{MAGIC} {key} {}\n", bundle.len()).as_bytes());
    for (name, bytes) in bundle {
        out.extend_from_slice(format!("{name} {}\n", bytes.len()).as_bytes());
        out.extend_from_slice(bytes);
    }
    out
}

fn decode(data: &[u8], key: &str) -> Option<Vec<(String, Vec<u8>)>> {
    fn line(rest: &mut &[u8]) -> Option<String> {
        let end = rest.iter().position(|&b| b == b'\n')?;
        let l = std::str::from_utf8(&rest[..end]).ok()?.to_string();
        *rest = &rest[end + 1..];
        Some(l)
    }
    let mut rest = data;
    let head = line(&mut rest)?;
    let mut parts = head.split(' ');
    if parts.next()? != MAGIC || parts.next()? != key {
        return None;
    }
    let count: usize = parts.next()?.parse().ok()?;
    let mut files = Vec::with_capacity(count);
    for _ in 0..count {
        let l = line(&mut rest)?;
        let (name, len) = l.rsplit_once(' ')?;
        let len: usize = len.parse().ok()?;
        let name = name.to_string();
        if rest.len() < len {
            return None;
        }
        files.push((name, rest[..len].to_vec()));
        rest = &rest[len..];
    }
    rest.is_empty().then_some(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_key() {
        let bundle = vec![
            ("a b/c.pf_meta".to_string(), vec![0, 10, 255]),
            ("x".to_string(), vec![]),
        ];
        let data = encode("k1", &bundle);
        assert_eq!(decode(&data, "k1"), Some(bundle));
        assert_eq!(decode(&data, "k2"), None);
        assert_eq!(decode(&data[..data.len() - 1], "k1"), None);
        let pages = |t: &str| vec![("/a/".to_string(), t.to_string())];
        assert_ne!(key("zh-cn", &pages("文化")), key("zh-cn", &pages("文化馆")));
        assert_ne!(key("zh-cn", &pages("x")), key("en", &pages("x")));
        assert_eq!(key("zh-cn", &pages("x")), key("zh-cn", &pages("x")));
    }
}
