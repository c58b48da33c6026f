//! The command line: one file per subcommand. Each parses nothing itself (clap did), calls
//! the pipeline or the preview, prints what happened and chooses the exit code.
//!
//! The commands are declared once with clap's derive (below); [`localize`] then rewrites the
//! derived `clap::Command` at start-up with the catalogue's texts (`messages::cli`): each
//! command's about, each option's help, the headings, the help and version flags and the
//! `help` command. Derive keeps adding a command a matter of adding a variant; a variant
//! without catalogue texts simply keeps its doc comments. Usage errors are clap's error
//! kinds mapped to our own text ([`usage_error`]), exit code 2.

mod build;
mod check;
mod completions;
mod import;
mod init;
mod new;
mod serve;
mod stats;
mod theme;

use crate::diagnostics::{report, Diagnostic};
use crate::messages::{cli, general, Msg};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

/// huimin (惠民): builds a public culture site from Markdown articles and YAML activity records.
#[derive(Parser)]
#[command(name = "huimin", version, about, long_about = None)]
pub(crate) struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: notes and what is read and written.
    #[arg(short, long, global = true)]
    verbose: bool,
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
    /// Create a new site that builds as it is.
    Init {
        /// The folder for the new site (created if needed).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write into a folder that is not empty (existing files are never overwritten).
        #[arg(long)]
        force: bool,
    },
    /// Create a new article, activity record or page with today's date.
    New {
        /// What to create.
        #[arg(value_enum)]
        kind: new::Kind,
        /// The title.
        title: String,
        /// The site's folder, holding site.yaml and content/.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// The web address name [default: the title in pinyin].
        #[arg(long)]
        slug: Option<String>,
    },
    /// Work with the site's theme.
    Theme {
        #[command(subcommand)]
        action: ThemeAction,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
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
pub(crate) enum ThemeAction {
    /// Copy the built-in theme to themes/NAME/ so the site can change it.
    Eject {
        /// The theme's name: the folder under themes/.
        #[arg(default_value = "default")]
        name: String,
        /// Copy only this file, e.g. base.html or site.css.
        #[arg(long, value_name = "FILE")]
        only: Option<String>,
        /// The site's folder, holding site.yaml and content/.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
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

/// How much to print, from the global `-q` and `-v`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

static VERBOSITY: OnceLock<Verbosity> = OnceLock::new();

/// This run's verbosity (normal until the command line is read).
pub(crate) fn verbosity() -> Verbosity {
    *VERBOSITY.get().unwrap_or(&Verbosity::Normal)
}

/// Run the command line; the binary's `main`.
pub fn run() -> ExitCode {
    let mut cmd = command();
    let matches = match cmd.try_get_matches_from_mut(std::env::args_os()) {
        Ok(m) => m,
        Err(e) => return usage_error(e),
    };
    if let Some(("help", sub)) = matches.subcommand() {
        return help(&mut cmd, sub);
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return usage_error(e.with_cmd(&cmd)),
    };
    let _ = VERBOSITY.set(if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    });
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            watch,
            no_cache,
        } => build::run(root, output, base_url, drafts, watch, no_cache),
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
        Command::Init { dir, force } => init::run(&dir, force),
        Command::New {
            kind,
            title,
            root,
            slug,
        } => new::run(kind, &title, &root, slug.as_deref()),
        Command::Theme {
            action: ThemeAction::Eject { name, only, root },
        } => theme::eject(&root, &name, only.as_deref()),
        Command::Completions { shell } => completions::run(shell, command()),
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

/// The whole command line, in this run's language.
pub(crate) fn command() -> clap::Command {
    let cmd = Cli::command()
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(cli::VERSION_FLAG.text(&[])),
        )
        .subcommand(
            clap::Command::new("help")
                .about(cli::HELP_COMMAND.text(&[]))
                .arg(Arg::new("command").num_args(0..).help(cli::HELP_COMMAND_ARG.text(&[]))),
        );
    localize(cmd, "")
}

/// The catalogue's about text of the command at `path` ("" for huimin, "theme eject").
fn about(path: &str) -> Option<Msg> {
    Some(match path {
        "" => cli::ABOUT,
        "build" => cli::BUILD_ABOUT,
        "serve" => cli::SERVE_ABOUT,
        "check" => cli::CHECK_ABOUT,
        "init" => cli::INIT_ABOUT,
        "new" => cli::NEW_ABOUT,
        "theme" => cli::THEME_ABOUT,
        "theme eject" => cli::EJECT_ABOUT,
        "completions" => cli::COMPLETIONS_ABOUT,
        "help" => cli::HELP_COMMAND,
        "import" => crate::messages::sheets::IMPORT_ABOUT,
        "import activities" => crate::messages::sheets::IMPORT_ACTIVITIES_ABOUT,
        "stats" => crate::messages::sheets::STATS_ABOUT,
        _ => return None,
    })
}

/// The catalogue's help text of the option `id` of the command at `path`.
fn arg_help(path: &str, id: &str) -> Option<Msg> {
    Some(match (path, id) {
        (_, "help") => cli::HELP_FLAG,
        (_, "version") => cli::VERSION_FLAG,
        (_, "quiet") => cli::QUIET,
        (_, "verbose") => cli::VERBOSE,
        (_, "root") => cli::ARG_ROOT,
        (_, "drafts") => cli::ARG_DRAFTS,
        ("build", "output") => cli::ARG_BUILD_OUTPUT,
        ("serve", "output") => cli::ARG_SERVE_OUTPUT,
        (_, "base_url") => cli::ARG_BASE_URL,
        (_, "watch") => cli::ARG_WATCH,
        ("build", "no_cache") => cli::ARG_NO_CACHE,
        (_, "port") => cli::ARG_PORT,
        (_, "bind") => cli::ARG_BIND,
        (_, "open") => cli::ARG_OPEN,
        ("stats", "format") => crate::messages::sheets::ARG_STATS_FORMAT,
        ("stats", "year") => crate::messages::sheets::ARG_YEAR,
        ("import activities", "file") => crate::messages::sheets::ARG_FILE,
        ("import activities", "sheet") => crate::messages::sheets::ARG_SHEET,
        ("import activities", "per_row") => crate::messages::sheets::ARG_PER_ROW,
        ("import activities", "dry_run") => crate::messages::sheets::ARG_DRY_RUN,
        (_, "format") => cli::ARG_FORMAT,
        (_, "deny_warnings") => cli::ARG_DENY_WARNINGS,
        ("init", "dir") => cli::ARG_INIT_DIR,
        ("init", "force") => cli::ARG_INIT_FORCE,
        ("new", "kind") => cli::ARG_NEW_KIND,
        ("new", "title") => cli::ARG_NEW_TITLE,
        ("new", "slug") => cli::ARG_NEW_SLUG,
        ("theme eject", "name") => cli::ARG_THEME_NAME,
        ("theme eject", "only") => cli::ARG_ONLY,
        ("completions", "shell") => cli::ARG_SHELL,
        ("help", "command") => cli::HELP_COMMAND_ARG,
        _ => return None,
    })
}

/// Rewrite `cmd` (at `path`) and its subcommands with the catalogue's texts: about, option
/// help (with clap's English `[default: …]` and `[possible values: …]` replaced by ours),
/// headings, and a help flag of our own (clap's cannot be changed once derived).
fn localize(cmd: clap::Command, path: &str) -> clap::Command {
    let usage = cli::HEADING_USAGE.text(&[]);
    let mut cmd = cmd
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{usage}: {{usage}}\n\n{{all-args}}{{after-help}}"
        ))
        .subcommand_help_heading(fixed(cli::HEADING_COMMANDS))
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help));
    if let Some(m) = about(path) {
        cmd = cmd.about(m.text(&[])).long_about(None::<&str>);
    }
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for (i, id) in ids.into_iter().enumerate() {
        let help = arg_help(path, &id);
        // The command's own options first, then the global -q/-v, then -V and -h.
        let order = match id.as_str() {
            "quiet" => 900,
            "verbose" => 901,
            "version" => 998,
            "help" => 999,
            _ => i,
        };
        cmd = cmd.mut_arg(&id, |a| localize_arg(a, help).display_order(order));
    }
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |s| localize(s, &sub_path));
    }
    cmd
}

