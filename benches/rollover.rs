//! Rollover benchmarks on a local PostgreSQL 15 (started like the tests'), printing numbers:
//! 1. plan time, catalog round trips and peak memory for 2,000 tables × 12 partitions
//!    (round trips compared with 5 tables);
//! 2. applying 500 tables × 12 new months, yearend versus pg_partman 4.7 run_maintenance on the
//!    same server, alternating, median ratio;
//! 3. the journal's cost: the same apply with fsync per record and without.
//!
//! `cargo bench --bench rollover` (BENCH_ROUNDS, default 3, sets the alternations).

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

    // 1. Plan for 2,000 tables × 12 partitions, and for 5.
    let mut trips = Vec::new();
    for n in [5usize, 2000] {
        let db = pg.fresh_db(&format!("bench_plan_{n}"));
        let t0 = Instant::now();
        pg.sql(&db, &monthly_tables(n, "einv"));
        eprintln!(
            "(setup: {n} tables × 12 partitions in {:.1} s)",
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
        let rt = round_trips(&last);
        trips.push(rt);
        println!(
            "plan, {n} tables × 12 partitions: median {:.3} s over 5 runs (target ≤ 1 s for 2,000), {rt} catalog round trips, peak RSS {:.1} MiB",
            median(times),
            peak as f64 / 1024.0
        );
    }
    println!(
        "catalog round trips, 5 vs 2,000 tables: {} vs {} ({})",
        trips[0],
        trips[1],
        if trips[0] == trips[1] {
            "same"
        } else {
            "DIFFERENT"
        }
    );

    if std::env::var("BENCH_PART").as_deref() == Ok("plan") {
        return;
    }
    // 2 and 3. Apply 500 tables × 12 months: yearend (fsync, and no fsync) against pg_partman.
    let n = 500;
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    let mut no_fsync = Vec::new();
    for round in 0..rounds {
        let yearend_run = |env: &[(&str, &str)]| -> f64 {
            let db = pg.fresh_db("bench_apply");
            pg.sql(&db, &monthly_tables(n, "einv"));
            let dir = scratch("bench-apply");
            let site = site_file(&dir, &pg.url(&db), &["einv"]);
            let p = plan(&dir);
            let state = dir.join("state");
            let args = [
                "run",
                "--yes",
                "--plan",
                p.to_str().unwrap(),
                "--site",
                site.to_str().unwrap(),
                "--state-dir",
                state.to_str().unwrap(),
                today[0],
                today[1],
            ];
            let (t, _, _, code) = timed(&args, env);
            assert_eq!(code, 0, "yearend run failed");
            let made = pg.sql(
                &db,
                "SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_p2027%'",
            );
            assert_eq!(made, (n * 12).to_string(), "yearend made {made} partitions");
            t.as_secs_f64()
        };
        let partman_run = || -> f64 {
            let db = pg.fresh_db("bench_partman");
            let mut setup = "CREATE SCHEMA partman; CREATE EXTENSION pg_partman SCHEMA partman; CREATE SCHEMA einv;".to_string();
            for i in 1..=n {
                setup.push_str(&format!(
                    "CREATE TABLE einv.t{i} (id bigint, d date NOT NULL) PARTITION BY RANGE (d); \
                     SELECT partman.create_parent('einv.t{i}', 'd', 'native', 'monthly', p_premake := 1, p_start_partition := '2026-01-01');"
                ));
            }
            pg.sql(&db, &setup);
            // Premake through December of the new year: 13 months ahead of November 2026; with no
            // rows yet, pg_partman only premakes when infinite_time_partitions is on.
            pg.sql(
                &db,
                "UPDATE partman.part_config SET premake = 13, infinite_time_partitions = true",
            );
            let before: i64 = pg
                .sql(
                    &db,
                    "SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_p2027%'",
                )
                .parse()
                .unwrap();
            let t0 = Instant::now();
            pg.sql(&db, "SELECT partman.run_maintenance(p_analyze := false)");
            let t = t0.elapsed().as_secs_f64();
            let made: i64 = pg
                .sql(
                    &db,
                    "SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_p2027%'",
                )
                .parse()
                .unwrap();
            assert_eq!(
                made - before,
                (n * 12) as i64,
                "pg_partman made {} partitions",
                made - before
            );
            t
        };
        if round % 2 == 0 {
            ours.push(yearend_run(&[]));
            theirs.push(partman_run());
        } else {
            theirs.push(partman_run());
            ours.push(yearend_run(&[]));
        }
        no_fsync.push(yearend_run(&[("YEAREND_BENCH_NO_FSYNC", "1")]));
        println!(
            "apply round {}: yearend {:.2} s, pg_partman run_maintenance {:.2} s, yearend without journal fsync {:.2} s",
            round + 1,
            ours[round],
            theirs[round],
            no_fsync[round]
        );
    }
    let (o, t, f) = (median(ours), median(theirs), median(no_fsync));
    println!("apply {n} tables × 12 months: median yearend {o:.2} s / pg_partman {t:.2} s = ratio {:.2} (target ≤ 0.8)", o / t);
    println!(
        "journal fsync per record: {o:.2} s with, {f:.2} s without: overhead {:.0}%",
        (o - f) / f * 100.0
    );
}
