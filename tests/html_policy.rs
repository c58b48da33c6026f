//! The HTML policy of Markdown bodies: raw HTML is sanitised unless `markdown.unsafe_html`
//! is set, script-running link schemes are located errors, and big bodies stay fast.

mod common;
use common::*;
use std::path::Path;

/// The rendered body of a page: what the theme puts inside `<div class="prose">`.
fn prose(html: &str) -> &str {
    let open = r#"<div class="prose">"#;
    let start = html.find(open).map(|i| i + open.len()).expect("a prose block");
    let article_end = html[start..].find("</article>").map(|i| start + i).expect("</article>");
    let end = html[start..article_end]
        .rfind("</div>")
        .map(|i| start + i)
        .expect("</div>");
    &html[start..end]
}

/// The text of a fixture article after its front matter.
fn body_of(markdown: &str) -> &str {
    let rest = markdown.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("end of front matter");
    &rest[end + "\n---\n".len()..]
}

/// One error of `huimin check --format json`.
#[derive(Debug)]
struct Problem {
    file: String,
    line: u64,
    column: u64,
    code: String,
    message: String,
}

/// `huimin check --format json`: the exit code and every error.
fn check_json(root: &Path) -> (i32, Vec<Problem>) {
    let out = huimin(root, &["check", "--format", "json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    let problems = stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .filter(|v| v["severity"] == "error")
        .map(|v| Problem {
            file: text(&v["file"]),
            line: v["line"].as_u64().unwrap_or_default(),
            column: v["column"].as_u64().unwrap_or_default(),
            code: text(&v["code"]),
            message: text(&v["message"]),
        })
        .collect();
    (out.status.code().unwrap_or(-1), problems)
}

/// Errors of one file as (line, column, code), sorted.
fn located_in(problems: &[Problem], file: &str) -> Vec<(u64, u64, String)> {
    let mut found: Vec<(u64, u64, String)> = problems
        .iter()
        .filter(|p| p.file == file)
        .map(|p| (p.line, p.column, p.code.clone()))
        .collect();
    found.sort();
    found
}

/// Markdown whose pieces each sit on their own paragraph; returns the text and where each
/// piece's link starts as (line, column), given the front matter's 4 lines and a blank one.
fn paragraphs(pieces: &[(&str, &str)]) -> (String, Vec<(u64, u64)>) {
    let mut text = String::from("---\ntitle: 链接\ndate: 2024-05-03\n---\n\n");
    let mut at = Vec::new();
    for (i, (before, link)) in pieces.iter().enumerate() {
        at.push((6 + 2 * i as u64, before.chars().count() as u64 + 1));
        text.push_str(&format!("{before}{link}\n\n"));
    }
    (text, at)
}

#[test]
fn script_frames_handlers_and_style_urls_are_removed() {
    let (_t, root) = fixture("html");
    build_ok(&root, &[]);
    let page = read(&root, "public/articles/raw/index.html");
    let body = prose(&page).to_ascii_lowercase();
    for banned in [
        "<script",
        "alert(\"script\")",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<style",
        "display: none",
        "onclick",
        "onerror",
        "onmouseover",
        "ontoggle",
        "url(",
        "position",
        "evil.example",
        "javascript:",
        "target=",
        "password",
    ] {
        assert!(!body.contains(banned), "«{banned}» published:\n{body}");
    }
}

#[test]
fn harmless_raw_html_stays_and_markdown_markup_survives_sanitising() {
    let (_t, root) = fixture("html");
    build_ok(&root, &[]);
    let page = read(&root, "public/articles/raw/index.html");
    let body = prose(&page);
    for kept in [
        "<table>",
        "<td>单元格</td>",
        "<details open=\"\"><summary>展开</summary>内容</details>",
        "第一行<br>第二行",
        "m<sup>2</sup>",
        "H<sub>2</sub>O",
        "<kbd>Ctrl</kbd>",
        "<mark>重点</mark>",
        "<img src=\"/images/a.gif\" alt=\"照片\">",
        "<p style=\"text-align:center\">居中</p>",
        // An external link keeps its address and gains no `rel` noise.
        "<a href=\"https://www.gov.cn/\">政府网</a>",
        // The text of a link whose address was dropped stays readable.
        "<a>原始链接</a>",
        // What pulldown-cmark itself wrote: ids, internal links, footnotes, task lists,
        // table alignment, code classes.
        "<h2 id=\"善于借力\">善于借力</h2>",
        "<a href=\"/articles/plain/\">关于</a>",
        "<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>",
        "<div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup>",
        "<input disabled=\"\" type=\"checkbox\" checked=\"\">",
        "<th style=\"text-align:left\">左</th>",
        "<th style=\"text-align:center\">中</th>",
        "<td style=\"text-align:right\">3</td>",
        "<code class=\"language-rust\">",
    ] {
        assert!(body.contains(kept), "«{kept}» missing:\n{body}");
    }
}

#[test]
fn heading_attributes_cannot_add_event_handlers() {
    let (_t, root) = fixture("html");
    write(
        &root,
        "content/articles/attrs.md",
        "---\ntitle: 属性\ndate: 2024-05-04\n---\n\n## 标题 {#biaoti .note onclick=alert(1) lang=zh}\n\n正文。\n",
    );
    build_ok(&root, &[]);
    let body = prose(&read(&root, "public/articles/attrs/index.html")).to_string();
    assert!(!body.contains("onclick"), "{body}");
    assert!(
        body.contains("<h2 id=\"biaoti\" class=\"note\" lang=\"zh\">标题</h2>"),
        "{body}"
    );
}

#[test]
fn script_schemes_in_markdown_links_are_errors_at_the_link_in_any_letter_case() {
    let (_t, root) = fixture("html");
    let pieces = [
        ("", "[a](javascript:alert(1))"),
        ("前文", "[b](JAVASCRIPT:alert(1))"),
        ("", "[c](JaVaScRiPt:alert(1))"),
        ("", "[d](< javascript:alert(1)>)"),
        ("", "[e](jav&#x09;ascript:alert(1))"),
        ("", "[f](&#x01;javascript:alert(1))"),
        ("", "[g](&#106;avascript&colon;alert(1))"),
        ("", "[h](vbscript:msgbox(1))"),
        ("说明：", "[i](VbScRiPt:msgbox(1))"),
        ("", "[j](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
        ("", "[k](DATA:text/html,hello)"),
        ("", "[l](data:image/png;base64,iVBORw0KGgo=)"),
        ("自动链接", "<javascript:alert(1)>"),
        ("", "![m](javascript:alert(1))"),
        ("", "[n][evil]"),
    ];
    let (mut text, at) = paragraphs(&pieces);
    text.push_str("[evil]: javascript:alert(1)\n");
    write(&root, "content/articles/links.md", &text);

    let (code, problems) = check_json(&root);
    assert_eq!(code, 1, "{problems:?}");
    let expected: Vec<(u64, u64, String)> = at.iter().map(|&(l, c)| (l, c, "unsafe-url".to_string())).collect();
    assert_eq!(located_in(&problems, "content/articles/links.md"), expected);
    let first = problems.iter().find(|p| p.line == 6).expect("line 6");
    assert!(
        first.message.contains("javascript:"),
        "the message names the scheme: {}",
        first.message
    );

    let stderr = build_fails(&root);
    assert!(stderr.contains("content/articles/links.md:8:3: "), "{stderr}");
    assert!(!root.join("public/articles/links").exists());
}

#[test]
fn data_png_images_are_fine_but_svg_images_are_errors() {
    let (_t, root) = fixture("html");
    let png = "data:image/png;base64,iVBORw0KGgo=";
    write(
        &root,
        "content/articles/img.md",
        &format!("---\ntitle: 图片\ndate: 2024-05-05\n---\n\n![红点]({png})\n"),
    );
    build_ok(&root, &[]);
    let body = prose(&read(&root, "public/articles/img/index.html")).to_string();
    assert!(body.contains(&format!("<img src=\"{png}\" alt=\"红点\" />")), "{body}");

    let pieces = [
        ("", "![红点](data:image/png;base64,iVBORw0KGgo=)"),
        ("", "![矢量](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
        ("图：", "![矢量](DATA:Image/SVG+XML,%3Csvg%20onload%3Dalert(1)%3E)"),
        ("", "![网页](data:text/html,x)"),
    ];
    let (text, at) = paragraphs(&pieces);
    write(&root, "content/articles/img.md", &text);
    let (code, problems) = check_json(&root);
    assert_eq!(code, 1, "{problems:?}");
    let expected: Vec<(u64, u64, String)> = at[1..].iter().map(|&(l, c)| (l, c, "unsafe-url".to_string())).collect();
    assert_eq!(located_in(&problems, "content/articles/img.md"), expected);
}

#[test]
fn unsafe_html_publishes_raw_html_as_written_but_never_a_script_link() {
    let (_t, root) = fixture("html");
    let yaml = read(&root, "site.yaml");
    write(&root, "site.yaml", &format!("{yaml}markdown: {{unsafe_html: true}}\n"));
    let blocks = [
        "<script>alert(1)</script>",
        "<div onclick=\"alert(2)\">点</div>",
        "<p><a href=\"javascript:alert(3)\">原始</a></p>",
    ];
    let raw = blocks.map(|b| format!("{b}\n\n")).concat();
    let article = |extra: &str| format!("---\ntitle: 信任\ndate: 2024-05-06\n---\n\n{raw}{extra}");
    write(
        &root,
        "content/articles/trusted.md",
        &article("[点我](javascript:alert(4))\n"),
    );
    let (code, problems) = check_json(&root);
    assert_eq!(code, 1, "{problems:?}");
    assert_eq!(
        located_in(&problems, "content/articles/trusted.md"),
        vec![(12, 1, "unsafe-url".to_string())]
    );

    write(&root, "content/articles/trusted.md", &article(""));
    build_ok(&root, &[]);
    let body = prose(&read(&root, "public/articles/trusted/index.html")).to_string();
    assert_eq!(body, blocks.map(|b| format!("{b}\n")).concat(), "published as written");
}

#[test]
fn raw_html_nested_too_deep_for_the_sanitiser_is_an_error_not_a_hang() {
    let (_t, root) = fixture("html");
    let nested = "<div>".repeat(20_000);
    write(
        &root,
        "content/articles/deep.md",
        &format!("---\ntitle: 嵌套\ndate: 2024-05-08\n---\n\n开头。\n\n{nested}\n"),
    );
    let started = std::time::Instant::now();
    let (code, problems) = check_json(&root);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(code, 1, "{problems:?}");
    assert_eq!(
        located_in(&problems, "content/articles/deep.md"),
        vec![(8, 1, "html-too-deep".to_string())]
    );
}

#[test]
fn a_body_without_raw_html_is_exactly_what_pulldown_cmark_writes() {
    let (_t, root) = fixture("html");
    build_ok(&root, &[]);
    let source = read(&root, "content/articles/plain.md");
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_TASKLISTS
        | pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES;
    let mut expected = String::new();
    pulldown_cmark::html::push_html(
        &mut expected,
        pulldown_cmark::Parser::new_ext(body_of(&source), options),
    );
    let page = read(&root, "public/articles/plain/index.html");
    assert_eq!(prose(&page), expected);
}

#[test]
fn a_page_of_twenty_thousand_headings_builds() {
    let (_t, root) = fixture("html");
    let body = "## 小结\n\n".repeat(20_000);
    write(
        &root,
        "content/articles/long.md",
        &format!("---\ntitle: 长文\ndate: 2024-05-07\n---\n\n{body}"),
    );
    let started = std::time::Instant::now();
    build_ok(&root, &[]);
    let took = started.elapsed();
    let page = read(&root, "public/articles/long/index.html");
    assert!(page.contains("<h2 id=\"小结-19999\">小结</h2>"));
    assert!(took < std::time::Duration::from_secs(20), "took {took:?}");
}
