//! yearend's own DDL: each typed change is allowed when its rendering has exactly the shape of
//! the change's kind, and only the shapes the rollover needs exist at all.

use super::lexer::{common_checks_with, name_at, never_words, tokenize, Tok};
use super::{refuse, Class, Guarded, Refused};
use crate::model::change::{Change, Shape, TableRef};
use crate::model::dialect::Dialect;

/// A change and the one statement it rendered to: the change's kind must allow the shape found,
/// and what a new partition carries (index, constraint, grant, owner) goes on a partition this
/// unit created, never on anything that existed before.
pub fn change(
    change: &Change,
    sql: &str,
    created: &[TableRef],
    dialect: Dialect,
) -> Result<Guarded, Refused> {
    if let Some(onto) = change.carried_onto() {
        if !created.contains(onto) {
            return Err(refuse(
                sql,
                crate::msg!("guard-not-created", table = onto.full_name()).render(),
            ));
        }
    }
    // An ATTACH attaches only the table the same unit created just before.
    if let Change::AttachPartition { table, part, .. } = change {
        let child = TableRef {
            schema: table.schema.clone(),
            name: part.name.clone(),
        };
        if !created.contains(&child) {
            return Err(refuse(
                sql,
                crate::msg!("guard-not-created-attach", table = child.full_name()).render(),
            ));
        }
    }
    let (guarded, shape) = checked(sql, dialect == Dialect::Oracle)?;
    if !change.shapes().contains(&shape) {
        return Err(refuse(
            sql,
            crate::msg!("guard-wrong-shape", shape = shape.words()).render(),
        ));
    }
    // A MAXVALUE tail stays MAXVALUE: only a catch-all keeps a finite bound.
    if let Change::ReorganizeTail {
        tail_upper: None, ..
    } = change
    {
        if !tail_stays_maxvalue(sql) {
            return Err(refuse(
                sql,
                crate::msg!("guard-shape-the-maxvalue-tail-must-stay-maxvalue").render(),
            ));
        }
    }
    Ok(guarded)
}

/// After the last MAXVALUE the tail may restate only its own COMMENT and DATA DIRECTORY, each a
/// string, in that order: `MAXVALUE [COMMENT = '…'] [DATA DIRECTORY = '…'])`, nothing else
/// (an ENGINE or a second partition after it is refused).
fn tail_stays_maxvalue(sql: &str) -> bool {
    let Ok(toks) = tokenize(sql) else {
        return false;
    };
    let Some(at) = toks.iter().rposition(|t| t.is("MAXVALUE")) else {
        return false;
    };
    let mut rest = &toks[at + 1..];
    let mut option = |words: &[&str]| {
        let n = words.len();
        let matched = rest.len() > n + 1
            && words.iter().zip(rest).all(|(w, t)| t.is(w))
            && rest[n] == Tok::Punct('=')
            && matches!(rest[n + 1], Tok::Str(_));
        if matched {
            rest = &rest[n + 2..];
        }
    };
    option(&["COMMENT"]);
    option(&["DATA", "DIRECTORY"]);
    rest == [Tok::Punct(')')]
}

/// A DDL statement in one of the allowed shapes (the shape is decided by the text alone).
pub fn ddl(sql: &str) -> Result<Guarded, Refused> {
    checked(sql, false).map(|(g, _)| g)
}

