//! Statements as tokens, and the words no statement of yearend's may hold.

use super::{refuse, Refused};

/// Words that never appear in a statement yearend sends, with why.
pub(super) const NEVER: &[(&str, &str)] = &[
    ("DROP", "guard-never-drop"),
    ("TRUNCATE", "guard-never-truncate"),
    ("DELETE", "guard-never-delete"),
    ("INSERT", "guard-never-insert"),
    ("MERGE", "guard-never-merge"),
    ("RENAME", "guard-never-rename"),
    ("RESIZE", "guard-never-resize"),
    ("MOVE", "guard-never-move"),
    ("COALESCE", "guard-never-coalesce"),
    ("EXCHANGE", "guard-never-exchange"),
    ("OFFLINE", "guard-never-offline"),
    ("REUSE", "guard-never-reuse"),
    ("DETACH", "guard-never-detach"),
    ("SHRINK", "guard-never-shrink"),
    ("GRANT", "guard-never-grant"),
    ("REVOKE", "guard-never-revoke"),
    ("DISCARD", "guard-never-discard"),
    ("REMOVE", "guard-never-remove"),
];

/// Functions a read-only query must not call: side effects a read-only transaction does not stop.
pub(super) const SIDE_EFFECT_FUNCTIONS: &[&str] = &[
    "NEXTVAL",
    "SETVAL",
    "SET_CONFIG",
    "PG_TERMINATE_BACKEND",
    "PG_CANCEL_BACKEND",
    "PG_RELOAD_CONF",
    "PG_READ_FILE",
    "PG_READ_BINARY_FILE",
    "PG_LS_DIR",
    "LO_IMPORT",
    "LO_EXPORT",
    "DBLINK",
    "DBLINK_EXEC",
    "PG_SLEEP",
    "SLEEP",
    "BENCHMARK",
    "GET_LOCK",
    "RELEASE_LOCK",
    "LOAD_FILE",
    "PG_ADVISORY_LOCK",
    "PG_TRY_ADVISORY_LOCK",
    "DBMS_LOCK",
    "DBMS_PIPE",
    "UTL_HTTP",
    "UTL_FILE",
    "UTL_INADDR",
    "DBMS_SCHEDULER",
];

/// Words that make a query more than a read.
pub(super) const NOT_IN_QUERY: &[&str] = &[
    "UPDATE", "ALTER", "CREATE", "INTO", "LOCK", "CALL", "EXECUTE", "EXEC", "COPY", "SET", "BEGIN",
    "COMMIT", "ROLLBACK", "VACUUM", "ANALYZE", "REFRESH", "CLUSTER", "REINDEX", "COMMENT",
    "NOTIFY", "LISTEN", "DO",
];

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    /// A bare word, upper-cased.
    Word(String),
    /// A quoted identifier, as written between the quotes.
    Quoted(String),
    Str(String),
    Num(String),
    Punct(char),
}

impl Tok {
    pub(super) fn is(&self, word: &str) -> bool {
        matches!(self, Tok::Word(w) if w == word)
    }

    /// Identifier text for comparison: bare words upper-cased, quoted ones as written.
    pub(super) fn ident(&self) -> Option<String> {
        match self {
            Tok::Word(w) => Some(w.clone()),
            Tok::Quoted(q) => Some(q.clone()),
            _ => None,
        }
    }
}

pub(super) fn tokenize(sql: &str) -> Result<Vec<Tok>, String> {
    tokenize_with(sql, false)
}

/// `backslash_literal`: the dialect reads a backslash in a string as itself (Oracle always; a
/// Windows datafile path is `'D:\ORADATA\…'`). Elsewhere a backslash in a string is refused:
/// MySQL, and PostgreSQL without standard_conforming_strings, read it as an escape.
pub(super) fn tokenize_with(sql: &str, backslash_literal: bool) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = sql.chars().collect();
    let mut toks = Vec::with_capacity(chars.len() / 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            let start = i;
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            if i + 1 >= chars.len() {
                return Err(crate::msg!("guard-unterminated-comment", at = start).render());
            }
            i += 2;
        } else if c == '\'' || c == '"' || c == '`' {
            let quote = c;
            let start = i;
            let mut text = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => {
                        return Err(crate::msg!("guard-unterminated-quote", at = start).render())
                    }
                    Some(&q) if q == quote => {
                        if chars.get(i + 1) == Some(&quote) {
                            text.push(quote);
                            i += 2;
                        } else {
                            i += 1;
                            break;
                        }
                    }
                    Some(&ch) => {
                        if ch == '\\' && quote == '\'' && !backslash_literal {
                            // MySQL reads backslash escapes inside strings: refuse rather than guess.
                            return Err("backslash inside a string literal".into());
                        }
                        text.push(ch);
                        i += 1;
                    }
                }
            }
            toks.push(if quote == '\'' {
                Tok::Str(text)
            } else {
                Tok::Quoted(text)
            });
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            toks.push(Tok::Num(chars[start..i].iter().collect()));
        } else if c.is_alphabetic() || c == '_' || c == '$' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            // As str::to_uppercase, in one allocation (48,000 statements in a large plan).
            let mut word = String::with_capacity(i - start);
            for &ch in &chars[start..i] {
                if ch.is_ascii() {
                    word.push(ch.to_ascii_uppercase());
                } else {
                    word.extend(ch.to_uppercase());
                }
            }
            toks.push(Tok::Word(word));
        } else {
            toks.push(Tok::Punct(c));
            i += 1;
        }
    }
    Ok(toks)
}

pub(super) fn common_checks(sql: &str) -> Result<Vec<Tok>, Refused> {
    common_checks_with(sql, false)
}

pub(super) fn common_checks_with(sql: &str, backslash_literal: bool) -> Result<Vec<Tok>, Refused> {
    let toks = tokenize_with(sql, backslash_literal).map_err(|why| refuse(sql, why))?;
    if toks.is_empty() {
        return Err(refuse(sql, crate::msg!("guard-empty").render()));
    }
    if toks.contains(&Tok::Punct(';')) {
        return Err(refuse(sql, crate::msg!("guard-more-than-one").render()));
    }
    Ok(toks)
}

pub(super) fn never_words(sql: &str, toks: &[Tok], exempt: &[&str]) -> Result<(), Refused> {
    for t in toks {
        if let Tok::Word(w) = t {
            if let Some((word, why)) = NEVER.iter().find(|(n, _)| n == w && !exempt.contains(n)) {
                return Err(refuse(
                    sql,
                    format!("{word}: {}", crate::i18n::Msg::new(why).render()),
                ));
            }
        }
    }
    Ok(())
}

/// The index just after the parenthesised group that opens at `at`; `None` when no group opens
/// there or it never closes.
pub(super) fn after_group(toks: &[Tok], at: usize) -> Option<usize> {
    if toks.get(at) != Some(&Tok::Punct('(')) {
        return None;
    }
    let mut depth = 0i32;
    for (k, t) in toks.iter().enumerate().skip(at) {
        match t {
            Tok::Punct('(') => depth += 1,
            Tok::Punct(')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(k + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// A possibly qualified name starting at `at`; returns the last part and the index after it.
pub(super) fn name_at(toks: &[Tok], at: usize) -> Option<(String, usize)> {
    let mut i = at;
    let mut last = toks.get(i)?.ident()?;
    i += 1;
    while toks.get(i) == Some(&Tok::Punct('.')) {
        last = toks.get(i + 1)?.ident()?;
        i += 2;
    }
    Some((last, i))
}
