//! How a table's partition key encodes time: a key codec maps the first instant of a calendar day
//! to the bound value the catalog shows, and back. The codec is separate from the period (how
//! long one partition spans): a YYYYMMDD key can hold monthly or daily partitions alike. Codecs
//! that hold instants (timestamptz, epoch seconds) carry the UTC offset their midnights are at.

use super::catalog::Bound;
use super::period::Period;
use super::time::{offset_text, parse_offset};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyCodec {
    /// DATE (and MySQL DATETIME): bounds are dates at midnight.
    Date,
    /// TIMESTAMP without time zone: bounds are midnights, written with their time.
    Timestamp,
    /// TIMESTAMP WITH TIME ZONE: bounds are instants, midnights at this offset.
    TimestampTz { offset_secs: i32 },
    /// TIMESTAMP without time zone whose values are wall times at UTC `wall_secs` and whose
    /// periods begin at midnights of UTC `midnight_secs` (the site's): local midnights stored
    /// as UTC wall time read `2026-12-31 16:00:00` (`key_format: "timestamp +00:00"`).
    TimestampAt { wall_secs: i32, midnight_secs: i32 },
    /// Year numbers like 2026 (MySQL RANGE (YEAR(col)), a `y int` key).
    IntYyyy,
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
    /// Seconds since 1970 (MySQL UNIX_TIMESTAMP(col), or a key the site says holds them).
    EpochSeconds { offset_secs: i32 },
    /// Milliseconds since 1970, as the site says.
    EpochMillis { offset_secs: i32 },
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

/// The day whose midnight at `offset` is this instant.
fn midnight_day(t: DateTime<Utc>, offset_secs: i32) -> Option<NaiveDate> {
    let local = t.naive_utc() + chrono::Duration::seconds(offset_secs as i64);
    (local.time() == chrono::NaiveTime::MIN).then(|| local.date())
}

/// Midnight of `d` at `offset`, as an instant.
fn midnight(d: NaiveDate, offset_secs: i32) -> DateTime<Utc> {
    (d.and_time(chrono::NaiveTime::MIN) - chrono::Duration::seconds(offset_secs as i64)).and_utc()
}

/// Epoch values no later than 2100 and no earlier than 2000: what a hospital's keys hold.
pub fn plausible_epoch_seconds(n: i64) -> bool {
    (946_684_800..=4_102_444_800).contains(&n)
}

impl KeyCodec {
    /// The calendar day whose first instant this bound is, when it is one.
    pub fn decode(self, b: &Bound) -> Option<NaiveDate> {
        match (self, b) {
            (KeyCodec::Date | KeyCodec::Timestamp, Bound::Date(d)) => Some(*d),
            (KeyCodec::TimestampTz { offset_secs }, Bound::Instant(t)) => {
                midnight_day(*t, offset_secs)
            }
            (
                KeyCodec::TimestampAt {
                    wall_secs,
                    midnight_secs,
                },
                Bound::Wall(_) | Bound::Date(_),
            ) => {
                let wall = match b {
                    Bound::Wall(w) => *w,
                    Bound::Date(d) => d.and_time(chrono::NaiveTime::MIN),
                    _ => return None,
                };
                let instant = (wall - chrono::Duration::seconds(wall_secs as i64)).and_utc();
                midnight_day(instant, midnight_secs)
            }
            (KeyCodec::IntYyyy, Bound::Int(n)) if (1900..=2999).contains(n) => {
                NaiveDate::from_ymd_opt(*n as i32, 1, 1)
            }
            (KeyCodec::IntYyyymm, Bound::Int(n)) => yyyymm(*n),
            (KeyCodec::IntYyyymmdd, Bound::Int(n)) => yyyymmdd(*n),
            (KeyCodec::TextYyyymm, Bound::Text(s)) => yyyymm(digits(s, 6)?),
            (KeyCodec::TextYyyymmdd, Bound::Text(s)) => yyyymmdd(digits(s, 8)?),
            (KeyCodec::ToDays, Bound::Int(n)) => from_days(*n),
            (KeyCodec::EpochSeconds { offset_secs }, Bound::Int(n)) => {
                midnight_day(DateTime::from_timestamp(*n, 0)?, offset_secs)
            }
            (KeyCodec::EpochMillis { offset_secs }, Bound::Int(n)) if n % 1000 == 0 => {
                midnight_day(DateTime::from_timestamp(n / 1000, 0)?, offset_secs)
            }
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
            KeyCodec::TimestampTz { offset_secs } => Bound::Instant(midnight(d, offset_secs)),
            KeyCodec::TimestampAt {
                wall_secs,
                midnight_secs,
            } => Bound::Wall(
                midnight(d, midnight_secs).naive_utc()
                    + chrono::Duration::seconds(wall_secs as i64),
            ),
            KeyCodec::IntYyyy => Bound::Int(y),
            KeyCodec::IntYyyymm => Bound::Int(y * 100 + m),
            KeyCodec::IntYyyymmdd => Bound::Int(y * 10000 + m * 100 + day),
            KeyCodec::TextYyyymm => Bound::Text(format!("{y:04}{m:02}")),
            KeyCodec::TextYyyymmdd => Bound::Text(format!("{y:04}{m:02}{day:02}")),
            KeyCodec::ToDays => Bound::Int(to_days(d)),
            KeyCodec::EpochSeconds { offset_secs } => {
                Bound::Int(midnight(d, offset_secs).timestamp())
            }
            KeyCodec::EpochMillis { offset_secs } => {
                Bound::Int(midnight(d, offset_secs).timestamp() * 1000)
            }
        })
    }

    /// The shortest period the codec can bound.
    pub fn finest(self) -> Period {
        match self {
            KeyCodec::IntYyyy => Period::Year,
            KeyCodec::IntYyyymm | KeyCodec::TextYyyymm => Period::Month,
            _ => Period::Day,
        }
    }

    /// The UTC offset a `timestamp +HH:MM` key's wall times are written at (0 for others).
    pub fn offset_of_wall(self) -> i32 {
        match self {
            KeyCodec::TimestampAt { wall_secs, .. } => wall_secs,
            _ => 0,
        }
    }

    /// The UTC offset of the midnights this codec's instants are at, for codecs of instants.
    pub fn offset(self) -> Option<i32> {
        match self {
            KeyCodec::TimestampTz { offset_secs }
            | KeyCodec::EpochSeconds { offset_secs }
            | KeyCodec::EpochMillis { offset_secs } => Some(offset_secs),
            _ => None,
        }
    }

    /// The same codec with its midnights at another offset.
    pub fn at_offset(self, offset_secs: i32) -> KeyCodec {
        match self {
            KeyCodec::TimestampTz { .. } => KeyCodec::TimestampTz { offset_secs },
            KeyCodec::EpochSeconds { .. } => KeyCodec::EpochSeconds { offset_secs },
            KeyCodec::EpochMillis { .. } => KeyCodec::EpochMillis { offset_secs },
            other => other,
        }
    }

    /// How the site file states this codec (`key_format:`).
    pub fn stated(self) -> String {
        let with = |kind: &str, o: i32| format!("{kind} {}", offset_text(o));
        match self {
            KeyCodec::Date => "date".into(),
            KeyCodec::Timestamp => "timestamp".into(),
            KeyCodec::TimestampAt { wall_secs, .. } => with("timestamp", wall_secs),
            KeyCodec::TimestampTz { offset_secs } => with("timestamptz", offset_secs),
            KeyCodec::IntYyyy => "yyyy".into(),
            KeyCodec::IntYyyymm | KeyCodec::TextYyyymm => "yyyymm".into(),
            KeyCodec::IntYyyymmdd | KeyCodec::TextYyyymmdd => "yyyymmdd".into(),
            KeyCodec::ToDays => "to_days".into(),
            KeyCodec::EpochSeconds { offset_secs } => with("epoch_seconds", offset_secs),
            KeyCodec::EpochMillis { offset_secs } => with("epoch_milliseconds", offset_secs),
        }
    }
}

