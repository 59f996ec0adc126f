//! A table partitioned by range but holding only a DEFAULT partition, or no partition at all, is
//! never satisfied: every 2027 row would land in DEFAULT (or fail). `plan`, `run`, `verify` and
//! `status` all say 需复核 with what to do, and the step does not pass — unless the site excludes
//! the table with a reason.

use crate::support::*;

const SCHEMA: &str = r#"
CREATE SCHEMA einv;
CREATE TABLE einv.only_default (id bigint, d date NOT NULL) PARTITION BY RANGE (d);
CREATE TABLE einv.only_default_def PARTITION OF einv.only_default DEFAULT;
CREATE TABLE einv.no_parts (id bigint, d date NOT NULL) PARTITION BY RANGE (d);
"#;

fn plan(dir: &std::path::Path, table: &str) -> std::path::PathBuf {
    write(
        dir,
        "plan.yaml",
        &format!("name: t\nmode: old_year_bills_usable\nsteps:\n  - id: partitions\n    kind: partitions\n    include: [{table}]\n"),
    )
}

#[test]
fn only_default_and_partitionless_tables_are_never_satisfied() {
    let pg = pg();
    for table in ["only_default", "no_parts"] {
        let db = pg.fresh_db("defaultonly");
        pg.sql(&db, SCHEMA);
        let dir = scratch("defaultonly");
        let site = site_file(&dir, &pg.url(&db), &["einv"]);
        let (p, state) = (plan(&dir, table), dir.join("state"));
        let dry = rollover("plan", &p, &site, &state, &[]);
        assert_eq!(dry.code, 1, "{table}: {}", dry.all());
        for attempt in ["first", "second"] {
            let run = rollover("run", &p, &site, &state, &["--yes"]);
            assert_eq!(run.code, 1, "{table} {attempt}: {}", run.all());
            assert!(
                run.stdout.contains(&format!("einv.{table}")),
                "{table}: {}",
                run.stdout
            );
            assert!(
                !run.stdout.contains("already_satisfied"),
                "{table}: {}",
                run.stdout
            );
            assert!(
                run.stdout.contains("exclude"),
                "says what to do: {}",
                run.stdout
            );
        }
        let verify = rollover("verify", &p, &site, &state, &[]);
        assert_eq!(verify.code, 1, "{table}: {}", verify.all());
        let status = yearend(
            &[
                "status",
                "--site",
                site.to_str().unwrap(),
                "--today",
                "2026-12-20",
                "--state-dir",
                state.to_str().unwrap(),
            ],
            &[],
        );
        assert_ne!(status.code, 0, "{table}: {}", status.all());
        // Excluded with a reason in the site file, the same table no longer fails the step.
        let text = std::fs::read_to_string(&site).unwrap();
        let excluded = write(&dir, "excluded.yaml", &format!("{text}partitions:\n  exclude:\n    - {{table: einv.{table}, reason: 按年归档表}}\n"));
        let ok = rollover("run", &p, &excluded, &dir.join("state2"), &["--yes"]);
        assert_eq!(ok.code, 0, "{table}: {}", ok.all());
    }
}

/// A BLOCKED table's hint is YAML that pastes: printed as real lines (not `\n`), it goes into the
/// site file as it stands, `validate` accepts it and the table is then extended.
#[test]
fn a_blocked_tables_hint_is_yaml_that_pastes() {
    let pg = pg();
    let db = pg.fresh_db("blockedhint");
    pg.sql(
        &db,
        "CREATE SCHEMA einv;
         CREATE TABLE einv.ev (id bigint, t bigint NOT NULL) PARTITION BY RANGE (t);
         DO $$ DECLARE lo date; hi date; BEGIN FOR m IN 1..12 LOOP
           lo := make_date(2026, m, 1); hi := (lo + interval '1 month')::date;
           EXECUTE format('CREATE TABLE einv.ev_p%s PARTITION OF einv.ev FOR VALUES FROM (%s) TO (%s)', to_char(lo, 'YYYYMM'),
             extract(epoch FROM lo::timestamp AT TIME ZONE 'Asia/Shanghai')::bigint,
             extract(epoch FROM hi::timestamp AT TIME ZONE 'Asia/Shanghai')::bigint);
         END LOOP; END $$;",
    );
    let dir = scratch("blockedhint");
    let site = site_file(&dir, &pg.url(&db), &["einv"]);
    let p = plan(&dir, "ev");
    let dry = rollover("plan", &p, &site, &dir.join("state"), &[]);
    assert!(!dry.stdout.contains("\\n"), "{}", dry.stdout);
    let lines: Vec<&str> = dry.stdout.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim() == "partitions:")
        .unwrap_or_else(|| panic!("no YAML block: {}", dry.stdout));
    let indent = lines[start].len() - lines[start].trim_start().len();
    let block: Vec<String> = lines[start..]
        .iter()
        .take_while(|l| {
            l.len() > indent && l[..indent].trim().is_empty() && !l.trim().starts_with('—')
        })
        .map(|l| l[indent..].to_string())
        .collect();
    let text = std::fs::read_to_string(&site).unwrap();
    let pasted = write(
        &dir,
        "pasted.yaml",
        &format!("{text}{}\n", block.join("\n")),
    );
    let v = yearend(
        &[
            "validate",
            "--plan",
            p.to_str().unwrap(),
            "--site",
            pasted.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(v.code, 0, "{}\n{}", block.join("\n"), v.all());
    let after = rollover("plan", &p, &pasted, &dir.join("state2"), &[]);
    assert!(after.stdout.contains("einv.ev: 12"), "{}", after.stdout);
}
