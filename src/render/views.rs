//! What templates see: small serializable views built from the model on demand, so
//! no page serializes the whole site.

use crate::input::dates::Date;
use crate::markdown::TocEntry;
use crate::site::model::Activity;
use crate::site::model::{Page, Site, Taxonomy, Term};
use crate::site::routes::term_page_path;
use crate::site::slug::slugify;
use chrono::Datelike;
use serde::Serialize;

/// A date in both forms: ISO for `<time datetime>`, Chinese for reading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateView {
    pub iso: String,
    /// 2024年7月1日
    pub cn: String,
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl From<&Date> for DateView {
    fn from(d: &Date) -> Self {
        DateView {
            iso: d.iso(),
            cn: d.chinese(),
            year: d.day.year(),
            month: d.day.month(),
            day: d.day.day(),
        }
    }
}

/// A link to a taxonomy term.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermRef {
    pub name: String,
    pub slug: String,
    pub url: String,
    /// Articles plus activities carrying the term.
    pub count: usize,
}

/// A link to a term as an item shows it. No count: an item's card stays the same as other
/// items join or leave its terms (with one, every card of a term changed whenever one did).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermLink {
    pub name: String,
    pub slug: String,
    pub url: String,
}

/// An article or page as a list item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageCard {
    pub kind: &'static str,
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub date: Option<DateView>,
    pub updated: Option<DateView>,
    /// Plain text for `<meta name="description">` and feeds.
    pub description: String,
    /// HTML summary: the part before `<!-- more -->`, or the plain summary in a paragraph.
    pub summary_html: String,
    pub tags: Vec<TermLink>,
    pub category: Option<TermLink>,
    pub pillar: Option<TermLink>,
    pub author: Option<String>,
    pub cover: Option<String>,
    /// The cover with `srcset` and size, when it is a processed photo.
    pub cover_image: Option<crate::images::Picture>,
    pub reading_minutes: usize,
    pub word_count: usize,
}

/// A whole article or page.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    #[serde(flatten)]
    pub card: PageCard,
    pub content: String,
    pub toc: Vec<TocEntry>,
    pub activities: Vec<ActivityCard>,
    pub source: String,
    pub extra: serde_json::Value,
}

/// An activity as a list item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityCard {
    pub kind: &'static str,
    pub slug: String,
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub date: DateView,
    pub end_date: Option<DateView>,
    pub category: TermLink,
    pub pillar: Option<TermLink>,
    pub series: Option<TermLink>,
    pub location: Option<String>,
    pub organizer: Option<String>,
    pub participants: Option<u64>,
    pub sessions: u64,
    pub summary: String,
    /// Plain text for `<meta name="description">`: the summary, or a sentence made from the facts.
    pub description: String,
    /// Starts after the build's day.
    pub upcoming: bool,
    /// The record's first image, for cards on lists and the home page.
    pub image: Option<crate::images::Picture>,
}

/// A whole activity page.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityView {
    #[serde(flatten)]
    pub card: ActivityCard,
    pub tags: Vec<TermLink>,
    pub content: String,
    pub images: Vec<String>,
    /// The images with alt text, caption and `srcset`, for the gallery.
    pub gallery: Vec<crate::images::Picture>,
    pub articles: Vec<PageCard>,
    pub source: String,
    pub extra: serde_json::Value,
}

/// Links for list pages (stable numbering, `site::routes::list_items`).
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Paginator {
    /// The page's number, counted from the oldest; 0 on the landing page (the newest items).
    pub current: usize,
    /// The list has numbered pages (else there is nothing to link to).
    pub shown: bool,
    /// The landing page.
    pub latest: String,
    /// The page with the next newer items, and the one with the next older ones.
    pub newer: Option<String>,
    pub older: Option<String>,
    /// Numbered pages, newest first, with gaps.
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Stands for skipped page numbers ("…"); `number` and `url` are empty then.
    pub gap: bool,
}

/// Older page numbers shown below the current one.
const PAGER_WINDOW: usize = 2;

