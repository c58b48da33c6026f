//! What the activities add up to: totals overall and by category, year, pillar, series and month.
//!
//! Only activities that have started by the build day count: figures report work done.

use crate::site::model::{Site, Taxonomy, Term};
use crate::site::routes::term_page_path;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// Activities, sessions and people reached.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Totals {
    pub activities: u64,
    pub sessions: u64,
    pub participants: u64,
}

impl Totals {
    pub fn add(&mut self, sessions: u64, participants: Option<u64>) {
        // Saturating: an absurd figure in one record must not crash or wrap the totals.
        self.activities = self.activities.saturating_add(1);
        self.sessions = self.sessions.saturating_add(sessions);
        self.participants = self.participants.saturating_add(participants.unwrap_or(0));
    }
}

/// Totals for one group (a category, a year, a month…).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub url: Option<String>,
    #[serde(flatten)]
    pub totals: Totals,
}

/// All figures, for `/stats/`, the home page and any template (`site.stats`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub total: Totals,
    pub upcoming: u64,
    pub by_category: Vec<Group>,
    pub by_year: Vec<Group>,
    pub by_pillar: Vec<Group>,
    pub by_series: Vec<Group>,
    /// The 24 months up to the month of the latest record (the build day's month when records
    /// continue past it), oldest first; name `2024-07`.
    pub by_month: Vec<Group>,
    /// `by_month` for the table: a run of three or more months without activity is one row
    /// named `2024-03 至 2024-08`.
    pub month_table: Vec<Group>,
    /// The months `by_month` covers, for headings: `2023年2月至2025年1月`.
    pub month_span: String,
    /// The same figures by name, so templates can write `site.stats.category["红色文化"].participants`.
    pub category: BTreeMap<String, Totals>,
    pub year: BTreeMap<String, Totals>,
    pub pillar: BTreeMap<String, Totals>,
    pub series: BTreeMap<String, Totals>,
}

/// Compute every figure from the site's records.
pub fn compute(site: &Site) -> Stats {
    let held = |i: &usize| site.activities[*i].record.date.day <= site.today;
    let mut s = Stats::default();
    for a in &site.activities {
        if a.record.date.day <= site.today {
            s.total.add(a.record.sessions, a.record.participants);
        } else {
            s.upcoming += 1;
        }
    }
    let by_terms = |t: Taxonomy, terms: &[Term]| -> Vec<Group> {
        let mut groups: Vec<Group> = terms
            .iter()
            .map(|term| {
                let mut totals = Totals::default();
                for i in term.activities.iter().filter(|i| held(i)) {
                    let r = &site.activities[*i].record;
                    totals.add(r.sessions, r.participants);
                }
                Group {
                    name: term.name.clone(),
                    url: Some(site.base.link(&term_page_path(t, &term.slug, 0))),
                    totals,
                }
            })
            .filter(|g| g.totals.activities > 0 || t == Taxonomy::Pillars)
            .collect();
        if t != Taxonomy::Pillars {
            groups.sort_by(|a, b| {
                b.totals
                    .activities
                    .cmp(&a.totals.activities)
                    .then_with(|| a.name.cmp(&b.name))
            });
        }
        groups
    };
    s.by_category = by_terms(Taxonomy::Categories, &site.categories);
    s.by_pillar = by_terms(Taxonomy::Pillars, &site.pillars);
    s.by_series = by_terms(Taxonomy::Series, &site.series);
    let mut years: BTreeMap<i32, Totals> = BTreeMap::new();
    for a in site.activities.iter().filter(|a| a.record.date.day <= site.today) {
        years
            .entry(a.record.date.day.year())
            .or_default()
            .add(a.record.sessions, a.record.participants);
    }
    s.by_year = years
        .iter()
        .rev()
        .map(|(y, t)| Group {
            name: format!("{y}年"),
            url: Some(site.base.link(&format!("activities/year/{y}/"))),
            totals: *t,
        })
        .collect();
    // Up to the latest record, or to today when records go on past it: a site whose records
    // stop in 2023 shows its last two years of work, not two empty years up to today.
    let end = site
        .activities
        .iter()
        .map(|a| a.record.date.day)
        .max()
        .map_or(site.today, |d| d.min(site.today));
    s.by_month = last_months(end, 24)
        .into_iter()
        .map(|(y, m)| {
            let mut totals = Totals::default();
            for a in &site.activities {
                let d = a.record.date.day;
                if d.year() == y && d.month() == m && d <= site.today {
                    totals.add(a.record.sessions, a.record.participants);
                }
            }
            Group {
                name: format!("{y}-{m:02}"),
                url: None,
                totals,
            }
        })
        .collect();
    s.month_table = collapse_empty(&s.by_month);
    if let (Some(first), Some(last)) = (s.by_month.first(), s.by_month.last()) {
        s.month_span = format!("{}至{}", month_label(&first.name), month_label(&last.name));
    }
    let index = |groups: &[Group]| groups.iter().map(|g| (g.name.clone(), g.totals)).collect();
    s.category = index(&s.by_category);
    s.pillar = index(&s.by_pillar);
    s.series = index(&s.by_series);
    s.year = years.iter().map(|(y, t)| (y.to_string(), *t)).collect();
    s
}

/// Runs of three or more empty months as one row.
fn collapse_empty(months: &[Group]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    let mut i = 0;
    while i < months.len() {
        let run = months[i..].iter().take_while(|g| g.totals.activities == 0).count();
        if run >= 3 {
            out.push(Group {
                name: format!("{} 至 {}", months[i].name, months[i + run - 1].name),
                url: None,
                totals: Totals::default(),
            });
            i += run;
        } else {
            out.push(months[i].clone());
            i += 1;
        }
    }
    out
}

/// `2024-07` → `2024年7月`.
fn month_label(name: &str) -> String {
    match name.split_once('-') {
        Some((y, m)) => format!("{y}年{}月", m.trim_start_matches('0')),
        None => name.to_string(),
    }
}

/// `(year, month)` of the `n` months ending with `today`'s month, oldest first.
fn last_months(today: NaiveDate, n: u32) -> Vec<(i32, u32)> {
    let mut y = today.year();
    let mut m = today.month();
    let mut out = Vec::new();
    for _ in 0..n {
        out.push((y, m));
        if m == 1 {
            y -= 1;
            m = 12;
        } else {
            m -= 1;
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_wrap_years() {
        let m = last_months(NaiveDate::from_ymd_opt(2024, 2, 10).unwrap(), 3);
        assert_eq!(m, vec![(2023, 12), (2024, 1), (2024, 2)]);
    }

    #[test]
    fn empty_runs_collapse() {
        let g = |name: &str, n: u64| Group {
            name: name.into(),
            url: None,
            totals: Totals {
                activities: n,
                sessions: n,
                participants: 0,
            },
        };
        let months = [
            g("2024-01", 1),
            g("2024-02", 0),
            g("2024-03", 0),
            g("2024-04", 1),
            g("2024-05", 0),
            g("2024-06", 0),
            g("2024-07", 0),
            g("2024-08", 2),
        ];
        let names: Vec<String> = collapse_empty(&months).into_iter().map(|g| g.name).collect();
        assert_eq!(
            names,
            [
                "2024-01",
                "2024-02",
                "2024-03",
                "2024-04",
                "2024-05 至 2024-07",
                "2024-08"
            ]
        );
        assert_eq!(month_label("2024-07"), "2024年7月");
    }
}
