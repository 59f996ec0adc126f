//! `preflight`: before anything else, the database is the primary, open read-write, archiving
//! and recently backed up where the plan asks, and this user holds what the plan's steps need
//! (the missing grant is named). Fixed read-only queries from `sql/<dialect>/preflight/`.

use crate::config::plan::Step;
use crate::config::step_config::PreflightConfig;
use crate::config::step_spec::StepKind;
use crate::db::Rows;
use crate::guard;
use crate::i18n::Msg;
use crate::model::dialect::Dialect;
use crate::model::status::StepStatus;
use crate::msg;
use crate::platform::error;
use crate::record::journal::Event;
use crate::sql;
use crate::steps::{Ctx, Outcome};
use serde_json::{json, Value};

/// One finding: its name, whether it holds, and what was seen (or what to do).
struct Finding {
    name: &'static str,
    passed: bool,
    message: Msg,
}

fn finding(name: &'static str, passed: bool, message: Msg) -> Finding {
    Finding {
        name,
        passed,
        message,
    }
}

/// A finding's name as a person reads it (the journal keeps the name itself).
fn label(name: &str) -> Msg {
    Msg::new(&format!("pf-name-{}", name.replace('_', "-")))
}

fn read(ctx: &mut Ctx, sql: &str) -> anyhow::Result<Rows> {
    let q = guard::query(sql.trim()).expect("preflight queries pass the guard");
    ctx.db
        .query(&q, &[])
        .map_err(|e| error::runtime(msg!("pf-cannot-read", cause = e.to_string()).render()))
}

fn text(rows: &Rows, row: usize, col: &str) -> String {
    match rows
        .column(col)
        .and_then(|i| rows.rows.get(row).map(|r| &r[i]))
    {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(v) => v.to_string(),
    }
}

fn truthy(rows: &Rows, col: &str) -> bool {
    let v = rows
        .column(col)
        .and_then(|i| rows.rows.first().map(|r| r[i].clone()))
        .unwrap_or(Value::Null);
    super::rowshape::truthy(&v)
}

/// Which of the plan's steps change the database.
fn plan_needs(ctx: &Ctx) -> (bool, bool) {
    let has = |k: StepKind| ctx.plan.steps.iter().any(|s| s.kind() == k);
    (has(StepKind::Tablespaces), has(StepKind::Partitions))
}

/// Oracle: SELECT on every table of another schema the plan reads — the tables its queries name
/// and those whose MAXVALUE / catch-all partition rows are counted before a split — or SELECT
/// ANY TABLE. Without it the step meets ORA-00942, which reads as a missing table.
fn select_grants(ctx: &mut Ctx, user: &str, held: &[String]) -> anyhow::Result<Option<Finding>> {
    if held.iter().any(|h| h == "SELECT ANY TABLE") {
        return Ok(Some(finding(
            "select",
            true,
            msg!("pf-select-any", user = user),
        )));
    }
    let mut wanted = plan_query_tables(ctx);
    wanted.extend(counted_tails(ctx)?);
    wanted.retain(|(schema, _)| !schema.eq_ignore_ascii_case(user));
    if wanted.is_empty() {
        return Ok(None);
    }
    let rows = read(ctx, sql::text("oracle/preflight/select_grants"))?;
    Ok(Some(select_finding(user, &wanted, &rows)))
}

/// Which of the tables wanted (other schemas') no grant to this user, a role or PUBLIC covers:
/// each named with the GRANT that covers it.
fn select_finding(
    user: &str,
    wanted: &std::collections::BTreeSet<(String, String)>,
    grants: &Rows,
) -> Finding {
    let granted: std::collections::HashSet<(String, String)> = (0..grants.rows.len())
        .map(|i| (text(grants, i, "owner"), text(grants, i, "table_name")))
        .collect();
    let quote = |n: &str| crate::sql::name::quote(Dialect::Oracle, n);
    let missing: Vec<String> = wanted
        .iter()
        .filter(|k| !granted.contains(*k))
        .map(|(s, t)| format!("GRANT SELECT ON {}.{} TO {user}", quote(s), quote(t)))
        .collect();
    finding(
        "select",
        missing.is_empty(),
        if missing.is_empty() {
            msg!("pf-select-ok", user = user, n = wanted.len())
        } else {
            msg!("pf-select-missing", user = user, grants = missing)
        },
    )
}

