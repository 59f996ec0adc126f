//! `yearend init`: a site file drafted from the database's catalog (read-only, through the same
//! guard as every read) or from a snapshot — the schemas holding partitioned tables, this
//! year's tablespaces and where they are, the server's time zone, pg_partman, and the tables that
//! would need `key_format:` or `exclude:` — for the engineer to complete (hospital, code, NTP
//! servers, escalation). It never overwrites a file.

use crate::coverage::{self, Target, Verdict};
use crate::db::url::DbUrl;
use crate::model::catalog::{Catalog, Table};
use crate::model::dialect::Dialect;
use crate::model::time::SiteZone;
use crate::msg;
use crate::platform::error;
use chrono::{Datelike, NaiveDate};
use std::collections::HashSet;
use std::path::Path;

pub struct InitArgs<'a> {
    pub url: Option<&'a str>,
    pub snapshot: Option<&'a Path>,
    pub out: &'a Path,
    pub today: NaiveDate,
}

/// What the catalog says, as the draft needs it.
struct Read {
    url: String,
    /// The database the URL names (MariaDB: the hospital's schema).
    database: String,
    /// The URL is a placeholder (from a snapshot), to be corrected.
    placeholder: bool,
    dialect: Dialect,
    catalog: Catalog,
    zone: Option<String>,
}

fn read(a: &InitArgs) -> anyhow::Result<Read> {
    if let Some(path) = a.snapshot {
        let snap = crate::db::snapshot::Snapshot::load(path)?;
        // A snapshot keeps the database's name, not its address: a placeholder that parses.
        let (scheme, port) = match snap.identity.dialect {
            Dialect::Oracle => ("oracle", 1521),
            Dialect::Mysql => ("mysql", 3306),
            Dialect::Postgres => ("postgres", 5432),
        };
        let service = snap.identity.name.rsplit('/').next().unwrap_or("db");
        return Ok(Read {
            url: format!("{scheme}://yearend@db-host:{port}/{service}"),
            database: service.to_string(),
            placeholder: true,
            dialect: snap.identity.dialect,
            catalog: snap.catalog,
            zone: None,
        });
    }
    let text = a
        .url
        .ok_or_else(|| error::input(msg!("init-needs-url").render()))?;
    let url = DbUrl::parse(text).map_err(|m| error::input(m.render()))?;
    let mut db = super::connect_for_reads(&url)?;
    let unreadable = |e: crate::db::DbError| {
        error::runtime(msg!("err-catalog-unreadable", cause = e.to_string()).render())
    };
    let names = db.inspect(&[]).map_err(unreadable)?.schemas;
    let catalog = db.inspect(&names).map_err(unreadable)?;
    let zone = db.server_zone().ok().map(|(name, _)| name);
    Ok(Read {
        url: url.display(),
        database: url.database.clone(),
        placeholder: false,
        dialect: db.dialect(),
        catalog,
        zone,
    })
}

/// The site file's text: what was read, as keys and comments.
fn draft(r: &Read, today: NaiveDate) -> String {
    let year = if today.month() == 12 {
        today.year()
    } else {
        today.year() - 1
    };
    let with_parts: Vec<&Table> = r
        .catalog
        .tables
        .iter()
        .filter(|t| !t.partitions.is_empty())
        .collect();
    let mut schemas: Vec<&str> = with_parts.iter().map(|t| t.schema.as_str()).collect();
    schemas.sort();
    schemas.dedup();
    // MariaDB: the URL names the hospital's database; others on the same server are named only.
    let mut others = Vec::new();
    if r.dialect == Dialect::Mysql && !r.database.is_empty() {
        (schemas, others) = schemas.into_iter().partition(|s| *s == r.database);
    }
    let count = |s: &str| with_parts.iter().filter(|t| t.schema == s).count();
    let mut out = vec![
        msg!("init-head-1", today = today.to_string()).render(),
        msg!("init-head-2").render(),
        "hospital: \"（请填写医院名称）\"".to_string(),
        format!(
            "code: {}   # {}",
            code_of(&r.url),
            msg!("init-code").render()
        ),
        "database:".to_string(),
    ];
    if r.placeholder {
        out.push(format!(
            "  url: {}   # {}",
            r.url,
            msg!("init-url-placeholder").render()
        ));
    } else {
        out.push(format!("  url: {}", r.url));
    }
    let listed: Vec<String> = schemas
        .iter()
        .map(|s| msg!("init-schema", schema = s.to_string(), tables = count(s)).render())
        .collect();
    out.push(format!(
        "  schemas: [{}]   # {}",
        schemas.join(", "),
        listed.join("；")
    ));
    if !others.is_empty() {
        out.push(format!(
            "  # {}",
            msg!("init-other-databases", names = others.join("、")).render()
        ));
    }
    let zone = r
        .zone
        .clone()
        .filter(|z| SiteZone::parse(z).is_ok())
        .unwrap_or_else(|| crate::model::time::DEFAULT_ZONE.to_string());
    out.push(format!(
        "time_zone: {zone}   # {}",
        msg!("init-zone", zone = r.zone.clone().unwrap_or_default()).render()
    ));
    out.push(format!("ntp: []   # {}", msg!("init-ntp").render()));
    out.push("clock_hosts: [local, database]".to_string());
    out.push(format!(
        "escalation: {{name: \"（请填写）\", phone: \"（请填写）\"}}   # {}",
        msg!("init-escalation").render()
    ));
    out.extend(tablespace_lines(&r.catalog, year));
    if r.catalog.tables.iter().any(|t| t.partman_managed) {
        let n = r
            .catalog
            .tables
            .iter()
            .filter(|t| t.partman_managed)
            .count();
        out.push(format!("# {}", msg!("init-partman", tables = n).render()));
    }
    out.extend(needs_a_word(&r.catalog, r.dialect, &zone, year + 1));
    out.join("\n") + "\n"
}

