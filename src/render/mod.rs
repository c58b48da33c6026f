//! Stage 4: turn each route into bytes. Pure: reads the model and templates, writes nothing,
//! so `build`, `check`, `serve` and tests share it.

pub(crate) mod calendar;
pub(crate) mod charts;
pub(crate) mod context;
pub(crate) mod export;
pub(crate) mod feeds;
pub(crate) mod opendata;
pub(crate) mod pieces;
pub(crate) mod theme;
pub(crate) mod views;

use crate::diagnostics::Diagnostic;
use crate::site::model::{Item, Site, Taxonomy};
use crate::site::routes::{self, Route, TaxonomyKey, TIMELINE_ALL_MAX};
use crate::site::stats::Stats;
use charts::Bar;
use chrono::Datelike;
use serde::Serialize;
use tera::Context;
use theme::{template_error, Theme};
use views::{activity_view, article_pager, page_card, page_view, term_pager, term_view};

fn body_error(source: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(source, crate::t!(crate::messages::site::BODY_READ, error = e))
}

/// What a render needs besides the route.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub stats: &'a Stats,
    /// Every route and its site path (`Prepared::paths`), for the sitemap.
    pub routes: &'a [Route],
    pub paths: &'a [String],
    /// What each record adds to the pages and files made from many records.
    pub pieces: &'a pieces::Pieces,
}

/// How many items the home page lists.
const HOME_LATEST: usize = 6;

/// The year a timeline page shows (`None`: all of them) and the records on it, in order; also
/// what the preview's fingerprint of the page hashes. `years`: [`routes::activity_years`].
pub fn timeline_selection(
    site: &Site,
    years: &[i32],
    year: Option<i32>,
    category: Option<usize>,
) -> (Option<i32>, Vec<usize>) {
    let all_fit = site.activities.len() <= TIMELINE_ALL_MAX;
    // The main timeline shows everything when short, else the newest year.
    let shown_year = match (year, category) {
        (Some(y), _) => Some(y),
        (None, None) if !all_fit => years.first().copied(),
        _ => None,
    };
    let selected: Vec<usize> = match category {
        Some(c) => site.categories[c].activities.clone(),
        None => (0..site.activities.len())
            .filter(|&i| shown_year.is_none_or(|y| site.activities[i].record.date.day.year() == y))
            .collect(),
    };
    (shown_year, selected)
}

