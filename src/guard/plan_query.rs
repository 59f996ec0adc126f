//! Plan-file queries (check, stock, usage, templates): a read-only SELECT, and more — every
//! function it calls is on an allow-list of built-ins that only compute (aggregates, date/time,
//! string, conditional, casts, window functions). A READ ONLY transaction does not stop
//! `pg_terminate_backend` or `pg_drop_replication_slot`; a deny-list is always one name short, and
//! quoting a name or hiding it in a dollar-quoted string must not get it through.

use super::lexer::{tokenize, Tok};
use super::{query, refuse, Guarded, Refused};

/// Built-in functions a plan query may call (upper case; PostgreSQL, MySQL/MariaDB and Oracle).
const ALLOWED_FUNCTIONS: &[&str] = &[
    // aggregates and window functions
    "COUNT",
    "SUM",
    "AVG",
    "MIN",
    "MAX",
    "STDDEV",
    "VARIANCE",
    "STRING_AGG",
    "LISTAGG",
    "GROUP_CONCAT",
    "ARRAY_AGG",
    "BOOL_AND",
    "BOOL_OR",
    "EVERY",
    "ROW_NUMBER",
    "RANK",
    "DENSE_RANK",
    "LAG",
    "LEAD",
    "FIRST_VALUE",
    "LAST_VALUE",
    "NTILE",
    "PERCENTILE_CONT",
    "PERCENTILE_DISC",
    "MEDIAN",
    // conditional
    "COALESCE",
    "NULLIF",
    "NVL",
    "NVL2",
    "DECODE",
    "GREATEST",
    "LEAST",
    "IF",
    "IFNULL",
    "ISNULL",
    // casts and conversions
    "CAST",
    "CONVERT",
    "TO_CHAR",
    "TO_DATE",
    "TO_NUMBER",
    "TO_TIMESTAMP",
    "TO_NCHAR",
    // date and time
    "NOW",
    "CURRENT_DATE",
    "CURRENT_TIMESTAMP",
    "LOCALTIMESTAMP",
    "CLOCK_TIMESTAMP",
    "STATEMENT_TIMESTAMP",
    "TRANSACTION_TIMESTAMP",
    "SYSDATE",
    "SYSTIMESTAMP",
    "SYS_EXTRACT_UTC",
    "FROM_TZ",
    "DATE_TRUNC",
    "DATE_PART",
    "EXTRACT",
    "AGE",
    "MAKE_DATE",
    "MAKE_TIMESTAMP",
    "DATE",
    "TIME",
    "TIMESTAMP",
    "DATE_FORMAT",
    "STR_TO_DATE",
    "CURDATE",
    "CURTIME",
    "UTC_TIMESTAMP",
    "UTC_DATE",
    "TRUNC",
    "ADD_MONTHS",
    "MONTHS_BETWEEN",
    "LAST_DAY",
    "NEXT_DAY",
    "DATEDIFF",
    "DATE_ADD",
    "DATE_SUB",
    "ADDDATE",
    "SUBDATE",
    "TIMESTAMPDIFF",
    "TIMESTAMPADD",
    "YEAR",
    "MONTH",
    "DAY",
    "DAYOFMONTH",
    "DAYOFWEEK",
    "DAYOFYEAR",
    "WEEK",
    "HOUR",
    "MINUTE",
    "SECOND",
    "TO_DAYS",
    "FROM_DAYS",
    "UNIX_TIMESTAMP",
    "FROM_UNIXTIME",
    "NUMTODSINTERVAL",
    "NUMTOYMINTERVAL",
    "GENERATE_SERIES",
    "JUSTIFY_DAYS",
    "INTERVAL",
    // numbers
    "ROUND",
    "FLOOR",
    "CEIL",
    "CEILING",
    "ABS",
    "MOD",
    "POWER",
    "SQRT",
    "SIGN",
    "DIV",
    // strings
    "LENGTH",
    "CHAR_LENGTH",
    "CHARACTER_LENGTH",
    "OCTET_LENGTH",
    "UPPER",
    "LOWER",
    "UCASE",
    "LCASE",
    "TRIM",
    "LTRIM",
    "RTRIM",
    "BTRIM",
    "SUBSTR",
    "SUBSTRING",
    "CONCAT",
    "CONCAT_WS",
    "REPLACE",
    "TRANSLATE",
    "LPAD",
    "RPAD",
    "LEFT",
    "RIGHT",
    "POSITION",
    "STRPOS",
    "INSTR",
    "LOCATE",
    "SPLIT_PART",
    "REGEXP_LIKE",
    "REGEXP_REPLACE",
    "REGEXP_SUBSTR",
    "REGEXP_INSTR",
    "REVERSE",
    "INITCAP",
    "FORMAT",
    "CHR",
    "CHAR",
    "ASCII",
    "TO_MULTI_BYTE",
    "TO_SINGLE_BYTE",
    // type names written with a size inside CAST(… AS …)
    "NUMERIC",
    "DECIMAL",
    "NUMBER",
    "VARCHAR",
    "VARCHAR2",
    "NVARCHAR2",
    "CHARACTER",
    "SIGNED",
    "UNSIGNED",
    "INTEGER",
    "INT",
    "BIGINT",
    "FLOAT",
    "DOUBLE",
];

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

/// Qualifiers under which a function is still a built-in.
const BUILT_IN_SCHEMAS: &[&str] = &["PG_CATALOG", "SYS"];

