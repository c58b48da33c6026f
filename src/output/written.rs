//! What `serve` and `build --watch` know is on disk: a fingerprint per file, so a rebuild
//! writes only what changed, each file by rename.

use super::{Content, OutputFile};
use std::io;
use std::path::Path;

/// What is on disk in an output folder that `serve` and `build --watch` keep up to date:
/// a fingerprint per file, so a rebuild writes only what changed.
#[derive(Debug, Default)]
pub struct Written {
    files: std::collections::HashMap<String, u64>,
}

/// Bytes are hashed; a copied file is known by its source's size and modification time,
/// so unchanged photos are never read again.
pub fn fingerprint(f: &OutputFile) -> io::Result<u64> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    match &f.content {
        Content::Bytes(b) => b.hash(&mut h),
        Content::Static(b) => b.hash(&mut h),
        Content::Copy(p) => {
            let m = std::fs::metadata(p)?;
            (p, m.len(), m.modified().ok()).hash(&mut h);
        }
    }
    Ok(h.finish())
}

/// One file of a sync: its fingerprint, and whether it had to be written.
#[derive(Debug)]
pub struct Synced {
    pub path: String,
    fingerprint: u64,
    pub written: bool,
}

impl Written {
    /// Forget everything and record `files` as what the folder holds (after a `Staging` commit).
    pub fn set_all(&mut self, files: impl IntoIterator<Item = (String, u64)>) {
        self.files = files.into_iter().collect();
    }

    /// Write `f` if its bytes differ from what was written last, by rename so a reader never
    /// sees half a file. Reads the record only, so many threads can sync at once; `apply` the
    /// results afterwards. `verify` also rewrites files deleted behind our back (a stat each).
    pub fn sync_one(&self, output: &Path, f: &OutputFile, verify: bool) -> io::Result<Synced> {
        let fp = fingerprint(f)?;
        let known = self.files.get(&f.path);
        let written = known != Some(&fp) || (verify && !output.join(&f.path).exists());
        if written {
            write_one(output, f, known.is_none())?;
        }
        Ok(Synced {
            path: f.path.clone(),
            fingerprint: fp,
            written,
        })
    }

    /// Record synced files. With `complete`, they are the whole site and files no longer in it
    /// are removed. Returns the paths written or removed.
    pub fn apply(&mut self, output: &Path, synced: Vec<Synced>, complete: bool) -> io::Result<Vec<String>> {
        let mut changed: Vec<String> = synced.iter().filter(|s| s.written).map(|s| s.path.clone()).collect();
        let keep: std::collections::HashSet<String> = if complete {
            synced.iter().map(|s| s.path.clone()).collect()
        } else {
            Default::default()
        };
        for s in synced {
            self.files.insert(s.path, s.fingerprint);
        }
        if complete {
            let mut stale: Vec<String> = self.files.keys().filter(|p| !keep.contains(*p)).cloned().collect();
            stale.sort();
            for path in stale {
                self.files.remove(&path);
                let target = output.join(&path);
                match std::fs::remove_file(&target) {
                    Ok(()) => remove_empty_parents(output, &target),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
                changed.push(path);
            }
        }
        changed.sort();
        Ok(changed)
    }

    /// Remove files that are no longer part of the site (an incremental rebuild knows which),
    /// and folders they leave empty. Returns the paths removed.
    pub fn remove(&mut self, output: &Path, paths: &[String]) -> io::Result<Vec<String>> {
        let mut removed = Vec::new();
        for path in paths {
            self.files.remove(path);
            let target = output.join(path);
            match std::fs::remove_file(&target) {
                Ok(()) => remove_empty_parents(output, &target),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
            removed.push(path.clone());
        }
        Ok(removed)
    }

    /// `sync_one` then `apply`, for a few files.
    pub fn update(&mut self, output: &Path, files: &[OutputFile], complete: bool) -> io::Result<Vec<String>> {
        let synced = files
            .iter()
            .map(|f| self.sync_one(output, f, complete))
            .collect::<io::Result<Vec<_>>>()?;
        self.apply(output, synced, complete)
    }
}

fn write_one(output: &Path, f: &OutputFile, new: bool) -> io::Result<()> {
    let target = output.join(&f.path);
    let dir = target.parent().unwrap_or(output);
    if new {
        std::fs::create_dir_all(dir)?;
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.huimin-tmp-{}", std::process::id()));
    let bytes = f.bytes()?;
    match std::fs::write(&tmp, &bytes) {
        // The folder went away (someone cleaned the output): make it again.
        Err(e) if e.kind() == io::ErrorKind::NotFound && !new => {
            std::fs::create_dir_all(dir)?;
            std::fs::write(&tmp, &bytes)?;
        }
        other => other?,
    }
    std::fs::rename(&tmp, &target).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn remove_empty_parents(output: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == output || !d.starts_with(output) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
