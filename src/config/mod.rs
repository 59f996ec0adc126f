//! Site and plan files: typed models, file:line:column errors.

pub mod plan;
pub mod site;
pub mod step_config;
pub mod step_spec;
pub mod types;
pub mod yamlloc;

use crate::error;
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
    pub fn read(path: &Path, what: &str) -> anyhow::Result<SourceFile> {
        let cannot = |e: &std::io::Error| {
            error::input(format!(
                "{}: cannot read the {what}: {}",
                path.display(),
                io_reason(e)
            ))
        };
        let size = std::fs::metadata(path).map_err(|e| cannot(&e))?.len();
        if size > MAX_FILE_BYTES {
            return Err(error::input(format!(
                "{}: the {what} is {size} bytes; a {what} is at most 1 MiB — is this the right file?",
                path.display()
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| cannot(&e))?;
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
            if cause.contains("repetition limit exceeded") {
                let (line, col) = alias_positions(&self.text)
                    .first()
                    .map_or((line, col), |at| line_col(self.text.as_bytes(), *at));
                return error::input(format!(
                    "{}:{line}:{col}: YAML aliases (*name) here expand beyond any plan's size (an alias bomb): refused; write the values out",
                    self.path.display()
                ));
            }
            if cause.contains("unknown anchor") {
                cause.push_str(" (a value starting with * must be quoted, e.g. \"*_log\")");
            }
            error::input(format!("{}:{line}:{col}: {cause}", self.path.display()))
        })
    }

    /// An error about the value at `key` (a path like `steps[2].id`), located when the key is found.
    pub fn error_at(&self, key: &str, message: impl std::fmt::Display) -> anyhow::Error {
        let (line, col) = self.index.position(key).unwrap_or((1, 1));
        error::input(format!("{}:{line}:{col}: {message}", self.path.display()))
    }
}

/// Plans and site files are a few kilobytes; a 50 MB one is a mistake or an attack.
const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// More alias uses than this is an alias bomb, not a plan.
const MAX_ALIASES: usize = 100;

fn line_col(text: &[u8], at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, col)
}

fn not_utf8(path: &Path, what: &str, e: &std::string::FromUtf8Error) -> anyhow::Error {
    let bytes = e.as_bytes();
    let at = e.utf8_error().valid_up_to();
    let (line, col) = line_col(bytes, at);
    error::input(format!(
        "{}:{line}:{col}: the {what} is not UTF-8 (byte 0x{:02X}; GBK or GB18030 perhaps): save it as UTF-8, \
         e.g. iconv -f GB18030 -t UTF-8 {} > fixed.yaml",
        path.display(),
        bytes.get(at).copied().unwrap_or(0),
        path.display()
    ))
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
            return Err(error::input(format!(
                "{}:{}:{}: a tab in the indentation: YAML does not allow tabs for indentation; indent with spaces",
                path.display(),
                n + 1,
                col + 1
            )));
        }
    }
    let aliases = alias_positions(text);
    if aliases.len() > MAX_ALIASES {
        let (line, col) = line_col(text.as_bytes(), aliases[MAX_ALIASES]);
        return Err(error::input(format!(
            "{}:{line}:{col}: more than {MAX_ALIASES} YAML aliases (*name): refused, an alias bomb expands to gigabytes; write the values out",
            path.display()
        )));
    }
    Ok(())
}

pub use crate::error::io_reason;
