//! What a hospital engineer reads is Chinese by default, whatever LANG says, and never a Rust
//! Debug name; English only on request.

use crate::support::*;

/// The Debug names of every enum whose value reaches a person.
const DEBUG_NAMES: &[&str] = &[
    // StepStatus
    "Passed",
    "Warning",
    "ActionNeeded",
    "Executed",
    "AlreadySatisfied",
    "Planned",
    "Failed",
    "Halted",
    "AwaitingConfirmation",
    "Skipped",
    "Unsupported",
    "Offline",
    // RolloverState
    "JournalBroken",
    "Failing",
    "Late",
    "InProgress",
    "NotStarted",
    "Done",
    // Mode, Level, clock verdicts
    "OldYearBillsUsable",
    "OldYearBillsUnusable",
    "Severe",
    "General",
    "Falseticker",
    "TooFar",
    "WrongZone",
    "NotMeasured",
    "Drifting",
];

fn debug_names_in(text: &str) -> Vec<&'static str> {
    DEBUG_NAMES
        .iter()
        .filter(|name| {
            text.match_indices(**name).any(|(i, _)| {
                let before = text[..i].chars().next_back();
                let after = text[i + name.len()..].chars().next();
                !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            })
        })
        .copied()
        .collect()
}

#[test]
fn a_rollover_reads_in_chinese_by_default_and_in_english_on_request() {
    let pg = pg();
    let db = pg.fresh_db("zh");
    pg.load(&db, &repo().join("sql/demo/postgres/schema.sql"), 2026);
    let dir = scratch("zh");
    let site = site_file(&dir, &pg.url(&db), &["einvoice"]);
    let plan = write(
        &dir,
        "plan.yaml",
        "name: 中文测试\nmode: old_year_bills_usable\ntimetable:\n  partitions: 12-25\nsteps:\n  - id: hello\n    kind: manual\n    title: 确认\n    instruction: 确认已完成\n  - id: partitions\n    kind: partitions\n",
    );
    let state = dir.join("state");
    let cmd = |args: &[&str]| {
        Yearend::new()
            .args(args)
            .args(&["--today", "2026-12-20"])
            .env("YEAREND_DB_PASSWORD", PASSWORD)
            .default_language()
            .run()
    };
    let p = plan.to_str().unwrap();
    let s = site.to_str().unwrap();
    let st = state.to_str().unwrap();
    let validate = cmd(&["validate", "--plan", p, "--site", s]);
    let dry = cmd(&["plan", "--plan", p, "--site", s, "--state-dir", st]);
    let run = cmd(&[
        "run",
        "--plan",
        p,
        "--site",
        s,
        "--state-dir",
        st,
        "--yes",
        "--operator",
        "张工",
        "--confirm",
        "hello",
    ]);
    let status = cmd(&["status", "--site", s, "--state-dir", st]);
    let report = cmd(&["report", "--site", s, "--state-dir", st, "--format", "md"]);
    for (name, r) in [
        ("validate", &validate),
        ("plan", &dry),
        ("run", &run),
        ("status", &status),
        ("report", &report),
    ] {
        assert!(r.code <= 1, "{name}: {}", r.all());
        assert_eq!(
            debug_names_in(&r.all()),
            Vec::<&str>::new(),
            "{name} shows Debug names:\n{}",
            r.all()
        );
    }
    assert!(
        validate
            .stdout
            .contains("old_year_bills_usable（往年票可用）"),
        "{}",
        validate.stdout
    );
    assert!(dry.stdout.contains("=> 待执行（演练）："), "{}", dry.stdout);
    // The partitions step's own lines are Chinese too (names and SQL as the database spells them).
    for want in [
        "范围：",
        "张表（模式 einvoice",
        "范围内 ",
        "待扩展 ",
        "扩展     einvoice.",
    ] {
        assert!(dry.stdout.contains(want), "{want}: {}", dry.stdout);
    }
    for english in ["tables in scope", "extend   ", "scope: "] {
        assert!(!dry.stdout.contains(english), "{english}: {}", dry.stdout);
    }
    assert!(
        run.stdout.contains("      完成 einvoice."),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("各步耗时：hello "), "{}", run.stdout);
    assert!(
        dry.stdout.contains("      将执行 einvoice."),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("合计：将新建 "), "{}", dry.stdout);
    assert!(
        !dry.stdout.contains("[1/"),
        "diff-stable headers: {}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("下一步：yearend run --plan "),
        "{}",
        dry.stdout
    );
    assert!(
        run.stdout.contains("下一步：yearend report --site "),
        "{}",
        run.stdout
    );
    assert!(
        dry.stdout.contains("（partitions，截止 12-25）"),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("共 2 步："), "{}", dry.stdout);
    assert!(
        run.stdout.contains("=> 已执行：") && run.stdout.contains("；退出码 0"),
        "{}",
        run.stdout
    );
    assert!(
        status.stdout.contains("2026 年度年结（开启 2027 年）")
            && status.stdout.contains("哈希链：完整"),
        "{}",
        status.stdout
    );
    assert!(
        run.stdout.contains("日志头哈希（请抄进工单）："),
        "{}",
        run.stdout
    );
    // Times a person reads are the hospital's, with the offset.
    assert!(report.stdout.contains("+08:00"), "{}", report.stdout);
    // Which table got which months, and a block to sign, with the reviewer when named.
    assert!(
        report.stdout.contains("## 各表分区：partitions"),
        "{}",
        report.stdout
    );
    assert!(
        report
            .stdout
            .contains(" | 本次年结新增（第 1 次运行） | 202701 … 202712（12 个） |"),
        "{}",
        report.stdout
    );
    assert!(report.stdout.contains("## 签字"), "{}", report.stdout);
    // A document meant for signing holds an empty line to sign on, never a command hint.
    assert!(!report.stdout.contains("--reviewer"), "{}", report.stdout);
    assert!(
        report.stdout.contains("| 审核人 |  | |"),
        "{}",
        report.stdout
    );
    let signed = cmd(&[
        "report",
        "--site",
        s,
        "--state-dir",
        st,
        "--format",
        "html",
        "--reviewer",
        "李审核",
    ]);
    assert!(
        signed
            .stdout
            .contains("<th>审核人</th><td style=\"min-width:8em\">李审核&nbsp;</td>"),
        "{}",
        signed.stdout
    );
    assert!(
        signed.stdout.contains("name=\"viewport\""),
        "{}",
        signed.stdout
    );
    assert!(!report.stdout.contains(" UTC"), "{}", report.stdout);
    let en = Yearend::new()
        .args(&[
            "plan",
            "--plan",
            p,
            "--site",
            s,
            "--state-dir",
            st,
            "--today",
            "2026-12-20",
            "--lang",
            "en",
        ])
        .env("YEAREND_DB_PASSWORD", PASSWORD)
        .default_language()
        .run();
    assert!(en.stdout.contains("2 steps: "), "{}", en.stdout);
    let bad = Yearend::new()
        .args(&["plan", "--plan", p, "--site", s, "--lang", "fr"])
        .default_language()
        .run();
    assert_eq!(bad.code, 2, "{}", bad.all());
    assert!(
        bad.stderr.contains("zh-CN (default) or en"),
        "{}",
        bad.stderr
    );
}

