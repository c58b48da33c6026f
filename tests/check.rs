//! `huimin check`: every problem at once, located, with help; nothing written.

mod common;
use common::*;

fn check(root: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let o = huimin(root, &all);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn assert_has(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(text.contains(n), "missing «{n}» in:\n{text}");
    }
}

#[test]
fn clean_site_passes_and_writes_nothing() {
    let (_t, root) = fixture("basic");
    let (code, _, err) = check(&root, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(!root.join("public").exists(), "check must not write output");
    assert!(
        err.contains("warning: content/articles/draft.md:4:1: this is a draft"),
        "drafts are listed: {err}"
    );
}

#[test]
fn the_repository_showcase_passes_check() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, _, err) = check(repo, &[]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn yaml_syntax_errors_point_at_the_line_in_the_file() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/articles/quote.md",
        "---\ntitle: \"未闭合\ndate: 2024-01-01\n---\n正文\n",
    );
    write(
        &root,
        "content/articles/indent.md",
        "---\ntitle: 缩进\n  date: 2024-01-01\n---\n",
    );
    write(
        &root,
        "content/articles/tab.md",
        "---\ntitle: 制表符\ntags:\n\t- a\ndate: 2024-01-01\n---\n",
    );
    write(
        &root,
        "content/articles/open.md",
        "---\ntitle: 没有结束\ndate: 2024-01-01\n\n正文\n",
    );
    let (code, _, err) = check(&root, &[]);
    assert_eq!(code, 1);
    assert_has(
        &err,
        &[
            "error: content/articles/quote.md:",
            "error: content/articles/indent.md:3:",
            "error: content/articles/tab.md:4:",
            "indent with spaces",
            "error: content/articles/open.md:1:1: the front matter is not closed",
        ],
    );
    // The unclosed quote is reported at or after the line where it opens, inside the front matter.
    let line: usize = err
        .split("content/articles/quote.md:")
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((2..=5).contains(&line), "quote error at line {line}");
}

#[test]
fn value_errors_name_the_field() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/activities/v1.yaml",
        "title: 合唱\ndate: 2024-01-01\ncategory: 演出\nparticipants: 很多\n",
    );
    write(&root, "content/articles/v2.md", "---\ntitle: 日期\ndate: 明天\n---\n");
    write(
        &root,
        "content/articles/v3.md",
        "---\ntitle: \"  \"\ndate: 2024-01-01\n---\n",
    );
    let (code, _, err) = check(&root, &[]);
    assert_eq!(code, 1);
    assert_has(
        &err,
        &[
            "error: content/activities/v1.yaml:4:15: `participants` should be a whole number (0 or more), but here it is “很多”",
            "error: content/articles/v2.md:3:7: `date`",
            "`明天` is not a date",
            "error: content/articles/v3.md:2:1: `title` is empty",
        ],
    );
}

#[test]
fn output_has_snippet_caret_and_help() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/articles/k.md",
        "---\ntitle: 标题\ndate: 2024-01-01\ntitel: 重复\n---\n",
    );
    let (_, _, err) = check(&root, &[]);
    assert_has(
        &err,
        &[
            "error: content/articles/k.md:4:1: unknown key `titel`\n",
            "4 | titel: 重复",
            "^^^^^",
            "help: did you mean `title`?",
        ],
    );
    assert!(!err.contains('\u{1b}'), "no colours when not on a terminal");
}

#[test]
fn json_format_gives_one_object_per_problem() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/articles/k.md",
        "---\ntitle: 标题\ndate: 2024-01-01\ntitel: 重复\n---\n",
    );
    let (code, out, _) = check(&root, &["--format", "json"]);
    assert_eq!(code, 1);
    let objects: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let e = objects
        .iter()
        .find(|o| o["code"] == "unknown-key")
        .expect("unknown-key object");
    assert_eq!(e["file"], "content/articles/k.md");
    assert_eq!(e["line"], 4);
    assert_eq!(e["column"], 1);
    assert_eq!(e["severity"], "error");
    assert!(e["help"].as_str().unwrap().contains("title"));
    assert!(objects
        .iter()
        .any(|o| o["code"] == "draft" && o["severity"] == "warning"));
}

