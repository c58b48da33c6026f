//! `huimin serve` and `build --watch` over real files, HTTP and the live-reload channel.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// How long a change may take to show up; generous for a loaded CI machine.
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `huimin serve`, stopped with SIGINT when dropped.
struct Server {
    child: Child,
    /// The preview's `TMPDIR`, so its temporary output can be found and checked.
    tmp: tempfile::TempDir,
    port: u16,
    /// `http://127.0.0.1:PORT/` plus the site's sub-path.
    url: String,
    lines: Receiver<String>,
    log: Vec<String>,
    /// How much of `log` `wait_for_line` has already looked at: `until` also drains the
    /// server's output into `log`, and a line it took must still count for a later wait.
    searched: usize,
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        let tmp = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(env!("CARGO_BIN_EXE_huimin"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .current_dir(root)
            .env("HUIMIN_TODAY", TODAY)
            .env("TMPDIR", tmp.path())
            .env("NO_COLOR", "1")
            .env("HUIMIN_LANG", "en")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .stdin(Stdio::null())
            .spawn()
            .expect("start huimin serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            tmp,
            port: 0,
            url: String::new(),
            lines,
            log: Vec::new(),
            searched: 0,
        };
        let line = server.wait_for_line("preview at ");
        let url = line
            .split("preview at ")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .expect("url")
            .to_string();
        server.port = url
            .trim_start_matches("http://127.0.0.1:")
            .split('/')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("port");
        server.url = url;
        server
    }

    fn wait_for_line(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            while self.searched < self.log.len() {
                let line = &self.log[self.searched];
                self.searched += 1;
                if line.contains(needle) {
                    return line.clone();
                }
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.log.push(line),
                Err(_) => panic!("no `{needle}` from huimin serve; it said:\n{}", self.log.join("\n")),
            }
        }
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        get(&format!("http://127.0.0.1:{}{path}", self.port))
    }

