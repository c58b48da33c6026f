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
    pub tags: Vec<TermRef>,
    pub category: Option<TermRef>,
    pub pillar: Option<TermRef>,
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
    pub category: TermRef,
    pub pillar: Option<TermRef>,
    pub series: Option<TermRef>,
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
    pub tags: Vec<TermRef>,
    pub content: String,
    pub images: Vec<String>,
    /// The images with alt text, caption and `srcset`, for the gallery.
    pub gallery: Vec<crate::images::Picture>,
    pub articles: Vec<PageCard>,
    pub source: String,
    pub extra: serde_json::Value,
}

/// Links for list pages.
#[derive(Debug, Clone, Serialize)]
pub struct Paginator {
    /// 1-based.
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Stands for skipped page numbers ("…"); `number` and `url` are empty then.
    pub gap: bool,
}

/// Page numbers shown on either side of the current one.
const PAGER_WINDOW: usize = 2;

/// `page_url(n)` gives the URL of 0-based page `n`. The links are the first and last pages
/// and a few around the current one, with gaps between: a thousand-page list must not put a
/// thousand links on each of its pages.
pub fn paginator(current: usize, total: usize, page_url: impl Fn(usize) -> String) -> Paginator {
    let mut pages = Vec::new();
    let mut last_shown = None;
    let listed = |n: usize| n == 0 || n + 1 == total || n.abs_diff(current) <= PAGER_WINDOW;
    for n in 0..total {
        // A gap of one page shows that page instead.
        let hole = n > 0 && n + 1 < total && listed(n - 1) && listed(n + 1);
        if !(listed(n) || hole) {
            continue;
        }
        if last_shown.is_some_and(|l: usize| n > l + 1) {
            pages.push(PageLink {
                number: 0,
                url: String::new(),
                current: false,
                gap: true,
            });
        }
        pages.push(PageLink {
            number: n + 1,
            url: page_url(n),
            current: n == current,
            gap: false,
        });
        last_shown = Some(n);
    }
    Paginator {
        current: current + 1,
        total,
        prev: (current > 0).then(|| page_url(current - 1)),
        next: (current + 1 < total).then(|| page_url(current + 1)),
        pages,
    }
}

/// Look up a term by name (slug match), for links from items to their terms.
pub fn term_ref(site: &Site, t: Taxonomy, name: &str) -> TermRef {
    let terms = site.terms(t);
    // Names match almost always; the slug covers spelling variants merged into one term.
    let found = terms.iter().find(|x| x.name == name).or_else(|| {
        let slug = slugify(name);
        terms.iter().find(|x| x.slug == slug || slugify(&x.name) == slug)
    });
    match found {
        Some(term) => term_view(site, t, term),
        None => {
            let slug = slugify(name);
            TermRef {
                name: name.to_string(),
                url: site.base.link(&term_page_path(t, &slug, 0)),
                slug,
                count: 0,
            }
        }
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
        tags: p.meta.tags.iter().map(|t| term_ref(site, Taxonomy::Tags, t)).collect(),
        category: p
            .meta
            .category
            .as_ref()
            .map(|c| term_ref(site, Taxonomy::Categories, c)),
        pillar: p.meta.pillar.as_ref().map(|c| term_ref(site, Taxonomy::Pillars, c)),
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
        category: term_ref(site, Taxonomy::Categories, &r.category),
        pillar: r.pillar.as_ref().map(|p| term_ref(site, Taxonomy::Pillars, p)),
        series: r.series.as_ref().map(|s| term_ref(site, Taxonomy::Series, s)),
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
            .map(|t| term_ref(site, Taxonomy::Tags, t))
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

    fn shown(current: usize, total: usize) -> String {
        paginator(current, total, |n| format!("/p/{n}/"))
            .pages
            .iter()
            .map(|l| if l.gap { "…".to_string() } else { l.number.to_string() })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn long_lists_show_a_window_with_gaps() {
        assert_eq!(shown(0, 1), "1");
        assert_eq!(shown(0, 5), "1 2 3 4 5");
        assert_eq!(shown(0, 1000), "1 2 3 … 1000");
        assert_eq!(shown(499, 1000), "1 … 498 499 500 501 502 … 1000");
        assert_eq!(shown(999, 1000), "1 … 998 999 1000");
        assert_eq!(shown(3, 7), "1 2 3 4 5 6 7");
    }
}
