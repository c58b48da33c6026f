//! Two builds of the same output never mix their files.

mod common;

use common::*;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a build may take on a loaded CI machine.
const PATIENCE: Duration = Duration::from_secs(60);

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
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