/// `--help` is in Chinese by default, every subcommand and option included, and in English on
/// request (`--lang en` or YEAREND_LANG=en, which the suite sets for the others).
#[test]
fn help_is_chinese_by_default_and_english_on_request() {
    let zh = Yearend::new().default_language().args(&["--help"]).run();
    assert_eq!(zh.code, 0, "{}", zh.all());
    for want in [
        "医疗电子票据数据库年结工具",
        "用法：",
        "命令",
        "执行方案；已有日志时从中断处继续",
        "显示帮助",
    ] {
        assert!(zh.stdout.contains(want), "{want}: {}", zh.stdout);
    }
    let run = Yearend::new()
        .default_language()
        .args(&["run", "--help"])
        .run();
    for want in [
        "方案文件（plan.yaml",
        "站点文件（site.yaml",
        "执行语句前不再询问",
        "只为这张表补建分区",
    ] {
        assert!(run.stdout.contains(want), "{want}: {}", run.stdout);
    }
    assert!(
        !run.stdout.contains("Do not ask before executing"),
        "{}",
        run.stdout
    );
    let en = Yearend::new()
        .args(&["--lang", "en", "run", "--help"])
        .run();
    assert!(
        en.stdout.contains("Do not ask before executing statements"),
        "{}",
        en.stdout
    );
    assert!(en.stdout.contains("Usage:"), "{}", en.stdout);
}