/// The pager of page `current` (0: the landing page) of a list with `numbered` numbered pages;
/// `page_url(k)` gives the URL of page `k`. The links are the landing page, the numbered page
/// just newer (only on the landing page's neighbour is that the landing page itself), a few
/// older ones and page 1, with a gap between. A numbered page's links never name the number
/// of pages, so they stay as they are while new items arrive, except on the newest numbered
/// page, whose newer neighbour appears when the landing page's items fill a new page.
pub fn paginator(current: usize, numbered: usize, page_url: impl Fn(usize) -> String) -> Paginator {
    let mut pages = Vec::new();
    let (top, bottom) = if current == 0 {
        (numbered, numbered.saturating_sub(PAGER_WINDOW).max(1))
    } else {
        ((current + 1).min(numbered), current.saturating_sub(PAGER_WINDOW).max(1))
    };
    let link = |k: usize| PageLink {
        number: k,
        url: page_url(k),
        current: k == current,
        gap: false,
    };
    if numbered > 0 {
        pages.extend((bottom..=top).rev().map(link));
        // A gap of one page shows that page instead.
        if bottom == 3 {
            pages.push(link(2));
        } else if bottom > 3 {
            pages.push(PageLink {
                number: 0,
                url: String::new(),
                current: false,
                gap: true,
            });
        }
        if bottom > 1 {
            pages.push(link(1));
        }
    }
    let newer = match current {
        0 => None,
        k if k >= numbered => Some(page_url(0)),
        k => Some(page_url(k + 1)),
    };
    let older = match current {
        0 => (numbered > 0).then(|| page_url(numbered)),
        1 => None,
        k => Some(page_url(k - 1)),
    };
    Paginator {
        current,
        shown: numbered > 0,
        latest: page_url(0),
        newer,
        older,
        pages,
    }
}

/// What [`paginator`] depends on besides the list's address: equal keys give equal pagers.
/// A numbered page's pager depends on the count of pages only through whether it is the
/// newest (the preview's fingerprints hash this instead of building pagers).
pub fn paginator_key(current: usize, numbered: usize) -> (usize, usize) {
    if current == 0 {
        (0, numbered)
    } else {
        (current, usize::from(current >= numbered))
    }
}

/// The pager of page `page` of the article list.
pub fn article_pager(site: &Site, page: usize) -> Paginator {
    let numbered = crate::site::routes::numbered_pages(site.articles.len(), site.config.paginate);
    paginator(page, numbered, |k| {
        site.base.link(&crate::site::routes::Route::ArticleList(k).path(site))
    })
}

/// The pager of page `page` of a term.
pub fn term_pager(site: &Site, t: Taxonomy, term: &Term, page: usize) -> Paginator {
    let numbered = crate::site::routes::numbered_pages(term.items.len(), site.config.paginate);
    paginator(page, numbered, |k| site.base.link(&term_page_path(t, &term.slug, k)))
}

/// Look up a term by name (slug match), for links from items to their terms.
pub fn term_link(site: &Site, t: Taxonomy, name: &str) -> TermLink {
    let terms = site.terms(t);
    // Names match almost always; the slug covers spelling variants merged into one term.
    let found = terms.iter().find(|x| x.name == name).or_else(|| {
        let slug = slugify(name);
        terms.iter().find(|x| x.slug == slug || slugify(&x.name) == slug)
    });
    match found {
        Some(term) => link_to_term(site, t, term),
        None => {
            let slug = slugify(name);
            TermLink {
                name: name.to_string(),
                url: site.base.link(&term_page_path(t, &slug, 0)),
                slug,
            }
        }
    }
}

/// The link to `term` an item shows.
pub fn link_to_term(site: &Site, t: Taxonomy, term: &Term) -> TermLink {
    TermLink {
        name: term.name.clone(),
        slug: term.slug.clone(),
        url: site.base.link(&term_page_path(t, &term.slug, 0)),
    }
}

pub fn term_view(site: &Site, t: Taxonomy, term: &Term) -> TermRef {
    TermRef {
        name: term.name.clone(),
        slug: term.slug.clone(),
        url: site.base.link(&term_page_path(t, &term.slug, 0)),
        count: term.articles.len() + term.activities.len(),
    }
}

pub fn page_card(site: &Site, p: &Page) -> PageCard {
    let description = p.meta.summary.clone().unwrap_or_else(|| p.rendered.excerpt.clone());
    let summary_html = match &p.rendered.summary_html {
        Some(h) => h.clone(),
        None => format!("<p>{}</p>", crate::escape::html(&description)),
    };
    PageCard {
        kind: "article",
        title: p.meta.title.clone(),
        url: site.base.link(&p.path),
        permalink: site.base.absolute(&p.path),
        date: p.meta.date.as_ref().map(DateView::from),
        updated: p.meta.updated.as_ref().map(DateView::from),
        description,
        summary_html,
        tags: p.meta.tags.iter().map(|t| term_link(site, Taxonomy::Tags, t)).collect(),
        category: p
            .meta
            .category
            .as_ref()
            .map(|c| term_link(site, Taxonomy::Categories, c)),
        pillar: p.meta.pillar.as_ref().map(|c| term_link(site, Taxonomy::Pillars, c)),
        author: p.meta.author.clone(),
        cover: p.cover_url.clone(),
        cover_image: p.cover_picture.clone(),
        reading_minutes: p.rendered.count.reading_minutes(),
        word_count: p.rendered.count.words(),
    }
}

/// `content` is the body's HTML, which the caller takes from where the site holds it.
pub fn page_view(site: &Site, p: &Page, content: String) -> PageView {
    let activities = p
        .meta
        .activities
        .iter()
        .filter_map(|slug| site.activities.iter().find(|a| &a.slug == slug))
        .map(|a| activity_card(site, a))
        .collect();
    PageView {
        card: page_card(site, p),
        content,
        toc: p.rendered.toc.clone(),
        activities,
        source: p.source.clone(),
        extra: p.meta.extra.clone(),
    }
}