impl Renderer<'_> {
    /// Render one route to the bytes of its output file.
    pub fn render(&self, route: Route) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let path = route.path(site);
        let mut ctx = Context::new();
        ctx.insert("current_path", &site.base.link(&path));
        ctx.insert("permalink", &site.base.absolute(&path));
        let template = match route {
            Route::Home => self.home(&mut ctx)?,
            Route::Article(i) => {
                let a = &site.articles[i];
                ctx.insert("page", &page_view(site, a, self.body(&a.source, &a.rendered)?));
                // Articles are newest first: the previous one in time is the next index.
                ctx.insert("newer", &i.checked_sub(1).map(|j| page_card(site, &site.articles[j])));
                ctx.insert("older", &site.articles.get(i + 1).map(|p| page_card(site, p)));
                "article.html"
            }
            Route::Page(i) => {
                let p = &site.pages[i];
                ctx.insert("page", &page_view(site, p, self.body(&p.source, &p.rendered)?));
                "page.html"
            }
            Route::ArticleList(n) => {
                let shown = routes::list_items(site.articles.len(), site.config.paginate, n);
                let items: Vec<_> = site.articles[shown].iter().map(|p| page_card(site, p)).collect();
                ctx.insert("items", &items);
                ctx.insert("paginator", &article_pager(site, n));
                ctx.insert("title", "文章");
                "list.html"
            }
            Route::TaxonomyIndex(key) => {
                let t = key.taxonomy();
                let mut terms: Vec<_> = site.terms(t).iter().map(|x| term_view(site, t, x)).collect();
                if t != Taxonomy::Pillars {
                    terms.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.slug.cmp(&b.slug)));
                }
                ctx.insert("taxonomy", &TaxonomyInfo::of(t));
                ctx.insert("terms", &terms);
                "taxonomy.html"
            }
            Route::Term(key, i, page) => self.term(&mut ctx, key, i, page),
            Route::NotFound => "404.html",
            Route::Activity(i) => {
                let a = &site.activities[i];
                ctx.insert("page", &activity_view(site, a, self.body(&a.source, &a.rendered)?));
                let card = |j: usize| (j < site.activities.len()).then(|| self.pieces.card(site, &self.theme.tera, j));
                ctx.insert("newer", &i.checked_sub(1).and_then(card));
                ctx.insert("older", &card(i + 1));
                "activity.html"
            }
            Route::Timeline(year) => self.timeline(&mut ctx, year, None),
            Route::TimelineCategory(c) => self.timeline(&mut ctx, None, Some(c)),
            Route::Stats => self.stats_page(&mut ctx),
            Route::Search => {
                ctx.insert("search", &crate::search::view(site));
                "search.html"
            }
            Route::Calendar => return Ok(self.calendar().into_bytes()),
            Route::ActivityJson => return Ok(self.open_data()),
            Route::Atom => return crate::render::feeds::atom(site).map_err(|(source, e)| body_error(source, e)),
            Route::Sitemap => return Ok(crate::render::feeds::sitemap(site, self.routes, self.paths)),
            Route::Robots => return Ok(crate::render::feeds::robots(site)),
            Route::ActivitiesCsv => {
                let rows: Vec<_> = (0..site.activities.len()).map(|i| self.pieces.csv(site, i)).collect();
                return Ok(export::csv_from_rows(rows.iter().map(|r| r.as_ref())));
            }
            Route::StatsXlsx => {
                return export::stats_xlsx(site, self.stats).map_err(|e| {
                    crate::diagnostics::Diagnostic::error(
                        "stats/stats.xlsx",
                        crate::t!(crate::messages::output::WORKBOOK, error = e),
                    )
                })
            }
        };
        // Straight into bytes: no UTF-8 check of the whole page on the way out.
        let mut out = Vec::with_capacity(16 * 1024);
        self.theme
            .tera
            .render_to(template, &ctx, &mut out)
            .map(|()| out)
            .map_err(|e| {
                let mut d = template_error(&e, &self.theme.origins);
                d.message = format!("{} (while rendering /{path})", d.message);
                d
            })
    }

    /// A body's HTML, wherever the site holds it (`site::held`).
    fn body(&self, source: &str, r: &crate::markdown::Rendered) -> Result<String, Diagnostic> {
        self.site
            .held
            .html(r)
            .map(std::borrow::Cow::into_owned)
            .map_err(|e| body_error(source, e))
    }

    fn home(&self, ctx: &mut Context) -> Result<&'static str, Diagnostic> {
        let site = self.site;
        let intro = match &site.home {
            Some(h) => Some(page_view(site, h, self.body(&h.source, &h.rendered)?)),
            None => None,
        };
        ctx.insert("intro", &intro);
        let latest: Vec<_> = site
            .articles
            .iter()
            .take(HOME_LATEST)
            .map(|p| page_card(site, p))
            .collect();
        ctx.insert("latest_articles", &latest);
        // Records are newest first: the upcoming ones lead, the held ones follow.
        let future = site.activities.partition_point(|a| a.record.date.day > site.today);
        let held: Vec<_> = (future..site.activities.len())
            .take(HOME_LATEST)
            .map(|i| self.pieces.card(site, &self.theme.tera, i))
            .collect();
        // Soonest first: from the end of the future part.
        let upcoming: Vec<_> = (0..future)
            .rev()
            .take(HOME_LATEST)
            .map(|i| self.pieces.card(site, &self.theme.tera, i))
            .collect();
        ctx.insert("latest_activities", &held);
        ctx.insert("upcoming_activities", &upcoming);
        Ok("index.html")
    }

    fn term(&self, ctx: &mut Context, key: TaxonomyKey, i: usize, page: usize) -> &'static str {
        let site = self.site;
        let t = key.taxonomy();
        let term = &site.terms(t)[i];
        let shown = routes::list_items(term.items.len(), site.config.paginate, page);
        let cards: Vec<tera::Value> = term.items[shown]
            .iter()
            .filter_map(|it| match *it {
                Item::Article(a) => tera::Value::try_from_serializable(&page_card(site, &site.articles[a])).ok(),
                Item::Activity(a) => Some(self.pieces.card(site, &self.theme.tera, a)),
            })
            .collect();
        ctx.insert("taxonomy", &TaxonomyInfo::of(t));
        ctx.insert("description", &term.description);
        ctx.insert("items", &cards);
        if page == 0 {
            // The figures of the whole term are on its landing page only: a numbered page is
            // an archive that stays as it is while items arrive and records change
            // (README, "List pages"), so it has the term's name and address, no count.
            let mut totals = crate::site::stats::Totals::default();
            for &a in &term.activities {
                let r = &site.activities[a].record;
                if r.date.day <= site.today {
                    totals.add(r.sessions, r.participants);
                }
            }
            ctx.insert("term", &term_view(site, t, term));
            ctx.insert("totals", &totals);
            ctx.insert("article_count", &term.articles.len());
            ctx.insert("activity_count", &term.activities.len());
        } else {
            ctx.insert("term", &views::link_to_term(site, t, term));
        }
        ctx.insert("paginator", &term_pager(site, t, term, page));
        "term.html"
    }

    fn timeline(&self, ctx: &mut Context, year: Option<i32>, category: Option<usize>) -> &'static str {
        let site = self.site;
        let years = routes::activity_years(site);
        let (shown_year, selected) = timeline_selection(site, &years, year, category);
        let mut groups: Vec<YearGroup> = Vec::new();
        for i in selected {
            let a = &site.activities[i];
            let (y, m) = (a.record.date.day.year(), a.record.date.day.month());
            let card = self.pieces.card(site, &self.theme.tera, i);
            if groups.last().is_none_or(|g| g.year != y) {
                groups.push(YearGroup {
                    year: y,
                    months: Vec::new(),
                });
            }
            let Some(g) = groups.last_mut() else { continue };
            if g.months.last().is_none_or(|mg| mg.month != m) {
                g.months.push(MonthGroup {
                    month: m,
                    label: format!("{y}年{m}月"),
                    items: Vec::new(),
                });
            }
            if let Some(mg) = g.months.last_mut() {
                mg.items.push(card);
            }
        }
        let filters: Vec<_> = site
            .categories
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.activities.is_empty())
            .map(|(i, c)| Filter {
                name: c.name.clone(),
                url: site.base.link(&Route::TimelineCategory(i).path(site)),
                count: c.activities.len(),
                current: category == Some(i),
            })
            .collect();
        let year_links: Vec<_> = years
            .iter()
            .map(|&y| Filter {
                name: format!("{y}年"),
                url: site.base.link(&Route::Timeline(Some(y)).path(site)),
                count: site.activities.iter().filter(|a| a.record.date.day.year() == y).count(),
                current: year == Some(y),
            })
            .collect();
        let title = match (year, category) {
            (Some(y), _) => format!("{y}年活动"),
            (_, Some(c)) => format!("{}活动", site.categories[c].name),
            _ => "活动时间轴".to_string(),
        };
        ctx.insert("title", &title);
        ctx.insert("groups", &groups);
        ctx.insert("category_filters", &filters);
        ctx.insert("year_links", &year_links);
        ctx.insert("all_url", &site.base.link("activities/"));
        ctx.insert("is_all", &(year.is_none() && category.is_none()));
        ctx.insert(
            "shows_one_year",
            &(year.is_none() && category.is_none() && shown_year.is_some()),
        );
        ctx.insert("calendar_url", &site.base.link("activities/calendar.ics"));
        ctx.insert("json_url", &site.base.link("activities/index.json"));
        ctx.insert("csv_url", &site.base.link("activities/activities.csv"));
        "activities.html"
    }

    fn stats_page(&self, ctx: &mut Context) -> &'static str {
        let s = self.stats;
        let bars = |groups: &[crate::site::stats::Group], f: fn(&crate::site::stats::Totals) -> u64| -> Vec<Bar> {
            groups
                .iter()
                // No links in the charts: the tables under them link every group, and links
                // inside a chart would add a Tab stop per bar.
                .map(|g| Bar {
                    label: g.name.clone(),
                    value: f(&g.totals),
                    url: None,
                })
                .collect()
        };
        let months: Vec<Bar> = s
            .by_month
            .iter()
            .map(|g| Bar {
                label: g.name.clone(),
                value: g.totals.activities,
                url: None,
            })
            .collect();
        let charts = StatsCharts {
            category_activities: charts::bar_chart(
                "chart-category",
                "各类别活动场次",
                &bars(&s.by_category, |t| t.sessions),
                "场次",
            ),
            category_participants: charts::bar_chart(
                "chart-participants",
                "各类别服务人次",
                &bars(&s.by_category, |t| t.participants),
                "人次",
            ),
            pillar: charts::bar_chart(
                "chart-pillar",
                "三大支柱活动数",
                &bars(&s.by_pillar, |t| t.activities),
                "项",
            ),
            months: charts::column_chart("chart-months", &format!("{}每月活动数", s.month_span), &months, "项"),
        };
        ctx.insert("charts", &charts);
        ctx.insert("csv_url", &self.site.base.link("activities/activities.csv"));
        ctx.insert("xlsx_url", &self.site.base.link("stats/stats.xlsx"));
        ctx.insert("title", "数据统计");
        "stats.html"
    }

    fn calendar(&self) -> String {
        let site = self.site;
        let host = calendar::host(site);
        let mut out = calendar::header(&site.config.title, host);
        for i in 0..site.activities.len() {
            out.push_str(&self.pieces.ics(site, host, i));
        }
        calendar::end(&mut out);
        out
    }

    fn open_data(&self) -> Vec<u8> {
        let site = self.site;
        let entries: Vec<_> = (0..site.activities.len()).map(|i| self.pieces.json(site, i)).collect();
        crate::render::opendata::write(site, entries.iter().map(|e| e.as_ref()))
    }
}

#[derive(Serialize)]
struct TaxonomyInfo {
    key: &'static str,
    label: &'static str,
}

impl TaxonomyInfo {
    fn of(t: Taxonomy) -> Self {
        TaxonomyInfo {
            key: t.key(),
            label: t.label(),
        }
    }
}

#[derive(Serialize)]
struct YearGroup {
    year: i32,
    months: Vec<MonthGroup>,
}

#[derive(Serialize)]
struct MonthGroup {
    month: u32,
    label: String,
    items: Vec<tera::Value>,
}

#[derive(Serialize)]
struct Filter {
    name: String,
    url: String,
    count: usize,
    current: bool,
}

#[derive(Serialize)]
struct StatsCharts {
    category_activities: String,
    category_participants: String,
    pillar: String,
    months: String,
}
