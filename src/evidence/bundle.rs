//! The evidence bundle a hospital hands in with its 工单 and the tech center collects:
//! `report.html`, `report.md`, the journal, the resolved plan with its sha256, the saved plan
//! and the seal when there are ones, and `SHA256SUMS` over them all, in one .tar.gz.

use crate::platform::error;
use crate::platform::util::hex;
use crate::record::journal;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

pub const SUMS: &str = "SHA256SUMS";
pub const JOURNAL: &str = "journal.jsonl";
pub const PLAN: &str = "plan.resolved.yaml";

/// A bundle's files by name.
use crate::record::state::Files;

fn sums(files: &Files) -> String {
    files
        .iter()
        .filter(|(n, _)| n.as_str() != SUMS)
        .map(|(n, b)| format!("{}  {n}\n", hex(&Sha256::digest(b))))
        .collect()
}

/// Write the files and their SHA256SUMS as a gzipped tar (a fixed time and owner in each
/// header, so the same evidence gives the same bundle).
pub fn write(path: &Path, mut files: Files) -> anyhow::Result<()> {
    files.insert(SUMS.to_string(), sums(&files).into_bytes());
    let out = std::fs::File::create(path).map_err(|e| {
        let path = path.display().to_string();
        error::input(
            crate::msg!("bundle-cannot-write", path = path, cause = e.to_string()).render(),
        )
    })?;
    let gz = flate2::write::GzEncoder::new(out, flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    for (name, bytes) in &files {
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_mtime(0);
        h.set_cksum();
        tar.append_data(&mut h, name, bytes.as_slice())?;
    }
    tar.into_inner()?.finish()?.sync_all()?;
    Ok(())
}

/// A bundle's files; at most 256 MiB in all and only plain files at its top level.
pub fn read(path: &Path) -> anyhow::Result<Files> {
    let f = crate::platform::files::open(path).map_err(|e| {
        let path = path.display().to_string();
        error::input(crate::msg!("bundle-cannot-read", path = path, cause = e.reason()).render())
    })?;
    let f = f.take(crate::platform::files::BUNDLE);
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(f));
    let mut files = Files::new();
    let mut total = 0u64;
    let bad = |why: String| {
        let path = path.display().to_string();
        error::input(crate::msg!("bundle-not-ours", path = path, why = why).render())
    };
    for entry in archive
        .entries()
        .map_err(|e| bad(crate::platform::error::io_reason(&e)))?
    {
        let mut entry = entry.map_err(|e| bad(crate::platform::error::io_reason(&e)))?;
        let name = entry
            .path()
            .map_err(|e| bad(crate::platform::error::io_reason(&e)))?
            .display()
            .to_string();
        if name.contains('/') || name.starts_with('.') || !entry.header().entry_type().is_file() {
            return Err(bad(crate::msg!("bundle-not-a-file", name = name).render()));
        }
        total += entry.size();
        if total > 256 << 20 {
            return Err(bad(crate::msg!("bundle-too-large").render()));
        }
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| bad(crate::platform::error::io_reason(&e)))?;
        if files.contains_key(&name) {
            return Err(bad(
                crate::msg!("bundle-duplicate-entry", name = name).render()
            ));
        }
        files.insert(name, bytes);
    }
    Ok(files)
}

/// What is wrong with a bundle: sums that do not match, files missing or unlisted, a broken
/// journal chain, a head hash other than the one pasted in the 工单.
pub fn problems(files: &Files, head: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    let Some(listed) = files
        .get(SUMS)
        .map(|b| String::from_utf8_lossy(b).into_owned())
    else {
        return vec![crate::msg!("bundle-no-file", name = SUMS).render()];
    };
    let mut seen = Vec::new();
    for line in listed.lines() {
        let Some((sum, name)) = line.split_once("  ") else {
            out.push(
                crate::msg!("bundle-sums-line", sums = SUMS, line = line.to_string()).render(),
            );
            continue;
        };
        seen.push(name.to_string());
        match files.get(name) {
            None => out
                .push(crate::msg!("bundle-missing", name = name.to_string(), sums = SUMS).render()),
            Some(b) if hex(&Sha256::digest(b)) != sum => out
                .push(crate::msg!("bundle-changed", name = name.to_string(), sums = SUMS).render()),
            Some(_) => {}
        }
    }
    for name in files
        .keys()
        .filter(|n| n.as_str() != SUMS && !seen.contains(n))
    {
        out.push(crate::msg!("bundle-unlisted", name = name.clone(), sums = SUMS).render());
    }
    let text = files
        .get(JOURNAL)
        .map(|b| String::from_utf8_lossy(b).into_owned());
    match text {
        None => out.push(crate::msg!("bundle-no-file", name = JOURNAL).render()),
        Some(t) => {
            let v = journal::verify_text(&t);
            if let Some((line, why)) = &v.broken {
                out.push(
                    crate::msg!(
                        "bundle-chain-broken",
                        journal = JOURNAL,
                        line = *line,
                        why = why.clone()
                    )
                    .render(),
                );
            }
            if let Some(Err(why)) = head.map(|h| crate::record::seal::head_matches(&v.last_hash, h))
            {
                out.push(why);
            }
            match files
                .get(crate::record::seal::FILE)
                .map(|b| crate::record::seal::parse(&String::from_utf8_lossy(b)))
            {
                Some(Ok(seal)) => {
                    if let Err(why) = crate::record::seal::compare(&seal, &v.chain()) {
                        out.push(format!("{JOURNAL}: {why}"));
                    }
                }
                Some(Err(why)) => out.push(format!("{}: {why}", crate::record::seal::FILE)),
                None => {}
            }
        }
    }
    out
}
