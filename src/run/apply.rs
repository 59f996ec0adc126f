//! The only way a statement reaches the database: approve, guard, journal before sending,
//! execute, journal the answer, retry lock waits with backoff. In a dry-run the statement is
//! guarded, shown and journaled in memory, and not sent: one code path for both.

use crate::db::DbError;
use crate::guard::{self, Guarded};
use crate::model::change::Unit;
use crate::platform::error;
use crate::record::journal::{sha256_hex, Event};
use crate::record::saved::SavedPlan;
pub use crate::run::statement_io::{crash_point, Io, StillLocked};
use std::time::{Duration, Instant};

/// How statements of this run are applied.
pub struct Applier {
    pub dry_run: bool,
    pub yes: bool,
    /// `run --saved`: only statements of the reviewed saved plan may run.
    pub saved: Option<SavedPlan>,
    /// Lock-wait retries: attempts and the first backoff.
    pub retry: (u32, Duration),
    /// Statements sent in this run (numbers the crash points).
    pub sent: u64,
    /// What went through: a plan's tally of what it would create.
    pub tally: Tally,
}

/// What the statements of this run create, counted as they pass (a plan's closing line).
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    pub tablespaces: usize,
    pub partitions: usize,
    pub tables: usize,
    pub statements: usize,
}

impl Applier {
    /// The only way a statement reaches the database. Guard first; in a run, journal before
    /// sending and after; lock waits retried with backoff. In a dry-run, shown and not sent.
    /// Each change of the unit renders to one statement in the database's dialect, and the guard
    /// checks the statement against the change's kind. Statements run one by one, auto-commit.
    pub fn apply_unit(&mut self, io: Io, step: &str, unit: &Unit) -> anyhow::Result<()> {
        let started = Instant::now();
        let Io { db, journal, out } = io;
        let lent = Io {
            db: &mut *db,
            journal: &mut *journal,
            out: &mut *out,
        };
        self.apply_statements(lent, step, unit)?;
        let partitions: usize = unit.changes.iter().map(|c| c.new_partitions()).sum();
        self.tally.statements += unit.changes.len();
        self.tally.partitions += partitions;
        self.tally.tables += usize::from(partitions > 0);
        self.tally.tablespaces += unit
            .changes
            .iter()
            .filter(|c| matches!(c, crate::model::change::Change::CreateTablespace { .. }))
            .count();
        if !crate::platform::output::verbose() {
            let id = if self.dry_run {
                "unit-planned"
            } else {
                "unit-done"
            };
            let line = crate::i18n::Msg::new(id)
                .arg("target", unit.target.clone())
                .arg("partitions", partitions)
                .arg("statements", unit.changes.len())
                .arg("seconds", format!("{:.1}", started.elapsed().as_secs_f64()));
            out.line(format!("      {line}"));
        }
        Ok(())
    }

    fn apply_statements(&mut self, io: Io, step: &str, unit: &Unit) -> anyhow::Result<()> {
        let sql = crate::db::sql_dialect(io.db.dialect());
        let mut created = Vec::new();
        let mut statements = Vec::with_capacity(unit.changes.len());
        for change in &unit.changes {
            created.extend(change.creates());
            let text = sql.render(change);
            let guarded = guard::change(change, &text, &created, io.db.dialect()).map_err(|r| {
                error::runtime(
                    crate::msg!(
                        "apply-guard-defect",
                        step = step.to_string(),
                        why = r.to_string()
                    )
                    .render(),
                )
            })?;
            statements.push(guarded);
        }
        // Where DDL is transactional (PostgreSQL), a table's changes are one transaction: all
        // its new children with what they carry, or none; two journal syncs for the whole unit.
        if sql.transactional_ddl() && !self.dry_run && statements.len() > 1 {
            for g in &statements {
                self.check_saved(step, g)?;
            }
            return crate::run::transaction::apply(
                &mut self.sent,
                self.retry,
                io,
                step,
                &statements,
            );
        }
        if !self.dry_run {
            crate::run::transaction::still_locked(&mut *io.db)
                .map_err(|e| error::runtime(e.to_string()))?;
        }
        for guarded in &statements {
            let io = Io {
                db: &mut *io.db,
                journal: &mut *io.journal,
                out: &mut *io.out,
            };
            self.send(io, step, guarded)?;
        }
        Ok(())
    }

