//! Step kinds. Each inspects, decides, and acts only through `Ctx::apply`.

mod check;
pub mod clock;
mod manual;
mod partitions;
mod tablespaces;

use crate::config::plan::{Step, StepKind};
use crate::executor::{Ctx, Outcome};
use crate::journal::StepStatus;

pub fn run(step: &Step, ctx: &mut Ctx) -> anyhow::Result<Outcome> {
    match step.kind() {
        StepKind::Check => check::run(step, ctx),
        StepKind::Manual => manual::run(step, ctx),
        StepKind::Partitions => partitions::run(step, ctx),
        StepKind::Tablespaces => tablespaces::run(step, ctx),
        StepKind::Clock => clock::run(step, ctx),
        kind => Ok(Outcome::new(StepStatus::Unsupported, not_yet(kind))),
    }
}

/// Step kinds that later roadmap items bring: said plainly, never pretended.
fn not_yet(kind: StepKind) -> String {
    let (item, issue) = match kind {
        StepKind::Preflight => ("3", 4),
        StepKind::Stock | StepKind::Templates => ("5", 6),
        StepKind::Check
        | StepKind::Manual
        | StepKind::Tablespaces
        | StepKind::Partitions
        | StepKind::Clock => {
            unreachable!("implemented")
        }
    };
    format!(
        "the `{}` step kind is not in this version of yearend yet (roadmap item {item}, issue #{issue}); nothing was checked or changed",
        kind.name()
    )
}
