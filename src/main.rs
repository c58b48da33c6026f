//! The `huimin` command line.

use clap::{Parser, Subcommand, ValueEnum};
use huimin::build::{build, check, BuildOptions};
use huimin::diagnostics::Diagnostic;
use huimin::report;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// huimin (惠民): builds a public culture site from Markdown articles and YAML activity records.
#[derive(Parser)]
#[command(name = "huimin", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        /// The site's folder, holding site.yaml and content/.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/public].
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Override base_url from site.yaml, e.g. https://wlj.example.gov.cn/dangjian/.
        #[arg(long)]
        base_url: Option<String>,
        /// Include drafts (draft: true).
        #[arg(long)]
        drafts: bool,
        /// Keep running and rebuild what changed on every save (no server; see `serve`).
        #[arg(short, long)]
        watch: bool,
    },
    /// Preview the site: build, serve it on this computer, rebuild and reload on every save.
    Serve {
        /// The site's folder, holding site.yaml and content/.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on.
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but 127.0.0.1 makes the preview visible to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Show drafts too.
        #[arg(long)]
        drafts: bool,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Write the preview into this folder and keep it [default: a temporary folder].
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Check the whole site and list every problem; writes nothing.
    Check {
        /// The site's folder, holding site.yaml and content/.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Check drafts too.
        #[arg(long)]
        drafts: bool,
        /// `human` for people, `json` (one object per line, on standard output) for editors and CI.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Exit 1 on warnings as well as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            watch,
        } => {
            if let Some(code) = missing_root(&root) {
                return code;
            }
            let opts = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                today: None,
            };
            if watch {
                return watch_build(opts);
            }
            let started = std::time::Instant::now();
            match build(&opts) {
                Ok(summary) => {
                    // Notes (what was skipped, what a site overrides) are for `check`.
                    let shown: Vec<Diagnostic> = summary
                        .warnings
                        .into_iter()
                        .filter(|d| d.is_error() || d.is_warning())
                        .collect();
                    show(&shown, &opts.root, Format::Human);
                    eprintln!(
                        "built {} pages ({} files) into {} in {} ms",
                        summary.pages,
                        summary.files,
                        report::shown_path(&opts.output_dir()),
                        started.elapsed().as_millis()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    show(&diags, &opts.root, Format::Human);
                    let n = diags.iter().filter(|d| d.is_error()).count();
                    eprintln!("build failed with {n} error(s); the previous output was left unchanged");
                    ExitCode::from(huimin::output::exit_code(&diags))
                }
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            open,
            output,
        } => {
            if let Some(code) = missing_root(&root) {
                return code;
            }
            let opts = huimin::serve::ServeOptions {
                build: BuildOptions {
                    root,
                    output,
                    drafts,
                    ..Default::default()
                },
                bind,
                port,
                open,
            };
            ExitCode::from(huimin::serve::serve(opts))
        }
        Command::Check {
            root,
            drafts,
            format,
            deny_warnings,
        } => {
            if let Some(code) = missing_root(&root) {
                return code;
            }
            let opts = BuildOptions {
                root,
                drafts,
                ..Default::default()
            };
            let diags = check(&opts);
            show(&diags, &opts.root, format);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let warnings = diags.iter().filter(|d| d.is_warning()).count();
            if format == Format::Human {
                if errors + warnings == 0 {
                    eprintln!("no problems found: the site is ready to build");
                } else {
                    eprintln!("{errors} error(s), {warnings} warning(s)");
                }
            }
            if errors > 0 || (deny_warnings && warnings > 0) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// `build --watch`: the first build, then a rebuild of what changed on every save.
fn watch_build(opts: BuildOptions) -> ExitCode {
    use huimin::watch::{self, SourceWatcher};
    // First: SIGTERM and SIGHUP, like Ctrl-C, stop between rebuilds, never halfway through one.
    let (tx, rx) = std::sync::mpsc::channel();
    watch::on_quit(tx.clone());
    let mut session = match huimin::incremental::Session::new(opts.clone()) {
        Ok(s) => s,
        Err(d) => {
            show(&[d], &opts.root, Format::Human);
            return ExitCode::from(2);
        }
    };
    let root = session.root().to_path_buf();
    let out = session.output_dir().to_path_buf();
    let mut watcher = match SourceWatcher::start(&root, &out, tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch the site's files: {e}");
            return ExitCode::from(1);
        }
    };
    // Watching starts before the first build, so a save during it is not missed.
    let first = session.rebuild_all();
    huimin::serve::print_outcome(&first, &root, &[]);
    eprintln!("watching {} for changes; Ctrl-C to stop", report::shown_path(&root));
    watch::run(&mut session, &mut watcher, &rx, |outcome, paths| {
        huimin::serve::print_outcome(outcome, &root, paths)
    });
    ExitCode::SUCCESS
}

/// A site folder that does not exist is a usage error (exit 2), not a content error.
fn missing_root(root: &Path) -> Option<ExitCode> {
    (!root.is_dir()).then(|| {
        eprintln!("error: the site folder `{}` does not exist", report::shown_path(root));
        ExitCode::from(2)
    })
}

fn show(diags: &[Diagnostic], root: &Path, format: Format) {
    match format {
        Format::Human => eprint!("{}", report::human(diags, root, report::use_color())),
        Format::Json => print!("{}", report::json(diags)),
    }
}
