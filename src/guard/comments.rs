//! What is sent is what was parsed: a plan query without its comments, cut by the server's own
//! comment rules, so that no comment of any kind reaches the server. A MySQL/MariaDB executable
//! comment (`/*! … */`, `/*!50000 … */`, `/*M! … */`) is a comment to a parser and code to the
//! server, and an optimizer hint (`/*+ … */`) steers it: both are refused with their position.
//!
//! The rules, per server:
//! - PostgreSQL: `--` to the end of the line; `/* */` nests; strings `'…'` (`''` inside), `E'…'`
//!   with backslash escapes; quoted names `"…"`; dollar quotes are refused by the token screen.
//! - MySQL/MariaDB: `-- ` only when a space or control character (or the end) follows the two
//!   dashes; `#` to the end of the line; `/* */` does not nest; strings `'…'` and `"…"` with
//!   backslash escapes; quoted names `` `…` ``.
//! - Oracle: `--` to the end of the line; `/* */` does not nest; strings `'…'` and `q'[…]'`;
//!   quoted names `"…"`.

use super::{refuse, Refused};
use crate::model::dialect::Dialect;

/// The query with each comment replaced by one space (so `SELECT/**/1` stays two tokens).
pub fn strip(sql: &str, dialect: Dialect) -> Result<String, Refused> {
    let b = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        let end = match b[i] {
            b'\'' if dialect == Dialect::Oracle && oracle_q_quote(b, i) => {
                i = skip_q_quote(sql, i)?;
                continue;
            }
            b'\'' => {
                let backslash = dialect == Dialect::Mysql || escape_string(b, i);
                i = skip_quoted(sql, i, b'\'', backslash)?;
                continue;
            }
            b'"' => {
                i = skip_quoted(sql, i, b'"', dialect == Dialect::Mysql)?;
                continue;
            }
            b'`' if dialect == Dialect::Mysql => {
                i = skip_quoted(sql, i, b'`', false)?;
                continue;
            }
            b'-' if b.get(i + 1) == Some(&b'-') && line_comment_dashes(b, i, dialect) => {
                line_end(b, i)
            }
            b'#' if dialect == Dialect::Mysql => line_end(b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => {
                executable(sql, i, dialect)?;
                block_end(sql, i, dialect == Dialect::Postgres)?
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&sql[copied..i]);
        out.push(' ');
        i = end;
        copied = end;
    }
    out.push_str(&sql[copied..]);
    Ok(out)
}

/// `-- ` starts a comment everywhere but MySQL, where whitespace or a control character (or the
/// end of the text) must follow (`1--1` is one minus minus one there).
fn line_comment_dashes(b: &[u8], i: usize, dialect: Dialect) -> bool {
    dialect != Dialect::Mysql
        || b.get(i + 2)
            .is_none_or(|c| c.is_ascii_whitespace() || c.is_ascii_control())
}

fn line_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |n| i + n)
}

/// The end of the block comment starting at `i` (after its `*/`); PostgreSQL's nest.
fn block_end(sql: &str, start: usize, nests: bool) -> Result<usize, Refused> {
    let b = sql.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < b.len() {
        if b[i] == b'/' && b[i + 1] == b'*' {
            if depth == 0 || nests {
                depth += 1;
            }
            i += 2;
        } else if b[i] == b'*' && b[i + 1] == b'/' {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return Ok(i);
            }
        } else {
            i += 1;
        }
    }
    Err(at(
        sql,
        start,
        crate::msg!("guard-comment-unterminated").render(),
    ))
}

/// MySQL/MariaDB executable comments and hints are code, not comments: refused where they stand.
fn executable(sql: &str, i: usize, dialect: Dialect) -> Result<(), Refused> {
    if dialect != Dialect::Mysql {
        return Ok(());
    }
    let rest = &sql.as_bytes()[i + 2..];
    let form = match rest {
        [b'!', ..] => "/*!",
        [b'M' | b'm', b'!', ..] => "/*M!",
        [b'+', ..] => "/*+",
        _ => return Ok(()),
    };
    Err(Refused {
        construct: Some(form.to_string()),
        ..at(
            sql,
            i,
            crate::msg!("guard-executable-comment", form = form).render(),
        )
    })
}

/// PostgreSQL `E'…'` (or `e'…'`) strings take backslash escapes.
fn escape_string(b: &[u8], i: usize) -> bool {
    i > 0
        && matches!(b[i - 1], b'E' | b'e')
        && (i < 2 || !(b[i - 2].is_ascii_alphanumeric() || b[i - 2] == b'_'))
}

/// The index after the closing quote of a quoted run starting at `i` (doubled quote inside).
fn skip_quoted(sql: &str, start: usize, quote: u8, backslash: bool) -> Result<usize, Refused> {
    let b = sql.as_bytes();
    let mut i = start + 1;
    while i < b.len() {
        if backslash && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == quote {
            if b.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return Ok(i + 1);
        }
        i += 1;
    }
    Err(at(
        sql,
        start,
        crate::msg!("guard-quote-unterminated").render(),
    ))
}