    /// Poll `path` until its body satisfies `test`.
    fn until(&mut self, path: &str, what: &str, test: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let (_, body, _) = self.get(path);
            if test(&body) {
                return body;
            }
            while let Ok(line) = self.lines.try_recv() {
                self.log.push(line);
            }
            assert!(
                Instant::now() < deadline,
                "{path} never showed {what}; huimin said:\n{}\nlast body:\n{body}",
                self.log.join("\n")
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn stop(&mut self) -> std::process::ExitStatus {
        self.signal("INT")
    }

    /// Send `kill -<name>` and wait for the preview to exit.
    fn signal(&mut self, name: &str) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args([format!("-{name}"), self.child.id().to_string()])
            .status();
        wait_exit(&mut self.child, name)
    }

    /// Entries of the preview's `TMPDIR` (its temporary output, and anything left behind).
    fn temp_entries(&self) -> Vec<PathBuf> {
        entries(self.tmp.path())
    }

    /// The one temporary folder the preview made.
    fn temp_output(&self) -> PathBuf {
        let found = self.temp_entries();
        assert_eq!(found.len(), 1, "one temporary folder: {found:?}");
        found[0].clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Wait for `child` to exit after the signal `name`.
fn wait_exit(child: &mut Child, name: &str) -> std::process::ExitStatus {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        assert!(Instant::now() < deadline, "huimin did not stop on SIG{name}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// What a folder holds, sorted.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    found.sort();
    found
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// (status, body, content type)
fn get(url: &str) -> (u16, String, String) {
    let mut response = agent().get(url).call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    (status, body, content_type)
}

/// Status of a request sent byte for byte, so no client tidies the path first.
fn raw_status(port: u16, path: &str) -> u16 {
    raw(port, path, &format!("127.0.0.1:{port}")).0
}

/// Status and body of a request for `path` with this `Host` header, sent byte for byte.
fn raw(port: u16, path: &str, host: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").expect("send");
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = status_of(&answer).unwrap_or_else(|| panic!("no status for {path}: {answer}"));
    let body = answer
        .split_once("\r\n\r\n")
        .map(|x| x.1.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Only the status of a request, for answers that do not end (the live-reload stream).
fn raw_head(port: u16, path: &str, host: &str) -> u16 {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n").expect("send");
    let mut line = String::new();
    let _ = BufReader::new(s).read_line(&mut line);
    status_of(&line).unwrap_or_else(|| panic!("no status for {path}: {line}"))
}

fn status_of(answer: &str) -> Option<u16> {
    answer.split_whitespace().nth(1).and_then(|c| c.parse().ok())
}

/// Listen on the live-reload channel as a browser does: a message arrives for every
/// `event: reload`, and the stream is opened again after each (the page reloaded).
fn reload_events(port: u16) -> Receiver<()> {
    let (tx, rx) = mpsc::channel();
    let (ready_tx, ready_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let url = format!("http://127.0.0.1:{port}/_tower-livereload/event-stream");
        let mut ready = Some(ready_tx);
        loop {
            let Ok(response) = agent.get(&url).call() else { return };
            let mut reader = BufReader::new(response.into_body().into_reader());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                if line.starts_with("event: init") {
                    if let Some(r) = ready.take() {
                        let _ = r.send(());
                    }
                }
                if line.starts_with("event: reload") && tx.send(()).is_err() {
                    return;
                }
                line.clear();
            }
        }
    });
    ready_rx.recv_timeout(PATIENCE).expect("live-reload channel opens");
    rx
}

#[test]
fn edits_show_up_and_the_browser_reloads() {
    let (_t, root) = fixture("basic");
    let mut server = Server::start(&root, &[]);
    let page = "/articles/di-er-pian/";
    let (status, body, content_type) = server.get(page);
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(body.contains("第二段文字"));
    assert!(
        body.contains("/_tower-livereload/event-stream"),
        "live-reload script injected"
    );
    let reloads = reload_events(server.port);

    // A plain write.
    let file = root.join("content/articles/2024/second.md");
    let original = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, original.replace("第二段文字。", "第二段文字：直接保存。")).expect("write");
    server.until(page, "the plain write", |b| b.contains("直接保存"));
    reloads
        .recv_timeout(PATIENCE)
        .expect("a reload event after the rebuild");

    // Write a temporary file, then rename it over the article (VS Code, WPS, vim's `4913` probe).
    std::fs::write(root.join("content/articles/2024/4913"), "").expect("probe");
    std::fs::remove_file(root.join("content/articles/2024/4913")).expect("probe");
    let tmp = root.join("content/articles/2024/.second.md.tmp");
    std::fs::write(&tmp, original.replace("第二段文字。", "第二段文字：改名保存。")).expect("write temp");
    std::fs::rename(&tmp, &file).expect("rename into place");
    server.until(page, "the renamed save", |b| b.contains("改名保存"));
    reloads.recv_timeout(PATIENCE).expect("a reload event after the rename");
    // The list page shows the new summary too.
    server.until("/articles/", "the article in the list", |b| b.contains("第二篇文章"));
    assert_eq!(server.stop().code(), Some(0));
}

#[test]
fn broken_record_shows_the_overlay_until_fixed() {
    let (_t, root) = fixture("basic");
    let mut server = Server::start(&root, &[]);
    let record = root.join("content/activities/2024-07-01-dangqi.yaml");
    let original = std::fs::read_to_string(&record).expect("read");
    std::fs::write(&record, original.replace("participants: 860", "participants: [860")).expect("break");
    let body = server.until("/", "the error overlay", |b| b.contains("huimin-errors"));
    assert!(body.contains("content/activities/2024-07-01-dangqi.yaml:"), "{body}");
    assert!(
        body.contains("测试站点"),
        "the last good page is still there under the overlay"
    );
    let (_, page, _) = server.get("/activities/2024-07-01-dangqi/");
    assert!(
        page.contains("huimin-errors") && page.contains("市民在党旗前合影"),
        "{page}"
    );
    server.wait_for_line("build failed");
    // Fixed: the overlay goes and the new content shows.
    std::fs::write(&record, original.replace("participants: 860", "participants: 870")).expect("fix");
    let page = server.until("/activities/2024-07-01-dangqi/", "the fix", |b| {
        !b.contains("huimin-errors")
    });
    assert!(page.contains("870"), "{page}");
}

#[test]
fn new_and_deleted_articles_change_the_lists() {
    let (_t, root) = fixture("basic");
    let mut server = Server::start(&root, &[]);
    // A new folder with an article written into it at once.
    write(
        &root,
        "content/articles/2025/new.md",
        "---\ntitle: 崭新的文章\ndate: 2025-03-01\ntags: 红色文化\n---\n新的正文。\n",
    );
    server.until("/articles/", "the new article", |b| b.contains("崭新的文章"));
    server.until("/tags/hong-se-wen-hua/", "the new article under its tag", |b| {
        b.contains("崭新的文章")
    });
    assert_eq!(server.get("/articles/new/").0, 200);
    std::fs::remove_dir_all(root.join("content/articles/2025")).expect("delete");
    server.until("/articles/", "the article gone", |b| !b.contains("崭新的文章"));
    server.until("/articles/new/", "a 404", |b| b.contains("页面未找到"));
    assert_eq!(server.get("/articles/new/").0, 404);
}

#[test]
fn never_serves_outside_the_output() {
    let (t, root) = fixture("basic");
    let out = t.path().join("preview");
    let secret = t.path().join("secret.txt");
    std::fs::write(&secret, "TOP SECRET").expect("secret");
    let server = Server::start(&root, &["--output", out.to_str().expect("utf-8")]);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, out.join("link.txt")).expect("symlink");
        std::os::unix::fs::symlink(t.path(), out.join("up")).expect("symlink");
    }
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/theme%2f..%2f..%2fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/link.txt",
        "/up/secret.txt",
    ] {
        assert_eq!(raw_status(server.port, path), 404, "{path}");
    }
    let (status, body, _) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("页面未找到"), "the site's own 404 page");
}

