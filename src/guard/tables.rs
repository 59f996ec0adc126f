//! The tables a plan query reads, so that preflight can name the SELECT grant each one needs
//! before the step runs into ORA-00942 with a misleading message.

use super::lexer::{tokenize, Tok};

/// Every table named after FROM or JOIN (and after a comma in a FROM list): (schema, table) as
/// written (bare names upper-cased), the schema `None` when unqualified. Subqueries are read too.
pub fn tables_read(sql: &str) -> Vec<(Option<String>, String)> {
    let Ok(toks) = tokenize(sql) else {
        return Vec::new();
    };
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    // Whether each open parenthesis level is inside a FROM clause (commas separate tables there).
    let mut in_from = vec![false];
    for (i, t) in toks.iter().enumerate() {
        let level = in_from.len() - 1;
        let names_a_table = match t {
            Tok::Punct('(') => {
                in_from.push(false);
                false
            }
            Tok::Punct(')') => {
                if in_from.len() > 1 {
                    in_from.pop();
                }
                false
            }
            Tok::Punct(',') => in_from[level],
            Tok::Word(w) if w == "FROM" => {
                in_from[level] = true;
                true
            }
            Tok::Word(w) if w == "JOIN" => true,
            Tok::Word(w) if ENDS_FROM.contains(&w.as_str()) => {
                in_from[level] = false;
                false
            }
            _ => false,
        };
        if names_a_table {
            if let Some((name, _)) = qualified(&toks, i + 1) {
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// Words that end a FROM clause at their level.
const ENDS_FROM: &[&str] = &[
    "WHERE",
    "GROUP",
    "ORDER",
    "HAVING",
    "UNION",
    "MINUS",
    "EXCEPT",
    "INTERSECT",
    "CONNECT",
    "START",
    "FETCH",
    "LIMIT",
    "OFFSET",
    "SELECT",
    "WINDOW",
];

/// A plan query reads the site's own tables only: a schema-qualified name must be in one of the
/// site's schemas, and an unqualified one must not be a system catalog (found through the search
/// path: `pg_authid` holds password hashes, `DBA_USERS` and `mysql.user` too). CTE names are fine.
pub fn site_relations_only(sql: &str, schemas: &[String]) -> Result<(), String> {
    for (schema, table) in tables_read(sql) {
        match schema {
            Some(s) if !schemas.iter().any(|x| x.eq_ignore_ascii_case(&s)) => {
                return Err(crate::msg!(
                    "guard-other-schema",
                    table = format!("{s}.{table}"),
                    schemas = schemas.join(", ")
                )
                .render());
            }
            None if is_system_catalog(&table) => {
                return Err(crate::msg!("guard-system-catalog", table = table.clone()).render());
            }
            _ => {}
        }
    }
    Ok(())
}

fn is_system_catalog(name: &str) -> bool {
    let upper = name.to_uppercase();
    [
        "PG_",
        "DBA_",
        "CDB_",
        "V$",
        "GV$",
        "X$",
        "ALL_USERS",
        "USER$",
        "LINK$",
    ]
    .iter()
    .any(|p| upper.starts_with(p))
        || upper == "USER"
}

fn qualified(toks: &[Tok], at: usize) -> Option<((Option<String>, String), usize)> {
    let first = toks.get(at)?.ident()?;
    if matches!(toks.get(at), Some(Tok::Word(w)) if is_keyword(w)) {
        return None;
    }
    if toks.get(at + 1) == Some(&Tok::Punct('.')) {
        let second = toks.get(at + 2)?.ident()?;
        return Some(((Some(first), second), at + 3));
    }
    Some(((None, first), at + 1))
}

fn is_keyword(w: &str) -> bool {
    [
        "WHERE",
        "GROUP",
        "ORDER",
        "HAVING",
        "JOIN",
        "LEFT",
        "RIGHT",
        "INNER",
        "OUTER",
        "FULL",
        "CROSS",
        "ON",
        "USING",
        "UNION",
        "MINUS",
        "EXCEPT",
        "INTERSECT",
        "CONNECT",
        "START",
        "FETCH",
        "LIMIT",
        "OFFSET",
        "FOR",
        "LATERAL",
        "NATURAL",
        "WINDOW",
        "PARTITION",
        "SELECT",
        "DUAL",
        "TABLE",
        "AS",
    ]
    .contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(sql: &str) -> Vec<String> {
        tables_read(sql)
            .into_iter()
            .map(|(s, t)| match s {
                Some(s) => format!("{s}.{t}"),
                None => t,
            })
            .collect()
    }

    #[test]
    fn only_the_sites_schemas_and_no_system_catalog() {
        let site = ["einv".to_string()];
        assert!(
            site_relations_only("SELECT * FROM EINV.bill b JOIN einv.pay p ON 1 = 1", &site)
                .is_ok()
        );
        assert!(site_relations_only(
            "WITH t AS (SELECT 1 AS x FROM einv.bill) SELECT x FROM t",
            &site
        )
        .is_ok());
        for bad in [
            "SELECT rolpassword FROM pg_authid",
            "SELECT * FROM pg_catalog.pg_authid",
            "SELECT authentication_string FROM mysql.user",
            "SELECT password FROM SYS.USER$",
            "SELECT * FROM dba_users",
            "SELECT * FROM his.patient",
        ] {
            assert!(site_relations_only(bad, &site).is_err(), "{bad}");
        }
    }

    #[test]
    fn from_join_and_comma_lists_qualified_or_not() {
        assert_eq!(
            names("SELECT t.a FROM einv.bill_type t LEFT JOIN \"EINV\".\"Stock\" b ON b.x = t.x, his.dept d, plain WHERE 1 = 1"),
            vec!["EINV.BILL_TYPE", "EINV.Stock", "HIS.DEPT", "PLAIN"]
        );
        assert_eq!(
            names("SELECT * FROM (SELECT x FROM einv.pay p) q JOIN einv.bill b USING (x)"),
            vec!["EINV.PAY", "EINV.BILL"]
        );
        assert_eq!(names("SELECT 1 FROM DUAL"), Vec::<String>::new());
        assert_eq!(
            names("SELECT SYSDATE AS now FROM dual WHERE 1 = 1"),
            Vec::<String>::new()
        );
    }
}
