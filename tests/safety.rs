//! Careless and hostile input: nothing hidden or outside the site is read or published,
//! every record of a valid YAML list is kept, nonsense settings are refused, big inputs stay
//! near-linear. Each test failed on the code before the safety work.

mod common;
use common::*;
use std::time::{Duration, Instant};

fn check(root: &std::path::Path) -> (i32, String) {
    let o = huimin(root, &["check"]);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn published(root: &std::path::Path) -> Vec<String> {
    snapshot(&root.join("public")).into_iter().map(|(p, _)| p).collect()
}

#[test]
fn hidden_folders_are_never_read_or_published() {
    let (_t, root) = fixture("basic");
    write(&root, "static/.git/config", "[remote]\n token = secret-deploy-token\n");
    write(&root, "static/.env", "PASSWORD=hunter2\n");
    write(
        &root,
        "static/.well-known/security.txt",
        "Contact: mailto:wlj@example.gov.cn\n",
    );
    write(
        &root,
        "content/articles/.history/old_20240101.md",
        "---\ntitle: 旧稿\ndate: 2024-01-01\n---\n旧稿正文\n",
    );
    write(
        &root,
        "content/articles/.trash/deleted.md",
        "---\ntitle: 删掉的\ndate: 2024-01-01\n---\n",
    );
    let err = build_ok(&root, &[]);
    let files = published(&root);
    assert!(
        files.iter().all(|f| !f.contains(".git") && !f.contains(".env")),
        "{files:?}"
    );
    assert!(files.iter().any(|f| f == ".well-known/security.txt"), "{files:?}");
    for (_, bytes) in snapshot(&root.join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("secret-deploy-token") && !text.contains("旧稿") && !text.contains("删掉的"));
    }
    assert!(!err.contains("note:"), "build shows no notes:\n{err}");
    let (code, err) = check(&root);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("note: static/.git: hidden folder skipped"), "{err}");
    assert!(
        err.contains("note: content/articles/.history: hidden folder skipped"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_are_errors_and_never_published() {
    let (t, root) = fixture("basic");
    let secret = t.path().join("id_rsa");
    std::fs::write(&secret, "-----BEGIN OPENSSH PRIVATE KEY-----\n").unwrap();
    std::os::unix::fs::symlink(&secret, root.join("static/leak.txt")).unwrap();
    std::os::unix::fs::symlink(t.path(), root.join("static/up")).unwrap();
    std::os::unix::fs::symlink(root.join("nowhere.png"), root.join("static/dangling.png")).unwrap();
    let out = huimin(&root, &["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: static/leak.txt: the link points outside the site folder"),
        "{err}"
    );
    assert!(
        err.contains("error: static/up: the link points outside the site folder"),
        "{err}"
    );
    assert!(err.contains("error: static/dangling.png: the link points to"), "{err}");
    assert!(!root.join("public").exists(), "nothing was published");
}

#[cfg(unix)]
#[test]
fn links_inside_the_site_are_followed_once() {
    let (_t, root) = fixture("basic");
    write(&root, "shared/logo.txt", "徽标\n");
    std::os::unix::fs::symlink(root.join("shared"), root.join("static/shared")).unwrap();
    std::os::unix::fs::symlink(root.join("shared/logo.txt"), root.join("static/logo.txt")).unwrap();
    build_ok(&root, &[]);
    assert_eq!(read(&root, "public/shared/logo.txt"), "徽标\n");
    assert_eq!(read(&root, "public/logo.txt"), "徽标\n");
    let meta = std::fs::symlink_metadata(root.join("public/logo.txt")).unwrap();
    assert!(meta.file_type().is_file(), "a copy, not a link");
}

#[test]
fn record_lists_in_every_yaml_style_keep_every_record() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/activities/flow.yaml",
        "[{title: 流式一, date: 2024-05-01, category: 文艺演出, slug: flow-a}, {title: 流式二, date: 2024-05-02, category: 文艺演出, slug: flow-b}]\n",
    );
    write(
        &root,
        "content/activities/indented.yaml",
        "  - title: 缩进一\n    date: 2024-05-03\n    category: 文艺演出\n    slug: ind-a\n  - title: 缩进二\n    date: 2024-05-04\n    category: 文艺演出\n    slug: ind-b\n",
    );
    build_ok(&root, &[]);
    for slug in ["flow-a", "flow-b", "ind-a", "ind-b"] {
        assert!(
            root.join(format!("public/activities/{slug}/index.html")).is_file(),
            "{slug} missing"
        );
    }
    write(
        &root,
        "content/activities/docs.yaml",
        "title: 一\ndate: 2024-05-01\ncategory: x\n---\ntitle: 二\ndate: 2024-05-02\ncategory: x\n",
    );
    let (code, err) = check(&root);
    assert_eq!(code, 1);
    assert!(
        err.contains("error: content/activities/docs.yaml:4:1: the file holds several YAML documents"),
        "{err}"
    );
}

#[test]
fn full_width_and_no_break_space_after_the_fence_do_not_crash() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/articles/sp.md",
        "---\u{3000}\ntitle: 全角空格\ndate: 2024-01-01\n---\n正文\n",
    );
    write(
        &root,
        "content/articles/nb.md",
        "---\u{a0}\ntitle: 不换行空格\ndate: 明天\n---\n正文\n",
    );
    write(&root, "content/articles/cn.md", "中文开头\n---\ntitle: x\n---\n");
    let (code, err) = check(&root);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error: content/articles/nb.md:3:7: `date`"), "{err}");
}

