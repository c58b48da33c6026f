//! The keys an article or page may carry in its front matter.

use crate::dates::Date;
use crate::diagnostics::Diagnostic;
use crate::yaml;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// Front matter of articles, pages and the home intro.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub pillar: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub cover: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub slug: Option<String>,
    /// Slugs of activity records this article reports on.
    #[serde(default, deserialize_with = "one_or_many")]
    pub activities: Vec<String>,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

pub const KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "summary",
    "tags",
    "category",
    "pillar",
    "author",
    "cover",
    "draft",
    "slug",
    "activities",
    "extra",
];

/// Accept `tags: 红色文化` as well as `tags: [红色文化, 志愿服务]`.
pub fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v,
    })
}

/// Parse front matter YAML found at line 2 of `file`; checks that need the whole text are done here.
pub fn parse(yaml_text: &str, file: &str, date_required: bool) -> Result<FrontMatter, Vec<Diagnostic>> {
    let origin = yaml::Origin { file, line_offset: 1 };
    let text = if yaml_text.trim().is_empty() { "{}" } else { yaml_text };
    let fm: FrontMatter = yaml::parse(text, origin, KEYS).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let line_of = |key: &str| key_line(yaml_text, key).map(|l| l + 1).unwrap_or(1);
    if fm.title.trim().is_empty() {
        errors.push(
            Diagnostic::error(file, "`title` is empty")
                .at(line_of("title"), 1)
                .with_help("give the page a title, for example `title: 我与党旗合个影`"),
        );
    }
    if date_required && fm.date.is_none() {
        errors.push(
            Diagnostic::error(file, "missing required key `date`")
                .at(1, 1)
                .with_help("add the publication date, for example `date: 2024-07-01`"),
        );
    }
    if let (Some(d), Some(u)) = (&fm.date, &fm.updated) {
        if u.day < d.day {
            errors.push(
                Diagnostic::error(file, format!("`updated` ({}) is before `date` ({})", u.iso(), d.iso()))
                    .at(line_of("updated"), 1)
                    .with_help("`updated` is when the article last changed: it cannot be before it was published"),
            );
        }
    }
    if errors.is_empty() {
        Ok(fm)
    } else {
        Err(errors)
    }
}

/// 1-based line of a top-level `key:` in YAML text (top level: the first key's indentation).
pub fn key_line(yaml_text: &str, key: &str) -> Option<usize> {
    let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let top = yaml_text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(indent_of)?;
    yaml_text
        .lines()
        .position(|l| {
            indent_of(l) == top
                && l[top..]
                    .strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_full_front_matter() {
        let fm = parse(
            "title: 标题\ndate: 2024-07-01\ntags: 红色文化\ndraft: true\n",
            "a.md",
            true,
        )
        .unwrap();
        assert_eq!(fm.tags, vec!["红色文化"]);
        assert!(fm.draft);
    }

    #[test]
    fn errors_are_located_in_the_file() {
        let e = parse("title: x\ndate: 明天\n", "a.md", true).unwrap_err();
        assert_eq!(e[0].line, 3, "{}", e[0]);
        assert!(e[0].message.contains("date"), "{}", e[0]);
        let e = parse("title: \"\"\ndate: 2024-01-01\n", "a.md", true).unwrap_err();
        assert_eq!(e[0].message, "`title` is empty");
        let e = parse("date: 2024-01-01\n", "a.md", true).unwrap_err();
        assert!(e[0].message.contains("`title`"));
        let e = parse("title: a\n", "a.md", true).unwrap_err();
        assert!(e[0].message.contains("`date`"));
        assert!(parse("title: a\n", "a.md", false).is_ok());
    }
}
