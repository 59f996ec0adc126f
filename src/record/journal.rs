//! The journal: append-only JSON lines, fsync per record (a statement's outcome rides on the next
//! sync), each record carrying the sha256 of the line before it. It is the evidence for the
//! ticket and what a resumed run learns from.

use crate::i18n::Text;
use crate::model::status::{Level, StepStatus};
use crate::platform::util::hex;
use crate::record::spill::Spill;
use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The record format this release writes: 2, messages as ids with arguments and levels as
/// fields. Format 1 (release 0.1.0) wrote rendered text; it is read, resumed and reported as is.
pub const FORMAT: u32 = 2;

fn format_1() -> u32 {
    1
}

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The start of a run: who, where, with which plan, on which database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunStart {
    /// The journal's record format: 1 (absent) before messages were data, then `FORMAT`.
    #[serde(default = "format_1")]
    pub format: u32,
    pub run_id: String,
    pub dry_run: bool,
    pub plan: String,
    pub plan_name: String,
    pub plan_sha256: String,
    pub site_code: String,
    pub hospital: String,
    pub year: i32,
    pub today: String,
    pub operator: String,
    pub host: String,
    pub pid: u32,
    pub tool_version: String,
    pub database: String,
    pub resumed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// Boxed: the largest record, once per run; inline it would make every statement record as
    /// large (48,000 of them in a 2,000-table plan).
    RunStart(Box<RunStart>),
    Replan {
        old_sha256: String,
        new_sha256: String,
        operator: String,
    },
    LockTakenOver {
        previous: String,
    },
    /// A record cut short by a crash before this one; kept, and chained over.
    TornRecord {
        bytes: usize,
    },
    StepStart {
        step: String,
        kind: String,
        title: String,
    },
    StatementSent {
        step: String,
        sql: String,
        sha256: String,
    },
    StatementDone {
        step: String,
        sha256: String,
        duration_ms: u64,
        outcome: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
        attempt: u32,
    },
    Check {
        step: String,
        name: String,
        passed: bool,
        level: Level,
        message: Text,
        #[serde(default)]
        figures: serde_json::Value,
    },
    ManualConfirmed {
        step: String,
        operator: String,
        via: String,
    },
    /// A person's answer at a prompt (DDL approval, a manual step's confirmation): who, what.
    Answered {
        step: String,
        question: String,
        answer: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        operator: Option<String>,
    },
    StepEnd {
        step: String,
        status: StepStatus,
        duration_ms: u64,
        /// The fault level when the step failed for a reason of its own (absent before format 2,
        /// when the level was written inside the message).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        level: Option<Level>,
        message: Text,
    },
    RunEnd {
        exit_code: i32,
        summary: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub seq: u64,
    #[serde(serialize_with = "millis")]
    pub at: DateTime<Utc>,
    pub prev: String,
    #[serde(flatten)]
    pub event: Event,
}

/// Where records go: a file (run) or memory only (dry-run, which writes nothing).
pub struct Journal {
    file: Option<(File, PathBuf)>,
    /// The file's length after its last complete record: a failed write is cut back to it.
    len: u64,
    /// Set when a write failed (a full disk): nothing more is appended, the same error is said.
    failed: Option<String>,
    prev: String,
    seq: u64,
    /// The records of an opened journal, and those this run wrote.
    pub records: Vec<Record>,
    /// A dry-run's records (see `spill`); `None` for a run, or when no temporary file can be made.
    spill: Option<Spill>,
}

/// Only the journal-cost benchmark sets `YEAREND_BENCH_NO_FSYNC=1`, to measure what fsync per
/// record costs. A real run always syncs each record before going on.
fn skip_fsync() -> bool {
    static SKIP: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *SKIP.get_or_init(|| std::env::var("YEAREND_BENCH_NO_FSYNC").is_ok_and(|v| v == "1"))
}

pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// Result of reading a journal file back.
#[derive(Debug)]
pub struct Verified {
    pub records: Vec<Record>,
    /// None: the chain holds. Some: the first line that breaks it, and why.
    pub broken: Option<(usize, String)>,
    pub last_hash: String,
    /// A final line cut short by a crash (no newline, not JSON): its byte count.
    pub torn_tail: Option<usize>,
}

impl Verified {
    /// The end of the chain, as the seal compares it.
    pub fn chain(&self) -> crate::record::seal::Chain<'_> {
        crate::record::seal::Chain {
            records: self.records.len(),
            last_hash: &self.last_hash,
            torn_tail: self.torn_tail,
        }
    }
}

