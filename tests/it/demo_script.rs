//! The README's first command, as a new user runs it: `bash scripts/demo.sh` from a copy of the
//! repository in a directory only its owner can enter, as root — the `postgres` user must never
//! need to open a file of the checkout — interrupted after initdb, then started again, then run a
//! third time to resume with nothing to do.
//!
//! Ignored in plain `cargo test`: it needs root (runuser, chown, chronyd). scripts/test.sh runs it
//! with `--ignored` as root and says it was NOT run otherwise.

use crate::support::*;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The tracked files of the repository (a fresh clone's content), without build output.
fn copy_repository(to: &Path) {
    let out = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(repo())
        .output()
        .expect("git ls-files");
    assert!(out.status.success(), "git ls-files failed");
    for name in out.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let rel = Path::new(std::str::from_utf8(name).unwrap());
        let from = repo().join(rel);
        if !from.is_file() {
            continue;
        }
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&from, &dest).unwrap();
    }
}

struct Demo {
    repo: PathBuf,
    dir: PathBuf,
    port: u16,
    ntp_port: u16,
}

impl Demo {
    fn run(&self, stop_after: Option<&str>) -> Run {
        let mut c = Command::new("bash");
        c.arg(self.repo.join("scripts/demo.sh"))
            .current_dir(&self.repo)
            .env("YEAREND_DEMO_DIR", &self.dir)
            .env("YEAREND_DEMO_PORT", self.port.to_string())
            .env("YEAREND_DEMO_NTP_PORT", self.ntp_port.to_string())
            .env("YEAREND_BIN", env!("CARGO_BIN_EXE_yearend"))
            .env_remove("YEAREND_DB_PASSWORD")
            .env_remove("YEAREND_TODAY");
        if let Some(s) = stop_after {
            c.env("YEAREND_DEMO_STOP_AFTER", s);
        }
        let out = c.output().expect("bash scripts/demo.sh");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = Command::new("runuser")
            .args([
                "-u",
                "postgres",
                "--",
                "/usr/lib/postgresql/15/bin/pg_ctl",
                "-D",
            ])
            .arg(&data)
            .args(["-m", "immediate", "stop"])
            .current_dir(&self.dir)
            .output();
        if let Ok(pid) = std::fs::read_to_string(self.dir.join("chronyd.pid")) {
            let _ = Command::new("kill").arg(pid.trim()).status();
        }
    }
}

#[test]
#[ignore = "needs root (runuser, chown, chronyd): scripts/test.sh runs it as root and says NOT run otherwise"]
fn the_demo_runs_as_root_from_a_private_checkout_and_recovers_from_an_interruption() {
    assert!(
        is_root(),
        "this test needs root: scripts/test.sh runs it only as root"
    );
    let top = scratch("demo-script");
    let private = top.join("private");
    std::fs::create_dir(&private).unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o700)).unwrap();
    let entered = Command::new("runuser")
        .args(["-u", "postgres", "--", "test", "-x"])
        .arg(&private)
        .status()
        .unwrap();
    assert!(
        !entered.success(),
        "the postgres user can enter {}: the test proves nothing",
        private.display()
    );
    let checkout = private.join("yearend");
    copy_repository(&checkout);
    let demo = Demo {
        repo: checkout,
        dir: top.join("demo"),
        port: free_port(),
        ntp_port: free_port(),
    };

    let first = demo.run(Some("initdb"));
    assert_eq!(first.code, 3, "{}", first.all());
    assert!(demo.dir.join("data/PG_VERSION").exists(), "{}", first.all());
    assert!(
        !first.all().contains("Permission denied"),
        "{}",
        first.all()
    );

    let second = demo.run(None);
    assert_eq!(second.code, 0, "{}", second.all());
    assert!(
        second.stdout.contains("building it again"),
        "{}",
        second.stdout
    );
    assert!(
        !second.all().contains("Permission denied"),
        "{}",
        second.all()
    );
    let year = chrono::Local::now()
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap();
    let state = demo.dir.join(format!("yearend-state/DEMO001/{}", year + 1));
    let report = state.join("report.html");
    assert!(
        second.stdout.contains(&report.display().to_string()),
        "{}",
        second.stdout
    );
    assert!(std::fs::read_to_string(&report)
        .unwrap()
        .contains("演示市第一人民医院"));
    assert!(demo.dir.join(format!("loaded-{year}")).exists());
    let site = std::fs::read_to_string(demo.dir.join("demo-hospital.yaml")).unwrap();
    assert!(
        site.contains(&format!("127.0.0.1:{}/", demo.port)),
        "{site}"
    );

    let third = demo.run(None);
    assert_eq!(third.code, 0, "{}", third.all());
    assert!(
        third.stdout.contains("This was a resume"),
        "{}",
        third.stdout
    );
    assert!(
        !third.stdout.contains("building it again"),
        "{}",
        third.stdout
    );
    let journal = std::fs::read_to_string(state.join("journal.jsonl")).unwrap();
    assert_eq!(
        journal.matches("\"event\":\"run_start\"").count(),
        2,
        "two runs in the journal"
    );
}

/// A busy port is named with what holds it, and nothing is created.
#[test]
#[ignore = "needs root (runuser, chown, chronyd): scripts/test.sh runs it as root and says NOT run otherwise"]
fn the_demo_names_a_busy_port() {
    assert!(
        is_root(),
        "this test needs root: scripts/test.sh runs it only as root"
    );
    let top = scratch("demo-busy");
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let demo = Demo {
        repo: repo(),
        dir: top.join("demo"),
        port: holder.local_addr().unwrap().port(),
        ntp_port: free_port(),
    };
    let r = demo.run(None);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stderr
            .contains(&format!("port {} is already in use", demo.port)),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("YEAREND_DEMO_PORT"), "{}", r.stderr);
    assert!(!demo.dir.join("data").exists());
}
