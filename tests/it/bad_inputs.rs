//! Bad plans, sites and arguments: each a clear message naming file:line:column, exit 2, and
//! nothing sent anywhere (the site points at a port where no server listens: a connection
//! attempt would exit 3, not 2).

use crate::support::*;

const GOOD_STEP: &str = "  - id: carry\n    kind: manual\n    instruction: 完成票据结转\n";

fn site(dir: &std::path::Path) -> std::path::PathBuf {
    site_file(dir, "postgres://nobody@127.0.0.1:9/none", &["einvoice"])
}

/// Run `plan` on a plan text; return the result and the plan's path.
fn plan_with(name: &str, text: &str, extra: &[&str]) -> (Run, String) {
    let dir = scratch(name);
    let p = write(&dir, "plan.yaml", text);
    let s = site(&dir);
    let state = dir.join("state");
    let mut a = vec![
        "run",
        "--plan",
        p.to_str().unwrap(),
        "--site",
        s.to_str().unwrap(),
        "--today",
        "2026-12-20",
    ];
    a.extend_from_slice(&["--state-dir", state.to_str().unwrap()]);
    a.extend_from_slice(extra);
    let r = yearend(&a, &[]);
    assert!(!state.exists(), "a bad input created the state directory");
    (r, p.display().to_string())
}

fn assert_bad(r: &Run, expected: &str) {
    assert_eq!(r.code, 2, "exit code for {expected}:\n{}", r.all());
    assert!(
        r.stderr.contains(expected),
        "expected `{expected}` in:\n{}",
        r.stderr
    );
}

#[test]
fn malformed_yaml() {
    let (r, p) = plan_with(
        "malformed",
        "name: \"unclosed\nmode: old_year_bills_usable\n",
        &[],
    );
    assert_bad(&r, &format!("{p}:3:1: found unexpected end of stream"));
}

#[test]
fn unknown_key_at_top_and_in_a_step() {
    let (r, p) = plan_with(
        "unknown-top",
        "name: x\nmodes: old_year_bills_usable\n",
        &[],
    );
    assert_bad(
        &r,
        &format!("{p}:2:1: unknown field `modes` (did you mean `mode`?)"),
    );
    let text = format!("name: x\nmode: old_year_bills_usable\nsteps:\n{GOOD_STEP}  - id: b\n    kind: manual\n    instructin: x\n");
    let (r, p) = plan_with("unknown-step", &text, &[]);
    assert_bad(
        &r,
        &format!("{p}:9:5: step `b` (manual) has no key `instructin` (did you mean `instruction`?); a manual step takes: id, kind, title, owner, level, stop_on_fail, instruction"),
    );
}

#[test]
fn wrong_type() {
    let text = "name: x\nmode: old_year_bills_usable\nsteps:\n  - id: a\n    kind: check\n    query: q.sql\n    expect: { min_rows: many }\n";
    let (r, p) = plan_with("wrongtype", text, &[]);
    assert_bad(&r, &format!("{p}:7:"));
    assert!(
        r.stderr
            .contains("invalid type: string \"many\", expected u64"),
        "{}",
        r.stderr
    );
}

#[test]
fn missing_files() {
    let dir = scratch("missing");
    let s = site(&dir);
    let r = yearend(
        &[
            "plan",
            "--plan",
            "/nonexistent/plan.yaml",
            "--site",
            s.to_str().unwrap(),
        ],
        &[],
    );
    assert_bad(
        &r,
        "/nonexistent/plan.yaml: cannot read the plan file: no such file",
    );
    let p = write(
        &dir,
        "p.yaml",
        &format!("name: x\nmode: old_year_bills_usable\nsteps:\n{GOOD_STEP}"),
    );
    let r = yearend(
        &[
            "plan",
            "--plan",
            p.to_str().unwrap(),
            "--site",
            "/nonexistent/site.yaml",
        ],
        &[],
    );
    assert_bad(
        &r,
        "/nonexistent/site.yaml: cannot read the site file: no such file",
    );
    let (r, p) = plan_with(
        "missing-base",
        "extends: nowhere.yaml\nmode: old_year_bills_usable\n",
        &[],
    );
    assert_bad(&r, &format!("{p}:1:1: extends"));
    assert!(
        r.stderr.contains("nowhere.yaml") && r.stderr.contains("no such file"),
        "{}",
        r.stderr
    );
}

