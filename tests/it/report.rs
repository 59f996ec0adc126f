//! Reports and the fleet view, rendered from journals of real runs on PostgreSQL: passed, failed,
//! interrupted, not started and late.

use crate::support::*;
use std::path::{Path, PathBuf};

/// A check-and-manual plan with its query files (no DDL), as in the spine tests.
fn plan(dir: &Path) -> PathBuf {
    check_and_manual_plan(
        dir,
        "报告测试方案",
        "  basic-info-synced: \"12-20\"\n  bill-carry-over: \"12-31\"\n",
    )
}

struct Hospital {
    site: PathBuf,
    state: PathBuf,
    plan: PathBuf,
}

fn hospital(fleet: &Path, code: &str, name: &str, break_it: bool) -> Hospital {
    let pg = pg();
    let db = pg.fresh_db(code);
    pg.load(&db, &repo().join("sql/demo/postgres/schema.sql"), 2026);
    if break_it {
        pg.sql(
            &db,
            "DELETE FROM einvoice.basic_info WHERE info_year = 2027",
        );
    }
    let dir = scratch(code);
    let site = write(
        &dir,
        "site.yaml",
        &format!(
            "hospital: {name}\ncode: {code}\ndatabase:\n  url: {}\n  schemas: [einvoice]\n",
            pg.url(&db)
        ),
    );
    Hospital {
        site,
        state: fleet.join(code).join("2027"),
        plan: plan(&dir),
    }
}

fn run(h: &Hospital, today: &str, extra: &[&str]) -> Run {
    let mut a = vec![
        "run",
        "--plan",
        h.plan.to_str().unwrap(),
        "--site",
        h.site.to_str().unwrap(),
        "--today",
        today,
    ];
    a.extend_from_slice(&["--state-dir", h.state.to_str().unwrap(), "--yes"]);
    a.extend_from_slice(extra);
    yearend(
        &a,
        &[
            ("YEAREND_DB_PASSWORD", PASSWORD),
            ("YEAREND_OPERATOR", "张工"),
        ],
    )
}

fn report(h: &Hospital, today: &str, format: &str) -> Run {
    yearend(
        &[
            "report",
            "--site",
            h.site.to_str().unwrap(),
            "--today",
            today,
            "--state-dir",
            h.state.to_str().unwrap(),
            "--format",
            format,
        ],
        &[],
    )
}

const CONFIRM: &[&str] = &[
    "--confirm",
    "bill-carry-over",
    "--confirm",
    "recycled-bill-preissue",
];

