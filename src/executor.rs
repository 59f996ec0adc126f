//! The one code path for `plan` (dry-run) and `run`: each step inspects, computes its actions,
//! and hands every statement to `Ctx::apply` — guard, journal, execute (or, in a dry-run, show).

use crate::config::plan::{Plan, Step, StepKind};
use crate::config::site::Site;
use crate::db::{Database, DbError};
use crate::error;
use crate::guard;
use crate::history::History;
use crate::journal::{sha256_hex, Event, Journal};
use crate::model::dialect::Dialect;
use crate::model::status::StepStatus;
use crate::output::Out;
use crate::sqltemplate::Vars;
use crate::steps;
use chrono::NaiveDate;
use std::time::{Duration, Instant};

pub struct Options {
    pub dry_run: bool,
    pub yes: bool,
    /// Named operator (--operator / YEAREND_OPERATOR), needed to confirm manual steps.
    pub operator: Option<String>,
    pub confirm: Vec<String>,
    /// Planning from a snapshot: steps that need the live database say so instead of running.
    pub offline: bool,
    /// `run --saved`: only statements of the reviewed saved plan may run.
    pub saved: Option<crate::saved::SavedPlan>,
}

pub struct Ctx<'a> {
    pub site: &'a Site,
    pub plan: &'a Plan,
    pub year: i32,
    pub today: NaiveDate,
    pub opts: &'a Options,
    pub db: &'a mut dyn Database,
    pub journal: &'a mut Journal,
    pub out: &'a mut Out,
    pub history: &'a History,
    pub vars: Vars,
    /// Set when a step ended in an error (bad query file: 2, privilege or lost connection: 3).
    pub abort_code: Option<i32>,
    /// Lock-wait retries: attempts and the first backoff.
    pub retry: (u32, Duration),
    /// Tablespaces a dry-run's tablespaces step would create, so later steps can plan with them.
    pub planned_tablespaces: Vec<String>,
    /// Statements sent in this run (numbers the crash points).
    pub sent: u64,
}

/// Fault injection for the crash/resume tests: with `YEAREND_PAUSE_AT=before:N` (or `after:N`) the
/// process stops at that statement boundary — before sending statement N, or after the database
/// answered it but before the journal records the answer — says so on stderr and waits to be
/// killed. Unset (always, outside tests), it costs one environment lookup per statement.
fn crash_point(phase: &str, n: u64) {
    if let Ok(at) = std::env::var("YEAREND_PAUSE_AT") {
        if at == format!("{phase}:{n}") {
            eprintln!("yearend-paused {at}");
            loop {
                std::thread::sleep(Duration::from_secs(60));
            }
        }
    }
}

/// How a step ended.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: StepStatus,
    pub message: String,
}