#[test]
fn extends_cycle() {
    let dir = scratch("cycle");
    write(
        &dir,
        "a.yaml",
        "extends: b.yaml\nmode: old_year_bills_usable\n",
    );
    write(&dir, "b.yaml", "extends: a.yaml\n");
    let s = site(&dir);
    let r = yearend(
        &[
            "validate",
            "--plan",
            dir.join("a.yaml").to_str().unwrap(),
            "--site",
            s.to_str().unwrap(),
        ],
        &[],
    );
    assert_bad(&r, "b.yaml:1:1: extends cycle: a.yaml → b.yaml → a.yaml");
}

#[test]
fn bad_year_and_bad_today() {
    let text = format!("name: x\nmode: old_year_bills_usable\nsteps:\n{GOOD_STEP}");
    let (r, _) = plan_with("year-far", &text, &["--year", "2030"]);
    assert_bad(
        &r,
        "--year 2030: the rollover opens next year (2027 for today 2026-12-20)",
    );
    let (r, _) = plan_with("year-nan", &text, &["--year", "20x7"]);
    assert_bad(&r, "invalid value '20x7' for '--year <YEAR>'");
    let (r, _) = plan_with("year-range", &text, &["--year", "1999"]);
    assert_bad(&r, "1999 is not in 2000..=2100");
    let dir = scratch("today");
    let p = write(&dir, "plan.yaml", &text);
    let s = site(&dir);
    let r = yearend(
        &[
            "plan",
            "--plan",
            p.to_str().unwrap(),
            "--site",
            s.to_str().unwrap(),
            "--today",
            "2026-13-01",
        ],
        &[],
    );
    assert_bad(
        &r,
        "--today / YEAREND_TODAY `2026-13-01` is not a date YYYY-MM-DD",
    );
    let r = yearend(
        &[
            "plan",
            "--plan",
            p.to_str().unwrap(),
            "--site",
            s.to_str().unwrap(),
        ],
        &[("YEAREND_TODAY", "tomorrow")],
    );
    assert_bad(&r, "`tomorrow` is not a date");
}

#[test]
fn unknown_step_kind() {
    let (r, p) = plan_with(
        "kind",
        "name: x\nmode: old_year_bills_usable\nsteps:\n  - id: a\n    kind: chek\n",
        &[],
    );
    assert_bad(
        &r,
        &format!("{p}:5:11: steps[0].kind: unknown variant `chek` (did you mean `check`?); expected one of"),
    );
}

#[test]
fn duplicate_step_id() {
    let text = format!("name: x\nmode: old_year_bills_usable\nsteps:\n{GOOD_STEP}{GOOD_STEP}");
    let (r, p) = plan_with("dup", &text, &[]);
    assert_bad(&r, &format!("{p}:7:5: duplicate step id `carry`"));
}

#[test]
fn fields_that_do_not_fit_the_step_kind() {
    let text = "name: x\nmode: old_year_bills_usable\nsteps:\n  - id: a\n    kind: manual\n    instruction: x\n    query: q.sql\n";
    let (r, p) = plan_with("notapply", text, &[]);
    assert_bad(
        &r,
        &format!(
            "{p}:7:5: step `a`: `query` does not apply to a manual step (it takes: instruction)"
        ),
    );
    let (r, p) = plan_with("required", "name: x\nmode: old_year_bills_usable\nsteps:\n  - id: a\n    kind: check\n    query: q.sql\n", &[]);
    assert_bad(
        &r,
        &format!("{p}:4:5: step `a`: a check step needs `expect`"),
    );
    let text = "name: x\nmode: old_year_bills_usable\nsteps:\n  - id: a\n    kind: check\n    query: q.sql\n    expect: { rows: 0, min_rows: 1 }\n";
    let (r, _) = plan_with("expect2", text, &[]);
    assert_bad(&r, "`expect` takes exactly one of");
    let text = "name: x\nmode: old_year_bills_usable\nsteps:\n  - id: a\n    kind: check\n    query: missing.sql\n    expect: { rows: 0 }\n";
    let (r, _) = plan_with("noquery", text, &[]);
    assert_bad(
        &r,
        "step `a`: query file `missing.sql` not found for postgres",
    );
}

