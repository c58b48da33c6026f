//! The live preview: a site kept in memory between edits ([`session`]), the watcher that
//! turns saves into rebuilds ([`watch`]), and the HTTP server ([`server`]). `serve` and
//! `build --watch` share one loop, [`Watching`].

pub(crate) mod fingerprint;
pub(crate) mod reads;
pub(crate) mod search;
pub(crate) mod server;
pub(crate) mod session;
pub(crate) mod structural;
pub(crate) mod timing;
pub(crate) mod watch;

use crate::diagnostics::report;
use crate::messages::output as m;
use crate::pipeline::BuildOptions;
use crate::t;
use session::{Outcome, Session};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use watch::{Message, SourceWatcher};

/// Free what an edit replaced on another thread: the old route paths, link targets and
/// indices of a 10,000-article site are tens of thousands of strings, and freeing them took
/// a tenth of an edit, after which the pages are on disk no sooner.
pub(crate) fn drop_in_background<T: Send + 'static>(x: T) {
    // When no thread can be had, `spawn` frees the closure, and `x` with it, right here.
    let _ = std::thread::Builder::new().spawn(move || drop(x));
}

/// A session, its watcher and its messages: the loop `serve` and `build --watch` both run.
pub(crate) struct Watching {
    session: Session,
    watcher: SourceWatcher,
    rx: Receiver<Message>,
    root: PathBuf,
}

impl Watching {
    /// Watch first (a save during the first build is not missed), then build once and print
    /// the outcome. `tx`/`rx` carry the quit handler's messages too, installed by the caller
    /// before anything is written. Err is the exit code.
    pub(crate) fn start(
        opts: BuildOptions,
        tx: Sender<Message>,
        rx: Receiver<Message>,
    ) -> Result<(Watching, Outcome), u8> {
        let mut session = match Session::new(opts.clone()) {
            Ok(s) => s.with_background_search(),
            Err(d) => {
                eprint!("{}", report::human(&[d], &opts.root, report::use_color()));
                return Err(2);
            }
        };
        let root = session.root().to_path_buf();
        let out = session.output_dir().to_path_buf();
        let watcher = match SourceWatcher::start(&root, &out, tx) {
            Ok(w) => w,
            Err(e) => {
                eprintln!("error: {}", t!(m::CANNOT_WATCH, error = report::escape_controls(&e)));
                return Err(1);
            }
        };
        let first = session.rebuild_all();
        print_outcome(&first, &root, &[]);
        Ok((
            Watching {
                session,
                watcher,
                rx,
                root,
            },
            first,
        ))
    }

    pub(crate) fn output_dir(&self) -> &Path {
        self.session.output_dir()
    }

    /// Rebuild on every batch of saves until a quit; `after` sees each outcome once it is
    /// printed and its files are on disk.
    pub(crate) fn run(mut self, mut after: impl FnMut(&Outcome)) {
        let root = self.root.clone();
        watch::run(&mut self.session, &mut self.watcher, &self.rx, |outcome, paths| {
            print_outcome(outcome, &root, paths);
            after(outcome);
        });
    }
}

/// `build --watch`: the first build, then a rebuild of what changed on every save, no server.
pub(crate) fn watch_only(opts: BuildOptions) -> u8 {
    // First: SIGTERM and SIGHUP, like Ctrl-C, stop between rebuilds, never halfway through one.
    let (tx, rx) = std::sync::mpsc::channel();
    let quitting = watch::on_quit(tx.clone());
    let (watching, _) = match Watching::start(opts, tx, rx) {
        Ok(w) => w,
        Err(code) => return code,
    };
    if quitting.load(std::sync::atomic::Ordering::SeqCst) {
        return 0;
    }
    eprintln!("{}", t!(m::WATCHING, path = report::shown_path(&watching.root)));
    watching.run(|_| {});
    0
}

/// Print what a rebuild did, or its problems, the same way `build` does.
pub(crate) fn print_outcome(outcome: &Outcome, root: &Path, paths: &[PathBuf]) {
    let color = report::use_color();
    let what = match paths {
        [] => String::new(),
        [one] => t!(
            m::AFTER_CHANGE,
            path = report::escape_controls(&crate::paths::rel_path(root, one))
        ),
        many => t!(m::AFTER_CHANGES, n = many.len()),
    };
    let level = crate::cmd::verbosity();
    match outcome {
        Ok(_) if level == crate::cmd::Verbosity::Quiet => {}
        Ok(r) => {
            let shown: Vec<_> = r
                .warnings
                .iter()
                .filter(|d| level == crate::cmd::Verbosity::Verbose || d.is_error() || d.is_warning())
                .cloned()
                .collect();
            eprint!("{}", report::human(&shown, root, color));
            let scope = if r.full { t!(m::SCOPE_ALL) } else { t!(m::SCOPE_SOME) };
            let ms = format!("{:.1}", r.elapsed.as_secs_f64() * 1000.0);
            eprintln!(
                "{}",
                t!(
                    m::REBUILT,
                    scope = scope,
                    what = what,
                    pages = r.rendered,
                    files = r.changed.len(),
                    ms = ms
                )
            );
        }
        Err(diags) => {
            eprint!("{}", report::human(diags, root, color));
            let n = diags.iter().filter(|d| d.is_error()).count();
            eprintln!("{}", t!(m::PREVIEW_FAILED, what = what, n = n));
        }
    }
}
