//! The build pipeline end to end, on fixture sites in temp folders.

mod common;
use common::*;

#[test]
fn builds_every_page_kind() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    for f in [
        "public/index.html",
        "public/articles/index.html",
        "public/articles/page/1/index.html",
        "public/articles/wo-yu-dang-qi-he-ge-ying/index.html",
        "public/articles/di-er-pian/index.html",
        "public/about/index.html",
        "public/tags/index.html",
        "public/tags/hong-se-wen-hua/index.html",
        "public/categories/gong-zuo-dong-tai/index.html",
        "public/404.html",
        "public/theme/site.css",
        "public/images/logo.txt",
    ] {
        assert!(root.join(f).is_file(), "missing {f}");
    }
    let tag = read(&root, "public/tags/hong-se-wen-hua/index.html");
    assert!(tag.contains("红色文化"), "the term page shows the original name");
    assert!(tag.contains("我与党旗合个影") && tag.contains("第二篇文章"));
    // No output folder name carries non-ASCII text.
    for entry in walkdir::WalkDir::new(root.join("public")) {
        let entry = entry.unwrap();
        assert!(
            entry.file_name().to_string_lossy().is_ascii(),
            "non-ASCII name {:?}",
            entry.path()
        );
    }
}

#[test]
fn cjk_soft_breaks_join_and_latin_keeps_space() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let html = read(&root, "public/articles/wo-yu-dang-qi-he-ge-ying/index.html");
    assert!(html.contains("市文化馆广场上人头攒动"), "CJK soft break must vanish");
    assert!(html.contains("Hello\nworld"), "Latin soft break stays a space");
    let home = read(&root, "public/index.html");
    assert!(home.contains("这是首页的介绍文字。"));
}

#[test]
fn bom_and_crlf_front_matter_are_read() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let html = read(&root, "public/articles/bom-crlf/index.html");
    assert!(html.contains("<h1>BOM 与 CRLF</h1>"), "title read through BOM and CRLF");
    assert!(html.contains("中文换行"));
}