#[test]
fn content_types_and_sub_path() {
    let (_t, root) = fixture("basic");
    let config = read(&root, "site.yaml").replace("https://example.gov.cn/", "https://example.gov.cn/dangjian/");
    write(&root, "site.yaml", &config);
    let server = Server::start(&root, &[]);
    assert!(server.url.ends_with("/dangjian/"), "{}", server.url);
    let home = get(&server.url);
    assert_eq!(home.0, 200);
    assert!(
        home.1.contains("href=\"/dangjian/articles/\""),
        "links keep the sub-path"
    );
    let redirect = agent()
        .get(&format!("http://127.0.0.1:{}/", server.port))
        .call()
        .expect("GET /");
    assert!(redirect.status().is_redirection());
    assert_eq!(
        redirect.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/dangjian/")
    );
    for (path, expected) in [
        ("activities/calendar.ics", "text/calendar"),
        ("activities/index.json", "application/json"),
        ("atom.xml", "xml"),
        ("sitemap.xml", "xml"),
        ("theme/favicon.svg", "image/svg+xml"),
        ("theme/site.css", "text/css"),
    ] {
        let (status, _, content_type) = get(&format!("{}{path}", server.url));
        assert_eq!(status, 200, "{path}");
        assert!(content_type.contains(expected), "{path}: {content_type}");
    }
    assert_eq!(get(&format!("http://127.0.0.1:{}/articles/", server.port)).0, 404);
}

#[test]
fn failed_first_build_still_serves_the_errors() {
    let (_t, root) = fixture("basic");
    let config = read(&root, "site.yaml");
    write(
        &root,
        "site.yaml",
        &config.replace("title: 测试站点", "title: [测试站点"),
    );
    let mut server = Server::start(&root, &[]);
    let (status, body, _) = server.get("/");
    assert_eq!(status, 500);
    assert!(body.contains("huimin-errors") && body.contains("site.yaml:"), "{body}");
    write(&root, "site.yaml", &config);
    server.until("/", "the site after the fix", |b| {
        b.contains("测试站点") && !b.contains("huimin-errors")
    });
}