/// clap's own words are Chinese too: usage, headings, the notes after an option, every
/// command-line error with the closest word, and `yearend help <command>`.
#[test]
fn the_command_line_itself_speaks_chinese() {
    let zh = |args: &[&str]| Yearend::new().default_language().args(args).run();
    let cases: [(&[&str], i32, &str); 7] = [
        (&["run", "--bogus"], 2, "错误：不认识的参数 '--bogus'"),
        (&["plna"], 2, "是否想用 'plan'？"),
        (
            &["report", "--site", "x", "--format", "pdf"],
            2,
            "不接受 'pdf'（可选：md、html）",
        ),
        (
            &["plan", "--year", "1999", "--plan", "a", "--site", "b"],
            2,
            "须在 2000..=2100 之内",
        ),
        (&["status"], 2, "缺少必需的参数：--site"),
        (&["help", "run"], 0, "执行语句前不再询问"),
        (
            &["fleet", "--help"],
            0,
            "可选：state、code、due、age；默认 state",
        ),
    ];
    for (args, code, marker) in cases {
        let r = zh(args);
        assert_eq!(r.code, code, "{args:?}: {}", r.all());
        let out = r.all();
        assert!(out.contains(marker), "{args:?}: {out}");
        for english in [
            "Usage",
            "[OPTIONS]",
            "error:",
            "tip:",
            "[env:",
            "[possible values",
            "[default:",
            "For more information",
        ] {
            assert!(!out.contains(english), "{args:?} prints `{english}`: {out}");
        }
        assert!(
            !out.contains("选项:") && !out.contains("命令:"),
            "ASCII colon: {out}"
        );
    }
    let top = zh(&["--help"]).stdout;
    assert!(top.contains("completions") && top.contains("man "), "{top}");
}

/// On a GBK terminal (LANG=zh_CN.GBK) what a person reads is written in GB18030, never UTF-8
/// mojibake; an error too. A UTF-8 locale gets UTF-8.
#[test]
fn a_gbk_terminal_gets_gbk_bytes() {
    let run = |lang: &str, args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_yearend"))
            .args(args)
            .env_remove("YEAREND_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_CTYPE")
            .env("LANG", lang)
            .output()
            .unwrap()
    };
    let gbk = run("zh_CN.GBK", &["--help"]);
    assert!(gbk.status.success());
    assert!(
        String::from_utf8(gbk.stdout.clone()).is_err(),
        "GBK bytes, not UTF-8"
    );
    let (text, _, bad) = encoding_rs::GB18030.decode(&gbk.stdout);
    assert!(
        !bad && text.contains("医疗电子票据数据库年结工具"),
        "{text}"
    );
    let err = run(
        "zh_CN.GB18030",
        &["validate", "--plan", "/nonexistent/plan.yaml"],
    );
    assert_eq!(err.status.code(), Some(2));
    let (text, _, bad) = encoding_rs::GB18030.decode(&err.stderr);
    assert!(!bad && text.starts_with("错误："), "{text}");
    let utf8 = run("zh_CN.UTF-8", &["--help"]);
    assert!(String::from_utf8(utf8.stdout)
        .unwrap()
        .contains("医疗电子票据数据库年结工具"));
}

