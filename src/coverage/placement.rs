//! Where a new PostgreSQL child goes when the plan names no tablespace: where its siblings are.
//! In order: the plan's `tablespace:` rule (decided before this); a year-named twin of the
//! tablespace the same period of last year used (or, without one, the latest child's); that
//! tablespace itself; the latest child's. The database's default only when that is where the
//! rule lands. (`CREATE TABLE (LIKE …)` does not take the parent's tablespace, and the parent's
//! own is not read: a parent placed apart from all its children is not a rule here.)

use super::{Range, Target};
use crate::model::catalog::Table;
use chrono::{Datelike, NaiveDate};

/// Which rule placed a new child, for the plan line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    YearTwin,
    SamePeriod,
    Latest,
}

impl Rule {
    pub fn message_id(self) -> &'static str {
        match self {
            Rule::YearTwin => "place-year-twin",
            Rule::SamePeriod => "place-same-period",
            Rule::Latest => "place-latest",
        }
    }
}

fn tablespace_of(table: &Table, name: &str) -> Option<String> {
    table
        .partitions
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.tablespace.clone())
}

/// The tablespace and the rule for a child starting on `start`; `None` when the siblings are in
/// the database's default.
pub(crate) fn place(
    table: &Table,
    t: &Target,
    ranges: &[Range],
    last: &Range,
    start: NaiveDate,
) -> Option<(String, Rule)> {
    let a_year_before = start.with_year(start.year() - 1);
    let same = ranges
        .iter()
        .find(|r| r.lo.is_some() && r.lo == a_year_before);
    let (model, model_start, rule) = match same {
        Some(r) => (tablespace_of(table, &r.name), r.lo, Rule::SamePeriod),
        None => (tablespace_of(table, &last.name), last.lo, Rule::Latest),
    };
    let model = model?;
    if let Some(from) = model_start.map(|d| d.year()) {
        let twin = replace_year(&model, from, start.year());
        if twin != model {
            if let Some(existing) = t.tablespaces.iter().find(|x| x.eq_ignore_ascii_case(&twin)) {
                return Some((existing.clone(), Rule::YearTwin));
            }
        }
    }
    Some((model, rule))
}

/// `name` with the year `from` replaced by `to` where it stands as a number of its own
/// (`ts_2026` → `ts_2027`, never inside `ts_20261`).
fn replace_year(name: &str, from: i32, to: i32) -> String {
    let (from, to) = (from.to_string(), to.to_string());
    let mut at = 0;
    while let Some(i) = name[at..].find(&from).map(|i| i + at) {
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        let before = name[..i].chars().last();
        let after = name[i + from.len()..].chars().next();
        if !digit(before) && !digit(after) {
            return format!("{}{to}{}", &name[..i], &name[i + from.len()..]);
        }
        at = i + from.len();
    }
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::replace_year;

    #[test]
    fn a_year_is_replaced_only_where_it_stands_alone() {
        assert_eq!(replace_year("ts_2026", 2026, 2027), "ts_2027");
        assert_eq!(replace_year("ts_20261", 2026, 2027), "ts_20261");
        assert_eq!(replace_year("ts_odd", 2026, 2027), "ts_odd");
    }
}