#[test]
fn ctrl_c_removes_the_temporary_output_and_busy_port_is_explained() {
    let (_t, root) = fixture("basic");
    let mut server = Server::start(&root, &[]);
    let temp = server.temp_output();
    assert!(temp.join("site/index.html").is_file(), "{}", temp.display());
    let busy = huimin(&root, &["serve", "--port", &server.port.to_string()]);
    let stderr = String::from_utf8_lossy(&busy.stderr);
    assert_eq!(busy.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("already in use") && stderr.contains("--port"),
        "{stderr}"
    );
    assert_eq!(server.stop().code(), Some(0));
    assert!(!temp.exists(), "temporary output removed");
    assert_eq!(server.temp_entries(), Vec::<PathBuf>::new(), "nothing left behind");
}

#[test]
fn serve_output_matches_a_full_build() {
    let (t, root) = fixture("basic");
    let out = t.path().join("preview");
    let mut server = Server::start(&root, &["--output", out.to_str().expect("utf-8")]);
    let edits: [(&str, &str, &str); 3] = [
        (
            "content/articles/2024/second.md",
            "第一段文字。",
            "第一段文字，已修改。",
        ),
        (
            "content/activities/2024-songxi.yaml",
            "送戏下乡·青石镇",
            "送戏下乡·青石镇（修订）",
        ),
        (
            "content/articles/我与党旗合个影.md",
            "tags: [红色文化, 市民文化节]",
            "tags: [市民文化节]",
        ),
    ];
    for (file, from, to) in edits {
        let text = read(&root, file);
        write(&root, file, &text.replace(from, to));
        server.wait_for_line("rebuilt");
    }
    let url = server.url.clone();
    server.stop();
    let full = t.path().join("full");
    build_ok(&root, &["--base-url", &url, "-o", full.to_str().expect("utf-8")]);
    let (a, b) = (snapshot(&out), snapshot(&full));
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs between serve and a full build");
    }
}

