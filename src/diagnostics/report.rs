//! Showing diagnostics to people (a source snippet with a caret, like rustc) and to tools (JSON).
//!
//! Everything shown comes from the user's files, names included, so nothing is printed as it
//! is: control characters become visible escapes (see [`escape_controls`]), and a source line
//! is cut to a window around the problem.

use crate::diagnostics::{Diagnostic, Severity};
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

/// Human form: the one-line `error: path:line:col: message`, then the source line with a caret
/// under the spot and a `help:` line.
pub fn human(diags: &[Diagnostic], root: &Path, color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    let mut files: HashMap<&str, Option<SourceFile>> = HashMap::new();
    for d in diags {
        // Each file is read once, however many problems it has.
        let file = files
            .entry(d.file.as_str())
            .or_insert_with(|| SourceFile::read(root, &d.file));
        let excerpt = file.as_mut().and_then(|f| f.excerpt(d.line, d.column));
        out.push_str(&one(d, excerpt.as_ref(), &renderer));
        out.push_str("\n\n");
    }
    out
}

fn one(d: &Diagnostic, excerpt: Option<&Excerpt>, renderer: &Renderer) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let shown = escaped(d);
    // The one-line form without its `error: `, which the renderer adds.
    let title = shown
        .to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .split_once(": ")
        .map(|x| x.1.to_string())
        .unwrap_or_default();
    let mut group = annotate_snippets::Group::with_title(level.primary_title(title));
    if let Some(excerpt) = excerpt {
        group = group.element(
            Snippet::source(excerpt.text.as_str())
                .line_start(d.line)
                .path(shown.file.as_str())
                .annotation(AnnotationKind::Primary.span(excerpt.span.clone())),
        );
    }
    if let Some(help) = &shown.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let rendered = renderer.render(&[group]).to_string();
    match excerpt {
        Some(e) => real_column(rendered, &shown.file, d.line, e),
        None => rendered,
    }
}

/// The renderer counts the `--> path:line:col` column in the window it was given; put the
/// column in the whole line back. (Its `Origin` element would name the column, but then the
/// snippet is shown as a secondary one, under an empty `:::`.)
fn real_column(rendered: String, file: &str, line: usize, e: &Excerpt) -> String {
    let counted = e.text[..e.span.start].chars().count() + 1;
    if counted == e.column {
        return rendered;
    }
    let (wrong, right) = (
        format!("{file}:{line}:{counted}"),
        format!("{file}:{line}:{}", e.column),
    );
    let mut out = String::with_capacity(rendered.len() + 8);
    let mut done = false;
    for (i, l) in rendered.split_inclusive('\n').enumerate() {
        // The first line is the one-line form, which names the column already.
        if !done && i > 0 && l.contains("--> ") && l.contains(&wrong) {
            out.push_str(&l.replacen(&wrong, &right, 1));
            done = true;
        } else {
            out.push_str(l);
        }
    }
    out
}

/// `d` with its file name, message and help safe to print.
fn escaped(d: &Diagnostic) -> Diagnostic {
    Diagnostic {
        file: escape_controls(&d.file).into_owned(),
        message: escape_controls(&d.message).into_owned(),
        help: d.help.as_deref().map(|h| escape_controls(h).into_owned()),
        ..d.clone()
    }
}

/// Whether a character must not reach a terminal or a page as it is: C0 (line breaks
/// included), DEL and C1 control characters, which terminals obey (colours, the window title,
/// moving the cursor); the Unicode line and paragraph separators, which break a line where
/// no `\n` is seen; and the bidirectional formatting characters, which show text in an
/// order other than the bytes' (a name that reads `a.txt` but is `a.md`).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// The visible form of a character [`needs_escape`]: `\n`, `\r`, `\t`, else `\u{1b}`.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        _ => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
    }
}

/// `text` with every character that [`needs_escape`] written as a visible escape, so a file
/// named `a\n\x1b[31merror: fake.md` prints as `a\n\u{1b}[31merror: fake.md` on one line and
/// cannot forge a diagnostic, colour the terminal or retitle its window.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A path for a message, with control characters escaped (see [`escape_controls`]).
pub fn shown_path(path: &Path) -> String {
    escape_controls(&path.display().to_string()).into_owned()
}

/// Columns of source shown before the problem's column, and from it on: a whole line of
/// 10,000 links rendered for each of its 10,000 problems made the report quadratic, and no
/// terminal shows such a line anyway. Together they stay within the renderer's 140 columns,
/// so it does not cut the line again.
const BEFORE: usize = 50;
const AFTER: usize = 70;

