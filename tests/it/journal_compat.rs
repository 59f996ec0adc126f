//! A journal written by release 0.1.0 (format 1: rendered text, level inside the message), kept
//! as a fixture in `fixtures/release-0.1.0/`, still reads, reports, verifies and resumes with
//! this release: a hospital may upgrade yearend in the middle of December.

use crate::support::*;
use std::path::{Path, PathBuf};

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// The fixture's plan and state in a scratch directory, against a fresh demo database shaped
/// like the one the old release ran on.
fn hospital() -> (PathBuf, PathBuf, PathBuf, PathBuf) {
    let pg = pg();
    let db = pg.fresh_db("compat");
    pg.load(&db, &repo().join("sql/demo/postgres/schema.sql"), 2026);
    let dir = scratch("compat");
    copy_tree(&repo().join("tests/it/fixtures/release-0.1.0"), &dir);
    let site = write(
        &dir,
        "site.yaml",
        &format!(
            "hospital: 旧版日志医院\ncode: OLD001\ndatabase:\n  url: {}\n  schemas: [einvoice]\nclock_hosts: [local, database]\n",
            pg.url(&db)
        ),
    );
    (dir.join("plan/plan.yaml"), site, dir.join("state"), dir)
}

fn cmd(args: &[&str], state: &Path, site: &Path) -> Run {
    let mut all: Vec<&str> = args.to_vec();
    let (s, d) = (site.to_str().unwrap(), state.to_str().unwrap());
    all.extend(["--site", s, "--state-dir", d, "--today", "2026-12-14"]);
    yearend(&all, &[("YEAREND_DB_PASSWORD", PASSWORD)])
}

#[test]
fn a_release_0_1_0_journal_reads_reports_and_resumes() {
    let (plan, site, state, _dir) = hospital();
    let status = cmd(&["status", "--json"], &state, &site);
    assert_eq!(status.code, 0, "{}", status.all());
    let doc: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(doc["state"], "done", "{}", status.stdout);
    assert_eq!(doc["chain_ok"], true);
    assert_eq!(doc["runs"], 1);

    let report = cmd(&["report", "--format", "md"], &state, &site);
    assert_eq!(report.code, 0, "{}", report.all());
    for want in [
        "旧版工程师",
        "已完成",
        "旧版日志兼容测试方案",
        "statements added",
    ] {
        assert!(
            report.stdout.contains(want),
            "report lacks {want}:\n{}",
            report.stdout
        );
    }

    // Resume with this release: the journal's chain continues, the confirmed manual step is
    // not asked again, the live catalog is inspected anew. The plan's 0.1.0 stock query lacks
    // the columns this release checks (batch_no, stocked): said, and not "done".
    let plan_s = plan.to_str().unwrap();
    let run = cmd(
        &["run", "--plan", plan_s, "--yes", "--operator", "新版工程师"],
        &state,
        &site,
    );
    // The plan's 0.1.0 stock query lacks the columns this release checks (batch_no, stocked):
    // said, and not "done".
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stdout.contains("returns no `stocked` column"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("resuming: 1 earlier run(s)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("confirmed by 旧版工程师"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(state.join("journal.jsonl")).unwrap();
    let formats: Vec<u64> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|r| r["event"] == "run_start")
        .map(|r| r["format"].as_u64().unwrap_or(1))
        .collect();
    assert_eq!(formats, vec![1, 2], "an old run and a new one, one journal");
    let status = cmd(&["status", "--json"], &state, &site);
    let doc: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(
        (
            doc["state"].as_str(),
            doc["chain_ok"].as_bool(),
            doc["runs"].as_u64()
        ),
        (Some("failing"), Some(true), Some(2))
    );
    let html = cmd(&["report", "--format", "html"], &state, &site);
    assert_eq!(html.code, 0, "{}", html.all());
    assert!(html.stdout.contains("新版工程师"), "{}", html.stdout);
}