#[test]
fn build_watch_rebuilds_the_output_folder() {
    let (_t, root) = fixture("basic");
    let child = Command::new(env!("CARGO_BIN_EXE_huimin"))
        .args(["build", "--watch"])
        .current_dir(&root)
        .env("HUIMIN_TODAY", TODAY)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start build --watch");
    let mut child = KillOnDrop(child);
    let page: PathBuf = root.join("public/articles/di-er-pian/index.html");
    let wait = |what: &str, test: &dyn Fn(&str) -> bool| {
        let deadline = Instant::now() + PATIENCE;
        while !std::fs::read_to_string(&page).is_ok_and(|s| test(&s)) {
            assert!(Instant::now() < deadline, "never saw {what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    wait("the first build", &|s| s.contains("第二段文字"));
    let file = root.join("content/articles/2024/second.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("第二段文字。", "第二段：监视模式。")).expect("write");
    wait("the rebuild", &|s| s.contains("监视模式"));
    let _ = Command::new("kill").args(["-INT", &child.0.id().to_string()]).status();
    let status = child.0.wait().expect("wait");
    assert_eq!(status.code(), Some(0));
}

/// A child process that does not outlive a failed test.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Characters that must never reach a terminal or the overlay as they are: C0 but the line
/// break, DEL, C1, the Unicode line and paragraph separators and the bidi overrides.
#[cfg(unix)]
fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(unix)]
#[test]
fn control_characters_in_a_file_name_cannot_forge_lines_or_reach_the_terminal() {
    let (_t, root) = fixture("basic");
    let mut server = Server::start(&root, &[]);
    let name = "content/articles/a\n\u{1b}[31merror: fake.md";
    write(&root, name, "---\ntitel: 标题\n---\n正文。\n");
    server.wait_for_line("build failed");
    let escaped = "content/articles/a\\n\\u{1b}[31merror: fake.md";
    let log = server.log.join("\n");
    assert!(
        !log.chars().any(is_dangerous),
        "a control character reached the terminal:\n{log:?}"
    );
    assert!(
        !server
            .log
            .iter()
            .any(|l| l.starts_with("error: fake") || l.contains("[31merror: fake.md:") && !l.contains(escaped)),
        "a forged line:\n{log}"
    );
    assert!(
        server
            .log
            .iter()
            .any(|l| l.starts_with(&format!("error: {escaped}:2:1: unknown key"))),
        "the one-line form, escaped and parseable:\n{log}"
    );
    assert!(
        server
            .log
            .iter()
            .any(|l| l.contains(&format!("after a change to {escaped}"))),
        "{log}"
    );
    let body = server.until("/", "the error overlay", |b| b.contains("huimin-errors"));
    assert!(body.contains(escaped), "{body}");
    assert!(
        !body.chars().any(|c| is_dangerous(c) && c != '\t' && c != '\r'),
        "{body:?}"
    );
}

#[test]
fn overlong_and_rejected_names_answer_the_404_page() {
    let (_t, root) = fixture("basic");
    let server = Server::start(&root, &[]);
    let long = "a".repeat(300);
    let deep = format!("/{}", "b".repeat(200)).repeat(25);
    let html = format!("/{}", "c".repeat(251));
    let chinese = format!("/{}/", "文".repeat(90));
    for path in [
        format!("/{long}"),
        format!("/{long}/"),
        format!("/articles/{long}/index.html"),
        deep.clone(),
        html,
        chinese,
        format!("/{}", "%E6%96%87".repeat(90)),
    ] {
        let (status, body) = raw(server.port, &path, &format!("127.0.0.1:{}", server.port));
        assert_eq!(status, 404, "{path}");
        assert!(body.contains("页面未找到"), "the site's 404 page for {path}: {body}");
    }
}

/// Send `count` requests for `path` on one keep-alive connection, reading each answer whole.
fn keep_alive_requests(port: u16, path: &str, count: usize) -> Duration {
    let s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let mut reader = BufReader::new(s.try_clone().expect("clone"));
    let mut writer = s;
    let started = Instant::now();
    for _ in 0..count {
        let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
        writer.write_all(request.as_bytes()).expect("send");
        let (status, length, chunked) = read_head(&mut reader);
        assert_eq!(status, 200, "{path}");
        if chunked {
            read_chunked(&mut reader);
        } else {
            let mut body = vec![0; length];
            reader.read_exact(&mut body).expect("body");
        }
    }
    started.elapsed()
}

/// Status, content length and whether the body is chunked.
fn read_head(reader: &mut impl BufRead) -> (u16, usize, bool) {
    let mut line = String::new();
    reader.read_line(&mut line).expect("status line");
    let status = status_of(&line).unwrap_or_else(|| panic!("no status: {line}"));
    let (mut length, mut chunked) = (0, false);
    loop {
        line.clear();
        reader.read_line(&mut line).expect("header");
        let header = line.trim_end().to_ascii_lowercase();
        if header.is_empty() {
            return (status, length, chunked);
        }
        if let Some(v) = header.strip_prefix("content-length:") {
            length = v.trim().parse().expect("length");
        }
        chunked |= header.starts_with("transfer-encoding:") && header.contains("chunked");
    }
}

fn read_chunked(reader: &mut impl BufRead) {
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line).expect("chunk size");
        let size = usize::from_str_radix(line.trim(), 16).expect("hex size");
        let mut chunk = vec![0; size + 2];
        reader.read_exact(&mut chunk).expect("chunk");
        if size == 0 {
            return;
        }
    }
}

#[test]
fn keep_alive_requests_are_not_delayed() {
    let (_t, root) = fixture("basic");
    let server = Server::start(&root, &[]);
    // Nagle's algorithm against the client's delayed ACK costs about 40 ms a request.
    for path in ["/theme/site.css", "/articles/di-er-pian/"] {
        keep_alive_requests(server.port, path, 2);
        let took = keep_alive_requests(server.port, path, 20);
        assert!(
            took < Duration::from_millis(400),
            "20 requests for {path} on one connection took {took:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn sigterm_during_the_first_build_removes_the_temporary_output() {
    let (_t, root) = fixture("basic");
    for i in 0..300 {
        write(
            &root,
            &format!("content/articles/bulk/a{i}.md"),
            &format!("---\ntitle: 草稿{i}\ndate: 2024-01-01\ndraft: true\n---\n未发表的正文{i}。\n"),
        );
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let child = Command::new(env!("CARGO_BIN_EXE_huimin"))
        .args(["serve", "--port", "0", "--drafts"])
        .current_dir(&root)
        .env("HUIMIN_TODAY", TODAY)
        .env("TMPDIR", tmp.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start huimin serve");
    let mut child = KillOnDrop(child);
    // As soon as the first page is written, the build is under way: stop it there.
    let deadline = Instant::now() + PATIENCE;
    while !holds_a_file(tmp.path()) {
        assert!(Instant::now() < deadline, "nothing was written");
        assert!(matches!(child.0.try_wait(), Ok(None)), "huimin serve exited early");
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = Command::new("kill").args(["-TERM", &child.0.id().to_string()]).status();
    let status = wait_exit(&mut child.0, "TERM");
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert_eq!(entries(tmp.path()), Vec::<PathBuf>::new(), "drafts left behind");
}

#[cfg(unix)]
fn holds_a_file(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.file_type().is_file())
}

#[cfg(unix)]
#[test]
fn sigterm_and_sighup_remove_the_temporary_output() {
    for signal in ["TERM", "HUP"] {
        let (_t, root) = fixture("basic");
        let mut server = Server::start(&root, &["--drafts"]);
        assert!(server.temp_output().join("site/articles").is_dir());
        assert_eq!(server.signal(signal).code(), Some(0), "SIG{signal}");
        assert_eq!(server.temp_entries(), Vec::<PathBuf>::new(), "SIG{signal} left files");
    }
}

#[cfg(unix)]
#[test]
fn build_watch_stops_cleanly_on_sigterm() {
    let (_t, root) = fixture("basic");
    let child = Command::new(env!("CARGO_BIN_EXE_huimin"))
        .args(["build", "--watch"])
        .current_dir(&root)
        .env("HUIMIN_TODAY", TODAY)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start build --watch");
    let mut child = KillOnDrop(child);
    let deadline = Instant::now() + PATIENCE;
    while !root.join("public/index.html").is_file() {
        assert!(Instant::now() < deadline, "never built");
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = Command::new("kill").args(["-TERM", &child.0.id().to_string()]).status();
    assert_eq!(wait_exit(&mut child.0, "TERM").code(), Some(0));
    let names: Vec<String> = entries(&root)
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        // `.huimin-cache/` is the image cache, kept on purpose.
        .filter(|n| n.contains("huimin-") && n != ".huimin-cache")
        .collect();
    assert!(names.is_empty(), "staging left behind: {names:?}");
}

#[cfg(unix)]
#[test]
fn the_temporary_output_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let (_t, root) = fixture("basic");
    let mut server = Server::start(&root, &["--drafts"]);
    let temp = server.temp_output();
    let mode = std::fs::metadata(&temp).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{} is {mode:o}", temp.display());
    assert!(temp.join("site/articles").is_dir(), "the site is inside");
    // A rebuild writes inside the private folder too, never beside it.
    let file = root.join("content/articles/draft.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("还没写完。", "还没写完，改了。")).expect("write");
    server.wait_for_line("rebuilt");
    assert_eq!(server.temp_entries(), vec![temp]);
}

#[test]
fn foreign_host_headers_are_refused() {
    let (_t, root) = fixture("basic");
    let server = Server::start(&root, &[]);
    let port = server.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(raw(port, "/", &host).0, 200, "{host}");
        assert_eq!(raw_head(port, "/_tower-livereload/event-stream", &host), 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
        "127.0.0.1".to_string(),
        String::new(),
    ] {
        let (status, body) = raw(port, "/", &host);
        assert_eq!(status, 403, "{host}");
        assert!(body.contains("--bind"), "{body}");
        assert_eq!(raw_head(port, "/_tower-livereload/event-stream", &host), 403, "{host}");
        assert_eq!(raw(port, "/theme/site.css", &host).0, 403, "{host}");
    }
}

#[test]
fn a_network_bind_answers_any_host() {
    let (_t, root) = fixture("basic");
    let server = Server::start(&root, &["--bind", "0.0.0.0"]);
    let host = format!("wlj-preview.lan:{}", server.port);
    assert_eq!(raw(server.port, "/", &host).0, 200);
    assert_eq!(raw_head(server.port, "/_tower-livereload/event-stream", &host), 200);
}
