//! Every relation a parsed plan query names, from its syntax tree, in any position: FROM and
//! JOIN (parenthesised or not), `ONLY`, LATERAL, subqueries anywhere, CTE bodies, set
//! operations, and `TABLE name` (which sqlparser keeps as plain identifiers, not a relation).
//! A name that is a CTE in scope where it stands is the CTE; a non-recursive CTE's own name is
//! not in scope inside its body (`WITH pg_authid AS (SELECT * FROM pg_authid)` reads the catalog).
//! One result, used by `validate`, `plan`, `run` and preflight's grant list.

use std::ops::ControlFlow;

use sqlparser::ast::{ObjectName, Query, SetExpr, TableFactor, Visit, Visitor};

use crate::model::dialect::Dialect;

/// A relation as written: `database.schema.name`, `schema.name` or `name` (each part folded as
/// the server folds an unquoted name; a quoted part kept as written).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Relation {
    pub database: Option<String>,
    pub schema: Option<String>,
    pub name: String,
}

impl Relation {
    pub fn display(&self) -> String {
        [&self.database, &self.schema]
            .into_iter()
            .flatten()
            .chain(std::iter::once(&self.name))
            .cloned()
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// An identifier as the server folds it: PostgreSQL lower-cases an unquoted name, Oracle
/// upper-cases it, MySQL keeps it (table names compare by the server's own rules: kept as typed).
pub fn fold(value: &str, quoted: bool, dialect: Dialect) -> String {
    match (quoted, dialect) {
        (true, _) | (false, Dialect::Mysql) => value.to_string(),
        (false, Dialect::Postgres) => value.to_lowercase(),
        (false, Dialect::Oracle) => value.to_uppercase(),
    }
}

/// The relations a parsed query reads, in order of first appearance, CTEs in scope left out.
pub fn of_query(query: &Query, dialect: Dialect) -> Result<Vec<Relation>, String> {
    let mut walk = Walk {
        dialect,
        frames: Vec::new(),
        found: Vec::new(),
        problem: None,
        calls: Vec::new(),
    };
    let _ = query.visit(&mut walk);
    match walk.problem {
        Some(p) => Err(p),
        None => Ok(walk.found),
    }
}

struct Frame {
    /// Each CTE of this query's WITH: where its body lives (compared, never followed) and its name.
    ctes: Vec<(usize, String)>,
    recursive: bool,
    /// CTE names visible around this query (its own WITH not included).
    outer: Vec<String>,
    /// CTE names visible in its body: `outer` and all of its own.
    body: Vec<String>,
}

struct Walk {
    dialect: Dialect,
    frames: Vec<Frame>,
    found: Vec<Relation>,
    problem: Option<String>,
    /// Names in FROM that call a function (`generate_series(1, 3)`): the function screen's.
    calls: Vec<usize>,
}

fn address(q: &Query) -> usize {
    q as *const Query as usize
}

impl Walk {
    /// The CTE names in scope for `q` as it is entered, from the query that holds it: a CTE body
    /// sees the CTEs before it (and itself, when the WITH is RECURSIVE); anything else sees the
    /// holder's body scope.
    fn scope_for(&self, q: &Query) -> Vec<String> {
        let Some(parent) = self.frames.last() else {
            return Vec::new();
        };
        let here = address(q);
        match parent.ctes.iter().position(|(a, _)| *a == here) {
            Some(i) => {
                let upto = if parent.recursive { i + 1 } else { i };
                let mut scope = parent.outer.clone();
                scope.extend(parent.ctes[..upto].iter().map(|(_, n)| n.clone()));
                scope
            }
            None => parent.body.clone(),
        }
    }

    fn relation(&mut self, parts: Vec<(String, bool)>) {
        let in_scope = self
            .frames
            .last()
            .map(|f| f.body.clone())
            .unwrap_or_default();
        let folded: Vec<String> = parts
            .iter()
            .map(|(v, q)| fold(v, *q, self.dialect))
            .collect();
        let rel = match folded.as_slice() {
            [name] if in_scope.contains(name) => return,
            [name] => Relation {
                database: None,
                schema: None,
                name: name.clone(),
            },
            [schema, name] => Relation {
                database: None,
                schema: Some(schema.clone()),
                name: name.clone(),
            },
            [db, schema, name] => Relation {
                database: Some(db.clone()),
                schema: Some(schema.clone()),
                name: name.clone(),
            },
            _ => {
                self.problem = Some(format!("{}: more than three name parts", folded.join(".")));
                return;
            }
        };
        if !self.found.contains(&rel) {
            self.found.push(rel);
        }
    }

    /// `TABLE name` in a query body or a set operation's side.
    fn table_commands(&mut self, body: &SetExpr) {
        match body {
            SetExpr::Table(t) => {
                let mut parts = Vec::new();
                if let Some(s) = &t.schema_name {
                    parts.push((s.value.clone(), s.quote_style.is_some()));
                }
                if let Some(n) = &t.table_name {
                    parts.push((n.value.clone(), n.quote_style.is_some()));
                }
                if !parts.is_empty() {
                    self.relation(parts);
                }
            }
            SetExpr::SetOperation { left, right, .. } => {
                self.table_commands(left);
                self.table_commands(right);
            }
            _ => {}
        }
    }
}

impl Visitor for Walk {
    type Break = ();

    fn pre_visit_query(&mut self, q: &Query) -> ControlFlow<()> {
        let outer = self.scope_for(q);
        let ctes: Vec<(usize, String)> = q
            .with
            .iter()
            .flat_map(|w| &w.cte_tables)
            .map(|c| {
                let name = fold(
                    &c.alias.name.value,
                    c.alias.name.quote_style.is_some(),
                    self.dialect,
                );
                (address(&c.query), name)
            })
            .collect();
        let mut body = outer.clone();
        body.extend(ctes.iter().map(|(_, n)| n.clone()));
        let recursive = q.with.as_ref().is_some_and(|w| w.recursive);
        self.frames.push(Frame {
            ctes,
            recursive,
            outer,
            body,
        });
        self.table_commands(&q.body);
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _q: &Query) -> ControlFlow<()> {
        self.frames.pop();
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<()> {
        if let TableFactor::Table {
            name,
            args: Some(_),
            ..
        } = factor
        {
            self.calls.push(name as *const ObjectName as usize);
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_relation(&mut self, name: &ObjectName) -> ControlFlow<()> {
        if self.calls.contains(&(name as *const ObjectName as usize)) {
            return ControlFlow::Continue(());
        }
        let mut parts = Vec::new();
        for p in &name.0 {
            match p.as_ident() {
                Some(i) => parts.push((i.value.clone(), i.quote_style.is_some())),
                None => {
                    self.problem = Some(format!("{name}: a name yearend cannot read"));
                    return ControlFlow::Break(());
                }
            }
        }
        self.relation(parts);
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::ast::Statement;
    use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect};
    use sqlparser::parser::Parser;

    fn rels(sql: &str, dialect: Dialect) -> Vec<String> {
        let stmts = match dialect {
            Dialect::Mysql => Parser::parse_sql(&MySqlDialect {}, sql),
            _ => Parser::parse_sql(&PostgreSqlDialect {}, sql),
        }
        .unwrap();
        let Statement::Query(q) = &stmts[0] else {
            panic!("{sql}")
        };
        of_query(q, dialect)
            .unwrap()
            .iter()
            .map(Relation::display)
            .collect()
    }

    #[test]
    fn every_position_is_read() {
        let pg = Dialect::Postgres;
        for (sql, want) in [
            (
                "SELECT * FROM ONLY pg_catalog.pg_authid",
                vec!["pg_catalog.pg_authid"],
            ),
            (
                "SELECT * FROM einv.a JOIN (einv.b JOIN pg_catalog.pg_authid x ON true) ON true",
                vec!["einv.a", "einv.b", "pg_catalog.pg_authid"],
            ),
            (
                "WITH t AS (TABLE pg_catalog.pg_authid) SELECT * FROM t",
                vec!["pg_catalog.pg_authid"],
            ),
            (
                "SELECT 1 FROM einv.a UNION SELECT 1 FROM pg_authid",
                vec!["einv.a", "pg_authid"],
            ),
            (
                "WITH t AS (SELECT 1 FROM einv.a UNION TABLE pg_authid) SELECT * FROM t",
                vec!["einv.a", "pg_authid"],
            ),
            (
                "SELECT (SELECT max(1) FROM his.patient) FROM einv.a",
                vec!["einv.a", "his.patient"],
            ),
            (
                "SELECT * FROM einv.a, LATERAL (SELECT * FROM his.p WHERE p.id = a.id) q",
                vec!["einv.a", "his.p"],
            ),
            (
                "SELECT * FROM einv.a WHERE EXISTS (SELECT 1 FROM his.p)",
                vec!["einv.a", "his.p"],
            ),
            (
                "WITH pg_authid AS (SELECT * FROM pg_authid) SELECT * FROM pg_authid",
                vec!["pg_authid"],
            ),
            (
                "WITH a AS (SELECT 1), b AS (SELECT * FROM a) SELECT * FROM b",
                vec![],
            ),
            (
                "WITH b AS (SELECT * FROM a), a AS (SELECT 1) SELECT * FROM b",
                vec!["a"],
            ),
            (
                "WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT * FROM r) SELECT * FROM r",
                vec![],
            ),
            (
                "SELECT * FROM einvoice.pg_catalog.pg_authid",
                vec!["einvoice.pg_catalog.pg_authid"],
            ),
            ("SELECT * FROM \"EINVOICE\".bill", vec!["EINVOICE.bill"]),
            ("SELECT * FROM EINVOICE.Bill", vec!["einvoice.bill"]),
            (
                "SELECT * FROM generate_series(1, 3) AS g(n), einv.a",
                vec!["einv.a"],
            ),
        ] {
            let mut got = rels(sql, pg);
            got.sort();
            let mut want: Vec<String> = want.into_iter().map(str::to_string).collect();
            want.sort();
            assert_eq!(got, want, "{sql}");
        }
        assert_eq!(
            rels("SELECT * FROM EINV.Bill", Dialect::Mysql),
            vec!["EINV.Bill"]
        );
    }
}
