//! The dialect-neutral catalog: tablespaces with their files, partitioned tables with their
//! partitions and bounds as read from the database (never computed), and month arithmetic.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub tablespaces: Vec<Tablespace>,
    pub tables: Vec<Table>,
    /// Oracle: server parameters the tablespace step needs (db_files, db_create_file_dest, …).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub parameters: std::collections::BTreeMap<String, String>,
    /// Oracle: how many datafiles the database has now (against db_files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datafile_count: Option<u64>,
    /// Longest identifier the server accepts, in bytes, when it differs by version (Oracle: 30
    /// before 12.2 or with COMPATIBLE below 12.2, else 128).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_identifier_bytes: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tablespace {
    pub name: String,
    /// PostgreSQL: the LOCATION directory ("" for the built-in ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Oracle: datafiles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<Datafile>,
    #[serde(default)]
    pub bigfile: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Datafile {
    pub path: String,
    pub bytes: u64,
    pub autoextend: bool,
    /// Autoextend increment in bytes.
    pub increment_bytes: u64,
    pub max_bytes: u64,
    /// The size the file was created with (V$DATAFILE.CREATE_BYTES), when the server says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_bytes: Option<u64>,
}

/// How a table's key values map to months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// DATE or TIMESTAMP column; bounds are dates at midnight.
    Date,
    /// Numbers like 202612.
    YearMonth,
    /// Numbers like 20261201.
    YearMonthDay,
    /// MySQL RANGE (TO_DAYS(col)): bounds are day numbers.
    ToDays,
    /// Text keys holding '202612' (Oracle VARCHAR2 keys).
    TextYearMonth,
    /// Text keys holding '20261201'.
    TextYearMonthDay,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Date(NaiveDate),
    Int(i64),
    /// A quoted string bound (Oracle VARCHAR2 keys), without its quotes.
    Text(String),
    /// MAXVALUE, or a PostgreSQL DEFAULT partition.
    Max,
    Min,
    /// Read, but not understood: kept for the review message.
    Unparsed(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partition {
    pub name: String,
    /// Lower bound where the dialect stores one (PostgreSQL); else the previous upper bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower: Option<Bound>,
    pub upper: Bound,
    /// The bound as the catalog holds it (Oracle HIGH_VALUE text), for review and re-parsing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_value: Option<String>,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tablespace: Option<String>,
    /// The partition is itself partitioned (subpartitions).
    #[serde(default)]
    pub subpartitioned: bool,
    /// PostgreSQL DEFAULT partitions: bytes on disk (0 proves there are no rows to count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_bytes: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub schema: String,
    pub name: String,
    /// "range", "list", "hash", "interval", "reference", "none", …
    pub strategy: String,
    #[serde(default)]
    pub key_columns: Vec<String>,
    /// Data type of the key column as the catalog names it.
    #[serde(default)]
    pub key_type: String,
    /// The partition expression (MySQL), e.g. `to_days(`issue_date`)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_expression: Option<String>,
    /// Oracle interval, e.g. NUMTOYMINTERVAL(1,'MONTH').
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    /// Oracle: where new (interval) partitions go by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_tablespace: Option<String>,
    /// Oracle: indexes or index partitions of this table that are UNUSABLE.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unusable_indexes: Vec<String>,
    #[serde(default)]
    pub partitions: Vec<Partition>,
}

impl Table {
    pub fn full_name(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }
}

/// Months counted from year 0: y * 12 + (m - 1).
pub type Month = i32;

pub fn month_of(y: i32, m: u32) -> Month {
    y * 12 + m as i32 - 1
}

pub fn month_start(month: Month) -> NaiveDate {
    NaiveDate::from_ymd_opt(month.div_euclid(12), month.rem_euclid(12) as u32 + 1, 1)
        .expect("valid month")
}

pub fn month_label(month: Month) -> String {
    let d = month_start(month);
    format!("{:04}{:02}", d.year(), d.month())
}

/// MySQL TO_DAYS: days since year 0 (TO_DAYS('2007-10-07') = 733321).
pub fn to_days(d: NaiveDate) -> i64 {
    d.num_days_from_ce() as i64 + 365
}

pub fn from_days(days: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(days - 365).ok()?)
}

impl KeyKind {
    /// The month a bound starts, if it is exactly the first instant of a month.
    pub fn month_at(self, bound: &Bound) -> Option<Month> {
        match (self, bound) {
            (KeyKind::Date, Bound::Date(d)) if d.day() == 1 => Some(month_of(d.year(), d.month())),
            (KeyKind::YearMonth, Bound::Int(n)) => {
                let (y, m) = (n / 100, n % 100);
                ((1..=12).contains(&m) && (1900..=2999).contains(&y))
                    .then(|| month_of(y as i32, m as u32))
            }
            (KeyKind::YearMonthDay, Bound::Int(n)) => {
                let (y, m, d) = (n / 10000, n / 100 % 100, n % 100);
                (d == 1 && (1..=12).contains(&m) && (1900..=2999).contains(&y))
                    .then(|| month_of(y as i32, m as u32))
            }
            (KeyKind::ToDays, Bound::Int(n)) => from_days(*n)
                .filter(|d| d.day() == 1)
                .map(|d| month_of(d.year(), d.month())),
            (KeyKind::TextYearMonth, Bound::Text(s)) if s.len() == 6 => {
                KeyKind::YearMonth.month_at(&Bound::Int(s.parse().ok()?))
            }
            (KeyKind::TextYearMonthDay, Bound::Text(s)) if s.len() == 8 => {
                KeyKind::YearMonthDay.month_at(&Bound::Int(s.parse().ok()?))
            }
            _ => None,
        }
    }