/// What the site file says a table's key holds (`partitions.key_format`): the kind, and for
/// instants the offset of their midnights (the site's zone when not given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatedFormat {
    pub kind: StatedKind,
    pub offset_secs: Option<i32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatedKind {
    Date,
    Timestamp,
    TimestampTz,
    Yyyy,
    Yyyymm,
    Yyyymmdd,
    EpochSeconds,
    EpochMilliseconds,
}

pub const STATED_KINDS: &str =
    "date, timestamp, timestamptz, yyyy, yyyymm, yyyymmdd, epoch_seconds, epoch_milliseconds";

impl StatedFormat {
    /// As the site file writes it.
    pub fn shown(&self) -> String {
        let kind = match self.kind {
            StatedKind::Date => "date",
            StatedKind::Timestamp => "timestamp",
            StatedKind::TimestampTz => "timestamptz",
            StatedKind::Yyyy => "yyyy",
            StatedKind::Yyyymm => "yyyymm",
            StatedKind::Yyyymmdd => "yyyymmdd",
            StatedKind::EpochSeconds => "epoch_seconds",
            StatedKind::EpochMilliseconds => "epoch_milliseconds",
        };
        match self.offset_secs {
            Some(o) => format!("{kind} {}", offset_text(o)),
            None => kind.to_string(),
        }
    }

