//! The cache of processed images: file names from the source's content hash and the
//! settings, written atomically so an interrupted build never leaves half a file.

use super::Settings;
use std::hash::{Hash, Hasher};
use std::path::Path;

/// Bumped when processing changes, so old cache files are not reused.
const VERSION: u32 = 1;

/// A 128-bit hash of `bytes` as hex (two SipHash runs with different prefixes).
pub fn hash(bytes: &[u8]) -> String {
    hash_pieces(&[bytes])
}

/// [`hash`] of the pieces joined, without joining them (a search shard's text is tens of MB).
pub fn hash_pieces(pieces: &[&[u8]]) -> String {
    let total: usize = pieces.iter().map(|p| p.len()).sum();
    let mut out = String::new();
    for seed in [0x68_75_69_6d_u64, 0x69_6e_2d_69] {
        let mut h = std::hash::DefaultHasher::new();
        seed.hash(&mut h);
        // What `<[u8]>::hash` writes: the length, then the bytes (SipHash reads them as one
        // stream however they are split).
        h.write_usize(total);
        for p in pieces {
            h.write(p);
        }
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// The cache file for one width of a source.
pub fn file_name(source_hash: &str, s: &Settings, width: u32) -> String {
    format!("{source_hash}-q{}-v{VERSION}-{width}.jpg", s.quality)
}

/// Write through a temporary file and rename.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
