//! Dates as editors write them, and as the Chinese site shows them.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// A calendar day, optionally with the full timestamp it was given as.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub day: NaiveDate,
    /// The RFC 3339 timestamp, when the editor gave one; its local day is `day`.
    pub timestamp: Option<DateTime<FixedOffset>>,
}

const EXPECTED: &str = "a date like 2024-07-01 (or 2024-07-01T09:30:00+08:00)";

impl Date {
    pub fn from_day(day: NaiveDate) -> Self {
        Date { day, timestamp: None }
    }

    /// Parse `2024-07-01`, `2024-7-1`, `2024/07/01`, `2024年7月1日` or RFC 3339.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        if let Ok(ts) = DateTime::parse_from_rfc3339(s) {
            return Some(Date {
                day: ts.date_naive(),
                timestamp: Some(ts),
            });
        }
        let normalized: String = s
            .trim_end_matches('日')
            .chars()
            .map(|c| if matches!(c, '/' | '年' | '月' | '.') { '-' } else { c })
            .collect();
        let mut parts = normalized.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
            return None;
        }
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if !(all_digits(y) && all_digits(m) && all_digits(d)) {
            return None;
        }
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).map(Date::from_day)
    }

    /// ISO form for `<time datetime>` and machine-readable outputs.
    pub fn iso(&self) -> String {
        match &self.timestamp {
            Some(ts) => ts.to_rfc3339(),
            None => self.day.format("%Y-%m-%d").to_string(),
        }
    }

    /// The Chinese reading form: 2024年7月1日.
    pub fn chinese(&self) -> String {
        chinese_day(self.day)
    }
}

/// 2024年7月1日, without leading zeros, as Chinese readers expect.
pub fn chinese_day(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(EXPECTED)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).ok_or_else(|| E::custom(format!("`{v}` is not a date: expected {EXPECTED}")))
            }
        }
        deserializer.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_common_forms() {
        for s in ["2024-07-01", "2024-7-1", "2024/07/01", "2024年7月1日"] {
            assert_eq!(Date::parse(s).unwrap().iso(), "2024-07-01", "{s}");
        }
    }

    #[test]
    fn rfc3339_keeps_local_day() {
        let d = Date::parse("2024-07-01T23:30:00+08:00").unwrap();
        assert_eq!(d.day.to_string(), "2024-07-01");
        assert_eq!(d.chinese(), "2024年7月1日");
    }

    #[test]
    fn rejects_nonsense() {
        for s in ["明天", "2024-13-01", "2024-02-30", "24-1-1", "", "2024-07-01-02"] {
            assert!(Date::parse(s).is_none(), "{s}");
        }
    }
}