/// The clock check reads in Chinese by default: its heading, its lines and its verdict.
#[test]
fn the_clock_check_reads_in_chinese() {
    let dir = scratch("zh-clock");
    let site = write(
        &dir,
        "site.yaml",
        "hospital: 测试医院\ncode: T1\ndatabase:\n  url: postgres://u@127.0.0.1:1/db\n  schemas: [einv]\nntp: [127.0.0.1:9]\nclock_hosts: [local]\n",
    );
    let r = Yearend::new()
        .default_language()
        .args(&["clock", "--site", site.to_str().unwrap()])
        .run();
    assert_eq!(r.code, 1, "{}", r.all());
    for want in [
        "测试医院（T1）— 环境时间检查",
        "  NTP 127.0.0.1:9：",
        "  失败 local：",
        "未通过：",
    ] {
        assert!(r.stdout.contains(want), "{want}: {}", r.stdout);
    }
}

/// The errors a hospital engineer meets first — a file that is not there, a tab, a misspelt key, a
/// password in the URL, a server that does not answer, the wrong year — are Chinese by default,
/// still naming the file, line and what to do; English on request.
#[test]
fn errors_read_in_chinese_by_default() {
    let dir = scratch("zh-errors");
    let site = site_file(&dir, "postgres://nobody@127.0.0.1:9/none", &["einvoice"]);
    let good_step = "  - id: carry\n    kind: manual\n    instruction: 完成票据结转\n";
    let plan = |name: &str, text: &str| write(&dir, name, text).to_str().unwrap().to_string();
    let cases: Vec<(Vec<String>, &str, &str)> = vec![
        (
            vec![
                "validate".into(),
                "--plan".into(),
                dir.join("none.yaml").display().to_string(),
            ],
            "无法读取计划文件：文件不存在",
            "cannot read the plan file: no such file",
        ),
        (
            vec![
                "validate".into(),
                "--plan".into(),
                plan("tab.yaml", "name: x\nsteps:\n\t- id: a\n"),
            ],
            "tab.yaml:3:1：缩进中有制表符（Tab）",
            "tab.yaml:3:1: a tab in the indentation",
        ),
        (
            vec![
                "validate".into(),
                "--plan".into(),
                plan(
                    "field.yaml",
                    &format!("name: x\nmood: old_year_bills_usable\nsteps:\n{good_step}"),
                ),
            ],
            "未知字段 `mood`",
            "unknown field `mood`",
        ),
        (
            vec![
                "plan".into(),
                "--plan".into(),
                plan(
                    "ok.yaml",
                    &format!("name: x\nmode: old_year_bills_usable\nsteps:\n{good_step}"),
                ),
                "--today".into(),
                "2026-12-20".into(),
            ],
            "无法连接 postgres://nobody@127.0.0.1:9/none",
            "cannot connect to postgres://nobody@127.0.0.1:9/none",
        ),
        (
            vec![
                "plan".into(),
                "--plan".into(),
                dir.join("ok.yaml").display().to_string(),
                "--today".into(),
                "2026-12-20".into(),
                "--year".into(),
                "2030".into(),
            ],
            "--year 2030：年结开启的是下一年（今天 2026-12-20 对应 2027）",
            "--year 2030: the rollover opens next year (2027 for today 2026-12-20)",
        ),
    ];
    for (args, zh, en) in cases {
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        args.extend(["--site", site.to_str().unwrap()]);
        let r = Yearend::new().default_language().args(&args).run();
        assert_ne!(r.code, 0, "{}", r.all());
        assert!(r.stderr.contains("错误："), "{}", r.stderr);
        assert!(r.stderr.contains(zh), "{zh}: {}", r.stderr);
        let r = Yearend::new().args(&["--lang", "en"]).args(&args).run();
        assert!(r.stderr.contains(en), "{en}: {}", r.stderr);
    }
    // A password in the site's URL: refused in Chinese, and the password is not repeated.
    let bad = site_file(&dir, "postgres://u:s3cret@127.0.0.1:9/none", &["einvoice"]);
    let r = Yearend::new()
        .default_language()
        .args(&[
            "validate",
            "--plan",
            &dir.join("ok.yaml").display().to_string(),
        ])
        .args(&["--site", bad.to_str().unwrap()])
        .run();
    assert!(r.stderr.contains("site.yaml:5:"), "{}", r.stderr);
    assert!(r.stderr.contains("URL 中含有密码"), "{}", r.stderr);
    assert!(!r.all().contains("s3cret"), "{}", r.all());
}

