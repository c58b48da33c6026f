//! How long `huimin serve` takes from a saved edit to the new files on disk, without the
//! watcher and its debounce: a full build of SITE, then REPS one-line appends to one
//! article, each followed by the incremental rebuild.
//!
//!     cargo run --release --example edit_latency -- SITE [ARTICLE] [REPS] [PAUSE_MS]
//!
//! PAUSE_MS (default 1500) is the idle time before each edit, as between an editor's saves;
//! 0 measures back-to-back rebuilds. The output goes to SITE/bench-out.

use huimin::{BuildOptions, Session};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(site) = args.first().map(PathBuf::from) else {
        eprintln!("usage: edit_latency SITE [ARTICLE] [REPS] [PAUSE_MS]");
        std::process::exit(2);
    };
    let article = site.join(args.get(1).map(String::as_str).unwrap_or("content/articles/a00001.md"));
    let reps: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let pause = Duration::from_millis(args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1500));
    let opts = BuildOptions {
        root: site.clone(),
        output: Some(site.join("bench-out")),
        ..Default::default()
    };
    let mut session = Session::new(opts).unwrap_or_else(|d| panic!("{}", d.message));
    let started = Instant::now();
    if let Err(d) = session.rebuild_all() {
        panic!("the site does not build: {:?}", d.first());
    }
    println!("full build: {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
    let original = std::fs::read_to_string(&article).expect("read the article");
    let mut times = Vec::new();
    for rep in 0..reps {
        let text = std::fs::read_to_string(&article).expect("read");
        std::fs::write(&article, format!("{text}\n追加测试段落 {rep}。\n")).expect("write");
        std::thread::sleep(pause);
        let t = Instant::now();
        let report = session
            .update(std::slice::from_ref(&article))
            .unwrap_or_else(|d| panic!("{:?}", d.first()));
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        println!(
            "edit {rep}: {ms:.1} ms ({} pages rendered, {} files written{})",
            report.rendered,
            report.changed.len(),
            if report.full { ", full rebuild" } else { "" }
        );
        times.push(ms);
    }
    std::fs::write(&article, original).expect("restore");
    times.sort_by(f64::total_cmp);
    println!(
        "median {:.1} ms, min {:.1}, max {:.1} (n={reps}, {} ms idle before each)",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        pause.as_millis()
    );
}
