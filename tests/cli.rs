//! Shell completions and the man page come from the command-line definition itself.

mod support;

use support::yearend;

#[test]
fn completions_and_man_page_cover_every_command() {
    let bash = yearend(&["completions", "bash"], &[]);
    assert_eq!(bash.code, 0, "{}", bash.all());
    let man = yearend(&["man"], &[]);
    assert_eq!(man.code, 0, "{}", man.all());
    assert!(man.stdout.contains(".TH yearend 1"), "{}", man.stdout);
    for cmd in [
        "validate", "plan", "run", "status", "report", "clock", "snapshot", "fleet",
    ] {
        assert!(bash.stdout.contains(cmd), "completions lack {cmd}");
        assert!(man.stdout.contains(cmd), "man page lacks {cmd}");
    }
    let bad = yearend(&["completions", "cmd.exe"], &[]);
    assert_eq!(bad.code, 2);
}