#[test]
fn headings_get_unique_chinese_ids_and_toc() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let html = read(&root, "public/articles/wo-yu-dang-qi-he-ge-ying/index.html");
    assert!(html.contains(r#"<h2 id="活动现场">"#));
    assert!(html.contains(r#"<h2 id="活动现场-1">"#));
}

#[test]
fn dates_render_the_chinese_way_and_time_keeps_iso() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let html = read(&root, "public/articles/wo-yu-dang-qi-he-ge-ying/index.html");
    assert!(
        html.contains(r#"<time datetime="2024-07-01">2024年7月1日</time>"#),
        "{html}"
    );
}

#[test]
fn links_resolve_and_assets_are_copied() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let html = read(&root, "public/articles/wo-yu-dang-qi-he-ge-ying/index.html");
    assert!(
        html.contains(r#"href="/articles/di-er-pian/""#),
        "relative .md link becomes the page URL"
    );
    assert!(html.contains(r#"href="/activities/2024-07-01-dangqi/""#));
    // A photo is published resized (never upscaled: it is 40 px wide), not as the original.
    assert!(html.contains(r#"src="/articles/wo-yu-dang-qi-he-ge-ying/photo-40.jpg""#));
    assert!(root
        .join("public/articles/wo-yu-dang-qi-he-ge-ying/photo-40.jpg")
        .is_file());
    assert!(!root.join("public/articles/wo-yu-dang-qi-he-ge-ying/photo.png").exists());
}

#[test]
fn summary_before_more_marker_is_used_in_lists() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let tag = read(&root, "public/tags/hong-se-wen-hua/index.html");
    assert!(tag.contains("第一段文字。"));
    assert!(!tag.contains("第二段文字。"));
    assert!(tag.contains("市民在党旗前合影留念。"), "front matter summary");
}

#[test]
fn sub_path_base_url_prefixes_every_link() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &["--base-url", "https://wlj.example.gov.cn/dangjian/"]);
    let html = read(&root, "public/articles/wo-yu-dang-qi-he-ge-ying/index.html");
    assert!(html.contains(r#"href="/dangjian/theme/site.css""#));
    assert!(html.contains(r#"href="/dangjian/articles/di-er-pian/""#));
    assert!(html.contains(r#"src="/dangjian/articles/wo-yu-dang-qi-he-ge-ying/photo-40.jpg""#));
    assert!(html.contains(
        r#"<link rel="canonical" href="https://wlj.example.gov.cn/dangjian/articles/wo-yu-dang-qi-he-ge-ying/">"#
    ));
    // Every root-relative href/src in every page starts with the sub-path.
    for entry in walkdir::WalkDir::new(root.join("public")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for attr in ["href=\"/", "src=\"/"] {
                for (i, _) in text.match_indices(attr) {
                    let rest = &text[i + attr.len() - 1..];
                    assert!(
                        rest.starts_with("/dangjian/"),
                        "{:?}: {}",
                        entry.path(),
                        &rest[..rest.len().min(60)]
                    );
                }
            }
        }
    }
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    assert!(!root.join("public/articles/draft").exists());
    let all: String = snapshot(&root.join("public"))
        .into_iter()
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    assert!(!all.contains("草稿文章"), "a draft leaks into some list");
    build_ok(&root, &["--drafts"]);
    assert!(root.join("public/articles/draft/index.html").is_file());
}

#[test]
fn user_text_is_escaped() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    for f in [
        "public/articles/xss/index.html",
        "public/articles/index.html",
        "public/articles/page/1/index.html",
    ] {
        let html = read(&root, f);
        assert!(!html.contains("<script>alert(1)</script>"), "{f} not escaped");
        assert!(!html.contains("<b>标签</b>"), "{f} tag not escaped");
    }
    assert!(read(&root, "public/articles/xss/index.html").contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn footer_and_site_code_meta() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let html = read(&root, "public/index.html");
    assert!(html.contains(r#"<meta name="SiteIDCode" content="1234567890">"#));
    assert!(html.contains("测试主办单位"));
    assert!(html.contains(r#"<a href="https://beian.miit.gov.cn/""#));
    assert!(html.contains("<html lang=\"zh-CN\""));
}

#[test]
fn pagination_follows_config() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    // 4 articles at 2 per page: the landing page has the newest two, page 1 the oldest two.
    let landing = read(&root, "public/articles/index.html");
    assert!(landing.contains(r#"href="/articles/page/1/" rel="next""#), "{landing}");
    assert!(landing.contains("我与党旗合个影") && landing.contains("第二篇文章"));
    let p1 = read(&root, "public/articles/page/1/index.html");
    assert!(p1.contains(r#"href="/articles/" rel="prev""#), "{p1}");
    assert!(p1.contains("/articles/xss/") && !p1.contains("第二篇文章"), "{p1}");
    assert!(
        !root.join("public/articles/page/2").exists(),
        "4 articles at 2 per page make the landing page and one numbered page"
    );
}

/// The `href` of the pager link with `rel`, and the article links of the cards.
fn pager_walk(html: &str, rel: &str) -> (Option<String>, Vec<String>) {
    let link = html
        .split("<a href=\"")
        .skip(1)
        .find(|s| {
            s.split('>')
                .next()
                .is_some_and(|tag| tag.contains(&format!("rel=\"{rel}\"")))
        })
        .and_then(|s| s.split('"').next())
        .map(str::to_string);
    let cards = html
        .split("<h3 class=\"card-title\"><a href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect();
    (link, cards)
}

#[test]
fn numbered_pages_count_from_the_oldest_and_a_visitor_reaches_every_article() {
    let (_t, root) = fixture("basic");
    for i in 1..=9 {
        write(
            &root,
            &format!("content/articles/extra-{i}.md"),
            &format!("---\ntitle: 补充{i}\ndate: 2023-01-{i:02}\n---\n正文。\n"),
        );
    }
    build_ok(&root, &[]);
    // 13 articles at 2 per page: the landing page, and pages 1 to 6, each full.
    assert!(root.join("public/articles/page/6/index.html").is_file());
    assert!(!root.join("public/articles/page/7").exists());
    let p1 = read(&root, "public/articles/page/1/index.html");
    let (_, oldest) = pager_walk(&p1, "next");
    assert_eq!(
        oldest,
        ["/articles/extra-2/", "/articles/extra-1/"],
        "newest first within a page"
    );
    // From the landing page back to the oldest article, then forward again, without JavaScript.
    let page = |url: &str| read(&root, &format!("public{url}index.html"));
    let mut seen = Vec::new();
    let mut url = "/articles/".to_string();
    let mut visited = vec![url.clone()];
    loop {
        let (older, cards) = pager_walk(&page(&url), "next");
        seen.extend(cards);
        match older {
            Some(u) => url = u,
            None => break,
        }
        visited.push(url.clone());
    }
    assert_eq!(url, "/articles/page/1/");
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 13, "{seen:?}");
    let mut back = vec![url.clone()];
    while let (Some(newer), _) = pager_walk(&page(&url), "prev") {
        url = newer;
        back.push(url.clone());
    }
    back.reverse();
    assert_eq!(back, visited);
    // Numbered pages do not say how many pages there are: page 3 links 4, 3, 2, 1 and the landing page.
    let p3 = page("/articles/page/3/");
    assert!(p3.contains(r#"<span aria-current="page">3</span>"#), "{p3}");
    assert!(
        !p3.contains("/articles/page/5/") && !p3.contains("/articles/page/6/"),
        "{p3}"
    );
    assert!(p3.contains("较新") && p3.contains("较早") && p3.contains(r#"aria-label="分页""#));
}

#[test]
fn front_matter_errors_are_reported_together_with_locations() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/articles/a.md",
        "---\ntitle: A\ndate: 2024-01-01\ntitel: x\n---\n",
    );
    write(&root, "content/articles/b.md", "---\ndate: 2024-01-01\n---\n");
    write(&root, "content/articles/c.md", "---\ntitle: C\ndate: 明天\n---\n");
    write(&root, "content/articles/d.md", "---\ntitle: D\ndate: 2024-01-01\n");
    let err = build_fails(&root);
    assert!(
        err.contains("error: content/articles/a.md:4:1: unknown key `titel`"),
        "{err}"
    );
    assert!(err.contains("did you mean `title`?"), "{err}");
    assert!(
        err.contains("error: content/articles/b.md:2:1: missing required key `title`"),
        "{err}"
    );
    assert!(err.contains("error: content/articles/c.md:3:7: `date`"), "{err}");
    assert!(
        err.contains("error: content/articles/d.md:1:1: the front matter is not closed"),
        "{err}"
    );
}

#[test]
fn config_errors_are_located() {
    let (_t, root) = fixture("basic");
    let cfg = read(&root, "site.yaml").replace("paginate: 2", "paginat: 2");
    write(&root, "site.yaml", &cfg);
    let err = build_fails(&root);
    assert!(err.contains("error: site.yaml:4:1: unknown key `paginat`"), "{err}");
    assert!(err.contains("did you mean `paginate`?"), "{err}");
}

#[test]
fn duplicate_urls_name_both_files() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/articles/other.md",
        "---\ntitle: X\ndate: 2024-01-01\nslug: di-er-pian\n---\n",
    );
    let err = build_fails(&root);
    assert!(
        err.contains("content/articles/2024/second.md") && err.contains("content/articles/other.md"),
        "{err}"
    );
    assert!(err.contains("/articles/di-er-pian/index.html"), "{err}");
}

#[test]
fn reserved_page_slug_is_refused() {
    let (_t, root) = fixture("basic");
    write(&root, "content/pages/tags.md", "---\ntitle: 标签\n---\n");
    let err = build_fails(&root);
    assert!(
        err.contains("error: content/pages/tags.md:1:1: the address `/tags/` is reserved"),
        "{err}"
    );
}

#[test]
fn broken_links_are_errors() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/articles/links.md",
        "---\ntitle: L\ndate: 2024-01-01\n---\n\n见[此处](nope.md)\n\n![图](/images/none.png)\n\n[第二篇](2024/secnod.md#x) ![照片](PHOTO.png)\n",
    );
    let err = build_fails(&root);
    // A name spelled almost like a file beside it: that file is suggested, as written.
    assert!(err.contains("did you mean `2024/second.md#x`?"), "{err}");
    assert!(err.contains("did you mean `photo.png`?"), "{err}");
    assert_eq!(err.matches("did you mean").count(), 2, "none for `nope.md`: {err}");
    assert!(
        err.contains("error: content/articles/links.md:6:2: the link `nope.md` points to a file that does not exist"),
        "{err}"
    );
    assert!(
        err.contains("error: content/articles/links.md:8:1: the link `/images/none.png` points to nothing"),
        "{err}"
    );
}

#[test]
fn raw_html_links_are_resolved_and_checked_like_markdown_links() {
    let (_t, root) = fixture("basic");
    // Pasted from a WeChat-style editor: the link is raw HTML, not Markdown.
    write(
        &root,
        "content/articles/pasted.md",
        "---\ntitle: 转载\ndate: 2024-01-01\n---\n\n<p>详见<a href=\"2024/second.md\" title=\"第二篇\">第二篇</a>。</p>\n",
    );
    build_ok(&root, &[]);
    let page = read(&root, "public/articles/pasted/index.html");
    assert!(
        page.contains(r#"<a href="/articles/di-er-pian/" title="第二篇">第二篇</a>"#),
        "{page}"
    );
    // A raw link to a file that is not there, or to a heading the page lacks, stops the build
    // at its line, as a Markdown one does.
    write(
        &root,
        "content/articles/pasted.md",
        "---\ntitle: 转载\ndate: 2024-01-01\n---\n\n正文\n\n<p>详见<a href=\"2024/old.md\">旧稿</a>。</p>\n\n<a href=\"2024/second.md#nowhere\">第二篇</a>\n",
    );
    let err = build_fails(&root);
    assert!(err.contains("content/articles/pasted.md:10:1: "), "{err}");
    assert!(err.contains("nowhere"), "{err}");
    assert!(
        err.contains(
            "error: content/articles/pasted.md:8:6: the link `2024/old.md` points to a file that does not exist"
        ),
        "{err}"
    );
}

#[test]
fn failed_build_leaves_old_output_byte_identical() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let before = snapshot(&root.join("public"));
    write(&root, "content/articles/broken.md", "---\ntitle: [\n---\n");
    build_fails(&root);
    assert_eq!(
        before,
        snapshot(&root.join("public")),
        "output changed after a failed build"
    );
    assert_no_staging_left(&root);
}

#[test]
fn rebuild_is_byte_identical() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let first = snapshot(&root.join("public"));
    build_ok(&root, &[]);
    assert_eq!(first, snapshot(&root.join("public")));
}

#[test]
fn dangerous_output_folders_are_refused() {
    let (_t, root) = fixture("basic");
    for out in [".", "..", "content", "/"] {
        let o = huimin(&root, &["build", "-o", out]);
        assert_eq!(o.status.code(), Some(2), "accepted -o {out}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("refusing"));
    }
    assert!(root.join("content/_index.md").is_file());
}

#[test]
fn usage_errors_exit_2_and_help_works() {
    let (_t, root) = fixture("basic");
    assert_eq!(huimin(&root, &["build", "--bogus"]).status.code(), Some(2));
    assert_eq!(huimin(&root, &["build", "-r", "no/such/dir"]).status.code(), Some(2));
    let help = huimin(&root, &["--help"]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("build"));
    let v = huimin(&root, &["--version"]);
    assert!(String::from_utf8_lossy(&v.stdout).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn site_without_theme_folder_uses_built_in_theme_and_templates_override() {
    let (_t, root) = fixture("basic");
    assert!(!root.join("themes").exists());
    write(
        &root,
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"own\">{{ page.title }}</p>{% endblock main %}",
    );
    build_ok(&root, &[]);
    assert!(read(&root, "public/about/index.html").contains("<p class=\"own\">关于我们</p>"));
}

#[test]
fn template_errors_name_template_and_line() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title | nosuchfilter }}\n{% endblock main %}",
    );
    let err = build_fails(&root);
    assert!(err.contains("error: templates/page.html:3:"), "{err}");
}

/// A failed build leaves no temporary folder beside the output.
fn assert_no_staging_left(root: &std::path::Path) {
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // `.huimin-cache/` is the image cache, kept on purpose.
        .filter(|n| n.contains("huimin-") && n != ".huimin-cache")
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left: {leftovers:?}");
}

#[test]
fn render_error_midway_leaves_old_output_and_no_temporary_folder() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let before = snapshot(&root.join("public"));
    // Fails only while rendering, after other pages have been written to the staging folder.
    write(
        &root,
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.no_such_field.deeper }}\n{% endblock main %}",
    );
    let err = build_fails(&root);
    assert!(err.contains("templates/page.html:3:"), "{err}");
    assert_eq!(
        before,
        snapshot(&root.join("public")),
        "output changed after a failed build"
    );
    assert_no_staging_left(&root);
}

#[test]
fn non_utf8_file_is_named_with_encoding() {
    let (_t, root) = fixture("basic");
    let (gbk, _, _) = encoding_rs::GBK.encode(
        "---\ntitle: 国标码文章\ndate: 2024-01-01\n---\n\n这是一篇用国标码保存的文章，编辑使用了老版本的记事本。\n",
    );
    std::fs::write(root.join("content/articles/gbk.md"), gbk).unwrap();
    let err = build_fails(&root);
    assert!(err.contains("error: content/articles/gbk.md:2:"), "{err}");
    assert!(err.contains("GBK"), "{err}");
}

#[test]
fn bom_and_crlf_are_accepted_in_config_and_records() {
    let (_t, root) = fixture("basic");
    let cfg = read(&root, "site.yaml").replace('\n', "\r\n");
    std::fs::write(root.join("site.yaml"), format!("\u{feff}{cfg}")).unwrap();
    std::fs::write(
        root.join("content/activities/bom.yaml"),
        "\u{feff}title: 带BOM的记录\r\ndate: 2024-02-02\r\ncategory: 志愿服务\r\n",
    )
    .unwrap();
    build_ok(&root, &[]);
    assert!(read(&root, "public/activities/bom/index.html").contains("带BOM的记录"));
}

#[test]
fn a_named_site_theme_is_used_and_a_missing_one_is_an_error() {
    let (_t, root) = fixture("basic");
    let builtin = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    copy_dir(&builtin, &root.join("themes/plain"));
    write(
        &root,
        "themes/plain/templates/404.html",
        "<!DOCTYPE html><title>plain theme</title>",
    );
    write(&root, "themes/plain/static/extra.css", "p{}");
    let cfg = read(&root, "site.yaml");
    write(&root, "site.yaml", &format!("{cfg}theme: plain\n"));
    build_ok(&root, &[]);
    assert!(read(&root, "public/404.html").contains("plain theme"));
    assert!(root.join("public/theme/extra.css").is_file());
    write(&root, "site.yaml", &format!("{cfg}theme: nosuch\n"));
    let err = build_fails(&root);
    assert!(err.contains("theme `nosuch` not found"), "{err}");
}

#[test]
fn the_showcase_in_this_repository_builds() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("public");
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = huimin(repo, &["build", "-o", out_dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let home = read(&out_dir, "index.html");
    assert!(home.contains("抓好党建引领"));
    for page in [
        "about/index.html",
        "stats/index.html",
        "activities/index.html",
        "activities/calendar.ics",
    ] {
        assert!(out_dir.join(page).is_file(), "showcase lacks {page}");
    }
    let pillars = ["善于借力", "善于融合", "善于创新"];
    assert!(pillars.iter().all(|p| home.contains(p)));
    let count = |dir: &str| {
        std::fs::read_dir(out_dir.join(dir))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().is_dir())
            .count()
    };
    assert!(count("activities") >= 30, "at least 30 activity records");
    assert!(count("articles") >= 11, "three pillar articles and eight news articles");
}

#[cfg(unix)]
#[test]
fn replacing_the_output_never_follows_a_symlink_out_of_it() {
    let (t, root) = fixture("basic");
    build_ok(&root, &[]);
    let outside = t.path().join("precious");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("keep.txt"), "keep").unwrap();
    std::os::unix::fs::symlink(&outside, root.join("public/link")).unwrap();
    build_ok(&root, &[]);
    assert_eq!(std::fs::read_to_string(outside.join("keep.txt")).unwrap(), "keep");
    assert!(
        !root.join("public/link").exists(),
        "the old output, link included, was replaced"
    );
}

#[test]
fn bodies_set_aside_in_a_file_give_the_same_site() {
    // A budget of 0 bytes sends every body to the temporary file and reads every source again
    // when its body is rendered (BOM and CRLF in `bom-crlf.md`), as on a 100,000-article site.
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let in_memory = snapshot(&root.join("public"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_huimin"))
        .args(["build", "-v", "-o", "spilled"])
        .current_dir(&root)
        .env("HUIMIN_TODAY", common::TODAY)
        .env("HUIMIN_LANG", "en")
        .env("HUIMIN_BODY_BUDGET", "0")
        .output()
        .expect("run huimin");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("set aside in a temporary file"), "{stderr}");
    assert_eq!(in_memory, snapshot(&root.join("spilled")), "same bytes either way");
    #[cfg(unix)]
    {
        let cache = root.join(".huimin-cache");
        // The caches are folders (images/, search/); the body file would be a file here.
        let left: Vec<_> = std::fs::read_dir(&cache)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.path().is_file())
                    .map(|e| e.file_name())
                    .collect()
            })
            .unwrap_or_default();
        assert!(left.is_empty(), "the temporary file leaves nothing behind: {left:?}");
    }
}