pub fn plan_query(sql: &str) -> Result<Guarded, Refused> {
    let guarded = query(sql)?;
    let toks = tokenize(sql).map_err(|why| refuse(sql, why))?;
    for (i, t) in toks.iter().enumerate() {
        if let Tok::Word(w) = t {
            if w.starts_with('$') && !w[1..].bytes().all(|b| b.is_ascii_digit()) {
                return Err(Refused {
                    construct: Some(w.clone()),
                    ..refuse(
                        sql,
                        format!("dollar quoting ({w}) hides what a query does: write plain quotes"),
                    )
                });
            }
        }
        if toks.get(i + 1) != Some(&Tok::Punct('(')) {
            continue;
        }
        called(sql, &toks, i)?;
    }
    Ok(guarded)
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
    let upper = name.to_uppercase();
    if before == Some(&Tok::Punct('.')) {
        let schema = i
            .checked_sub(2)
            .and_then(|q| toks[q].ident())
            .unwrap_or_default()
            .to_uppercase();
        if !BUILT_IN_SCHEMAS.contains(&schema.as_str()) {
            return Err(refuse(
                sql,
                format!(
                    "{schema}.{upper}(…) calls a stored function, which can do anything: a plan query may call only built-in functions"
                ),
            ));
        }
    }
    if ALLOWED_FUNCTIONS.contains(&upper.as_str()) {
        return Ok(());
    }
    Err(refuse(
        sql,
        format!(
            "{upper}(…) is not on the read-only function allow-list (aggregates, date/time, string, \
             conditional, casts): this query cannot be shown to only read; rewrite it without {upper}"
        ),
    ))
}

/// `name (cols) AS (` right after WITH or a comma: a common table expression's column list.
fn is_cte_columns(toks: &[Tok], i: usize) -> bool {
    let after_with = i.checked_sub(1).is_some_and(|b| {
        toks[b].is("WITH") || toks[b].is("RECURSIVE") || toks[b] == Tok::Punct(',')
    });
    if !after_with {
        return false;
    }
    let mut depth = 0;
    for (k, t) in toks.iter().enumerate().skip(i + 1) {
        match t {
            Tok::Punct('(') => depth += 1,
            Tok::Punct(')') => {
                depth -= 1;
                if depth == 0 {
                    return toks.get(k + 1).is_some_and(|t| t.is("AS"));
                }
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_plan_queries_and_vendor_shapes_are_accepted() {
        let vars = crate::sqltemplate::Vars {
            year: 2027,
            this_year: 2026,
            today: "2026-12-20".into(),
            schemas: vec!["einvoice".into()],
            hospital_code: "H001".into(),
        };
        for dialect in crate::model::dialect::Dialect::ALL {
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
                let r = crate::sqltemplate::render(&path, dialect, &vars).unwrap();
                plan_query(&r.sql).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
        }
        for sql in [
            "SELECT b.code, COUNT(*) FROM bills b, types t WHERE b.code = t.code(+) AND ROWNUM <= 10 GROUP BY b.code",
            "SELECT DECODE(in_use, 'Y', 1, 0), NVL(x, 0), TO_CHAR(SYSDATE, 'YYYY') FROM t",
            "SELECT q'[it is]' AS s FROM dual",
            "WITH d(day, n) AS (SELECT usage_day, SUM(issued) FROM u GROUP BY usage_day) SELECT * FROM d",
            "SELECT CAST(n AS NUMERIC(12, 2)), EXTRACT(YEAR FROM d), date_trunc('month', d) FROM t",
            "SELECT x FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id IN (1, 2))",
            "SELECT row_number() OVER (PARTITION BY a ORDER BY b) FROM t",
            "SELECT pg_catalog.count(*) FROM t",
            "SELECT * FROM generate_series(1, 3) AS g(n)",
        ] {
            plan_query(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    }

    #[test]
    fn the_attacks_found_in_review_are_refused() {
        for (sql, why) in [
            (
                "SELECT \"pg_terminate_backend\"(pid) FROM pg_stat_activity",
                "PG_TERMINATE_BACKEND",
            ),
            (
                "SELECT $$'$$ ; SELECT pg_terminate_backend(1) $$'$$",
                "dollar quoting",
            ),
            ("SELECT $x$ hidden $x$ AS s", "dollar quoting"),
            (
                "SELECT query_to_xml('select 1', true, true, '')",
                "QUERY_TO_XML",
            ),
            (
                "SELECT pg_drop_replication_slot('s')",
                "PG_DROP_REPLICATION_SLOT",
            ),
            (
                "SELECT pg_create_physical_replication_slot('s')",
                "PG_CREATE_PHYSICAL",
            ),
            ("SELECT pg_stat_reset()", "PG_STAT_RESET"),
            ("SELECT pg_switch_wal()", "PG_SWITCH_WAL"),
            ("SELECT pg_sleep_for('1 hour')", "PG_SLEEP_FOR"),
            ("SELECT \"pg_read_file\"('/etc/passwd')", "PG_READ_FILE"),
            ("SELECT * FROM pg_ls_waldir()", "PG_LS_WALDIR"),
            ("SELECT einv.cleanup() FROM dual", "stored function"),
            ("SELECT dbms_lock.sleep(5) FROM dual", "DBMS_LOCK"),
            ("SELECT vendor_pkg.get_next(5) FROM dual", "stored function"),
            ("SELECT sleep(5)", "SLEEP"),
        ] {
            let e = plan_query(sql).expect_err(sql);
            assert!(e.reason.contains(why), "{sql}: {}", e.reason);
        }
    }
}
