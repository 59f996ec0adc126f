//! Stage 1, plan: the site and plan files as typed models. May use db (URLs, dialects), guard (plan
//! queries checked at load), sql, model and platform; never run, record, evidence or app.
//!
//! Site and plan files: typed models, file:line:column errors.

pub mod plan;
pub mod site;
pub mod step_config;
pub mod step_spec;
pub mod suggest;
pub mod types;
pub mod yamlloc;

use crate::msg;
use crate::platform::{error, files};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use yamlloc::KeyIndex;

/// A YAML file as read, kept for locating errors found after parsing.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    pub index: KeyIndex,
}

impl SourceFile {
    /// Read a plan or site file; `what` names it in messages (`noun-plan-file`, `noun-site-file`).
    pub fn read(path: &Path, what: crate::i18n::Msg) -> anyhow::Result<SourceFile> {
        let bytes = files::read(path, files::PLAN).map_err(|e| match e {
            files::ReadError::TooBig(_) => error::input(
                msg!(
                    "err-file-too-big",
                    path = path.display().to_string(),
                    what = what.clone(),
                    size = files::PLAN
                )
                .render(),
            ),
            other => error::input(
                msg!(
                    "err-file-unreadable",
                    path = path.display().to_string(),
                    what = what.clone(),
                    reason = other.reason()
                )
                .render(),
            ),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| not_utf8(path, what, &e))?;
        screen_text(path, &text)?;
        let index = KeyIndex::build(&text);
        Ok(SourceFile {
            path: path.to_path_buf(),
            text,
            index,
        })
    }

    pub fn parse<T: DeserializeOwned>(&self) -> anyhow::Result<T> {
        serde_norway::from_str(&self.text).map_err(|e| {
            let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            let mut cause = e.to_string();
            if let Some(at) = cause.rfind(" at line ") {
                cause.truncate(at);
            }
            // A file that is not a yearend file at all (a pgpass, /etc/shadow) is one string:
            // the "offending value" would be the secret. Types are said, values are not.
            if cause.starts_with("invalid type") || cause.starts_with("invalid value") {
                cause = crate::platform::jsonfile::unquoted(&cause);
            }
            if cause.contains("repetition limit exceeded") {
                let (line, col) = alias_positions(&self.text)
                    .first()
                    .map_or((line, col), |at| line_col(self.text.as_bytes(), *at));
                return error::input(
                    msg!(
                        "err-yaml-alias-bomb",
                        at = format!("{}:{line}:{col}", self.path.display())
                    )
                    .render(),
                );
            }
            if cause.contains("unknown anchor") {
                cause = msg!("err-yaml-unknown-anchor", cause = cause).render();
            }
            error::input(format!(
                "{}:{line}:{col}: {}",
                self.path.display(),
                self.explain(&cause)
            ))
        })
    }

    /// serde's complaint, with the path it is about: an unknown key of a step names that step's
    /// kind and only its keys, and every unknown word its closest neighbour.
    fn explain(&self, cause: &str) -> String {
        let (path, rest) = match cause.split_once(": ") {
            Some((p, r)) if !p.contains(' ') => (p, r),
            _ => ("", cause),
        };
        let words = |list: &str| -> Vec<String> {
            list.trim_start_matches("one of ")
                .replace(" or ", ", ")
                .split(", ")
                .map(|w| w.trim_matches('`').to_string())
                .filter(|w| !w.is_empty())
                .collect()
        };
        let suggestion = |word: &str, among: &[String]| {
            let refs: Vec<&str> = among.iter().map(String::as_str).collect();
            suggest::closest(word, &refs)
                .map(|w| msg!("did-you-mean", word = w.to_string()).render())
                .unwrap_or_default()
        };
        if let Some(r) = rest.strip_prefix("unknown field ") {
            let (field, expected) = r.split_once(", expected ").unwrap_or((r, ""));
            let field = field.trim_matches('`');
            if let Some((id, kind)) = self.step_at(path) {
                let (required, optional) = kind.fields();
                let keys: Vec<String> = step_spec::COMMON_FIELDS
                    .iter()
                    .chain(required)
                    .chain(optional)
                    .map(|k| k.to_string())
                    .collect();
                return msg!(
                    "err-step-unknown-key",
                    id = id,
                    kind = kind.name(),
                    field = field.to_string(),
                    suggestion = suggestion(field, &keys),
                    allowed = crate::i18n::listed(&keys)
                )
                .render();
            }
            let expected = words(expected);
            return at_path(path)
                + &msg!(
                    "err-yaml-unknown-field",
                    field = format!("`{field}`"),
                    suggestion = suggestion(field, &expected),
                    expected = crate::i18n::listed(&expected)
                )
                .render();
        }
        if let Some(r) = rest.strip_prefix("unknown variant ") {
            let (got, expected) = r.split_once(", expected ").unwrap_or((r, ""));
            let expected = words(expected);
            let got = got.trim_matches('`');
            return at_path(path)
                + &msg!(
                    "err-yaml-unknown-variant",
                    got = format!("`{got}`"),
                    suggestion = suggestion(got, &expected),
                    expected = crate::i18n::listed(&expected)
                )
                .render();
        }
        // Our own types' words (a date, a duration) are already in the reader's language.
        if !path.is_empty() && rest.starts_with('`') {
            return at_path(path) + rest;
        }
        if !path.is_empty() {
            return at_path(path) + &yaml_cause(rest);
        }
        yaml_cause(cause)
    }

    /// The id and kind of the step at `path` (`steps[2]`), read from the file's own text.
    fn step_at(&self, path: &str) -> Option<(String, step_spec::StepKind)> {
        let n: usize = path
            .strip_prefix("steps[")?
            .strip_suffix(']')?
            .parse()
            .ok()?;
        let doc: serde_norway::Value = serde_norway::from_str(&self.text).ok()?;
        let step = doc.get("steps")?.get(n)?;
        let kind = step.get("kind")?.as_str()?;
        let kind = step_spec::StepKind::ALL
            .into_iter()
            .find(|k| k.name() == kind)?;
        let id = step.get("id").and_then(|v| v.as_str()).unwrap_or("?");
        Some((id.to_string(), kind))
    }

    /// An error about the value at `key` (a path like `steps[2].id`), located when the key is found.
    pub fn error_at(&self, key: &str, message: impl std::fmt::Display) -> anyhow::Error {
        let (line, col) = self.index.position(key).unwrap_or((1, 1));
        error::input(format!("{}:{line}:{col}: {message}", self.path.display()))
    }
}

/// More alias uses than this is an alias bomb, not a plan.
const MAX_ALIASES: usize = 100;

fn line_col(text: &[u8], at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, col)
}

