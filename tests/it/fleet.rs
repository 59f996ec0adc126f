//! `fleet --roster` over seven hospitals in seven states, from state directories and evidence
//! bundles, and `report --bundle` / `verify-bundle` with a tampered bundle refused.

use crate::support::*;
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-12-20";

/// The fleet's plan with its templates step due 12-25 (`fleet_plan`).
fn plan(dir: &Path, name: &str, check_rows: u32, synced: bool, manual_due: &str) -> PathBuf {
    fleet_plan(dir, name, check_rows, synced, (manual_due, "12-25"))
}

fn site(dir: &Path, code: &str, url: &str) -> PathBuf {
    write(
        dir,
        &format!("{code}.yaml"),
        &format!(
            "hospital: 医院{code}\ncode: {code}\ndatabase:\n  url: {url}\n  schemas: [public]\n"
        ),
    )
}

fn run(plan: &Path, site: &Path, state: &Path, extra: &[&str]) -> Run {
    let mut a = vec![
        "run",
        "--plan",
        plan.to_str().unwrap(),
        "--site",
        site.to_str().unwrap(),
        "--today",
        TODAY,
        "--state-dir",
        state.to_str().unwrap(),
        "--yes",
    ];
    a.extend_from_slice(extra);
    yearend(&a, &[("YEAREND_DB_PASSWORD", PASSWORD)])
}