/// The schema-qualified tables the plan's own queries read (unqualified names are the user's).
fn plan_query_tables(ctx: &Ctx) -> std::collections::BTreeSet<(String, String)> {
    let dialect = ctx.dialect();
    let mut out = std::collections::BTreeSet::new();
    for step in &ctx.plan.steps {
        for name in step.query_names() {
            let Some(path) = step.query_path(name, dialect) else {
                continue;
            };
            let Ok(rendered) = crate::sql::template::render(&path, dialect, &ctx.vars) else {
                continue;
            };
            let Ok(q) = guard::plan_query(&rendered.sql, dialect) else {
                continue;
            };
            for r in q.relations {
                if let Some(schema) = r.schema {
                    out.insert((schema, r.name));
                }
            }
        }
    }
    out
}

/// Tables of the site's schemas whose MAXVALUE or catch-all partition is counted before a split.
fn counted_tails(ctx: &mut Ctx) -> anyhow::Result<Vec<(String, String)>> {
    if !plan_needs(ctx).1 {
        return Ok(Vec::new());
    }
    let schemas = ctx.site.database.schemas.clone();
    // The scope check read this catalog moments ago: reuse it rather than read it again.
    let read;
    let catalog = match &ctx.scope_catalog {
        Some((s, c, _)) if *s == schemas => c,
        _ => {
            read = ctx.db.inspect(&schemas).map_err(|e| {
                error::runtime(msg!("pf-cannot-read", cause = e.to_string()).render())
            })?;
            &read
        }
    };
    Ok(tails_counted(catalog, ctx.year))
}

/// Tables whose last partition is MAXVALUE or a catch-all beyond next year: a split counts its
/// rows first.
fn tails_counted(catalog: &crate::model::catalog::Catalog, year: i32) -> Vec<(String, String)> {
    catalog
        .tables
        .iter()
        .filter(|t| {
            t.partitions.last().is_some_and(|p| match &p.upper {
                crate::model::catalog::Bound::Max => true,
                crate::model::catalog::Bound::Date(d) => chrono::Datelike::year(d) > year + 1,
                _ => false,
            })
        })
        .map(|t| (t.schema.clone(), t.name.clone()))
        .collect()
}

fn backup_not_checkable(cfg: &PreflightConfig, dialect: &str) -> Option<Finding> {
    cfg.max_backup_age.as_ref().map(|_| {
        finding(
            "backup",
            false,
            msg!("pf-backup-not-checkable", db = dialect),
        )
    })
}

