//! Rollover benchmarks, printing numbers (never timed tests):
//! 1. plan time, catalog round trips and peak memory for 2,000 tables × 12 partitions (round
//!    trips compared with 5 tables), on a PostgreSQL 15 started like the tests';
//! 2. applying 500 tables × 12 new months on a second cluster with PostgreSQL's durable defaults
//!    (fsync on; the settings are printed, and no ratio against psql is printed with fsync off):
//!    yearend `run` against the same statements through psql, one transaction per table, and
//!    against pg_partman 4.7 run_maintenance, alternating, median of the paired ratios;
//! 3. the journal's cost: the same apply with and without its syncs;
//! 4. `BENCH_PART=online`: inserts at 200/s (pgbench, per-transaction log) while a report holds
//!    a table, during yearend's run, the old `CREATE … PARTITION OF` and pg_partman run_maintenance: p50/p99/max;
//! 5. `BENCH_PART=mariadb`: 200 tables with a MAXVALUE tail, yearend against the same REORGANIZE
//!    statements sent by hand.
//!
//! `cargo bench --bench rollover` runs 1–3 (`BENCH_PART=plan`: 1 only; `apply`: 2–3 only);
//! `BENCH_ROUNDS` (default 3) sets the alternations; `bash bench/run.sh` runs everything.

#[path = "../tests/it/support.rs"]
mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::*;

/// `n` monthly tables (DEFAULT partition plus 2026-01…12), in transactions of 100 tables so the
/// server's lock table is not exhausted.
fn monthly_tables(n: usize, schema: &str) -> String {
    let mut sql = format!("CREATE SCHEMA {schema};\n");
    for start in (1..=n).step_by(100) {
        let end = (start + 99).min(n);
        sql.push_str(&format!(
            "DO $$ DECLARE lo date; hi date; BEGIN FOR i IN {start}..{end} LOOP \
             EXECUTE format('CREATE TABLE {schema}.t%s (id bigint, d date NOT NULL) PARTITION BY RANGE (d)', i); \
             EXECUTE format('CREATE TABLE {schema}.t%s_default PARTITION OF {schema}.t%s DEFAULT', i, i); \
             FOR m IN 1..12 LOOP lo := make_date(2026, m, 1); hi := (lo + interval '1 month')::date; \
             EXECUTE format('CREATE TABLE {schema}.t%s_p%s PARTITION OF {schema}.t%s FOR VALUES FROM (%L) TO (%L)', i, to_char(lo, 'YYYYMM'), i, lo, hi); \
             END LOOP; END LOOP; END $$;\n"
        ));
    }
    sql
}

fn plan(dir: &Path) -> std::path::PathBuf {
    write(dir, "plan.yaml", "name: bench\nmode: old_year_bills_usable\nsteps:\n  - id: partitions\n    kind: partitions\n")
}

