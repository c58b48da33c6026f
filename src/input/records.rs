//! Activity records: the YAML files in `content/activities/`, one record or a list per file.

use crate::diagnostics::Diagnostic;
use crate::input::dates::Date;
use crate::input::yaml::{self, Fields, Kind, Node, Spans};
use crate::messages::content as m;
use crate::site::slug::slugify;
use crate::t;
use std::cell::RefCell;

/// One activity as the editor records it.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub title: String,
    pub date: Date,
    pub end_date: Option<Date>,
    pub category: String,
    pub pillar: Option<String>,
    pub series: Option<String>,
    pub location: Option<String>,
    pub organizer: Option<String>,
    /// People reached.
    pub participants: Option<u64>,
    /// Sessions or performances; 1 when not given.
    pub sessions: u64,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    /// Markdown, same rules as articles; taken once rendered (`bodies::render_activity`).
    pub body: Option<String>,
    /// The images' files, in order (`images: [a.jpg]` or `images: [{src: a.jpg, alt: …}]`).
    pub images: Vec<String>,
    /// Alt text and caption of each image, in the same order.
    pub image_texts: Vec<ImageText>,
    pub slug: Option<String>,
    pub draft: bool,
    pub extra: serde_json::Value,
    /// Where each key was written.
    pub spans: Spans,
}

/// What an editor wrote about one of a record's images.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageText {
    pub alt: Option<String>,
    pub caption: Option<String>,
    /// Where the item is written.
    pub pos: yaml::Pos,
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

const EXAMPLE: &str = "  title: 我与党旗合个影\n  date: 2024-07-01\n  category: 红色文化";

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

/// Parse one activity file; `stem` is the file name without extension. Any YAML list of
/// mappings (block or flow, indented or not) gives all its records; every problem in every
/// record is reported.
pub fn parse_file(text: &str, file: &str, stem: &str) -> Result<Vec<Parsed>, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::error(file, t!(m::NO_RECORD))
            .at(1, 1)
            .with_help(t!(m::NO_RECORD_HELP))]);
    }
    let origin = yaml::Origin { file, line_offset: 0 };
    let (root, problems) = yaml::parse_one(text, origin).map_err(|d| vec![d])?;
    let errors = RefCell::new(problems);
    let (items, many): (Vec<&Node>, bool) = match &root.kind {
        Kind::Seq(items) => (items.iter().collect(), true),
        _ => (vec![&root], false),
    };
    if many && items.is_empty() {
        errors.borrow_mut().push(
            Diagnostic::error(file, t!(m::EMPTY_LIST))
                .at(root.pos.line, root.pos.col)
                .with_help(t!(m::EMPTY_LIST_HELP)),
        );
    }
    let mut out = Vec::new();
    for (n, item) in items.into_iter().enumerate() {
        let what = if many { t!(m::EACH_RECORD) } else { t!(m::A_RECORD) };
        let Some(fields) = Fields::new(file, item, &errors, &what, EXAMPLE) else {
            continue;
        };
        let Some(record) = read(fields) else { continue };
        let slug = match &record.slug {
            Some(s) => slugify(s),
            None if many => format!("{}-{}", slugify(stem), n + 1),
            None => slugify(stem),
        };
        let body_line_offset = if record.spans.has("body") {
            body_start(item).saturating_sub(1)
        } else {
            item.pos.line.saturating_sub(1)
        };
        if slug.is_empty() {
            errors.borrow_mut().push(
                Diagnostic::error(file, t!(m::NO_RECORD_SLUG))
                    .at(record.spans.line("slug"), 1)
                    .with_help(t!(m::NO_RECORD_SLUG_HELP)),
            );
            continue;
        }
        out.push(Parsed {
            line: item.pos.line,
            body_line_offset,
            slug,
            record,
        });
    }
    let errors = errors.into_inner();
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// File line where the text of `body:` starts (a block scalar starts on the line after `|`).
fn body_start(item: &Node) -> usize {
    match &item.kind {
        Kind::Map(entries) => entries
            .iter()
            .find(|e| e.key == "body")
            .map(|e| e.value.pos.line)
            .unwrap_or(item.pos.line),
        _ => item.pos.line,
    }
}

/// Read one record's keys; `None` when a required part is missing or wrong.
pub(crate) fn read(mut f: Fields) -> Option<Record> {
    let title = f.required_text("title", "我与党旗合个影");
    let date = f.date("date");
    if date.is_none() && f.get("date").is_none() {
        f.missing("date", "2024-07-01");
    }
    let category = f.required_text("category", "文艺演出");
    let end_date = f.date("end_date");
    let sessions = match f.get("sessions") {
        Some(_) => f.count("sessions"),
        None => Some(1),
    };
    if sessions == Some(0) {
        f.error_at("sessions", t!(m::SESSIONS_ZERO), t!(m::SESSIONS_ZERO_HELP));
    }
    let participants = match f.get("participants") {
        Some(_) => f.count("participants").map(Some),
        None => Some(None),
    };
    if let (Some(end), Some(start)) = (&end_date, &date) {
        if end.day < start.day {
            f.error_at(
                "end_date",
                t!(m::END_BEFORE_START, end = end.iso(), start = start.iso()),
                t!(m::END_BEFORE_START_HELP),
            );
        }
    }
    let mut record = Record {
        title: title.unwrap_or_default(),
        date: date.clone().unwrap_or_else(|| Date::from_day(chrono::NaiveDate::MIN)),
        end_date,
        category: category.clone().unwrap_or_default(),
        pillar: f.text("pillar"),
        series: f.text("series"),
        location: f.text("location"),
        organizer: f.text("organizer"),
        participants: participants.flatten(),
        sessions: sessions.unwrap_or(1).max(1),
        tags: f.texts("tags"),
        summary: f.text("summary"),
        body: f.text("body"),
        images: Vec::new(),
        image_texts: Vec::new(),
        slug: f.text("slug"),
        draft: f.flag("draft"),
        extra: f.any("extra"),
        spans: Spans::default(),
    };
    (record.images, record.image_texts) = images(&mut f);
    let complete = date.is_some() && category.is_some() && !record.title.is_empty() && participants.is_some();
    let complete = complete && matches!(sessions, Some(n) if n > 0);
    record.spans = f.finish(KEYS);
    complete.then_some(record)
}

