//! The spine end to end against a real PostgreSQL: plan changes nothing, run journals and
//! resumes, manual confirmations, failed checks, locks, plan changes, secrets.

use crate::support::*;
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-12-20";

struct Hospital {
    db: String,
    dir: PathBuf,
    site: PathBuf,
    state: PathBuf,
}

fn hospital(name: &str) -> Hospital {
    let pg = pg();
    let db = pg.fresh_db(name);
    pg.load(&db, &repo().join("sql/demo/postgres/schema.sql"), 2026);
    let dir = scratch(name);
    let site = site_file(&dir, &pg.url(&db), &["einvoice"]);
    let state = dir.join("state");
    Hospital {
        db,
        dir,
        site,
        state,
    }
}

/// The example plan's check and manual steps (its DDL steps are tested in partitions_pg.rs and
/// demo_plan.rs), with the repository's query files beside it.
fn plan() -> String {
    let timetable = "  bill-carry-over: \"12-31\"\n  recycled-bill-preissue: \"12-25\"\n";
    check_and_manual_plan(&scratch("spine-plan"), "示例方案（往年票可用）", timetable)
        .display()
        .to_string()
}

fn args<'a>(cmd: &'a str, h: &'a Hospital, plan: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        cmd,
        "--plan",
        plan,
        "--site",
        h.site.to_str().unwrap(),
        "--today",
        TODAY,
    ];
    v.extend_from_slice(&["--state-dir", h.state.to_str().unwrap()]);
    v.extend_from_slice(extra);
    v
}

const PW: &[(&str, &str)] = &[("YEAREND_DB_PASSWORD", PASSWORD)];

fn journal(h: &Hospital) -> String {
    std::fs::read_to_string(h.state.join("journal.jsonl")).unwrap_or_default()
}

