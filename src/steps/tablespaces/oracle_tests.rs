//! The Oracle tablespace decisions, table-driven, without a server.
use super::*;

const G: u64 = 1 << 30;
const M: u64 = 1 << 20;
const DIR: &str = "/u01/app/oracle/oradata/ORCL";

fn file(path: &str, create: Option<u64>) -> Datafile {
    Datafile {
        path: path.into(),
        bytes: 30 * G,
        autoextend: true,
        increment_bytes: 100 * M,
        max_bytes: 34_359_721_984,
        create_bytes: create,
    }
}

fn ts(name: &str, files: Vec<Datafile>, bigfile: bool) -> Tablespace {
    Tablespace {
        name: name.into(),
        location: None,
        files,
        bigfile,
        block_size: Some(8192),
        status: Some("ONLINE".into()),
        ..Tablespace::default()
    }
}

fn catalog(tablespaces: Vec<Tablespace>) -> Catalog {
    Catalog {
        tablespaces,
        ..Default::default()
    }
}

fn statement(p: &super::super::Planned) -> String {
    crate::db::sql_dialect(crate::model::dialect::Dialect::Oracle).render(&p.change)
}

/// In English: these tests read the reasons' words.
fn plan(c: &Catalog) -> Findings {
    let _en = crate::i18n::speak(crate::i18n::Lang::En);
    find(&["einv_data_{year}".to_string()], c, 2027)
}

#[test]
fn files_in_a_directory_get_next_years_names_and_copied_settings() {
    let mut small = file(&format!("{DIR}/einv_data_2026_02.dbf"), None);
    small.bytes = 512 * M;
    small.autoextend = false;
    let c = catalog(vec![ts(
        "EINV_DATA_2026",
        vec![
            file(&format!("{DIR}/einv_data_2026_01.dbf"), Some(4 * G)),
            small,
        ],
        false,
    )]);
    let f = plan(&c);
    assert!(f.anomalies.is_empty(), "{:?}", f.anomalies);
    assert_eq!(
        statement(&f.planned[0]),
        "CREATE SMALLFILE TABLESPACE \"EINV_DATA_2027\" DATAFILE \
         '/u01/app/oracle/oradata/ORCL/einv_data_2027_01.dbf' SIZE 4096M AUTOEXTEND ON NEXT 100M MAXSIZE UNLIMITED, \
         '/u01/app/oracle/oradata/ORCL/einv_data_2027_02.dbf' SIZE 512M AUTOEXTEND OFF BLOCKSIZE 8K"
    );
    assert_eq!(f.planned[0].location, DIR);
    crate::guard::ddl(&statement(&f.planned[0])).unwrap();
}

#[test]
fn windows_paths_keep_their_directory_and_separator() {
    let f = plan(&catalog(vec![ts(
        "EINV_DATA_2026",
        vec![
            file("D:\\ORADATA\\ORCL\\EINV_DATA_2026_01.DBF", Some(G)),
            file("D:\\ORADATA\\ORCL\\EINV_DATA_2026_02.DBF", Some(G)),
        ],
        false,
    )]));
    assert!(f.anomalies.is_empty(), "{:?}", f.anomalies);
    let sql = statement(&f.planned[0]);
    assert!(
        sql.contains("DATAFILE 'D:\\ORADATA\\ORCL\\EINV_DATA_2027_01.DBF' SIZE 1024M")
            && sql.contains("'D:\\ORADATA\\ORCL\\EINV_DATA_2027_02.DBF'"),
        "{sql}"
    );
    // Oracle reads a backslash in a string as itself: the guard accepts it for Oracle only.
    let change = &f.planned[0].change;
    crate::guard::change(change, &sql, &[], crate::model::dialect::Dialect::Oracle).unwrap();
    assert!(crate::guard::ddl(&sql).is_err());
    // OMF on Windows is upper case.
    let mut c = catalog(vec![ts(
        "EINV_DATA_2026",
        vec![file(
            "D:\\ORADATA\\ORCL\\DATAFILE\\O1_MF_EINV_DAT_KX2B7M1D_.DBF",
            Some(G),
        )],
        false,
    )]);
    c.parameters
        .insert("db_create_file_dest".into(), "D:\\ORADATA".into());
    let sql = statement(&plan(&c).planned[0]);
    assert!(sql.contains("DATAFILE SIZE 1024M"), "{sql}");
}

