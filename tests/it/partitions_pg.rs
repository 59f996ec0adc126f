//! `partitions` and `tablespaces` against a real PostgreSQL 15, on catalogs shaped the way
//! hospitals have them. The resulting catalog is asserted exactly.

use crate::support::*;

const SCHEMA: &str = r#"
CREATE SCHEMA einv;
CREATE TABLE einv.bill_type (code text PRIMARY KEY);
CREATE TABLE einv.bill_invoice (id bigint, issue_date date NOT NULL) PARTITION BY RANGE (issue_date);
CREATE TABLE einv.bill_invoice_default PARTITION OF einv.bill_invoice DEFAULT;
CREATE TABLE einv.pay_record (id bigint, pay_month integer NOT NULL) PARTITION BY RANGE (pay_month);
CREATE TABLE einv.op_log (id bigint, log_time timestamp NOT NULL) PARTITION BY RANGE (log_time);
CREATE TABLE einv.refund (id bigint, refund_date date NOT NULL) PARTITION BY RANGE (refund_date);
CREATE TABLE einv.archive (id bigint, archived date NOT NULL) PARTITION BY RANGE (archived);
CREATE TABLE einv.archive_p2026 PARTITION OF einv.archive FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE einv.by_type (t text NOT NULL) PARTITION BY LIST (t);
CREATE TABLE einv.by_type_a PARTITION OF einv.by_type FOR VALUES IN ('a');
DO $$
DECLARE m int; lo date; hi date;
BEGIN
  FOR m IN 1..12 LOOP
    lo := make_date(2026, m, 1); hi := (lo + interval '1 month')::date;
    EXECUTE format('CREATE TABLE einv.bill_invoice_p%s PARTITION OF einv.bill_invoice FOR VALUES FROM (%L) TO (%L)', to_char(lo, 'YYYYMM'), lo, hi);
    EXECUTE format('CREATE TABLE einv.pay_record_p%s PARTITION OF einv.pay_record FOR VALUES FROM (%s) TO (%s)', to_char(lo, 'YYYYMM'), to_char(lo, 'YYYYMM'), to_char(hi, 'YYYYMM'));
    IF m <> 6 THEN
      EXECUTE format('CREATE TABLE einv.refund_p%s PARTITION OF einv.refund FOR VALUES FROM (%L) TO (%L)', to_char(lo, 'YYYYMM'), lo, hi);
    END IF;
  END LOOP;
  -- op_log was already extended through March of the new year.
  FOR m IN 1..15 LOOP
    lo := (make_date(2026, 1, 1) + make_interval(months => m - 1))::date; hi := (lo + interval '1 month')::date;
    EXECUTE format('CREATE TABLE einv.op_log_p%s PARTITION OF einv.op_log FOR VALUES FROM (%L) TO (%L)', to_char(lo, 'YYYYMM'), lo::timestamp, hi::timestamp);
  END LOOP;
END $$;
"#;

fn months(prefix: &str, from: (i32, u32), count: u32, int_bounds: bool, ts: bool) -> Vec<String> {
    (0..count)
        .map(|i| {
            let m0 = from.0 * 12 + from.1 as i32 - 1 + i as i32;
            let (y, m) = (m0 / 12, m0 % 12 + 1);
            let (ny, nm) = ((m0 + 1) / 12, (m0 + 1) % 12 + 1);
            let (lo, hi) = if int_bounds {
                (format!("{y}{m:02}"), format!("{ny}{nm:02}"))
            } else if ts {
                (
                    format!("'{y}-{m:02}-01 00:00:00'"),
                    format!("'{ny}-{nm:02}-01 00:00:00'"),
                )
            } else {
                (format!("'{y}-{m:02}-01'"), format!("'{ny}-{nm:02}-01'"))
            };
            format!("{prefix}{y}{m:02} FOR VALUES FROM ({lo}) TO ({hi})")
        })
        .collect()
}

fn with_default(mut v: Vec<String>, default: &str) -> Vec<String> {
    v.push(format!("{default} DEFAULT"));
    v.sort();
    v
}

struct Case {
    db: String,
    dir: std::path::PathBuf,
    site: std::path::PathBuf,
}

