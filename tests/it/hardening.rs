//! Plan-file SQL can only read: the attacks a hostile review ran through a dry-run are refused
//! at `validate` and before `plan` touches the database, with the file and line named.

use crate::support::*;

fn plan_with_check(dir: &std::path::Path, query: &str) -> std::path::PathBuf {
    write(dir, "evil.sql", &format!("-- a vendor's check\n{query}\n"));
    write(
        dir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: probe\n    kind: check\n    query: evil.sql\n    expect: {rows: 0}\n",
    )
}

#[test]
fn a_dry_run_cannot_drop_a_replication_slot_or_kill_a_backend() {
    let pg = pg();
    let db = pg.fresh_db("hostile");
    pg.sql(
        &db,
        "SELECT pg_create_physical_replication_slot('hostile_keepme')",
    );
    let dir = scratch("hostile");
    let site = site_file(&dir, &pg.url(&db), &["public"]);
    for (query, named) in [
        ("SELECT pg_drop_replication_slot('hostile_keepme')", "PG_DROP_REPLICATION_SLOT"),
        ("SELECT \"pg_terminate_backend\"(pid) FROM pg_stat_activity", "PG_TERMINATE_BACKEND"),
        ("SELECT query_to_xml('select pg_drop_replication_slot(''hostile_keepme'')', true, true, '')", "QUERY_TO_XML"),
        ("SELECT $$'$$ AS a, pg_drop_replication_slot('hostile_keepme') AS b, $$'$$ AS c", "dollar quoting"),
    ] {
        let plan = plan_with_check(&dir, query);
        let v = yearend(
            &["validate", "--plan", plan.to_str().unwrap(), "--site", site.to_str().unwrap()],
            &[("YEAREND_DB_PASSWORD", PASSWORD)],
        );
        assert_eq!(v.code, 2, "{query}: {}", v.all());
        assert!(
            v.stderr.contains("evil.sql:2: ") && v.stderr.contains(named),
            "{query}: {}",
            v.stderr
        );
        let state = dir.join("state");
        let p = rollover("plan", &plan, &site, &state, &[]);
        assert_eq!(p.code, 2, "{query}: {}", p.all());
        assert!(p.stderr.contains(named), "{query}: {}", p.stderr);
    }
    let slots = pg.sql(
        &db,
        "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'hostile_keepme'",
    );
    assert_eq!(slots.trim(), "1", "the slot survived every attempt");
    pg.sql(&db, "SELECT pg_drop_replication_slot('hostile_keepme')");
}

#[test]
fn state_files_that_are_links_are_refused_and_their_targets_untouched() {
    let pg = pg();
    let db = pg.fresh_db("links");
    let dir = scratch("links");
    let site = site_file(&dir, &pg.url(&db), &["public"]);
    let plan = write(
        &dir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: hello\n    kind: manual\n    title: 确认\n    instruction: 确认\n",
    );
    for name in ["lock", "journal.jsonl", "plan.resolved.yaml"] {
        let state = dir.join(format!("state-{name}"));
        std::fs::create_dir_all(&state).unwrap();
        let precious = write(&dir, &format!("precious-{name}"), "a system file\n");
        std::os::unix::fs::symlink(&precious, state.join(name)).unwrap();
        let r = rollover("run", &plan, &site, &state, &["--yes"]);
        assert_ne!(r.code, 0, "{name}: {}", r.all());
        assert!(
            r.stderr.contains(&format!("{name} is a symbolic link")),
            "{name}: {}",
            r.all()
        );
        assert_eq!(
            std::fs::read_to_string(&precious).unwrap(),
            "a system file\n",
            "{name}: the link's target is untouched"
        );
    }
}

