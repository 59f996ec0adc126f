//! kill -9 at every statement boundary of a multi-table rollover, then `run` again: the final
//! catalog equals an uninterrupted run's, nothing fails for having been applied already, and the
//! journal shows the interruption and the resume. On PostgreSQL and on MariaDB.

use crate::support::*;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// Three tables that need October–December of the new year: 9 statements on PostgreSQL.
const PG_SCHEMA: &str = r#"
CREATE SCHEMA einv;
CREATE TABLE einv.bill (id bigint, d date NOT NULL) PARTITION BY RANGE (d);
CREATE TABLE einv.pay (id bigint, m integer NOT NULL) PARTITION BY RANGE (m);
CREATE TABLE einv.log (id bigint, t timestamp NOT NULL) PARTITION BY RANGE (t);
DO $$ DECLARE i int; lo date; hi date; BEGIN
  FOR i IN 0..20 LOOP
    lo := (date '2026-01-01' + make_interval(months => i))::date; hi := (lo + interval '1 month')::date;
    EXECUTE format('CREATE TABLE einv.bill_p%s PARTITION OF einv.bill FOR VALUES FROM (%L) TO (%L)', to_char(lo,'YYYYMM'), lo, hi);
    EXECUTE format('CREATE TABLE einv.pay_p%s PARTITION OF einv.pay FOR VALUES FROM (%s) TO (%s)', to_char(lo,'YYYYMM'), to_char(lo,'YYYYMM'), to_char(hi,'YYYYMM'));
    EXECUTE format('CREATE TABLE einv.log_p%s PARTITION OF einv.log FOR VALUES FROM (%L) TO (%L)', to_char(lo,'YYYYMM'), lo::timestamp, hi::timestamp);
  END LOOP;
END $$;
"#;

const MARIA_SCHEMA: &str = r#"
CREATE TABLE bill (id bigint NOT NULL, d date NOT NULL) PARTITION BY RANGE (TO_DAYS(d)) (
  PARTITION p202611 VALUES LESS THAN (TO_DAYS('2026-12-01')), PARTITION p202612 VALUES LESS THAN (TO_DAYS('2027-01-01')),
  PARTITION pmax VALUES LESS THAN MAXVALUE);
CREATE TABLE pay (id bigint NOT NULL, m int NOT NULL) PARTITION BY RANGE (m) (
  PARTITION p202611 VALUES LESS THAN (202612), PARTITION p202612 VALUES LESS THAN (202701));
CREATE TABLE log (id bigint NOT NULL, d date NOT NULL) PARTITION BY RANGE COLUMNS (d) (
  PARTITION p202611 VALUES LESS THAN ('2026-12-01'), PARTITION p202612 VALUES LESS THAN ('2027-01-01'));
"#;

fn plan(dir: &Path) -> std::path::PathBuf {
    write(dir, "plan.yaml", "name: 中断恢复\nmode: old_year_bills_usable\nsteps:\n  - id: partitions\n    kind: partitions\n")
}

/// Start a run that stops at the statement boundary `at`; returns once it is paused there.
fn spawn_paused(plan: &Path, site: &Path, state: &Path, at: &str) -> Option<std::process::Child> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yearend"))
        .args([
            "run",
            "--yes",
            "--today",
            "2026-12-20",
            "--plan",
            plan.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
        ])
        .args(["--state-dir", state.to_str().unwrap()])
        .env("YEAREND_DB_PASSWORD", PASSWORD)
        .env("YEAREND_PAUSE_AT", at)
        .env("YEAREND_OPERATOR", OPERATOR)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let paused = BufReader::new(stderr)
        .lines()
        .any(|l| l.is_ok_and(|l| l.starts_with("yearend-paused")));
    if paused {
        Some(child)
    } else {
        child.kill().ok();
        child.wait().ok();
        None
    }
}

