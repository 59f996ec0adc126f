//! `yearend validate`: lint a plan (and a site) without touching any database.

use crate::config::plan::Plan;
use crate::config::site::Site;
use crate::model::dialect::Dialect;
use crate::msg;
use std::path::Path;

pub fn run(plan_path: &Path, site_path: Option<&Path>, print: bool) -> anyhow::Result<i32> {
    let plan = Plan::load(plan_path)?;
    if print {
        super::plan_diff::print_resolved(&plan);
        return Ok(0);
    }
    let dialect = match site_path {
        Some(s) => {
            let (site, _) = Site::load(s)?;
            let d = site.db_url().dialect;
            plan.check_queries(d)?;
            crate::say!(
                "{}",
                msg!(
                    "validate-site-ok",
                    path = s.display().to_string(),
                    hospital = site.hospital.clone(),
                    code = site.code.clone(),
                    url = site.db_url().display()
                )
            );
            Some(d)
        }
        None => {
            if Dialect::ALL.iter().all(|d| plan.check_queries(*d).is_err()) {
                plan.check_queries(Dialect::Postgres)?;
            }
            None
        }
    };
    let sha = plan.sha256(dialect.unwrap_or(Dialect::Postgres));
    crate::say!(
        "{}",
        msg!(
            "validate-plan-ok",
            path = plan_path.display().to_string(),
            name = plan.name.clone(),
            mode = plan.mode.shown(),
            steps = plan.steps.len(),
            sha = sha.clone()
        )
    );
    for s in &plan.steps {
        let due = s
            .due
            .map(|d| format!(" {}", msg!("validate-due", date = d.to_string())))
            .unwrap_or_default();
        crate::say!(
            "  {:<24} {:<12} {}{due}",
            s.id(),
            s.kind().name(),
            s.title()
        );
    }
    Ok(0)
}
