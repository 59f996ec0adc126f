//! Plan-file SQL proven by the syntax tree and checked against the server: what is sent is what
//! was parsed (no comment reaches the server, MySQL/MariaDB executable comments refused), every
//! relation in any position is in a site schema, casts and operators are built in. The oracle for
//! PostgreSQL is the server itself: for every query the guard accepts, `EXPLAIN (VERBOSE, FORMAT
//! JSON)` lists the relations actually scanned (views expanded), each of which must be in a site
//! schema; and every query that places a forbidden relation somewhere is refused.

use crate::support::*;
use std::path::Path;
use std::time::{Duration, Instant};

const SECRET: &str = "110101199001011234";

fn check_plan(dir: &Path, sql: &str) -> std::path::PathBuf {
    write(dir, "q.sql", &format!("-- 厂商检查\n{sql}\n"));
    write(
        dir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: q\n    kind: check\n    query: q.sql\n    expect: {rows: 1}\n",
    )
}

/// `yearend plan` with one check step holding `sql`.
fn plan_check(dir: &Path, site: &Path, sql: &str) -> Run {
    let plan = check_plan(dir, sql);
    Yearend::new()
        .args(&[
            "plan",
            "--plan",
            plan.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
            "--today",
            "2026-12-20",
            "--state-dir",
            dir.join("state").to_str().unwrap(),
        ])
        .env("YEAREND_DB_PASSWORD", PASSWORD)
        .run()
}

/// A hospital whose database also holds another system's patients (schema `his`), a domain whose
/// CHECK runs a function, an operator of its own, and a search path that finds `his` tables.
fn pg_with_neighbours(name: &str) -> (String, std::path::PathBuf) {
    let pg = pg();
    let db = pg.fresh_db(name);
    pg.load(&db, &repo().join("sql/demo/postgres/schema.sql"), 2026);
    pg.sql(
        &db,
        &format!(
            "CREATE SCHEMA his;
             CREATE TABLE his.patient (id int, id_card text);
             INSERT INTO his.patient VALUES (1, '{SECRET}');
             CREATE FUNCTION his.audit(t text) RETURNS boolean LANGUAGE sql AS 'SELECT true';
             CREATE DOMAIN his.checked AS text CHECK (his.audit(VALUE));
             CREATE FUNCTION his.eq3(a int, b int) RETURNS boolean LANGUAGE sql AS 'SELECT a = b';
             CREATE OPERATOR his.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = his.eq3);
             CREATE VIEW einvoice.leaky AS SELECT id_card FROM his.patient;
             ALTER DATABASE {db} SET search_path = einvoice, his;"
        ),
    );
    let dir = scratch(name);
    let site = site_file(&dir, &pg.url(&db), &["einvoice"]);
    (db, site)
}

/// Forbidden relations, each to be put in every position below.
fn forbidden(db: &str) -> Vec<String> {
    vec![
        "his.patient".into(),
        "pg_catalog.pg_authid".into(),
        "pg_authid".into(),
        "patient".into(),
        format!("{db}.pg_catalog.pg_authid"),
        format!("{db}.his.patient"),
        "\"EINVOICE\".bill_type".into(),
    ]
}

/// Query shapes with a relation slot `{R}`, each valid PostgreSQL.
const POSITIONS: &[&str] = &[
    "SELECT 1 AS n FROM {R}",
    "SELECT 1 AS n FROM ONLY {R}",
    "SELECT 1 AS n FROM einvoice.bill_type t JOIN {R} x ON true",
    "SELECT 1 AS n FROM einvoice.bill_type t JOIN (einvoice.stock_batch b JOIN {R} x ON true) ON true",
    "SELECT 1 AS n FROM einvoice.bill_type t, LATERAL (SELECT 1 FROM {R}) q",
    "SELECT (SELECT 1 FROM {R} LIMIT 1) AS n",
    "SELECT 1 AS n WHERE EXISTS (SELECT 1 FROM {R})",
    "SELECT 1 AS n WHERE 1 IN (SELECT 1 FROM {R})",
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM {R}) THEN 1 END AS n",
    "WITH c AS (SELECT 1 AS n FROM {R}) SELECT n FROM c",
    "WITH c AS (TABLE {R}) SELECT 1 AS n FROM c",
    "WITH a AS (SELECT 1 AS n), b AS (SELECT 1 AS n FROM {R}) SELECT n FROM a",
    "SELECT 1 AS n UNION SELECT 1 FROM {R}",
    "SELECT 1 AS n FROM einvoice.bill_type EXCEPT SELECT 1 FROM {R}",
    "SELECT 1 AS n FROM (SELECT * FROM (SELECT 1 FROM {R}) a) b",
    "SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM {R})) AS n",
];

