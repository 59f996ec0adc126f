//! Step kinds. Each inspects, decides, and acts only through `Ctx::apply`.

mod check;
pub mod clock;
mod manual;
mod partitions;
mod preflight;
mod rowshape;
mod stock;
mod tablespaces;
mod templates;

use crate::config::plan::{Step, StepKind};
use crate::executor::{Ctx, Outcome};
use crate::model::status::StepStatus;

pub fn run(step: &Step, ctx: &mut Ctx) -> anyhow::Result<Outcome> {
    let needs_live = !matches!(
        step.kind(),
        StepKind::Partitions | StepKind::Tablespaces | StepKind::Manual
    );
    if ctx.opts.offline && needs_live {
        return Ok(Outcome::new(
            StepStatus::Offline,
            "not run: an offline plan from a snapshot has no live database for this step; `yearend plan` on site runs it",
        ));
    }
    match step.kind() {
        StepKind::Check => check::run(step, ctx),
        StepKind::Manual => manual::run(step, ctx),
        StepKind::Partitions => partitions::run(step, ctx),
        StepKind::Tablespaces => tablespaces::run(step, ctx),
        StepKind::Clock => clock::run(step, ctx),
        StepKind::Stock => stock::run(step, ctx),
        StepKind::Templates => templates::run(step, ctx),
        StepKind::Preflight => preflight::run(step, ctx),
    }
}
