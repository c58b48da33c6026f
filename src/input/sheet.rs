//! Activity logs (活动台账) kept in Excel, WPS or LibreOffice: `.xlsx`, `.xls`, `.ods` and
//! `.csv` read into the same records as YAML files.
//!
//! Each row becomes a [`yaml::Node`] mapping whose positions are the row and column of its
//! cells, and is read by [`records::read`], so a row is checked with exactly the rules and
//! messages of a YAML record; the positions are turned into `Sheet1!H12` (or `line:col` for
//! CSV) afterwards. Cell values are first put into the form a YAML record writes: a date cell
//! or an Excel serial number becomes `2024-07-01`, `1,200` or `1200人` becomes `1200`.

use crate::diagnostics::{did_you_mean, Code, Diagnostic};
use crate::input::records::{self, Record};
use crate::input::yaml::{Entry, Fields, Kind, Node, Pos};
use crate::messages::sheets;
use chrono::NaiveDate;
use std::cell::RefCell;
use std::path::Path;

/// One cell as the spreadsheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
}

/// The rows of one sheet, with where each sits in the file.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The file as named in messages.
    pub file: String,
    /// The sheet's name; `None` for CSV.
    pub sheet: Option<String>,
    pub rows: Vec<Row>,
    /// The text encoding a CSV was read in (`UTF-8`, `UTF-8 (BOM)`, `GBK`).
    pub encoding: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based row number (spreadsheets) or line (CSV).
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// Column names as staff write them, and the record key each means.
pub const COLUMNS: &[(&str, &str)] = &[
    ("标题", "title"),
    ("活动名称", "title"),
    ("活动标题", "title"),
    ("名称", "title"),
    ("日期", "date"),
    ("活动日期", "date"),
    ("开始日期", "date"),
    ("活动时间", "date"),
    ("结束日期", "end_date"),
    ("类别", "category"),
    ("活动类别", "category"),
    ("活动类型", "category"),
    ("支柱", "pillar"),
    ("品牌支柱", "pillar"),
    ("系列", "series"),
    ("系列活动", "series"),
    ("地点", "location"),
    ("活动地点", "location"),
    ("主办", "organizer"),
    ("主办单位", "organizer"),
    ("参与人数", "participants"),
    ("服务群众（人次）", "participants"),
    ("服务群众(人次)", "participants"),
    ("服务人次", "participants"),
    ("场次", "sessions"),
    ("标签", "tags"),
    ("简介", "summary"),
    ("内容摘要", "summary"),
    ("摘要", "summary"),
];

/// Record keys a column may also be named by: every record key but `extra`, a mapping that
/// has no column.
fn key_columns() -> impl Iterator<Item = &'static str> {
    crate::input::records::KEYS.iter().copied().filter(|k| *k != "extra")
}

/// Columns every log has that mean nothing to a record; skipped without a word.
/// `网址` is the address column of `/activities/activities.csv`, so a downloaded CSV imports.
const IGNORED: &[&str] = &["序号", "编号", "No.", "No", "网址"];

/// The column names the export writes, in order (one per record key it writes).
pub const EXPORT_COLUMNS: &[(&str, &str)] = &[
    ("标题", "title"),
    ("日期", "date"),
    ("结束日期", "end_date"),
    ("类别", "category"),
    ("品牌支柱", "pillar"),
    ("系列", "series"),
    ("地点", "location"),
    ("主办单位", "organizer"),
    ("参与人数", "participants"),
    ("场次", "sessions"),
    ("标签", "tags"),
    ("简介", "summary"),
];

/// The record key a header cell names.
pub fn column_key(name: &str) -> Option<&'static str> {
    let n = normalize_header(name);
    COLUMNS
        .iter()
        .find(|(c, _)| *c == n)
        .map(|(_, k)| *k)
        .or_else(|| key_columns().find(|k| *k == n.to_ascii_lowercase()))
}

fn normalize_header(name: &str) -> String {
    // "* 标题", "标题：", full-width spaces.
    name.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '＊' | ':' | '：'))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// An error about the file as a whole.