fn checked(sql: &str, backslash_literal: bool) -> Result<(Guarded, Shape), Refused> {
    let head = sql.trim_start().get(..5);
    if head.is_some_and(|h| h.eq_ignore_ascii_case("BEGIN")) {
        return copy_stats_block(sql).map(|g| (g, Shape::CopyStats));
    }
    let toks = common_checks_with(sql, backslash_literal)?;
    // GRANT is refused everywhere but in its one shape: privileges on a table to one role.
    if toks.first().is_some_and(|t| t.is("GRANT")) {
        grant_shape(sql, &toks)?;
        let guarded = Guarded {
            sql: sql.to_string(),
            class: Class::Ddl,
        };
        return Ok((guarded, Shape::Grant));
    }
    if toks.first().is_some_and(|t| t.is("CREATE")) && toks.get(1).is_some_and(|t| t.is("POLICY")) {
        super::policy::shape(sql, &toks)?;
        let guarded = Guarded {
            sql: sql.to_string(),
            class: Class::Ddl,
        };
        return Ok((guarded, Shape::CreatePolicy));
    }
    if toks.first().is_some_and(|t| t.is("CREATE")) && toks.get(1).is_some_and(|t| t.is("TRIGGER"))
    {
        super::policy::trigger_shape(sql, &toks)?;
        let guarded = Guarded {
            sql: sql.to_string(),
            class: Class::Ddl,
        };
        return Ok((guarded, Shape::CreateTrigger));
    }
    if toks.first().is_some_and(|t| t.is("COMMENT")) {
        super::policy::comment_shape(sql, &toks)?;
        let guarded = Guarded {
            sql: sql.to_string(),
            class: Class::Ddl,
        };
        return Ok((guarded, Shape::Comment));
    }
    let toks = super::policy::without_fk_actions(&toks);
    // UPDATE is allowed only as the UPDATE [GLOBAL] INDEXES tail of ADD/SPLIT (Oracle).
    let body = without_index_tail(sql, &toks)?;
    never_words(sql, body, &[])?;
    if body
        .iter()
        .any(|t| t.is("UPDATE") || t.is("ALTER") && !std::ptr::eq(t, &body[0]))
    {
        return Err(refuse(
            sql,
            crate::msg!("guard-shape-update-or-a-second-alter-inside-a-ddl-st").render(),
        ));
    }
    let Some(shape) = shape_of(sql, body)? else {
        return Err(refuse(
            sql,
            crate::msg!("guard-shape-not-on-the-allow-list-create-tablespace").render(),
        ));
    };
    let guarded = Guarded {
        sql: sql.to_string(),
        class: Class::Ddl,
    };
    Ok((guarded, shape))
}

/// The one PL/SQL block yearend's DDL may be: DBMS_STATS.COPY_TABLE_STATS with four names as
/// string literals, in exactly this form (no other call, no second statement).
fn copy_stats_block(sql: &str) -> Result<Guarded, Refused> {
    let toks = tokenize(sql).map_err(|why| refuse(sql, why))?;
    let mut names = 0;
    let shape: Vec<String> = toks
        .iter()
        .map(|t| match t {
            Tok::Word(w) => w.clone(),
            Tok::Punct(c) => c.to_string(),
            Tok::Str(v)
                if crate::sql::name::is_plain_identifier(v)
                    || v.chars().all(|c| c.is_alphanumeric() || "_$#".contains(c)) =>
            {
                names += 1;
                "S".into()
            }
            _ => "?".into(),
        })
        .collect();
    const WANT: &str = "BEGIN DBMS_STATS . COPY_TABLE_STATS ( OWNNAME = > S , TABNAME = > S , SRCPARTNAME = > S , DSTPARTNAME = > S ) ; END ;";
    if shape.join(" ") != WANT || names != 4 {
        return Err(refuse(
            sql,
            crate::msg!("guard-shape-the-only-pl-sql-yearend-sends-as-ddl-is").render(),
        ));
    }
    Ok(Guarded {
        sql: sql.to_string(),
        class: Class::Ddl,
    })
}

/// The statement without its Oracle `UPDATE [GLOBAL] INDEXES` tail. The tail may place the new
/// index partitions, `("OWNER"."IX" (PARTITION "P" TABLESPACE "TS", PARTITION "PMAX" …), …)`, and
/// hold nothing else: quoted names, PARTITION, TABLESPACE, commas and parentheses.
fn without_index_tail<'t>(sql: &str, toks: &'t [Tok]) -> Result<&'t [Tok], Refused> {
    let Some(at) = toks.iter().rposition(|t| t.is("UPDATE")) else {
        return Ok(toks);
    };
    let rest = &toks[at + 1..];
    let rest = match rest {
        [g, i, more @ ..] if g.is("GLOBAL") && i.is("INDEXES") => more,
        [i, more @ ..] if i.is("INDEXES") => more,
        _ => return Ok(toks),
    };
    let mut depth = 0i32;
    for t in rest {
        match t {
            Tok::Punct('(') => depth += 1,
            Tok::Punct(')') => depth -= 1,
            Tok::Punct(',') | Tok::Punct('.') | Tok::Quoted(_) => {}
            t if t.is("PARTITION") || t.is("TABLESPACE") => {}
            _ => {
                return Err(refuse(
                    sql,
                    crate::msg!("guard-shape-update-indexes-may-only-place-index-part").render(),
                ))
            }
        }
        if depth < 0 {
            return Err(refuse(
                sql,
                crate::msg!("guard-shape-update-indexes-list-unbalanced").render(),
            ));
        }
    }
    if depth != 0 || (!rest.is_empty() && rest.first() != Some(&Tok::Punct('('))) {
        return Err(refuse(
            sql,
            crate::msg!("guard-shape-update-indexes-list-unbalanced").render(),
        ));
    }
    Ok(&toks[..at])
}

