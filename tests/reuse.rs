//! A build over an existing output writes only what changed: a file with the same bytes is
//! hard-linked from the old output (same inode, same modification time), so `rsync` and CDN
//! uploads skip it; when nothing changed at all the output is left as it is. The old output
//! is never written to in place, and a failed build leaves it byte for byte as it was.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// Per file of `dir`: its bytes, modification time and (on Unix) inode.
fn files(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime, u64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk output"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            let meta = e.metadata().expect("stat");
            (
                rel,
                (
                    std::fs::read(e.path()).expect("read"),
                    meta.modified().expect("mtime"),
                    inode(&meta),
                ),
            )
        })
        .collect()
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.ino()
}

#[cfg(not(unix))]
fn inode(_meta: &std::fs::Metadata) -> u64 {
    0
}

/// Nothing of a build's own beside the output (the image cache is kept on purpose).
#[track_caller]
fn assert_no_leftovers(root: &Path) {
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("huimin-") && n != ".huimin-cache")
        .collect();
    assert!(leftovers.is_empty(), "left beside the output: {leftovers:?}");
}

/// Long enough for a rewritten file to get another modification time on any file system
/// the tests run on (ext4 keeps jiffies, NTFS 100 ns).
fn tick() {
    std::thread::sleep(Duration::from_millis(50));
}

const ARTICLE: &str = "public/articles/di-er-pian/index.html";

#[test]
fn a_rebuild_with_nothing_changed_rewrites_no_file() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let out = root.join("public");
    let before = files(&out);
    assert!(before.len() > 10, "{:?}", before.keys());
    let folder_time = std::fs::metadata(&out).unwrap().modified().unwrap();
    tick();
    build_ok(&root, &[]);
    let after = files(&out);
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    for (path, (bytes, time, ino)) in &before {
        let (bytes2, time2, ino2) = &after[path];
        assert!(bytes == bytes2, "{path}: bytes changed");
        assert_eq!(time, time2, "{path}: rewritten (new modification time)");
        assert_eq!(ino, ino2, "{path}: rewritten (new inode)");
    }
    // Nothing to swap: the output folder itself was not replaced either.
    assert_eq!(folder_time, std::fs::metadata(&out).unwrap().modified().unwrap());
    assert_no_leftovers(&root);
}

#[test]
fn an_edit_rewrites_only_the_files_whose_bytes_changed() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let out = root.join("public");
    let before = files(&out);
    // Keep every old file reachable from outside: a build that wrote into an inode of the old
    // output (shared with the new one by a hard link) would show here.
    #[cfg(unix)]
    let kept = keep_links(&out, &root.with_file_name("kept"));
    let article = "content/articles/2024/second.md";
    write(
        &root,
        article,
        &read(&root, article).replace("第一段文字。", "改过的文字。"),
    );
    tick();
    let said = build_ok(&root, &[]);
    assert!(read(&root, ARTICLE).contains("改过的文字。"));
    let after = files(&out);
    // The summary counts the files written: new paths and changed bytes.
    let written = after
        .iter()
        .filter(|(path, (bytes, _, _))| before.get(*path).is_none_or(|(old, _, _)| old != bytes))
        .count();
    assert!(
        said.contains(&format!(", {written} of them written ")),
        "{written}: {said}"
    );
    // The search bundle names its chunks by their content: the edited article's shard has new
    // names, and an old name is gone. Every other path is the same.
    let named = |m: &BTreeMap<String, _>| -> Vec<String> {
        m.keys()
            .filter(|k| !k.starts_with("search/pagefind/"))
            .cloned()
            .collect()
    };
    assert_eq!(named(&before), named(&after));
    let mut rewritten = Vec::new();
    for (path, (bytes, time, ino)) in &before {
        let Some((bytes2, time2, ino2)) = after.get(path) else {
            assert!(path.starts_with("search/pagefind/"), "{path} is gone");
            continue;
        };
        if bytes == bytes2 {
            assert_eq!(time, time2, "{path}: unchanged but rewritten");
            assert_eq!(ino, ino2, "{path}: unchanged but rewritten");
        } else {
            assert_ne!(time, time2, "{path}: changed bytes under the old modification time");
            if cfg!(unix) {
                assert_ne!(ino, ino2, "{path}: changed bytes written into the old file");
            }
            rewritten.push(path.as_str());
        }
    }
    assert!(rewritten.contains(&"articles/di-er-pian/index.html"), "{rewritten:?}");
    assert!(
        rewritten.len() < before.len() / 2,
        "most files are untouched: {rewritten:?}"
    );
    #[cfg(unix)]
    for (path, (bytes, _, _)) in &before {
        assert!(
            &std::fs::read(kept.join(path)).unwrap() == bytes,
            "{path}: the old file was modified in place"
        );
    }
    assert_no_leftovers(&root);
}

/// Hard links to every file of `out` under `to`.
#[cfg(unix)]
fn keep_links(out: &Path, to: &Path) -> std::path::PathBuf {
    for e in walkdir::WalkDir::new(out) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(out).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::hard_link(e.path(), &target).unwrap();
        }
    }
    to.to_path_buf()
}

#[test]
fn a_file_removed_from_the_site_goes_and_the_rest_stays() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let out = root.join("public");
    assert!(out.join("images/logo.txt").is_file());
    let before = files(&out);
    std::fs::remove_file(root.join("static/images/logo.txt")).unwrap();
    tick();
    build_ok(&root, &[]);
    assert!(
        !out.join("images/logo.txt").exists(),
        "a file no longer in the site stays"
    );
    let after = files(&out);
    let (_, time, ino) = &before["about/index.html"];
    let (_, time2, ino2) = &after["about/index.html"];
    assert_eq!((time, ino), (time2, ino2), "an unchanged page was rewritten");
    assert_no_leftovers(&root);
}

#[test]
fn a_file_changed_or_added_behind_our_back_is_put_right() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let out = root.join("public");
    let good = read(&out, "about/index.html");
    // Same size, other bytes: only a comparison of the bytes sees it.
    let same_size: String = good.chars().map(|c| if c == 'a' { 'b' } else { c }).collect();
    assert_ne!(good, same_size);
    std::fs::write(out.join("about/index.html"), &same_size).unwrap();
    std::fs::write(out.join("stray.html"), "not the site's").unwrap();
    build_ok(&root, &[]);
    assert_eq!(read(&out, "about/index.html"), good);
    assert!(!out.join("stray.html").exists());
    assert_no_leftovers(&root);
}

#[test]
fn a_failed_build_after_an_edit_leaves_the_old_output_as_it_was() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let out = root.join("public");
    let before = files(&out);
    // A changed article (so unchanged files get linked and changed ones written) and a page
    // whose template fails only while rendering.
    let article = "content/articles/2024/second.md";
    write(
        &root,
        article,
        &read(&root, article).replace("第一段文字。", "改过的文字。"),
    );
    write(
        &root,
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.no_such_field.deeper }}\n{% endblock main %}",
    );
    tick();
    let err = build_fails(&root);
    assert!(err.contains("templates/page.html:3:"), "{err}");
    assert!(files(&out) == before, "the old output changed after a failed build");
    assert_no_leftovers(&root);
}
