//! Finding a site's files: which are sources, which are never read (hidden, editors' temp
//! files), and where links lead.

use crate::diagnostics::{rel_path, Diagnostic};
use std::path::{Path, PathBuf};

/// Files below `dir`, sorted, symlinks not followed; walk errors become diagnostics.
pub fn walk(dir: &Path, root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                if !is_hidden_or_temp(e.file_name().to_string_lossy().as_ref()) {
                    files.push(e.into_path());
                }
            }
            Ok(e) if e.file_type().is_symlink() => {
                // A link to a file is read through; a link to a folder could loop and is skipped.
                if e.path().is_file() {
                    files.push(e.into_path());
                } else {
                    diags.push(
                        Diagnostic::warning(rel_path(root, e.path()), "symbolic link to a folder is not followed")
                            .with_help("copy the folder's files into the site instead"),
                    );
                }
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| rel_path(root, p))
                    .unwrap_or_else(|| rel_path(root, dir));
                diags.push(
                    Diagnostic::error(path, format!("cannot read: {err}")).with_help("check the file's permissions"),
                );
            }
        }
    }
    files
}

/// Editor swap, backup and temporary files, and hidden files, are never content.
pub fn is_hidden_or_temp(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.contains("___jb_")
        || name == "4913"
        || name.starts_with("~$")
}
