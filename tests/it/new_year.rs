//! The year around New Year: "today" is the hospital's date, December opens next year, January
//! the year just opened, and other months must say which.

use crate::support::*;
use chrono::{Datelike, Utc};

fn setup(name: &str, zone: &str) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    let pg = pg();
    let db = pg.fresh_db(name);
    let dir = scratch(name);
    let site = site_file(&dir, &pg.url(&db), &["public"]);
    let text = std::fs::read_to_string(&site).unwrap() + &format!("time_zone: {zone}\n");
    std::fs::write(&site, text).unwrap();
    let plan = write(
        &dir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: hello\n    kind: manual\n    title: 确认\n    instruction: 确认\n",
    );
    (site, plan, dir.join("state"))
}

fn plan(
    site: &std::path::Path,
    plan: &std::path::Path,
    state: &std::path::Path,
    extra: &[&str],
) -> Run {
    let mut a = vec![
        "plan",
        "--plan",
        plan.to_str().unwrap(),
        "--site",
        site.to_str().unwrap(),
        "--state-dir",
        state.to_str().unwrap(),
    ];
    a.extend(extra);
    yearend(&a, &[("YEAREND_DB_PASSWORD", PASSWORD)])
}

#[test]
fn december_opens_next_year_january_the_year_just_opened_other_months_must_say() {
    let (site, p, state) = setup("newyear", "Asia/Shanghai");
    let dec = plan(&site, &p, &state, &["--today", "2026-12-31"]);
    assert_eq!(dec.code, 0, "{}", dec.all());
    assert!(
        dec.stdout.contains("year 2027, today 2026-12-31"),
        "{}",
        dec.stdout
    );
    let jan = plan(&site, &p, &state, &["--today", "2027-01-01"]);
    assert_eq!(jan.code, 0, "{}", jan.all());
    assert!(
        jan.stdout.contains("year 2027, today 2027-01-01"),
        "{}",
        jan.stdout
    );
    assert!(
        jan.stderr
            .contains("January: the year defaults to the one just opened, 2027"),
        "{}",
        jan.stderr
    );
    let june = plan(&site, &p, &state, &["--today", "2026-06-15"]);
    assert_eq!(june.code, 2, "{}", june.all());
    assert!(
        june.stderr
            .contains("--year is needed outside December and January"),
        "{}",
        june.stderr
    );
    let given = plan(
        &site,
        &p,
        &state,
        &["--today", "2026-06-15", "--year", "2027"],
    );
    assert_eq!(given.code, 0, "{}", given.all());
}

#[test]
fn today_is_the_hospitals_date_not_this_machines() {
    // Fourteen hours ahead of UTC and twelve behind: a whole day apart for most of the day.
    for zone in ["Pacific/Kiritimati", "Etc/GMT+12"] {
        let (site, p, state) = setup("sitetoday", zone);
        let tz: chrono_tz::Tz = zone.parse().unwrap();
        let today = Utc::now().with_timezone(&tz).date_naive();
        let year = (today.year() + 1).to_string();
        let r = plan(&site, &p, &state, &["--year", &year]);
        assert_eq!(r.code, 0, "{zone}: {}", r.all());
        assert!(
            r.stdout.contains(&format!("today {today}")),
            "{zone}: {}",
            r.stdout
        );
    }
}

fn monthly(table: &str) -> String {
    format!("CREATE TABLE public.{table} (id bigint, d date) PARTITION BY RANGE (d);\n")
        + &monthly_2026(
            &format!("public.{table}"),
            |m| format!("public.{table}_p2026{m:02}"),
            |y, m| format!("'{y}-{m:02}-01'"),
        )
}

#[test]
fn run_only_extends_just_the_named_table_and_a_full_run_resumes() {
    let pg = pg();
    let db = pg.fresh_db("only");
    pg.sql(&db, &(monthly("eb_bill") + &monthly("eb_log")));
    let dir = scratch("only");
    let site = site_file(&dir, &pg.url(&db), &["public"]);
    let plan = write(
        &dir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: hello\n    kind: manual\n    title: 确认\n    instruction: 确认\n  - id: partitions\n    kind: partitions\n",
    );
    let state = dir.join("state");
    let count = |t: &str| {
        pg.sql(
            &db,
            &format!("SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.{t}'::regclass"),
        )
    };
    let only = rollover(
        "run",
        &plan,
        &site,
        &state,
        &["--yes", "-v", "--only", "public.eb_bill"],
    );
    assert_eq!(only.code, 0, "{}", only.all());
    assert!(
        only.stdout.contains("--only public.eb_bill"),
        "{}",
        only.stdout
    );
    assert!(
        !only.stdout.contains("hello"),
        "the manual step does not run: {}",
        only.stdout
    );
    assert_eq!(
        (count("eb_bill").as_str(), count("eb_log").as_str()),
        ("24", "12")
    );
    for (bad, why) in [
        ("eb_bill", "write SCHEMA.TABLE"),
        ("other.eb_bill", "no partitions step"),
        ("public.no_such", "matches no table"),
    ] {
        let r = rollover("run", &plan, &site, &state, &["--yes", "--only", bad]);
        assert_eq!(r.code, 2, "{bad}: {}", r.all());
        assert!(r.stderr.contains(why), "{bad}: {}", r.stderr);
    }
    let full = rollover(
        "run",
        &plan,
        &site,
        &state,
        &["--yes", "--operator", "张工", "--confirm", "hello"],
    );
    assert_eq!(full.code, 0, "{}", full.all());
    assert_eq!(
        (count("eb_bill").as_str(), count("eb_log").as_str()),
        ("24", "24")
    );
}