fn oracle(cfg: &PreflightConfig, ctx: &mut Ctx) -> anyhow::Result<Vec<Finding>> {
    let db = read(ctx, sql::text("oracle/preflight/database"))?;
    let (role, open_mode, log_mode) = (
        text(&db, 0, "role"),
        text(&db, 0, "open_mode"),
        text(&db, 0, "log_mode"),
    );
    let user = text(&db, 0, "session_user");
    let mut f = vec![
        finding(
            "role",
            role == "PRIMARY",
            msg!("pf-ora-role", role = role.clone()),
        ),
        finding(
            "open_mode",
            open_mode == "READ WRITE",
            msg!("pf-ora-open-mode", mode = open_mode.clone()),
        ),
    ];
    if cfg.require_archivelog {
        f.push(finding(
            "archivelog",
            log_mode == "ARCHIVELOG",
            msg!("pf-ora-log-mode", mode = log_mode.clone()),
        ));
    }
    let privs = read(ctx, sql::text("oracle/preflight/privileges"))?;
    let held: Vec<String> = (0..privs.rows.len())
        .map(|i| text(&privs, i, "privilege"))
        .collect();
    let (tablespaces, partitions) = plan_needs(ctx);
    let mut need: Vec<(&str, &str)> = Vec::new();
    if tablespaces {
        need.push(("CREATE TABLESPACE", "pf-for-tablespaces"));
    }
    let foreign: Vec<&String> = ctx
        .site
        .database
        .schemas
        .iter()
        .filter(|s| !s.eq_ignore_ascii_case(&user))
        .collect();
    if partitions && !foreign.is_empty() {
        need.push(("ALTER ANY TABLE", "pf-for-foreign-partitions"));
    }
    let missing: Vec<String> = need
        .iter()
        .filter(|(p, _)| !held.iter().any(|h| h == p))
        .map(|(p, why)| {
            msg!(
                "pf-grant-for",
                grant = format!("GRANT {p} TO {user}"),
                why = Msg::new(why)
            )
            .render()
        })
        .collect();
    f.push(finding(
        "privileges",
        missing.is_empty(),
        if missing.is_empty() {
            msg!(
                "pf-privileges-ok-list",
                user = user.clone(),
                list = need.iter().map(|(p, _)| *p).collect::<Vec<_>>().join(", ")
            )
        } else {
            msg!("pf-missing", items = missing)
        },
    ));
    if let Some(grants) = select_grants(ctx, &user, &held)? {
        f.push(grants);
    }
    if let Some(max) = &cfg.max_backup_age {
        let b = read(ctx, sql::text("oracle/preflight/backup"))?;
        let last = text(&b, 0, "last_backup");
        let age: Option<u64> = text(&b, 0, "age_seconds").parse().ok();
        let pdb = ctx
            .scope_catalog
            .as_ref()
            .and_then(|(_, c, _)| c.container.clone())
            .filter(|c| c.is_pdb());
        f.push(match (age, pdb) {
            // RMAN backs up the CDB: from inside a PDB the job views may not list it.
            (None, Some(pdb)) => finding(
                "backup",
                false,
                msg!("pf-ora-backup-pdb", pdb = pdb.name, max = max.to_string()),
            ),
            (None, None) => finding(
                "backup",
                false,
                msg!("pf-ora-no-backup", max = max.to_string()),
            ),
            (Some(age), _) => finding(
                "backup",
                age <= max.0.as_secs(),
                msg!(
                    "pf-ora-backup-age",
                    last = last,
                    hours = age / 3600,
                    max = max.to_string()
                ),
            ),
        });
    }
    Ok(f)
}

fn postgres(cfg: &PreflightConfig, ctx: &mut Ctx) -> anyhow::Result<Vec<Finding>> {
    let db = read(ctx, sql::text("postgres/preflight/database"))?;
    let user = text(&db, 0, "session_user");
    let mut f = vec![
        finding(
            "role",
            !truthy(&db, "standby"),
            if truthy(&db, "standby") {
                msg!("pf-standby")
            } else {
                msg!("pf-primary")
            },
        ),
        finding(
            "open_mode",
            !truthy(&db, "default_read_only"),
            msg!(
                "pf-pg-read-only",
                value = text(&db, 0, "default_read_only"),
                user = user.clone()
            ),
        ),
    ];
    if cfg.require_archivelog {
        let mode = text(&db, 0, "archive_mode");
        f.push(finding(
            "archivelog",
            mode == "on" || mode == "always",
            msg!("pf-pg-archive-mode", mode = mode.clone()),
        ));
    }
    f.extend(backup_not_checkable(cfg, "PostgreSQL"));
    let (tablespaces, partitions) = plan_needs(ctx);
    let superuser = truthy(&db, "superuser");
    let mut missing = Vec::new();
    if tablespaces && !superuser {
        missing.push(msg!("pf-pg-superuser", user = user.clone()).render());
    }
    if partitions {
        let rows = read(ctx, crate::sql::text("postgres/preflight/privileges"))?;
        let schemas = &ctx.site.database.schemas;
        let not_owned: Vec<String> = (0..rows.rows.len())
            .filter(|i| schemas.contains(&text(&rows, *i, "schema_name")))
            .map(|i| {
                format!(
                    "{}.{} (owner {})",
                    text(&rows, i, "schema_name"),
                    text(&rows, i, "table_name"),
                    text(&rows, i, "owner")
                )
            })
            .collect();
        if !not_owned.is_empty() {
            missing.push(
                msg!(
                    "pf-pg-not-owner",
                    user = user.clone(),
                    n = not_owned.len(),
                    tables = not_owned.join(", ")
                )
                .render(),
            );
        }
    }
    f.push(finding(
        "privileges",
        missing.is_empty(),
        if missing.is_empty() {
            msg!("pf-privileges-ok", user = user.clone())
        } else {
            msg!("pf-missing", items = missing)
        },
    ));
    Ok(f)
}

