//! Stage 5: write the output folder atomically. The only stage that writes files.
//!
//! Everything goes into a temporary folder beside the output, which replaces the old
//! output only when complete: a failed build leaves the previous site as it was.

use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::fs::{File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Bytes of one output file, or where to copy them from.
#[derive(Debug, Clone)]
pub enum Content {
    Bytes(Vec<u8>),
    Static(&'static [u8]),
    Copy(PathBuf),
}

/// One file of the output, at a `/`-separated path relative to the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub content: Content,
}

impl OutputFile {
    /// The bytes, reading copied files.
    pub fn bytes(&self) -> io::Result<std::borrow::Cow<'_, [u8]>> {
        Ok(match &self.content {
            Content::Bytes(b) => b.as_slice().into(),
            Content::Static(b) => (*b).into(),
            Content::Copy(p) => std::fs::read(p)?.into(),
        })
    }
}

/// Refuse output folders whose replacement would destroy the site or more.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(output);
    let home = std::env::var_os("HOME").map(|h| absolute(Path::new(&h)));
    let refuse = |why: &str| {
        Err(Diagnostic::error(
            "--output",
            format!("refusing to write the site into `{}`: {why}", output.display()),
        )
        .with_help("choose an empty or generated folder such as public/ (the default)"))
    };
    if out.parent().is_none() {
        return refuse("it is the file system root");
    }
    if home.as_deref() == Some(out.as_path()) {
        return refuse("it is your home folder");
    }
    if out == root {
        return refuse("it is the site folder itself");
    }
    if root.starts_with(&out) {
        return refuse("it contains the site folder and its content/");
    }
    for source in ["content", "static", "themes", "templates"] {
        if out.starts_with(root.join(source)) {
            return refuse(&format!("it is inside {source}/, whose files are the site's sources"));
        }
    }
    if out.exists() && !out.is_dir() {
        return refuse("it exists and is not a folder");
    }
    Ok(())
}

/// An absolute, lexically normalized path, resolving symlinks of the part that exists.
pub fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let normal = crate::links::normalize(&joined);
    // Canonicalize the longest existing ancestor, so links cannot disguise the real place.
    let mut existing = normal.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}

/// `.<name>.huimin-<tag>` beside the output: never inside it, so never published.
fn sibling_name(output: &Path, tag: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.huimin-{tag}"))
}

/// A folder of this process beside the output (staging, or the old output being removed).
fn sibling(output: &Path, tag: &str) -> PathBuf {
    let mut name = sibling_name(output, tag).into_os_string();
    name.push(format!("-{}", std::process::id()));
    PathBuf::from(name)
}

/// How long a build waits for another build writing the same output before giving up.
/// Far longer than writing the biggest site takes (10,000 articles: a few seconds), so it
/// only gives up on a build that hangs.
pub const LOCK_WAIT: Duration = Duration::from_secs(120);

/// How often a waiting build looks whether the lock is free.
const LOCK_POLL: Duration = Duration::from_millis(100);

/// The `code` of a build that gave up waiting for another build of the same output.
pub const BUSY: &str = "output-busy";

/// The error payload of [`Staging::begin`] when another build kept the output locked for
/// longer than it would wait (see [`is_busy`]).
#[derive(Debug)]
pub struct Busy;

impl std::fmt::Display for Busy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("another huimin build is writing to this output")
    }
}

impl std::error::Error for Busy {}

/// Whether `e` says another build holds the output (rather than a disk or permission problem).
pub fn is_busy(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<Busy>())
}

/// The diagnostic for a failed [`Staging::begin`], located where `write_error` locates
/// output problems: another build that held the output too long, or a disk problem.
pub fn staging_error(e: io::Error, out: &Path, write_error: impl Fn(io::Error) -> Diagnostic) -> Diagnostic {
    if !is_busy(&e) {
        return write_error(e);
    }
    let mut d = write_error(e);
    d.message = format!(
        "another huimin build is writing to {}; wait for it to finish",
        out.display()
    );
    d.help = Some(format!(
        "this build waited {} s for it and left the output unchanged; build again once the other one is done \
         (a huimin serve or build --watch starting on the same folder counts too)",
        LOCK_WAIT.as_secs()
    ));
    d.code(BUSY)
}

/// An exclusive lock on `.<name>.huimin-lock` beside an output, held from the first file
/// written to the swap: one build at a time writes and swaps an output, and staging folders
/// found by the holder are stale by definition. The OS releases it when its process dies, so
/// a killed build never leaves the output locked.
struct OutputLock {
    file: File,
    path: PathBuf,
}

impl OutputLock {
    /// Take the lock, waiting up to `wait` for another build to finish; `on_wait` is told once
    /// when this has to wait.
    fn acquire(output: &Path, wait: Duration, on_wait: &dyn Fn()) -> io::Result<OutputLock> {
        let path = sibling_name(output, "lock");
        let deadline = Instant::now() + wait;
        let mut told = false;
        loop {
            if let Some(lock) = OutputLock::try_acquire(&path)? {
                return Ok(lock);
            }
            if Instant::now() >= deadline {
                return Err(io::Error::new(io::ErrorKind::WouldBlock, Busy));
            }
            if !told {
                on_wait();
                told = true;
            }
            std::thread::sleep(LOCK_POLL);
        }
    }