/// Run yearend; wall time and peak RSS (VmHWM, polled).
fn timed(args: &[&str], env: &[(&str, &str)]) -> (Duration, u64, String, i32) {
    let started = Instant::now();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yearend"));
    cmd.args(args)
        .env("YEAREND_DB_PASSWORD", PASSWORD)
        .env("YEAREND_OPERATOR", OPERATOR)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let pid = child.id();
    let mut peak_kb = 0u64;
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut { stdout }, &mut s).unwrap();
        s
    });
    loop {
        if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
            if let Some(kb) = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
            {
                peak_kb = peak_kb.max(kb);
            }
        }
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let code = child.wait().unwrap().code().unwrap_or(-1);
    (started.elapsed(), peak_kb, reader.join().unwrap(), code)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn round_trips(json: &str) -> u64 {
    let doc: serde_json::Value = serde_json::from_str(json).expect("plan --json output");
    doc["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "inspect")
        .unwrap()["figures"]["round_trips"]
        .as_u64()
        .unwrap()
}

fn main() {
    let pg = pg();
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let today = ["--today", "2026-12-20"];

    // 1. Plan for 2,000 tables × 12 partitions, and for 5 (BENCH_PART=apply skips it).
    let mut trips = Vec::new();
    // The curve: 5, 500 and 2,000 tables; 10,000 too with BENCH_PLAN_10K=1 (slow to set up).
    let sizes: &[usize] = if matches!(
        std::env::var("BENCH_PART").as_deref(),
        Ok("apply" | "online")
    ) {
        &[]
    } else if std::env::var("BENCH_PLAN_10K").is_ok() {
        &[5, 500, 2000, 10_000]
    } else {
        &[5, 500, 2000]
    };
    for &n in sizes {
        let db = pg.fresh_db(&format!("bench_plan_{n}"));
        let t0 = Instant::now();
        pg.sql(&db, &monthly_tables(n, "einv"));
        // A hospital's catalog has been vacuumed and analyzed by autovacuum for a year; one
        // made a second ago has not, and the planner then joins 26,000 partitions blind.
        pg.sql(&db, "VACUUM ANALYZE");
        eprintln!(
            "(setup: {n} tables × 12 partitions, then VACUUM ANALYZE, in {:.1} s)",
            t0.elapsed().as_secs_f64()
        );
        let dir = scratch("bench-plan");
        let site = site_file(&dir, &pg.url(&db), &["einv"]);
        let p = plan(&dir);
        let args = [
            "plan",
            "--plan",
            p.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
            "--json",
            today[0],
            today[1],
        ];
        let mut times = Vec::new();
        let mut peak = 0;
        let mut last = String::new();
        for _ in 0..5 {
            let (t, kb, out, code) = timed(&args, &[]);
            assert_eq!(code, 0, "plan failed");
            times.push(t.as_secs_f64());
            peak = peak.max(kb);
            last = out;
        }
        if let (Ok(secs), 2000) = (std::env::var("BENCH_HOLD"), n) {
            // Local profiling only: keep the database and print how to reach it.
            eprintln!("HOLD {} {}", site.display(), p.display());
            std::thread::sleep(Duration::from_secs(secs.parse().unwrap_or(600)));
        }
        let rt = round_trips(&last);
        trips.push(rt);
        println!(
            "plan, {n} tables × 12 partitions: median {:.3} s over 5 runs (target for 2,000: ≤ 0.4 s, ≤ 64 MiB), {rt} catalog round trips, peak RSS {:.1} MiB",
            median(times),
            peak as f64 / 1024.0
        );
    }
    if trips.len() >= 2 {
        let (first, last) = (trips[0], trips[trips.len() - 1]);
        println!(
            "catalog round trips, {} vs {} tables: {first} vs {last} ({})",
            sizes[0],
            sizes[sizes.len() - 1],
            if trips.iter().all(|t| *t == first) {
                "same"
            } else {
                "DIFFERENT"
            }
        );
    }

    if std::env::var("BENCH_PART").as_deref() == Ok("plan") {
        return;
    }
    if std::env::var("BENCH_PART").as_deref() == Ok("online") {
        return online(rounds, &today);
    }
    if std::env::var("BENCH_PART").as_deref() == Ok("mariadb") {
        return mariadb(rounds, &today);
    }
    // 2 and 3. Apply 500 tables × 12 months on a server with fsync on: yearend against the
    // same statements through psql (one transaction per table: the database's own DDL time) and
    // against pg_partman run_maintenance; and yearend without journal fsync (the journal's cost).
    let durable = Pg::durable();
    let pg = &durable;
    let settings = pg.sql(
        "postgres",
        "SELECT current_setting('fsync') || ' ' || current_setting('synchronous_commit') || ' ' || current_setting('wal_sync_method')",
    );
    println!("server: fsync, synchronous_commit, wal_sync_method = {settings}");
    let fsync_on = settings.starts_with("on ");
    let n = 500;
    let (mut ours, mut bare, mut theirs, mut no_fsync) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let yearend_run = |env: &[(&str, &str)]| -> f64 { apply_yearend(pg, n, &today, env) };
        if round % 2 == 0 {
            ours.push(yearend_run(&[]));
            bare.push(apply_psql(pg, n, &today));
            theirs.push(apply_partman(pg, n));
        } else {
            theirs.push(apply_partman(pg, n));
            bare.push(apply_psql(pg, n, &today));
            ours.push(yearend_run(&[]));
        }
        no_fsync.push(yearend_run(&[("YEAREND_BENCH_NO_FSYNC", "1")]));
        println!(
            "apply round {}: yearend {:.2} s, psql one transaction per table {:.2} s, pg_partman run_maintenance {:.2} s, yearend without journal fsync {:.2} s",
            round + 1,
            ours[round],
            bare[round],
            theirs[round],
            no_fsync[round]
        );
    }
    // Paired ratios (each round's two runs back to back) resist the disk's moods better than a
    // ratio of medians.
    let paired = median(ours.iter().zip(&bare).map(|(o, b)| o / b).collect());
    let (o, b, t, f) = (median(ours), median(bare), median(theirs), median(no_fsync));
    if fsync_on {
        println!("apply {n} tables × 12 months: median yearend {o:.2} s, psql {b:.2} s; median of the paired ratios {paired:.2} (target ≤ 1.15)");
    } else {
        println!(
            "apply: fsync is off on this server: no ratio against the physical limit is printed"
        );
    }
    println!(
        "apply {n} tables × 12 months: median yearend {o:.2} s / pg_partman {t:.2} s = ratio {:.2}",
        o / t
    );
    println!(
        "journal fsync: {o:.2} s with, {f:.2} s without: overhead {:.0}%",
        (o - f) / f * 100.0
    );
}