impl Outcome {
    pub fn new(status: StepStatus, message: impl Into<String>) -> Outcome {
        Outcome {
            status,
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct StepResult {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub status: StepStatus,
    pub message: String,
    pub due: Option<String>,
    pub late: bool,
}

impl Ctx<'_> {
    pub fn dialect(&self) -> Dialect {
        self.db.dialect()
    }

    pub fn record(&mut self, event: Event) -> anyhow::Result<()> {
        self.journal.append(event)
    }

    /// May this step's statements run? A dry-run never executes; a run needs --yes, or a yes typed
    /// at the terminal after seeing how many statements there are. Returns the halt when not.
    pub fn unapproved(
        &mut self,
        step: &Step,
        statements: usize,
    ) -> anyhow::Result<Option<Outcome>> {
        use std::io::{BufRead, IsTerminal, Write};
        if statements == 0 || self.opts.dry_run || self.opts.yes {
            return Ok(None);
        }
        if std::io::stdin().is_terminal() {
            eprint!(
                "      执行以上 {statements} 条语句（step {}）？输入 yes 执行: ",
                step.id()
            );
            std::io::stderr().flush()?;
            let mut answer = String::new();
            std::io::stdin().lock().read_line(&mut answer)?;
            if answer.trim().eq_ignore_ascii_case("yes") {
                return Ok(None);
            }
        }
        Ok(Some(Outcome::new(
            StepStatus::Halted,
            format!("{statements} statements are ready but were not approved: run again with --yes, or answer yes at the prompt"),
        )))
    }

    /// The only way a statement reaches the database. Guard first; in a run, journal before
    /// sending and after; lock waits retried with backoff. In a dry-run, shown and not sent.
    pub fn apply(&mut self, step: &str, sql: &str) -> anyhow::Result<()> {
        let guarded = guard::ddl(sql).map_err(|r| {
            error::runtime(format!(
                "step `{step}`: {r}. This is a defect in yearend: report it to the tech center."
            ))
        })?;
        let sha = sha256_hex(guarded.sql());
        if let Some(saved) = &self.opts.saved {
            if !saved.holds(step, guarded.sql()) {
                return Err(error::input(format!(
                    "step `{step}` would run a statement the saved plan does not hold: {}. \
                     The database or the plan changed since the review: make and review a new saved plan (yearend plan --out)",
                    guarded.sql()
                )));
            }
        }
        if self.opts.dry_run {
            self.out.line(format!("      {};", guarded.sql()));
            return self.record(Event::StatementSent {
                step: step.into(),
                sql: guarded.sql().into(),
                sha256: sha,
            });
        }
        self.record(Event::StatementSent {
            step: step.into(),
            sql: guarded.sql().into(),
            sha256: sha.clone(),
        })?;
        self.sent += 1;
        crash_point("before", self.sent);
        let (attempts, mut backoff) = self.retry;
        for attempt in 1..=attempts {
            let started = Instant::now();
            let result = self.db.execute(&guarded);
            let duration_ms = started.elapsed().as_millis() as u64;
            crash_point("after", self.sent);
            let (outcome, err) = match &result {
                Ok(()) => ("ok", None),
                Err(e) => ("error", Some(e.to_string())),
            };
            self.record(Event::StatementDone {
                step: step.into(),
                sha256: sha.clone(),
                duration_ms,
                outcome: outcome.into(),
                error: err,
                attempt,
            })?;
            match result {
                Ok(()) => {
                    self.out.line(format!("      ok ({duration_ms} ms) {}", guarded.sql()));
                    return Ok(());
                }
                Err(DbError::LockTimeout(why)) if attempt < attempts => {
                    self.out.line(format!("      lock wait ({why}); retry {attempt}/{} in {}s", attempts - 1, backoff.as_secs()));
                    std::thread::sleep(backoff);
                    backoff *= 2;
                }
                Err(DbError::LockTimeout(why)) => {
                    return Err(error::runtime(format!(
                        "step `{step}`: the table stayed locked through {attempts} attempts ({why}). \
                         Find the session holding it (pg_locks / V$LOCKED_OBJECT), let it finish, then run again: \
                         finished statements are not repeated. Statement: {}",
                        guarded.sql()
                    )))
                }
                Err(DbError::Privilege(why)) => {
                    return Err(error::runtime(format!(
                        "step `{step}`: missing privilege ({why}). Ask the DBA for the grant, then run again. Statement: {}",
                        guarded.sql()
                    )))
                }
                Err(DbError::Other(why)) => {
                    return Err(error::runtime(format!("step `{step}`: the statement failed: {why}. Statement: {}", guarded.sql())))
                }
            }
        }
        unreachable!("the loop returns on its last attempt")
    }
}

fn late(step: &Step, ctx: &Ctx) -> bool {
    step.due
        .is_some_and(|d| ctx.today > d.in_year(ctx.year - 1))
}

/// Run every step in order. A failed step with stop_on_fail ends the run; the rest are skipped.
pub fn run_steps(ctx: &mut Ctx) -> anyhow::Result<Vec<StepResult>> {
    let mut results = Vec::new();
    let mut stopped_by: Option<String> = None;
    let total = ctx.plan.steps.len();
    let plan = ctx.plan;
    for (i, step) in plan.steps.iter().enumerate() {
        let due = step.due.map(|d| d.to_string());
        let is_late = late(step, ctx);
        let owner = step
            .spec
            .owner
            .as_deref()
            .map(|o| format!(", owner {o}"))
            .unwrap_or_default();
        let due_text = due
            .as_ref()
            .map(|d| format!(", due {d}{}", if is_late { " — LATE" } else { "" }))
            .unwrap_or_default();
        ctx.out.line(format!(
            "[{}/{total}] {} · {} ({}{due_text}{owner})",
            i + 1,
            step.id(),
            step.title(),
            step.kind().name()
        ));
        let outcome = if let Some(by) = &stopped_by {
            Outcome::new(
                StepStatus::Skipped,
                format!("not run: step `{by}` failed and stops the run"),
            )
        } else {
            ctx.record(Event::StepStart {
                step: step.id().into(),
                kind: step.kind().name().into(),
                title: step.title(),
            })?;
            let started = Instant::now();
            let outcome = match steps::run(step, ctx) {
                Ok(o) => o,
                Err(e) => {
                    // A step that cannot go on ends the run, but the journal still records how.
                    let code = error::exit_code(&e);
                    ctx.abort_code = Some(ctx.abort_code.map_or(code, |c| c.max(code)));
                    // After a failed read the other steps still run, so the engineer sees
                    // everything at once; after a failed statement nothing more is attempted.
                    if matches!(
                        step.kind(),
                        StepKind::Tablespaces | StepKind::Partitions | StepKind::Preflight
                    ) {
                        stopped_by = Some(step.id().to_string());
                    }
                    Outcome::new(
                        StepStatus::Failed,
                        crate::secrets::redact(&format!("{e:#}")),
                    )
                }
            };
            ctx.record(Event::StepEnd {
                step: step.id().into(),
                status: outcome.status,
                duration_ms: started.elapsed().as_millis() as u64,
                message: outcome.message.clone(),
            })?;
            outcome
        };
        ctx.out.line(format!(
            "      => {} ({:?}): {}",
            outcome.status.zh(),
            outcome.status,
            outcome.message
        ));
        if !outcome.status.is_ok()
            && !matches!(outcome.status, StepStatus::Skipped | StepStatus::Offline)
            && step.stop_on_fail()
            && stopped_by.is_none()
        {
            stopped_by = Some(step.id().to_string());
        }
        results.push(StepResult {
            id: step.id().into(),
            kind: step.kind().name().into(),
            title: step.title(),
            status: outcome.status,
            message: outcome.message,
            due,
            late: is_late,
        });
    }
    Ok(results)
}

/// Exit code of a finished run: 0 all passed, 1 a check failed or a step halted, else the
/// code of the error that stopped a step (2 bad input, 3 runtime).
pub fn exit_code(results: &[StepResult], abort_code: Option<i32>) -> i32 {
    if let Some(code) = abort_code {
        code
    } else if results.iter().any(|r| r.status == StepStatus::Unsupported) {
        3
    } else if results
        .iter()
        .all(|r| r.status.is_ok() || r.status == StepStatus::Offline)
    {
        0
    } else {
        1
    }
}