fn case(name: &str, extra_sql: &str) -> Case {
    let pg = pg();
    let db = pg.fresh_db(name);
    pg.sql(&db, SCHEMA);
    if !extra_sql.is_empty() {
        pg.sql(&db, extra_sql);
    }
    let dir = scratch(name);
    let site = site_file(&dir, &pg.url(&db), &["einv"]);
    Case { db, dir, site }
}

fn plan(dir: &std::path::Path, steps: &str) -> std::path::PathBuf {
    write(
        dir,
        "plan.yaml",
        &format!("name: 测试方案\nmode: old_year_bills_usable\nsteps:\n{steps}"),
    )
}

const PARTITIONS_STEP: &str = "  - id: partitions\n    kind: partitions\n";

#[test]
fn extends_every_monthly_table_and_a_second_run_has_nothing_to_do() {
    let c = case("extend", "");
    let pg = pg();
    let p = plan(&c.dir, PARTITIONS_STEP);
    let state = c.dir.join("state");
    let _catalogs = comparing_catalogs();
    let before = pg.catalog_fingerprint(&c.db);

    let dry = rollover("plan", &p, &c.site, &state, &["-v"]);
    assert_eq!(dry.code, 0, "{}", dry.all());
    assert_eq!(
        pg.catalog_fingerprint(&c.db),
        before,
        "a dry-run changed the catalog"
    );
    // Each child created on its own, then attached: no ACCESS EXCLUSIVE lock on the parent.
    assert!(dry.stdout.contains(r#"CREATE TABLE "einv"."bill_invoice_p202701" (LIKE "einv"."bill_invoice" INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMPRESSION);"#), "{}", dry.stdout);
    assert!(dry.stdout.contains(r#"ALTER TABLE "einv"."bill_invoice" ATTACH PARTITION "einv"."bill_invoice_p202701" FOR VALUES FROM ('2027-01-01') TO ('2027-02-01');"#), "{}", dry.stdout);
    assert!(dry.stdout.contains(r#"ALTER TABLE "einv"."pay_record" ATTACH PARTITION "einv"."pay_record_p202712" FOR VALUES FROM (202712) TO (202801);"#), "{}", dry.stdout);
    assert!(
        dry.stdout
            .contains("extend   einv.archive: 1 year 2027…2027"),
        "yearly tables extend by year:\n{}",
        dry.stdout
    );
    assert!(dry.stdout.contains(r#"ALTER TABLE "einv"."archive" ATTACH PARTITION "einv"."archive_p2027" FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');"#), "{}", dry.stdout);
    assert!(
        dry.stdout.contains(
            "info     einv.by_type: not time-partitioned: not extended (list-partitioned)"
        ),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("7 tables in scope: 5 to extend, 0 already covered, 0 excluded, 2 not time-partitioned, 0 to review, 0 blocked"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains(r#"to fill a gap (fill_gaps: true runs it): ALTER TABLE "einv"."refund" ATTACH PARTITION "einv"."refund_p202606" FOR VALUES FROM ('2026-06-01') TO ('2026-07-01');"#),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout
            .contains("extend   einv.refund: 12 months 202701…202712; gaps not filled: 202606"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout
            .contains("extend   einv.op_log: 9 months 202704…202712"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout
            .contains("not partitioned (not extended): einv.bill_type"),
        "{}",
        dry.stdout
    );

    let run = rollover("run", &p, &c.site, &state, &["--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        run.stdout
            .contains("verified table by table: 5 time-partitioned tables reach 2027-12"),
        "{}",
        run.stdout
    );

    let all_2026_2027 =
        |prefix: &str, ints: bool, ts: bool| months(prefix, (2026, 1), 24, ints, ts);
    assert_eq!(
        pg.partitions(&c.db, "einv", "bill_invoice"),
        with_default(
            all_2026_2027("bill_invoice_p", false, false),
            "bill_invoice_default"
        )
    );
    assert_eq!(
        pg.partitions(&c.db, "einv", "pay_record"),
        all_2026_2027("pay_record_p", true, false)
    );
    assert_eq!(
        pg.partitions(&c.db, "einv", "op_log"),
        all_2026_2027("op_log_p", false, true)
    );
    let mut refund = all_2026_2027("refund_p", false, false);
    refund.retain(|p| !p.starts_with("refund_p202606"));
    assert_eq!(pg.partitions(&c.db, "einv", "refund"), refund);
    assert_eq!(
        pg.partitions(&c.db, "einv", "archive").len(),
        2,
        "the yearly table gained 2027"
    );

    let again = rollover("run", &p, &c.site, &state, &["--yes"]);
    let journal = std::fs::read_to_string(state.join("journal.jsonl")).unwrap();
    let second_run = &journal[journal.rfind("\"event\":\"run_start\"").unwrap()..];
    assert_eq!(
        second_run.matches("statement_sent").count(),
        0,
        "a second run sent statements"
    );
    assert_eq!(again.code, 0, "{}", again.all());
    assert_eq!(
        journal.matches("\"event\":\"statement_done\"").count(),
        92,
        "46 partitions, each created then attached"
    );
    assert_eq!(journal.matches("\"outcome\":\"error\"").count(), 0);
}

#[test]
fn gaps_are_filled_when_the_plan_says_so() {
    let c = case("gaps", "");
    let p = plan(
        &c.dir,
        "  - id: partitions\n    kind: partitions\n    include: [refund]\n    fill_gaps: true\n",
    );
    let r = rollover("run", &p, &c.site, &c.dir.join("state"), &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(
        pg().partitions(&c.db, "einv", "refund"),
        months("refund_p", (2026, 1), 24, false, false)
    );
    assert!(
        r.stdout
            .contains("verified table by table: 1 time-partitioned tables reach 2027-12"),
        "{}",
        r.stdout
    );
}

#[test]
fn rows_for_next_january_in_a_default_partition_stop_before_any_ddl() {
    let c = case("default-rows", "INSERT INTO einv.bill_invoice VALUES (1, '2027-01-03'), (2, '2027-02-11'), (3, '2026-06-01');");
    let pg = pg();
    let _catalogs = comparing_catalogs();
    let before = pg.catalog_fingerprint(&c.db);
    let p = plan(
        &c.dir,
        "  - id: partitions\n    kind: partitions\n    exclude: [archive, by_type]\n",
    );
    let r = rollover("run", &p, &c.site, &c.dir.join("state"), &["--yes"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout.contains("BLOCKED  einv.bill_invoice: 2 rows for the new months (from 202701) already sit in the DEFAULT partition bill_invoice_default"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("=> halted: [严重] stopped before any DDL"),
        "{}",
        r.stdout
    );
    assert_eq!(
        pg.catalog_fingerprint(&c.db),
        before,
        "DDL ran although a table blocked"
    );
    // The other tables were inspected and reported too: one broken table hides none.
    assert!(
        r.stdout.contains("extend   einv.pay_record: 12 months"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_table_in_scope_only_when_the_patterns_say_so() {
    let c = case("scope", "");
    let p = plan(&c.dir, "  - id: partitions\n    kind: partitions\n    include: [bill_*, PAY_*]\n    exclude: [\"*_type\"]\n");
    let r = rollover("plan", &p, &c.site, &c.dir.join("state"), &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains("2 tables in scope: 2 to extend"),
        "{}",
        r.stdout
    );
}

#[test]
fn next_year_tablespaces_beside_this_years_and_partitions_inside_them() {
    let _tablespaces = creating_tablespaces();
    let c = case("ts", "");
    let pg = pg();
    let tag = c.db.replace('-', "_");
    let base = pg.server_tree(
        "ts",
        &["a/data_2026", "a/data_2027", "b/idx_2026", "b/idx_2027"],
    );
    let (data26, idx26) = (base.join("a/data_2026"), base.join("b/idx_2026"));
    pg.sql(
        &c.db,
        &format!(
            "CREATE TABLESPACE {tag}_data_2026 LOCATION '{}'; ",
            data26.display()
        ),
    );
    pg.sql(
        &c.db,
        &format!(
            "CREATE TABLESPACE {tag}_idx_2026 LOCATION '{}';",
            idx26.display()
        ),
    );
    let steps = format!(
        "  - id: tablespaces\n    kind: tablespaces\n    names: [\"{tag}_*_{{year}}\"]\n  - id: partitions\n    kind: partitions\n    include: [bill_invoice]\n    tablespace: \"{tag}_data_{{year}}\"\n"
    );
    let p = plan(&c.dir, &steps);
    let state = c.dir.join("state");
    let dry = rollover("plan", &p, &c.site, &state, &["-v"]);
    assert_eq!(dry.code, 0, "{}", dry.all());
    assert!(
        dry.stdout.contains(&format!(
            "CREATE TABLESPACE \"{tag}_data_2027\" LOCATION '{}';",
            base.join("a/data_2027").display()
        )),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout
            .contains(&format!("TABLESPACE \"{tag}_data_2027\";")),
        "partitions planned into the planned tablespace:\n{}",
        dry.stdout
    );

    let r = rollover("run", &p, &c.site, &state, &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let spaces = pg.sql(&c.db, &format!("SELECT spcname || ' ' || pg_tablespace_location(oid) FROM pg_tablespace WHERE spcname LIKE '{tag}%' ORDER BY 1"));
    assert_eq!(
        spaces.lines().collect::<Vec<_>>(),
        vec![
            format!("{tag}_data_2026 {}", data26.display()),
            format!("{tag}_data_2027 {}", base.join("a/data_2027").display()),
            format!("{tag}_idx_2026 {}", idx26.display()),
            format!("{tag}_idx_2027 {}", base.join("b/idx_2027").display()),
        ]
    );
    let parts = pg.partitions(&c.db, "einv", "bill_invoice");
    let new: Vec<&String> = parts.iter().filter(|p| p.contains("_p2027")).collect();
    assert_eq!(new.len(), 12);
    assert!(
        new.iter()
            .all(|p| p.ends_with(&format!("@{tag}_data_2027"))),
        "{new:?}"
    );
    assert!(
        parts
            .iter()
            .filter(|p| p.contains("_p2026"))
            .all(|p| !p.contains('@')),
        "existing partitions untouched"
    );

    let again = rollover("run", &p, &c.site, &state, &["--yes"]);
    assert_eq!(again.code, 0, "{}", again.all());
    assert_eq!(
        again.stdout.matches("=> already satisfied: ").count(),
        2,
        "{}",
        again.stdout
    );
}

#[test]
fn tablespace_anomalies_stop_and_send_the_engineer_to_the_tech_center() {
    let _tablespaces = creating_tablespaces();
    let c = case("ts-anomaly", "");
    let pg = pg();
    let tag = c.db.replace('-', "_");
    let base = pg.server_tree("tsa", &["a/data_2026", "elsewhere/data_2027", "c/x_2026"]);
    pg.sql(
        &c.db,
        &format!(
            "CREATE TABLESPACE {tag}_data_2026 LOCATION '{}';",
            base.join("a/data_2026").display()
        ),
    );
    pg.sql(
        &c.db,
        &format!(
            "CREATE TABLESPACE {tag}_data_2027 LOCATION '{}';",
            base.join("elsewhere/data_2027").display()
        ),
    );
    pg.sql(
        &c.db,
        &format!(
            "CREATE TABLESPACE {tag}_x_2026 LOCATION '{}';",
            base.join("c/x_2026").display()
        ),
    );
    let step =
        |names: &str| format!("  - id: tablespaces\n    kind: tablespaces\n    names: [{names}]\n");
    let before = pg.sql(&c.db, "SELECT count(*) FROM pg_tablespace");

    let p = plan(&c.dir, &step(&format!("\"{tag}_data_{{year}}\"")));
    let r = rollover("run", &p, &c.site, &c.dir.join("s1"), &["--yes"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout.contains(&format!(
            "tablespace {tag}_data_2027 already exists in {}",
            base.join("elsewhere/data_2027").display()
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("contact the tech center (技术中心)"),
        "{}",
        r.stdout
    );

    let p = plan(&c.dir, &step(&format!("\"{tag}_nothing_{{year}}\"")));
    let r = rollover("run", &p, &c.site, &c.dir.join("s2"), &["--yes"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains(&format!("no tablespace matches `{tag}_nothing_2026`")),
        "{}",
        r.stdout
    );

    // The 2027 directory for x_2026 does not exist: the step says how to make it.
    let p = plan(&c.dir, &step(&format!("\"{tag}_x_{{year}}\"")));
    let r = rollover("run", &p, &c.site, &c.dir.join("s3"), &["--yes"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let missing = base.join("c/x_2027").display().to_string();
    assert!(
        r.stdout.contains(&format!(
            "mkdir -p {missing} && chown postgres:postgres {missing} && chmod 700 {missing}"
        )),
        "{}",
        r.stdout
    );
    assert_eq!(
        pg.sql(&c.db, "SELECT count(*) FROM pg_tablespace"),
        before,
        "a tablespace was created despite the stop"
    );
}

#[test]
fn catalog_round_trips_do_not_grow_with_the_number_of_tables() {
    let pg = pg();
    let mut counts = Vec::new();
    for n in [5, 500] {
        let db = pg.fresh_db(&format!("trips{n}"));
        pg.sql(&db, &format!(
            "CREATE SCHEMA einv; DO $$ BEGIN FOR i IN 1..{n} LOOP \
             EXECUTE format('CREATE TABLE einv.t%s (d date NOT NULL) PARTITION BY RANGE (d)', i); \
             EXECUTE format('CREATE TABLE einv.t%s_p202612 PARTITION OF einv.t%s FOR VALUES FROM (''2026-12-01'') TO (''2027-01-01'')', i, i); \
             EXECUTE format('CREATE TABLE einv.t%s_pdef PARTITION OF einv.t%s DEFAULT', i, i); \
             END LOOP; END $$;"
        ));
        let dir = scratch("trips");
        let site = site_file(&dir, &pg.url(&db), &["einv"]);
        let p = plan(&dir, PARTITIONS_STEP);
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
    assert_eq!(
        counts[0], counts[1],
        "round trips for 5 and 500 tables: {counts:?}"
    );
    // Partitions, tablespaces, schemas, partitioned tables, plain tables, child properties,
    // pg_partman presence, the read's statement timeout, the snapshot exported for the
    // second session (which reads half of them at the same time), the columns of pg_class and
    // pg_attribute that children's facets compare, and those facets of the recent children (one
    // read whatever the number of tables: siblings compared with new children).
    assert!((1..=12).contains(&counts[0]), "{counts:?}");
}

/// The catalog's reads run on two sessions at once; a user allowed one connection only gets the
/// same plan, every read on its one session.
#[test]
fn one_connection_allowed_still_plans_every_table() {
    let pg = pg();
    let db = pg.fresh_db("lone");
    let role = format!("lone_{}", db.trim_start_matches("lone_"));
    pg.sql(&db, &format!(
        "CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}' CONNECTION LIMIT 1; \
         CREATE SCHEMA einv AUTHORIZATION {role}; SET ROLE {role}; \
         DO $$ BEGIN FOR i IN 1..3 LOOP \
         EXECUTE format('CREATE TABLE einv.t%s (d date NOT NULL) PARTITION BY RANGE (d)', i); \
         EXECUTE format('CREATE TABLE einv.t%s_p202612 PARTITION OF einv.t%s FOR VALUES FROM (''2026-12-01'') TO (''2027-01-01'')', i, i); \
         END LOOP; END $$;"
    ));
    let planned = |url: &str, name: &str| {
        let dir = scratch(name);
        let site = site_file(&dir, url, &["einv"]);
        let p = plan(&dir, PARTITIONS_STEP);
        let r = rollover("plan", &p, &site, &dir.join("state"), &["--json"]);
        assert_eq!(r.code, 0, "{}", r.all());
        let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        doc["records"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["sql"].as_str().map(str::to_string))
            .collect::<Vec<_>>()
    };
    let lone = planned(
        &format!("postgres://{role}@127.0.0.1:{}/{db}", pg.port),
        "lone",
    );
    assert_eq!(lone.len(), 3 * 12 * 2, "{lone:?}");
    // The administrator (two sessions) plans the same, and gives each child its table's owner.
    let admin: Vec<String> = planned(&pg.url(&db), "lone-admin")
        .into_iter()
        .filter(|s| !s.contains(" OWNER TO "))
        .collect();
    assert_eq!(lone, admin);
}

#[test]
fn a_locked_table_is_retried_the_others_go_on_and_the_holder_is_named() {
    let c = case("locked", "");
    let pg = pg();
    let _holder = pg.session(&c.db, "BEGIN; LOCK TABLE einv.pay_record IN SHARE MODE;");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while pg.sql(&c.db, "SELECT count(*) FROM pg_locks WHERE mode = 'ShareLock' AND relation = 'einv.pay_record'::regclass") == "0" {
        assert!(std::time::Instant::now() < deadline, "the holder never took its lock");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let p = plan(
        &c.dir,
        "  - id: partitions\n    kind: partitions\n    include: [pay_record, op_log]\n",
    );
    let state = c.dir.join("state");
    let mut a = vec![
        "run",
        "--plan",
        p.to_str().unwrap(),
        "--site",
        c.site.to_str().unwrap(),
        "--today",
        "2026-12-20",
        "--yes",
    ];
    a.extend_from_slice(&["--state-dir", state.to_str().unwrap()]);
    let r = yearend(
        &a,
        &[
            ("YEAREND_DB_PASSWORD", PASSWORD),
            ("YEAREND_LOCK_TIMEOUT", "1"),
            ("YEAREND_LOCK_RETRIES", "3"),
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stdout
            .contains("lock wait (canceling statement due to lock timeout); the table's 24 statements rolled back; retry 1/2 in 1s"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("retry 2/2 in 2s"), "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "einv.pay_record is still locked: the other tables go first, then it is tried again"
        ),
        "{}",
        r.stdout
    );
    // The holder is named: the psql session above, idle in its transaction.
    assert!(
        r.stdout.contains(
            "still locked after every other table was done: einv.pay_record (held by pid "
        ) && r
            .stdout
            .contains("application psql, idle in transaction since"),
        "{}",
        r.stdout
    );
    let journal = std::fs::read_to_string(state.join("journal.jsonl")).unwrap();
    assert_eq!(
        journal.matches("\"outcome\":\"error\"").count(),
        6,
        "3 attempts, then 3 more at the end"
    );
    assert_eq!(
        pg.partitions(&c.db, "einv", "op_log")
            .iter()
            .filter(|p| p.contains("_p2027"))
            .count(),
        12,
        "the table after the locked one was extended"
    );
    assert!(
        journal.contains("\"event\":\"run_end\""),
        "the journal records how the run ended"
    );
    assert_eq!(
        pg.partitions(&c.db, "einv", "pay_record").len(),
        12,
        "nothing was created"
    );
}

#[test]
fn without_yes_and_without_a_terminal_ddl_is_not_executed() {
    let c = case("noyes", "");
    let pg = pg();
    let _catalogs = comparing_catalogs();
    let before = pg.catalog_fingerprint(&c.db);
    let p = plan(
        &c.dir,
        "  - id: partitions\n    kind: partitions\n    include: [pay_record]\n",
    );
    let r = rollover("run", &p, &c.site, &c.dir.join("state"), &[]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("24 statements are ready but were not approved: run again with --yes"),
        "{}",
        r.stdout
    );
    assert_eq!(pg.catalog_fingerprint(&c.db), before);
}

#[test]
fn the_approval_prompt_lists_the_statements_and_asks_again_on_anything_but_yes_or_no() {
    let c = case("prompt", "");
    let pg = pg();
    let p = plan(
        &c.dir,
        "  - id: partitions\n    kind: partitions\n    include: [pay_record]\n",
    );
    let state = c.dir.join("state");
    let args = [
        "run",
        "--plan",
        p.to_str().unwrap(),
        "--site",
        c.site.to_str().unwrap(),
        "--today",
        "2026-12-20",
        "--state-dir",
        state.to_str().unwrap(),
        "--operator",
        "张工",
    ];
    let (code, out) = on_a_terminal(&args, "maybe\ny", "en");
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(r#"CREATE TABLE "einv"."pay_record_p202701""#),
        "the statements are shown before the question: {out}"
    );
    assert!(
        out.contains("Please answer yes/y/是 or no/n/否"),
        "asked again after `maybe`: {out}"
    );
    assert_eq!(
        pg.partitions(&c.db, "einv", "pay_record")
            .iter()
            .filter(|p| p.contains("_p2027"))
            .count(),
        12
    );
}

/// Ctrl-C while a CREATE waits on a lock: the statement is cancelled on the server (no orphan
/// session goes on to create the partition after the tool has gone), the journal says
/// interrupted, and the next run starts without "another run" (exit 4) and finishes the job.
#[test]
fn sigint_while_a_statement_waits_cancels_it_on_the_server_and_the_next_run_goes_on() {
    let c = case("sigint", "");
    let pg = pg();
    let holder = pg.session(&c.db, "BEGIN; LOCK TABLE einv.pay_record IN SHARE MODE;");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while pg.sql(&c.db, "SELECT count(*) FROM pg_locks WHERE mode = 'ShareLock' AND relation = 'einv.pay_record'::regclass") == "0" {
        assert!(std::time::Instant::now() < deadline, "the holder never took its lock");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let p = plan(
        &c.dir,
        "  - id: partitions\n    kind: partitions\n    include: [pay_record]\n",
    );
    let state = c.dir.join("state");
    let args = [
        "run",
        "--plan",
        p.to_str().unwrap(),
        "--site",
        c.site.to_str().unwrap(),
        "--today",
        "2026-12-20",
        "--yes",
        "--state-dir",
        state.to_str().unwrap(),
    ];
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_yearend"))
        .args(args)
        .env("YEAREND_LANG", "en")
        .env("YEAREND_DB_PASSWORD", PASSWORD)
        .env("YEAREND_LOCK_TIMEOUT", "120")
        .env("YEAREND_OPERATOR", OPERATOR)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the CREATE is waiting on the server, then Ctrl-C.
    let waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'yearend' AND wait_event_type = 'Lock'";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while pg.sql(&c.db, waiting) == "0" {
        assert!(
            std::time::Instant::now() < deadline,
            "yearend never waited on the lock"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(130), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("SIGINT: cancelling the statement in flight"),
        "{stderr}"
    );
    assert!(
        stdout.contains("interrupted (SIGINT): the statement in flight was cancelled on the server and did not take effect: ALTER TABLE \"einv\".\"pay_record\" ATTACH PARTITION")
            && stdout.contains("To go on: yearend run --plan"),
        "{stdout}"
    );
    // The server notices the closed connection within moments; nothing may stay waiting.
    let gone = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let sessions = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'yearend'";
    while pg.sql(&c.db, sessions) != "0" {
        assert!(
            std::time::Instant::now() < gone,
            "a yearend session is left on the server: {}",
            pg.sql(&c.db, "SELECT string_agg(pid::text || ' ' || state || ' ' || coalesce(wait_event_type, '-') || ' ' || left(query, 80), ' | ') FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'yearend'")
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    drop(holder);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(
        pg.sql(&c.db, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'einv.pay_record'::regclass AND inhrelid::regclass::text LIKE '%2027%'"),
        "0",
        "nothing was created after the tool stopped"
    );
    let journal = std::fs::read_to_string(state.join("journal.jsonl")).unwrap();
    assert!(journal.contains("\"outcome\":\"interrupted\""), "{journal}");
    assert!(journal.contains("\"exit_code\":130"), "{journal}");
    let again = yearend(&args, &[("YEAREND_DB_PASSWORD", PASSWORD)]);
    assert_eq!(again.code, 0, "{}", again.all());
    assert_eq!(
        pg.sql(&c.db, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'einv.pay_record'::regclass AND inhrelid::regclass::text LIKE '%2027%'"),
        "12"
    );
}

/// A long report holding a table (ACCESS SHARE, as any SELECT does) does not stall the rollover,
/// and the rollover does not queue the hospital's inserts behind it: each child is created on its
/// own and ATTACHed, which needs only SHARE UPDATE EXCLUSIVE on the parent. The premise is
/// checked first: the old `CREATE TABLE … PARTITION OF` (ACCESS EXCLUSIVE) waits for the report.
#[test]
fn a_long_report_neither_stalls_the_rollover_nor_queues_inserts_behind_it() {
    let c = case("online", "");
    let pg = pg();
    let _report = pg.session(
        &c.db,
        "BEGIN; SELECT count(*) FROM einv.pay_record; SELECT pg_sleep(600);",
    );
    let held = "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid \
                WHERE l.relation = 'einv.pay_record'::regclass AND l.mode = 'AccessShareLock' AND a.application_name = 'psql'";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while pg.sql(&c.db, held) == "0" {
        assert!(
            std::time::Instant::now() < deadline,
            "the report never held its table"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let old = pg.psql(
        &c.db,
        "SET lock_timeout = '1s'; CREATE TABLE einv.probe_x PARTITION OF einv.pay_record FOR VALUES FROM (209901) TO (209902);",
    );
    assert!(
        !old.status.success() && String::from_utf8_lossy(&old.stderr).contains("lock timeout"),
        "CREATE … PARTITION OF should wait for the report: {}",
        String::from_utf8_lossy(&old.stderr)
    );
    let p = plan(
        &c.dir,
        "  - id: partitions\n    kind: partitions\n    include: [pay_record]\n",
    );
    let state = c.dir.join("state");
    let r = yearend(
        &[
            "run",
            "--plan",
            p.to_str().unwrap(),
            "--site",
            c.site.to_str().unwrap(),
            "--today",
            "2026-12-20",
            "--yes",
            "--state-dir",
            state.to_str().unwrap(),
        ],
        &[
            ("YEAREND_DB_PASSWORD", PASSWORD),
            ("YEAREND_LOCK_TIMEOUT", "1"),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!r.stdout.contains("lock wait"), "{}", r.stdout);
    // Inserts go on while the report still holds the table, into the new year too.
    pg.sql(
        &c.db,
        "SET lock_timeout = '1s'; INSERT INTO einv.pay_record (id, pay_month) VALUES (1, 202703);",
    );
}

/// `status --live` compares the journal with the database: after a run every partition it
/// journaled as created exists; one dropped by hand is named and the exit is 1; without --live
/// the comparison is said not to have run.
#[test]
fn status_live_names_a_partition_dropped_after_the_run() {
    let c = case("live", "");
    let p = plan(
        &c.dir,
        "  - id: partitions\n    kind: partitions\n    include: [pay_record]\n",
    );
    let state = c.dir.join("state");
    let r = rollover("run", &p, &c.site, &state, &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let status = |extra: &[&str]| {
        let mut a = vec![
            "status",
            "--site",
            c.site.to_str().unwrap(),
            "--today",
            "2026-12-20",
            "--state-dir",
            state.to_str().unwrap(),
        ];
        a.extend_from_slice(extra);
        yearend(&a, &[("YEAREND_DB_PASSWORD", PASSWORD)])
    };
    let offline = status(&[]);
    assert!(
        offline.stdout.contains("live catalog: not compared"),
        "{}",
        offline.stdout
    );
    let live = status(&["--live"]);
    assert_eq!(live.code, 0, "{}", live.all());
    assert!(
        live.stdout
            .contains("live catalog: all 12 objects the journal says were created exist"),
        "{}",
        live.stdout
    );
    pg().sql(&c.db, "DROP TABLE einv.pay_record_p202703");
    let gone = status(&["--live"]);
    assert_eq!(gone.code, 1, "{}", gone.all());
    assert!(
        gone.stdout.contains("1 of the 12 objects")
            && gone.stdout.contains("einv.pay_record pay_record_p202703"),
        "{}",
        gone.stdout
    );
    // The report says it too, in Chinese, and exits 1.
    let report = yearend(
        &[
            "report",
            "--site",
            c.site.to_str().unwrap(),
            "--today",
            "2026-12-20",
            "--state-dir",
            state.to_str().unwrap(),
            "--live",
            "--lang",
            "zh-CN",
        ],
        &[("YEAREND_DB_PASSWORD", PASSWORD)],
    );
    assert_eq!(report.code, 1, "{}", report.all());
    assert!(
        report.stdout.contains("| 数据库现状 | 数据库现状：日志记为已创建的 12 个对象中 1 个已不在：einv.pay_record pay_record_p202703"),
        "{}",
        report.stdout
    );
}