#[test]
fn verify_passes_after_a_run_and_names_a_partition_dropped_by_hand() {
    let pg = pg();
    let db = pg.fresh_db("verify");
    pg.sql(&db, &monthly("eb_bill"));
    let dir = scratch("verify");
    let site = site_file(&dir, &pg.url(&db), &["public"]);
    let plan = write(
        &dir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: partitions\n    kind: partitions\n",
    );
    let state = dir.join("state");
    let verify = || {
        yearend(
            &[
                "verify",
                "--plan",
                plan.to_str().unwrap(),
                "--site",
                site.to_str().unwrap(),
                "--state-dir",
                state.to_str().unwrap(),
                "--today",
                "2026-12-31",
            ],
            &[("YEAREND_DB_PASSWORD", PASSWORD)],
        )
    };
    let status = || {
        yearend(
            &[
                "status",
                "--site",
                site.to_str().unwrap(),
                "--state-dir",
                state.to_str().unwrap(),
                "--today",
                "2026-12-31",
            ],
            &[],
        )
    };
    // Before the run, verification finds the work not done.
    let early = verify();
    assert_eq!(early.code, 1, "{}", early.all());
    assert!(
        early.stdout.contains("last verification: ") && early.stdout.contains("FAILED: partitions"),
        "{}",
        early.stdout
    );
    let run = rollover("run", &plan, &site, &state, &["--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());
    // Tablespaces are the cluster's: no other test creates one while this compares catalogs.
    let catalogs = comparing_catalogs();
    let before = pg.catalog_fingerprint(&db);
    let ok = verify();
    assert_eq!(ok.code, 0, "{}", ok.all());
    assert!(
        ok.stdout.starts_with("yearend verify (reads only"),
        "{}",
        ok.stdout
    );
    assert_eq!(
        pg.catalog_fingerprint(&db),
        before,
        "verify changes nothing"
    );
    drop(catalogs);
    assert!(
        status().stdout.contains("h ago): passed, all 1 steps"),
        "{}",
        status().stdout
    );
    // A DBA drops March by hand on 12-30.
    pg.sql(&db, "DROP TABLE public.eb_bill_p202703");
    let bad = verify();
    assert_eq!(bad.code, 1, "{}", bad.all());
    assert!(
        bad.stdout.contains("eb_bill") && bad.stdout.contains("FAILED: partitions"),
        "{}",
        bad.stdout
    );
    let st = status();
    assert!(
        st.stdout.contains("h ago): FAILED: partitions"),
        "{}",
        st.stdout
    );
    let fleet = yearend(
        &[
            "fleet",
            dir.to_str().unwrap(),
            "--json",
            "--today",
            "2026-12-31",
        ],
        &[],
    );
    let doc: serde_json::Value =
        serde_json::from_str(&fleet.stdout).unwrap_or_else(|e| panic!("{e}: {}", fleet.all()));
    let rows = doc["hospitals"].as_array().cloned().unwrap();
    assert_eq!(rows[0]["verification"]["passed"], false, "{}", fleet.stdout);
    // The first-morning fix: one table, then verification passes again.
    let fix = rollover(
        "run",
        &plan,
        &site,
        &state,
        &["--yes", "-v", "--only", "public.eb_bill"],
    );
    assert_eq!(fix.code, 0, "{}", fix.all());
    assert!(fix.stdout.contains("eb_bill_p202703"), "{}", fix.stdout);
    assert_eq!(verify().code, 0);
}

#[test]
fn a_streaming_standby_holds_create_tablespace_until_its_directories_are_confirmed() {
    let primary = Pg::private();
    let db = primary.fresh_db("standby");
    let base = primary.server_tree("standby-ts", &["ts_2026", "ts_2027"]);
    primary.sql(
        &db,
        &format!(
            "CREATE TABLESPACE ts_2026 LOCATION '{}'",
            base.join("ts_2026").display()
        ),
    );
    let (_port, _standby) = primary.start_standby(&[base.join("ts_2026")]);
    let dir = scratch("standby");
    let site = site_file(&dir, &primary.url(&db), &["public"]);
    let plan = write(
        &dir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: tablespaces\n    kind: tablespaces\n    names: [\"ts_{year}\"]\n",
    );
    let state = dir.join("state");
    let exists = || {
        primary.sql(
            "postgres",
            "SELECT count(*) FROM pg_tablespace WHERE spcname = 'ts_2027'",
        )
    };
    let dry = rollover("plan", &plan, &site, &state, &[]);
    assert!(
        dry.stdout.contains("standbys replaying this server: "),
        "{}",
        dry.stdout
    );
    let held = rollover("run", &plan, &site, &state, &["--yes"]);
    assert_ne!(held.code, 0, "{}", held.all());
    assert!(
        held.stdout
            .contains("standbys replay this server's CREATE TABLESPACE")
            && held
                .stdout
                .contains(&base.join("ts_2027").display().to_string())
            && held
                .stdout
                .contains("--confirm tablespaces --operator NAME"),
        "{}",
        held.stdout
    );
    assert_eq!(exists(), "0", "nothing created before the confirmation");
    let done = rollover(
        "run",
        &plan,
        &site,
        &state,
        &["--yes", "--operator", "张工", "--confirm", "tablespaces"],
    );
    assert_eq!(done.code, 0, "{}", done.all());
    assert_eq!(exists(), "1");
    let journal = std::fs::read_to_string(state.join("journal.jsonl")).unwrap();
    assert!(
        journal.contains(
            "\"event\":\"manual_confirmed\",\"step\":\"tablespaces\",\"operator\":\"张工\""
        ),
        "{journal}"
    );
}

/// What else the new year touches, reported and never changed: a per-year table without its 2027
/// twin (and one with it), a sequence numbered 2026xxxxxx, on PostgreSQL; an EVENT that
/// reorganizes partitions on MariaDB.
#[test]
fn per_year_tables_year_sequences_and_vendor_jobs_are_named() {
    let pg = pg();
    let db = pg.fresh_db("touches");
    pg.sql(
        &db,
        &(monthly("pay_record")
            + "CREATE TABLE public.eb_bill_2026 (id bigint); CREATE TABLE public.eb_bill_2027 (id bigint);\n\
               CREATE TABLE public.eb_log_2026 (id bigint);\n\
               CREATE SEQUENCE public.seq_invoice_no MINVALUE 2026000001 MAXVALUE 2026999999;\n\
               CREATE SEQUENCE public.seq_pay;"),
    );
    let dir = scratch("touches");
    let site = site_file(&dir, &pg.url(&db), &["public"]);
    let p = write(
        &dir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: partitions\n    kind: partitions\n",
    );
    let r = plan(&site, &p, &dir.join("state"), &["--today", "2026-12-20"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let notes: Vec<&str> = r.stdout.lines().filter(|l| l.contains("note ")).collect();
    assert!(
        notes
            .iter()
            .any(|l| l
                .contains("per-year table public.eb_log_2026 has no 2027 twin public.eb_log_2027")),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("public.eb_bill_2026 has no"),
        "{}",
        r.stdout
    );
    assert!(
        notes.iter().any(|l| l
            .contains("sequence public.seq_invoice_no carries 2026 (range 2026000001…2026999999)")),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("seq_pay"), "{}", r.stdout);
    assert_eq!(notes.len(), 2, "{}", r.stdout);

    let m = maria();
    let mdb = m.fresh_db("touches_m");
    m.sql(
        &mdb,
        "CREATE TABLE t (id INT, d DATE) PARTITION BY RANGE (TO_DAYS(d)) (PARTITION p202612 VALUES LESS THAN (TO_DAYS('2027-01-01')), PARTITION pmax VALUES LESS THAN MAXVALUE);\n\
         CREATE EVENT ev_new_month ON SCHEDULE EVERY 1 MONTH DO ALTER TABLE t REORGANIZE PARTITION pmax INTO (PARTITION p202701 VALUES LESS THAN (TO_DAYS('2027-02-01')), PARTITION pmax VALUES LESS THAN MAXVALUE);\n\
         CREATE EVENT ev_cleanup ON SCHEDULE EVERY 1 DAY DO DELETE FROM t WHERE d < '2000-01-01';",
    );
    let mdir = scratch("touches_m");
    let msite = site_file(&mdir, &m.url(&mdb), &[&mdb]);
    let mp = write(
        &mdir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: partitions\n    kind: partitions\n",
    );
    let r = plan(&msite, &mp, &mdir.join("state"), &["--today", "2026-12-20"]);
    assert!(
        r.stdout.contains(&format!(
            "scheduled job {mdb}.ev_new_month (ALTER TABLE t REORGANIZE PARTITION"
        )),
        "{}",
        r.all()
    );
    assert!(!r.stdout.contains("ev_cleanup"), "{}", r.stdout);
}
