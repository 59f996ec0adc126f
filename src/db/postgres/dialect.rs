//! PostgreSQL SQL: each new partition created on its own (`CREATE TABLE child (LIKE parent …)`)
//! and attached (`ALTER TABLE parent ATTACH PARTITION child FOR VALUES FROM … TO …`) in the
//! table's transaction; DDL is transactional.

use crate::coverage::carry::{self, Carry};
use crate::db::dialect::{plain_literal, ReadBound, SqlDialect};
use crate::model::catalog::{parse_date_literal, Bound};
use crate::model::change::{Change, NewPart, TableRef, TablespaceStorage};
use crate::model::dialect::Dialect;
use crate::model::key_codec::KeyCodec;
use crate::model::time::offset_text;
use crate::sql;
use serde_json::json;

pub struct Postgres;

/// What a new child carries, as changes on it: indexes, constraints, grants, owner.
fn carried(
    carry: &Carry,
    child: &TableRef,
    year: Option<i32>,
    lower: &str,
    upper: &str,
) -> Vec<Change> {
    let mut out = Vec::new();
    for (i, m) in carry.indexes.iter().enumerate() {
        out.push(Change::CreateIndex {
            table: child.clone(),
            name: carry::derive_name(
                &m.name,
                &carry.model_child,
                &child.name,
                &format!("idx{}", i + 1),
            ),
            unique: m.unique,
            rest: carry::instantiate(&m.definition, lower, upper),
            tablespace: m.tablespace_for(year, carry.model_year),
        });
    }
    for (i, m) in carry.constraints.iter().enumerate() {
        out.push(Change::AddConstraint {
            table: child.clone(),
            name: carry::derive_name(
                &m.name,
                &carry.model_child,
                &child.name,
                &format!("con{}", i + 1),
            ),
            definition: carry::instantiate(&m.definition, lower, upper),
        });
    }
    for (grantee, privileges) in &carry.grants {
        out.push(Change::Grant {
            table: child.clone(),
            privileges: privileges.clone(),
            grantee: grantee.clone(),
        });
    }
    if carry.row_security || carry.force_row_security {
        out.push(Change::RowSecurity {
            table: child.clone(),
            force: false,
        });
    }
    if carry.force_row_security {
        out.push(Change::RowSecurity {
            table: child.clone(),
            force: true,
        });
    }
    for (column, text) in &carry.comments {
        out.push(Change::Comment {
            table: child.clone(),
            column: column.clone(),
            text: text.clone(),
        });
    }
    for t in &carry.triggers {
        out.push(Change::CreateTrigger {
            table: child.clone(),
            name: t.name.clone(),
            events: t.events.clone(),
            tail: carry::instantiate(&t.tail, lower, upper),
        });
        if t.state != 'O' {
            out.push(Change::TriggerState {
                table: child.clone(),
                name: t.name.clone(),
                state: t.state,
            });
        }
    }
    for (name, body) in &carry.policies {
        out.push(Change::CreatePolicy {
            table: child.clone(),
            name: name.clone(),
            body: body.clone(),
        });
    }
    if let Some(owner) = &carry.owner {
        out.push(Change::SetOwner {
            table: child.clone(),
            owner: owner.clone(),
        });
    }
    out
}

impl Postgres {
    /// What a new child carries of its siblings' protection and description: row-level security,
    /// policies, comments.
    fn render_protection(&self, change: &Change) -> String {
        match change {
            Change::RowSecurity { table, force } => format!(
                "ALTER TABLE {} {} ROW LEVEL SECURITY",
                self.qualified(table),
                if *force { "FORCE" } else { "ENABLE" }
            ),
            Change::CreatePolicy { table, name, body } => format!(
                "CREATE POLICY {} ON {} {body}",
                self.quote(name),
                self.qualified(table)
            ),
            Change::Comment {
                table,
                column,
                text,
            } => format!(
                "COMMENT ON {} IS '{}'",
                match column {
                    Some(c) => format!("COLUMN {}.{}", self.qualified(table), self.quote(c)),
                    None => format!("TABLE {}", self.qualified(table)),
                },
                text.replace('\'', "''")
            ),
            Change::CreateTrigger {
                table,
                name,
                events,
                tail,
            } => format!(
                "CREATE TRIGGER {} {events} ON {} {tail}",
                self.quote(name),
                self.qualified(table)
            ),
            Change::TriggerState { table, name, state } => format!(
                "ALTER TABLE {} {} TRIGGER {}",
                self.qualified(table),
                match state {
                    'D' => "DISABLE",
                    'R' => "ENABLE REPLICA",
                    _ => "ENABLE ALWAYS",
                },
                self.quote(name)
            ),
            other => unreachable!("not a protection: {other:?}"),
        }
    }
}

