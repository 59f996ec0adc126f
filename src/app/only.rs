//! `run --only SCHEMA.TABLE`: the first-morning repair. The plan is narrowed in memory to its
//! `tablespaces` and `partitions` steps, each scoped to the named tables, so those tables go
//! through the same guard, journal and verification as a full run; nothing else runs. The plan's
//! fingerprint is the full plan's, so a later full run resumes normally.

use crate::config::plan::{Plan, Step};
use crate::config::site::Site;
use crate::config::step_config::StepConfig;
use crate::platform::error;
use crate::steps::partitions::scope;

/// `schema.table` → (schema, table).
fn split(only: &str) -> anyhow::Result<(String, String)> {
    only.split_once('.')
        .filter(|(s, t)| !s.is_empty() && !t.is_empty() && !t.contains('.'))
        .map(|(s, t)| (s.to_string(), t.to_string()))
        .ok_or_else(|| {
            error::input(crate::msg!("only-not-qualified", only = only.to_string()).render())
        })
}

pub fn narrow(plan: &Plan, site: &Site, only: &[String]) -> anyhow::Result<Plan> {
    let wanted: Vec<(String, String)> = only.iter().map(|o| split(o)).collect::<Result<_, _>>()?;
    let mut covered = vec![false; wanted.len()];
    let mut steps: Vec<Step> = Vec::new();
    for step in &plan.steps {
        match &step.config {
            StepConfig::Tablespaces(_) => steps.push(step.clone()),
            StepConfig::Partitions(cfg) => {
                let schemas = scope::schemas(step, cfg, site)?;
                let mine: Vec<usize> = (0..wanted.len())
                    .filter(|i| {
                        schemas
                            .iter()
                            .any(|s| s.eq_ignore_ascii_case(&wanted[*i].0))
                    })
                    .collect();
                if mine.is_empty() {
                    continue;
                }
                let mut cfg = cfg.clone();
                cfg.schemas = Some(mine.iter().map(|i| wanted[*i].0.clone()).collect());
                cfg.include = Some(mine.iter().map(|i| wanted[*i].1.clone()).collect());
                for i in &mine {
                    covered[*i] = true;
                }
                steps.push(Step {
                    config: StepConfig::Partitions(cfg),
                    ..step.clone()
                });
            }
            _ => {}
        }
    }
    if let Some(i) = covered.iter().position(|c| !c) {
        return Err(error::input(
            crate::msg!(
                "only-no-step",
                table = format!("{}.{}", wanted[i].0, wanted[i].1),
                plan = plan.path.display().to_string(),
                schema = wanted[i].0.clone()
            )
            .render(),
        ));
    }
    Ok(Plan {
        steps,
        ..plan.clone()
    })
}
