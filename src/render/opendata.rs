//! `/activities/index.json`: the records as open data for the bureau's other channels.
//!
//! The schema is documented in the README and versioned: add fields, never rename or remove.

use crate::site::model::{Activity, Site};
use serde::Serialize;

/// Schema version; bump only for incompatible changes.
pub const VERSION: u32 = 1;

#[cfg(test)]
#[derive(Serialize)]
pub struct Document<'a> {
    pub version: u32,
    pub site: SiteInfo<'a>,
    pub count: usize,
    pub activities: Vec<Record<'a>>,
}

#[derive(Serialize)]
pub struct SiteInfo<'a> {
    pub title: &'a str,
    pub url: String,
}

/// One record; every key is always present (`null` or `[]` when empty).
#[derive(Serialize)]
pub struct Record<'a> {
    pub slug: &'a str,
    pub url: String,
    pub title: &'a str,
    pub date: String,
    pub end_date: Option<String>,
    pub category: &'a str,
    pub pillar: Option<&'a str>,
    pub series: Option<&'a str>,
    pub location: Option<&'a str>,
    pub organizer: Option<&'a str>,
    pub participants: Option<u64>,
    pub sessions: u64,
    pub tags: &'a [String],
    pub summary: Option<&'a str>,
    pub images: Vec<String>,
    pub articles: Vec<String>,
}

/// One record as the document lists it.
pub fn record<'a>(site: &'a Site, a: &'a Activity) -> Record<'a> {
    let to_abs = |link: &String| format!("{}{}", site.base.origin, link);
    let r = &a.record;
    Record {
        slug: &a.slug,
        url: site.base.absolute(&a.path),
        title: &r.title,
        date: r.date.day.format("%Y-%m-%d").to_string(),
        end_date: r.end_date.as_ref().map(|d| d.day.format("%Y-%m-%d").to_string()),
        category: &r.category,
        pillar: r.pillar.as_deref(),
        series: r.series.as_deref(),
        location: r.location.as_deref(),
        organizer: r.organizer.as_deref(),
        participants: r.participants,
        sessions: r.sessions,
        tags: &r.tags,
        summary: r.summary.as_deref(),
        images: a
            .image_urls
            .iter()
            .map(|u| if u.starts_with('/') { to_abs(u) } else { u.clone() })
            .collect(),
        articles: a
            .articles
            .iter()
            .map(|&i| site.base.absolute(&site.articles[i].path))
            .collect(),
    }
}

/// The whole document, newest record first (what [`write`] makes, as a value: for tests).
#[cfg(test)]
pub fn document(site: &Site) -> Document<'_> {
    let activities: Vec<Record> = site.activities.iter().map(|a| record(site, a)).collect();
    Document {
        version: VERSION,
        site: site_info(site),
        count: activities.len(),
        activities,
    }
}

fn site_info(site: &Site) -> SiteInfo<'_> {
    SiteInfo {
        title: &site.config.title,
        url: site.base.absolute(""),
    }
}

/// One record's entry as it stands in the pretty-printed document: indented to its place in
/// the list, without the comma between entries. Kept per record by [`super::pieces`], so the
/// document after an edit is mostly concatenation.
pub fn entry(site: &Site, a: &Activity) -> String {
    indented(&pretty(&record(site, a)), "    ", true)
}

/// The document (`serde_json::to_vec_pretty` of [`document`], and a newline) from the
/// records' [`entry`]s, in order.
pub fn write<'a>(site: &Site, entries: impl ExactSizeIterator<Item = &'a str>) -> Vec<u8> {
    let count = entries.len();
    let mut out = String::with_capacity(64 + count * 1024);
    out.push_str(&format!("{{\n  \"version\": {VERSION},\n  \"site\": "));
    out.push_str(&indented(&pretty(&site_info(site)), "  ", false));
    out.push_str(&format!(",\n  \"count\": {count},\n  \"activities\": "));
    if count == 0 {
        out.push_str("[]");
    } else {
        out.push_str("[\n");
        for (n, e) in entries.enumerate() {
            if n > 0 {
                out.push_str(",\n");
            }
            out.push_str(e);
        }
        out.push_str("\n  ]");
    }
    out.push_str("\n}\n");
    out.into_bytes()
}

fn pretty(value: &impl Serialize) -> String {
    // Serialising plain data to a String cannot fail.
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// `text` with `indent` before each line (the first one too when `first`). JSON strings
/// escape their line breaks, so every line break is the printer's.
fn indented(text: &str, indent: &str, first: bool) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        if n > 0 || first {
            out.push_str(indent);
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indenting_pretty_json_keeps_line_breaks_inside_strings_escaped() {
        let text = pretty(&serde_json::json!({"a": "x\ny", "b": [1]}));
        assert_eq!(
            indented(&text, "  ", true),
            "  {\n    \"a\": \"x\\ny\",\n    \"b\": [\n      1\n    ]\n  }"
        );
    }
}
