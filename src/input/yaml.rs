//! All YAML goes through here: front matter, activity records and `site.yaml` are parsed once
//! into a tree that remembers the line and column of every key and value, and then read key
//! by key, so one run reports every mistake in a file, each at its own place.
//!
//! The tree comes from saphyr-parser's event stream (a YAML 1.2 parser that marks every
//! event). serde_yaml, which the project started with, stops at the first error and its
//! `Value` carries no positions; both rule it out for editors who must see every mistake.

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::input::dates::Date;
use crate::messages::{key_label, yaml as m};
use crate::t;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::cell::RefCell;

/// Where a YAML text sits inside a user's file, for error positions.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// Path relative to the site root.
    pub file: &'a str,
    /// Number of lines in the file before the YAML text starts.
    pub line_offset: usize,
}

/// A place in a file: 1-based line and 1-based column in characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// One YAML value with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `key:` with nothing after it, `~` or `null`.
    Null,
    /// Text as written; `plain` when unquoted (then `12` is a number and `true` a flag).
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// `key: value` in a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

/// Nesting deeper than this is refused: no editor writes it, and it could exhaust the stack.
const MAX_DEPTH: usize = 64;

/// Parse `text` into its documents. A syntax error stops the file; it is the only problem
/// that does. Duplicate keys are reported in the second list and the first one is kept.
pub fn parse(text: &str, origin: Origin) -> Result<(Vec<Node>, Vec<Diagnostic>), Diagnostic> {
    let mut builder = Builder {
        origin,
        last_line: text.lines().count().max(1) + origin.line_offset,
        stack: Vec::new(),
        docs: Vec::new(),
        problems: Vec::new(),
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| syntax_error(&e, text, origin))?;
        builder.event(event, span)?;
    }
    Ok((builder.docs, builder.problems))
}

/// Parse text that must hold one document (front matter, `site.yaml`, a record file).
pub fn parse_one(text: &str, origin: Origin) -> Result<(Node, Vec<Diagnostic>), Diagnostic> {
    let (mut docs, problems) = parse(text, origin)?;
    if docs.len() > 1 {
        let second = docs[1].pos;
        return Err(Diagnostic::error(origin.file, t!(m::SEVERAL_DOCUMENTS))
            .at(second.line.saturating_sub(1).max(1), 1)
            .code(crate::diagnostics::Code::YamlSyntax)
            .with_help(t!(m::SEVERAL_DOCUMENTS_HELP)));
    }
    let node = docs.pop().unwrap_or(Node {
        pos: Pos {
            line: origin.line_offset + 1,
            col: 1,
        },
        kind: Kind::Null,
    });
    Ok((node, problems))
}

enum Frame {
    Seq(Pos, Vec<Node>),
    Map(Pos, Vec<Entry>, Option<(String, Pos)>),
}

struct Builder<'a> {
    origin: Origin<'a>,
    /// Positions past the end of the text (the end of the stream) point at its last line.
    last_line: usize,
    stack: Vec<Frame>,
    docs: Vec<Node>,
    problems: Vec<Diagnostic>,
}

