//! `yearend snapshot` and `plan --snapshot` against real servers: the offline plan equals the live
//! one statement for statement. Saved plans: `run --saved` runs exactly what was reviewed, and
//! refuses, changing nothing, when the database changed since.

use crate::support::*;

const PG_SCHEMA: &str = "
CREATE SCHEMA einv;
CREATE TABLE einv.bill (id bigint, issue_date date NOT NULL) PARTITION BY RANGE (issue_date);
CREATE TABLE einv.bill_p202611 PARTITION OF einv.bill FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');
CREATE TABLE einv.bill_p202612 PARTITION OF einv.bill FOR VALUES FROM ('2026-12-01') TO ('2027-01-01');
CREATE TABLE einv.bill_default PARTITION OF einv.bill DEFAULT;
CREATE TABLE einv.pay (id bigint, pay_month int NOT NULL) PARTITION BY RANGE (pay_month);
CREATE TABLE einv.pay_p202612 PARTITION OF einv.pay FOR VALUES FROM (202612) TO (202701);
CREATE TABLE einv.dict (k text);
";

const STEPS: &str = "name: 测试方案\nmode: old_year_bills_usable\nsteps:\n  - id: partitions\n    kind: partitions\n";

fn snapshot(site: &std::path::Path, out: &std::path::Path) -> Run {
    yearend(
        &[
            "snapshot",
            "--site",
            site.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &[("YEAREND_DB_PASSWORD", PASSWORD)],
    )
}

/// The statements of a live `plan` and of `plan --snapshot`, both of which must exit 0.
fn live_and_offline(
    plan: &std::path::Path,
    site: &std::path::Path,
    state: &std::path::Path,
    snap: &std::path::Path,
) -> (Vec<String>, Vec<String>) {
    let live = rollover("plan", plan, site, state, &["--json"]);
    let offline = rollover(
        "plan",
        plan,
        site,
        state,
        &["--json", "--snapshot", snap.to_str().unwrap()],
    );
    assert_eq!(live.code, 0, "{}", live.all());
    assert_eq!(offline.code, 0, "{}", offline.all());
    (planned_statements(&live), planned_statements(&offline))
}

/// `run --saved F --yes`, which must exit 0; the statements it executed.
fn run_saved(
    plan: &std::path::Path,
    site: &std::path::Path,
    state: &std::path::Path,
    saved: &std::path::Path,
) -> Vec<String> {
    let r = rollover(
        "run",
        plan,
        site,
        state,
        &["--saved", saved.to_str().unwrap(), "--yes", "--json"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    planned_statements(&r)
}

#[test]
fn postgres_offline_plan_from_a_snapshot_equals_the_live_plan() {
    let pg = pg();
    let db = pg.fresh_db("snap");
    pg.sql(&db, PG_SCHEMA);
    let dir = scratch("snap-pg");
    let site = site_file(&dir, &pg.url(&db), &["einv"]);
    let plan = write(&dir, "plan.yaml", STEPS);
    let _catalogs = comparing_catalogs();
    let before = pg.catalog_fingerprint(&db);
    let snap = dir.join("snap.json");
    let r = snapshot(&site, &snap);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout
            .contains("3 tables, 4 partitions, 1 DEFAULT/MAXVALUE row counts"),
        "{}",
        r.stdout
    );
    assert_eq!(pg.catalog_fingerprint(&db), before, "a snapshot only reads");
    let text = std::fs::read_to_string(&snap).unwrap();
    assert!(!text.contains(PASSWORD));

    let state = dir.join("state");
    let (live, offline) = live_and_offline(&plan, &site, &state, &snap);
    assert_eq!(
        live.len(),
        48,
        "12 months for each of 2 tables, each created then attached"
    );
    assert_eq!(offline, live);

    // The tech center's way: review offline, save, and the hospital runs exactly that.
    let saved = dir.join("reviewed.json");
    let r = rollover(
        "plan",
        &plan,
        &site,
        &state,
        &[
            "--snapshot",
            snap.to_str().unwrap(),
            "--out",
            saved.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(run_saved(&plan, &site, &state, &saved), live);
}

#[test]
fn mariadb_offline_plan_from_a_snapshot_equals_the_live_plan() {
    let m = maria();
    let db = m.fresh_db("snap");
    m.sql(
        &db,
        "CREATE TABLE bill (id bigint NOT NULL, issue_date date NOT NULL) PARTITION BY RANGE (TO_DAYS(issue_date)) (
           PARTITION p202611 VALUES LESS THAN (TO_DAYS('2026-12-01')),
           PARTITION p202612 VALUES LESS THAN (TO_DAYS('2027-01-01')), PARTITION pmax VALUES LESS THAN MAXVALUE);
         CREATE TABLE pay (id bigint NOT NULL, m int NOT NULL) PARTITION BY RANGE (m) (
           PARTITION p202611 VALUES LESS THAN (202612), PARTITION p202612 VALUES LESS THAN (202701));",
    );
    let dir = scratch("snap-maria");
    let site = site_file_coded(&dir, &m.url(&db), &[db.as_str()], "SNAPM");
    let plan = write(&dir, "plan.yaml", STEPS);
    let snap = dir.join("snap.json");
    let r = snapshot(&site, &snap);
    assert_eq!(r.code, 0, "{}", r.all());
    let (live, offline) = live_and_offline(&plan, &site, &dir.join("state"), &snap);
    assert_eq!(live.len(), 2, "one REORGANIZE, one ADD");
    assert_eq!(offline, live);
}

#[test]
fn run_saved_runs_what_was_reviewed_and_refuses_after_a_change() {
    let pg = pg();
    let db = pg.fresh_db("saved");
    pg.sql(&db, PG_SCHEMA);
    let dir = scratch("saved-pg");
    let site = site_file(&dir, &pg.url(&db), &["einv"]);
    let plan = write(&dir, "plan.yaml", STEPS);
    let state = dir.join("state");
    let saved = dir.join("reviewed.json");

    // Reviewed, then the database changed by hand: the saved plan is refused, nothing runs.
    let r = rollover(
        "plan",
        &plan,
        &site,
        &state,
        &["--out", saved.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout
            .contains("(48 statements); run exactly these with: yearend run --saved"),
        "{}",
        r.stdout
    );
    pg.sql(
        &db,
        "CREATE TABLE einv.pay_p202701 PARTITION OF einv.pay FOR VALUES FROM (202701) TO (202702)",
    );
    let _catalogs = comparing_catalogs();
    let changed = pg.catalog_fingerprint(&db);
    let r = rollover(
        "run",
        &plan,
        &site,
        &state,
        &["--saved", saved.to_str().unwrap(), "--yes"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("the saved plan no longer matches the database, so it is not run: the catalog (tablespaces, datafiles, partitions) changed"),
        "{}",
        r.stderr
    );
    assert_eq!(pg.catalog_fingerprint(&db), changed, "nothing ran");

    // Reviewed again; now it runs, exactly those statements.
    let r = rollover(
        "plan",
        &plan,
        &site,
        &state,
        &["--out", saved.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let reviewed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    let reviewed: Vec<String> = reviewed["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["sql"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        reviewed.len(),
        46,
        "23 partitions, each created then attached"
    );
    // The command the plan printed runs as printed (with the rehearsal's date and consent).
    let printed = r
        .stdout
        .split("run exactly these with: ")
        .nth(1)
        .and_then(|t| t.lines().next())
        .unwrap_or_else(|| panic!("no run command: {}", r.stdout))
        .to_string();
    let mut words: Vec<&str> = printed.split_whitespace().skip(1).collect();
    assert_eq!(&words[..2], ["run", "--saved"], "{printed}");
    words.extend(["--today", "2026-12-20", "--yes"]);
    let ran = yearend(&words, &[("YEAREND_DB_PASSWORD", PASSWORD)]);
    assert_eq!(ran.code, 0, "{printed}: {}", ran.all());
    let journal = std::fs::read_to_string(state.join("journal.jsonl")).unwrap();
    let sent: Vec<&str> = reviewed
        .iter()
        .filter(|sql| journal.contains(sql.replace('"', "\\\"").as_str()))
        .map(String::as_str)
        .collect();
    assert_eq!(sent.len(), reviewed.len(), "every reviewed statement ran");
    assert_eq!(
        pg.sql(&db, "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhparent WHERE c.relname IN ('bill', 'pay')"),
        "28"
    );
}