fn file_error(file: &str, msg: String, help: Option<String>) -> Diagnostic {
    let d = Diagnostic::error(file, msg).code(Code::Sheet);
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// Read one sheet of `path` (the first one unless `sheet` names another). `file` names it in
/// messages.
pub fn read_grid(path: &Path, file: &str, sheet: Option<&str>) -> Result<Grid, Diagnostic> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => {
            let bytes =
                std::fs::read(path).map_err(|e| file_error(file, crate::t!(sheets::CANNOT_OPEN, reason = e), None))?;
            Ok(read_csv(&bytes, file))
        }
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_workbook(path, file, sheet),
        "et" | "ett" => Err(file_error(
            file,
            crate::t!(sheets::WPS_ET),
            Some(crate::t!(sheets::WPS_ET_HELP)),
        )),
        other => Err(file_error(
            file,
            crate::t!(sheets::UNKNOWN_FORMAT, ext = other),
            Some(crate::t!(sheets::UNKNOWN_FORMAT_HELP)),
        )),
    }
}

fn read_workbook(path: &Path, file: &str, sheet: Option<&str>) -> Result<Grid, Diagnostic> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut book =
        open_workbook_auto(path).map_err(|e| file_error(file, crate::t!(sheets::CANNOT_OPEN, reason = e), None))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names.iter().find(|n| n.as_str() == s).cloned().ok_or_else(|| {
            file_error(
                file,
                crate::t!(sheets::NO_SHEET, name = s),
                Some(crate::t!(sheets::NO_SHEET_HELP, names = names.join("、"))),
            )
        })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| file_error(file, crate::t!(sheets::EMPTY_WORKBOOK), None))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| file_error(file, crate::t!(sheets::CANNOT_OPEN, reason = e), None))?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (i, r) in range.rows().enumerate() {
        let mut cells = vec![Cell::Empty; col0 as usize];
        cells.extend(r.iter().map(|d| match d {
            Data::Empty => Cell::Empty,
            Data::String(s) => Cell::Text(s.clone()),
            Data::Float(f) => Cell::Number(*f),
            Data::Int(n) => Cell::Number(*n as f64),
            Data::Bool(b) => Cell::Bool(*b),
            Data::DateTime(dt) => {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                NaiveDate::from_ymd_opt(y.into(), m.into(), d.into())
                    .map(Cell::Date)
                    .unwrap_or_else(|| Cell::Number(dt.as_f64()))
            }
            Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
            Data::Error(e) => Cell::Text(format!("{e}")),
        }));
        rows.push(Row {
            line: row0 as usize + i + 1,
            cells,
        });
    }
    Ok(Grid {
        file: file.to_string(),
        sheet: Some(name),
        rows,
        encoding: None,
    })
}

/// Decode a CSV: UTF-8 with or without BOM, else what chardetng guesses (GBK/GB18030 for a
/// file saved by Excel on Chinese Windows).
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest).into_owned(), "UTF-8 (BOM)");
    }
    // Excel's "Unicode 文本" (tab-separated UTF-16).
    for (bom, enc) in [
        (b"\xFF\xFE", encoding_rs::UTF_16LE),
        (b"\xFE\xFF", encoding_rs::UTF_16BE),
    ] {
        if bytes.starts_with(bom) {
            let (text, _) = enc.decode_without_bom_handling(&bytes[2..]);
            return (text.into_owned(), enc.name());
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), "UTF-8");
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let enc = det.guess(Some(b"cn"), true);
    let (text, _, _) = enc.decode(bytes);
    (text.into_owned(), enc.name())
}