#[test]
fn plan_changes_nothing_then_run_journals_and_resumes_with_nothing_left() {
    let h = hospital("resume");
    let pg = pg();
    let _catalogs = comparing_catalogs();
    let before = pg.catalog_fingerprint(&h.db);
    let p = plan();

    let dry = yearend(&args("plan", &h, &p, &[]), PW);
    assert_eq!(dry.code, 0, "{}", dry.all());
    assert!(dry.stdout.contains("dry-run"), "{}", dry.stdout);
    assert!(
        dry.stdout
            .contains("check basic_info_next_year.sql: passed — 4 rows (expected at least 1)"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout
            .contains("instruction: 在票据管理系统中协助单位完成本年度票据结转"),
        "{}",
        dry.stdout
    );
    assert_eq!(
        pg.catalog_fingerprint(&h.db),
        before,
        "a dry-run changed the catalog"
    );
    assert!(!h.state.exists(), "a dry-run wrote a state directory");

    let confirm = [
        "--operator",
        "张工",
        "--confirm",
        "bill-carry-over",
        "--confirm",
        "recycled-bill-preissue",
        "--yes",
    ];
    let first = yearend(&args("run", &h, &p, &confirm), PW);
    assert_eq!(first.code, 0, "{}", first.all());
    assert!(
        first.stdout.contains("confirmed by 张工"),
        "{}",
        first.stdout
    );
    let j = journal(&h);
    assert_eq!(j.matches("\"event\":\"manual_confirmed\"").count(), 2);
    assert!(h.state.join("plan.resolved.yaml").exists() && h.state.join("plan.sha256").exists());

    let second = yearend(&args("run", &h, &p, &["--yes"]), PW);
    assert_eq!(second.code, 0, "{}", second.all());
    assert!(
        second.stdout.contains("resuming: 1 earlier run(s)"),
        "{}",
        second.stdout
    );
    assert_eq!(
        second.stdout.matches("=> already satisfied: ").count(),
        2,
        "{}",
        second.stdout
    );
    let j = journal(&h);
    assert_eq!(j.matches("\"event\":\"run_start\"").count(), 2);
    assert_eq!(
        j.matches("\"event\":\"manual_confirmed\"").count(),
        2,
        "confirmations asked again"
    );
    assert_eq!(j.matches("\"event\":\"run_end\"").count(), 2);

    let status = yearend(
        &[
            "status",
            "--site",
            h.site.to_str().unwrap(),
            "--today",
            TODAY,
            "--state-dir",
            h.state.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(status.code, 0, "{}", status.all());
    assert!(
        status.stdout.contains("rollover to 2027: done"),
        "{}",
        status.stdout
    );
    assert!(
        status.stdout.contains("hash chain: intact"),
        "{}",
        status.stdout
    );
}

#[test]
fn unconfirmed_manual_step_halts_with_how_to_confirm() {
    let h = hospital("awaiting");
    let r = yearend(&args("run", &h, &plan(), &["--yes"]), PW);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("run again with --confirm bill-carry-over --operator NAME"),
        "{}",
        r.stdout
    );
    // --confirm without a named person: the run itself refuses to start.
    let no_name = Yearend::new()
        .args(&args("run", &h, &plan(), &["--confirm", "bill-carry-over"]))
        .env("YEAREND_DB_PASSWORD", PASSWORD)
        .without_operator()
        .run();
    assert_eq!(no_name.code, 2, "{}", no_name.all());
    assert!(
        no_name.stderr.contains("run needs a named operator"),
        "{}",
        no_name.stderr
    );
    let status = yearend(
        &[
            "status",
            "--site",
            h.site.to_str().unwrap(),
            "--today",
            TODAY,
            "--state-dir",
            h.state.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(status.code, 1);
    assert!(
        status.stdout.contains("blocking:") && status.stdout.contains("awaiting_confirmation"),
        "{}",
        status.stdout
    );
    let unknown = yearend(
        &args(
            "run",
            &h,
            &plan(),
            &["--confirm", "no-such-step", "--operator", "x"],
        ),
        PW,
    );
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .contains("--confirm no-such-step: the plan has no manual or tablespaces step"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn failed_check_names_its_figures_and_exits_1() {
    let h = hospital("failcheck");
    pg().sql(
        &h.db,
        "DELETE FROM einvoice.basic_info WHERE info_year = 2027",
    );
    let r = yearend(&args("plan", &h, &plan(), &[]), PW);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("check basic_info_next_year.sql: FAILED — 0 rows (expected at least 1)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("[严重]"), "{}", r.stdout);
}

#[test]
fn a_plan_query_that_writes_is_refused_before_the_database() {
    let h = hospital("guardq");
    let plans = h.dir.join("plans");
    write(&plans, "p.yaml", "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: sneaky\n    kind: check\n    query: sneaky.sql\n    expect: { rows: 0 }\n");
    write(
        &plans,
        "sneaky.sql",
        "WITH d AS (DELETE FROM einvoice.bill_type RETURNING *) SELECT * FROM d\n",
    );
    let p = plans.join("p.yaml").display().to_string();
    let r = yearend(&args("run", &h, &p, &["--yes"]), PW);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr
            .contains("sneaky.sql: DELETE: yearend never deletes data"),
        "{}",
        r.all()
    );
    assert_eq!(
        pg().sql(&h.db, "SELECT count(*) FROM einvoice.bill_type"),
        "4"
    );
}

#[test]
fn a_changed_plan_needs_replan_which_is_journaled() {
    let h = hospital("replan");
    let plans = h.dir.join("plans");
    let base = std::fs::read_to_string(repo().join("plans/base.yaml")).unwrap();
    write(&plans, "base.yaml", &base);
    write(
        &plans,
        "p.yaml",
        "extends: base.yaml\nmode: old_year_bills_usable\n",
    );
    for q in [
        "basic_info_next_year.sql",
        "bill_types_in_use.sql",
        "stock.sql",
        "usage.sql",
        "templates.sql",
    ] {
        std::fs::copy(repo().join("sql/postgres").join(q), plans.join(q)).unwrap();
    }
    let p = plans.join("p.yaml").display().to_string();
    let first = yearend(&args("run", &h, &p, &["--yes"]), PW);
    assert_eq!(first.code, 1, "{}", first.all());
    write(
        &plans,
        "p.yaml",
        "extends: base.yaml\nmode: old_year_bills_unusable\n",
    );
    let refused = yearend(&args("run", &h, &p, &["--yes"]), PW);
    assert_eq!(refused.code, 2, "{}", refused.all());
    assert!(
        refused
            .stderr
            .contains("the plan changed since this rollover started"),
        "{}",
        refused.stderr
    );
    assert!(refused.stderr.contains("--replan"));
    let accepted = yearend(&args("run", &h, &p, &["--yes", "--replan"]), PW);
    assert_eq!(accepted.code, 1, "{}", accepted.all());
    assert_eq!(journal(&h).matches("\"event\":\"replan\"").count(), 1);
}

#[test]
fn a_second_run_exits_4_naming_the_holder_and_a_stale_lock_is_taken_over() {
    let h = hospital("lock");
    std::fs::create_dir_all(&h.state).unwrap();
    let lock_path = h.state.join("lock");
    std::fs::write(
        &lock_path,
        r#"{"pid":4242,"host":"HOST","operator":"李工","since":"2026-12-20T01:00:00Z"}"#
            .replace("HOST", &hostname()),
    )
    .unwrap();
    let held = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&lock_path)
        .unwrap();
    held.try_lock().unwrap();
    let r = yearend(&args("run", &h, &plan(), &["--yes"]), PW);
    assert_eq!(r.code, 4, "{}", r.all());
    assert!(
        r.stderr.contains("pid 4242") && r.stderr.contains("李工"),
        "{}",
        r.stderr
    );
    drop(held);

    // The holder died (its OS lock is gone) but left its file: taken over, and journaled.
    let r = yearend(&args("run", &h, &plan(), &["--yes"]), PW);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("ended without releasing the lock; taken over"),
        "{}",
        r.stdout
    );
    assert!(journal(&h).contains("\"event\":\"lock_taken_over\""));
    assert_eq!(
        std::fs::read_to_string(&lock_path).unwrap(),
        "",
        "the lock file is emptied on exit"
    );
}

#[test]
fn the_database_run_lock_stops_a_run_from_another_state_directory() {
    let h = hospital("dblock");
    let pg = pg();
    let _holder = pg.session(
        &h.db,
        "SELECT pg_advisory_lock(hashtextextended('yearend:T001:2027', 0));",
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while pg.sql(
        &h.db,
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'",
    ) == "0"
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the holder session never took its lock"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let r = yearend(&args("run", &h, &plan(), &["--yes"]), PW);
    assert_eq!(r.code, 4, "{}", r.all());
    assert!(
        r.stderr.contains("database run lock `yearend:T001:2027`"),
        "{}",
        r.stderr
    );
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .unwrap()
        .trim()
        .to_string()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn the_password_never_appears_in_output_journal_or_errors() {
    let h = hospital("secret");
    let confirm = [
        "--operator",
        "王工",
        "--confirm",
        "bill-carry-over",
        "--confirm",
        "recycled-bill-preissue",
        "--yes",
    ];
    let mut outputs = vec![
        yearend(&args("plan", &h, &plan(), &["--json"]), PW),
        yearend(&args("run", &h, &plan(), &confirm), PW),
        yearend(&args("run", &h, &plan(), &["--json"]), PW),
        yearend(
            &[
                "status",
                "--site",
                h.site.to_str().unwrap(),
                "--today",
                TODAY,
                "--state-dir",
                h.state.to_str().unwrap(),
                "--json",
            ],
            &[],
        ),
    ];
    // A wrong password: the error must not echo what was typed.
    let wrong = yearend(
        &args("plan", &h, &plan(), &[]),
        &[("YEAREND_DB_PASSWORD", "Wrong-9d2e-also-secret")],
    );
    assert_eq!(wrong.code, 3, "{}", wrong.all());
    assert!(
        wrong
            .stderr
            .contains("cannot connect to postgres://yearend_admin@127.0.0.1"),
        "{}",
        wrong.stderr
    );
    assert!(!wrong.all().contains("Wrong-9d2e-also-secret"));
    outputs.push(wrong);
    // A password written into the URL is refused without being repeated.
    let bad_site = write(&h.dir, "pw-site.yaml", &format!(
        "hospital: x\ncode: T001\ndatabase:\n  url: postgres://yearend_admin:{PASSWORD}@127.0.0.1:{}/{}\n", pg().port, h.db));
    let r = yearend(
        &[
            "plan",
            "--plan",
            &plan(),
            "--site",
            bad_site.to_str().unwrap(),
            "--today",
            TODAY,
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("the URL holds a password"),
        "{}",
        r.stderr
    );
    outputs.push(r);
    for o in &outputs {
        assert!(
            !o.all().contains(PASSWORD),
            "password in output:\n{}",
            o.all()
        );
    }
    let files = files_under(&h.state);
    assert!(files.len() >= 3, "{files:?}");
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(PASSWORD),
            "password in {}",
            f.display()
        );
    }
}
