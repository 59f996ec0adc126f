//! A database URL from the site file: `oracle://user@host:1521/service`, `postgres://…`,
//! `mysql://…`. The password is never kept: a URL carrying one is refused.

use crate::model::dialect::Dialect;

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
