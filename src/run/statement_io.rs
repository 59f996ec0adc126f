//! What applying statements needs, below both ways of applying them (one by one in `apply`, a
//! table's in one transaction in `transaction`): the I/O handles, the crash points the
//! crash/resume tests stop at, and the error of a table that stayed locked.

use crate::db::Database;
use crate::platform::output::Out;
use crate::record::journal::Journal;
use std::time::Duration;

/// What one statement needs besides itself.
pub struct Io<'a> {
    pub db: &'a mut dyn Database,
    pub journal: &'a mut Journal,
    pub out: &'a mut Out,
}

/// Fault injection for the crash/resume tests: with `YEAREND_PAUSE_AT=before:N` (or `after:N`) the
/// process stops at that statement boundary — before sending statement N, or after the database
/// answered it but before the journal records the answer — says so on stderr and waits to be
/// killed. Unset (always, outside tests), it costs one environment lookup per statement.
pub fn crash_point(phase: &str, n: u64) {
    if let Ok(at) = std::env::var("YEAREND_PAUSE_AT") {
        if at == format!("{phase}:{n}") {
            crate::say_err!("yearend-paused {at}");
            loop {
                std::thread::sleep(Duration::from_secs(60));
            }
        }
    }
}

/// A lock wait before the next attempt: says so, sleeps the backoff (a signal during it ends the
/// run), and doubles it for the attempt after.
pub fn wait_before_retry(
    out: &mut Out,
    said: crate::i18n::Msg,
    backoff: &mut Duration,
) -> anyhow::Result<()> {
    out.line(format!("      {said}"));
    std::thread::sleep(*backoff);
    crate::platform::interrupt::check()?;
    *backoff *= 2;
    Ok(())
}

/// A statement whose table stayed locked through every retry: the step may go on with other
/// tables and come back to this one.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct StillLocked {
    pub message: String,
}

/// The error a statement that will not be retried ends in: still locked after every attempt
/// (`StillLocked`, so the step can go on with other tables), a missing privilege, or any other
/// failure. `in_transaction`: the table's other statements were rolled back with it.
pub fn failed(
    step: &str,
    sql: &str,
    error: crate::db::DbError,
    attempts: u32,
    in_transaction: bool,
) -> anyhow::Error {
    use crate::db::DbError;
    match error {
        DbError::LockTimeout(why) => anyhow::Error::new(StillLocked {
            message: crate::msg!(
                "stmt-still-locked",
                step = step,
                attempts = attempts,
                why = why,
                sql = sql
            )
            .render(),
        }),
        DbError::Privilege(why) => crate::platform::error::runtime(
            crate::msg!(
                "stmt-privilege",
                step = step,
                why = why,
                unchanged = if in_transaction {
                    crate::msg!("stmt-table-unchanged").render()
                } else {
                    String::new()
                },
                sql = sql
            )
            .render(),
        ),
        DbError::Other(why) => crate::platform::error::runtime(
            crate::msg!(
                "stmt-failed",
                step = step,
                why = why,
                rolled_back = if in_transaction {
                    crate::msg!("stmt-rolled-back").render()
                } else {
                    String::new()
                },
                sql = sql
            )
            .render(),
        ),
    }
}
