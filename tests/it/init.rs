//! `yearend init`: a site file drafted from the catalog — PostgreSQL and MariaDB live, Oracle
//! from a snapshot — that validates once completed, and never overwrites a file.

use crate::support::*;

fn init(args: &[&str]) -> Run {
    Yearend::new()
        .default_language()
        .env("YEAREND_DB_PASSWORD", PASSWORD)
        .args(&[&["init"], args, &["--today", "2026-12-08"]].concat())
        .run()
}

fn validates(site: &std::path::Path) {
    let plan = repo().join("plans/example-old-year-usable.yaml");
    let v = yearend(
        &[
            "validate",
            "--plan",
            plan.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(v.code, 0, "the draft validates: {}", v.all());
}

#[test]
fn a_postgres_hospital_is_drafted_with_what_needs_a_word() {
    let pg = pg();
    let db = pg.fresh_db("initpg");
    pg.load(&db, &repo().join("sql/demo/postgres/schema.sql"), 2026);
    // Site midnights stored as UTC wall time: the rollover would stop and ask for key_format.
    pg.sql(
        &db,
        "CREATE TABLE einvoice.pay_log (id int, ts timestamp NOT NULL) PARTITION BY RANGE (ts);\
         CREATE TABLE einvoice.pay_log_p202612 PARTITION OF einvoice.pay_log FOR VALUES FROM ('2026-11-30 16:00:00') TO ('2026-12-31 16:00:00');",
    );
    let dir = scratch("initpg");
    let out = dir.join("本院.yaml");
    let r = init(&["--url", &pg.url(&db), "--site-out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("已起草站点文件"), "{}", r.stdout);
    let text = std::fs::read_to_string(&out).unwrap();
    for want in [
        "schemas: [einvoice]",
        "einvoice：4 张分区表",
        "time_zone: Asia/Shanghai",
        "数据库服务器时区：Asia/Shanghai",
        "einvoice.pay_log：",
        "key_format:",
        "\"timestamp +00:00\"",
        "（请填写医院名称）",
    ] {
        assert!(text.contains(want), "missing `{want}`:\n{text}");
    }
    assert!(!text.contains(PASSWORD), "{text}");
    validates(&out);
    // Never overwritten.
    let again = init(&["--url", &pg.url(&db), "--site-out", out.to_str().unwrap()]);
    assert_eq!(again.code, 2, "{}", again.all());
    assert!(again.stderr.contains("从不覆盖"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
}

#[test]
fn a_mariadb_hospital_and_an_oracle_snapshot_are_drafted() {
    let (db, dir, _) = maria_demo_hospital("initmaria");
    let out = dir.join("maria.yaml");
    let r = init(&[
        "--url",
        &maria().url(&db),
        "--site-out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains(&format!("schemas: [{db}]")), "{text}");
    validates(&out);

    let snap = repo().join("tests/golden/oracle-shapes/index-lob-placement/snapshot.json");
    let out = dir.join("oracle.yaml");
    let r = init(&[
        "--snapshot",
        snap.to_str().unwrap(),
        "--site-out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("schemas: [EINV]"), "{text}");
    assert!(text.contains("本年度表空间 EINV_DATA_2026："), "{text}");
    assert!(text.contains("请改成本院数据库的地址"), "{text}");
    validates(&out);
}