/// A message without placeholders in this run's language, as the `&'static str` clap's
/// headings take.
fn fixed(m: Msg) -> &'static str {
    match crate::messages::lang() {
        crate::messages::Lang::Zh => m.zh,
        crate::messages::Lang::En => m.en,
    }
}

fn localize_arg(a: Arg, help: Option<Msg>) -> Arg {
    let mut text = match help {
        Some(m) => m.text(&[]),
        None => a.get_help().map(|h| h.to_string()).unwrap_or_default(),
    };
    let takes_value = a.get_action().takes_values();
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if takes_value && !values.is_empty() && !a.is_hide_possible_values_set() {
        text.push(' ');
        text.push_str(&crate::t!(cli::POSSIBLE_VALUES, values = values.join(", ")));
    }
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_value && !defaults.is_empty() && !a.is_hide_default_value_set() {
        text.push(' ');
        text.push_str(&crate::t!(cli::DEFAULT_VALUE, value = defaults.join(", ")));
    }
    let heading = if a.is_positional() {
        cli::HEADING_ARGUMENTS
    } else {
        cli::HEADING_OPTIONS
    };
    let a = a.help(text).help_heading(fixed(heading));
    if takes_value {
        a.hide_default_value(true).hide_possible_values(true)
    } else {
        a
    }
}

