//! A plan author's tools: the plan as it resolves (`validate --print`), two plans compared
//! (`yearend diff`), and `bind()` values that fit where they are used.

use crate::support::*;

/// A base plan and a province plan extending it with its own timetable, one changed key, one
/// more step, and a query file of the same name holding another query.
fn two_plans(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    std::fs::create_dir_all(dir.join("base")).unwrap();
    std::fs::create_dir_all(dir.join("prov")).unwrap();
    write(&dir.join("base"), "q.sql", "SELECT 1 AS ok");
    write(&dir.join("prov"), "q.sql", "SELECT 2 AS ok");
    let base = write(
        &dir.join("base"),
        "base.yaml",
        "name: 基础\nmode: old_year_bills_usable\ntimetable:\n  carry: 12-31\nsteps:\n  - id: carry\n    kind: manual\n    instruction: 完成票据结转\n  - id: q\n    kind: check\n    query: q.sql\n    expect: { min_rows: 1 }\n",
    );
    let prov = write(
        &dir.join("prov"),
        "prov.yaml",
        "extends: ../base/base.yaml\nname: 某省\ntimetable:\n  carry: 12-28\nsteps:\n  - id: q\n    kind: check\n    query: q.sql\n    expect: { min_rows: 2 }\n  - id: tpl\n    kind: manual\n    title: 模板核对\n    instruction: 核对模板\n",
    );
    (base, prov)
}

#[test]
fn the_resolved_plan_prints_as_yaml_that_validates_again() {
    let dir = scratch("resolved");
    let (_, prov) = two_plans(&dir);
    let r = Yearend::new()
        .default_language()
        .args(&["validate", "--plan", prov.to_str().unwrap(), "--print"])
        .run();
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.starts_with("# "), "{}", r.stdout);
    assert!(r
        .stdout
        .contains("解析后的方案（extends 已展开，含时间表）"));
    let doc: serde_json::Value = serde_norway::from_str(&r.stdout).unwrap();
    assert_eq!(doc["timetable"]["carry"], "12-28", "{}", r.stdout);
    let ids: Vec<&str> = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["carry", "q", "tpl"]);
    assert!(doc.get("extends").is_none_or(|e| e.is_null()));
    // Kept beside the province's queries, it is a plan of its own again.
    let again = write(&dir.join("prov"), "resolved.yaml", &r.stdout);
    let v = yearend(&["validate", "--plan", again.to_str().unwrap()], &[]);
    assert_eq!(v.code, 0, "{}", v.all());
}

#[test]
fn two_plans_are_compared_step_by_step_in_chinese() {
    let dir = scratch("plandiff");
    let (base, prov) = two_plans(&dir);
    let (b, p) = (base.to_str().unwrap(), prov.to_str().unwrap());
    let r = Yearend::new()
        .default_language()
        .args(&["diff", b, p])
        .run();
    assert_eq!(r.code, 1, "{}", r.all());
    for line in [
        "新增步骤：tpl（manual，模板核对）",
        "carry：到期日 12-31 → 12-28",
        "q：`expect`：",
        "q：查询文件内容 q.sql（",
        "共 4 处不同；0 个步骤未变",
    ] {
        assert!(r.stdout.contains(line), "missing `{line}`:\n{}", r.stdout);
    }
    let same = Yearend::new()
        .default_language()
        .args(&["diff", p, p])
        .run();
    assert_eq!(same.code, 0, "{}", same.all());
    assert!(same.stdout.contains("两个方案相同"), "{}", same.stdout);
    let missing = Yearend::new()
        .default_language()
        .args(&["diff", p, dir.join("none.yaml").to_str().unwrap()])
        .run();
    assert_eq!(missing.code, 2, "{}", missing.all());
}

/// `bind(year)` is a whole number; on PostgreSQL it goes as the integer type the server infers
/// where it is used: `make_date()` takes int4, a bigint column int8 — no cast in the plan.
#[test]
fn bind_fits_the_type_the_query_uses() {
    let pg = pg();
    let db = pg.fresh_db("bindfit");
    pg.sql(&db, "CREATE SCHEMA einvoice; CREATE TABLE einvoice.y (y bigint, s smallint); INSERT INTO einvoice.y VALUES (2027, 7);");
    let dir = scratch("bindfit");
    let site = site_file(&dir, &pg.url(&db), &["einvoice"]);
    write(
        &dir,
        "fit.sql",
        "SELECT y FROM einvoice.y WHERE make_date({{ bind(year) }}, 1, 1) = DATE '2027-01-01' AND y = {{ bind(year) }} AND s <= {{ bind(year) }} - 2020",
    );
    write(
        &dir,
        "big.sql",
        "SELECT y FROM einvoice.y WHERE s = {{ bind(year) }}",
    );
    let plan = write(
        &dir,
        "plan.yaml",
        "name: x\nmode: old_year_bills_usable\nsteps:\n  - id: fit\n    kind: check\n    query: fit.sql\n    expect: { rows: 1 }\n",
    );
    let r = rollover("plan", &plan, &site, &dir.join("state"), &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("1 rows"), "{}", r.stdout);
    // A value that does not fit the column's type is named, not wrapped.
    let small = write(
        &dir,
        "small.yaml",
        "name: x\nmode: old_year_bills_usable\nsteps:\n  - id: big\n    kind: check\n    query: big.sql\n    expect: { rows: 0 }\n",
    );
    let r = rollover("plan", &small, &site, &dir.join("state2"), &[]);
    assert_eq!(r.code, 0, "2027 fits a smallint: {}", r.all());
}
