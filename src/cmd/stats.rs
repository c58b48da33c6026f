//! `huimin stats [--year 2024] [--format text|json|csv]`: the figures of `/stats/` in the
//! terminal, as sentences a report can use and as tables.

use crate::messages::{sheets, Lang};
use crate::pipeline::{self, BuildOptions};
use crate::render::export::{breakdowns, sum};
use crate::site::model::Site;
use crate::site::stats::{Group, Stats, Totals};
use chrono::Datelike;
use clap::ValueEnum;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum StatsFormat {
    Text,
    Json,
    Csv,
}

pub(super) fn run(root: PathBuf, year: Option<i32>, format: StatsFormat) -> ExitCode {
    if let Some(code) = super::missing_root(&root) {
        return code;
    }
    let opts = BuildOptions {
        root,
        ..Default::default()
    };
    let prep = match pipeline::prepare(&opts) {
        Ok(p) => p,
        Err(diags) => {
            super::show(&diags, &opts.root, super::Format::Human);
            eprintln!("error: {}", crate::t!(sheets::STATS_FAILED));
            return ExitCode::from(1);
        }
    };
    let figures = match year {
        None => prep.stats.clone(),
        Some(y) => of_year(&prep.site, y),
    };
    let out = match format {
        StatsFormat::Text => text(&figures, year, crate::messages::lang()),
        StatsFormat::Json => json(&figures, year),
        StatsFormat::Csv => csv_text(&figures),
    };
    print!("{out}");
    ExitCode::SUCCESS
}

/// The figures of one year's activities, grouped as `/stats/` groups them.
pub(crate) fn of_year(site: &Site, year: i32) -> Stats {
    let held: Vec<usize> = (0..site.activities.len())
        .filter(|&i| {
            let d = site.activities[i].record.date.day;
            d.year() == year && d <= site.today
        })
        .collect();
    let mut s = Stats {
        upcoming: site
            .activities
            .iter()
            .filter(|a| a.record.date.day.year() == year && a.record.date.day > site.today)
            .count() as u64,
        ..Default::default()
    };
    for &i in &held {
        let r = &site.activities[i].record;
        s.total.add(r.sessions, r.participants);
    }
    let group = |terms: &[crate::site::model::Term], keep_empty: bool, sort: bool| -> Vec<Group> {
        let mut out: Vec<Group> = terms
            .iter()
            .map(|t| {
                let mut totals = Totals::default();
                for i in t.activities.iter().filter(|i| held.contains(i)) {
                    let r = &site.activities[*i].record;
                    totals.add(r.sessions, r.participants);
                }
                Group {
                    name: t.name.clone(),
                    url: None,
                    totals,
                }
            })
            .filter(|g| keep_empty || g.totals.activities > 0)
            .collect();
        if sort {
            out.sort_by(|a, b| {
                b.totals
                    .activities
                    .cmp(&a.totals.activities)
                    .then_with(|| a.name.cmp(&b.name))
            });
        }
        out
    };
    s.by_category = group(&site.categories, false, true);
    s.by_pillar = group(&site.pillars, true, false);
    s.by_series = group(&site.series, false, true);
    s.by_year = vec![Group {
        name: format!("{year}年"),
        url: None,
        totals: s.total,
    }];
    let mut months: BTreeMap<u32, Totals> = (1..=12).map(|m| (m, Totals::default())).collect();
    for &i in &held {
        let r = &site.activities[i].record;
        months
            .entry(r.date.day.month())
            .or_default()
            .add(r.sessions, r.participants);
    }
    s.by_month = months
        .into_iter()
        .map(|(m, totals)| Group {
            name: format!("{year}-{m:02}"),
            url: None,
            totals,
        })
        .collect();
    s
}

