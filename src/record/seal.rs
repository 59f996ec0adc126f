//! The seal beside the journal (`seal.json`): how many records the journal had and the hash of
//! the last one, rewritten atomically after every record. A journal cut short, or whose last
//! record was edited, no longer matches it. The seal is an alarm, not proof — whoever can rewrite
//! the journal can rewrite the seal too: the anchor is the head hash printed at the end of a run
//! and pasted into the 工单 (`status --head`, `verify-bundle --head`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

pub const FILE: &str = "seal.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Seal {
    pub records: u64,
    /// sha256 of the journal's last line.
    pub head: String,
    pub at: DateTime<Utc>,
}

pub fn beside(journal: &Path) -> PathBuf {
    journal.with_file_name(FILE)
}

/// Rewrites the seal: a temporary file, synced, renamed over the old one.
pub fn write(journal: &Path, records: u64, head: &str, sync: bool) -> anyhow::Result<()> {
    let seal = Seal {
        records,
        head: head.to_string(),
        at: Utc::now(),
    };
    let path = beside(journal);
    let tmp = journal.with_file_name(format!("{FILE}.tmp"));
    let text = serde_json::to_string(&seal).expect("a seal serializes") + "\n";
    let fail = |e: std::io::Error| {
        let _ = std::fs::remove_file(&tmp);
        crate::platform::error::runtime(
            crate::msg!(
                "err-state-write",
                path = path.display().to_string(),
                reason = crate::platform::error::io_reason(&e)
            )
            .render(),
        )
    };
    // A temporary left by a crash is replaced; the new one is created exclusively (O_EXCL).
    crate::platform::nofollow::not_a_link(&tmp)?;
    let _ = std::fs::remove_file(&tmp);
    let mut file = crate::platform::nofollow::open(
        std::fs::OpenOptions::new().create_new(true).write(true),
        &tmp,
        "what-seal",
    )?;
    crate::platform::files::write_hook("seal")
        .and_then(|_| file.write_all(text.as_bytes()))
        .map_err(fail)?;
    if sync {
        file.sync_data().map_err(fail)?;
    }
    crate::platform::nofollow::not_a_link(&path)?;
    std::fs::rename(&tmp, &path).map_err(fail)
}

/// The seal beside a journal: None when there is none; Err when it cannot be read.
pub fn read(journal: &Path) -> Option<Result<Seal, String>> {
    let text =
        crate::platform::files::read_text(&beside(journal), crate::platform::files::SMALL).ok()?;
    Some(parse(&text))
}

pub fn parse(text: &str) -> Result<Seal, String> {
    serde_json::from_str(text)
        .map_err(|e| crate::msg!("seal-unreadable", cause = e.to_string()).render())
}

/// What a journal's hash chain says about its end (from `journal::Verified`).
#[derive(Debug, Clone, PartialEq)]
pub struct Chain<'a> {
    pub records: usize,
    pub last_hash: &'a str,
    /// A final line cut short by a crash: its byte count.
    pub torn_tail: Option<usize>,
}

/// What the journal and its seal disagree on. `Ok(None)`: they agree; `Ok(Some)`: a note (one
/// record after the seal: a crash between the two writes); `Err`: the journal was cut or edited.
pub fn compare(seal: &Seal, journal: &Chain) -> Result<Option<String>, String> {
    let have = journal.records as u64;
    if have < seal.records {
        return Err(crate::msg!(
            "seal-cut",
            have = have,
            sealed = seal.records,
            at = crate::model::time::local_text(seal.at),
            n = seal.records - have
        )
        .render());
    }
    if let (true, Some(bytes)) = (have == seal.records, journal.torn_tail) {
        return Ok(Some(crate::msg!("seal-torn", bytes = bytes).render()));
    }
    if have == seal.records && journal.last_hash != seal.head {
        return Err(crate::msg!(
            "seal-edited",
            head = short(journal.last_hash).to_string(),
            sealed = short(&seal.head).to_string()
        )
        .render());
    }
    if have == seal.records + 1 {
        return Ok(Some(crate::msg!("seal-one-after").render()));
    }
    if have > seal.records {
        return Err(
            crate::msg!("seal-added", n = have - seal.records, sealed = seal.records).render(),
        );
    }
    Ok(None)
}

/// The journal's head against the hash pasted in the 工单 (its first 12 characters at least).
pub fn head_matches(last_hash: &str, pasted: &str) -> Result<(), String> {
    let pasted = pasted.trim().to_lowercase();
    if pasted.len() < 12 {
        return Err(crate::msg!("head-too-short", pasted = pasted).render());
    }
    if !last_hash.starts_with(&pasted) {
        return Err(crate::msg!(
            "head-mismatch",
            hash = last_hash.to_string(),
            pasted = pasted
        )
        .render());
    }
    Ok(())
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(16)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(records: usize, last_hash: &str) -> Chain<'_> {
        Chain {
            records,
            last_hash,
            torn_tail: None,
        }
    }

    #[test]
    fn cut_edited_and_extended_journals_disagree_with_their_seal() {
        let seal = Seal {
            records: 3,
            head: "c".repeat(64),
            at: Utc::now(),
        };
        let head = "c".repeat(64);
        assert_eq!(compare(&seal, &chain(3, &head)), Ok(None));
        assert!(compare(&seal, &chain(2, "b"))
            .unwrap_err()
            .contains("末尾有 1 条记录被截去"));
        assert!(compare(&seal, &chain(3, "x"))
            .unwrap_err()
            .contains("被改动过"));
        assert!(compare(&seal, &chain(5, "e"))
            .unwrap_err()
            .contains("封存之后多出 2 条记录"));
        assert!(compare(&seal, &chain(4, "d")).unwrap().is_some());
        let torn = Chain {
            torn_tail: Some(17),
            ..chain(3, "t")
        };
        assert!(compare(&seal, &torn)
            .unwrap()
            .unwrap()
            .contains("一行不完整（17 字节）"));
    }
}
