//! One way to ask a person: the manual step's confirmation and the DDL approval behave alike
//! under a real pseudo-terminal (是/yes/y confirm, 否/no/n decline, anything else asks again;
//! Enter at the manual prompt means "not now" and says so), and the journal keeps who answered
//! what. The house rule behind it: nothing but `platform::ask` reads the terminal.

use crate::support::*;
use std::path::{Path, PathBuf};

struct Hospital {
    site: PathBuf,
    state: PathBuf,
    plan: PathBuf,
}

fn hospital(name: &str) -> Hospital {
    let pg = pg();
    let db = pg.fresh_db(name);
    pg.load(&db, &repo().join("sql/demo/postgres/schema.sql"), 2026);
    let dir = scratch(name);
    let site = site_file(&dir, &pg.url(&db), &["einvoice"]);
    let timetable = "  bill-carry-over: \"12-31\"\n  recycled-bill-preissue: \"12-25\"\n";
    let plan = check_and_manual_plan(&dir, "提示测试", timetable);
    Hospital {
        site,
        state: dir.join("state"),
        plan,
    }
}

fn run_args<'a>(h: &'a Hospital, extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "run",
        "--plan",
        h.plan.to_str().unwrap(),
        "--site",
        h.site.to_str().unwrap(),
        "--today",
        "2026-12-20",
        "--state-dir",
        h.state.to_str().unwrap(),
    ];
    v.extend_from_slice(extra);
    v
}

fn journal(state: &Path) -> String {
    std::fs::read_to_string(state.join("journal.jsonl")).unwrap_or_default()
}

#[test]
fn a_chinese_yes_confirms_a_manual_step_and_maybe_asks_again() {
    let h = hospital("prompt_yes");
    let (code, out) = on_a_terminal(
        &run_args(&h, &["--operator", "张工"]),
        "maybe\n是\n是的",
        "zh-CN",
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("直接回车：暂不确认"),
        "the prompt says what Enter means: {out}"
    );
    assert!(
        out.contains("请回答 是/yes/y 或 否/no/n"),
        "asked again after `maybe`: {out}"
    );
    let j = journal(&h.state);
    assert_eq!(
        j.matches("\"event\":\"manual_confirmed\"").count(),
        2,
        "{j}"
    );
    assert_eq!(j.matches("\"via\":\"prompt\"").count(), 2, "{j}");
    assert_eq!(
        j.matches("\"event\":\"answered\",\"step\":\"bill-carry-over\",\"question\":\"confirm_manual\",\"answer\":\"yes\",\"operator\":\"张工\"")
            .count(),
        1,
        "{j}"
    );
}

#[test]
fn enter_at_the_manual_prompt_leaves_it_unconfirmed_and_says_so() {
    let h = hospital("prompt_enter");
    let (code, out) = on_a_terminal(&run_args(&h, &["--operator", "张工"]), "\n\n", "zh-CN");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("暂不确认：此步骤保持“待确认”"), "{out}");
    let j = journal(&h.state);
    assert_eq!(
        j.matches("\"event\":\"manual_confirmed\"").count(),
        0,
        "{j}"
    );
    assert_eq!(j.matches("\"answer\":\"not_now\"").count(), 2, "{j}");
}

#[test]
fn without_an_operator_the_prompt_asks_for_a_name_and_a_chinese_no_declines() {
    let h = hospital("prompt_name");
    // No --operator: the run asks who runs it first, then the manual steps take that name.
    let (code, out) = on_a_terminal(&run_args(&h, &[]), "李工\ny\n否", "zh-CN");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("执行人姓名"), "{out}");
    assert!(out.contains("操作人回答“否”"), "{out}");
    let j = journal(&h.state);
    assert!(
        j.contains(
            "\"event\":\"manual_confirmed\",\"step\":\"bill-carry-over\",\"operator\":\"李工\""
        ),
        "{j}"
    );
    assert!(
        j.contains("\"question\":\"confirm_manual\",\"answer\":\"no\""),
        "{j}"
    );
}

/// Steps and the run stage never read the terminal: only `platform::ask` reads standard input,
/// and only it and the output module (whether stderr shows a progress bar) ask `is_terminal`.
#[test]
fn only_the_ask_module_reads_the_terminal() {
    let files = rust_files(&repo().join("src"));
    let mut found = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(repo())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(f).unwrap();
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let ask = rel == "src/platform/ask.rs";
        for word in [
            "stdin()",
            "read_line",
            "rpassword",
            "read_password",
            "prompt_password",
        ] {
            if code.contains(word) && !ask {
                found.push(format!("{rel}: {word}"));
            }
        }
        if code.contains("is_terminal") && !ask && rel != "src/platform/output.rs" {
            found.push(format!("{rel}: is_terminal"));
        }
        let stage = rel.starts_with("src/steps/") || rel.starts_with("src/run/");
        if stage && code.contains("platform::ask") {
            found.push(format!(
                "{rel}: names platform::ask (ask through Ctx::asker)"
            ));
        }
    }
    assert!(
        found.is_empty(),
        "the terminal read outside platform::ask:\n{}",
        found.join("\n")
    );
}

/// Ctrl-C at a prompt is the operator cancelling: recorded as such (nothing of the step sent),
/// not as a crash; the run ends with 130 and its end is in the journal.
#[test]
fn ctrl_c_at_a_prompt_is_recorded_as_the_operator_cancelling() {
    let h = hospital("prompt_cancel");
    let (code, out) = on_a_terminal(&run_args(&h, &["--operator", "张工"]), "\u{3}", "zh-CN");
    assert_eq!(code, 130, "{out}");
    let j = journal(&h.state);
    assert!(j.contains("\"id\":\"step-cancelled-at-prompt\""), "{j}");
    assert!(j.contains("\"event\":\"run_end\""), "{j}");
    assert_eq!(
        j.matches("\"event\":\"manual_confirmed\"").count(),
        0,
        "{j}"
    );
}

/// A prompt nobody answers ends the run after the site's prompt_timeout, recorded as 无人应答.
#[test]
fn a_prompt_nobody_answers_ends_the_run() {
    let h = hospital("prompt_timeout");
    let site = std::fs::read_to_string(&h.site).unwrap() + "prompt_timeout: 2s\n";
    std::fs::write(&h.site, site).unwrap();
    let (code, out) = on_a_terminal(&run_args(&h, &["--operator", "张工"]), "", "zh-CN");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("无人应答"), "{out}");
    let j = journal(&h.state);
    assert!(j.contains("\"id\":\"step-unanswered\""), "{j}");
    assert!(j.contains("\"event\":\"run_end\""), "{j}");
}

/// A password mistyped at the prompt is asked again (three tries), not the end of the command.
#[test]
fn a_mistyped_password_is_asked_again() {
    let h = hospital("prompt_pw");
    let input = format!("wrong-password\n{PASSWORD}\n是\n是");
    let (code, out) =
        on_a_terminal_typing_the_password(&run_args(&h, &["--operator", "张工"]), &input, "zh-CN");
    assert!(
        out.contains("服务器拒绝了该密码（第 1 次，共 3 次）"),
        "{out}"
    );
    assert_eq!(code, 0, "{out}");
}
