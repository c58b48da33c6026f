//! Nasty inputs on a copy of the basic fixture: every run must end in a clean build (exit 0) or
//! a clean error (exit 1, naming the file on an `error: content/...` line), never a panic or a
//! hang, and a failed build must leave the previous public/ byte for byte as it was.

mod common;
use common::*;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A run that takes longer than this is a hang.
const TIMEOUT: Duration = Duration::from_secs(30);

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// `huimin <args>` in `root`, killed (and the test failed) after [`TIMEOUT`].
fn run(root: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_huimin"))
        .args(args)
        .current_dir(root)
        .env("HUIMIN_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env("HUIMIN_LANG", "en")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run huimin");
    // Drain both pipes on their own threads so a chatty child cannot block on a full pipe.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`huimin {}` hung: killed after {TIMEOUT:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code(),
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    }
}

/// How a nasty case ended, with the build's stderr.
#[derive(Debug)]
enum Outcome {
    Built(String),
    Failed(String),
}

impl Outcome {
    #[track_caller]
    fn expect_built(&self) -> &str {
        match self {
            Outcome::Built(s) => s,
            Outcome::Failed(s) => panic!("expected a clean build, got an error:\n{s}"),
        }
    }

    #[track_caller]
    fn expect_failed(&self) -> &str {
        match self {
            Outcome::Failed(s) => s,
            Outcome::Built(s) => panic!("expected a clean error, but the build succeeded:\n{s}"),
        }
    }
}

/// A copy of the basic fixture, built once, with its public/ remembered.
struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
    before: Vec<(String, Vec<u8>)>,
}

impl Site {
    fn new() -> Site {
        let (dir, root) = fixture("basic");
        let first = run(&root, &["build"]);
        assert_eq!(first.code, Some(0), "the basic fixture must build:\n{}", first.stderr);
        let before = snapshot(&root.join("public"));
        assert!(!before.is_empty());
        Site {
            _dir: dir,
            root,
            before,
        }
    }

    fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }

    fn article(&self, name: &str, front_matter: &str, body: &str) -> String {
        let rel = format!("content/articles/{name}");
        self.write(&rel, &format!("---\n{front_matter}---\n\n{body}"));
        rel
    }

    fn activity(&self, name: &str, yaml: &str) -> String {
        let rel = format!("content/activities/{name}");
        self.write(&rel, yaml);
        rel
    }

    /// Build again and check the run is clean; `file` (relative to the root) is the file a
    /// failure must name.
    #[track_caller]
    fn check(&self, file: &str) -> Outcome {
        assert!(file.starts_with("content/"), "cases are about content files");
        let build = run(&self.root, &["build"]);
        assert_no_crash("build", &build);
        let outcome = match build.code {
            Some(0) => {
                for (path, _) in snapshot(&self.root.join("public")) {
                    assert!(path.is_ascii(), "non-ASCII output path {path:?}");
                }
                Outcome::Built(build.stderr)
            }
            Some(1) => {
                let prefix = format!("error: {file}");
                assert!(
                    build.stderr.lines().any(|l| l.starts_with(&prefix)),
                    "no line starting with `{prefix}`:\n{}",
                    build.stderr
                );
                assert!(
                    snapshot(&self.root.join("public")) == self.before,
                    "a failed build changed public/:\n{}",
                    build.stderr
                );
                Outcome::Failed(build.stderr)
            }
            other => panic!(
                "exit code {other:?} is neither a clean build nor a clean error:\n{}",
                build.stderr
            ),
        };
        // `huimin check` runs the same validations: same verdict, no crash, and valid JSON.
        let check = run(&self.root, &["check"]);
        assert_no_crash("check", &check);
        assert_eq!(check.code, build.code, "check disagrees with build:\n{}", check.stderr);
        let json = run(&self.root, &["check", "--format", "json"]);
        assert_no_crash("check --format json", &json);
        assert_eq!(
            json.code, build.code,
            "check --format json disagrees with build:\n{}",
            json.stderr
        );
        for line in json.stdout.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            assert!(v.get("file").is_some() && v.get("message").is_some(), "{line}");
        }
        outcome
    }
}

