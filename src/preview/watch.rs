//! Watching the site's sources for `serve` and `build --watch`: which folders, which events
//! count, and the loop that turns a burst of saves into one rebuild.

use crate::diagnostics::report::{escape_controls, shown_path};
use crate::input::is_hidden_or_temp;
use crate::messages::output as m;
use crate::preview::session::{Outcome, Session};
use crate::t;
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;
use std::time::Duration;

/// How long a burst of file events must be quiet before a rebuild starts. Editors that save
/// by writing a temporary file and renaming it produce several events within a few ms.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// What the watch loop reacts to.
#[derive(Debug)]
pub enum Message {
    /// Sources that changed (created, written, removed or renamed).
    Changed(Vec<PathBuf>),
    /// The watcher itself failed; shown, then watching goes on.
    WatchError(String),
    /// Ctrl-C, SIGTERM, SIGHUP or the end of a test: stop.
    Quit,
}

/// Send [`Message::Quit`] on Ctrl-C, SIGTERM and SIGHUP (ctrlc's `termination` feature),
/// so closing the terminal or a `kill` cleans up like Ctrl-C. The flag tells a quit that came
/// before the watch loop.
pub fn on_quit(tx: Sender<Message>) -> Arc<AtomicBool> {
    let quitting = Arc::new(AtomicBool::new(false));
    let flag = quitting.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        flag.store(true, Ordering::SeqCst);
        let _ = tx.send(Message::Quit);
    }) {
        eprintln!("warning: {}", t!(m::NO_CTRL_C, error = e));
    }
    quitting
}

/// Folders and files below the site root that are sources. The output never is.
const INPUTS: &[&str] = &["site.yaml", "content", "static", "templates", "themes"];

/// Watches the sources; dropping it stops watching.
pub struct SourceWatcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

impl SourceWatcher {
    /// Start watching `root`; events go to `tx` as [`Message`]s.
    pub fn start(root: &Path, output: &Path, tx: Sender<Message>) -> Result<SourceWatcher, String> {
        let (root, output) = (root.to_path_buf(), output.to_path_buf());
        let filter_root = root.clone();
        let handler = move |result: DebounceEventResult| {
            let message = match result {
                Ok(events) => {
                    let mut paths = BTreeSet::new();
                    for e in events {
                        if matches!(e.event.kind, EventKind::Access(_)) {
                            continue;
                        }
                        paths.extend(
                            e.event
                                .paths
                                .iter()
                                .filter(|p| is_source(&filter_root, &output, p))
                                .cloned(),
                        );
                    }
                    if paths.is_empty() {
                        return;
                    }
                    Message::Changed(paths.into_iter().collect())
                }
                // The errors name paths, which may hold control characters.
                Err(errors) => Message::WatchError(
                    errors
                        .iter()
                        .map(|e| escape_controls(&e.to_string()).into_owned())
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            };
            let _ = tx.send(message);
        };
        let mut debouncer = new_debouncer(DEBOUNCE, None, handler).map_err(|e| e.to_string())?;
        // The root itself, not recursively: site.yaml, and source folders created later.
        debouncer
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", shown_path(&root)))?;
        let mut w = SourceWatcher {
            debouncer,
            root,
            watched: BTreeSet::new(),
        };
        w.refresh();
        Ok(w)
    }

    /// Watch source folders that appeared since the last call.
    pub fn refresh(&mut self) {
        for name in &INPUTS[1..] {
            let dir = self.root.join(name);
            if dir.is_dir()
                && !self.watched.contains(&dir)
                && self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watched.insert(dir);
            }
        }
        self.watched.retain(|d| d.is_dir());
    }
}

/// Whether a changed path is one of the site's sources (not output, not an editor's temp file).
pub fn is_source(root: &Path, output: &Path, path: &Path) -> bool {
    if path.starts_with(output) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else { return false };
    if !INPUTS.contains(&first.as_ref()) {
        return false;
    }
    // Any hidden or temporary part (a `.git` folder, `x.md~`, `.x.md.swp`, `4913`) is not content.
    !rel.components()
        .any(|c| is_hidden_or_temp(c.as_os_str().to_string_lossy().as_ref()))
}

/// Rebuild on every batch of changes until [`Message::Quit`]; `after` sees each outcome.
pub fn run(
    session: &mut Session,
    watcher: &mut SourceWatcher,
    rx: &Receiver<Message>,
    mut after: impl FnMut(&Outcome, &[PathBuf]),
) {
    while let Ok(message) = rx.recv() {
        match message {
            Message::Quit => return,
            Message::WatchError(e) => eprintln!("warning: {}", t!(m::WATCH_WARNING, error = e)),
            Message::Changed(mut paths) => {
                // Merge batches that arrived while the last rebuild ran.
                let mut quit = false;
                while let Ok(more) = rx.try_recv() {
                    match more {
                        Message::Changed(p) => paths.extend(p),
                        Message::Quit => quit = true,
                        Message::WatchError(e) => eprintln!("warning: {}", t!(m::WATCH_WARNING, error = e)),
                    }
                }
                if quit {
                    return;
                }
                paths.sort();
                paths.dedup();
                watcher.refresh();
                let outcome = session.update(&paths);
                after(&outcome, &paths);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_non_sources() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        for p in [
            "/site/site.yaml",
            "/site/content/articles/a.md",
            "/site/static/logo.png",
            "/site/themes/x/templates/base.html",
            "/site/content/new-folder",
        ] {
            assert!(is_source(root, out, Path::new(p)), "{p}");
        }
        for p in [
            "/site/public/index.html",
            "/site/README.md",
            "/site/content/articles/a.md~",
            "/site/content/articles/.a.md.swp",
            "/site/content/articles/4913",
            "/site/content/articles/.#a.md",
            "/site/content/articles/a.md___jb_tmp___",
            "/site/content/.git/index",
            "/other/content/a.md",
        ] {
            assert!(!is_source(root, out, Path::new(p)), "{p}");
        }
    }
}