#[test]
fn missing_links_anchors_and_case_mismatched_images() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/articles/links.md",
        "---\ntitle: 链接\ndate: 2024-01-01\ncover: nocover.jpg\n---\n\n## 第一节\n\n[本页](#第一节) [本页错](#第二节)\n\n[别页](我与党旗合个影.md#活动现场) [别页错](我与党旗合个影.md#没有)\n\n[站内](/articles/di-er-pian/#nope)\n\n![大小写](PHOTO.png)\n",
    );
    let (code, _, err) = check(&root, &[]);
    assert_eq!(code, 1);
    assert_has(
        &err,
        &[
            "error: content/articles/links.md:9:",
            "`#第二节` points to a heading that does not exist",
            "error: content/articles/links.md:11:",
            "#没有` points to a heading that does not exist",
            "error: content/articles/links.md:13:1: the link `/articles/di-er-pian/#nope`",
            "error: content/articles/links.md:15:1: the image `PHOTO.png` points to a file that does not exist",
            "error: content/articles/links.md:4:1: cover:",
            "letter case",
        ],
    );
    assert!(!err.contains("#第一节`"), "a valid anchor was reported:\n{err}");
    assert!(
        !err.contains("#活动现场`"),
        "a valid anchor on another page was reported:\n{err}"
    );
}

#[test]
fn record_images_must_exist() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/activities/img.yaml",
        "title: 图\ndate: 2024-01-01\ncategory: 演出\nimages: [missing.jpg]\n",
    );
    let (code, _, err) = check(&root, &[]);
    assert_eq!(code, 1);
    // The column is the list item's, so several images on one line are told apart.
    assert_has(&err, &["error: content/activities/img.yaml:4:10: images: the image `missing.jpg` points to a file that does not exist"]);
}

#[test]
fn cjk_emphasis_is_a_warning_with_the_working_rewrite() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/articles/em.md",
        "---\ntitle: 强调\ndate: 2024-01-01\n---\n\n这是**“党建引领”**品牌\n",
    );
    let (code, _, err) = check(&root, &[]);
    assert_eq!(code, 0, "warnings alone pass: {err}");
    assert_has(
        &err,
        &[
            "warning: content/articles/em.md:6:3: `**“` is shown as plain asterisks",
            "write `“**` instead",
        ],
    );
    assert_has(&err, &["warning: content/articles/em.md:6:11: `”**`"]);
    let (code, _, _) = check(&root, &["--deny-warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn warnings_for_future_dates_missing_alt_long_articles_and_big_images() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/articles/future.md",
        "---\ntitle: 未来\ndate: 2099-01-01\n---\n正文\n",
    );
    write(
        &root,
        "content/articles/alt.md",
        "---\ntitle: 图\ndate: 2024-01-01\n---\n\n![](photo.png)\n",
    );
    write(
        &root,
        "content/articles/long.md",
        &format!("---\ntitle: 长文\ndate: 2024-01-01\n---\n\n{}\n", "字".repeat(2000)),
    );
    std::fs::write(root.join("static/images/big.jpg"), vec![0u8; 1_200_000]).unwrap();
    let (code, _, err) = check(&root, &[]);
    assert_eq!(code, 0, "{err}");
    assert_has(
        &err,
        &[
            "warning: content/articles/future.md:3:1: the date 2099-01-01 is in the future",
            "warning: content/articles/alt.md:6:1: image without alt text",
            "warning: content/articles/long.md:1:1: long article without a summary",
            "warning: static/images/big.jpg: image is 1.1 MB",
        ],
    );
}

#[test]
fn duplicates_reserved_template_and_config_errors_are_all_reported_together() {
    let (_t, root) = fixture("basic");
    write(&root, "content/pages/stats.md", "---\ntitle: 统计\n---\n");
    write(
        &root,
        "content/articles/dup.md",
        "---\ntitle: 重复\ndate: 2024-01-01\nslug: di-er-pian\n---\n",
    );
    write(
        &root,
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ page.title | nope }}{% endblock main %}\n",
    );
    let (code, _, err) = check(&root, &[]);
    assert_eq!(code, 1);
    assert_has(
        &err,
        &[
            "error: content/pages/stats.md:1:1: the address `/stats/` is reserved",
            "several sources make the same page `/articles/di-er-pian/index.html`",
            "error: templates/page.html:2:",
            "Unknown filter `nope`",
        ],
    );
    let cfg = read(&root, "site.yaml");
    write(
        &root,
        "site.yaml",
        &cfg.replace("base_url: https://example.gov.cn/", "base_url: example.gov.cn"),
    );
    write(&root, "content/articles/bad.md", "---\ntitle: 坏\ndate: 明天\n---\n");
    let (code, _, err) = check(&root, &[]);
    assert_eq!(code, 1);
    assert_has(
        &err,
        &[
            "error: site.yaml:3:11: `base_url` is not a web address",
            "error: content/articles/bad.md:3:7:",
        ],
    );
}