#[track_caller]
fn assert_no_crash(what: &str, run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && run.code != Some(101),
        "`huimin {what}` panicked:\n{}",
        run.stderr
    );
    assert!(
        run.code.is_some(),
        "`huimin {what}` was killed by a signal (stack overflow?):\n{}",
        run.stderr
    );
}

#[track_caller]
fn assert_mentions(stderr: &str, words: &[&str]) {
    for w in words {
        assert!(stderr.contains(w), "the message should mention `{w}`:\n{stderr}");
    }
}

// ---------------------------------------------------------------------------------------------
// Broken or empty Markdown files

#[test]
fn empty_article() {
    let s = Site::new();
    s.write("content/articles/empty.md", "");
    let out = s.check("content/articles/empty.md");
    assert_mentions(out.expect_failed(), &["front matter"]);
}

#[test]
fn article_with_only_an_opening_fence() {
    let s = Site::new();
    s.write("content/articles/fence.md", "---");
    let out = s.check("content/articles/fence.md");
    assert_mentions(out.expect_failed(), &["not closed"]);
}

#[test]
fn article_with_empty_front_matter() {
    let s = Site::new();
    s.write("content/articles/blank.md", "---\n---\n");
    let out = s.check("content/articles/blank.md");
    assert_mentions(out.expect_failed(), &["title"]);
}

/// About `megabytes` MB of Markdown: Chinese and Latin paragraphs, headings, lists, quotes and
/// a link in every paragraph.
fn big_body(megabytes: usize, link: &str) -> String {
    let paragraph = format!(
        "文化惠民工程让群众在家门口享受到丰富多彩的文化生活，**公共文化服务**覆盖城乡。\n\
         Public culture *reaches* every village, with [a link]({link}) and `code`.\n\n"
    );
    let mut body = String::with_capacity(megabytes << 20);
    let mut n = 0;
    while body.len() < megabytes << 20 {
        if n % 50 == 0 {
            body.push_str(&format!("## 第{n}节\n\n- 列表项\n- 另一项\n\n> 引用\n\n"));
        }
        body.push_str(&paragraph);
        n += 1;
    }
    body
}

#[test]
fn five_megabyte_article() {
    let s = Site::new();
    let rel = s.article(
        "huge.md",
        "title: 很长的文章\ndate: 2024-03-01\n",
        &big_body(5, "#第0节"),
    );
    s.check(&rel).expect_built();
    let html = read(&s.root, "public/articles/huge/index.html");
    assert!(html.len() > 5 << 20, "the whole body is on the page");
}

#[test]
fn five_megabyte_article_full_of_broken_anchors() {
    let s = Site::new();
    let rel = s.article("huge.md", "title: 很长的文章\ndate: 2024-03-01\n", &big_body(5, "#top"));
    assert_mentions(s.check(&rel).expect_failed(), &["#top"]);
}

#[test]
fn two_hundred_deep_nested_lists() {
    let s = Site::new();
    let nested: String = (0..200).map(|i| format!("{}- 第{i}层\n", "  ".repeat(i))).collect();
    let one_line = "- ".repeat(200) + "最深处\n";
    let rel = s.article(
        "lists.md",
        "title: 嵌套列表\ndate: 2024-03-01\n",
        &format!("{nested}\n\n{one_line}"),
    );
    s.check(&rel).expect_built();
}

#[test]
fn two_hundred_deep_nested_blockquotes() {
    let s = Site::new();
    let body = format!(
        "{} 最深处的引用\n\n{}\n",
        ">".repeat(200),
        (1..=200).map(|i| ">".repeat(i) + " 层\n").collect::<String>()
    );
    let rel = s.article("quotes.md", "title: 嵌套引用\ndate: 2024-03-01\n", &body);
    s.check(&rel).expect_built();
}