/// Every relation EXPLAIN says the query reads, as schema names.
fn scanned_schemas(db: &str, sql: &str) -> Vec<String> {
    let plan = pg().sql(db, &format!("EXPLAIN (VERBOSE, FORMAT JSON) {sql}"));
    let json: serde_json::Value = serde_json::from_str(&plan).unwrap();
    let mut out = Vec::new();
    collect_schemas(&json, &mut out);
    out
}

fn collect_schemas(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::String(s)) = m.get("Schema") {
                out.push(s.clone());
            }
            m.values().for_each(|x| collect_schemas(x, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_schemas(x, out)),
        _ => {}
    }
}

#[test]
fn a_forbidden_relation_in_any_position_is_refused_and_what_is_accepted_reads_only_the_site() {
    let (db, site) = pg_with_neighbours("plansql_positions");
    let dir = scratch("plansql_positions");
    let mut accepted = 0;
    for shape in POSITIONS {
        let allowed = shape.replace("{R}", "einvoice.bill_type");
        let ok = plan_check(&dir, &site, &allowed);
        assert_ne!(ok.code, 2, "{allowed}: {}", ok.all());
        for schema in scanned_schemas(&db, &allowed) {
            assert_eq!(schema, "einvoice", "{allowed} reads {schema}");
        }
        accepted += 1;
        for bad in forbidden(&db) {
            let sql = shape.replace("{R}", &bad);
            let r = plan_check(&dir, &site, &sql);
            assert_eq!(r.code, 2, "{sql}: {}", r.all());
            assert!(!r.all().contains(SECRET), "{sql}: {}", r.all());
        }
    }
    assert_eq!(accepted, POSITIONS.len());
}

#[test]
fn what_the_review_broke_is_refused_on_postgres() {
    let (db, site) = pg_with_neighbours("plansql_review");
    let dir = scratch("plansql_review");
    for (sql, says) in [
        ("SELECT id_card AS n FROM patient", "his.patient"),
        ("SELECT 'x'::his.checked AS n", "his.checked"),
        ("SELECT CAST('x' AS his.checked) AS n", "his.checked"),
        ("SELECT 1 AS n WHERE 1 OPERATOR(his.===) 1", "OPERATOR"),
        (
            "WITH pg_authid AS (SELECT * FROM pg_authid) SELECT 1 AS n FROM pg_authid",
            "pg_authid",
        ),
        (
            "SELECT 1 AS n /* comment */ FROM einvoice.bill_type /* unterminated",
            "*/",
        ),
    ] {
        let r = plan_check(&dir, &site, sql);
        assert_eq!(r.code, 2, "{sql}: {}", r.all());
        assert!(r.all().contains(says), "{sql}: {}", r.all());
        assert!(!r.all().contains(SECRET), "{sql}: {}", r.all());
    }
    // A view of the site's schema that reads elsewhere is what the tree cannot see (README: what
    // neither can): EXPLAIN shows it, and `query_role:` is the remedy.
    assert!(scanned_schemas(&db, "SELECT * FROM einvoice.leaky").contains(&"his".to_string()));
    // Comments never reach the server: with every statement of this database logged, the one the
    // server received holds the query and not its comments.
    pg().sql(
        &db,
        &format!("ALTER DATABASE {db} SET log_statement = 'all'"),
    );
    let r = plan_check(
        &dir,
        &site,
        "SELECT count(*) AS yearend_probe_n /* yearend-comment-probe */ FROM einvoice.bill_type -- tail-probe",
    );
    assert_ne!(r.code, 2, "{}", r.all());
    let log = std::fs::read_to_string(pg().dir.join("server.log")).unwrap();
    assert!(
        log.contains("yearend_probe_n"),
        "the server log holds the statement"
    );
    assert!(
        !log.contains("yearend-comment-probe") && !log.contains("tail-probe"),
        "a comment reached the server"
    );
}

