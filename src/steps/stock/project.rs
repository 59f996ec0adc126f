//! How many numbers a bill type will use from one day to another, as an engineer can defend it:
//! the larger of the recent daily average × days and last year's use over the same calendar
//! days scaled by the year-over-year growth, times the plan's safety factor. When last year's
//! days are missing, the recent window's busiest week stands in for its mean.

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// Issued numbers per day.
pub type Daily = BTreeMap<NaiveDate, i64>;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Projection {
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub days: i64,
    /// Mean per day over the recent window (the days it has data for).
    pub recent_per_day: f64,
    /// The busiest 7 days of the recent window, per day.
    pub busiest_week_per_day: f64,
    /// Last year's use over the same calendar days, when last year has them.
    pub last_year: Option<i64>,
    /// This year's use over last year's, on the months both years have.
    pub growth: f64,
    /// recent, busiest_week or last_year: which figure decided.
    pub basis: String,
    pub safety_factor: f64,
    pub projected: i64,
}

fn year_back(d: NaiveDate) -> NaiveDate {
    d.checked_sub_months(Months::new(12))
        .expect("a date a year back")
}

fn sum(daily: &Daily, from: NaiveDate, until: NaiveDate) -> i64 {
    daily.range(from..=until).map(|(_, n)| *n).sum()
}

/// Growth on whole months both years have before `today`'s month.
fn growth(daily: &Daily, today: NaiveDate) -> f64 {
    let month_start = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).expect("valid");
    let (mut this, mut last) = (0i64, 0i64);
    let mut m = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("valid");
    while m < month_start {
        let end = m.checked_add_months(Months::new(1)).expect("valid") - chrono::Duration::days(1);
        let (t, l) = (sum(daily, m, end), sum(daily, year_back(m), year_back(end)));
        if t > 0 && l > 0 {
            this += t;
            last += l;
        }
        m = end + chrono::Duration::days(1);
    }
    if last > 0 {
        this as f64 / last as f64
    } else {
        1.0
    }
}

/// Days in `[from, until]` that have data.
fn covered_days(daily: &Daily, from: NaiveDate, until: NaiveDate) -> i64 {
    daily.range(from..=until).count() as i64
}

/// Use from `from` through `until`, judged on the data before `today`.
pub fn project(
    daily: &Daily,
    today: NaiveDate,
    from: NaiveDate,
    until: NaiveDate,
    window: i64,
    safety_factor: f64,
) -> Projection {
    let days = (until - from).num_days() + 1;
    let yesterday = today - chrono::Duration::days(1);
    let window_start = today - chrono::Duration::days(window);
    let first = daily
        .keys()
        .find(|d| **d >= window_start)
        .copied()
        .unwrap_or(today);
    let span = (today - first).num_days().max(1);
    let recent_per_day = sum(daily, window_start, yesterday) as f64 / span as f64;
    let busiest_week_per_day = (0..window.max(7) - 6)
        .map(|i| {
            let start = window_start + chrono::Duration::days(i);
            sum(daily, start, start + chrono::Duration::days(6)) as f64 / 7.0
        })
        .fold(0.0, f64::max);
    let (ly_from, ly_until) = (year_back(from), year_back(until));
    let has_last_year = covered_days(daily, ly_from, ly_until) * 10 >= days * 9;
    let growth = growth(daily, today);
    let last_year = has_last_year.then(|| sum(daily, ly_from, ly_until));
    let (need, basis) = match last_year {
        Some(ly) => {
            let (recent, scaled) = (recent_per_day * days as f64, ly as f64 * growth);
            if scaled > recent {
                (scaled, "last_year")
            } else {
                (recent, "recent")
            }
        }
        None => (busiest_week_per_day * days as f64, "busiest_week"),
    };
    Projection {
        from,
        until,
        days,
        recent_per_day,
        busiest_week_per_day,
        last_year,
        growth,
        basis: basis.into(),
        safety_factor,
        projected: (need * safety_factor).ceil() as i64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// 400 a day, 600 in December, both years.
    fn december_peak() -> Daily {
        let mut daily = Daily::new();
        let mut day = d(2025, 1, 1);
        while day < d(2026, 12, 1) {
            daily.insert(day, if day.month() == 12 { 600 } else { 400 });
            day += chrono::Duration::days(1);
        }
        daily
    }

    #[test]
    fn the_december_peak_is_seen_on_12_01() {
        let p = project(
            &december_peak(),
            d(2026, 12, 1),
            d(2026, 12, 1),
            d(2027, 1, 15),
            30,
            1.0,
        );
        // Real need: 31 × 600 + 15 × 400 = 24,600; the November average alone gives 18,400.
        assert_eq!((p.days, p.recent_per_day), (46, 400.0));
        assert_eq!(
            (p.last_year, p.basis.as_str(), p.projected),
            (Some(24_600), "last_year", 24_600)
        );
    }

    #[test]
    fn without_last_year_the_busiest_week_stands_in() {
        let mut daily = Daily::new();
        for (i, n) in [
            100, 100, 100, 100, 100, 100, 100, 300, 300, 300, 300, 300, 300, 300,
        ]
        .iter()
        .enumerate()
        {
            daily.insert(d(2026, 11, 17) + chrono::Duration::days(i as i64), *n);
        }
        let p = project(
            &daily,
            d(2026, 12, 1),
            d(2026, 12, 1),
            d(2026, 12, 10),
            14,
            1.2,
        );
        assert_eq!(
            (p.basis.as_str(), p.busiest_week_per_day),
            ("busiest_week", 300.0)
        );
        assert_eq!(p.projected, 3600);
        // Three days of history average over three days, not thirty.
        let mut short = Daily::new();
        for i in 0..3 {
            short.insert(d(2026, 11, 28) + chrono::Duration::days(i), 100);
        }
        assert_eq!(
            project(
                &short,
                d(2026, 12, 1),
                d(2026, 12, 1),
                d(2026, 12, 1),
                30,
                1.0
            )
            .recent_per_day,
            100.0
        );
    }
}
