//! A new partition is indistinguishable from its siblings, or its table is named (real
//! PostgreSQL 15): row-level security, forced, policies of every command, foreign keys with their
//! actions, constant comments and a parent's column compression are carried, and a report role
//! reads only its own organisation's 2027 rows (row triggers and their enabled state are
//! carried too); what yearend cannot carry (a
//! publication, a column's statistics target, CLUSTER ON) sends the table to review with the
//! property named, before anything is created; a 2027 child made by hand without its siblings'
//! policy, or with a canary property, fails `verify` naming table, child and property.

use crate::support::*;
use std::path::{Path, PathBuf};

const SETUP: &str = r#"
DO $$ BEGIN CREATE ROLE report; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA einv;
GRANT USAGE ON SCHEMA einv TO report;
CREATE TABLE einv.org (id int PRIMARY KEY);
INSERT INTO einv.org VALUES (1), (2);
CREATE FUNCTION einv.stamp() RETURNS trigger LANGUAGE plpgsql AS $f$BEGIN RETURN NEW; END$f$;
"#;

/// A table `name` with three 2026 children, each given `each` (`%I` is the child).
fn table(name: &str, each: &[&str]) -> String {
    let mut s = format!(
        "CREATE TABLE einv.{name} (id bigint NOT NULL, org int, bill_no text COMPRESSION pglz NOT NULL, k date NOT NULL) PARTITION BY RANGE (k);\n\
         COMMENT ON COLUMN einv.{name}.k IS '开票日期';\n"
    );
    for m in 10..=12u32 {
        let child = format!("{name}_p2026{m:02}");
        let (lo, hi) = (
            format!("2026-{m:02}-01"),
            if m == 12 {
                "2027-01-01".into()
            } else {
                format!("2026-{:02}-01", m + 1)
            },
        );
        s += &format!("CREATE TABLE einv.{child} PARTITION OF einv.{name} FOR VALUES FROM ('{lo}') TO ('{hi}');\n");
        for e in each {
            s += &e
                .replace("%I", &format!("einv.{child}"))
                .replace("%N", &child);
            s += ";\n";
        }
    }
    s
}

fn plan(dir: &Path, include: &str) -> PathBuf {
    write(
        dir,
        "plan.yaml",
        &format!("name: t\nmode: old_year_bills_usable\nsteps:\n  - id: partitions\n    kind: partitions\n    include: [{include}]\n"),
    )
}

const SECURED: &[&str] = &[
    "ALTER TABLE %I ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE %I FORCE ROW LEVEL SECURITY",
    "CREATE POLICY org_only ON %I FOR SELECT TO report USING (org = current_setting('app.org')::int)",
    "CREATE POLICY org_write ON %I AS RESTRICTIVE FOR UPDATE TO report USING (org > 0) WITH CHECK (org > 0)",
    "CREATE POLICY org_add ON %I FOR INSERT TO report WITH CHECK (org > 0)",
    "CREATE POLICY org_del ON %I FOR DELETE TO report USING (org > 0)",
    "ALTER TABLE %I ADD CONSTRAINT %N_org_fk FOREIGN KEY (org) REFERENCES einv.org(id) ON DELETE CASCADE",
    "COMMENT ON TABLE %I IS '电子票据明细'",
    "CREATE TRIGGER stamp BEFORE INSERT ON %I FOR EACH ROW EXECUTE FUNCTION einv.stamp()",
    "CREATE TRIGGER audit AFTER UPDATE OF org OR DELETE ON %I FOR EACH ROW WHEN (old.org IS NOT NULL) EXECUTE FUNCTION einv.stamp()",
    "ALTER TABLE %I DISABLE TRIGGER audit",
    "GRANT SELECT ON %I TO report",
];

