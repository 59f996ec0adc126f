//! Plan queries are SQL files rendered with minijinja (strict undefined). Values reach the SQL
//! only as bound parameters (`{{ bind(year) }}`) and names only validated and quoted
//! (`{{ ident(schema) }}`); any other `{{ … }}` output is refused, so nothing is spliced.

use crate::model::dialect::Dialect;
use crate::model::param::Param;
use crate::platform::error;
use chrono::NaiveDate;
use minijinja::value::{Value, ValueKind};
use minijinja::{Environment, ErrorKind, UndefinedBehavior};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Variables every plan query can use.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Vars {
    /// The year being opened (2027 for the December 2026 rollover).
    pub year: i32,
    /// The closing year.
    pub this_year: i32,
    /// Today, YYYY-MM-DD.
    pub today: String,
    pub schemas: Vec<String>,
    pub hospital_code: String,
}

#[derive(Debug, Clone)]
pub struct Rendered {
    pub sql: String,
    pub params: Vec<Param>,
}

fn to_param(v: &Value) -> Result<Param, minijinja::Error> {
    if v.is_undefined() {
        return Err(minijinja::Error::new(
            ErrorKind::UndefinedError,
            "bind() got an undefined variable (available: year, this_year, today, schemas, hospital_code)",
        ));
    }
    match v.kind() {
        ValueKind::Number => v.as_i64().map(Param::Int).ok_or_else(|| {
            minijinja::Error::new(
                ErrorKind::InvalidOperation,
                "bind() takes whole numbers, text or dates",
            )
        }),
        ValueKind::String => {
            let s = v.as_str().unwrap_or_default();
            Ok(match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                Ok(d) => Param::Date(d),
                Err(_) => Param::Text(s.to_string()),
            })
        }
        _ => Err(minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("bind() cannot bind a {}", v.kind()),
        )),
    }
}

pub fn render(path: &Path, dialect: Dialect, vars: &Vars) -> anyhow::Result<Rendered> {
    let files = crate::platform::files::QUERY;
    let source = crate::platform::files::read_text(path, files).map_err(|e| {
        error::input(
            crate::msg!(
                "err-query-unreadable",
                path = path.display().to_string(),
                cause = e.reason()
            )
            .render(),
        )
    })?;
    render_text(&source, &path.display().to_string(), dialect, vars)
}

pub fn render_text(
    source: &str,
    name: &str,
    dialect: Dialect,
    vars: &Vars,
) -> anyhow::Result<Rendered> {
    let params: Arc<Mutex<Vec<Param>>> = Arc::default();
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    {
        let params = params.clone();
        env.add_function("bind", move |v: Value| -> Result<Value, minijinja::Error> {
            let p = to_param(&v)?;
            let mut list = params.lock().expect("params lock");
            list.push(p.clone());
            Ok(Value::from_safe_string(dialect.placeholder(list.len(), &p)))
        });
    }
    env.add_function(
        "ident",
        move |v: String| -> Result<Value, minijinja::Error> {
            if !crate::sql::name::is_plain_identifier(&v) {
                return Err(minijinja::Error::new(
                    ErrorKind::InvalidOperation,
                    format!("`{v}` is not a plain identifier"),
                ));
            }
            // Oracle folds unquoted names to upper case: quote them as it stores them.
            let name = if dialect == Dialect::Oracle {
                v.to_uppercase()
            } else {
                v
            };
            Ok(Value::from_safe_string(crate::sql::name::quote(
                dialect, &name,
            )))
        },
    );
    env.set_formatter(|out, _state, value| {
        if value.is_safe() {
            out.write_str(value.as_str().unwrap_or_default())
                .map_err(|_| minijinja::Error::new(ErrorKind::WriteFailure, "write failed"))
        } else {
            Err(minijinja::Error::new(
                ErrorKind::InvalidOperation,
                format!("`{value}` would be spliced into SQL: write {{{{ bind(…) }}}} for a value or {{{{ ident(…) }}}} for a name"),
            ))
        }
    });
    let sql = env.render_str(source, minijinja::Value::from(minijinja::value::Serde(vars))).map_err(|e| {
        let line = e.line().map(|l| format!(":{l}")).unwrap_or_default();
        let detail = e.detail().map(str::to_string).unwrap_or_else(|| e.kind().to_string());
        let detail = if e.kind() == ErrorKind::UndefinedError {
            format!("{detail} (undefined variable; available: year, this_year, today, schemas, hospital_code)")
        } else {
            detail
        };
        error::input(format!("{name}{line}: {detail}"))
    })?;
    let mut sql = sql.trim().to_string();
    while sql.ends_with(';') {
        sql.pop();
        sql = sql.trim_end().to_string();
    }
    let params = params.lock().expect("params lock").clone();
    Ok(Rendered { sql, params })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> Vars {
        Vars {
            year: 2027,
            this_year: 2026,
            today: "2026-12-20".into(),
            schemas: vec!["einvoice".into()],
            hospital_code: "H1".into(),
        }
    }

    #[test]
    fn binds_values_and_quotes_names() {
        let r = render_text(
            "SELECT * FROM {{ ident(schemas[0]) }}.batch WHERE year = {{ bind(year) }} AND d < {{ bind(today) }};\n",
            "q.sql",
            Dialect::Postgres,
            &vars(),
        )
        .unwrap();
        assert_eq!(
            r.sql,
            "SELECT * FROM \"einvoice\".batch WHERE year = $1 AND d < $2::date"
        );
        assert_eq!(
            r.params,
            vec![
                Param::Int(2027),
                Param::Date(NaiveDate::from_ymd_opt(2026, 12, 20).unwrap())
            ]
        );
        let m = render_text("SELECT {{ bind(year) }}", "q.sql", Dialect::Mysql, &vars()).unwrap();
        assert_eq!(m.sql, "SELECT ?");
    }

    #[test]
    fn refuses_splicing_and_undefined_names() {
        let e = render_text("SELECT {{ year }}", "q.sql", Dialect::Postgres, &vars())
            .unwrap_err()
            .to_string();
        assert!(e.contains("would be spliced"), "{e}");
        let e = render_text(
            "SELECT 1\nWHERE {{ bind(yaer) }}",
            "q.sql",
            Dialect::Postgres,
            &vars(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("q.sql:2") && e.contains("undefined"), "{e}");
        let e = render_text(
            "SELECT {{ ident('a; drop') }}",
            "q.sql",
            Dialect::Postgres,
            &vars(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("not a plain identifier"), "{e}");
    }
}