/// A fresh database with `n` monthly tables, its site, plan and state directory.
fn apply_case(
    pg: &Pg,
    n: usize,
) -> (
    String,
    std::path::PathBuf,
    std::path::PathBuf,
    std::path::PathBuf,
) {
    let db = pg.fresh_db("bench_apply");
    pg.sql(&db, &monthly_tables(n, "einv"));
    let dir = scratch("bench-apply");
    let site = site_file(&dir, &pg.url(&db), &["einv"]);
    let p = plan(&dir);
    (db, site, p, dir.join("state"))
}

/// The parent table a statement works on: `(LIKE parent …)`, `ALTER TABLE parent ATTACH …`,
/// `… PARTITION OF parent …`, or (what a child carries) the statement's own table.
fn parent_of(sql: &str) -> String {
    let after = |marker: &str| {
        sql.split(marker)
            .nth(1)
            .and_then(|t| t.split([' ', ')']).next())
            .map(str::to_string)
    };
    after("(LIKE ")
        .or_else(|| after("PARTITION OF "))
        .or_else(|| after("ALTER TABLE "))
        .unwrap_or_default()
}

/// A quiet server for the next timed run: no checkpoint of the last one's writes lands in it.
fn settle(pg: &Pg, done: &str) {
    pg.sql(
        "postgres",
        &format!("DROP DATABASE IF EXISTS {done} WITH (FORCE)"),
    );
    pg.sql("postgres", "CHECKPOINT");
}

fn made(pg: &Pg, db: &str) -> String {
    pg.sql(
        db,
        "SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_p2027%'",
    )
}

/// `yearend run --yes` of a plan and site in a state directory, timed.
fn run_yes(
    site: &Path,
    plan: &Path,
    state: &Path,
    today: &[&str; 2],
    env: &[(&str, &str)],
) -> (Duration, u64, String, i32) {
    let args = [
        "run",
        "--yes",
        "--plan",
        plan.to_str().unwrap(),
        "--site",
        site.to_str().unwrap(),
        "--state-dir",
        state.to_str().unwrap(),
        today[0],
        today[1],
    ];
    timed(&args, env)
}

fn apply_yearend(pg: &Pg, n: usize, today: &[&str; 2], env: &[(&str, &str)]) -> f64 {
    let (db, site, p, state) = apply_case(pg, n);
    pg.sql("postgres", "CHECKPOINT");
    let (t, _, _, code) = run_yes(&site, &p, &state, today, env);
    assert_eq!(code, 0, "yearend run failed");
    assert_eq!(made(pg, &db), (n * 12).to_string());
    settle(pg, &db);
    t.as_secs_f64()
}

