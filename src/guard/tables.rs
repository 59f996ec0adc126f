//! Whether a plan query reads only the site's schemas: its relations, read from the syntax tree
//! (`relations.rs`), against the site's schemas and the current database. A name whose schema the
//! text does not say is resolved by the server as the query will be (PostgreSQL's search path
//! starts with `pg_catalog`, so `search_path` cannot confine it): such names come back to the
//! caller, which asks the server (`Database::resolve_relation`) before the query runs.

use super::relations::Relation;
use crate::model::dialect::Dialect;

/// What a plan query may read.
pub struct Scope<'a> {
    pub dialect: Dialect,
    pub schemas: &'a [String],
    /// The database the connection is in (a PostgreSQL three-part name may name only it).
    pub database: Option<&'a str>,
}

impl Scope<'_> {
    fn has_schema(&self, schema: &str) -> bool {
        self.schemas.iter().any(|s| match self.dialect {
            // Oracle names in a site file are written either way; the catalog's are upper case.
            Dialect::Oracle => s.to_uppercase() == schema,
            _ => s == schema,
        })
    }
}

/// The relations' verdict: every qualified one in a site schema, no system catalog named bare;
/// the unqualified names that remain for the server to resolve (none on Oracle, where only DUAL
/// may stand unqualified).
pub fn in_scope(relations: &[Relation], scope: &Scope) -> Result<Vec<String>, String> {
    let mut unresolved = Vec::new();
    for r in relations {
        if let Some(db) = &r.database {
            let current = scope.dialect == Dialect::Postgres && scope.database == Some(db.as_str());
            if !current {
                return Err(crate::msg!("guard-other-database", table = r.display()).render());
            }
        }
        match &r.schema {
            Some(s) if !scope.has_schema(s) => {
                return Err(crate::msg!(
                    "guard-other-schema",
                    table = r.display(),
                    schemas = scope.schemas.join(", ")
                )
                .render());
            }
            Some(_) => {}
            None if is_system_catalog(&r.name) => {
                return Err(crate::msg!("guard-system-catalog", table = r.name.clone()).render());
            }
            None if scope.dialect == Dialect::Oracle => {
                if r.name != "DUAL" {
                    return Err(crate::msg!("guard-unqualified", table = r.name.clone()).render());
                }
            }
            None => unresolved.push(r.name.clone()),
        }
    }
    Ok(unresolved)
}

/// The server's answer for an unqualified name: the schema it resolves to must be a site's.
pub fn resolved_in_scope(name: &str, schema: Option<&str>, scope: &Scope) -> Result<(), String> {
    match schema {
        Some(s) if scope.has_schema(s) => Ok(()),
        Some(s) => Err(crate::msg!(
            "guard-other-schema",
            table = format!("{name} → {s}.{name}"),
            schemas = scope.schemas.join(", ")
        )
        .render()),
        None => Err(crate::msg!("guard-unresolved", table = name.to_string()).render()),
    }
}

fn is_system_catalog(name: &str) -> bool {
    let upper = name.to_uppercase();
    [
        "PG_",
        "DBA_",
        "CDB_",
        "V$",
        "GV$",
        "X$",
        "ALL_USERS",
        "USER$",
        "LINK$",
    ]
    .iter()
    .any(|p| upper.starts_with(p))
        || ["USER", "INFORMATION_SCHEMA"].contains(&upper.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(db: Option<&str>, schema: Option<&str>, name: &str) -> Relation {
        Relation {
            database: db.map(str::to_string),
            schema: schema.map(str::to_string),
            name: name.to_string(),
        }
    }

    #[test]
    fn only_the_sites_schemas_the_current_database_and_no_system_catalog() {
        let _en = crate::i18n::speak(crate::i18n::Lang::En);
        let site = ["einvoice".to_string()];
        let pg = Scope {
            dialect: Dialect::Postgres,
            schemas: &site,
            database: Some("einvoice"),
        };
        assert_eq!(
            in_scope(&[rel(None, Some("einvoice"), "bill")], &pg),
            Ok(vec![])
        );
        assert_eq!(
            in_scope(&[rel(None, None, "bill")], &pg),
            Ok(vec!["bill".to_string()])
        );
        assert!(in_scope(&[rel(Some("einvoice"), Some("einvoice"), "bill")], &pg).is_ok());
        for bad in [
            rel(Some("einvoice"), Some("pg_catalog"), "pg_authid"),
            rel(Some("other"), Some("einvoice"), "bill"),
            rel(None, Some("EINVOICE"), "bill"),
            rel(None, Some("his"), "patient"),
            rel(None, None, "pg_authid"),
            rel(None, None, "information_schema"),
        ] {
            assert!(
                in_scope(std::slice::from_ref(&bad), &pg).is_err(),
                "{bad:?}"
            );
        }
        let ora_site = ["einv".to_string()];
        let ora = Scope {
            dialect: Dialect::Oracle,
            schemas: &ora_site,
            database: None,
        };
        assert!(in_scope(
            &[rel(None, Some("EINV"), "BILL"), rel(None, None, "DUAL")],
            &ora
        )
        .is_ok());
        assert!(in_scope(&[rel(None, None, "BILL")], &ora).is_err());
        assert!(resolved_in_scope("bill", Some("einvoice"), &pg).is_ok());
        assert!(resolved_in_scope("pg_authid", Some("pg_catalog"), &pg).is_err());
        assert!(resolved_in_scope("nothing", None, &pg).is_err());
    }
}