    /// The lock if it is free. A lock won on a file its holder removed on the way out guards
    /// nothing (the next build makes a new file): then open the new one.
    fn try_acquire(path: &Path) -> io::Result<Option<OutputLock>> {
        for _ in 0..100 {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)?;
            match file.try_lock() {
                Ok(()) if still_named(&file, path) => {
                    return Ok(Some(OutputLock {
                        file,
                        path: path.to_path_buf(),
                    }))
                }
                Ok(()) => continue,
                Err(TryLockError::WouldBlock) => return Ok(None),
                Err(TryLockError::Error(e)) => return Err(e),
            }
        }
        Ok(None)
    }
}

impl Drop for OutputLock {
    /// On Unix the lock file goes, before the lock is released (when `file` closes), so a
    /// build waiting on it sees it gone and takes the next one: no file is left beside the
    /// output. Elsewhere there is no cheap way to tell a removed lock file from its successor,
    /// so it stays (an empty dotfile).
    fn drop(&mut self) {
        if cfg!(unix) && still_named(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Whether `path` still names the open `file`.
#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Lock files are never removed here, so the path always names the file.
#[cfg(not(unix))]
fn still_named(_file: &File, _path: &Path) -> bool {
    true
}

/// A fresh folder beside the output that files are written into as they are rendered,
/// then swapped in place of the output in one step. Dropped uncommitted, it is removed:
/// a failed build leaves the previous site as it was. It holds the output's lock while it
/// lives, so a second build waits instead of mixing its files in.
pub struct Staging {
    tmp: PathBuf,
    output: PathBuf,
    committed: bool,
    /// Released after `drop` has removed an uncommitted `tmp` (fields drop after it).
    _lock: OutputLock,
}

impl Staging {
    /// [`Staging::begin_waiting`] up to [`LOCK_WAIT`], silently.
    pub fn begin(output: &Path) -> io::Result<Staging> {
        Staging::begin_waiting(output, LOCK_WAIT, &|| {})
    }

    /// Lock the output (waiting up to `wait` for another build, telling `on_wait` once if it
    /// has to), remove what killed builds left, and make a fresh folder. A lock held longer
    /// is an error that [`is_busy`] recognises.
    pub fn begin_waiting(output: &Path, wait: Duration, on_wait: &dyn Fn()) -> io::Result<Staging> {
        // `x/sub/..` names no folder to swap: work on the place it means.
        let output = absolute(output);
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let lock = OutputLock::acquire(&output, wait, on_wait)?;
        remove_stale_temporaries(&output);
        let tmp = sibling(&output, "tmp");
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        std::fs::create_dir_all(&tmp)?;
        Ok(Staging {
            tmp,
            output,
            committed: false,
            _lock: lock,
        })
    }

    /// Create the folders `paths` need, once, before writing in parallel.
    pub fn make_folders<'a>(&self, paths: impl Iterator<Item = &'a str>) -> io::Result<()> {
        let mut folders: Vec<PathBuf> = paths
            .filter_map(|p| Path::new(p).parent().map(|d| self.tmp.join(d)))
            .collect();
        folders.sort();
        folders.dedup();
        // Parents before children, each depth in parallel: 16,000 page folders are a good
        // part of a big build's time.
        let mut by_depth: Vec<Vec<&PathBuf>> = Vec::new();
        for f in &folders {
            let depth = f.components().count();
            if by_depth.len() <= depth {
                by_depth.resize_with(depth + 1, Vec::new);
            }
            by_depth[depth].push(f);
        }
        for level in by_depth {
            level.par_iter().try_for_each(|f| match std::fs::create_dir(f) {
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
                Err(e) if e.kind() == io::ErrorKind::NotFound => std::fs::create_dir_all(f),
                other => other,
            })?;
        }
        Ok(())
    }

    /// Write one file; its folder must exist (see `make_folders`), or is made.
    pub fn write(&self, f: &OutputFile) -> io::Result<()> {
        let target = self.tmp.join(&f.path);
        let result = write_content(&target, &f.content);
        match result {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(dir) = target.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                write_content(&target, &f.content)
            }
            other => other,
        }
    }

    /// Put the written folder in place of the output.
    pub fn commit(mut self) -> io::Result<()> {
        swap_in(&self.tmp, &self.output)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && self.tmp.exists() {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

fn write_content(target: &Path, content: &Content) -> io::Result<()> {
    match content {
        Content::Copy(src) => std::fs::copy(src, target).map(|_| ()),
        Content::Bytes(b) => std::fs::write(target, b),
        Content::Static(b) => std::fs::write(target, b),
    }
}

/// Write `files` into a fresh folder and swap it in place of `output`.
pub fn write_atomic(output: &Path, files: &[OutputFile]) -> io::Result<()> {
    let staging = Staging::begin(output)?;
    staging.make_folders(files.iter().map(|f| f.path.as_str()))?;
    files.par_iter().try_for_each(|f| staging.write(f))?;
    staging.commit()
}

fn swap_in(tmp: &Path, output: &Path) -> io::Result<()> {
    if !output.exists() {
        return std::fs::rename(tmp, output);
    }
    let old = sibling(output, "old");
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    std::fs::rename(output, &old)?;
    if let Err(e) = std::fs::rename(tmp, output) {
        let _ = std::fs::rename(&old, output);
        return Err(e);
    }
    // remove_dir_all does not follow symlinks: a link inside the old output is removed, not its target.
    std::fs::remove_dir_all(&old)
}

/// Staging and old folders left by a run that was killed. Only the lock's holder calls this,
/// and it has made none yet: every one found is stale.
fn remove_stale_temporaries(output: &Path) {
    let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let prefix = format!(".{}.huimin-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let is_ours = n.starts_with(&prefix) && (n.contains("-tmp-") || n.contains("-old-"));
        if is_ours && e.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(&root, &root).is_err());
        assert!(check_output_dir(&root, dir.path()).is_err());
        assert!(check_output_dir(&root, Path::new("/")).is_err());
        assert!(check_output_dir(&root, &root.join("content/out")).is_err());
        assert!(check_output_dir(&root, &root.join("public")).is_ok());
        assert!(check_output_dir(&root, &root.join("public/../content")).is_err());
    }

    #[test]
    fn swaps_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let f = |p: &str, b: &str| OutputFile {
            path: p.into(),
            content: Content::Bytes(b.as_bytes().to_vec()),
        };
        write_atomic(&out, &[f("a/index.html", "1"), f("b.txt", "2")]).unwrap();
        write_atomic(&out, &[f("c.txt", "3")]).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read_to_string(out.join("c.txt")).unwrap(), "3");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        // The output, and on Unix nothing else: the lock file goes with the lock.
        assert_eq!(leftovers.len(), if cfg!(unix) { 1 } else { 2 });
    }

    #[test]
    fn a_build_gives_up_on_an_output_locked_for_too_long() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let held = OutputLock::acquire(&out, Duration::ZERO, &|| {}).unwrap();
        let told = std::sync::atomic::AtomicUsize::new(0);
        let tell = || {
            told.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        };
        let e = Staging::begin_waiting(&out, Duration::from_millis(300), &tell)
            .err()
            .unwrap();
        assert!(is_busy(&e), "{e}");
        assert_eq!(told.into_inner(), 1, "told once that it waits");
        drop(held);
        assert!(Staging::begin_waiting(&out, Duration::ZERO, &|| {}).is_ok());
    }

