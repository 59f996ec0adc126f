//! Plan-file queries (check, stock, usage, templates): a read-only SELECT, and more — every
//! function it calls is on an allow-list of built-ins that only compute (aggregates, date/time,
//! string, conditional, casts, window functions). A READ ONLY transaction does not stop
//! `pg_terminate_backend` or `pg_drop_replication_slot`; a deny-list is always one name short, and
//! quoting a name or hiding it in a dollar-quoted string must not get it through.

use super::functions::function_refused;
use super::lexer::{tokenize, Tok};
use super::relations::Relation;
use super::{comments, parsed, query, refuse, Guarded, Refused};
use crate::model::dialect::Dialect;

/// SQL words that take a parenthesis without being a function call.
const NOT_CALLS: &[&str] = &[
    "IN",
    "EXISTS",
    "ANY",
    "ALL",
    "SOME",
    "AS",
    "FROM",
    "JOIN",
    "ON",
    "USING",
    "WHERE",
    "AND",
    "OR",
    "NOT",
    "WHEN",
    "THEN",
    "ELSE",
    "SELECT",
    "BY",
    "OVER",
    "FILTER",
    "WITHIN",
    "VALUES",
    "HAVING",
    "LATERAL",
    "UNION",
    "INTERSECT",
    "EXCEPT",
    "MINUS",
    "IS",
    "LIKE",
    "BETWEEN",
    "DISTINCT",
    "ROW",
    "ARRAY",
    "CASE",
    "END",
    "WITH",
    "GROUP",
    "ORDER",
    "PARTITION",
    "ESCAPE",
    "KEEP",
    "PRIOR",
    "TABLE",
    "ON",
    "SET",
    "RETURNING",
    "ILIKE",
    "SIMILAR",
    "REGEXP",
    "RLIKE",
];

/// A plan query that passed the guard: the text to send (its comments removed, exactly what was
/// parsed) and every relation it names.
#[derive(Debug)]
pub struct PlanQuery {
    pub guarded: Guarded,
    pub relations: Vec<Relation>,
}

/// The stack a plan query is parsed, visited and dropped on: a left-deep chain of 9,000 `OR`s
/// (what 64 KiB holds) recurses that deep in the syntax tree's visit, display and drop, which the
/// parser's own nesting limit does not bound. Reserved, not used: pages are touched as needed.
const PARSE_STACK: usize = 512 << 20;

pub fn plan_query(sql: &str, dialect: Dialect) -> Result<PlanQuery, Refused> {
    // The file is capped when read; a template's loop could still render more than it holds.
    if sql.len() as u64 > crate::platform::files::QUERY {
        return Err(refuse(sql, crate::msg!("guard-query-too-long").render()));
    }
    let owned = sql.to_string();
    let lang = crate::i18n::lang();
    let worker = std::thread::Builder::new()
        .name("plan-query".into())
        .stack_size(PARSE_STACK)
        .spawn(move || {
            let _same = crate::i18n::speak(lang);
            screen(&owned, dialect)
        });
    match worker.map(|w| w.join()) {
        Ok(Ok(result)) => result,
        _ => Err(refuse(sql, crate::msg!("guard-unreadable").render())),
    }
}

fn screen(sql: &str, dialect: Dialect) -> Result<PlanQuery, Refused> {
    let text = comments::strip(sql, dialect)?;
    let guarded = query(&text)?;
    let toks = tokenize(&text).map_err(|why| refuse(&text, why))?;
    for (i, t) in toks.iter().enumerate() {
        if let Tok::Word(w) = t {
            if w.starts_with('$') && !w[1..].bytes().all(|b| b.is_ascii_digit()) {
                return Err(Refused {
                    construct: Some(w.clone()),
                    ..refuse(
                        &text,
                        crate::msg!("guard-dollar-quoting", word = w.clone()).render(),
                    )
                });
            }
        }
        if toks.get(i + 1) != Some(&Tok::Punct('(')) {
            continue;
        }
        called(&text, &toks, i)?;
    }
    let relations = parsed::only_reads(&text, dialect)?;
    Ok(PlanQuery { guarded, relations })
}

