//! `huimin check`: every problem of the site at once; writes nothing.

use super::{missing_root, show, Format};
use crate::messages::general;
use crate::pipeline::{self, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;

pub(super) fn run(root: PathBuf, drafts: bool, format: Format, deny_warnings: bool, verbose: bool) -> ExitCode {
    if let Some(code) = missing_root(&root) {
        return code;
    }
    let opts = BuildOptions {
        root,
        drafts,
        ..Default::default()
    };
    let (diags, images) = pipeline::check_report(&opts);
    show(&diags, &opts.root, format);
    if let (true, Some(line)) = (verbose, images) {
        eprintln!("{line}");
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.iter().filter(|d| d.is_warning()).count();
    if format == Format::Human {
        if errors + warnings == 0 {
            eprintln!("{}", crate::t!(general::NO_PROBLEMS));
        } else {
            eprintln!(
                "{}",
                crate::t!(general::PROBLEM_COUNT, errors = errors, warnings = warnings)
            );
        }
    }
    if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
