//! Stage 3, actions: the step kinds and the engine that runs them in plan order. May use every stage
//! below app; never reads the terminal: a person's word is asked through `Ctx::asker`.
//!
//! The step contract and the step kinds. Each step inspects, decides, and changes the database
//! only through `Ctx::apply_unit`; the engine (`crate::steps::engine`) runs the steps in plan order.

mod check;
pub mod clock;
mod deadline;
pub mod engine;
mod manual;
pub mod partitions;
mod preflight;
mod query;
mod rowshape;
mod stock;
mod tablespaces;
mod templates;

use crate::config::plan::{Plan, Step};
use crate::config::site::Site;
use crate::config::step_config::StepConfig;
use crate::config::step_spec::StepKind;
use crate::db::Database;
use crate::i18n::Msg;
use crate::model::ask::{Answer, Asker, Question};
use crate::model::change::Unit;
use crate::model::dialect::Dialect;
use crate::model::status::{leveled, Level, StepStatus};
use crate::msg;
use crate::platform::output::Out;
use crate::record::history::History;
use crate::record::journal::{Event, Journal};
use crate::run::apply::{Applier, Io};
use crate::sql::template::Vars;
use chrono::NaiveDate;

/// What `plan` and `run` were asked to do, as the steps see it.
#[derive(Clone)]
pub struct Options {
    pub dry_run: bool,
    /// Named operator (--operator / YEAREND_OPERATOR), needed to confirm manual steps.
    pub operator: Option<String>,
    pub confirm: Vec<String>,
    /// Planning from a snapshot: steps that need the live database say so instead of running.
    pub offline: bool,
}

/// Everything a step may use: the files, the database, the journal and the terminal.
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
    /// The one way to ask a person (`platform::ask::Terminal` in a run).
    pub asker: &'a mut dyn Asker,
    pub vars: Vars,
    pub applier: Applier,
    /// Set when a step ended in an error (bad query file: 2, privilege or lost connection: 3).
    pub abort_code: Option<i32>,
    /// Tablespaces a dry-run's tablespaces step would create, so later steps can plan with them.
    pub planned_tablespaces: Vec<String>,
    /// The catalog the scope check read, for the first partitions step (see `ScopeCatalog`).
    pub scope_catalog: Option<partitions::ScopeCatalog>,
}

/// How a step ended: its status, the fault level when it failed for a reason of its own, and
/// what to tell a person, as a message.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: StepStatus,
    pub level: Option<Level>,
    pub msg: Msg,
}

impl Outcome {
    pub fn new(status: StepStatus, msg: Msg) -> Outcome {
        Outcome {
            status,
            level: None,
            msg,
        }
    }

    /// A failure of the step's own level (严重 or 一般).
    pub fn at_level(status: StepStatus, level: Level, msg: Msg) -> Outcome {
        Outcome {
            status,
            level: Some(level),
            msg,
        }
    }

    /// The text a person reads: the level first, when there is one.
    pub fn text(&self) -> String {
        leveled(self.level, &self.msg.render())
    }
}

impl Ctx<'_> {
    pub fn dialect(&self) -> Dialect {
        self.db.dialect()
    }

    pub fn record(&mut self, event: Event) -> anyhow::Result<()> {
        self.journal.append(event)
    }

    /// The halt when a step's statements may not run: no --yes, and no yes at the prompt (the
    /// statements are listed before the question: they are what is consented to).
    pub fn unapproved(&mut self, step: &Step, units: &[Unit]) -> anyhow::Result<Option<Outcome>> {
        if self.applier.dry_run || self.applier.yes {
            return Ok(None);
        }
        let sql = crate::db::sql_dialect(self.dialect());
        let statements: Vec<String> = units
            .iter()
            .flat_map(|u| u.changes.iter().map(|c| sql.render(c)))
            .collect();
        let n = statements.len();
        if n == 0 {
            return Ok(None);
        }
        let answer = self.ask(Question::ApproveStatements {
            step: step.id().into(),
            statements,
        })?;
        Ok((!matches!(answer, Answer::Yes { .. }))
            .then(|| Outcome::new(StepStatus::Halted, msg!("statements-not-approved", n = n))))
    }

    /// Ask a person through the one interaction service, and journal the answer when a person
    /// gave one (who, what, when).
    pub fn ask(&mut self, question: Question) -> anyhow::Result<Answer> {
        let answer = self.asker.ask(&question)?;
        if answer != Answer::NoTerminal {
            let operator = match &answer {
                Answer::Yes { operator } => operator.clone(),
                _ => None,
            }
            .or_else(|| self.opts.operator.clone());
            self.record(Event::Answered {
                step: question.step().into(),
                question: question.kind().into(),
                answer: answer.word().into(),
                operator,
            })?;
        }
        Ok(answer)
    }

    /// Render, guard, journal and execute a unit's changes (in a dry-run: render, guard, show,
    /// journal in memory).
    pub fn apply_unit(&mut self, step: &str, unit: &Unit) -> anyhow::Result<()> {
        let io = Io {
            db: &mut *self.db,
            journal: &mut *self.journal,
            out: &mut *self.out,
        };
        self.applier.apply_unit(io, step, unit)
    }
}

/// Every step's scope, before anything of the run is journaled or changed: a schema or pattern
/// that selects nothing is bad input (exit 2), said before the first DDL.
pub fn check_scopes(
    plan: &Plan,
    site: &Site,
    db: &mut dyn Database,
) -> anyhow::Result<Option<partitions::ScopeCatalog>> {
    let mut first = None;
    for step in &plan.steps {
        if let StepConfig::Partitions(cfg) = &step.config {
            let read = partitions::check_scope(step, cfg, site, db)?;
            first.get_or_insert(read);
        }
    }
    Ok(first)
}

pub fn run(step: &Step, ctx: &mut Ctx) -> anyhow::Result<Outcome> {
    let needs_live = !matches!(
        step.kind(),
        StepKind::Partitions | StepKind::Tablespaces | StepKind::Manual
    );
    if ctx.opts.offline && needs_live {
        return Ok(Outcome::new(StepStatus::Offline, msg!("step-offline")));
    }
    match &step.config {
        StepConfig::Check(c) => check::run(step, c, ctx),
        StepConfig::Manual(c) => manual::run(step, c, ctx),
        StepConfig::Partitions(c) => partitions::run(step, c, ctx),
        StepConfig::Tablespaces(c) => tablespaces::run(step, c, ctx),
        StepConfig::Clock(c) => clock::run(step, c, ctx),
        StepConfig::Stock(c) => stock::run(step, c, ctx),
        StepConfig::Templates(c) => templates::run(step, c, ctx),
        StepConfig::Preflight(c) => preflight::run(step, c, ctx),
    }
}