#[test]
fn timetable_dates_and_mode() {
    let text = format!(
        "name: x\nmode: old_year_bills_usable\ntimetable:\n  nope: \"12-20\"\nsteps:\n{GOOD_STEP}"
    );
    let (r, p) = plan_with("tt", &text, &[]);
    assert_bad(
        &r,
        &format!("{p}:4:3: timetable names step `nope`, which the plan does not have"),
    );
    let text = format!(
        "name: x\nmode: old_year_bills_usable\ntimetable:\n  carry: \"12-32\"\nsteps:\n{GOOD_STEP}"
    );
    let (r, _) = plan_with("date", &text, &[]);
    assert_bad(&r, "`12-32` is not a date MM-DD");
    // One due date per step: a timetable date and the step's own deadline that disagree.
    let text = "name: x\nmode: old_year_bills_usable\ntimetable:\n  t: \"12-20\"\nsteps:\n  - id: t\n    kind: templates\n    query: templates.sql\n    deadline: \"12-25\"\n";
    let (r, p) = plan_with("twodates", text, &[]);
    assert_bad(
        &r,
        &format!("{p}:4:3: step `t` has two due dates: timetable 12-20 and its deadline: 12-25"),
    );
    let (r, p) = plan_with("nomode", &format!("name: x\nsteps:\n{GOOD_STEP}"), &[]);
    assert_bad(&r, &format!("{p}:1:1: the plan has no `mode`"));
    let (r, _) = plan_with(
        "badmode",
        &format!("name: x\nmode: whatever\nsteps:\n{GOOD_STEP}"),
        &[],
    );
    assert_bad(
        &r,
        "mode: unknown variant `whatever`; expected one of old_year_bills_unusable, old_year_bills_usable",
    );
}

#[test]
fn bad_site_files() {
    let dir = scratch("badsite");
    let p = write(
        &dir,
        "p.yaml",
        &format!("name: x\nmode: old_year_bills_usable\nsteps:\n{GOOD_STEP}"),
    );
    let cases = [
        ("hospital: x\ncode: T1\ndatabase:\n  url: postgres://u@h/db\n  password: hunter2\n", "site.yaml:5:3: passwords never go in the site file"),
        ("hospital: x\ncode: T1\ndatabase:\n  url: sqlite://x\n", "site.yaml:4:3: unknown database scheme `sqlite`"),
        ("hospital: x\ncode: \"T 1\"\ndatabase:\n  url: postgres://u@h/db\n", "site.yaml:2:1: hospital code `T 1`"),
        ("hospital: x\ncode: T1\ndatabase:\n  url: postgres://u@h/db\nclock_hosts: [local, ftp://x]\n", "site.yaml:5:22: `ftp://x` is not a clock host"),
        ("hospital: x\ncode: T1\ndatabase:\n  url: postgres://u@h/db\n  schemas: [\"a;b\"]\n", "schema `a;b` is not a plain identifier"),
        ("hospital: x\ndatabase:\n  url: postgres://u@h/db\n", "missing field `code`"),
    ];
    for (text, expected) in cases {
        let s = write(&dir, "site.yaml", text);
        let r = yearend(
            &[
                "plan",
                "--plan",
                p.to_str().unwrap(),
                "--site",
                s.to_str().unwrap(),
            ],
            &[],
        );
        assert_bad(&r, expected);
        assert!(!r.all().contains("hunter2"));
    }
}