/// Well-formed: every non-void element closed in order; and nothing loaded from elsewhere.
fn check_html(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"));
    let void = ["meta", "br", "hr", "img", "link", "input"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("unclosed tag") + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if void.contains(&name.as_str()) {
            continue;
        }
        if tag.starts_with('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.as_str()),
                "mismatched </{name}>"
            );
        } else {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    for external in ["http://", "https://", "src=", "href=", "@import", "url("] {
        assert!(
            !html.contains(external),
            "external reference `{external}` in the report"
        );
    }
}

#[test]
fn reports_of_a_passed_a_failed_and_an_interrupted_run() {
    let fleet = scratch("report-fleet");
    let good = hospital(&fleet, "R001", "报告测试一院", false);
    assert_eq!(run(&good, "2026-12-20", CONFIRM).code, 0);
    let md = report(&good, "2026-12-20", "md");
    assert_eq!(md.code, 0, "{}", md.all());
    assert!(
        md.stdout
            .contains("# 医疗电子票据年结报告 — 报告测试一院（R001）2026 年度年结（开启 2027 年）"),
        "{}",
        md.stdout
    );
    assert!(md.stdout.contains("| 状态 | **已完成** |"), "{}", md.stdout);
    assert!(
        md.stdout.contains("| 执行人 / 主机 | 张工 /"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout.contains(
            "| basic-info-synced 次年度基础信息已同步至本地 | check | 一线工程师 | 12-20 | 通过 |"
        ),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout.contains("4 rows (expected at least 1)"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout.contains("人工步骤「票据结转」由 张工（"),
        "{}",
        md.stdout
    );
    assert!(md.stdout.contains("日志哈希链 | 完整："), "{}", md.stdout);
    assert!(
        md.stdout
            .contains("> 【年结】报告测试一院（R001）2027 年度年结：已完成。"),
        "{}",
        md.stdout
    );
    let html = report(&good, "2026-12-20", "html");
    assert_eq!(html.code, 0);
    check_html(&html.stdout);
    assert!(
        html.stdout.contains("<td class=\"ok\">已完成</td>"),
        "{}",
        html.stdout
    );

    let bad = hospital(&fleet, "R002", "报告测试二院", true);
    assert_eq!(run(&bad, "2026-12-21", CONFIRM).code, 1);
    let md = report(&bad, "2026-12-21", "md");
    assert!(md.stdout.contains("| 状态 | **未通过** |"), "{}", md.stdout);
    assert!(
        md.stdout.contains("12-20 **逾期** | 失败 |"),
        "the failed step past its due date is late:\n{}",
        md.stdout
    );
    assert!(md.stdout.contains("## 需要处理的问题"), "{}", md.stdout);
    assert!(md.stdout.contains("**basic-info-synced 次年度基础信息已同步至本地**（严重，10 分钟内响应）：[严重] 0 rows (expected at least 1)"), "{}", md.stdout);
    // The ticket's open items name the step by title, with its owner and due date.
    assert!(
        md.stdout.contains(
            "待办 1 项：次年度基础信息已同步至本地（一线工程师，截止 12-20（已逾期））：失败："
        ),
        "{}",
        md.stdout
    );
    check_html(&report(&bad, "2026-12-21", "html").stdout);

    // Interrupted: the journal of a finished run, cut after the first step (a prefix keeps the chain).
    let cut = hospital(&fleet, "R003", "报告测试三院", false);
    assert_eq!(run(&cut, "2026-12-20", CONFIRM).code, 0);
    let journal = cut.state.join("journal.jsonl");
    let text = std::fs::read_to_string(&journal).unwrap();
    let keep: Vec<&str> = text
        .lines()
        .take_while(|l| !l.contains("\"step\":\"bill-types-in-use\""))
        .collect();
    interrupt_journal(journal.parent().unwrap(), &keep);
    let md = report(&cut, "2026-12-20", "md");
    assert!(
        md.stdout.contains("| 状态 | **进行中或已中断** |"),
        "{}",
        md.stdout
    );
    assert!(md.stdout.contains("（未结束）"), "{}", md.stdout);
    assert!(
        md.stdout
            .contains("| bill-types-in-use 在用票据种类存在 | check | 一线工程师 |  | 未执行 |"),
        "{}",
        md.stdout
    );
    assert!(md.stdout.contains("哈希链 | 完整"), "{}", md.stdout);

    // Not started: a state directory with its plan saved and no journal yet.
    let idle = fleet.join("R004").join("2027");
    std::fs::create_dir_all(&idle).unwrap();
    std::fs::copy(
        good.state.join("plan.resolved.yaml"),
        idle.join("plan.resolved.yaml"),
    )
    .unwrap();

    // Done, but late: confirmed after the 12-31 due date of bill-carry-over.
    let late = hospital(&fleet, "R005", "报告测试五院", false);
    assert_eq!(run(&late, "2026-12-20", &[]).code, 1);
    // In January the year being opened is this year: --year 2027.
    let january: Vec<&str> = CONFIRM.iter().copied().chain(["--year", "2027"]).collect();
    let r = run(&late, "2027-01-02", &january);
    assert_eq!(r.code, 0, "{}", r.all());

    let f = yearend(
        &[
            "fleet",
            fleet.to_str().unwrap(),
            "--today",
            "2027-01-02",
            "--json",
        ],
        &[],
    );
    assert_eq!(f.code, 1, "{}", f.all());
    let doc: serde_json::Value = serde_json::from_str(&f.stdout).unwrap();
    let rows = doc["hospitals"].clone();
    let state = |code: &str| {
        let r = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["source"].as_str().unwrap().contains(&format!("/{code}/")))
            .unwrap();
        (
            r["state"].as_str().unwrap().to_string(),
            r["failing_step"].clone(),
            r["late_steps"].clone(),
        )
    };
    assert_eq!(rows.as_array().unwrap().len(), 5, "{}", f.stdout);
    assert_eq!(state("R001").0, "done");
    assert_eq!(state("R002").0, "failing");
    assert_eq!(state("R002").1, "basic-info-synced");
    assert_eq!(state("R003").0, "in_progress");
    assert_eq!(state("R004").0, "not_started");
    assert_eq!(state("R005").0, "done");
    assert!(
        state("R005")
            .2
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "bill-carry-over"),
        "{}",
        f.stdout
    );
    let html_path = fleet.join("fleet.html");
    let t = yearend(
        &[
            "fleet",
            fleet.to_str().unwrap(),
            "--today",
            "2027-01-02",
            "--html",
            html_path.to_str().unwrap(),
        ],
        &[],
    );
    assert!(t.stdout.contains(": 5 hospitals"), "{}", t.stdout);
    // R005 is done but was late: it stays among those that need someone.
    assert!(t.stdout.contains("done (1): R001"), "{}", t.stdout);
    let html = std::fs::read_to_string(&html_path).unwrap();
    // The page links to each hospital's report written beside it (`reports/…`), and nothing else.
    let links = html.matches("href=\"reports&#x2f;").count();
    assert_eq!(
        links,
        html.matches("href=").count(),
        "only links to reports/: {html}"
    );
    assert!(links >= 5, "one link per hospital received: {html}");
    check_html(&html.replace("href=\"reports&#x2f;", "data-report=\""));
    assert!(
        html.contains("报告测试二院") && html.contains("class=\"card failing\""),
        "{html}"
    );
}
