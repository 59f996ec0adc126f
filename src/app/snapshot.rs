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
        "snapshot of {} ({}), {} {}: {} tablespaces, {} tables, {} partitions, {} DEFAULT/MAXVALUE row counts → {}",
        site.hospital,
        site.code,
        snap.identity.name,
        snap.identity.version,
        snap.catalog.tablespaces.len(),
        snap.catalog.tables.len(),
        partitions,
        snap.tail_rows.len(),
        out_path.display()
    );
    Ok(0)
}