/// The statements yearend plans, sent by psql in one transaction per table.
fn apply_psql(pg: &Pg, n: usize, today: &[&str; 2]) -> f64 {
    let (db, site, p, _) = apply_case(pg, n);
    let script = psql_script(&planned(&site, &p, today), false);
    pg.sql("postgres", "CHECKPOINT");
    let t0 = Instant::now();
    let out = pg.psql(&db, &script);
    let t = t0.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "psql: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(made(pg, &db), (n * 12).to_string());
    settle(pg, &db);
    t
}

/// A database of `n` pg_partman-managed monthly tables from January of the closing year, one
/// month premade; set to premake through December of the new year at the next maintenance.
fn partman_db(pg: &Pg, n: usize) -> String {
    let db = pg.fresh_db("bench_partman");
    let mut setup =
        "CREATE SCHEMA partman; CREATE EXTENSION pg_partman SCHEMA partman; CREATE SCHEMA einv;"
            .to_string();
    for i in 1..=n {
        setup.push_str(&format!(
            "CREATE TABLE einv.t{i} (id bigint, d date NOT NULL) PARTITION BY RANGE (d); \
             SELECT partman.create_parent('einv.t{i}', 'd', 'native', 'monthly', p_premake := 1, p_start_partition := '2026-01-01');"
        ));
    }
    pg.sql(&db, &setup);
    // Premake through December of the new year; with no rows yet, pg_partman only premakes when
    // infinite_time_partitions is on.
    pg.sql(
        &db,
        "UPDATE partman.part_config SET premake = 13, infinite_time_partitions = true",
    );
    db
}

fn apply_partman(pg: &Pg, n: usize) -> f64 {
    let db = partman_db(pg, n);
    let before: i64 = made(pg, &db).parse().unwrap();
    pg.sql("postgres", "CHECKPOINT");
    let t0 = Instant::now();
    pg.sql(&db, "SELECT partman.run_maintenance(p_analyze := false)");
    let t = t0.elapsed().as_secs_f64();
    let after: i64 = made(pg, &db).parse().unwrap();
    // pg_partman premakes from today's date, so how many months one maintenance makes depends on
    // the day the bench runs (12 at the end of November, 11 in December): its time is scaled to
    // the 12 months per table yearend makes, so the ratio compares like with like.
    let made_now = after - before;
    assert!(
        made_now >= (n * 11) as i64,
        "pg_partman made {made_now} partitions"
    );
    let t = t * (n * 12) as f64 / made_now as f64;
    settle(pg, &db);
    t
}

/// Part 4, online: the hospital's inserts while the rollover runs. pgbench inserts at 200 a
/// second into 50 monthly tables while a report holds one of them (ACCESS SHARE, as any long
/// SELECT); meanwhile yearend runs, or the old `CREATE … PARTITION OF` goes through psql, or
/// pg_partman's run_maintenance premakes the new year on its own tables (both with a 10 s lock
/// timeout, else they would wait for the report forever). Printed: how long each took and the
/// inserts' latency p50 / p99 / max (pgbench's per-transaction log).
fn online(rounds: usize, today: &[&str; 2]) {
    let durable = Pg::durable();
    let pg = &durable;
    let n = 50;
    for round in 0..rounds.min(2) {
        for variant in [
            "yearend",
            "psql CREATE … PARTITION OF",
            "yearend, tables with a DEFAULT partition",
            "pg_partman run_maintenance",
        ] {
            let (took, lat) = online_run(pg, n, today, variant);
            println!(
                "online round {}: {variant}: {took:.2} s; inserts p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {} inserts",
                round + 1,
                lat.0,
                lat.1,
                lat.2,
                lat.3
            );
        }
    }
}