/// Oracle: `ALTER INDEX i MODIFY DEFAULT ATTRIBUTES TABLESPACE t` and `ALTER INDEX i REBUILD
/// PARTITION p TABLESPACE t`, exactly: nothing else about an index is ever changed.
fn index_shape(body: &[Tok]) -> Option<Shape> {
    let (_, i) = name_at(body, 2)?;
    let w = |at: usize, word: &str| body.get(at).is_some_and(|t| t.is(word));
    let named = |at: usize| body.get(at).and_then(Tok::ident).is_some();
    if w(i, "MODIFY")
        && w(i + 1, "DEFAULT")
        && w(i + 2, "ATTRIBUTES")
        && w(i + 3, "TABLESPACE")
        && named(i + 4)
        && body.len() == i + 5
    {
        return Some(Shape::IndexDefaultTablespace);
    }
    if w(i, "REBUILD")
        && w(i + 1, "PARTITION")
        && named(i + 2)
        && w(i + 3, "TABLESPACE")
        && named(i + 4)
        && body.len() == i + 5
    {
        return Some(Shape::RebuildIndexPartition);
    }
    None
}

/// Which allowed shape the statement has, if any.
fn shape_of(sql: &str, body: &[Tok]) -> Result<Option<Shape>, Refused> {
    let w = |i: usize, word: &str| body.get(i).is_some_and(|t| t.is(word));
    if w(0, "CREATE") {
        let ts_at = if w(1, "BIGFILE") || w(1, "SMALLFILE") {
            2
        } else {
            1
        };
        let table_at = if w(1, "UNLOGGED") { 2 } else { 1 };
        let index_at = if w(1, "UNIQUE") { 2 } else { 1 };
        return Ok(
            if w(ts_at, "TABLESPACE") && name_at(body, ts_at + 1).is_some() {
                Some(Shape::CreateTablespace)
            } else if w(table_at, "TABLE") && create_partition_of(body, table_at + 1) {
                Some(Shape::CreatePartitionOf)
            } else if w(table_at, "TABLE") && create_like(body, table_at + 1) {
                Some(Shape::CreateStandalone)
            } else if w(index_at, "INDEX") && index_on_table(body, index_at + 1) {
                Some(Shape::CreateIndex)
            } else {
                None
            },
        );
    }
    if w(0, "ALTER") && w(1, "INDEX") {
        return Ok(index_shape(body));
    }
    if !(w(0, "ALTER") && w(1, "TABLE")) {
        return Ok(None);
    }
    Ok(match name_at(body, 2) {
        Some((_, i)) if w(i, "ADD") && w(i + 1, "PARTITION") => Some(Shape::AddPartition),
        Some((_, i))
            if w(i, "ATTACH")
                && w(i + 1, "PARTITION")
                && name_at(body, i + 2).is_some_and(|(_, j)| w(j, "FOR") && w(j + 1, "VALUES")) =>
        {
            Some(Shape::AttachPartition)
        }
        Some((_, i))
            if w(i, "ADD")
                && body.get(i + 1) == Some(&Tok::Punct('('))
                && w(i + 2, "PARTITION") =>
        {
            Some(Shape::AddPartition)
        }
        Some((_, i)) if w(i, "SPLIT") && w(i + 1, "PARTITION") => {
            split_keeps_tail(sql, body, i + 2)?.then_some(Shape::SplitPartition)
        }
        Some((_, i)) if w(i, "REORGANIZE") && w(i + 1, "PARTITION") => {
            reorganize_keeps_tail(sql, body, i + 2)?.then_some(Shape::ReorganizePartition)
        }
        Some((_, i)) if w(i, "ADD") && w(i + 1, "CONSTRAINT") && name_at(body, i + 2).is_some() => {
            Some(Shape::AddConstraint)
        }
        Some((_, i))
            if (w(i, "ENABLE") || w(i, "FORCE"))
                && w(i + 1, "ROW")
                && w(i + 2, "LEVEL")
                && w(i + 3, "SECURITY")
                && body.len() == i + 4 =>
        {
            Some(Shape::RowSecurity)
        }
        Some((_, i))
            if (w(i, "DISABLE")
                || (w(i, "ENABLE") && (w(i + 1, "REPLICA") || w(i + 1, "ALWAYS"))))
                && body.len() == i + 2 + usize::from(w(i, "ENABLE")) + 1
                && matches!(body.last(), Some(Tok::Quoted(_)))
                && w(body.len() - 2, "TRIGGER") =>
        {
            Some(Shape::TriggerState)
        }
        Some((_, i)) if w(i, "OWNER") && w(i + 1, "TO") && body.len() == i + 3 => {
            body[i + 2].ident().map(|_| Shape::SetOwner)
        }
        _ => None,
    })
}

