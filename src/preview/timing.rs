//! Where a preview rebuild's time goes, printed to stderr when `HUIMIN_TIMINGS` is set: the
//! tool for the 100 ms edit target (README, "Speed"), cheaper to read than a profile.

use std::time::{Duration, Instant};

/// Named phases of one rebuild, in order.
pub(crate) struct Phases {
    on: bool,
    last: Instant,
    marks: Vec<(&'static str, Duration)>,
}

impl Phases {
    pub(crate) fn start() -> Phases {
        Phases {
            on: std::env::var_os("HUIMIN_TIMINGS").is_some(),
            last: Instant::now(),
            marks: Vec::new(),
        }
    }

    /// The phase `name` ended now.
    pub(crate) fn mark(&mut self, name: &'static str) {
        if self.on {
            let now = Instant::now();
            self.marks.push((name, now - self.last));
            self.last = now;
        }
    }
}

impl Drop for Phases {
    fn drop(&mut self) {
        if self.on && !self.marks.is_empty() {
            let parts: Vec<String> = self
                .marks
                .iter()
                .map(|(n, d)| format!("{n} {:.1}", d.as_secs_f64() * 1000.0))
                .collect();
            eprintln!("timings (ms): {}", parts.join(", "));
        }
    }
}
