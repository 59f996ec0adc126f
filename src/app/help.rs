//! `--help` in the reader's language: the command line is defined once (`cli.rs`, English doc
//! comments, which `man` and the completions use); for zh-CN, the default, every text a person
//! reads in `--help` is replaced from the table below — the about lines, each option's help, the
//! options English leaves bare (`--plan`), the headings and the built-in flags.

use crate::app::cli::Cli;
use clap::{Arg, ArgAction, Command, CommandFactory};

/// English help text → zh-CN.
const TEXTS: &[(&str, &str)] = &[
    ("Year-end rollover (年结) of hospital medical e-invoice databases", "医疗电子票据数据库年结工具"),
    ("Fix \"today\" for deadlines (rehearsals, tests).", "指定“今天”的日期，用于期限判断（演练、测试）。"),
    ("Language of what a person reads: zh-CN (default, whatever LANG says) or en.", "输出语言：zh-CN（默认，不受 LANG 影响）或 en。"),
    ("Every statement on a line of its own (plan) and each statement's outcome (run); without it, one line per table.", "逐条列出每条语句（plan）及每条语句的结果（run）；不加时每张表一行。"),
    ("The year being opened (2027 for the December 2026 rollover); default: next year in December, the year just opened in January, else it must be given.", "要开启的年度（2026 年 12 月年结即 2027）；12 月默认次年，1 月默认刚开始的年度，其他月份必须指定。"),
    ("State directory; default yearend-state/<site code>/<year>/ beside the site file (or the site's state_dir:).", "状态目录；默认在站点文件旁的 yearend-state/<医院编码>/<年度>/（或站点文件的 state_dir:）。"),
    ("Lint a plan (and a site): file:line:column errors.", "检查方案文件（及站点文件）：错误给出 文件:行:列。"),
    ("Print the plan as it resolves (after extends, with the timetable) as YAML.", "把方案按解析后的样子（extends 已展开，含时间表）以 YAML 打印出来。"),
    ("Draft a site file from the database's catalog (read-only) or a snapshot, for the engineer to complete.", "从数据库目录（只读）或快照起草站点文件，由工程师补全。"),
    ("The database to read (no password in it: YEAREND_DB_PASSWORD or a prompt).", "要读取的数据库（URL 中不含密码：用 YEAREND_DB_PASSWORD 或提示输入）。"),
    ("Read a snapshot (`yearend snapshot`) instead of a database.", "读取快照（`yearend snapshot`）而不连接数据库。"),
    ("The site file to write (never overwritten).", "要写出的站点文件（已存在时不覆盖）。"),
    ("Compare two plans as they resolve: steps added, removed and changed, due dates, query files by content.", "比较两个方案（均按解析后的样子）：新增、删除和变化的步骤，到期日，查询文件按内容比较。"),
    ("The plan compared from.", "比较的起点方案。"),
    ("The plan compared to.", "比较的目标方案。"),
    ("Dry-run: reads only, prints every check and exact statement.", "演练：只读，列出每项检查和将要执行的每条语句。"),
    ("Plan offline from a snapshot instead of a live database.", "用快照离线生成方案，不连接数据库。"),
    ("Save the statements with a fingerprint, for `run --saved`.", "保存语句及数据库指纹，供 `run --saved` 使用。"),
    ("Execute the plan; resumes if a journal exists.", "执行方案；已有日志时从中断处继续。"),
    ("Run only what a saved plan (from `plan --out`) holds, if the database still matches it.", "只执行已保存方案（`plan --out`）中的语句，且数据库须仍与之相符。"),
    ("Do not ask before executing statements.", "执行语句前不再询问。"),
    ("Who runs it (journaled; needed to confirm manual steps).", "执行人（记入日志；确认人工步骤时需要）。"),
    ("Confirm a manual step as done, or what a step waits for (repeatable).", "确认某个人工步骤已完成，或确认步骤等待确认的事项（可重复）。"),
    ("Accept a plan that changed since the journal's run started (journaled).", "接受自上次运行以来已修改的方案（记入日志）。"),
    ("Extend only this table now (repeatable): the plan's tablespaces and partitions steps, scoped to it, through the same guard, journal and verification; nothing else runs.", "只为这张表补建分区（可重复）：仅运行方案的表空间和分区步骤，范围限于该表，同样经过安全检查、日志和校验；其他步骤不运行。"),
    ("Re-check everything the plan checks, reading only (the evening of 12-31, the morning of 01-01): anything still to do is a finding; the verdict is kept for status and fleet.", "只读复核方案的全部检查（12 月 31 日晚、1 月 1 日早）：仍需处理的事项列为问题；结论保存，供 status 和 fleet 显示。"),
    ("Progress from the journal.", "根据日志显示进度。"),
    ("The journal's head hash as pasted in the 工单 (at least its first 12 characters): the journal must end exactly there.", "工单中记录的日志末尾哈希（至少前 12 位）：日志必须恰好结束于此。"),
    ("Also compare the journal with the database now: every partition and tablespace a done statement created must still exist.", "同时将日志与数据库现状比对：日志记为已执行的语句所创建的每个分区和表空间都必须仍然存在。"),
    ("Evidence for the ticket (zh-CN).", "生成工单所需的证据报告。"),
    ("Who reviewed the rollover (the tech center or 信息科): printed in the report's signature block.", "审核人（技术中心或信息科）：写入报告的签字栏。"),
    ("Write the evidence bundle for the 工单: report.html, report.md, the journal, the plan and SHA256SUMS in one .tar.gz.", "生成工单证据包：report.html、report.md、日志、方案和 SHA256SUMS，打包为一个 .tar.gz。"),
    ("Check an evidence bundle: every file against SHA256SUMS, the journal's hash chain, and the head hash pasted in the 工单.", "校验证据包：每个文件对照 SHA256SUMS，日志哈希链，以及工单中记录的末尾哈希。"),
    ("The journal's head hash as pasted in the 工单 (at least its first 12 characters).", "工单中记录的日志末尾哈希（至少前 12 位）。"),
    ("The clock step alone.", "只运行时间检查。"),
    ("Is this machine ready? glibc, Oracle client, NLS_LANG, state directory, hosts reachable.", "检查本机是否就绪：glibc、Oracle 客户端、NLS_LANG、状态目录、主机连通性。"),
    ("Read-only catalog export.", "只读导出数据库目录（快照），供技术中心离线审核。"),
    ("Shell completions for bash, zsh, fish, … (printed to stdout).", "生成 bash、zsh、fish 等的命令补全（输出到标准输出）。"),
    ("The man page, generated from this command-line definition (printed to stdout).", "生成 man 手册页（输出到标准输出）。"),
    ("Many hospitals' state directories: done / late / failing.", "汇总多家医院的年结状态：已完成 / 逾期 / 失败。"),
    ("Directories holding state directories and/or evidence bundles.", "存放状态目录和/或证据包的目录。"),
    ("A YAML list of {site, plan}: every hospital in it is shown, received or not.", "医院名单（YAML，{site, plan} 列表）：名单中每家医院都会显示，无论是否已收到结果。"),
    ("Order: state (the ones that need attention first, the default), code, due or age.", "排序：state（需要处理的在前，默认）、code、due 或 age。"),
    ("Also write the table as one self-contained HTML file.", "同时把汇总表写成一个独立的 HTML 文件。"),
];

