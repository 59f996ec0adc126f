//! Shell completions and the man page come from the command-line definition itself.

use crate::support::Yearend;

#[test]
fn completions_and_man_page_cover_every_command() {
    let bash = Yearend::new().args(&["completions", "bash"]).run();
    assert_eq!(bash.code, 0, "{}", bash.all());
    let man = Yearend::new().args(&["man"]).run();
    assert_eq!(man.code, 0, "{}", man.all());
    assert!(man.stdout.contains(".TH yearend 1"), "{}", man.stdout);
    for cmd in [
        "validate", "plan", "run", "status", "report", "clock", "snapshot", "fleet",
    ] {
        assert!(bash.stdout.contains(cmd), "completions lack {cmd}");
        assert!(man.stdout.contains(cmd), "man page lacks {cmd}");
    }
    let bad = Yearend::new().args(&["completions", "cmd.exe"]).run();
    assert_eq!(bad.code, 2);
}

/// The man page and the completions speak the reader's language like --help, and a reader that
/// stops early (`| head`) ends them quietly — never a panic.
#[test]
fn man_and_completions_in_chinese_and_quiet_on_a_closed_pipe() {
    let man = Yearend::new().default_language().args(&["man"]).run();
    assert_eq!(man.code, 0, "{}", man.all());
    assert!(
        man.stdout.contains("医疗电子票据数据库年结工具"),
        "{}",
        man.stdout
    );
    let en = Yearend::new().args(&["--lang", "en", "man"]).run();
    assert!(!en.stdout.contains("医疗电子票据数据库年结工具"));
    for what in [&["completions", "bash"][..], &["man"][..]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_yearend"))
            .args(what)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before the child writes: its write meets a closed pipe.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{what:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{what:?}: {err}");
    }
}