#[test]
fn row_security_policies_foreign_keys_and_comments_are_carried_and_verify_holds_them() {
    let pg = pg();
    let db = pg.fresh_db("siblings");
    pg.sql(&db, SETUP);
    pg.sql(&db, &table("secured", SECURED));
    let dir = scratch("siblings");
    let site = site_file(&dir, &pg.url(&db), &["einv"]);
    let plan = plan(&dir, "secured");
    let state = dir.join("s");
    let r = rollover("run", &plan, &site, &state, &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.all());
    // The oracle: pg_dump of a sibling and of a new child, names and bounds put back.
    let dump = |child: &str, month: &str, next: &str| {
        let out = pg.dump_schema(&db, &format!("einv.{child}"));
        out.replace(child, "CHILD")
            .replace(month, "LO")
            .replace(next, "HI")
            .lines()
            .filter(|l| {
                !l.starts_with("--")
                    && !l.starts_with('\\')
                    && !l.trim().is_empty()
                    && !l.starts_with("SET ")
                    && !l.starts_with("SELECT pg_catalog")
            })
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let old = dump("secured_p202612", "2026-12-01", "2027-01-01");
    let new = dump("secured_p202706", "2027-06-01", "2027-07-01");
    assert_eq!(
        old, new,
        "pg_dump -s of a sibling and of a new child differ"
    );
    assert!(
        old.iter().any(|l| l.contains("CREATE POLICY org_only")),
        "{old:?}"
    );
    for want in [
        "CREATE TRIGGER audit AFTER DELETE OR UPDATE OF org",
        "DISABLE TRIGGER audit",
        "CREATE TRIGGER stamp",
    ] {
        assert!(
            new.iter().any(|l| l.contains(want)),
            "the new child lacks {want}: {new:?}"
        );
    }
    // A report role reads its own organisation's rows in 2027, and only them.
    pg.sql(&db, "INSERT INTO einv.secured VALUES (1, 1, 'a', '2027-01-01'), (2, 2, 'b', '2027-06-15'), (3, 1, 'c', '2027-12-31')");
    for (child, org, want) in [
        ("secured_p202701", 1, "1"),
        ("secured_p202706", 1, "0"),
        ("secured_p202706", 2, "1"),
        ("secured_p202712", 1, "1"),
    ] {
        let got = pg.sql(
            &db,
            &format!("SET ROLE report; SET app.org = '{org}'; SELECT count(*) FROM einv.{child}"),
        );
        assert!(got.ends_with(want), "{child} as org {org}: {got}");
    }
    let v = rollover("verify", &plan, &site, &state, &[]);
    assert_eq!(v.code, 0, "{}", v.all());
    // A policy dropped by hand, and a canary (a statistics target) set on one new child.
    pg.sql(&db, "DROP POLICY org_only ON einv.secured_p202703; ALTER TABLE einv.secured_p202705 ALTER COLUMN bill_no SET STATISTICS 500; GRANT SELECT (bill_no) ON einv.secured_p202708 TO report");
    let v = rollover("verify", &plan, &site, &state, &[]);
    assert_eq!(v.code, 1, "{}", v.all());
    let out = v.all();
    assert!(
        out.contains("secured_p202703 lacks `policy einv.{CHILD}.org_only"),
        "{out}"
    );
    assert!(
        out.contains("secured_p202705 has `column bill_no attstattarget` = 500"),
        "{out}"
    );
    assert!(
        out.contains("secured_p202708 has `column bill_no attacl`"),
        "{out}"
    );
}

#[test]
fn what_yearend_cannot_carry_names_the_table_before_anything_is_created() {
    let pg = pg();
    let db = pg.fresh_db("siblings_named");
    pg.sql(&db, SETUP);
    pg.sql(&db, "CREATE PUBLICATION pub_bills");
    pg.sql(&db, &table("trig", &["CREATE TRIGGER stamp BEFORE INSERT ON %I FOR EACH ROW EXECUTE FUNCTION einv.stamp()"]));
    pg.sql(
        &db,
        &table("pub", &["ALTER PUBLICATION pub_bills ADD TABLE %I"]),
    );
    pg.sql(
        &db,
        &table(
            "stats",
            &["ALTER TABLE %I ALTER COLUMN bill_no SET STATISTICS 1000"],
        ),
    );
    pg.sql(
        &db,
        &table(
            "clus",
            &[
                "CREATE INDEX %N_no ON %I (bill_no)",
                "ALTER TABLE %I CLUSTER ON %N_no",
            ],
        ),
    );
    pg.sql(&db, &table("plain", &[]));
    let dir = scratch("siblings_named");
    let site = site_file(&dir, &pg.url(&db), &["einv"]);
    let plan = plan(&dir, "trig, pub, stats, clus, plain");
    let r = rollover("run", &plan, &site, &dir.join("s"), &["--yes"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let out = r.all();
    for (t, what) in [
        (
            "einv.pub",
            "ALTER PUBLICATION pub_bills ADD TABLE einv.pub_p202701, einv.pub_p202702",
        ),
        ("einv.stats", "column bill_no attstattarget = 1000"),
        ("einv.clus", "CLUSTER"),
    ] {
        let line = out
            .lines()
            .find(|l| l.contains("review") && l.contains(t))
            .unwrap_or_else(|| panic!("{t} not named: {out}"));
        assert!(line.contains(what), "{t}: {line}");
        let created = pg.sql(
            &db,
            &format!("SELECT count(*) FROM pg_inherits WHERE inhparent = '{t}'::regclass"),
        );
        assert_eq!(
            created, "3",
            "{t} must not be extended without what its siblings have"
        );
    }
    for t in ["einv.plain", "einv.trig"] {
        let n = pg.sql(
            &db,
            &format!("SELECT count(*) FROM pg_inherits WHERE inhparent = '{t}'::regclass"),
        );
        assert_eq!(n, "15", "{t} is extended (a row trigger is carried): {out}");
    }
    assert!(out.contains("--confirm partitions"), "{out}");

    // Confirmed: the table is extended, the statements for both ends are said, and until they
    // have run the new children are named as not in the publication.
    let r = rollover(
        "run",
        &plan,
        &site,
        &dir.join("s"),
        &["--yes", "--confirm", "partitions"],
    );
    let out = r.all();
    let n = pg.sql(
        &db,
        "SELECT count(*) FROM pg_inherits WHERE inhparent = 'einv.pub'::regclass",
    );
    assert_eq!(n, "15", "{out}");
    assert!(
        out.contains("ALTER PUBLICATION pub_bills ADD TABLE einv.pub_p202701")
            && out.contains("REFRESH PUBLICATION"),
        "{out}"
    );
    let members = pg.sql(
        &db,
        "SELECT count(*) FROM pg_publication_tables WHERE pubname = 'pub_bills'",
    );
    assert_eq!(members, "3", "yearend never adds to a publication: {out}");
    assert!(
        out.contains("pub_p202701 lacks `publication pub_bills`"),
        "{out}"
    );
}

/// Children rotating between two tablespaces named by no year (odd months in one, even in the
/// other): each new child goes where the same month of last year is, the plan line says so, and
/// verification reads it back; nothing lands in the default.
#[test]
fn new_children_follow_their_siblings_tablespaces() {
    let pg = pg();
    let db = pg.fresh_db("placement");
    let name = |p: &str| unique(p).to_lowercase().replace('-', "_");
    let (odd, even) = (name("ts_odd"), name("ts_even"));
    for ts in [&odd, &even] {
        let dir = pg.server_dir(ts);
        pg.sql(
            "postgres",
            &format!("CREATE TABLESPACE {ts} LOCATION '{}'", dir.display()),
        );
    }
    let mut sql = String::from("CREATE SCHEMA einv;\nCREATE TABLE einv.rot (id bigint, k date NOT NULL) PARTITION BY RANGE (k);\n");
    for m in 1..=12u32 {
        let (lo, hi) = (
            format!("2026-{m:02}-01"),
            if m == 12 {
                "2027-01-01".into()
            } else {
                format!("2026-{:02}-01", m + 1)
            },
        );
        let ts = if m % 2 == 1 { &odd } else { &even };
        sql += &format!("CREATE TABLE einv.rot_p2026{m:02} PARTITION OF einv.rot FOR VALUES FROM ('{lo}') TO ('{hi}') TABLESPACE {ts};\n");
    }
    pg.sql(&db, &sql);
    let dir = scratch("placement");
    let site = site_file(&dir, &pg.url(&db), &["einv"]);
    let plan = plan(&dir, "rot");
    let r = rollover("run", &plan, &site, &dir.join("s"), &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains(&format!(
            "→ {odd}, {even} (where the same period of last year is)"
        )),
        "{}",
        r.all()
    );
    let placed = pg.sql(&db, "SELECT string_agg(c.relname || ':' || coalesce(t.spcname, '-'), ' ' ORDER BY c.relname) FROM pg_class c LEFT JOIN pg_tablespace t ON t.oid = c.reltablespace WHERE c.relname LIKE 'rot_p2027%'");
    for m in 1..=12u32 {
        let ts = if m % 2 == 1 { &odd } else { &even };
        assert!(
            placed.contains(&format!("rot_p2027{m:02}:{ts}")),
            "{placed}"
        );
    }
}