/// Options English leaves without help, by their id.
const BARE: &[(&str, &str)] = &[
    ("plan", "方案文件（plan.yaml，技术中心编写）"),
    ("site", "站点文件（site.yaml，每家医院一个）"),
    ("json", "以 JSON 输出"),
    ("out", "输出文件"),
    ("format", "报告格式：md 或 html"),
    ("bundle", "证据包文件（.tar.gz）"),
    ("shell", "shell 类型"),
];

/// The zh-CN text for an English one (clap drops a doc comment's final period; so does this).
fn zh_for(english: &str) -> Option<&'static str> {
    let flat = english.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat = flat.trim_end_matches('.');
    TEXTS
        .iter()
        .find(|(en, _)| en.trim_end_matches('.') == flat)
        .map(|(_, zh)| *zh)
}

fn localize_arg(a: Arg) -> Arg {
    let id = a.get_id().as_str().to_string();
    let text = match a.get_help().map(|h| h.to_string()) {
        Some(en) => zh_for(&en).map(|t| t.trim_end_matches('。').to_string()),
        None => BARE
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, zh)| zh.to_string()),
    };
    let a = super::usage_zh::notes(a, text);
    if a.is_positional() {
        a.help_heading("参数")
    } else {
        a.help_heading("选项")
    }
}

