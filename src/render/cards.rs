//! Each activity's card as templates see it, made once per site model and shared by every page
//! that lists the record: a record is on the timeline, its year's and its category's timelines,
//! its term pages and maybe the home page, and the timelines list every record of theirs. A
//! template value is reference-counted, so the card on the next page costs a pointer copy
//! instead of building and converting it again (a third of a timeline page's time).
//!
//! Articles' cards are not kept: at 100,000 articles they would hold 150 MB for lists that
//! show each card a few times.

use crate::render::views::activity_card;
use crate::site::model::Site;
use std::sync::OnceLock;

/// Activity cards by index into `site.activities`, each made on first use.
#[derive(Debug, Default)]
pub struct Cards {
    activities: Vec<OnceLock<tera::Value>>,
}

impl Cards {
    pub fn new(site: &Site) -> Cards {
        Cards {
            activities: (0..site.activities.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// After `site.activities[i]` was edited in place (the preview's fast path).
    pub fn forget(&mut self, i: usize) {
        if let Some(cell) = self.activities.get_mut(i) {
            cell.take();
        }
    }

    /// The card of `site.activities[i]`; `site` must be the model these cards were made for.
    pub fn activity(&self, site: &Site, i: usize) -> tera::Value {
        let make = || tera::Value::try_from_serializable(&activity_card(site, &site.activities[i]));
        match self.activities.get(i) {
            Some(cell) => cell
                .get_or_init(|| make().unwrap_or_else(|_| tera::Value::none()))
                .clone(),
            // A model with more records than its cards (a bug): made each time, not kept.
            None => make().unwrap_or_else(|_| tera::Value::none()),
        }
    }
}
