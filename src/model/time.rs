//! The site's time zone (`time_zone:` in the site file, default Asia/Shanghai): what "today" is,
//! where a day starts, how a time is shown. Zones come from the tz database (chrono-tz), never
//! from hand-written offsets.

use chrono::{DateTime, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Tz;

pub const DEFAULT_ZONE: &str = "Asia/Shanghai";

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SiteZone {
    pub tz: Tz,
}

impl SiteZone {
    pub fn parse(name: &str) -> Result<SiteZone, String> {
        name.parse::<Tz>().map(|tz| SiteZone { tz }).map_err(|_| {
            format!("`{name}` is not a time zone of the tz database (write e.g. Asia/Shanghai)")
        })
    }

    pub fn name(&self) -> &'static str {
        self.tz.name()
    }

    /// Seconds east of UTC at the start of `day` in this zone.
    pub fn offset_on(&self, day: NaiveDate) -> i32 {
        let noon = day.and_hms_opt(12, 0, 0).expect("valid time");
        self.tz
            .from_local_datetime(&noon)
            .earliest()
            .map(|t| t.offset().fix().local_minus_utc())
            .unwrap_or(0)
    }

    /// Today's date in this zone.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.tz).date_naive()
    }
}

impl Default for SiteZone {
    fn default() -> SiteZone {
        SiteZone::parse(DEFAULT_ZONE).expect("the default zone exists")
    }
}

static DISPLAY_ZONE: std::sync::OnceLock<SiteZone> = std::sync::OnceLock::new();

/// The zone times are shown in: the site's, once its file is read (default Asia/Shanghai).
pub fn set_display_zone(zone: SiteZone) {
    let _ = DISPLAY_ZONE.set(zone);
}

/// A time as a person reads it: in the site's zone, with the offset — `2026-12-14 02:13:05 +08:00`.
/// Journals keep UTC.
pub fn local_text(t: DateTime<Utc>) -> String {
    let zone = DISPLAY_ZONE.get().copied().unwrap_or_default();
    t.with_timezone(&zone.tz)
        .format("%Y-%m-%d %H:%M:%S %:z")
        .to_string()
}

/// An offset as people write it: +08:00, -05:30.
pub fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("{sign}{:02}:{:02}", s / 3600, s % 3600 / 60)
}

/// `+08:00`, `+0800`, `+08`, `UTC`, `Z` → seconds east of UTC.
pub fn parse_offset(text: &str) -> Option<i32> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("utc") || t == "Z" {
        return Some(0);
    }
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    (h <= 14 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_and_offsets() {
        let z = SiteZone::default();
        let d = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(z.offset_on(d), 8 * 3600);
        assert!(SiteZone::parse("Mars/Olympus").is_err());
        assert_eq!(offset_text(8 * 3600), "+08:00");
        assert_eq!(offset_text(-(5 * 3600 + 1800)), "-05:30");
        assert_eq!(parse_offset("+08:00"), Some(28800));
        assert_eq!(parse_offset("+08"), Some(28800));
        assert_eq!(parse_offset("UTC"), Some(0));
        assert_eq!(parse_offset("8"), None);
        let ny = SiteZone::parse("America/New_York").unwrap();
        assert_eq!(
            ny.offset_on(NaiveDate::from_ymd_opt(2027, 7, 1).unwrap()),
            -4 * 3600
        );
    }
}
