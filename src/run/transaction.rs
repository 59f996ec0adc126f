//! One table's changes in one database transaction (PostgreSQL, where DDL is transactional):
//! every statement journaled as sent (one sync), BEGIN, the statements, COMMIT, every outcome
//! journaled (one sync). A crash or a kill inside leaves nothing half done on the server — the
//! transaction rolls back — and the journal shows the statements sent without an outcome, as a
//! crash between two statements always did; resume reads the catalog again and redoes the unit.
//! A lock wait rolls the unit back and retries it whole, with backoff.

use crate::db::{Database, DbError};
use crate::guard::{self, Guarded};
use crate::platform::interrupt::Interrupted;
use crate::record::journal::{sha256_hex, Event};
use crate::run::statement_io::{crash_point, Io};
use std::time::Instant;

/// Why a transaction did not commit: the statement at `at` (or the COMMIT, `at` = len) failed.
struct Failed {
    at: usize,
    error: DbError,
}

fn session(sql: &str) -> Guarded {
    guard::session(sql).expect("BEGIN, COMMIT and ROLLBACK pass the session guard")
}

/// BEGIN, each statement, COMMIT; on the first failure ROLLBACK. Durations in milliseconds.
fn transaction(
    db: &mut dyn Database,
    statements: &[Guarded],
    first: u64,
) -> Result<Vec<u64>, Failed> {
    db.execute(&session("BEGIN"))
        .map_err(|error| Failed { at: 0, error })?;
    let mut took = Vec::with_capacity(statements.len());
    for (i, g) in statements.iter().enumerate() {
        let n = first + i as u64;
        crash_point("before", n);
        let started = Instant::now();
        if let Err(error) = db.execute(g) {
            let _ = db.execute(&session("ROLLBACK"));
            return Err(Failed { at: i, error });
        }
        took.push(started.elapsed().as_millis() as u64);
        if i + 1 < statements.len() {
            crash_point("after", n);
        }
    }
    if let Err(error) = still_locked(db) {
        let _ = db.execute(&session("ROLLBACK"));
        return Err(Failed {
            at: statements.len() - 1,
            error,
        });
    }
    if let Err(error) = db.execute(&session("COMMIT")) {
        return Err(Failed {
            at: statements.len() - 1,
            error,
        });
    }
    crash_point("after", first + statements.len() as u64 - 1);
    Ok(took)
}

/// The run lock, asked again before a table's changes are committed: a run that lost it (another
/// session, a server restart) stops rather than race another run.
pub fn still_locked(db: &mut dyn Database) -> Result<(), DbError> {
    match db.still_holds_run_lock()? {
        true => Ok(()),
        false => Err(DbError::Other(crate::msg!("run-lock-lost").render())),
    }
}

/// The outcome records of one attempt.
fn outcomes(
    step: &str,
    statements: &[Guarded],
    attempt: u32,
    result: &Result<Vec<u64>, Failed>,
) -> Vec<Event> {
    let stopped = crate::platform::interrupt::signal().is_some();
    statements
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let (duration_ms, outcome, error) = match result {
                Ok(took) => (took[i], "ok", None),
                Err(f) if i == f.at => (
                    0,
                    if stopped { "interrupted" } else { "error" },
                    Some(f.error.to_string()),
                ),
                Err(f) if i < f.at => (0, "rolled_back", None),
                Err(_) => (0, "not_sent", None),
            };
            Event::StatementDone {
                step: step.into(),
                sha256: sha256_hex(g.sql()),
                duration_ms,
                outcome: outcome.into(),
                error,
                attempt,
            }
        })
        .collect()
}

/// How often and how patiently a locked table is retried: attempts and the first backoff.
pub type Retry = (u32, std::time::Duration);

/// Apply a unit's statements as one transaction, retried whole on a lock wait; `sent_so_far` counts
/// the statements sent in this run (numbers the crash points). The caller has checked them
/// against a saved plan.
pub fn apply(
    sent_so_far: &mut u64,
    retry: Retry,
    io: Io,
    step: &str,
    statements: &[Guarded],
) -> anyhow::Result<()> {
    crate::platform::interrupt::check()?;
    let sent: Vec<Event> = statements
        .iter()
        .map(|g| Event::StatementSent {
            step: step.into(),
            sql: g.sql().into(),
            sha256: sha256_hex(g.sql()),
        })
        .collect();
    io.journal.append_all(sent, true)?;
    let first = *sent_so_far + 1;
    *sent_so_far += statements.len() as u64;
    let (attempts, mut backoff) = retry;
    for attempt in 1..=attempts {
        let result = transaction(&mut *io.db, statements, first);
        io.journal
            .append_all(outcomes(step, statements, attempt, &result), false)?;
        let failed = match result {
            Ok(took) => {
                if crate::platform::output::verbose() {
                    for (g, ms) in statements.iter().zip(took) {
                        io.out.line(format!(
                            "      {}",
                            crate::msg!("statement-ok", ms = ms, sql = g.sql())
                        ));
                    }
                }
                return Ok(());
            }
            Err(f) => f,
        };
        let sql = statements[failed.at].sql();
        if let Some(signal) = crate::platform::interrupt::signal() {
            return Err(anyhow::Error::new(Interrupted {
                signal: signal.into(),
                in_flight: Some(sql.into()),
            }));
        }
        match failed.error {
            DbError::LockTimeout(why) if attempt < attempts => {
                let said = crate::msg!(
                    "lock-wait-unit",
                    why = why.clone(),
                    n = statements.len(),
                    wait = backoff.as_secs(),
                    attempt = attempt,
                    left = attempts - 1
                );
                crate::run::statement_io::wait_before_retry(io.out, said, &mut backoff)?;
            }
            other => {
                return Err(crate::run::statement_io::failed(
                    step, sql, other, attempts, true,
                ))
            }
        }
    }
    unreachable!("the loop returns on its last attempt")
}
