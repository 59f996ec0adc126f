//! Identifiers: validated, then quoted by our code (SQL templates get no escaping).

use crate::model::dialect::Dialect;

/// Letters, digits, `_` and `$`, not starting with a digit or `$`, at most 128 bytes.
pub fn is_plain_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && s.len() <= 128
}

/// Quote an identifier exactly as the catalog spells it.
pub fn quote(dialect: Dialect, name: &str) -> String {
    match dialect {
        Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
        Dialect::Postgres | Dialect::Oracle => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// `schema.table`, both quoted.
pub fn qualified(dialect: Dialect, schema: &str, name: &str) -> String {
    format!("{}.{}", quote(dialect, schema), quote(dialect, name))
}

/// A string literal (for paths in CREATE TABLESPACE, the only literals our DDL needs).
pub fn string_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_identifiers() {
        assert!(is_plain_identifier("einvoice"));
        assert!(is_plain_identifier("EINV_DATA_2026"));
        assert!(!is_plain_identifier("1abc"));
        assert!(!is_plain_identifier("a b"));
        assert!(!is_plain_identifier("a;drop"));
        assert!(!is_plain_identifier(""));
    }

    #[test]
    fn quoting_doubles_the_quote_character() {
        assert_eq!(quote(Dialect::Postgres, "Bill\"s"), "\"Bill\"\"s\"");
        assert_eq!(quote(Dialect::Mysql, "a`b"), "`a``b`");
        assert_eq!(
            qualified(Dialect::Oracle, "EINV", "BILL"),
            "\"EINV\".\"BILL\""
        );
        assert_eq!(string_literal("/data/o'k"), "'/data/o''k'");
    }
}
