//! Every command the tool advises exists: each `yearend <subcommand> …` written in the catalogues,
//! README, templates, scripts, docs and code names a real subcommand, and its flags are that
//! subcommand's (or global). "then `yearend resume`" once advised a command that never existed.

use crate::support::repo;
use clap::CommandFactory;
use std::path::{Path, PathBuf};

/// One command as written somewhere, with where.
#[derive(Debug)]
struct Advice {
    place: String,
    sub: String,
    words: Vec<String>,
}

fn files() -> Vec<PathBuf> {
    let root = repo();
    let mut out = vec![root.join("README.md")];
    for dir in [
        "i18n",
        "templates",
        "scripts",
        "docs",
        "packaging",
        "plans",
        "src",
        "bench",
    ] {
        walk(&root.join(dir), &mut out);
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if matches!(
            p.extension().and_then(|x| x.to_str()),
            Some("md" | "ftl" | "j2" | "sh" | "rs" | "yaml" | "txt")
        ) {
            out.push(p);
        }
    }
}

/// Where a command ends in running text: a closing backtick, quote, bracket or CJK punctuation.
fn command_text(rest: &str) -> &str {
    let end = rest
        .find([
            '`', '"', '\'', '）', '，', '。', '；', '：', '、', '(', ')', '|', ';', '#', '<', '>',
        ])
        .unwrap_or(rest.len());
    &rest[..end]
}

/// `yearend WORD` is a command (not prose such as "yearend never …") when it stands in code: after
/// a backtick, at the start of a shell line, followed by a flag, or anywhere in the zh-CN catalogue.
fn is_command(line: &str, at: usize, rest: &str, path: &Path, in_code_block: bool) -> bool {
    let before = line[..at].trim_end_matches("$YEAREND");
    let zh = path.file_name().is_some_and(|n| n == "zh-CN.ftl");
    zh || before.ends_with('`')
        || (in_code_block && before.trim().is_empty())
        || rest.trim_start().starts_with("--")
        || rest
            .split_whitespace()
            .nth(1)
            .is_some_and(|w| w.starts_with("--"))
}

fn advice() -> Vec<Advice> {
    let mut out = Vec::new();
    for path in files() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let shell = path.extension().is_some_and(|x| x == "sh");
        let mut in_block = shell;
        for (n, line) in text.lines().enumerate() {
            if !shell && line.trim_start().starts_with("```") {
                in_block = !in_block;
                continue;
            }
            let mut from = 0;
            while let Some(i) = line[from..].find("yearend ") {
                let at = from + i;
                from = at + "yearend ".len();
                let prev = line[..at].chars().next_back();
                if prev.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '/') {
                    continue;
                }
                let rest = &line[from..];
                let len = rest
                    .find(|c: char| !(c.is_ascii_lowercase() || c == '-'))
                    .unwrap_or(rest.len());
                let sub = &rest[..len];
                if sub.is_empty()
                    || rest[len..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                {
                    continue;
                }
                if !is_command(line, at, rest, &path, in_block) {
                    continue;
                }
                let words = command_text(rest)
                    .split_whitespace()
                    .skip(1)
                    .map(str::to_string)
                    .collect();
                out.push(Advice {
                    place: format!(
                        "{}:{}",
                        path.strip_prefix(repo()).unwrap_or(&path).display(),
                        n + 1
                    ),
                    sub: sub.to_string(),
                    words,
                });
            }
        }
    }
    out
}

fn longs(cmd: &clap::Command) -> Vec<String> {
    cmd.get_arguments()
        .flat_map(|a| {
            let mut v: Vec<String> = a.get_long().into_iter().map(str::to_string).collect();
            v.extend(
                a.get_all_aliases()
                    .unwrap_or_default()
                    .into_iter()
                    .map(str::to_string),
            );
            v
        })
        .chain(["help".to_string(), "version".to_string()])
        .collect()
}

fn problem(root: &clap::Command, a: &Advice) -> Option<String> {
    if a.sub == "help" {
        let target = a.words.first()?;
        return (root.find_subcommand(target).is_none())
            .then(|| format!("`yearend help {target}`: no subcommand {target}"));
    }
    let Some(cmd) = root.find_subcommand(&a.sub) else {
        return Some(format!("`yearend {}`: no such subcommand", a.sub));
    };
    let mut known = longs(cmd);
    known.extend(longs(root));
    for w in &a.words {
        let Some(flag) = w.strip_prefix("--") else {
            continue;
        };
        let flag = flag.split('=').next().unwrap_or(flag);
        let flag = flag.trim_end_matches(['.', ',', '…']);
        if flag.is_empty() || !flag.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            continue;
        }
        if !known.iter().any(|k| k == flag) {
            return Some(format!("`yearend {}` has no flag --{flag}", a.sub));
        }
    }
    None
}

#[test]
fn every_command_the_tool_advises_exists_with_its_flags() {
    let root = yearend::app::cli::Cli::command();
    let all = advice();
    assert!(
        all.len() > 50,
        "too few commands found ({}): is the scan broken?",
        all.len()
    );
    let bad: Vec<String> = all
        .iter()
        .filter_map(|a| problem(&root, a).map(|p| format!("{}: {p}", a.place)))
        .collect();
    assert!(
        bad.is_empty(),
        "advice naming what does not exist:\n{}",
        bad.join("\n")
    );
}

/// The scan is not blind: an advised command that does not exist is caught.
#[test]
fn the_advice_scan_catches_a_command_that_does_not_exist() {
    let root = yearend::app::cli::Cli::command();
    for (sub, words) in [("resume", vec![]), ("run", vec!["--resume".to_string()])] {
        let a = Advice {
            place: "x".into(),
            sub: sub.into(),
            words,
        };
        assert!(problem(&root, &a).is_some(), "{a:?}");
    }
}

/// A clone has nothing beside it: only `support::shared_dir` may name the shared folder, and what
/// uses it is `#[ignore]`d (scripts/test.sh runs it when present and says NOT run when absent).
#[test]
fn no_test_names_the_shared_folder_but_support() {
    let needle = concat!("..", "/shared");
    let mut files = Vec::new();
    walk(&repo().join("tests"), &mut files);
    let named: Vec<String> = files
        .iter()
        .filter(|p| !p.ends_with("tests/it/support.rs"))
        .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains(needle)))
        .map(|p| p.display().to_string())
        .collect();
    assert!(named.is_empty(), "these files name {needle}: {named:?}");
}
