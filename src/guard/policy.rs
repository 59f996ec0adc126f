//! The two carried shapes whose text holds words the DDL guard otherwise refuses: a policy's
//! command (`FOR INSERT`, `FOR UPDATE`, `FOR DELETE`) and a foreign key's referential actions
//! (`ON DELETE CASCADE`, `ON UPDATE SET NULL`). Each is allowed only at its one place.

use super::lexer::{name_at, never_words, Tok};
use super::{refuse, Refused};

const COMMANDS: [&str; 5] = ["ALL", "SELECT", "INSERT", "UPDATE", "DELETE"];

/// `CREATE POLICY name ON table AS PERMISSIVE|RESTRICTIVE FOR cmd TO role[, role…]
/// [USING (expr)] [WITH CHECK (expr)]`, exactly; the expressions hold no word the guard never
/// allows and no UPDATE or ALTER.
pub(super) fn shape(sql: &str, toks: &[Tok]) -> Result<(), Refused> {
    let bad = |why: &str| refuse(sql, format!("CREATE POLICY: {why}"));
    let w = |i: usize, word: &str| toks.get(i).is_some_and(|t| t.is(word));
    let (_, i) = name_at(toks, 2).ok_or_else(|| bad("no policy name"))?;
    if !w(i, "ON") {
        return Err(bad("ON table expected after the name"));
    }
    let (_, i) = name_at(toks, i + 1).ok_or_else(|| bad("no table"))?;
    if !(w(i, "AS") && (w(i + 1, "PERMISSIVE") || w(i + 1, "RESTRICTIVE")) && w(i + 2, "FOR")) {
        return Err(bad("AS PERMISSIVE|RESTRICTIVE FOR … expected"));
    }
    if !COMMANDS.iter().any(|c| w(i + 3, c)) || !w(i + 4, "TO") {
        return Err(bad("FOR ALL|SELECT|INSERT|UPDATE|DELETE TO … expected"));
    }
    let mut at = i + 5;
    loop {
        if toks.get(at).and_then(Tok::ident).is_none() {
            return Err(bad("a role expected"));
        }
        at += 1;
        if toks.get(at) == Some(&Tok::Punct(',')) {
            at += 1;
        } else {
            break;
        }
    }
    let rest = &toks[at..];
    let mut j = 0;
    for (words, _) in [(&["USING"][..], 0), (&["WITH", "CHECK"][..], 1)] {
        if words
            .iter()
            .enumerate()
            .all(|(k, word)| rest.get(j + k).is_some_and(|t| t.is(word)))
        {
            j += words.len();
            j = balanced(rest, j).ok_or_else(|| bad("an unbalanced expression"))?;
        }
    }
    if j != rest.len() {
        return Err(bad(
            "only USING (…) and WITH CHECK (…) may follow the roles",
        ));
    }
    never_words(sql, rest, &[])?;
    if rest.iter().any(|t| t.is("UPDATE") || t.is("ALTER")) {
        return Err(bad("UPDATE or ALTER inside an expression"));
    }
    Ok(())
}

/// `COMMENT ON TABLE t IS 'text'` or `COMMENT ON COLUMN t.c IS 'text'`, exactly.
pub(super) fn comment_shape(sql: &str, toks: &[Tok]) -> Result<(), Refused> {
    let w = |i: usize, word: &str| toks.get(i).is_some_and(|t| t.is(word));
    let ok = w(1, "ON")
        && (w(2, "TABLE") || w(2, "COLUMN"))
        && name_at(toks, 3).is_some_and(|(_, i)| {
            w(i, "IS") && matches!(toks.get(i + 1), Some(Tok::Str(_))) && toks.len() == i + 2
        });
    if ok {
        Ok(())
    } else {
        Err(refuse(
            sql,
            "COMMENT: only COMMENT ON TABLE|COLUMN name IS 'text' on a new partition",
        ))
    }
}