/// How many terminal columns a character takes: 2 for the wide East Asian ranges (Chinese
/// text), else 1. Only sizes the window; the renderer places the caret by its own measure.
fn columns(c: char) -> usize {
    let wide = matches!(u32::from(c),
        0x1100..=0x115f | 0x2e80..=0x303e | 0x3041..=0x33ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff
        | 0xa000..=0xa4cf | 0xac00..=0xd7a3 | 0xf900..=0xfaff | 0xfe30..=0xfe4f | 0xff00..=0xff60
        | 0xffe0..=0xffe6 | 0x1f300..=0x1f64f | 0x1f900..=0x1f9ff | 0x20000..=0x3fffd);
    if wide {
        2
    } else if needs_escape(c) && c != '\t' {
        8
    } else {
        1
    }
}

/// A file's lines, read once for all its problems.
struct SourceFile {
    lines: Vec<String>,
    /// Per line with a problem: the byte offset of every [`MARK`]th character, so finding
    /// the 9,000th problem's column does not walk the line from its start again.
    marks: HashMap<usize, Vec<usize>>,
}

const MARK: usize = 64;

/// What is shown of a source line: a window of it, escaped, and the caret's byte span in it.
struct Excerpt {
    text: String,
    span: Range<usize>,
    /// 1-based character column of the caret in the whole line.
    column: usize,
}

impl SourceFile {
    fn read(root: &Path, file: &str) -> Option<SourceFile> {
        let text = String::from_utf8(std::fs::read(root.join(file)).ok()?).ok()?;
        let lines = text
            .trim_start_matches('\u{feff}')
            .lines()
            .map(|l| l.trim_end_matches('\r').to_string())
            .collect();
        Some(SourceFile {
            lines,
            marks: HashMap::new(),
        })
    }

    /// The window of 1-based `line` around 1-based character column `col` (0: the start of
    /// the text); none for a blank or missing line.
    fn excerpt(&mut self, line: usize, col: usize) -> Option<Excerpt> {
        let index = line.checked_sub(1)?;
        let text = self.lines.get(index)?.as_str();
        if text.trim().is_empty() {
            return None;
        }
        let (start, column) = if col == 0 {
            let indent = text.len() - text.trim_start().len();
            (indent, text[..indent].chars().count() + 1)
        } else {
            let marks = self.marks.entry(index).or_insert_with(|| char_marks(text));
            (byte_of_char(text, marks, col - 1), col)
        };
        Some(window(text, start, col == 0, column))
    }
}

fn char_marks(text: &str) -> Vec<usize> {
    text.char_indices().step_by(MARK).map(|(i, _)| i).collect()
}

/// Byte offset of the 0-based character `n` of `text` (its length when past the end).
fn byte_of_char(text: &str, marks: &[usize], n: usize) -> usize {
    let Some(&from) = marks.get(n / MARK) else {
        return text.len();
    };
    text[from..]
        .char_indices()
        .nth(n % MARK)
        .map_or(text.len(), |(i, _)| from + i)
}

/// The part of `line` around byte `start` that is shown, with the caret's span: the ASCII
/// token at `start` (a key, a value, `**`), one character of Chinese text, or with `whole`
/// everything from `start` on. `…` marks what was cut.
fn window(line: &str, start: usize, whole: bool, column: usize) -> Excerpt {
    let from = walk_back(line, start, BEFORE);
    let to = walk_on(line, start, AFTER);
    let token_end = if whole {
        to
    } else {
        start + underline_len(&line[start..to])
    };
    let mut text = String::new();
    if from > 0 {
        text.push('…');
    }
    let mut span = text.len()..text.len();
    for (i, c) in line[from..to].char_indices() {
        let at = from + i;
        if at == start {
            span.start = text.len();
        }
        if at == token_end {
            span.end = text.len();
        }
        if needs_escape(c) && c != '\t' {
            push_escaped(&mut text, c);
        } else {
            text.push(c);
        }
    }
    if start >= to {
        span.start = text.len();
    }
    if token_end >= to {
        span.end = text.len();
    }
    if to < line.len() {
        text.push('…');
    }
    Excerpt { text, span, column }
}

/// Byte offset about `cols` columns before `start`.
fn walk_back(line: &str, start: usize, cols: usize) -> usize {
    let mut used = 0;
    for (i, c) in line[..start].char_indices().rev() {
        used += columns(c);
        if used > cols {
            return i + c.len_utf8();
        }
    }
    0
}

/// Byte offset about `cols` columns after `start`.
fn walk_on(line: &str, start: usize, cols: usize) -> usize {
    let mut used = 0;
    for (i, c) in line[start..].char_indices() {
        used += columns(c);
        if used > cols {
            return start + i;
        }
    }
    line.len()
}

/// Bytes underlined at the start of `rest`: an ASCII token whole, else one character.
fn underline_len(rest: &str) -> usize {
    let first = rest.chars().next().map(char::len_utf8).unwrap_or(0);
    let len: usize = rest
        .chars()
        .take_while(|c| c.is_ascii() && !c.is_whitespace() && !matches!(c, ':' | ',' | ']' | ')' | '['))
        .map(char::len_utf8)
        .sum();
    len.max(first)
}

