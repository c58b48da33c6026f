//! Stage 2 and 3: the site model ([`model`]) assembled from what `input` parsed
//! ([`assemble`]), every output it has ([`routes`]) and who claims each file ([`claims`]),
//! Markdown bodies rendered with their links resolved ([`bodies`], [`links`]), and the checks
//! that need the whole site ([`checks`], [`stats`]). Slugs are made in [`slug`].

pub(crate) mod assemble;
pub(crate) mod bodies;
pub(crate) mod checks;
pub(crate) mod claims;
pub(crate) mod held;
pub(crate) mod links;
pub(crate) mod model;
pub(crate) mod routes;
pub(crate) mod slug;
pub(crate) mod stats;
