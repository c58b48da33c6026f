//! Finding a site's files: which are sources, which are never read (hidden, editors' temp
//! files), and where links lead.

use crate::diagnostics::Diagnostic;
use crate::messages::content as m;
use crate::paths::rel_path;
use crate::t;
use std::path::{Path, PathBuf};

/// Files below `dir`, sorted; problems become diagnostics.
///
/// Safe by construction, because whatever it returns may be published:
/// - hidden files and folders (`.git/`, an editor's `.history/` and `.trash/`) and editors'
///   temporary files are never returned (a note says what was skipped), except
///   `static/.well-known/`, which certificates need;
/// - a symbolic link is followed only when its target is inside the site folder (a link to
///   `~/.ssh/id_rsa` is an error naming link and target), a linked folder once, with loop
///   detection; a dangling link is an error.
pub fn walk(dir: &Path, root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut w = Walker {
        root,
        real_root,
        static_dir: root.join("static"),
        files: Vec::new(),
        chain: Vec::new(),
        diags,
    };
    w.dir(dir);
    w.files
}

struct Walker<'a> {
    root: &'a Path,
    real_root: PathBuf,
    static_dir: PathBuf,
    files: Vec<PathBuf>,
    /// Real paths of the linked folders being walked, to stop a link that leads back up.
    chain: Vec<PathBuf>,
    diags: &'a mut Vec<Diagnostic>,
}

impl Walker<'_> {
    fn dir(&mut self, dir: &Path) {
        let mut it = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
        while let Some(entry) = it.next() {
            let e = match entry {
                Ok(e) => e,
                Err(err) => {
                    let path = err.path().unwrap_or(dir);
                    self.diags.push(
                        Diagnostic::error(rel_path(self.root, path), t!(m::CANNOT_READ, error = err))
                            .with_help(t!(m::CANNOT_READ_HELP)),
                    );
                    continue;
                }
            };
            if e.depth() == 0 {
                // The folder itself (possibly a link being followed).
                continue;
            }
            let name = e.file_name().to_string_lossy();
            if is_hidden_or_temp(&name) && !self.is_well_known(e.path()) {
                if name.starts_with('.') {
                    self.skipped(e.path(), e.file_type().is_dir());
                }
                if e.file_type().is_dir() {
                    it.skip_current_dir();
                }
                continue;
            }
            if e.file_type().is_file() {
                self.files.push(e.into_path());
            } else if e.file_type().is_symlink() {
                self.link(e.path());
            }
        }
    }

    /// `static/.well-known/` is published: ACME certificate checks and security.txt live there.
    fn is_well_known(&self, path: &Path) -> bool {
        path.strip_prefix(&self.static_dir)
            .ok()
            .and_then(|rel| rel.components().next())
            .is_some_and(|c| c.as_os_str() == ".well-known")
    }

    fn skipped(&mut self, path: &Path, is_dir: bool) {
        let what = if is_dir {
            t!(m::HIDDEN_FOLDER)
        } else {
            t!(m::HIDDEN_FILE)
        };
        self.diags
            .push(Diagnostic::note(rel_path(self.root, path), what).code(crate::diagnostics::Code::HiddenSkipped));
    }

    fn link(&mut self, link: &Path) {
        let shown = rel_path(self.root, link);
        let target = std::fs::read_link(link)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        let real = match std::fs::canonicalize(link) {
            Ok(r) => r,
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                self.diags.push(
                    Diagnostic::error(shown, t!(m::LINK_UNFOLLOWABLE, target = target, error = e))
                        .code(crate::diagnostics::Code::BadLink)
                        .with_help(t!(m::LINK_UNFOLLOWABLE_HELP)),
                );
                return;
            }
            Err(_) => {
                self.diags.push(
                    Diagnostic::error(shown, t!(m::LINK_DANGLING, target = target))
                        .code(crate::diagnostics::Code::BadLink)
                        .with_help(t!(m::LINK_DANGLING_HELP)),
                );
                return;
            }
        };
        if !real.starts_with(&self.real_root) {
            self.diags.push(
                Diagnostic::error(shown, t!(m::SYMLINK_OUTSIDE, target = target))
                    .code(crate::diagnostics::Code::BadLink)
                    .with_help(t!(m::SYMLINK_OUTSIDE_HELP)),
            );
            return;
        }
        if real.is_file() {
            self.files.push(link.to_path_buf());
        } else if real.is_dir() {
            let real_link_parent = link.parent().and_then(|p| std::fs::canonicalize(p).ok());
            let loops = self.chain.contains(&real) || real_link_parent.is_some_and(|p| p.starts_with(&real));
            if loops {
                self.diags.push(
                    Diagnostic::error(shown, t!(m::LINK_LOOP, target = target))
                        .code(crate::diagnostics::Code::BadLink)
                        .with_help(t!(m::LINK_LOOP_HELP)),
                );
                return;
            }
            self.chain.push(real);
            self.dir(link);
            self.chain.pop();
        }
    }
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
