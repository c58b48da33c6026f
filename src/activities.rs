//! Activity records: the YAML files in `content/activities/`, one record or a list per file.

use crate::dates::Date;
use crate::diagnostics::Diagnostic;
use crate::frontmatter::{key_line, one_or_many};
use crate::markdown::Rendered;
use crate::slug::slugify;
use crate::yaml;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One activity as the editor records it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub title: String,
    pub date: Date,
    #[serde(default)]
    pub end_date: Option<Date>,
    pub category: String,
    #[serde(default)]
    pub pillar: Option<String>,
    #[serde(default)]
    pub series: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub organizer: Option<String>,
    /// People reached.
    #[serde(default)]
    pub participants: Option<u64>,
    /// Sessions or performances; 1 when not given.
    #[serde(default = "one")]
    pub sessions: u64,
    #[serde(default, deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    /// Markdown, same rules as articles.
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub images: Vec<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

fn one() -> u64 {
    1
}

pub const KEYS: &[&str] = &[
    "title",
    "date",
    "end_date",
    "category",
    "pillar",
    "series",
    "location",
    "organizer",
    "participants",
    "sessions",
    "tags",
    "summary",
    "body",
    "images",
    "slug",
    "draft",
    "extra",
];

/// A record placed in the site: its slug, URL and rendered body.
#[derive(Debug, Clone)]
pub struct Activity {
    /// Source file relative to the site root.
    pub source: String,
    pub file: PathBuf,
    /// Line in the file where the record starts (1-based).
    pub line: usize,
    /// Lines before the record's `body:` text, for diagnostics in the body.
    pub body_line_offset: usize,
    pub record: Record,
    pub slug: String,
    /// `activities/<slug>/`.
    pub path: String,
    pub rendered: Rendered,
    /// Resolved image links, in the order given.
    pub image_urls: Vec<String>,
    pub assets: Vec<(PathBuf, String)>,
    /// Indices of articles that list this record in `activities:`.
    pub articles: Vec<usize>,
}

/// A record as parsed from its file, with where it sits.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub record: Record,
    /// Line where the record starts (1-based).
    pub line: usize,
    /// Lines before the text of `body:`.
    pub body_line_offset: usize,
    pub slug: String,
}

/// Parse one activity file; `stem` is the file name without extension.
pub fn parse_file(text: &str, file: &str, stem: &str) -> Result<Vec<Parsed>, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::error(file, "the file holds no activity record")
            .at(1, 1)
            .with_help(
                "write at least `title:`, `date:` and `category:`, or delete the file",
            )]);
    }
    let items: Vec<(String, usize)> = if yaml::is_sequence(text) {
        yaml::sequence_items(text)
    } else {
        vec![(text.to_string(), 0)]
    };
    let many = items.len() > 1 || yaml::is_sequence(text);
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (n, (item, offset)) in items.iter().enumerate() {
        match parse_record(item, file, *offset) {
            Ok(record) => {
                let slug = match &record.slug {
                    Some(s) => slugify(s),
                    None if many => format!("{}-{}", slugify(stem), n + 1),
                    None => slugify(stem),
                };
                let body_offset = key_line(item, "body").map(|l| l + offset).unwrap_or(*offset);
                out.push(Parsed {
                    record,
                    line: offset + 1,
                    body_line_offset: body_offset,
                    slug,
                });
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn parse_record(text: &str, file: &str, line_offset: usize) -> Result<Record, Vec<Diagnostic>> {
    let origin = yaml::Origin { file, line_offset };
    let record: Record = yaml::parse(text, origin, KEYS).map_err(|d| vec![d])?;
    let at = |key: &str| key_line(text, key).map(|l| l + line_offset).unwrap_or(line_offset + 1);
    let mut errors = Vec::new();
    if record.title.trim().is_empty() {
        errors.push(
            Diagnostic::error(file, "`title` is empty")
                .at(at("title"), 1)
                .with_help("name the activity"),
        );
    }
    if record.category.trim().is_empty() {
        errors.push(
            Diagnostic::error(file, "`category` is empty")
                .at(at("category"), 1)
                .with_help("give the kind of activity, for example `category: 文艺演出`"),
        );
    }
    if let Some(end) = &record.end_date {
        if end.day < record.date.day {
            errors.push(
                Diagnostic::error(
                    file,
                    format!("`end_date` ({}) is before `date` ({})", end.iso(), record.date.iso()),
                )
                .at(at("end_date"), 1)
                .with_help("an activity ends on or after the day it starts: swap or correct the dates"),
            );
        }
    }
    if record.sessions == 0 {
        errors.push(
            Diagnostic::error(file, "`sessions` must be at least 1")
                .at(at("sessions"), 1)
                .with_help("give the number of sessions or performances, or leave the key out for 1"),
        );
    }
    if errors.is_empty() {
        Ok(record)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_record_takes_file_stem() {
        let r = parse_file(
            "title: 合影\ndate: 2024-07-01\ncategory: 红色文化\n",
            "a.yaml",
            "2024-07-01-dangqi",
        )
        .unwrap();
        assert_eq!(r[0].slug, "2024-07-01-dangqi");
        assert_eq!(r[0].record.sessions, 1);
    }

    #[test]
    fn list_records_are_each_checked() {
        let text = "- title: a\n  date: 2024-07-01\n  category: x\n  slug: one\n- title: b\n  date: 2024-07-02\n  category: x\n  participants: 很多\n";
        let e = parse_file(text, "a.yaml", "list").unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, 8, "{}", e[0]);
        assert!(e[0].message.contains("participants"), "{}", e[0]);
    }

    #[test]
    fn end_before_start() {
        let e = parse_file(
            "title: a\ndate: 2024-07-02\nend_date: 2024-07-01\ncategory: x\n",
            "a.yaml",
            "a",
        )
        .unwrap_err();
        assert_eq!(e[0].line, 3);
    }
}
