//! Incremental rebuilds give exactly the bytes of a full build, edit after edit, and take the
//! fast path where they should.

mod common;

use common::*;
use huimin::{BuildOptions, Session};
use std::path::{Path, PathBuf};

fn options(root: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        base_url: None,
        drafts: false,
        today: chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").ok(),
        no_cache: false,
    }
}

/// What a fresh full build of the site's current sources writes.
fn full_build(root: &Path) -> Vec<(String, Vec<u8>)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("full");
    let mut session = Session::new(options(root, &out)).expect("session");
    session.rebuild_all().expect("full build");
    snapshot(&out)
}

fn assert_same(incremental: &Path, root: &Path, what: &str) {
    let inc = snapshot(incremental);
    let full = full_build(root);
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&inc), names(&full), "{what}: different files");
    for ((name, a), (_, b)) in inc.iter().zip(&full) {
        assert!(
            a == b,
            "{what}: {name} differs from a full build\n--- incremental\n{}\n--- full\n{}",
            String::from_utf8_lossy(a),
            String::from_utf8_lossy(b)
        );
    }
}

struct Edit {
    what: &'static str,
    file: &'static str,
    change: fn(&str) -> String,
    /// Whether only the affected pages should be rendered.
    fast: bool,
}

const EDITS: &[Edit] = &[
    Edit {
        what: "append a paragraph to an article",
        file: "content/articles/2024/second.md",
        change: |s| format!("{s}\n追加的一段文字。\n"),
        fast: true,
    },
    Edit {
        what: "change an article's summary part (its card)",
        file: "content/articles/2024/second.md",
        change: |s| s.replace("第一段文字。", "改写后的第一段。"),
        fast: true,
    },
    Edit {
        what: "rename an article",
        file: "content/articles/我与党旗合个影.md",
        change: |s| s.replace("title: 我与党旗合个影", "title: 我与党旗合个影（图）"),
        fast: true,
    },
    Edit {
        what: "edit a page",
        file: "content/pages/about.md",
        change: |s| s.replace("关于本站。", "关于本站：测试。"),
        fast: true,
    },
    Edit {
        what: "edit the home intro",
        file: "content/_index.md",
        change: |s| s.replace("介绍文字。", "新的介绍文字。"),
        fast: true,
    },
    Edit {
        what: "edit an activity's summary",
        file: "content/activities/2024-07-01-dangqi.yaml",
        change: |s| s.replace("summary: 市民在党旗前合影。", "summary: 市民在党旗前合影留念。"),
        fast: true,
    },
    Edit {
        what: "edit one record of a list file",
        file: "content/activities/2024-songxi.yaml",
        change: |s| s.replace("title: 送戏下乡·柳溪乡", "title: 送戏下乡·柳溪乡（二）"),
        fast: true,
    },
    Edit {
        what: "change participants (the statistics)",
        file: "content/activities/2024-songxi.yaml",
        change: |s| s.replace("participants: 240", "participants: 260"),
        fast: true,
    },
    Edit {
        what: "change an article's date (the order)",
        file: "content/articles/2024/second.md",
        change: |s| s.replace("date: 2024-06-01", "date: 2024-08-01"),
        fast: true,
    },
    Edit {
        what: "change an article's tags",
        file: "content/articles/2024/second.md",
        change: |s| s.replace("tags: 红色文化", "tags: [红色文化, 新标签]"),
        fast: true,
    },
    Edit {
        what: "a tag's last article loses the tag (its term page disappears)",
        file: "content/articles/xss.md",
        change: |s| s.replace("tags: [\"<b>标签</b>\"]\n", ""),
        fast: true,
    },
    Edit {
        what: "give an article a category",
        file: "content/articles/2024/second.md",
        change: |s| s.replace("slug: di-er-pian", "slug: di-er-pian\ncategory: 工作动态"),
        fast: true,
    },
    Edit {
        what: "change an article's category (the old one keeps another article)",
        file: "content/articles/2024/second.md",
        change: |s| s.replace("category: 工作动态", "category: 通知公告"),
        fast: true,
    },
    Edit {
        what: "change an article's pillar",
        file: "content/articles/我与党旗合个影.md",
        change: |s| s.replace("pillar: 善于创新", "pillar: 善于借力"),
        fast: true,
    },
    Edit {
        what: "change a record's sessions",
        file: "content/activities/2024-07-01-dangqi.yaml",
        change: |s| s.replace("sessions: 3", "sessions: 5"),
        fast: true,
    },
    Edit {
        what: "a record moves to another year (its old year disappears)",
        file: "content/activities/2024-songxi.yaml",
        change: |s| s.replace("date: 2030-01-20", "date: 2025-01-20"),
        fast: true,
    },
    Edit {
        what: "change a record's category",
        file: "content/activities/2024-07-01-dangqi.yaml",
        change: |s| s.replace("category: 红色文化", "category: 文艺演出"),
        fast: true,
    },
    Edit {
        what: "add a record to a list file",
        file: "content/activities/2024-songxi.yaml",
        change: |s| {
            format!("{s}- title: 送戏下乡·新村\n  slug: songxi-xincun\n  date: 2024-11-02\n  category: 文艺演出\n  participants: 120\n")
        },
        fast: true,
    },
    Edit {
        what: "publish a draft",
        file: "content/articles/draft.md",
        change: |s| s.replace("draft: true", "draft: false"),
        fast: true,
    },
    Edit {
        what: "make an article a draft again",
        file: "content/articles/draft.md",
        change: |s| s.replace("draft: false", "draft: true"),
        fast: true,
    },
    Edit {
        what: "change the site title",
        file: "site.yaml",
        change: |s| s.replace("title: 测试站点", "title: 测试站点二"),
        fast: false,
    },
];

