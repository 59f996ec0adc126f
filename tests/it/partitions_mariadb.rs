//! `partitions` against a real MariaDB 10.11: TO_DAYS and RANGE COLUMNS date keys, YYYYMM
//! integer keys, with and without a MAXVALUE tail. The resulting partitions are asserted exactly.

use crate::support::*;

const SCHEMA: &str = r#"
CREATE TABLE bill_type (code varchar(8) PRIMARY KEY);
CREATE TABLE bill_invoice (id bigint NOT NULL, issue_date date NOT NULL)
  PARTITION BY RANGE (TO_DAYS(issue_date)) (
    PARTITION p202610 VALUES LESS THAN (TO_DAYS('2026-11-01')),
    PARTITION p202611 VALUES LESS THAN (TO_DAYS('2026-12-01')),
    PARTITION p202612 VALUES LESS THAN (TO_DAYS('2027-01-01')),
    PARTITION pmax VALUES LESS THAN MAXVALUE);
CREATE TABLE op_log (id bigint NOT NULL, log_date date NOT NULL)
  PARTITION BY RANGE COLUMNS (log_date) (
    PARTITION p202611 VALUES LESS THAN ('2026-12-01'),
    PARTITION p202612 VALUES LESS THAN ('2027-01-01'),
    PARTITION p202701 VALUES LESS THAN ('2027-02-01'));
CREATE TABLE pay_record (id bigint NOT NULL, pay_month int NOT NULL)
  PARTITION BY RANGE (pay_month) (
    PARTITION p202611 VALUES LESS THAN (202612),
    PARTITION p202612 VALUES LESS THAN (202701));
CREATE TABLE archive (id bigint NOT NULL, y int NOT NULL)
  PARTITION BY RANGE (y) (PARTITION p2026 VALUES LESS THAN (2027));
CREATE TABLE by_hash (id bigint NOT NULL) PARTITION BY HASH (id) PARTITIONS 4;
"#;

fn plan(dir: &std::path::Path, steps: &str) -> std::path::PathBuf {
    write(
        dir,
        "plan.yaml",
        &format!("name: 测试方案\nmode: old_year_bills_unusable\nsteps:\n{steps}"),
    )
}

fn expected(prefix_months: &[(i32, u32)], describe: impl Fn(i32, u32) -> String) -> Vec<String> {
    prefix_months
        .iter()
        .map(|(y, m)| format!("p{y}{m:02}:{}", describe(*y, *m)))
        .collect()
}

fn range(from: (i32, u32), to: (i32, u32)) -> Vec<(i32, u32)> {
    let (a, b) = (from.0 * 12 + from.1 as i32 - 1, to.0 * 12 + to.1 as i32 - 1);
    (a..=b).map(|m| (m / 12, (m % 12 + 1) as u32)).collect()
}

fn next(y: i32, m: u32) -> (i32, u32) {
    if m == 12 {
        (y + 1, 1)
    } else {
        (y, m + 1)
    }
}

/// TO_DAYS of the first of the month after (y, m), as MariaDB stores it.
fn to_days_after(y: i32, m: u32) -> String {
    let (ny, nm) = next(y, m);
    let d = chrono::NaiveDate::from_ymd_opt(ny, nm, 1).unwrap();
    (d.signed_duration_since(chrono::NaiveDate::from_ymd_opt(2007, 10, 7).unwrap())
        .num_days()
        + 733321)
        .to_string()
}

