//! `huimin theme eject [NAME] [--only FILE]`: the built-in theme copied to `themes/NAME/`
//! (templates and static files, as the file-by-file fallback reads them), never over a file
//! that exists.

use super::{fail, shown, success, verbosity, Verbosity};
use crate::messages::cli;
use crate::render::theme::{DEFAULT_STATIC, DEFAULT_TEMPLATES};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub(super) fn eject(root: &Path, name: &str, only: Option<&str>) -> ExitCode {
    if let Some(code) = super::missing_root(root) {
        return code;
    }
    let plain =
        !name.is_empty() && name != "." && name != ".." && !name.starts_with('.') && !name.contains(['/', '\\', ':']);
    if !plain {
        fail(
            &crate::t!(cli::EJECT_BAD_NAME, name = name),
            Some(&crate::t!(cli::EJECT_BAD_NAME_HELP)),
        );
        return ExitCode::from(2);
    }
    let mut files: Vec<(String, &[u8])> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, t)| (format!("templates/{n}"), t.as_bytes()))
        .chain(DEFAULT_STATIC.iter().map(|(n, b)| (format!("static/{n}"), *b)))
        .collect();
    if let Some(only) = only {
        let wanted = only.trim_start_matches("templates/").trim_start_matches("static/");
        files.retain(|(rel, _)| rel.rsplit('/').next() == Some(wanted) || rel == only);
        if files.is_empty() {
            let all: Vec<&str> = DEFAULT_TEMPLATES
                .iter()
                .map(|(n, _)| *n)
                .chain(DEFAULT_STATIC.iter().map(|(n, _)| *n))
                .collect();
            fail(
                &crate::t!(cli::EJECT_UNKNOWN_FILE, file = only),
                Some(&crate::t!(cli::EJECT_FILES_HELP, files = all.join(", "))),
            );
            return ExitCode::from(2);
        }
    }
    let dir = root.join("themes").join(name);
    let quiet = verbosity() == Verbosity::Quiet;
    let mut written = 0;
    let mut kept = 0;
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        let shown = shown(&path);
        match create_new(&path, bytes) {
            Ok(true) => {
                written += 1;
                if verbosity() == Verbosity::Verbose {
                    eprintln!("{}", crate::t!(cli::EJECT_WROTE, path = shown));
                }
            }
            Ok(false) => {
                kept += 1;
                if !quiet {
                    eprintln!("{}", crate::t!(cli::EJECT_KEPT, path = shown));
                }
            }
            Err(e) => {
                fail(&crate::t!(cli::WRITE_FAILED, path = shown, error = e), None);
                return ExitCode::from(1);
            }
        }
    }
    if written == 0 && kept > 0 {
        fail(&crate::t!(cli::EJECT_NOTHING), None);
        return ExitCode::from(1);
    }
    if !quiet {
        let shown = shown(&dir);
        eprintln!(
            "{}",
            success(&crate::t!(cli::EJECT_DONE, n = written, path = shown), false)
        );
        if site_theme(root) != name {
            eprintln!("{}", crate::t!(cli::EJECT_SET_THEME, name = name));
        }
    }
    ExitCode::SUCCESS
}

/// The `theme:` of the site's `site.yaml`, read from its top-level line (`default` when absent).
fn site_theme(root: &Path) -> String {
    let text = std::fs::read_to_string(root.join("site.yaml")).unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix("theme:"))
        .map(|v| {
            let v = v.split(" #").next().unwrap_or("").trim();
            v.trim_matches(['"', '\'']).to_string()
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "default".to_string())
}

fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(mut f) => {
            f.write_all(bytes)?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}
