//! Helpers shared by the integration tests: copy a fixture site to a temp folder, run
//! the real `huimin` binary on it, read what it wrote.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The day every test build treats as today, so "upcoming" is stable.
pub const TODAY: &str = "2026-01-01";

/// A temp copy of `tests/fixtures/<name>`; dropped with the returned guard.
pub fn fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name),
        &root,
    );
    (dir, root)
}

/// Copy a fixture, leaving out the caches a build run on the fixture itself left there (`.ci/run`
/// builds `tests/fixtures/search` for the browser suite): a test starts from the sources only.
pub fn copy_dir(from: &Path, to: &Path) {
    let not_cache = |e: &walkdir::DirEntry| e.file_name() != ".huimin-cache";
    for entry in walkdir::WalkDir::new(from).into_iter().filter_entry(not_cache) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Run `huimin <args>` in `root`.
pub fn huimin(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huimin"))
        .args(args)
        .current_dir(root)
        .env("HUIMIN_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env("HUIMIN_LANG", "en")
        .output()
        .expect("run huimin")
}

/// `huimin build` in `root`, asserting success; returns stderr.
pub fn build_ok(root: &Path, extra: &[&str]) -> String {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let out = huimin(root, &args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "build failed:\n{stderr}");
    stderr
}

/// `huimin build` in `root`, asserting exit code 1; returns stderr.
pub fn build_fails(root: &Path) -> String {
    let out = huimin(root, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "expected failure, got:\n{stderr}");
    stderr
}

pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// Every file below `dir` with its bytes, for comparing whole outputs.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect();
    files.sort();
    files
}
