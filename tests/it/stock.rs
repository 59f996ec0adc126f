//! `stock` and `templates` by province mode, on the demo schema in PostgreSQL and MariaDB,
//! with "today" fixed.

use crate::support::*;
use std::path::{Path, PathBuf};

fn plan_file(dir: &Path, mode: &str, step: &str) -> PathBuf {
    let steps = match step {
        "stock" => "  - id: stock\n    kind: stock\n    stock_query: stock.sql\n    usage_query: usage.sql\n",
        _ => "  - id: templates\n    kind: templates\n    query: templates.sql\n",
    };
    let plans = dir.join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    for d in ["postgres", "mysql"] {
        let to = dir.join("sql").join(d);
        std::fs::create_dir_all(&to).unwrap();
        for q in ["stock.sql", "usage.sql", "templates.sql"] {
            std::fs::copy(repo().join("sql").join(d).join(q), to.join(q)).unwrap();
        }
    }
    write(
        &plans,
        "plan.yaml",
        &format!("name: 库存测试\nmode: {mode}\nsteps:\n{steps}"),
    )
}

struct Pg {
    db: String,
    dir: PathBuf,
    site: PathBuf,
}

fn pg_hospital(name: &str, sql: &str) -> Pg {
    let pg = pg();
    let db = pg.fresh_db(name);
    pg.load(&db, &repo().join("sql/demo/postgres/schema.sql"), 2026);
    if !sql.is_empty() {
        pg.sql(&db, sql);
    }
    let dir = scratch(name);
    let site = site_file(&dir, &pg.url(&db), &["einvoice"]);
    Pg { db, dir, site }
}

fn run_on(h: &Pg, mode: &str, step: &str, today: &str) -> Run {
    let plan = plan_file(&h.dir, mode, step);
    let state = h.dir.join(format!("state-{today}"));
    yearend(
        &[
            "plan",
            "--plan",
            plan.to_str().unwrap(),
            "--site",
            h.site.to_str().unwrap(),
            "--today",
            today,
            "--state-dir",
            state.to_str().unwrap(),
        ],
        &[("YEAREND_DB_PASSWORD", PASSWORD)],
    )
}

const USABLE: &str = "old_year_bills_usable";
const UNUSABLE: &str = "old_year_bills_unusable";

#[test]
fn enough_stock_in_both_modes_and_types_not_in_use_ignored() {
    let h = pg_hospital("stock-ok", "");
    for mode in [USABLE, UNUSABLE] {
        let r = run_on(&h, mode, "stock", "2026-12-20");
        assert_eq!(r.code, 0, "{mode}: {}", r.all());
        assert!(
            r.stdout.contains("3 bill types in use, all covered"),
            "{mode}: {}",
            r.stdout
        );
        assert!(
            !r.stdout.contains("0301"),
            "a bill type not in use was checked:\n{}",
            r.stdout
        );
    }
    let _ = &h.db;
}

