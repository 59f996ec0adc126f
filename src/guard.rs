//! The one allow-list every statement passes before it reaches a database (DESIGN.md §4).
//!
//! A `Guarded` statement can only be made here; the database traits take nothing else. DDL is
//! allowed in exactly the shapes the rollover needs; queries must be one read-only SELECT; session
//! statements are lock timeouts and run locks. Everything else is refused, and the words that
//! could hurt a hospital's data (DROP, MERGE, RESIZE, …) are refused with a reason of their own.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// One read-only SELECT / WITH query.
    Query,
    /// CREATE TABLESPACE, new partitions (CREATE … PARTITION OF, ADD, SPLIT or REORGANIZE of the tail).
    Ddl,
    /// Lock timeouts and the run lock.
    Session,
}

/// A statement that passed the guard. Only this module can make one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guarded {
    sql: String,
    class: Class,
}

impl Guarded {
    pub fn sql(&self) -> &str {
        &self.sql
    }

    pub fn class(&self) -> Class {
        self.class
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the guard refused a statement ({reason}): {excerpt}")]
pub struct Refused {
    pub reason: String,
    pub excerpt: String,
}

fn refuse(sql: &str, reason: impl Into<String>) -> Refused {
    let mut excerpt: String = sql.chars().take(240).collect();
    if excerpt.len() < sql.len() {
        excerpt.push('…');
    }
    Refused {
        reason: reason.into(),
        excerpt,
    }
}

/// Words that never appear in a statement yearend sends, with why.
const NEVER: &[(&str, &str)] = &[
    ("DROP", "yearend never drops anything"),
    ("TRUNCATE", "yearend never deletes data"),
    ("DELETE", "yearend never deletes data"),
    ("INSERT", "yearend never writes business data"),
    ("MERGE", "yearend never merges partitions"),
    (
        "RENAME",
        "yearend never renames tablespaces, files or partitions",
    ),
    ("RESIZE", "yearend never resizes datafiles"),
    (
        "MOVE",
        "yearend never moves tablespaces, files or partitions",
    ),
    ("COALESCE", "yearend never coalesces partitions"),
    ("EXCHANGE", "yearend never exchanges partitions"),
    ("OFFLINE", "yearend never takes anything offline"),
    ("REUSE", "yearend never reuses an existing datafile"),
    ("DETACH", "yearend never detaches partitions"),
    ("SHRINK", "yearend never shrinks anything"),
    ("GRANT", "yearend never changes privileges"),
    ("REVOKE", "yearend never changes privileges"),
    ("DISCARD", "yearend never discards tablespaces"),
    ("REMOVE", "yearend never removes partitioning"),
];

/// Functions a read-only query must not call: side effects a read-only transaction does not stop.
const SIDE_EFFECT_FUNCTIONS: &[&str] = &[
    "NEXTVAL",
    "SETVAL",
    "SET_CONFIG",
    "PG_TERMINATE_BACKEND",
    "PG_CANCEL_BACKEND",
    "PG_RELOAD_CONF",
    "PG_READ_FILE",
    "PG_READ_BINARY_FILE",
    "PG_LS_DIR",
    "LO_IMPORT",
    "LO_EXPORT",
    "DBLINK",
    "DBLINK_EXEC",
    "PG_SLEEP",
    "SLEEP",
    "BENCHMARK",
    "GET_LOCK",
    "RELEASE_LOCK",
    "LOAD_FILE",
    "PG_ADVISORY_LOCK",
    "PG_TRY_ADVISORY_LOCK",
    "DBMS_LOCK",
    "DBMS_PIPE",
    "UTL_HTTP",
    "UTL_FILE",
    "UTL_INADDR",
    "DBMS_SCHEDULER",
];

/// Words that make a query more than a read.
const NOT_IN_QUERY: &[&str] = &[
    "UPDATE", "ALTER", "CREATE", "INTO", "LOCK", "CALL", "EXECUTE", "EXEC", "COPY", "SET", "BEGIN",
    "COMMIT", "ROLLBACK", "VACUUM", "ANALYZE", "REFRESH", "CLUSTER", "REINDEX", "COMMENT",
    "NOTIFY", "LISTEN", "DO",
];

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A bare word, upper-cased.
    Word(String),
    /// A quoted identifier, as written between the quotes.
    Quoted(String),
    Str(String),
    Num(String),
    Punct(char),
}

impl Tok {
    fn is(&self, word: &str) -> bool {
        matches!(self, Tok::Word(w) if w == word)
    }

