//! yearend's own DDL: each typed change is allowed when its rendering has exactly the shape of
//! the change's kind, and only the shapes the rollover needs exist at all.

use super::lexer::{common_checks_with, name_at, never_words, tokenize, Tok};
use super::{refuse, Class, Guarded, Refused};
use crate::change::{Change, Shape, TableRef};
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
                format!(
                    "{} was not created by this run: yearend changes only partitions it creates",
                    onto.full_name()
                ),
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
                format!(
                    "{} was not created by this run: yearend attaches only partitions it creates",
                    child.full_name()
                ),
            ));
        }
    }
    let (guarded, shape) = checked(sql, dialect == Dialect::Oracle)?;
    if !change.shapes().contains(&shape) {
        return Err(refuse(
            sql,
            format!("a {shape:?} statement cannot carry this change"),
        ));
    }
    // A MAXVALUE tail stays MAXVALUE: only a catch-all keeps a finite bound.
    if let Change::ReorganizeTail {
        tail_upper: None, ..
    } = change
    {
        if !sql.trim_end().ends_with("MAXVALUE)") {
            return Err(refuse(sql, "the MAXVALUE tail must stay MAXVALUE"));
        }
    }
    Ok(guarded)
}

/// A DDL statement in one of the allowed shapes (the shape is decided by the text alone).
pub fn ddl(sql: &str) -> Result<Guarded, Refused> {
    checked(sql, false).map(|(g, _)| g)
}