fn online_run(
    pg: &Pg,
    n: usize,
    today: &[&str; 2],
    variant: &str,
) -> (f64, (f64, f64, f64, usize)) {
    let partman = variant.starts_with("pg_partman");
    let (db, site, p, state) = if partman {
        // pg_partman's own tables (with its DEFAULT partitions); the site and plan are unused.
        let db = partman_db(pg, n);
        let dir = scratch("bench-partman-online");
        let site = site_file(&dir, &pg.url(&db), &["einv"]);
        let p = plan(&dir);
        (db, site, p, dir.join("state"))
    } else {
        apply_case(pg, n)
    };
    if !variant.contains("DEFAULT") && !partman {
        // Without a DEFAULT partition, ATTACH locks the parent SHARE UPDATE EXCLUSIVE only.
        let drops: String = (1..=n)
            .map(|i| format!("DROP TABLE einv.t{i}_default;"))
            .collect();
        pg.sql(&db, &drops);
    }
    let dir = site.parent().unwrap().to_path_buf();
    std::fs::write(
        dir.join("insert.sql"),
        format!("\\set t random(1, {n})\n\\set m random(1, 12)\nINSERT INTO einv.t:t (id, d) VALUES (1, make_date(2026, :m, 15));\n"),
    )
    .unwrap();
    let _report = pg.session(
        &db,
        "BEGIN; SELECT count(*) FROM einv.t1; SELECT pg_sleep(600);",
    );
    std::thread::sleep(Duration::from_millis(500));
    let mut bench = Command::new("/usr/lib/postgresql/15/bin/pgbench")
        .args([
            "-n",
            "-R",
            "200",
            "-T",
            "12",
            "-c",
            "4",
            "-j",
            "2",
            "-l",
            "--log-prefix",
        ])
        .arg(dir.join("lat"))
        .arg("-f")
        .arg(dir.join("insert.sql"))
        .args([
            "-h",
            "127.0.0.1",
            "-U",
            ADMIN,
            "-p",
            &pg.port.to_string(),
            &db,
        ])
        .env("PGPASSWORD", PASSWORD)
        .current_dir(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    let took = match variant {
        "yearend" => {
            let env = [("YEAREND_LOCK_TIMEOUT", "2"), ("YEAREND_LOCK_RETRIES", "2")];
            let (t, _, _, code) = run_yes(&site, &p, &state, today, &env);
            if code != 0 {
                println!("  ({variant}: exit {code}: a table stayed locked by the report)");
            }
            t.as_secs_f64()
        }
        _ => {
            let script = if partman {
                "SELECT partman.run_maintenance(p_analyze := false);".to_string()
            } else {
                psql_script(
                    &planned(&site, &p, today),
                    variant.ends_with("PARTITION OF"),
                )
            };
            let file = dir.join("script.sql");
            std::fs::write(&file, format!("SET lock_timeout = '10s';\n{script}")).unwrap();
            let t0 = Instant::now();
            let _ = Command::new("psql")
                .args([
                    "-X",
                    "-q",
                    "-h",
                    "127.0.0.1",
                    "-U",
                    ADMIN,
                    "-p",
                    &pg.port.to_string(),
                    "-d",
                    &db,
                    "-f",
                ])
                .arg(&file)
                .env("PGPASSWORD", PASSWORD)
                .output();
            t0.elapsed().as_secs_f64()
        }
    };
    let _ = bench.wait();
    let mut lat: Vec<f64> = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("lat")
        {
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                if let Some(us) = line
                    .split_whitespace()
                    .nth(2)
                    .and_then(|v| v.parse::<f64>().ok())
                {
                    lat.push(us / 1000.0);
                }
            }
        }
    }
    lat.sort_by(|a, b| a.total_cmp(b));
    let pct = |q: f64| {
        lat.get(((lat.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let stats = (
        pct(0.5),
        pct(0.99),
        lat.last().copied().unwrap_or(0.0),
        lat.len(),
    );
    drop(_report);
    std::thread::sleep(Duration::from_millis(300));
    settle(pg, &db);
    (took, stats)
}

/// The statements `yearend plan` would send, in order (from its `--json` document).
fn planned(site: &Path, plan: &Path, today: &[&str; 2]) -> Vec<String> {
    let args = [
        "plan",
        "--json",
        "--plan",
        plan.to_str().unwrap(),
        "--site",
        site.to_str().unwrap(),
        today[0],
        today[1],
    ];
    let (_, _, out, _) = timed(&args, &[]);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("plan --json");
    doc["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["event"] == "statement_sent")
        .map(|r| r["sql"].as_str().unwrap().to_string())
        .collect()
}

/// Statements as a psql script, one transaction per table; `partition_of`: in the old form
/// (`CREATE TABLE child PARTITION OF parent FOR VALUES …`) instead of CREATE + ATTACH.
fn psql_script(statements: &[String], partition_of: bool) -> String {
    let mut script = String::new();
    let mut current = String::new();
    for sql in statements {
        let table = parent_of(sql);
        if table != current {
            if !current.is_empty() {
                script.push_str("COMMIT;\n");
            }
            script.push_str("BEGIN;\n");
            current = table.clone();
        }
        if partition_of {
            // CREATE TABLE child (LIKE …) is dropped; ATTACH … FOR VALUES becomes PARTITION OF.
            if sql.contains("(LIKE ") {
                continue;
            }
            if let Some((_, rest)) = sql.split_once(" ATTACH PARTITION ") {
                let (child, bounds) = rest.split_once(' ').unwrap_or((rest, ""));
                script.push_str(&format!(
                    "CREATE TABLE {child} PARTITION OF {table} {bounds};\n"
                ));
                continue;
            }
        }
        script.push_str(sql);
        script.push_str(";\n");
    }
    script.push_str("COMMIT;\n");
    script
}

/// Part 5, MariaDB: 200 tables × 12 months with a MAXVALUE tail (a quarter of them stop at
/// October and hold November and December rows in the tail), yearend `run` against the same
/// REORGANIZE statements sent by hand, alternating; median of the paired ratios.
fn mariadb(rounds: usize, today: &[&str; 2]) {
    let m = maria();
    let n = 200;
    let (mut ours, mut bare) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let by_hand = |m: &Maria| -> f64 {
            let (db, site, p) = maria_case(m, n);
            let script: String = planned(&site, &p, today)
                .iter()
                .map(|sql| format!("{sql};\n"))
                .collect();
            let t0 = Instant::now();
            m.sql(&db, &script);
            t0.elapsed().as_secs_f64()
        };
        let ours_run = |m: &Maria| -> f64 {
            let (_, site, p) = maria_case(m, n);
            let state = site.parent().unwrap().join("state");
            let (t, _, _, code) = run_yes(&site, &p, &state, today, &[]);
            assert_eq!(code, 0, "yearend run on MariaDB failed");
            t.as_secs_f64()
        };
        if round % 2 == 0 {
            ours.push(ours_run(m));
            bare.push(by_hand(m));
        } else {
            bare.push(by_hand(m));
            ours.push(ours_run(m));
        }
        println!(
            "mariadb round {}: yearend {:.2} s, the same statements by hand {:.2} s",
            round + 1,
            ours[round],
            bare[round]
        );
    }
    let paired = median(ours.iter().zip(&bare).map(|(o, b)| o / b).collect());
    println!("mariadb apply {n} tables: median yearend {:.2} s, by hand {:.2} s; median of the paired ratios {paired:.2} (target ≤ 1.1)", median(ours), median(bare));
}

/// A MariaDB database with `n` monthly tables ending in MAXVALUE, its site and plan.
fn maria_case(m: &Maria, n: usize) -> (String, std::path::PathBuf, std::path::PathBuf) {
    let db = m.fresh_db("bench_maria");
    let mut sql = String::new();
    for i in 1..=n {
        let last = if i % 4 == 0 { 10 } else { 12 };
        let parts: Vec<String> = (1..=last)
            .map(|mo| {
                let (y, next) = if mo == 12 { (2027, 1) } else { (2026, mo + 1) };
                format!("PARTITION p2026{mo:02} VALUES LESS THAN ('{y}-{next:02}-01')")
            })
            .collect();
        sql.push_str(&format!(
            "CREATE TABLE t{i} (id int, d date NOT NULL) PARTITION BY RANGE COLUMNS (d) ({}, PARTITION pmax VALUES LESS THAN (MAXVALUE));\n",
            parts.join(", ")
        ));
        if last == 10 {
            sql.push_str(&format!(
                "INSERT INTO t{i} VALUES (1, '2026-11-15'), (2, '2026-12-15');\n"
            ));
        }
    }
    m.sql(&db, &sql);
    let dir = scratch("bench-maria");
    let site = site_file_coded(&dir, &m.url(&db), &[&db], &db);
    let p = plan(&dir);
    (db, site, p)
}
