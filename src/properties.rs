//! Property tests: the pure text functions must never panic on arbitrary bytes or Unicode,
//! and must keep their invariants (no CR after decoding, substrings after splitting,
//! ASCII slugs, unbreakable ICS lines, ...).

use crate::input::{dates::Date, frontmatter, records as activities, text as source};
use crate::markdown::{self, LinkKind};
use crate::render::calendar as ics;
use crate::site::slug::slugify;
use proptest::prelude::*;

const BOM: char = '\u{FEFF}';

/// Strings assembled from pieces that matter to the function under test, so the
/// interesting structure (delimiters, line ends, BOMs) shows up far more often than in
/// uniformly random text.
fn pieces(parts: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(parts), 0..max).prop_map(|v| v.concat())
}

/// Arbitrary Unicode, or a mix of the given pieces, or both interleaved.
fn text_with(parts: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        pieces(parts, max),
        (pieces(parts, max), any::<String>(), pieces(parts, max)).prop_map(|(a, b, c)| format!("{a}{b}{c}")),
    ]
}

/// Byte offset of `part` inside `whole`, when `part` is a sub-slice of it.
fn offset_in(whole: &str, part: &str) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (start + part.len() <= whole.len()).then_some(start)
}

// ---------------------------------------------------------------------------------------------
// source::decode

const DECODE_PIECES: &[&str] = &[
    "\u{FEFF}", "\r", "\n", "\r\n", "\n\r", "---", "title: x", "中文", "a", " ", "\u{2028}", "\0",
];

fn decode_input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        text_with(DECODE_PIECES, 40).prop_map(String::into_bytes),
        // Valid UTF-8 followed by arbitrary bytes: the error path with a non-zero `valid_up_to`.
        (
            text_with(DECODE_PIECES, 20),
            proptest::collection::vec(any::<u8>(), 0..40)
        )
            .prop_map(|(s, b)| {
                let mut v = s.into_bytes();
                v.extend(b);
                v
            }),
        // GBK-encoded Chinese text, sometimes cut in the middle of a character.
        ("[\u{4e00}-\u{9fa5}a-z\n]{0,80}", any::<prop::sample::Index>()).prop_map(|(s, cut)| {
            let (gbk, _, _) = encoding_rs::GBK.encode(&s);
            let bytes = gbk.into_owned();
            let n = if bytes.is_empty() {
                0
            } else {
                cut.index(bytes.len() + 1)
            };
            bytes[..n].to_vec()
        }),
    ]
}

proptest! {
    #[test]
    fn decode_never_panics_and_leaves_no_cr_or_bom(bytes in decode_input()) {
        match source::decode(bytes.clone(), "a.md") {
            Ok(text) => {
                prop_assert!(!text.contains('\r'), "CR left in {text:?}");
                prop_assert!(!text.starts_with(BOM), "leading BOM left in {text:?}");
                prop_assert!(!text.contains('\0'), "NUL left in {text:?}");
                // Only BOMs, NULs (U+FFFD, as CommonMark says) and line ends change.
                let input = std::str::from_utf8(&bytes).expect("Ok means the input was UTF-8");
                let expected = input
                    .trim_start_matches(BOM)
                    .replace('\0', "\u{FFFD}")
                    .replace("\r\n", "\n")
                    .replace('\r', "\n");
                prop_assert_eq!(text, expected);
            }
            Err(d) => {
                prop_assert!(std::str::from_utf8(&bytes).is_err(), "valid UTF-8 refused: {d}");
                prop_assert_eq!(&d.file, "a.md");
                prop_assert!(d.line >= 1, "not located: {d}");
                prop_assert!(d.message.contains("not UTF-8"), "{d}");
            }
        }
    }
}

#[test]
fn decode_names_gbk() {
    let (gbk, _, _) =
        encoding_rs::GBK.encode("---\ntitle: 文化馆\n---\n这是一篇用国标码保存的文章，讲述文化惠民工程。");
    let d = source::decode(gbk.into_owned(), "a.md").unwrap_err();
    assert!(d.message.contains("GBK"), "{d}");
}

#[test]
fn decode_strips_every_leading_bom() {
    let text = source::decode(b"\xEF\xBB\xBF\xEF\xBB\xBF---\ntitle: x\n---\n".to_vec(), "a.md").unwrap();
    assert!(!text.starts_with(BOM), "{text:?}");
    // What this breaks for the editor: the front matter is no longer recognised.
    let split = source::split_front_matter(&text, "a.md").unwrap();
    assert_eq!(split.front_matter, Some("title: x\n"));
}

// ---------------------------------------------------------------------------------------------
// source::split_front_matter

const SPLIT_PIECES: &[&str] = &[
    "---", "---\n", "--- \n", "...", "...\n", "\n", "\r\n", "\r", " ", "\t", "title: x", "中", "----", "- a",
    "\u{3000}", "\u{85}",
];

