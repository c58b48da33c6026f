//! `huimin init [DIR]`: a new site that builds as it is, on the built-in theme.
//!
//! The files are real files in `src/cmd/init/`, compiled in; `{today}` in them becomes the
//! day of the run (so the first article is not dated in the future).

use super::{fail, shell_word, success, verbosity, Verbosity};
use crate::diagnostics::report;
use crate::messages::cli;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// What `init` writes: the path in the new site, and the text.
const FILES: &[(&str, &str)] = &[
    ("site.yaml", include_str!("init/site.yaml")),
    ("content/_index.md", include_str!("init/_index.md")),
    (
        "content/articles/wang-zhan-kai-tong-le.md",
        include_str!("init/article.md"),
    ),
    (
        "content/activities/wang-zhan-kai-tong-yi-shi.yaml",
        include_str!("init/activity.yaml"),
    ),
    ("content/pages/about.md", include_str!("init/about.md")),
];

pub(super) fn run(dir: &Path, force: bool) -> ExitCode {
    let shown = report::shown_path(dir);
    let not_empty = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if not_empty && !force {
        fail(
            &crate::t!(cli::INIT_NOT_EMPTY, path = shown),
            Some(&crate::t!(cli::INIT_NOT_EMPTY_HELP)),
        );
        return ExitCode::from(2);
    }
    let today = crate::pipeline::today(&Default::default())
        .format("%Y-%m-%d")
        .to_string();
    let quiet = verbosity() == Verbosity::Quiet;
    for (rel, text) in FILES {
        let path = dir.join(rel);
        match create_new(&path, &text.replace("{today}", &today)) {
            Ok(true) => {
                if verbosity() == Verbosity::Verbose {
                    eprintln!("{}", crate::t!(cli::EJECT_WROTE, path = report::shown_path(&path)));
                }
            }
            Ok(false) => {
                if !quiet {
                    eprintln!("{}", crate::t!(cli::INIT_KEPT, path = report::shown_path(&path)));
                }
            }
            Err(e) => {
                let path = report::shown_path(&path);
                fail(&crate::t!(cli::WRITE_FAILED, path = path, error = e), None);
                return ExitCode::from(1);
            }
        }
    }
    if quiet {
        return ExitCode::SUCCESS;
    }
    let root = shell_word(dir);
    let out = report::shown_path(&dir.join("public"));
    let build = format!("huimin build -r {root}");
    let serve = format!("huimin serve -r {root}");
    let mut text = String::new();
    text.push_str(&success(&crate::t!(cli::INIT_CREATED, path = shown), true));
    text.push_str("\n\n");
    text.push_str(&crate::t!(cli::INIT_NEXT));
    text.push('\n');
    // Each command on a line of its own, so that it can be copied into any shell.
    text.push_str(&format!(
        "  1. {}\n       {build}\n",
        crate::t!(cli::INIT_NEXT_BUILD, out = out)
    ));
    text.push_str(&format!("  2. {}\n       {serve}\n\n", crate::t!(cli::INIT_NEXT_SERVE)));
    text.push_str(&crate::t!(cli::INIT_NEXT_EDIT));
    println!("{text}");
    ExitCode::SUCCESS
}

/// Write `text` to a new file at `path`, creating its folders: `Ok(false)` when the file
/// exists (it is never overwritten).
pub(super) fn create_new(path: &Path, text: &str) -> std::io::Result<bool> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(mut f) => {
            f.write_all(text.as_bytes())?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}
