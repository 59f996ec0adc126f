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
        tail: Option<(&str, Option<&Bound>, crate::db::dialect::Kept)>,
        _carry: &crate::coverage::carry::Carry,
    ) -> Vec<Change> {
        vec![match tail {
            Some((tail, tail_upper, kept)) => Change::ReorganizeTail {
                table: table.clone(),
                key,
                tail: tail.to_string(),
                tail_upper: tail_upper.cloned(),
                tail_directory: kept.directory.map(str::to_string),
                tail_clauses: kept.clauses.to_vec(),
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
                .map(|p| {
                    json!({"name": self.quote(&p.name), "upper": self.literal(key, &p.upper),
                           "attributes": clauses(&p.clauses),
                           "directory": p.tablespace.as_deref().map(directory_literal)})
                })
                .collect()
        };
        match change {
            Change::ReorganizeTail {
                table,
                key,
                tail,
                tail_upper,
                tail_directory,
                tail_clauses,
                parts,
            } => sql::render(
                "mysql/ddl/reorganize_tail",
                json!({
                    "table": self.qualified(table),
                    "tail": self.quote(tail),
                    "tail_upper": tail_upper.as_ref().map(|b| self.literal(*key, b)),
                    "tail_directory": tail_directory.as_deref().map(directory_literal),
                    "tail_attributes": clauses(tail_clauses),
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

/// ` COMMENT = '…'`: a partition's attribute clauses, before its DATA DIRECTORY.
fn clauses(clauses: &[String]) -> String {
    clauses.iter().map(|c| format!(" {c}")).collect()
}

/// A DATA DIRECTORY as a string literal, its backslashes doubled too: the server reads backslash
/// escapes in strings unless NO_BACKSLASH_ESCAPES.
fn directory_literal(dir: &str) -> String {
    crate::sql::name::string_literal(&dir.replace('\\', "\\\\"))
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
        // RANGE COLUMNS on a DATETIME key, not at midnight: a wall time.
        if let Ok(w) = chrono::NaiveDateTime::parse_from_str(inner, "%Y-%m-%d %H:%M:%S") {
            return Bound::Wall(w);
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
            Bound::Wall(_)
        ));
    }

    #[test]
    fn new_partitions_and_a_rebuilt_tail_keep_their_data_directories() {
        let part = |name: &str, upper: i64, dir: Option<&str>| NewPart {
            name: name.into(),
            lower: Bound::Int(upper - 31),
            upper: Bound::Int(upper),
            tablespace: dir.map(str::to_string),
            unlogged: false,
            options: Vec::new(),
            clauses: Vec::new(),
            segments: Vec::new(),
            subparts: Vec::new(),
            stats_from: None,
        };
        let table = TableRef {
            schema: "einv".into(),
            name: "bill".into(),
        };
        let parts = [
            part("p202701", 739282, Some("/data/hot")),
            part("p202702", 739310, Some("/data/it's")),
        ];
        let changes = Mysql.extension(
            &table,
            KeyCodec::ToDays,
            &parts,
            Some((
                "pmax",
                None,
                crate::db::dialect::Kept {
                    directory: Some("/data/cold"),
                    clauses: &["COMMENT = 'kept'".to_string()],
                },
            )),
            &Default::default(),
        );
        let sql = Mysql.render(&changes[0]);
        assert!(
            sql.contains("')) DATA DIRECTORY = '/data/hot', PARTITION `p202702`"),
            "{sql}"
        );
        assert!(
            sql.ends_with(
                "PARTITION `pmax` VALUES LESS THAN MAXVALUE COMMENT = 'kept' DATA DIRECTORY = '/data/cold')"
            ),
            "{sql}"
        );
        crate::guard::change(
            &changes[0],
            &sql,
            &[],
            crate::model::dialect::Dialect::Mysql,
        )
        .expect("the guard allows a tail that keeps its directory");
        let moved = sql.replace(
            " DATA DIRECTORY = '/data/cold')",
            " DATA DIRECTORY = '/x' ENGINE = MyISAM)",
        );
        assert!(crate::guard::change(
            &changes[0],
            &moved,
            &[],
            crate::model::dialect::Dialect::Mysql
        )
        .is_err());
        let added = Mysql.render(
            &Mysql.extension(&table, KeyCodec::ToDays, &parts, None, &Default::default())[0],
        );
        assert!(added.contains("DATA DIRECTORY = '/data/it''s')"), "{added}");
    }
}
