//! Oracle: `CREATE BIGFILE|SMALLFILE TABLESPACE … DATAFILE …` with one new file per file of this
//! year's tablespace, in the same directory (or ASM disk group, or OMF destination), every size
//! and autoextend setting copied explicitly: defaults differ by version (23ai: BIGFILE) and by
//! storage, so nothing is left to them.

use super::{Findings, Planned};
use crate::change::{Autoextend, Change, NewFile, TablespaceStorage};
use crate::model::catalog::{Catalog, Datafile, Tablespace};
use crate::msg;

/// Blocks per datafile at MAXSIZE UNLIMITED (Oracle reports these as MAXBYTES / block size).
const SMALLFILE_MAX_BLOCKS: u64 = 4_194_302;
const BIGFILE_MAX_BLOCKS: u64 = 4_294_967_293;
/// A smallfile tablespace holds at most this many datafiles.
const SMALLFILE_MAX_FILES: usize = 1022;

/// Where a tablespace's files live.
#[derive(Debug, PartialEq)]
enum Storage {
    /// Plain files in one directory, named by hand.
    Directory(String),
    /// ASM: `+DATA/…` names are Oracle-made; new files get only the disk group.
    DiskGroup(String),
    /// Oracle-managed files (`o1_mf_…`) on a file system: DB_CREATE_FILE_DEST names them.
    Managed(String),
}

impl Storage {
    fn of(path: &str) -> Storage {
        if let Some(rest) = path.strip_prefix('+') {
            let group = rest.split('/').next().unwrap_or_default();
            return Storage::DiskGroup(format!("+{group}"));
        }
        let (dir, base) = split_path(path);
        if base.to_ascii_lowercase().starts_with("o1_mf_") {
            Storage::Managed(dir.to_string())
        } else {
            Storage::Directory(dir.to_string())
        }
    }

    fn location(&self) -> &str {
        match self {
            Storage::Directory(d) | Storage::DiskGroup(d) | Storage::Managed(d) => d,
        }
    }
}

/// A datafile path as directory and file name, on a Unix server (`/u01/…/x.dbf`) or a Windows one
/// (`D:\ORADATA\ORCL\X.DBF`, where either separator may appear).
fn split_path(path: &str) -> (&str, &str) {
    match path.rfind(['/', '\\']) {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("", path),
    }
}

/// The separator the directory already uses, so that a Windows path stays a Windows path.
fn separator(dir: &str) -> char {
    if dir.contains('\\') && !dir.contains('/') {
        '\\'
    } else {
        '/'
    }
}

/// One new file copying `from`: the creation size, autoextend with its increment and maximum
/// (UNLIMITED when `from` is at the smallfile or bigfile limit).
fn new_file(path: Option<&str>, from: &Datafile, ts: &Tablespace) -> NewFile {
    let block = ts.block_size.unwrap_or(8192);
    let autoextend = from.autoextend.then(|| {
        let unlimited = if ts.bigfile {
            BIGFILE_MAX_BLOCKS
        } else {
            SMALLFILE_MAX_BLOCKS
        } * block;
        Autoextend {
            next_bytes: from.increment_bytes.max(block),
            max_bytes: (from.max_bytes < unlimited).then_some(from.max_bytes),
        }
    });
    NewFile {
        path: path.map(str::to_string),
        size_bytes: from.create_bytes.unwrap_or(from.bytes),
        autoextend,
    }
}

pub fn find(rules: &[String], catalog: &Catalog, year: i32) -> Findings {
    let (this, next) = ((year - 1).to_string(), year.to_string());
    let mut f = Findings::default();
    let all_paths: Vec<&str> = catalog
        .tablespaces
        .iter()
        .flat_map(|t| t.files.iter().map(|f| f.path.as_str()))
        .collect();
    let mut new_files = 0usize;
    for (ts, name) in super::this_years(rules, catalog, year, &mut f) {
        match plan_one(ts, name, catalog, &this, &next, &all_paths) {
            Ok(Some(p)) => {
                new_files += p.files;
                f.planned.push(p);
            }
            Ok(None) => f.already.push(ts.name.replacen(&this, &next, 1)),
            Err(why) => f.anomalies.push(why),
        }
    }
    if let Some(why) = data_guard(catalog, &f.planned) {
        f.anomalies.push(why);
    }
    // ORA-00059 (too many files) can only be cured by a restart: find it before creating anything.
    if let (Some(limit), Some(now)) = (
        catalog
            .parameters
            .get("db_files")
            .and_then(|v| v.parse::<usize>().ok()),
        catalog.datafile_count,
    ) {
        if now as usize + new_files > limit {
            f.anomalies
                .push(msg!("ts-ora-db-files", limit = limit, now = now, new = new_files).render());
        }
    }
    f
}