    /// Identifier text for comparison: bare words upper-cased, quoted ones as written.
    fn ident(&self) -> Option<String> {
        match self {
            Tok::Word(w) => Some(w.clone()),
            Tok::Quoted(q) => Some(q.clone()),
            _ => None,
        }
    }
}

fn tokenize(sql: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = sql.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            let start = i;
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            if i + 1 >= chars.len() {
                return Err(format!("unterminated comment at character {start}"));
            }
            i += 2;
        } else if c == '\'' || c == '"' || c == '`' {
            let quote = c;
            let start = i;
            let mut text = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(format!("unterminated quote at character {start}")),
                    Some(&q) if q == quote => {
                        if chars.get(i + 1) == Some(&quote) {
                            text.push(quote);
                            i += 2;
                        } else {
                            i += 1;
                            break;
                        }
                    }
                    Some(&ch) => {
                        if ch == '\\' && quote == '\'' {
                            // MySQL reads backslash escapes inside strings: refuse rather than guess.
                            return Err("backslash inside a string literal".into());
                        }
                        text.push(ch);
                        i += 1;
                    }
                }
            }
            toks.push(if quote == '\'' {
                Tok::Str(text)
            } else {
                Tok::Quoted(text)
            });
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            toks.push(Tok::Num(chars[start..i].iter().collect()));
        } else if c.is_alphabetic() || c == '_' || c == '$' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            toks.push(Tok::Word(
                chars[start..i].iter().collect::<String>().to_uppercase(),
            ));
        } else {
            toks.push(Tok::Punct(c));
            i += 1;
        }
    }
    Ok(toks)
}

fn common_checks(sql: &str) -> Result<Vec<Tok>, Refused> {
    let toks = tokenize(sql).map_err(|why| refuse(sql, why))?;
    if toks.is_empty() {
        return Err(refuse(sql, "empty statement"));
    }
    if toks.contains(&Tok::Punct(';')) {
        return Err(refuse(sql, "more than one statement (a `;` inside)"));
    }
    Ok(toks)
}

fn never_words(sql: &str, toks: &[Tok], exempt: &[&str]) -> Result<(), Refused> {
    for t in toks {
        if let Tok::Word(w) = t {
            if let Some((word, why)) = NEVER.iter().find(|(n, _)| n == w && !exempt.contains(n)) {
                return Err(refuse(sql, format!("{word}: {why}")));
            }
        }
    }
    Ok(())
}

/// A possibly qualified name starting at `at`; returns the last part and the index after it.
fn name_at(toks: &[Tok], at: usize) -> Option<(String, usize)> {
    let mut i = at;
    let mut last = toks.get(i)?.ident()?;
    i += 1;
    while toks.get(i) == Some(&Tok::Punct('.')) {
        last = toks.get(i + 1)?.ident()?;
        i += 2;
    }
    Some((last, i))
}

pub fn query(sql: &str) -> Result<Guarded, Refused> {
    let toks = common_checks(sql)?;
    if !(toks[0].is("SELECT") || toks[0].is("WITH")) {
        return Err(refuse(
            sql,
            "a plan or catalog query must be a single SELECT (or WITH … SELECT)",
        ));
    }
    // In a query COALESCE is the SQL function, not partition coalescing.
    never_words(sql, &toks, &["COALESCE"])?;
    for t in &toks {
        if let Tok::Word(w) = t {
            if NOT_IN_QUERY.contains(&w.as_str()) {
                return Err(refuse(
                    sql,
                    format!("{w} has no place in a read-only query"),
                ));
            }
            if SIDE_EFFECT_FUNCTIONS.contains(&w.as_str()) {
                return Err(refuse(
                    sql,
                    format!("{w} has side effects; a read-only query must not call it"),
                ));
            }
        }
    }
    Ok(Guarded {
        sql: sql.to_string(),
        class: Class::Query,
    })
}