/// `CREATE [UNIQUE] INDEX name ON table USING …`: an index, never CONCURRENTLY or IF NOT EXISTS.
fn index_on_table(toks: &[Tok], at: usize) -> bool {
    let w = |i: usize, word: &str| toks.get(i).is_some_and(|t| t.is(word));
    let Some((_, i)) = name_at(toks, at) else {
        return false;
    };
    w(i, "ON") && name_at(toks, i + 1).is_some_and(|(_, j)| w(j, "USING"))
}

/// `GRANT p[, p…] ON TABLE name TO role|PUBLIC`, the privileges named one by one.
fn grant_shape(sql: &str, toks: &[Tok]) -> Result<(), Refused> {
    const PRIVILEGES: [&str; 7] = [
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE",
        "TRUNCATE",
        "REFERENCES",
        "TRIGGER",
    ];
    let bad = || {
        refuse(
            sql,
            crate::msg!("guard-shape-grant-yearend-never-changes-privileges-b").render(),
        )
    };
    let mut i = 1;
    loop {
        match toks.get(i) {
            Some(Tok::Word(p)) if PRIVILEGES.contains(&p.as_str()) => i += 1,
            _ => return Err(bad()),
        }
        match toks.get(i) {
            Some(Tok::Punct(',')) => i += 1,
            _ => break,
        }
    }
    let w = |i: usize, word: &str| toks.get(i).is_some_and(|t| t.is(word));
    if !(w(i, "ON") && w(i + 1, "TABLE")) {
        return Err(bad());
    }
    let Some((_, j)) = name_at(toks, i + 2) else {
        return Err(bad());
    };
    if w(j, "TO") && toks.len() == j + 2 && toks[j + 1].ident().is_some() {
        Ok(())
    } else {
        Err(bad())
    }
}

fn create_partition_of(toks: &[Tok], name: usize) -> bool {
    let Some((_, i)) = name_at(toks, name) else {
        return false;
    };
    let w = |i: usize, word: &str| toks.get(i).is_some_and(|t| t.is(word));
    if !(w(i, "PARTITION") && w(i + 1, "OF")) {
        return false;
    }
    let Some((_, j)) = name_at(toks, i + 2) else {
        return false;
    };
    (w(j, "FOR") && w(j + 1, "VALUES")) || w(j, "DEFAULT")
}

/// `CREATE TABLE child (LIKE parent INCLUDING …) [WITH (…)] [TABLESPACE t]`: a new table shaped
/// like its parent, nothing else in the parentheses.
fn create_like(toks: &[Tok], name: usize) -> bool {
    let Some((_, i)) = name_at(toks, name) else {
        return false;
    };
    let w = |i: usize, word: &str| toks.get(i).is_some_and(|t| t.is(word));
    if !(toks.get(i) == Some(&Tok::Punct('(')) && w(i + 1, "LIKE")) {
        return false;
    }
    let Some((_, mut j)) = name_at(toks, i + 2) else {
        return false;
    };
    const LIKE_OPTIONS: &[&str] = &[
        "DEFAULTS",
        "CONSTRAINTS",
        "GENERATED",
        "STORAGE",
        "COMPRESSION",
    ];
    while w(j, "INCLUDING")
        && toks
            .get(j + 1)
            .is_some_and(|t| LIKE_OPTIONS.iter().any(|o| t.is(o)))
    {
        j += 2;
    }
    toks.get(j) == Some(&Tok::Punct(')'))
}