/// Runs of three or more English words in a line a person reads (SQL statements, commands to
/// type and URLs are the database's and the shell's, not ours).
fn english_phrases(text: &str) -> Vec<String> {
    let is_word = |w: &str| w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic());
    let mut found = Vec::new();
    for line in text.lines() {
        if ["CREATE ", "ALTER ", "SELECT ", "yearend ", "://"]
            .iter()
            .any(|s| line.contains(s))
        {
            continue;
        }
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || "，。：；（）、,;:()".contains(c))
            .filter(|w| !w.is_empty())
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

/// The whole example plan — preflight, clock against a real chrony, tablespaces, partitions,
/// stock, templates, checks, manual steps — and validate, status and the clock command, read in
/// Chinese by default: no English phrase in any line a person reads.
#[test]
fn the_whole_example_plan_reads_in_chinese() {
    let pg = pg();
    let db = pg.fresh_db("zhall");
    pg.load(&db, &repo().join("sql/demo/postgres/schema.sql"), 2026);
    let dir = scratch("zhall");
    let site = site_file(&dir, &pg.url(&db), &["einvoice"]);
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(
        &site,
        format!("{text}ntp: [\"127.0.0.1:{}\"]\n", chrony().port),
    )
    .unwrap();
    let plan = repo().join("plans/example-old-year-usable.yaml");
    let (p, s) = (plan.to_str().unwrap(), site.to_str().unwrap());
    let state = dir.join("state");
    let st = state.to_str().unwrap();
    let cmd = |args: &[&str]| {
        Yearend::new()
            .args(args)
            .env("YEAREND_DB_PASSWORD", PASSWORD)
            .default_language()
            .run()
    };
    let runs = [
        cmd(&["validate", "--plan", p, "--site", s]),
        cmd(&[
            "plan",
            "--plan",
            p,
            "--site",
            s,
            "--state-dir",
            st,
            "--today",
            "2026-12-14",
        ]),
        cmd(&["clock", "--site", s]),
        cmd(&[
            "run",
            "--plan",
            p,
            "--site",
            s,
            "--state-dir",
            st,
            "--today",
            "2026-12-14",
            "--yes",
            "--operator",
            "张工",
        ]),
        cmd(&[
            "run",
            "--plan",
            p,
            "--site",
            s,
            "--state-dir",
            st,
            "--today",
            "2026-12-14",
            "--yes",
            "--operator",
            "李工",
        ]),
        cmd(&[
            "status",
            "--site",
            s,
            "--state-dir",
            st,
            "--today",
            "2026-12-14",
        ]),
        cmd(&[
            "report",
            "--site",
            s,
            "--state-dir",
            st,
            "--today",
            "2026-12-14",
        ]),
    ];
    // Every run is listed, not only the last.
    let status = &runs[5].stdout;
    assert!(
        status.contains("第 1 次运行：") && status.contains("李工@"),
        "{status}"
    );
    assert!(
        runs[6].stdout.contains("运行记录（共 2 次）"),
        "{}",
        runs[6].stdout
    );
    for r in &runs {
        assert!(r.code <= 1, "{}", r.all());
        assert_eq!(
            english_phrases(&r.all()),
            Vec::<String>::new(),
            "{}",
            r.all()
        );
        assert_eq!(debug_names_in(&r.all()), Vec::<&str>::new());
    }
    // The detector itself finds what it is for.
    assert_eq!(
        english_phrases("      info  database clock 2026-12-14 UTC\n检查 x：通过"),
        vec!["info  database clock 2026-12-14 UTC"]
    );
}