    /// Why a won lock is checked against the path: the holder removes the file on its way out.
    #[cfg(unix)]
    #[test]
    fn a_lock_on_a_removed_lock_file_counts_for_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let path = sibling_name(&out, "lock");
        let held = OutputLock::acquire(&out, Duration::ZERO, &|| {}).unwrap();
        // A build that opened the lock file and waits for it.
        let waiting = File::open(&path).unwrap();
        drop(held);
        assert!(!path.exists(), "the lock file goes with the lock");
        waiting.try_lock().unwrap();
        assert!(!still_named(&waiting, &path), "won on a removed file");
        let next = OutputLock::acquire(&out, Duration::ZERO, &|| {}).unwrap();
        assert!(
            OutputLock::try_acquire(&path).unwrap().is_none(),
            "one holder at a time"
        );
        drop(next);
    }

    #[test]
    fn updates_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let f = |p: &str, b: &str| OutputFile {
            path: p.into(),
            content: Content::Bytes(b.as_bytes().to_vec()),
        };
        let mut w = Written::default();
        let first = w
            .update(&out, &[f("a/index.html", "1"), f("b.txt", "2")], true)
            .unwrap();
        assert_eq!(first, ["a/index.html", "b.txt"]);
        let changed = w
            .update(&out, &[f("a/index.html", "1"), f("b.txt", "3")], false)
            .unwrap();
        assert_eq!(changed, ["b.txt"]);
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "3");
        let changed = w.update(&out, &[f("b.txt", "3")], true).unwrap();
        assert_eq!(changed, ["a/index.html"]);
        assert!(!out.join("a").exists(), "empty folders go too");
        // A file deleted behind our back is written again by a full rebuild…
        std::fs::remove_file(out.join("b.txt")).unwrap();
        assert_eq!(w.update(&out, &[f("b.txt", "3")], true).unwrap(), ["b.txt"]);
        // …and a changed file is written even when its folder was removed.
        std::fs::remove_dir_all(&out).unwrap();
        assert_eq!(w.update(&out, &[f("c/d.txt", "4")], false).unwrap(), ["c/d.txt"]);
        assert_eq!(w.update(&out, &[f("c/d.txt", "5")], false).unwrap(), ["c/d.txt"]);
        assert_eq!(std::fs::read_to_string(out.join("c/d.txt")).unwrap(), "5");
        std::fs::remove_dir_all(&out).unwrap();
        assert_eq!(w.update(&out, &[f("c/d.txt", "6")], false).unwrap(), ["c/d.txt"]);
    }
}