/// Names of the partitions listed inside the parentheses that start at `open`.
fn partitions_in_list(toks: &[Tok], open: usize) -> Option<(Vec<(String, usize)>, usize)> {
    if toks.get(open) != Some(&Tok::Punct('(')) {
        return None;
    }
    let mut depth = 0;
    let mut names = Vec::new();
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct('(') => depth += 1,
            Tok::Punct(')') => {
                depth -= 1;
                if depth == 0 {
                    return Some((names, i + 1));
                }
            }
            t if depth == 1 && t.is("PARTITION") => names.push((toks.get(i + 1)?.ident()?, i + 1)),
            _ => {}
        }
    }
    None
}

/// Oracle: SPLIT PARTITION p AT (…) INTO (PARTITION new …, PARTITION p …), or on 12c+ SPLIT
/// PARTITION p INTO (PARTITION new VALUES LESS THAN (…), …, PARTITION p): the split partition
/// must survive as the last one, once, with its own bound (none given), so nothing is merged
/// away, renamed or cut short.
fn split_keeps_tail(sql: &str, toks: &[Tok], at: usize) -> Result<bool, Refused> {
    let source = toks.get(at).and_then(Tok::ident).ok_or_else(|| {
        refuse(
            sql,
            crate::msg!("guard-shape-split-names-no-partition").render(),
        )
    })?;
    let into = toks
        .iter()
        .position(|t| t.is("INTO"))
        .ok_or_else(|| refuse(sql, crate::msg!("guard-shape-split-without-into").render()))?;
    let (names, end) = partitions_in_list(toks, into + 1).ok_or_else(|| {
        refuse(
            sql,
            crate::msg!("guard-shape-split-into-list-unreadable").render(),
        )
    })?;
    let Some(((last, last_at), new)) = names.split_last() else {
        return Err(refuse(
            sql,
            crate::msg!("guard-shape-split-into-lists-no-partition").render(),
        ));
    };
    let rebounds_tail = toks[*last_at..end].iter().any(|t| t.is("LESS"));
    if new.is_empty()
        || *last != source
        || new.iter().any(|(n, _)| *n == source)
        || rebounds_tail
        || end != toks.len()
    {
        return Err(refuse(
            sql,
            crate::msg!("guard-shape-a-split-must-keep-the-split-partition-as").render(),
        ));
    }
    Ok(true)
}

/// MySQL/MariaDB: REORGANIZE PARTITION p INTO (…, PARTITION p VALUES LESS THAN MAXVALUE): one
/// source partition only (two would be a merge) and it stays as the MAXVALUE tail.
fn reorganize_keeps_tail(sql: &str, toks: &[Tok], at: usize) -> Result<bool, Refused> {
    let source = toks.get(at).and_then(Tok::ident).ok_or_else(|| {
        refuse(
            sql,
            crate::msg!("guard-shape-reorganize-names-no-partition").render(),
        )
    })?;
    if !toks.get(at + 1).is_some_and(|t| t.is("INTO")) {
        return Err(refuse(
            sql,
            crate::msg!("guard-shape-reorganize-of-more-than-one-partition-is").render(),
        ));
    }
    let (names, end) = partitions_in_list(toks, at + 2).ok_or_else(|| {
        refuse(
            sql,
            crate::msg!("guard-shape-reorganize-into-list-unreadable").render(),
        )
    })?;
    let Some((last, last_at)) = names.last() else {
        return Err(refuse(
            sql,
            crate::msg!("guard-shape-reorganize-into-lists-no-partition").render(),
        ));
    };
    let keeps_a_bound = toks[*last_at..end].iter().any(|t| t.is("LESS"));
    if *last != source || !keeps_a_bound || end != toks.len() {
        return Err(refuse(
            sql,
            crate::msg!("guard-shape-a-reorganize-must-keep-the-reorganized-p").render(),
        ));
    }
    Ok(true)
}

#[cfg(test)]
#[path = "ddl_tests.rs"]
mod tests;
