//! Machine-readable outputs for discovery: `/atom.xml`, `/sitemap.xml`, `/robots.txt`.
//!
//! Every URL in them is absolute (built from `base_url`, sub-path included), because feed
//! readers and crawlers read them out of the site's context.

use crate::input::config::FeedContent;
use crate::input::dates::Date;
use crate::render::views::page_card;
use crate::site::model::{Page, Site};
use crate::site::routes::{self, Route};
use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use chrono::{Datelike, FixedOffset, NaiveDate, TimeZone};
use std::fmt::Write as _;

/// China Standard Time, the zone a bare date (2024-07-01) is read in.
fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset is valid"))
}

fn midnight(day: NaiveDate) -> FixedDateTime {
    let t = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    cst()
        .from_local_datetime(&t)
        .single()
        .unwrap_or_else(|| cst().from_utc_datetime(&t))
}

fn timestamp(d: &Date) -> FixedDateTime {
    d.timestamp.unwrap_or_else(|| midnight(d.day))
}

/// When an article last changed: `updated:`, else `date:`.
fn article_updated(p: &Page) -> Option<FixedDateTime> {
    p.meta.updated.as_ref().or(p.meta.date.as_ref()).map(timestamp)
}

/// The Atom 1.0 feed of the newest articles; fails only when a body the site set aside in a
/// file cannot be read back (the article's source and the error).
pub fn atom(site: &Site) -> Result<Vec<u8>, (&str, std::io::Error)> {
    let cfg = &site.config.feed;
    let home = site.base.absolute("");
    let entries: Vec<Entry> = site
        .articles
        .iter()
        .take(cfg.limit)
        .map(|p| atom_entry(site, p, cfg.content).map_err(|e| (p.source.as_str(), e)))
        .collect::<Result<_, _>>()?;
    // The feed changed when its newest entry did; a fixed fallback keeps builds reproducible.
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or_else(|| midnight(site.today));
    let organizer = &site.config.footer.organizer;
    let feed = Feed {
        title: Text::plain(site.config.title.clone()),
        id: home.clone(),
        updated,
        authors: vec![Person {
            name: if organizer.is_empty() {
                site.config.title.clone()
            } else {
                organizer.clone()
            },
            ..Default::default()
        }],
        subtitle: (!site.config.description.is_empty()).then(|| Text::plain(site.config.description.clone())),
        links: vec![
            link(site.base.absolute("atom.xml"), "self", Some("application/atom+xml")),
            link(home, "alternate", Some("text/html")),
        ],
        lang: Some(site.config.language.clone()),
        entries,
        ..Default::default()
    };
    let mut out = feed.to_string().into_bytes();
    out.push(b'\n');
    Ok(out)
}

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    Link {
        href,
        rel: rel.to_string(),
        mime_type: mime.map(str::to_string),
        ..Default::default()
    }
}

fn atom_entry(site: &Site, p: &Page, content: FeedContent) -> std::io::Result<Entry> {
    let card = page_card(site, p);
    let url = site.base.absolute(&p.path);
    let updated = article_updated(p).unwrap_or_else(|| midnight(site.today));
    let html = |value: String| Text {
        value,
        r#type: atom_syndication::TextType::Html,
        ..Default::default()
    };
    let mut entry = Entry {
        title: Text::plain(p.meta.title.clone()),
        id: url.clone(),
        updated,
        published: p.meta.date.as_ref().map(timestamp),
        links: vec![link(url.clone(), "alternate", Some("text/html"))],
        authors: p
            .meta
            .author
            .iter()
            .map(|a| Person {
                name: a.clone(),
                ..Default::default()
            })
            .collect(),
        summary: Some(html(card.summary_html)),
        ..Default::default()
    };
    if content == FeedContent::Full {
        entry.content = Some(Content {
            value: Some(site.held.html(&p.rendered)?.into_owned()),
            content_type: Some("html".into()),
            // Links inside are site paths (`/articles/x/`); readers resolve them against this.
            base: Some(url),
            ..Default::default()
        });
    }
    Ok(entry)
}