impl SqlDialect for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn literal(&self, key: KeyCodec, bound: &Bound) -> String {
        match (key, bound) {
            (KeyCodec::Timestamp, Bound::Date(d)) => format!("'{d} 00:00:00'"),
            // An instant written with the offset its midnights are at: never read in the
            // session's time zone.
            (_, Bound::Instant(t)) => {
                let offset = key.offset().unwrap_or(0);
                let local = t.naive_utc() + chrono::Duration::seconds(offset as i64);
                format!(
                    "'{}{}'",
                    local.format("%Y-%m-%d %H:%M:%S"),
                    offset_text(offset)
                )
            }
            (_, b) => plain_literal(b),
        }
    }

    /// One CREATE per new partition, each followed by what its siblings carry of their own.
    fn extension(
        &self,
        table: &TableRef,
        key: KeyCodec,
        parts: &[NewPart],
        _tail: Option<(&str, Option<&Bound>, crate::db::dialect::Kept)>,
        carry: &Carry,
    ) -> Vec<Change> {
        let mut changes = Vec::new();
        for p in parts {
            let child = TableRef {
                schema: table.schema.clone(),
                name: p.name.clone(),
            };
            // Created on its own and attached in the same transaction: CREATE … PARTITION OF
            // would take ACCESS EXCLUSIVE on the parent and queue every insert behind a report.
            changes.push(Change::CreateStandalone {
                table: table.clone(),
                part: p.clone(),
            });
            changes.push(Change::AttachPartition {
                table: table.clone(),
                key,
                part: p.clone(),
            });
            let (lo, hi) = (self.literal(key, &p.lower), self.literal(key, &p.upper));
            let year = key.decode(&p.lower).map(|d| chrono::Datelike::year(&d));
            changes.extend(carried(carry, &child, year, &lo, &hi));
        }
        changes
    }

    fn render(&self, change: &Change) -> String {
        let child = |table: &TableRef, part: &NewPart| {
            self.qualified(&TableRef {
                schema: table.schema.clone(),
                name: part.name.clone(),
            })
        };
        match change {
            Change::CreateStandalone { table, part } => sql::render_value(
                "postgres/ddl/create_standalone",
                minijinja::context! {
                    partition => child(table, part),
                    table => self.qualified(table),
                    tablespace => part.tablespace.as_ref().map(|t| self.quote(t)),
                    unlogged => part.unlogged,
                    options => part.options.join(", "),
                },
            ),
            Change::AttachPartition { table, key, part } => sql::render_value(
                "postgres/ddl/attach_partition",
                minijinja::context! {
                    partition => child(table, part),
                    table => self.qualified(table),
                    lower => self.literal(*key, &part.lower),
                    upper => self.literal(*key, &part.upper),
                },
            ),
            Change::AddPartition { table, key, part } => sql::render_value(
                "postgres/ddl/create_partition",
                minijinja::context! {
                    partition => child(table, part),
                    table => self.qualified(table),
                    lower => self.literal(*key, &part.lower),
                    upper => self.literal(*key, &part.upper),
                    tablespace => part.tablespace.as_ref().map(|t| self.quote(t)),
                    unlogged => part.unlogged,
                    options => part.options.join(", "),
                },
            ),
            Change::CreateIndex {
                table,
                name,
                unique,
                rest,
                tablespace,
            } => {
                // TABLESPACE goes before a partial index's WHERE.
                let (body, predicate) = match rest.split_once(" WHERE ") {
                    Some((b, w)) => (b, format!(" WHERE {w}")),
                    None => (rest.as_str(), String::new()),
                };
                let ts = tablespace
                    .as_ref()
                    .map(|t| format!(" TABLESPACE {}", self.quote(t)))
                    .unwrap_or_default();
                format!(
                    "CREATE {}INDEX {} ON {} {body}{ts}{predicate}",
                    if *unique { "UNIQUE " } else { "" },
                    self.quote(name),
                    self.qualified(table)
                )
            }
            Change::AddConstraint {
                table,
                name,
                definition,
            } => format!(
                "ALTER TABLE {} ADD CONSTRAINT {} {definition}",
                self.qualified(table),
                self.quote(name)
            ),
            Change::Grant {
                table,
                privileges,
                grantee,
            } => format!(
                "GRANT {} ON TABLE {} TO {}",
                privileges.join(", "),
                self.qualified(table),
                if grantee.is_empty() {
                    "PUBLIC".to_string()
                } else {
                    self.quote(grantee)
                }
            ),
            Change::RowSecurity { .. }
            | Change::CreatePolicy { .. }
            | Change::Comment { .. }
            | Change::CreateTrigger { .. }
            | Change::TriggerState { .. } => self.render_protection(change),
            Change::SetOwner { table, owner } => format!(
                "ALTER TABLE {} OWNER TO {}",
                self.qualified(table),
                self.quote(owner)
            ),
            Change::CreateTablespace {
                name,
                storage: TablespaceStorage::Directory(location),
            } => sql::render(
                "postgres/ddl/create_tablespace",
                json!({"name": self.quote(name), "location": crate::sql::name::string_literal(location)}),
            ),
            other => unreachable!("PostgreSQL never plans {other:?}"),
        }
    }

    fn transactional_ddl(&self) -> bool {
        true
    }

    fn read_bound(&self, text: &str, key_type: &str) -> ReadBound {
        let (lower, upper, is_default) = parse_bound(text, key_type);
        ReadBound {
            lower,
            upper,
            is_default,
        }
    }
}