#[test]
fn seven_hospitals_in_seven_states_from_a_roster() {
    let pg = pg();
    let db = pg.fresh_db("fleet");
    let dir = scratch("fleet");
    let received = dir.join("received");
    let url = pg.url(&db);
    let confirm = ["--confirm", "confirm-x", "--operator", "张工"];
    // (code, plan: check rows, template synced, manual due) and how the run goes.
    let p_done = plan(&dir, "done", 1, true, "12-31");
    let p_fail = plan(&dir, "fail", 0, true, "12-31");
    let p_act = plan(&dir, "act", 1, false, "12-31");
    let p_late = plan(&dir, "late", 1, true, "12-15");
    let mut roster = String::new();
    let cases: [(&str, &PathBuf); 7] = [
        ("F001", &p_done),
        ("F002", &p_fail),
        ("F003", &p_done),
        ("F004", &p_done),
        ("F005", &p_act),
        ("F006", &p_late),
        ("F007", &p_done),
    ];
    for (code, p) in cases {
        site(&dir, code, &url);
        roster += &format!(
            "- site: {code}.yaml\n  plan: {}\n",
            p.file_name().unwrap().to_string_lossy()
        );
    }
    let roster_path = write(&dir, "roster.yaml", &roster);
    let state = |code: &str| received.join(code).join("2027");
    let s = |code: &str| dir.join(format!("{code}.yaml"));
    // F001 done, handed in as a bundle.
    assert_eq!(
        run(&p_done, &s("F001"), &dir.join("f001-state"), &confirm).code,
        0
    );
    let bundle = received.join("F001-2027.tar.gz");
    std::fs::create_dir_all(&received).unwrap();
    let b = yearend(
        &[
            "report",
            "--site",
            s("F001").to_str().unwrap(),
            "--state-dir",
            dir.join("f001-state").to_str().unwrap(),
            "--today",
            TODAY,
            "--bundle",
            bundle.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(b.code, 0, "{}", b.all());
    assert_eq!(run(&p_fail, &s("F002"), &state("F002"), &confirm).code, 1);
    // F003 in progress: a done journal whose run has no end record yet.
    assert_eq!(run(&p_done, &s("F003"), &state("F003"), &confirm).code, 0);
    let j = state("F003").join("journal.jsonl");
    let text = std::fs::read_to_string(&j).unwrap();
    let cut: Vec<&str> = text.lines().collect();
    interrupt_journal(j.parent().unwrap(), &cut[..cut.len() - 1]);
    assert_eq!(
        run(&p_done, &s("F004"), &state("F004"), &[]).code,
        1,
        "awaiting confirmation"
    );
    assert_eq!(
        run(&p_act, &s("F005"), &state("F005"), &confirm).code,
        1,
        "action needed is not done"
    );
    assert_eq!(run(&p_late, &s("F006"), &state("F006"), &[]).code, 1);
    let f = yearend(
        &[
            "fleet",
            "--roster",
            roster_path.to_str().unwrap(),
            received.to_str().unwrap(),
            "--today",
            TODAY,
            "--json",
        ],
        &[],
    );
    assert_eq!(f.code, 1, "{}", f.all());
    let rows: serde_json::Value = serde_json::from_str(&f.stdout).unwrap();
    // The envelope says what it is, when, for which day and year, and how many are in each state.
    assert_eq!(rows["format_version"], 1, "{}", f.stdout);
    assert_eq!(rows["today"], TODAY);
    assert_eq!(rows["year"], 2027);
    assert!(rows["generated_at"].as_str().is_some_and(|t| t.len() >= 20));
    for (state, n) in [
        ("done", 1),
        ("failing", 1),
        ("late", 1),
        ("not_started", 1),
        ("journal_broken", 0),
        ("unreadable", 0),
    ] {
        assert_eq!(rows["counts"][state], n, "{state}: {}", f.stdout);
    }
    let rows = rows["hospitals"].as_array().unwrap();
    assert_eq!(rows.len(), 7, "{}", f.stdout);
    let get = |code: &str| {
        rows.iter()
            .find(|r| r["site_code"] == code)
            .unwrap_or_else(|| panic!("{code}: {}", f.stdout))
    };
    for (code, want) in [
        ("F001", "done"),
        ("F002", "failing"),
        ("F003", "in_progress"),
        ("F004", "awaiting_confirmation"),
        ("F005", "action_needed"),
        ("F006", "late"),
        ("F007", "not_started"),
    ] {
        assert_eq!(get(code)["state"], want, "{code}: {}", f.stdout);
    }
    assert!(
        get("F001")["source"]
            .as_str()
            .unwrap()
            .starts_with("bundle "),
        "{}",
        f.stdout
    );
    assert_eq!(get("F004")["awaiting"][0], "confirm-x (值班工程师)");
    assert_eq!(get("F005")["action_needed"][0], "tmpl by 12-25");
    assert_eq!(get("F006")["late_steps"][0], "confirm-x");
    assert_eq!(get("F007")["source"], "nothing received");
    assert_eq!(get("F007")["next_due"], "12-25");
    assert!(get("F002")["age_hours"].as_i64().is_some());
    // The ones that need attention first.
    // Past a due date first (F006's manual step was due 12-15), then by how urgent the state is.
    assert_eq!(rows[0]["site_code"], "F006", "{}", f.stdout);
    assert_eq!(rows[1]["site_code"], "F002", "{}", f.stdout);
    assert_eq!(rows[6]["site_code"], "F001", "{}", f.stdout);
    let html = dir.join("fleet.html");
    let t = yearend(
        &[
            "fleet",
            "--roster",
            roster_path.to_str().unwrap(),
            received.to_str().unwrap(),
            "--today",
            TODAY,
            "--html",
            html.to_str().unwrap(),
        ],
        &[],
    );
    assert!(
        t.stdout
            .contains("fleet 2026-12-20 (year 2027): 7 hospitals"),
        "{}",
        t.stdout
    );
    assert!(t.stdout.contains("done (1): F001"), "{}", t.stdout);
    assert!(
        get("F004")["failing_step"].is_null(),
        "awaiting is not failing"
    );

    // The Monday after every due date, in Chinese: counts first, the hospital that sent nothing
    // is 已逾期 and leads with the other late one, ages measured from --today.
    let monday = Yearend::new()
        .default_language()
        .args(&[
            "fleet",
            "--roster",
            roster_path.to_str().unwrap(),
            received.to_str().unwrap(),
            "--today",
            "2026-12-28",
        ])
        .run();
    let out = monday.stdout.clone();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0], "年结进度总览 2026-12-28（2027 年度）：共 7 家医院",
        "{out}"
    );
    for count in ["日志不完整 0", "证据无法读取 0", "已逾期 ", "已完成 1"] {
        assert!(lines[1].contains(count), "{count}: {}", lines[1]);
    }
    assert_eq!(lines[2], "需要有人处理（最急的在前）：", "{out}");
    let order: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("  F"))
        .map(|l| &l[2..6])
        .collect();
    // Late first by the earliest overdue date (F006 since 12-15, F005 and F007 since 12-25),
    // then the failing one.
    assert_eq!(&order[..4], ["F006", "F005", "F007", "F002"], "{out}");
    let f007 = lines.iter().position(|l| l.starts_with("  F007")).unwrap();
    assert!(
        lines[f007].contains("已逾期") && lines[f007].contains("自 12-25 起逾期"),
        "{out}"
    );
    assert!(lines[f007].ends_with("未收到任何结果"), "{out}");
    assert!(out.contains("天前"), "ages from --today: {out}");
    assert!(
        !out.contains("not_started") && !out.contains("failing:"),
        "{out}"
    );
    let page = std::fs::read_to_string(&html).unwrap();
    for word in [
        "未开始",
        "进行中或已中断",
        "待确认",
        "待处理",
        "已逾期",
        "未通过",
        "已完成",
    ] {
        assert!(page.contains(word), "the page lacks {word}");
    }
    // Each hospital that sent something links to its own report beside the page: the bundle's
    // as the hospital sent it, a state directory's rendered from its journal.
    // minijinja writes `/` in an attribute as `&#x2f;`, which a browser reads as `/`.
    let page = page.replace("&#x2f;", "/");
    let links: Vec<&str> = page
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| h.starts_with("reports/"))
        .collect();
    assert_eq!(links.len(), 6, "one per hospital received: {links:?}");
    for code in ["F001", "F002", "F003", "F004", "F005", "F006"] {
        let link = links
            .iter()
            .find(|l| l.starts_with(&format!("reports/{code}-2027-")))
            .unwrap_or_else(|| panic!("{code} has no report link: {links:?}"));
        let report = std::fs::read_to_string(dir.join(link)).unwrap();
        assert!(report.contains(code) && report.contains("<html"), "{link}");
    }
    assert!(
        !links.iter().any(|l| l.contains("F007")),
        "nothing received, nothing linked"
    );
}