impl Builder<'_> {
    fn pos(&self, span: &Span) -> Pos {
        let line = span.start.line() + self.origin.line_offset;
        if line > self.last_line {
            return Pos {
                line: self.last_line,
                col: 1,
            };
        }
        Pos {
            line,
            col: span.start.col() + 1,
        }
    }

    fn event(&mut self, event: Event, span: Span) -> Result<(), Diagnostic> {
        let pos = self.pos(&span);
        match event {
            Event::Scalar(text, style, _, tag) => {
                let plain = style == ScalarStyle::Plain && tag.is_none();
                let kind = if plain && is_null(&text) {
                    Kind::Null
                } else {
                    Kind::Scalar {
                        text: text.into_owned(),
                        plain,
                    }
                };
                self.complete(Node { pos, kind })
            }
            Event::SequenceStart(..) => self.open(Frame::Seq(pos, Vec::new()), pos),
            Event::MappingStart(..) => self.open(Frame::Map(pos, Vec::new(), None), pos),
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Seq(pos, items)) => self.complete(Node {
                    pos,
                    kind: Kind::Seq(items),
                }),
                Some(Frame::Map(pos, entries, _)) => self.complete(Node {
                    pos,
                    kind: Kind::Map(entries),
                }),
                None => Ok(()),
            },
            Event::Alias(_) => Err(Diagnostic::error(self.origin.file, t!(m::ALIAS))
                .at(pos.line, pos.col)
                .code(crate::diagnostics::Code::YamlSyntax)
                .with_help(t!(m::ALIAS_HELP))),
            _ => Ok(()),
        }
    }

    fn open(&mut self, frame: Frame, pos: Pos) -> Result<(), Diagnostic> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Diagnostic::error(self.origin.file, t!(m::TOO_DEEP))
                .at(pos.line, pos.col)
                .code(crate::diagnostics::Code::YamlSyntax)
                .with_help(t!(m::TOO_DEEP_HELP)));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn complete(&mut self, node: Node) -> Result<(), Diagnostic> {
        match self.stack.last_mut() {
            None => self.docs.push(node),
            Some(Frame::Seq(_, items)) => items.push(node),
            Some(Frame::Map(_, entries, pending)) => match pending.take() {
                None => match node.kind {
                    Kind::Scalar { text, .. } => *pending = Some((text, node.pos)),
                    Kind::Null => *pending = Some((String::new(), node.pos)),
                    _ => {
                        return Err(Diagnostic::error(self.origin.file, t!(m::KEY_NOT_PLAIN))
                            .at(node.pos.line, node.pos.col)
                            .code(crate::diagnostics::Code::YamlSyntax)
                            .with_help(t!(m::KEY_NOT_PLAIN_HELP)))
                    }
                },
                Some((key, key_pos)) => {
                    if let Some(first) = entries.iter().find(|e| e.key == key) {
                        self.problems.push(
                            Diagnostic::error(self.origin.file, t!(m::DUPLICATE_KEY, key = key))
                                .at(key_pos.line, key_pos.col)
                                .code(crate::diagnostics::Code::DuplicateKey)
                                .with_help(t!(m::DUPLICATE_KEY_HELP, line = first.key_pos.line)),
                        );
                    } else {
                        entries.push(Entry {
                            key,
                            key_pos,
                            value: node,
                        });
                    }
                }
            },
        }
        Ok(())
    }
}

/// YAML 1.2 core schema: which plain scalars mean "nothing".
fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

fn syntax_error(e: &saphyr_parser::ScanError, text: &str, origin: Origin) -> Diagnostic {
    let m = e.marker();
    // An error at the end of the text (an unclosed bracket) points at its last line, not at
    // the `---` that follows the front matter.
    let last = text.lines().count().max(1);
    let (line, col) = if m.line() > last {
        (last, text.lines().last().map(|l| l.chars().count() + 1).unwrap_or(1))
    } else {
        (m.line().max(1), m.col() + 1)
    };
    let info = e.info();
    let line_text = text.lines().nth(line - 1).unwrap_or("");
    let help = syntax_help(info, line_text);
    Diagnostic::error(origin.file, t!(m::SYNTAX, info = info))
        .at(line + origin.line_offset, col)
        .code(crate::diagnostics::Code::YamlSyntax)
        .with_help(help)
}

/// What to do about a parser message. The messages are the parser's own text: each shape
/// matched here has a unit test, so a dependency update that changes one fails a test.
fn syntax_help(info: &str, line_text: &str) -> String {
    if line_text.contains('\t') || info.contains("tab") {
        t!(m::SYNTAX_TAB)
    } else if info.contains("mapping values are not allowed") || info.contains("did not find expected key") {
        t!(m::SYNTAX_INDENT)
    } else if info.contains("flow sequence") || info.contains("flow mapping") || info.contains("unclosed") {
        t!(m::SYNTAX_BRACKET)
    } else if info.contains("quoted scalar") {
        t!(m::SYNTAX_QUOTE)
    } else {
        t!(m::SYNTAX_OTHER)
    }
}

/// Where every key of a mapping was written, kept with the parsed item so later stages
/// (assembly, link checks, statistics) can point at the right line without re-reading files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spans {
    /// Where the mapping starts.
    pub start: Pos,
    keys: Vec<(String, Pos)>,
    /// Where each list value's items are, by key: `images`, `tags`.
    items: Vec<(String, Vec<Pos>)>,
}

