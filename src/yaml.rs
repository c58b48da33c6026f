//! All YAML parsing goes through here, so errors read the same everywhere and the
//! YAML crate can be swapped in one place.

use crate::diagnostics::{did_you_mean, Diagnostic};
use serde::de::DeserializeOwned;

/// Where a YAML text sits inside a user's file, for error positions.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// Path relative to the site root.
    pub file: &'a str,
    /// Number of lines in the file before the YAML text starts.
    pub line_offset: usize,
}

/// Deserialize `text` into `T`, turning every failure into a located, actionable diagnostic.
///
/// `keys` lists the keys `T` accepts, for did-you-mean suggestions on unknown keys.
pub fn parse<T: DeserializeOwned>(text: &str, origin: Origin, keys: &[&str]) -> Result<T, Diagnostic> {
    serde_yaml::from_str(text).map_err(|e| to_diagnostic(&e, text, origin, keys))
}

/// Whether the YAML document's top level is a sequence (a list of records).
pub fn is_sequence(text: &str) -> bool {
    matches!(
        serde_yaml::from_str::<serde_yaml::Value>(text),
        Ok(serde_yaml::Value::Sequence(_))
    )
}

/// Split YAML text into the texts of the top-level sequence items with their line offsets.
///
/// Parsing each item on its own keeps error positions exact and lets one bad record
/// be reported without hiding the others.
pub fn sequence_items(text: &str) -> Vec<(String, usize)> {
    let mut items: Vec<(String, usize)> = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if let Some(rest) = line
            .strip_prefix("- ")
            .or_else(|| (line.trim_end() == "-").then_some("\n"))
        {
            if let Some(item) = current.take() {
                items.push(item);
            }
            // Replace the dash with a space so columns stay as in the file.
            let mut s = String::from("  ");
            s.push_str(rest);
            current = Some((s, n));
        } else if let Some((s, _)) = current.as_mut() {
            s.push_str(line);
        }
    }
    items.extend(current);
    items
}

fn to_diagnostic(e: &serde_yaml::Error, text: &str, origin: Origin, keys: &[&str]) -> Diagnostic {
    let full = e.to_string();
    let (line, col) = match e.location() {
        Some(loc) => (loc.line(), loc.column()),
        None => (0, 0),
    };
    // serde_yaml appends " at line L column C"; we print the location ourselves.
    let msg = match full.find(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let (field, msg) = split_field_path(&msg);
    let mut diag = Diagnostic::error(origin.file, msg.clone()).code("yaml-syntax");
    if let Some(key) = between(&msg, "unknown field `", "`") {
        diag.message = format!("unknown key `{key}`");
        diag.code = "unknown-key";
        diag.help = Some(match did_you_mean(key, keys) {
            Some(s) => format!("did you mean `{s}`? Valid keys: {}", keys.join(", ")),
            None => format!("remove it; valid keys are: {}", keys.join(", ")),
        });
    } else if let Some(key) = between(&msg, "missing field `", "`") {
        diag.message = format!("missing required key `{key}`");
        diag.code = "missing-key";
        diag.help = Some(format!("add a line `{key}: …`"));
    } else if msg.starts_with("invalid type") && msg.contains("expected struct") && field.is_none() {
        diag.message = "this is not a record: expected lines of `key: value`".into();
        diag.code = "wrong-value";
        diag.help =
            Some("a record looks like\n  title: 我与党旗合个影\n  date: 2024-07-01\n  category: 红色文化".into());
    } else if msg.starts_with("invalid type") || msg.starts_with("invalid value") {
        let name = field.clone().unwrap_or_else(|| "value".into());
        diag.message = format!("`{name}` has the wrong type: {}", plain_type_message(&msg));
        diag.code = "wrong-value";
    } else if msg.contains("found character that cannot start any token")
        || msg.contains("tab")
        || line_has_tab(text, line)
    {
        diag.help = Some("YAML does not allow tab characters for indentation: indent with spaces".into());
    } else if msg.contains("did not find expected key") || msg.contains("mapping values are not allowed") {
        diag.help =
            Some("check the indentation of this line and the one before it, and quote text that contains `: `".into());
    } else if msg.contains("found unexpected end of stream") || msg.contains("did not find expected") {
        diag.help = Some("a quote or bracket is not closed".into());
    } else if let Some(f) = &field {
        diag.message = format!("`{f}`: {msg}");
        diag.code = "wrong-value";
    }
    if diag.help.is_none() && msg.contains("expected") && field.is_some() {
        diag.help = Some(format!("fix the value of `{}`", field.unwrap_or_default()));
    }
    if line > 0 {
        diag.at(line, col).offset_lines(origin.line_offset)
    } else {
        diag.at(origin.line_offset + 1, 0)
    }
}

/// serde_yaml prefixes nested errors with the field path (`nav[0].url: …`).
fn split_field_path(msg: &str) -> (Option<String>, String) {
    if let Some(i) = msg.find(": ") {
        let head = &msg[..i];
        if !head.is_empty() && !head.contains(' ') && !head.contains('`') {
            return (Some(head.to_string()), msg[i + 2..].to_string());
        }
    }
    (None, msg.to_string())
}

fn plain_type_message(msg: &str) -> String {
    if msg.contains(" as u128") || msg.contains(" as i128") {
        return "the number is too large; check for a typo".into();
    }
    msg.replace("invalid type: ", "found ")
        .replace("invalid value: ", "found ")
        .replace("expected u32", "expected a whole number (0 or more)")
        .replace("expected u64", "expected a whole number (0 or more)")
        .replace("expected i64", "expected a whole number")
        .replace("expected a string", "expected text")
        .replace("expected a boolean", "expected true or false")
        .replace("expected a sequence", "expected a list like [a, b]")
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

fn line_has_tab(text: &str, line: usize) -> bool {
    line > 0
        && text
            .lines()
            .nth(line - 1)
            .is_some_and(|l| l.trim_start_matches(' ').starts_with('\t'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        n: Option<u32>,
    }

    fn origin() -> Origin<'static> {
        Origin {
            file: "a.md",
            line_offset: 1,
        }
    }

    #[test]
    fn unknown_key_suggests_and_locates() {
        let d = parse::<T>("title: x\ntitel: y\n", origin(), &["title", "n"]).unwrap_err();
        assert_eq!(d.message, "unknown key `titel`");
        assert_eq!(d.line, 3);
        assert!(d.help.unwrap().contains("did you mean `title`"));
    }

    #[test]
    fn wrong_type_names_field() {
        let d = parse::<T>("title: x\nn: 很多\n", origin(), &["title", "n"]).unwrap_err();
        assert!(d.message.contains("`n`"), "{}", d.message);
        assert_eq!(d.line, 3);
    }

    #[test]
    fn missing_key() {
        let d = parse::<T>("n: 1\n", origin(), &["title", "n"]).unwrap_err();
        assert_eq!(d.message, "missing required key `title`");
        assert!(d.line >= 2);
    }

    #[test]
    fn tabs_get_help() {
        let d = parse::<T>("title: x\n\tn: 1\n", origin(), &["title", "n"]).unwrap_err();
        assert!(d.help.clone().unwrap_or_default().contains("tab"), "{d}");
    }

    #[test]
    fn splits_sequences() {
        let items = sequence_items("- title: a\n  n: 1\n- title: b\n");
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].1, 2);
        assert!(items[0].0.contains("n: 1"));
    }
}
