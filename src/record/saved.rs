//! Saved plans: `plan --out F` writes the statements with a fingerprint of what inspection saw;
//! `run --saved F` refuses when inspection now sees something else, and lets no statement run
//! that the saved plan does not hold, so what was reviewed is what runs.

use crate::db::{Database, Identity};
use crate::model::catalog::Catalog;
use crate::msg;
use crate::platform::error;
use crate::record::journal::{sha256_hex, Event, Record};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fingerprint {
    pub identity: Identity,
    pub plan_sha256: String,
    pub year: i32,
    pub schemas: Vec<String>,
    /// sha256 of the catalog facts that decide the statements (not sizes that grow by themselves).
    pub catalog_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedStatement {
    pub step: String,
    pub sql: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedPlan {
    pub format: u32,
    pub site_code: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub fingerprint: Fingerprint,
    pub statements: Vec<SavedStatement>,
}

/// The catalog without what changes on its own between review and run: datafile sizes that
/// autoextend (when the creation size is known) and the bytes of DEFAULT partitions.
pub fn catalog_sha256(catalog: &Catalog) -> String {
    let mut facts = catalog.clone();
    for ts in &mut facts.tablespaces {
        for f in &mut ts.files {
            if f.create_bytes.is_some() {
                f.bytes = 0;
            }
        }
    }
    for t in &mut facts.tables {
        for p in &mut t.partitions {
            p.default_bytes = p.default_bytes.map(|b| u64::from(b > 0));
        }
    }
    facts.datafile_count = None;
    sha256_hex(&serde_json::to_string(&facts).expect("catalogs serialize"))
}

pub fn fingerprint(
    db: &mut dyn Database,
    plan_sha256: &str,
    year: i32,
    schemas: &[String],
) -> anyhow::Result<Fingerprint> {
    let identity = db.identity().map_err(|e| {
        error::runtime(msg!("err-identity-unreadable", cause = e.to_string()).render())
    })?;
    let catalog = db.inspect(schemas).map_err(|e| {
        error::runtime(msg!("err-catalog-unreadable", cause = e.to_string()).render())
    })?;
    Ok(Fingerprint {
        identity,
        plan_sha256: plan_sha256.to_string(),
        year,
        schemas: schemas.to_vec(),
        catalog_sha256: catalog_sha256(&catalog),
    })
}

impl SavedPlan {
    /// The statements a dry-run recorded, in order.
    pub fn from_records(
        site_code: &str,
        fingerprint: Fingerprint,
        records: &[Record],
    ) -> SavedPlan {
        let statements = records
            .iter()
            .filter_map(|r| match &r.event {
                Event::StatementSent { step, sql, sha256 } => Some(SavedStatement {
                    step: step.clone(),
                    sql: sql.clone(),
                    sha256: sha256.clone(),
                }),
                _ => None,
            })
            .collect();
        SavedPlan {
            format: FORMAT,
            site_code: site_code.to_string(),
            created_at: chrono::Utc::now(),
            fingerprint,
            statements,
        }
    }

    pub fn holds(&self, step: &str, sql: &str) -> bool {
        self.statements
            .iter()
            .any(|s| s.step == step && s.sql == sql)
    }

    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        crate::platform::jsonfile::save(path, self)
    }

    pub fn load(path: &Path) -> anyhow::Result<SavedPlan> {
        let saved: SavedPlan = crate::platform::jsonfile::load(path, "what-saved-plan")?;
        if saved.format != FORMAT {
            return Err(error::input(
                msg!(
                    "saved-format",
                    path = path.display().to_string(),
                    got = saved.format,
                    want = FORMAT
                )
                .render(),
            ));
        }
        for s in &saved.statements {
            if sha256_hex(&s.sql) != s.sha256 {
                return Err(error::input(
                    msg!(
                        "saved-edited",
                        path = path.display().to_string(),
                        step = s.step.clone()
                    )
                    .render(),
                ));
            }
        }
        Ok(saved)
    }

    /// What differs between the reviewed fingerprint and what inspection sees now.
    pub fn differences(&self, now: &Fingerprint) -> Vec<String> {
        let was = &self.fingerprint;
        let mut d = Vec::new();
        if was.identity != now.identity {
            d.push(format!(
                "database {} {} then, {} {} now",
                was.identity.name, was.identity.version, now.identity.name, now.identity.version
            ));
        }
        if was.plan_sha256 != now.plan_sha256 {
            d.push(format!(
                "plan sha256 {} then, {} now",
                &was.plan_sha256[..12.min(was.plan_sha256.len())],
                &now.plan_sha256[..12.min(now.plan_sha256.len())]
            ));
        }
        if was.year != now.year {
            d.push(format!("year {} then, {} now", was.year, now.year));
        }
        if was.schemas != now.schemas {
            d.push(format!(
                "schemas {} then, {} now",
                was.schemas.join(","),
                now.schemas.join(",")
            ));
        }
        if was.catalog_sha256 != now.catalog_sha256 {
            d.push("the catalog (tablespaces, datafiles, partitions) changed".into());
        }
        d
    }
}