fn localize(cmd: Command, root: bool, usages: &[(String, String)]) -> Command {
    let about = cmd
        .get_about()
        .map(|a| a.to_string())
        .and_then(|a| zh_for(&a));
    let mut cmd = cmd.disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("显示帮助")
            .global(root),
    );
    if root {
        cmd = cmd
            .disable_version_flag(true)
            .arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help("显示版本"),
            )
            .disable_help_subcommand(true);
    }
    if let Some(about) = about {
        cmd = cmd.about(about);
    }
    if let Some((_, u)) = usages.iter().find(|(n, _)| n == cmd.get_name()) {
        cmd = cmd.override_usage(u.clone());
    }
    let template = super::usage_zh::template(&cmd);
    cmd.mut_args(localize_arg)
        .subcommand_help_heading("命令")
        .help_template(template)
        .mut_subcommands(|sc| localize(sc, false, usages))
}

/// The usage line of the command `args` name (the root's when they name none), in Chinese.
pub fn usage_for(args: &[String]) -> String {
    let all = usages();
    let named = args
        .iter()
        .skip(1)
        .find_map(|a| all.iter().skip(1).find(|(n, _)| n == a));
    named
        .or(all.first())
        .map(|(_, u)| u.clone())
        .unwrap_or_default()
}

/// Each command's usage line as clap builds it, in Chinese words, by command name.
fn usages() -> Vec<(String, String)> {
    let mut probe = Cli::command();
    probe.build();
    let mut out = vec![(
        probe.get_name().to_string(),
        super::usage_zh::usage(&mut probe),
    )];
    for sc in probe.get_subcommands_mut() {
        out.push((sc.get_name().to_string(), super::usage_zh::usage(sc)));
    }
    out
}

/// The language the command line asks for, read before clap parses it (so `--help` is in it).
pub fn wants_zh(args: &[String]) -> bool {
    let mut value = std::env::var("YEAREND_LANG").ok();
    for (i, a) in args.iter().enumerate() {
        if let Some(v) = a.strip_prefix("--lang=") {
            value = Some(v.to_string());
        } else if a == "--lang" {
            value = args.get(i + 1).cloned();
        }
    }
    !matches!(
        value.as_deref().map(crate::i18n::Lang::parse),
        Some(Ok(crate::i18n::Lang::En))
    )
}

/// The command line as clap reads it, in the language asked for.
pub fn command(args: &[String]) -> Command {
    let cmd = Cli::command();
    if wants_zh(args) {
        localize(cmd, true, &usages())
    } else {
        cmd
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every help text of every subcommand and option has its zh-CN line: a new option without a
    /// translation fails here, not in front of an engineer.
    #[test]
    fn every_help_text_is_translated() {
        fn walk(cmd: &Command, missing: &mut Vec<String>) {
            if let Some(about) = cmd.get_about() {
                if zh_for(&about.to_string()).is_none() {
                    missing.push(about.to_string());
                }
            }
            for a in cmd.get_arguments() {
                let ok = match a.get_help() {
                    Some(h) => zh_for(&h.to_string()).is_some(),
                    None => BARE.iter().any(|(i, _)| *i == a.get_id().as_str()),
                };
                if !ok && !["help", "version"].contains(&a.get_id().as_str()) {
                    missing.push(format!("{} --{}", cmd.get_name(), a.get_id()));
                }
            }
            for sc in cmd.get_subcommands() {
                walk(sc, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), &mut missing);
        assert!(missing.is_empty(), "no zh-CN help for: {missing:#?}");
    }
}
