//! The site file: one hospital, written by the engineer. Never holds a password.

use super::SourceFile;
use crate::db::url::DbUrl;
use crate::model::key_codec::StatedFormat;
use crate::model::time::SiteZone;
use crate::msg;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Hospital name as it appears on the ticket.
    pub hospital: String,
    /// Hospital code; names the state directory.
    pub code: String,
    #[serde(default)]
    pub province: Option<String>,
    pub database: DatabaseSpec,
    /// NTP servers giving the reference time (`host` or `host:port`).
    #[serde(default)]
    pub ntp: Vec<String>,
    /// Fewer usable NTP servers than this fails the clock check (like chronyd's `minsources`).
    #[serde(default = "one")]
    pub ntp_min_sources: usize,
    /// Hosts whose clocks are checked: `local`, `database`, `http://…`, `ssh:target`.
    #[serde(default)]
    pub clock_hosts: Vec<String>,
    /// The hospital's time zone (tz database name); China has one: Asia/Shanghai.
    #[serde(default = "default_zone")]
    pub time_zone: String,
    /// Facts of this hospital's tables the province plan cannot know.
    #[serde(default, skip_serializing_if = "SitePartitions::is_empty")]
    pub partitions: SitePartitions,
    /// Who answers when a failure is not responded to in time (the report names them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation: Option<Escalation>,
    /// Where this hospital's state directories live (relative to the site file); by default
    /// `yearend-state/` beside the site file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_dir: Option<std::path::PathBuf>,
    /// How long a prompt waits for an answer before the run ends as 无人应答 (default 30m).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_timeout: Option<crate::config::types::Span>,
}

/// A prompt left open holds the run lock and the database session: after this it ends the run.
pub const PROMPT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30 * 60);

impl Site {
    pub fn prompt_timeout(&self) -> std::time::Duration {
        self.prompt_timeout.map_or(PROMPT_TIMEOUT, |s| s.0)
    }

    /// Where this hospital's state directories live: the site's `state_dir:` (relative to the site
    /// file; an absolute one as it is), else `yearend-state/` beside the site file.
    pub fn state_base(&self, site_path: &Path) -> std::path::PathBuf {
        let site_dir = site_path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        match &self.state_dir {
            Some(c) => site_dir.join(c),
            None => site_dir.join("yearend-state"),
        }
    }

    /// The state directory of `year`, found from this site file (see `StateDir::find`); a note for
    /// stderr is said here.
    pub fn state(
        &self,
        site_path: &Path,
        explicit: Option<&Path>,
        year: i32,
        writing: bool,
    ) -> anyhow::Result<crate::record::state::StateDir> {
        let (state, note) = crate::record::state::StateDir::find(
            explicit,
            &self.state_base(site_path),
            &self.code,
            year,
            writing,
        )?;
        if let Some(n) = note {
            crate::say_err!("{n}");
        }
        Ok(state)
    }
}

/// The escalation contact of DB4403/T 503.6 §9.2 b): the O&M lead's superior.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    pub name: String,
    pub phone: String,
}

fn one() -> usize {
    1
}

fn default_zone() -> String {
    crate::model::time::DEFAULT_ZONE.to_string()
}

/// `partitions:` in the site file: tables left out (with why) and key formats stated.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SitePartitions {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<Exclusion>,
    /// `schema.table: format`, e.g. `einv.bill_log: epoch_seconds`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub key_format: BTreeMap<String, String>,
    /// MySQL/MariaDB: the most rows a REORGANIZE of a table's MAXVALUE partition may copy (under
    /// a lock) without `--confirm <step>`; [`MAX_ROWS_TO_MOVE`] when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_rows_to_move: Option<u64>,
}

/// Rows a REORGANIZE may copy without confirmation: about 2 s of lock at the copy rate below.
pub const MAX_ROWS_TO_MOVE: u64 = 100_000;

/// What REORGANIZE copies per second on MariaDB 10.11 here (8,000 rows in 113 ms; `bench/run.sh`
/// measures it): an estimate for the plan line, never a promise.
pub const COPY_ROWS_PER_SECOND: u64 = 50_000;

impl SitePartitions {
    fn is_empty(&self) -> bool {
        self.exclude.is_empty() && self.key_format.is_empty() && self.max_rows_to_move.is_none()
    }

    pub fn max_rows_to_move(&self) -> u64 {
        self.max_rows_to_move.unwrap_or(MAX_ROWS_TO_MOVE)
    }

