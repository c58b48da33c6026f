//! The theme falls back file by file, and every output path is claimed once.

use crate::helper::Case;

#[test]
fn a_theme_with_only_base_html_takes_the_rest_from_the_built_in_theme() {
    let case = Case::new("basic");
    let base = include_str!("../../themes/default/templates/base.html");
    case.write(
        "themes/default/templates/base.html",
        base.replace("跳到正文", "跳到正文（本站）"),
    );
    let run = case.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(case.read("public/index.html").contains("跳到正文（本站）"));
    assert!(
        case.read("public/404.html").contains("跳到正文（本站）"),
        "404 from the built-in theme, with the site's base"
    );
    assert!(case.root.join("public/theme/site.css").is_file(), "built-in CSS kept");
    let check = case.run(&["check"]);
    assert!(
        check
            .stderr
            .contains("note: themes/default/templates/base.html: replaces the built-in theme's `templates/base.html`"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_static_file_replacing_a_theme_asset_is_allowed_and_noted() {
    let case = Case::new("basic");
    case.write("static/theme/site.css", b"body { color: #000 }\n");
    let run = case.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(case.read("public/theme/site.css"), "body { color: #000 }\n");
    let check = case.run(&["check"]);
    assert!(
        check
            .stderr
            .contains("note: static/theme/site.css: replaces the theme's `/theme/site.css`"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_neighbour_file_named_index_html_cannot_replace_the_page() {
    let case = Case::new("basic");
    case.write(
        "content/articles/bundle/index.md",
        "---\ntitle: 包\ndate: 2024-01-01\n---\n[附件](index.html)\n",
    );
    case.write("content/articles/bundle/index.html", b"<p>not the page</p>");
    let run = case.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: content/articles/bundle/index.md: several sources make the same page `/articles/bundle/index.html`: content/articles/bundle/index.md, content/articles/bundle/index.md (file index.html)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn two_images_with_one_name_in_different_folders_keep_their_sub_paths() {
    // Files other than photos are copied as they are (photos are resized, see tests/images.rs).
    let case = Case::new("basic");
    case.write(
        "content/articles/pics/index.md",
        "---\ntitle: 图\ndate: 2024-01-01\n---\n[甲](img/a/1.pdf) [乙](img/b/1.pdf)\n",
    );
    case.write("content/articles/pics/img/a/1.pdf", b"a");
    case.write("content/articles/pics/img/b/1.pdf", b"b");
    let run = case.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(case.read("public/articles/pics/img/a/1.pdf"), "a");
    assert_eq!(case.read("public/articles/pics/img/b/1.pdf"), "b");
    let html = case.read("public/articles/pics/index.html");
    assert!(
        html.contains("/articles/pics/img/a/1.pdf") && html.contains("/articles/pics/img/b/1.pdf"),
        "{html}"
    );
}
