//! The command line: one file per subcommand. Each parses nothing itself (clap did), calls
//! the pipeline or the preview, prints what happened and chooses the exit code.

mod build;
mod check;
mod serve;

use crate::diagnostics::{report, Diagnostic};
use crate::messages::general;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// huimin (惠民): builds a public culture site from Markdown articles and YAML activity records.
#[derive(Parser)]
#[command(name = "huimin", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
        /// Process every image again instead of taking it from .huimin-cache/images/.
        #[arg(long)]
        no_cache: bool,
        /// Say how many images were processed and how many came from the cache.
        #[arg(short, long)]
        verbose: bool,
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
        /// Also report the images: how many, their published size and the cache's.
        #[arg(short, long)]
        verbose: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

/// Run the command line; the binary's `main`.
pub fn run() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            watch,
            no_cache,
            verbose,
        } => build::run(root, output, base_url, drafts, watch, (no_cache, verbose)),
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            open,
            output,
        } => serve::run(root, port, bind, drafts, open, output),
        Command::Check {
            root,
            drafts,
            format,
            deny_warnings,
            verbose,
        } => check::run(root, drafts, format, deny_warnings, verbose),
    }
}

/// A site folder that does not exist is a usage error (exit 2), not a content error.
fn missing_root(root: &Path) -> Option<ExitCode> {
    (!root.is_dir()).then(|| {
        let path = report::shown_path(root);
        eprintln!("error: {}", crate::t!(general::SITE_FOLDER_MISSING, path = path));
        ExitCode::from(2)
    })
}

fn show(diags: &[Diagnostic], root: &Path, format: Format) {
    match format {
        Format::Human => eprint!("{}", report::human(diags, root, report::use_color())),
        Format::Json => print!("{}", report::json(diags)),
    }
}
