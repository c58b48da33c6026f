//! `huimin serve`: the live preview.

use super::missing_root;
use crate::pipeline::BuildOptions;
use crate::preview::server::{self, ServeOptions};
use std::path::PathBuf;
use std::process::ExitCode;

pub(super) fn run(
    root: PathBuf,
    port: u16,
    bind: std::net::IpAddr,
    drafts: bool,
    open: bool,
    output: Option<PathBuf>,
) -> ExitCode {
    if let Some(code) = missing_root(&root) {
        return code;
    }
    let opts = ServeOptions {
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
    ExitCode::from(server::serve(opts))
}
