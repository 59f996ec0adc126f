//! Queries: one read-only SELECT (or WITH … SELECT), no writes, no side-effect functions.

use super::lexer::{common_checks, never_words, Tok, NOT_IN_QUERY, SIDE_EFFECT_FUNCTIONS};
use super::{refuse, Class, Guarded, Refused};

pub fn query(sql: &str) -> Result<Guarded, Refused> {
    let toks = common_checks(sql)?;
    if !(toks[0].is("SELECT") || toks[0].is("WITH")) {
        return Err(refuse(sql, crate::msg!("guard-single-select").render()));
    }
    // In a query COALESCE is the SQL function, not partition coalescing.
    never_words(sql, &toks, &["COALESCE"])?;
    for t in &toks {
        if let Tok::Word(w) = t {
            if NOT_IN_QUERY.contains(&w.as_str()) {
                return Err(refuse(
                    sql,
                    crate::msg!("guard-no-place", word = w.clone()).render(),
                ));
            }
            if SIDE_EFFECT_FUNCTIONS.contains(&w.as_str()) {
                return Err(refuse(
                    sql,
                    crate::msg!("guard-side-effects", word = w.clone()).render(),
                ));
            }
        }
    }
    Ok(Guarded {
        sql: sql.to_string(),
        class: Class::Query,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_must_only_read() {
        let _en = crate::i18n::speak(crate::i18n::Lang::En);
        query("SELECT 1").unwrap();
        query("WITH x AS (SELECT 1 AS a) SELECT a FROM x -- comment; DROP\n").unwrap();
        query("SELECT 'drop table x' AS s").unwrap();
        query("SELECT coalesce(a, 0) FROM t").unwrap();
        for catalog in [
            crate::sql::text("postgres/catalog/tablespaces"),
            crate::sql::text("postgres/catalog/partitions"),
            crate::sql::text("postgres/catalog/tables"),
            crate::sql::text("mysql/catalog/partitions"),
            crate::sql::text("mysql/catalog/columns"),
        ] {
            query(&catalog.replace("{{ schemas }}", "?")).unwrap_or_else(|e| panic!("{e}"));
        }
        for (sql, why) in [
            ("DELETE FROM x", "SELECT"),
            ("SELECT * FROM x FOR UPDATE", "UPDATE"),
            ("SELECT * INTO newtab FROM x", "INTO"),
            (
                "WITH d AS (DELETE FROM x RETURNING *) SELECT * FROM d",
                "DELETE",
            ),
            ("SELECT nextval('s')", "NEXTVAL"),
            ("SELECT pg_terminate_backend(42)", "PG_TERMINATE_BACKEND"),
            ("SELECT 1; SELECT 2", "more than one"),
            ("SELECT 'unterminated", "unterminated"),
        ] {
            let e = query(sql).expect_err(sql);
            assert!(e.reason.contains(why), "{sql}: {}", e.reason);
        }
    }
}
