//! The offline release bundle (scripts/release.sh), as a newcomer would use it: unpacked in a
//! clean directory with no source tree, its binary's glibc floor read from the symbol versions,
//! the demo hospital's rollover run with the bundle's own plans and queries, and `doctor`.
//! Run by scripts/test.sh after it builds the bundle (YEAREND_RELEASE_BUNDLE names it).

use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bundle() -> PathBuf {
    let path = std::env::var("YEAREND_RELEASE_BUNDLE").expect(
        "YEAREND_RELEASE_BUNDLE is not set: build the bundle with bash scripts/release.sh and point it at dist/yearend-*.tar.gz",
    );
    PathBuf::from(path)
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(dir.join("yearend"))
        .args(args)
        .current_dir(dir)
        .env_remove("YEAREND_LANG")
        .env("YEAREND_DB_PASSWORD", PASSWORD)
        .env("YEAREND_TODAY", "2026-12-20")
        .output()
        .expect("the bundled binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
#[ignore = "needs the release bundle: bash scripts/release.sh, then YEAREND_RELEASE_BUNDLE=dist/yearend-….tar.gz (scripts/test.sh does both)"]
fn the_bundle_runs_the_demo_rollover_from_a_clean_directory() {
    let clean = scratch("release");
    let unpack = Command::new("tar")
        .args([
            "xzf",
            bundle().to_str().unwrap(),
            "-C",
            clean.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(unpack.success());
    let dir = std::fs::read_dir(&clean)
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    let sums = Command::new("sha256sum")
        .args(["-c", "--quiet", "SHA256SUMS"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        sums.status.success(),
        "{}",
        String::from_utf8_lossy(&sums.stdout)
    );
    assert!(
        !dir.join("Cargo.toml").exists() && !dir.join("src").exists(),
        "no source tree in the bundle"
    );

    let symbols = Command::new("objdump")
        .args(["-T", dir.join("yearend").to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&symbols.stdout);
    let highest = text
        .split("GLIBC_")
        .skip(1)
        .filter_map(|v| {
            let v: String = v
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
            Some((parts.next()?, parts.next().unwrap_or(0)))
        })
        .max()
        .unwrap();
    assert!(
        highest <= (2, 17),
        "the binary needs glibc {}.{}",
        highest.0,
        highest.1
    );

    let _tablespaces = creating_tablespaces();
    let pg = pg();
    let db = pg.fresh_db("release");
    pg.load(&db, &repo().join("sql/demo/postgres/schema.sql"), 2026);
    let base = pg.server_tree("release-ts", &["einv_data_2026", "einv_data_2027"]);
    pg.sql(
        &db,
        &format!(
            "CREATE TABLESPACE einv_data_2026 LOCATION '{}'",
            base.join("einv_data_2026").display()
        ),
    );
    let site = site_file(&dir, &pg.url(&db), &["einvoice"]);
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(
        &site,
        format!("{text}ntp: [\"127.0.0.1:{}\"]\n", chrony().port),
    )
    .unwrap();
    let site = site.to_str().unwrap();
    let plan = "plans/example-old-year-usable.yaml";
    let v = run_in(&dir, &["validate", "--plan", plan, "--site", site]);
    assert_eq!(v.code, 0, "{}", v.all());
    let p = run_in(&dir, &["plan", "--plan", plan, "--site", site]);
    assert_eq!(p.code, 0, "{}", p.all());
    let r = run_in(
        &dir,
        &[
            "run",
            "--plan",
            plan,
            "--site",
            site,
            "--yes",
            "--operator",
            "张工",
            "--confirm",
            "bill-carry-over",
            "--confirm",
            "recycled-bill-preissue",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains("共 10 步：通过 8，已执行 2；退出码 0"),
        "{}",
        r.stdout
    );
    let report = run_in(&dir, &["report", "--site", site, "--out", "report.html"]);
    assert_eq!(report.code, 0, "{}", report.all());
    assert!(dir.join("report.html").exists());

    let doctor = run_in(
        &dir,
        &[
            "doctor",
            "--site",
            "plans/sites/example-oracle-hospital.yaml",
        ],
    );
    assert_eq!(doctor.code, 1, "{}", doctor.all());
    assert!(
        doctor
            .stdout
            .contains("[需处理] 未找到 Oracle 客户端（Instant Client"),
        "{}",
        doctor.stdout
    );
}