#[test]
fn every_edit_matches_a_full_build() {
    every_edit_on(0);
}

/// With more articles, most edits change fewer than a quarter of the pages, so the structural
/// path renders only those whose fingerprints changed (on the small site it renders them all).
#[test]
fn every_edit_matches_a_full_build_when_few_pages_change() {
    every_edit_on(60);
}

/// `n` more articles in March 2023, so that most edits change few of the site's pages.
fn add_articles(root: &Path, n: usize) {
    for i in 1..=n {
        write(
            root,
            &format!("content/articles/extra-{i}.md"),
            &format!("---\ntitle: 补充{i}\ndate: 2023-03-{:02}\n---\n正文。\n", i % 28 + 1),
        );
    }
}

/// The edits, on the basic site with `extra` more articles.
fn every_edit_on(extra: usize) {
    let (t, root) = fixture("basic");
    add_articles(&root, extra);
    let out = t.path().join("inc");
    let mut session = Session::new(options(&root, &out)).expect("session");
    session.rebuild_all().expect("first build");
    assert_same(&out, &root, "first build");
    for e in EDITS {
        let path = root.join(e.file);
        let before = std::fs::read_to_string(&path).expect("read");
        let after = (e.change)(&before);
        assert_ne!(before, after, "{}: the edit changes nothing", e.what);
        std::fs::write(&path, after).expect("write");
        let report = session.update(&[path]).unwrap_or_else(|d| panic!("{}: {d:?}", e.what));
        assert_eq!(report.full, !e.fast, "{}: full rebuild expected: {}", e.what, !e.fast);
        assert!(!report.changed.is_empty(), "{}: nothing written", e.what);
        assert_same(&out, &root, e.what);
    }
}

#[test]
fn created_and_deleted_files_match_a_full_build() {
    let (t, root) = fixture("basic");
    let out = t.path().join("inc");
    let mut session = Session::new(options(&root, &out)).expect("session");
    session.rebuild_all().expect("first build");
    let new = root.join("content/articles/new.md");
    write(
        &root,
        "content/articles/new.md",
        "---\ntitle: 新文章\ndate: 2025-01-01\ntags: 红色文化\n---\n新的正文。\n",
    );
    let r = session.update(std::slice::from_ref(&new)).expect("create");
    assert!(
        r.changed.iter().any(|p| p == "articles/new/index.html"),
        "{:?}",
        r.changed
    );
    assert_same(&out, &root, "created an article");
    assert!(read(&out, "articles/index.html").contains("新文章"));
    std::fs::remove_file(&new).expect("delete");
    let r = session.update(&[new]).expect("delete");
    assert!(r.changed.iter().any(|p| p == "articles/new/index.html"));
    assert_same(&out, &root, "deleted the article");
    assert!(!out.join("articles/new").exists());
    // A new record file, a new page, an original article deleted.
    let new_record = root.join("content/activities/2025-new.yaml");
    write(
        &root,
        "content/activities/2025-new.yaml",
        "title: 新活动\ndate: 2025-02-01\ncategory: 新类别\nparticipants: 50\nsessions: 1\n",
    );
    session.update(std::slice::from_ref(&new_record)).expect("new record");
    assert_same(&out, &root, "created a record file");
    assert!(out.join("activities/year/2025/index.html").exists());
    let new_page = root.join("content/pages/contact.md");
    write(&root, "content/pages/contact.md", "---\ntitle: 联系我们\n---\n电话。\n");
    session.update(std::slice::from_ref(&new_page)).expect("new page");
    assert_same(&out, &root, "created a page");
    let old = root.join("content/articles/bom-crlf.md");
    std::fs::remove_file(&old).expect("delete");
    let r = session.update(std::slice::from_ref(&old)).expect("delete an article");
    assert!(!r.full, "deleting an article re-assembles from memory");
    assert_same(&out, &root, "deleted an original article");
    std::fs::remove_file(&new_record).expect("delete");
    session.update(&[new_record]).expect("delete the new record");
    assert_same(&out, &root, "deleted the new record file");
    assert!(!out.join("activities/year/2025").exists());
    let record: PathBuf = root.join("content/activities/2024-songxi.yaml");
    std::fs::remove_file(&record).expect("delete record");
    session.update(&[record]).expect("delete record");
    assert_same(&out, &root, "deleted a record");
}