    /// The reason this table is excluded, if it is.
    pub fn exclusion(&self, table: &str) -> Option<&str> {
        self.exclude
            .iter()
            .find(|e| crate::model::glob::matches(&e.table, table))
            .map(|e| e.reason.as_str())
    }

    /// What the site says this table's key holds.
    pub fn stated(&self, table: &str) -> Option<StatedFormat> {
        self.key_format
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(table))
            .and_then(|(_, f)| StatedFormat::parse(f).ok())
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    /// `schema.table` (globs allowed).
    pub table: String,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSpec {
    pub url: String,
    /// Schemas holding the business tables.
    #[serde(default)]
    pub schemas: Vec<String>,
    /// PostgreSQL: the plan's own queries (checks, stock, templates) run under this role
    /// (`SET LOCAL ROLE`), so they read only what the role may read.
    #[serde(default)]
    pub query_role: Option<String>,
    /// Only here to give a clear error: a password in the site file is refused.
    #[serde(default, skip_serializing)]
    password: Option<serde::de::IgnoredAny>,
}

/// Every excluded table has a reason, every stated format reads, every name is `schema.table`.
fn check_partitions(p: &SitePartitions, file: &SourceFile) -> anyhow::Result<()> {
    let qualified = |t: &str| t.split('.').count() == 2 && !t.contains('%');
    for (i, e) in p.exclude.iter().enumerate() {
        if !qualified(&e.table) {
            return Err(file.error_at(
                &format!("partitions.exclude[{i}].table"),
                msg!("site-exclude-table", table = e.table.clone()),
            ));
        }
        if e.reason.trim().is_empty() || e.reason.contains('…') {
            return Err(file.error_at(
                &format!("partitions.exclude[{i}].reason"),
                msg!("site-exclude-reason", table = e.table.clone()),
            ));
        }
    }
    for (t, f) in &p.key_format {
        if !qualified(t) {
            return Err(file.error_at(
                &format!("partitions.key_format.{t}"),
                msg!("site-key-format-table", table = t.clone()),
            ));
        }
        StatedFormat::parse(f)
            .map_err(|why| file.error_at(&format!("partitions.key_format.{t}"), why))?;
    }
    Ok(())
}

impl Site {
    pub fn load(path: &Path) -> anyhow::Result<(Site, SourceFile)> {
        let file = SourceFile::read(path, crate::msg!("noun-site-file"))?;
        let site: Site = file.parse()?;
        if site.database.password.is_some() {
            return Err(file.error_at("database.password", msg!("site-password")));
        }
        if site.code.is_empty()
            || site.code.len() > 32
            || !site
                .code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(file.error_at("code", msg!("site-bad-code", code = site.code.clone())));
        }
        let url =
            DbUrl::parse(&site.database.url).map_err(|why| file.error_at("database.url", why))?;
        if let Some(role) = &site.database.query_role {
            if url.dialect != crate::model::dialect::Dialect::Postgres {
                return Err(
                    file.error_at("database.query_role", msg!("site-query-role-postgres-only"))
                );
            }
            if !crate::sql::name::is_plain_identifier(role) {
                return Err(file.error_at(
                    "database.query_role",
                    msg!("site-bad-role", role = role.clone()),
                ));
            }
        }
        for (i, s) in site.database.schemas.iter().enumerate() {
            if !crate::sql::name::is_plain_identifier(s) {
                return Err(file.error_at(
                    &format!("database.schemas[{i}]"),
                    msg!("site-bad-schema", schema = s.clone()),
                ));
            }
        }
        for (i, h) in site.clock_hosts.iter().enumerate() {
            let known = matches!(h.as_str(), "local" | "database")
                || h.starts_with("http://")
                || h.starts_with("ssh:");
            if !known {
                return Err(file.error_at(
                    &format!("clock_hosts[{i}]"),
                    msg!("site-bad-clock-host", host = h.clone()),
                ));
            }
        }
        let zone =
            SiteZone::parse(&site.time_zone).map_err(|why| file.error_at("time_zone", why))?;
        crate::model::time::set_display_zone(zone);
        check_partitions(&site.partitions, &file)?;
        Ok((site, file))
    }

    pub fn zone(&self) -> SiteZone {
        SiteZone::parse(&self.time_zone).expect("validated when loaded")
    }

    pub fn db_url(&self) -> DbUrl {
        DbUrl::parse(&self.database.url).expect("validated when loaded")
    }
}