    /// The bound value for the first instant of a month.
    pub fn bound_for(self, month: Month) -> Bound {
        let d = month_start(month);
        match self {
            KeyKind::Date => Bound::Date(d),
            KeyKind::YearMonth => Bound::Int(d.year() as i64 * 100 + d.month() as i64),
            KeyKind::YearMonthDay => {
                Bound::Int(d.year() as i64 * 10000 + d.month() as i64 * 100 + 1)
            }
            KeyKind::ToDays => Bound::Int(to_days(d)),
            KeyKind::TextYearMonth => Bound::Text(format!("{:04}{:02}", d.year(), d.month())),
            KeyKind::TextYearMonthDay => Bound::Text(format!("{:04}{:02}01", d.year(), d.month())),
        }
    }

    /// Guess from text bounds alone: '202612' or '20261201', digits only.
    pub fn from_text_bounds(bounds: &[&str]) -> Option<KeyKind> {
        let all = |k: KeyKind| {
            !bounds.is_empty()
                && bounds
                    .iter()
                    .all(|b| k.month_at(&Bound::Text(b.to_string())).is_some())
        };
        if all(KeyKind::TextYearMonth) {
            Some(KeyKind::TextYearMonth)
        } else if all(KeyKind::TextYearMonthDay) {
            Some(KeyKind::TextYearMonthDay)
        } else {
            None
        }
    }

    /// Guess from integer bounds alone: 6 digits YYYYMM, 8 digits YYYYMMDD.
    pub fn from_int_bounds(bounds: &[i64]) -> Option<KeyKind> {
        let all = |k: KeyKind| {
            !bounds.is_empty() && bounds.iter().all(|b| k.month_at(&Bound::Int(*b)).is_some())
        };
        if all(KeyKind::YearMonth) {
            Some(KeyKind::YearMonth)
        } else if all(KeyKind::YearMonthDay) {
            Some(KeyKind::YearMonthDay)
        } else {
            None
        }
    }
}

/// Parse a date or timestamp literal at midnight: `2027-01-01`, `2027-01-01 00:00:00`.
pub fn parse_date_literal(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let (date, time) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    match time {
        None => Some(d),
        Some(t) if t.trim_start_matches(['0', ':', '.']).is_empty() => Some(d),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_days_matches_mysql() {
        assert_eq!(
            to_days(NaiveDate::from_ymd_opt(2007, 10, 7).unwrap()),
            733321
        );
        assert_eq!(from_days(733321), NaiveDate::from_ymd_opt(2007, 10, 7));
    }

    #[test]
    fn months_from_bounds_of_each_kind() {
        let jan = month_of(2027, 1);
        assert_eq!(
            KeyKind::Date.month_at(&Bound::Date(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap())),
            Some(jan)
        );
        assert_eq!(
            KeyKind::Date.month_at(&Bound::Date(NaiveDate::from_ymd_opt(2027, 1, 2).unwrap())),
            None
        );
        assert_eq!(KeyKind::YearMonth.month_at(&Bound::Int(202701)), Some(jan));
        assert_eq!(KeyKind::YearMonth.month_at(&Bound::Int(202713)), None);
        assert_eq!(
            KeyKind::YearMonthDay.month_at(&Bound::Int(20270101)),
            Some(jan)
        );
        assert_eq!(KeyKind::ToDays.bound_for(jan), Bound::Int(740347));
        assert_eq!(KeyKind::ToDays.month_at(&Bound::Int(740347)), Some(jan));
        assert_eq!(month_label(month_of(2026, 12) + 1), "202701");
        assert_eq!(
            KeyKind::from_int_bounds(&[202601, 202612]),
            Some(KeyKind::YearMonth)
        );
        assert_eq!(
            KeyKind::from_int_bounds(&[20260101]),
            Some(KeyKind::YearMonthDay)
        );
        assert_eq!(KeyKind::from_int_bounds(&[2026]), None);
    }

    #[test]
    fn date_literals() {
        let d = NaiveDate::from_ymd_opt(2027, 1, 1);
        assert_eq!(parse_date_literal("2027-01-01"), d);
        assert_eq!(parse_date_literal("2027-01-01 00:00:00"), d);
        assert_eq!(parse_date_literal("2027-01-01 00:00:00.000"), d);
        assert_eq!(parse_date_literal("2027-01-01 08:00:00"), None);
    }
}
