//! Plan queries, as `check`, `stock` and `templates` run them: rendered, guarded, read-only.

use super::Ctx;
use crate::config::plan::Step;
use crate::db::{DbError, Rows};
use crate::error;
use crate::guard;
use crate::sqltemplate;

/// Render a plan query file, guard it, and run it in a read-only transaction.
pub fn run_query(step: &Step, ctx: &mut Ctx, name: &str) -> anyhow::Result<Rows> {
    let dialect = ctx.dialect();
    let path = step.query_path(name, dialect).ok_or_else(|| {
        error::input(format!(
            "step `{}`: query file `{name}` not found",
            step.id()
        ))
    })?;
    let rendered = sqltemplate::render(&path, dialect, &ctx.vars)?;
    let q = guard::plan_query(&rendered.sql, dialect)
        .map_err(|r| error::input(format!("{}: {r}", path.display())))?;
    guard::site_relations_only(&rendered.sql, &ctx.site.database.schemas).map_err(|why| {
        error::input(format!(
            "{}: {why}. Qualify the tables with the site's schema ({{{{ ident(schemas[0]) }}}}.table)",
            path.display()
        ))
    })?;
    let role = ctx.site.database.query_role.clone();
    let result = match &role {
        Some(r) => ctx.db.query_as(&q, &rendered.params, r),
        None => ctx.db.query(&q, &rendered.params),
    };
    result.map_err(|e| match e {
        DbError::Privilege(why) => error::runtime(format!(
            "step `{}`: {} needs a privilege {} lacks ({why}); ask the DBA for SELECT on it",
            step.id(),
            path.display(),
            role.as_deref()
                .map(|r| format!("the query role {r}"))
                .unwrap_or_else(|| "the database user".into())
        )),
        other => error::runtime(format!(
            "step `{}`: the query {} failed: {other}. Check the query against this database's schema.",
            step.id(),
            path.display()
        )),
    })
}