#[test]
fn bad_snapshots_and_saved_plans_are_named_and_nothing_connects() {
    let dir = scratch("offline-bad");
    let s = site(&dir);
    let plan = repo().join("plans/example-old-year-usable.yaml");
    let oracle_snap = repo().join("plans/sites/example-oracle-hospital.snapshot.json");
    let garbage = write(&dir, "garbage.json", "{\n  \"format\": 1,\n  oops\n}\n");
    // `plan --snapshot F` or `run --saved F` on the shipped plan.
    let with_file = |cmd: &str, flag: &str, file: &std::path::Path| {
        yearend(
            &[
                cmd,
                "--plan",
                plan.to_str().unwrap(),
                "--site",
                s.to_str().unwrap(),
                flag,
                file.to_str().unwrap(),
                "--today",
                "2026-12-20",
            ],
            &[],
        )
    };
    let plan_from = |snap: &std::path::Path| with_file("plan", "--snapshot", snap);
    let run_saved = |saved: &std::path::Path| with_file("run", "--saved", saved);
    assert_bad(
        &plan_from(&garbage),
        "garbage.json:3:3: not a yearend snapshot",
    );
    assert_bad(
        &plan_from(&dir.join("absent.json")),
        "cannot read the snapshot",
    );
    // The site is a PostgreSQL one with another code: the Oracle hospital's snapshot is refused.
    assert_bad(
        &plan_from(&oracle_snap),
        "the snapshot is of site EXAMPLE-ORA-001 (oracle), not of T001 (postgres)",
    );

    // A snapshot of a server that is not there: exit 3, and no file.
    let out = dir.join("never.json");
    let r = yearend(
        &[
            "snapshot",
            "--site",
            s.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &[("YEAREND_DB_PASSWORD", "hunter2")],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr
            .contains("cannot connect to postgres://nobody@127.0.0.1:9/none"),
        "{}",
        r.stderr
    );
    assert!(!out.exists() && !r.all().contains("hunter2"));

    assert_bad(
        &run_saved(&dir.join("absent.json")),
        "cannot read the saved plan",
    );
    assert_bad(&run_saved(&garbage), "not a yearend saved plan");
    let edited = write(
        &dir,
        "edited.json",
        r#"{"format": 1, "site_code": "T001", "created_at": "2026-12-01T00:00:00Z",
            "fingerprint": {"identity": {"dialect": "postgres", "name": "x", "version": "15"},
              "plan_sha256": "00", "year": 2027, "schemas": ["einvoice"], "catalog_sha256": "00"},
            "statements": [{"step": "partitions", "sql": "ALTER TABLE a ADD PARTITION b",
              "sha256": "0000000000000000000000000000000000000000000000000000000000000000"}]}"#,
    );
    assert_bad(
        &run_saved(&edited),
        "the statement of step `partitions` was edited after it was saved",
    );
}

#[test]
fn report_and_fleet_on_nothing_say_so() {
    let dir = scratch("nothing");
    let s = site(&dir);
    let state = dir.join("state");
    let r = yearend(
        &[
            "report",
            "--site",
            s.to_str().unwrap(),
            "--state-dir",
            state.to_str().unwrap(),
            "--today",
            "2026-12-20",
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr
            .contains("nothing to report yet (run `yearend run` first"),
        "{}",
        r.stderr
    );
    let r = yearend(&["fleet", dir.join("missing").to_str().unwrap()], &[]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("not a directory of state directories"),
        "{}",
        r.stderr
    );
}

/// Bad answers from a real server: each a clear message and exit code, nothing executed.
#[test]
fn bad_server_answers_and_query_files() {
    let pg = pg();
    let db = pg.fresh_db("badserver");
    pg.sql(
        &db,
        "CREATE SCHEMA einv; CREATE TABLE einv.t (d date NOT NULL) PARTITION BY RANGE (d);",
    );
    let dir = scratch("badserver");
    let pw = [("YEAREND_DB_PASSWORD", PASSWORD)];
    let run = |site: &std::path::Path, plan: &std::path::Path, env: &[(&str, &str)]| {
        let state = dir.join("state");
        yearend(
            &[
                "plan",
                "--plan",
                plan.to_str().unwrap(),
                "--site",
                site.to_str().unwrap(),
                "--today",
                "2026-12-20",
                "--state-dir",
                state.to_str().unwrap(),
            ],
            env,
        )
    };
    let manual = write(
        &dir,
        "manual.yaml",
        &format!("name: x\nmode: old_year_bills_usable\nsteps:\n{GOOD_STEP}"),
    );

    // Nobody listens on port 9.
    let r = run(&site(&dir), &manual, &pw);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr
            .contains("cannot connect to postgres://nobody@127.0.0.1:9/none"),
        "{}",
        r.stderr
    );
    // A database that does not exist.
    let missing = site_file_coded(&dir, &pg.url("no_such_db"), &["einv"], "T002");
    let r = run(&missing, &manual, &pw);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr.contains("database \"no_such_db\" does not exist"),
        "{}",
        r.stderr
    );
    // Lock settings that are not numbers.
    let good = site_file_coded(&dir, &pg.url(&db), &["einv"], "T003");
    let r = run(
        &good,
        &manual,
        &[
            ("YEAREND_DB_PASSWORD", PASSWORD),
            ("YEAREND_LOCK_TIMEOUT", "soon"),
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr
            .contains("YEAREND_LOCK_TIMEOUT=`soon` must be a whole number from 1 to 600"),
        "{}",
        r.stderr
    );
    // A query with a syntax error, one naming an undefined variable, one splicing a value.
    let checks = [
        (
            "SELEC 1",
            2,
            "a plan or catalog query must be a single SELECT",
        ),
        // Caught before the server, by the dialect's SQL parser (exit 2, the file named).
        (
            "SELECT 1 FROM",
            2,
            "cannot be shown to only read: rewrite it",
        ),
        ("SELECT {{ bind(yeer) }}", 2, "undefined variable"),
        (
            "SELECT 1 WHERE {{ year }} > 0",
            2,
            "would be spliced into SQL",
        ),
        (
            "SELECT * FROM einv.no_such_table",
            3,
            "relation \"einv.no_such_table\" does not exist",
        ),
    ];
    for (i, (sql, code, expect)) in checks.iter().enumerate() {
        let q = format!("q{i}.sql");
        write(&dir, &q, sql);
        let plan = write(&dir, &format!("check{i}.yaml"), &format!("name: x\nmode: old_year_bills_usable\nsteps:\n  - id: c\n    kind: check\n    query: {q}\n    expect: {{ rows: 0 }}\n"));
        let r = run(&good, &plan, &pw);
        assert_eq!(r.code, *code, "{sql}: {}", r.all());
        assert!(
            r.stdout.contains(expect) || r.stderr.contains(expect),
            "{sql}: {}",
            r.all()
        );
    }
    // A partitions step with no schemas anywhere.
    let bare = write(
        &dir,
        "bare-site.yaml",
        &format!(
            "hospital: x\ncode: T004\ndatabase:\n  url: {}\n",
            pg.url(&db)
        ),
    );
    let plan = write(
        &dir,
        "parts.yaml",
        "name: x\nmode: old_year_bills_usable\nsteps:\n  - id: p\n    kind: partitions\n",
    );
    let r = run(&bare, &plan, &pw);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.all().contains("no schemas to work on"), "{}", r.all());
    // A partitioned table with no partitions at all is listed for review, not skipped.
    let r = run(&good, &plan, &pw);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("review   einv.t: partitioned, but has no partitions")
            && r.stdout.contains("— NOT covered"),
        "{}",
        r.stdout
    );
}

