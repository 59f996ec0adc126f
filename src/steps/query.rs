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
    let role = ctx.site.database.query_role.clone();
    in_scope(ctx, &q, role.as_deref()).map_err(|why| {
        error::input(
            crate::msg!(
                "query-other-schema",
                path = path.display().to_string(),
                why = why.to_string()
            )
            .render(),
        )
    })?;
    let result = ctx
        .db
        .plan_query(&q.guarded, &rendered.params, role.as_deref());
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

/// Every relation the query names is in a site schema: the qualified ones by the text, the
/// unqualified ones by what the server resolves them to for this query.
fn in_scope(ctx: &mut Ctx, q: &guard::PlanQuery, role: Option<&str>) -> Result<(), String> {
    // The current database is asked only when a three-part name needs it.
    let database = match q.relations.iter().any(|r| r.database.is_some()) {
        true => ctx.db.identity().map_err(|e| e.to_string())?.name,
        false => String::new(),
    };
    let scope = guard::Scope {
        dialect: ctx.dialect(),
        schemas: &ctx.site.database.schemas,
        database: Some(database.as_str()),
    };
    for name in guard::in_scope(&q.relations, &scope)? {
        let schema = ctx
            .db
            .resolve_relation(&name, role)
            .map_err(|e| e.to_string())?;
        guard::resolved_in_scope(&name, schema.as_deref(), &scope)?;
    }
    Ok(())
}
