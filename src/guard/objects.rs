//! What a statement of yearend's own created, read back from its text (the journal keeps SQL):
//! partitions and tablespaces, for `status --live` to look for in the catalog.

use super::lexer::{tokenize_with, Tok};

/// An object a done statement created.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Created {
    /// (schema, table, partition), as the catalog spells them.
    Partition(String, String, String),
    Tablespace(String),
}

/// `a.b` (or `b`) at `at`: the parts and the index after them.
fn name(toks: &[Tok], at: usize) -> Option<(Vec<String>, usize)> {
    let mut parts = vec![toks.get(at)?.ident()?];
    let mut i = at + 1;
    while toks.get(i) == Some(&Tok::Punct('.')) {
        parts.push(toks.get(i + 1)?.ident()?);
        i += 2;
    }
    Some((parts, i))
}

fn split(parts: Vec<String>) -> (String, String) {
    match parts.as_slice() {
        [s, n] => (s.clone(), n.clone()),
        [n] => (String::new(), n.clone()),
        _ => (String::new(), parts.last().cloned().unwrap_or_default()),
    }
}

/// The partitions a `( PARTITION p …, PARTITION q … )` list names, but `except`.
fn listed(toks: &[Tok], open: usize, except: Option<&str>) -> Vec<String> {
    let mut depth = 0;
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct('(') => depth += 1,
            Tok::Punct(')') => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            t if depth == 1 && t.is("PARTITION") => {
                if let Some(p) = toks.get(i + 1).and_then(Tok::ident) {
                    if Some(p.as_str()) != except {
                        out.push(p);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The objects `sql` (one of yearend's DDL shapes) creates; empty for anything else.
pub fn created(sql: &str) -> Vec<Created> {
    let Ok(toks) = tokenize_with(sql, true) else {
        return Vec::new();
    };
    let w = |i: usize, word: &str| toks.get(i).is_some_and(|t| t.is(word));
    if w(0, "CREATE") {
        let ts = if w(1, "BIGFILE") || w(1, "SMALLFILE") {
            2
        } else {
            1
        };
        if w(ts, "TABLESPACE") {
            return name(&toks, ts + 1)
                .map(|(p, _)| vec![Created::Tablespace(split(p).1)])
                .unwrap_or_default();
        }
        let t = if w(1, "UNLOGGED") { 2 } else { 1 };
        if w(t, "TABLE") {
            if let Some((child, i)) = name(&toks, t + 1) {
                if w(i, "PARTITION") && w(i + 1, "OF") {
                    if let Some((parent, _)) = name(&toks, i + 2) {
                        let ((s, c), (_, p)) = (split(child), split(parent));
                        return vec![Created::Partition(s, p, c)];
                    }
                }
            }
        }
        return Vec::new();
    }
    if !(w(0, "ALTER") && w(1, "TABLE")) {
        return Vec::new();
    }
    let Some((table, i)) = name(&toks, 2) else {
        return Vec::new();
    };
    let (schema, table) = split(table);
    let part = |p: String| Created::Partition(schema.clone(), table.clone(), p);
    if w(i, "ATTACH") && w(i + 1, "PARTITION") {
        return name(&toks, i + 2)
            .map(|(c, _)| vec![part(split(c).1)])
            .unwrap_or_default();
    }
    if w(i, "ADD") && w(i + 1, "PARTITION") {
        // MySQL lists them: ADD PARTITION (PARTITION p …, …); Oracle names one.
        if toks.get(i + 2) == Some(&Tok::Punct('(')) {
            return listed(&toks, i + 2, None).into_iter().map(part).collect();
        }
        return toks
            .get(i + 2)
            .and_then(Tok::ident)
            .map(part)
            .into_iter()
            .collect();
    }
    if w(i, "ADD") && toks.get(i + 1) == Some(&Tok::Punct('(')) {
        return listed(&toks, i + 1, None).into_iter().map(part).collect();
    }
    let tail = toks.get(i + 2).and_then(Tok::ident);
    if (w(i, "SPLIT") || w(i, "REORGANIZE")) && w(i + 1, "PARTITION") {
        if let Some(into) = toks.iter().position(|t| t.is("INTO")) {
            return listed(&toks, into + 1, tail.as_deref())
                .into_iter()
                .map(part)
                .collect();
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str, t: &str, c: &str) -> Created {
        Created::Partition(s.into(), t.into(), c.into())
    }

    #[test]
    fn every_creating_shape_names_what_it_created() {
        assert_eq!(
            created(
                r#"ALTER TABLE "einv"."bill" ATTACH PARTITION "einv"."bill_p202701" FOR VALUES FROM ('2027-01-01') TO ('2027-02-01')"#
            ),
            vec![p("einv", "bill", "bill_p202701")]
        );
        assert_eq!(
            created(
                r#"CREATE TABLE "einv"."bill_p202701" (LIKE "einv"."bill" INCLUDING DEFAULTS)"#
            ),
            vec![]
        );
        assert_eq!(
            created(
                r#"CREATE UNLOGGED TABLE "einv"."b_p1" PARTITION OF "einv"."b" FOR VALUES FROM (1) TO (2)"#
            ),
            vec![p("einv", "b", "b_p1")]
        );
        assert_eq!(
            created(
                r#"ALTER TABLE "EINV"."EI_BILL" ADD PARTITION "P202701" VALUES LESS THAN (1) TABLESPACE "TS""#
            ),
            vec![p("EINV", "EI_BILL", "P202701")]
        );
        assert_eq!(
            created(
                r#"ALTER TABLE "EINV"."EI_RED" SPLIT PARTITION "PMAX" AT (1) INTO (PARTITION "P202701" TABLESPACE "TS", PARTITION "PMAX") UPDATE INDEXES"#
            ),
            vec![p("EINV", "EI_RED", "P202701")]
        );
        assert_eq!(created("ALTER TABLE `db`.`t` REORGANIZE PARTITION `pmax` INTO (PARTITION `p202701` VALUES LESS THAN (1), PARTITION `p202702` VALUES LESS THAN (2), PARTITION `pmax` VALUES LESS THAN MAXVALUE)"), vec![p("db", "t", "p202701"), p("db", "t", "p202702")]);
        assert_eq!(
            created(
                "ALTER TABLE `db`.`t` ADD PARTITION (PARTITION `p202701` VALUES LESS THAN (1))"
            ),
            vec![p("db", "t", "p202701")]
        );
        assert_eq!(
            created("ALTER TABLE `db`.`t` ADD (PARTITION `p1` VALUES LESS THAN (1))"),
            vec![p("db", "t", "p1")]
        );
        assert_eq!(
            created(
                r#"CREATE SMALLFILE TABLESPACE "EINV_DATA_2027" DATAFILE '/u01/x.dbf' SIZE 1M"#
            ),
            vec![Created::Tablespace("EINV_DATA_2027".into())]
        );
        assert_eq!(
            created(r#"CREATE INDEX "ix" ON "einv"."b_p1" (no)"#),
            vec![]
        );
    }
}
