//! How a table's partition key encodes time: a key codec maps the first instant of a calendar day
//! to the bound value the catalog shows, and back. The codec is separate from the period (how
//! long one partition spans): a YYYYMMDD key can hold monthly or daily partitions alike.

use super::catalog::Bound;
use super::period::Period;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyCodec {
    /// DATE (and MySQL DATETIME): bounds are dates at midnight.
    Date,
    /// TIMESTAMP without time zone: bounds are midnights, written with their time.
    Timestamp,
    /// Numbers like 202612.
    IntYyyymm,
    /// Numbers like 20261201.
    IntYyyymmdd,
    /// Text like '202612'.
    TextYyyymm,
    /// Text like '20261201'.
    TextYyyymmdd,
    /// MySQL RANGE (TO_DAYS(col)): bounds are day numbers.
    ToDays,
}

/// MySQL TO_DAYS: days since year 0 (TO_DAYS('2007-10-07') = 733321).
pub fn to_days(d: NaiveDate) -> i64 {
    d.num_days_from_ce() as i64 + 365
}

pub fn from_days(days: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(days - 365).ok()?)
}

fn yyyymmdd(n: i64) -> Option<NaiveDate> {
    let (y, m, d) = (n / 10000, n / 100 % 100, n % 100);
    if !(1900..=2999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32)
}

fn yyyymm(n: i64) -> Option<NaiveDate> {
    let (y, m) = (n / 100, n % 100);
    if !(1900..=2999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m as u32, 1)
}

fn digits(s: &str, len: usize) -> Option<i64> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

impl KeyCodec {
    pub const ALL: [KeyCodec; 7] = [
        KeyCodec::Date,
        KeyCodec::Timestamp,
        KeyCodec::IntYyyymm,
        KeyCodec::IntYyyymmdd,
        KeyCodec::TextYyyymm,
        KeyCodec::TextYyyymmdd,
        KeyCodec::ToDays,
    ];

    /// The calendar day whose first instant this bound is, when it is one.
    pub fn decode(self, b: &Bound) -> Option<NaiveDate> {
        match (self, b) {
            (KeyCodec::Date | KeyCodec::Timestamp, Bound::Date(d)) => Some(*d),
            (KeyCodec::IntYyyymm, Bound::Int(n)) => yyyymm(*n),
            (KeyCodec::IntYyyymmdd, Bound::Int(n)) => yyyymmdd(*n),
            (KeyCodec::TextYyyymm, Bound::Text(s)) => yyyymm(digits(s, 6)?),
            (KeyCodec::TextYyyymmdd, Bound::Text(s)) => yyyymmdd(digits(s, 8)?),
            (KeyCodec::ToDays, Bound::Int(n)) => from_days(*n),
            _ => None,
        }
    }

    /// The bound value for the first instant of `d`; none when the codec cannot say that day
    /// (a YYYYMM key holds only first days of months).
    pub fn encode(self, d: NaiveDate) -> Option<Bound> {
        if !self.finest().is_start(d) {
            return None;
        }
        let (y, m, day) = (d.year() as i64, d.month() as i64, d.day() as i64);
        Some(match self {
            KeyCodec::Date | KeyCodec::Timestamp => Bound::Date(d),
            KeyCodec::IntYyyymm => Bound::Int(y * 100 + m),
            KeyCodec::IntYyyymmdd => Bound::Int(y * 10000 + m * 100 + day),
            KeyCodec::TextYyyymm => Bound::Text(format!("{y:04}{m:02}")),
            KeyCodec::TextYyyymmdd => Bound::Text(format!("{y:04}{m:02}{day:02}")),
            KeyCodec::ToDays => Bound::Int(to_days(d)),
        })
    }

    /// The shortest period the codec can bound.
    pub fn finest(self) -> Period {
        match self {
            KeyCodec::IntYyyymm | KeyCodec::TextYyyymm => Period::Month,
            _ => Period::Day,
        }
    }