/// A PostgreSQL partition bound as `pg_get_expr` prints it: (lower, upper, is_default).
fn parse_bound(text: &str, key_type: &str) -> (Option<Bound>, Bound, bool) {
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
    let numeric = is_numeric_type(key_type);
    (
        Some(bound_value(lower, numeric)),
        bound_value(upper, numeric),
        false,
    )
}

/// Integer and numeric keys: PostgreSQL prints their bounds quoted ('202601') for every width
/// but int4.
fn is_numeric_type(key_type: &str) -> bool {
    let t = key_type.to_lowercase();
    ["smallint", "integer", "bigint", "numeric", "decimal"]
        .iter()
        .any(|n| t.starts_with(n))
}

/// One value of `FOR VALUES FROM (…) TO (…)`: MINVALUE/MAXVALUE, a number, a date, an instant
/// (timestamptz, printed in the session's zone with its offset), or text.
fn bound_value(v: &str, numeric: bool) -> Bound {
    let v = v.trim();
    match v {
        "MINVALUE" => return Bound::Min,
        "MAXVALUE" => return Bound::Max,
        _ => {}
    }
    let Some(inner) = v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')) else {
        return v
            .parse::<i64>()
            .map(Bound::Int)
            .unwrap_or_else(|_| Bound::Unparsed(v.to_string()));
    };
    let inner = inner.replace("''", "'");
    if numeric {
        return inner
            .parse::<i64>()
            .map(Bound::Int)
            .unwrap_or_else(|_| Bound::Unparsed(v.to_string()));
    }
    if let Some(d) = parse_date_literal(&inner) {
        return Bound::Date(d);
    }
    for format in ["%Y-%m-%d %H:%M:%S%#z", "%Y-%m-%d %H:%M:%S%.f%#z"] {
        if let Ok(t) = chrono::DateTime::parse_from_str(&inner, format) {
            return Bound::Instant(t.with_timezone(&chrono::Utc));
        }
    }
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(w) = chrono::NaiveDateTime::parse_from_str(&inner, format) {
            // Not a midnight, without an offset: a wall time only a stated key format reads.
            return Bound::Wall(w);
        }
    }
    if inner.contains(':') && inner.contains('-') {
        return Bound::Unparsed(v.to_string());
    }
    Bound::Text(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_bound_t(text: &str) -> (Option<Bound>, Bound, bool) {
        parse_bound(text, "date")
    }

    #[test]
    fn every_key_type_reads_as_postgresql_prints_it() {
        let int = |n| Bound::Int(n);
        assert_eq!(
            parse_bound("FOR VALUES FROM ('202601') TO ('202602')", "bigint").1,
            int(202602)
        );
        assert_eq!(
            parse_bound("FOR VALUES FROM ('202601') TO ('202602')", "numeric(6,0)").1,
            int(202602)
        );
        assert_eq!(
            parse_bound("FOR VALUES FROM (202601) TO (202602)", "integer").1,
            int(202602)
        );
        assert_eq!(
            parse_bound(
                "FOR VALUES FROM ('202601') TO ('202602')",
                "character varying(6)"
            )
            .1,
            Bound::Text("202602".into())
        );
        assert_eq!(
            parse_bound(
                "FOR VALUES FROM ('20260101') TO ('20260201')",
                "character(8)"
            )
            .1,
            Bound::Text("20260201".into())
        );
        let (lo, hi, _) = parse_bound(
            "FOR VALUES FROM ('2025-12-31 16:00:00+00') TO ('2026-01-31 16:00:00+00')",
            "timestamp with time zone",
        );
        let at = |s: &str| Bound::Instant(chrono::DateTime::parse_from_rfc3339(s).unwrap().into());
        assert_eq!(lo, Some(at("2025-12-31T16:00:00Z")));
        assert_eq!(hi, at("2026-01-31T16:00:00Z"));
        assert_eq!(
            parse_bound(
                "FOR VALUES FROM ('2026-01-01 00:00:00+08') TO ('2026-02-01 00:00:00+08')",
                "timestamp with time zone"
            )
            .1,
            at("2026-01-31T16:00:00Z")
        );
    }
    use chrono::NaiveDate;

    #[test]
    fn parses_the_bounds_pg_get_expr_prints() {
        let d = |m| Bound::Date(NaiveDate::from_ymd_opt(2026, m, 1).unwrap());
        assert_eq!(
            parse_bound_t("FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')"),
            (Some(d(1)), d(2), false)
        );
        assert_eq!(
            parse_bound_t("FOR VALUES FROM ('2026-01-01 00:00:00') TO ('2026-02-01 00:00:00')"),
            (Some(d(1)), d(2), false)
        );
        assert_eq!(
            parse_bound_t("FOR VALUES FROM (202601) TO (202602)"),
            (Some(Bound::Int(202601)), Bound::Int(202602), false)
        );
        assert_eq!(parse_bound_t("DEFAULT"), (None, Bound::Max, true));
        assert_eq!(
            parse_bound_t("FOR VALUES FROM (MINVALUE) TO (202601)"),
            (Some(Bound::Min), Bound::Int(202601), false)
        );
        assert!(matches!(
            parse_bound_t("FOR VALUES IN ('a')").1,
            Bound::Unparsed(_)
        ));
        // A wall time, not a midnight: read, for a stated `timestamp +HH:MM` to decode.
        assert!(matches!(
            parse_bound_t("FOR VALUES FROM ('2026-01-01 08:00:00') TO ('x')").0,
            Some(Bound::Wall(_))
        ));
        assert!(matches!(
            parse_bound_t("FOR VALUES FROM ('2026-01-01 08:00') TO ('x')").0,
            Some(Bound::Unparsed(_))
        ));
    }
}
