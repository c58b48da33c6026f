//! The preview's search: after each rebuild the bundle is made again from the pages as written
//! (unchanged shards come from the cache), in the background under `serve` and `build
//! --watch`, so a reload never waits for the index; at once for a [`crate::Session`] driven by
//! hand (tests), so its output is always that of a full build.
//!
//! The bundle's files are this module's alone: the session's record of written files leaves
//! them out, and files of an older bundle are removed here.

use crate::pipeline::Prepared;
use crate::search::{Collector, Plan};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

#[derive(Default)]
pub struct Indexer {
    /// Index on a thread of its own (the live preview).
    pub background: bool,
    last: Option<JoinHandle<()>>,
}

/// One re-index: everything it needs, owned, so it can run on another thread.
struct Job {
    plan: Plan,
    site_language: String,
    base_path: String,
    root: PathBuf,
    out: PathBuf,
}

/// Whether `path` (relative to the output) belongs to the search bundle.
pub fn is_bundle(path: &str) -> bool {
    path.starts_with(crate::search::BUNDLE_DIR)
}

impl Indexer {
    /// Make the bundle again for the site `prep` just wrote into `out`.
    pub fn refresh(&mut self, prep: Option<&Prepared>, out: &Path) {
        let Some(prep) = prep else { return };
        let site = &prep.site;
        let job = Job {
            plan: crate::search::plan(site, &prep.routes),
            site_language: site.config.language.clone(),
            base_path: site.base.link(""),
            root: site.root.clone(),
            out: out.to_path_buf(),
        };
        if !self.background {
            job.run();
            return;
        }
        // One re-index at a time, in the order of the edits; the caller never waits.
        let previous = self.last.take();
        self.last = Some(std::thread::spawn(move || {
            if let Some(p) = previous {
                let _ = p.join();
            }
            job.run();
        }));
    }
}

impl Indexer {
    /// Wait for the re-index under way, if any.
    pub fn wait(&mut self) {
        if let Some(last) = self.last.take() {
            let _ = last.join();
        }
    }
}

impl Job {
    fn run(self) {
        if let Err(e) = self.index() {
            eprintln!(
                "warning: {}",
                crate::t!(crate::messages::search::INDEX_FAILED, error = e)
            );
        }
    }

    fn index(&self) -> Result<(), String> {
        if !self.out.is_dir() {
            return Ok(());
        }
        let collector = Collector::for_language(&self.plan, &self.site_language, &self.base_path);
        for file in self.plan.files() {
            if let Ok(bytes) = std::fs::read(self.out.join(file)) {
                collector.take(&crate::output::OutputFile {
                    path: file.to_string(),
                    content: crate::output::Content::Bytes(bytes),
                });
            }
        }
        let (files, _) = collector.finish(&self.root, true)?;
        let bundle = self.out.join(crate::search::BUNDLE_DIR);
        let keep: std::collections::HashSet<PathBuf> = files.iter().map(|f| self.out.join(&f.path)).collect();
        // Entry files last: a browser that reads one finds every file it names.
        let (entries, rest): (Vec<_>, Vec<_>) = files.iter().partition(|f| f.path.ends_with("pagefind-entry.json"));
        for f in rest.into_iter().chain(entries) {
            // A preview that is quitting may have removed its output: never make it again.
            if !self.out.is_dir() {
                return Ok(());
            }
            let bytes = f.bytes().map_err(|e| e.to_string())?;
            write_if_changed(&self.out.join(&f.path), &bytes).map_err(|e| e.to_string())?;
        }
        for e in walkdir::WalkDir::new(&bundle)
            .contents_first(true)
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.file_type().is_file() && !keep.contains(e.path()) {
                let _ = std::fs::remove_file(e.path());
            } else if e.file_type().is_dir() {
                // Only empty folders go.
                let _ = std::fs::remove_dir(e.path());
            }
        }
        Ok(())
    }
}

fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    crate::images::cache::write(path, bytes)
}

/// A preview that stops leaves a complete bundle: the last re-index is waited for.
impl Drop for Indexer {
    fn drop(&mut self) {
        self.wait();
    }
}