fn mysql(cfg: &PreflightConfig, ctx: &mut Ctx) -> anyhow::Result<Vec<Finding>> {
    let db = read(ctx, sql::text("mysql/preflight/database"))?;
    let user = text(&db, 0, "session_user");
    let mut f = vec![finding(
        "open_mode",
        !truthy(&db, "read_only"),
        if truthy(&db, "read_only") {
            msg!("pf-my-read-only")
        } else {
            msg!("pf-my-read-write")
        },
    )];
    if cfg.require_archivelog {
        f.push(finding(
            "archivelog",
            truthy(&db, "log_bin"),
            msg!("pf-my-log-bin", value = text(&db, 0, "log_bin")),
        ));
    }
    f.extend(backup_not_checkable(cfg, "MySQL/MariaDB"));
    let (_, partitions) = plan_needs(ctx);
    if partitions {
        let rows = read(ctx, crate::sql::text("mysql/preflight/privileges"))?;
        let grants: Vec<(String, String)> = (0..rows.rows.len())
            .map(|i| (text(&rows, i, "privilege"), text(&rows, i, "schema_name")))
            .collect();
        let lacking: Vec<&String> = ctx
            .site
            .database
            .schemas
            .iter()
            .filter(|s| {
                !grants
                    .iter()
                    .any(|(p, on)| p == "ALTER" && (on == "*" || on == *s))
            })
            .collect();
        f.push(finding(
            "privileges",
            lacking.is_empty(),
            if lacking.is_empty() {
                msg!("pf-my-alter-ok", user = user.clone())
            } else {
                msg!(
                    "pf-my-alter-missing",
                    grants = lacking
                        .iter()
                        .map(|s| format!("GRANT ALTER ON `{s}`.* TO {user}"))
                        .collect::<Vec<_>>()
                )
            },
        ));
    }
    Ok(f)
}

