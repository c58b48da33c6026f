//! Save-to-disk latency of `huimin serve` for every kind of edit, without the watcher and its
//! debounce: a full build of SITE, then, for each kind, REPS edits each followed by the
//! incremental rebuild; the edit is then undone, and that rebuild is shown as the undo (the
//! undo of "article tags" is a tag losing its last article, of "new article" a deletion). As in `serve`,
//! the search bundle is made again in the background: the time until the pages are on disk
//! is the latency; the time until the search bundle is too is shown after it.
//!
//!     cargo run --release --example edit_kinds -- SITE [REPS] [PAUSE_MS] [ONLY]
//!
//! SITE is a corpus from `gen_corpus.py` (articles `a00001.md`…, records `e00001.yaml`…).
//! PAUSE_MS (default 1500) is the idle time before each measured edit; 0 is back to back.
//! ONLY runs the kinds whose name contains it (for `perf record`).
//! The output goes to SITE/bench-out.

use huimin::{BuildOptions, Session};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

type Change = fn(&str) -> String;

/// (what, file, change); a change on a file that does not exist creates it, `None` deletes.
const KINDS: &[(&str, &str, Option<Change>)] = &[
    (
        "body paragraph",
        "content/articles/a00001.md",
        Some(|s| format!("{s}\n追加测试段落。\n")),
    ),
    (
        "article date",
        "content/articles/a00002.md",
        Some(|s| s.replacen("date: 20", "date: 19", 1)),
    ),
    (
        "article tags",
        "content/articles/a00003.md",
        Some(|s| s.replacen("tags: [", "tags: [新标签, ", 1)),
    ),
    (
        "article category",
        "content/articles/a00004.md",
        Some(|s| s.replacen("title:", "category: 新分类\ntitle:", 1)),
    ),
    (
        "article pillar",
        "content/articles/a00006.md",
        Some(|s| s.replacen("title:", "pillar: 善于创新\ntitle:", 1)),
    ),
    (
        "record sessions",
        "content/activities/e00003.yaml",
        Some(|s| s.replacen("sessions: ", "sessions: 1", 1)),
    ),
    (
        "record participants",
        "content/activities/e00001.yaml",
        Some(bump_participants),
    ),
    (
        "record date (other year)",
        "content/activities/e00002.yaml",
        Some(|s| s.replacen("date: 20", "date: 19", 1)),
    ),
    (
        "new article",
        "content/articles/zz-new.md",
        Some(|_| "---\ntitle: 新文章\ndate: 2030-01-01\ntags: [新标签]\n---\n新的正文。\n".into()),
    ),
    ("delete an article", "content/articles/a00008.md", None),
    ("delete an article others link to", "content/articles/a00005.md", None),
];

fn bump_participants(s: &str) -> String {
    s.lines()
        .map(|l| match l.strip_prefix("participants: ") {
            Some(n) => format!("participants: {}", n.trim().parse::<u64>().unwrap_or(0) + 7),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn apply(path: &Path, change: Option<Change>) -> Option<String> {
    let before = std::fs::read_to_string(path).ok();
    match change {
        Some(f) => std::fs::write(path, f(before.as_deref().unwrap_or(""))).expect("write"),
        None => std::fs::remove_file(path).expect("delete"),
    }
    before
}

fn undo(path: &Path, before: Option<String>) {
    match before {
        Some(text) => std::fs::write(path, text).expect("restore"),
        None => std::fs::remove_file(path).expect("remove"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(site) = args.first().map(PathBuf::from) else {
        eprintln!("usage: edit_kinds SITE [REPS] [PAUSE_MS] [ONLY]");
        std::process::exit(2);
    };
    let reps: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    let pause = Duration::from_millis(args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1500));
    let opts = BuildOptions {
        root: site.clone(),
        output: Some(site.join("bench-out")),
        ..Default::default()
    };
    let mut session = Session::new(opts)
        .unwrap_or_else(|d| panic!("{}", d.message))
        .with_background_search();
    let started = Instant::now();
    if let Err(d) = session.rebuild_all() {
        panic!("the site does not build: {:?}", d.first());
    }
    session.wait_for_search();
    println!("full build: {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
    let only = args.get(3).cloned().unwrap_or_default();
    for &(what, file, change) in KINDS.iter().filter(|k| k.0.contains(only.as_str())) {
        let path = site.join(file);
        let mut times = Vec::new();
        let mut search_times = Vec::new();
        let mut undo_times = Vec::new();
        let mut last = String::new();
        for _ in 0..reps {
            let before = apply(&path, change);
            std::thread::sleep(pause);
            let t = Instant::now();
            let outcome = session.update(std::slice::from_ref(&path));
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            session.wait_for_search();
            search_times.push(t.elapsed().as_secs_f64() * 1000.0);
            // Deleting an article other articles link to is refused, as a build refuses it.
            let report = match outcome {
                Ok(r) => r,
                Err(d) => {
                    let first = d.iter().find(|d| d.is_error()).map(|d| d.message.clone());
                    println!("{what}: refused ({first:?})");
                    undo(&path, before);
                    let _ = session.update(std::slice::from_ref(&path));
                    continue;
                }
            };
            last = format!(
                "{} pages rendered, {} files written or removed{}",
                report.rendered,
                report.changed.len(),
                if report.full { ", FULL rebuild" } else { "" }
            );
            undo(&path, before);
            let t = Instant::now();
            session
                .update(std::slice::from_ref(&path))
                .unwrap_or_else(|d| panic!("{what} (undo): {:?}", d.first()));
            undo_times.push(t.elapsed().as_secs_f64() * 1000.0);
            session.wait_for_search();
        }
        times.sort_by(f64::total_cmp);
        search_times.sort_by(f64::total_cmp);
        undo_times.sort_by(f64::total_cmp);
        if last.is_empty() {
            continue;
        }
        println!(
            "{what:<26} median {:7.1} ms, min {:7.1}, max {:7.1} (n={reps}, {} ms idle; {last}); search bundle after {:.0} ms; undo median {:.1} ms",
            times[times.len() / 2],
            times[0],
            times[times.len() - 1],
            pause.as_millis(),
            search_times[search_times.len() / 2],
            undo_times.get(undo_times.len() / 2).copied().unwrap_or(f64::NAN),
        );
    }
}