/// The token at `i` stands before a `(`: a function call unless the grammar says otherwise.
fn called(sql: &str, toks: &[Tok], i: usize) -> Result<(), Refused> {
    check_call(sql, toks, i).map_err(|r| Refused {
        construct: toks[i].ident(),
        ..r
    })
}

fn check_call(sql: &str, toks: &[Tok], i: usize) -> Result<(), Refused> {
    let Some(name) = toks[i].ident() else {
        return Ok(());
    };
    let quoted = matches!(toks[i], Tok::Quoted(_));
    if !quoted && NOT_CALLS.contains(&name.as_str()) {
        return Ok(());
    }
    // Oracle's outer join marker: col(+).
    if toks.get(i + 2) == Some(&Tok::Punct('+')) && toks.get(i + 3) == Some(&Tok::Punct(')')) {
        return Ok(());
    }
    let before = i.checked_sub(1).map(|b| &toks[b]);
    // `AS t(a, b)` and a CTE's column list `WITH x(a, b) AS (…)` name columns, they call nothing.
    if before.is_some_and(|b| b.is("AS")) || is_cte_columns(toks, i) {
        return Ok(());
    }
    let qualifier = (before == Some(&Tok::Punct('.'))).then(|| {
        i.checked_sub(2)
            .and_then(|q| toks[q].ident())
            .unwrap_or_default()
    });
    match function_refused(&name, qualifier.as_deref()) {
        Some(reason) => Err(refuse(sql, reason)),
        None => Ok(()),
    }
}