pub fn ddl(sql: &str) -> Result<Guarded, Refused> {
    let toks = common_checks(sql)?;
    // UPDATE is allowed only as the UPDATE [GLOBAL] INDEXES tail of ADD/SPLIT (Oracle).
    let mut body: &[Tok] = &toks;
    if let [head @ .., u, Tok::Word(idx)] = body {
        if u.is("UPDATE") && idx == "INDEXES" {
            body = head;
        }
    }
    if let [head @ .., u, g, Tok::Word(idx)] = body {
        if u.is("UPDATE") && g.is("GLOBAL") && idx == "INDEXES" {
            body = head;
        }
    }
    never_words(sql, body, &[])?;
    if body
        .iter()
        .any(|t| t.is("UPDATE") || t.is("ALTER") && !std::ptr::eq(t, &body[0]))
    {
        return Err(refuse(
            sql,
            "UPDATE or a second ALTER inside a DDL statement",
        ));
    }
    let w = |i: usize, word: &str| body.get(i).is_some_and(|t| t.is(word));
    let ok = if w(0, "CREATE") {
        let ts_at = if w(1, "BIGFILE") || w(1, "SMALLFILE") {
            2
        } else {
            1
        };
        if w(ts_at, "TABLESPACE") {
            name_at(body, ts_at + 1).is_some()
        } else if w(1, "TABLE") {
            create_partition_of(body)
        } else {
            false
        }
    } else if w(0, "ALTER") && w(1, "TABLE") {
        match name_at(body, 2) {
            Some((_, i)) if w(i, "ADD") && w(i + 1, "PARTITION") => true,
            Some((_, i))
                if w(i, "ADD")
                    && body.get(i + 1) == Some(&Tok::Punct('('))
                    && w(i + 2, "PARTITION") =>
            {
                true
            }
            Some((_, i)) if w(i, "SPLIT") && w(i + 1, "PARTITION") => {
                split_keeps_tail(sql, body, i + 2)?
            }
            Some((_, i)) if w(i, "REORGANIZE") && w(i + 1, "PARTITION") => {
                reorganize_keeps_tail(sql, body, i + 2)?
            }
            _ => false,
        }
    } else {
        false
    };
    if !ok {
        return Err(refuse(
            sql,
            "not on the allow-list (CREATE TABLESPACE, CREATE TABLE … PARTITION OF, ALTER TABLE … ADD / SPLIT / REORGANIZE PARTITION)",
        ));
    }
    Ok(Guarded {
        sql: sql.to_string(),
        class: Class::Ddl,
    })
}

fn create_partition_of(toks: &[Tok]) -> bool {
    let Some((_, i)) = name_at(toks, 2) else {
        return false;
    };
    let w = |i: usize, word: &str| toks.get(i).is_some_and(|t| t.is(word));
    if !(w(i, "PARTITION") && w(i + 1, "OF")) {
        return false;
    }
    let Some((_, j)) = name_at(toks, i + 2) else {
        return false;
    };
    (w(j, "FOR") && w(j + 1, "VALUES")) || w(j, "DEFAULT")
}

/// Names of the partitions listed inside the parentheses that start at `open`.
fn partitions_in_list(toks: &[Tok], open: usize) -> Option<(Vec<(String, usize)>, usize)> {
    if toks.get(open) != Some(&Tok::Punct('(')) {
        return None;
    }
    let mut depth = 0;
    let mut names = Vec::new();
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct('(') => depth += 1,
            Tok::Punct(')') => {
                depth -= 1;
                if depth == 0 {
                    return Some((names, i + 1));
                }
            }
            t if depth == 1 && t.is("PARTITION") => names.push((toks.get(i + 1)?.ident()?, i + 1)),
            _ => {}
        }
    }
    None
}