pub fn activity_card(site: &Site, a: &Activity) -> ActivityCard {
    let r = &a.record;
    let summary = r.summary.clone().unwrap_or_else(|| a.rendered.excerpt.clone());
    ActivityCard {
        kind: "activity",
        slug: a.slug.clone(),
        title: r.title.clone(),
        url: site.base.link(&a.path),
        permalink: site.base.absolute(&a.path),
        date: DateView::from(&r.date),
        end_date: r.end_date.as_ref().filter(|e| e.day != r.date.day).map(DateView::from),
        category: term_link(site, Taxonomy::Categories, &r.category),
        pillar: r.pillar.as_ref().map(|p| term_link(site, Taxonomy::Pillars, p)),
        series: r.series.as_ref().map(|s| term_link(site, Taxonomy::Series, s)),
        location: r.location.clone(),
        organizer: r.organizer.clone(),
        participants: r.participants,
        sessions: r.sessions,
        summary: summary.clone(),
        description: if summary.trim().is_empty() {
            activity_sentence(a)
        } else {
            summary
        },
        upcoming: r.date.day > site.today,
        image: a.pictures.first().cloned(),
    }
}

/// 「2024年7月1日，在某地举办（送戏下乡）：标题」 for records with no summary or body.
fn activity_sentence(a: &Activity) -> String {
    let r = &a.record;
    let place = r.location.as_deref().map(|l| format!("在{l}")).unwrap_or_default();
    format!("{}{place}举办的{}活动：{}", r.date.chinese(), r.category, r.title)
}

/// `content` as for [`page_view`].
pub fn activity_view(site: &Site, a: &Activity, content: String) -> ActivityView {
    ActivityView {
        card: activity_card(site, a),
        tags: a
            .record
            .tags
            .iter()
            .map(|t| term_link(site, Taxonomy::Tags, t))
            .collect(),
        content,
        images: a.image_urls.clone(),
        gallery: a.pictures.clone(),
        articles: a.articles.iter().map(|&i| page_card(site, &site.articles[i])).collect(),
        source: a.source.clone(),
        extra: a.record.extra.clone(),
    }
}

#[cfg(test)]
mod pager_tests {
    use super::*;

    fn shown(current: usize, numbered: usize) -> String {
        let p = paginator(current, numbered, |n| format!("/p/{n}/"));
        let mut parts = vec![p.newer.map_or("-".to_string(), |u| format!("newer{u}"))];
        parts.extend(p.pages.iter().map(|l| match (l.gap, l.current) {
            (true, _) => "…".to_string(),
            (_, true) => format!("[{}]", l.number),
            _ => l.number.to_string(),
        }));
        parts.push(p.older.map_or("-".to_string(), |u| format!("older{u}")));
        parts.join(" ")
    }

    #[test]
    fn pagers_link_newer_older_and_a_window() {
        assert_eq!(shown(0, 0), "- -");
        assert_eq!(shown(0, 1), "- 1 older/p/1/");
        assert_eq!(shown(0, 1000), "- 1000 999 998 … 1 older/p/1000/");
        assert_eq!(shown(1000, 1000), "newer/p/0/ [1000] 999 998 … 1 older/p/999/");
        assert_eq!(shown(500, 1000), "newer/p/501/ 501 [500] 499 498 … 1 older/p/499/");
        assert_eq!(shown(4, 1000), "newer/p/5/ 5 [4] 3 2 1 older/p/3/");
        assert_eq!(shown(1, 1000), "newer/p/2/ 2 [1] -");
        assert_eq!(shown(1, 1), "newer/p/0/ [1] -");
    }

    #[test]
    fn a_numbered_pager_stays_as_pages_are_added() {
        // Page 500's pager with 501 or 1000 pages: the same; only the newest page's changes.
        let key = |current, numbered| format!("{:?}", paginator(current, numbered, |n| format!("/p/{n}/")));
        assert_eq!(key(500, 501), key(500, 1000));
        assert_eq!(key(1, 2), key(1, 3));
        assert_ne!(key(2, 2), key(2, 3));
    }

    #[test]
    fn pagers_with_equal_keys_are_equal() {
        // Every pager of lists up to 40 pages, grouped by key: one pager per key (what makes
        // hashing the key instead of the pager sound).
        let mut by_key: std::collections::HashMap<(usize, usize), String> = Default::default();
        for numbered in 0..40 {
            for current in 0..=numbered {
                let pager = format!("{:?}", paginator(current, numbered, |n| format!("/p/{n}/")));
                let known = by_key
                    .entry(paginator_key(current, numbered))
                    .or_insert_with(|| pager.clone());
                assert_eq!(*known, pager, "page {current} of {numbered}");
            }
        }
    }
}
