//! huimin (惠民): a static site generator for Chinese public-culture sites.
//!
//! Data flows one way: [`load`] files → [`assemble`] the site model → render Markdown
//! [`bodies`] → [`render`] every route in parallel → write the [`output`] atomically.
//! [`build`] runs the whole pipeline.

pub mod activities;
pub mod assemble;
pub mod bodies;
pub mod build;
pub mod charts;
pub mod check;
pub mod cjk;
pub mod claims;
pub mod config;
pub mod dates;
pub mod diagnostics;
pub mod feeds;
pub mod frontmatter;
pub mod ics;
pub mod incremental;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod opendata;
pub mod output;
pub mod render;
pub mod report;
pub mod routes;
pub mod sanitize;
pub mod serve;
pub mod sitectx;
pub mod slug;
pub mod source;
pub mod stats;
pub mod theme;
pub mod views;
pub mod walk;
pub mod watch;
pub mod yaml;
