//! `huimin import activities FILE`: an activity log (活动台账) kept in Excel, WPS or
//! LibreOffice becomes YAML records in `content/activities/`.
//!
//! Every row is checked with the rules of a YAML record and every problem is listed at once;
//! nothing is written while any row has an error. The import writes only files it marks as its
//! own (a first-line comment naming the log) and replaces only those, after listing what
//! changes, so importing an updated log again is safe.

use crate::diagnostics::{Code, Diagnostic};
use crate::input::records::{self, Record};
use crate::input::sheet::{self, SheetRecord};
use crate::messages::sheets;
use crate::site::slug::slugify;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The first line of every file the import writes; the log's name follows.
pub(crate) const MARK: &str = "# huimin import: ";

pub(super) struct Options {
    pub root: PathBuf,
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub per_row: bool,
    pub dry_run: bool,
}

pub(super) fn run(opts: Options) -> ExitCode {
    if let Some(code) = super::missing_root(&opts.root) {
        return code;
    }
    let shown = opts.file.to_string_lossy().replace('\\', "/");
    let grid = match sheet::read_grid(&opts.file, &shown, opts.sheet.as_deref()) {
        Ok(g) => g,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(1);
        }
    };
    if let Some(enc) = grid.encoding {
        eprintln!(
            "note: {}",
            crate::t!(sheets::ENCODING_READ, file = shown, encoding = enc)
        );
    }
    let imported = sheet::records(&grid);
    for w in &imported.warnings {
        eprintln!("{w}");
    }
    if !imported.errors.is_empty() {
        for e in &imported.errors {
            eprintln!("{e}");
        }
        eprintln!("{}", crate::t!(sheets::IMPORT_FAILED, n = imported.errors.len()));
        return ExitCode::from(1);
    }
    let file_name = opts
        .file
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = opts
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Another sheet of the same workbook gets a file of its own.
    let (source, stem) = match (&opts.sheet, &grid.sheet) {
        (Some(_), Some(name)) => (format!("{file_name}!{name}"), format!("{stem}-{}", safe_name(name))),
        _ => (file_name.clone(), stem),
    };
    let stem = safe_name(&stem);
    let mut records = with_slugs(imported.records);
    let dir = opts.root.join("content").join("activities");
    let make_plan = |records: &[(String, SheetRecord)]| {
        if opts.per_row {
            plan_per_row(&dir.join(&stem), &source, records)
        } else {
            plan_one(&dir.join(format!("{stem}.yaml")), &source, records)
        }
    };
    let mut plan = match make_plan(&records) {
        Ok(p) => p,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(1);
        }
    };
    let old = read_old(&plan.old_files);
    // A corrected title keeps the record's web address.
    if keep_slugs(&mut records, &old) {
        match make_plan(&records) {
            Ok(p) => plan = p,
            Err(d) => {
                eprintln!("{d}");
                return ExitCode::from(1);
            }
        }
    }
    let new: BTreeMap<&str, &Record> = records.iter().map(|(s, r)| (s.as_str(), &r.record)).collect();
    let (mut added, mut changed, mut removed, mut same) = (0, 0, 0, 0);
    for (slug, r) in &new {
        match old.get(*slug) {
            None => {
                added += 1;
                eprintln!(
                    "  + {}",
                    crate::t!(sheets::DIFF_ADDED, title = r.title, date = r.date.iso())
                );
            }
            Some(o) if !same_record(o, r) => {
                changed += 1;
                eprintln!(
                    "  ~ {}",
                    crate::t!(sheets::DIFF_CHANGED, title = r.title, date = r.date.iso())
                );
            }
            Some(_) => same += 1,
        }
    }
    for (slug, o) in &old {
        if !new.contains_key(slug.as_str()) {
            removed += 1;
            eprintln!(
                "  - {}",
                crate::t!(sheets::DIFF_REMOVED, title = o.title, date = o.date.iso())
            );
        }
    }
    eprintln!(
        "{}",
        crate::t!(
            sheets::DIFF_SUMMARY,
            added = added,
            changed = changed,
            removed = removed,
            same = same
        )
    );
    let target = plan.shown(&opts.root);
    if opts.dry_run {
        for (_, text) in &plan.writes {
            print!("{text}");
        }
        eprintln!("{}", crate::t!(sheets::DRY_RUN, records = records.len(), path = target));
        return ExitCode::SUCCESS;
    }
    let unchanged = plan
        .writes
        .iter()
        .all(|(p, t)| std::fs::read_to_string(p).ok().as_deref() == Some(t))
        && plan.removes.is_empty();
    if unchanged {
        eprintln!("{}", crate::t!(sheets::UNCHANGED, path = target));
        return ExitCode::SUCCESS;
    }
    for (path, text) in &plan.writes {
        let write = || -> std::io::Result<()> {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let tmp = path.with_extension("yaml.tmp");
            std::fs::write(&tmp, text)?;
            std::fs::rename(&tmp, path)
        };
        if let Err(e) = write() {
            let p = path.to_string_lossy().into_owned();
            eprintln!("error: {}", crate::t!(sheets::WRITE_FAILED, path = p, reason = e));
            return ExitCode::from(1);
        }
    }
    for path in &plan.removes {
        let _ = std::fs::remove_file(path);
    }
    eprintln!(
        "{}",
        crate::t!(
            sheets::IMPORTED,
            records = records.len(),
            source = source,
            path = target
        )
    );
    ExitCode::SUCCESS
}