/// A structural edit copies only the files it adds: a new article's attachment is published,
/// and goes when the article does.
#[test]
fn a_new_article_publishes_the_file_it_links() {
    let (t, root) = fixture("basic");
    // Enough articles that the new one changes few pages: only those are rendered and written.
    add_articles(&root, 60);
    let out = t.path().join("inc");
    let mut session = Session::new(options(&root, &out)).expect("session");
    session.rebuild_all().expect("first build");
    // Saved first and linked by nothing yet: not published.
    write(&root, "content/articles/notice.pdf", "%PDF-1.4 通知");
    let new = root.join("content/articles/notice-article.md");
    write(
        &root,
        "content/articles/notice-article.md",
        "---\ntitle: 通知\ndate: 2025-03-01\n---\n见[附件](notice.pdf)。\n",
    );
    let r = session.update(std::slice::from_ref(&new)).expect("create");
    assert!(!r.full, "a new article re-assembles from memory");
    let published: Vec<&String> = r.changed.iter().filter(|p| p.ends_with("notice.pdf")).collect();
    assert_eq!(published.len(), 1, "{:?}", r.changed);
    assert_same(&out, &root, "an article linking a new file");
    std::fs::remove_file(&new).expect("delete");
    session.update(&[new]).expect("delete");
    assert_same(&out, &root, "the article linking it deleted");
    assert!(!out.join(published[0]).exists());
}

/// The structural path checks output paths only when a new one may collide; one that does
/// is refused with the build's message, and the output stays as it was.
#[test]
fn a_new_page_on_a_path_already_taken_is_refused_as_a_build_refuses_it() {
    let (t, root) = fixture("basic");
    write(&root, "static/articles/clash/index.html", "<p>静态页</p>");
    let out = t.path().join("inc");
    let mut session = Session::new(options(&root, &out)).expect("session");
    session.rebuild_all().expect("first build");
    let good = snapshot(&out);
    let new = root.join("content/articles/clash.md");
    write(
        &root,
        "content/articles/clash.md",
        "---\ntitle: 撞车\ndate: 2025-01-01\n---\n正文。\n",
    );
    let errs = session.update(std::slice::from_ref(&new)).expect_err("collision");
    let built = Session::new(options(&root, &t.path().join("full")))
        .expect("session")
        .rebuild_all()
        .expect_err("a build refuses it too");
    let clash = "articles/clash/index.html";
    let ours: Vec<_> = errs
        .iter()
        .filter(|d| d.is_error() && d.message.contains(clash))
        .collect();
    let theirs: Vec<_> = built
        .iter()
        .filter(|d| d.is_error() && d.message.contains(clash))
        .collect();
    assert_eq!(ours.len(), 1, "{errs:?}");
    assert_eq!(ours, theirs);
    assert_eq!(snapshot(&out), good, "nothing written");
    std::fs::remove_file(&new).expect("delete");
    session.update(&[new]).expect("fixed");
    assert_same(&out, &root, "after the fix");
}

