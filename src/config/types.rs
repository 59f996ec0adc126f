//! Small value types shared by plan and site files.

use chrono::{Datelike, NaiveDate};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::time::Duration;

/// A due date or deadline inside the closing year, written "MM-DD".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    pub fn parse(s: &str) -> Result<MonthDay, String> {
        let bad = || crate::msg!("err-not-month-day", value = s.to_string()).render();
        let (m, d) = s.split_once('-').ok_or_else(bad)?;
        if m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let month: u32 = m.parse().map_err(|_| bad())?;
        let day: u32 = d.parse().map_err(|_| bad())?;
        // 2024 is a leap year, so 02-29 is accepted as a calendar day.
        NaiveDate::from_ymd_opt(2024, month, day).ok_or_else(bad)?;
        Ok(MonthDay { month, day })
    }

    /// The date in `year`; 02-29 falls back to 02-28 in common years.
    pub fn in_year(self, year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
            .or_else(|| NaiveDate::from_ymd_opt(year, self.month, self.day - 1))
            .expect("validated month-day")
    }

    pub fn of(date: NaiveDate) -> MonthDay {
        MonthDay {
            month: date.month(),
            day: date.day(),
        }
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl<'de> Deserialize<'de> for MonthDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        MonthDay::parse(&s).map_err(de::Error::custom)
    }
}

impl Serialize for MonthDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// A duration written "90s", "10m", "2h", "3d".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span(pub Duration);

impl Span {
    pub fn parse(s: &str) -> Result<Span, String> {
        let bad = || crate::msg!("err-not-span", value = s.to_string()).render();
        let s = s.trim();
        let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        let (n, unit) = s.split_at(split);
        let n: u64 = n.parse().map_err(|_| bad())?;
        let secs = match unit {
            "s" => n,
            "m" => n * 60,
            "h" => n * 3600,
            "d" => n * 86400,
            _ => return Err(bad()),
        };
        Ok(Span(Duration::from_secs(secs)))
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0.as_secs();
        match s {
            _ if s.is_multiple_of(86400) && s > 0 => write!(f, "{}d", s / 86400),
            _ if s.is_multiple_of(3600) && s > 0 => write!(f, "{}h", s / 3600),
            _ if s.is_multiple_of(60) && s > 0 => write!(f, "{}m", s / 60),
            _ => write!(f, "{s}s"),
        }
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Span::parse(&s).map_err(de::Error::custom)
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_day_parses_and_rejects() {
        assert_eq!(
            MonthDay::parse("12-25").unwrap(),
            MonthDay { month: 12, day: 25 }
        );
        assert!(MonthDay::parse("12-32").is_err());
        assert!(MonthDay::parse("13-01").is_err());
        assert!(MonthDay::parse("1-5").is_err());
        assert_eq!(
            MonthDay::parse("02-29").unwrap().in_year(2027),
            NaiveDate::from_ymd_opt(2027, 2, 28).unwrap()
        );
    }

    #[test]
    fn span_parses_units() {
        assert_eq!(Span::parse("10m").unwrap().0.as_secs(), 600);
        assert_eq!(Span::parse("2h").unwrap().to_string(), "2h");
        assert!(Span::parse("10 minutes").is_err());
        assert!(Span::parse("m").is_err());
    }
}
