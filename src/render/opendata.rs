//! `/activities/index.json`: the records as open data for the bureau's other channels.
//!
//! The schema is documented in the README and versioned: add fields, never rename or remove.

use crate::site::model::Site;
use serde::Serialize;

/// Schema version; bump only for incompatible changes.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Document<'a> {
    pub version: u32,
    pub site: SiteInfo<'a>,
    pub count: usize,
    pub activities: Vec<Record<'a>>,
}

#[derive(Serialize)]
pub struct SiteInfo<'a> {
    pub title: &'a str,
    pub url: String,
}

/// One record; every key is always present (`null` or `[]` when empty).
#[derive(Serialize)]
pub struct Record<'a> {
    pub slug: &'a str,
    pub url: String,
    pub title: &'a str,
    pub date: String,
    pub end_date: Option<String>,
    pub category: &'a str,
    pub pillar: Option<&'a str>,
    pub series: Option<&'a str>,
    pub location: Option<&'a str>,
    pub organizer: Option<&'a str>,
    pub participants: Option<u64>,
    pub sessions: u64,
    pub tags: &'a [String],
    pub summary: Option<&'a str>,
    pub images: Vec<String>,
    pub articles: Vec<String>,
}

/// The whole document, newest record first.
pub fn document(site: &Site) -> Document<'_> {
    let to_abs = |link: &String| format!("{}{}", site.base.origin, link);
    let activities = site
        .activities
        .iter()
        .map(|a| {
            let r = &a.record;
            Record {
                slug: &a.slug,
                url: site.base.absolute(&a.path),
                title: &r.title,
                date: r.date.day.format("%Y-%m-%d").to_string(),
                end_date: r.end_date.as_ref().map(|d| d.day.format("%Y-%m-%d").to_string()),
                category: &r.category,
                pillar: r.pillar.as_deref(),
                series: r.series.as_deref(),
                location: r.location.as_deref(),
                organizer: r.organizer.as_deref(),
                participants: r.participants,
                sessions: r.sessions,
                tags: &r.tags,
                summary: r.summary.as_deref(),
                images: a
                    .image_urls
                    .iter()
                    .map(|u| if u.starts_with('/') { to_abs(u) } else { u.clone() })
                    .collect(),
                articles: a
                    .articles
                    .iter()
                    .map(|&i| site.base.absolute(&site.articles[i].path))
                    .collect(),
            }
        })
        .collect::<Vec<_>>();
    Document {
        version: VERSION,
        site: SiteInfo {
            title: &site.config.title,
            url: site.base.absolute(""),
        },
        count: activities.len(),
        activities,
    }
}
