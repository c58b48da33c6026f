//! Stage 5: write the output folder atomically. The only stage that writes files.
//!
//! Everything goes into a temporary folder beside the output, which replaces the old
//! output only when complete: a failed build leaves the previous site as it was.

mod rules;
mod staging;
mod written;

pub(crate) use rules::{check_output_dir, REFUSED};
pub(crate) use staging::{staging_error, Staging, LOCK_WAIT};
pub(crate) use written::{fingerprint, Written};

use crate::diagnostics::Diagnostic;
use std::io;
use std::path::PathBuf;

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

/// The exit code of a failed build: 2 (a usage error) when the output folder was refused,
/// else 1 (the site's files need fixing).
pub fn exit_code(diags: &[Diagnostic]) -> u8 {
    if diags.iter().any(|d| d.code == REFUSED) {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::rules::*;
    use super::staging::*;
    use super::written::*;
    use super::*;
    #[cfg(unix)]
    use std::fs::File;
    use std::path::Path;
    use std::time::Duration;

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
        assert!(out.join(MARKER).is_file());
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
    fn refuses_what_huimin_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let other = dir.path().join("other");
        std::fs::create_dir_all(other.join("content")).unwrap();
        let refused = |out: &Path| check_output_dir(&root, out).is_err_and(|d| d.code == REFUSED);
        assert!(refused(&other), "another site");
        assert!(refused(&other.join("public")), "inside another site");
        let stuff = dir.path().join("stuff");
        std::fs::create_dir_all(&stuff).unwrap();
        assert!(!refused(&stuff), "an empty folder");
        std::fs::write(stuff.join("notes.txt"), "mine").unwrap();
        assert!(refused(&stuff), "a folder of someone's files");
        std::fs::write(stuff.join(MARKER), MARKER_TEXT).unwrap();
        assert!(!refused(&stuff), "a folder huimin wrote");
        std::fs::create_dir_all(stuff.join("a/b/c/content")).unwrap();
        assert!(refused(&stuff), "a site deep inside");
        let public = root.join("public");
        std::fs::create_dir_all(public.join("articles")).unwrap();
        assert!(!refused(&public), "the site's own public/, from before the marker");
        std::fs::write(public.join("articles/site.yaml"), "title: x").unwrap();
        assert!(refused(&public), "a site inside public/");
        assert!(!refused(&dir.path().join("new/site/..")), "x/sub/.. is x");
        std::fs::remove_file(public.join("articles/site.yaml")).unwrap();
        std::fs::create_dir_all(public.join("content")).unwrap();
        std::fs::write(public.join("content/index.html"), "<p>").unwrap();
        assert!(!refused(&public), "a generated page at /content/ is no site");
    }

    #[test]
    fn replaced_and_removed_files_are_deleted_later_from_the_trash_which_goes_with_the_session() {
        let dir = tempfile::tempdir().unwrap();
        let (out, trash) = (dir.path().join("public"), dir.path().join("trash"));
        let f = |p: &str, b: &str| OutputFile {
            path: p.into(),
            content: Content::Bytes(b.as_bytes().to_vec()),
        };
        let mut w = Written::default().with_trash(trash.clone());
        w.update(&out, &[f("a/index.html", "1"), f("b.txt", "2")], true)
            .unwrap();
        let in_trash = || std::fs::read_dir(&trash).unwrap().count();
        assert_eq!(in_trash(), 0, "new files replace nothing");
        w.update(&out, &[f("a/index.html", "1"), f("b.txt", "3")], false)
            .unwrap();
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "3");
        assert_eq!(w.remove(&out, &["a/index.html".to_string()]).unwrap(), ["a/index.html"]);
        assert!(!out.join("a").exists());
        assert_eq!(in_trash(), 2, "the old b.txt and the removed page wait in the trash");
        w.empty_trash();
        let waited = std::time::Instant::now();
        while in_trash() > 0 && waited.elapsed() < std::time::Duration::from_secs(10) {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(in_trash(), 0, "emptied on another thread");
        drop(w);
        assert!(!trash.exists());
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
