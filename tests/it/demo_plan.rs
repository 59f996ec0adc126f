//! The shipped example plans, end to end, on the demo hospital schema (sql/demo/postgres) with
//! this year's tablespace in place: a full rollover, then a resume with nothing left to do.

use crate::support::*;

#[test]
fn the_example_plan_rolls_the_demo_hospital_over() {
    let _tablespaces = creating_tablespaces();
    let pg = pg();
    let (db, dir, site) = pg_demo_hospital("demo", "einv_data");
    let plan = repo().join("plans/example-old-year-usable.yaml");
    let state = dir.join("state");

    let before = pg.catalog_fingerprint(&db);
    let dry = rollover("plan", &plan, &site, &state, &["-v"]);
    assert_eq!(dry.code, 0, "{}", dry.all());
    assert_eq!(pg.catalog_fingerprint(&db), before);
    assert!(
        dry.stdout.contains("10 steps: 6 passed, 4 planned"),
        "{}",
        dry.stdout
    );
    assert_eq!(
        dry.stdout.matches("CREATE TABLE ").count(),
        36,
        "{}",
        dry.stdout
    );

    let confirm = [
        "--yes",
        "--operator",
        "张工",
        "--confirm",
        "bill-carry-over",
        "--confirm",
        "recycled-bill-preissue",
    ];
    let run = rollover("run", &plan, &site, &state, &confirm);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        run.stdout.contains("10 steps: 8 passed, 2 executed"),
        "{}",
        run.stdout
    );
    for table in ["bill_invoice", "pay_record", "op_log"] {
        let parts = pg.partitions(&db, "einvoice", table);
        let new: Vec<&String> = parts.iter().filter(|p| p.contains("_p2027")).collect();
        assert_eq!(new.len(), 12, "{table}: {parts:?}");
        assert!(
            new.iter().all(|p| p.ends_with("@einv_data_2027")),
            "{table}: {new:?}"
        );
    }
    assert!(parts_contain(
        &pg.partitions(&db, "einvoice", "pay_record"),
        "pay_record_pdefault DEFAULT"
    ));

    let again = rollover("run", &plan, &site, &state, &["--yes"]);
    assert_eq!(again.code, 0, "{}", again.all());
    assert!(
        again
            .stdout
            .contains("10 steps: 6 passed, 4 already_satisfied"),
        "{}",
        again.stdout
    );
}

fn parts_contain(parts: &[String], want: &str) -> bool {
    parts.iter().any(|p| p == want)
}

#[test]
fn both_example_plans_validate() {
    for plan in [
        "plans/example-old-year-usable.yaml",
        "plans/example-old-year-unusable.yaml",
    ] {
        let r = yearend(
            &[
                "validate",
                "--plan",
                repo().join(plan).to_str().unwrap(),
                "--site",
                repo()
                    .join("plans/sites/demo-hospital.yaml")
                    .to_str()
                    .unwrap(),
            ],
            &[],
        );
        assert_eq!(r.code, 0, "{plan}: {}", r.all());
    }
}

#[test]
fn the_example_plan_rolls_the_mariadb_demo_hospital_over() {
    let m = maria();
    let (db, dir, site) = maria_demo_hospital("mdemo");
    let plan = repo().join("plans/example-old-year-unusable.yaml");
    let state = dir.join("state");
    let confirm = [
        "--yes",
        "--operator",
        "李工",
        "--confirm",
        "bill-carry-over",
        "--confirm",
        "recycled-bill-preissue",
    ];
    let run = rollover("run", &plan, &site, &state, &confirm);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        run.stdout.contains("10 steps: 9 passed, 1 executed"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("not applicable: MySQL/MariaDB has no per-year tablespaces"),
        "{}",
        run.stdout
    );
    for table in ["bill_invoice", "pay_record", "op_log"] {
        let parts = m.partitions(&db, table);
        assert_eq!(
            parts.iter().filter(|p| p.starts_with("p2027")).count(),
            12,
            "{table}: {parts:?}"
        );
    }
    assert_eq!(
        m.partitions(&db, "bill_invoice").last().map(String::as_str),
        Some("pmax:MAXVALUE")
    );
    let again = rollover("run", &plan, &site, &state, &["--yes"]);
    assert_eq!(again.code, 0, "{}", again.all());
    assert!(
        again
            .stdout
            .contains("10 steps: 7 passed, 3 already_satisfied"),
        "{}",
        again.stdout
    );
}