/// A file name part without path separators or characters Windows refuses.
fn safe_name(s: &str) -> String {
    let out: String = s
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || r#"/\:*?"<>|"#.contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    if out.is_empty() || out.starts_with('.') {
        format!("import{out}")
    } else {
        out
    }
}

/// Each record's web address: its `slug` column, else date and title; a second row with the
/// same address gets `-2`, and so on, in row order.
fn with_slugs(rows: Vec<SheetRecord>) -> Vec<(String, SheetRecord)> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    rows.into_iter()
        .map(|r| {
            let base = match &r.record.slug {
                Some(s) => slugify(s),
                None => {
                    let title = slugify(&r.record.title);
                    let mut short = String::new();
                    for part in title.split('-') {
                        if !short.is_empty() && short.len() + part.len() > 48 {
                            break;
                        }
                        if !short.is_empty() {
                            short.push('-');
                        }
                        short.push_str(part);
                    }
                    let day = r.record.date.day.format("%Y-%m-%d");
                    if short.is_empty() {
                        format!("{day}-{}", r.line)
                    } else {
                        format!("{day}-{short}")
                    }
                }
            };
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let slug = if *n == 1 { base } else { format!("{base}-{n}") };
            (slug, r)
        })
        .collect()
}

/// Give a row whose address is new the address of the one earlier record it replaces: same
/// day, same category, its address no longer made by any row (the title was corrected). Rows
/// with a `slug` column keep theirs. Whether any address changed.
fn keep_slugs(records: &mut [(String, SheetRecord)], old: &BTreeMap<String, Record>) -> bool {
    let mut changed = false;
    for i in 0..records.len() {
        if old.contains_key(&records[i].0) || records[i].1.record.slug.is_some() {
            continue;
        }
        let r = &records[i].1.record;
        let free: Vec<&String> = old
            .iter()
            .filter(|(slug, o)| {
                o.date == r.date && o.category == r.category && !records.iter().any(|(s, _)| s == *slug)
            })
            .map(|(slug, _)| slug)
            .collect();
        let new_here = records
            .iter()
            .filter(|(s, x)| !old.contains_key(s) && x.record.date == r.date && x.record.category == r.category)
            .count();
        if let ([slug], 1) = (free.as_slice(), new_here) {
            records[i].0 = (*slug).clone();
            changed = true;
        }
    }
    changed
}

struct Plan {
    /// Files to write with their text.
    writes: Vec<(PathBuf, String)>,
    /// Files this import wrote before that it no longer needs (per-row).
    removes: Vec<PathBuf>,
    /// Files this import wrote before, to compare with.
    old_files: Vec<PathBuf>,
    target: PathBuf,
}

impl Plan {
    fn shown(&self, root: &Path) -> String {
        let p = self.target.strip_prefix(root).unwrap_or(&self.target);
        p.to_string_lossy().replace('\\', "/")
    }
}

fn header(source: &str) -> String {
    format!(
        "{MARK}{source}\n# 本文件由 huimin 从台账「{source}」导入生成。请修改台账后重新导入（huimin import activities），直接修改本文件的内容会在下次导入时被覆盖。\n"
    )
}