pub fn verify_text(text: &str) -> Verified {
    let mut records = Vec::new();
    let mut prev = GENESIS.to_string();
    let mut broken = None;
    let mut torn_tail = None;
    let mut pending_torn = false;
    let ends_clean = text.is_empty() || text.ends_with('\n');
    let lines: Vec<&str> = text.split_terminator('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        match serde_json::from_str::<Record>(line) {
            Ok(rec) => {
                if broken.is_none() {
                    if rec.prev != prev {
                        broken = Some((
                            n,
                            crate::msg!("chain-no-link", n = n, prev = n - 1).render(),
                        ));
                    } else if pending_torn && !matches!(rec.event, Event::TornRecord { .. }) {
                        broken = Some((n - 1, crate::msg!("chain-not-record", n = n - 1).render()));
                    }
                }
                pending_torn = false;
                records.push(rec);
            }
            Err(_) if i + 1 == lines.len() && !ends_clean => torn_tail = Some(line.len()),
            Err(_) => {
                if pending_torn && broken.is_none() {
                    broken = Some((n - 1, crate::msg!("chain-not-record", n = n - 1).render()));
                }
                pending_torn = true;
            }
        }
        prev = sha256_hex(line);
    }
    if pending_torn && broken.is_none() {
        broken = Some((
            lines.len(),
            crate::msg!("chain-not-record", n = lines.len()).render(),
        ));
    }
    Verified {
        records,
        broken,
        last_hash: prev,
        torn_tail,
    }
}

impl Journal {
    pub fn memory() -> Journal {
        Journal {
            file: None,
            len: 0,
            failed: None,
            prev: GENESIS.to_string(),
            seq: 0,
            records: Vec::new(),
            spill: Spill::new(),
        }
    }

    /// Open for appending, after checking the chain. Earlier records are returned in `records`.
    pub fn open(path: &Path) -> anyhow::Result<Journal> {
        crate::platform::nofollow::not_a_link(path)?;
        let text = match crate::platform::files::read_text(path, crate::platform::files::JOURNAL) {
            Ok(t) => t,
            Err(e) if e.not_found() => String::new(),
            Err(e) => {
                return Err(crate::platform::error::runtime(
                    crate::msg!(
                        "err-cannot-read",
                        path = path.display().to_string(),
                        cause = e.reason()
                    )
                    .render(),
                ))
            }
        };
        let v = verify_text(&text);
        if let Some(Ok(seal)) = crate::record::seal::read(path) {
            if let Err(why) = crate::record::seal::compare(&seal, &v.chain()) {
                return Err(crate::platform::error::runtime(
                    crate::msg!(
                        "err-journal-unsealed",
                        path = path.display().to_string(),
                        why = why,
                        seal = crate::record::seal::FILE
                    )
                    .render(),
                ));
            }
        }
        if let Some((line, why)) = v.broken {
            return Err(crate::platform::error::runtime(
                crate::msg!(
                    "err-journal-broken",
                    path = path.display().to_string(),
                    line = line,
                    why = why
                )
                .render(),
            ));
        }
        let mut file = crate::platform::nofollow::open(
            OpenOptions::new().create(true).append(true),
            path,
            "what-journal",
        )?;
        let seq = v.records.last().map_or(0, |r| r.seq);
        let mut journal = Journal {
            file: None,
            len: file.metadata().map(|m| m.len()).unwrap_or(0),
            failed: None,
            prev: v.last_hash,
            seq,
            records: v.records,
            spill: None,
        };
        if let Some(bytes) = v.torn_tail {
            file.write_all(b"\n")?;
            journal.len += 1;
            journal.file = Some((file, path.to_path_buf()));
            journal.append(Event::TornRecord { bytes })?;
        } else {
            journal.file = Some((file, path.to_path_buf()));
        }
        Ok(journal)
    }

    /// After a failed write: the journal is cut back to its last complete record (what the seal
    /// says), nothing more is appended, and every later append says the same.
    fn stop_writing(&mut self, why: String) -> anyhow::Error {
        if let Some((file, _)) = &mut self.file {
            let _ = file.set_len(self.len);
            let _ = file.sync_data();
        }
        self.failed = Some(why.clone());
        crate::platform::error::runtime(why)
    }

    /// The sha256 of the last line written: the head hash a person pastes into the 工单.
    pub fn head(&self) -> &str {
        &self.prev
    }

    pub fn is_memory(&self) -> bool {
        self.file.is_none()
    }

    pub fn append(&mut self, event: Event) -> anyhow::Result<()> {
        self.append_all(vec![event], true)
    }

