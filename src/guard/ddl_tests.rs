//! The DDL guard's cases: every shape yearend sends is allowed, everything else refused.

use super::*;
use crate::model::catalog::Bound;
use crate::model::change::{NewPart, TableRef, TablespaceStorage};
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
    let _en = crate::i18n::speak(crate::i18n::Lang::En);
    assert!(refused("DROP TABLE einv.bill").contains("never drops"));
    assert!(refused("DROP TABLESPACE einv_2026 INCLUDING CONTENTS AND DATAFILES").contains("DROP"));
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
    assert!(refused("ALTER TABLESPACE einv_2026 ADD DATAFILE '/u01/y.dbf'").contains("allow-list"));
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
        r#"CREATE TABLE "einv"."bill_p202701" (LIKE "einv"."bill" INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMPRESSION) WITH (fillfactor=70) TABLESPACE "ts_2027""#,
        r#"CREATE UNLOGGED TABLE "einv"."bill_p202701" (LIKE "einv"."bill" INCLUDING DEFAULTS)"#,
        r#"ALTER TABLE "einv"."bill" ATTACH PARTITION "einv"."bill_p202701" FOR VALUES FROM ('2027-01-01') TO ('2027-02-01')"#,
    ] {
        ddl(ok).unwrap_or_else(|e| panic!("{e}"));
    }
    for bad in [
        r#"CREATE TABLE "einv"."x" (LIKE "einv"."bill" INCLUDING ALL, extra int)"#,
        r#"CREATE TABLE "einv"."x" (LIKE "einv"."bill" INCLUDING COMMENTS)"#,
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
    let _en = crate::i18n::speak(crate::i18n::Lang::En);
    assert!(refused(
        "ALTER TABLE t REORGANIZE PARTITION p1, p2 INTO (PARTITION p VALUES LESS THAN MAXVALUE)"
    )
    .contains("merge"));
    assert!(refused(
        "ALTER TABLE t REORGANIZE PARTITION pmax INTO (PARTITION p202701 VALUES LESS THAN (202702), PARTITION pnew VALUES LESS THAN MAXVALUE)"
    )
    .contains("as the last one"));
    for bad in [
        "ALTER TABLE t SPLIT PARTITION pmax AT (1) INTO (PARTITION a, PARTITION b)",
        "ALTER TABLE t SPLIT PARTITION pmax INTO (PARTITION pmax VALUES LESS THAN (1), PARTITION a VALUES LESS THAN (2), PARTITION pmax)",
        "ALTER TABLE t SPLIT PARTITION pmax INTO (PARTITION a VALUES LESS THAN (1), PARTITION pmax VALUES LESS THAN (2))",
        "ALTER TABLE t SPLIT PARTITION pmax INTO (PARTITION pmax)",
    ] {
        assert!(
            refused(bad).contains("as the last one, once, with its own bound"),
            "{bad}"
        );
    }
    // 12c+: every new partition in one SPLIT, the tail last and unbounded.
    ddl(r#"ALTER TABLE "EINV"."T" SPLIT PARTITION "PMAX" INTO (PARTITION "P1" VALUES LESS THAN (1) TABLESPACE "D", PARTITION "P2" VALUES LESS THAN (2) TABLESPACE "D", PARTITION "PMAX") UPDATE INDEXES ("EINV"."IX" (PARTITION "P1" TABLESPACE "I", PARTITION "P2" TABLESPACE "I", PARTITION "PMAX" TABLESPACE "J"))"#)
        .unwrap();
}

#[test]
fn a_change_is_allowed_only_in_its_own_shape() {
    let _en = crate::i18n::speak(crate::i18n::Lang::En);
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
        clauses: Vec::new(),
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
    let _en = crate::i18n::speak(crate::i18n::Lang::En);
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
        "ALTER TABLE einv.bill ADD CONSTRAINT c FOREIGN KEY (x) REFERENCES y ON DELETE FROM y",
    ] {
        assert!(ddl(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_rebuilt_maxvalue_tail_restates_only_its_comment_and_directory() {
    let head = "ALTER TABLE `d`.`t` REORGANIZE PARTITION `pmax` INTO (PARTITION `p202701` VALUES LESS THAN (739282), PARTITION `pmax` VALUES LESS THAN MAXVALUE";
    for kept in [
        ")",
        " COMMENT = 'cold')",
        " COMMENT = 'old MAXVALUE ) ENGINE = MyISAM')",
        " DATA DIRECTORY = '/data/cold')",
        " COMMENT = '冷' DATA DIRECTORY = '/data/cold')",
    ] {
        assert!(
            super::tail_stays_maxvalue(&format!("{head}{kept}")),
            "{kept}"
        );
    }
    for moved in [
        " ENGINE = MyISAM)",
        " COMMENT = 'cold' ENGINE = MyISAM)",
        " DATA DIRECTORY = '/d' COMMENT = 'x')",
        " COMMENT = x)",
        " MAX_ROWS = 10)",
    ] {
        assert!(
            !super::tail_stays_maxvalue(&format!("{head}{moved}")),
            "{moved}"
        );
    }
}