#[test]
fn a_bundle_is_verified_and_a_tampered_one_refused() {
    let pg = pg();
    let db = pg.fresh_db("bundle");
    let dir = scratch("bundle");
    let p = plan(&dir, "b", 1, true, "12-31");
    let s = site(&dir, "B001", &pg.url(&db));
    let state = dir.join("state");
    assert_eq!(
        run(
            &p,
            &s,
            &state,
            &["--confirm", "confirm-x", "--operator", "张工"]
        )
        .code,
        0
    );
    let bundle = dir.join("B001-2027.tar.gz");
    let b = yearend(
        &[
            "report",
            "--site",
            s.to_str().unwrap(),
            "--state-dir",
            state.to_str().unwrap(),
            "--today",
            TODAY,
            "--bundle",
            bundle.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(b.code, 0, "{}", b.all());
    let ok = yearend(&["verify-bundle", bundle.to_str().unwrap()], &[]);
    assert_eq!(ok.code, 0, "{}", ok.all());
    for f in [
        "SHA256SUMS",
        "journal.jsonl",
        "plan.resolved.yaml",
        "plan.sha256",
        "report.html",
        "report.md",
    ] {
        assert!(ok.stdout.contains(f), "{f}: {}", ok.stdout);
    }
    let text = std::fs::read_to_string(state.join("journal.jsonl")).unwrap();
    let head = text.lines().last().map(sha256_hex).unwrap();
    assert_eq!(
        yearend(
            &[
                "verify-bundle",
                bundle.to_str().unwrap(),
                "--head",
                &head[..16]
            ],
            &[]
        )
        .code,
        0
    );
    let wrong = yearend(
        &[
            "verify-bundle",
            bundle.to_str().unwrap(),
            "--head",
            "0123456789abcdef",
        ],
        &[],
    );
    assert_eq!(wrong.code, 1, "{}", wrong.all());
    assert!(
        wrong.stdout.contains("as pasted in the 工单"),
        "{}",
        wrong.stdout
    );
    // Unpack, change one record, pack again: the sums no longer match.
    let x = dir.join("x");
    std::fs::create_dir_all(&x).unwrap();
    let status = std::process::Command::new("tar")
        .args(["xzf", bundle.to_str().unwrap(), "-C", x.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let j = std::fs::read_to_string(x.join("journal.jsonl"))
        .unwrap()
        .replace("张工", "李工");
    std::fs::write(x.join("journal.jsonl"), j).unwrap();
    let forged = dir.join("forged.tar.gz");
    let status = std::process::Command::new("tar")
        .arg("czf")
        .arg(&forged)
        .arg("-C")
        .arg(&x)
        .arg(".")
        .status()
        .unwrap();
    assert!(status.success());
    let r = yearend(&["verify-bundle", forged.to_str().unwrap()], &[]);
    assert_eq!(
        r.code,
        2,
        "a bundle with directory entries is not a yearend bundle: {}",
        r.all()
    );
    let forged2 = dir.join("forged2.tar.gz");
    let names: Vec<String> = std::fs::read_dir(&x)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let status = std::process::Command::new("tar")
        .arg("czf")
        .arg(&forged2)
        .arg("-C")
        .arg(&x)
        .args(&names)
        .status()
        .unwrap();
    assert!(status.success());
    let r = yearend(&["verify-bundle", forged2.to_str().unwrap()], &[]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("journal.jsonl does not match its sha256 in SHA256SUMS"),
        "{}",
        r.stdout
    );
}

/// A bundle that is not one, or one without a journal, is named with why — never skipped, which
/// would make its hospital "not started".
#[test]
fn unreadable_evidence_is_named_with_why() {
    let dir = scratch("fleet-unreadable");
    let inbox = dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(inbox.join("H009-broken.tar.gz"), b"not a gzip at all").unwrap();
    let empty = inbox.join("H010-empty.tar.gz");
    let gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&empty).unwrap(),
        flate2::Compression::default(),
    );
    let mut tar = tar::Builder::new(gz);
    let mut h = tar::Header::new_gnu();
    h.set_size(3);
    h.set_mode(0o600);
    h.set_cksum();
    tar.append_data(&mut h, "note.txt", &b"hi\n"[..]).unwrap();
    tar.into_inner().unwrap().finish().unwrap();
    // A state directory whose journal cannot be read (here a link, which is never followed).
    let state = inbox.join("H011").join("2027");
    std::fs::create_dir_all(&state).unwrap();
    let elsewhere = write(&dir, "elsewhere.jsonl", "{}\n");
    std::os::unix::fs::symlink(&elsewhere, state.join("journal.jsonl")).unwrap();
    let r = yearend(
        &["fleet", "--today", "2026-12-20", inbox.to_str().unwrap()],
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout.contains("H011") && r.stdout.contains("symbolic link"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("H009-broken.tar.gz") && r.stdout.contains("unreadable"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("H010-empty.tar.gz") && r.stdout.contains("journal.jsonl"),
        "{}",
        r.stdout
    );
    let j = yearend(
        &[
            "fleet",
            "--json",
            "--today",
            "2026-12-20",
            inbox.to_str().unwrap(),
        ],
        &[],
    );
    let rows: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    let states: Vec<&str> = rows["hospitals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, vec!["unreadable"; 3], "{}", j.stdout);
}
