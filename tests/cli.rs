//! The command line as an editor meets it: `init`, `new`, `theme eject`, `completions`, the
//! build summary, `-q`, the language switch and usage errors, on the real binary.

mod common;

use common::TODAY;
use std::path::Path;
use std::process::{Command, Output};

/// Run `huimin` in `cwd` with the language given by `lang`: `Some("en")`/`Some("zh")` set
/// `HUIMIN_LANG`; a locale such as `"LANG=zh_CN.UTF-8"` sets `LANG` alone.
fn run(cwd: &Path, lang: &str, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_huimin"));
    cmd.args(args)
        .current_dir(cwd)
        .env("HUIMIN_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("HUIMIN_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    match lang.split_once('=') {
        Some((k, v)) => cmd.env(k, v),
        None => cmd.env("HUIMIN_LANG", lang),
    };
    cmd.output().expect("run huimin")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "failed ({:?}):\n{}{}",
        o.status,
        stdout(o),
        stderr(o)
    );
}

/// A new site from `huimin init`, in a folder whose name has a space and Chinese in it.
fn new_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("我的 网站");
    ok(&run(dir.path(), "en", &["init", "我的 网站"]));
    (dir, site)
}

#[test]
fn init_makes_a_site_that_builds_with_the_commands_it_prints() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), "en", &["init", "我的 网站"]);
    ok(&out);
    let text = stdout(&out);
    assert!(text.contains("huimin build -r \"我的 网站\""), "{text}");
    assert!(text.contains("huimin serve -r \"我的 网站\""), "{text}");
    let site = dir.path().join("我的 网站");
    for f in [
        "site.yaml",
        "content/_index.md",
        "content/articles/wang-zhan-kai-tong-le.md",
        "content/activities/wang-zhan-kai-tong-yi-shi.yaml",
        "content/pages/about.md",
    ] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    assert!(!site.join("themes").exists(), "init uses the built-in theme");
    let yaml = common::read(&site, "site.yaml");
    for key in [
        "title:",
        "description:",
        "base_url:",
        "language:",
        "theme:",
        "paginate:",
        "nav:",
    ] {
        assert!(yaml.contains(key), "{key}");
    }
    for key in [
        "pillars:",
        "contact:",
        "icp_filing:",
        "police_filing:",
        "site_code:",
        "feed:",
        "markdown:",
    ] {
        assert!(yaml.contains(&format!("# {key}")), "{key} commented out");
    }
    assert!(common::read(&site, "content/articles/wang-zhan-kai-tong-le.md").contains(TODAY));

    // The first printed command, as printed, from the same folder.
    let built = run(dir.path(), "en", &["build", "-r", "我的 网站"]);
    ok(&built);
    assert!(site.join("public/index.html").is_file());
    assert!(site.join("public/about/index.html").is_file());
    assert!(site
        .join("public/activities/wang-zhan-kai-tong-yi-shi/index.html")
        .is_file());
    let check = run(dir.path(), "en", &["check", "-r", "我的 网站", "--deny-warnings"]);
    ok(&check);
    assert!(stderr(&check).contains("no problems found"), "{}", stderr(&check));
}

