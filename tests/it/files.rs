//! Files that fight back: every path a person names or the tool reads back goes through one
//! reader (no link followed, no blocking open, a regular file only, a cap). `/dev/zero` does not
//! grow the tool, a FIFO does not hang it, a credentials file given as a plan is refused without
//! one byte of it printed, a query file past 64 KiB is said to be one.

use crate::support::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const SECRET_LINE: &str = "db.example:5432:einvoice:yearend:S3cr3t-never-print";

fn fifo(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo(3) on a path of the test's own scratch directory.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    p
}

fn quick(args: &[&str]) -> Run {
    let started = Instant::now();
    let r = yearend(args, &[]);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{args:?} took {:?}",
        started.elapsed()
    );
    r
}

#[test]
fn devices_fifos_directories_links_and_secrets_are_refused_quoting_nothing() {
    let dir = scratch("files");
    let good_site = site_file(&dir, "postgres://u@127.0.0.1:1/db", &["einvoice"]);
    let good_plan = write(&dir, "plan.yaml", "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: m\n    kind: manual\n    title: 确认\n    instruction: 确认\n");
    let pgpass = write(&dir, "pgpass", &format!("{SECRET_LINE}\n"));
    let link = dir.join("plan-link.yaml");
    std::os::unix::fs::symlink(&good_plan, &link).unwrap();
    let pipe = fifo(&dir, "plan.fifo");
    for (bad, says) in [
        (PathBuf::from("/dev/zero"), "device"),
        (pipe.clone(), "FIFO"),
        (dir.clone(), "directory"),
        (link.clone(), "symbolic link"),
        (pgpass.clone(), "pgpass"),
    ] {
        let p = quick(&[
            "validate",
            "--plan",
            bad.to_str().unwrap(),
            "--site",
            good_site.to_str().unwrap(),
        ]);
        assert_eq!(p.code, 2, "{bad:?}: {}", p.all());
        assert!(p.stderr.contains(says), "{bad:?}: {}", p.stderr);
        assert!(
            !p.all().contains("S3cr3t"),
            "{bad:?} printed the secret: {}",
            p.all()
        );
        let s = quick(&[
            "validate",
            "--plan",
            good_plan.to_str().unwrap(),
            "--site",
            bad.to_str().unwrap(),
        ]);
        assert_eq!(s.code, 2, "{bad:?}: {}", s.all());
        assert!(
            !s.all().contains("S3cr3t"),
            "{bad:?} printed the secret: {}",
            s.all()
        );
    }
    // extends: pointing at a device, and a snapshot that is a FIFO.
    let child = write(&dir, "child.yaml", "extends: /dev/zero\nname: c\n");
    let r = quick(&["validate", "--plan", child.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.all());
    let snap_pipe = fifo(&dir, "snap.fifo");
    let r = quick(&[
        "plan",
        "--plan",
        good_plan.to_str().unwrap(),
        "--site",
        good_site.to_str().unwrap(),
        "--snapshot",
        snap_pipe.to_str().unwrap(),
        "--today",
        "2026-12-20",
    ]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("FIFO"), "{}", r.stderr);
}

#[test]
fn a_query_file_past_64_kib_is_refused_saying_so() {
    let dir = scratch("bigquery");
    write(
        &dir,
        "q.sql",
        &format!("SELECT 1 AS n{}\n", " ".repeat(64 << 10)),
    );
    let plan = write(&dir, "plan.yaml", "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: q\n    kind: check\n    query: q.sql\n    expect: {rows: 1}\n");
    let r = quick(&["validate", "--plan", plan.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("64 KiB"), "{}", r.stderr);
}

/// One reader: no other module opens a path with `fs::read`, `fs::read_to_string` or `File::open`
/// (test code aside).
#[test]
fn every_file_is_read_through_the_one_reader() {
    let files = rust_files(&repo().join("src"));
    let mut found = Vec::new();
    for f in files {
        let rel = f
            .strip_prefix(repo())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel == "src/platform/files.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            // A handle opened safely elsewhere and read with a cap is fine.
            if line.trim_start().starts_with("//") || line.contains(".take(") {
                continue;
            }
            for word in [
                "fs::read(",
                "fs::read_to_string(",
                "File::open(",
                "file.read_to_string(",
            ] {
                if line.contains(word) {
                    found.push(format!("{rel}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "read outside platform::files:\n{}",
        found.join("\n")
    );
}