/// `query_role:` is honoured on PostgreSQL; on MySQL/MariaDB and Oracle a role only adds to the
/// user's privileges, so the key is refused rather than looking like a protection it is not.
#[test]
fn query_role_is_refused_where_a_role_cannot_restrict() {
    for url in [
        "mysql://nobody@127.0.0.1:9/none",
        "oracle://nobody@127.0.0.1:9/none",
    ] {
        let dir = scratch("qrole-refused");
        let site = site_file(&dir, url, &["einvoice"]);
        let text = std::fs::read_to_string(&site)
            .unwrap()
            .replace("  schemas:", "  query_role: reader\n  schemas:");
        std::fs::write(&site, text).unwrap();
        let plan = write(
            &dir,
            "plan.yaml",
            &format!("name: x\nmode: old_year_bills_usable\nsteps:\n{GOOD_STEP}"),
        );
        let r = yearend(
            &[
                "validate",
                "--plan",
                plan.to_str().unwrap(),
                "--site",
                site.to_str().unwrap(),
            ],
            &[("YEAREND_LANG", "en")],
        );
        assert_bad(&r, "site.yaml:6:");
        assert_bad(&r, "adds a role's privileges to the user's own");
    }
}

/// A check query the dialect's SQL parser cannot read is refused at `validate`, naming the plan
/// query file's line of what the parser stopped at.
#[test]
fn a_query_the_parser_cannot_read_is_refused_with_its_line() {
    let dir = scratch("unparsable");
    write(
        &dir,
        "q.sql",
        "SELECT COUNT(*) AS n\nFROM einvoice.bill\nWHERE issued >= DATE '2026-01-01' AND AND amount > 0\n",
    );
    let plan = write(
        &dir,
        "plan.yaml",
        "name: x\nmode: old_year_bills_usable\nsteps:\n  - id: q\n    kind: check\n    query: q.sql\n    expect: {rows: 1}\n",
    );
    let s = site(&dir);
    let r = yearend(
        &[
            "validate",
            "--plan",
            plan.to_str().unwrap(),
            "--site",
            s.to_str().unwrap(),
        ],
        &[("YEAREND_LANG", "en")],
    );
    assert_bad(&r, "q.sql:3:");
    assert_bad(&r, "cannot be shown to only read: rewrite it");
}