fn checked(sql: &str, backslash_literal: bool) -> Result<(Guarded, Shape), Refused> {
    if sql.trim_start().to_uppercase().starts_with("BEGIN") {
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
    // UPDATE is allowed only as the UPDATE [GLOBAL] INDEXES tail of ADD/SPLIT (Oracle).
    let body = without_index_tail(sql, &toks)?;
    never_words(sql, body, &[])?;
    if body
        .iter()
        .any(|t| t.is("UPDATE") || t.is("ALTER") && !std::ptr::eq(t, &body[0]))
    {
        return Err(refuse(
            sql,
            "UPDATE or a second ALTER inside a DDL statement",
        ));
    }
    let Some(shape) = shape_of(sql, body)? else {
        return Err(refuse(
            sql,
            "not on the allow-list (CREATE TABLESPACE, CREATE [UNLOGGED] TABLE … PARTITION OF, ALTER TABLE … ADD / SPLIT / REORGANIZE PARTITION, and on a new partition: CREATE [UNIQUE] INDEX, ADD CONSTRAINT, OWNER TO, GRANT)",
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
                if crate::sqlname::is_plain_identifier(v)
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
            "the only PL/SQL yearend sends as DDL is DBMS_STATS.COPY_TABLE_STATS(ownname, tabname, srcpartname, dstpartname)",
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
                    "UPDATE INDEXES may only place index partitions",
                ))
            }
        }
        if depth < 0 {
            return Err(refuse(sql, "UPDATE INDEXES list unbalanced"));
        }
    }
    if depth != 0 || (!rest.is_empty() && rest.first() != Some(&Tok::Punct('('))) {
        return Err(refuse(sql, "UPDATE INDEXES list unbalanced"));
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
        refuse(sql, "GRANT: yearend never changes privileges but to copy a sibling partition's grants onto a new partition")
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
        "COMMENTS",
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

/// Oracle: SPLIT PARTITION p AT (…) INTO (PARTITION new …, PARTITION p …): the split partition
/// must survive as the second one, so nothing is merged away or renamed.
fn split_keeps_tail(sql: &str, toks: &[Tok], at: usize) -> Result<bool, Refused> {
    let source = toks
        .get(at)
        .and_then(Tok::ident)
        .ok_or_else(|| refuse(sql, "SPLIT names no partition"))?;
    let into = toks
        .iter()
        .position(|t| t.is("INTO"))
        .ok_or_else(|| refuse(sql, "SPLIT without INTO"))?;
    let (names, end) = partitions_in_list(toks, into + 1)
        .ok_or_else(|| refuse(sql, "SPLIT INTO list unreadable"))?;
    if names.len() != 2 || names[1].0 != source || end != toks.len() {
        return Err(refuse(
            sql,
            "a SPLIT must keep the split partition as the second of exactly two",
        ));
    }
    Ok(true)
}

/// MySQL/MariaDB: REORGANIZE PARTITION p INTO (…, PARTITION p VALUES LESS THAN MAXVALUE): one
/// source partition only (two would be a merge) and it stays as the MAXVALUE tail.
fn reorganize_keeps_tail(sql: &str, toks: &[Tok], at: usize) -> Result<bool, Refused> {
    let source = toks
        .get(at)
        .and_then(Tok::ident)
        .ok_or_else(|| refuse(sql, "REORGANIZE names no partition"))?;
    if !toks.get(at + 1).is_some_and(|t| t.is("INTO")) {
        return Err(refuse(
            sql,
            "REORGANIZE of more than one partition is a merge: never allowed",
        ));
    }
    let (names, end) = partitions_in_list(toks, at + 2)
        .ok_or_else(|| refuse(sql, "REORGANIZE INTO list unreadable"))?;
    let Some((last, last_at)) = names.last() else {
        return Err(refuse(sql, "REORGANIZE INTO lists no partition"));
    };
    let keeps_a_bound = toks[*last_at..end].iter().any(|t| t.is("LESS"));
    if *last != source || !keeps_a_bound || end != toks.len() {
        return Err(refuse(
            sql,
            "a REORGANIZE must keep the reorganized partition as the last one, with its bound",
        ));
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::{NewPart, TableRef, TablespaceStorage};
    use crate::model::catalog::Bound;
    use crate::model::key_codec::KeyCodec;

    fn refused(sql: &str) -> String {
        ddl(sql).expect_err(sql).reason
    }

    #[test]
    fn allows_the_rollover_shapes() {
        for sql in [
            r#"CREATE TABLESPACE "einv_2027" LOCATION '/data/pg/einv_2027'"#,
            "CREATE BIGFILE TABLESPACE \"EINV_DATA_2027\" DATAFILE '/u01/oradata/ORCL/einv_data_2027_01.dbf' SIZE 1024M AUTOEXTEND ON NEXT 100M MAXSIZE UNLIMITED",
            r#"CREATE TABLE "einvoice"."bill_p202701" PARTITION OF "einvoice"."bill" FOR VALUES FROM ('2027-01-01') TO ('2027-02-01') TABLESPACE "einv_2027""#,
            r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN (TO_DATE(' 2027-02-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_2027""#,
            r#"ALTER TABLE "EINV"."BILL" SPLIT PARTITION "PMAX" AT (TO_DATE(' 2027-02-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) INTO (PARTITION "P202701" TABLESPACE "EINV_2027", PARTITION "PMAX") UPDATE INDEXES"#,
            "ALTER TABLE `einv`.`bill` ADD PARTITION (PARTITION `p202701` VALUES LESS THAN (TO_DAYS('2027-02-01')))",
            "ALTER TABLE `einv`.`bill` REORGANIZE PARTITION `pmax` INTO (PARTITION `p202701` VALUES LESS THAN (202702), PARTITION `pmax` VALUES LESS THAN MAXVALUE)",
        ] {
            ddl(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    }

    #[test]
    fn refuses_destructive_statements_with_reasons() {
        assert!(refused("DROP TABLE einv.bill").contains("never drops"));
        assert!(
            refused("DROP TABLESPACE einv_2026 INCLUDING CONTENTS AND DATAFILES").contains("DROP")
        );
        assert!(refused("ALTER DATABASE DATAFILE '/u01/x.dbf' RESIZE 10G").contains("RESIZE"));
        assert!(refused("ALTER TABLESPACE einv_2026 RENAME TO einv_2027").contains("RENAME"));
        assert!(refused("ALTER TABLESPACE einv_2026 OFFLINE").contains("OFFLINE"));
        assert!(refused("ALTER TABLE einv.bill MOVE PARTITION p1 TABLESPACE t").contains("MOVE"));
        assert!(
            refused("ALTER TABLE einv.bill MERGE PARTITIONS p1, p2 INTO PARTITION p3")
                .contains("MERGE")
        );
        assert!(refused("ALTER TABLE einv.bill DROP PARTITION p202601").contains("DROP"));
        assert!(refused("ALTER TABLE einv.bill TRUNCATE PARTITION p202601").contains("TRUNCATE"));
        assert!(refused("ALTER TABLE einv.bill DETACH PARTITION einv.bill_p1").contains("DETACH"));
        assert!(refused("CREATE TABLESPACE t DATAFILE '/u01/x.dbf' REUSE").contains("REUSE"));
        assert!(
            refused("ALTER TABLESPACE einv_2026 ADD DATAFILE '/u01/y.dbf'").contains("allow-list")
        );
        assert!(refused("ALTER TABLE einv.bill ADD COLUMN x int").contains("allow-list"));
        assert!(refused("CREATE TABLE x (a int)").contains("allow-list"));
        assert!(refused("GRANT ALL ON x TO y").contains("privileges"));
        assert!(refused("UPDATE einv.bill SET x = 1").contains("UPDATE"));
        assert!(refused("CREATE TABLESPACE t LOCATION '/x'; DROP TABLE y")
            .contains("more than one statement"));
        assert!(refused("").contains("empty"));
    }

    #[test]
    fn create_like_and_attach_only_in_their_exact_shapes() {
        for ok in [
            r#"CREATE TABLE "einv"."bill_p202701" (LIKE "einv"."bill" INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS) WITH (fillfactor=70) TABLESPACE "ts_2027""#,
            r#"CREATE UNLOGGED TABLE "einv"."bill_p202701" (LIKE "einv"."bill" INCLUDING DEFAULTS)"#,
            r#"ALTER TABLE "einv"."bill" ATTACH PARTITION "einv"."bill_p202701" FOR VALUES FROM ('2027-01-01') TO ('2027-02-01')"#,
        ] {
            ddl(ok).unwrap_or_else(|e| panic!("{e}"));
        }
        for bad in [
            r#"CREATE TABLE "einv"."x" (LIKE "einv"."bill" INCLUDING ALL, extra int)"#,
            r#"CREATE TABLE "einv"."x" (id int)"#,
            r#"CREATE TABLE "einv"."x" AS SELECT * FROM "einv"."bill""#,
            r#"ALTER TABLE "einv"."bill" DETACH PARTITION "einv"."bill_p202601""#,
            r#"ALTER TABLE "einv"."bill" ATTACH PARTITION "einv"."x" DEFAULT"#,
        ] {
            assert!(ddl(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_copy_table_stats_passes_as_plsql() {
        ddl("BEGIN DBMS_STATS.COPY_TABLE_STATS(ownname => 'EINV', tabname => 'EI_BILL', srcpartname => 'P202612', dstpartname => 'P202701'); END;").unwrap();
        for bad in [
            "BEGIN DBMS_STATS.DELETE_TABLE_STATS(ownname => 'EINV', tabname => 'EI_BILL'); END;",
            "BEGIN DBMS_STATS.COPY_TABLE_STATS(ownname => 'EINV', tabname => 'EI_BILL', srcpartname => 'P202612', dstpartname => 'P202701'); EXECUTE IMMEDIATE 'DROP TABLE x'; END;",
            "BEGIN DBMS_STATS.COPY_TABLE_STATS(ownname => 'EINV', tabname => 'x''; DROP TABLE y; --', srcpartname => 'P1', dstpartname => 'P2'); END;",
            "BEGIN EXECUTE IMMEDIATE 'DROP TABLE x'; END;",
        ] {
            assert!(ddl(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn oracle_places_index_partitions_only_in_the_two_index_shapes() {
        for ok in [
            r#"ALTER INDEX "EINV"."IX_BILL_NO" MODIFY DEFAULT ATTRIBUTES TABLESPACE "EINV_IDX_2027""#,
            r#"ALTER INDEX "EINV"."IX_BILL_NO" REBUILD PARTITION "P202701" TABLESPACE "EINV_IDX_2027""#,
            r#"ALTER TABLE "EINV"."T" SPLIT PARTITION "PMAX" AT (1) INTO (PARTITION "P1" TABLESPACE "D" LOB ("C") STORE AS (TABLESPACE "L"), PARTITION "PMAX") UPDATE INDEXES ("EINV"."IX" (PARTITION "P1" TABLESPACE "I", PARTITION "PMAX" TABLESPACE "J"))"#,
        ] {
            ddl(ok).unwrap_or_else(|e| panic!("{e}"));
        }
        for bad in [
            r#"ALTER INDEX "EINV"."IX" REBUILD"#,
            r#"ALTER INDEX "EINV"."IX" UNUSABLE"#,
            r#"ALTER INDEX "EINV"."IX" RENAME TO "X""#,
            r#"ALTER INDEX "EINV"."IX" DROP PARTITION "P1""#,
            r#"ALTER INDEX "EINV"."IX" MODIFY DEFAULT ATTRIBUTES TABLESPACE "I" PCTFREE 0"#,
            r#"ALTER TABLE "EINV"."T" SPLIT PARTITION "PMAX" AT (1) INTO (PARTITION "P1", PARTITION "PMAX") UPDATE INDEXES ("IX" (PARTITION "P1" DROP))"#,
            r#"ALTER TABLE "EINV"."T" SPLIT PARTITION "PMAX" AT (1) INTO (PARTITION "P1", PARTITION "PMAX") UPDATE INDEXES ("IX" (PARTITION "P1")"#,
        ] {
            assert!(ddl(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn refuses_merges_disguised_as_split_or_reorganize() {
        assert!(refused("ALTER TABLE t REORGANIZE PARTITION p1, p2 INTO (PARTITION p VALUES LESS THAN MAXVALUE)")
            .contains("merge"));
        assert!(refused(
            "ALTER TABLE t REORGANIZE PARTITION pmax INTO (PARTITION p202701 VALUES LESS THAN (202702), PARTITION pnew VALUES LESS THAN MAXVALUE)"
        )
        .contains("as the last one"));
        assert!(refused(
            "ALTER TABLE t SPLIT PARTITION pmax AT (1) INTO (PARTITION a, PARTITION b)"
        )
        .contains("second of exactly two"));
    }

    #[test]
    fn a_change_is_allowed_only_in_its_own_shape() {
        let table = TableRef {
            schema: "einv".into(),
            name: "bill".into(),
        };
        let part = NewPart {
            name: "p202701".into(),
            lower: Bound::Int(202701),
            upper: Bound::Int(202702),
            tablespace: None,
            unlogged: false,
            options: Vec::new(),
            segments: Vec::new(),
            stats_from: None,
            subparts: Vec::new(),
        };
        let add = Change::AddPartition {
            table: table.clone(),
            key: KeyCodec::IntYyyymm,
            part: part.clone(),
        };
        let split = Change::SplitTail {
            table,
            key: KeyCodec::IntYyyymm,
            tail: "pmax".into(),
            part,
        };
        let ts = Change::CreateTablespace {
            name: "t".into(),
            storage: TablespaceStorage::Directory("/x".into()),
        };
        let create =
            "CREATE TABLE einv.p202701 PARTITION OF einv.bill FOR VALUES FROM (202701) TO (202702)";
        change(&add, create, &[], Dialect::Postgres).unwrap();
        assert!(change(&ts, create, &[], Dialect::Postgres)
            .unwrap_err()
            .reason
            .contains("cannot carry"));
        assert!(change(&split, create, &[], Dialect::Postgres).is_err());
        change(
            &ts,
            "CREATE TABLESPACE t LOCATION '/x'",
            &[],
            Dialect::Postgres,
        )
        .unwrap();
    }

    #[test]
    fn what_a_new_partition_carries_goes_only_on_a_partition_this_run_created() {
        let new = TableRef {
            schema: "einv".into(),
            name: "bill_p202701".into(),
        };
        let old = TableRef {
            schema: "einv".into(),
            name: "bill_p202612".into(),
        };
        let grant = |t: &TableRef| Change::Grant {
            table: t.clone(),
            privileges: vec!["SELECT".into()],
            grantee: "app".into(),
        };
        let sql = |t: &TableRef| {
            format!(
                "GRANT SELECT, DELETE ON TABLE \"einv\".\"{}\" TO \"app\"",
                t.name
            )
        };
        change(
            &grant(&new),
            &sql(&new),
            std::slice::from_ref(&new),
            Dialect::Postgres,
        )
        .unwrap();
        assert!(change(
            &grant(&old),
            &sql(&old),
            std::slice::from_ref(&new),
            Dialect::Postgres
        )
        .unwrap_err()
        .reason
        .contains("not created by this run"));
        let idx = Change::CreateIndex {
            table: new.clone(),
            name: "i".into(),
            unique: true,
            rest: "USING btree (bill_no)".into(),
            tablespace: None,
        };
        change(
            &idx,
            "CREATE UNIQUE INDEX \"i\" ON \"einv\".\"bill_p202701\" USING btree (bill_no)",
            std::slice::from_ref(&new),
            Dialect::Postgres,
        )
        .unwrap();
        let owner = Change::SetOwner {
            table: new.clone(),
            owner: "o".into(),
        };
        change(
            &owner,
            "ALTER TABLE \"einv\".\"bill_p202701\" OWNER TO \"o\"",
            std::slice::from_ref(&new),
            Dialect::Postgres,
        )
        .unwrap();
        let con = Change::AddConstraint {
            table: new.clone(),
            name: "c".into(),
            definition: "UNIQUE (bill_no)".into(),
        };
        change(
            &con,
            "ALTER TABLE \"einv\".\"bill_p202701\" ADD CONSTRAINT \"c\" UNIQUE (bill_no)",
            std::slice::from_ref(&new),
            Dialect::Postgres,
        )
        .unwrap();
        ddl("CREATE UNLOGGED TABLE einv.p202701 PARTITION OF einv.bill FOR VALUES FROM (202701) TO (202702) WITH (fillfactor=70)").unwrap();
        for bad in [
            "GRANT ALL ON TABLE einv.bill_p202701 TO app",
            "GRANT SELECT ON ALL TABLES IN SCHEMA einv TO app",
            "GRANT app_admin TO app",
            "GRANT SELECT ON TABLE einv.bill_p202701 TO app WITH GRANT OPTION",
            "ALTER TABLE einv.bill OWNER TO x; DROP TABLE y",
            "CREATE INDEX CONCURRENTLY i ON einv.t USING btree (x)",
            "ALTER TABLE einv.bill ADD CONSTRAINT c FOREIGN KEY (x) REFERENCES y ON DELETE CASCADE",
        ] {
            assert!(ddl(bad).is_err(), "{bad}");
        }
    }
}