#[test]
fn asm_gets_the_disk_group_and_omf_the_destination() {
    let mut big = file(
        "+DATA/ORCL/DATAFILE/einv_data_2026.281.1198765432",
        Some(50 * G),
    );
    big.max_bytes = 35_184_372_064_256;
    big.increment_bytes = G;
    let f = plan(&catalog(vec![ts("EINV_DATA_2026", vec![big], true)]));
    assert_eq!(
        statement(&f.planned[0]),
        "CREATE BIGFILE TABLESPACE \"EINV_DATA_2027\" DATAFILE '+DATA' SIZE 51200M AUTOEXTEND ON NEXT 1024M MAXSIZE UNLIMITED BLOCKSIZE 8K"
    );
    let mut limited = file(
        "/u02/oradata/ORCL/datafile/o1_mf_einv_dat_kx2b7m1d_.dbf",
        Some(G),
    );
    limited.max_bytes = 16 * G;
    let mut c = catalog(vec![ts("EINV_DATA_2026", vec![limited], false)]);
    let f = plan(&c);
    assert!(
        f.anomalies[0].contains("DB_CREATE_FILE_DEST is not set"),
        "{:?}",
        f.anomalies
    );
    c.parameters
        .insert("db_create_file_dest".into(), "/u02/oradata".into());
    let f = plan(&c);
    assert_eq!(
        statement(&f.planned[0]),
        "CREATE SMALLFILE TABLESPACE \"EINV_DATA_2027\" DATAFILE SIZE 1024M AUTOEXTEND ON NEXT 100M MAXSIZE 16384M BLOCKSIZE 8K"
    );
    crate::guard::ddl(&statement(&f.planned[0])).unwrap();
}

#[test]
fn anything_unexpected_stops_with_the_reason() {
    let cases: Vec<(Vec<Tablespace>, &str)> = vec![
        (
            vec![ts(
                "EINV_DATA_2026",
                vec![
                    file(&format!("{DIR}/a_2026.dbf"), None),
                    file("/u02/b_2026.dbf", None),
                ],
                false,
            )],
            "spread over several places",
        ),
        (
            vec![ts(
                "EINV_DATA_2026",
                vec![file(&format!("{DIR}/einv_data01.dbf"), None)],
                false,
            )],
            "does not hold the year 2026 exactly once",
        ),
        (
            vec![
                ts(
                    "EINV_DATA_2026",
                    vec![file(&format!("{DIR}/einv_data_2026.dbf"), None)],
                    false,
                ),
                ts(
                    "OLD_STUFF",
                    vec![file(&format!("{DIR}/einv_data_2027.dbf"), None)],
                    false,
                ),
            ],
            "already belongs to the database",
        ),
        (
            vec![
                ts(
                    "EINV_DATA_2026",
                    vec![file(&format!("{DIR}/einv_data_2026.dbf"), None)],
                    false,
                ),
                ts(
                    "EINV_DATA_2027",
                    vec![file("/u09/elsewhere_2027.dbf", None)],
                    false,
                ),
            ],
            "already exists elsewhere",
        ),
        (
            vec![ts("EINV_DATA_2026", vec![], false)],
            "has no datafiles",
        ),
        (
            vec![ts("USERS", vec![], false)],
            "no tablespace matches `einv_data_2026`",
        ),
    ];
    for (tablespaces, want) in cases {
        let f = plan(&catalog(tablespaces));
        assert!(f.planned.is_empty());
        assert!(
            f.anomalies.iter().any(|a| a.contains(want)),
            "{want}: {:?}",
            f.anomalies
        );
    }
}