/// A code the site file accepts, from the database's name, for the engineer to replace.
fn code_of(url: &str) -> String {
    let name = url.rsplit('/').next().unwrap_or_default();
    let code: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(32)
        .collect();
    if code.is_empty() {
        "HOSPITAL".into()
    } else {
        code
    }
}

/// This year's tablespaces and where they are, as comments (the plan's tablespaces step makes
/// next year's beside them).
fn tablespace_lines(catalog: &Catalog, year: i32) -> Vec<String> {
    let y = year.to_string();
    catalog
        .tablespaces
        .iter()
        .filter(|t| t.name.contains(&y))
        .map(|t| {
            let at = t
                .location
                .clone()
                .or_else(|| t.files.first().map(|f| f.path.clone()))
                .unwrap_or_default();
            format!(
                "# {}",
                msg!("init-tablespace", name = t.name.clone(), at = at).render()
            )
        })
        .collect()
}

/// Tables the rollover would stop at or name for review, with the site-file lines that let it
/// go on (`key_format:`, `exclude:`) as comments to keep or delete.
fn needs_a_word(catalog: &Catalog, dialect: Dialect, zone: &str, year: i32) -> Vec<String> {
    let names: Vec<String> = catalog.tablespaces.iter().map(|t| t.name.clone()).collect();
    let site_zone = SiteZone::parse(zone).expect("a zone checked by the caller");
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).expect("a year");
    let (zone, offset) = (site_zone.name(), site_zone.offset_on(jan1));
    let none = HashSet::new();
    let mut out = Vec::new();
    for t in catalog.tables.iter().filter(|t| !t.partitions.is_empty()) {
        let target = Target {
            year,
            dialect,
            tablespace_rule: None,
            fill_gaps: false,
            tablespaces: &names,
            taken_names: &none,
            name_limit: catalog
                .max_identifier_bytes
                .unwrap_or_else(|| dialect.max_name_len()),
            connected_as: catalog.connected_as.as_deref(),
            zone: (zone, offset),
            stated: None,
            excluded: None,
        };
        let (reason, hint) = match coverage::analyze(t, &target) {
            Verdict::Blocked { reason, hint } => (reason, hint),
            Verdict::Review { reason, .. } => (reason, None),
            _ => continue,
        };
        out.push(format!(
            "# {}",
            msg!(
                "init-table",
                table = t.full_name(),
                reason = crate::platform::output::one_line(&reason)
            )
            .render()
        ));
        for line in hint.unwrap_or_default().lines() {
            out.push(format!("#   {line}"));
        }
    }
    if !out.is_empty() {
        out.insert(0, format!("# {}", msg!("init-tables-head").render()));
    }
    out
}

pub fn run(a: InitArgs) -> anyhow::Result<i32> {
    if a.out.exists() {
        return Err(error::input(
            msg!("init-exists", path = a.out.display().to_string()).render(),
        ));
    }
    let r = read(&a)?;
    let text = draft(&r, a.today);
    std::fs::write(a.out, &text).map_err(|e| {
        error::input(
            msg!(
                "err-cannot-write",
                path = a.out.display().to_string(),
                cause = crate::platform::error::io_reason(&e)
            )
            .render(),
        )
    })?;
    // What was written is a site file: the draft is read back as every command reads one.
    crate::config::site::Site::load(a.out)?;
    crate::say!(
        "{}",
        msg!("init-written", path = a.out.display().to_string())
    );
    Ok(0)
}