fn read_csv(bytes: &[u8], file: &str) -> Grid {
    let (text, encoding) = decode(bytes);
    // Tab-separated when the first line has more tabs than commas.
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in reader.records() {
        let Ok(rec) = rec else { continue };
        // The line the record starts on, counted in the text (quoted fields may hold line breaks).
        // With CRLF line ends the reported start can be the `\n` before the record.
        let mut byte = rec.position().map(|p| p.byte() as usize).unwrap_or(0);
        while matches!(text.as_bytes().get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        let line = text.as_bytes()[..byte.min(text.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        let cells = rec
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    // Undo the export's `'` before `=`, `+`, `-`, `@` (Excel hides it, a CSV keeps it).
                    let s = match s.strip_prefix('\'') {
                        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
                        _ => s,
                    };
                    Cell::Text(s.to_string())
                }
            })
            .collect();
        rows.push(Row { line, cells });
    }
    Grid {
        file: file.to_string(),
        sheet: None,
        rows,
        encoding: Some(encoding),
    }
}

/// `A`, `B`, … `Z`, `AA`: the letters of 1-based column `col`.
pub fn column_letters(col: usize) -> String {
    let mut n = col;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl Grid {
    /// Point `d` (whose line and column are a row and column of this grid) at the cell.
    fn place(&self, mut d: Diagnostic) -> Diagnostic {
        if let Some(sheet) = &self.sheet {
            if d.line > 0 {
                d.file = format!("{}:{}!{}{}", self.file, sheet, column_letters(d.column.max(1)), d.line);
                d.line = 0;
                d.column = 0;
            } else {
                d.file = format!("{}:{}", self.file, sheet);
            }
        }
        d
    }
}

/// One record read from a row, with the row it came from.
#[derive(Debug, Clone)]
pub struct SheetRecord {
    pub record: Record,
    pub line: usize,
}

/// What a sheet gives: its records, or every problem of every row; warnings either way.
pub struct Imported {
    pub records: Vec<SheetRecord>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Read every row of `grid` below its header row as a record.
pub fn records(grid: &Grid) -> Imported {
    let mut warnings = Vec::new();
    let known = |cells: &[Cell]| {
        cells
            .iter()
            .filter(|c| matches!(c, Cell::Text(t) if column_key(t).is_some()))
            .count()
    };
    let Some(header_at) = grid.rows.iter().position(|r| known(&r.cells) >= 2) else {
        let names: Vec<&str> = EXPORT_COLUMNS.iter().map(|(n, _)| *n).collect();
        return Imported {
            records: Vec::new(),
            errors: vec![grid.place(file_error(
                &grid.file,
                crate::t!(sheets::NO_HEADER),
                Some(crate::t!(sheets::NO_HEADER_HELP, names = names.join("、"))),
            ))],
            warnings,
        };
    };
    let header = &grid.rows[header_at];
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    let all_names: Vec<&str> = COLUMNS.iter().map(|(n, _)| *n).chain(key_columns()).collect();
    let shown: Vec<&str> = EXPORT_COLUMNS.iter().map(|(n, _)| *n).collect();
    for (c, cell) in header.cells.iter().enumerate() {
        let at = |d: Diagnostic| grid.place(d.at(header.line, c + 1));
        let name = match cell {
            Cell::Empty => {
                columns.push(None);
                continue;
            }
            Cell::Text(t) => t.clone(),
            other => cell_text(other),
        };
        let key = column_key(&name);
        match key {
            Some(k) if columns.contains(&Some(k)) => {
                warnings.push(at(Diagnostic::warning(
                    &grid.file,
                    crate::t!(sheets::DUPLICATE_COLUMN, name = name.trim(), key = k),
                )
                .code(Code::Sheet)
                .with_help(crate::t!(sheets::DUPLICATE_COLUMN_HELP))));
                columns.push(None);
            }
            Some(k) => columns.push(Some(k)),
            None => {
                columns.push(None);
                if IGNORED.contains(&normalize_header(&name).as_str()) {
                    continue;
                }
                let help = match suggest(&normalize_header(&name), &all_names) {
                    Some(s) => crate::t!(sheets::UNKNOWN_COLUMN_SUGGEST, suggestion = s, names = shown.join("、")),
                    None => crate::t!(sheets::UNKNOWN_COLUMN_HELP, names = shown.join("、")),
                };
                warnings.push(at(Diagnostic::warning(
                    &grid.file,
                    crate::t!(sheets::UNKNOWN_COLUMN, name = name.trim()),
                )
                .code(Code::UnknownKey)
                .with_help(help)));
            }
        }
    }
    let errors = RefCell::new(Vec::new());
    let mut out = Vec::new();
    for row in &grid.rows[header_at + 1..] {
        if row.cells.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        let node = row_node(row, &columns);
        let Some(fields) = Fields::new(&grid.file, &node, &errors, "a row", "") else {
            continue;
        };
        if let Some(record) = records::read(fields) {
            out.push(SheetRecord { record, line: row.line });
        }
    }
    let errors: Vec<Diagnostic> = errors.into_inner().into_iter().map(|d| grid.place(d)).collect();
    if out.is_empty() && errors.is_empty() {
        warnings.push(
            grid.place(
                Diagnostic::warning(&grid.file, crate::t!(sheets::NO_ROWS))
                    .code(Code::Sheet)
                    .at(header.line, 1),
            ),
        );
    }
    Imported {
        records: out,
        errors,
        warnings,
    }
}

/// A known column name close to `name`: by spelling, else (short Chinese names) the one that
/// shares most of its characters, when only one does.
fn suggest<'a>(name: &str, names: &[&'a str]) -> Option<&'a str> {
    if let Some(s) = did_you_mean(name, names) {
        return Some(s);
    }
    let score = |c: &str| {
        let shared = c.chars().filter(|ch| name.contains(*ch)).count();
        shared as f64 / c.chars().count().max(name.chars().count()) as f64
    };
    let mut best: Vec<(&str, f64)> = names
        .iter()
        .map(|c| (*c, score(c)))
        .filter(|(_, s)| *s >= 0.5)
        .collect();
    best.sort_by(|a, b| b.1.total_cmp(&a.1));
    match best.as_slice() {
        [(only, _)] => Some(only),
        [(a, x), (_, y), ..] if x > y => Some(a),
        _ => None,
    }
}