/// Whether `path` is a file this import (of `source`) wrote.
fn is_own(path: &Path, source: &str) -> bool {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.lines().next().map(|l| l == format!("{MARK}{source}").trim_end()))
        .unwrap_or(false)
}

fn refused(path: &Path, source: &str) -> Diagnostic {
    let p = path.to_string_lossy().replace('\\', "/");
    Diagnostic::error(&p, crate::t!(sheets::OWN_FILE_REFUSED, path = p, source = source))
        .code(Code::Sheet)
        .with_help(crate::t!(sheets::OWN_FILE_REFUSED_HELP))
}

fn plan_one(path: &Path, source: &str, records: &[(String, SheetRecord)]) -> Result<Plan, Diagnostic> {
    let exists = path.exists();
    if exists && !is_own(path, source) {
        return Err(refused(path, source));
    }
    let mut text = header(source);
    for (slug, r) in records {
        text.push_str(&to_yaml(&r.record, slug, true));
    }
    Ok(Plan {
        writes: vec![(path.to_path_buf(), text)],
        removes: Vec::new(),
        old_files: if exists { vec![path.to_path_buf()] } else { Vec::new() },
        target: path.to_path_buf(),
    })
}

fn plan_per_row(dir: &Path, source: &str, records: &[(String, SheetRecord)]) -> Result<Plan, Diagnostic> {
    let mut old_files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        old_files = paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "yaml") && is_own(p, source))
            .collect();
    }
    let mut writes = Vec::new();
    for (slug, r) in records {
        let path = dir.join(format!("{slug}.yaml"));
        if path.exists() && !old_files.contains(&path) {
            return Err(refused(&path, source));
        }
        let text = format!("{}{}", header(source), to_yaml(&r.record, slug, false));
        writes.push((path, text));
    }
    let removes = old_files
        .iter()
        .filter(|p| !writes.iter().any(|(w, _)| w == *p))
        .cloned()
        .collect();
    Ok(Plan {
        writes,
        removes,
        old_files,
        target: dir.to_path_buf(),
    })
}

/// The records of the files this import wrote before, by slug.
fn read_old(files: &[PathBuf]) -> BTreeMap<String, Record> {
    let mut out = BTreeMap::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(f) else { continue };
        let stem = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Ok(parsed) = records::parse_file(&text, "", &stem) {
            for p in parsed {
                out.insert(p.slug, p.record);
            }
        }
    }
    out
}

/// The same record, wherever it was written.
pub(crate) fn same_record(a: &Record, b: &Record) -> bool {
    let strip = |r: &Record| Record {
        spans: Default::default(),
        slug: None,
        ..r.clone()
    };
    strip(a) == strip(b)
}

/// One record as YAML, in the order of the record keys; `item` writes it as a list item.
pub(crate) fn to_yaml(r: &Record, slug: &str, item: bool) -> String {
    let mut lines: Vec<(&str, Value)> = vec![("title", Value::Text(r.title.clone()))];
    lines.push(("date", Value::Plain(r.date.iso())));
    if let Some(d) = &r.end_date {
        lines.push(("end_date", Value::Plain(d.iso())));
    }
    lines.push(("category", Value::Text(r.category.clone())));
    for (k, v) in [
        ("pillar", &r.pillar),
        ("series", &r.series),
        ("location", &r.location),
        ("organizer", &r.organizer),
    ] {
        if let Some(v) = v {
            lines.push((k, Value::Text(v.clone())));
        }
    }
    if let Some(p) = r.participants {
        lines.push(("participants", Value::Plain(p.to_string())));
    }
    if r.sessions != 1 {
        lines.push(("sessions", Value::Plain(r.sessions.to_string())));
    }
    if !r.tags.is_empty() {
        lines.push(("tags", Value::List(r.tags.clone())));
    }
    if let Some(s) = &r.summary {
        lines.push(("summary", Value::Text(s.clone())));
    }
    if let Some(b) = &r.body {
        lines.push(("body", Value::Text(b.clone())));
    }
    if !r.images.is_empty() {
        lines.push(("images", Value::List(r.images.clone())));
    }
    lines.push(("slug", Value::Text(slug.to_string())));
    if r.draft {
        lines.push(("draft", Value::Plain("true".into())));
    }
    let (first, rest) = if item { ("- ", "  ") } else { ("", "") };
    let mut out = String::new();
    for (i, (key, value)) in lines.into_iter().enumerate() {
        out.push_str(if i == 0 { first } else { rest });
        out.push_str(key);
        out.push(':');
        match value {
            Value::Plain(t) => {
                out.push(' ');
                out.push_str(&t);
            }
            Value::Text(t) => {
                out.push(' ');
                out.push_str(&quote(&t));
            }
            Value::List(items) => {
                for t in items {
                    out.push('\n');
                    out.push_str(rest);
                    out.push_str("  - ");
                    out.push_str(&quote(&t));
                }
            }
        }
        out.push('\n');
    }
    out
}

