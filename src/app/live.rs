//! `status --live`: the journal against the database now. Every object a statement journaled as
//! done created (a partition, a tablespace) must still be in the catalog; only what yearend
//! created is looked for, so tables a DBA made by hand are never alarms. Without `--live` the
//! comparison is said not to have run, never passed.

use crate::config::site::Site;
use crate::evidence::Evidence;
use crate::guard::Created;
use crate::model::catalog::Catalog;
use std::collections::BTreeSet;

/// What the comparison found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Live {
    pub compared: bool,
    /// Objects the journal says were created.
    pub objects: usize,
    /// Those not in the catalog now, as `schema.table partition` or `tablespace NAME`.
    pub missing: Vec<String>,
}

impl Live {
    pub fn not_compared() -> Live {
        Live {
            compared: false,
            objects: 0,
            missing: Vec::new(),
        }
    }

    /// The line a person reads.
    pub fn line(&self) -> String {
        let (n, m) = (self.objects, self.missing.len());
        match (self.compared, m) {
            (false, _) => crate::msg!("live-not-compared").render(),
            (true, 0) => crate::msg!("live-all-present", n = n).render(),
            (true, _) => {
                crate::msg!("live-missing", n = n, m = m, list = self.missing.join(", ")).render()
            }
        }
    }
}

fn exists(catalog: &Catalog, c: &Created) -> bool {
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    match c {
        Created::Partition(s, t, p) => catalog.tables.iter().any(|x| {
            (s.is_empty() || same(&x.schema, s))
                && same(&x.name, t)
                && x.partitions.iter().any(|q| same(&q.name, p))
        }),
        Created::Tablespace(n) => catalog.tablespaces.iter().any(|x| same(&x.name, n)),
    }
}

fn shown(c: &Created) -> String {
    match c {
        Created::Partition(s, t, p) if s.is_empty() => format!("{t} {p}"),
        Created::Partition(s, t, p) => format!("{s}.{t} {p}"),
        Created::Tablespace(n) => format!("tablespace {n}"),
    }
}

/// Compare: connect, read the catalog of the site's schemas, look for each created object.
pub fn compare(site: &Site, ev: &Evidence) -> anyhow::Result<Live> {
    let created: BTreeSet<Created> = ev
        .steps
        .iter()
        .flat_map(|s| &s.statements)
        .filter(|st| st.outcome == "ok")
        .flat_map(|st| crate::guard::created(&st.sql))
        .collect();
    let mut db = super::connect_for_reads(&site.db_url())?;
    let catalog = db.inspect(&site.database.schemas).map_err(|e| {
        crate::platform::error::runtime(
            crate::msg!("live-catalog-unreadable", cause = e.to_string()).render(),
        )
    })?;
    Ok(Live {
        compared: true,
        objects: created.len(),
        missing: created
            .iter()
            .filter(|c| !exists(&catalog, c))
            .map(shown)
            .collect(),
    })
}