/// The row as the mapping a YAML record would be.
fn row_node(row: &Row, columns: &[Option<&'static str>]) -> Node {
    // Row-level problems (a missing date) point at the date cell, else at the row's first cell.
    let first = columns
        .iter()
        .position(|k| *k == Some("date"))
        .or_else(|| row.cells.iter().position(|c| *c != Cell::Empty))
        .unwrap_or(0);
    let mut entries = Vec::new();
    for (c, key) in columns.iter().enumerate() {
        let Some(key) = key else { continue };
        let cell = row.cells.get(c).unwrap_or(&Cell::Empty);
        let pos = Pos {
            line: row.line,
            col: c + 1,
        };
        let kind = match cell_kind(key, cell) {
            Some(k) => k,
            // An empty required cell is reported at the cell; an empty optional one is absent.
            None if matches!(*key, "title" | "category") => Kind::Null,
            None => continue,
        };
        entries.push(Entry {
            key: key.to_string(),
            key_pos: pos,
            value: Node { pos, kind },
        });
    }
    Node {
        pos: Pos {
            line: row.line,
            col: first + 1,
        },
        kind: Kind::Map(entries),
    }
}

fn scalar(text: impl Into<String>, plain: bool) -> Kind {
    Kind::Scalar {
        text: text.into(),
        plain,
    }
}

/// A number as a person writes it: `120`, `12.5`.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(t) => t.trim().to_string(),
        Cell::Number(f) => number_text(*f),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        Cell::Bool(b) => b.to_string(),
    }
}

/// Excel's day number (1900 system, with its phantom 29 February 1900) as a date.
pub fn excel_serial(n: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&n) {
        return None;
    }
    let days = n.floor() as i64;
    let epoch = if days < 60 {
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    epoch.checked_add_signed(chrono::Duration::days(days - i64::from(days < 60)))
}

