//! Dates and names a person types are checked before anything else: a `--today` outside
//! 2000–2099 (a typo's year 27 or 10000) is refused, one far from the machine's clock is said; a
//! hospital code names a directory (at most 32 of A–Z a–z 0–9 _ -); an operator's or reviewer's
//! name holds no control character that could forge a status line.

use crate::support::*;

fn site(dir: &std::path::Path, code: &str) -> std::path::PathBuf {
    site_file_coded(dir, "postgres://u@127.0.0.1:1/db", &["einvoice"], code)
}

fn plan(dir: &std::path::Path) -> std::path::PathBuf {
    write(
        dir,
        "plan.yaml",
        "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: m\n    kind: manual\n    title: 确认\n    instruction: 确认\n",
    )
}

#[test]
fn a_today_outside_the_century_is_refused_and_a_far_one_is_said() {
    let dir = scratch("today-range");
    let (site, plan) = (site(&dir, "H001"), plan(&dir));
    for today in ["9999-12-31", "0026-12-14", "1999-12-20", "2100-01-01"] {
        let r = yearend(
            &[
                "plan",
                "--plan",
                plan.to_str().unwrap(),
                "--site",
                site.to_str().unwrap(),
                "--today",
                today,
            ],
            &[],
        );
        assert_eq!(r.code, 2, "{today}: {}", r.all());
        assert!(r.stderr.contains("2099"), "{today}: {}", r.stderr);
    }
    let far = yearend(
        &[
            "validate",
            "--plan",
            plan.to_str().unwrap(),
            "--today",
            "2099-12-20",
        ],
        &[],
    );
    assert_eq!(far.code, 0, "{}", far.all());
    assert!(
        far.stderr.contains("days from this machine"),
        "{}",
        far.stderr
    );
}

#[test]
fn a_hospital_code_names_a_directory_and_is_checked_by_validate() {
    let dir = scratch("code-length");
    let plan = plan(&dir);
    let ok = site(&dir.join("ok"), &"H".repeat(32));
    let r = yearend(
        &[
            "validate",
            "--plan",
            plan.to_str().unwrap(),
            "--site",
            ok.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    for code in ["H".repeat(33), "医院一".to_string(), "a/b".to_string()] {
        let bad = site(&dir.join(code.len().to_string()), &code);
        let r = yearend(
            &[
                "validate",
                "--plan",
                plan.to_str().unwrap(),
                "--site",
                bad.to_str().unwrap(),
            ],
            &[],
        );
        assert_eq!(r.code, 2, "{code}: {}", r.all());
        assert!(
            r.stderr.contains("site.yaml:") && r.stderr.contains("32"),
            "{code}: {}",
            r.stderr
        );
    }
}

#[test]
fn an_operator_or_reviewer_with_control_characters_is_refused() {
    let dir = scratch("names");
    let (site, plan) = (site(&dir, "H001"), plan(&dir));
    for name in [
        "张工\n最近一次运行：伪造",
        "\u{1b}[2J张工",
        "  ",
        &"长".repeat(65),
    ] {
        let r = yearend(
            &[
                "run",
                "--plan",
                plan.to_str().unwrap(),
                "--site",
                site.to_str().unwrap(),
                "--today",
                "2026-12-20",
                "--operator",
                name,
            ],
            &[],
        );
        assert_eq!(r.code, 2, "{name:?}: {}", r.all());
        assert!(r.stderr.contains("--operator"), "{name:?}: {}", r.stderr);
        let r = yearend(
            &[
                "report",
                "--site",
                site.to_str().unwrap(),
                "--today",
                "2026-12-20",
                "--reviewer",
                name,
            ],
            &[],
        );
        assert_eq!(r.code, 2, "{name:?}: {}", r.all());
        assert!(r.stderr.contains("--reviewer"), "{name:?}: {}", r.stderr);
    }
}
