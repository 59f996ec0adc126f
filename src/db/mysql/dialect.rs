//! MySQL/MariaDB SQL: one statement per table, REORGANIZE of the MAXVALUE partition or ADD
//! PARTITION; DDL commits by itself.

use crate::db::dialect::{plain_literal, ReadBound, SqlDialect};
use crate::model::catalog::{parse_date_literal, Bound};
use crate::model::change::{Change, NewPart, TableRef};
use crate::model::dialect::Dialect;
use crate::model::key_codec::{from_days, KeyCodec};
use crate::sql;
use serde_json::json;

pub struct Mysql;

impl SqlDialect for Mysql {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }

    fn literal(&self, key: KeyCodec, bound: &Bound) -> String {
        match (key, bound) {
            (KeyCodec::ToDays, Bound::Int(n)) => format!(
                "TO_DAYS('{}')",
                from_days(*n).expect("day numbers we computed are dates")
            ),
            (_, b) => plain_literal(b),
        }
    }

    fn extension(
        &self,
        table: &TableRef,
        key: KeyCodec,
        parts: &[NewPart],
        tail: Option<(&str, Option<&Bound>)>,
        _carry: &crate::coverage::carry::Carry,
    ) -> Vec<Change> {
        vec![match tail {
            Some((tail, tail_upper)) => Change::ReorganizeTail {
                table: table.clone(),
                key,
                tail: tail.to_string(),
                tail_upper: tail_upper.cloned(),
                parts: parts.to_vec(),
            },
            None => Change::AddPartitions {
                table: table.clone(),
                key,
                parts: parts.to_vec(),
            },
        }]
    }

    fn render(&self, change: &Change) -> String {
        let list = |key: KeyCodec, parts: &[NewPart]| -> Vec<serde_json::Value> {
            parts
                .iter()
                .map(|p| json!({"name": self.quote(&p.name), "upper": self.literal(key, &p.upper)}))
                .collect()
        };
        match change {
            Change::ReorganizeTail {
                table,
                key,
                tail,
                tail_upper,
                parts,
            } => sql::render(
                "mysql/ddl/reorganize_tail",
                json!({
                    "table": self.qualified(table),
                    "tail": self.quote(tail),
                    "tail_upper": tail_upper.as_ref().map(|b| self.literal(*key, b)),
                    "partitions": list(*key, parts),
                }),
            ),
            Change::AddPartitions { table, key, parts } => sql::render(
                "mysql/ddl/add_partitions",
                json!({"table": self.qualified(table), "partitions": list(*key, parts)}),
            ),
            other => unreachable!("MySQL never plans {other:?}"),
        }
    }

    fn transactional_ddl(&self) -> bool {
        false
    }

    fn read_bound(&self, text: &str, _key_type: &str) -> ReadBound {
        ReadBound {
            lower: None,
            upper: parse_description(text),
            is_default: false,
        }
    }
}

/// PARTITION_DESCRIPTION of a RANGE partition: MAXVALUE, a number, or a quoted date.
fn parse_description(d: &str) -> Bound {
    let d = d.trim();
    if d.eq_ignore_ascii_case("MAXVALUE") {
        return Bound::Max;
    }
    if let Ok(n) = d.parse::<i64>() {
        return Bound::Int(n);
    }
    if let Some(inner) = d.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')) {
        if let Some(date) = parse_date_literal(inner) {
            return Bound::Date(date);
        }
        // RANGE COLUMNS on a char/varchar key: '202701'.
        if !inner.contains(['\'', ':']) {
            return Bound::Text(inner.to_string());
        }
    }
    Bound::Unparsed(d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn partition_descriptions() {
        assert_eq!(parse_description("MAXVALUE"), Bound::Max);
        assert_eq!(parse_description("740347"), Bound::Int(740347));
        assert_eq!(
            parse_description("'2027-01-01'"),
            Bound::Date(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap())
        );
        assert_eq!(parse_description("'202701'"), Bound::Text("202701".into()));
        assert!(matches!(
            parse_description("'2027-01-01 08:00:00'"),
            Bound::Unparsed(_)
        ));
    }
}
