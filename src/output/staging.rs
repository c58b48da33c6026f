//! Writing a whole site atomically: one build at a time per output (a lock beside it), a
//! fresh staging folder written as pages render, then swapped in place of the output.
//!
//! A file whose bytes are the same as the output's file at the same path is not written:
//! the old file is hard-linked into the staging folder, so it keeps its inode and modification
//! time (`rsync` and CDN uploads skip it) and removing the old tree after the swap frees no
//! data. Every file that is written goes to a new inode (`create_new` in the fresh folder): a
//! file of the old output is never opened for writing, so until the swap the old output stays
//! byte for byte what it was, and a failed build leaves it so.

use super::rules::{MARKER, MARKER_TEXT};
use super::{Content, OutputFile};
use crate::diagnostics::Diagnostic;
use crate::messages::output as m;
use crate::paths::absolute;
use crate::t;
use rayon::prelude::*;
use std::fs::{File, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// `.<name>.huimin-<tag>` beside the output: never inside it, so never published.
pub(super) fn sibling_name(output: &Path, tag: &str) -> PathBuf {
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
pub const BUSY: crate::diagnostics::Code = crate::diagnostics::Code::OutputBusy;

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
    d.message = t!(m::BUSY, path = out.display());
    d.help = Some(t!(m::BUSY_HELP, seconds = LOCK_WAIT.as_secs()));
    d.code(BUSY)
}

/// An exclusive lock on `.<name>.huimin-lock` beside an output, held from the first file
/// written to the swap: one build at a time writes and swaps an output, and staging folders
/// found by the holder are stale by definition. The OS releases it when its process dies, so
/// a killed build never leaves the output locked.
pub(super) struct OutputLock {
    file: File,
    path: PathBuf,
}

impl OutputLock {
    /// Take the lock, waiting up to `wait` for another build to finish; `on_wait` is told once
    /// when this has to wait.
    pub(super) fn acquire(output: &Path, wait: Duration, on_wait: &dyn Fn()) -> io::Result<OutputLock> {
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
    pub(super) fn try_acquire(path: &Path) -> io::Result<Option<OutputLock>> {
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
pub(super) fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Lock files are never removed here, so the path always names the file.
#[cfg(not(unix))]
pub(super) fn still_named(_file: &File, _path: &Path) -> bool {
    true
}

/// A fresh folder beside the output that files are written into as they are rendered,
/// then swapped in place of the output in one step. Dropped uncommitted, it is removed:
/// a failed build leaves the previous site as it was. It holds the output's lock while it
/// lives, so a second build waits instead of mixing its files in.
///
/// Over an existing output it starts idle: each file is only compared with the output's
/// file at its path. Only the first file that differs makes the folders and links the files
/// found equal so far; from then on equal files are linked, others written. When no file
/// differs and the output holds nothing else, there is nothing to swap: the output is
/// already the new site, and `commit` leaves it alone (no folder made or removed).
pub struct Staging {
    tmp: PathBuf,
    output: PathBuf,
    /// The output being replaced, when there is one: unchanged files are linked from it.
    previous: Option<PathBuf>,
    /// `Some` while the staging folder is idle (see above); `None` once it is live.
    idle: Mutex<Option<Idle>>,
    /// Set by the first link that failed (a file system without hard links, say): from then on
    /// every file is written, without comparing. A build never fails because a link did.
    no_links: AtomicBool,
    /// Files written, not linked or left as they were (the summary's count).
    changed: AtomicUsize,
    committed: bool,
    /// Released after `drop` has removed an uncommitted `tmp` (fields drop after it).
    _lock: OutputLock,
}

/// What an idle staging folder will need when it goes live.
#[derive(Default)]
struct Idle {
    /// The folders of the site, relative, sorted (see `make_folders`).
    folders: Vec<PathBuf>,
    /// Files equal to the output's: to link when going live.
    equal: Vec<String>,
}

impl Staging {
    /// [`Staging::begin_waiting`] up to [`LOCK_WAIT`], silently (tests).
    #[cfg(test)]
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
        let previous = std::fs::symlink_metadata(&output)
            .is_ok_and(|m| m.is_dir())
            .then(|| output.clone());
        let idle = previous.as_ref().map(|_| Idle::default());
        Ok(Staging {
            tmp,
            output,
            previous,
            idle: Mutex::new(idle),
            no_links: AtomicBool::new(false),
            changed: AtomicUsize::new(0),
            committed: false,
            _lock: lock,
        })
    }

    /// Create the folders `paths` need, once, before writing in parallel (or, while idle,
    /// note them for when the folder goes live).
    pub fn make_folders<'a>(&self, paths: impl Iterator<Item = &'a str>) -> io::Result<()> {
        let mut folders: Vec<PathBuf> = paths.filter_map(|p| Path::new(p).parent().map(PathBuf::from)).collect();
        folders.sort();
        folders.dedup();
        if let Some(idle) = self.lock_idle().as_mut() {
            idle.folders = folders;
            return Ok(());
        }
        // Parents before children, each depth in parallel: 16,000 page folders are a good
        // part of a big build's time.
        let mut by_depth: Vec<Vec<PathBuf>> = Vec::new();
        for f in folders {
            let depth = f.components().count();
            if by_depth.len() <= depth {
                by_depth.resize_with(depth + 1, Vec::new);
            }
            by_depth[depth].push(self.tmp.join(f));
        }
        for level in by_depth {
            level.par_iter().try_for_each(|f| make_folder(f))?;
        }
        Ok(())
    }

    fn lock_idle(&self) -> std::sync::MutexGuard<'_, Option<Idle>> {
        // A thread that panicked while holding it panics the build anyway.
        self.idle.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Write one file; its folder must exist (see `make_folders`), or is made. A file the
    /// output already holds with the same bytes is linked from it instead (or, while idle,
    /// only noted).
    pub fn write(&self, f: &OutputFile) -> io::Result<()> {
        let target = self.tmp.join(&f.path);
        if let Some(previous) = &self.previous {
            let old = previous.join(&f.path);
            if !self.no_links.load(Ordering::Relaxed) && unchanged(&old, &f.content) {
                if let Some(idle) = self.lock_idle().as_mut() {
                    idle.equal.push(f.path.clone());
                    return Ok(());
                }
                if self.link(&old, &target) {
                    return Ok(());
                }
            } else {
                self.go_live()?;
            }
        }
        if f.path != MARKER {
            self.changed.fetch_add(1, Ordering::Relaxed);
        }
        write_new_making_folder(&target, &f.content)
    }

    /// How many files were written: those whose bytes the output did not have at their path
    /// (all of them into a new folder, or where links fail); the rest were kept or linked.
    pub fn changed(&self) -> usize {
        self.changed.load(Ordering::Relaxed)
    }

    /// Make the folders and link the files found equal so far, once. Runs on one thread while
    /// the others wait for it (no rayon inside a lock).
    fn go_live(&self) -> io::Result<()> {
        let mut guard = self.lock_idle();
        let Some(idle) = guard.as_ref() else {
            return Ok(());
        };
        for f in &idle.folders {
            make_folder(&self.tmp.join(f))?;
        }
        if let Some(previous) = &self.previous {
            for path in &idle.equal {
                let (old, target) = (previous.join(path), self.tmp.join(path));
                if !self.link(&old, &target) {
                    // Its bytes are the new ones: copy them.
                    write_new_making_folder(&target, &Content::Copy(old))?;
                }
            }
        }
        *guard = None;
        Ok(())
    }

    /// Hard-link `old` to `target`; false when that cannot be done, and then the caller writes.
    fn link(&self, old: &Path, target: &Path) -> bool {
        if self.no_links.load(Ordering::Relaxed) {
            return false;
        }
        let linked = match std::fs::hard_link(old, target) {
            // Its folder is missing (no `make_folders`), or the old file just went.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                target.parent().is_some_and(|d| std::fs::create_dir_all(d).is_ok())
                    && std::fs::hard_link(old, target).is_ok()
            }
            other => other.is_ok(),
        };
        if !linked {
            self.no_links.store(true, Ordering::Relaxed);
        }
        linked
    }

    /// Mark the written folder as huimin's and put it in place of the output; or, when every
    /// file equals the output's and it holds nothing else, leave the output as it is.
    pub fn commit(mut self) -> io::Result<()> {
        let marker = OutputFile {
            path: MARKER.into(),
            content: Content::Static(MARKER_TEXT.as_bytes()),
        };
        self.write(&marker)?;
        let unchanged = self
            .lock_idle()
            .as_ref()
            .is_some_and(|idle| holds_exactly(&self.output, &idle.equal));
        if !unchanged {
            self.go_live()?;
            swap_in(&self.tmp, &self.output)?;
        }
        self.committed = true;
        if unchanged {
            std::fs::remove_dir(&self.tmp)?;
        }
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

/// Whether the regular file `old` holds `content`: the same bytes; for a copied file, the same
/// size and modification time as its source (as `rsync` decides; copies get their source's
/// time, see [`write_new`]), so unchanged photos are not read.
fn unchanged(old: &Path, content: &Content) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(old) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    let same_bytes = |b: &[u8]| meta.len() == b.len() as u64 && std::fs::read(old).is_ok_and(|o| o == b);
    match content {
        Content::Bytes(b) => same_bytes(b),
        Content::Static(b) => same_bytes(b),
        Content::Copy(src) => std::fs::metadata(src).is_ok_and(|s| {
            let time = s.modified().ok();
            s.len() == meta.len() && time.is_some() && time == meta.modified().ok()
        }),
    }
}

/// Write `content` to a new file at `target`, which must not exist: a new inode, never a file
/// shared with the previous output. A copy takes its source's modification time (like `cp -p`).
fn write_new(target: &Path, content: &Content) -> io::Result<()> {
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(target)?;
    match content {
        Content::Bytes(b) => file.write_all(b),
        Content::Static(b) => file.write_all(b),
        Content::Copy(src) => {
            let mut from = File::open(src)?;
            io::copy(&mut from, &mut file)?;
            if let Ok(time) = from.metadata().and_then(|m| m.modified()) {
                // Only a hint for the next build: without it the copy is compared as changed.
                let _ = file.set_modified(time);
            }
            Ok(())
        }
    }
}

fn make_folder(f: &Path) -> io::Result<()> {
    match std::fs::create_dir(f) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => std::fs::create_dir_all(f),
        other => other,
    }
}

/// [`write_new`], making the folder when it is missing.
fn write_new_making_folder(target: &Path, content: &Content) -> io::Result<()> {
    match write_new(target, content) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)?;
            }
            write_new(target, content)
        }
        other => other,
    }
}

/// Whether `output` holds exactly the regular files `files` (relative, `/`-separated), their
/// folders and nothing else: no file, folder or link the new site would drop.
fn holds_exactly(output: &Path, files: &[String]) -> bool {
    let files: std::collections::HashSet<&str> = files.iter().map(String::as_str).collect();
    let folders: std::collections::HashSet<&str> = files
        .iter()
        .flat_map(|f| f.match_indices('/').map(|(i, _)| &f[..i]))
        .collect();
    let mut found = 0;
    for entry in walkdir::WalkDir::new(output).min_depth(1) {
        let Ok(entry) = entry else { return false };
        let Ok(rel) = entry.path().strip_prefix(output) else {
            return false;
        };
        let rel: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect();
        let rel = rel.join("/");
        let kind = entry.file_type();
        if kind.is_file() && files.contains(rel.as_str()) {
            found += 1;
        } else if !(kind.is_dir() && folders.contains(rel.as_str())) {
            return false;
        }
    }
    found == files.len()
}

/// Write `files` into a fresh folder and swap it in place of `output` (tests).
#[cfg(test)]
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
