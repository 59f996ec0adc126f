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
