//! The keys an article or page may carry in its front matter.

use crate::diagnostics::Diagnostic;
use crate::input::dates::Date;
use crate::input::yaml::{self, Fields, Spans};
use crate::messages::content as m;
use crate::t;
use std::cell::RefCell;

/// Front matter of articles, pages and the home intro.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub category: Option<String>,
    pub pillar: Option<String>,
    pub author: Option<String>,
    pub cover: Option<String>,
    pub draft: bool,
    pub slug: Option<String>,
    /// Slugs of activity records this article reports on.
    pub activities: Vec<String>,
    /// Anything the editor wants templates to see (`page.extra.*`).
    pub extra: serde_json::Value,
    /// Where each key was written, for every later diagnostic about it.
    pub spans: Spans,
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

const EXAMPLE: &str = "  ---\n  title: 我与党旗合个影\n  date: 2024-07-01\n  ---";

/// Parse front matter YAML found at line 2 of `file`; every problem is reported, each at its
/// own line and column. Only a YAML syntax error stops the reading early.
pub fn parse(yaml_text: &str, file: &str, date_required: bool) -> Result<FrontMatter, Vec<Diagnostic>> {
    let origin = yaml::Origin { file, line_offset: 1 };
    let (node, problems) = yaml::parse_one(yaml_text, origin).map_err(|d| vec![d])?;
    let errors = RefCell::new(problems);
    let fm = match node.kind {
        yaml::Kind::Null => {
            errors.borrow_mut().push(
                Diagnostic::error(
                    file,
                    t!(
                        crate::messages::yaml::MISSING,
                        key = crate::messages::key_label("title")
                    ),
                )
                .at(2, 1)
                .code(crate::diagnostics::Code::MissingKey)
                .with_help(t!(m::FRONT_MATTER_NO_TITLE_HELP)),
            );
            None
        }
        _ => Fields::new(file, &node, &errors, &t!(m::THE_FRONT_MATTER), EXAMPLE).map(|f| read(f, date_required)),
    };
    let errors = errors.into_inner();
    match fm {
        Some(fm) if errors.is_empty() => Ok(fm),
        _ => Err(errors),
    }
}

fn read(mut f: Fields, date_required: bool) -> FrontMatter {
    let title = f.required_text("title", "我与党旗合个影").unwrap_or_default();
    let date = f.date("date");
    if date_required && f.get("date").is_none() && date.is_none() {
        f.missing("date", "2024-07-01");
    }
    let updated = f.date("updated");
    if let (Some(d), Some(u)) = (&date, &updated) {
        if u.day < d.day {
            f.error_at(
                "updated",
                t!(m::UPDATED_BEFORE_DATE, updated = u.iso(), date = d.iso()),
                t!(m::UPDATED_BEFORE_DATE_HELP),
            );
        }
    }
    let mut fm = FrontMatter {
        title,
        date,
        updated,
        summary: f.text("summary"),
        tags: f.texts("tags"),
        category: f.text("category"),
        pillar: f.text("pillar"),
        author: f.text("author"),
        cover: f.text("cover"),
        draft: f.flag("draft"),
        slug: f.text("slug"),
        activities: f.texts("activities"),
        extra: f.any("extra"),
        spans: Spans::default(),
    };
    fm.spans = f.finish(KEYS);
    fm
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

    #[test]
    fn five_mistakes_five_errors() {
        let text = "title: 标题\ndate: 明天\ntgas: [a]\nsumary: x\ndraft: 是\nupdated: [1]\n";
        let e = parse(text, "a.md", true).unwrap_err();
        let mut at: Vec<(usize, usize)> = e.iter().map(|d| (d.line, d.column)).collect();
        at.sort();
        assert_eq!(at, [(3, 7), (4, 1), (5, 1), (6, 8), (7, 10)], "{e:?}");
    }

    #[test]
    fn spans_are_kept() {
        let fm = parse("title: 标题\n\ndate: 2024-07-01\n", "a.md", true).unwrap();
        assert_eq!(fm.spans.line("date"), 4);
        assert_eq!(fm.spans.line("cover"), 2, "absent keys point at the front matter");
    }
}
