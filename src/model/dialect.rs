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

    /// Bind-parameter placeholder number `n` (1-based) for a value of this type.
    pub fn placeholder(self, n: usize, param: &Param) -> String {
        match self {
            Dialect::Postgres => match param {
                Param::Int(_) => format!("${n}::bigint"),
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
