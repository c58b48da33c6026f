//! Writing a whole site atomically: one build at a time per output (a lock beside it), a
//! fresh staging folder written as pages render, then swapped in place of the output.

use super::rules::{MARKER, MARKER_TEXT};
use super::{Content, OutputFile};
use crate::diagnostics::Diagnostic;
use crate::messages::output as m;
use crate::paths::absolute;
use crate::t;
use rayon::prelude::*;
use std::fs::{File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
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
pub struct Staging {
    tmp: PathBuf,
    output: PathBuf,
    committed: bool,
    /// Released after `drop` has removed an uncommitted `tmp` (fields drop after it).
    _lock: OutputLock,
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

    /// Mark the written folder as huimin's and put it in place of the output.
    pub fn commit(mut self) -> io::Result<()> {
        std::fs::write(self.tmp.join(MARKER), MARKER_TEXT)?;
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