/// A primary that ships redo to Data Guard standbys: each CREATE TABLESPACE is replayed there.
/// With STANDBY_FILE_MANAGEMENT=MANUAL the standby adds an UNNAMED file and its recovery stops;
/// with a DB_FILE_NAME_CONVERT in use (the sites' paths differ) the new files' directory must be
/// one it maps. None when there is no standby or both hold.
fn data_guard(catalog: &Catalog, planned: &[Planned]) -> Option<String> {
    let p = &catalog.parameters;
    let standbys = p
        .get("standby_destinations")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(0);
    if standbys == 0 || planned.is_empty() {
        return None;
    }
    let management = p
        .get("standby_file_management")
        .map(|v| v.trim().to_uppercase());
    if management.as_deref() != Some("AUTO") {
        return Some(
            msg!(
                "ts-ora-standby-file-management",
                standbys = standbys,
                value = management.as_deref().unwrap_or("?").to_string()
            )
            .render(),
        );
    }
    let patterns: Vec<String> = p
        .get("db_file_name_convert")
        .map(|v| {
            v.split(',')
                .map(|x| x.trim().trim_matches('\'').to_string())
                .filter(|x| !x.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if patterns.is_empty() {
        return None;
    }
    let unmapped: Vec<&str> = planned
        .iter()
        .map(|pl| pl.location.as_str())
        .filter(|dir| !dir.starts_with('+') && !dir.is_empty())
        .filter(|dir| {
            !patterns
                .iter()
                .any(|pat| dir.starts_with(pat.as_str()) || pat.starts_with(*dir))
        })
        .collect();
    (!unmapped.is_empty()).then(|| {
        msg!(
            "ts-ora-name-convert",
            patterns = patterns.join(", "),
            dirs = unmapped.join(", ")
        )
        .render()
    })
}

/// The new tablespace for one of this year's, None when it already exists in the right place.
fn plan_one(
    ts: &Tablespace,
    name: String,
    catalog: &Catalog,
    this: &str,
    next: &str,
    all_paths: &[&str],
) -> Result<Option<Planned>, String> {
    let Some(first) = ts.files.first() else {
        return Err(msg!("ts-ora-no-files", name = ts.name.clone()).render());
    };
    let storage = Storage::of(&first.path);
    if let Some(other) = ts.files.iter().find(|f| Storage::of(&f.path) != storage) {
        return Err(msg!(
            "ts-ora-spread",
            name = ts.name.clone(),
            one = storage.location(),
            other = Storage::of(&other.path).location()
        )
        .render());
    }
    if let Some(existing) = catalog.tablespaces.iter().find(|t| t.name == name) {
        return if existing
            .files
            .iter()
            .all(|f| Storage::of(&f.path) == storage)
        {
            Ok(None)
        } else {
            Err(msg!(
                "ts-ora-exists-elsewhere",
                name = name.clone(),
                at = existing
                    .files
                    .first()
                    .map(|f| f.path.clone())
                    .unwrap_or_else(|| "-".into()),
                beside = ts.name.clone(),
                location = storage.location()
            )
            .render())
        };
    }
    if !ts.bigfile && ts.files.len() > SMALLFILE_MAX_FILES {
        return Err(msg!(
            "ts-ora-too-many-files",
            name = ts.name.clone(),
            n = ts.files.len()
        )
        .render());
    }
    let mut files = Vec::new();
    for file in &ts.files {
        let clause = match &storage {
            Storage::Directory(dir) => {
                let base = split_path(&file.path).1;
                if base.matches(this).count() != 1 {
                    return Err(msg!(
                        "ts-ora-file-year",
                        file = file.path.clone(),
                        year = this.to_string()
                    )
                    .render());
                }
                let path = format!("{dir}{}{}", separator(dir), base.replacen(this, next, 1));
                if all_paths.contains(&path.as_str()) {
                    return Err(msg!(
                        "ts-ora-file-taken",
                        file = path.clone(),
                        name = name.clone()
                    )
                    .render());
                }
                new_file(Some(&path), file, ts)
            }
            Storage::DiskGroup(group) => new_file(Some(group), file, ts),
            Storage::Managed(dir) => {
                let dest = catalog
                    .parameters
                    .get("db_create_file_dest")
                    .map(|d| d.trim_end_matches('/'))
                    .unwrap_or_default();
                if dest.is_empty() {
                    return Err(msg!(
                        "ts-ora-omf-no-dest",
                        name = ts.name.clone(),
                        dir = dir.clone()
                    )
                    .render());
                }
                new_file(None, file, ts)
            }
        };
        files.push(clause);
    }
    let location = match &storage {
        Storage::Managed(_) => catalog
            .parameters
            .get("db_create_file_dest")
            .cloned()
            .unwrap_or_default(),
        other => other.location().to_string(),
    };
    let change = Change::CreateTablespace {
        name: name.clone(),
        storage: TablespaceStorage::Datafiles {
            bigfile: ts.bigfile,
            block_size: ts.block_size,
            files,
        },
    };
    Ok(Some(Planned {
        from: ts.name.clone(),
        name,
        location,
        files: ts.files.len(),
        change,
    }))
}

#[cfg(test)]
mod tests {
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
        crate::i18n::with_lang(crate::i18n::Lang::En, || {
            find(&["einv_data_{year}".to_string()], c, 2027)
        })
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
}