/// One JSON object per line: file, line, column, severity, code, message, help. serde
/// escapes C0 control characters only; DEL, C1, the line separators and the bidi characters
/// are escaped here too (`\u202e`), so a report read in a terminal cannot command it.
pub fn json(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        if let Ok(s) = serde_json::to_string(d) {
            push_json_escaped(&mut out, &s);
            out.push('\n');
        }
    }
    out
}

/// `json` with the characters [`needs_escape`] as `\uXXXX`: serialized JSON holds them only
/// inside strings (as themselves), where the escape means the same character.
fn push_json_escaped(out: &mut String, json: &str) {
    for c in json.chars() {
        if needs_escape(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
}

/// Colours only on a terminal, and never when `NO_COLOR` is set.
pub fn use_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_is_the_one_line_form_and_caret_follows() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "---\ntitel: 标题\n---\n").unwrap();
        let d = Diagnostic::error("a.md", "unknown key `titel`")
            .at(2, 1)
            .with_help("did you mean `title`?");
        let text = human(&[d], dir.path(), false);
        assert!(text.starts_with("error: a.md:2:1: unknown key `titel`\n"), "{text}");
        assert!(text.contains("titel: 标题"), "{text}");
        assert!(text.contains("^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `title`?"), "{text}");
    }

    #[test]
    fn json_has_every_field() {
        let d = Diagnostic::warning("a.md", "m")
            .at(1, 2)
            .code(crate::diagnostics::Code::Draft);
        let v: serde_json::Value = serde_json::from_str(json(&[d]).trim()).unwrap();
        for k in ["file", "line", "column", "severity", "code", "message", "help"] {
            assert!(v.get(k).is_some(), "missing {k}");
        }
        assert_eq!(v["severity"], "warning");
    }

    /// Display columns of `line`, as a terminal shows it.
    fn width(line: &str) -> usize {
        line.chars().map(columns).sum()
    }

    /// The caret line's first `^` and the source line it points into.
    fn caret_and_source(text: &str) -> (usize, &str) {
        let lines: Vec<&str> = text.lines().collect();
        let at = lines.iter().position(|l| l.contains('^')).unwrap();
        (width(&lines[at][..lines[at].find('^').unwrap()]), lines[at - 1])
    }

    #[test]
    fn a_long_line_is_cut_around_the_column_and_the_caret_stays_right() {
        let dir = tempfile::tempdir().unwrap();
        let line = format!(
            "{}X\u{1b}]0;t\u{7}{}Y{}",
            "文".repeat(300),
            "字".repeat(200),
            "字".repeat(100)
        );
        std::fs::write(dir.path().join("a.md"), format!("---\ntitle: t\n---\n{line}\n")).unwrap();
        for (col, under) in [(301, "X"), (302, "\\u{1b}"), (1, "文"), (508, "Y")] {
            let d = Diagnostic::error("a.md", "here").at(4, col);
            let text = human(&[d], dir.path(), false);
            assert!(
                text.starts_with(&format!("error: a.md:4:{col}: here\n --> a.md:4:{col}\n")),
                "{text}"
            );
            assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
            let (caret, source) = caret_and_source(&text);
            assert!(source.chars().count() < 140, "cut: {source}");
            let at = source.find(under).unwrap_or_else(|| panic!("{under} in {source}"));
            assert_eq!(caret, width(&source[..at]), "caret under {under}:\n{text}");
        }
        let text = human(&[Diagnostic::error("a.md", "here").at(4, 301)], dir.path(), false);
        assert!(
            text.contains("4 | …文") && text.contains("字…\n"),
            "both ends marked:\n{text}"
        );
    }

    #[test]
    fn notes_are_shown_as_notes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "---\ntitle: t\n---\n").unwrap();
        let text = human(&[Diagnostic::note("a.md", "skipped").at(2, 1)], dir.path(), false);
        assert!(text.starts_with("note: a.md:2:1: skipped\n"), "{text}");
    }

    /// 2,000 broken links on one line: each problem once rendered the whole line, so the
    /// report took time quadratic in the line (about 18 s here, unoptimized); a window
    /// around the column keeps it near-linear (a fraction of a second).
    #[test]
    fn many_problems_on_one_long_line_report_quickly() {
        let dir = tempfile::tempdir().unwrap();
        let link = "见[活动](/nope/)。";
        let per = link.chars().count();
        let n = 2_000;
        std::fs::write(
            dir.path().join("a.md"),
            format!("---\ntitle: t\n---\n{}\n", link.repeat(n)),
        )
        .unwrap();
        let diags: Vec<_> = (0..n)
            .map(|i| Diagnostic::error("a.md", "broken link").at(4, i * per + 6))
            .collect();
        let started = std::time::Instant::now();
        let text = human(&diags, dir.path(), false);
        let took = started.elapsed();
        assert!(took < std::time::Duration::from_secs(4), "{n} problems took {took:?}");
        assert_eq!(text.matches("error: a.md:4:").count(), n);
    }
}
