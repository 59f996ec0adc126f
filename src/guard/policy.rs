//! The two carried shapes whose text holds words the DDL guard otherwise refuses: a policy's
//! command (`FOR INSERT`, `FOR UPDATE`, `FOR DELETE`) and a foreign key's referential actions
//! (`ON DELETE CASCADE`, `ON UPDATE SET NULL`). Each is allowed only at its one place.

use super::lexer::{after_group, name_at, never_words, Tok};
use super::{refuse, Refused};

const COMMANDS: [&str; 5] = ["ALL", "SELECT", "INSERT", "UPDATE", "DELETE"];

/// `CREATE POLICY name ON table AS PERMISSIVE|RESTRICTIVE FOR cmd TO role[, role…]
/// [USING (expr)] [WITH CHECK (expr)]`, exactly; the expressions hold no word the guard never
/// allows and no UPDATE or ALTER.
pub(super) fn shape(sql: &str, toks: &[Tok]) -> Result<(), Refused> {
    let bad = |why: &str| {
        refuse(
            sql,
            format!("CREATE POLICY: {}", crate::i18n::Msg::new(why).render()),
        )
    };
    let w = |i: usize, word: &str| toks.get(i).is_some_and(|t| t.is(word));
    let (_, i) = name_at(toks, 2).ok_or_else(|| bad("guard-ddl-no-policy-name"))?;
    if !w(i, "ON") {
        return Err(bad("guard-ddl-on-table-expected-after-the-name"));
    }
    let (_, i) = name_at(toks, i + 1).ok_or_else(|| bad("guard-ddl-no-table"))?;
    if !(w(i, "AS") && (w(i + 1, "PERMISSIVE") || w(i + 1, "RESTRICTIVE")) && w(i + 2, "FOR")) {
        return Err(bad("guard-ddl-as-permissive-restrictive-for-expected"));
    }
    if !COMMANDS.iter().any(|c| w(i + 3, c)) || !w(i + 4, "TO") {
        return Err(bad("guard-ddl-for-all-select-insert-update-delete-to-e"));
    }
    let mut at = i + 5;
    loop {
        if toks.get(at).and_then(Tok::ident).is_none() {
            return Err(bad("guard-ddl-a-role-expected"));
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
            j = after_group(rest, j).ok_or_else(|| bad("guard-ddl-an-unbalanced-expression"))?;
        }
    }
    if j != rest.len() {
        return Err(bad(
            "only USING (…) and WITH CHECK (…) may follow the roles",
        ));
    }
    never_words(sql, rest, &[])?;
    if rest.iter().any(|t| t.is("UPDATE") || t.is("ALTER")) {
        return Err(bad("guard-ddl-update-or-alter-inside-an-expression"));
    }
    Ok(())
}

/// `CREATE TRIGGER name BEFORE|AFTER|INSTEAD OF event [OR event…] ON table FOR EACH ROW|STATEMENT
/// [WHEN (expr)] EXECUTE FUNCTION|PROCEDURE f(args)`, events INSERT, UPDATE [OF columns], DELETE,
/// TRUNCATE; nothing after the call, and no word the guard never allows outside the events.
pub(super) fn trigger_shape(sql: &str, toks: &[Tok]) -> Result<(), Refused> {
    let bad = |why: &str| {
        refuse(
            sql,
            format!("CREATE TRIGGER: {}", crate::i18n::Msg::new(why).render()),
        )
    };
    let w = |i: usize, word: &str| toks.get(i).is_some_and(|t| t.is(word));
    let (_, mut i) = name_at(toks, 2).ok_or_else(|| bad("guard-ddl-no-trigger-name"))?;
    i += match () {
        _ if w(i, "BEFORE") || w(i, "AFTER") => 1,
        _ if w(i, "INSTEAD") && w(i + 1, "OF") => 2,
        _ => return Err(bad("guard-ddl-before-after-or-instead-of-expected")),
    };
    loop {
        if w(i, "UPDATE") && w(i + 1, "OF") {
            i += 2;
            while toks.get(i).and_then(Tok::ident).is_some() && !w(i, "OR") && !w(i, "ON") {
                i += 1;
                if toks.get(i) == Some(&Tok::Punct(',')) {
                    i += 1;
                }
            }
        } else if ["INSERT", "UPDATE", "DELETE", "TRUNCATE"]
            .iter()
            .any(|e| w(i, e))
        {
            i += 1;
        } else {
            return Err(bad("guard-ddl-an-event-insert-update-delete-truncate-e"));
        }
        if w(i, "OR") {
            i += 1;
        } else {
            break;
        }
    }
    if !w(i, "ON") {
        return Err(bad("guard-ddl-on-table-expected-after-the-events"));
    }
    let (_, at) = name_at(toks, i + 1).ok_or_else(|| bad("guard-ddl-no-table"))?;
    let rest = &toks[at..];
    let call = rest
        .iter()
        .position(|t| t.is("EXECUTE"))
        .ok_or_else(|| bad("guard-ddl-execute-function-expected"))?;
    let f = &rest[call + 1..];
    let called = f
        .first()
        .is_some_and(|t| t.is("FUNCTION") || t.is("PROCEDURE"))
        && name_at(f, 1).is_some_and(|(_, j)| after_group(f, j) == Some(f.len()));
    if !called {
        return Err(bad("guard-ddl-it-must-end-with-execute-function-f"));
    }
    never_words(sql, rest, &[])?;
    if rest
        .iter()
        .any(|t| t.is("UPDATE") || t.is("ALTER") || t.is("INSERT") || t.is("REFERENCING"))
    {
        return Err(bad("guard-ddl-update-insert-alter-or-referencing-after"));
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
            crate::msg!("guard-shape-comment-only-comment-on-table-column-nam").render(),
        ))
    }
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
                if let Some(after) = after_group(toks, k) {
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
        for ok in [
            "CREATE TRIGGER \"stamp\" BEFORE INSERT OR UPDATE OF a, b OR DELETE ON \"einv\".\"bill_p202701\" FOR EACH ROW WHEN ((new.k >= '2027-01-01'::date)) EXECUTE FUNCTION einv.stamp()",
            "CREATE TRIGGER \"t\" AFTER TRUNCATE ON einv.b FOR EACH STATEMENT EXECUTE FUNCTION einv.f('x', 1)",
            "ALTER TABLE einv.b DISABLE TRIGGER \"t\"",
            "ALTER TABLE einv.b ENABLE ALWAYS TRIGGER \"t\"",
        ] {
            assert!(ddl(ok).is_ok(), "{ok}: {:?}", ddl(ok));
        }
        for bad in [
            "CREATE TRIGGER t BEFORE INSERT ON b FOR EACH ROW EXECUTE FUNCTION f(); DROP TABLE b",
            "CREATE TRIGGER t BEFORE INSERT ON b FOR EACH ROW WHEN ((SELECT 1 FROM x WHERE y IN (DELETE FROM z RETURNING 1)) = 1) EXECUTE FUNCTION f()",
            "CREATE TRIGGER t BEFORE INSERT ON b REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION f()",
            "CREATE TRIGGER t BEFORE DROP ON b FOR EACH ROW EXECUTE FUNCTION f()",
            "ALTER TABLE einv.b DISABLE TRIGGER ALL",
            "ALTER TABLE einv.b ENABLE TRIGGER \"t\"",
        ] {
            assert!(ddl(bad).is_err(), "{bad}");
        }
    }
}
