//! `huimin completions bash|zsh|fish|powershell|elvish`: clap_complete's script on
//! standard output, with the help texts in this run's language.

use std::process::ExitCode;

pub(super) fn run(shell: clap_complete::Shell, mut cmd: clap::Command) -> ExitCode {
    clap_complete::generate(shell, &mut cmd, "huimin", &mut std::io::stdout());
    ExitCode::SUCCESS
}
