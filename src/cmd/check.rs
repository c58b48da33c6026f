//! `huimin check`: every problem of the site at once; writes nothing.

use super::{missing_root, show, verbosity, Format, Verbosity};
use crate::messages::general;
use crate::pipeline::{self, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;

pub(super) fn run(root: PathBuf, drafts: bool, format: Format, deny_warnings: bool) -> ExitCode {
    if let Some(code) = missing_root(&root) {
        return code;
    }
    let opts = BuildOptions {
        root,
        drafts,
        ..Default::default()
    };
    let (diags, images) = pipeline::check_report(&opts);
    let quiet = verbosity() == Verbosity::Quiet;
    if quiet && format == Format::Human {
        let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).cloned().collect();
        show(&errors, &opts.root, format);
    } else {
        show(&diags, &opts.root, format);
    }
    if let (Verbosity::Verbose, Some(line)) = (verbosity(), images) {
        eprintln!("{line}");
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.iter().filter(|d| d.is_warning()).count();
    if format == Format::Human && !(quiet && errors == 0) {
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