#[test]
fn mariadb_executable_comments_are_refused_and_reach_nothing() {
    let m = maria();
    let (db, dir, site) = maria_demo_hospital("plansql_maria");
    let outfile = std::env::temp_dir().join(format!("yearend-outfile-{}", std::process::id()));
    let out = outfile.display().to_string();
    for (sql, form) in [
        (
            "SELECT 1 AS n /*M! , LOAD_FILE('/etc/passwd') AS leak */".to_string(),
            "/*M!",
        ),
        (
            "SELECT 1 AS n /*!50000 , SLEEP(3) AS s */".to_string(),
            "/*!",
        ),
        (format!("SELECT 1 AS n /*! INTO OUTFILE '{out}' */"), "/*!"),
        (
            "SELECT 1 AS n /*M!100000 , RELEASE_ALL_LOCKS() AS r */".to_string(),
            "/*M!",
        ),
        (
            "SELECT /*+ MAX_EXECUTION_TIME(1) */ 1 AS n".to_string(),
            "/*+",
        ),
        ("SELECT 1 AS n # /*!\n/*!, SLEEP(3) */".to_string(), "/*!"),
    ] {
        let plan = check_plan(&dir, &sql);
        let started = Instant::now();
        let v = yearend(
            &[
                "validate",
                "--plan",
                plan.to_str().unwrap(),
                "--site",
                site.to_str().unwrap(),
            ],
            &[],
        );
        assert_eq!(v.code, 2, "{sql}: {}", v.all());
        assert!(
            v.stderr.contains(form) && v.stderr.contains("q.sql:"),
            "{sql}: {}",
            v.stderr
        );
        let p = plan_check(&dir, &site, &sql);
        assert_eq!(p.code, 2, "{sql}: {}", p.all());
        assert!(started.elapsed() < Duration::from_secs(1), "{sql}: slept");
        assert!(!p.all().contains("root:x:0:0"), "{sql}: {}", p.all());
    }
    assert!(
        !outfile.exists(),
        "INTO OUTFILE wrote {}",
        outfile.display()
    );
    // MySQL's `--` needs a space: `1--1` is arithmetic, and what is sent is what was parsed.
    let r = plan_check(
        &dir,
        &site,
        &format!("SELECT 1--1 AS n FROM `{db}`.bill_type LIMIT 1"),
    );
    assert_ne!(r.code, 2, "{}", r.all());
    let _ = m;
}

/// MariaDB's RELEASE_ALL_LOCKS() frees the caller's own locks: a plan query runs on a session of
/// its own, never the one holding the run lock. Seen from the server while the run waits at a
/// manual step's prompt: the lock's holder is not the session the check query ran on.
#[test]
fn mariadb_plan_queries_run_on_a_session_without_the_run_lock() {
    use std::io::Write;
    let m = maria();
    let (db, dir, site) = maria_demo_hospital("plansql_side");
    write(&dir, "who.sql", "SELECT CONNECTION_ID() AS id\n");
    let plan = write(
        &dir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: who\n    kind: check\n    query: who.sql\n    expect: {rows: 1}\n  - id: wait\n    kind: manual\n    title: 等待\n    instruction: 等待\n",
    );
    let state = dir.join("state");
    let command = format!(
        "'{}' run --plan '{}' --site '{}' --today 2026-12-20 --state-dir '{}' --operator 张工",
        env!("CARGO_BIN_EXE_yearend"),
        plan.display(),
        site.display(),
        state.display()
    );
    let mut child = std::process::Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .env("YEAREND_DB_PASSWORD", PASSWORD)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let journal = state.join("journal.jsonl");
    let started = Instant::now();
    while !std::fs::read_to_string(&journal)
        .unwrap_or_default()
        .contains("\"step\":\"who\",\"name\"")
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the check never ran"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_millis(500));
    let holder = m.sql(&db, &format!("SELECT IS_USED_LOCK('yearend:{db}:2027')"));
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all("否\n".as_bytes()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let text = std::fs::read_to_string(&journal).unwrap();
    let check: serde_json::Value = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|r| r["event"] == "check" && r["step"] == "who")
        .unwrap();
    let ran_on = check["figures"]["sample"].to_string();
    assert!(
        holder.parse::<u64>().is_ok(),
        "the run lock was held while waiting: {holder:?}"
    );
    assert!(
        !ran_on.contains(&holder),
        "the check ran on the lock's session {holder}: {ran_on}\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Results are bounded in bytes while they stream in, before anything is journaled: one value past
/// YEAREND_MAX_VALUE_BYTES (default 1 MiB), or a result past YEAREND_MAX_RESULT_BYTES.
#[test]
fn a_result_too_big_in_bytes_is_refused_on_both_servers() {
    let (_db, site) = pg_with_neighbours("plansql_bytes");
    let dir = scratch("plansql_bytes");
    let r = plan_check(&dir, &site, "SELECT rpad('x', 2000000, 'x') AS n");
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.all().contains("YEAREND_MAX_VALUE_BYTES"), "{}", r.all());
    let plan = check_plan(
        &dir,
        "SELECT rpad('x', 900, 'x') AS n FROM generate_series(1, 20) AS g(i)",
    );
    let r = Yearend::new()
        .args(&[
            "plan",
            "--plan",
            plan.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
            "--today",
            "2026-12-20",
        ])
        .env("YEAREND_DB_PASSWORD", PASSWORD)
        .env("YEAREND_MAX_RESULT_BYTES", "10000")
        .run();
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.all().contains("YEAREND_MAX_RESULT_BYTES"), "{}", r.all());
    let (mdb, mdir, msite) = maria_demo_hospital("plansql_bytes_m");
    let r = plan_check(
        &mdir,
        &msite,
        &format!("SELECT RPAD('x', 2000000, 'x') AS n FROM `{mdb}`.bill_type LIMIT 1"),
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.all().contains("YEAREND_MAX_VALUE_BYTES"), "{}", r.all());
}
