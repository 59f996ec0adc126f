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
        let (database, options) = database.split_once('?').unwrap_or((database, ""));
        refuse_options(options)?;
        let database = database.to_string();
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

/// No URL option is honoured in this version, so none is accepted: an ignored `sslmode=require`
/// would be a plain-TCP connection the site file says is encrypted.
fn refuse_options(options: &str) -> Result<(), String> {
    let Some(first) = options.split('&').find(|o| !o.is_empty()) else {
        return Ok(());
    };
    let key = first.split('=').next().unwrap_or(first);
    if key.eq_ignore_ascii_case("password") {
        return Err("the URL holds a password (?password=…): remove it; give the password in YEAREND_DB_PASSWORD or at the prompt".into());
    }
    Err(format!(
        "the URL option `{key}` is not supported: yearend honours no URL options in this version \
         (TLS is not implemented: connections are plain TCP on the hospital network); remove `?{options}`"
    ))
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
    fn refuses_every_url_option() {
        let e = DbUrl::parse("postgres://u@h/db?password=x").unwrap_err();
        assert!(e.contains("password") && !e.contains("=x"), "{e}");
        let e = DbUrl::parse("postgres://u@h/db?sslmode=require").unwrap_err();
        assert!(e.contains("`sslmode` is not supported"), "{e}");
        assert!(DbUrl::parse("postgres://u@h/db?").is_ok());
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