impl Spans {
    /// Position of `key`, or of the mapping when the key is absent.
    pub fn pos(&self, key: &str) -> Pos {
        self.keys
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, p)| *p)
            .unwrap_or(self.start)
    }

    /// Line of `key`, or of the mapping's start when absent.
    pub fn line(&self, key: &str) -> usize {
        self.pos(key).line
    }

    /// Position of item `i` of the list under `key`, or of the key.
    pub fn item(&self, key: &str, i: usize) -> Pos {
        self.items
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.get(i).copied())
            .unwrap_or_else(|| self.pos(key))
    }

    pub fn has(&self, key: &str) -> bool {
        self.keys.iter().any(|(k, _)| k == key)
    }
}

/// Reads a mapping key by key. Every problem goes to the shared list, so a caller sees all
/// of them; keys nobody asked for are reported by [`Fields::finish`] with a did-you-mean.
pub struct Fields<'a> {
    file: &'a str,
    pos: Pos,
    entries: &'a [Entry],
    used: Vec<bool>,
    errors: &'a RefCell<Vec<Diagnostic>>,
    spans: Spans,
}

/// How a value of the wrong shape is described to an editor.
fn shape(node: &Node) -> String {
    match &node.kind {
        Kind::Null => t!(m::SHAPE_NOTHING),
        Kind::Scalar { text, .. } => t!(m::SHAPE_TEXT, text = short(text)),
        Kind::Seq(_) => t!(m::SHAPE_LIST),
        Kind::Map(_) => t!(m::SHAPE_MAP),
    }
}

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        s.push('…');
    }
    s.replace('\n', " ")
}