#[test]
fn init_speaks_chinese_under_a_chinese_locale() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), "LANG=zh_CN.UTF-8", &["init", "mysite"]);
    ok(&out);
    let text = stdout(&out);
    assert!(text.contains("接下来运行这两条命令"), "{text}");
    assert!(text.contains("huimin build -r mysite"), "{text}");
    assert!(text.contains("huimin serve -r mysite"), "{text}");
    assert!(text.contains("http://127.0.0.1:1111/"), "{text}");
    let out = run(dir.path(), "HUIMIN_LANG=en", &["init", "other"]);
    assert!(stdout(&out).contains("Next, run these two commands"));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "s/site.yaml", "title: mine\n");
    let out = run(dir.path(), "en", &["init", "s"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"));
    assert!(!dir.path().join("s/content").exists());

    let out = run(dir.path(), "en", &["init", "s", "--force"]);
    ok(&out);
    assert_eq!(common::read(&dir.path().join("s"), "site.yaml"), "title: mine\n");
    assert!(stderr(&out).contains("site.yaml"), "it says what it kept");
    assert!(dir.path().join("s/content/_index.md").is_file());
}

#[test]
fn new_creates_each_kind_with_date_title_slug_and_hints() {
    let (_dir, site) = new_site();
    let out = run(&site, "en", &["new", "article", "我与党旗合个影"]);
    ok(&out);
    assert!(
        stdout(&out).contains("content/articles/wo-yu-dang-qi-he-ge-ying.md"),
        "{}",
        stdout(&out)
    );
    let text = common::read(&site, "content/articles/wo-yu-dang-qi-he-ge-ying.md");
    assert!(text.contains("title: 我与党旗合个影"));
    assert!(text.contains(&format!("date: {TODAY}")));
    assert!(text.contains("slug: wo-yu-dang-qi-he-ge-ying"));
    for key in [
        "summary",
        "tags",
        "category",
        "pillar",
        "author",
        "cover",
        "updated",
        "activities",
        "draft",
    ] {
        assert!(text.contains(&format!("\n# {key}: ")), "{key} commented out");
    }

    let out = run(&site, "en", &["new", "activity", "送戏下乡: 第一场"]);
    ok(&out);
    let rel = format!("content/activities/{TODAY}-song-xi-xia-xiang-di-yi-chang.yaml");
    assert!(stdout(&out).contains(&rel), "{}", stdout(&out));
    let text = common::read(&site, &rel);
    assert!(text.contains("title: \"送戏下乡: 第一场\""), "{text}");
    for key in [
        "end_date",
        "location",
        "organizer",
        "participants",
        "sessions",
        "series",
        "images",
    ] {
        assert!(text.contains(&format!("\n# {key}: ")), "{key} commented out");
    }

    // -r, from elsewhere.
    let out = run(
        site.parent().unwrap(),
        "en",
        &["new", "page", "联系我们", "-r", "我的 网站"],
    );
    ok(&out);
    assert!(site.join("content/pages/lian-xi-wo-men.md").is_file());

    // Everything still builds, and the new page is at its slug.
    ok(&run(&site, "en", &["build"]));
    assert!(site.join("public/lian-xi-wo-men/index.html").is_file());
    assert!(site
        .join("public/articles/wo-yu-dang-qi-he-ge-ying/index.html")
        .is_file());

    // Uncommenting the hint lines (`# key: example  # hint`) still builds, except those
    // that name a photo, which has to exist.
    let path = site.join(&rel);
    let keep = |r: &&str| !["body", "  ", "活动记录", "images"].iter().any(|p| r.starts_with(p));
    let uncommented: String = common::read(&site, &rel)
        .lines()
        .map(|l| l.strip_prefix("# ").filter(keep).unwrap_or(l))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, uncommented.replace("draft: true", "draft: false")).unwrap();
    let out = run(&site, "en", &["build"]);
    ok(&out);
}

#[test]
fn new_never_overwrites_and_suggests_a_dash_two_name() {
    let (_dir, site) = new_site();
    ok(&run(&site, "en", &["new", "article", "有话对党说"]));
    let path = site.join("content/articles/you-hua-dui-dang-shuo.md");
    std::fs::write(&path, "---\ntitle: 有话对党说\ndate: 2025-01-01\n---\n我的正文\n").unwrap();
    let out = run(&site, "en", &["new", "article", "有话对党说"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("--slug you-hua-dui-dang-shuo-2"), "{err}");
    assert!(common::read(&site, "content/articles/you-hua-dui-dang-shuo.md").contains("我的正文"));
    ok(&run(
        &site,
        "en",
        &["new", "article", "有话对党说", "--slug", "you-hua-dui-dang-shuo-2"],
    ));
    assert!(site.join("content/articles/you-hua-dui-dang-shuo-2.md").is_file());

    // The same activity on another day has another file name but the same address.
    ok(&run(&site, "en", &["new", "activity", "送戏下乡"]));
    let out = Command::new(env!("CARGO_BIN_EXE_huimin"))
        .args(["new", "activity", "送戏下乡"])
        .current_dir(&site)
        .env("HUIMIN_TODAY", "2026-02-03")
        .env("HUIMIN_LANG", "en")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&format!("{TODAY}-song-xi-xia-xiang.yaml")), "{err}");
    assert!(err.contains("--slug song-xi-xia-xiang-2"), "{err}");
    assert!(!site
        .join("content/activities/2026-02-03-song-xi-xia-xiang.yaml")
        .exists());

    // Outside a site, a usage error that says what to do.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = run(elsewhere.path(), "en", &["new", "article", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("huimin init"), "{}", stderr(&out));
}

/// Every text file as Windows Notepad re-saves it: a BOM and CRLF line ends.
fn resave_as_windows(site: &Path) {
    for entry in walkdir::WalkDir::new(site) {
        let entry = entry.unwrap();
        let p = entry.path();
        if !matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "yaml")) {
            continue;
        }
        let text = std::fs::read_to_string(p).unwrap();
        let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
        std::fs::write(p, format!("\u{feff}{crlf}")).unwrap();
    }
}

