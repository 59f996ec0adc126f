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

/// The usable-mode projection as the tool must make it, computed here from the loaded rows:
/// the larger of the recent average (the last `window` days before today) × days and last
/// year's same days, × 1.2.
fn expected_projection(db: &str, code: &str, today: &str, until: &str) -> i64 {
    let pg = pg();
    let q = |sql: String| pg.sql(db, &sql).parse::<f64>().unwrap_or(0.0);
    let recent = q(format!("SELECT sum(issued)::float8 / 30 FROM einvoice.bill_usage_daily WHERE type_code = '{code}' AND usage_day >= date '{today}' - 30 AND usage_day < date '{today}'"));
    let days = q(format!(
        "SELECT (date '{until}' - date '{today}' + 1)::float8"
    ));
    let last_year = q(format!("SELECT coalesce(sum(issued), 0)::float8 FROM einvoice.bill_usage_daily WHERE type_code = '{code}' AND usage_day BETWEEN (date '{today}' - interval '1 year')::date AND (date '{until}' - interval '1 year')::date"));
    ((recent * days).max(last_year) * 1.2).ceil() as i64
}

#[test]
fn a_shortfall_names_the_bill_type_and_the_exact_number_and_is_never_done() {
    let h = pg_hospital(
        "stock-short",
        "UPDATE einvoice.bill_usage_daily SET issued = 150 WHERE type_code = '0102';",
    );
    let want = expected_projection(&h.db, "0102", "2026-12-20", "2027-01-15");
    assert_eq!(want, 4860, "150 a day × 27 days × 1.2");
    let r = run_on(&h, USABLE, "stock", "2026-12-20");
    assert!(r.stdout.contains(&format!("SHORT 0102 住院收费电子票据: stocked 4000 for 2026-12-20 … 2027-01-15; projected use {want} (27 days,")), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("0102 住院收费电子票据 short by 860 numbers"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("=> action needed: [一般] 5 days left before the 12-25 deadline"),
        "{}",
        r.stdout
    );
    assert_eq!(r.code, 1, "action needed is not done: {}", r.all());
}

#[test]
fn the_december_peak_is_projected_on_12_01() {
    // 400 a day, 600 in December, both years; stock that the November average alone would pass.
    let h = pg_hospital(
        "stock-peak",
        "UPDATE einvoice.bill_usage_daily SET issued = CASE WHEN extract(month FROM usage_day) = 12 THEN 600 ELSE 400 END WHERE type_code = '0101';\n\
         UPDATE einvoice.stock_batch SET next_no = end_no - 22080 + 1 WHERE type_code = '0101' AND batch_year = 2026;",
    );
    let naive = (400.0_f64 * 46.0 * 1.2).ceil() as i64;
    let real_need = 31 * 600 + 15 * 400;
    let want = expected_projection(&h.db, "0101", "2026-12-01", "2027-01-15");
    assert_eq!((naive, real_need, want), (22_080, 24_600, 29_520));
    let r = run_on(&h, USABLE, "stock", "2026-12-01");
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stdout.contains(&format!("projected use {want} (46 days, last year’s same days, {real_need}, × growth 1.00, × 1.2)")), "{}", r.stdout);
    assert!(
        r.stdout.contains(&format!(
            "0101 门诊收费电子票据 short by {} numbers",
            want - naive
        )),
        "{}",
        r.stdout
    );
}

#[test]
fn untrusted_vendor_data_fails_with_the_rows_named() {
    let h = pg_hospital(
        "stock-data",
        "ALTER TABLE einvoice.bill_type ALTER COLUMN in_use TYPE varchar(8) USING CASE WHEN in_use THEN '启用' ELSE '停用' END;\n\
         UPDATE einvoice.bill_usage_daily SET issued = -2000 WHERE type_code = '0201' AND usage_day = '2026-12-01';",
    );
    let r = run_on(&h, USABLE, "stock", "2026-12-20");
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        !r.stdout.contains("in_use `"),
        "启用 and 停用 are read: {}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("0201: 1 usage rows with a negative count (rows "),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("[严重] the vendor data cannot be trusted"),
        "{}",
        r.stdout
    );
    pg().sql(
        &h.db,
        "UPDATE einvoice.bill_type SET in_use = 'maybe' WHERE type_code = '0102';",
    );
    let r = run_on(&h, USABLE, "stock", "2026-12-20");
    assert!(
        r.stdout.contains("0102 住院收费电子票据, row "),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("in_use `\"maybe\"` is not a yes/no this tool reads"),
        "{}",
        r.stdout
    );
}