impl<'a> Fields<'a> {
    /// Read `node` as a mapping; `what` names it in the message when it is not one.
    pub fn new(
        file: &'a str,
        node: &'a Node,
        errors: &'a RefCell<Vec<Diagnostic>>,
        what: &str,
        example: &str,
    ) -> Option<Fields<'a>> {
        match &node.kind {
            Kind::Map(entries) => Some(Fields::of(file, node.pos, entries, errors)),
            _ => {
                errors.borrow_mut().push(
                    Diagnostic::error(file, t!(m::NOT_A_MAP, what = what, shape = shape(node)))
                        .at(node.pos.line, node.pos.col)
                        .code(crate::diagnostics::Code::WrongValue)
                        .with_help(t!(m::WRITE_IT_LIKE, example = example)),
                );
                None
            }
        }
    }

    fn of(file: &'a str, pos: Pos, entries: &'a [Entry], errors: &'a RefCell<Vec<Diagnostic>>) -> Fields<'a> {
        Fields {
            file,
            pos,
            entries,
            used: vec![false; entries.len()],
            errors,
            spans: Spans {
                start: pos,
                keys: entries.iter().map(|e| (e.key.clone(), e.key_pos)).collect(),
                items: Vec::new(),
            },
        }
    }

    fn push(&self, d: Diagnostic) {
        self.errors.borrow_mut().push(d);
    }

    /// Report a problem with the value of `key` (at the value, or at the key when it has none).
    pub fn error_at(&self, key: &str, message: String, help: String) {
        let pos = self.value_pos(key).unwrap_or(self.pos);
        self.push(
            Diagnostic::error(self.file, message)
                .at(pos.line, pos.col)
                .code(crate::diagnostics::Code::WrongValue)
                .with_help(help),
        );
    }

    fn value_pos(&self, key: &str) -> Option<Pos> {
        self.entries.iter().find(|e| e.key == key).map(|e| match e.value.kind {
            Kind::Null => e.key_pos,
            _ => e.value.pos,
        })
    }

    /// The file these fields are in, for nested readers.
    pub fn file_name(&self) -> &'a str {
        self.file
    }

    /// Where problems go, for nested readers.
    pub fn errors(&self) -> &'a RefCell<Vec<Diagnostic>> {
        self.errors
    }

    /// The value of `key`, marked as known; `None` when absent or empty.
    pub fn get(&mut self, key: &str) -> Option<&'a Node> {
        let i = self.entries.iter().position(|e| e.key == key)?;
        self.used[i] = true;
        let node = &self.entries[i].value;
        (node.kind != Kind::Null).then_some(node)
    }

    fn wrong(&self, key: &str, node: &Node, expected: &str, help: String) {
        self.push(
            Diagnostic::error(
                self.file,
                t!(
                    m::WRONG_SHAPE,
                    key = key_label(key),
                    expected = expected,
                    shape = shape(node)
                ),
            )
            .at(node.pos.line, node.pos.col)
            .code(crate::diagnostics::Code::WrongValue)
            .with_help(help),
        );
    }

    /// Text; any scalar is taken as written (`title: 2024` is the text 2024).
    pub fn text(&mut self, key: &str) -> Option<String> {
        let node = self.get(key)?;
        match &node.kind {
            Kind::Scalar { text, .. } => Some(text.clone()),
            _ => {
                self.wrong(key, node, &t!(m::EXPECT_TEXT), t!(m::ONE_LINE_HELP, key = key));
                None
            }
        }
    }

    /// Text that must be there and not blank.
    pub fn required_text(&mut self, key: &str, example: &str) -> Option<String> {
        let Some(entry) = self.entries.iter().find(|e| e.key == key) else {
            self.missing(key, example);
            return None;
        };
        let blank_allowed_shape = matches!(entry.value.kind, Kind::Null | Kind::Scalar { .. });
        match self.text(key) {
            Some(t) if !t.trim().is_empty() => Some(t),
            _ if blank_allowed_shape => {
                let pos = entry.key_pos;
                self.push(
                    Diagnostic::error(self.file, t!(m::EMPTY, key = key_label(key)))
                        .at(pos.line, pos.col)
                        .code(crate::diagnostics::Code::MissingKey)
                        .with_help(t!(m::EMPTY_HELP, key = key, example = example)),
                );
                None
            }
            _ => None,
        }
    }

    /// Report a required key that is absent.
    pub fn missing(&self, key: &str, example: &str) {
        self.push(
            Diagnostic::error(self.file, t!(m::MISSING, key = key_label(key)))
                .at(self.pos.line, self.pos.col)
                .code(crate::diagnostics::Code::MissingKey)
                .with_help(t!(m::MISSING_HELP, key = key, example = example)),
        );
    }

    /// A date such as 2024-07-01.
    pub fn date(&mut self, key: &str) -> Option<Date> {
        let node = self.get(key)?;
        match &node.kind {
            Kind::Scalar { text, .. } => match Date::parse(text) {
                Some(d) => Some(d),
                None => {
                    self.push(
                        Diagnostic::error(self.file, t!(m::NOT_A_DATE, key = key_label(key), text = short(text)))
                            .at(node.pos.line, node.pos.col)
                            .code(crate::diagnostics::Code::WrongValue)
                            .with_help(t!(m::DATE_HELP, key = key)),
                    );
                    None
                }
            },
            _ => {
                self.wrong(key, node, &t!(m::EXPECT_DATE), t!(m::DATE_EXAMPLE, key = key));
                None
            }
        }
    }

    /// A whole number, 0 or more.
    pub fn count(&mut self, key: &str) -> Option<u64> {
        let node = self.get(key)?;
        let Kind::Scalar { text, plain } = &node.kind else {
            self.wrong(key, node, &t!(m::EXPECT_COUNT), t!(m::COUNT_EXAMPLE, key = key));
            return None;
        };
        let t = text.trim();
        if *plain {
            if let Ok(n) = t.trim_start_matches('+').parse::<u64>() {
                return Some(n);
            }
        }
        let digits: String = t.chars().filter(char::is_ascii_digit).collect();
        let help = if t.starts_with('-') && digits.len() + 1 == t.len() {
            t!(m::COUNT_NEGATIVE)
        } else if digits.len() > 18 && digits.len() == t.len() {
            t!(m::COUNT_TOO_LARGE)
        } else if !digits.is_empty() && digits.len() < 19 {
            t!(
                m::COUNT_DIGITS,
                key = key,
                digits = digits.trim_start_matches('0').max("0")
            )
        } else {
            t!(m::COUNT_EXAMPLE, key = key)
        };
        self.wrong(key, node, &t!(m::EXPECT_COUNT), help);
        None
    }

    /// `true` or `false`; absent is false.
    pub fn flag(&mut self, key: &str) -> bool {
        let Some(node) = self.get(key) else { return false };
        match &node.kind {
            Kind::Scalar { text, plain: true } if matches!(text.as_str(), "true" | "True" | "TRUE") => true,
            Kind::Scalar { text, plain: true } if matches!(text.as_str(), "false" | "False" | "FALSE") => false,
            _ => {
                self.wrong(key, node, &t!(m::EXPECT_FLAG), t!(m::FLAG_HELP, key = key));
                false
            }
        }
    }

    /// One text or a list of texts (`tags: 红色文化` or `tags: [红色文化, 志愿服务]`).
    pub fn texts(&mut self, key: &str) -> Vec<String> {
        let Some(node) = self.get(key) else { return Vec::new() };
        match &node.kind {
            Kind::Scalar { text, .. } => {
                self.spans.items.push((key.to_string(), vec![node.pos]));
                vec![text.clone()]
            }
            Kind::Seq(items) => {
                let mut out = Vec::new();
                let mut positions = Vec::new();
                for item in items {
                    match &item.kind {
                        Kind::Scalar { text, .. } => {
                            out.push(text.clone());
                            positions.push(item.pos);
                        }
                        Kind::Null => {}
                        _ => self.wrong(key, item, &t!(m::EXPECT_TEXTS), t!(m::TEXTS_HELP, key = key)),
                    }
                }
                self.spans.items.push((key.to_string(), positions));
                out
            }
            _ => {
                self.wrong(key, node, &t!(m::EXPECT_TEXTS), t!(m::TEXTS_HELP, key = key));
                Vec::new()
            }
        }
    }

    /// A nested mapping, read with its own keys.
    pub fn map(&mut self, key: &str) -> Option<Fields<'a>> {
        let node = self.get(key)?;
        match &node.kind {
            Kind::Map(entries) => Some(Fields::of(self.file, node.pos, entries, self.errors)),
            _ => {
                self.wrong(key, node, &t!(m::EXPECT_MAP), t!(m::MAP_HELP, key = key));
                None
            }
        }
    }

    /// A list of mappings (`nav:`, `pillars:`), each read with its own keys.
    pub fn maps(&mut self, key: &str, example: &str) -> Vec<Fields<'a>> {
        let Some(node) = self.get(key) else { return Vec::new() };
        let Kind::Seq(items) = &node.kind else {
            self.wrong(key, node, &t!(m::EXPECT_LIST), t!(m::WRITE_IT_LIKE, example = example));
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| Fields::new(self.file, item, self.errors, &t!(m::EACH_ITEM_OF, key = key), example))
            .collect()
    }

    /// Any value, for `extra:` (templates read it as JSON).
    pub fn any(&mut self, key: &str) -> serde_json::Value {
        self.get(key).map(to_json).unwrap_or(serde_json::Value::Null)
    }

    /// Report every key nobody read, and hand back where each key was.
    pub fn finish(self, keys: &[&str]) -> Spans {
        for (entry, used) in self.entries.iter().zip(&self.used) {
            if *used {
                continue;
            }
            if entry.key.trim().is_empty() {
                self.push(
                    Diagnostic::error(self.file, t!(m::NO_KEY_NAME))
                        .at(entry.key_pos.line, entry.key_pos.col)
                        .code(crate::diagnostics::Code::UnknownKey)
                        .with_help(t!(m::NO_KEY_NAME_HELP, keys = keys.join(", "))),
                );
                continue;
            }
            let help = match did_you_mean(&entry.key, keys) {
                Some(s) => t!(m::UNKNOWN_KEY_DID_YOU_MEAN, suggestion = s, keys = keys.join(", ")),
                None => t!(m::UNKNOWN_KEY_REMOVE, keys = keys.join(", ")),
            };
            self.push(
                Diagnostic::error(self.file, t!(m::UNKNOWN_KEY, key = entry.key))
                    .at(entry.key_pos.line, entry.key_pos.col)
                    .code(crate::diagnostics::Code::UnknownKey)
                    .with_help(help),
            );
        }
        self.spans
    }
}