#[test]
fn files_from_init_and_new_build_after_a_crlf_and_bom_resave() {
    let (_dir, site) = new_site();
    ok(&run(&site, "en", &["new", "article", "重温入党誓词"]));
    ok(&run(&site, "en", &["new", "activity", "红色经典诵读"]));
    ok(&run(&site, "en", &["new", "page", "联系我们"]));
    resave_as_windows(&site);
    assert!(std::fs::read(site.join("site.yaml"))
        .unwrap()
        .starts_with(b"\xef\xbb\xbf"));
    let out = run(&site, "en", &["build"]);
    ok(&out);
    assert!(stderr(&out).contains("built "), "{}", stderr(&out));
    let html = common::read(&site, "public/articles/zhong-wen-ru-dang-shi-ci/index.html");
    assert!(html.contains("重温入党誓词"));
    let check = run(&site, "en", &["check", "--deny-warnings"]);
    ok(&check);
}

#[test]
fn build_prints_one_summary_line_and_quiet_prints_nothing() {
    let (_dir, site) = new_site();
    let out = run(&site, "en", &["build", "-o", "输出 目录"]);
    ok(&out);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err}");
    let line = lines[0];
    assert!(line.starts_with("built "), "{line}");
    assert!(line.contains(" pages and 1 activities: "), "{line}");
    assert!(line.contains(" files written to 输出 目录 in "), "{line}");
    assert!(line.ends_with(" s"), "{line}");
    assert!(site.join("输出 目录/index.html").is_file());

    // Again over that output: nothing is written, and the line says so.
    let again = run(&site, "en", &["build", "-o", "输出 目录"]);
    ok(&again);
    let total = line
        .split(": ")
        .nth(1)
        .and_then(|l| l.split(' ').next())
        .unwrap_or_default();
    let expected = format!(": {total} files in 输出 目录, 0 of them written (the others had not changed) in ");
    assert!(stderr(&again).contains(&expected), "{}", stderr(&again));

    let zh = run(&site, "zh", &["build", "-o", "输出 目录"]);
    ok(&zh);
    assert!(stderr(&zh).contains("条活动"), "{}", stderr(&zh));
    assert!(stderr(&zh).contains("其中 0 个写入（其余没有变化）"), "{}", stderr(&zh));

    let quiet = run(&site, "en", &["-q", "build"]);
    ok(&quiet);
    assert_eq!(stderr(&quiet), "");
    let quiet = run(&site, "en", &["build", "--quiet"]);
    ok(&quiet);
    assert_eq!(stderr(&quiet), "");
    let verbose = run(&site, "en", &["build", "-v"]);
    ok(&verbose);
    assert!(stderr(&verbose).lines().count() >= 3, "{}", stderr(&verbose));
}

