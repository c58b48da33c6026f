//! `huimin serve`: build, serve the output over HTTP, rebuild on every save and reload the
//! browser; a failed rebuild shows its errors over every page until the next good one.
//!
//! Rebuilds run on the main thread (see [`crate::preview::watch`]); the HTTP server runs on its own
//! thread with a single-threaded tokio runtime. They share only the error overlay.

use crate::diagnostics::report;
use crate::diagnostics::Diagnostic;
use crate::input;
use crate::messages::output as m;
use crate::pipeline::BuildOptions;
use crate::preview::session::Outcome;
use crate::preview::watch;
use crate::preview::Watching;
use crate::t;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::serve::ListenerExt;
use axum::Router;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};
use tower_http::services::ServeDir;
use tower_livereload::LiveReloadLayer;

/// `huimin serve` options.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// `output` empty means a temporary folder, removed on exit.
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port (tests).
    pub port: u16,
    pub open: bool,
}

/// What the HTTP side needs to know about the last rebuild.
#[derive(Default)]
pub struct Shared {
    /// HTML of the error overlay while the last rebuild failed.
    errors: RwLock<Option<String>>,
    /// Whether any build has succeeded (else every page is the error page).
    built: RwLock<bool>,
}

impl Shared {
    fn set(&self, outcome: &Outcome, root: &Path) {
        let (errors, ok) = match outcome {
            Ok(_) => (None, true),
            Err(diags) => (Some(overlay_html(diags, root)), false),
        };
        if let Ok(mut e) = self.errors.write() {
            *e = errors;
        }
        if ok {
            if let Ok(mut b) = self.built.write() {
                *b = true;
            }
        }
    }

    fn errors(&self) -> Option<String> {
        self.errors.read().ok().and_then(|e| e.clone())
    }

    fn built(&self) -> bool {
        self.built.read().map(|b| *b).unwrap_or(false)
    }
}

/// Run the preview until Ctrl-C (or SIGTERM, SIGHUP); returns the process exit code.
pub fn serve(mut opts: ServeOptions) -> u8 {
    // First of all: a signal during the first build must still remove the temporary output.
    let (tx, rx) = std::sync::mpsc::channel();
    let quitting = watch::on_quit(tx.clone());
    let listener = match listen(opts.bind, opts.port) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(opts.port);
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: {}\n  = help: {}",
            t!(m::PUBLIC_BIND, address = opts.bind),
            t!(m::PUBLIC_BIND_HELP)
        );
    }
    let root = crate::paths::absolute(&opts.build.root);
    // Serve where the published site lives: the same sub-path as base_url.
    let base_path = input::load_config(&root, None)
        .map(|(_, b)| b.path)
        .unwrap_or_else(|_| "/".to_string());
    let url = preview_url(opts.bind, port, &base_path);
    opts.build.base_url = Some(url.clone());
    let temporary = match private_output(&mut opts.build) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let (watching, first) = match Watching::start(opts.build.clone(), tx, rx) {
        Ok(w) => w,
        Err(code) => return code,
    };
    let out = watching.output_dir().to_path_buf();
    let shared = Arc::new(Shared::default());
    shared.set(&first, &root);
    if quitting.load(Ordering::SeqCst) {
        drop(temporary);
        eprintln!("{}", t!(m::PREVIEW_STOPPED));
        return 0;
    }

    let livereload = LiveReloadLayer::new();
    let reloader = livereload.reloader();
    let hosts = Arc::new(Hosts::new(opts.bind, port, &url));
    // The Host check comes first, so it guards the live-reload channel too.
    let app = router(&out, &base_path, shared.clone())
        .layer(livereload)
        .layer(middleware::from_fn_with_state(hosts, only_known_hosts));
    if let Err(e) = start_server(listener, app) {
        eprintln!("error: {}", t!(m::SERVER_FAILED, error = e));
        return 1;
    }
    eprintln!("{}", t!(m::PREVIEW_AT, url = url));
    if opts.open {
        open_browser(&url);
    }
    watching.run(|outcome| {
        shared.set(outcome, &root);
        // Only now: the browser must not reload before the new files are in place.
        reloader.reload();
    });
    drop(temporary);
    eprintln!("{}", t!(m::PREVIEW_STOPPED));
    0
}