/// A YAML value as JSON, numbers and flags typed by the YAML 1.2 core schema.
pub fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value;
    match &node.kind {
        Kind::Null => Value::Null,
        Kind::Scalar { text, plain: false } => Value::String(text.clone()),
        Kind::Scalar { text, plain: true } => match text.as_str() {
            "true" | "True" | "TRUE" => Value::Bool(true),
            "false" | "False" | "FALSE" => Value::Bool(false),
            t => t
                .parse::<i64>()
                .map(Value::from)
                .ok()
                .or_else(|| {
                    t.parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite() && t.chars().any(|c| c.is_ascii_digit()))
                        .and_then(serde_json::Number::from_f64)
                        .map(Value::Number)
                })
                .unwrap_or_else(|| Value::String(t.to_string())),
        },
        Kind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        Kind::Map(entries) => Value::Object(entries.iter().map(|e| (e.key.clone(), to_json(&e.value))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin<'static> {
        Origin {
            file: "a.md",
            line_offset: 1,
        }
    }

    fn read(text: &str, f: impl FnOnce(&mut Fields)) -> Vec<Diagnostic> {
        let (node, _) = parse_one(text, origin()).unwrap();
        let errors = RefCell::new(Vec::new());
        let mut fields = Fields::new("a.md", &node, &errors, "x", "k: v").unwrap();
        f(&mut fields);
        fields.finish(&["title", "n", "tags"]);
        errors.into_inner()
    }

    #[test]
    fn positions_are_file_positions() {
        let (node, _) = parse_one("title: x\nn: 12\n", origin()).unwrap();
        let Kind::Map(e) = node.kind else { panic!() };
        assert_eq!(e[1].key_pos, Pos { line: 3, col: 1 });
        assert_eq!(e[1].value.pos, Pos { line: 3, col: 4 });
    }

    #[test]
    fn every_problem_is_reported() {
        let errs = read("titel: x\nn: 很多\ntgas: [a]\n", |f| {
            f.required_text("title", "标题");
            f.count("n");
        });
        let lines: Vec<usize> = errs.iter().map(|d| d.line).collect();
        assert_eq!(errs.len(), 4, "{errs:?}");
        assert!(
            lines.contains(&2) && lines.contains(&3) && lines.contains(&4),
            "{lines:?}"
        );
        assert!(errs
            .iter()
            .any(|d| d.help.as_deref().unwrap_or("").contains("did you mean `title`")));
        assert!(errs
            .iter()
            .any(|d| d.help.as_deref().unwrap_or("").contains("did you mean `tags`")));
    }

    #[test]
    fn numbers_with_units_get_the_digits_suggested() {
        let errs = read("n: 1200人\n", |f| {
            f.count("n");
        });
        assert!(errs[0].help.as_deref().unwrap().contains("`n: 1200`"), "{errs:?}");
        let errs = read("n: '12'\n", |f| {
            f.count("n");
        });
        assert_eq!(errs.len(), 1);
        let errs = read("n: 99999999999999999999999\n", |f| {
            f.count("n");
        });
        assert!(errs[0].help.as_deref().unwrap().contains("too large"), "{errs:?}");
    }

    #[test]
    fn quoted_numbers_are_text_and_plain_ones_typed() {
        let (node, _) = parse_one("a: '12'\nb: 12\nc: true\nd: ~\n", origin()).unwrap();
        let j = to_json(&node);
        assert_eq!(j["a"], "12");
        assert_eq!(j["b"], 12);
        assert_eq!(j["c"], true);
        assert!(j["d"].is_null());
    }

    #[test]
    fn duplicate_keys_and_several_documents() {
        let (_, problems) = parse_one("title: a\ntitle: b\n", origin()).unwrap();
        assert_eq!(problems[0].code, crate::diagnostics::Code::DuplicateKey);
        assert_eq!(problems[0].line, 3);
        let e = parse_one("a: 1\n---\nb: 2\n", origin()).unwrap_err();
        assert!(e.message.contains("several"), "{e}");
    }

    #[test]
    fn aliases_and_deep_nesting_are_refused_not_crashed() {
        assert!(parse_one("a: &x 1\nb: *x\n", origin()).is_err());
        let deep = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_one(&deep, origin()).is_err());
    }

    // One test per parser message shape that `syntax_help` matches.
    #[test]
    fn syntax_messages_get_their_help() {
        let help = |t: &str| parse_one(t, origin()).unwrap_err().help.unwrap();
        assert!(help("a: [1, 2\n").contains("bracket"));
        assert!(help("a: {b: 1\n").contains("bracket"));
        assert!(help("a:\tb\n").contains("tab"));
        assert!(help("a: \"b\n").contains("quote"));
        assert!(help("a: b: c\n").contains("indentation"));
        assert!(help("a: 1\n b: 2\n").contains("indentation"));
        let e = parse_one("title: x\nn: [1\n", origin()).unwrap_err();
        assert_eq!(e.line, 3, "the line with the open bracket: {e}");
    }
}