/// `huimin help [COMMAND…]`: the help of the command named, like `huimin COMMAND --help`.
fn help(cmd: &mut clap::Command, matches: &clap::ArgMatches) -> ExitCode {
    let names: Vec<String> = matches
        .get_many::<String>("command")
        .map(|v| v.cloned().collect())
        .unwrap_or_default();
    cmd.build();
    let mut target = cmd.clone();
    for name in &names {
        match target.find_subcommand(name) {
            Some(s) => target = s.clone(),
            None => {
                let mut e = cmd.error(ErrorKind::InvalidSubcommand, name);
                e.insert(ContextKind::InvalidSubcommand, ContextValue::String(name.clone()));
                return usage_error(e);
            }
        }
    }
    let bin = std::iter::once("huimin".to_string())
        .chain(names)
        .collect::<Vec<_>>()
        .join(" ");
    let mut target = target.bin_name(bin);
    let _ = target.print_help();
    ExitCode::SUCCESS
}

/// A clap error in our words; help and version are printed as they are.
fn usage_error(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    let get = |kind: ContextKind| -> Option<String> {
        match e.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join(", ")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::UnknownArgument => crate::t!(cli::USAGE_UNKNOWN_ARGUMENT, arg = arg),
        ErrorKind::InvalidSubcommand => crate::t!(
            cli::USAGE_UNKNOWN_COMMAND,
            arg = get(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => crate::t!(
            cli::USAGE_INVALID_VALUE,
            value = get(ContextKind::InvalidValue).unwrap_or_default(),
            arg = arg
        ),
        ErrorKind::MissingRequiredArgument => crate::t!(cli::USAGE_MISSING, args = arg),
        ErrorKind::MissingSubcommand => crate::t!(cli::USAGE_MISSING_COMMAND),
        ErrorKind::ArgumentConflict => crate::t!(
            cli::USAGE_CONFLICT,
            arg = arg,
            other = get(ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            crate::t!(cli::USAGE_NUMBER_OF_VALUES, arg = arg)
        }
        ErrorKind::InvalidUtf8 => crate::t!(cli::USAGE_NOT_UTF8),
        _ => crate::t!(cli::USAGE_OTHER),
    };
    let mut helps = Vec::new();
    if let Some(values) = get(ContextKind::ValidValue) {
        helps.push(crate::t!(cli::USAGE_VALID_VALUES, values = values));
    }
    for kind in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        if let Some(s) = get(kind) {
            helps.push(crate::t!(cli::USAGE_DID_YOU_MEAN, suggestion = s));
        }
    }
    let color = report::use_color();
    let label = |name: &str, code: &str| {
        if color {
            format!("\x1b[1;{code}m{name}:\x1b[0m")
        } else {
            format!("{name}:")
        }
    };
    let mut text = format!("{} {message}\n", label("error", "31"));
    for h in helps {
        text.push_str(&format!("{} {h}\n", label("help", "36")));
    }
    if let Some(usage) = get(ContextKind::Usage).or_else(usage_from_args) {
        let usage = usage.trim();
        let usage = usage.split_once(':').map_or(usage, |(_, u)| u.trim());
        // `huimin theme eject [OPTIONS] [NAME]` → `huimin theme eject`.
        let command: Vec<&str> = usage
            .split_whitespace()
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect();
        text.push_str(&format!("\n{}: {usage}\n", cli::HEADING_USAGE.text(&[])));
        text.push_str(&crate::t!(cli::USAGE_MORE, command = command.join(" ")));
        text.push('\n');
    }
    eprint!("{text}");
    ExitCode::from(2)
}

/// The usage of the command named on this run's command line, for the errors clap gives
/// without one (a value that does not parse).
fn usage_from_args() -> Option<String> {
    let mut cmd = command();
    cmd.build();
    let mut current = &cmd;
    let mut names = vec!["huimin".to_string()];
    for a in std::env::args().skip(1) {
        match current.find_subcommand(&a) {
            Some(s) => {
                names.push(a);
                current = s;
            }
            None if a.starts_with('-') => {}
            None => break,
        }
    }
    let mut target = current.clone().bin_name(names.join(" "));
    Some(target.render_usage().to_string())
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

/// A path as printed: without a leading `./`, control characters escaped.
fn shown(path: &Path) -> String {
    let s = report::shown_path(path);
    match s.strip_prefix("./").or_else(|| s.strip_prefix(".\\")) {
        Some(rest) => rest.to_string(),
        None => s,
    }
}

/// `text` in bold green when it goes to a terminal (never with `NO_COLOR`): `stdout` says
/// which stream it is printed on.
fn success(text: &str, stdout: bool) -> String {
    use std::io::IsTerminal;
    let terminal = if stdout {
        std::io::stdout().is_terminal() && report::use_color()
    } else {
        report::use_color()
    };
    if terminal {
        format!("\x1b[1;32m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// A path as a shell word an editor can paste: quoted when it holds spaces or quotes.
fn shell_word(path: &Path) -> String {
    let s = report::shown_path(path);
    if s.is_empty() || s.contains(|c: char| c.is_whitespace() || "\"'$`&|;()<>*?!#".contains(c)) {
        format!("\"{s}\"")
    } else {
        s
    }
}

/// `error: <text>` and `help: <text>`, the shape of every message huimin prints.
fn fail(message: &str, help: Option<&str>) {
    eprintln!("error: {message}");
    if let Some(h) = help {
        eprintln!("help: {h}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        command().debug_assert();
    }

    /// A new command or option needs its texts in `messages/cli.rs` and a line in [`about`]
    /// or [`arg_help`]; without them its help stays English under a Chinese locale.
    #[test]
    fn every_command_and_option_has_catalogue_texts() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            if about(path).is_none() {
                missing.push(format!("about of `huimin {path}`"));
            }
            for a in cmd.get_arguments() {
                if arg_help(path, a.get_id().as_str()).is_none() {
                    missing.push(format!("help of `{}` in `huimin {path}`", a.get_id()));
                }
            }
            for s in cmd.get_subcommands() {
                let sub = if path.is_empty() {
                    s.get_name().to_string()
                } else {
                    format!("{path} {}", s.get_name())
                };
                walk(s, &sub, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&command(), "", &mut missing);
        assert!(
            missing.is_empty(),
            "add to messages/cli.rs and to cmd/mod.rs `about`/`arg_help`: {missing:?}"
        );
    }
}
