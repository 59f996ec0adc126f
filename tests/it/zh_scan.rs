//! Every subcommand on its success and failure paths, in the default language: a table of
//! invocations, each with its exit code and a marker proving it took the intended path, and
//! every line a person reads scanned for English phrases and Rust Debug names.

use crate::support::*;
use std::path::Path;

/// One invocation of the table.
struct Case {
    name: &'static str,
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    code: i32,
    /// Text the output must hold: proof the intended path ran.
    marker: &'static str,
    /// Machine output (completions, man, JSON) is not scanned for words.
    scan: bool,
}

fn case(name: &'static str, args: &[&str], code: i32, marker: &'static str) -> Case {
    Case {
        name,
        args: args.iter().map(|a| a.to_string()).collect(),
        env: vec![("YEAREND_DB_PASSWORD", PASSWORD.to_string())],
        code,
        marker,
        scan: true,
    }
}

impl Case {
    fn env(mut self, key: &'static str, value: &str) -> Case {
        self.env.retain(|(k, _)| *k != key);
        self.env.push((key, value.to_string()));
        self
    }

    fn without_password(mut self) -> Case {
        self.env.retain(|(k, _)| *k != "YEAREND_DB_PASSWORD");
        self
    }

    fn unscanned(mut self) -> Case {
        self.scan = false;
        self
    }
}

/// Runs of three or more English words in a line a person reads. SQL, commands to type, paths,
/// URLs, names as code (`between backticks`), lists of names (`、`) and what the server or a
/// parser said (behind 服务器原话 / 解析器原话) are not ours to translate.
fn english_phrases(text: &str) -> Vec<String> {
    // Upper-case words are SQL and the database's names (EXTENT MANAGEMENT DICTIONARY).
    let is_word = |w: &str| {
        w.len() >= 2
            && w.chars().all(|c| c.is_ascii_alphabetic())
            && !w.chars().all(|c| c.is_ascii_uppercase())
    };
    let mut found = Vec::new();
    for line in text.lines() {
        let line = line.split("原话：").next().unwrap_or_default();
        let line: String = line
            .split('`')
            .enumerate()
            .map(|(i, part)| if i % 2 == 1 { " 代码 " } else { part })
            .collect::<String>()
            // A list's separator ends a run: names listed are not a phrase.
            .replace('、', " 、 ");
        if [
            "CREATE ",
            "ALTER ",
            "SELECT ",
            "COMMENT ON",
            "GRANT ",
            "yearend ",
            "://",
            "Usage:",
        ]
        .iter()
        .any(|s| line.contains(s))
        {
            continue;
        }
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || "，。：；（）,;:()'\"[]<>|=".contains(c))
            .filter(|w| !w.is_empty())
            .map(|w| {
                if w.contains('/') || w.contains('.') {
                    "、"
                } else {
                    w
                }
            })
            .collect();
        let mut run = 0;
        for w in words {
            run = if is_word(w) { run + 1 } else { 0 };
            if run == 3 {
                found.push(line.trim().to_string());
                break;
            }
        }
    }
    found
}

