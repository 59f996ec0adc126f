//! The state directory of one site and year: journal, resolved plan, lock.

use crate::msg;
use crate::platform::error;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The file names of a state directory: this module is their only home.
const JOURNAL: &str = "journal.jsonl";
const RESOLVED_PLAN: &str = "plan.resolved.yaml";
const PLAN_SHA256: &str = "plan.sha256";
const LOCK: &str = "lock";
/// The saved plan a `run --saved` ran, kept with the evidence.
const SAVED_PLAN: &str = "saved-plan.json";
/// The journal's head hash and record count after every step.
const SEAL: &str = "seal.json";

/// Files by name and content, as an evidence bundle carries them.
pub type Files = std::collections::BTreeMap<String, Vec<u8>>;

pub struct StateDir {
    pub dir: PathBuf,
}

impl StateDir {
    /// Where a site's journal of a year lives, found from the site, never from the shell's
    /// directory: `--state-dir`; else the site file's `state_dir:` (relative to the site file);
    /// else `yearend-state/<code>/<year>/` beside the site file. A journal at the old default
    /// (`./yearend-state/…` of the current directory) is used when the new place has none, and
    /// said; when both hold one, a run refuses naming both (`writing`), a reader takes the new
    /// one and says so. The note, when there is one, is for stderr.
    /// `base` is where the site keeps its state directories (`Site::state_base`).
    pub fn find(
        explicit: Option<&Path>,
        base: &Path,
        code: &str,
        year: i32,
        writing: bool,
    ) -> anyhow::Result<(StateDir, Option<String>)> {
        if let Some(p) = explicit {
            return Ok((
                StateDir {
                    dir: p.to_path_buf(),
                },
                None,
            ));
        }
        let beside = base.join(code).join(year.to_string());
        let legacy = PathBuf::from("yearend-state")
            .join(code)
            .join(year.to_string());
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => a == b,
        };
        let has = |d: &Path| d.join(JOURNAL).exists();
        if !has(&legacy) || same(&legacy, &beside) {
            return Ok((StateDir { dir: beside }, None));
        }
        let (legacy_abs, beside_shown) = (
            legacy.canonicalize().unwrap_or(legacy.clone()),
            beside.display().to_string(),
        );
        if !has(&beside) {
            let note = msg!(
                "note-state-legacy",
                old = legacy_abs.display().to_string(),
                new = beside_shown
            );
            return Ok((StateDir { dir: legacy_abs }, Some(note.render())));
        }
        let both = msg!(
            "err-state-two",
            old = legacy_abs.display().to_string(),
            new = beside_shown
        );
        if writing {
            return Err(error::input(both.render()));
        }
        Ok((StateDir { dir: beside }, Some(both.render())))
    }

    /// An existing state directory, as `report`, `status` and `fleet` read it.
    pub fn at(dir: &Path) -> StateDir {
        StateDir {
            dir: dir.to_path_buf(),
        }
    }

    pub fn journal(&self) -> PathBuf {
        self.dir.join(JOURNAL)
    }

    pub fn resolved_plan(&self) -> PathBuf {
        self.dir.join(RESOLVED_PLAN)
    }

    fn lock_file(&self) -> PathBuf {
        self.dir.join(LOCK)
    }

    /// The files an evidence bundle carries from this directory (the journal, the resolved plan
    /// with its sha256, the saved plan and the seal where they exist), by name.
    pub fn evidence_files(&self) -> anyhow::Result<Files> {
        let mut files = Files::new();
        for name in [
            JOURNAL,
            RESOLVED_PLAN,
            PLAN_SHA256,
            SAVED_PLAN,
            SEAL,
            crate::record::verification::FILE,
        ] {
            match crate::platform::files::read(
                &self.dir.join(name),
                crate::platform::files::JOURNAL,
            ) {
                Ok(bytes) => {
                    files.insert(name.to_string(), bytes);
                }
                Err(e) if e.not_found() => {}
                Err(e) => {
                    return Err(error::runtime(
                        msg!(
                            "err-cannot-read",
                            path = self.dir.join(name).display().to_string(),
                            cause = e.reason()
                        )
                        .render(),
                    ))
                }
            }
        }
        Ok(files)
    }

    /// Whether `dir` looks like a state directory (for `fleet`'s search).
    pub fn is_state_dir(dir: &Path) -> bool {
        dir.join(JOURNAL).is_file() || dir.join(RESOLVED_PLAN).is_file()
    }

    pub fn create(&self) -> anyhow::Result<()> {
        crate::platform::nofollow::create_dir(&self.dir).map_err(|e| {
            error::input(
                msg!(
                    "err-state-dir",
                    path = self.dir.display().to_string(),
                    cause = crate::platform::error::io_reason(&e)
                )
                .render(),
            )
        })
    }

    /// The resolved plan and its sha256, saved beside the journal.
    pub fn save_plan(&self, resolved_yaml: &str, sha256: &str) -> anyhow::Result<()> {
        let write =
            |name: &str, text: &str| crate::platform::nofollow::write(&self.dir.join(name), text);
        write(RESOLVED_PLAN, resolved_yaml)?;
        write(PLAN_SHA256, &format!("{sha256}  {RESOLVED_PLAN}\n"))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    pub host: String,
    pub operator: String,
    pub since: String,
}

