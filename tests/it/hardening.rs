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
    // A fresh state directory and everything in it are its owner's only (0700 / 0600).
    use std::os::unix::fs::PermissionsExt;
    let state = dir.join("state-fresh").join("nested");
    let r = rollover("run", &plan, &site, &state, &["--yes"]);
    assert_eq!(r.code, 1, "awaiting confirmation: {}", r.all());
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&state), 0o700, "{}", state.display());
    for entry in std::fs::read_dir(&state).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
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
    let md = on_state("report", &site, &state, &["--format", "md"]);
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

/// A check in `plan` with a query file and limits; its whole output.
fn check_with_limits(
    url: &str,
    schema: &str,
    dir: &std::path::Path,
    sql: &str,
    env: &[(&str, &str)],
) -> Run {
    let site = site_file(dir, url, &[schema]);
    write(dir, "q.sql", sql);
    let plan = write(
        dir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: q\n    kind: check\n    query: q.sql\n    expect: {rows: 1}\n",
    );
    let mut y = Yearend::new()
        .args(&[
            "plan",
            "--plan",
            plan.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
            "--today",
            "2026-12-20",
        ])
        .env("YEAREND_DB_PASSWORD", PASSWORD);
    for (k, v) in env {
        y = y.env(k, v);
    }
    y.run()
}

#[test]
fn a_runaway_check_query_is_cancelled_on_mariadb_too() {
    let m = maria();
    let db = m.fresh_db("runaway_m");
    let r = check_with_limits(
        &m.url(&db),
        &db,
        &scratch("runaway_m"),
        "SELECT COUNT(*) AS n FROM seq_1_to_100000 a, seq_1_to_100000 b\n",
        &[("YEAREND_QUERY_TIMEOUT", "1")],
    );
    assert_ne!(r.code, 0, "{}", r.all());
    assert!(
        r.all()
            .contains("ran past yearend's 1 s limit (YEAREND_QUERY_TIMEOUT)"),
        "{}",
        r.all()
    );
}

#[test]
fn a_check_past_the_row_cap_is_refused_on_both_servers() {
    let pg = pg();
    let db = pg.fresh_db("rowcap");
    let r = check_with_limits(
        &pg.url(&db),
        "public",
        &scratch("rowcap"),
        "SELECT x AS n FROM generate_series(1, 20) AS g(x)\n",
        &[("YEAREND_MAX_ROWS", "10")],
    );
    assert_ne!(r.code, 0, "{}", r.all());
    assert!(
        r.all()
            .contains("returned more than 10 rows (YEAREND_MAX_ROWS)"),
        "{}",
        r.all()
    );
    let m = maria();
    let mdb = m.fresh_db("rowcap_m");
    let r = check_with_limits(
        &m.url(&mdb),
        &mdb,
        &scratch("rowcap_m"),
        "SELECT seq AS n FROM seq_1_to_20\n",
        &[("YEAREND_MAX_ROWS", "10")],
    );
    assert_ne!(r.code, 0, "{}", r.all());
    assert!(
        r.all()
            .contains("returned more than 10 rows (YEAREND_MAX_ROWS)"),
        "{}",
        r.all()
    );
}

/// Every function PostgreSQL marks VOLATILE (it may change something: pg_terminate_backend,
/// pg_drop_replication_slot, setval, lo_unlink, …), read from this server's pg_proc, is refused
/// by the plan-query guard — bare, quoted, schema-qualified and nested at a random place in an
/// otherwise allowed query — unless it is one of the few volatile functions that only read a
/// clock or a random number generator, which are allowed on purpose.
#[test]
fn every_volatile_function_of_pg_proc_is_refused_in_any_position() {
    use yearend::model::dialect::Dialect::Postgres;
    // Each layer on its own: the token screen and the SQL parser's syntax tree must both refuse.
    let accepted_by_a_layer = |sql: &str| {
        yearend::guard::plan_query(sql, Postgres).is_ok()
            || yearend::guard::parsed_only_reads(sql, Postgres).is_ok()
    };
    const VOLATILE_BUT_HARMLESS: &[&str] = &["clock_timestamp"];
    let pg = pg();
    let db = pg.fresh_db("pgproc");
    let names = pg.sql(
        &db,
        "SELECT string_agg(DISTINCT proname, ' ' ORDER BY proname) FROM pg_proc WHERE provolatile = 'v' AND proname ~ '^[a-z_][a-z0-9_]*$'",
    );
    let names: Vec<&str> = names.split_whitespace().collect();
    assert!(
        names.len() > 150,
        "pg_proc lists {} volatile functions",
        names.len()
    );
    let mut seed: u64 = 0x2027_0101;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let wrappers = [
        "SELECT {f} AS x FROM einv.bill b",
        "SELECT COUNT(*) AS n FROM einv.bill b WHERE b.amount > {f}",
        "SELECT COALESCE(MAX(b.no), {f}) AS m FROM einv.bill b",
        "SELECT b.no FROM einv.bill b JOIN einv.pay p ON p.no = b.no AND p.x = {f}",
        "SELECT CASE WHEN b.amount > 0 THEN {f} ELSE 0 END AS c FROM einv.bill b",
        "SELECT b.no FROM einv.bill b WHERE b.no IN (SELECT {f} FROM einv.pay p)",
        "WITH t AS (SELECT {f} AS v FROM einv.pay p) SELECT v FROM t",
        "SELECT UPPER(TRIM(CAST({f} AS text))) AS u FROM einv.bill b ORDER BY 1",
    ];
    let mut allowed_volatile = Vec::new();
    let mut leaked = Vec::new();
    for name in &names {
        let forms = [
            format!("{name}(1)"),
            format!("\"{name}\"(1)"),
            format!("pg_catalog.{name}(1)"),
            format!("PG_CATALOG.\"{name}\"(1, 'x')"),
        ];
        let form = &forms[next(forms.len())];
        let sql = wrappers[next(wrappers.len())].replace("{f}", form);
        if accepted_by_a_layer(&sql) {
            if VOLATILE_BUT_HARMLESS.contains(name) {
                allowed_volatile.push(name.to_string());
            } else {
                leaked.push(sql);
            }
        }
        for f in &forms {
            if !VOLATILE_BUT_HARMLESS.contains(name)
                && accepted_by_a_layer(&format!("SELECT {f} AS x"))
            {
                leaked.push(format!("SELECT {f} AS x"));
            }
        }
    }
    assert!(
        leaked.is_empty(),
        "volatile functions got through: {leaked:#?}"
    );
    // The allow-list itself is checked against the catalogue: nothing volatile is on it by accident.
    assert!(allowed_volatile
        .iter()
        .all(|n| VOLATILE_BUT_HARMLESS.contains(&n.as_str())));
}

