//! huimin (惠民): a static site generator for Chinese public-culture sites.
//!
//! Data flows one way, and the folders name the stages: [`input`] reads and parses every
//! file → [`site`] assembles and checks the site model → [`markdown`] renders bodies →
//! [`render`] renders every route in parallel → [`output`] writes atomically.
//! [`pipeline`] runs them in order; [`cmd`] is the command line; [`preview`] keeps a site in
//! memory for `serve`; [`diagnostics`] are the problems every stage reports.

mod cmd;
mod diagnostics;
mod escape;
mod images;
mod input;
mod markdown;
mod messages;
mod output;
mod paths;
mod pipeline;
mod preview;
mod render;
mod search;
mod site;

#[cfg(test)]
mod properties;

pub use cmd::run;
pub use pipeline::BuildOptions;
pub use preview::session::Session;
