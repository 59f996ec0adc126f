//! `fleet --roster` over a province of 5,000 hospitals in mixed states (numbers, never a timed
//! test): done, failing, awaiting confirmation, action needed, late, in progress (a run cut
//! short), journal broken, an unreadable bundle, and nothing received — state directories and
//! bundles. Each state's evidence is made once by real runs against a PostgreSQL started like
//! the tests'; the 5,000 are copies with their own hospital code, hash chain and seal. Time and
//! peak memory with a cold cache (the page cache dropped, when this machine allows it) and warm,
//! with and without `--html`. `BENCH_FLEET` sets the number of hospitals.

#[path = "../tests/it/support.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::*;

const TODAY: &str = "2026-12-20";

fn site(dir: &Path, code: &str, url: &str) -> PathBuf {
    write(
        dir,
        &format!("{code}.yaml"),
        &format!(
            "hospital: 医院{code}\ncode: {code}\ndatabase:\n  url: {url}\n  schemas: [public]\nescalation: {{ name: 王主任, phone: \"13800000000\" }}\n"
        ),
    )
}

/// A run that sets up a template; one that fails for another reason than its verdict stops.
fn yearend_run(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_yearend"))
        .args(args)
        .env("YEAREND_DB_PASSWORD", PASSWORD)
        .env("YEAREND_OPERATOR", OPERATOR)
        .env("YEAREND_LANG", "en")
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code <= 1,
        "yearend {args:?}: exit {code}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A journal made for `code`: its hospital and code in the run records, the hash chain and the
/// seal made again, as yearend would have written them; the first `keep` records only.
fn journal_for(journal: &str, code: &str, keep: Option<usize>) -> (String, String) {
    let tpl_code = "TPL";
    let mut prev = "0".repeat(64);
    let mut out = String::new();
    let mut n = 0;
    for line in journal.lines().take(keep.unwrap_or(usize::MAX)) {
        let mut rec: serde_json::Value = serde_json::from_str(line).unwrap();
        if rec["site_code"] == tpl_code {
            rec["site_code"] = code.into();
            rec["hospital"] = format!("医院{code}").into();
        }
        rec["prev"] = prev.clone().into();
        let text = serde_json::to_string(&rec).unwrap();
        prev = yearend::record::journal::sha256_hex(&text);
        out.push_str(&text);
        out.push('\n');
        n += 1;
    }
    let seal = serde_json::json!({"records": n, "head": prev, "at": "2026-12-20T02:00:00Z"});
    (out, seal.to_string())
}

fn copy_state(template: &Path, to: &Path, code: &str, keep: Option<usize>) {
    std::fs::create_dir_all(to).unwrap();
    let journal = std::fs::read_to_string(template.join("journal.jsonl")).unwrap();
    let (journal, seal) = journal_for(&journal, code, keep);
    std::fs::write(to.join("journal.jsonl"), journal).unwrap();
    for f in ["plan.resolved.yaml", "plan.sha256"] {
        let _ = std::fs::copy(template.join(f), to.join(f));
    }
    std::fs::write(to.join("seal.json"), seal).unwrap();
}

/// The template hospital's bundle made again for `code` (journal, seal and sums its own).
fn bundle_for(template: &yearend::record::state::Files, to: &Path, code: &str) {
    let mut files = template.clone();
    let journal = String::from_utf8_lossy(&files["journal.jsonl"]).into_owned();
    let (journal, seal) = journal_for(&journal, code, None);
    files.insert("journal.jsonl".into(), journal.into_bytes());
    files.insert(yearend::record::seal::FILE.into(), seal.into_bytes());
    files.remove("SHA256SUMS");
    yearend::evidence::bundle::write(to, files).unwrap();
}

/// Wall time and peak RSS of one `fleet` run.
fn timed(args: &[&str]) -> (Duration, u64, i32) {
    let started = Instant::now();
    let child = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg(env!("CARGO_BIN_EXE_yearend"))
        .args(args)
        .env("YEAREND_LANG", "zh-CN")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let took = started.elapsed();
    let kb = String::from_utf8_lossy(&child.stderr)
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    (took, kb, child.status.code().unwrap_or(-1))
}

/// Drops the page cache; false when this machine does not let us (a container).
fn drop_caches() -> bool {
    let _ = Command::new("sync").status();
    std::fs::write("/proc/sys/vm/drop_caches", "3").is_ok()
}

fn main() {
    let n: usize = std::env::var("BENCH_FLEET")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5000);
    let pg = pg();
    let db = pg.fresh_db("bench_fleet");
    let url = pg.url(&db);
    let dir = scratch("bench-fleet");
    let t0 = Instant::now();
    // One real rollover per state, each under the code TPL.
    let plans = [
        (
            "done",
            fleet_plan(&dir, "done", 1, true, ("12-31", "12-31")),
            true,
        ),
        (
            "failing",
            fleet_plan(&dir, "fail", 0, true, ("12-31", "12-31")),
            true,
        ),
        (
            "action",
            fleet_plan(&dir, "act", 1, false, ("12-31", "12-31")),
            true,
        ),
        (
            "awaiting",
            fleet_plan(&dir, "await", 1, true, ("12-31", "12-31")),
            false,
        ),
        (
            "late",
            fleet_plan(&dir, "late", 1, true, ("12-15", "12-25")),
            false,
        ),
    ];
    let tpl_site = site(&dir, "TPL", &url);
    let mut templates = Vec::new();
    for (name, p, confirm) in &plans {
        let state = dir.join(format!("tpl-{name}"));
        let mut args = vec![
            "run",
            "--plan",
            p.to_str().unwrap(),
            "--site",
            tpl_site.to_str().unwrap(),
            "--today",
            TODAY,
            "--state-dir",
            state.to_str().unwrap(),
            "--yes",
        ];
        if *confirm {
            args.extend(["--confirm", "confirm-x", "--operator", "张工"]);
        }
        yearend_run(&args);
        templates.push((name.to_string(), p.clone(), state));
    }
    // The bundle of a done hospital, copied under each bundle-sending hospital's code.
    let bundle = dir.join("tpl.tar.gz");
    yearend_run(&[
        "report",
        "--site",
        tpl_site.to_str().unwrap(),
        "--state-dir",
        templates[0].2.to_str().unwrap(),
        "--bundle",
        bundle.to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    let tpl_files = yearend::evidence::bundle::read(&bundle).expect("the template bundle");
    let received = dir.join("received");
    let sites = dir.join("sites");
    std::fs::create_dir_all(&received).unwrap();
    let mut roster = String::new();
    let mut states = std::collections::BTreeMap::<&str, usize>::new();
    for i in 0..n {
        let code = format!("H{i:05}");
        // Of every 10: 3 done (1 by bundle), 1 failing, 1 action, 1 awaiting, 1 late, 1 in
        // progress, 1 journal broken or unreadable, 1 nothing received.
        let (kind, t) = match i % 10 {
            0..=2 => ("done", 0),
            3 => ("failing", 1),
            4 => ("action", 2),
            5 => ("awaiting", 3),
            6 => ("late", 4),
            7 => ("in_progress", 0),
            8 if i % 20 == 8 => ("journal_broken", 0),
            8 => ("unreadable", 0),
            // Nothing received: late past a due date, not started before one.
            _ if i % 20 == 9 => ("nothing", 4),
            _ => ("nothing", 0),
        };
        *states.entry(kind).or_default() += 1;
        let (_, p, state) = &templates[t];
        let s = site(&sites, &code, &url);
        roster.push_str(&format!(
            "- site: {}\n  plan: {}\n",
            s.display(),
            p.display()
        ));
        let to = received.join(&code);
        match kind {
            "done" if i % 10 == 0 => {
                bundle_for(
                    &tpl_files,
                    &received.join(format!("{code}-2027.tar.gz")),
                    &code,
                );
            }
            "in_progress" => copy_state(state, &to, &code, Some(6)),
            "journal_broken" => {
                copy_state(state, &to, &code, None);
                let j = to.join("journal.jsonl");
                let text = std::fs::read_to_string(&j)
                    .unwrap()
                    .replacen("basic", "basik", 1);
                std::fs::write(j, text).unwrap();
            }
            "unreadable" => std::fs::write(
                received.join(format!("{code}-2027.tar.gz")),
                b"not a bundle",
            )
            .unwrap(),
            "nothing" => {}
            _ => copy_state(state, &to, &code, None),
        }
    }
    let roster_path = write(&dir, "roster.yaml", &roster);
    eprintln!(
        "(setup: {n} hospitals {states:?} in {:.1} s)",
        t0.elapsed().as_secs_f64()
    );
    let base = [
        "fleet",
        "--roster",
        roster_path.to_str().unwrap(),
        received.to_str().unwrap(),
        "--today",
        "2026-12-26",
    ];
    // What the fleet makes of them: every state present, counted by the command itself.
    let json = Command::new(env!("CARGO_BIN_EXE_yearend"))
        .args(base)
        .arg("--json")
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("fleet --json");
    println!("fleet --roster, {n} hospitals: counts {}", doc["counts"]);
    let page = dir.join("fleet.html");
    let with_page: Vec<&str> = base
        .iter()
        .copied()
        .chain(["--html", page.to_str().unwrap()])
        .collect();
    for (label, args) in [("terminal", base.to_vec()), ("with --html", with_page)] {
        let cold = drop_caches();
        let (t, kb, code) = timed(&args);
        let (w, wkb, _) = timed(&args);
        println!(
            "fleet --roster, {n} hospitals, {label}: {} {:.2} s, {:.0} MiB; warm {:.2} s, {:.0} MiB (target: ≤ 2 s, ≤ 200 MiB cold); exit {code}",
            if cold { "cold" } else { "cache NOT dropped (not allowed here):" },
            t.as_secs_f64(),
            kb as f64 / 1024.0,
            w.as_secs_f64(),
            wkb as f64 / 1024.0
        );
    }
}
