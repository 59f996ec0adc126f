//! The record tells the whole rollover: a named person ran it (never `unknown`, never `$USER`),
//! and its journal is found from the site file, not from the shell's directory.

use crate::support::*;
use std::path::Path;

fn hospital(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let pg = pg();
    let db = pg.fresh_db(name);
    let dir = scratch(name);
    let site_dir = dir.join("p1");
    let site = site_file(&site_dir, &pg.url(&db), &["public"]);
    let plan = write(
        &dir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: m\n    kind: manual\n    title: 确认\n    instruction: 确认\n",
    );
    (site, plan)
}

fn run_in(cwd: &Path, site: &Path, plan: &Path, extra: &[&str]) -> Yearend {
    let mut args = vec![
        "run",
        "--plan",
        plan.to_str().unwrap(),
        "--site",
        site.to_str().unwrap(),
        "--today",
        "2026-12-20",
    ];
    args.extend_from_slice(extra);
    Yearend::new()
        .args(&args)
        .current_dir(cwd)
        .env("YEAREND_DB_PASSWORD", PASSWORD)
}

#[test]
fn a_run_names_its_operator_or_does_not_run() {
    let (site, plan) = hospital("operator");
    let dir = site.parent().unwrap().to_path_buf();
    let refused = run_in(&dir, &site, &plan, &[])
        .without_operator()
        .env("USER", "root")
        .run();
    assert_eq!(refused.code, 2, "{}", refused.all());
    assert!(
        refused.stderr.contains("--operator") && refused.stderr.contains("YEAREND_OPERATOR"),
        "{}",
        refused.stderr
    );
    assert!(!dir
        .join("yearend-state")
        .join("T001")
        .join("2027")
        .join("journal.jsonl")
        .exists());
    let ok = run_in(
        &dir,
        &site,
        &plan,
        &["--confirm", "m", "--operator", "张工"],
    )
    .run();
    assert_eq!(ok.code, 0, "{}", ok.all());
    let journal =
        std::fs::read_to_string(dir.join("yearend-state/T001/2027/journal.jsonl")).unwrap();
    assert!(journal.contains("\"operator\":\"张工\""), "{journal}");
    assert!(
        !journal.contains("unknown") && !journal.contains("\"operator\":\"root\""),
        "{journal}"
    );
}

#[test]
fn the_journal_is_found_from_the_site_not_the_shell() {
    let (site, plan) = hospital("statedir");
    let elsewhere = scratch("statedir-cwd");
    let r = run_in(&elsewhere, &site, &plan, &["--confirm", "m"]).run();
    assert_eq!(r.code, 0, "{}", r.all());
    let beside = site
        .parent()
        .unwrap()
        .join("yearend-state/T001/2027/journal.jsonl");
    assert!(
        beside.exists(),
        "the journal is beside the site file: {}",
        r.all()
    );
    assert!(
        !elsewhere.join("yearend-state").exists(),
        "nothing in the shell's directory"
    );
    // status and report from yet another directory, with a relative site path, find it.
    let third = scratch("statedir-third");
    let rel = pathdiff(&site, &third);
    for cmd in ["status", "report"] {
        let s = Yearend::new()
            .args(&[
                cmd,
                "--site",
                rel.to_str().unwrap(),
                "--today",
                "2026-12-20",
            ])
            .current_dir(&third)
            .run();
        assert_eq!(s.code, 0, "{cmd}: {}", s.all());
    }
}

#[test]
fn a_journal_at_the_old_default_is_used_and_two_are_refused() {
    let (site, plan) = hospital("legacy");
    let shell = scratch("legacy-cwd");
    // A rehearsal made before this release: its journal under the shell's directory.
    let legacy = shell.join("yearend-state/T001/2027");
    let first = run_in(
        &shell,
        &site,
        &plan,
        &["--state-dir", legacy.to_str().unwrap()],
    )
    .run();
    assert_eq!(first.code, 1, "awaiting confirmation: {}", first.all());
    let resumed = run_in(&shell, &site, &plan, &["--confirm", "m"]).run();
    assert_eq!(resumed.code, 0, "{}", resumed.all());
    assert!(resumed.stderr.contains("old default"), "{}", resumed.stderr);
    assert!(
        !site.parent().unwrap().join("yearend-state").exists(),
        "no second state directory"
    );
    // Both places hold a journal: a run refuses, naming both.
    let beside = site.parent().unwrap().join("yearend-state/T001/2027");
    let other = run_in(
        &shell,
        &site,
        &plan,
        &["--state-dir", beside.to_str().unwrap(), "--confirm", "m"],
    )
    .run();
    assert_eq!(other.code, 0, "{}", other.all());
    let both = run_in(&shell, &site, &plan, &["--confirm", "m"]).run();
    assert_eq!(both.code, 2, "{}", both.all());
    assert!(
        both.stderr.contains("two state directories"),
        "{}",
        both.stderr
    );
}

