//! Oracle: `CREATE BIGFILE|SMALLFILE TABLESPACE … DATAFILE …` with one new file per file of this
//! year's tablespace, in the same directory (or ASM disk group, or OMF destination), every size
//! and autoextend setting copied explicitly: defaults differ by version (23ai: BIGFILE) and by
//! storage, so nothing is left to them.

use super::{Findings, Planned};
use crate::model::catalog::{Catalog, Datafile, Extents, Tablespace};
use crate::model::change::{Autoextend, Change, NewFile, TablespaceStorage};
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
    space(catalog, &mut f);
    if encrypts_new_tablespaces(catalog) {
        for p in &f.planned {
            if catalog
                .tablespaces
                .iter()
                .any(|t| t.name == p.from && t.encrypted)
            {
                f.notes
                    .push(msg!("ts-ora-tde-auto", name = p.name.clone()).render());
            }
        }
    }
    // ORA-00059 (too many files) can only be cured by a restart: find it before creating anything.
    if let Some(pdb) = catalog.container.as_ref().filter(|c| c.is_pdb()) {
        if new_files > 0 {
            f.unchecked
                .push(msg!("ts-ora-db-files-pdb", pdb = pdb.name.clone()).render());
        }
    } else if let (Some(limit), Some(now)) = (
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
    if ts.extents == Some(Extents::Dictionary) {
        return Err(msg!("ts-ora-dictionary", name = ts.name.clone()).render());
    }
    if ts.encrypted && !encrypts_new_tablespaces(catalog) {
        return Err(msg!("ts-ora-tde", from = ts.name.clone(), name = name.clone()).render());
    }
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
    let files = new_files(ts, &storage, &name, catalog, (this, next), all_paths)?;
    let location = match &storage {
        Storage::Managed(_) => catalog
            .parameters
            .get("db_create_file_dest")
            .cloned()
            .unwrap_or_default(),
        other => other.location().to_string(),
    };
    let bytes = files.iter().map(|f| f.size_bytes).sum();
    let change = Change::CreateTablespace {
        name: name.clone(),
        storage: TablespaceStorage::Datafiles {
            bigfile: ts.bigfile,
            block_size: ts.block_size,
            files,
            extents: ts.extents.clone(),
            segment_space: ts.segment_space.clone(),
        },
    };
    Ok(Some(Planned {
        from: ts.name.clone(),
        name,
        location,
        files: ts.files.len(),
        bytes,
        change,
    }))
}

/// Next year's file for each of this year's: the same directory with the year replaced in the
/// name, the disk group, or no name under DB_CREATE_FILE_DEST.
fn new_files(
    ts: &Tablespace,
    storage: &Storage,
    name: &str,
    catalog: &Catalog,
    (this, next): (&str, &str),
    all_paths: &[&str],
) -> Result<Vec<NewFile>, String> {
    let mut files = Vec::new();
    for file in &ts.files {
        let clause = match storage {
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
                    return Err(
                        msg!("ts-ora-file-taken", file = path.clone(), name = name).render()
                    );
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
    Ok(files)
}

/// ENCRYPT_NEW_TABLESPACES = ALWAYS (12.2+): every new tablespace is encrypted by the server,
/// so next year's inherits TDE without a clause.
fn encrypts_new_tablespaces(catalog: &Catalog) -> bool {
    catalog
        .parameters
        .get("encrypt_new_tablespaces")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("ALWAYS"))
}

/// Free space for the new files: checked in ASM disk groups (V$ASM_DISKGROUP.USABLE_FILE_MB);
/// a file system's is not visible to the database, which is said, never passed silently.
fn space(catalog: &Catalog, f: &mut Findings) {
    let mut need: std::collections::BTreeMap<&str, u64> = std::collections::BTreeMap::new();
    for p in &f.planned {
        *need.entry(p.location.as_str()).or_default() += p.bytes;
    }
    for (place, bytes) in need {
        let size = crate::db::oracle::dialect::size(bytes);
        if !place.starts_with('+') {
            f.notes
                .push(msg!("ts-ora-fs-space", place = place, size = size).render());
            continue;
        }
        match catalog
            .disk_groups
            .as_ref()
            .map(|gs| gs.iter().find(|g| g.name.eq_ignore_ascii_case(place)))
        {
            Some(Some(g)) if g.usable_bytes < bytes => f.anomalies.push(
                msg!(
                    "ts-ora-asm-full",
                    group = place,
                    size = size,
                    usable = crate::db::oracle::dialect::size(g.usable_bytes)
                )
                .render(),
            ),
            Some(Some(g)) => f.notes.push(
                msg!(
                    "ts-ora-asm-ok",
                    group = place,
                    size = size,
                    usable = crate::db::oracle::dialect::size(g.usable_bytes)
                )
                .render(),
            ),
            Some(None) => f
                .unchecked
                .push(msg!("ts-ora-asm-not-seen", group = place, size = size).render()),
            None => f
                .unchecked
                .push(msg!("ts-ora-asm-not-read", group = place, size = size).render()),
        }
    }
}

#[cfg(test)]
#[path = "oracle_tests.rs"]
mod tests;