#[test]
fn a_shortfall_names_the_bill_type_and_the_exact_number() {
    // 150 a day for 30 days; 12-20 through 01-15 is 27 days; × 1.2 = 4860 against 4000 in stock.
    let h = pg_hospital(
        "stock-short",
        "UPDATE einvoice.bill_usage_daily SET issued = 150 WHERE type_code = '0102';",
    );
    let r = run_on(&h, USABLE, "stock", "2026-12-20");
    assert!(r.stdout.contains("SHORT 0102 住院收费电子票据: usable through 2027-01-15: 4000; projected use 4860 (150.0/day over the last 30 days × 27 days × 1.2) — short by 860"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("0102 住院收费电子票据 short by 860 numbers"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("警告 (Warning): [一般] 5 days left before the 12-25 deadline"),
        "{}",
        r.stdout
    );
    assert_eq!(r.code, 0, "{}", r.all());
}

#[test]
fn a_missing_new_year_batch_warns_before_12_25_and_fails_after() {
    let h = pg_hospital(
        "stock-missing",
        "DELETE FROM einvoice.stock_batch WHERE type_code = '0102' AND batch_year = 2027;",
    );
    let before = run_on(&h, UNUSABLE, "stock", "2026-12-20");
    assert_eq!(before.code, 0, "{}", before.all());
    assert!(before.stdout.contains("[一般] 5 days left before the 12-25 deadline: 0102 住院收费电子票据: no 2027 batch valid on 2027-01-01"), "{}", before.stdout);
    let after = run_on(&h, UNUSABLE, "stock", "2026-12-26");
    assert_eq!(after.code, 1, "{}", after.all());
    assert!(
        after
            .stdout
            .contains("失败 (Failed): [严重] the 12-25 deadline has passed: 0102 住院收费电子票据"),
        "{}",
        after.stdout
    );
}

#[test]
fn a_batch_expiring_before_year_end_is_flagged() {
    let h = pg_hospital("stock-expiry", "UPDATE einvoice.stock_batch SET valid_to = '2026-12-15' WHERE type_code = '0201' AND batch_year = 2026;");
    let r = run_on(&h, UNUSABLE, "stock", "2026-12-20");
    assert!(
        r.stdout
            .contains("0201 挂号费电子票据 本年度批次有效期至 2026-12-15，早于 2026-12-31"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("警告 (Warning)"), "{}", r.stdout);
}

#[test]
fn a_missing_display_template_warns_then_fails() {
    let h = pg_hospital(
        "tmpl",
        "UPDATE einvoice.bill_template SET display_synced = false WHERE type_code = '0201';",
    );
    let r = run_on(&h, USABLE, "templates", "2026-12-20");
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains(
            "MISSING 0201 挂号费电子票据: print P-2026.1, display D-2026.1 — 未同步: 显示模板"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("0201 挂号费电子票据 未同步显示模板"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("0301"), "{}", r.stdout);
    let late = run_on(&h, USABLE, "templates", "2026-12-28");
    assert_eq!(late.code, 1, "{}", late.all());
    assert!(
        late.stdout.contains("[严重] the 12-25 deadline has passed"),
        "{}",
        late.stdout
    );
}

#[test]
fn a_query_of_the_wrong_shape_is_a_clear_error() {
    let h = pg_hospital("shape", "");
    let plan = plan_file(&h.dir, USABLE, "stock");
    std::fs::write(
        h.dir.join("sql/postgres/stock.sql"),
        "SELECT type_code, type_name, in_use FROM {{ ident(schemas[0]) }}.bill_type",
    )
    .unwrap();
    let r = yearend(
        &[
            "plan",
            "--plan",
            plan.to_str().unwrap(),
            "--site",
            h.site.to_str().unwrap(),
            "--today",
            "2026-12-20",
        ],
        &[("YEAREND_DB_PASSWORD", PASSWORD)],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stdout.contains("returned no column `batch_year` (it returned: type_code, type_name, in_use); it must return: type_code, type_name, in_use, batch_year, valid_from, valid_to, remaining"), "{}", r.stdout);
}

fn maria_hospital(name: &str, sql: &str) -> Pg {
    let m = maria();
    let db = m.fresh_db(name);
    let schema = std::fs::read_to_string(repo().join("sql/demo/mysql/schema.sql")).unwrap();
    m.sql(&db, &format!("SET @year = 2026;\n{schema}\n{sql}"));
    let dir = scratch(name);
    let site = site_file_coded(&dir, &m.url(&db), &[&db], &db);
    Pg { db, dir, site }
}

#[test]
fn mariadb_stock_and_templates() {
    let ok = maria_hospital("mstock", "");
    for mode in [USABLE, UNUSABLE] {
        let r = run_on(&ok, mode, "stock", "2026-12-20");
        assert_eq!(r.code, 0, "{mode}: {}", r.all());
        assert!(
            r.stdout.contains("3 bill types in use, all covered"),
            "{}",
            r.stdout
        );
    }
    let r = run_on(&ok, USABLE, "templates", "2026-12-20");
    assert_eq!(r.code, 0, "{}", r.all());
    let short = maria_hospital(
        "mshort",
        "UPDATE bill_usage_daily SET issued = 150 WHERE type_code = '0102';",
    );
    let r = run_on(&short, USABLE, "stock", "2026-12-20");
    assert!(
        r.stdout
            .contains("0102 住院收费电子票据 short by 860 numbers"),
        "{}",
        r.stdout
    );
    let missing = maria_hospital(
        "mmissing",
        "DELETE FROM stock_batch WHERE type_code = '0101' AND batch_year = 2027;",
    );
    let r = run_on(&missing, UNUSABLE, "stock", "2026-12-26");
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stdout.contains("[严重] the 12-25 deadline has passed: 0101 门诊收费电子票据: no 2027 batch valid on 2027-01-01"), "{}", r.stdout);
    let _ = (&ok.db, &short.db, &missing.db);
}
