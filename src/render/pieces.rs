//! What each activity record contributes to the pages and files made from many records, made
//! once per site model and shared by all of them:
//! - its card as templates see it: a record is on the timeline, its year's and its category's
//!   timelines, its term pages and maybe the home page. A template value is reference-counted,
//!   so the card on the next page costs a pointer copy. The card also carries `html`, the
//!   theme's `activity_card` component rendered once for it, which the default component
//!   prints as it is: rendering the component was most of a timeline page's time;
//! - its event in `calendar.ics`, its entry in `index.json`, its line in `activities.csv`:
//!   those files are then mostly concatenation.
//!
//! Between the preview's edits the pieces are kept by what they are made from
//! ([`Pieces::set_keys`]), so after an edit only the records that changed are made again.
//!
//! Articles' cards are not kept: at 100,000 articles they would hold 150 MB for lists that
//! show each card a few times.

use crate::render::views::{activity_card, ActivityCard};
use crate::site::model::Site;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;
use tera::Tera;

/// The component whose output a card carries as `html`.
const COMPONENT: &str = "activity_card";

/// The pieces of each record, by index into `site.activities`, each made on first use.
#[derive(Debug, Default)]
pub struct Pieces {
    records: Vec<Record>,
    /// What each record's pieces are made from, as a hash (from the preview's fingerprints).
    keys: Vec<Option<u64>>,
    /// The last model's pieces by key, until [`Pieces::set_keys`] hands them on.
    kept: FxHashMap<u64, Record>,
}

#[derive(Debug, Default)]
struct Record {
    card: OnceLock<tera::Value>,
    ics: OnceLock<String>,
    json: OnceLock<String>,
    csv: OnceLock<Vec<u8>>,
}

impl Pieces {
    pub fn new(site: &Site) -> Pieces {
        Pieces {
            records: fresh(site),
            ..Pieces::default()
        }
    }

    /// The pieces of a re-assembled `site`: those of this model that have a key wait for
    /// [`Pieces::set_keys`] to say which records of the new one they still belong to.
    pub fn renew(self, site: &Site) -> Pieces {
        let mut kept = self.kept;
        for (key, record) in self.keys.into_iter().zip(self.records) {
            if let Some(key) = key {
                kept.insert(key, record);
            }
        }
        Pieces {
            records: fresh(site),
            keys: Vec::new(),
            kept,
        }
    }

    /// Each record's key: a hash of everything its pieces show (the record's version and
    /// address, its term links, the addresses of the articles it lists, the base URL, today,
    /// the parts of `site` templates read). Records whose key was seen in the last model get
    /// its pieces; the rest of those are let go.
    pub fn set_keys(&mut self, keys: Vec<u64>) {
        let mut kept = std::mem::take(&mut self.kept);
        for (record, key) in self.records.iter_mut().zip(&keys) {
            if let Some(old) = kept.remove(key) {
                *record = old;
            }
        }
        self.keys = keys.into_iter().map(Some).collect();
    }

    /// After `site.activities[i]` was edited in place (the preview's fast path).
    pub fn forget(&mut self, i: usize) {
        if let Some(record) = self.records.get_mut(i) {
            *record = Record::default();
        }
        if let Some(key) = self.keys.get_mut(i) {
            *key = None;
        }
    }

    /// The card of `site.activities[i]`; `site` must be the model these pieces were made for.
    pub fn card(&self, site: &Site, tera: &Tera, i: usize) -> tera::Value {
        let make = || with_html(tera, &activity_card(site, &site.activities[i]));
        match self.records.get(i) {
            Some(r) => r.card.get_or_init(make).clone(),
            // A model with more records than its pieces (a bug): made each time, not kept.
            None => make(),
        }
    }

    /// The record's event in the calendar ([`super::calendar::record_event`]).
    pub fn ics<'a>(&'a self, site: &Site, host: &str, i: usize) -> std::borrow::Cow<'a, str> {
        let make = || super::calendar::record_event(site, &site.activities[i], host);
        match self.records.get(i) {
            Some(r) => r.ics.get_or_init(make).as_str().into(),
            None => make().into(),
        }
    }

    /// The record's entry in the open data ([`super::opendata::entry`]).
    pub fn json<'a>(&'a self, site: &Site, i: usize) -> std::borrow::Cow<'a, str> {
        let make = || super::opendata::entry(site, &site.activities[i]);
        match self.records.get(i) {
            Some(r) => r.json.get_or_init(make).as_str().into(),
            None => make().into(),
        }
    }

    /// The record's line of the CSV ([`super::export::csv_row`]).
    pub fn csv<'a>(&'a self, site: &Site, i: usize) -> std::borrow::Cow<'a, [u8]> {
        let make = || super::export::csv_row(site, &site.activities[i]);
        match self.records.get(i) {
            Some(r) => r.csv.get_or_init(make).as_slice().into(),
            None => make().into(),
        }
    }
}

fn fresh(site: &Site) -> Vec<Record> {
    (0..site.activities.len()).map(|_| Record::default()).collect()
}

/// The card as templates see it, with the theme's component rendered for it as `html` (left
/// out when the theme has no such component or it fails: the page's own call then reports the
/// error where it is).
fn with_html(tera: &Tera, card: &ActivityCard) -> tera::Value {
    let Ok(value) = tera::Value::try_from_serializable(card) else {
        return tera::Value::none();
    };
    if !tera.contains_component(COMPONENT) {
        return value;
    }
    let mut ctx = tera::Context::new();
    ctx.insert("item", &value);
    let mut out = Vec::with_capacity(1024);
    if tera.render_component_to(COMPONENT, &ctx, None, true, &mut out).is_err() {
        return value;
    }
    let (Ok(html), Some(mut map)) = (String::from_utf8(out), value.clone().into_map()) else {
        return value;
    };
    map.insert("html".into(), tera::Value::safe_string(&html));
    tera::Value::from(map)
}