pub fn run(step: &Step, cfg: &PreflightConfig, ctx: &mut Ctx) -> anyhow::Result<Outcome> {
    let findings = match ctx.dialect() {
        Dialect::Oracle => oracle(cfg, ctx)?,
        Dialect::Postgres => postgres(cfg, ctx)?,
        Dialect::Mysql => mysql(cfg, ctx)?,
    };
    // The database clock, for the record: the clock step judges it against NTP.
    if let Ok(now) = ctx.db.server_now() {
        let offset = (now - chrono::Utc::now()).num_milliseconds() as f64 / 1000.0;
        ctx.out.line(format!(
            "      {}",
            msg!(
                "pf-db-clock",
                time = crate::model::time::local_text(now),
                offset = format!("{offset:+.1}")
            )
        ));
    }
    for f in &findings {
        ctx.out.line(format!(
            "      {:<4}  {}: {}",
            if f.passed {
                msg!("pf-ok").render()
            } else {
                msg!("pf-fail").render()
            },
            label(f.name),
            f.message
        ));
        ctx.record(Event::Check {
            step: step.id().into(),
            name: f.name.into(),
            passed: f.passed,
            level: step.level(),
            message: msg!("preflight-finding", text = f.message.clone()).into(),
            figures: json!({}),
        })?;
    }
    let failed: Vec<Msg> = findings
        .iter()
        .filter(|f| !f.passed)
        .map(|f| {
            msg!(
                "pf-failed-item",
                name = label(f.name),
                text = f.message.clone()
            )
        })
        .collect();
    Ok(if failed.is_empty() {
        Outcome::new(
            StepStatus::Passed,
            msg!("preflight-held", n = findings.len()),
        )
    } else {
        Outcome::at_level(
            StepStatus::Failed,
            step.level(),
            msg!(
                "preflight-failed",
                failed = failed.into_iter().map(Value::from).collect::<Vec<_>>()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::{Bound, Catalog, Partition, Table};
    use std::collections::BTreeSet;

    #[test]
    fn every_preflight_query_passes_the_guard() {
        for sql in [
            crate::sql::text("oracle/preflight/database"),
            crate::sql::text("oracle/preflight/privileges"),
            crate::sql::text("oracle/preflight/backup"),
            crate::sql::text("oracle/preflight/select_grants"),
            crate::sql::text("postgres/preflight/database"),
            crate::sql::text("postgres/preflight/privileges"),
            crate::sql::text("mysql/preflight/database"),
            crate::sql::text("mysql/preflight/privileges"),
        ] {
            crate::guard::query(sql.trim()).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    fn table(name: &str, last: Bound) -> Table {
        Table {
            schema: "EINV".into(),
            name: name.into(),
            strategy: "range".into(),
            partitions: vec![Partition::bounded("PLAST", last)],
            ..Table::default()
        }
    }

    /// Missing SELECT, offline: the tails a split counts (MAXVALUE, a catch-all past next year)
    /// and the plan's own reads, less what a grant covers, each named with its GRANT. The live
    /// half (the grant query on a real Oracle) is the contract suite's `grant_reads`.
    #[test]
    fn a_missing_select_is_named_per_table() {
        let date = |y| Bound::Date(chrono::NaiveDate::from_ymd_opt(y, 1, 1).unwrap());
        let catalog = Catalog {
            tables: vec![
                table("EI_BILL", Bound::Max),
                table("EI_RED", date(2100)),
                table("EI_LOG", date(2027)),
            ],
            ..Catalog::default()
        };
        let mut wanted: BTreeSet<_> = tails_counted(&catalog, 2027).into_iter().collect();
        assert_eq!(wanted.len(), 2, "{wanted:?}");
        wanted.insert(("HIS".into(), "PATIENT".into()));
        let grants = Rows::new(
            &["owner", "table_name"],
            vec![vec![json!("EINV"), json!("EI_RED")]],
        );
        let _en = crate::i18n::speak(crate::i18n::Lang::En);
        let f = select_finding("YE_RUNNER", &wanted, &grants);
        let f = (f.passed, f.message.render());
        assert!(!f.0);
        assert!(
            f.1.contains(r#"GRANT SELECT ON "EINV"."EI_BILL" TO YE_RUNNER"#),
            "{}",
            f.1
        );
        assert!(
            f.1.contains(r#"GRANT SELECT ON "HIS"."PATIENT" TO YE_RUNNER"#),
            "{}",
            f.1
        );
        assert!(
            !f.1.contains("EI_RED") && !f.1.contains("EI_LOG"),
            "{}",
            f.1
        );
        let all = Rows::new(
            &["owner", "table_name"],
            wanted
                .iter()
                .map(|(o, t)| vec![json!(o), json!(t)])
                .collect(),
        );
        assert!(select_finding("YE_RUNNER", &wanted, &all).passed);
    }
}