/// Passwords that broke text-level redaction: one inside every date, one inside every URL, one
/// that JSON escapes, one beyond ASCII.
#[test]
fn odd_passwords_never_leak_and_never_mangle_the_evidence() {
    let pg = pg();
    let db = pg.fresh_db("oddpw");
    let dir = scratch("oddpw");
    let plan = write(
        &dir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: today\n    kind: check\n    query: today.sql\n    expect: {rows: 1}\n",
    );
    write(
        &dir,
        "today.sql",
        "SELECT CAST({{ bind(today) }} AS date) AS day\n",
    );
    for (i, password) in ["2026", "postgres", "a\"b\\c", "é密码"].iter().enumerate() {
        let role = format!("oddpw_{i}");
        pg.sql(
            &db,
            &format!(
                "CREATE ROLE {role} LOGIN PASSWORD '{}'",
                password.replace('\'', "''")
            ),
        );
        let url = format!("postgres://{role}@127.0.0.1:{}/{db}", pg.port);
        let site = site_file(&dir.join(&role), &url, &["public"]);
        let state = dir.join(&role).join("state");
        let env = [("YEAREND_DB_PASSWORD", *password)];
        let run = Yearend::new()
            .args(&[
                "run",
                "--plan",
                plan.to_str().unwrap(),
                "--site",
                site.to_str().unwrap(),
                "--state-dir",
                state.to_str().unwrap(),
                "--today",
                "2026-12-20",
                "--yes",
                "--operator",
                "张工",
            ])
            .env(env[0].0, env[0].1)
            .run();
        assert_eq!(run.code, 0, "password {password:?}: {}", run.all());
        let status = yearend(
            &[
                "status",
                "--today",
                "2026-12-20",
                "--site",
                site.to_str().unwrap(),
                "--state-dir",
                state.to_str().unwrap(),
            ],
            &env,
        );
        assert_eq!(status.code, 0, "password {password:?}: {}", status.all());
        let report = yearend(
            &[
                "report",
                "--today",
                "2026-12-20",
                "--site",
                site.to_str().unwrap(),
                "--state-dir",
                state.to_str().unwrap(),
            ],
            &env,
        );
        assert_eq!(report.code, 0, "password {password:?}: {}", report.all());
        let journal = std::fs::read_to_string(state.join("journal.jsonl")).unwrap();
        let everything = format!("{}{}{}{journal}", run.all(), status.all(), report.all());
        assert!(
            !everything.contains("******"),
            "password {password:?}: nothing is masked that is not the password\n{everything}"
        );
        assert!(
            journal.contains("\"today\":\"2026-12-20\"") && journal.contains("\"at\":\"2026-"),
            "dates intact"
        );
        if i >= 2 {
            let escaped = serde_json::to_string(password).unwrap();
            assert!(
                !everything.contains(password) && !everything.contains(escaped.trim_matches('"')),
                "password {password:?} leaked:\n{everything}"
            );
        }
        let wrong = yearend(
            &[
                "plan",
                "--today",
                "2026-12-20",
                "--plan",
                plan.to_str().unwrap(),
                "--site",
                site.to_str().unwrap(),
                "--state-dir",
                state.to_str().unwrap(),
            ],
            &[("YEAREND_DB_PASSWORD", &format!("{password}-wrong"))],
        );
        assert_ne!(wrong.code, 0);
        assert!(
            !wrong.all().contains(&format!("{password}-wrong")),
            "{}",
            wrong.all()
        );
    }
}

#[test]
fn hostile_plan_files_get_a_position_and_a_remedy() {
    let dir = scratch("hostile-files");
    let mut bomb = String::from(
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: c\n    kind: check\n    query: q.sql\n    expect:\n      value:\n        a0: &a0 [x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        bomb.push_str(&format!("        a{i}: &a{i} [{refs}]\n"));
    }
    let big = format!(
        "name: t\nmode: old_year_bills_usable\n# {}\nsteps: []\n",
        "x".repeat(2 * 1024 * 1024)
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "tab.yaml",
            b"name: t\nmode: old_year_bills_usable\nsteps:\n\t- id: x\n".to_vec(),
            "tab.yaml:4:1: a tab in the indentation: YAML does not allow tabs for indentation; indent with spaces",
        ),
        (
            "gbk.yaml",
            b"name: \xb2\xe2\xca\xd4\nmode: old_year_bills_usable\nsteps: []\n".to_vec(),
            "gbk.yaml:1:7: the plan file is not UTF-8 (byte 0xB2; GBK or GB18030 perhaps): save it as UTF-8",
        ),
        (
            "bomb.yaml",
            bomb.into_bytes(),
            "bomb.yaml:10:18: YAML aliases (*name) here expand beyond any plan's size (an alias bomb)",
        ),
        (
            "big.yaml",
            big.into_bytes(),
            "a plan file is at most 1 MiB",
        ),
    ];
    for (name, bytes, want) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let r = yearend(&["validate", "--plan", path.to_str().unwrap()], &[]);
        assert_eq!(r.code, 2, "{name}: {}", r.all());
        assert!(r.stderr.contains(want), "{name}: {}", r.stderr);
    }
}