#[test]
fn stale_and_short_usage_history_is_named() {
    let h = pg_hospital(
        "stock-stale",
        "DELETE FROM einvoice.bill_usage_daily WHERE type_code = '0201' AND usage_day > '2026-12-10';\n\
         DELETE FROM einvoice.bill_usage_daily WHERE type_code = '0102' AND usage_day < '2026-12-17';",
    );
    let r = run_on(&h, USABLE, "stock", "2026-12-20");
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("0201: usage data stops at 2026-12-10, 10 days ago (more than 3)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("0102: usage data covers 3 of the last 30 days"),
        "{}",
        r.stdout
    );
}

#[test]
fn unusable_mode_counts_only_stocked_new_year_numbers() {
    let h = pg_hospital(
        "stock-stocked",
        "UPDATE einvoice.stock_batch SET stocked = false WHERE type_code = '0102' AND batch_year = 2027;",
    );
    let r = run_on(&h, UNUSABLE, "stock", "2026-12-20");
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("SHORT 0102 住院收费电子票据: stocked 0 for 2027-01-01 … 2027-01-15;"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("issued but not stocked 30000"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_missing_new_year_batch_is_action_needed_before_12_25_and_fails_after() {
    let h = pg_hospital(
        "stock-missing",
        "DELETE FROM einvoice.stock_batch WHERE type_code = '0102' AND batch_year = 2027;",
    );
    let before = run_on(&h, UNUSABLE, "stock", "2026-12-20");
    assert_eq!(before.code, 1, "{}", before.all());
    assert!(
        before.stdout.contains(
            "[一般] 5 days left before the 12-25 deadline: 0102 住院收费电子票据 short by"
        ),
        "{}",
        before.stdout
    );
    let after = run_on(&h, UNUSABLE, "stock", "2026-12-26");
    assert_eq!(after.code, 1, "{}", after.all());
    assert!(
        after
            .stdout
            .contains("=> failed: [严重] the 12-25 deadline has passed: 0102 住院收费电子票据"),
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
    assert!(r.stdout.contains("=> action needed: "), "{}", r.stdout);
    assert_eq!(r.code, 1);
}

#[test]
fn a_missing_display_template_is_action_needed_then_fails() {
    let h = pg_hospital(
        "tmpl",
        "UPDATE einvoice.bill_template SET display_synced = false WHERE type_code = '0201';",
    );
    let r = run_on(&h, USABLE, "templates", "2026-12-20");
    assert_eq!(r.code, 1, "{}", r.all());
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
    assert!(
        r.stdout
            .contains("[严重] the 12-25 deadline has passed: 0101 门诊收费电子票据 short by"),
        "{}",
        r.stdout
    );
    // in_use stored as text (Y/N) reads as the boolean it was, in stock and templates.
    let text = maria_hospital(
        "mtext",
        "ALTER TABLE bill_type MODIFY in_use varchar(4) NOT NULL; UPDATE bill_type SET in_use = IF(in_use = '1', 'Y', 'N');",
    );
    let r = run_on(&text, USABLE, "stock", "2026-12-20");
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains("3 bill types in use, all covered"),
        "{}",
        r.stdout
    );
    let r = run_on(&text, USABLE, "templates", "2026-12-20");
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!r.stdout.contains("0301"), "{}", r.stdout);
    let _ = (&ok.db, &short.db, &missing.db, &text.db);
}

/// The report shows each bill type's figures, as the auditor asks for them: stock, usage basis,
/// period, projection and shortfall — the same numbers the step computed.
#[test]
fn the_report_shows_each_bill_types_stock_projection_and_shortfall() {
    let h = pg_hospital(
        "stock-report",
        "UPDATE einvoice.bill_usage_daily SET issued = 150 WHERE type_code = '0102';",
    );
    let plan = plan_file(&h.dir, USABLE, "stock");
    let state = h.dir.join("state");
    let (p, s, st) = (
        plan.to_str().unwrap(),
        h.site.to_str().unwrap(),
        state.to_str().unwrap(),
    );
    let env = [("YEAREND_DB_PASSWORD", PASSWORD)];
    let r = yearend(
        &[
            "run",
            "--plan",
            p,
            "--site",
            s,
            "--today",
            "2026-12-20",
            "--state-dir",
            st,
            "--yes",
        ],
        &env,
    );
    assert_eq!(r.code, 1, "a shortfall is action needed: {}", r.all());
    let md = yearend(
        &[
            "report",
            "--site",
            s,
            "--today",
            "2026-12-20",
            "--state-dir",
            st,
        ],
        &env,
    );
    assert!(md.stdout.contains("## 各票据种类库存："), "{}", md.stdout);
    assert!(
        md.stdout
            .contains("| 0102 住院收费电子票据 | 不足 | 4000 | 0 |")
            && md
                .stdout
                .contains("| 12-20 … 01-15（27 天） | 4860 | 860 |"),
        "{}",
        md.stdout
    );
}

/// A vendor table imported twice (the same batch, the same numbers, under a new id): the numbers
/// are counted once, and the two batches are named as a severe data finding.
#[test]
fn a_batch_imported_twice_is_counted_once_and_named() {
    let h = pg_hospital(
        "stock-twice",
        "UPDATE einvoice.bill_usage_daily SET issued = 150 WHERE type_code = '0102';\n\
         INSERT INTO einvoice.stock_batch (type_code, batch_year, valid_from, valid_to, start_no, end_no, next_no, stocked) \
         SELECT type_code, batch_year, valid_from, valid_to, start_no, end_no, next_no, stocked FROM einvoice.stock_batch \
         WHERE type_code = '0102' AND batch_year = 2026;",
    );
    let r = run_on(&h, USABLE, "stock", "2026-12-20");
    let out = r.all();
    assert!(out.contains("0102: batches"), "{out}");
    assert!(
        out.contains("both hold numbers 36001–40000 (4000 numbers"),
        "{out}"
    );
    // Counted once: the shortfall is the one of a single batch (4,000 stocked, 4,860 projected).
    assert!(
        out.contains("SHORT 0102 住院收费电子票据: stocked 4000 for"),
        "{out}"
    );
    assert!(out.contains("short by 860;"), "{out}");
    assert_ne!(r.code, 0, "{out}");
}

/// `in_use` stored as text (是/否): the stock step, the templates step and the bill-types check
/// read it as the boolean it was; a value that is neither is named.
#[test]
fn in_use_as_text_is_read_the_same_everywhere() {
    let h = pg_hospital(
        "inuse-text",
        "ALTER TABLE einvoice.bill_type ALTER COLUMN in_use TYPE text USING CASE WHEN in_use THEN '是' ELSE '否' END;",
    );
    let r = run_on(&h, USABLE, "stock", "2026-12-20");
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains("3 bill types in use, all covered"),
        "{}",
        r.stdout
    );
    let t = run_on(&h, USABLE, "templates", "2026-12-20");
    assert_eq!(t.code, 0, "{}", t.all());
    assert!(!t.stdout.contains("0301"), "{}", t.stdout);
    let plans = h.dir.join("plans");
    std::fs::copy(
        repo().join("sql/postgres/bill_types_in_use.sql"),
        h.dir.join("sql/postgres/bill_types_in_use.sql"),
    )
    .unwrap();
    let check = write(
        &plans,
        "check.yaml",
        "name: c\nmode: old_year_bills_usable\nsteps:\n  - id: in-use\n    kind: check\n    query: bill_types_in_use.sql\n    expect: { rows: 3 }\n",
    );
    let c = yearend(
        &[
            "plan",
            "--plan",
            check.to_str().unwrap(),
            "--site",
            h.site.to_str().unwrap(),
            "--today",
            "2026-12-20",
            "--state-dir",
            h.dir.join("sc").to_str().unwrap(),
        ],
        &[("YEAREND_DB_PASSWORD", PASSWORD)],
    );
    assert_eq!(c.code, 0, "{}", c.all());
    pg().sql(
        &h.db,
        "UPDATE einvoice.bill_type SET in_use = '也许' WHERE type_code = '0201'",
    );
    let t = run_on(&h, USABLE, "templates", "2026-12-20");
    assert_ne!(t.code, 0, "{}", t.all());
    assert!(
        t.all().contains("0201 挂号费电子票据: in_use is \"也许\""),
        "{}",
        t.all()
    );
}
