//! The database password lives here and nowhere else. It is redacted as a value, where it could
//! enter a text: the database drivers' error messages (each backend redacts them when it turns
//! them into a `DbError`) and the top-level error. Serialized text (journal lines, JSON, reports)
//! is never rewritten: a password `2026` must not turn dates into `******-12-10`, and a password
//! holding `"` or `\` is written escaped, so a match on serialized text would miss it.

use std::sync::OnceLock;

static PASSWORD: OnceLock<String> = OnceLock::new();

pub fn remember(password: &str) {
    if !password.is_empty() {
        let _ = PASSWORD.set(password.to_string());
    }
}

/// The password given once this run, for another session to the same database (another Oracle
/// RAC instance): never asked twice.
pub fn remembered() -> Option<String> {
    PASSWORD.get().cloned()
}

pub fn redact(text: &str) -> String {
    match PASSWORD.get() {
        Some(pw) if text.contains(pw.as_str()) => text.replace(pw.as_str(), "******"),
        _ => text.to_string(),
    }
}

/// The password for a connection: `YEAREND_DB_PASSWORD`, else a prompt on a terminal, else none
/// (the server may not need one; if it does, the connection error says how to give it).
pub fn database_password(url_shown: &str) -> anyhow::Result<Option<String>> {
    if let Ok(pw) = std::env::var("YEAREND_DB_PASSWORD") {
        remember(&pw);
        return Ok(Some(pw));
    }
    if let Some(pw) = crate::platform::ask::password(url_shown)? {
        remember(&pw);
        return Ok(Some(pw));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    #[test]
    fn redact_replaces_every_occurrence() {
        super::remember("s3cr3t-pw");
        assert_eq!(
            super::redact("a s3cr3t-pw b s3cr3t-pw"),
            "a ****** b ******"
        );
        assert_eq!(super::redact("nothing"), "nothing");
    }
}
