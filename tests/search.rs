//! Site search: what reaches the Pagefind bundle, the shards' cache, `search: false`, drafts
//! and sub-paths. The recall of real queries is checked in Chromium (tests/browser/search.mjs).
#![cfg(feature = "search")]

mod common;
use common::*;
use std::io::Read;
use std::path::Path;

/// The text of every page in the bundles under `out/search/pagefind/`, zero-width segment
/// marks removed, one string per page (Pagefind's fragments are gzip with a signature).
fn indexed(out: &Path) -> Vec<String> {
    let mut pages = Vec::new();
    for e in walkdir::WalkDir::new(out.join("search/pagefind")) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "pf_fragment") {
            let mut text = String::new();
            flate2::read::GzDecoder::new(std::fs::File::open(e.path()).unwrap())
                .read_to_string(&mut text)
                .unwrap();
            for page in text.split("pagefind_dcd").filter(|p| !p.is_empty()) {
                pages.push(page.replace('\u{200b}', ""));
            }
        }
    }
    pages
}

fn has(pages: &[String], word: &str) -> bool {
    pages.iter().any(|p| p.contains(word))
}

#[test]
fn indexes_main_content_of_articles_activities_and_pages_only() {
    let (_t, root) = fixture("search");
    build_ok(&root, &[]);
    let out = root.join("public");
    let pages = indexed(&out);
    // 22 articles, 10 activities, 2 pages; not the draft, lists, terms or home.
    assert_eq!(pages.len(), 34, "indexed pages");
    for w in ["天文台", "书法家协会", "送戏下乡", "VR", "人民路"] {
        assert!(has(&pages, w), "{w} is searchable");
    }
    // Header (site description), footer, the 适老化 controls, the nav and the draft are not.
    for w in [
        "岚霞听风",
        "云栖阁",
        "高对比度",
        "跳到正文",
        "较早一篇",
        "琥珀灯笼节",
        "约 1 分钟读完",
    ] {
        assert!(!has(&pages, w), "{w} must not be indexed");
    }
    assert!(pages.iter().all(|p| p.contains(r#""url":"/"#)));
    // Blocks are joined by a space, not by Pagefind's Western ". " after the last character.
    for p in &pages {
        let chars: Vec<char> = p.chars().collect();
        let western = chars
            .windows(3)
            .any(|w| w[0] > '\u{2e80}' && w[1] == '.' && w[2] == ' ');
        assert!(!western, "「字. 」 in {p}");
    }
    assert!(has(&pages, "时间 2023年4月23日 地点 市图书馆大厅"), "{pages:?}");
    // The filters and the kind are given to Pagefind.
    let meta = pages.iter().find(|p| p.contains("/activities/guanxing-ye/")).unwrap();
    assert!(
        meta.contains(r#""kind":"活动""#) && meta.contains(r#""year":["2025"]"#),
        "{meta}"
    );
    // The search page lists the shards, undated pages first (they carry the scripts).
    let page = read(&out, "search/index.html");
    assert!(page.contains(r#"data-shards="/search/pagefind/pages/|"#), "{page}");
    assert!(page.contains("/search/pagefind/2025/|2025|") && page.contains("/theme/search.js"));
    assert!(out.join("search/pagefind/pages/pagefind.js").is_file());
    assert!(out.join("search/pagefind/pages/pagefind-worker.js").is_file());
    assert!(!out.join("search/pagefind/2025/pagefind.js").exists(), "scripts once");
    assert!(
        !out.join("search/pagefind/pages/pagefind-ui.js").exists(),
        "Pagefind's own UI is not used"
    );
    // Other pages get the search form in the header; the search page itself does not repeat it.
    assert!(read(&out, "index.html").contains(r#"<form class="site-search" role="search" action="/search/""#));
    assert!(!page.contains(r#"class="site-search""#));
}

#[test]
fn the_cache_key_names_the_pagefind_release_of_the_bundle() {
    let (_t, root) = fixture("search");
    build_ok(&root, &[]);
    let entry = read(&root, "public/search/pagefind/2024/pagefind-entry.json");
    let source = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/search/mod.rs")).unwrap();
    let version = source
        .split("PAGEFIND_VERSION: &str = \"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap();
    assert!(
        entry.contains(&format!(r#""version":"{version}""#)),
        "{entry} vs {version}"
    );
}

#[test]
fn drafts_are_indexed_only_with_drafts() {
    let (_t, root) = fixture("search");
    build_ok(&root, &["--drafts"]);
    assert!(has(&indexed(&root.join("public")), "琥珀灯笼节"));
}

#[test]
fn unchanged_text_takes_the_cache_and_an_edit_reindexes_only_its_shard() {
    let (_t, root) = fixture("search");
    build_ok(&root, &[]);
    let cache = root.join(".huimin-cache/search");
    // A shard's bundle is a folder `<shard>.<key>` whose MANIFEST is written last: its name and
    // the MANIFEST's time say whether it was indexed again.
    let stamp = |shard: &str| {
        let mut found: Vec<_> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                name.starts_with(&format!("{shard}.")) && p.join("MANIFEST").is_file()
            })
            .map(|p| (std::fs::metadata(p.join("MANIFEST")).unwrap().modified().unwrap(), p))
            .collect();
        found.sort();
        found.pop().unwrap()
    };
    let shards = ["pages", "2025", "2024", "2023"];
    let before: Vec<_> = shards.iter().map(|s| stamp(s)).collect();
    let first = snapshot(&root.join("public/search"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    build_ok(&root, &[]);
    assert_eq!(
        shards.iter().map(|s| stamp(s)).collect::<Vec<_>>(),
        before,
        "nothing re-indexed"
    );
    assert_eq!(snapshot(&root.join("public/search")), first, "the same bundle");
    let f = "content/articles/dangqi-heying.md";
    write(&root, f, &read(&root, f).replace("八百多名市民", "九百多名市民和游客"));
    build_ok(&root, &[]);
    let after: Vec<_> = shards.iter().map(|s| stamp(s)).collect();
    assert_eq!(
        (&after[0], &after[1], &after[3]),
        (&before[0], &before[1], &before[3]),
        "other shards kept"
    );
    assert_ne!(after[2], before[2], "the 2024 shard is indexed again");
    assert!(has(&indexed(&root.join("public")), "九百多名市民和游客"));
    // --no-cache indexes everything again.
    build_ok(&root, &["--no-cache"]);
    assert_ne!(stamp("2025"), before[1]);
}

#[test]
fn search_false_turns_it_off_and_a_nav_link_to_it_is_broken() {
    let (_t, root) = fixture("search");
    let yaml = read(&root, "site.yaml");
    write(&root, "site.yaml", &format!("{yaml}search: false\n"));
    let err = build_fails(&root);
    assert!(err.contains("/search/"), "{err}");
    let without_link = yaml.replace("  - name: 站内搜索\n    url: /search/\n", "");
    write(&root, "site.yaml", &format!("{without_link}search: false\n"));
    build_ok(&root, &[]);
    assert!(!root.join("public/search").exists());
    assert!(!read(&root, "public/index.html").contains("site-search"));
}

#[test]
fn works_under_a_sub_path() {
    let (_t, root) = fixture("search");
    build_ok(&root, &["--base-url", "https://wlj.example.gov.cn/dangjian/"]);
    let out = root.join("public");
    let page = read(&out, "search/index.html");
    assert!(
        page.contains(r#"data-shards="/dangjian/search/pagefind/pages/|"#),
        "{page}"
    );
    assert!(page.contains(r#"action="/dangjian/search/""#));
    let pages = indexed(&out);
    assert!(pages.iter().all(|p| p.contains(r#""url":"/dangjian/"#)));
}

#[test]
fn check_says_nothing_about_search() {
    let (_t, root) = fixture("search");
    let out = huimin(&root, &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !stderr.to_lowercase().contains("search") && !stderr.contains("pagefind"),
        "{stderr}"
    );
    assert!(!root.join(".huimin-cache/search").exists(), "check indexes nothing");
}

#[test]
fn the_bundle_folder_is_claimed() {
    let (_t, root) = fixture("search");
    write(&root, "static/search/pagefind/pages/pagefind.js", "// not ours");
    let err = build_fails(&root);
    assert!(
        err.contains("search/pagefind/pages/pagefind.js") && err.contains("the search bundle"),
        "{err}"
    );
}
