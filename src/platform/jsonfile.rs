//! The JSON files yearend writes and reads back (snapshots, saved plans): pretty on disk, and an
//! unreadable one named with its file, line and column.

use crate::platform::error;
use serde::{de::DeserializeOwned, Serialize};
use std::path::Path;

/// Read a `what` (e.g. "snapshot") from `path`: a bad file is bad input (exit 2).
pub fn load<T: DeserializeOwned>(path: &Path, what: &str) -> anyhow::Result<T> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| error::input(format!("cannot read the {what} {}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| {
        error::input(format!(
            "{}:{}:{}: not a yearend {what}: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })
}

pub fn save<T: Serialize>(path: &Path, value: &T) -> anyhow::Result<()> {
    let text = serde_json::to_string_pretty(value).expect("yearend's own files serialize");
    crate::platform::nofollow::write(path, &(text + "\n"))
}
