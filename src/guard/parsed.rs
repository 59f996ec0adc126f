//! Plan-file queries read by a real SQL parser in the site's dialect (sqlparser): one query, and in
//! its syntax tree no statement that writes (a data-modifying CTE, SELECT … INTO), no row lock, and
//! no function outside the read-only allow-list — wherever it sits (select list, FROM, a CTE, a
//! subquery). The token screen (`plan_query.rs`) runs first; this one is what proves the shape. A
//! query the parser cannot read cannot be shown to only read, and is refused with the construct.

use std::ops::ControlFlow;

use sqlparser::ast::{
    ArrayElemTypeDef, BinaryOperator, DataType, Expr, FunctionArguments, ObjectName, Query,
    SetExpr, Statement, TableFactor, Visit, Visitor,
};
use sqlparser::dialect::{Dialect as SqlDialect, MySqlDialect, OracleDialect, PostgreSqlDialect};
use sqlparser::parser::Parser;

use super::functions::function_refused;
use super::relations::{self, Relation};
use super::{refuse, Refused};
use crate::model::dialect::Dialect;

fn grammar(dialect: Dialect) -> Box<dyn SqlDialect> {
    match dialect {
        Dialect::Postgres => Box::new(PostgreSqlDialect {}),
        Dialect::Mysql => Box::new(MySqlDialect {}),
        Dialect::Oracle => Box::new(OracleDialect {}),
    }
}

/// The query is one read-only SELECT: what it reads (every relation it names) comes back.
pub fn only_reads(sql: &str, dialect: Dialect) -> Result<Vec<Relation>, Refused> {
    let statements = Parser::parse_sql(grammar(dialect).as_ref(), sql).map_err(|e| {
        let why = e.to_string();
        let why = why.strip_prefix("sql parser error: ").unwrap_or(&why);
        Refused {
            construct: found(why),
            ..refuse(
                sql,
                crate::msg!("guard-unparsable", db = dialect.display_name(), why = why).render(),
            )
        }
    })?;
    let [Statement::Query(query)] = statements.as_slice() else {
        return Err(refuse(sql, crate::msg!("guard-one-select").render()));
    };
    let mut screen = Screen { sql, refused: None };
    let _ = query.visit(&mut screen);
    if let Some(r) = screen.refused {
        return Err(r);
    }
    relations::of_query(query, dialect).map_err(|why| refuse(sql, why))
}

/// The word a parser error points at (`… found: pg_sleep at Line: 2, Column: 8`), to find its line.
fn found(why: &str) -> Option<String> {
    let rest = why.split("found: ").nth(1)?;
    let word = rest.split(" at Line").next()?.trim();
    (!word.is_empty() && word != "EOF").then(|| word.trim_matches('"').to_string())
}

struct Screen<'a> {
    sql: &'a str,
    refused: Option<Refused>,
}

impl Screen<'_> {
    fn stop(&mut self, reason: String, construct: Option<String>) -> ControlFlow<()> {
        self.refused = Some(Refused {
            construct,
            ..refuse(self.sql, reason)
        });
        ControlFlow::Break(())
    }

    fn call(&mut self, name: &ObjectName) -> ControlFlow<()> {
        let parts: Vec<String> = name
            .0
            .iter()
            .filter_map(|p| p.as_ident().map(|i| i.value.clone()))
            .collect();
        let Some((last, qualifiers)) = parts.split_last() else {
            return self.stop(format!("{name}(…) cannot be read as a function name"), None);
        };
        match function_refused(last, qualifiers.last().map(String::as_str)) {
            Some(reason) => self.stop(reason, Some(last.clone())),
            None => ControlFlow::Continue(()),
        }
    }
}

impl Screen<'_> {
    /// A cast runs the target type's input function, and a domain's CHECK: stored code unless the
    /// type is built in.
    fn cast(&mut self, data_type: &DataType) -> ControlFlow<()> {
        match data_type {
            DataType::Custom(name, _) if !builtin_type(name) => self.stop(
                crate::msg!("guard-cast-type", ty = name.to_string()).render(),
                Some(name.to_string()),
            ),
            DataType::Array(
                ArrayElemTypeDef::AngleBracket(inner)
                | ArrayElemTypeDef::SquareBracket(inner, _)
                | ArrayElemTypeDef::Parenthesis(inner),
            ) => self.cast(inner),
            _ => ControlFlow::Continue(()),
        }
    }
}

/// Built-in type names the parser keeps as custom names (one part, or `pg_catalog.` before it).
fn builtin_type(name: &ObjectName) -> bool {
    let parts: Vec<String> = name
        .0
        .iter()
        .filter_map(|p| p.as_ident().map(|i| i.value.to_lowercase()))
        .collect();
    let last = match parts.as_slice() {
        [one] => one,
        [schema, one] if schema == "pg_catalog" => one,
        _ => return false,
    };
    [
        "int2",
        "int4",
        "int8",
        "float4",
        "float8",
        "bool",
        "bpchar",
        "varchar",
        "text",
        "numeric",
        "date",
        "time",
        "timetz",
        "timestamp",
        "timestamptz",
        "interval",
        "signed",
        "unsigned",
        "number",
        "varchar2",
        "nvarchar2",
        "char",
        "nchar",
        "binary_double",
        "binary_float",
        "smallint",
        "integer",
        "bigint",
        "decimal",
        "real",
        "money",
        "oid",
        "name",
    ]
    .contains(&last.as_str())
}

impl Visitor for Screen<'_> {
    type Break = ();

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        if !query.locks.is_empty() {
            return self.stop(crate::msg!("guard-row-locks").render(), Some("FOR".into()));
        }
        if let SetExpr::Select(select) = query.body.as_ref() {
            if select.into.is_some() {
                return self.stop(
                    crate::msg!("guard-select-into").render(),
                    Some("INTO".into()),
                );
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_statement(&mut self, statement: &Statement) -> ControlFlow<()> {
        let kind = statement.to_string();
        let verb = kind
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string();
        self.stop(
            crate::msg!("guard-writes-inside", verb = verb.clone()).render(),
            Some(verb),
        )
    }

    fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<()> {
        match factor {
            TableFactor::Table {
                name,
                args: Some(_),
                ..
            }
            | TableFactor::Function { name, .. } => self.call(name),
            _ => ControlFlow::Continue(()),
        }
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        match expr {
            Expr::Cast { data_type, .. } => self.cast(data_type),
            Expr::TypedString(t) => self.cast(&t.data_type),
            Expr::BinaryOp {
                op: op @ (BinaryOperator::Custom(_) | BinaryOperator::PGCustomBinaryOperator(_)),
                ..
            } => self.stop(
                crate::msg!("guard-operator", op = op.to_string()).render(),
                Some(op.to_string()),
            ),
            Expr::Function(f) => {
                if let FunctionArguments::Subquery(_) = f.args {
                    return self.stop(
                        format!("{}(SELECT …) is not a read-only call", f.name),
                        None,
                    );
                }
                self.call(&f.name)
            }
            _ => ControlFlow::Continue(()),
        }
    }
}