/// Where the browser finds the preview: a preview on every address is also on 127.0.0.1.
fn preview_url(bind: IpAddr, port: u16, base_path: &str) -> String {
    let host = match bind {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    format!("http://{host}:{port}{base_path}")
}

/// Without `--output`, point the build at a new [`PrivateDir`]; exit code 1 if none can be made.
fn private_output(build: &mut BuildOptions) -> Result<Option<PrivateDir>, u8> {
    if build.output.is_some() {
        return Ok(None);
    }
    let tmp = std::env::temp_dir();
    match PrivateDir::create(&tmp) {
        Ok(dir) => {
            build.output = Some(dir.site());
            Ok(Some(dir))
        }
        Err(e) => {
            eprintln!(
                "error: {}\n  = help: {}",
                t!(m::TEMP_FOLDER, path = report::shown_path(&tmp), error = e),
                t!(m::TEMP_FOLDER_HELP)
            );
            Err(1)
        }
    }
}

/// Open the port, or explain why not (exit code 2: a usage problem).
fn listen(bind: IpAddr, port: u16) -> Result<std::net::TcpListener, u8> {
    std::net::TcpListener::bind(SocketAddr::new(bind, port)).map_err(|e| {
        let why = if e.kind() == std::io::ErrorKind::AddrInUse {
            t!(m::PORT_BUSY, port = port, address = bind)
        } else {
            t!(m::PORT_ERROR, port = port, address = bind, error = e)
        };
        let next = port.wrapping_add(1).max(1024);
        eprintln!("error: {why}\n  = help: {}", t!(m::PORT_HELP, port = next));
        2
    })
}

/// The preview's temporary output, `<tmp>/huimin-serve-<pid>-<random>/site`, removed when
/// dropped. Drafts are in it, so the folder is made readable by this user only, and made
/// new (never reused): another user cannot have made it first and kept a way in. The site
/// is one level down because the build writes a staging folder beside its output and
/// renames it into place: beside `site` is inside the private folder too.
struct PrivateDir {
    path: PathBuf,
}

impl PrivateDir {
    fn create(tmp: &Path) -> std::io::Result<PrivateDir> {
        let mut taken = None;
        for attempt in 0..8 {
            let name = format!("huimin-serve-{}-{:016x}", std::process::id(), unguessable(attempt));
            let path = tmp.join(name);
            match make_private_dir(&path) {
                Ok(()) => return Ok(PrivateDir { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => taken = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(taken.unwrap_or_else(|| std::io::Error::other("no free name")))
    }

    fn site(&self) -> PathBuf {
        self.path.join("site")
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A new folder only its owner may open (0700). `create` fails if anything, a symlink
/// included, is already there.
#[cfg(unix)]
fn make_private_dir(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new().mode(0o700).create(path)?;
    // The umask can only take bits away: make sure the owner may still write.
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))
}

/// On Windows the temporary folder is in the user's own profile, closed to other users.
#[cfg(not(unix))]
fn make_private_dir(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir(path)
}

/// 64 bits another local user cannot predict: std's hasher keys are random per process.
fn unguessable(attempt: u32) -> u64 {
    use std::hash::BuildHasher;
    std::collections::hash_map::RandomState::new().hash_one((std::time::SystemTime::now(), std::process::id(), attempt))
}

/// Which `Host` headers the preview answers. A web page can point a name of its own at
/// 127.0.0.1 (DNS rebinding) and then read the preview, drafts included, as its own site;
/// its requests carry its name. So a preview on this computer answers only to its own
/// addresses; one opened to the network with `--bind` answers any name (it is reached by
/// names and addresses huimin cannot know).
pub struct Hosts {
    /// `None`: any host.
    allowed: Option<Vec<String>>,
    /// The preview's address, for the refusal.
    url: String,
}

impl Hosts {
    pub fn new(bind: IpAddr, port: u16, url: &str) -> Hosts {
        let allowed = bind.is_loopback().then(|| {
            let bound = match bind {
                IpAddr::V6(ip) => format!("[{ip}]"),
                ip => ip.to_string(),
            };
            let names = ["localhost".to_string(), "127.0.0.1".into(), "[::1]".into(), bound];
            let mut allowed: Vec<String> = names.iter().map(|n| format!("{n}:{port}")).collect();
            // Browsers leave out the default port.
            if port == 80 {
                allowed.extend(names);
            }
            allowed
        });
        Hosts {
            allowed,
            url: url.to_string(),
        }
    }

    /// Whether `host` (a `Host` header or a request's authority) is one of ours.
    pub fn allows(&self, host: Option<&str>) -> bool {
        match &self.allowed {
            None => true,
            Some(list) => host.is_some_and(|h| list.iter().any(|a| a.eq_ignore_ascii_case(h))),
        }
    }
}

/// Refuse requests for another host with 403 and a short explanation (see [`Hosts`]).
async fn only_known_hosts(State(hosts): State<Arc<Hosts>>, req: Request, next: Next) -> Response {
    let header = req.headers().get(header::HOST).map(|v| v.to_str().unwrap_or(""));
    // A request in absolute form (`GET http://name/ HTTP/1.1`) names its host there too.
    let authority = req.uri().authority().map(|a| a.as_str());
    if hosts.allows(header) && authority.is_none_or(|a| hosts.allows(Some(a))) {
        return next.run(req).await;
    }
    let text = t!(m::FORBIDDEN_HOST, url = hosts.url);
    (
        StatusCode::FORBIDDEN,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        text,
    )
        .into_response()
}

fn start_server(listener: std::net::TcpListener, app: Router) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    std::thread::Builder::new().name("huimin-http".into()).spawn(move || {
        runtime.block_on(async move {
            match tokio::net::TcpListener::from_std(listener) {
                Ok(l) => {
                    // Without TCP_NODELAY a response written in two parts waits for the
                    // browser's delayed ACK: ~40 ms for every request on a kept-alive connection.
                    let l = l.tap_io(|tcp| {
                        let _ = tcp.set_nodelay(true);
                    });
                    if let Err(e) = axum::serve(l, app).await {
                        eprintln!("error: {}", t!(m::SERVER_STOPPED, error = e));
                    }
                }
                Err(e) => eprintln!("error: {}", t!(m::SERVER_CANNOT_LISTEN, error = e)),
            }
        })
    })?;
    Ok(())
}

/// Where a request may be answered from.
struct Tree {
    out: PathBuf,
    /// `out` with symlinks resolved.
    real: PathBuf,
    /// `/` or `/dangjian/`.
    base: String,
    files: ServeDir,
}

/// The preview site: files of `out` under `base`, with the overlay and safety checks.
pub fn router(out: &Path, base: &str, shared: Arc<Shared>) -> Router {
    let tree = Arc::new(Tree {
        out: out.to_path_buf(),
        real: std::fs::canonicalize(out).unwrap_or_else(|_| out.to_path_buf()),
        base: base.to_string(),
        files: ServeDir::new(out).append_index_html_on_directories(true),
    });
    let files = axum::routing::any(serve_file).with_state(tree.clone());
    let app = if base == "/" {
        Router::new().fallback_service(files)
    } else {
        let to = base.to_string();
        let nested = tree.clone();
        Router::new()
            .nest_service(base.trim_end_matches('/'), files)
            .route("/", axum::routing::get(move || async move { Redirect::temporary(&to) }))
            .fallback(move || {
                let t = nested.clone();
                async move { not_found(&t) }
            })
    };
    app.layer(middleware::from_fn_with_state(tree, inside_output))
        .layer(middleware::from_fn_with_state(shared, with_overlay))
        .layer(middleware::map_response(preview_headers))
}

/// A file of the output, or the site's 404 page. The path is the visitor's: a name the file
/// system refuses (a segment over 255 bytes, characters Windows forbids) is not there, and
/// answering 500 would say the preview is broken.
async fn serve_file(State(tree): State<Arc<Tree>>, req: Request) -> Response {
    let mut files = tree.files.clone();
    match files.try_call(req).await {
        Ok(res) if res.status() == StatusCode::NOT_FOUND => not_found(&tree),
        Ok(res) => res.map(Body::new),
        Err(e) if names_no_file(&e) => not_found(&tree),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("500: the preview cannot read this file: {e}\n"),
        )
            .into_response(),
    }
}

/// Whether opening a file failed because of its name or place, not because the disk did.
fn names_no_file(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        NotFound | PermissionDenied | NotADirectory | IsADirectory | InvalidFilename | InvalidInput
    )
}

fn not_found(tree: &Tree) -> Response {
    let body = std::fs::read(tree.out.join("404.html")).unwrap_or_else(|_| b"404 Not Found".to_vec());
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// Longer path segments than any file system takes (255 bytes on Linux, macOS and Windows).
const MAX_SEGMENT: usize = 255;

/// Never answer with a file outside the output, whatever the path or a symlink says; and
/// answer the 404 page, not an error, for names no file can have.
async fn inside_output(State(tree): State<Arc<Tree>>, req: Request, next: Next) -> Response {
    let path = crate::paths::percent_decode(req.uri().path());
    if path.contains('\\') || path.contains('\0') || path.split('/').any(|s| s.len() > MAX_SEGMENT) {
        return not_found(&tree);
    }
    let rel = path
        .strip_prefix(tree.base.as_str())
        .or_else(|| (path == tree.base.trim_end_matches('/')).then_some(""));
    if let Some(rel) = rel {
        match std::fs::canonicalize(tree.out.join(rel)) {
            Ok(real) if !real.starts_with(&tree.real) => return not_found(&tree),
            // Missing files are ServeDir's to answer; a name the system refuses, a symlink
            // loop or a file used as a folder is no page.
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return not_found(&tree),
            _ => {}
        }
    }
    next.run(req).await
}

/// While the last rebuild failed, put its errors on top of every HTML page.
async fn with_overlay(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let Some(errors) = shared.errors() else { return res };
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !shared.built() && (is_html || res.status() == StatusCode::NOT_FOUND) {
        return error_page(&errors);
    }
    if !is_html {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return error_page(&errors);
    };
    let html = String::from_utf8_lossy(&bytes);
    let at = html
        .find("<body")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    let page = format!("{}{errors}{}", &html[..at], &html[at..]);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(page))
}

/// The page shown for every address until a first build succeeds.
fn error_page(errors: &str) -> Response {
    let page = format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>{errors}</body></html>",
        title = t!(m::ERROR_PAGE_TITLE)
    );
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

/// The overlay: the same report the terminal shows, readable at a glance.
pub fn overlay_html(diags: &[Diagnostic], root: &Path) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let text = report::human(diags, root, false);
    format!(
        "<div id=\"huimin-errors\" role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;max-height:70vh;\
         z-index:2147483647;overflow:auto;background:#fff;color:#1a1a1a;padding:1rem 1.5rem;font:16px/1.5 system-ui,sans-serif;\
         border-top:6px solid #b00020;box-shadow:0 -4px 24px rgba(0,0,0,.35)\">\
         <h2 style=\"margin:0 0 .5rem;color:#b00020;font-size:1.4rem\">{title}</h2>\
         <p style=\"margin:0 0 1rem\">{text}</p>\
         <pre style=\"white-space:pre-wrap;font:15px/1.45 ui-monospace,monospace;background:#f6f6f6;padding:1rem;\
         border-radius:6px\">{}</pre></div>",
        crate::escape::html(&text),
        title = crate::escape::html(&t!(m::OVERLAY_TITLE, n = errors)),
        text = crate::escape::html(&t!(m::OVERLAY_TEXT)),
    )
}

/// No caching in a preview, and an explicit charset so Chinese text files read right.
async fn preview_headers(mut res: Response) -> Response {
    let headers = res.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let typed = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Some(t) = typed {
        let textual = t.starts_with("text/") || t.ends_with("/json") || t.ends_with("/xml") || t.ends_with("+xml");
        if textual && !t.contains("charset") {
            if let Ok(v) = HeaderValue::from_str(&format!("{t}; charset=utf-8")) {
                headers.insert(header::CONTENT_TYPE, v);
            }
        }
    }
    res
}

fn open_browser(url: &str) {
    let (cmd, args): (&str, Vec<&str>) = if cfg!(target_os = "windows") {
        ("cmd", vec!["/C", "start", "", url])
    } else if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else {
        ("xdg-open", vec![url])
    };
    if std::process::Command::new(cmd)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("note: {}", t!(m::NO_BROWSER, url = url));
    }
}
