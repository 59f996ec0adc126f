//! `yearend verify-bundle F.tar.gz [--head HASH]`: checks an evidence bundle as the tech center
//! or an auditor receives it: every file against SHA256SUMS, the journal's hash chain, and the
//! head hash pasted in the 工单.

use crate::evidence::bundle;
use std::path::Path;

pub fn run(path: &Path, head: Option<&str>) -> anyhow::Result<i32> {
    let files = bundle::read(path)?;
    let problems = bundle::problems(&files, head);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    if problems.is_empty() {
        let v = files
            .get(bundle::JOURNAL)
            .map(|b| crate::record::journal::verify_text(&String::from_utf8_lossy(b)));
        crate::say!(
            "{}: intact — {} files ({}), journal {} records, head {}{}",
            path.display(),
            names.len(),
            names.join(", "),
            v.as_ref().map_or(0, |v| v.records.len()),
            v.as_ref().map_or(String::new(), |v| v.last_hash.clone()),
            if head.is_some() {
                ", as pasted in the 工单"
            } else {
                ""
            }
        );
        return Ok(0);
    }
    crate::say!("{}: NOT intact:", path.display());
    for p in &problems {
        crate::say!("  {p}");
    }
    Ok(1)
}