/// `images:` as a plain list of files, or a list of `{src, alt, caption}` (mixed is fine).
fn images(f: &mut Fields) -> (Vec<String>, Vec<ImageText>) {
    let example = "  images:\n    - src: photo1.jpg\n      alt: 志愿者为老人讲解\n      caption: 活动现场";
    let Some(node) = f.get("images") else {
        return (Vec::new(), Vec::new());
    };
    let items: Vec<&Node> = match &node.kind {
        Kind::Seq(items) => items.iter().collect(),
        _ => vec![node],
    };
    let (mut srcs, mut texts) = (Vec::new(), Vec::new());
    for item in items {
        match &item.kind {
            Kind::Null => {}
            Kind::Scalar { text, .. } => {
                srcs.push(text.clone());
                texts.push(ImageText {
                    pos: item.pos,
                    ..Default::default()
                });
            }
            _ => {
                let Some(mut m) = Fields::new(f.file_name(), item, f.errors(), "each image of `images`", example)
                else {
                    continue;
                };
                let src = m.required_text("src", "photo1.jpg");
                let text = ImageText {
                    alt: m.text("alt").filter(|a| !a.trim().is_empty()),
                    caption: m.text("caption").filter(|c| !c.trim().is_empty()),
                    pos: item.pos,
                };
                m.finish(&["src", "alt", "caption"]);
                if let Some(src) = src {
                    srcs.push(src);
                    texts.push(text);
                }
            }
        }
    }
    (srcs, texts)
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
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].line, 8, "{}", e[0]);
        assert!(e[0].message.contains("participants"), "{}", e[0]);
    }

    #[test]
    fn flow_and_indented_lists_give_every_record() {
        for text in [
            "[{title: a, date: 2024-07-01, category: x}, {title: b, date: 2024-07-02, category: x}]",
            "  - title: a\n    date: 2024-07-01\n    category: x\n  - title: b\n    date: 2024-07-02\n    category: x\n",
            "-\n  title: a\n  date: 2024-07-01\n  category: x\n-\n  title: b\n  date: 2024-07-02\n  category: x\n",
        ] {
            let r = parse_file(text, "a.yaml", "list").unwrap();
            assert_eq!(r.len(), 2, "{text}");
            assert_eq!(r[1].record.title, "b");
        }
        let r = parse_file("  - title: a\n    date: 2024-07-01\n    category: x\n  - title: b\n    date: 2024-07-02\n    category: x\n", "a.yaml", "l").unwrap();
        assert_eq!((r[0].line, r[1].line), (1, 4));
    }

    #[test]
    fn second_and_fourth_wrong_both_reported() {
        let ok = |t: &str| format!("- title: {t}\n  date: 2024-07-01\n  category: x\n");
        let text = format!(
            "{}- title: b\n  date: 明天\n  category: x\n{}- title: d\n  date: 2024-07-01\n  category: x\n  sesions: 2\n",
            ok("a"),
            ok("c")
        );
        let e = parse_file(&text, "a.yaml", "list").unwrap_err();
        let lines: Vec<usize> = e.iter().map(|d| d.line).collect();
        assert_eq!(lines, [5, 13], "{e:?}");
    }

    #[test]
    fn body_text_does_not_confuse_key_positions() {
        let text = "title: a\ndate: 2024-07-01\ncategory: x\nbody: |\n  images: 这不是键\n  第二行\nimages: [a.jpg]\n";
        let r = parse_file(text, "a.yaml", "a").unwrap();
        assert_eq!(r[0].record.spans.line("images"), 7);
        assert_eq!(r[0].body_line_offset, 4);
    }

    #[test]
    fn several_documents_are_an_error() {
        let e = parse_file(
            "title: a\ndate: 2024-07-01\ncategory: x\n---\ntitle: b\n",
            "a.yaml",
            "a",
        )
        .unwrap_err();
        assert!(e[0].message.contains("several YAML documents"), "{e:?}");
    }

    #[test]
    fn images_take_alt_and_caption_or_plain_names() {
        let text = "title: a\ndate: 2024-07-01\ncategory: x\nimages:\n  - a.jpg\n  - src: b.jpg\n    alt: 合影\n    caption: 现场\n";
        let r = parse_file(text, "a.yaml", "a").unwrap();
        let rec = &r[0].record;
        assert_eq!(rec.images, ["a.jpg", "b.jpg"]);
        assert_eq!(rec.image_texts[0].alt, None);
        assert_eq!(rec.image_texts[1].alt.as_deref(), Some("合影"));
        assert_eq!(rec.image_texts[1].caption.as_deref(), Some("现场"));
        assert_eq!(rec.image_texts[1].pos.line, 6);
        let e = parse_file(
            "title: a\ndate: 2024-07-01\ncategory: x\nimages: [{alt: x}, {src: b.jpg, titel: y}]\n",
            "a.yaml",
            "a",
        )
        .unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
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