    /// The codecs that read every one of these bounds, best first: the key's declared type
    /// decides between date and timestamp, and the bounds between YYYYMM and YYYYMMDD.
    pub fn candidates(
        key_type: &str,
        to_days_expression: bool,
        bounds: &[&Bound],
    ) -> Vec<KeyCodec> {
        let timestamp = key_type.to_lowercase().starts_with("timestamp");
        KeyCodec::ALL
            .into_iter()
            .filter(|c| match c {
                KeyCodec::ToDays => to_days_expression,
                KeyCodec::IntYyyymm | KeyCodec::IntYyyymmdd => !to_days_expression,
                KeyCodec::Timestamp => timestamp,
                KeyCodec::Date => !timestamp,
                _ => true,
            })
            .filter(|c| !bounds.is_empty() && bounds.iter().all(|b| c.decode(b).is_some()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn round_trip_day_to_bound_to_day() {
        // (codec, day, the bound the catalog shows)
        let cases = [
            (KeyCodec::Date, d(2027, 1, 1), Bound::Date(d(2027, 1, 1))),
            (
                KeyCodec::Timestamp,
                d(2027, 3, 15),
                Bound::Date(d(2027, 3, 15)),
            ),
            (KeyCodec::IntYyyymm, d(2027, 12, 1), Bound::Int(202712)),
            (KeyCodec::IntYyyymmdd, d(2027, 2, 28), Bound::Int(20270228)),
            (
                KeyCodec::TextYyyymm,
                d(2027, 1, 1),
                Bound::Text("202701".into()),
            ),
            (
                KeyCodec::TextYyyymmdd,
                d(2028, 2, 29),
                Bound::Text("20280229".into()),
            ),
            (KeyCodec::ToDays, d(2007, 10, 7), Bound::Int(733321)),
        ];
        for (codec, day, bound) in cases {
            assert_eq!(
                codec.encode(day),
                Some(bound.clone()),
                "{codec:?} encodes {day}"
            );
            assert_eq!(
                codec.decode(&bound),
                Some(day),
                "{codec:?} decodes {bound:?}"
            );
        }
    }

    #[test]
    fn what_a_codec_cannot_say_is_none() {
        assert_eq!(KeyCodec::IntYyyymm.encode(d(2027, 1, 15)), None);
        assert_eq!(KeyCodec::IntYyyymm.decode(&Bound::Int(202713)), None);
        assert_eq!(KeyCodec::IntYyyymmdd.decode(&Bound::Int(20270230)), None);
        assert_eq!(
            KeyCodec::TextYyyymm.decode(&Bound::Text("2027-1".into())),
            None
        );
        assert_eq!(KeyCodec::Date.decode(&Bound::Int(202701)), None);
        assert_eq!(KeyCodec::IntYyyymm.decode(&Bound::Int(99999)), None);
    }

    #[test]
    fn candidates_follow_type_and_bounds() {
        let ym = [Bound::Int(202612), Bound::Int(202701)];
        let refs: Vec<&Bound> = ym.iter().collect();
        assert_eq!(
            KeyCodec::candidates("integer", false, &refs),
            vec![KeyCodec::IntYyyymm]
        );
        let dates = [Bound::Date(d(2027, 1, 1))];
        let refs: Vec<&Bound> = dates.iter().collect();
        assert_eq!(
            KeyCodec::candidates("TIMESTAMP(6)", false, &refs),
            vec![KeyCodec::Timestamp]
        );
        assert_eq!(
            KeyCodec::candidates("date", false, &refs),
            vec![KeyCodec::Date]
        );
        let days = [Bound::Int(to_days(d(2027, 1, 1)))];
        let refs: Vec<&Bound> = days.iter().collect();
        assert_eq!(
            KeyCodec::candidates("date", true, &refs),
            vec![KeyCodec::ToDays]
        );
    }
}
