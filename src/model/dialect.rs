//! Which database family a site runs: a word of the vocabulary, used by configuration, SQL
//! rendering and the drivers alike.

use super::param::Param;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    Postgres,
    Mysql,
    Oracle,
}

impl Dialect {
    pub const ALL: [Dialect; 3] = [Dialect::Postgres, Dialect::Mysql, Dialect::Oracle];

    pub fn scheme(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
            Dialect::Oracle => "oracle",
        }
    }

    pub fn default_port(self) -> u16 {
        match self {
            Dialect::Postgres => 5432,
            Dialect::Mysql => 3306,
            Dialect::Oracle => 1521,
        }
    }

    pub fn database_word(self) -> &'static str {
        match self {
            Dialect::Oracle => "service name",
            _ => "database",
        }
    }

    /// The database's name as people write it.
    pub fn display_name(self) -> &'static str {
        match self {
            Dialect::Postgres => "PostgreSQL",
            Dialect::Mysql => "MySQL/MariaDB",
            Dialect::Oracle => "Oracle",
        }
    }

    /// Where a person sees who holds a table's lock, in this database.
    pub fn lock_inspect_hint(self) -> &'static str {
        match self {
            Dialect::Postgres => "To see who: SELECT pid, usename, application_name, state, xact_start FROM pg_stat_activity WHERE pid IN (SELECT pid FROM pg_locks WHERE relation = 'schema.table'::regclass);",
            Dialect::Mysql => "To see who: SELECT * FROM information_schema.INNODB_TRX; and SHOW PROCESSLIST; (a metadata lock: performance_schema.metadata_locks)",
            Dialect::Oracle => "To see who: SELECT s.sid, s.serial#, s.username, s.program, s.status FROM V$LOCKED_OBJECT l JOIN V$SESSION s ON s.sid = l.session_id JOIN DBA_OBJECTS o ON o.object_id = l.object_id WHERE o.object_name = 'TABLE';",
        }
    }

    /// Bind-parameter placeholder number `n` (1-based) for a value of this type.
    pub fn placeholder(self, n: usize, param: &Param) -> String {
        match self {
            Dialect::Postgres => match param {
                // No cast: the server infers the integer type where the value is used
                // (`make_date($1, 1, 1)` takes int4) and the driver sends that type.
                Param::Int(_) => format!("${n}"),
                Param::Text(_) => format!("${n}::text"),
                Param::Date(_) => format!("${n}::date"),
            },
            Dialect::Mysql => "?".to_string(),
            Dialect::Oracle => format!(":{n}"),
        }
    }

    /// The identifier limit in bytes (Oracle: the conservative pre-12.2 one; the catalog may
    /// say the server allows more).
    pub fn max_name_len(self) -> usize {
        match self {
            Dialect::Postgres => 63,
            Dialect::Mysql => 64,
            Dialect::Oracle => 30,
        }
    }
}
