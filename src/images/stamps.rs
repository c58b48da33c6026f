//! What reading each photo found, kept between builds in [`FILE`] and keyed by the photo's
//! path, size and modification time, so that a rebuild reads no photo that did not change.
//! A phone photo is 3–5 MB: reading and hashing every one of them was most of a warm build
//! (100 photos: 1.0 s), and it grows with every event an editor adds.
//!
//! A photo replaced by a different one of the same size and the same modification time (to
//! the nanosecond where the file system keeps it) would be taken for the old one; no editor's
//! tool does that, and `--no-cache` reads every photo again.

use super::metadata::Found;
use super::process::Format;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Where the facts are kept, under the site root (beside the image cache, not in it: the
/// cache's file count is the processed images').
pub const FILE: &str = ".huimin-cache/photos/stamps.json";

/// Bumped when [`Facts`] changes meaning, so old files are ignored.
const VERSION: u32 = 1;

/// A file's size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub len: u64,
    pub secs: u64,
    pub nanos: u32,
}

impl Stamp {
    /// `None` where the file system keeps no modification time: such a photo is always read.
    pub fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        let t = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(Stamp {
            len: meta.len(),
            secs: t.as_secs(),
            nanos: t.subsec_nanos(),
        })
    }
}

/// What one reading of a photo found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub stamp: Stamp,
    /// The content hash (the image cache's key, [`super::cache::hash`]).
    pub hash: String,
    pub format: Format,
    /// Upright size in pixels.
    pub width: u32,
    pub height: u32,
    pub found: Found,
    /// Whether removing the metadata changes the file; `None` until it was published as it is.
    pub strips: Option<bool>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    /// Paths relative to the site root, with `/`.
    photos: std::collections::BTreeMap<String, Facts>,
}

/// The facts of one build (and, in `serve`, of the preview's lifetime).
#[derive(Debug, Default)]
pub struct Stamps {
    root: PathBuf,
    map: Mutex<HashMap<PathBuf, Facts>>,
    changed: AtomicBool,
}

impl Stamps {
    /// The facts kept by the last build; none with `fresh` (`--no-cache`) or when the file is
    /// missing, damaged or of another version (then every photo is read, as the first time).
    pub fn load(root: &Path, fresh: bool) -> Stamps {
        let mut map = HashMap::new();
        if !fresh {
            let stored = std::fs::read(root.join(FILE))
                .ok()
                .and_then(|b| serde_json::from_slice::<Stored>(&b).ok());
            if let Some(s) = stored.filter(|s| s.version == VERSION) {
                for (rel, facts) in s.photos {
                    map.insert(root.join(rel), facts);
                }
            }
        }
        Stamps {
            root: root.to_path_buf(),
            map: Mutex::new(map),
            changed: AtomicBool::new(fresh),
        }
    }

    /// The facts of `source` when it has not changed since they were found.
    pub fn get(&self, source: &Path, stamp: Option<Stamp>) -> Option<Facts> {
        let stamp = stamp?;
        let map = self.map.lock().ok()?;
        map.get(source).filter(|f| f.stamp == stamp).cloned()
    }

    pub fn put(&self, source: &Path, facts: Facts) {
        if let Ok(mut map) = self.map.lock() {
            if map.get(source) != Some(&facts) {
                map.insert(source.to_path_buf(), facts);
                self.changed.store(true, Ordering::Relaxed);
            }
        }
    }

    /// Write the facts for the next build when something new was found, atomically. Photos
    /// that no longer exist are dropped. A cache that cannot be written only costs the next
    /// build its reads, so a failure is ignored.
    pub fn save(&self) {
        if !self.changed.swap(false, Ordering::Relaxed) {
            return;
        }
        let Ok(map) = self.map.lock() else { return };
        let photos = map
            .iter()
            .filter(|(p, _)| p.is_file())
            .map(|(p, f)| (crate::paths::rel_path(&self.root, p), f.clone()))
            .collect();
        let stored = Stored {
            version: VERSION,
            photos,
        };
        if let Ok(json) = serde_json::to_vec(&stored) {
            let _ = super::cache::write(&self.root.join(FILE), &json);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(len: u64) -> Facts {
        Facts {
            stamp: Stamp {
                len,
                secs: 1_700_000_000,
                nanos: 5,
            },
            hash: "ab".into(),
            format: Format::Jpeg,
            width: 40,
            height: 30,
            found: Found {
                gps: true,
                device: false,
                orientation: 6,
            },
            strips: Some(true),
        }
    }

    #[test]
    fn facts_survive_a_save_and_a_changed_stamp_misses() {
        let dir = tempfile::tempdir().unwrap();
        let photo = dir.path().join("content/a.jpg");
        std::fs::create_dir_all(photo.parent().unwrap()).unwrap();
        std::fs::write(&photo, b"x").unwrap();
        let s = Stamps::load(dir.path(), false);
        s.put(&photo, facts(1));
        s.save();
        let again = Stamps::load(dir.path(), false);
        assert_eq!(again.get(&photo, Some(facts(1).stamp)), Some(facts(1)));
        assert_eq!(again.get(&photo, Some(facts(2).stamp)), None);
        assert_eq!(again.get(&photo, None), None);
        // `--no-cache` starts from nothing.
        assert_eq!(Stamps::load(dir.path(), true).get(&photo, Some(facts(1).stamp)), None);
    }

    #[test]
    fn a_damaged_file_or_a_deleted_photo_is_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let photo = dir.path().join("a.jpg");
        std::fs::write(&photo, b"x").unwrap();
        let s = Stamps::load(dir.path(), false);
        s.put(&photo, facts(1));
        std::fs::remove_file(&photo).unwrap();
        s.save();
        let text = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
        assert!(!text.contains("a.jpg"), "{text}");
        std::fs::write(dir.path().join(FILE), b"{not json").unwrap();
        assert!(Stamps::load(dir.path(), false).map.lock().unwrap().is_empty());
    }
}
