//! RFC 5545 iCalendar export of activity records, so visitors can subscribe to or import the
//! activity schedule in the calendar app on their phone.
//!
//! Output is deterministic (no clock reads), so two builds of the same site are byte-identical.

use chrono::{Datelike, NaiveDate};

/// Maximum length of a physical line in octets, excluding the CRLF (RFC 5545 section 3.1).
const MAX_LINE_OCTETS: usize = 75;

/// One all-day event.
pub struct IcsEvent<'a> {
    /// Globally unique and stable across builds so calendar apps update instead of duplicating.
    pub uid: String,
    /// First day of the event.
    pub start: NaiveDate,
    /// Last day of the event (same as `start` for one-day events); converted to the exclusive DTEND.
    pub end_inclusive: NaiveDate,
    /// Event title.
    pub summary: &'a str,
    /// Venue, if known.
    pub location: Option<&'a str>,
    /// Longer plain-text description, if any.
    pub description: Option<&'a str>,
    /// Absolute URL of the activity page, so the calendar entry links back to the site.
    pub url: String,
    /// Free-form categories (e.g. activity types); empty items are skipped.
    pub categories: Vec<&'a str>,
}

/// The whole VCALENDAR text with CRLF line ends.
///
/// Events are written in the given order; sort them beforehand for stable output.
#[cfg(test)]
pub fn calendar(name: &str, prodid_host: &str, events: &[IcsEvent]) -> String {
    let mut out = header(name, prodid_host);
    for event in events {
        out.push_str(&vevent(event));
    }
    end(&mut out);
    out
}

/// Everything before the first event: [`calendar`] is `header`, each [`vevent`], [`end`].
pub fn header(name: &str, prodid_host: &str) -> String {
    let mut out = String::new();
    push(&mut out, "BEGIN:VCALENDAR");
    push(&mut out, "VERSION:2.0");
    push(&mut out, &format!("PRODID:-//huimin//{}//ZH", escape_text(prodid_host)));
    push(&mut out, "CALSCALE:GREGORIAN");
    push(&mut out, "METHOD:PUBLISH");
    push(&mut out, &format!("X-WR-CALNAME:{}", escape_text(name)));
    push(&mut out, "X-WR-TIMEZONE:Asia/Shanghai");
    out
}

/// The line that closes the calendar.
pub fn end(out: &mut String) {
    push(out, "END:VCALENDAR");
}

/// One event's lines, BEGIN:VEVENT to END:VEVENT, each folded and ended with CRLF.
pub fn vevent(event: &IcsEvent) -> String {
    let mut buf = String::with_capacity(512);
    let out = &mut buf;
    // A reversed range in the source data would make DTEND precede DTSTART, which RFC 5545 forbids.
    let last = event.end_inclusive.max(event.start);
    push(out, "BEGIN:VEVENT");
    push(out, &format!("UID:{}", escape_text(&event.uid)));
    push(out, &format!("DTSTAMP:{}T000000Z", ics_date(event.start)));
    push(out, &format!("DTSTART;VALUE=DATE:{}", ics_date(event.start)));
    // Without DTEND an all-day DTSTART means one day, which is the best we can do at NaiveDate::MAX.
    if let Some(end) = last.succ_opt() {
        push(out, &format!("DTEND;VALUE=DATE:{}", ics_date(end)));
    }
    push(out, &format!("SUMMARY:{}", escape_text(event.summary)));
    if let Some(location) = event.location.filter(|s| !s.trim().is_empty()) {
        push(out, &format!("LOCATION:{}", escape_text(location)));
    }
    if let Some(description) = event.description.filter(|s| !s.trim().is_empty()) {
        push(out, &format!("DESCRIPTION:{}", escape_text(description)));
    }
    let url = sanitize_uri(&event.url);
    if !url.is_empty() {
        push(out, &format!("URL:{url}"));
    }
    let categories: Vec<String> = event
        .categories
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .map(escape_text)
        .collect();
    if !categories.is_empty() {
        push(out, &format!("CATEGORIES:{}", categories.join(",")));
    }
    push(out, "END:VEVENT");
    buf
}

/// A record's event (`activities/calendar.ics`); `host` names the site in every UID.
pub fn record_event(site: &crate::site::model::Site, a: &crate::site::model::Activity, host: &str) -> String {
    let r = &a.record;
    vevent(&IcsEvent {
        uid: format!("{}@{host}", a.slug),
        start: r.date.day,
        end_inclusive: r.end_date.as_ref().map(|d| d.day).unwrap_or(r.date.day),
        summary: &r.title,
        location: r.location.as_deref(),
        description: r.summary.as_deref(),
        url: site.base.absolute(&a.path),
        categories: std::iter::once(r.category.as_str())
            .chain(r.series.as_deref())
            .collect(),
    })
}

/// The host part of the site's origin, as UIDs and PRODID carry it.
pub fn host(site: &crate::site::model::Site) -> &str {
    site.base.origin.split("://").nth(1).unwrap_or("huimin")
}