/// Oracle: SPLIT PARTITION p AT (…) INTO (PARTITION new …, PARTITION p …): the split partition
/// must survive as the second one, so nothing is merged away or renamed.
fn split_keeps_tail(sql: &str, toks: &[Tok], at: usize) -> Result<bool, Refused> {
    let source = toks
        .get(at)
        .and_then(Tok::ident)
        .ok_or_else(|| refuse(sql, "SPLIT names no partition"))?;
    let into = toks
        .iter()
        .position(|t| t.is("INTO"))
        .ok_or_else(|| refuse(sql, "SPLIT without INTO"))?;
    let (names, end) = partitions_in_list(toks, into + 1)
        .ok_or_else(|| refuse(sql, "SPLIT INTO list unreadable"))?;
    if names.len() != 2 || names[1].0 != source || end != toks.len() {
        return Err(refuse(
            sql,
            "a SPLIT must keep the split partition as the second of exactly two",
        ));
    }
    Ok(true)
}

/// MySQL/MariaDB: REORGANIZE PARTITION p INTO (…, PARTITION p VALUES LESS THAN MAXVALUE): one
/// source partition only (two would be a merge) and it stays as the MAXVALUE tail.
fn reorganize_keeps_tail(sql: &str, toks: &[Tok], at: usize) -> Result<bool, Refused> {
    let source = toks
        .get(at)
        .and_then(Tok::ident)
        .ok_or_else(|| refuse(sql, "REORGANIZE names no partition"))?;
    if !toks.get(at + 1).is_some_and(|t| t.is("INTO")) {
        return Err(refuse(
            sql,
            "REORGANIZE of more than one partition is a merge: never allowed",
        ));
    }
    let (names, end) = partitions_in_list(toks, at + 2)
        .ok_or_else(|| refuse(sql, "REORGANIZE INTO list unreadable"))?;
    let Some((last, last_at)) = names.last() else {
        return Err(refuse(sql, "REORGANIZE INTO lists no partition"));
    };
    let tail_is_max = toks[*last_at..end].iter().any(|t| t.is("MAXVALUE"));
    if *last != source || !tail_is_max || end != toks.len() {
        return Err(refuse(
            sql,
            "a REORGANIZE must keep the reorganized partition as the MAXVALUE tail",
        ));
    }
    Ok(true)
}

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
        "SET SESSION LOCK_WAIT_TIMEOUT = N",
        "ALTER SESSION SET DDL_LOCK_TIMEOUT = N",
        "SELECT PG_TRY_ADVISORY_LOCK ( HASHTEXTEXTENDED ( $1 , N ) )",
        "SELECT GET_LOCK ( ? , N )",
        "SELECT IS_USED_LOCK ( ? )",
        "START TRANSACTION READ ONLY",
        "SET TRANSACTION READ ONLY",
        "ROLLBACK",
    ];
    if !SHAPES.contains(&shape.as_str()) {
        return Err(refuse(
            sql,
            "not one of the session statements yearend uses (lock timeouts, run lock)",
        ));
    }
    Ok(Guarded {
        sql: sql.to_string(),
        class: Class::Session,
    })
}

