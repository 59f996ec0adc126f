//! A full disk stops a run cleanly: the write that failed is named with "the disk is full", the
//! journal is cut back to its last complete record and nothing more is appended, the seal agrees
//! with it, and `run` resumes once there is space — on the same catalog as an uninterrupted run.
//! Tried with a hook that fails the Nth journal or seal write (ENOSPC), and on a real tmpfs that
//! fills up (root only: `mount`; scripts/test.sh runs it as root and says NOT run otherwise).

use crate::support::*;
use std::path::Path;
use std::process::Command;

const SCHEMA: &str = r#"
CREATE SCHEMA einv;
CREATE TABLE einv.bill (id bigint, d date NOT NULL) PARTITION BY RANGE (d);
CREATE TABLE einv.pay (id bigint, d date NOT NULL) PARTITION BY RANGE (d);
DO $$ DECLARE i int; lo date; hi date; BEGIN
  FOR i IN 0..11 LOOP
    lo := (date '2026-01-01' + make_interval(months => i))::date; hi := (lo + interval '1 month')::date;
    EXECUTE format('CREATE TABLE einv.bill_p%s PARTITION OF einv.bill FOR VALUES FROM (%L) TO (%L)', to_char(lo,'YYYYMM'), lo, hi);
    EXECUTE format('CREATE TABLE einv.pay_p%s PARTITION OF einv.pay FOR VALUES FROM (%L) TO (%L)', to_char(lo,'YYYYMM'), lo, hi);
  END LOOP;
END $$;
"#;

fn plan(dir: &Path) -> std::path::PathBuf {
    write(dir, "plan.yaml", "name: 磁盘\nmode: old_year_bills_usable\nsteps:\n  - id: partitions\n    kind: partitions\n  - id: again\n    kind: partitions\n")
}

/// After a failed write: every line a whole record, the seal agreeing, and a resume that finishes.
fn stopped_cleanly_then_resumes(
    db: &str,
    plan: &Path,
    site: &Path,
    state: &Path,
    r: &Run,
    what: &str,
) {
    assert_eq!(r.code, 3, "{what}: {}", r.all());
    assert!(
        r.stderr.contains("the disk is full"),
        "{what}: {}",
        r.stderr
    );
    let journal = std::fs::read_to_string(state.join("journal.jsonl")).unwrap();
    assert!(
        journal.is_empty() || journal.ends_with('\n'),
        "{what}: a torn last line"
    );
    for line in journal.lines() {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|e| panic!("{what}: {e}: {line}"));
    }
    let status = yearend(
        &[
            "status",
            "--site",
            site.to_str().unwrap(),
            "--today",
            "2026-12-20",
            "--state-dir",
            state.to_str().unwrap(),
        ],
        &[],
    );
    assert!(
        status.stdout.contains("hash chain: intact"),
        "{what}: {}",
        status.stdout
    );
    assert!(
        !status.stdout.contains("after the seal") && !status.stdout.contains("after its seal"),
        "{what}: {}",
        status.stdout
    );
    let again = rollover("run", plan, site, state, &["--yes"]);
    assert_eq!(again.code, 0, "{what}: resume: {}", again.all());
    for t in ["bill", "pay"] {
        let n = pg()
            .partitions(db, "einv", t)
            .iter()
            .filter(|p| p.contains("_p2027"))
            .count();
        assert_eq!(n, 12, "{what}: {t}");
    }
}

#[test]
fn the_nth_journal_or_seal_write_failing_stops_the_run_cleanly() {
    let pg = pg();
    for at in ["journal:4", "journal:9", "seal:3", "seal:8"] {
        let db = pg.fresh_db("diskfull");
        pg.sql(&db, SCHEMA);
        let dir = scratch("diskfull");
        let site = site_file(&dir, &pg.url(&db), &["einv"]);
        let (p, state) = (plan(&dir), dir.join("state"));
        let r = Yearend::new()
            .args(&[
                "run",
                "--yes",
                "--today",
                "2026-12-20",
                "--plan",
                p.to_str().unwrap(),
                "--site",
                site.to_str().unwrap(),
                "--state-dir",
                state.to_str().unwrap(),
            ])
            .env("YEAREND_DB_PASSWORD", PASSWORD)
            .env("YEAREND_FAIL_WRITE_AT", at)
            .run();
        stopped_cleanly_then_resumes(&db, &p, &site, &state, &r, at);
    }
}

struct Tmpfs(std::path::PathBuf);

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
#[ignore = "needs root (mount -t tmpfs): scripts/test.sh runs it as root and says NOT run otherwise"]
fn a_real_full_disk_stops_the_run_and_it_resumes_once_there_is_space() {
    assert!(
        is_root(),
        "this test needs root: scripts/test.sh runs it only as root"
    );
    let pg = pg();
    // How much a whole run writes, measured on a normal disk first.
    let db = pg.fresh_db("tmpfs_ref");
    pg.sql(&db, SCHEMA);
    let dir = scratch("tmpfs-ref");
    let site = site_file(&dir, &pg.url(&db), &["einv"]);
    let r = rollover("run", &plan(&dir), &site, &dir.join("state"), &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let whole: u64 = std::fs::read_dir(dir.join("state"))
        .unwrap()
        .flatten()
        .map(|e| e.metadata().unwrap().len())
        .sum();

    let db = pg.fresh_db("tmpfs");
    pg.sql(&db, SCHEMA);
    let dir = scratch("tmpfs");
    let site = site_file(&dir, &pg.url(&db), &["einv"]);
    let p = plan(&dir);
    let mount = dir.join("small");
    std::fs::create_dir_all(&mount).unwrap();
    let half = (whole / 2 / 4096).max(1) * 4096;
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={half}"), "tmpfs"])
        .arg(&mount)
        .status()
        .unwrap();
    assert!(ok.success(), "mount -t tmpfs failed");
    let _mounted = Tmpfs(mount.clone());
    let state = mount.join("state");
    let r = rollover("run", &p, &site, &state, &["--yes"]);
    let grow = Command::new("mount")
        .args(["-o", &format!("remount,size={}", whole * 4)])
        .arg(&mount)
        .status()
        .unwrap();
    assert!(grow.success());
    stopped_cleanly_then_resumes(
        &db,
        &p,
        &site,
        &state,
        &r,
        &format!("tmpfs of {half} bytes (a run writes {whole})"),
    );
}
