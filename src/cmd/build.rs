//! `huimin build [--watch]`: the site into its output folder, once or on every save.

use super::{missing_root, show, success, verbosity, Format, Verbosity};
use crate::diagnostics::{report, Diagnostic};
use crate::messages::general;
use crate::pipeline::{self, BuildOptions};
use crate::preview;
use std::path::PathBuf;
use std::process::ExitCode;

pub(super) fn run(
    root: PathBuf,
    output: Option<PathBuf>,
    base_url: Option<String>,
    drafts: bool,
    watch: bool,
    no_cache: bool,
) -> ExitCode {
    if let Some(code) = missing_root(&root) {
        return code;
    }
    let opts = BuildOptions {
        root,
        output,
        base_url,
        drafts,
        today: None,
        no_cache,
    };
    if watch {
        return ExitCode::from(preview::watch_only(opts));
    }
    let level = verbosity();
    if level == Verbosity::Verbose {
        let root = report::shown_path(&crate::paths::absolute(&opts.root));
        let out = report::shown_path(&crate::paths::absolute(&opts.output_dir()));
        eprintln!("{}", crate::t!(general::VERBOSE_READING, root = root));
        eprintln!("{}", crate::t!(general::VERBOSE_WRITING, out = out));
    }
    let started = std::time::Instant::now();
    match pipeline::build(&opts) {
        Ok(summary) => {
            // Notes (what was skipped, what a site overrides) are for `check` and `-v`;
            // `-q` shows only errors.
            let shown: Vec<Diagnostic> = summary
                .warnings
                .into_iter()
                .filter(|d| match level {
                    Verbosity::Quiet => d.is_error(),
                    Verbosity::Normal => d.is_error() || d.is_warning(),
                    Verbosity::Verbose => true,
                })
                .collect();
            show(&shown, &opts.root, Format::Human);
            if level == Verbosity::Verbose {
                eprintln!("{}", summary.images);
                if let Some(held) = &summary.held {
                    eprintln!("{held}");
                }
            }
            if level != Verbosity::Quiet {
                let out = super::shown(&opts.output_dir());
                let secs = format!("{:.2}", started.elapsed().as_secs_f64());
                // Over an existing output most files are kept: say so, or an editor fixing one
                // typo reads that the whole site was written again.
                let line = if summary.written < summary.files {
                    crate::t!(
                        general::BUILT_UNCHANGED,
                        pages = summary.pages,
                        activities = summary.activities,
                        files = summary.files,
                        written = summary.written,
                        out = out,
                        secs = secs
                    )
                } else {
                    crate::t!(
                        general::BUILT,
                        pages = summary.pages,
                        activities = summary.activities,
                        files = summary.files,
                        out = out,
                        secs = secs
                    )
                };
                eprintln!("{}", success(&line, false));
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            show(&diags, &opts.root, Format::Human);
            let n = diags.iter().filter(|d| d.is_error()).count();
            eprintln!("{}", crate::t!(general::BUILD_FAILED, n = n));
            ExitCode::from(crate::output::exit_code(&diags))
        }
    }
}