impl fmt::Display for Guarded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sql)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(sql: &str) -> String {
        ddl(sql).expect_err(sql).reason
    }

    #[test]
    fn allows_the_rollover_shapes() {
        for sql in [
            r#"CREATE TABLESPACE "einv_2027" LOCATION '/data/pg/einv_2027'"#,
            "CREATE BIGFILE TABLESPACE \"EINV_DATA_2027\" DATAFILE '/u01/oradata/ORCL/einv_data_2027_01.dbf' SIZE 1024M AUTOEXTEND ON NEXT 100M MAXSIZE UNLIMITED",
            r#"CREATE TABLE "einvoice"."bill_p202701" PARTITION OF "einvoice"."bill" FOR VALUES FROM ('2027-01-01') TO ('2027-02-01') TABLESPACE "einv_2027""#,
            r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN (TO_DATE(' 2027-02-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_2027""#,
            r#"ALTER TABLE "EINV"."BILL" SPLIT PARTITION "PMAX" AT (TO_DATE(' 2027-02-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) INTO (PARTITION "P202701" TABLESPACE "EINV_2027", PARTITION "PMAX") UPDATE INDEXES"#,
            "ALTER TABLE `einv`.`bill` ADD PARTITION (PARTITION `p202701` VALUES LESS THAN (TO_DAYS('2027-02-01')))",
            "ALTER TABLE `einv`.`bill` REORGANIZE PARTITION `pmax` INTO (PARTITION `p202701` VALUES LESS THAN (202702), PARTITION `pmax` VALUES LESS THAN MAXVALUE)",
        ] {
            ddl(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    }

    #[test]
    fn refuses_destructive_statements_with_reasons() {
        assert!(refused("DROP TABLE einv.bill").contains("never drops"));
        assert!(
            refused("DROP TABLESPACE einv_2026 INCLUDING CONTENTS AND DATAFILES").contains("DROP")
        );
        assert!(refused("ALTER DATABASE DATAFILE '/u01/x.dbf' RESIZE 10G").contains("RESIZE"));
        assert!(refused("ALTER TABLESPACE einv_2026 RENAME TO einv_2027").contains("RENAME"));
        assert!(refused("ALTER TABLESPACE einv_2026 OFFLINE").contains("OFFLINE"));
        assert!(refused("ALTER TABLE einv.bill MOVE PARTITION p1 TABLESPACE t").contains("MOVE"));
        assert!(
            refused("ALTER TABLE einv.bill MERGE PARTITIONS p1, p2 INTO PARTITION p3")
                .contains("MERGE")
        );
        assert!(refused("ALTER TABLE einv.bill DROP PARTITION p202601").contains("DROP"));
        assert!(refused("ALTER TABLE einv.bill TRUNCATE PARTITION p202601").contains("TRUNCATE"));
        assert!(refused("ALTER TABLE einv.bill DETACH PARTITION einv.bill_p1").contains("DETACH"));
        assert!(refused("CREATE TABLESPACE t DATAFILE '/u01/x.dbf' REUSE").contains("REUSE"));
        assert!(
            refused("ALTER TABLESPACE einv_2026 ADD DATAFILE '/u01/y.dbf'").contains("allow-list")
        );
        assert!(refused("ALTER TABLE einv.bill ADD COLUMN x int").contains("allow-list"));
        assert!(refused("CREATE TABLE x (a int)").contains("allow-list"));
        assert!(refused("GRANT ALL ON x TO y").contains("privileges"));
        assert!(refused("UPDATE einv.bill SET x = 1").contains("UPDATE"));
        assert!(refused("CREATE TABLESPACE t LOCATION '/x'; DROP TABLE y")
            .contains("more than one statement"));
        assert!(refused("").contains("empty"));
    }

    #[test]
    fn refuses_merges_disguised_as_split_or_reorganize() {
        assert!(refused("ALTER TABLE t REORGANIZE PARTITION p1, p2 INTO (PARTITION p VALUES LESS THAN MAXVALUE)")
            .contains("merge"));
        assert!(refused(
            "ALTER TABLE t REORGANIZE PARTITION pmax INTO (PARTITION p202701 VALUES LESS THAN (202702), PARTITION pnew VALUES LESS THAN MAXVALUE)"
        )
        .contains("MAXVALUE tail"));
        assert!(refused(
            "ALTER TABLE t SPLIT PARTITION pmax AT (1) INTO (PARTITION a, PARTITION b)"
        )
        .contains("second of exactly two"));
    }

    #[test]
    fn queries_must_only_read() {
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

    #[test]
    fn session_statements_are_exact() {
        session("SET lock_timeout = '5s'").unwrap();
        session("ALTER SESSION SET DDL_LOCK_TIMEOUT = 30").unwrap();
        session("SELECT pg_try_advisory_lock(hashtextextended($1, 0))").unwrap();
        session("SELECT GET_LOCK(?, 0)").unwrap();
        assert!(session("SET search_path = evil").is_err());
        assert!(session("SELECT pg_advisory_unlock_all()").is_err());
    }
}