#[test]
fn nonsense_base_urls_are_refused() {
    for bad in [
        "https://<wlj>.example.gov.cn/",
        "https://wlj.example.gov.cn:99999/",
        "https://user:secret@wlj.example.gov.cn/",
        "https://wlj.example.gov.cn/?from=menu",
    ] {
        let (_t, root) = fixture("basic");
        let cfg = read(&root, "site.yaml");
        let line = cfg.lines().position(|l| l.starts_with("base_url:")).unwrap() + 1;
        write(
            &root,
            "site.yaml",
            &cfg.replace("base_url: https://example.gov.cn/", &format!("base_url: \"{bad}\"")),
        );
        let (code, err) = check(&root);
        assert_eq!(code, 1, "{bad} accepted:\n{err}");
        assert!(
            err.contains(&format!("error: site.yaml:{line}:11: `base_url` is not a web address")),
            "{bad}:\n{err}"
        );
        assert!(!err.contains("panicked"));
    }
    let (_t, root) = fixture("basic");
    let cfg = read(&root, "site.yaml");
    write(
        &root,
        "site.yaml",
        &cfg.replace(
            "base_url: https://example.gov.cn/",
            "base_url: HTTPS://Example.gov.cn:8443/",
        ),
    );
    build_ok(&root, &[]);
    assert!(read(&root, "public/sitemap.xml").contains("https://example.gov.cn:8443/"));
}

#[test]
fn two_spellings_of_one_slug_are_an_error_naming_both() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/articles/cpp.md",
        "---\ntitle: 编程一\ndate: 2024-02-01\ntags: [C++]\n---\n",
    );
    write(
        &root,
        "content/articles/cs.md",
        "---\ntitle: 编程二\ndate: 2024-02-02\ntags:\n  - 党建\n  - C#\n---\n",
    );
    let (code, err) = check(&root);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("`C#` and `C++` would share one web address, /tags/c/")
            || err.contains("`C++` and `C#` would share one web address, /tags/c/"),
        "{err}"
    );
    assert!(err.contains("term_slugs:"), "suggests the fix:\n{err}");
    // The fix the message suggests works.
    let cfg = read(&root, "site.yaml");
    write(
        &root,
        "site.yaml",
        &format!("{cfg}\nterm_slugs:\n  tags:\n    C#: csharp\n"),
    );
    build_ok(&root, &[]);
    assert!(read(&root, "public/tags/csharp/index.html").contains("C#"));
    assert!(read(&root, "public/tags/c/index.html").contains("C++"));
}

#[test]
fn terms_without_letters_get_a_stable_address() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/articles/stars.md",
        "---\ntitle: 符号\ndate: 2024-02-01\ntags: [\"？\", ★]\n---\n",
    );
    build_ok(&root, &[]);
    let html = read(&root, "public/articles/stars/index.html");
    assert!(!html.contains("/tags//"), "empty tag address");
    assert!(root.join("public/tags/u-ff1f/index.html").is_file());
    assert!(read(&root, "public/tags/u-2605/index.html").contains('★'));
}

#[test]
fn totals_that_would_overflow_name_the_records() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/activities/max.yaml",
        "title: 很多人\ndate: 2024-03-01\ncategory: 讲座\nparticipants: 18446744073709551615\n",
    );
    let (code, err) = check(&root);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("the total of `participants` over all records is too large"),
        "{err}"
    );
    assert!(
        err.contains("content/activities/max.yaml:4 (18446744073709551615)"),
        "{err}"
    );
    assert!(!err.contains("18,446,744,073,709,551,615"));
}

/// A bound a quadratic algorithm misses by far and a linear one meets by far.
const FAST: Duration = Duration::from_secs(8);

#[test]
fn a_hundred_thousand_anchor_links_are_checked_quickly() {
    let (_t, root) = fixture("basic");
    let mut body = String::new();
    for i in 0..2_000 {
        body.push_str(&format!("## 小节{i}\n\n"));
    }
    for i in 0..100_000 {
        body.push_str(&format!("[跳转](#小节{})\n", i % 2_000));
    }
    write(
        &root,
        "content/articles/anchors.md",
        &format!("---\ntitle: 锚点\ndate: 2024-01-01\n---\n{body}"),
    );
    let started = Instant::now();
    let (code, err) = check(&root);
    assert_eq!(code, 0, "{}", &err[..err.len().min(2000)]);
    assert!(started.elapsed() < FAST, "took {:?}", started.elapsed());
}

#[test]
fn five_thousand_errors_in_one_record_list_are_reported_quickly() {
    let (_t, root) = fixture("basic");
    let mut yaml = String::new();
    for i in 0..5_000 {
        yaml.push_str(&format!(
            "- title: 活动{i}\n  date: 2024-01-01\n  category: 讲座\n  participants: 很多\n  slug: r{i}\n"
        ));
    }
    write(&root, "content/activities/many.yaml", &yaml);
    let started = Instant::now();
    let (code, err) = check(&root);
    assert_eq!(code, 1);
    assert!(started.elapsed() < FAST, "took {:?}", started.elapsed());
    assert_eq!(err.matches("error: content/activities/many.yaml:").count(), 5_000);
    assert!(
        err.contains("error: content/activities/many.yaml:24999:17: `participants`"),
        "last record's line"
    );
}

#[test]
fn script_addresses_in_the_menu_are_errors() {
    let (_t, root) = fixture("basic");
    let cfg = read(&root, "site.yaml");
    write(
        &root,
        "site.yaml",
        &cfg.replace("    url: /articles/", "    url: \" JaVaScRiPt:alert(1)\""),
    );
    let (code, err) = check(&root);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error: site.yaml:9:10: the menu link"), "{err}");
}