/// Run, pausing at `at`; SIGKILL the process there. Returns whether the pause was reached.
fn run_killed_at(plan: &Path, site: &Path, state: &Path, at: &str) -> bool {
    match spawn_paused(plan, site, state, at) {
        Some(mut child) => {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            true
        }
        None => false,
    }
}

fn resume_and_check(plan: &Path, site: &Path, state: &Path, at: &str) {
    let r = rollover("run", plan, site, state, &["--yes"]);
    assert_eq!(r.code, 0, "resume after kill at {at}:\n{}", r.all());
    assert!(
        r.stdout
            .contains("ended without releasing the lock; taken over"),
        "{at}: {}",
        r.stdout
    );
    let journal = std::fs::read_to_string(state.join("journal.jsonl")).unwrap();
    assert_eq!(
        journal.matches("\"event\":\"run_start\"").count(),
        2,
        "{at}"
    );
    assert_eq!(
        journal.matches("\"event\":\"run_end\"").count(),
        1,
        "the killed run has no end record ({at})"
    );
    assert_eq!(
        journal.matches("\"outcome\":\"error\"").count(),
        0,
        "a statement failed on resume ({at})"
    );
    let status = yearend(
        &[
            "status",
            "--site",
            site.to_str().unwrap(),
            "--today",
            "2026-12-20",
            "--state-dir",
            state.to_str().unwrap(),
        ],
        &[],
    );
    assert!(
        status.stdout.contains("hash chain: intact"),
        "{at}: {}",
        status.stdout
    );
}

#[test]
fn postgres_survives_kill_9_at_every_statement_boundary() {
    let pg = pg();
    let reference = {
        let db = pg.fresh_db("crash_ref");
        pg.sql(&db, PG_SCHEMA);
        let dir = scratch("crash-ref");
        let site = site_file(&dir, &pg.url(&db), &["einv"]);
        let r = rollover("run", &plan(&dir), &site, &dir.join("state"), &["--yes"]);
        assert_eq!(r.code, 0, "{}", r.all());
        ["bill", "pay", "log"].map(|t| pg.partitions(&db, "einv", t))
    };
    let mut survived = 0;
    for n in 1..=9 {
        for phase in ["before", "after"] {
            let at = format!("{phase}:{n}");
            let db = pg.fresh_db("crash");
            pg.sql(&db, PG_SCHEMA);
            let dir = scratch("crash");
            let site = site_file(&dir, &pg.url(&db), &["einv"]);
            let (p, state) = (plan(&dir), dir.join("state"));
            assert!(run_killed_at(&p, &site, &state, &at), "never reached {at}");
            resume_and_check(&p, &site, &state, &at);
            assert_eq!(
                ["bill", "pay", "log"].map(|t| pg.partitions(&db, "einv", t)),
                reference,
                "catalog after kill at {at}"
            );
            survived += 1;
        }
    }
    println!("postgres kill points survived: {survived}/18");
}

#[test]
fn mariadb_survives_kill_9_at_every_statement_boundary() {
    let m = maria();
    let reference = {
        let db = m.fresh_db("mcrash_ref");
        m.sql(&db, MARIA_SCHEMA);
        let dir = scratch("mcrash-ref");
        let site = site_file_coded(&dir, &m.url(&db), &[&db], &db);
        let r = rollover("run", &plan(&dir), &site, &dir.join("state"), &["--yes"]);
        assert_eq!(r.code, 0, "{}", r.all());
        ["bill", "pay", "log"].map(|t| m.partitions(&db, t))
    };
    let mut survived = 0;
    for n in 1..=3 {
        for phase in ["before", "after"] {
            let at = format!("{phase}:{n}");
            let db = m.fresh_db("mcrash");
            m.sql(&db, MARIA_SCHEMA);
            let dir = scratch("mcrash");
            let site = site_file_coded(&dir, &m.url(&db), &[&db], &db);
            let (p, state) = (plan(&dir), dir.join("state"));
            assert!(run_killed_at(&p, &site, &state, &at), "never reached {at}");
            resume_and_check(&p, &site, &state, &at);
            assert_eq!(
                ["bill", "pay", "log"].map(|t| m.partitions(&db, t)),
                reference,
                "catalog after kill at {at}"
            );
            survived += 1;
        }
    }
    println!("mariadb kill points survived: {survived}/6");
}