/// The YAML value a cell stands for under `key`; `None` for an empty cell.
fn cell_kind(key: &str, cell: &Cell) -> Option<Kind> {
    if *cell == Cell::Empty {
        return None;
    }
    if let Cell::Text(t) = cell {
        if t.trim().is_empty() {
            return None;
        }
    }
    Some(match (key, cell) {
        ("date" | "end_date", Cell::Date(d)) => scalar(d.format("%Y-%m-%d").to_string(), true),
        ("date" | "end_date", Cell::Number(n)) => match excel_serial(*n) {
            // Only plausible days: 1990 to 2100 (serials 32874 to 73050).
            Some(d) if (32874.0..73051.0).contains(n) => scalar(d.format("%Y-%m-%d").to_string(), true),
            _ => scalar(number_text(*n), true),
        },
        ("date" | "end_date", Cell::Text(t)) => {
            let t = t.trim();
            // `2024/7/1 0:00:00` from a CSV; a day number typed as text.
            let day = t.split_whitespace().next().unwrap_or(t);
            match day.parse::<f64>() {
                Ok(n) if day.len() == 5 && (32874.0..73051.0).contains(&n) => scalar(
                    excel_serial(n)
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                    true,
                ),
                _ if crate::input::dates::Date::parse(day).is_some() && !t.contains('T') => scalar(day, false),
                _ => scalar(t, false),
            }
        }
        ("participants" | "sessions", Cell::Number(n)) => scalar(number_text(*n), true),
        ("participants" | "sessions", Cell::Text(t)) => match count_text(t) {
            Some(digits) => scalar(digits, true),
            None => scalar(t.trim(), false),
        },
        ("tags" | "images", Cell::Text(t)) => {
            let items: Vec<Node> = t
                .split(['、', '，', ',', ';', '；'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Node {
                    pos: Pos::default(),
                    kind: scalar(s, false),
                })
                .collect();
            Kind::Seq(items)
        }
        ("draft", Cell::Bool(b)) => scalar(b.to_string(), true),
        ("draft", Cell::Text(t)) => match t.trim() {
            "是" | "草稿" => scalar("true", true),
            "否" => scalar("false", true),
            other => scalar(other, true),
        },
        (_, c) => scalar(cell_text(c), false),
    })
}

/// `1,200`, `1 200`, `1200人`, `3场` → the digits; `None` when anything else is in the text.
fn count_text(t: &str) -> Option<String> {
    let t = t.trim();
    let t = ["人次", "场次", "人", "场", "次", "余"]
        .iter()
        .fold(t, |t, unit| t.strip_suffix(unit).unwrap_or(t))
        .trim();
    let digits: String = t
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{a0}'))
        .collect();
    let digits = digits.strip_suffix(".0").unwrap_or(&digits).to_string();
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(8), "H");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn serials() {
        assert_eq!(excel_serial(45474.0), NaiveDate::from_ymd_opt(2024, 7, 1));
        assert_eq!(excel_serial(61.0), NaiveDate::from_ymd_opt(1900, 3, 1));
    }

    #[test]
    fn counts() {
        assert_eq!(count_text("1,200").as_deref(), Some("1200"));
        assert_eq!(count_text("1200人").as_deref(), Some("1200"));
        assert_eq!(count_text("3 场").as_deref(), Some("3"));
        assert_eq!(count_text("很多"), None);
        assert_eq!(count_text("-3"), None);
    }

    #[test]
    fn utf16_tab_separated_text_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "标题\t日期\t类别\r\n合影\t2024-07-01\t红色文化\r\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let g = read_csv(&bytes, "a.txt");
        assert_eq!(g.encoding, Some("UTF-16LE"));
        assert_eq!(g.rows[1].cells[1], Cell::Text("2024-07-01".into()));
        assert_eq!(g.rows[1].line, 2);
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = encoding_rs::GBK.encode("标题,日期,类别\n我与党旗合个影,2024-07-01,红色文化\n");
        let (text, enc) = decode(&bytes);
        assert!(text.contains("我与党旗合个影"), "{text}");
        assert!(enc == "GBK" || enc == "gb18030", "{enc}");
    }
}
#[cfg(test)]
mod csv_lines {
    #[test]
    fn lines_of_rows() {
        let g = super::read_csv("a,,,\r\nb,c,d,e\r\nx,y,z,\"1,2\"\r\n\r\np,q,r,s\r\n".as_bytes(), "f");
        let lines: Vec<usize> = g.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 3, 5]);
    }
}
