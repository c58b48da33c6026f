//! What `huimin check` prints about files whose names carry control characters: never the
//! characters themselves, so a name cannot forge a diagnostic or command the terminal.
//! Unix only: Windows forbids such names.
#![cfg(unix)]

mod common;

use common::*;

/// C0 but the line break, DEL, C1, the line and paragraph separators and the bidi overrides.
fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// File names and how the report must show them.
const NAMES: &[(&str, &str)] = &[
    ("a\n\u{1b}[31merror: fake.md", "a\\n\\u{1b}[31merror: fake.md"),
    ("b\u{1b}]0;title\u{7}.md", "b\\u{1b}]0;title\\u{7}.md"),
    ("c\u{202e}dm.txt.md", "c\\u{202e}dm.txt.md"),
    ("d\u{85}\u{2028}\u{7f}\r\t.md", "d\\u{85}\\u{2028}\\u{7f}\\r\\t.md"),
];

fn site_with_bad_names() -> (tempfile::TempDir, std::path::PathBuf) {
    let (t, root) = fixture("basic");
    for (name, _) in NAMES {
        write(
            &root,
            &format!("content/articles/{name}"),
            "---\ntitel: 标题\n---\n正文。\n",
        );
    }
    (t, root)
}

#[test]
fn human_report_escapes_control_characters_in_file_names() {
    let (_t, root) = site_with_bad_names();
    let out = huimin(&root, &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.chars().any(is_dangerous), "{stderr:?}");
    for (_, shown) in NAMES {
        let one_line = format!("error: content/articles/{shown}:2:1: unknown key `titel`");
        assert!(stderr.lines().any(|l| l == one_line), "no `{one_line}` in:\n{stderr}");
        assert!(
            stderr.contains(&format!(" --> content/articles/{shown}:2:1\n")),
            "{stderr}"
        );
    }
    let headers = stderr.lines().filter(|l| l.starts_with("error:")).count();
    // Each file has three problems: `titel` is unknown, `title` and `date` are missing.
    assert_eq!(
        headers,
        NAMES.len() * 3,
        "one `error:` line per problem, none forged:\n{stderr}"
    );
    assert!(!stderr.lines().any(|l| l.starts_with("error: fake")), "{stderr}");
}

#[test]
fn json_report_escapes_what_a_terminal_would_obey() {
    let (_t, root) = site_with_bad_names();
    let out = huimin(&root, &["check", "--format", "json"]);
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        !stdout.chars().any(|c| is_dangerous(c) || c == '\u{2028}'),
        "{stdout:?}"
    );
    let files: Vec<String> = stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("one JSON object a line"))
        .filter_map(|v| v["file"].as_str().map(str::to_string))
        .collect();
    for (name, _) in NAMES {
        let file = format!("content/articles/{name}");
        assert!(files.contains(&file), "{file:?} round-trips through JSON: {files:?}");
    }
}
