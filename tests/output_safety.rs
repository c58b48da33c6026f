//! The output folder rules: huimin replaces the whole output at every build, so it refuses
//! any folder whose replacement would destroy something it did not make, and two builds of
//! the same output never mix their files.

mod common;

use common::*;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The file every output huimin writes holds at its root.
const MARKER: &str = ".huimin-output";

/// How long a build may take on a loaded CI machine.
const PATIENCE: Duration = Duration::from_secs(60);

/// `huimin <args>` in `root` with extra environment variables.
fn huimin_env(root: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_huimin"));
    cmd.args(args)
        .current_dir(root)
        .env("HUIMIN_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env("HUIMIN_LANG", "en");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run huimin")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts a usage error (exit 2) that says why the folder was refused.
#[track_caller]
fn assert_refused(o: &Output, why: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "expected a refusal (exit 2):\n{err}");
    assert!(err.contains("refusing to write the site into"), "{err}");
    assert!(err.contains(why), "the message should say `{why}`:\n{err}");
    assert!(err.contains("help:"), "a refusal says what to do instead:\n{err}");
}

/// A second site folder beside `root`, with its own site.yaml and content/.
fn other_site(root: &Path) -> PathBuf {
    let other = root.parent().unwrap().join("other-site");
    copy_dir(root, &other);
    other
}

#[test]
fn another_sites_folder_is_refused_and_left_untouched() {
    let (_t, root) = fixture("basic");
    let other = other_site(&root);
    let before = snapshot(&other);
    assert_refused(&huimin(&root, &["build", "-o", "../other-site"]), "site.yaml");
    assert_eq!(before, snapshot(&other), "the other site changed");
}

#[test]
fn a_folder_inside_another_site_is_refused() {
    let (_t, root) = fixture("basic");
    let other = other_site(&root);
    let before = snapshot(&other);
    let o = huimin(&root, &["build", "-o", "../other-site/content/out"]);
    assert_refused(&o, "another site");
    assert_eq!(before, snapshot(&other), "the other site changed");
}

#[test]
fn the_parent_of_the_home_folder_is_refused() {
    let (t, root) = fixture("basic");
    let users = t.path().join("users");
    let home = users.join("alice");
    write(&home, "notes.txt", "mine");
    let env = [("HOME", home.as_path()), ("USERPROFILE", home.as_path())];
    let o = huimin_env(&root, &["build", "-o", users.to_str().unwrap()], &env);
    assert_refused(&o, "home folder");
    assert_eq!(read(&home, "notes.txt"), "mine");
    assert_refused(
        &huimin_env(&root, &["build", "-o", home.to_str().unwrap()], &env),
        "home folder",
    );
}

#[test]
fn a_non_empty_folder_huimin_did_not_write_is_refused_and_left_untouched() {
    let (t, root) = fixture("basic");
    let stuff = t.path().join("stuff");
    write(&stuff, "notes.txt", "mine");
    write(&stuff, "photos/a.jpg", "jpeg");
    let before = snapshot(&stuff);
    assert_refused(&huimin(&root, &["build", "-o", "../stuff"]), MARKER);
    assert_eq!(before, snapshot(&stuff), "the folder changed");
}

#[test]
fn a_new_or_empty_folder_is_written_with_the_marker() {
    let (t, root) = fixture("basic");
    std::fs::create_dir(t.path().join("empty")).unwrap();
    for out in ["../empty", "../new/site"] {
        build_ok(&root, &["-o", out]);
        let dir = root.join(out);
        assert!(dir.join("index.html").is_file(), "{out}: no home page");
        assert!(dir.join(MARKER).is_file(), "{out}: no {MARKER}");
    }
}

#[test]
fn a_folder_huimin_wrote_before_is_rebuilt() {
    let (t, root) = fixture("basic");
    build_ok(&root, &["-o", "../out"]);
    let article = "content/articles/2024/second.md";
    write(
        &root,
        article,
        &read(&root, article).replace("第一段文字。", "改过的文字。"),
    );
    build_ok(&root, &["-o", "../out"]);
    let out = t.path().join("out");
    assert!(read(&out, "articles/di-er-pian/index.html").contains("改过的文字。"));
    assert!(out.join(MARKER).is_file());
}

#[test]
fn dot_dot_in_the_output_is_normalised() {
    let (t, root) = fixture("basic");
    build_ok(&root, &["-o", "../out/sub/.."]);
    let out = t.path().join("out");
    assert!(out.join("index.html").is_file(), "not written into ../out");
    assert!(!out.join("sub").exists());
    let names: Vec<String> = std::fs::read_dir(t.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("huimin-")), "leftovers: {names:?}");
}

#[test]
fn the_default_public_folder_without_the_marker_is_accepted() {
    let (_t, root) = fixture("basic");
    // An output written by a huimin from before the marker.
    write(&root, "public/articles/old/index.html", "old");
    build_ok(&root, &[]);
    assert!(root.join("public/index.html").is_file());
    assert!(
        !root.join("public/articles/old").exists(),
        "the old output was replaced"
    );
    assert!(root.join("public").join(MARKER).is_file());
}

#[test]
fn the_default_public_folder_holding_a_site_is_refused() {
    let (_t, root) = fixture("basic");
    write(&root, "public/mysite/site.yaml", "title: 我的另一个站点\n");
    write(&root, "public/mysite/content/_index.md", "---\ntitle: 首页\n---\n");
    let before = snapshot(&root.join("public"));
    assert_refused(&huimin(&root, &["build"]), "public/mysite");
    assert_eq!(before, snapshot(&root.join("public")));
}

