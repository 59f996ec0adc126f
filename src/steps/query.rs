//! Plan queries, as `check`, `stock` and `templates` run them: rendered, guarded, read-only.

use super::Ctx;
use crate::config::plan::Step;
use crate::db::{DbError, Rows};
use crate::guard;
use crate::platform::error;
use crate::sql::template;

/// Render a plan query file, guard it, and run it in a read-only transaction.
pub fn run_query(step: &Step, ctx: &mut Ctx, name: &str) -> anyhow::Result<Rows> {
    let dialect = ctx.dialect();
    let path = step.query_path(name, dialect).ok_or_else(|| {
        error::input(
            crate::msg!(
                "query-file-missing",
                step = step.id().to_string(),
                file = name.to_string()
            )
            .render(),
        )
    })?;
    let rendered = template::render(&path, dialect, &ctx.vars)?;
    let q = guard::plan_query(&rendered.sql, dialect)
        .map_err(|r| error::input(format!("{}: {r}", path.display())))?;
    guard::site_relations_only(&rendered.sql, &ctx.site.database.schemas).map_err(|why| {
        error::input(
            crate::msg!(
                "query-other-schema",
                path = path.display().to_string(),
                why = why.to_string()
            )
            .render(),
        )
    })?;
    let role = ctx.site.database.query_role.clone();
    let result = match &role {
        Some(r) => ctx.db.query_as(&q, &rendered.params, r),
        None => ctx.db.query(&q, &rendered.params),
    };
    result.map_err(|e| match e {
        DbError::Privilege(why) => error::runtime(
            crate::msg!(
                "query-privilege",
                step = step.id().to_string(),
                path = path.display().to_string(),
                who = match role.as_deref() {
                    Some(r) => crate::msg!("query-role-named", role = r.to_string()),
                    None => crate::msg!("query-database-user"),
                },
                why = why
            )
            .render(),
        ),
        other => error::runtime(
            crate::msg!(
                "query-failed",
                step = step.id().to_string(),
                path = path.display().to_string(),
                cause = other.to_string()
            )
            .render(),
        ),
    })
}