/// The newest date a list route shows, for its `<lastmod>`.
fn lastmod(site: &Site, route: Route, newest: NaiveDate) -> NaiveDate {
    let article_day = |i: usize| {
        let p = &site.articles[i];
        p.meta.updated.as_ref().or(p.meta.date.as_ref()).map(|d| d.day)
    };
    let activity_day = |i: usize| Some(site.activities[i].record.date.day.min(site.today));
    let day = match route {
        Route::Article(i) => article_day(i),
        Route::Page(i) => {
            let m = &site.pages[i].meta;
            m.updated.as_ref().or(m.date.as_ref()).map(|d| d.day)
        }
        Route::Activity(i) => activity_day(i),
        Route::ArticleList(n) => routes::list_items(site.articles.len(), site.config.paginate, n)
            .filter_map(article_day)
            .max(),
        Route::Term(key, i, _) => {
            let term = &site.terms(key.taxonomy())[i];
            let a = term.articles.iter().filter_map(|&i| article_day(i)).max();
            let b = term.activities.iter().filter_map(|&i| activity_day(i)).max();
            a.max(b)
        }
        _ => None,
    };
    day.unwrap_or(newest)
}

/// The newest day of any content, for pages that show a bit of everything.
fn newest_day(site: &Site) -> NaiveDate {
    let a = site
        .articles
        .iter()
        .filter_map(|p| p.meta.updated.as_ref().or(p.meta.date.as_ref()).map(|d| d.day))
        .max();
    let b = site
        .activities
        .iter()
        .map(|x| x.record.date.day)
        .filter(|d| *d <= site.today)
        .max();
    a.max(b).unwrap_or(site.today)
}

/// `/sitemap.xml` with every public page and its `lastmod`.
pub fn sitemap(site: &Site, routes: &[Route], paths: &[String]) -> Vec<u8> {
    let newest = newest_day(site);
    let mut out = String::with_capacity(paths.len() * 100 + 200);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    // Every address starts with the site's: escaped once (escaping is per character).
    let prefix = crate::escape::xml(&site.base.absolute(""));
    let mut term_days = rustc_hash::FxHashMap::default();
    for (&route, path) in routes.iter().zip(paths).filter(|(r, _)| r.is_public_page()) {
        // Every page of a term shares the term's date: compute it once per term.
        let day = match route {
            Route::Term(key, i, _) => *term_days
                .entry((key, i))
                .or_insert_with(|| lastmod(site, route, newest)),
            _ => lastmod(site, route, newest),
        };
        // Written in place, no strftime: the sitemap is made again after every preview edit
        // and lists every page (a tenth of a 10,000-article edit went here).
        out.push_str("  <url><loc>");
        out.push_str(&prefix);
        crate::escape::xml_into(&mut out, path.trim_start_matches('/'));
        out.push_str("</loc><lastmod>");
        push_iso_day(&mut out, day);
        out.push_str("</lastmod></url>\n");
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}

/// `YYYY-MM-DD` without the formatting machinery (16,000 of them per preview edit).
fn push_iso_day(out: &mut String, day: NaiveDate) {
    let (y, m, d) = (day.year(), day.month(), day.day());
    if !(0..=9999).contains(&y) {
        let _ = write!(out, "{y:04}-{m:02}-{d:02}");
        return;
    }
    let y = y as u32;
    let digits = [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        m / 10,
        m % 10,
        d / 10,
        d % 10,
    ];
    for (n, digit) in digits.iter().enumerate() {
        if n == 4 || n == 6 {
            out.push('-');
        }
        out.push(char::from(b'0' + *digit as u8));
    }
}

/// `/robots.txt`: everything may be crawled; the sitemap says what there is.
///
/// Crawlers read it only at a host's root; on a sub-path site the administrator copies
/// its `Sitemap:` line into the host's own robots.txt.
pub fn robots(site: &Site) -> Vec<u8> {
    format!(
        "User-agent: *\nAllow: {}\n\nSitemap: {}\n",
        site.base.path,
        site.base.absolute("sitemap.xml")
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_days_are_written_as_chrono_formats_them() {
        for (y, m, d) in [
            (2024, 7, 1),
            (1923, 12, 31),
            (5, 1, 9),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 3, 4),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut out = String::new();
            push_iso_day(&mut out, day);
            assert_eq!(out, format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day()));
        }
    }

    #[test]
    fn bare_dates_are_china_midnight() {
        let d = Date::parse("2024-07-01").unwrap();
        assert_eq!(timestamp(&d).to_rfc3339(), "2024-07-01T00:00:00+08:00");
        let d = Date::parse("2024-07-01T09:30:00+08:00").unwrap();
        assert_eq!(timestamp(&d).to_rfc3339(), "2024-07-01T09:30:00+08:00");
    }
}