proptest! {
    #[test]
    fn split_front_matter_returns_substrings_with_exact_line_offset(text in text_with(SPLIT_PIECES, 30)) {
        let first_line = text.split('\n').next().unwrap_or("");
        match source::split_front_matter(&text, "a.md") {
            Ok(split) => {
                let body_start = offset_in(&text, split.body).expect("body is a substring of the input");
                prop_assert_eq!(&text[body_start..], split.body, "the body runs to the end of the input");
                match split.front_matter {
                    None => {
                        prop_assert_ne!(first_line.trim_end(), "---");
                        prop_assert_eq!(split.body, text.as_str());
                        prop_assert_eq!(split.body_line_offset, 0);
                    }
                    Some(fm) => {
                        prop_assert_eq!(first_line.trim_end(), "---");
                        let fm_start = offset_in(&text, fm).expect("front matter is a substring of the input");
                        prop_assert_eq!(fm_start, first_line.len() + 1, "the YAML starts on line 2");
                        prop_assert!(fm_start + fm.len() <= body_start);
                        // Between the YAML and the body there is exactly the closing line.
                        let closing = &text[fm_start + fm.len()..body_start];
                        prop_assert!(
                            matches!(closing.trim_end(), "---" | "..."),
                            "closing line {closing:?}"
                        );
                        prop_assert!(fm.is_empty() || fm.ends_with('\n'));
                        let newlines = text[..body_start].matches('\n').count();
                        if split.body.is_empty() && !text.ends_with('\n') {
                            // `---\ntitle: x\n---` (no newline after the closing line): the offset counts
                            // the closing line itself. Harmless: there is no body to locate.
                            prop_assert_eq!(split.body_line_offset, newlines + 1);
                        } else {
                            prop_assert_eq!(split.body_line_offset, newlines);
                        }
                    }
                }
            }
            Err(d) => {
                prop_assert_eq!(first_line.trim_end(), "---", "only an opened front matter can fail");
                prop_assert_eq!(d.line, 1);
                prop_assert!(d.message.contains("not closed"), "{d}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// markdown

const MD_PIECES: &[&str] = &[
    "\n",
    "\n\n",
    " ",
    "    ",
    "\t",
    "- ",
    "* ",
    "1. ",
    "> ",
    "# ",
    "## ",
    "###### ",
    "```",
    "~~~",
    "`",
    "*",
    "**",
    "_",
    "~~",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "[^1]",
    "[^1]: ",
    "<",
    ">",
    "<!-- more -->",
    "<div>",
    "</div>",
    "|",
    "|---|",
    "- [x] ",
    "{#id}",
    "\\",
    "&amp;",
    "&#0;",
    "中文",
    "，",
    "。",
    "“",
    "”",
    "a",
    "word",
    "http://x.cn",
    "a.md",
    "#",
    "---",
    "===",
    "\u{0}",
    "\r",
    "😀",
];

/// A resolver that fails on some destinations, so both the rewrite and the problem paths run.
fn picky(dest: &str, kind: LinkKind) -> Result<String, (String, Option<String>)> {
    if dest.len().is_multiple_of(3) || kind == LinkKind::Image && dest.contains('x') {
        Err(("nope".into(), Some("help".into())))
    } else {
        Ok(format!("/resolved/{dest}"))
    }
}

proptest! {
    #[test]
    fn markdown_never_panics(text in text_with(MD_PIECES, 80)) {
        let _ = markdown::render_plain(&text);
        let (rendered, _) = markdown::render(&text, &mut |d, _| Ok(d.to_string()));
        // The summary, when there is one, is a prefix of the page's own events: never longer than the page.
        if let Some(summary) = &rendered.summary_html {
            prop_assert!(summary.len() <= rendered.html.len());
        }
        let (_, problems) = markdown::render(&text, &mut picky);
        for p in problems {
            prop_assert!(p.offset <= text.len() && text.is_char_boundary(p.offset), "bad offset {}", p.offset);
            let _ = crate::diagnostics::line_col(&text, p.offset);
        }
    }

    #[test]
    fn cjk_soft_break_vanishes(a in "[\u{4e00}-\u{9fff}]{1,20}", b in "[\u{4e00}-\u{9fff}]{1,20}") {
        let html = markdown::render_plain(&format!("{a}\n{b}"));
        prop_assert!(html.contains(&format!("{a}{b}")), "{html}");
    }

    #[test]
    fn latin_soft_break_stays(a in "[a-zA-Z]{1,12}", b in "[a-zA-Z]{1,12}") {
        let html = markdown::render_plain(&format!("{a}\n{b}"));
        prop_assert!(html.contains(&format!("{a}\n{b}")), "{html}");
    }

    #[test]
    fn heading_id_never_panics_and_is_never_empty(s in any::<String>()) {
        let id = markdown::heading_id(&s);
        prop_assert!(!id.is_empty());
        prop_assert!(!id.starts_with('-') && !id.ends_with('-'), "{id:?}");
    }

    #[test]
    fn excerpt_respects_its_length(s in any::<String>(), max in 0usize..50) {
        let e = crate::markdown::cjk::excerpt(&s, max);
        prop_assert!(e.chars().count() <= max + 1);
    }
}

#[test]
fn markdown_survives_deep_nesting() {
    for depth in [200, 2_000] {
        for md in [
            ">".repeat(depth) + " 深",
            "- ".repeat(depth) + "深",
            (0..depth).map(|i| format!("{}- 第{i}层\n", "  ".repeat(i))).collect(),
            "*".repeat(depth) + "强调" + &"*".repeat(depth),
            "[".repeat(depth) + "链接" + &"](a.md)".repeat(depth),
        ] {
            let html = markdown::render_plain(&md);
            assert!(!html.is_empty(), "depth {depth}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// slug

fn slug_input() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 \\-_.,/!《》（）·、\u{4e00}-\u{9fff}\u{3040}-\u{30ff}\u{ac00}-\u{d7af}ÀÉÎøßæœ😀]{0,40}",
    ]
}

proptest! {
    #[test]
    fn slugs_are_clean_ascii_and_idempotent(s in slug_input()) {
        let slug = slugify(&s);
        prop_assert!(
            slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{s:?} -> {slug:?}"
        );
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-'), "{s:?} -> {slug:?}");
        prop_assert!(!slug.contains("--"), "{s:?} -> {slug:?}");
        prop_assert_eq!(slugify(&slug), slug.clone(), "not idempotent for {:?}", s);
    }
}

// ---------------------------------------------------------------------------------------------
// ics

/// Undo RFC 5545 TEXT escaping; `None` when the text holds something escaping can never produce.
fn unescape(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                'n' | 'N' => out.push('\n'),
                ',' => out.push(','),
                ';' => out.push(';'),
                '\\' => out.push('\\'),
                _ => return None,
            },
            // Unescaped separators would split the value.
            ',' | ';' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

const ICS_PIECES: &[&str] = &[
    "\\", "\\n", ";", ",", "\n", "\r", "\r\n", "\t", "\u{7}", "\u{0}", "\u{7f}", "\u{85}", "文", "a", " ", "😀",
    "\u{2028}",
];

proptest! {
    #[test]
    fn escape_text_round_trips(s in text_with(ICS_PIECES, 60)) {
        let escaped = ics::escape_text(&s);
        prop_assert!(!escaped.contains('\n') && !escaped.contains('\r'), "{escaped:?}");
        prop_assert!(!escaped.chars().any(|c| c.is_control() && c != '\t'), "{escaped:?}");
        // The documented contract: CR and control characters other than tab and LF are dropped.
        let expected: String = s.chars().filter(|&c| !c.is_control() || c == '\n' || c == '\t').collect();
        prop_assert_eq!(unescape(&escaped), Some(expected));
    }

    #[test]
    fn fold_line_keeps_lines_short_and_unfolds_back(line in "[^\r\n]{0,400}") {
        let folded = ics::fold_line(&line);
        for physical in folded.split("\r\n") {
            prop_assert!(physical.len() <= 75, "{} octets: {physical:?}", physical.len());
        }
        prop_assert_eq!(folded.replace("\r\n ", ""), line);
    }

    #[test]
    fn escaped_then_folded_lines_are_short(s in text_with(ICS_PIECES, 200)) {
        let folded = ics::fold_line(&format!("DESCRIPTION:{}", ics::escape_text(&s)));
        for physical in folded.split("\r\n") {
            prop_assert!(physical.len() <= 75, "{} octets: {physical:?}", physical.len());
            prop_assert!(!physical.contains('\n') && !physical.contains('\r'));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// dates

fn date_input() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9]{0,6}[-/.年]?[0-9]{0,3}[-/.月]?[0-9]{0,3}日?",
        "[0-9\\-/.年月日T:+Z ]{0,30}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,12})?(Z|[+-][0-9]{2}:[0-9]{2})",
        "[ \t\u{3000}]{0,2}[0-9٠-٩０-９]{4}[-年][0-9０-９]{1,2}[-月][0-9０-９]{1,2}日?[ \n]{0,2}",
    ]
}

proptest! {
    #[test]
    fn date_parse_never_panics_and_round_trips(s in date_input()) {
        if let Some(d) = Date::parse(&s) {
            let again = Date::parse(&d.iso()).expect("iso() output parses");
            prop_assert_eq!(again.day, d.day);
            prop_assert!(d.chinese().ends_with('日'));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// YAML: front matter and activity records

const YAML_PIECES: &[&str] = &[
    "title: ",
    "date: ",
    "updated: ",
    "tags: ",
    "slug: ",
    "draft: ",
    "extra: ",
    "activities: ",
    "category: ",
    "participants: ",
    "sessions: ",
    "end_date: ",
    "body: |\n  ",
    "- ",
    "\n",
    "  ",
    "\t",
    ":",
    " ",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "? ",
    "|",
    ">",
    "%YAML 1.2\n",
    "---\n",
    "...\n",
    "2024-07-01",
    "2024-02-30",
    "-1",
    "99999999999999999999999",
    "1e400",
    "~",
    "null",
    "true",
    "中文",
    "x",
    "\u{0}",
    "\u{FEFF}",
    "<<: *a\n",
    "base_url: ",
    "https://",
    "nav: ",
    "name: ",
    "url: ",
    "javascript:",
    "footer: ",
    "pillars: ",
    "feed: ",
    "limit: ",
    "markdown: ",
    "unsafe_html: ",
    "term_slugs: ",
    "\u{3000}",
    "\u{a0}",
];

/// A parse that takes longer than this on a small input is a hang.
const SMALL_INPUT_LIMIT: std::time::Duration = std::time::Duration::from_secs(2);

proptest! {
    #[test]
    fn front_matter_parse_never_panics(yaml in text_with(YAML_PIECES, 40), required in any::<bool>()) {
        match frontmatter::parse(&yaml, "a.md", required) {
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in errors {
                    prop_assert_eq!(&e.file, "a.md");
                    prop_assert!(!e.message.is_empty());
                    // Front matter starts on line 2 of its file.
                    prop_assert!(e.line >= 1 && e.line <= yaml.split('\n').count() + 1, "{:?}", e);
                }
            }
            Ok(fm) => {
                for key in ["title", "date", "slug"] {
                    let line = fm.spans.line(key);
                    prop_assert!(line >= 2 && line <= yaml.split('\n').count() + 1);
                }
            }
        }
    }

    #[test]
    fn activity_parse_never_panics(yaml in text_with(YAML_PIECES, 40), stem in "[a-z0-9\u{4e00}-\u{4e10}\\-]{0,8}") {
        match activities::parse_file(&yaml, "a.yaml", &stem) {
            Ok(records) => {
                for r in records {
                    prop_assert!(r.line >= 1);
                    prop_assert!(r.record.sessions >= 1);
                    prop_assert!(r.record.spans.line("title") >= 1);
                }
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in errors {
                    prop_assert!(e.line >= 1 && e.line <= yaml.split('\n').count() + 1, "{:?}", e);
                }
            }
        }
    }
}

proptest! {
    #[test]
    fn site_yaml_parse_never_panics_or_hangs(yaml in text_with(YAML_PIECES, 60)) {
        let started = std::time::Instant::now();
        match crate::input::config::parse(&yaml, "site.yaml") {
            Ok((_, base)) => prop_assert!(base.path.starts_with('/') && base.path.ends_with('/')),
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in errors {
                    prop_assert_eq!(&e.file, "site.yaml");
                    prop_assert!(e.line >= 1 && e.line <= yaml.split('\n').count() + 1, "{:?}", e);
                }
            }
        }
        prop_assert!(started.elapsed() < SMALL_INPUT_LIMIT);
    }

    #[test]
    fn whole_files_never_panic_or_hang(text in text_with(YAML_PIECES, 30), body in text_with(MD_PIECES, 30)) {
        // A Markdown file as an editor saves it: fences, front matter, body.
        let file = format!("---{text}\n---\n{body}");
        let started = std::time::Instant::now();
        if let Ok(split) = source::split_front_matter(&file, "a.md") {
            if let Some(fm) = split.front_matter {
                let _ = frontmatter::parse(fm, "a.md", true);
            }
            let _ = markdown::render(split.body, &mut picky);
        }
        let _ = activities::parse_file(&text, "a.yaml", "a");
        prop_assert!(started.elapsed() < SMALL_INPUT_LIMIT);
    }
}

#[test]
fn yaml_bombs_are_refused_quickly() {
    let started = std::time::Instant::now();
    let nested = format!("title: x\nextra:\n  k: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    assert!(frontmatter::parse(&nested, "a.md", false).is_err());
    let unclosed = format!("title: x\nextra:\n  k: {}\n", "{a: ".repeat(10_000));
    assert!(frontmatter::parse(&unclosed, "a.md", false).is_err());
    let mut laughs = String::from("title: x\nextra:\n  a0: [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        laughs.push_str(&format!(
            "  a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let laughs = laughs.replacen("a0: [", "a0: &a0 [", 1);
    let _ = frontmatter::parse(&laughs, "a.md", false);
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
}