/// The index after a parenthesised group starting at `at`.
fn balanced(toks: &[Tok], at: usize) -> Option<usize> {
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

/// A foreign key's `ON DELETE|UPDATE action` clauses left out, when the statement is `ALTER
/// TABLE t ADD CONSTRAINT n FOREIGN KEY … REFERENCES …`: the rest is guarded as usual.
pub(super) fn without_fk_actions(toks: &[Tok]) -> Vec<Tok> {
    let fk = toks.iter().position(|t| t.is("FOREIGN")).is_some_and(|f| {
        toks.get(f + 1).is_some_and(|t| t.is("KEY"))
            && f >= 2
            && toks[f - 2].is("CONSTRAINT")
            && toks.iter().take(f).filter(|t| t.is("ADD")).count() == 1
    }) && toks.iter().any(|t| t.is("REFERENCES"));
    if !fk {
        return toks.to_vec();
    }
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let w = |k: usize, word: &str| toks.get(k).is_some_and(|t| t.is(word));
        if w(i, "ON") && (w(i + 1, "DELETE") || w(i + 1, "UPDATE")) {
            let mut k = i + 2;
            if w(k, "CASCADE") || w(k, "RESTRICT") {
                k += 1;
            } else if w(k, "NO") && w(k + 1, "ACTION") {
                k += 2;
            } else if w(k, "SET") && (w(k + 1, "NULL") || w(k + 1, "DEFAULT")) {
                k += 2;
                if let Some(after) = balanced(toks, k) {
                    k = after;
                }
            } else {
                out.push(toks[i].clone());
                i += 1;
                continue;
            }
            i = k;
            continue;
        }
        out.push(toks[i].clone());
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::guard::ddl;

    #[test]
    fn a_policy_for_any_command_passes_and_nothing_else_rides_along() {
        for cmd in ["ALL", "SELECT", "INSERT", "UPDATE", "DELETE"] {
            let sql = format!("CREATE POLICY \"org_only\" ON \"einv\".\"bill_p202701\" AS PERMISSIVE FOR {cmd} TO \"report\", PUBLIC USING ((org = 1)) WITH CHECK ((org = 1))");
            assert!(ddl(&sql).is_ok(), "{sql}: {:?}", ddl(&sql));
        }
        for bad in [
            "CREATE POLICY p ON t AS PERMISSIVE FOR SELECT TO r USING ((SELECT 1 FROM x WHERE y IN (DELETE FROM z RETURNING 1)))",
            "CREATE POLICY p ON t AS PERMISSIVE FOR SELECT TO r USING (true); DROP TABLE t",
            "CREATE POLICY p ON t AS PERMISSIVE FOR TRUNCATE TO r USING (true)",
            "CREATE POLICY p ON t AS PERMISSIVE FOR SELECT TO r USING (true) ALTER",
            "CREATE POLICY p ON t FOR SELECT TO r USING (true)",
        ] {
            assert!(ddl(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_foreign_keys_actions_pass_only_in_their_place() {
        let ok = "ALTER TABLE \"einv\".\"bill_p202701\" ADD CONSTRAINT \"fk\" FOREIGN KEY (org) REFERENCES einv.org(id) ON UPDATE CASCADE ON DELETE SET NULL (org)";
        assert!(ddl(ok).is_ok(), "{:?}", ddl(ok));
        assert!(ddl("ALTER TABLE t ADD CONSTRAINT c CHECK (k > 0) ON DELETE CASCADE").is_err());
        assert!(ddl(
            "ALTER TABLE t ADD CONSTRAINT c FOREIGN KEY (a) REFERENCES o(id) ON DELETE FROM x"
        )
        .is_err());
        assert!(ddl("ALTER TABLE t ENABLE ROW LEVEL SECURITY").is_ok());
        assert!(ddl("ALTER TABLE t DISABLE ROW LEVEL SECURITY").is_err());
        assert!(ddl("COMMENT ON COLUMN \"einv\".\"bill_p202701\".\"k\" IS '开票日期'").is_ok());
        assert!(ddl("COMMENT ON TABLE t IS 'x'; DROP TABLE t").is_err());
        assert!(ddl("COMMENT ON FUNCTION f() IS 'x'").is_err());
    }
}