#[test]
fn errors_keep_the_last_good_output_until_fixed() {
    let (t, root) = fixture("basic");
    let out = t.path().join("inc");
    let mut session = Session::new(options(&root, &out)).expect("session");
    session.rebuild_all().expect("first build");
    let good = snapshot(&out);
    let path = root.join("content/articles/2024/second.md");
    let original = std::fs::read_to_string(&path).expect("read");
    // A broken link in the body: fast path, with an error.
    std::fs::write(
        &path,
        original.replace("第二段文字。", "第二段[链接](nowhere.md)文字。"),
    )
    .expect("write");
    let errs = session.update(std::slice::from_ref(&path)).expect_err("broken link");
    assert!(
        errs.iter()
            .any(|d| d.file == "content/articles/2024/second.md" && d.line > 0),
        "{errs:?}"
    );
    assert_eq!(snapshot(&out), good, "nothing written while broken");
    // Broken front matter.
    std::fs::write(&path, original.replace("date: 2024-06-01", "date: 明天")).expect("write");
    let errs = session.update(std::slice::from_ref(&path)).expect_err("bad date");
    assert!(errs.iter().any(|d| d.line == 3), "{errs:?}");
    // The title changed while broken: once fixed, every page showing it is right.
    std::fs::write(&path, original.replace("第二篇文章", "第二篇文章（修订）")).expect("write");
    session.update(&[path]).expect("fixed");
    assert_same(&out, &root, "after the fix");
}

/// The basic fixture with `second.md` linking to a heading of another article, built in a
/// session.
fn linked_to_a_heading() -> (tempfile::TempDir, PathBuf, PathBuf, Session) {
    let (t, root) = fixture("basic");
    let second = root.join("content/articles/2024/second.md");
    let text = std::fs::read_to_string(&second).expect("read") + "\n见[现场](../我与党旗合个影.md#活动现场)。\n";
    std::fs::write(&second, text).expect("write");
    let out = t.path().join("inc");
    let mut session = Session::new(options(&root, &out)).expect("session");
    session.rebuild_all().expect("first build");
    (t, root, out, session)
}

#[test]
fn renaming_a_heading_breaks_anchor_links_from_other_files() {
    let (_t, root, out, mut session) = linked_to_a_heading();
    let target = root.join("content/articles/我与党旗合个影.md");
    let original = std::fs::read_to_string(&target).expect("read");
    std::fs::write(&target, original.replace("## 活动现场", "## 现场情况")).expect("write");
    let errs = session
        .update(std::slice::from_ref(&target))
        .expect_err("broken anchor");
    assert!(
        errs.iter()
            .any(|d| d.file == "content/articles/2024/second.md" && d.code.as_str() == "broken-anchor"),
        "{errs:?}"
    );
    // Editing a third file does not forget the broken link.
    let about = root.join("content/pages/about.md");
    let text = std::fs::read_to_string(&about).expect("read");
    std::fs::write(&about, text.replace("关于本站。", "关于本站！")).expect("write");
    let errs = session.update(std::slice::from_ref(&about)).expect_err("still broken");
    assert!(errs.iter().any(|d| d.code.as_str() == "broken-anchor"), "{errs:?}");
    std::fs::write(&target, original).expect("restore");
    session.update(&[target]).expect("fixed");
    assert_same(&out, &root, "after the fix");
}

/// The structural path checks anchors only in the edited bodies and in those linking to
/// their pages: a heading renamed in the same save as a new date still breaks the links.
#[test]
fn a_heading_renamed_with_a_new_date_breaks_anchor_links_from_other_files() {
    let (_t, root, out, mut session) = linked_to_a_heading();
    let good = snapshot(&out);
    let target = root.join("content/articles/我与党旗合个影.md");
    let original = std::fs::read_to_string(&target).expect("read");
    let moved = original.replace("date: 2024-07-01", "date: 2024-05-01");
    assert_ne!(moved, original);
    std::fs::write(&target, moved.replace("## 活动现场", "## 现场情况")).expect("write");
    let errs = session
        .update(std::slice::from_ref(&target))
        .expect_err("broken anchor");
    assert!(
        errs.iter()
            .any(|d| d.file == "content/articles/2024/second.md" && d.code.as_str() == "broken-anchor"),
        "{errs:?}"
    );
    assert_eq!(snapshot(&out), good, "nothing written");
    // The heading back, the date kept (after an error the next save builds everything).
    std::fs::write(&target, &moved).expect("write");
    session.update(std::slice::from_ref(&target)).expect("fixed");
    assert_same(&out, &root, "after the fix");
    // Now a structural edit that keeps the heading passes.
    std::fs::write(&target, &original).expect("write");
    let r = session.update(std::slice::from_ref(&target)).expect("date back");
    assert!(!r.full, "{r:?}");
    assert_same(&out, &root, "the date back");
}

