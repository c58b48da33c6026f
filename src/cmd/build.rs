//! `huimin build [--watch]`: the site into its output folder, once or on every save.

use super::{missing_root, show, Format};
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
    (no_cache, verbose): (bool, bool),
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
    let started = std::time::Instant::now();
    match pipeline::build(&opts) {
        Ok(summary) => {
            // Notes (what was skipped, what a site overrides) are for `check`.
            let shown: Vec<Diagnostic> = summary
                .warnings
                .into_iter()
                .filter(|d| d.is_error() || d.is_warning())
                .collect();
            show(&shown, &opts.root, Format::Human);
            if verbose {
                eprintln!("{}", summary.images);
            }
            let out = report::shown_path(&opts.output_dir());
            let ms = started.elapsed().as_millis();
            eprintln!(
                "{}",
                crate::t!(
                    general::BUILT,
                    pages = summary.pages,
                    files = summary.files,
                    out = out,
                    ms = ms
                )
            );
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
