//! A database URL from the site file: `oracle://user@host:1521/service`, `postgres://…`,
//! `mysql://…`. The password is never kept: a URL carrying one is refused.

use crate::i18n::Msg;
use crate::model::dialect::Dialect;
use crate::msg;

/// A parsed database URL. `password` is never kept: a URL carrying one is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbUrl {
    pub dialect: Dialect,
    pub user: Option<String>,
    pub host: String,
    pub port: u16,
    pub database: String,
    /// `?sslmode=`: PostgreSQL and MySQL/MariaDB.
    pub tls: Tls,
}

/// How the connection is encrypted (`sslmode=disable|require|verify-full`, `sslrootcert=FILE`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Tls {
    /// Plain TCP (no sslmode, or sslmode=disable).
    #[default]
    Off,
    /// Encrypted, the server's certificate not verified (sslmode=require).
    Require,
    /// Encrypted, the certificate verified against the CA file and the host name
    /// (sslmode=verify-full&sslrootcert=/etc/yearend/hospital-ca.pem).
    VerifyFull { ca: std::path::PathBuf },
}

impl DbUrl {
    pub fn parse(url: &str) -> Result<DbUrl, Msg> {
        let (scheme, rest) = url.split_once("://").ok_or_else(|| msg!("url-shape"))?;
        let dialect = match scheme {
            "postgres" | "postgresql" => Dialect::Postgres,
            "mysql" | "mariadb" => Dialect::Mysql,
            "oracle" => Dialect::Oracle,
            other => return Err(msg!("url-unknown-scheme", scheme = other)),
        };
        let (authority, database) = rest.split_once('/').unwrap_or((rest, ""));
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        if let Some(u) = userinfo {
            if u.contains(':') {
                return Err(msg!("url-password"));
            }
        }
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse::<u16>()
                    .map_err(|_| msg!("url-bad-port", port = p))?,
            ),
            None => (hostport, dialect.default_port()),
        };
        if host.is_empty() {
            return Err(msg!("url-no-host"));
        }
        let (database, options) = database.split_once('?').unwrap_or((database, ""));
        let tls = tls_options(dialect, options)?;
        let database = database.to_string();
        if database.is_empty() {
            return Err(match dialect {
                Dialect::Oracle => msg!("url-no-service"),
                _ => msg!("url-no-database"),
            });
        }
        Ok(DbUrl {
            dialect,
            user: userinfo.filter(|u| !u.is_empty()).map(str::to_string),
            host: host.to_string(),
            port,
            database,
            tls,
        })
    }

    /// The URL as shown to people (never with a password, since none is kept).
    pub fn display(&self) -> String {
        let user = self
            .user
            .as_deref()
            .map(|u| format!("{u}@"))
            .unwrap_or_default();
        let tls = match &self.tls {
            Tls::Off => String::new(),
            Tls::Require => "?sslmode=require".into(),
            Tls::VerifyFull { ca } => format!("?sslmode=verify-full&sslrootcert={}", ca.display()),
        };
        format!(
            "{}://{user}{}:{}/{}{tls}",
            self.dialect.scheme(),
            self.host,
            self.port,
            self.database
        )
    }
}

/// The URL options yearend honours — `sslmode` and `sslrootcert`, on PostgreSQL and MySQL/MariaDB
/// — and nothing else: an option silently ignored would be a connection other than the one the
/// site file describes.
fn tls_options(dialect: Dialect, options: &str) -> Result<Tls, Msg> {
    let (mut mode, mut ca) = (None, None);
    for option in options.split('&').filter(|o| !o.is_empty()) {
        let (key, value) = option.split_once('=').unwrap_or((option, ""));
        match key.to_ascii_lowercase().as_str() {
            "password" => return Err(msg!("url-password-option")),
            "sslmode" => mode = Some(value.to_ascii_lowercase()),
            "sslrootcert" => ca = Some(std::path::PathBuf::from(value)),
            other => return Err(msg!("url-unknown-option", option = other)),
        }
    }
    if mode.is_some() && dialect == Dialect::Oracle {
        return Err(msg!("url-oracle-sslmode"));
    }
    match (mode.as_deref(), ca) {
        (None | Some("disable"), None) => Ok(Tls::Off),
        (Some("require"), None) => Ok(Tls::Require),
        (Some("verify-full"), Some(ca)) => Ok(Tls::VerifyFull { ca }),
        (Some("verify-full"), None) => Err(msg!("url-verify-full-needs-ca")),
        (Some("verify-ca"), _) => Err(msg!("url-verify-ca")),
        (_, Some(_)) => Err(msg!("url-rootcert-alone")),
        (Some(other), None) => Err(msg!("url-bad-sslmode", mode = other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(url: &str) -> String {
        DbUrl::parse(url)
            .unwrap_err()
            .render_in(crate::i18n::Lang::En)
    }

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
    fn honours_sslmode_and_refuses_every_other_option() {
        let e = refused("postgres://u@h/db?password=x");
        assert!(e.contains("password") && !e.contains("=x"), "{e}");
        assert_eq!(
            DbUrl::parse("postgres://u@h/db?sslmode=require")
                .unwrap()
                .tls,
            Tls::Require
        );
        let v = DbUrl::parse("mysql://u@h/db?sslmode=verify-full&sslrootcert=/etc/ca.pem").unwrap();
        assert_eq!(
            v.tls,
            Tls::VerifyFull {
                ca: "/etc/ca.pem".into()
            }
        );
        assert!(v
            .display()
            .ends_with("?sslmode=verify-full&sslrootcert=/etc/ca.pem"));
        for (bad, says) in [
            ("postgres://u@h/db?sslmode=verify-full", "CA certificate"),
            ("postgres://u@h/db?sslmode=verify-ca", "use verify-full"),
            ("postgres://u@h/db?sslmode=prefer", "not one of"),
            (
                "postgres://u@h/db?connect_timeout=3",
                "`connect_timeout` is not supported",
            ),
            ("oracle://u@h/svc?sslmode=require", "sqlnet.ora"),
        ] {
            assert!(refused(bad).contains(says), "{bad}");
        }
        assert_eq!(DbUrl::parse("postgres://u@h/db?").unwrap().tls, Tls::Off);
    }

    #[test]
    fn refuses_passwords_and_bad_urls() {
        assert!(refused("postgres://u:pw@h/db").contains("password"));
        assert!(refused("sqlite://x").contains("unknown database scheme"));
        assert!(refused("postgres://u@h:99999/db").contains("port"));
        assert!(refused("postgres://u@h").contains("names no database"));
    }
}
