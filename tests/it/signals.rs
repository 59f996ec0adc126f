//! Signals stop every command within a second, with 128 + the signal's number (SIGHUP 129, SIGINT
//! 130, SIGTERM 143), and a run's end record says which: `plan`, `verify` and `run` stopped while
//! the server runs a long plan query.

use crate::support::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn slow_hospital(name: &str) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    let pg = pg();
    let db = pg.fresh_db(name);
    let dir = scratch(name);
    let site = site_file(&dir, &pg.url(&db), &["public"]);
    write(
        &dir,
        "slow.sql",
        "SELECT count(*) AS n FROM generate_series(1, 2000000000) AS g(i)\n",
    );
    let plan = write(
        &dir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: slow\n    kind: check\n    query: slow.sql\n    expect: {rows: 1}\n",
    );
    (plan, site, dir.join("state"))
}

/// Start `cmd`, send `signal` after it has started the slow query, and time the rest.
fn stopped(cmd: &str, signal: i32, name: &str) -> (i32, Duration, std::path::PathBuf) {
    let (plan, site, state) = slow_hospital(name);
    let mut child = Command::new(env!("CARGO_BIN_EXE_yearend"))
        .args([
            cmd,
            "--plan",
            plan.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
        ])
        .args([
            "--today",
            "2026-12-20",
            "--state-dir",
            state.to_str().unwrap(),
        ])
        .args(if cmd == "run" {
            &["--yes", "--operator", "张工"][..]
        } else {
            &[][..]
        })
        .env("YEAREND_DB_PASSWORD", PASSWORD)
        .env("YEAREND_QUERY_TIMEOUT", "600")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(2500));
    // SAFETY: kill(2) on our own child's pid.
    assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
    let sent = Instant::now();
    let status = child.wait().unwrap();
    (status.code().unwrap_or(-1), sent.elapsed(), state)
}

#[test]
fn plan_and_verify_stop_within_a_second_with_the_signals_code() {
    for (cmd, signal, code) in [
        ("plan", libc::SIGTERM, 143),
        ("plan", libc::SIGHUP, 129),
        ("verify", libc::SIGINT, 130),
    ] {
        let (got, took, _) = stopped(cmd, signal, &format!("sig_{cmd}_{code}"));
        assert_eq!(got, code, "{cmd} on signal {signal}");
        assert!(
            took < Duration::from_millis(1500),
            "{cmd} took {took:?} after signal {signal}"
        );
    }
}

#[test]
fn a_run_stopped_by_sigterm_records_143() {
    let (code, took, state) = stopped("run", libc::SIGTERM, "sig_run");
    assert_eq!(code, 143);
    assert!(took < Duration::from_millis(1500), "run took {took:?}");
    let journal = std::fs::read_to_string(state.join("journal.jsonl")).unwrap();
    assert!(
        journal.contains("\"event\":\"run_end\",\"exit_code\":143"),
        "{journal}"
    );
}