#[test]
fn theme_eject_copies_the_built_in_theme_and_never_overwrites() {
    let (_dir, site) = new_site();
    let out = run(&site, "en", &["theme", "eject"]);
    ok(&out);
    for f in ["templates/base.html", "templates/article.html", "static/site.css"] {
        assert!(site.join("themes/default").join(f).is_file(), "{f}");
    }
    // The ejected theme is what the site is built with.
    let base = site.join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, text.replacen("<body", "<!-- ejected --><body", 1)).unwrap();
    ok(&run(&site, "en", &["build"]));
    assert!(common::read(&site, "public/index.html").contains("<!-- ejected -->"));

    // Again: nothing is overwritten.
    let out = run(&site, "en", &["theme", "eject", "--only", "base.html"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&base).unwrap().contains("<!-- ejected -->"));

    // One file into another theme, which the site does not use yet: say how.
    let out = run(&site, "en", &["theme", "eject", "mine", "--only", "site.css"]);
    ok(&out);
    assert!(site.join("themes/mine/static/site.css").is_file());
    assert!(!site.join("themes/mine/templates").exists());
    assert!(stderr(&out).contains("theme: mine"), "{}", stderr(&out));

    let out = run(&site, "en", &["theme", "eject", "--only", "nope.html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("base.html"), "it lists the files");
    let out = run(&site, "en", &["theme", "eject", "../x"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn diagnostics_keep_their_prefix_in_both_languages() {
    let (_dir, site) = new_site();
    common::write(
        &site,
        "content/activities/bad.yaml",
        "title: 坏记录\ndate: 2024-13-40\ncategory: 测试\n",
    );
    let prefixes = |lang: &str| -> (Vec<String>, String) {
        let out = run(&site, lang, &["build"]);
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        let p = err
            .lines()
            .filter(|l| l.starts_with("error: "))
            .map(|l| l.splitn(5, ':').take(4).collect::<Vec<_>>().join(":"))
            .collect();
        (p, err)
    };
    let (en, en_text) = prefixes("en");
    let (zh, zh_text) = prefixes("LANG=zh_CN.UTF-8");
    assert_eq!(
        en,
        vec!["error: content/activities/bad.yaml:2:7".to_string()],
        "{en_text}"
    );
    assert_eq!(en, zh, "{zh_text}");
    assert!(en_text.contains("build failed"), "{en_text}");
    assert!(zh_text.contains("生成失败"), "{zh_text}");
    // HUIMIN_LANG=en wins over a Chinese LANG.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_huimin"));
    let out = cmd
        .args(["build"])
        .current_dir(&site)
        .env("LANG", "zh_CN.UTF-8")
        .env("HUIMIN_LANG", "en")
        .env_remove("LC_ALL")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(stderr(&out).contains("build failed"));
}

#[test]
fn help_and_usage_errors_follow_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let commands: &[&[&str]] = &[
        &[],
        &["build"],
        &["serve"],
        &["check"],
        &["init"],
        &["new"],
        &["theme"],
        &["theme", "eject"],
        &["completions"],
    ];
    for c in commands {
        let mut args = c.to_vec();
        args.push("--help");
        let zh = run(dir.path(), "LANG=zh_CN.UTF-8", &args);
        ok(&zh);
        let text = stdout(&zh);
        assert!(text.contains("用法"), "{args:?}: {text}");
        assert!(text.contains("显示帮助"), "{args:?}: {text}");
        for english in ["Usage", "Options", "Print help", "[default", "possible values"] {
            assert!(!text.contains(english), "{args:?}: {english} in\n{text}");
        }
        let en = run(dir.path(), "en", &args);
        ok(&en);
        let text = stdout(&en);
        assert!(text.contains("Usage: huimin"), "{args:?}: {text}");
        assert!(text.contains("Print help"), "{args:?}: {text}");
    }
    let zh = run(dir.path(), "zh", &["help", "build"]);
    ok(&zh);
    assert!(stdout(&zh).contains("生成网站"));

    let en = run(dir.path(), "en", &["bulid"]);
    assert_eq!(en.status.code(), Some(2));
    assert!(
        stderr(&en).starts_with("error: there is no command `bulid`"),
        "{}",
        stderr(&en)
    );
    assert!(stderr(&en).contains("did you mean `build`?"));
    let zh = run(dir.path(), "zh", &["bulid"]);
    assert_eq!(zh.status.code(), Some(2));
    assert!(
        stderr(&zh).starts_with("error: 没有 `bulid` 这个命令"),
        "{}",
        stderr(&zh)
    );
    assert!(stderr(&zh).contains("您是否想写 `build`"));

    let zh = run(dir.path(), "zh", &["build", "--bogus"]);
    assert_eq!(zh.status.code(), Some(2));
    assert!(stderr(&zh).contains("无法识别的参数 `--bogus`"), "{}", stderr(&zh));
    assert!(stderr(&zh).contains("huimin build --help"), "{}", stderr(&zh));
    let zh = run(dir.path(), "zh", &["check", "--format", "xml"]);
    assert_eq!(zh.status.code(), Some(2));
    assert!(stderr(&zh).contains("human, json"), "{}", stderr(&zh));
    assert!(stderr(&zh).contains("用法: huimin check"), "{}", stderr(&zh));
    assert!(stderr(&zh).contains("huimin check --help"), "{}", stderr(&zh));
    let zh = run(dir.path(), "zh", &["new", "article"]);
    assert_eq!(zh.status.code(), Some(2));
    assert!(stderr(&zh).contains("缺少必需的参数"), "{}", stderr(&zh));
    let zh = run(dir.path(), "zh", &["serve", "--port", "http"]);
    assert_eq!(zh.status.code(), Some(2));
    assert!(stderr(&zh).contains("`http`"), "{}", stderr(&zh));
    let v = run(dir.path(), "zh", &["--version"]);
    ok(&v);
    assert!(stdout(&v).starts_with("huimin "));
}

#[test]
fn completions_for_every_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(dir.path(), "en", &["completions", shell]);
        ok(&out);
        let text = stdout(&out);
        assert!(text.contains("huimin"), "{shell}");
        for word in ["init", "eject", "drafts"] {
            assert!(text.contains(word), "{shell}: {word}");
        }
    }
    let out = run(dir.path(), "en", &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_readme_shows_the_help_of_every_command_in_both_languages() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for lang in ["zh", "en"] {
        let out = run(dir.path(), lang, &["--help"]);
        ok(&out);
        let help = stdout(&out);
        assert!(
            readme.contains(help.trim_end()),
            "README.md's `huimin --help` ({lang}) is not what huimin prints; paste this:\n{help}"
        );
    }
}
