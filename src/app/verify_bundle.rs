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
        let pasted = match head {
            Some(_) => crate::msg!("vb-pasted").render(),
            None => String::new(),
        };
        crate::say!(
            "{}",
            crate::msg!(
                "vb-intact",
                path = path.display().to_string(),
                n = names.len(),
                names = names.join(&crate::msg!("list-sep").render()),
                records = v.as_ref().map_or(0, |v| v.records.len()),
                head = v.as_ref().map_or(String::new(), |v| v.last_hash.clone()),
                pasted = pasted
            )
        );
        return Ok(0);
    }
    crate::say!(
        "{}",
        crate::msg!("vb-not-intact", path = path.display().to_string())
    );
    for p in &problems {
        crate::say!("  {p}");
    }
    Ok(1)
}
