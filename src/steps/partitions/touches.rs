//! What else the new year touches, beside partitions: reported as 一般 findings with what to do,
//! never changed by yearend. Per-year tables whose name carries the closing year and have no
//! twin for the new one (`EB_BILL_2026` without `EB_BILL_2027`), sequences whose name or range
//! carries the year, and the vendor's own scheduled jobs that create partitions or tables too
//! (pg_cron, pg_partman and its background worker, MySQL/MariaDB EVENTs, DBMS_SCHEDULER).

use crate::config::plan::Step;
use crate::db::Rows;
use crate::guard;
use crate::model::catalog::Catalog;
use crate::model::dialect::Dialect;
use crate::model::status::Level;
use crate::msg;
use crate::record::journal::Event;
use crate::steps::Ctx;
use serde_json::json;

/// Whether `name` holds `year` as a number of its own (not inside a longer one).
pub(super) fn carries_year(name: &str, year: i32) -> Option<usize> {
    let y = year.to_string();
    let bytes = name.as_bytes();
    let mut from = 0;
    while let Some(i) = name[from..].find(&y) {
        let at = from + i;
        let before = at.checked_sub(1).map(|b| bytes[b]);
        let after = bytes.get(at + y.len()).copied();
        if !before.is_some_and(|b| b.is_ascii_digit()) && !after.is_some_and(|b| b.is_ascii_digit())
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Tables named for the closing year without a twin for the new one.
pub(super) fn missing_twins(catalog: &Catalog, year: i32) -> Vec<String> {
    let closing = (year - 1).to_string();
    let mut out = Vec::new();
    for t in &catalog.tables {
        let Some(at) = carries_year(&t.name, year - 1) else {
            continue;
        };
        let twin = format!("{}{year}{}", &t.name[..at], &t.name[at + closing.len()..]);
        let exists = catalog
            .tables
            .iter()
            .any(|o| o.schema == t.schema && o.name.eq_ignore_ascii_case(&twin));
        if !exists {
            out.push(
                msg!(
                    "ny-missing-twin",
                    table = format!("{}.{}", t.schema, t.name),
                    year = year.to_string(),
                    twin = format!("{}.{twin}", t.schema)
                )
                .render(),
            );
        }
    }
    out
}

fn text(rows: &Rows, row: &[serde_json::Value], col: &str) -> String {
    rows.column(col)
        .map(|i| crate::db::catalog::value_text(&row[i]))
        .unwrap_or_default()
}

/// Sequences that carry the closing year in their name or range.
fn sequences(rows: &Rows, year: i32) -> Vec<String> {
    let closing = (year - 1).to_string();
    let mut out = Vec::new();
    for r in &rows.rows {
        let (schema, name) = (text(rows, r, "schema_name"), text(rows, r, "name"));
        let (min, max) = (text(rows, r, "min_value"), text(rows, r, "max_value"));
        let in_range = [&min, &max]
            .iter()
            .any(|v| v.len() >= 8 && v.starts_with(&closing));
        if carries_year(&name, year - 1).is_some() || in_range {
            out.push(
                msg!(
                    "ny-sequence",
                    sequence = format!("{schema}.{name}"),
                    closing = closing.clone(),
                    min = min.clone(),
                    max = max.clone(),
                    year = year.to_string()
                )
                .render(),
            );
        }
    }
    out
}

/// Scheduled jobs that create partitions or tables on their own. pg_partman is named only with
/// the tables in scope it manages (its part_config): installed for other tables, it does not
/// touch these.
fn jobs(rows: &Rows, managed: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for r in &rows.rows {
        let (name, detail) = (text(rows, r, "name"), text(rows, r, "detail"));
        let upper = detail.to_uppercase();
        let always = matches!(name.as_str(), "pg_partman" | "pg_partman_bgw");
        if always {
            if !managed.is_empty() {
                let sep = msg!("list-sep").render();
                out.push(
                    msg!(
                        "ny-job-partman",
                        name = name.clone(),
                        tables = managed.join(&sep)
                    )
                    .render(),
                );
            }
            continue;
        }
        let creates = ["PARTITION", "CREATE TABLE", "RUN_MAINTENANCE", "PARTMAN"]
            .iter()
            .any(|w| upper.contains(w));
        if name == "pg_cron" || !(always || creates) {
            continue;
        }
        let shown: String = detail.chars().take(120).collect();
        out.push(msg!("ny-job", name = name.clone(), detail = shown).render());
    }
    out
}

fn read(ctx: &mut Ctx, name: &str) -> anyhow::Result<Rows> {
    let dialect = ctx.dialect();
    let full = format!("{}/new_year/{name}", dialect.scheme());
    let (q, params) = crate::db::catalog::over_schemas(dialect, &full, &ctx.site.database.schemas);
    Ok(ctx.db.query(&q, &params)?)
}

/// The sequences and jobs, read live; a read that fails is said, never a pass.
fn live_findings(
    ctx: &mut Ctx,
    year: i32,
    managed: &[String],
    findings: &mut Vec<String>,
    unread: &mut Vec<String>,
) {
    match read(ctx, "sequences") {
        Ok(rows) => findings.extend(sequences(&rows, year)),
        Err(e) => unread.push(format!("sequences: {e}")),
    }
    let rows = match read(ctx, "jobs") {
        Ok(rows) => rows,
        Err(e) => return unread.push(format!("jobs: {e}")),
    };
    findings.extend(jobs(&rows, managed));
    let cron = ctx.dialect() == Dialect::Postgres
        && rows
            .rows
            .iter()
            .any(|r| text(&rows, r, "name") == "pg_cron");
    if cron {
        let q = guard::query(crate::sql::text("postgres/new_year/cron_jobs"))
            .expect("a fixed query passes the guard");
        match ctx.db.query(&q, &[]) {
            Ok(rows) => findings.extend(jobs(&rows, managed)),
            Err(e) => unread.push(format!("cron.job: {e}")),
        }
    }
}

/// Report what else the new year touches (offline: the per-year tables only, from the snapshot).
pub(super) fn report(step: &Step, ctx: &mut Ctx, catalog: &Catalog) -> anyhow::Result<()> {
    let year = ctx.year;
    let mut findings = missing_twins(catalog, year);
    let mut unread = Vec::new();
    if !ctx.opts.offline {
        let managed: Vec<String> = catalog
            .tables
            .iter()
            .filter(|t| t.partman_managed)
            .map(|t| t.full_name())
            .collect();
        live_findings(ctx, year, &managed, &mut findings, &mut unread);
    }
    for f in &findings {
        ctx.out
            .line(format!("      {}", msg!("ny-note", text = f.clone())));
    }
    for u in &unread {
        ctx.out
            .line(format!("      {}", msg!("ny-unchecked", text = u.clone())));
    }
    if findings.is_empty() && unread.is_empty() {
        return Ok(());
    }
    let all: Vec<String> = findings.iter().chain(unread.iter()).cloned().collect();
    ctx.record(Event::Check {
        step: step.id().into(),
        name: "new-year".into(),
        passed: false,
        level: Level::General,
        message: msg!("new-year-touches", findings = all).into(),
        figures: json!({ "findings": findings, "not_checked": unread }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::Table;

    #[test]
    fn the_year_as_a_number_of_its_own() {
        assert_eq!(carries_year("EB_BILL_2026", 2026), Some(8));
        assert_eq!(carries_year("bill2026", 2026), Some(4));
        assert_eq!(carries_year("t_20261_x", 2026), None);
        assert_eq!(carries_year("P202612", 2026), None);
        assert_eq!(carries_year("x12026", 2026), None);
    }

    #[test]
    fn a_per_year_table_without_its_twin_is_named() {
        let t = |name: &str| Table {
            schema: "einv".into(),
            name: name.into(),
            ..Table::default()
        };
        let c = Catalog {
            tables: vec![
                t("eb_bill_2026"),
                t("eb_bill_2027"),
                t("eb_log_2026"),
                t("eb_2025_arc"),
            ],
            ..Catalog::default()
        };
        let found = missing_twins(&c, 2027);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("einv.eb_log_2026") && found[0].contains("eb_log_2027"));
    }

    #[test]
    fn sequences_and_jobs_that_carry_the_year() {
        let rows = Rows::new(
            &["schema_name", "name", "min_value", "max_value", "cycle"],
            vec![
                vec![
                    json!("einv"),
                    json!("seq_bill_2026"),
                    json!("1"),
                    json!("999999"),
                    json!(false),
                ],
                vec![
                    json!("einv"),
                    json!("seq_invoice_no"),
                    json!("2026000001"),
                    json!("2026999999"),
                    json!(false),
                ],
                vec![
                    json!("einv"),
                    json!("seq_pay"),
                    json!("1"),
                    json!("9223372036854775807"),
                    json!(false),
                ],
            ],
        );
        assert_eq!(sequences(&rows, 2027).len(), 2);
        let jobs_rows = Rows::new(
            &["name", "detail"],
            vec![
                vec![
                    json!("einv.ev_new_month"),
                    json!("ALTER TABLE bill REORGANIZE PARTITION pmax INTO (…)"),
                ],
                vec![
                    json!("einv.ev_cleanup"),
                    json!("DELETE FROM log WHERE d < NOW() - INTERVAL 90 DAY"),
                ],
                vec![json!("pg_partman"), json!("extension 4.7.4")],
                vec![json!("pg_cron"), json!("extension 1.6")],
            ],
        );
        let found = jobs(&jobs_rows, &["einv.pay".to_string()]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[1].contains("einv.pay"), "{found:?}");
        // Installed, but managing none of these tables: nothing to say.
        assert_eq!(jobs(&jobs_rows, &[]).len(), 1);
    }
}
