//! PostgreSQL SQL: `CREATE TABLE … PARTITION OF … FOR VALUES FROM … TO …`, one statement per new
//! partition; DDL is transactional.

use crate::change::{Change, NewPart, TableRef, TablespaceStorage};
use crate::db::dialect::{plain_literal, ReadBound, SqlDialect};
use crate::model::catalog::{parse_date_literal, Bound};
use crate::model::dialect::Dialect;
use crate::model::key_codec::KeyCodec;
use crate::sql;
use serde_json::json;

pub struct Postgres;

impl SqlDialect for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn literal(&self, key: KeyCodec, bound: &Bound) -> String {
        match (key, bound) {
            (KeyCodec::Timestamp, Bound::Date(d)) => format!("'{d} 00:00:00'"),
            (_, b) => plain_literal(b),
        }
    }

    fn extension(
        &self,
        table: &TableRef,
        key: KeyCodec,
        parts: &[NewPart],
        _tail: Option<&str>,
    ) -> Vec<Change> {
        parts
            .iter()
            .map(|p| Change::AddPartition {
                table: table.clone(),
                key,
                part: p.clone(),
            })
            .collect()
    }

    fn render(&self, change: &Change) -> String {
        match change {
            Change::AddPartition { table, key, part } => sql::render(
                "postgres/ddl/create_partition",
                json!({
                    "partition": self.qualified(&TableRef { schema: table.schema.clone(), name: part.name.clone() }),
                    "table": self.qualified(table),
                    "lower": self.literal(*key, &part.lower),
                    "upper": self.literal(*key, &part.upper),
                    "tablespace": part.tablespace.as_ref().map(|t| self.quote(t)),
                }),
            ),
            Change::CreateTablespace {
                name,
                storage: TablespaceStorage::Directory(location),
            } => sql::render(
                "postgres/ddl/create_tablespace",
                json!({"name": self.quote(name), "location": crate::sqlname::string_literal(location)}),
            ),
            other => unreachable!("PostgreSQL never plans {other:?}"),
        }
    }

    fn transactional_ddl(&self) -> bool {
        true
    }

    fn read_bound(&self, text: &str) -> ReadBound {
        let (lower, upper, is_default) = parse_bound(text);
        ReadBound {
            lower,
            upper,
            is_default,
        }
    }
}

/// A PostgreSQL partition bound as `pg_get_expr` prints it: (lower, upper, is_default).
fn parse_bound(text: &str) -> (Option<Bound>, Bound, bool) {
    let t = text.trim();
    if t == "DEFAULT" {
        return (None, Bound::Max, true);
    }
    let unparsed = || (None, Bound::Unparsed(t.to_string()), false);
    let Some(rest) = t.strip_prefix("FOR VALUES FROM (") else {
        return unparsed();
    };
    let Some((lower, rest)) = rest.split_once(") TO (") else {
        return unparsed();
    };
    let Some(upper) = rest.strip_suffix(')') else {
        return unparsed();
    };
    (Some(bound_value(lower)), bound_value(upper), false)
}

fn bound_value(v: &str) -> Bound {
    let v = v.trim();
    match v {
        "MINVALUE" => Bound::Min,
        "MAXVALUE" => Bound::Max,
        _ => {
            if let Some(inner) = v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')) {
                if !inner.contains('\'') {
                    if let Some(d) = parse_date_literal(inner) {
                        return Bound::Date(d);
                    }
                }
            } else if let Ok(n) = v.parse::<i64>() {
                return Bound::Int(n);
            }
            Bound::Unparsed(v.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn parses_the_bounds_pg_get_expr_prints() {
        let d = |m| Bound::Date(NaiveDate::from_ymd_opt(2026, m, 1).unwrap());
        assert_eq!(
            parse_bound("FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')"),
            (Some(d(1)), d(2), false)
        );
        assert_eq!(
            parse_bound("FOR VALUES FROM ('2026-01-01 00:00:00') TO ('2026-02-01 00:00:00')"),
            (Some(d(1)), d(2), false)
        );
        assert_eq!(
            parse_bound("FOR VALUES FROM (202601) TO (202602)"),
            (Some(Bound::Int(202601)), Bound::Int(202602), false)
        );
        assert_eq!(parse_bound("DEFAULT"), (None, Bound::Max, true));
        assert_eq!(
            parse_bound("FOR VALUES FROM (MINVALUE) TO (202601)"),
            (Some(Bound::Min), Bound::Int(202601), false)
        );
        assert!(matches!(
            parse_bound("FOR VALUES IN ('a')").1,
            Bound::Unparsed(_)
        ));
        assert!(matches!(
            parse_bound("FOR VALUES FROM ('2026-01-01 08:00:00+08') TO ('x')").0,
            Some(Bound::Unparsed(_))
        ));
    }
}
