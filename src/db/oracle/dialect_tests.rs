//! Oracle statements against their golden text, without a server.
use super::size;

#[test]
fn sizes_read_like_a_dba_writes_them() {
    assert_eq!(size(1073741824), "1024M");
    assert_eq!(size(8192), "8K");
    assert_eq!(size(1000), "1000");
    assert_eq!(size(34359721984), "33554416K");
}

use crate::coverage::{self, Target, Verdict};
use crate::db::dialect::SqlDialect;
use crate::model::catalog::{Bound, Partition, Table};
use crate::model::change::{NewPart, TableRef};
use crate::model::dialect::Dialect;
use chrono::NaiveDate;
use std::collections::HashSet;

fn oracle_table(schema: &str, name: &str, key_type: &str, bounds: Vec<Bound>, pmax: bool) -> Table {
    let mut partitions: Vec<Partition> = bounds
        .into_iter()
        .enumerate()
        .map(|(i, upper)| Partition {
            name: format!("P2026{:02}", i + 11),
            lower: None,
            upper,
            high_value: None,
            is_default: false,
            tablespace: Some("EINV_DATA_2026".into()),
            subpartitioned: false,
            default_bytes: None,
            carried: None,
        })
        .collect();
    if pmax {
        partitions.push(Partition {
            name: "PMAX".into(),
            lower: None,
            upper: Bound::Max,
            high_value: None,
            is_default: false,
            tablespace: Some("EINV_DATA_2026".into()),
            subpartitioned: false,
            default_bytes: None,
            carried: None,
        });
    }
    Table {
        schema: schema.into(),
        name: name.into(),
        strategy: "range".into(),
        key_columns: vec!["K".into()],
        key_type: key_type.into(),
        partitions,
        ..Default::default()
    }
}

fn first_two(table: &Table, limit: usize) -> Result<Vec<String>, String> {
    let tablespaces = ["EINV_DATA_2027".to_string()];
    let none = HashSet::new();
    let target = Target {
        year: 2027,
        dialect: Dialect::Oracle,
        tablespace_rule: Some("einv_data_{year}"),
        fill_gaps: false,
        tablespaces: &tablespaces,
        taken_names: &none,
        name_limit: limit,
        connected_as: None,
        zone: ("Asia/Shanghai", 8 * 3600),
        stated: None,
        excluded: None,
    };
    match coverage::analyze(table, &target) {
        Verdict::Extend(ext) => {
            let t = TableRef {
                schema: table.schema.clone(),
                name: table.name.clone(),
            };
            let parts: Vec<NewPart> = ext
                .new
                .iter()
                .map(|p| NewPart {
                    name: p.name.clone(),
                    lower: p.lower.clone(),
                    upper: p.upper.clone(),
                    tablespace: p.tablespace.clone(),
                    unlogged: false,
                    options: Vec::new(),
                    clauses: Vec::new(),
                    segments: Vec::new(),
                    stats_from: None,
                    subparts: Vec::new(),
                })
                .collect();
            let tail = ext
                .tail
                .as_deref()
                .map(|t| (t, ext.tail_upper.as_ref(), Default::default()));
            let changes =
                super::ORACLE_11G.extension(&t, ext.key, &parts, tail, &Default::default());
            Ok(changes
                .iter()
                .take(2)
                .map(|c| super::ORACLE_11G.render(c))
                .collect())
        }
        other => Err(format!("{other:?}")),
    }
}

fn date(y: i32, m: u32) -> Bound {
    Bound::Date(NaiveDate::from_ymd_opt(y, m, 1).unwrap())
}

#[test]
fn oracle_add_partition_for_every_key_kind() {
    let cases = [
        (
            "DATE",
            vec![date(2026, 12), date(2027, 1)],
            r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN (TO_DATE(' 2027-02-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027""#,
        ),
        (
            "TIMESTAMP(6)",
            vec![date(2026, 12), date(2027, 1)],
            r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN (TIMESTAMP' 2027-02-01 00:00:00') TABLESPACE "EINV_DATA_2027""#,
        ),
        (
            "NUMBER",
            vec![Bound::Int(202612), Bound::Int(202701)],
            r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN (202702) TABLESPACE "EINV_DATA_2027""#,
        ),
        (
            "NUMBER",
            vec![Bound::Int(20261201), Bound::Int(20270101)],
            r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN (20270201) TABLESPACE "EINV_DATA_2027""#,
        ),
        (
            "VARCHAR2",
            vec![Bound::Text("202612".into()), Bound::Text("202701".into())],
            r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN ('202702') TABLESPACE "EINV_DATA_2027""#,
        ),
    ];
    for (key_type, bounds, want) in cases {
        let got = first_two(&oracle_table("EINV", "BILL", key_type, bounds, false), 30).unwrap();
        assert_eq!(got[0], want, "{key_type}");
        crate::guard::ddl(&got[0]).unwrap();
    }
}

#[test]
fn oracle_split_of_maxvalue_one_month_at_a_time_with_update_indexes() {
    let t = oracle_table(
        "EINV",
        "BILL",
        "DATE",
        vec![date(2026, 12), date(2027, 1)],
        true,
    );
    let got = first_two(&t, 30).unwrap();
    assert_eq!(
        got,
        vec![
            r#"ALTER TABLE "EINV"."BILL" SPLIT PARTITION "PMAX" AT (TO_DATE(' 2027-02-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) INTO (PARTITION "P202701" TABLESPACE "EINV_DATA_2027", PARTITION "PMAX") UPDATE INDEXES"#,
            r#"ALTER TABLE "EINV"."BILL" SPLIT PARTITION "PMAX" AT (TO_DATE(' 2027-03-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) INTO (PARTITION "P202702" TABLESPACE "EINV_DATA_2027", PARTITION "PMAX") UPDATE INDEXES"#,
        ]
    );
    for s in got {
        crate::guard::ddl(&s).unwrap();
    }
}

#[test]
fn oracle_names_are_quoted_as_the_catalog_spells_them() {
    let t = oracle_table(
        "EInv",
        "Bill\"Log",
        "NUMBER",
        vec![Bound::Int(202612), Bound::Int(202701)],
        false,
    );
    let got = first_two(&t, 30).unwrap();
    assert!(
        got[0].starts_with(r#"ALTER TABLE "EInv"."Bill""Log" ADD PARTITION "P202701""#),
        "{}",
        got[0]
    );
}

#[test]
fn oracle_identifier_limit_blocks_long_names_before_12_2() {
    let mut t = oracle_table(
        "EINV",
        "BILL",
        "DATE",
        vec![date(2026, 12), date(2027, 1)],
        false,
    );
    for p in &mut t.partitions {
        p.name = format!("EI_BILL_DETAIL_HISTORY_{}", p.name); // 30 bytes today, 30 tomorrow
    }
    assert!(first_two(&t, 30).is_ok());
    for p in &mut t.partitions {
        p.name = format!("X{}", p.name); // 31 bytes
    }
    let err = first_two(&t, 30).unwrap_err();
    assert!(err.contains("超过 30 字节"), "{err}");
    assert!(first_two(&t, 128).is_ok(), "12.2+ allows 128 bytes");
}

#[test]
fn the_12c_forms_follow_the_server_version() {
    assert!(!super::at_least_12c(Some("11.2.0.4.0")));
    assert!(super::at_least_12c(Some("12.1.0.2.0")));
    assert!(super::at_least_12c(Some("19.3.0.0.0")));
    assert!(!super::at_least_12c(None), "unknown: the 11g forms");
}
