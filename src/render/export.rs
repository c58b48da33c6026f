//! Downloads for reports: `/activities/activities.csv` (every published record, for Excel and
//! WPS) and `/stats/stats.xlsx` (the figures of `/stats/`, one sheet per breakdown).
//!
//! Both are byte-stable between builds of the same content, so a rebuild rewrites neither.

use crate::site::model::{Activity, Site};
use crate::site::stats::{Group, Stats, Totals};

/// The breakdowns of the statistics, in the order of `/stats/`, with their sheet names.
pub fn breakdowns(stats: &Stats) -> Vec<(&'static str, &[Group])> {
    vec![
        ("按类别", &stats.by_category[..]),
        ("按年份", &stats.by_year[..]),
        ("按品牌支柱", &stats.by_pillar[..]),
        ("按系列活动", &stats.by_series[..]),
        ("按月份", &stats.by_month[..]),
    ]
}

/// The totals of some groups (a "合计" row). Pillars and series may overlap or leave records
/// out, so the total row of every sheet is the sum of its own rows.
pub fn sum(groups: &[Group]) -> Totals {
    let mut t = Totals::default();
    for g in groups {
        t.activities = t.activities.saturating_add(g.totals.activities);
        t.sessions = t.sessions.saturating_add(g.totals.sessions);
        t.participants = t.participants.saturating_add(g.totals.participants);
    }
    t
}

/// A CSV cell that opening the file in a spreadsheet never runs as a formula.
pub fn neutralise(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// Every published record as CSV, written by one writer, as
/// the file was before it was made of [`csv_row`]s: tests check that both give the same bytes.
#[cfg(test)]
pub fn activities_csv(site: &Site) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let mut header: Vec<&str> = crate::input::sheet::EXPORT_COLUMNS.iter().map(|(n, _)| *n).collect();
        header.push("网址");
        w.write_record(&header).unwrap();
        for a in &site.activities {
            let line = csv_row(site, a);
            let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(&line[..]);
            w.write_record(r.records().next().unwrap().unwrap().iter()).unwrap();
        }
        w.flush().unwrap();
    }
    out
}

/// `activities.csv`: UTF-8 with a BOM and CRLF line ends, as Excel and WPS expect on Windows;
/// the column names are those the import reads. Made from the records' [`csv_row`]s, in
/// order (kept per record by
/// [`super::pieces`], so the file after an edit is mostly concatenation).
pub fn csv_from_rows<'a>(rows: impl Iterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut header: Vec<&str> = crate::input::sheet::EXPORT_COLUMNS.iter().map(|(n, _)| *n).collect();
    header.push("网址");
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(csv_line(&header));
    for row in rows {
        out.extend_from_slice(row);
    }
    out
}

/// One record's line of the CSV, CRLF included.
pub fn csv_row(site: &Site, a: &Activity) -> Vec<u8> {
    let r = &a.record;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let row = [
        r.title.clone(),
        r.date.day.format("%Y-%m-%d").to_string(),
        r.end_date
            .as_ref()
            .map(|d| d.day.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        r.category.clone(),
        opt(&r.pillar),
        opt(&r.series),
        opt(&r.location),
        opt(&r.organizer),
        r.participants.map(|p| p.to_string()).unwrap_or_default(),
        r.sessions.to_string(),
        r.tags.join("、"),
        opt(&r.summary),
        site.base.absolute(&a.path),
    ];
    let row: Vec<String> = row.iter().map(|c| neutralise(c)).collect();
    csv_line(&row)
}

/// One CSV line (each line is quoted on its own: the writer keeps no state between lines
/// that changes their bytes).
fn csv_line<T: AsRef<[u8]>>(cells: &[T]) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .buffer_capacity(512)
            .from_writer(&mut out);
        let _ = w.write_record(cells);
        let _ = w.flush();
    }
    out
}

/// The statistics as a workbook: one sheet per breakdown with a header, number formats and a
/// total row, and a first sheet with the overall figures.
pub fn stats_xlsx(site: &Site, stats: &Stats) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook};
    let mut book = Workbook::new();
    // A fixed creation date: the file depends on the content only.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("{} 活动统计", site.config.title))
            .set_creation_datetime(&created),
    );
    let head = Format::new().set_bold().set_border_bottom(FormatBorder::Thin);
    let num = Format::new().set_num_format("#,##0");
    let total_label = Format::new().set_bold().set_border_top(FormatBorder::Thin);
    let total_num = Format::new()
        .set_bold()
        .set_num_format("#,##0")
        .set_border_top(FormatBorder::Thin);
    let columns = ["活动（项）", "场次", "服务群众（人次）"];
    {
        let sheet = book.add_worksheet();
        sheet.set_name("总计")?;
        sheet.set_column_width(0, 24)?;
        sheet.set_column_width(1, 16)?;
        sheet.write_string_with_format(0, 0, "项目", &head)?;
        sheet.write_string_with_format(0, 1, "数值", &head)?;
        let rows = [
            ("已开展活动（项）", stats.total.activities),
            ("场次", stats.total.sessions),
            ("服务群众（人次）", stats.total.participants),
            ("尚未开展的活动（项）", stats.upcoming),
        ];
        for (i, (label, value)) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            sheet.write_string(r, 0, *label)?;
            sheet.write_number_with_format(r, 1, *value as f64, &num)?;
        }
    }
    for (name, groups) in breakdowns(stats) {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        sheet.set_column_width(0, 28)?;
        for c in 1..=3 {
            sheet.set_column_width(c, 16)?;
        }
        sheet.write_string_with_format(0, 0, "名称", &head)?;
        for (c, h) in columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16 + 1, *h, &head)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        for (i, g) in groups.iter().enumerate() {
            let r = i as u32 + 1;
            sheet.write_string(r, 0, &g.name)?;
            let t = g.totals;
            for (c, v) in [t.activities, t.sessions, t.participants].into_iter().enumerate() {
                sheet.write_number_with_format(r, c as u16 + 1, v as f64, &num)?;
            }
        }
        let r = groups.len() as u32 + 1;
        let t = sum(groups);
        sheet.write_string_with_format(r, 0, "合计", &total_label)?;
        for (c, v) in [t.activities, t.sessions, t.participants].into_iter().enumerate() {
            sheet.write_number_with_format(r, c as u16 + 1, v as f64, &total_num)?;
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("我与党旗合个影"), "我与党旗合个影");
    }
}