/// The same on MariaDB: the unusable-old-year plan run for real, then status and report, Chinese
/// throughout (the REORGANIZE statements are the database's words).
#[test]
fn the_mariadb_rollover_reads_in_chinese() {
    let (_, dir, site) = maria_demo_hospital("zhmaria");
    let plan = repo().join("plans/example-old-year-unusable.yaml");
    let (p, s) = (plan.to_str().unwrap(), site.to_str().unwrap());
    let st = dir.join("state");
    let st = st.to_str().unwrap();
    let cmd = |args: &[&str]| {
        Yearend::new()
            .args(args)
            .args(&["--today", "2026-12-20"])
            .env("YEAREND_DB_PASSWORD", PASSWORD)
            .default_language()
            .run()
    };
    let runs = [
        cmd(&["plan", "--plan", p, "--site", s, "--state-dir", st]),
        cmd(&[
            "run",
            "--plan",
            p,
            "--site",
            s,
            "--state-dir",
            st,
            "--yes",
            "--operator",
            "李工",
            "--confirm",
            "bill-carry-over",
            "--confirm",
            "recycled-bill-preissue",
        ]),
        cmd(&["status", "--site", s, "--state-dir", st]),
        cmd(&["report", "--site", s, "--state-dir", st]),
    ];
    assert_eq!(runs[1].code, 0, "{}", runs[1].all());
    for r in &runs {
        assert!(r.code <= 1, "{}", r.all());
        assert_eq!(
            english_phrases(&r.all()),
            Vec::<String>::new(),
            "{}",
            r.all()
        );
        assert_eq!(debug_names_in(&r.all()), Vec::<&str>::new());
    }
}

/// A plan author's typos, in Chinese: an unknown key lists only that step kind's keys with the
/// closest one, an unknown kind, step id or site key its closest word, a bad timetable date says
/// what a date is.
#[test]
fn plan_typos_name_the_closest_word_in_chinese() {
    let dir = scratch("zh-typos");
    let validate = |name: &str, text: &str| {
        let p = write(&dir, name, text);
        Yearend::new()
            .default_language()
            .args(&["validate", "--plan", p.to_str().unwrap()])
            .run()
    };
    let head = "name: t\nmode: old_year_bills_usable\n";
    let cases = [
        (
            "key.yaml",
            format!("{head}steps:\n  - id: p\n    kind: partitions\n    fil_gaps: true\n"),
            "步骤 `p`（partitions 步骤）不认识的键 `fil_gaps`（是否想写 `fill_gaps`？）；partitions 步骤可用的键：`id`、`kind`、`title`、`owner`、`level`、`stop_on_fail`、`schemas`、`include`、`exclude`、`tablespace`、`fill_gaps`、`copy_stats`",
        ),
        (
            "kind.yaml",
            format!("{head}steps:\n  - id: p\n    kind: partition\n"),
            "不认识的取值 `partition`（是否想写 `partitions`？）",
        ),
        (
            "date.yaml",
            format!("{head}timetable:\n  p: 12-32\nsteps:\n  - id: p\n    kind: partitions\n"),
            "`12-32` 不是 月-日 格式的日期",
        ),
        (
            "id.yaml",
            format!("{head}timetable:\n  partition: 12-20\nsteps:\n  - id: partitions\n    kind: partitions\n"),
            "timetable 中的步骤 `partition` 在计划中不存在（是否想写 `partitions`？）",
        ),
    ];
    for (name, text, want) in cases {
        let r = validate(name, &text);
        assert_eq!(r.code, 2, "{name}: {}", r.all());
        assert!(r.stderr.contains(want), "{name}: {}", r.stderr);
        assert!(!r.stderr.contains("unknown"), "{name}: {}", r.stderr);
    }
}