#[test]
fn extends_to_days_range_columns_and_yyyymm_tables() {
    let m = maria();
    let db = m.fresh_db("mextend");
    m.sql(&db, SCHEMA);
    let dir = scratch("mextend");
    let site = site_file_coded(&dir, &m.url(&db), &[&db], &db);
    let p = plan(&dir, "  - id: tablespaces\n    kind: tablespaces\n    names: [\"einv_{year}\"]\n  - id: partitions\n    kind: partitions\n    tablespace: \"einv_{year}\"\n");
    let state = dir.join("state");

    let dry = rollover("plan", &p, &site, &state, &["-v"]);
    assert_eq!(dry.code, 0, "{}", dry.all());
    assert!(
        dry.stdout
            .contains("not applicable: MySQL/MariaDB has no per-year tablespaces"),
        "{}",
        dry.stdout
    );
    let bill = format!("ALTER TABLE `{db}`.`bill_invoice` REORGANIZE PARTITION `pmax` INTO (PARTITION `p202701` VALUES LESS THAN (TO_DAYS('2027-02-01')), ");
    assert!(dry.stdout.contains(&bill), "{}", dry.stdout);
    assert!(dry.stdout.contains("PARTITION `p202712` VALUES LESS THAN (TO_DAYS('2028-01-01')), PARTITION `pmax` VALUES LESS THAN MAXVALUE);"), "{}", dry.stdout);
    assert!(dry.stdout.contains(&format!("ALTER TABLE `{db}`.`op_log` ADD PARTITION (PARTITION `p202702` VALUES LESS THAN ('2027-03-01'), ")), "{}", dry.stdout);
    assert!(dry.stdout.contains(&format!("ALTER TABLE `{db}`.`pay_record` ADD PARTITION (PARTITION `p202701` VALUES LESS THAN (202702), ")), "{}", dry.stdout);
    assert!(
        dry.stdout
            .contains(&format!("extend   {db}.archive: 1 year 2027…2027")),
        "a year-number key is read as years, its period from the single partition's name:\n{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains(&format!("ALTER TABLE `{db}`.`archive` ADD PARTITION (PARTITION `p2027` VALUES LESS THAN (2028));")),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains(&format!(
            "info     {db}.by_hash: not time-partitioned: not extended (hash-partitioned)"
        )),
        "{}",
        dry.stdout
    );
    assert_eq!(
        m.partitions(&db, "bill_invoice").len(),
        4,
        "a dry-run changed the table"
    );

    let run = rollover("run", &p, &site, &state, &["--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let mut bill = expected(&range((2026, 10), (2027, 12)), to_days_after);
    bill.push("pmax:MAXVALUE".into());
    assert_eq!(m.partitions(&db, "bill_invoice"), bill);
    assert_eq!(
        m.partitions(&db, "op_log"),
        expected(&range((2026, 11), (2027, 12)), |y, mo| {
            let (ny, nm) = next(y, mo);
            format!("'{ny}-{nm:02}-01'")
        })
    );
    assert_eq!(
        m.partitions(&db, "pay_record"),
        expected(&range((2026, 11), (2027, 12)), |y, mo| {
            let (ny, nm) = next(y, mo);
            format!("{ny}{nm:02}")
        })
    );
    assert_eq!(
        m.partitions(&db, "archive"),
        vec!["p2026:2027", "p2027:2028"]
    );

    let again = rollover("run", &p, &site, &state, &["--yes"]);
    assert_eq!(again.code, 0, "{}", again.all());
    let journal = std::fs::read_to_string(state.join("journal.jsonl")).unwrap();
    assert_eq!(
        journal.matches("\"event\":\"statement_done\"").count(),
        4,
        "one statement per table, once"
    );
}

#[test]
fn rows_in_the_maxvalue_partition_stop_before_any_ddl() {
    let m = maria();
    let db = m.fresh_db("mrows");
    m.sql(&db, SCHEMA);
    m.sql(&db, "INSERT INTO bill_invoice VALUES (1, '2027-01-05');");
    let dir = scratch("mrows");
    let site = site_file_coded(&dir, &m.url(&db), &[&db], &db);
    let p = plan(
        &dir,
        "  - id: partitions\n    kind: partitions\n    include: [bill_invoice, op_log]\n",
    );
    let r = rollover("run", &p, &site, &dir.join("state"), &["--yes"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout.contains(&format!(
            "BLOCKED  {db}.bill_invoice: the tail partition pmax holds 1 rows for the new year"
        )),
        "{}",
        r.stdout
    );
    assert_eq!(m.partitions(&db, "bill_invoice").len(), 4);
    assert_eq!(
        m.partitions(&db, "op_log").len(),
        3,
        "no DDL for any table once one blocks"
    );
}

#[test]
fn mariadb_round_trips_do_not_grow_with_tables() {
    let m = maria();
    let mut counts = Vec::new();
    for n in [5, 200] {
        let db = m.fresh_db(&format!("mtrips{n}"));
        let ddl: String = (1..=n)
            .map(|i| format!("CREATE TABLE t{i} (d date NOT NULL) PARTITION BY RANGE COLUMNS (d) (PARTITION p202611 VALUES LESS THAN ('2026-12-01'), PARTITION p202612 VALUES LESS THAN ('2027-01-01'));\n"))
            .collect();
        m.sql(&db, &ddl);
        let dir = scratch("mtrips");
        let site = site_file_coded(&dir, &m.url(&db), &[&db], &db);
        let p = plan(&dir, "  - id: partitions\n    kind: partitions\n");
        let r = rollover("plan", &p, &site, &dir.join("state"), &["--json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let inspect = doc["records"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "inspect")
            .unwrap();
        assert_eq!(inspect["figures"]["tables"].as_array().unwrap().len(), n);
        counts.push(inspect["figures"]["round_trips"].as_u64().unwrap());
    }
    assert_eq!(counts[0], counts[1], "{counts:?}");
    assert!(counts[0] > 0, "the catalog read is counted: {counts:?}");
}