/// Sentences for a report, then one table per breakdown. Figures are grouped (30,805) as
/// on the site's pages, so a figure copied into a report reads the same as the site's.
pub(crate) fn text(s: &Stats, year: Option<i32>, lang: Lang) -> String {
    let t = |m: crate::messages::Msg, args: &[(&str, &dyn std::fmt::Display)]| m.render(lang, args);
    let n = |v: u64| crate::render::theme::group_digits(i128::from(v));
    let mut out = String::new();
    let total = s.total;
    if year.is_some() && total.activities == 0 {
        out.push_str(&t(sheets::STATS_NONE, &[("year", &year.unwrap_or_default())]));
    } else {
        let head = match year {
            Some(y) => t(
                sheets::STATS_YEAR,
                &[
                    ("year", &y),
                    ("activities", &n(total.activities)),
                    ("sessions", &n(total.sessions)),
                    ("participants", &n(total.participants)),
                ],
            ),
            None => t(
                sheets::STATS_ALL,
                &[
                    ("activities", &n(total.activities)),
                    ("sessions", &n(total.sessions)),
                    ("participants", &n(total.participants)),
                ],
            ),
        };
        out.push_str(&head);
        let parts: Vec<String> = s
            .by_category
            .iter()
            .map(|g| {
                t(
                    sheets::STATS_PART,
                    &[
                        ("name", &g.name),
                        ("activities", &n(g.totals.activities)),
                        ("sessions", &n(g.totals.sessions)),
                        ("participants", &n(g.totals.participants)),
                    ],
                )
            })
            .collect();
        // Punctuation, not words: the sentence's own language decides it.
        let (sep, end) = match lang {
            Lang::Zh => ("，", "。"),
            Lang::En => ("; ", "."),
        };
        if parts.is_empty() {
            out.push_str(end);
        } else {
            out.push_str(&t(sheets::STATS_OF_WHICH, &[("parts", &parts.join(sep))]));
        }
    }
    if s.upcoming > 0 {
        if lang == Lang::En {
            out.push(' ');
        }
        out.push_str(&t(sheets::STATS_UPCOMING, &[("n", &n(s.upcoming))]));
    }
    out.push_str("\n\n");
    let titles = [
        sheets::BY_CATEGORY,
        sheets::BY_YEAR,
        sheets::BY_PILLAR,
        sheets::BY_SERIES,
        sheets::BY_MONTH,
    ];
    for ((_, groups), title) in breakdowns(s).into_iter().zip(titles) {
        if groups.is_empty() {
            continue;
        }
        out.push_str(&t(title, &[]));
        out.push('\n');
        let mut rows: Vec<[String; 4]> = vec![[
            t(sheets::COL_NAME, &[]),
            t(sheets::COL_ACTIVITIES, &[]),
            t(sheets::COL_SESSIONS, &[]),
            t(sheets::COL_PARTICIPANTS, &[]),
        ]];
        let row = |name: String, x: Totals| [name, n(x.activities), n(x.sessions), n(x.participants)];
        rows.extend(groups.iter().map(|g| row(g.name.clone(), g.totals)));
        rows.push(row(t(sheets::TOTAL, &[]), sum(groups)));
        out.push_str(&table(&rows));
        out.push('\n');
    }
    out
}

/// Width on a terminal: CJK characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if ('\u{1100}'..='\u{115F}').contains(&c) || ('\u{2E80}'..='\u{FFDC}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

fn table(rows: &[[String; 4]]) -> String {
    let mut widths = [0usize; 4];
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(c));
        }
    }
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            let pad = " ".repeat(widths[i] - width(c));
            if i == 0 {
                line.push_str(c);
                line.push_str(&pad);
            } else {
                line.push_str("  ");
                line.push_str(&pad);
                line.push_str(c);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn json(s: &Stats, year: Option<i32>) -> String {
    let groups = |g: &[Group]| -> Vec<serde_json::Value> {
        g.iter()
            .map(|g| {
                serde_json::json!({
                    "name": g.name,
                    "activities": g.totals.activities,
                    "sessions": g.totals.sessions,
                    "participants": g.totals.participants,
                })
            })
            .collect()
    };
    let v = serde_json::json!({
        "year": year,
        "total": s.total,
        "upcoming": s.upcoming,
        "by_category": groups(&s.by_category),
        "by_year": groups(&s.by_year),
        "by_pillar": groups(&s.by_pillar),
        "by_series": groups(&s.by_series),
        "by_month": groups(&s.by_month),
    });
    let mut out = serde_json::to_string_pretty(&v).unwrap_or_default();
    out.push('\n');
    out
}

/// One line per group: `breakdown,name,activities,sessions,participants`.
fn csv_text(s: &Stats) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["breakdown", "name", "activities", "sessions", "participants"]);
    let _ = w.write_record([
        "total",
        "",
        &s.total.activities.to_string(),
        &s.total.sessions.to_string(),
        &s.total.participants.to_string(),
    ]);
    let keys = ["category", "year", "pillar", "series", "month"];
    for ((_, groups), key) in breakdowns(s).into_iter().zip(keys) {
        for g in groups {
            let name = crate::render::export::neutralise(&g.name);
            let _ = w.write_record([
                key,
                &name,
                &g.totals.activities.to_string(),
                &g.totals.sessions.to_string(),
                &g.totals.participants.to_string(),
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
