//! What each run created stays told after every later run: a rollover stopped at a manual step,
//! resumed, stopped at the next, killed in the middle of a table's transaction and resumed again.
//! After every run, `status`, the report's tables, tablespaces and picture say 本次年结新增 with
//! the run that did it — never the latest inspection's 已覆盖 / 已存在. The last report is read
//! in headless Chromium.

use crate::support::*;
use std::path::Path;

/// A new partitioned table of the closing year, added between two runs.
fn add_table(db: &str, name: &str) {
    let parent = format!("einvoice.{name}");
    pg().sql(
        db,
        &format!(
            "CREATE TABLE {parent} (id bigint, d date NOT NULL) PARTITION BY RANGE (d);\n{}",
            monthly_2026(
                &parent,
                |m| format!("einvoice.{name}_p2026{m:02}"),
                |y, m| format!("'{y}-{m:02}-01'")
            )
        ),
    );
}

/// `status` in the default language.
fn status_zh(site: &Path, state: &Path) -> String {
    on_state_in_chinese("status", site, state, &[]).stdout
}

/// The report as HTML, in the default language; returns its path and text.
fn report(dir: &Path, site: &Path, state: &Path, name: &str) -> (std::path::PathBuf, String) {
    let out = dir.join(name);
    let args = ["--format", "html", "--out", out.to_str().unwrap()];
    let r = on_state_in_chinese("report", site, state, &args);
    assert!(r.code <= 1, "{}", r.all());
    let text = std::fs::read_to_string(&out).unwrap();
    (out, text)
}

/// The verdict cell of `table` in the report's per-table list.
fn verdict(html: &str, table: &str) -> String {
    let row = html
        .split(&format!("<tr><td><code>{table}</code></td>"))
        .nth(1)
        .unwrap_or_else(|| panic!("{table} not in the report"));
    row.split('>')
        .nth(1)
        .and_then(|c| c.split('<').next())
        .unwrap_or_default()
        .to_string()
}

/// What run `n` created, said by status, the table list and the picture.
fn told(html: &str, status: &str, table: &str, n: usize, when: &str) {
    let run = format!("第 {n} 次运行");
    assert_eq!(
        verdict(html, table),
        format!("本次年结新增（{run}）"),
        "{table} {when}"
    );
    assert!(
        html.contains(&format!("{table} 2027-06：本次新增（{run}）")),
        "{table}'s June cell {when}"
    );
    assert!(
        status.contains(&format!("本次年结新增（{run}）：")),
        "status {when}:\n{status}"
    );
}

#[test]
fn what_each_run_created_stays_told_after_three_resumes() {
    let _tablespaces = creating_tablespaces();
    let (db, dir, site) = pg_demo_hospital("resumes", "resumes_data");
    let plan = write(
        &dir,
        "plan.yaml",
        &format!(
            "extends: {}\nsteps:\n  - id: tablespaces\n    kind: tablespaces\n    names: [\"resumes_data_{{year}}\"]\n  - id: partitions\n    kind: partitions\n    tablespace: \"resumes_data_{{year}}\"\n",
            repo().join("plans/example-old-year-usable.yaml").display()
        ),
    );
    let state = dir.join("state");

    // Run 1 creates the tablespace and every table's partitions, then waits at the first
    // manual step.
    let r = rollover("run", &plan, &site, &state, &["--yes"]);
    assert_eq!(r.code, 1, "run 1 stops at a manual step:\n{}", r.all());
    let (_, html) = report(&dir, &site, &state, "r1.html");
    told(
        &html,
        &status_zh(&site, &state),
        "einvoice.bill_invoice",
        1,
        "after run 1",
    );

    // Run 2, after a table was added: creates its partitions, waits at the second manual step.
    add_table(&db, "late_a");
    let r = rollover(
        "run",
        &plan,
        &site,
        &state,
        &["--yes", "--confirm", "bill-carry-over"],
    );
    assert_eq!(r.code, 1, "run 2:\n{}", r.all());
    let (_, html) = report(&dir, &site, &state, "r2.html");
    let status = status_zh(&site, &state);
    told(&html, &status, "einvoice.bill_invoice", 1, "after run 2");
    told(&html, &status, "einvoice.late_a", 2, "after run 2");

    // Run 3 is killed inside the next new table's transaction: it created nothing.
    add_table(&db, "late_b");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_yearend"))
        .args(["run", "--yes", "--today", "2026-12-20", "--plan"])
        .args([plan.to_str().unwrap(), "--site", site.to_str().unwrap()])
        .args(["--state-dir", state.to_str().unwrap()])
        .args(["--confirm", "bill-carry-over"])
        .env("YEAREND_DB_PASSWORD", PASSWORD)
        .env("YEAREND_OPERATOR", OPERATOR)
        .env("YEAREND_PAUSE_AT", "after:1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    use std::io::BufRead;
    let paused = std::io::BufReader::new(stderr)
        .lines()
        .any(|l| l.is_ok_and(|l| l.starts_with("yearend-paused")));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(paused, "run 3 reached its first statement");
    let (_, html) = report(&dir, &site, &state, "r3.html");
    let status = status_zh(&site, &state);
    told(&html, &status, "einvoice.late_a", 2, "after run 3");
    assert_eq!(
        verdict(&html, "einvoice.late_b"),
        "待扩展",
        "run 3 created nothing"
    );
    assert!(
        html.contains("einvoice.late_b 2027-06：缺失"),
        "late_b's months are not held after run 3"
    );
    assert!(!status.contains("本次年结新增（第 3 次运行）"), "{status}");

    // Run 4 finishes: what runs 1 and 2 created is still theirs.
    let r = rollover(
        "run",
        &plan,
        &site,
        &state,
        &[
            "--yes",
            "--confirm",
            "bill-carry-over",
            "--confirm",
            "recycled-bill-preissue",
        ],
    );
    assert_eq!(r.code, 0, "run 4:\n{}", r.all());
    let (page, html) = report(&dir, &site, &state, "r4.html");
    let status = status_zh(&site, &state);
    told(&html, &status, "einvoice.bill_invoice", 1, "after run 4");
    told(&html, &status, "einvoice.late_a", 2, "after run 4");
    told(&html, &status, "einvoice.late_b", 4, "after run 4");
    assert!(
        status.contains("已执行（第 1、2、4 次运行）"),
        "the partitions step ran in runs 1, 2 and 4:\n{status}"
    );
    for line in status
        .lines()
        .filter(|l| l.starts_with("  tablespaces") || l.starts_with("  partitions"))
    {
        assert!(line.contains("已执行（第 1"), "{line}");
    }
    assert!(
        !status.contains("0 个表空间"),
        "a run's line names only what it created:\n{status}"
    );

    // Chromium reads the same: the tablespace created by run 1, added cells in the picture.
    let (dom, _) = crate::pages::dom_at_390(&dir, &page);
    assert!(dom.contains("新建（第 1 次运行）"), "the tablespace row");
    assert!(dom.contains("resumes_data_2027"));
    let added = dom.matches("data-state=\"A\"").count();
    let tables = dom.matches("本次年结新增（第 ").count();
    assert!(
        tables >= 3 && added >= tables * 12,
        "{tables} tables created, {added} added cells"
    );
    assert!(dom.contains("1 个表空间、"), "run 1's row in the history");
}
