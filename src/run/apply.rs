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
}

impl Applier {
    /// May a step's statements run? A dry-run never executes; a run needs --yes, or an answer
    /// typed at the terminal after seeing the statements themselves (the first 20 and the last 5
    /// of a long list). yes/y/是 runs them, no/n/否 does not, anything else asks again.
    pub fn unapproved(
        &self,
        step_id: &str,
        statements: &[String],
    ) -> anyhow::Result<Option<usize>> {
        use std::io::{IsTerminal, Write};
        let n = statements.len();
        if n == 0 || self.dry_run || self.yes {
            return Ok(None);
        }
        if !std::io::stdin().is_terminal() {
            return Ok(Some(n));
        }
        for line in shown(statements) {
            crate::say_err!("      {line}");
        }
        loop {
            crate::platform::output::write_err(
                &format!("      执行以上 {n} 条语句（步骤 {step_id}）？输入 是/yes/y 执行，否/no/n 不执行: "),
                false,
            );
            std::io::stderr().flush()?;
            let mut text = String::new();
            crate::platform::interrupt::at_prompt(true);
            let read = crate::platform::output::read_line(&mut text);
            crate::platform::interrupt::at_prompt(false);
            if read? == 0 {
                return Ok(Some(n));
            }
            match answer(&text) {
                Some(true) => return Ok(None),
                Some(false) => return Ok(Some(n)),
                None => crate::say_err!("      请回答 是/yes/y 或 否/no/n"),
            }
        }
    }

    /// The only way a statement reaches the database. Guard first; in a run, journal before
    /// sending and after; lock waits retried with backoff. In a dry-run, shown and not sent.
    /// Each change of the unit renders to one statement in the database's dialect, and the guard
    /// checks the statement against the change's kind. Statements run one by one, auto-commit.
    pub fn apply_unit(&mut self, io: Io, step: &str, unit: &Unit) -> anyhow::Result<()> {
        let sql = crate::db::sql_dialect(io.db.dialect());
        let mut created = Vec::new();
        let mut statements = Vec::with_capacity(unit.changes.len());
        for change in &unit.changes {
            created.extend(change.creates());
            let text = sql.render(change);
            let guarded = guard::change(change, &text, &created, io.db.dialect()).map_err(|r| {
                error::runtime(format!(
                    "step `{step}`: {r}. This is a defect in yearend: report it to the tech center."
                ))
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
                return Err(error::input(format!(
                    "step `{step}` would run a statement the saved plan does not hold: {}. \
                     The database or the plan changed since the review: make and review a new saved plan (yearend plan --out)",
                    guarded.sql()
                )));
            }
        }
        Ok(())
    }

    fn send(&mut self, io: Io, step: &str, guarded: &Guarded) -> anyhow::Result<()> {
        let sha = sha256_hex(guarded.sql());
        self.check_saved(step, guarded)?;
        if self.dry_run {
            io.out.line(format!("      {};", guarded.sql()));
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
                    io.out.line(format!(
                        "      {}",
                        crate::msg!("statement-ok", ms = duration_ms, sql = guarded.sql())
                    ));
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

/// A person's answer: yes, no, or not an answer (ask again).
pub fn answer(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "是" | "是的" | "确认" => Some(true),
        "no" | "n" | "否" | "不" | "取消" => Some(false),
        _ => None,
    }
}

/// The statements a person is asked about: all of a short list; of a long one the first 20, how
/// many are left out, and the last 5 (`yearend plan` prints them all).
fn shown(statements: &[String]) -> Vec<String> {
    if statements.len() <= 30 {
        return statements.to_vec();
    }
    let mut out: Vec<String> = statements[..20].to_vec();
    out.push(format!(
        "… 另有 {} 条（yearend plan 列出全部）…",
        statements.len() - 25
    ));
    out.extend(statements[statements.len() - 5..].iter().cloned());
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn answers_in_either_language_and_anything_else_asks_again() {
        for yes in ["yes", "Y", " y\n", "是", "确认"] {
            assert_eq!(super::answer(yes), Some(true), "{yes}");
        }
        for no in ["no", "N", "否", "取消"] {
            assert_eq!(super::answer(no), Some(false), "{no}");
        }
        for other in ["", "yess", "ok", "1"] {
            assert_eq!(super::answer(other), None, "{other}");
        }
        let long: Vec<String> = (1..=36).map(|i| format!("s{i}")).collect();
        let shown = super::shown(&long);
        assert_eq!(shown.len(), 26);
        assert!(shown[20].contains("另有 11 条"));
        assert_eq!(shown[25], "s36");
    }
}