fn not_utf8(path: &Path, what: crate::i18n::Msg, e: &std::string::FromUtf8Error) -> anyhow::Error {
    let bytes = e.as_bytes();
    let at = e.utf8_error().valid_up_to();
    let (line, col) = line_col(bytes, at);
    error::input(
        msg!(
            "err-file-not-utf8",
            at = format!("{}:{line}:{col}", path.display()),
            what = what,
            byte = format!("0x{:02X}", bytes.get(at).copied().unwrap_or(0)),
            path = path.display().to_string()
        )
        .render(),
    )
}

/// Byte offsets of the alias uses (`*name`) in a YAML text.
fn alias_positions(text: &str) -> Vec<usize> {
    text.match_indices('*')
        .filter(|(i, _)| {
            let before = text[..*i].chars().next_back();
            let after = text[i + 1..].chars().next();
            matches!(before, Some(' ' | '[' | ',' | '\n') | None)
                && after.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .map(|(i, _)| i)
        .collect()
}

/// What YAML would reject with a message nobody understands, or accept at a cost nobody wants.
fn screen_text(path: &Path, text: &str) -> anyhow::Result<()> {
    for (n, line) in text.lines().enumerate() {
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        if let Some(col) = indent.find('\t') {
            return Err(error::input(
                msg!(
                    "err-yaml-tab",
                    at = format!("{}:{}:{}", path.display(), n + 1, col + 1)
                )
                .render(),
            ));
        }
    }
    let aliases = alias_positions(text);
    if aliases.len() > MAX_ALIASES {
        let (line, col) = line_col(text.as_bytes(), aliases[MAX_ALIASES]);
        return Err(error::input(
            msg!(
                "err-yaml-too-many-aliases",
                at = format!("{}:{line}:{col}", path.display()),
                max = MAX_ALIASES
            )
            .render(),
        ));
    }
    Ok(())
}

pub use crate::platform::error::io_reason;

/// `steps[0].kind：` before a complaint about that place (nothing at the top level).
fn at_path(path: &str) -> String {
    match (path.is_empty(), crate::i18n::zh()) {
        (true, _) => String::new(),
        (false, true) => format!("{path}："),
        (false, false) => format!("{path}: "),
    }
}

/// serde's words for a YAML value (`sequence`, `a string`, `integer `5``) in Chinese; a word it
/// does not know is kept as written, as code.
fn serde_word(word: &str) -> String {
    let w = word
        .trim()
        .trim_start_matches("a ")
        .trim_start_matches("an ");
    let (kind, value) = w.split_once(' ').unwrap_or((w, ""));
    let name = match kind {
        "sequence" => "列表",
        "map" | "struct" => "映射（键: 值）",
        "string" | "str" | "char" => "字符串",
        "boolean" | "bool" => "布尔值（true / false）",
        "integer" | "u8" | "u16" | "u32" | "u64" | "i32" | "i64" | "usize" => "整数",
        "floating" | "f32" | "f64" => "小数",
        "unit" | "null" => "空值",
        _ => return format!("`{}`", word.trim()),
    };
    let value = value.trim_start_matches("point").trim().trim_matches('`');
    if value.is_empty() || value == "value" {
        name.to_string()
    } else {
        format!("{name} `{value}`")
    }
}

/// serde's other common YAML complaints (missing field, wrong type) in the reader's language;
/// anything else as serde wrote it. Unknown fields and variants are `explain`'s.
fn yaml_cause(cause: &str) -> String {
    if !crate::i18n::zh() {
        return cause.to_string();
    }
    if let Some(field) = cause.strip_prefix("missing field ") {
        return msg!("err-yaml-missing-field", field = field).render();
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = cause.strip_prefix(prefix) {
            let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            return msg!(
                "err-yaml-invalid-type",
                got = serde_word(got),
                expected = serde_word(expected)
            )
            .render();
        }
    }
    msg!("err-yaml-syntax", cause = cause).render()
}