#[test]
fn an_existing_next_year_tablespace_beside_this_years_is_done_and_db_files_is_checked() {
    let this = ts(
        "EINV_DATA_2026",
        vec![file(&format!("{DIR}/einv_data_2026.dbf"), None)],
        false,
    );
    let next = ts(
        "EINV_DATA_2027",
        vec![file(&format!("{DIR}/einv_data_2027.dbf"), None)],
        false,
    );
    let f = plan(&catalog(vec![this.clone(), next]));
    assert_eq!(f.already, vec!["EINV_DATA_2027"]);
    assert!(f.anomalies.is_empty() && f.planned.is_empty());
    let mut c = catalog(vec![this]);
    c.parameters.insert("db_files".into(), "200".into());
    c.datafile_count = Some(200);
    let f = plan(&c);
    assert!(f.anomalies[0].contains("ORA-00059"), "{:?}", f.anomalies);
}

#[test]
fn data_guard_needs_automatic_standby_files_and_a_mapped_directory() {
    let mut c = catalog(vec![ts(
        "EINV_DATA_2026",
        vec![file(&format!("{DIR}/einv_data_2026_01.dbf"), Some(G))],
        false,
    )]);
    c.parameters
        .insert("standby_destinations".into(), "1".into());
    c.parameters
        .insert("standby_file_management".into(), "MANUAL".into());
    let f = plan(&c);
    assert!(
        f.anomalies
            .iter()
            .any(|a| a.contains("STANDBY_FILE_MANAGEMENT is MANUAL")
                && a.contains("ALTER SYSTEM SET STANDBY_FILE_MANAGEMENT=AUTO SCOPE=BOTH")),
        "{:?}",
        f.anomalies
    );
    c.parameters
        .insert("standby_file_management".into(), "AUTO".into());
    assert!(
        plan(&c).anomalies.is_empty(),
        "AUTO and the same paths: fine"
    );
    c.parameters.insert(
        "db_file_name_convert".into(),
        "'/u02/oradata/STBY/', '/u01/oradata/PRIM/'".into(),
    );
    let f = plan(&c);
    assert!(
        f.anomalies
            .iter()
            .any(|a| a.contains("maps none of /u01/app/oracle/oradata/ORCL")),
        "{:?}",
        f.anomalies
    );
    c.parameters.insert(
        "db_file_name_convert".into(),
        "'/u02/app/oracle/oradata/STBY/', '/u01/app/oracle/oradata/ORCL/'".into(),
    );
    assert!(plan(&c).anomalies.is_empty(), "{:?}", plan(&c).anomalies);
    c.parameters
        .insert("standby_destinations".into(), "0".into());
    c.parameters
        .insert("standby_file_management".into(), "MANUAL".into());
    assert!(
        plan(&c).anomalies.is_empty(),
        "no standby: nothing to check"
    );
}

#[test]
fn storage_kinds() {
    assert_eq!(
        Storage::of("/u01/app/oracle/oradata/ORCL/einv_data_2026_01.dbf"),
        Storage::Directory("/u01/app/oracle/oradata/ORCL".into())
    );
    assert_eq!(
        Storage::of("+DATA/ORCL/DATAFILE/einv_idx_2026.281.1122334455"),
        Storage::DiskGroup("+DATA".into())
    );
    assert_eq!(
        Storage::of("/u02/oradata/ORCL/datafile/o1_mf_einv_dat_kx2b7m1d_.dbf"),
        Storage::Managed("/u02/oradata/ORCL/datafile".into())
    );
}

