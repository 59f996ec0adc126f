//! The site file: one hospital, written by the engineer. Never holds a password.

use super::SourceFile;
use crate::db::url::DbUrl;
use serde::{Deserialize, Serialize};
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
    /// Hosts whose clocks are checked: `local`, `database`, `http://…`, `ssh:target`.
    #[serde(default)]
    pub clock_hosts: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSpec {
    pub url: String,
    /// Schemas holding the business tables.
    #[serde(default)]
    pub schemas: Vec<String>,
    /// Only here to give a clear error: a password in the site file is refused.
    #[serde(default, skip_serializing)]
    password: Option<serde::de::IgnoredAny>,
}

impl Site {
    pub fn load(path: &Path) -> anyhow::Result<(Site, SourceFile)> {
        let file = SourceFile::read(path, "site file")?;
        let site: Site = file.parse()?;
        if site.database.password.is_some() {
            return Err(file.error_at(
                "database.password",
                "passwords never go in the site file: remove this line and set YEAREND_DB_PASSWORD, or let yearend prompt for it",
            ));
        }
        if site.code.is_empty()
            || !site
                .code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(file.error_at(
                "code",
                format!("hospital code `{}` must be letters, digits, - or _ (it names the state directory)", site.code),
            ));
        }
        DbUrl::parse(&site.database.url).map_err(|why| file.error_at("database.url", why))?;
        for (i, s) in site.database.schemas.iter().enumerate() {
            if !crate::sqlname::is_plain_identifier(s) {
                return Err(file.error_at(
                    &format!("database.schemas[{i}]"),
                    format!("schema `{s}` is not a plain identifier (letters, digits, _ and $)"),
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
                    format!("`{h}` is not a clock host: write local, database, http://host:port/ or ssh:user@host (https is not read: no TLS in this version)"),
                ));
            }
        }
        Ok((site, file))
    }

    pub fn db_url(&self) -> DbUrl {
        DbUrl::parse(&self.database.url).expect("validated when loaded")
    }
}
