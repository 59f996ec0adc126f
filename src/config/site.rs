//! The site file: one hospital, written by the engineer. Never holds a password.

use super::SourceFile;
use crate::db::Dialect;
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

/// A parsed database URL. `password` is never kept: a URL carrying one is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbUrl {
    pub dialect: Dialect,
    pub user: Option<String>,
    pub host: String,
    pub port: u16,
    pub database: String,
}

impl DbUrl {
    pub fn parse(url: &str) -> Result<DbUrl, String> {
        let (scheme, rest) = url.split_once("://").ok_or_else(|| {
            "a database URL looks like postgres://user@host:5432/dbname".to_string()
        })?;
        let dialect = match scheme {
            "postgres" | "postgresql" => Dialect::Postgres,
            "mysql" | "mariadb" => Dialect::Mysql,
            "oracle" => Dialect::Oracle,
            other => {
                return Err(format!(
                    "unknown database scheme `{other}`: use oracle://, postgres:// or mysql://"
                ))
            }
        };
        let (authority, database) = rest.split_once('/').unwrap_or((rest, ""));
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        if let Some(u) = userinfo {
            if u.contains(':') {
                return Err("the URL holds a password: remove it; give the password in YEAREND_DB_PASSWORD or at the prompt".into());
            }
        }
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse::<u16>()
                    .map_err(|_| format!("`{p}` is not a port number"))?,
            ),
            None => (hostport, dialect.default_port()),
        };
        if host.is_empty() {
            return Err("the URL names no host".into());
        }
        let database = database.split('?').next().unwrap_or("").to_string();
        if database.is_empty() {
            return Err(format!("the URL names no {}", dialect.database_word()));
        }
        Ok(DbUrl {
            dialect,
            user: userinfo.filter(|u| !u.is_empty()).map(str::to_string),
            host: host.to_string(),
            port,
            database,
        })
    }

    /// The URL as shown to people (never with a password, since none is kept).
    pub fn display(&self) -> String {
        let user = self
            .user
            .as_deref()
            .map(|u| format!("{u}@"))
            .unwrap_or_default();
        format!(
            "{}://{user}{}:{}/{}",
            self.dialect.scheme(),
            self.host,
            self.port,
            self.database
        )
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls_of_each_dialect() {
        let u = DbUrl::parse("postgres://yearend@127.0.0.1:5433/einvoice").unwrap();
        assert_eq!(
            (u.dialect, u.port, u.database.as_str()),
            (Dialect::Postgres, 5433, "einvoice")
        );
        assert_eq!(u.display(), "postgres://yearend@127.0.0.1:5433/einvoice");
        let o = DbUrl::parse("oracle://einv@db01/ORCLPDB1").unwrap();
        assert_eq!((o.dialect, o.port), (Dialect::Oracle, 1521));
        let m = DbUrl::parse("mysql://root@localhost/einv").unwrap();
        assert_eq!(m.port, 3306);
    }

    #[test]
    fn refuses_passwords_and_bad_urls() {
        assert!(DbUrl::parse("postgres://u:pw@h/db")
            .unwrap_err()
            .contains("password"));
        assert!(DbUrl::parse("sqlite://x")
            .unwrap_err()
            .contains("unknown database scheme"));
        assert!(DbUrl::parse("postgres://u@h:99999/db")
            .unwrap_err()
            .contains("port"));
        assert!(DbUrl::parse("postgres://u@h")
            .unwrap_err()
            .contains("names no database"));
    }
}