#[test]
fn build_watch_obeys_the_same_rules() {
    let (_t, root) = fixture("basic");
    let other = other_site(&root);
    let before = snapshot(&other);
    let mut child = Command::new(env!("CARGO_BIN_EXE_huimin"))
        .args(["build", "--watch", "-o", "../other-site"])
        .current_dir(&root)
        .env("NO_COLOR", "1")
        .env("HUIMIN_LANG", "en")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if started.elapsed() > PATIENCE {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(2),
        "build --watch accepted another site"
    );
    assert_eq!(before, snapshot(&other), "the other site changed");
}

/// Every page a complete build of `root` writes (from a build into a scratch folder).
fn complete_pages(root: &Path, scratch: &Path) -> Vec<String> {
    build_ok(root, &["-o", scratch.to_str().unwrap()]);
    snapshot(scratch).into_iter().map(|(p, _)| p).collect()
}

fn names(dir: &Path) -> Vec<String> {
    snapshot(dir).into_iter().map(|(p, _)| p).collect()
}

fn open_lock(root: &Path) -> std::fs::File {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(root.join(".public.huimin-lock"))
        .unwrap()
}

/// Holds the lock a build takes on its output, as a running build would.
fn hold_lock(root: &Path) -> std::fs::File {
    let lock = open_lock(root);
    lock.try_lock().unwrap();
    lock
}

/// Waits for any build writing `root/public` to finish, then holds its lock.
fn hold_lock_blocking(root: &Path) -> std::fs::File {
    let lock = open_lock(root);
    lock.lock().unwrap();
    lock
}

/// Start `huimin build` in `root`; its stderr lines arrive on the receiver.
fn spawn_build(root: &Path) -> (std::process::Child, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_huimin"))
        .arg("build")
        .current_dir(root)
        .env("HUIMIN_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env("HUIMIN_LANG", "en")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let err = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// Lines until one contains `needle`; panics with what was seen otherwise.
fn wait_for(rx: &mpsc::Receiver<String>, needle: &str) {
    let mut seen = Vec::new();
    let deadline = Instant::now() + PATIENCE;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(line) if line.contains(needle) => return,
            Ok(line) => seen.push(line),
            Err(_) => break,
        }
    }
    panic!("no line with `{needle}`; stderr was:\n{}", seen.join("\n"));
}

#[test]
fn a_build_waits_while_another_build_writes_the_output() {
    let (t, root) = fixture("basic");
    let expected = complete_pages(&root, &t.path().join("scratch"));
    // The staging folder of the build that holds the lock: not ours to remove.
    let live = root.join(".public.huimin-tmp-1");
    write(&live, "index.html", "half written");
    let lock = hold_lock(&root);
    let (mut child, rx) = spawn_build(&root);
    wait_for(&rx, "another huimin build is writing to");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        live.join("index.html").is_file(),
        "a live build's staging folder was removed"
    );
    assert!(
        !root.join("public").exists(),
        "written while another build holds the lock"
    );
    // The holder dies without cleaning up: its staging folder is now stale.
    drop(lock);
    assert!(child.wait().unwrap().success());
    assert_eq!(names(&root.join("public")), expected);
    assert!(!live.exists(), "the dead build's staging folder was left");
}

/// The basic fixture plus `n` articles, so a build takes a while.
fn bigger_site(root: &Path, n: usize) {
    for i in 0..n {
        write(
            root,
            &format!("content/articles/gen/a{i}.md"),
            &format!(
                "---\ntitle: 生成的文章 {i}\ndate: 2023-01-{:02}\nslug: gen-{i}\ntags: [标签{}]\n---\n\n{}\n",
                i % 28 + 1,
                i % 7,
                "这是一段用来加长页面的文字。".repeat(40)
            ),
        );
    }
}

/// Whether a build has begun writing its staging folder beside `root/public`.
fn staging_exists(root: &Path) -> bool {
    std::fs::read_dir(root).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".public.huimin-tmp-")
    })
}

#[test]
fn two_builds_at_once_publish_a_complete_site() {
    let (t, root) = fixture("basic");
    bigger_site(&root, 400);
    let expected = complete_pages(&root, &t.path().join("scratch"));
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_huimin"))
            .arg("build")
            .current_dir(&root)
            .env("HUIMIN_TODAY", TODAY)
            .env("NO_COLOR", "1")
            .env("HUIMIN_LANG", "en")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    for round in 0..3 {
        let first = spawn();
        // The second build starts once the first is writing, so their writes overlap.
        let started = Instant::now();
        while !staging_exists(&root) && started.elapsed() < PATIENCE {
            std::thread::sleep(Duration::from_millis(5));
        }
        let second = spawn();
        let first = first.wait_with_output().unwrap();
        assert!(
            first.status.success(),
            "round {round}: the first build failed:\n{}",
            stderr(&first)
        );
        {
            // Whenever no build is writing, the output is a complete site.
            let lock = hold_lock_blocking(&root);
            assert_eq!(
                names(&root.join("public")),
                expected,
                "round {round}: incomplete output"
            );
            drop(lock);
        }
        let second = second.wait_with_output().unwrap();
        assert!(
            second.status.success(),
            "round {round}: the second build failed:\n{}",
            stderr(&second)
        );
        assert_eq!(
            names(&root.join("public")),
            expected,
            "round {round}: incomplete output"
        );
    }
}

#[test]
fn stale_staging_folders_of_a_dead_build_are_cleaned() {
    let (_t, root) = fixture("basic");
    for stale in [".public.huimin-tmp-4000000", ".public.huimin-old-4000001"] {
        write(&root.join(stale), "articles/x/index.html", "left by a killed build");
    }
    build_ok(&root, &[]);
    let left: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("huimin-tmp") || n.contains("huimin-old"))
        .collect();
    assert!(left.is_empty(), "stale folders left: {left:?}");
    assert!(
        !root.join("public/.public.huimin-lock").exists(),
        "the lock is never published"
    );
}