/// `target` relative to `base` (both absolute, in the same scratch tree).
fn pathdiff(target: &Path, base: &Path) -> std::path::PathBuf {
    let up = base.components().count() - 1;
    let mut p = std::path::PathBuf::new();
    for _ in 0..up {
        p.push("..");
    }
    p.join(target.strip_prefix("/").unwrap())
}

/// A failed check shows what to do (the plan's `hint:`) under the failure: in the run's output,
/// in `status`, and in the report's problems.
#[test]
fn a_failed_check_says_what_to_do() {
    let pg = pg();
    let db = pg.fresh_db("hint");
    let dir = scratch("hint");
    let site = site_file(&dir, &pg.url(&db), &["public"]);
    let sql = dir.join("sql").join("postgres");
    std::fs::create_dir_all(&sql).unwrap();
    write(&sql, "synced.sql", "SELECT 1 AS x WHERE false\n");
    let plans = dir.join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    let plan = write(
        &plans,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: synced\n    kind: check\n    title: 次年度基础信息已同步\n    query: synced.sql\n    expect: { min_rows: 1 }\n    hint: 在票据系统中执行基础信息同步后再运行\n",
    );
    let state = dir.join("s");
    let r = rollover("run", &plan, &site, &state, &["--yes"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("what to do: 在票据系统中执行基础信息同步后再运行"),
        "{}",
        r.all()
    );
    let s = on_state("status", &site, &state, &[]);
    assert!(
        s.stdout
            .contains("what to do: 在票据系统中执行基础信息同步后再运行"),
        "{}",
        s.all()
    );
    let md = on_state("report", &site, &state, &["--format", "md"]);
    assert!(
        md.stdout
            .contains("操作指引：在票据系统中执行基础信息同步后再运行"),
        "{}",
        md.all()
    );
    // fleet: the terminal, the JSON and the page say it too.
    let page = dir.join("fleet.html");
    let f = yearend(
        &[
            "fleet",
            dir.to_str().unwrap(),
            "--today",
            "2026-12-20",
            "--html",
            page.to_str().unwrap(),
        ],
        &[],
    );
    assert!(
        f.stdout
            .contains("what to do: 在票据系统中执行基础信息同步后再运行"),
        "{}",
        f.all()
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("操作指引：在票据系统中执行基础信息同步后再运行"));
    let j = yearend(
        &[
            "fleet",
            dir.to_str().unwrap(),
            "--today",
            "2026-12-20",
            "--json",
        ],
        &[],
    );
    assert!(
        j.stdout
            .contains("\"hint\": \"在票据系统中执行基础信息同步后再运行\""),
        "{}",
        j.stdout
    );
}

#[test]
fn a_state_directory_that_cannot_be_made_names_the_two_ways_out() {
    let (site, plan) = hospital("unwritable");
    let dir = site.parent().unwrap().to_path_buf();
    // Root writes anywhere, so the directory is blocked by a file where it would be made.
    std::fs::write(dir.join("yearend-state"), "not a directory").unwrap();
    let r = run_in(&dir, &site, &plan, &["--confirm", "m"]).run();
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("state_dir:") && r.stderr.contains("--state-dir"),
        "{}",
        r.stderr
    );
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("{text}state_dir: ../elsewhere\n")).unwrap();
    let r = run_in(&dir, &site, &plan, &["--confirm", "m"]).run();
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(dir.join("../elsewhere/T001/2027/journal.jsonl").exists());
}