/// Oracle's alternative quoting `q'[…]'` / `Q'{…}'` / `q'!…!'`: `i` is the quote after the q.
fn oracle_q_quote(b: &[u8], i: usize) -> bool {
    i > 0
        && matches!(b[i - 1], b'q' | b'Q')
        && (i < 2 || !(b[i - 2].is_ascii_alphanumeric() || b[i - 2] == b'_'))
        && b.get(i + 1).is_some_and(|c| !c.is_ascii_whitespace())
}

fn skip_q_quote(sql: &str, start: usize) -> Result<usize, Refused> {
    let b = sql.as_bytes();
    let open = b[start + 1];
    let close = match open {
        b'[' => b']',
        b'{' => b'}',
        b'(' => b')',
        b'<' => b'>',
        c => c,
    };
    let mut i = start + 2;
    while i + 1 < b.len() {
        if b[i] == close && b[i + 1] == b'\'' {
            return Ok(i + 2);
        }
        i += 1;
    }
    Err(at(
        sql,
        start,
        crate::msg!("guard-quote-unterminated").render(),
    ))
}

/// A refusal naming the line and column of byte `i`.
fn at(sql: &str, i: usize, why: String) -> Refused {
    let before = &sql[..i];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    refuse(
        sql,
        crate::msg!("guard-at", line = line, column = column, why = why).render(),
    )
}

#[cfg(test)]
mod tests {
    use super::strip;
    use crate::model::dialect::Dialect::{Mysql, Oracle, Postgres};

    #[test]
    fn comments_go_by_each_servers_rules() {
        assert_eq!(
            strip("SELECT 1 -- x\nFROM t", Postgres).unwrap(),
            "SELECT 1  \nFROM t"
        );
        assert_eq!(strip("SELECT/**/1", Postgres).unwrap(), "SELECT 1");
        // PostgreSQL nests block comments: the whole of it is one comment.
        assert_eq!(
            strip("SELECT /* a /* b */ c */ 1", Postgres).unwrap(),
            "SELECT   1"
        );
        // MySQL does not: what follows the first */ is code (and here refused by the parser).
        assert_eq!(
            strip("SELECT /* a /* b */ c */ 1", Mysql).unwrap(),
            "SELECT   c */ 1"
        );
        // MySQL: `--` needs a space after it; `#` is a comment.
        assert_eq!(strip("SELECT 1--1", Mysql).unwrap(), "SELECT 1--1");
        assert_eq!(strip("SELECT 1-- 1\n", Mysql).unwrap(), "SELECT 1 \n");
        assert_eq!(
            strip("SELECT 1 # x\n, 2", Mysql).unwrap(),
            "SELECT 1  \n, 2"
        );
        assert_eq!(
            strip("SELECT '#', \"--\", `/*`", Mysql).unwrap(),
            "SELECT '#', \"--\", `/*`"
        );
        assert_eq!(
            strip("SELECT 'a\\' -- b'", Mysql).unwrap(),
            "SELECT 'a\\' -- b'"
        );
        assert_eq!(
            strip("SELECT E'a\\' -- b'", Postgres).unwrap(),
            "SELECT E'a\\' -- b'"
        );
        assert_eq!(
            strip("SELECT 'a''--' x", Postgres).unwrap(),
            "SELECT 'a''--' x"
        );
        assert_eq!(
            strip("SELECT q'[it's -- ]' FROM dual", Oracle).unwrap(),
            "SELECT q'[it's -- ]' FROM dual"
        );
        assert_eq!(
            strip("SELECT 1 /*+ FULL(t) */ FROM dual", Oracle).unwrap(),
            "SELECT 1   FROM dual"
        );
    }

    #[test]
    fn executable_comments_and_hints_are_refused_with_their_place() {
        let _en = crate::i18n::speak(crate::i18n::Lang::En);
        for (sql, form) in [
            ("SELECT 1 /*! , LOAD_FILE('/etc/passwd') */", "/*!"),
            ("SELECT 1 /*!50000 , SLEEP(5) */", "/*!"),
            ("SELECT 1\n  /*M! , RELEASE_ALL_LOCKS() */", "/*M!"),
            ("SELECT 1 /*m!100000 , 2 */", "/*M!"),
            ("SELECT /*+ MAX_EXECUTION_TIME(1) */ 1", "/*+"),
        ] {
            let e = strip(sql, Mysql).expect_err(sql);
            assert_eq!(e.construct.as_deref(), Some(form), "{sql}");
            assert!(e.reason.contains("line"), "{sql}: {}", e.reason);
        }
        let e = strip("SELECT 1\n  /*M! , 2 */", Mysql).unwrap_err();
        assert!(e.reason.contains("line 2, column 3"), "{}", e.reason);
        // Inside a string it is text, not a comment.
        strip("SELECT '/*! no */' AS s", Mysql).unwrap();
        strip("SELECT 1 /* unterminated", Postgres).expect_err("unterminated");
        strip("SELECT 'open", Mysql).expect_err("unterminated");
    }
}