#[test]
fn a_new_article_leaves_the_numbered_list_pages_alone() {
    let (t, root) = fixture("basic");
    // 11 articles at 2 per page: the landing page and numbered pages 1 to 5.
    for i in 1..=7 {
        write(
            &root,
            &format!("content/articles/extra-{i}.md"),
            &format!("---\ntitle: 补充{i}\ndate: 2023-01-{i:02}\ntags: 红色文化\n---\n正文。\n"),
        );
    }
    let out = t.path().join("inc");
    let mut session = Session::new(options(&root, &out)).expect("session");
    session.rebuild_all().expect("first build");
    let numbered = |changed: &[String]| -> Vec<String> {
        changed
            .iter()
            .filter(|p| p.starts_with("articles/page/"))
            .cloned()
            .collect()
    };
    // Numbered pages of the article list and of the tag's pages.
    let archived =
        |changed: &[String]| -> Vec<String> { changed.iter().filter(|p| p.contains("/page/")).cloned().collect() };
    // The 12th article: every numbered page stays, the tag's too (only a term's landing page
    // shows its counts).
    let new = root.join("content/articles/new.md");
    write(
        &root,
        "content/articles/new.md",
        "---\ntitle: 新文章\ndate: 2025-01-01\ntags: 红色文化\n---\n新的正文。\n",
    );
    let r = session.update(std::slice::from_ref(&new)).expect("create");
    assert!(!r.full);
    assert_eq!(archived(&r.changed), Vec::<String>::new());
    assert!(
        r.changed.iter().any(|p| p == "tags/hong-se-wen-hua/index.html"),
        "{:?}",
        r.changed
    );
    assert!(r.changed.iter().any(|p| p == "articles/index.html"), "{:?}", r.changed);
    assert_same(&out, &root, "the 12th article");
    // The 13th fills a new numbered page: it appears, and the one before it links to it.
    let newer = root.join("content/articles/newer.md");
    write(
        &root,
        "content/articles/newer.md",
        "---\ntitle: 更新的文章\ndate: 2025-02-01\ntags: 红色文化\n---\n新的正文。\n",
    );
    let r = session.update(std::slice::from_ref(&newer)).expect("create");
    assert_eq!(
        numbered(&r.changed),
        ["articles/page/5/index.html", "articles/page/6/index.html"],
        "{:?}",
        r.changed
    );
    assert_same(&out, &root, "the 13th article");
}

#[test]
fn changed_figures_render_only_the_pages_that_show_them() {
    let (t, root) = fixture("basic");
    add_articles(&root, 60);
    // Newer records of the edited record's category, so that it has numbered pages without it.
    for i in 1..=6 {
        write(
            &root,
            &format!("content/activities/extra-{i}.yaml"),
            &format!("title: 演出{i}\ndate: 2025-0{i}-01\ncategory: 文艺演出\nparticipants: 10\nsessions: 1\n"),
        );
    }
    let out = t.path().join("inc");
    let mut session = Session::new(options(&root, &out)).expect("session");
    let all = session.rebuild_all().expect("first build").rendered;
    // Participants change the statistics in `site`, which article, list and term pages do not show.
    let record = root.join("content/activities/2024-songxi.yaml");
    let text = std::fs::read_to_string(&record).expect("read");
    std::fs::write(&record, text.replace("participants: 240", "participants: 260")).expect("write");
    let r = session.update(std::slice::from_ref(&record)).expect("participants");
    assert!(!r.full);
    assert!(r.rendered * 3 < all, "{} of {all} pages rendered", r.rendered);
    assert_same(&out, &root, "participants");
    // The category's landing page shows the new total; of its numbered pages, only the one
    // with the record's card changes.
    let category: Vec<&String> = r.changed.iter().filter(|p| p.starts_with("categories/")).collect();
    assert!(
        category.contains(&&"categories/wen-yi-yan-chu/index.html".to_string()),
        "{category:?}"
    );
    assert!(out.join("categories/wen-yi-yan-chu/page/2/index.html").exists());
    assert!(category.len() <= 2, "{category:?}");
    // A new category changes `site.categories`: still not the article pages.
    let article = root.join("content/articles/extra-7.md");
    let text = std::fs::read_to_string(&article).expect("read");
    std::fs::write(&article, text.replace("title:", "category: 新分类\ntitle:")).expect("write");
    let r = session.update(std::slice::from_ref(&article)).expect("category");
    assert!(r.rendered * 3 < all, "{} of {all} pages rendered", r.rendered);
    assert_same(&out, &root, "a new category");
}