fn files(dir: &Path, url: &str) -> Vec<(&'static str, String)> {
    let good = "  - id: hello\n    kind: manual\n    title: 确认结转\n    instruction: 确认已完成票据结转\n";
    let plan = |name: &str, text: &str| write(dir, name, text).display().to_string();
    let site = |name: &str, text: &str| write(dir, name, text).display().to_string();
    vec![
        (
            "plan",
            plan(
                "plan.yaml",
                &format!("name: 扫描\nmode: old_year_bills_usable\ntimetable:\n  partitions: 12-25\nsteps:\n{good}  - id: partitions\n    kind: partitions\n"),
            ),
        ),
        ("tab", plan("tab.yaml", "name: x\nsteps:\n\t- id: a\n")),
        (
            "server-error",
            {
                write(dir, "nosuch.sql", "SELECT id FROM einvoice.no_such_table");
                plan(
                    "server-error.yaml",
                    "name: x\nmode: old_year_bills_usable\nsteps:\n  - id: q\n    kind: check\n    query: nosuch.sql\n    expect: { min_rows: 1 }\n",
                )
            },
        ),
        (
            "field",
            plan("field.yaml", &format!("name: x\nmood: old_year_bills_usable\nsteps:\n{good}")),
        ),
        (
            "kind",
            plan("kind.yaml", "name: x\nmode: old_year_bills_usable\nsteps:\n  - id: a\n    kind: manul\n"),
        ),
        (
            "key",
            plan(
                "key.yaml",
                &format!("name: x\nmode: old_year_bills_usable\nsteps:\n{good}    names: [a]\n"),
            ),
        ),
        (
            "date",
            plan(
                "date.yaml",
                &format!("name: x\nmode: old_year_bills_usable\ntimetable:\n  hello: 13-45\nsteps:\n{good}"),
            ),
        ),
        (
            "yaml",
            plan("yaml.yaml", "name: [x\nsteps:\n"),
        ),
        (
            "site",
            site(
                "site.yaml",
                &format!("hospital: 扫描医院\ncode: SCAN\ndatabase:\n  url: {url}\n  schemas: [einvoice]\n"),
            ),
        ),
        (
            "site-password",
            site(
                "site-pw.yaml",
                "hospital: 扫描医院\ncode: SCAN\ndatabase:\n  url: postgres://u:s3cret@127.0.0.1:9/none\n  schemas: [einvoice]\n",
            ),
        ),
        (
            "site-field",
            site(
                "site-field.yaml",
                &format!("hospital: 扫描医院\ncode: SCAN\ndatabse:\n  url: {url}\n"),
            ),
        ),
        (
            "site-ntp",
            site(
                "site-ntp.yaml",
                "hospital: 扫描医院\ncode: SCAN\ndatabase:\n  url: postgres://yearend_admin@127.0.0.1:9/none\n  schemas: [einvoice]\nntp: [\"ntp.invalid\"]\nclock_hosts: [local]\n",
            ),
        ),
        (
            "site-down",
            site(
                "site-down.yaml",
                "hospital: 扫描医院\ncode: SCAN\ndatabase:\n  url: postgres://yearend_admin@127.0.0.1:9/none\n  schemas: [einvoice]\n",
            ),
        ),
        (
            "site-nodb",
            site(
                "site-nodb.yaml",
                &format!(
                    "hospital: 扫描医院\ncode: SCAN\ndatabase:\n  url: {}\n  schemas: [einvoice]\n",
                    url.rsplit_once('/').unwrap().0.to_string() + "/no_such_db"
                ),
            ),
        ),
        (
            "site-schema",
            site(
                "site-schema.yaml",
                &format!("hospital: 扫描医院\ncode: SCAN\ndatabase:\n  url: {url}\n  schemas: [einvoce]\n"),
            ),
        ),
    ]
}