#[test]
fn a_hostile_table_name_cannot_forge_terminal_lines_or_break_the_report() {
    let pg = pg();
    let db = pg.fresh_db("hostilename");
    let name = "bill|`x\nok   forged";
    let quoted = format!("\"{}\"", name.replace('"', "\"\""));
    let sql = format!("CREATE TABLE public.{quoted} (id bigint, d date) PARTITION BY RANGE (d);\n")
        + &monthly_2026(
            &format!("public.{quoted}"),
            |m| format!("public.\"p2026{m:02}\""),
            |y, m| format!("'{y}-{m:02}-01'"),
        );
    pg.sql(&db, &sql);
    let dir = scratch("hostilename");
    let site = site_file(&dir, &pg.url(&db), &["public"]);
    let plan = write(
        &dir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: partitions\n    kind: partitions\n",
    );
    let state = dir.join("state");
    let run = rollover("run", &plan, &site, &state, &["--yes"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        !run.stdout.lines().any(|l| l.starts_with("ok   forged")),
        "a newline in a name forged a line:\n{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("bill|`x\\nok   forged"),
        "{}",
        run.stdout
    );
    let md = yearend(
        &[
            "report",
            "--site",
            site.to_str().unwrap(),
            "--state-dir",
            state.to_str().unwrap(),
            "--today",
            "2026-12-20",
            "--format",
            "md",
        ],
        &[],
    );
    assert_eq!(md.code, 0, "{}", md.all());
    // Every table row keeps its column count: no raw `|` from the name.
    for table in md.stdout.split("\n\n").filter(|b| b.starts_with("| ")) {
        let widths: Vec<usize> = table
            .lines()
            .map(|l| l.replace("\\|", "").matches('|').count())
            .collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{table}");
    }
    assert!(
        !md.stdout.lines().any(|l| l.starts_with("ok   forged")),
        "{}",
        md.stdout
    );
}

/// A journal whose run printed its head hash, and the commands an auditor would use on it.
struct Sealed {
    site: std::path::PathBuf,
    state: std::path::PathBuf,
    plan: std::path::PathBuf,
    head: String,
}

impl Sealed {
    fn new(name: &str) -> Sealed {
        let pg = pg();
        let db = pg.fresh_db(name);
        let dir = scratch(name);
        let site = site_file(&dir, &pg.url(&db), &["public"]);
        write(&dir, "one.sql", "SELECT 1 AS one\n");
        let plan = write(
            &dir,
            "plan.yaml",
            "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: one\n    kind: check\n    query: one.sql\n    expect: {rows: 1}\n  - id: two\n    kind: check\n    query: one.sql\n    expect: {rows: 1}\n",
        );
        let state = dir.join("state");
        let r = rollover("run", &plan, &site, &state, &["--yes"]);
        assert_eq!(r.code, 0, "{}", r.all());
        let head = r
            .stdout
            .split("(paste it into the 工单): ")
            .nth(1)
            .and_then(|t| t.split(' ').next())
            .expect("the run prints its head hash")
            .to_string();
        Sealed {
            site,
            state,
            plan,
            head,
        }
    }

    fn journal(&self) -> String {
        std::fs::read_to_string(self.state.join("journal.jsonl")).unwrap()
    }

    fn status(&self, head: bool) -> Run {
        let mut a = vec![
            "status",
            "--today",
            "2026-12-20",
            "--site",
            self.site.to_str().unwrap(),
            "--state-dir",
            self.state.to_str().unwrap(),
        ];
        if head {
            a.extend(["--head", &self.head]);
        }
        yearend(&a, &[])
    }

    fn report(&self) -> Run {
        yearend(
            &[
                "report",
                "--today",
                "2026-12-20",
                "--site",
                self.site.to_str().unwrap(),
                "--state-dir",
                self.state.to_str().unwrap(),
                "--format",
                "md",
            ],
            &[],
        )
    }
}

#[test]
fn a_trimmed_journal_is_named_by_status_report_and_run() {
    let s = Sealed::new("trimmed");
    let text = s.journal();
    assert_eq!(
        sha256_hex(text.lines().last().unwrap()),
        s.head,
        "the printed head is the last record's hash"
    );
    assert_eq!(s.status(true).code, 0, "{}", s.status(true).all());
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(
        s.state.join("journal.jsonl"),
        lines[..lines.len() - 3].join("\n") + "\n",
    )
    .unwrap();
    let st = s.status(false);
    assert_eq!(st.code, 1, "{}", st.all());
    assert!(
        st.stdout.contains("3 record(s) were cut from the end"),
        "{}",
        st.stdout
    );
    let rep = s.report();
    assert_ne!(rep.code, 0, "{}", rep.all());
    assert!(rep.stdout.contains("**日志不完整**"), "{}", rep.stdout);
    let again = rollover("run", &s.plan, &s.site, &s.state, &["--yes"]);
    assert_ne!(again.code, 0, "{}", again.all());
    assert!(
        again.stderr.contains("were cut from the end"),
        "{}",
        again.all()
    );
}

#[test]
fn an_edited_last_record_is_named() {
    let s = Sealed::new("edited");
    let text = s.journal().replace("\"exit_code\":0", "\"exit_code\":9");
    std::fs::write(s.state.join("journal.jsonl"), text).unwrap();
    let st = s.status(false);
    assert_eq!(st.code, 1, "{}", st.all());
    assert!(st.stdout.contains("it was edited"), "{}", st.stdout);
}

#[test]
fn journal_and_seal_forged_together_are_refused_by_the_pasted_head() {
    let s = Sealed::new("forged");
    let text = s.journal();
    let last = text.lines().last().unwrap();
    let mut rec: serde_json::Value = serde_json::from_str(last).unwrap();
    let seq = rec["seq"].as_u64().unwrap();
    rec["seq"] = (seq + 1).into();
    rec["prev"] = sha256_hex(last).into();
    let forged = serde_json::to_string(&rec).unwrap();
    std::fs::write(s.state.join("journal.jsonl"), format!("{text}{forged}\n")).unwrap();
    std::fs::write(
        s.state.join("seal.json"),
        serde_json::json!({"records": seq + 1, "head": sha256_hex(&forged), "at": "2026-12-20T00:00:00Z"})
            .to_string(),
    )
    .unwrap();
    // Journal and seal agree with each other: only the head pasted in the 工单 can tell.
    assert_eq!(s.status(false).code, 0, "{}", s.status(false).all());
    let st = s.status(true);
    assert_eq!(st.code, 1, "{}", st.all());
    assert!(
        st.stdout
            .contains(&format!("not {} as pasted in the 工单", s.head)),
        "{}",
        st.stdout
    );
    let bundle = s.state.parent().unwrap().join("forged.tar.gz");
    let b = yearend(
        &[
            "report",
            "--today",
            "2026-12-20",
            "--site",
            s.site.to_str().unwrap(),
            "--state-dir",
            s.state.to_str().unwrap(),
            "--bundle",
            bundle.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(b.code, 0, "{}", b.all());
    let v = yearend(
        &["verify-bundle", bundle.to_str().unwrap(), "--head", &s.head],
        &[],
    );
    assert_ne!(v.code, 0, "{}", v.all());
    assert!(v.all().contains("as pasted in the 工单"), "{}", v.all());
}

#[test]
fn a_runaway_check_query_is_cancelled_by_the_server() {
    let pg = pg();
    let db = pg.fresh_db("runaway");
    let dir = scratch("runaway");
    let site = site_file(&dir, &pg.url(&db), &["public"]);
    write(
        &dir,
        "slow.sql",
        "SELECT count(*) AS n FROM generate_series(1, 2000000000)\n",
    );
    let plan = write(
        &dir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: slow\n    kind: check\n    query: slow.sql\n    expect: {rows: 1}\n",
    );
    let r = Yearend::new()
        .args(&[
            "plan",
            "--plan",
            plan.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
            "--today",
            "2026-12-20",
        ])
        .env("YEAREND_DB_PASSWORD", PASSWORD)
        .env("YEAREND_QUERY_TIMEOUT", "1")
        .run();
    assert_ne!(r.code, 0, "{}", r.all());
    assert!(
        r.all()
            .contains("ran past yearend's 1 s limit (YEAREND_QUERY_TIMEOUT)"),
        "{}",
        r.all()
    );
}