enum Value {
    Plain(String),
    Text(String),
    List(Vec<String>),
}

/// `text` as a YAML scalar that reads back as exactly this text: plain when safe, else
/// double-quoted (a JSON string is a valid YAML double-quoted scalar).
pub(crate) fn quote(text: &str) -> String {
    let first = text.chars().next();
    let risky_start = first.is_none_or(|c| "-?:,[]{}#&*!|>'\"%@`~. ".contains(c));
    let lower = text.to_ascii_lowercase();
    // Numbers, flags, days and times a YAML reader (or an editor's eye) would not take as text.
    let looks_special = matches!(
        lower.as_str(),
        "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "~"
    ) || text.parse::<f64>().is_ok()
        || lower.starts_with("0x")
        || lower.starts_with("0o")
        || crate::input::dates::Date::parse(text).is_some()
        || (first.is_some_and(|c| c.is_ascii_digit()) && text.contains(':'));
    let risky = risky_start
        || looks_special
        || text.ends_with(' ')
        || text.ends_with(':')
        || text.contains(": ")
        || text.contains(" #")
        || text.contains('\t')
        || text.chars().any(|c| c.is_control())
        || text.contains('\u{FEFF}')
        || text.contains('\u{2028}')
        || text.contains('\u{2029}')
        || text.contains('\u{85}');
    if risky {
        serde_json::to_string(text).unwrap_or_default()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::dates::Date;

    fn record(title: &str) -> Record {
        Record {
            title: title.into(),
            date: Date::parse("2024-07-01").unwrap(),
            end_date: Date::parse("2024-07-03"),
            category: "红色文化".into(),
            pillar: Some("善于创新".into()),
            series: None,
            location: Some("广场: 东侧 #2".into()),
            organizer: Some("true".into()),
            participants: Some(1200),
            sessions: 3,
            tags: vec!["七一".into(), "- 列表".into(), "a, b".into(), "123".into()],
            summary: Some("第一行\n第二行 \"引号\" 'single'".into()),
            body: None,
            images: Vec::new(),
            image_texts: Vec::new(),
            slug: None,
            draft: false,
            extra: serde_json::Value::Null,
            spans: Default::default(),
        }
    }

    #[test]
    fn written_yaml_reads_back_as_the_same_records() {
        let titles = [
            "我与党旗合个影",
            "=HYPERLINK(\"x\")",
            "读书月: 共读",
            "2024",
            "null",
            "- 开头是横线",
            "#话题",
            " 前后空格 ",
            "[方括号]",
            "'单引号'",
            "yes",
            "1e3",
            "12:30",
            "2024-07-01",
            "@所有人",
            "结尾冒号:",
            "带 # 号",
            "制表\t符",
        ];
        let mut text = String::from("# huimin import: x.xlsx\n");
        for (i, t) in titles.iter().enumerate() {
            text.push_str(&to_yaml(&record(t), &format!("s-{i}"), true));
        }
        let parsed = records::parse_file(&text, "x.yaml", "x").unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        assert_eq!(parsed.len(), titles.len());
        for (p, t) in parsed.iter().zip(titles) {
            assert!(same_record(&p.record, &record(t)), "{t}: {:?}\n{text}", p.record);
        }
        let single = to_yaml(&record("a"), "a", false);
        let parsed = records::parse_file(&single, "a.yaml", "a").unwrap();
        assert!(same_record(&parsed[0].record, &record("a")));
        assert_eq!(parsed[0].slug, "a");
    }
}
