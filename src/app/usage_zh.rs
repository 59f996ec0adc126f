//! clap's own words in Chinese: the usage line (`[选项]`, `<命令>`), the per-option notes clap
//! appends (environment variable, possible values, default), and every command-line error —
//! rendered here from the error's kind and context, never clap's English text.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};

/// The usage line of a built command, in Chinese words.
pub fn usage(cmd: &mut Command) -> String {
    let text = cmd.render_usage().to_string();
    zh_usage(&text)
}

fn zh_usage(text: &str) -> String {
    let line = text.trim().trim_start_matches("Usage:").trim();
    line.replace("[OPTIONS]", "[选项]")
        .replace("<COMMAND>", "<命令>")
        .replace("[COMMAND]", "[命令]")
}

/// An option's help with the notes clap would append in English, said in Chinese; clap's own
/// notes hidden.
pub fn notes(a: Arg, help: Option<String>) -> Arg {
    let mut extra = Vec::new();
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && a.get_action().takes_values() {
        extra.push(format!("可选：{}", values.join("、")));
    }
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|d| d.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && a.get_action().takes_values() {
        extra.push(format!("默认 {}", defaults.join("、")));
    }
    if let Some(env) = a.get_env() {
        extra.push(format!("环境变量 {}", env.to_string_lossy()));
    }
    let a = if a.get_action().takes_values() {
        a.hide_possible_values(true).hide_default_value(true)
    } else {
        a
    };
    let a = if a.get_env().is_some() {
        a.hide_env(true)
    } else {
        a
    };
    let help = help.or_else(|| a.get_help().map(|h| h.to_string()));
    match (help, extra.is_empty()) {
        (Some(h), true) => a.help(h),
        (Some(h), false) => a.help(format!("{h}（{}）", extra.join("；"))),
        (None, false) => a.help(format!("（{}）", extra.join("；"))),
        (None, true) => a,
    }
}

/// The help template of a command: only the sections it has, each under a Chinese heading with
/// a full-width colon.
pub fn template(cmd: &Command) -> String {
    let mut t = String::from("{about-with-newline}\n用法：{usage}\n");
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        t.push_str("\n命令：\n{subcommands}\n");
    }
    if cmd.get_positionals().next().is_some() {
        t.push_str("\n参数：\n{positionals}\n");
    }
    t.push_str("\n选项：\n{options}{after-help}");
    t
}

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A command-line error in Chinese, with the usage line of the command it is about (from the
/// error, else `fallback`: the usage of the command the arguments name).
pub fn render_error(e: &clap::Error, fallback: &str) -> String {
    let mut usage_line = zh_usage(&context(e, ContextKind::Usage));
    if usage_line.is_empty() {
        usage_line = fallback.to_string();
    }
    let command: Vec<&str> = usage_line
        .split_whitespace()
        .take_while(|w| !w.starts_with(['[', '<', '-']))
        .collect();
    let command = if command.is_empty() {
        "yearend".to_string()
    } else {
        command.join(" ")
    };
    error(e, &usage_line, &command)
}

/// A command-line error in Chinese: what is wrong, the closest word when there is one, the usage
/// line and where to read more. `usage_line` is the command's usage, already in Chinese.
pub fn error(e: &clap::Error, usage_line: &str, command: &str) -> String {
    let arg = context(e, ContextKind::InvalidArg);
    let value = context(e, ContextKind::InvalidValue);
    let mut what = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的参数 '{arg}'"),
        ErrorKind::InvalidSubcommand => {
            format!(
                "没有 '{}' 这个命令",
                context(e, ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "请指定一个命令".to_string()
        }
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue);
            if value.is_empty() {
                format!("参数 {arg} 需要一个值")
            } else {
                format!("{arg} 不接受 '{value}'（可选：{valid}）")
            }
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            format!("{arg} 的值 '{value}' 不可用{}", cause(&why))
        }
        ErrorKind::ArgumentConflict => format!(
            "参数 {arg} 不能与 {} 同时使用",
            context(e, ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("参数 {arg} 的值个数不对")
        }
        ErrorKind::NoEquals => format!("参数 {arg} 的值须用 = 连接"),
        ErrorKind::InvalidUtf8 => "命令行含有无法读取的字符（非 UTF-8）".to_string(),
        _ => "命令行有误".to_string(),
    };
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .map(|k| context(e, k))
        .find(|s| !s.is_empty());
    if let Some(s) = suggested {
        what.push_str(&format!("；是否想用 '{s}'？"));
    }
    format!("错误：{what}\n\n用法：{usage_line}\n\n更多信息请运行 '{command} --help'。")
}

/// Our own value parsers explain in the process's language; clap's range checks do not: said
/// as a range.
fn cause(why: &str) -> String {
    if why.is_empty() {
        return String::new();
    }
    if let Some(i) = why.find("is not in ") {
        return format!("：须在 {} 之内", &why[i + "is not in ".len()..]);
    }
    format!("：{why}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_words_are_chinese() {
        assert_eq!(
            zh_usage("Usage: yearend run [OPTIONS] --plan <PLAN> --site <SITE>"),
            "yearend run [选项] --plan <PLAN> --site <SITE>"
        );
        assert_eq!(
            zh_usage("Usage: yearend [OPTIONS] <COMMAND>"),
            "yearend [选项] <命令>"
        );
    }

    #[test]
    fn clap_errors_are_said_in_chinese_with_the_closest_word() {
        let cmd = || {
            Command::new("yearend")
                .arg(Arg::new("plan").long("plan"))
                .arg(
                    Arg::new("format")
                        .long("format")
                        .value_parser(["md", "html"]),
                )
        };
        let e = cmd()
            .try_get_matches_from(["yearend", "--pla", "x"])
            .unwrap_err();
        let text = error(&e, "yearend [选项]", "yearend");
        assert!(
            text.starts_with("错误：不认识的参数 '--pla'；是否想用 '--plan'？"),
            "{text}"
        );
        assert!(
            !text.contains("Usage") && !text.contains("error:"),
            "{text}"
        );
        let e = cmd()
            .try_get_matches_from(["yearend", "--format", "pdf"])
            .unwrap_err();
        let text = error(&e, "yearend [选项]", "yearend");
        assert!(
            text.contains("--format <format> 不接受 'pdf'（可选：md、html）"),
            "{text}"
        );
    }
}