#[test]
fn nul_bytes_in_article_body() {
    let s = Site::new();
    let rel = s.article(
        "nul-body.md",
        "title: 空字符\ndate: 2024-03-01\n",
        "正文\0中间\0有空字符。\n",
    );
    // Either is fine; a successful build must not let the NUL through to the page.
    if let Outcome::Built(_) = s.check(&rel) {
        let html = read(&s.root, "public/articles/nul-body/index.html");
        assert!(!html.contains('\0'), "NUL byte copied into the HTML");
    }
}

#[test]
fn nul_bytes_in_front_matter() {
    let s = Site::new();
    let rel = s.article("nul-fm.md", "title: 空\0字符\ndate: 2024-03-01\n", "正文。\n");
    if let Outcome::Built(_) = s.check(&rel) {
        let html = read(&s.root, "public/articles/nul-fm/index.html");
        assert!(!html.contains('\0'), "NUL byte copied into the HTML");
    }
}

#[test]
fn invalid_utf8_article() {
    let s = Site::new();
    let mut bytes = b"---\ntitle: ok\ndate: 2024-03-01\n---\n\nvalid then ".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, 0xc3, 0x28, 0x80, 0xed, 0xa0, 0x80]);
    s.write_bytes("content/articles/bad-utf8.md", &bytes);
    let out = s.check("content/articles/bad-utf8.md");
    assert_mentions(out.expect_failed(), &["UTF-8"]);
}

#[test]
fn gbk_article() {
    let s = Site::new();
    let text = "---\ntitle: 我与党旗合个影\ndate: 2024-07-01\n---\n\n七月一日上午，市文化馆广场上人头攒动，市民纷纷在党旗前合影留念。\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    s.write_bytes("content/articles/gbk.md", &gbk);
    let out = s.check("content/articles/gbk.md");
    assert_mentions(out.expect_failed(), &["GBK"]);
}

#[test]
fn utf16_article_is_named() {
    let s = Site::new();
    let text = "\u{feff}---\ntitle: 统一码\ndate: 2024-03-01\n---\n\n用记事本保存为Unicode。\n";
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    s.write_bytes("content/articles/utf16.md", &utf16);
    let out = s.check("content/articles/utf16.md");
    assert_mentions(out.expect_failed(), &["UTF-16"]);
}

#[test]
fn lone_cr_line_endings_with_an_error() {
    // Classic Mac line ends: the error is on line 3 and the file must still be named.
    let s = Site::new();
    s.write(
        "content/articles/cr.md",
        "---\rtitle: x\rtitel: y\rdate: 2024-03-01\r---\r\r正文\r",
    );
    let out = s.check("content/articles/cr.md");
    assert_mentions(out.expect_failed(), &["content/articles/cr.md:3", "titel"]);
}

// ---------------------------------------------------------------------------------------------
// The file system

#[cfg(unix)]
#[test]
fn symlink_loop_in_content() {
    // A loop is a mistake to fix, not something to skip in silence.
    let s = Site::new();
    std::os::unix::fs::symlink("..", s.root.join("content/articles/loop")).expect("symlink");
    std::os::unix::fs::symlink("loop2", s.root.join("content/articles/loop2")).expect("self-loop");
    let err = s.check("content/articles/loop").expect_failed().to_string();
    assert_mentions(&err, &["content/articles/loop:", "content/articles/loop2:", "loop"]);
}

/// Whether permissions bind this process: as root (CI runs as root) a mode of 000 does not
/// stop reading, so the unreadable cases would test nothing and are skipped, saying so.
#[cfg(unix)]
fn permissions_bind(path: &Path) -> bool {
    let binds = std::fs::read_dir(path).is_err() && std::fs::read(path).is_err();
    if !binds {
        eprintln!("skipped: this process reads files whatever their mode (running as root)");
    }
    binds
}

