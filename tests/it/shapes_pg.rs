//! Partitions as hospitals have them, on a real PostgreSQL 15: one table per key codec × period,
//! each extended by its own period through December of the new year with the exact bounds
//! asserted and a row at the last second of the new year (site zone) landing in a new,
//! non-default partition; catch-all tails, ambiguous and other-zone keys halting or reviewed
//! with the site-file lines that settle them; a scope that selects nothing refused; children
//! that carry their siblings' unique indexes, range CHECKs, grants, owner and storage.

use crate::support::*;
use std::path::{Path, PathBuf};

/// Monthly partitions of the closing year, one statement per month, for a key written by `b`.
fn months(table: &str, b: impl Fn(i32, u32) -> String) -> String {
    monthly_2026(
        &format!("einv.{table}"),
        |m| format!("einv.{table}_p2026{m:02}"),
        b,
    )
}

/// Epoch seconds of midnight, 1st of the month, at UTC+8.
fn epoch(y: i32, m: u32) -> i64 {
    chrono::NaiveDate::from_ymd_opt(y, m, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp()
        - 8 * 3600
}

fn schema() -> String {
    let mut s = String::from(
        "CREATE SCHEMA einv;\n\
         CREATE TABLE einv.pay_ym (id bigint, k bigint NOT NULL) PARTITION BY RANGE (k);\n\
         CREATE TABLE einv.bill_ym_text (id bigint, k varchar(6) NOT NULL) PARTITION BY RANGE (k);\n\
         CREATE TABLE einv.audit_tz (id bigint, k timestamptz NOT NULL) PARTITION BY RANGE (k);\n\
         CREATE TABLE einv.log_day (id bigint, k numeric(8,0) NOT NULL) PARTITION BY RANGE (k);\n\
         CREATE TABLE einv.stat_q (id bigint, k char(8) NOT NULL) PARTITION BY RANGE (k);\n\
         CREATE TABLE einv.sum_year (id bigint, k date NOT NULL) PARTITION BY RANGE (k);\n\
         CREATE TABLE einv.ahead (id bigint, k date NOT NULL) PARTITION BY RANGE (k);\n\
         CREATE TABLE einv.by_id (id bigint NOT NULL) PARTITION BY RANGE (id);\n",
    );
    s += &months("pay_ym", |y, m| format!("{y}{m:02}"));
    s += &months("bill_ym_text", |y, m| format!("'{y}{m:02}'"));
    s += &months("audit_tz", |y, m| format!("'{y}-{m:02}-01 00:00:00+08'"));
    s += "CREATE TABLE einv.log_day_p20261230 PARTITION OF einv.log_day FOR VALUES FROM (20261230) TO (20261231);\n\
          CREATE TABLE einv.log_day_p20261231 PARTITION OF einv.log_day FOR VALUES FROM (20261231) TO (20270101);\n\
          CREATE TABLE einv.stat_q_2026q3 PARTITION OF einv.stat_q FOR VALUES FROM ('20260701') TO ('20261001');\n\
          CREATE TABLE einv.stat_q_2026q4 PARTITION OF einv.stat_q FOR VALUES FROM ('20261001') TO ('20270101');\n\
          CREATE TABLE einv.sum_year_y2026 PARTITION OF einv.sum_year FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');\n\
          CREATE TABLE einv.by_id_p1 PARTITION OF einv.by_id FOR VALUES FROM (0) TO (1000000);\n\
          CREATE TABLE einv.by_id_p2 PARTITION OF einv.by_id FOR VALUES FROM (1000000) TO (2000000);\n\
          DO $$ DECLARE d date := '2026-01-01'; BEGIN WHILE d < '2031-01-01' LOOP \
            EXECUTE format('CREATE TABLE einv.ahead_p%s PARTITION OF einv.ahead FOR VALUES FROM (%L) TO (%L)', to_char(d, 'YYYYMM'), d, (d + interval '1 month')::date); \
            d := (d + interval '1 month')::date; END LOOP; END $$;\n";
    s
}

struct Hospital {
    db: String,
    dir: PathBuf,
    site: PathBuf,
}

fn hospital(name: &str, sql: &str, site_extra: &str) -> Hospital {
    let pg = pg();
    let db = pg.fresh_db(name);
    // A server whose zone is not the site's: bounds must still be computed in the site's zone.
    pg.sql(&db, &format!("ALTER DATABASE {db} SET timezone = 'UTC'"));
    pg.sql(&db, sql);
    let dir = scratch(name);
    let site = write(
        &dir,
        "site.yaml",
        &format!(
            "hospital: 形状测试医院\ncode: S001\ndatabase:\n  url: {}\n  schemas: [einv]\ntime_zone: Asia/Shanghai\n{site_extra}",
            pg.url(&db)
        ),
    );
    Hospital { db, dir, site }
}

fn plan(dir: &Path, step_extra: &str) -> PathBuf {
    write(
        dir,
        "plan.yaml",
        &format!("name: 形状方案\nmode: old_year_bills_usable\nsteps:\n  - id: partitions\n    kind: partitions\n{step_extra}"),
    )
}

/// The partition a row lands in.
fn lands_in(db: &str, table: &str, value: &str) -> String {
    pg().sql(
        db,
        &format!("INSERT INTO einv.{table} (id, k) VALUES (1, {value}) RETURNING tableoid::regclass::text"),
    )
}

#[test]
fn every_key_codec_and_period_is_extended_by_its_own_period() {
    let h = hospital("shapes", &schema(), "");
    let p = plan(&h.dir, "    exclude: [audit_utc]\n");
    let state = h.dir.join("state");
    let r = rollover("run", &p, &h.site, &state, &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.all());
    for line in [
        "extend   einv.pay_ym: 12 months 202701…202712",
        "extend   einv.bill_ym_text: 12 months 202701…202712",
        "extend   einv.audit_tz: 12 months 202701…202712",
        "extend   einv.log_day: 365 days 20270101…20271231",
        "extend   einv.stat_q: 4 quarters 2027Q1…2027Q4",
        "extend   einv.sum_year: 1 year 2027…2027",
        "info     einv.by_id: not time-partitioned: not extended (numeric ranges that are not dates",
        "8 tables in scope: 6 to extend, 1 already covered, 0 excluded, 1 not time-partitioned, 0 to review, 0 blocked",
    ] {
        assert!(r.stdout.contains(line), "missing `{line}`:\n{}", r.stdout);
    }
    let pg = pg();
    let parts = |t: &str| pg.partitions(&h.db, "einv", t);
    assert!(
        parts("pay_ym")
            .contains(&"pay_ym_p202712 FOR VALUES FROM ('202712') TO ('202801')".to_string()),
        "{:?}",
        parts("pay_ym")
    );
    assert!(parts("bill_ym_text")
        .contains(&"bill_ym_text_p202701 FOR VALUES FROM ('202701') TO ('202702')".to_string()));
    assert!(parts("audit_tz").contains(&"audit_tz_p202712 FOR VALUES FROM ('2027-11-30 16:00:00+00') TO ('2027-12-31 16:00:00+00')".to_string()), "{:?}", parts("audit_tz"));
    assert!(parts("log_day")
        .contains(&"log_day_p20271231 FOR VALUES FROM ('20271231') TO ('20280101')".to_string()));
    assert!(
        parts("stat_q")
            .contains(&"stat_q_2027q4 FOR VALUES FROM ('20271001') TO ('20280101')".to_string()),
        "{:?}",
        parts("stat_q")
    );
    assert!(
        parts("sum_year").contains(
            &"sum_year_y2027 FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')".to_string()
        ),
        "{:?}",
        parts("sum_year")
    );
    assert_eq!(
        parts("ahead").len(),
        60,
        "pre-created monthly through 2030: covered, nothing added"
    );
    // The last second of the new year, in the site's zone, lands in a new partition.
    assert_eq!(lands_in(&h.db, "pay_ym", "202712"), "einv.pay_ym_p202712");
    assert_eq!(
        lands_in(&h.db, "bill_ym_text", "'202712'"),
        "einv.bill_ym_text_p202712"
    );
    assert_eq!(
        lands_in(&h.db, "audit_tz", "'2027-12-31 23:59:59+08'"),
        "einv.audit_tz_p202712"
    );
    assert_eq!(
        lands_in(&h.db, "log_day", "20271231"),
        "einv.log_day_p20271231"
    );
    assert_eq!(
        lands_in(&h.db, "stat_q", "'20271231'"),
        "einv.stat_q_2027q4"
    );
    assert_eq!(
        lands_in(&h.db, "sum_year", "'2027-12-31'"),
        "einv.sum_year_y2027"
    );
}

#[test]
fn epoch_keys_and_other_zones_are_never_guessed_and_the_site_file_settles_them() {
    let mut sql = String::from(
        "CREATE SCHEMA einv;\n\
         CREATE TABLE einv.bill_epoch (id bigint, k bigint NOT NULL) PARTITION BY RANGE (k);\n\
         CREATE TABLE einv.audit_utc (id bigint, k timestamptz NOT NULL) PARTITION BY RANGE (k);\n",
    );
    sql += &months("bill_epoch", |y, m| epoch(y, m).to_string());
    sql += &months("audit_utc", |y, m| format!("'{y}-{m:02}-01 00:00:00+00'"));
    // Local midnights stored as UTC wall-clock time in a timestamp without zone: 16:00 the day
    // before.
    let wall = |y: i32, m: u32| {
        let d = chrono::NaiveDate::from_ymd_opt(y, m, 1).unwrap() - chrono::Duration::days(1);
        format!("'{d} 16:00:00'")
    };
    sql += "CREATE TABLE einv.stamp16 (id bigint, k timestamp NOT NULL) PARTITION BY RANGE (k);\n\
            CREATE TABLE einv.stamp_typed (id bigint, k timestamp NOT NULL) PARTITION BY RANGE (k);\n";
    sql += &months("stamp16", wall);
    sql += &months("stamp_typed", wall);
    let h = hospital(
        "epoch",
        &sql,
        "partitions:\n  key_format:\n    einv.stamp_typed: \"timestamptz +00:00\"\n",
    );
    let p = plan(&h.dir, "");
    let r = rollover("plan", &p, &h.site, &h.dir.join("s1"), &[]);
    assert_eq!(r.code, 1, "{}", r.all());
    for line in [
        "BLOCKED  einv.bill_epoch: integer bounds that look like epoch_seconds",
        "einv.bill_epoch: \"epoch_seconds\"",
        "review   einv.audit_utc: its bounds are midnights at UTC+00:00, not in the site's zone Asia/Shanghai (UTC+08:00)",
        "BLOCKED  einv.stamp16: its bounds are not midnights (such as '2026-01-31 16:00:00'); they read as midnights of the site's zone Asia/Shanghai written as wall time at UTC+00:00",
        "einv.stamp16: \"timestamp +00:00\"",
        "BLOCKED  einv.stamp_typed: the site file says the key is `timestamptz +00:00`, but the key's type is timestamp without time zone: for that type write timestamp, timestamp +HH:MM",
    ] {
        assert!(r.stdout.contains(line), "missing `{line}`:\n{}", r.stdout);
    }
    // The lines to paste are lines of their own, never `\n` inside one line.
    assert!(
        r.stdout
            .lines()
            .any(|l| l.trim() == "einv.audit_utc: \"timestamptz +00:00\""),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("\\n"), "{}", r.stdout);
    // The engineer adds the lines the tool printed; the same tables are extended.
    let settled = hospital(
        "epoch-settled",
        &sql,
        "partitions:\n  key_format:\n    einv.bill_epoch: epoch_seconds\n    einv.audit_utc: \"timestamptz +00:00\"\n    einv.stamp16: \"timestamp +00:00\"\n    einv.stamp_typed: \"timestamp +00:00\"\n",
    );
    let r = rollover(
        "run",
        &plan(&settled.dir, ""),
        &settled.site,
        &settled.dir.join("s"),
        &["--yes"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let pg = pg();
    let last = format!(
        "bill_epoch_p202712 FOR VALUES FROM ('{}') TO ('{}')",
        epoch(2027, 12),
        epoch(2028, 1)
    );
    assert!(
        pg.partitions(&settled.db, "einv", "bill_epoch")
            .contains(&last),
        "{:?}",
        pg.partitions(&settled.db, "einv", "bill_epoch")
    );
    let utc = "audit_utc_p202712 FOR VALUES FROM ('2027-12-01 00:00:00+00') TO ('2028-01-01 00:00:00+00')".to_string();
    assert!(
        pg.partitions(&settled.db, "einv", "audit_utc")
            .contains(&utc),
        "continued at UTC midnight"
    );
    assert!(
        pg.partitions(&settled.db, "einv", "stamp16").contains(
            &"stamp16_p202712 FOR VALUES FROM ('2027-11-30 16:00:00') TO ('2027-12-31 16:00:00')"
                .to_string()
        ),
        "{:?}",
        pg.partitions(&settled.db, "einv", "stamp16")
    );
    // The last second of the new year, local time, written as UTC wall time.
    assert_eq!(
        pg.sql(&settled.db, "INSERT INTO einv.stamp16 VALUES (1, '2027-12-31 15:59:59') RETURNING tableoid::regclass::text"),
        "einv.stamp16_p202712"
    );
    let last_second = (epoch(2028, 1) - 1).to_string();
    assert_eq!(
        pg.sql(&settled.db, &format!("INSERT INTO einv.bill_epoch VALUES (1, {last_second}) RETURNING tableoid::regclass::text")),
        "einv.bill_epoch_p202712"
    );
}

#[test]
fn a_catch_all_tail_halts_on_postgresql_and_is_never_covered() {
    let sql = "CREATE SCHEMA einv;\n\
               CREATE TABLE einv.bill (id bigint, k date NOT NULL) PARTITION BY RANGE (k);\n\
               CREATE TABLE einv.bill_p202611 PARTITION OF einv.bill FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');\n\
               CREATE TABLE einv.bill_p202612 PARTITION OF einv.bill FOR VALUES FROM ('2026-12-01') TO ('2027-01-01');\n\
               CREATE TABLE einv.bill_max PARTITION OF einv.bill FOR VALUES FROM ('2027-01-01') TO ('2100-01-01');\n";
    let h = hospital("catchall", sql, "");
    let r = rollover(
        "run",
        &plan(&h.dir, ""),
        &h.site,
        &h.dir.join("s"),
        &["--yes"],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stdout.contains("BLOCKED  einv.bill: covered only by the catch-all partition bill_max (2027-01-01 … 2100-01-01)"), "{}", r.stdout);
    assert!(
        r.stdout.contains("DETACH PARTITION bill_max"),
        "the manual remedy:\n{}",
        r.stdout
    );
    assert_eq!(pg().partitions(&h.db, "einv", "bill").len(), 3);
}

#[test]
fn a_scope_that_selects_nothing_is_refused_before_anything_changes() {
    let h = hospital("scope", &schema(), "");
    let typo = write(
        &h.dir,
        "typo.yaml",
        &format!(
            "hospital: x\ncode: S002\ndatabase:\n  url: {}\n  schemas: [ebil]\n",
            pg().url(&h.db)
        ),
    );
    let r = rollover(
        "run",
        &plan(&h.dir, ""),
        &typo,
        &h.dir.join("s1"),
        &["--yes"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr
            .contains("schema `ebil` does not exist in the database (it has: einv, public)"),
        "{}",
        r.stderr
    );
    assert!(
        !h.dir.join("s1/journal.jsonl").exists()
            || !std::fs::read_to_string(h.dir.join("s1/journal.jsonl"))
                .unwrap()
                .contains("statement_sent")
    );
    let r = rollover(
        "plan",
        &plan(&h.dir, "    include: [\"pay_%\"]\n"),
        &h.site,
        &h.dir.join("s2"),
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr
            .contains("patterns are globs: use `*` (for example pay_*)"),
        "{}",
        r.stderr
    );
    let r = rollover(
        "plan",
        &plan(&h.dir, "    include: [pay_yn]\n"),
        &h.site,
        &h.dir.join("s3"),
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr
            .contains("include pattern `pay_yn` matches no table in einv; closest: pay_ym"),
        "{}",
        r.stderr
    );
    let r = rollover(
        "plan",
        &plan(&h.dir, "    include: [PAY_*]\n"),
        &h.site,
        &h.dir.join("s4"),
        &[],
    );
    assert_eq!(r.code, 0, "patterns match case-insensitively: {}", r.all());
    assert!(
        r.stdout
            .contains("scope: 1 tables (schema einv 1); include PAY_* 1"),
        "{}",
        r.stdout
    );
}

#[test]
fn new_children_carry_their_siblings_unique_indexes_checks_grants_owner_and_storage() {
    let mut sql = String::from(
        "DO $$ BEGIN CREATE ROLE app_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n\
         DO $$ BEGIN CREATE ROLE einv_owner; EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n\
         CREATE SCHEMA einv;\n\
         CREATE TABLE einv.bill (id bigint NOT NULL, bill_no varchar(20) NOT NULL, k date NOT NULL) PARTITION BY RANGE (k);\n",
    );
    for m in 10..=12u32 {
        let (lo, hi) = (
            format!("2026-{m:02}-01"),
            if m == 12 {
                "2027-01-01".to_string()
            } else {
                format!("2026-{:02}-01", m + 1)
            },
        );
        let c = format!("bill_p2026{m:02}");
        sql += &format!(
            "CREATE UNLOGGED TABLE einv.{c} PARTITION OF einv.bill FOR VALUES FROM ('{lo}') TO ('{hi}') WITH (fillfactor=70);\n\
             ALTER TABLE einv.{c} ADD CONSTRAINT {c}_pkey PRIMARY KEY (id);\n\
             CREATE UNIQUE INDEX {c}_no ON einv.{c} (bill_no);\n\
             ALTER TABLE einv.{c} ADD CONSTRAINT {c}_range CHECK (k >= '{lo}' AND k < '{hi}');\n\
             GRANT SELECT, INSERT ON einv.{c} TO app_reader;\n\
             ALTER TABLE einv.{c} OWNER TO einv_owner;\n"
        );
    }
    let h = hospital("carry", &sql, "");
    let r = rollover(
        "run",
        &plan(&h.dir, ""),
        &h.site,
        &h.dir.join("s"),
        &["--yes"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let pg = pg();
    let jan = "einv.bill_p202701";
    assert_eq!(pg.sql(&h.db, &format!("SELECT relpersistence::text || ' ' || array_to_string(reloptions, ',') || ' ' || pg_get_userbyid(relowner) FROM pg_class WHERE oid = '{jan}'::regclass")), "u fillfactor=70 einv_owner");
    assert_eq!(
        pg.sql(&h.db, &format!("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '{jan}'::regclass AND contype = 'c'")),
        "CHECK (((k >= '2027-01-01'::date) AND (k < '2027-02-01'::date)))",
        "the range CHECK is translated to January's range"
    );
    assert!(
        pg.sql(
            &h.db,
            &format!("SELECT has_table_privilege('app_reader', '{jan}', 'SELECT')")
        ) == "t"
    );
    pg.sql(
        &h.db,
        "INSERT INTO einv.bill VALUES (1, 'B0001', '2027-01-05')",
    );
    let dup = pg.psql(
        &h.db,
        "INSERT INTO einv.bill VALUES (2, 'B0001', '2027-01-06')",
    );
    assert!(
        !dup.status.success(),
        "a duplicate January bill number must be refused"
    );
    assert!(
        String::from_utf8_lossy(&dup.stderr)
            .contains("duplicate key value violates unique constraint \"bill_p202701_no\""),
        "{}",
        String::from_utf8_lossy(&dup.stderr)
    );
    // A second run has nothing to carry over again.
    let again = rollover(
        "run",
        &plan(&h.dir, ""),
        &h.site,
        &h.dir.join("s"),
        &["--yes"],
    );
    assert_eq!(again.code, 0, "{}", again.all());
}

#[test]
fn new_children_carry_the_pg_partman_template_tables_unique_index() {
    // pg_partman keeps what native partitioning cannot put on the parent (a unique index without
    // the key) in a template table: yearend reads part_config in the catalog's second round trip.
    let sql = "CREATE SCHEMA partman;\n\
         CREATE EXTENSION pg_partman SCHEMA partman;\n\
         CREATE SCHEMA einv;\n\
         CREATE TABLE einv.pay (id bigint NOT NULL, pay_no varchar(20) NOT NULL, k date NOT NULL) PARTITION BY RANGE (k);\n\
         CREATE TABLE einv.pay_p202612 PARTITION OF einv.pay FOR VALUES FROM ('2026-12-01') TO ('2027-01-01');\n\
         CREATE TABLE partman.tpl_pay (LIKE einv.pay);\n\
         CREATE UNIQUE INDEX tpl_pay_no ON partman.tpl_pay (pay_no);\n\
         INSERT INTO partman.part_config (parent_table, control, partition_type, partition_interval, datetime_string, template_table, premake) \
         VALUES ('einv.pay', 'k', 'native', '1 mon', 'YYYYMM', 'partman.tpl_pay', 1);";
    let h = hospital("partman_tpl", sql, "");
    let r = rollover(
        "run",
        &plan(&h.dir, ""),
        &h.site,
        &h.dir.join("s"),
        &["--yes", "-v"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout
            .contains(r#"CREATE UNIQUE INDEX "pay_p202706_no" ON "einv"."pay_p202706""#),
        "{}",
        r.all()
    );
    let pg = pg();
    pg.sql(
        &h.db,
        "INSERT INTO einv.pay VALUES (1, 'P0001', '2027-06-05')",
    );
    let dup = pg.psql(
        &h.db,
        "INSERT INTO einv.pay VALUES (2, 'P0001', '2027-06-06')",
    );
    assert!(
        !dup.status.success(),
        "a duplicate June pay number must be refused by the carried unique index"
    );
    // pg_partman is named with the table it manages.
    assert!(
        r.stdout.contains("pg_partman manages einv.pay"),
        "{}",
        r.all()
    );
}