fn push(out: &mut String, line: &str) {
    out.push_str(&fold_line(line));
    out.push_str("\r\n");
}

/// Escape TEXT values: backslash, semicolon, comma, newline (RFC 5545 3.3.11).
///
/// CR is dropped (so CRLF becomes one `\n`), and other control characters that TEXT forbids are
/// dropped too (tab is kept), so user input can never break the line structure of the file.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Fold a content line at 75 octets without splitting a UTF-8 character; CRLF + one space continuation.
///
/// The input is one unfolded content line without CR or LF; no trailing CRLF is added. The leading
/// space of a continuation line counts toward its 75 octets.
pub fn fold_line(line: &str) -> String {
    if line.len() <= MAX_LINE_OCTETS {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + line.len() / 24 * 3);
    let mut used = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if used + width > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += width;
    }
    out
}

/// `YYYYMMDD` as used by DATE values.
fn ics_date(date: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// URI values are not TEXT-escaped, but control characters (line breaks above all) must never reach the file.
fn sanitize_uri(uri: &str) -> String {
    uri.trim().chars().filter(|c| !c.is_control()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use icalendar::{Component, DatePerhapsTime, EventLike};
    use proptest::prelude::*;

    fn unfold(folded: &str) -> String {
        folded.replace("\r\n ", "")
    }

    fn assert_physical_lines_ok(folded: &str) {
        for physical in folded.split("\r\n") {
            assert!(physical.len() <= MAX_LINE_OCTETS, "line too long: {physical:?}");
            assert!(!physical.contains('\r') && !physical.contains('\n'));
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// 200 Chinese characters (600 octets in UTF-8).
    fn long_chinese() -> String {
        "弘扬红色文化传承革命精神，市文化馆组织党员志愿者走进社区开展宣讲。"
            .chars()
            .cycle()
            .take(200)
            .collect()
    }

    #[test]
    fn escapes_special_characters() {
        assert_eq!(escape_text(r"a,b;c\d"), r"a\,b\;c\\d");
        assert_eq!(escape_text("第一行\r\n第二行\n第三行"), r"第一行\n第二行\n第三行");
        assert_eq!(escape_text("a\rb"), "ab");
        assert_eq!(escape_text("tab\there\u{7}"), "tab\there");
        assert_eq!(escape_text("普通文本: ok"), "普通文本: ok");
    }

    #[test]
    fn folds_long_chinese_line() {
        let line = format!("DESCRIPTION:{}", long_chinese());
        let folded = fold_line(&line);
        assert!(folded.contains("\r\n "));
        assert_physical_lines_ok(&folded);
        for (i, physical) in folded.split("\r\n").enumerate() {
            // Every piece is a &str, so it is valid UTF-8 by construction; check the bytes explicitly anyway.
            assert!(std::str::from_utf8(physical.as_bytes()).is_ok());
            if i > 0 {
                assert!(physical.starts_with(' ') && !physical.starts_with("  "));
            }
        }
        assert_eq!(unfold(&folded), line);
    }

    #[test]
    fn short_line_is_unchanged() {
        let line = "X".repeat(75);
        assert_eq!(fold_line(&line), line);
        assert_eq!(fold_line(&"X".repeat(76)), format!("{}\r\n X", "X".repeat(75)));
    }

    #[test]
    fn calendar_structure() {
        let events = [IcsEvent {
            uid: "2024-07-01-dangqi@wlj.example.gov.cn".into(),
            start: date(2024, 7, 1),
            end_inclusive: date(2024, 7, 1),
            summary: "党旗飘扬",
            location: None,
            description: Some("  "),
            url: "https://wlj.example.gov.cn/huodong/dangqi/\r\n".into(),
            categories: vec![],
        }];
        let text = calendar("市文化馆活动, 日历", "wlj.example.gov.cn", &events);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//huimin//wlj.example.gov.cn//ZH\r\n"));
        assert!(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(text.contains("\r\nX-WR-CALNAME:市文化馆活动\\, 日历\r\n"));
        assert!(text.contains("\r\nDTSTAMP:20240701T000000Z\r\n"));
        assert!(text.contains("\r\nDTEND;VALUE=DATE:20240702\r\n"));
        assert!(text.contains("\r\nURL:https://wlj.example.gov.cn/huodong/dangqi/\r\n"));
        assert!(!text.contains("LOCATION") && !text.contains("DESCRIPTION") && !text.contains("CATEGORIES"));
        assert!(!text.replace("\r\n", "").contains(['\r', '\n']));
        assert_physical_lines_ok(&text);
        // Deterministic: same input, same bytes.
        assert_eq!(text, calendar("市文化馆活动, 日历", "wlj.example.gov.cn", &events));
    }

    #[test]
    fn reversed_range_is_clamped() {
        let events = [IcsEvent {
            uid: "x@example.org".into(),
            start: date(2024, 12, 31),
            end_inclusive: date(2024, 12, 1),
            summary: "s",
            location: None,
            description: None,
            url: String::new(),
            categories: vec![],
        }];
        let text = calendar("c", "h", &events);
        assert!(text.contains("DTEND;VALUE=DATE:20250101\r\n"));
        assert!(!text.contains("URL:"));
    }

    #[test]
    fn round_trips_through_real_parser() {
        let description = format!("{}\n第二段; 含分号, 逗号和反斜杠\\", long_chinese());
        let events = [
            IcsEvent {
                uid: "2024-07-01-dangqi@wlj.example.gov.cn".into(),
                start: date(2024, 7, 1),
                end_inclusive: date(2024, 7, 3),
                summary: "“七一”党旗飘扬, 红色文化展演",
                location: Some("市文化馆广场, 二楼"),
                description: Some(&description),
                url: "https://wlj.example.gov.cn/huodong/2024-07-01-dangqi/".into(),
                categories: vec!["红色文化", "志愿服务, 社区", ""],
            },
            IcsEvent {
                uid: "2024-12-31-kuanian@wlj.example.gov.cn".into(),
                start: date(2024, 12, 31),
                end_inclusive: date(2024, 12, 31),
                summary: "跨年音乐会",
                location: None,
                description: None,
                url: "https://wlj.example.gov.cn/huodong/2024-12-31-kuanian/".into(),
                categories: vec![],
            },
        ];
        let text = calendar("市文化馆活动", "wlj.example.gov.cn", &events);
        assert_physical_lines_ok(&text);

        let parsed: icalendar::Calendar = text.parse().expect("output must parse");
        assert_eq!(parsed.get_name(), Some("市文化馆活动"));
        let parsed_events: Vec<&icalendar::Event> = parsed.components.iter().filter_map(|c| c.as_event()).collect();
        assert_eq!(parsed_events.len(), 2);

        let first = parsed_events[0];
        assert_eq!(first.get_uid(), Some("2024-07-01-dangqi@wlj.example.gov.cn"));
        assert_eq!(first.get_summary(), Some("“七一”党旗飘扬, 红色文化展演"));
        assert_eq!(first.get_location(), Some("市文化馆广场, 二楼"));
        assert_eq!(first.get_description(), Some(description.as_str()));
        assert_eq!(first.get_start(), Some(DatePerhapsTime::Date(date(2024, 7, 1))));
        assert_eq!(first.get_end(), Some(DatePerhapsTime::Date(date(2024, 7, 4))));
        assert_eq!(
            first.get_url(),
            Some("https://wlj.example.gov.cn/huodong/2024-07-01-dangqi/")
        );
        assert_eq!(
            first.get_categories(),
            Some(vec!["红色文化".to_owned(), "志愿服务, 社区".to_owned()])
        );
        assert_eq!(first.property_value("DTSTART"), Some("20240701"));
        assert_eq!(first.property_value("DTEND"), Some("20240704"));

        let second = parsed_events[1];
        assert_eq!(second.get_summary(), Some("跨年音乐会"));
        assert_eq!(second.get_location(), None);
        assert_eq!(second.get_description(), None);
        assert_eq!(second.get_categories(), None);
        assert_eq!(second.get_end(), Some(DatePerhapsTime::Date(date(2025, 1, 1))));
    }

    /// Arbitrary Unicode without CR/LF (a content line cannot contain them), biased towards multi-byte characters.
    fn content_line() -> impl Strategy<Value = String> {
        prop_oneof![
            "[^\r\n]{0,300}",
            proptest::collection::vec(
                prop_oneof![
                    proptest::char::range('a', 'z'),
                    proptest::char::range('\u{80}', '\u{7ff}'),
                    proptest::char::range('\u{4e00}', '\u{9fff}'),
                    proptest::char::range('\u{1f300}', '\u{1faff}'),
                ],
                0..300
            )
            .prop_map(|chars| chars.into_iter().collect::<String>()),
        ]
    }

    proptest! {
        #[test]
        fn fold_line_is_safe_and_reversible(line in content_line()) {
            let folded = fold_line(&line);
            for physical in folded.split("\r\n") {
                prop_assert!(physical.len() <= MAX_LINE_OCTETS);
                prop_assert!(std::str::from_utf8(physical.as_bytes()).is_ok());
            }
            prop_assert_eq!(unfold(&folded), line);
        }

        #[test]
        fn escape_text_never_yields_a_line_break(s in any::<String>()) {
            let escaped = escape_text(&s);
            prop_assert!(!escaped.contains('\n') && !escaped.contains('\r'));
        }

        #[test]
        fn escaped_text_folds_within_limits(s in any::<String>()) {
            let folded = fold_line(&format!("DESCRIPTION:{}", escape_text(&s)));
            for physical in folded.split("\r\n") {
                prop_assert!(physical.len() <= MAX_LINE_OCTETS);
            }
        }
    }
}