#[cfg(unix)]
#[test]
fn unreadable_article() {
    use std::os::unix::fs::PermissionsExt;
    let s = Site::new();
    let rel = s.article("secret.md", "title: 读不到\ndate: 2024-03-01\n", "正文。\n");
    let path = s.root.join(&rel);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if permissions_bind(&path) {
        let out = s.check(&rel);
        assert_mentions(out.expect_failed(), &["cannot read"]);
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod back");
}

#[cfg(unix)]
#[test]
fn unreadable_folder() {
    use std::os::unix::fs::PermissionsExt;
    let s = Site::new();
    s.article("locked/a.md", "title: 锁住\ndate: 2024-03-01\n", "正文。\n");
    let dir = s.root.join("content/articles/locked");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if permissions_bind(&dir) {
        let out = s.check("content/articles/locked");
        assert_mentions(out.expect_failed(), &["cannot read"]);
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
}

#[test]
fn file_name_with_spaces_and_chinese() {
    let s = Site::new();
    s.write(
        "content/articles/我的 文章 1.md",
        "---\ntitle: 我的文章\ndate: 2024-03-01\n---\n\n正文。\n",
    );
    s.check("content/articles/我的 文章 1.md").expect_built();
    let html = read(&s.root, "public/articles/wo-de-wen-zhang-1/index.html");
    assert!(html.contains("我的文章"));
}

#[test]
fn file_name_without_letters() {
    let s = Site::new();
    s.write(
        "content/articles/《》.md",
        "---\ntitle: 无名\ndate: 2024-03-01\n---\n\n正文。\n",
    );
    let out = s.check("content/articles/《》.md");
    assert_mentions(out.expect_failed(), &["web address", "slug"]);
}

#[test]
fn nested_page_is_ignored_with_a_warning() {
    let s = Site::new();
    s.write("content/pages/sub/x.md", "---\ntitle: 子页面\n---\n\n正文。\n");
    let out = s.check("content/pages/sub/x.md");
    assert_mentions(out.expect_built(), &["content/pages/sub/x.md"]);
}

// ---------------------------------------------------------------------------------------------
// Activity YAML

#[test]
fn empty_activity_file() {
    let s = Site::new();
    let rel = s.activity("empty.yaml", "");
    assert_mentions(s.check(&rel).expect_failed(), &["no activity record"]);
}

#[test]
fn activity_file_that_is_a_scalar() {
    let s = Site::new();
    let rel = s.activity("scalar.yaml", "hello\n");
    s.check(&rel).expect_failed();
}

#[test]
fn activity_file_that_is_a_list_of_scalars() {
    let s = Site::new();
    let rel = s.activity("scalars.yaml", "- hello\n- 你好\n- 3\n");
    s.check(&rel).expect_failed();
}

/// Words from the Rust side of the parser that mean nothing to an editor.
#[track_caller]
fn assert_no_jargon(stderr: &str) {
    for line in stderr.lines().filter(|l| l.starts_with("error: ")) {
        for jargon in ["struct ", "u128", "u64", "i64", "`value`"] {
            assert!(!line.contains(jargon), "`{jargon}` in the message:\n{stderr}");
        }
    }
}

#[test]
fn scalar_record_message_is_plain() {
    let s = Site::new();
    let rel = s.activity("scalar.yaml", "hello\n");
    assert_no_jargon(s.check(&rel).expect_failed());
    let rel = s.activity("scalars.yaml", "- hello\n- 你好\n");
    assert_no_jargon(s.check(&rel).expect_failed());
}

#[test]
fn activity_file_with_an_empty_list_item() {
    let s = Site::new();
    let rel = s.activity("holes.yaml", "-\n- title: a\n  date: 2024-01-01\n  category: c\n-\n");
    s.check(&rel).expect_failed();
}

#[test]
fn tab_indented_activity() {
    let s = Site::new();
    let rel = s.activity(
        "tabs.yaml",
        "title: 活动\ndate: 2024-03-01\ncategory: 讲座\nextra:\n\tnote: 制表符\n",
    );
    assert_mentions(s.check(&rel).expect_failed(), &["tab"]);
}

#[test]
fn tab_indented_front_matter() {
    let s = Site::new();
    let rel = s.article(
        "tabs.md",
        "title: 制表符\ndate: 2024-03-01\nextra:\n\tnote: x\n",
        "正文。\n",
    );
    assert_mentions(s.check(&rel).expect_failed(), &["tab"]);
}

#[test]
fn unclosed_quote() {
    let s = Site::new();
    let rel = s.activity(
        "quote.yaml",
        "title: \"没有结束的引号\ndate: 2024-03-01\ncategory: 讲座\n",
    );
    s.check(&rel).expect_failed();
    let rel = s.article("quote.md", "title: '没有结束\ndate: 2024-03-01\n", "正文。\n");
    s.check(&rel).expect_failed();
}

#[test]
fn deeply_nested_yaml() {
    let s = Site::new();
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let rel = s.activity(
        "deep.yaml",
        &format!("title: 深\ndate: 2024-03-01\ncategory: 讲座\nextra:\n  k: {deep}\n"),
    );
    let _ = s.check(&rel);
    let unclosed = s.activity(
        "deep-open.yaml",
        &format!(
            "title: 深\ndate: 2024-03-01\ncategory: 讲座\nextra:\n  k: {}\n",
            "[".repeat(200)
        ),
    );
    s.check(&unclosed).expect_failed();
}

#[test]
fn deeply_nested_front_matter() {
    let s = Site::new();
    let rel = s.article(
        "deep.md",
        &format!("title: 深\ndate: 2024-03-01\nextra:\n  k: {}\n", "[".repeat(200)),
        "正文。\n",
    );
    s.check(&rel).expect_failed();
}

#[test]
fn yaml_alias_bomb() {
    let s = Site::new();
    let mut yaml = String::from("title: 炸弹\ndate: 2024-03-01\ncategory: 讲座\nextra:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        yaml.push_str(&format!(
            "  a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let rel = s.activity("bomb.yaml", &yaml);
    s.check(&rel).expect_failed();
}

#[test]
fn huge_participants() {
    let s = Site::new();
    let rel = s.activity(
        "huge.yaml",
        "title: 人很多\ndate: 2024-03-01\ncategory: 讲座\nparticipants: 99999999999999999999999\n",
    );
    assert_mentions(s.check(&rel).expect_failed(), &["participants"]);
}

#[test]
fn largest_participants_do_not_overflow_the_totals() {
    // The fixture's records already count 1,500 people; one more record at u64::MAX overflows.
    let s = Site::new();
    let rel = s.activity(
        "max.yaml",
        "title: 很多人\ndate: 2024-03-01\ncategory: 讲座\nparticipants: 18446744073709551615\n",
    );
    let err = s.check(&rel).expect_failed().to_string();
    assert_mentions(&err, &["total of `participants`", "max.yaml:4 (18446744073709551615)"]);
    assert!(!err.contains("18,446,744,073,709,551,615"), "no saturated sum is shown");
}

#[test]
fn huge_participants_message_is_plain() {
    let s = Site::new();
    let rel = s.activity(
        "huge.yaml",
        "title: 人很多\ndate: 2024-03-01\ncategory: 讲座\nparticipants: 99999999999999999999999\n",
    );
    let out = s.check(&rel);
    let stderr = out.expect_failed();
    assert_no_jargon(stderr);
    assert!(
        stderr.contains("large") || stderr.contains("大"),
        "should say the number is too large:\n{stderr}"
    );
}

#[test]
fn negative_participants() {
    let s = Site::new();
    let rel = s.activity(
        "negative.yaml",
        "title: 负数\ndate: 2024-03-01\ncategory: 讲座\nparticipants: -5\n",
    );
    assert_mentions(s.check(&rel).expect_failed(), &["participants"]);
}

#[test]
fn february_thirtieth() {
    let s = Site::new();
    let rel = s.article("feb30.md", "title: 不存在的日子\ndate: 2024-02-30\n", "正文。\n");
    assert_mentions(s.check(&rel).expect_failed(), &["2024-02-30"]);
    let rel = s.activity("feb30.yaml", "title: 不存在的日子\ndate: 2024-02-30\ncategory: 讲座\n");
    assert_mentions(s.check(&rel).expect_failed(), &["2024-02-30"]);
}

#[test]
fn extreme_dates() {
    let s = Site::new();
    let rel = s.activity(
        "extreme.yaml",
        "- title: 古代\n  slug: gu\n  date: 0001-01-01\n  category: 讲座\n\
         - title: 未来\n  slug: wei\n  date: 9999-12-31\n  end_date: 9999-12-31\n  category: 讲座\n\
         - title: 时区\n  slug: shi\n  date: 2024-03-01T23:59:60+14:00\n  category: 讲座\n",
    );
    let _ = s.check(&rel);
}

#[test]
fn ten_thousand_character_title() {
    let s = Site::new();
    let title: String = "文化".chars().cycle().take(10_000).collect();
    let rel = s.article(
        "long-title.md",
        &format!("title: {title}\ndate: 2024-03-01\n"),
        "正文。\n",
    );
    s.check(&rel).expect_built();
    let rel = s.activity(
        "long-title.yaml",
        &format!("title: {title}\ndate: 2024-03-01\ncategory: 讲座\nlocation: {title}\n"),
    );
    s.check(&rel).expect_built();
    let ics = read(&s.root, "public/activities/calendar.ics");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "ICS line of {} octets", line.len());
    }
}

// ---------------------------------------------------------------------------------------------
// Links and slugs

#[test]
fn link_outside_the_site() {
    let s = Site::new();
    let rel = s.article(
        "passwd.md",
        "title: 越界链接\ndate: 2024-03-01\n",
        "[x](../../../../etc/passwd) ![y](../../../../../../../../../../etc/passwd) [z](%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd)\n",
    );
    let out = s.check(&rel);
    assert_mentions(out.expect_failed(), &["passwd"]);
    for (path, bytes) in snapshot(&s.root.join("public")) {
        assert!(!path.contains("passwd") && !String::from_utf8_lossy(&bytes).contains("root:x:0:0"));
    }
}

#[test]
fn empty_links_and_images() {
    let s = Site::new();
    let rel = s.article(
        "empty-links.md",
        "title: 空链接\ndate: 2024-03-01\n",
        "![]() 和 []() 和 [空]() 和 ![图]( )\n",
    );
    let _ = s.check(&rel);
}

#[test]
fn slug_of_only_slashes() {
    let s = Site::new();
    let rel = s.article(
        "slashes.md",
        "title: 斜杠\ndate: 2024-03-01\nslug: \"///\"\n",
        "正文。\n",
    );
    assert_mentions(s.check(&rel).expect_failed(), &["slug"]);
}

#[test]
fn chinese_slug() {
    let s = Site::new();
    let rel = s.article(
        "cn-slug.md",
        "title: 中文\ndate: 2024-03-01\nslug: \"中文\"\n",
        "正文。\n",
    );
    s.check(&rel).expect_built();
    assert!(s.root.join("public/articles/zhong-wen/index.html").is_file());
}

#[test]
fn slug_collision() {
    let s = Site::new();
    s.article("a.md", "title: 一\ndate: 2024-03-01\nslug: same\n", "正文。\n");
    let rel = s.article("b.md", "title: 二\ndate: 2024-03-02\nslug: same\n", "正文。\n");
    assert_mentions(s.check(&rel).expect_failed(), &["same"]);
}

#[test]
fn slug_that_is_a_path_traversal() {
    let s = Site::new();
    let rel = s.article(
        "up.md",
        "title: 上\ndate: 2024-03-01\nslug: ../../../outside\n",
        "正文。\n",
    );
    s.check(&rel).expect_built();
    assert!(s.root.join("public/articles/outside/index.html").is_file());
    assert!(!s.root.parent().expect("parent").join("outside").exists());
}

// ---------------------------------------------------------------------------------------------
// Cases from the safety review: each crashed, lost records or published what it must not.

#[test]
fn full_width_space_after_the_opening_fence() {
    let s = Site::new();
    let rel = s.article("qs.md", "", "");
    s.write(&rel, "---\u{3000}\ntitle: 全角\ndate: 2024-03-01\n---\n正文\n");
    s.check(&rel).expect_built();
}

#[test]
fn no_break_space_after_the_opening_fence_with_an_error() {
    let s = Site::new();
    let rel = s.article("nb.md", "", "");
    s.write(&rel, "---\u{a0}\ntitle: 不换行\ndate: 2024-13-01\n---\n正文\n");
    assert_mentions(s.check(&rel).expect_failed(), &["nb.md:3:7", "date"]);
}

#[test]
fn flow_style_record_list() {
    let s = Site::new();
    let rel = s.activity(
        "flow.yaml",
        "[{title: 一, date: 2024-03-01, category: 讲座, slug: f1}, {title: 二, date: 2024-03-02, category: 讲座, slug: f2}]",
    );
    s.check(&rel).expect_built();
    assert!(s.root.join("public/activities/f2/index.html").is_file());
}

#[test]
fn indented_record_list() {
    let s = Site::new();
    let rel = s.activity(
        "ind.yaml",
        "    - title: 一\n      date: 2024-03-01\n      category: 讲座\n      slug: i1\n    - title: 二\n      date: 2024-03-02\n      category: 讲座\n      slug: i2\n",
    );
    s.check(&rel).expect_built();
    assert!(s.root.join("public/activities/i2/index.html").is_file());
}

#[test]
fn record_file_with_several_documents() {
    let s = Site::new();
    let rel = s.activity(
        "docs.yaml",
        "title: 一\ndate: 2024-03-01\ncategory: 讲座\n---\ntitle: 二\ndate: 2024-03-02\ncategory: 讲座\n",
    );
    assert_mentions(s.check(&rel).expect_failed(), &["several YAML documents"]);
}

#[test]
fn tags_that_are_only_punctuation() {
    let s = Site::new();
    let rel = s.article(
        "p.md",
        "title: 符号\ndate: 2024-03-01\ntags: [\"？\", \"★\", \"——\"]\n",
        "正文\n",
    );
    s.check(&rel).expect_built();
    for (path, bytes) in snapshot(&s.root.join("public")) {
        if path.ends_with(".html") {
            assert!(!String::from_utf8_lossy(&bytes).contains("/tags//"), "{path}");
        }
    }
}

#[test]
fn two_tags_with_one_slug() {
    let s = Site::new();
    // Articles are read newest first: the older one's spelling is the one reported.
    let rel = s.article("q1.md", "title: 一\ndate: 2024-03-01\ntags: [重庆]\n", "正文\n");
    s.article("q2.md", "title: 二\ndate: 2024-03-02\ntags: [众庆]\n", "正文\n");
    let err = s.check(&rel).expect_failed().to_string();
    assert_mentions(&err, &["重庆", "众庆", "term_slugs"]);
}

#[test]
fn yaml_alias_in_front_matter() {
    let s = Site::new();
    let rel = s.article("alias.md", "title: &t 别名\ndate: 2024-03-01\nsummary: *t\n", "正文\n");
    assert_mentions(s.check(&rel).expect_failed(), &["alias"]);
}