#[test]
fn a_check_reading_a_system_catalog_or_another_schema_is_refused_before_it_runs() {
    let pg = pg();
    let db = pg.fresh_db("catalogread");
    for (sql, says) in [
        (
            "SELECT rolname AS n FROM pg_authid\n",
            "reads pg_authid, a system catalog",
        ),
        (
            "SELECT usename AS n FROM pg_catalog.pg_user\n",
            "reads pg_catalog.pg_user",
        ),
    ] {
        let r = check_with_limits(&pg.url(&db), "public", &scratch("catalogread"), sql, &[]);
        assert_eq!(r.code, 2, "{}", r.all());
        assert!(r.all().contains(says), "{}", r.all());
    }
}

/// TLS on PostgreSQL, against a server that rejects plain TCP (hostnossl … reject): no sslmode is
/// refused by the server with a hint, `require` connects, `verify-full` with the hospital's CA
/// connects, `verify-full` with another CA is refused naming the certificate — nothing runs then.
#[test]
fn postgres_over_tls_require_and_verify_full_and_a_wrong_ca_is_refused() {
    let certs = test_certificates(&scratch("tls-certs"));
    let pg = Pg::tls_only(&certs);
    let db = pg.fresh_db("tls");
    let dir = scratch("tls");
    let ca = certs.join("ca.pem");
    let other = certs.join("other-ca.pem");
    let cases = [
        (String::new(), false, "encryption"),
        ("?sslmode=require".to_string(), true, ""),
        (
            format!("?sslmode=verify-full&sslrootcert={}", ca.display()),
            true,
            "",
        ),
        (
            format!("?sslmode=verify-full&sslrootcert={}", other.display()),
            false,
            "certificate",
        ),
    ];
    for (options, connects, says) in cases {
        let r = check_with_limits(
            &format!("{}{options}", pg.url(&db)),
            "public",
            &dir,
            "SELECT 1 AS x\n",
            &[],
        );
        if connects {
            assert_eq!(r.code, 0, "{options}: {}", r.all());
        } else {
            assert_eq!(r.code, 3, "{options}: {}", r.all());
            assert!(r.all().contains(says), "{options}: {}", r.all());
            assert!(!r.all().contains(PASSWORD), "{options}");
        }
    }
}

/// The same on MariaDB with require_secure_transport: plain TCP refused by the server,
/// `require` and `verify-full` (our CA) connect, another CA is refused.
#[test]
fn mariadb_over_tls_require_and_verify_full_and_a_wrong_ca_is_refused() {
    let certs = test_certificates(&scratch("mtls-certs"));
    let m = Maria::tls_only(&certs);
    let db = m.fresh_db("mtls");
    let dir = scratch("mtls");
    let (ca, other) = (certs.join("ca.pem"), certs.join("other-ca.pem"));
    let cases = [
        (String::new(), false),
        ("?sslmode=require".to_string(), true),
        (
            format!("?sslmode=verify-full&sslrootcert={}", ca.display()),
            true,
        ),
        (
            format!("?sslmode=verify-full&sslrootcert={}", other.display()),
            false,
        ),
    ];
    for (options, connects) in cases {
        let r = check_with_limits(
            &format!("{}{options}", m.url(&db)),
            &db,
            &dir,
            "SELECT 1 AS x\n",
            &[],
        );
        assert_eq!(
            r.code,
            if connects { 0 } else { 3 },
            "{options}: {}",
            r.all()
        );
        assert!(!r.all().contains(PASSWORD), "{options}");
    }
}

