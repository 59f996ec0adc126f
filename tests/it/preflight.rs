//! `preflight` on a real PostgreSQL 15 and a real MariaDB 10.11: it passes for a user who holds
//! what the plan needs, and for one who does not it names each missing grant or setting, and
//! nothing after it runs.

use crate::support::*;

const PG_SCHEMA: &str = "
CREATE SCHEMA einv;
CREATE TABLE einv.bill (id bigint, issue_date date NOT NULL) PARTITION BY RANGE (issue_date);
CREATE TABLE einv.bill_p202612 PARTITION OF einv.bill FOR VALUES FROM ('2026-12-01') TO ('2027-01-01');
";

fn plan(dir: &std::path::Path, preflight_extra: &str) -> std::path::PathBuf {
    write(
        dir,
        "plan.yaml",
        &format!(
            "name: 预检测试\nmode: old_year_bills_usable\nsteps:\n  - id: preflight\n    kind: preflight\n{preflight_extra}\
             \x20 - id: tablespaces\n    kind: tablespaces\n    names: [\"einv_{{year}}\"]\n\
             \x20 - id: partitions\n    kind: partitions\n"
        ),
    )
}

#[test]
fn postgres_preflight_passes_for_the_owner() {
    let pg = pg();
    let db = pg.fresh_db("preflight_ok");
    pg.sql(&db, PG_SCHEMA);
    let dir = scratch("preflight-ok");
    let site = site_file(&dir, &pg.url(&db), &["einv"]);
    let p = write(
        &dir,
        "plan.yaml",
        "name: 预检测试\nmode: old_year_bills_usable\nsteps:\n  - id: preflight\n    kind: preflight\n  - id: partitions\n    kind: partitions\n",
    );
    let r = rollover("plan", &p, &site, &dir.join("state"), &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    for line in [
        "ok    role: primary (not in recovery)",
        "ok    open_mode: default_transaction_read_only is off for yearend_admin",
        "ok    privileges: yearend_admin holds what the plan needs",
        "info  database clock",
        "3 preflight checks held",
    ] {
        assert!(r.stdout.contains(line), "missing `{line}`:\n{}", r.stdout);
    }
}

#[test]
fn postgres_preflight_names_every_missing_grant_and_nothing_runs_after_it() {
    let pg = pg();
    let db = pg.fresh_db("preflight_bad");
    pg.sql(&db, PG_SCHEMA);
    pg.sql(
        &db,
        &format!(
            "CREATE ROLE clerk_{db} LOGIN PASSWORD '{PASSWORD}'; GRANT USAGE ON SCHEMA einv TO clerk_{db}; \
             ALTER ROLE clerk_{db} SET default_transaction_read_only = on;"
        ),
    );
    let _catalogs = comparing_catalogs();
    let before = pg.catalog_fingerprint(&db);
    let dir = scratch("preflight-bad");
    let url = pg.url(&db).replace(ADMIN, &format!("clerk_{db}"));
    let site = site_file(&dir, &url, &["einv"]);
    let p = plan(
        &dir,
        "    require_archivelog: true\n    max_backup_age: 1d\n",
    );
    let r = rollover("run", &p, &site, &dir.join("state"), &["--yes"]);
    assert_eq!(r.code, 1, "{}", r.all());
    for line in [
        "ok    role: primary",
        &format!("FAIL  open_mode: default_transaction_read_only is on for clerk_{db}"),
        "FAIL  archivelog: archive_mode is off (the plan requires WAL archiving)",
        "FAIL  backup: max_backup_age cannot be checked on PostgreSQL",
        &format!("CREATE TABLESPACE needs a superuser: ALTER ROLE clerk_{db} SUPERUSER"),
        &format!("clerk_{db} does not own 1 partitioned tables, so cannot add partitions to them: einv.bill (owner yearend_admin) — GRANT <owner> TO clerk_{db}"),
        "not run: step `preflight` failed and stops the run",
    ] {
        assert!(r.stdout.contains(line), "missing `{line}`:\n{}", r.stdout);
    }
    assert_eq!(pg.catalog_fingerprint(&db), before, "nothing changed");
}

#[test]
fn mariadb_preflight_passes_for_admin_and_names_alter_for_a_clerk() {
    let m = maria();
    let db = m.fresh_db("preflight");
    m.sql(
        &db,
        "CREATE TABLE bill (id bigint, issue_date date NOT NULL) PARTITION BY RANGE (TO_DAYS(issue_date)) \
         (PARTITION p202612 VALUES LESS THAN (TO_DAYS('2027-01-01')));",
    );
    let dir = scratch("preflight-maria");
    let p = write(
        &dir,
        "plan.yaml",
        "name: 预检测试\nmode: old_year_bills_usable\nsteps:\n  - id: preflight\n    kind: preflight\n    require_archivelog: true\n  - id: partitions\n    kind: partitions\n",
    );
    let site = site_file_coded(&dir, &m.url(&db), &[db.as_str()], "PFM1");
    let r = rollover("plan", &p, &site, &dir.join("state"), &[]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("ok    open_mode: read-write (read_only = 0)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("FAIL  archivelog: log_bin is 0 (the plan requires binary logging)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!("ok    privileges: {ADMIN}@"))
            && r.stdout.contains("holds ALTER on the schemas"),
        "{}",
        r.stdout
    );

    m.sql(
        "",
        &format!(
            "CREATE USER 'clerk'@'127.0.0.1' IDENTIFIED BY '{PASSWORD}'; GRANT SELECT ON `{db}`.* TO 'clerk'@'127.0.0.1';"
        ),
    );
    let clerk_site = site_file_coded(
        &dir,
        &m.url(&db).replace(ADMIN, "clerk"),
        &[db.as_str()],
        "PFM2",
    );
    let p = write(
        &dir,
        "plan2.yaml",
        "name: 预检测试\nmode: old_year_bills_usable\nsteps:\n  - id: preflight\n    kind: preflight\n  - id: partitions\n    kind: partitions\n",
    );
    let r = rollover("plan", &p, &clerk_site, &dir.join("state2"), &[]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout.contains(&format!(
            "FAIL  privileges: missing: GRANT ALTER ON `{db}`.* TO clerk@"
        )),
        "{}",
        r.stdout
    );
}
