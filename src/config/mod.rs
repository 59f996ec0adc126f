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
        let text = std::fs::read_to_string(path).map_err(|e| {
            error::input(format!(
                "{}: cannot read the {what}: {}",
                path.display(),
                io_reason(&e)
            ))
        })?;
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

pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