#[test]
fn two_runs_at_once_one_exits_4_and_the_password_is_not_in_argv() {
    let pg = pg();
    let db = pg.fresh_db("together");
    pg.sql(&db, PG_SCHEMA);
    let dir = scratch("together");
    let site = site_file(&dir, &pg.url(&db), &["einv"]);
    let (p, state) = (plan(&dir), dir.join("state"));
    // The first run holds both locks, paused before its first statement.
    let mut first = spawn_paused(&p, &site, &state, "before:1").expect("the first run pauses");
    let argv = std::fs::read(format!("/proc/{}/cmdline", first.id())).unwrap();
    assert!(
        !String::from_utf8_lossy(&argv).contains(PASSWORD),
        "the password is in the process list"
    );

    let same_dir = rollover("run", &p, &site, &state, &["--yes"]);
    assert_eq!(same_dir.code, 4, "{}", same_dir.all());
    assert!(
        same_dir.stderr.contains(&format!("pid {}", first.id())),
        "{}",
        same_dir.stderr
    );
    let other_dir = rollover("run", &p, &site, &dir.join("elsewhere"), &["--yes"]);
    assert_eq!(other_dir.code, 4, "{}", other_dir.all());
    assert!(
        other_dir
            .stderr
            .contains("database run lock `yearend:T001:2027`"),
        "{}",
        other_dir.stderr
    );
    first.kill().unwrap();
    first.wait().unwrap();
    assert_eq!(
        pg.partitions(&db, "einv", "bill").len(),
        21,
        "neither loser executed anything"
    );
}

/// Statements sent without an answer (kill -9 inside a table's transaction) are one category with
/// one word, counted the same in the report's totals, its run table and `status` — never "失败"
/// beside a run row that says nothing failed.
#[test]
fn statements_sent_without_an_answer_are_one_count_everywhere() {
    let pg = pg();
    let db = pg.fresh_db("noanswer");
    pg.sql(&db, PG_SCHEMA);
    let dir = scratch("noanswer");
    let site = site_file(&dir, &pg.url(&db), &["einv"]);
    let (p, state) = (plan(&dir), dir.join("state"));
    assert!(run_killed_at(&p, &site, &state, "before:2"));
    let journal = std::fs::read_to_string(state.join("journal.jsonl")).unwrap();
    let sent = journal.matches("\"event\":\"statement_sent\"").count();
    let done = journal.matches("\"event\":\"statement_done\"").count();
    let unanswered = sent - done;
    assert!(unanswered > 0, "{journal}");
    let args = |cmd: &'static str| {
        vec![
            cmd,
            "--site",
            site.to_str().unwrap(),
            "--today",
            "2026-12-20",
            "--state-dir",
            state.to_str().unwrap(),
        ]
    };
    let report = Yearend::new()
        .args(&args("report"))
        .default_language()
        .run();
    assert!(
        report
            .stdout
            .contains(&format!("失败 0 条，已发送未应答 {unanswered} 条")),
        "{}",
        report.stdout
    );
    assert!(
        report.stdout.contains(&format!(" 0 / 0 / {unanswered} |")),
        "{}",
        report.stdout
    );
    assert!(
        report.stdout.contains("已发送未应答（运行中断"),
        "{}",
        report.stdout
    );
    let status = yearend(&args("status"), &[]);
    assert!(
        status
            .stdout
            .contains(&format!("failed 0 / sent without an answer {unanswered}")),
        "{}",
        status.stdout
    );
}