#[test]
fn extents_and_segment_space_are_copied_and_dictionary_is_refused() {
    let mut t = ts(
        "EINV_DATA_2026",
        vec![file(&format!("{DIR}/einv_data_2026_01.dbf"), Some(G))],
        false,
    );
    t.extents = Some(Extents::Uniform(M));
    t.segment_space = Some("AUTO".into());
    let f = plan(&catalog(vec![t.clone()]));
    assert!(
        statement(&f.planned[0]).ends_with(
            "BLOCKSIZE 8K EXTENT MANAGEMENT LOCAL UNIFORM SIZE 1M SEGMENT SPACE MANAGEMENT AUTO"
        ),
        "{}",
        statement(&f.planned[0])
    );
    t.extents = Some(Extents::Autoallocate);
    let f = plan(&catalog(vec![t.clone()]));
    assert!(statement(&f.planned[0]).contains("EXTENT MANAGEMENT LOCAL AUTOALLOCATE"));
    t.extents = Some(Extents::Dictionary);
    let f = plan(&catalog(vec![t]));
    assert!(f.planned.is_empty() && f.anomalies[0].contains("dictionary-managed"));
}

#[test]
fn an_encrypted_tablespace_is_never_followed_by_a_clear_one() {
    let mut t = ts(
        "EINV_DATA_2026",
        vec![file(&format!("{DIR}/einv_data_2026_01.dbf"), Some(G))],
        false,
    );
    t.encrypted = true;
    let mut c = catalog(vec![t]);
    let f = plan(&c);
    assert!(f.planned.is_empty(), "not created in clear");
    assert!(
        f.anomalies[0].contains("TDE-encrypted") && f.anomalies[0].contains("ENCRYPTION USING")
    );
    c.parameters
        .insert("encrypt_new_tablespaces".into(), "ALWAYS".into());
    let f = plan(&c);
    assert_eq!(f.planned.len(), 1);
    assert!(
        f.notes
            .iter()
            .any(|n| n.contains("encrypted by the server")),
        "{:?}",
        f.notes
    );
}

#[test]
fn free_space_is_checked_in_asm_and_said_unchecked_elsewhere() {
    let asm = |usable_gb: u64| {
        let mut c = catalog(vec![ts(
            "EINV_DATA_2026",
            vec![file(
                "+DATA/ORCL/DATAFILE/einv_data.273.1122334455",
                Some(4 * G),
            )],
            false,
        )]);
        c.disk_groups = Some(vec![crate::model::catalog::DiskGroup {
            name: "+DATA".into(),
            usable_bytes: usable_gb * G,
        }]);
        c
    };
    let f = plan(&asm(3));
    assert!(
        f.anomalies
            .iter()
            .any(|a| a.contains("+DATA has 3072M usable") && a.contains("need 4096M")),
        "{:?}",
        f.anomalies
    );
    let f = plan(&asm(100));
    assert!(
        f.anomalies.is_empty() && f.notes.iter().any(|n| n.contains("4096M, 102400M usable")),
        "{:?}",
        f.notes
    );
    let mut unseen = asm(100);
    unseen.disk_groups = Some(Vec::new());
    assert!(plan(&unseen).unchecked[0].contains("not in this instance's V$ASM_DISKGROUP"));
    let fs = plan(&catalog(vec![ts(
        "EINV_DATA_2026",
        vec![file(&format!("{DIR}/einv_data_2026_01.dbf"), Some(G))],
        false,
    )]));
    assert!(fs
        .notes
        .iter()
        .any(|n| n.contains("free space on the file system not checked") && n.contains(DIR)));
}

#[test]
fn in_a_pdb_db_files_is_not_checked_and_says_so() {
    let mut c = catalog(vec![ts(
        "EINV_DATA_2026",
        vec![file(&format!("{DIR}/einv_data_2026_01.dbf"), Some(G))],
        false,
    )]);
    c.parameters.insert("db_files".into(), "200".into());
    c.datafile_count = Some(12);
    c.container = Some(crate::model::catalog::Container {
        id: 3,
        name: "EINVPDB".into(),
    });
    let f = plan(&c);
    assert_eq!(f.planned.len(), 1);
    assert!(f
        .unchecked
        .iter()
        .any(|u| u.contains("DB_FILES headroom not checked: in PDB EINVPDB")));
    c.container = Some(crate::model::catalog::Container {
        id: 0,
        name: "ORCL".into(),
    });
    assert!(plan(&c).unchecked.is_empty());
}
