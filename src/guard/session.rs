//! Session statements: lock timeouts, run locks and read-only transaction bounds, in the exact
//! forms the backends use.

use super::lexer::{common_checks, Tok};
use super::{refuse, Class, Guarded, Refused};

/// Lock timeouts and run locks, in the exact forms the backends use.
pub fn session(sql: &str) -> Result<Guarded, Refused> {
    // The one PL/SQL block yearend sends (Oracle run lock), matched exactly.
    if sql == crate::sql::text("oracle/session/run_lock") {
        return Ok(Guarded {
            sql: sql.to_string(),
            class: Class::Session,
        });
    }
    let toks = common_checks(sql)?;
    // The plan queries' role (`query_role:`), quoted: SET LOCAL ROLE "name", nothing else.
    if let [s, l, r, Tok::Quoted(_)] = toks.as_slice() {
        if s.is("SET") && l.is("LOCAL") && r.is("ROLE") {
            return Ok(Guarded {
                sql: sql.to_string(),
                class: Class::Session,
            });
        }
    }
    let words: Vec<String> = toks
        .iter()
        .map(|t| match t {
            Tok::Word(w) => w.clone(),
            Tok::Punct(c) => c.to_string(),
            Tok::Num(_) => "N".into(),
            Tok::Str(_) => "S".into(),
            Tok::Quoted(q) => q.clone(),
        })
        .collect();
    let shape = words.join(" ");
    const SHAPES: &[&str] = &[
        "SET LOCK_TIMEOUT = S",
        "SET LOCAL STATEMENT_TIMEOUT = S",
        "SET SESSION LOCK_WAIT_TIMEOUT = N",
        "ALTER SESSION SET DDL_LOCK_TIMEOUT = N",
        "SELECT PG_TRY_ADVISORY_LOCK ( HASHTEXTEXTENDED ( $1 , N ) )",
        "SELECT GET_LOCK ( ? , N )",
        "SELECT IS_USED_LOCK ( ? )",
        "START TRANSACTION READ ONLY",
        "SET TRANSACTION READ ONLY",
        "SELECT PG_EXPORT_SNAPSHOT ( )",
        "SET TRANSACTION SNAPSHOT S",
        "ROLLBACK",
        "BEGIN",
        "COMMIT",
        "KILL QUERY N",
        "SET SESSION MAX_STATEMENT_TIME = N",
        "SET SESSION MAX_EXECUTION_TIME = N",
    ];
    if !SHAPES.contains(&shape.as_str()) {
        return Err(refuse(
            sql,
            crate::msg!("guard-shape-not-one-of-the-session-statements-yearen").render(),
        ));
    }
    Ok(Guarded {
        sql: sql.to_string(),
        class: Class::Session,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_statements_are_exact() {
        session("SET lock_timeout = '5s'").unwrap();
        session("ALTER SESSION SET DDL_LOCK_TIMEOUT = 30").unwrap();
        session("SELECT pg_try_advisory_lock(hashtextextended($1, 0))").unwrap();
        session("SELECT GET_LOCK(?, 0)").unwrap();
        session("SELECT pg_export_snapshot()").unwrap();
        session("SET TRANSACTION SNAPSHOT '00000003-0000001B-1'").unwrap();
        assert!(session("SET TRANSACTION SNAPSHOT '1'; DROP TABLE t").is_err());
        assert!(session("SET search_path = evil").is_err());
        assert!(session("SELECT pg_advisory_unlock_all()").is_err());
    }
}