/// `name (cols) AS (` right after WITH or a comma: a common table expression's column list.
fn is_cte_columns(toks: &[Tok], i: usize) -> bool {
    let after_with = i.checked_sub(1).is_some_and(|b| {
        toks[b].is("WITH") || toks[b].is("RECURSIVE") || toks[b] == Tok::Punct(',')
    });
    if !after_with {
        return false;
    }
    super::lexer::after_group(toks, i + 1).is_some_and(|k| toks.get(k).is_some_and(|t| t.is("AS")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Dialect::{Mysql, Oracle, Postgres};

    #[test]
    fn shipped_plan_queries_and_vendor_shapes_are_accepted() {
        let vars = crate::sql::template::Vars {
            year: 2027,
            this_year: 2026,
            today: "2026-12-20".into(),
            schemas: vec!["einvoice".into()],
            hospital_code: "H001".into(),
        };
        for dialect in Dialect::ALL {
            for name in [
                "stock",
                "usage",
                "templates",
                "basic_info_next_year",
                "bill_types_in_use",
            ] {
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("sql")
                    .join(dialect.scheme())
                    .join(format!("{name}.sql"));
                let r = crate::sql::template::render(&path, dialect, &vars).unwrap();
                plan_query(&r.sql, dialect).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
        }
        for (dialect, sql) in [
            (Oracle, "SELECT b.code, COUNT(*) FROM bills b, types t WHERE b.code = t.code(+) AND ROWNUM <= 10 GROUP BY b.code"),
            (Oracle, "SELECT DECODE(in_use, 'Y', 1, 0), NVL(x, 0), TO_CHAR(SYSDATE, 'YYYY') FROM t"),
            (Oracle, "SELECT q'[it is]' AS s FROM dual"),
            (Oracle, "SELECT * FROM (SELECT code, NVL2(a, 1, 0) n FROM einv.bills ORDER BY code) WHERE ROWNUM <= 5"),
            (Oracle, "SELECT TRUNC(SYSDATE, 'MM'), ADD_MONTHS(SYSDATE, 1), LAST_DAY(SYSDATE) FROM dual"),
            (Oracle, "SELECT code, LISTAGG(name, ',') WITHIN GROUP (ORDER BY name) FROM t GROUP BY code"),
            (Oracle, "SELECT a.x FROM a, b WHERE a.id(+) = b.id AND a.d >= TO_DATE(:1, 'YYYY-MM-DD')"),
            (Postgres, "WITH d(day, n) AS (SELECT usage_day, SUM(issued) FROM u GROUP BY usage_day) SELECT * FROM d"),
            (Postgres, "SELECT CAST(n AS NUMERIC(12, 2)), EXTRACT(YEAR FROM d), date_trunc('month', d) FROM t"),
            (Postgres, "SELECT x FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id IN (1, 2))"),
            (Postgres, "SELECT row_number() OVER (PARTITION BY a ORDER BY b) FROM t"),
            (Postgres, "SELECT pg_catalog.count(*) FROM t"),
            (Postgres, "SELECT * FROM generate_series(1, 3) AS g(n)"),
            (Postgres, "SELECT a::date, b FROM t WHERE d >= $1 AND e < $2"),
            (Mysql, "SELECT `code`, IFNULL(n, 0), DATE_FORMAT(NOW(), '%Y') FROM `einv`.`bills` WHERE d >= ? LIMIT 10"),
            (Mysql, "SELECT GROUP_CONCAT(code ORDER BY code SEPARATOR ','), DATEDIFF(CURDATE(), d) FROM t"),
        ] {
            plan_query(sql, dialect).unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    }

    #[test]
    fn the_attacks_found_in_review_are_refused() {
        let _en = crate::i18n::speak(crate::i18n::Lang::En);
        for (dialect, sql, why) in [
            (
                Postgres,
                "SELECT \"pg_terminate_backend\"(pid) FROM pg_stat_activity",
                "PG_TERMINATE_BACKEND",
            ),
            (
                Postgres,
                "SELECT $$'$$ ; SELECT pg_terminate_backend(1) $$'$$",
                "dollar quoting",
            ),
            (Postgres, "SELECT $x$ hidden $x$ AS s", "dollar quoting"),
            (
                Postgres,
                "SELECT query_to_xml('select 1', true, true, '')",
                "QUERY_TO_XML",
            ),
            (
                Postgres,
                "SELECT pg_drop_replication_slot('s')",
                "PG_DROP_REPLICATION_SLOT",
            ),
            (
                Postgres,
                "SELECT pg_create_physical_replication_slot('s')",
                "PG_CREATE_PHYSICAL",
            ),
            (Postgres, "SELECT pg_stat_reset()", "PG_STAT_RESET"),
            (Postgres, "SELECT pg_switch_wal()", "PG_SWITCH_WAL"),
            (Postgres, "SELECT pg_sleep_for('1 hour')", "PG_SLEEP_FOR"),
            (
                Postgres,
                "SELECT \"pg_read_file\"('/etc/passwd')",
                "PG_READ_FILE",
            ),
            (Postgres, "SELECT * FROM pg_ls_waldir()", "PG_LS_WALDIR"),
            (Oracle, "SELECT einv.cleanup() FROM dual", "stored function"),
            (Oracle, "SELECT dbms_lock.sleep(5) FROM dual", "DBMS_LOCK"),
            (
                Oracle,
                "SELECT vendor_pkg.get_next(5) FROM dual",
                "stored function",
            ),
            (Mysql, "SELECT sleep(5)", "SLEEP"),
        ] {
            let e = plan_query(sql, dialect).expect_err(sql);
            assert!(e.reason.contains(why), "{sql}: {}", e.reason);
        }
    }

    /// What the parser sees and a token screen could not: the shape of the whole statement.
    #[test]
    fn the_parser_refuses_what_it_cannot_read_or_what_writes() {
        let _en = crate::i18n::speak(crate::i18n::Lang::En);
        for (dialect, sql, why) in [
            (Postgres, "SELECT FROM WHERE (", "SQL parser cannot read"),
            (Mysql, "SELECT a FROM t WHERE", "SQL parser cannot read"),
            (Oracle, "SELECT a FROM t CONNECT", "SQL parser cannot read"),
            (
                Postgres,
                "SELECT * FROM t, LATERAL pg_sleep(5) AS s",
                "PG_SLEEP",
            ),
            (
                Postgres,
                "SELECT a FROM t WHERE a = ANY (SELECT set_config('x', 'y', false))",
                "SET_CONFIG",
            ),
            (
                Oracle,
                "SELECT * FROM TABLE(einv.pkg.rows(1))",
                "stored function",
            ),
        ] {
            let e = parsed::only_reads(sql, dialect).expect_err(sql);
            assert!(e.reason.contains(why), "{sql}: {}", e.reason);
        }
        let e = parsed::only_reads("SELECT a FROM t WHERE pg_sleep(1) IS NULL", Postgres)
            .expect_err("pg_sleep");
        assert_eq!(e.construct.as_deref(), Some("pg_sleep"));
        let e = parsed::only_reads("SELECT * FROM t FOR UPDATE", Postgres).expect_err("lock");
        assert!(e.reason.contains("FOR UPDATE"), "{}", e.reason);
        let e = parsed::only_reads("SELECT * INTO copy FROM t", Postgres).expect_err("into");
        assert!(e.reason.contains("INTO"), "{}", e.reason);
        let e = parsed::only_reads(
            "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
            Postgres,
        )
        .expect_err("delete");
        assert!(e.reason.contains("DELETE"), "{}", e.reason);
        let e = parsed::only_reads("SELECT 1; SELECT 2", Mysql).expect_err("two");
        assert!(e.reason.contains("exactly one"), "{}", e.reason);
    }

    /// At exactly the cap of a query file (64 KiB), deep shapes are read or refused on this test
    /// thread (a debug build's frames are the largest), never a stack overflow.
    #[test]
    fn the_deepest_query_a_file_can_hold_is_read_or_refused_without_overflow() {
        const CAP: usize = 64 << 10;
        let fill = |head: &str, unit: &str, tail: &str| {
            let mut s = head.to_string();
            while s.len() + unit.len() + tail.len() <= CAP {
                s.push_str(unit);
            }
            s.push_str(tail);
            s
        };
        let shapes = [
            fill("SELECT 1 AS n FROM einv.t WHERE a = 1", " OR a = 1", ""),
            fill("SELECT 1 AS n FROM einv.t WHERE a = 1", " AND a = 1", ""),
            fill("SELECT 1", " + 1", " AS n"),
            fill("SELECT ", "(", "1"),
            fill("SELECT ", "CASE WHEN a = 1 THEN ", "1"),
            fill(
                "SELECT 1 AS n WHERE 1 IN ",
                "(SELECT 1 FROM einv.t WHERE 1 IN ",
                "(1)",
            ),
        ];
        for sql in shapes {
            assert!(sql.len() <= CAP);
            for dialect in Dialect::ALL {
                let _ = plan_query(&sql, dialect);
            }
        }
        let past = fill("SELECT 1 AS n FROM einv.t WHERE a = 1", " OR a = 1", "") + " OR a = 1";
        let e = plan_query(&past, Dialect::Postgres).expect_err("past the cap");
        assert!(e.reason.contains("64 KiB"), "{}", e.reason);
    }

    /// A plan author reads the refusal in the tool's language.
    #[test]
    fn refusals_read_in_chinese() {
        let _zh = crate::i18n::speak(crate::i18n::Lang::ZhCn);
        for (dialect, sql, says) in [
            (Postgres, "SELECT pg_sleep(1)", "有副作用"),
            (Postgres, "SELECT query_to_xml(1)", "不在只读函数白名单上"),
            (
                Oracle,
                "SELECT einv.cleanup() FROM dual",
                "调用的是存储函数",
            ),
            (Postgres, "SELECT $x$ a $x$", "美元引号"),
            (Mysql, "SELECT a FROM t WHERE", "SQL 解析器读不懂这条查询"),
        ] {
            let e = plan_query(sql, dialect).expect_err(sql);
            assert!(e.reason.contains(says), "{sql}: {}", e.reason);
        }
    }
}
