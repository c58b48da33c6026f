//! Copy a fixture, run `huimin`, compare with expected files (or bless them).

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fixture copied to a temp folder (without its `expected/`).
pub struct Case {
    name: String,
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

/// What a run printed and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

impl Case {
    pub fn new(name: &str) -> Case {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        let from = fixtures().join(name);
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.expect("walk fixture");
            let rel = entry.path().strip_prefix(&from).expect("inside");
            if rel.starts_with("expected") {
                continue;
            }
            let target = root.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).expect("mkdir");
            } else {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
        Case {
            name: name.to_string(),
            _dir: dir,
            root,
        }
    }

    /// Run `huimin <args>` in the copy, in English, without colour, on a fixed day.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in("en", args)
    }

    /// [`Case::run`] with messages in `lang` (`zh` or `en`).
    pub fn run_in(&self, lang: &str, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_huimin"))
            .args(args)
            .current_dir(&self.root)
            .env("HUIMIN_TODAY", "2026-01-01")
            .env("HUIMIN_LANG", lang)
            .env("NO_COLOR", "1")
            .output()
            .expect("run huimin");
        let redact = |b: &[u8]| {
            String::from_utf8_lossy(b)
                .replace(&self.root.display().to_string(), "[ROOT]")
                .replace('\\', "/")
        };
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: redact(&out.stdout),
            stderr: redact(&out.stderr),
        }
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Compare `actual` with `tests/fixtures/<name>/expected/<file>`; with `HUIMIN_BLESS=1`,
    /// write it there instead.
    #[track_caller]
    pub fn expect(&self, file: &str, actual: &str) {
        let path = fixtures().join(&self.name).join("expected").join(file);
        if std::env::var_os("HUIMIN_BLESS").is_some() {
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, actual).expect("bless");
            return;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("no {}; run with HUIMIN_BLESS=1 to create it", path.display()));
        if expected != actual {
            panic!(
                "{} differs from the output (HUIMIN_BLESS=1 accepts the new output)\n{}",
                path.display(),
                diff(&expected, actual)
            );
        }
    }
}

/// A small line diff: enough to see what changed.
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        match (e.get(i), a.get(i)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => {
                if let Some(x) = x {
                    out.push_str(&format!("{:>4} - {x}\n", i + 1));
                }
                if let Some(y) = y {
                    out.push_str(&format!("{:>4} + {y}\n", i + 1));
                }
            }
        }
        if out.lines().count() > 40 {
            out.push_str("…\n");
            break;
        }
    }
    out
}
