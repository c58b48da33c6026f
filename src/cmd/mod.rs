//! The command line: one file per subcommand. Each parses nothing itself (clap did), calls
//! the pipeline or the preview, prints what happened and chooses the exit code.

mod build;
mod check;
mod import;
mod serve;
mod stats;

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
    /// Import records from a spreadsheet (an activity log kept in Excel, WPS or LibreOffice).
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Print the activity statistics (the figures of /stats/) for a report.
    Stats {
        /// The site's folder, holding site.yaml and content/.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Only this year's activities.
        #[arg(long)]
        year: Option<i32>,
        /// `text` (sentences and tables), `json` or `csv`.
        #[arg(long, value_enum, default_value_t = stats::StatsFormat::Text)]
        format: stats::StatsFormat,
    },
}

#[derive(Subcommand)]
pub(crate) enum ImportWhat {
    /// Activity records from a .xlsx, .xls, .ods or .csv log into content/activities/.
    Activities {
        /// The log: .xlsx, .xls, .ods or .csv (UTF-8 or GBK).
        file: PathBuf,
        /// The site's folder, holding site.yaml and content/.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// The sheet to read [default: the first one].
        #[arg(long)]
        sheet: Option<String>,
        /// Write one YAML file per row (in content/activities/<log name>/) instead of one list.
        #[arg(long)]
        per_row: bool,
        /// Show what would change and the YAML, and write nothing.
        #[arg(long)]
        dry_run: bool,
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
        } => build::run(root, output, base_url, drafts, watch),
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
        } => check::run(root, drafts, format, deny_warnings),
        Command::Import {
            what:
                ImportWhat::Activities {
                    file,
                    root,
                    sheet,
                    per_row,
                    dry_run,
                },
        } => import::run(import::Options {
            root,
            file,
            sheet,
            per_row,
            dry_run,
        }),
        Command::Stats { root, year, format } => stats::run(root, year, format),
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