    /// `epoch_seconds`, `timestamptz +00:00`, `yyyymm`, …
    pub fn parse(text: &str) -> Result<StatedFormat, String> {
        let mut words = text.split_whitespace();
        let kind = match words.next().unwrap_or("") {
            "date" => StatedKind::Date,
            "timestamp" => StatedKind::Timestamp,
            "timestamptz" => StatedKind::TimestampTz,
            "yyyy" => StatedKind::Yyyy,
            "yyyymm" => StatedKind::Yyyymm,
            "yyyymmdd" => StatedKind::Yyyymmdd,
            "epoch_seconds" => StatedKind::EpochSeconds,
            "epoch_milliseconds" => StatedKind::EpochMilliseconds,
            other => {
                return Err(format!(
                    "`{other}` is not a key format (write one of: {STATED_KINDS})"
                ))
            }
        };
        let offset_secs = match words.next() {
            None => None,
            Some(o) => Some(parse_offset(o).ok_or_else(|| {
                format!("`{o}` is not a UTC offset (write e.g. +08:00 or +00:00)")
            })?),
        };
        let instants = matches!(
            kind,
            StatedKind::Timestamp
                | StatedKind::TimestampTz
                | StatedKind::EpochSeconds
                | StatedKind::EpochMilliseconds
        );
        if offset_secs.is_some() && !instants {
            return Err(format!(
                "`{text}`: only timestamp, timestamptz and epoch keys take an offset"
            ));
        }
        if words.next().is_some() {
            return Err(format!("`{text}` has more than a format and an offset"));
        }
        Ok(StatedFormat { kind, offset_secs })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(s: &str) -> Bound {
        Bound::Instant(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
    }

    #[test]
    fn local_midnights_written_as_utc_wall_time_read_and_write_back() {
        let c = KeyCodec::TimestampAt {
            wall_secs: 0,
            midnight_secs: 8 * 3600,
        };
        let wall = |s: &str| {
            Bound::Wall(chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap())
        };
        assert_eq!(c.encode(d(2027, 1, 1)), Some(wall("2026-12-31 16:00:00")));
        assert_eq!(c.decode(&wall("2027-06-30 16:00:00")), Some(d(2027, 7, 1)));
        assert_eq!(c.decode(&wall("2027-07-01 00:00:00")), None);
        assert_eq!(c.stated(), "timestamp +00:00");
        let stated = StatedFormat::parse("timestamp +00:00").unwrap();
        assert_eq!(stated.offset_secs, Some(0));
        assert_eq!(stated.shown(), "timestamp +00:00");
        assert!(StatedFormat::parse("yyyymm +08:00").is_err());
    }

    #[test]
    fn round_trip_day_to_bound_to_day() {
        let cst = 8 * 3600;
        // (codec, day, the bound the catalog shows)
        let cases = [
            (KeyCodec::Date, d(2027, 1, 1), Bound::Date(d(2027, 1, 1))),
            (
                KeyCodec::Timestamp,
                d(2027, 3, 15),
                Bound::Date(d(2027, 3, 15)),
            ),
            (
                KeyCodec::TimestampTz { offset_secs: cst },
                d(2027, 1, 1),
                at("2026-12-31T16:00:00Z"),
            ),
            (
                KeyCodec::TimestampTz { offset_secs: 0 },
                d(2027, 1, 1),
                at("2027-01-01T00:00:00Z"),
            ),
            (KeyCodec::IntYyyy, d(2027, 1, 1), Bound::Int(2027)),
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
            (
                KeyCodec::EpochSeconds { offset_secs: cst },
                d(2027, 1, 1),
                Bound::Int(1798732800),
            ),
            (
                KeyCodec::EpochSeconds { offset_secs: 0 },
                d(2027, 1, 1),
                Bound::Int(1798761600),
            ),
            (
                KeyCodec::EpochMillis { offset_secs: cst },
                d(2027, 1, 1),
                Bound::Int(1798732800000),
            ),
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
        let utc_midnight = at("2027-01-01T00:00:00Z");
        assert_eq!(
            KeyCodec::TimestampTz {
                offset_secs: 8 * 3600
            }
            .decode(&utc_midnight),
            None
        );
        assert_eq!(
            KeyCodec::EpochMillis { offset_secs: 0 }.decode(&Bound::Int(1798761600001)),
            None
        );
    }

    #[test]
    fn stated_formats_parse_and_refuse() {
        assert_eq!(
            StatedFormat::parse("timestamptz +00:00").unwrap(),
            StatedFormat {
                kind: StatedKind::TimestampTz,
                offset_secs: Some(0)
            }
        );
        assert_eq!(
            StatedFormat::parse("epoch_seconds").unwrap().offset_secs,
            None
        );
        assert!(StatedFormat::parse("yyyymm +08:00").is_err());
        assert!(StatedFormat::parse("epoch")
            .unwrap_err()
            .contains("epoch_seconds"));
        assert_eq!(
            KeyCodec::TimestampTz { offset_secs: 0 }.stated(),
            "timestamptz +00:00"
        );
    }
}