    /// `run --saved`: a statement the reviewed plan does not hold is refused before anything.
    pub(crate) fn check_saved(&self, step: &str, guarded: &Guarded) -> anyhow::Result<()> {
        if let Some(saved) = &self.saved {
            if !saved.holds(step, guarded.sql()) {
                return Err(error::input(
                    crate::msg!(
                        "err-saved-not-held",
                        step = step.to_string(),
                        sql = guarded.sql().to_string()
                    )
                    .render(),
                ));
            }
        }
        Ok(())
    }

    fn send(&mut self, io: Io, step: &str, guarded: &Guarded) -> anyhow::Result<()> {
        let sha = sha256_hex(guarded.sql());
        self.check_saved(step, guarded)?;
        if self.dry_run {
            if crate::platform::output::verbose() {
                io.out.line(format!("      {};", guarded.sql()));
            }
            return io.journal.append(Event::StatementSent {
                step: step.into(),
                sql: guarded.sql().into(),
                sha256: sha,
            });
        }
        crate::platform::interrupt::check()?;
        io.journal.append(Event::StatementSent {
            step: step.into(),
            sql: guarded.sql().into(),
            sha256: sha.clone(),
        })?;
        self.sent += 1;
        crash_point("before", self.sent);
        let (attempts, mut backoff) = self.retry;
        for attempt in 1..=attempts {
            let started = Instant::now();
            let result = io.db.execute(guarded);
            let duration_ms = started.elapsed().as_millis() as u64;
            crash_point("after", self.sent);
            let stopped = crate::platform::interrupt::signal();
            let (outcome, err) = match (&result, stopped) {
                (Ok(()), _) => ("ok", None),
                (Err(e), Some(_)) => ("interrupted", Some(e.to_string())),
                (Err(e), None) => ("error", Some(e.to_string())),
            };
            // The intent was on disk before the statement went out; its outcome is written now
            // and made durable by the next sync (the next statement's intent, the step's end),
            // as in a PostgreSQL table's transaction. Lost in a power cut, it reads as "sent, no
            // outcome", which resume settles from the catalog as after any crash.
            let done = Event::StatementDone {
                step: step.into(),
                sha256: sha.clone(),
                duration_ms,
                outcome: outcome.into(),
                error: err,
                attempt,
            };
            io.journal.append_all(vec![done], false)?;
            if let (Some(signal), Err(_)) = (stopped, &result) {
                return Err(anyhow::Error::new(
                    crate::platform::interrupt::Interrupted {
                        signal: signal.into(),
                        in_flight: Some(guarded.sql().into()),
                    },
                ));
            }
            match result {
                Ok(()) => {
                    if crate::platform::output::verbose() {
                        io.out.line(format!(
                            "      {}",
                            crate::msg!("statement-ok", ms = duration_ms, sql = guarded.sql())
                        ));
                    }
                    return Ok(());
                }
                Err(DbError::LockTimeout(why)) if attempt < attempts => {
                    let said = crate::msg!(
                        "lock-wait",
                        why = why.clone(),
                        wait = backoff.as_secs(),
                        attempt = attempt,
                        left = attempts - 1
                    );
                    crate::run::statement_io::wait_before_retry(io.out, said, &mut backoff)?;
                }
                Err(e) => {
                    return Err(crate::run::statement_io::failed(
                        step,
                        guarded.sql(),
                        e,
                        attempts,
                        false,
                    ))
                }
            }
        }
        unreachable!("the loop returns on its last attempt")
    }
}