#[test]
fn every_subcommand_reads_in_chinese_on_its_success_and_failure_paths() {
    let pg = pg();
    let db = pg.fresh_db("zhscan");
    pg.load(&db, &repo().join("sql/demo/postgres/schema.sql"), 2026);
    let dir = scratch("zhscan");
    let f: std::collections::HashMap<&str, String> =
        files(&dir, &pg.url(&db)).into_iter().collect();
    let st = dir.join("state").display().to_string();
    let empty = dir.join("empty").display().to_string();
    let (p, s) = (f["plan"].as_str(), f["site"].as_str());
    let at = |n: &str| dir.join(n).display().to_string();
    let (saved, bundle, snap) = (at("saved.json"), at("bundle.zip"), at("snap.json"));
    let today = ["--today", "2026-12-20"];
    let roll = |cmd: &str, plan: &str, site: &str, extra: &[&str]| -> Vec<String> {
        let mut v = vec![cmd, "--plan", plan, "--site", site, "--state-dir", &st];
        v.extend(extra);
        v.extend(today);
        v.iter().map(|a| a.to_string()).collect()
    };
    let on = |cmd: &str, site: &str, state: &str, extra: &[&str]| -> Vec<String> {
        let mut v = vec![cmd, "--site", site, "--state-dir", state];
        v.extend(extra);
        v.extend(today);
        v.iter().map(|a| a.to_string()).collect()
    };
    let as_case = |name, args: Vec<String>, code, marker| Case {
        args,
        ..case(name, &[], code, marker)
    };
    // The cases run in order: later ones read what earlier ones wrote (journal, bundle, saved plan).
    let cases: Vec<Case> = vec![
        case("--help", &["--help"], 0, "用法："),
        case("--version", &["--version"], 0, "yearend"),
        case("help run", &["help", "run"], 0, "用法："),
        case("run --help", &["run", "--help"], 0, "--confirm"),
        case("subcommand typo", &["plna"], 2, "plan"),
        case("flag typo", &["plan", "--plna", "x"], 2, "--plan"),
        case("completions", &["completions", "bash"], 0, "yearend").unscanned(),
        case("man", &["man"], 0, ".TH").unscanned(),
        as_case(
            "validate",
            vec![
                "validate".into(),
                "--plan".into(),
                p.into(),
                "--site".into(),
                s.into(),
            ],
            0,
            "往年票可用",
        ),
        as_case(
            "plan file missing",
            vec!["validate".into(), "--plan".into(), at("none.yaml")],
            2,
            "无法读取计划文件",
        ),
        as_case(
            "plan tab",
            vec!["validate".into(), "--plan".into(), f["tab"].clone()],
            2,
            "制表符",
        ),
        as_case(
            "plan unknown field",
            vec!["validate".into(), "--plan".into(), f["field"].clone()],
            2,
            "未知字段 `mood`",
        ),
        as_case(
            "plan unknown kind",
            vec!["validate".into(), "--plan".into(), f["kind"].clone()],
            2,
            "manual",
        ),
        as_case(
            "key of another kind",
            vec!["validate".into(), "--plan".into(), f["key"].clone()],
            2,
            "names",
        ),
        as_case(
            "timetable date",
            vec!["validate".into(), "--plan".into(), f["date"].clone()],
            2,
            "13-45",
        ),
        as_case(
            "plan YAML syntax",
            vec!["validate".into(), "--plan".into(), f["yaml"].clone()],
            2,
            "yaml.yaml:",
        ),
        as_case(
            "site password",
            vec![
                "validate".into(),
                "--plan".into(),
                p.into(),
                "--site".into(),
                f["site-password"].clone(),
            ],
            2,
            "URL 中含有密码",
        ),
        as_case(
            "site unknown field",
            vec![
                "validate".into(),
                "--plan".into(),
                p.into(),
                "--site".into(),
                f["site-field"].clone(),
            ],
            2,
            "databse",
        ),
        as_case(
            "site missing",
            vec![
                "validate".into(),
                "--plan".into(),
                p.into(),
                "--site".into(),
                at("nosite.yaml"),
            ],
            2,
            "nosite.yaml",
        ),
        as_case(
            "server down",
            roll("plan", p, &f["site-down"], &[]),
            3,
            "无法连接",
        ),
        as_case(
            "no such database",
            roll("plan", p, &f["site-nodb"], &[]),
            3,
            "no_such_db",
        ),
        as_case("wrong password", roll("plan", p, s, &[]), 3, "密码")
            .env("YEAREND_DB_PASSWORD", "wrong"),
        as_case(
            "no password, no terminal",
            roll("plan", p, s, &[]),
            3,
            "YEAREND_DB_PASSWORD",
        )
        .without_password(),
        as_case(
            "the server refuses a query",
            roll("plan", &f["server-error"], s, &[]),
            3,
            "服务器原话",
        ),
        as_case(
            "schema typo",
            roll("plan", p, &f["site-schema"], &[]),
            2,
            "einvoice",
        ),
        as_case(
            "--only without a schema",
            roll("run", p, s, &["--only", "bill_invoice", "--yes"]),
            2,
            "模式.表名",
        ),
        as_case(
            "January --year",
            {
                let mut v = roll("plan", p, s, &[]);
                v.truncate(v.len() - 2);
                v.extend(["--today".into(), "2027-01-03".into()]);
                v
            },
            0,
            "1 月：默认年度为刚开启的 2027 年",
        ),
        as_case(
            "status before any run",
            on("status", s, &empty, &[]),
            1,
            "未开始",
        ),
        as_case("plan", roll("plan", p, s, &[]), 0, "待执行（演练）"),
        as_case(
            "plan --out",
            roll("plan", p, s, &["--out", &saved]),
            0,
            "--saved",
        ),
        as_case(
            "run with an empty operator",
            roll("run", p, s, &["--yes"]),
            2,
            "--operator",
        )
        .env("YEAREND_OPERATOR", ""),
        as_case(
            "run --saved missing",
            roll("run", p, s, &["--saved", &at("nosaved.json"), "--yes"]),
            2,
            "nosaved.json",
        ),
        as_case(
            "run, no terminal to approve",
            roll("run", p, s, &[]),
            1,
            "--yes",
        ),
        as_case("run", roll("run", p, s, &["--yes"]), 1, "待确认"),
        as_case("status awaiting", on("status", s, &st, &[]), 1, "待确认"),
        as_case(
            "run --confirm",
            roll("run", p, s, &["--yes", "--confirm", "hello"]),
            0,
            "已由 测试工程师 确认",
        ),
        as_case("status done", on("status", s, &st, &[]), 0, "已完成"),
        as_case("verify", roll("verify", p, s, &[]), 0, "通过"),
        as_case(
            "report",
            on("report", s, &st, &["--format", "md"]),
            0,
            "年结",
        ),
        as_case(
            "report --bundle",
            on("report", s, &st, &["--bundle", &bundle]),
            0,
            "bundle.zip",
        ),
        as_case(
            "verify-bundle",
            vec!["verify-bundle".into(), bundle.clone()],
            0,
            "bundle.zip",
        ),
        as_case(
            "verify-bundle missing",
            vec!["verify-bundle".into(), at("nobundle.zip")],
            2,
            "nobundle.zip",
        ),
        as_case(
            "verify-bundle tampered",
            vec!["verify-bundle".into(), at("tampered.zip")],
            2,
            "不是 yearend 证据包",
        ),
        as_case(
            "status with a wrong head",
            on("status", s, &st, &["--head", "deadbeefdeadbeef"]),
            1,
            "deadbeefdeadbeef",
        ),
        as_case(
            "report html",
            on(
                "report",
                s,
                &st,
                &["--format", "html", "--out", &at("report.html")],
            ),
            0,
            "report.html",
        ),
        as_case(
            "state directory not creatable",
            on("run", s, &at("plan.yaml/state"), &["--plan", p, "--yes"]),
            2,
            "路径中有一段不是目录",
        ),
        as_case(
            "snapshot",
            vec![
                "snapshot".into(),
                "--site".into(),
                s.into(),
                "--out".into(),
                snap.clone(),
            ],
            0,
            "snap.json",
        ),
        as_case(
            "plan --snapshot",
            vec![
                "plan".into(),
                "--plan".into(),
                p.into(),
                "--site".into(),
                s.into(),
                "--snapshot".into(),
                snap.clone(),
                "--today".into(),
                "2026-12-20".into(),
            ],
            0,
            "离线",
        ),
        as_case(
            "fleet",
            vec![
                "fleet".into(),
                st.clone(),
                "--today".into(),
                "2026-12-20".into(),
            ],
            0,
            "已完成",
        ),
        as_case(
            "fleet nothing received",
            vec![
                "fleet".into(),
                empty.clone(),
                "--today".into(),
                "2026-12-20".into(),
            ],
            2,
            "没有收到任何医院的证据",
        ),
        as_case(
            "clock, no NTP server answers",
            vec![
                "clock".into(),
                "--site".into(),
                f["site-ntp"].clone(),
                "--today".into(),
                "2026-12-20".into(),
            ],
            1,
            "没有 NTP 服务器给出可用应答",
        ),
        as_case(
            "init from a snapshot",
            vec![
                "init".into(),
                "--snapshot".into(),
                snap.clone(),
                "--site-out".into(),
                at("drafted.yaml"),
            ],
            0,
            "已起草站点文件",
        ),
        as_case(
            "init with nothing to read",
            vec!["init".into(), "--site-out".into(), at("nothing.yaml")],
            2,
            "init 需要 --url",
        ),
        as_case(
            "diff of a plan with itself",
            vec!["diff".into(), p.into(), p.into()],
            0,
            "两个方案相同",
        ),
        as_case(
            "doctor",
            vec!["doctor".into(), "--site".into(), s.into()],
            0,
            "glibc",
        ),
    ];
    let mut failures = Vec::new();
    std::fs::create_dir_all(&empty).unwrap();
    let mut ran = 0;
    for c in &cases {
        if c.name == "verify-bundle tampered" {
            // Cut short, as a transfer that stopped half-way.
            let bytes = std::fs::read(&bundle).unwrap();
            std::fs::write(dir.join("tampered.zip"), &bytes[..bytes.len() / 2]).unwrap();
        }
        let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
        let mut y = Yearend::new().default_language().args(&args);
        for (k, v) in &c.env {
            y = y.env(k, v);
        }
        let r = y.run();
        ran += 1;
        let all = r.all();
        if r.code != c.code {
            failures.push(format!(
                "{}: exit {} (want {})\n{all}",
                c.name, r.code, c.code
            ));
            continue;
        }
        if !all.contains(c.marker) {
            failures.push(format!("{}: no `{}`\n{all}", c.name, c.marker));
            continue;
        }
        if c.scan {
            let english = english_phrases(&all);
            if !english.is_empty() {
                failures.push(format!("{}: English: {english:#?}", c.name));
            }
            for word in ["Usage", "[OPTIONS]", "error:", "tip:"] {
                if all.contains(word) {
                    failures.push(format!("{}: clap's `{word}`\n{all}", c.name));
                }
            }
        }
    }
    ran += another_run_holds_the_lock(p, s, &st, &mut failures);
    assert!(ran >= 40, "the table has {ran} invocations");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A run while another holds the state directory's lock: exit 4, the holder named, in Chinese.
fn another_run_holds_the_lock(p: &str, s: &str, st: &str, failures: &mut Vec<String>) -> usize {
    let lock = Path::new(st).join("lock");
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    std::fs::write(
        &lock,
        format!(
            r#"{{"pid":4242,"host":"{}","operator":"李工","since":"2026-12-20T01:00:00Z"}}"#,
            host.trim()
        ),
    )
    .unwrap();
    let held = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&lock)
        .unwrap();
    held.try_lock().unwrap();
    let r = Yearend::new()
        .default_language()
        .env("YEAREND_DB_PASSWORD", PASSWORD)
        .args(&[
            "run",
            "--plan",
            p,
            "--site",
            s,
            "--state-dir",
            st,
            "--yes",
            "--today",
            "2026-12-20",
        ])
        .run();
    drop(held);
    if r.code != 4 || !r.all().contains("李工") {
        failures.push(format!("lock held: exit {}\n{}", r.code, r.all()));
    }
    let english = english_phrases(&r.all());
    if !english.is_empty() {
        failures.push(format!("lock held: English: {english:#?}"));
    }
    1
}

/// Every zh-CN message, its placeholders left out: no English phrase outside SQL, commands,
/// code and what a server or parser said.
#[test]
fn the_chinese_catalogue_has_no_english_phrase() {
    let text = std::fs::read_to_string(repo().join("i18n/zh-CN.ftl")).unwrap();
    let mut found = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let value = match line.split_once(" = ") {
            Some((id, v)) if !id.starts_with(' ') => v,
            _ => line,
        };
        // Placeholders and select keys (`[month]`, `*[other]`) are not words a person reads.
        let mut plain = String::new();
        let mut depth = 0;
        for c in value.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        let plain = plain.trim_start();
        let plain = if plain.starts_with('[') || plain.starts_with("*[") {
            plain.split_once(']').map_or("", |(_, rest)| rest)
        } else {
            plain
        };
        for phrase in english_phrases(plain) {
            found.push(format!("{line}\n    → {phrase}"));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