impl Holder {
    pub fn describe(&self) -> String {
        // Written in UTC (RFC 3339); read in the site's zone.
        let since = chrono::DateTime::parse_from_rfc3339(&self.since)
            .map(|t| crate::model::time::local_text(t.with_timezone(&chrono::Utc)))
            .unwrap_or_else(|_| self.since.clone());
        crate::msg!(
            "lock-holder",
            pid = self.pid,
            host = self.host.clone(),
            operator = self.operator.clone(),
            since = since
        )
        .render()
    }
}

/// One run per site and year on this machine: an OS file lock (released by the kernel if the
/// process dies) on `lock`, whose content names the holder.
pub struct RunLock {
    file: File,
    /// Set when the previous holder died without releasing: what it was.
    pub taken_over: Option<Holder>,
}

pub fn host_name() -> String {
    let read = |p: &str| crate::platform::files::read_text(Path::new(p), 4096);
    read("/proc/sys/kernel/hostname")
        .or_else(|_| read("/etc/hostname"))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "unknown-host".into())
}

impl RunLock {
    pub fn acquire(state: &StateDir, operator: &str) -> anyhow::Result<RunLock> {
        let path = state.lock_file();
        let mut file = crate::platform::nofollow::open(
            OpenOptions::new()
                .create(true)
                .truncate(false)
                .read(true)
                .write(true),
            &path,
            "what-lock-file",
        )?;
        let mut content = String::new();
        let mut capped = (&mut file).take(crate::platform::files::SMALL);
        let _ = capped.read_to_string(&mut content);
        let previous: Option<Holder> = serde_json::from_str(&content).ok();
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let who = previous.map_or("another process".to_string(), |h| h.describe());
                return Err(error::locked(
                    msg!(
                        "err-state-lock-held",
                        who = who.to_string(),
                        path = path.display().to_string()
                    )
                    .render(),
                ));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(error::runtime(
                    msg!(
                        "err-cannot-lock",
                        path = path.display().to_string(),
                        cause = crate::platform::error::io_reason(&e)
                    )
                    .render(),
                ));
            }
        }
        let here = host_name();
        let mut taken_over = None;
        if let Some(h) = previous {
            if h.host != here {
                return Err(error::locked(
                    msg!(
                        "err-lock-other-host",
                        path = path.display().to_string(),
                        who = h.describe()
                    )
                    .render(),
                ));
            }
            // The kernel released its lock, so that process has ended without cleaning up.
            taken_over = Some(h);
        }
        let me = Holder {
            pid: std::process::id(),
            host: here,
            operator: operator.to_string(),
            since: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        };
        file.set_len(0)?;
        file.rewind()?;
        file.write_all(serde_json::to_string(&me)?.as_bytes())?;
        file.sync_data()?;
        Ok(RunLock { file, taken_over })
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        // Emptied, not deleted: deleting would let a waiting opener lock a file nobody else sees.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}
