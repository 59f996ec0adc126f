//! The JSON files yearend writes and reads back (snapshots, saved plans): pretty on disk, and an
//! unreadable one named with its file, line and column.

use crate::platform::error;
use serde::{de::DeserializeOwned, Serialize};
use std::path::Path;

/// Read a `what` (e.g. "snapshot") from `path`: a bad file is bad input (exit 2). The error names
/// the position and quotes nothing of the file (a credentials file is one string: its "offending
/// value" would be the secret).
pub fn load<T: DeserializeOwned>(path: &Path, what: &str) -> anyhow::Result<T> {
    let text =
        crate::platform::files::read_text(path, crate::platform::files::SNAPSHOT).map_err(|e| {
            error::input(
                crate::msg!(
                    "err-json-unreadable",
                    what = crate::i18n::Msg::new(what).render(),
                    path = path.display().to_string(),
                    cause = e.to_string()
                )
                .render(),
            )
        })?;
    serde_json::from_str(&text).map_err(|e| {
        error::input(
            crate::msg!(
                "err-json-not-ours",
                at = format!("{}:{}:{}", path.display(), e.line(), e.column()),
                what = crate::i18n::Msg::new(what).render(),
                cause = unquoted(&e.to_string())
            )
            .render(),
        )
    })
}

/// serde's complaint without any value it quotes from the file (`invalid type: string "…"`
/// keeps only "string"); position and expected shape stay.
pub fn unquoted(cause: &str) -> String {
    let cause = cause.split(" at line ").next().unwrap_or(cause);
    let mut out = String::with_capacity(cause.len());
    let mut in_quote = false;
    let mut escaped = false;
    for c in cause.chars() {
        match (in_quote, escaped, c) {
            (true, false, '\\') => escaped = true,
            (true, false, '"') => {
                in_quote = false;
                out.push('…');
            }
            (true, _, _) => escaped = false,
            (false, _, '"') => in_quote = true,
            (false, _, c) => out.push(c),
        }
    }
    out
}

pub fn save<T: Serialize>(path: &Path, value: &T) -> anyhow::Result<()> {
    let text = serde_json::to_string_pretty(value).expect("yearend's own files serialize");
    crate::platform::nofollow::write(path, &(text + "\n"))
}