/// `query_role:` — the plan's own queries run as that role (SET LOCAL ROLE): a table the role may
/// read is read, one it may not is refused naming the role, whatever the connecting user may do.
#[test]
fn plan_queries_run_under_the_query_role() {
    let pg = pg();
    let db = pg.fresh_db("qrole");
    pg.sql(
        &db,
        "DO $$ BEGIN CREATE ROLE yearend_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n\
         CREATE TABLE public.allowed (n int); INSERT INTO public.allowed VALUES (1);\n\
         CREATE TABLE public.secret (n int); INSERT INTO public.secret VALUES (1);\n\
         GRANT USAGE ON SCHEMA public TO yearend_reader; GRANT SELECT ON public.allowed TO yearend_reader;",
    );
    let dir = scratch("qrole");
    for (table, ok) in [("allowed", true), ("secret", false)] {
        let site = site_file(&dir, &pg.url(&db), &["public"]);
        let text = std::fs::read_to_string(&site)
            .unwrap()
            .replace("  schemas:", "  query_role: yearend_reader\n  schemas:");
        std::fs::write(&site, text).unwrap();
        write(&dir, "q.sql", &format!("SELECT n FROM public.{table}\n"));
        let plan = write(
            &dir,
            "plan.yaml",
            "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: q\n    kind: check\n    query: q.sql\n    expect: {rows: 1}\n",
        );
        let r = yearend(
            &[
                "plan",
                "--plan",
                plan.to_str().unwrap(),
                "--site",
                site.to_str().unwrap(),
                "--today",
                "2026-12-20",
            ],
            &[("YEAREND_DB_PASSWORD", PASSWORD)],
        );
        if ok {
            assert_eq!(r.code, 0, "{}", r.all());
        } else {
            assert_ne!(r.code, 0, "{}", r.all());
            assert!(
                r.all().contains("the query role yearend_reader"),
                "{}",
                r.all()
            );
        }
    }
}

/// One record past the seal is what a crash between the two writes leaves: said with its number
/// (完整（封存后多 1 条：seq N）), never "intact" alone; two past the seal is the alarm.
#[test]
fn records_past_the_seal_are_said_one_as_a_note_two_as_an_alarm() {
    let s = Sealed::new("pastseal");
    let text = s.journal();
    let lines: Vec<&str> = text.lines().collect();
    let seal_at = |n: usize| {
        let seal = serde_json::json!({
            "records": n,
            "head": sha256_hex(lines[n - 1]),
            "at": "2026-12-20T00:00:00Z",
        });
        std::fs::write(s.state.join("seal.json"), seal.to_string()).unwrap();
    };
    let last_seq: serde_json::Value = serde_json::from_str(lines[lines.len() - 1]).unwrap();
    seal_at(lines.len() - 1);
    let st = yearend(
        &[
            "status",
            "--today",
            "2026-12-20",
            "--site",
            s.site.to_str().unwrap(),
            "--state-dir",
            s.state.to_str().unwrap(),
        ],
        &[],
    );
    let note = format!("one record after the seal: seq {}", last_seq["seq"]);
    assert!(st.stdout.contains(&note), "{}", st.stdout);
    assert!(
        !st.stdout.contains("hash chain: intact (head"),
        "{}",
        st.stdout
    );
    let zh = Yearend::new()
        .args(&[
            "status",
            "--today",
            "2026-12-20",
            "--site",
            s.site.to_str().unwrap(),
            "--state-dir",
            s.state.to_str().unwrap(),
        ])
        .default_language()
        .run();
    assert!(
        zh.stdout
            .contains(&format!("封存后多 1 条：seq {}", last_seq["seq"])),
        "{}",
        zh.stdout
    );
    seal_at(lines.len() - 2);
    let st = s.status(false);
    assert_eq!(st.code, 1, "{}", st.all());
    assert!(
        st.stdout.contains("2 records after its seal"),
        "{}",
        st.stdout
    );
}

/// A bundle holding one file twice (the second would silently win) is refused, naming it.
#[test]
fn a_bundle_with_a_duplicate_entry_is_refused_naming_it() {
    let dir = scratch("dupbundle");
    let path = dir.join("dup.tar.gz");
    let gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&path).unwrap(),
        flate2::Compression::default(),
    );
    let mut tar = tar::Builder::new(gz);
    for body in ["{\"seq\":1}\n", "{\"seq\":2}\n"] {
        let mut h = tar::Header::new_gnu();
        h.set_size(body.len() as u64);
        h.set_mode(0o600);
        h.set_cksum();
        tar.append_data(&mut h, "journal.jsonl", body.as_bytes())
            .unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
    let r = yearend(&["verify-bundle", path.to_str().unwrap()], &[]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("journal.jsonl") && r.stderr.contains("twice"),
        "{}",
        r.stderr
    );
}
