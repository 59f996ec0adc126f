//! `yearend snapshot`: a read-only export of what `plan` reads, for `plan --snapshot` elsewhere.

use crate::config::site::Site;
use std::path::Path;

pub fn run(site_path: &Path, out_path: &Path) -> anyhow::Result<i32> {
    let (site, _) = Site::load(site_path)?;
    let mut database = super::connect_for_reads(&site.db_url())?;
    let of = crate::db::snapshot::Of {
        site_code: &site.code,
        hospital: &site.hospital,
        schemas: &site.database.schemas,
    };
    let snap = crate::db::snapshot::take(database.as_mut(), of)?;
    snap.save(out_path)?;
    let partitions: usize = snap.catalog.tables.iter().map(|t| t.partitions.len()).sum();
    crate::say!(
        "{}",
        crate::msg!(
            "snapshot-written",
            hospital = site.hospital.clone(),
            code = site.code.clone(),
            db = snap.identity.name.clone(),
            version = snap.identity.version.clone(),
            tablespaces = snap.catalog.tablespaces.len(),
            tables = snap.catalog.tables.len(),
            partitions = partitions,
            tails = snap.tail_rows.len(),
            path = out_path.display().to_string()
        )
    );
    Ok(0)
}
