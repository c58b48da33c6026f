//! The `huimin` command line.

use clap::{Parser, Subcommand};
use huimin::build::{build, BuildOptions};
use huimin::diagnostics::Diagnostic;
use std::path::PathBuf;
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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            if !root.is_dir() {
                eprintln!("error: the site folder `{}` does not exist", root.display());
                return ExitCode::from(2);
            }
            let opts = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                today: None,
            };
            let started = std::time::Instant::now();
            match build(&opts) {
                Ok(summary) => {
                    report(&summary.warnings);
                    eprintln!(
                        "built {} pages ({} files) into {} in {} ms",
                        summary.pages,
                        summary.files,
                        opts.output_dir().display(),
                        started.elapsed().as_millis()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    report(&diags);
                    let n = diags.iter().filter(|d| d.is_error()).count();
                    eprintln!("build failed with {n} error(s); the previous output was left unchanged");
                    ExitCode::from(1)
                }
            }
        }
    }
}

fn report(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}