    /// Several records, chained, written together (with one seal): a unit's statements before its
    /// transaction (`sync`: on disk before anything is sent), and their outcomes after it (not
    /// synced: the next sync carries them; lost in a power cut, they read as "sent, no outcome",
    /// which resume settles from the catalog as after any crash).
    pub fn append_all(&mut self, events: Vec<Event>, sync: bool) -> anyhow::Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        if let Some(why) = &self.failed {
            return Err(crate::platform::error::runtime(why.clone()));
        }
        let mut bytes = Vec::new();
        let mut written = Vec::with_capacity(events.len());
        let (mut seq, mut prev) = (self.seq, self.prev.clone());
        for event in events {
            seq += 1;
            let record = Record {
                seq,
                at: Utc::now(),
                prev: prev.clone(),
                event,
            };
            // A dry-run's memory journal is never written: no line, no chain.
            if self.file.is_some() {
                let line = serde_json::to_string(&record).expect("records serialize");
                prev = sha256_hex(&line);
                bytes.extend_from_slice(line.as_bytes());
                bytes.push(b'\n');
            }
            written.push(record);
        }
        if let Some((file, path)) = &mut self.file {
            let written = crate::platform::files::write_hook("journal")
                .and_then(|_| file.write_all(&bytes))
                .and_then(|_| {
                    if skip_fsync() || !sync {
                        Ok(())
                    } else {
                        file.sync_data()
                    }
                });
            if let Err(e) = written {
                let why = crate::msg!(
                    "err-state-write",
                    path = path.display().to_string(),
                    reason = crate::platform::error::io_reason(&e)
                )
                .render();
                return Err(self.stop_writing(why));
            }
            // The seal follows the journal; when it cannot, the journal goes back to where the
            // seal still says it is, so the two never disagree.
            let sealed = crate::record::seal::write(path, seq, &prev, sync && !skip_fsync());
            if let Err(e) = sealed {
                return Err(self.stop_writing(e.to_string()));
            }
            self.len += bytes.len() as u64;
            self.prev = prev;
        }
        // The chain matters only for what is written; a dry-run's memory journal skips it.
        self.seq = seq;
        // Keep what was written: the records themselves, timestamps at the millisecond written.
        let kept = written.into_iter().map(|record| Record {
            at: record.at.trunc_subsecs(3),
            ..record
        });
        match &mut self.spill {
            Some(spill) => {
                for record in kept {
                    spill.push(&record).map_err(|e| {
                        crate::platform::error::runtime(
                            crate::msg!(
                                "journal-spill-write",
                                cause = crate::platform::error::io_reason(&e)
                            )
                            .render(),
                        )
                    })?;
                }
            }
            None => self.records.extend(kept),
        }
        Ok(())
    }

    /// Every record kept, in order (a dry-run's read back from its temporary file).
    pub fn all_records(&mut self) -> anyhow::Result<Vec<Record>> {
        let mut all = self.records.clone();
        if let Some(spill) = &mut self.spill {
            all.extend(spill.records().map_err(spill_unreadable)?);
        }
        Ok(all)
    }

    /// Every record kept, to serialize as one JSON array without holding a dry-run's in memory.
    pub fn records_json(&mut self) -> anyhow::Result<RecordsJson<'_>> {
        if let Some(spill) = &mut self.spill {
            spill.flush().map_err(spill_unreadable)?;
        }
        Ok(RecordsJson {
            kept: &self.records,
            spilled: self.spill.as_ref(),
        })
    }
}

fn spill_unreadable(e: std::io::Error) -> anyhow::Error {
    crate::platform::error::runtime(
        crate::msg!(
            "journal-spill-read",
            cause = crate::platform::error::io_reason(&e)
        )
        .render(),
    )
}

/// The journal's records as one JSON array: those in memory, then a dry-run's spilled ones.
pub struct RecordsJson<'a> {
    kept: &'a [Record],
    spilled: Option<&'a Spill>,
}

impl Serialize for RecordsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = s.serialize_seq(None)?;
        for record in self.kept {
            seq.serialize_element(record)?;
        }
        for raw in self.spilled.into_iter().flat_map(Spill::raw) {
            seq.serialize_element(&raw.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

fn millis<S: serde::Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&at.to_rfc3339_opts(SecondsFormat::Millis, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("yearend-journal-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("journal.jsonl")
    }

    fn step(id: &str) -> Event {
        Event::StepStart {
            step: id.into(),
            kind: "check".into(),
            title: "t".into(),
        }
    }

    #[test]
    fn chain_survives_reopen_and_detects_tampering() {
        let path = temp("chain");
        let mut j = Journal::open(&path).unwrap();
        j.append(step("a")).unwrap();
        j.append(step("b")).unwrap();
        drop(j);
        let mut j = Journal::open(&path).unwrap();
        assert_eq!(j.records.len(), 2);
        j.append(step("c")).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let v = verify_text(&text);
        assert!(v.broken.is_none());
        assert_eq!(
            v.records.iter().map(|r| r.seq).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );

        let tampered = text.replacen("\"step\":\"b\"", "\"step\":\"x\"", 1);
        let v = verify_text(&tampered);
        assert_eq!(v.broken.map(|b| b.0), Some(3));
        std::fs::write(&path, tampered).unwrap();
        let err = Journal::open(&path).err().unwrap().to_string();
        assert!(err.contains("日志哈希链断开"), "{err}");
    }

    #[test]
    fn a_torn_last_record_is_chained_over() {
        let path = temp("torn");
        let mut j = Journal::open(&path).unwrap();
        j.append(step("a")).unwrap();
        drop(j);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"seq\":2,\"at\":\"20").unwrap();
        drop(f);
        let mut j = Journal::open(&path).unwrap();
        j.append(step("b")).unwrap();
        let v = verify_text(&std::fs::read_to_string(&path).unwrap());
        assert!(v.broken.is_none(), "{:?}", v.broken);
        assert!(v
            .records
            .iter()
            .any(|r| matches!(r.event, Event::TornRecord { bytes: 17 })));
    }
}
