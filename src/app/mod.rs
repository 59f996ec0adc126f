//! The subcommands, one file each; this module dispatches the parsed command line to them and
//! holds what several share ("today", the year, numeric environment settings).

mod clock;
mod fleet;
mod plan_run;
mod report;
mod session;
mod snapshot;
mod status;
mod validate;
mod verify_bundle;

use crate::cli::{Cli, Command};
use crate::error;
use chrono::{Datelike, NaiveDate};

pub fn dispatch(cli: Cli) -> anyhow::Result<i32> {
    let today = parse_today(cli.today.as_deref())?;
    match cli.command {
        Command::Validate { plan, site } => validate::run(&plan, site.as_deref()),
        Command::Plan {
            plan,
            site,
            year,
            snapshot,
            out,
            json,
            state,
        } => plan_run::plan(plan_run::PlanArgs {
            plan: &plan,
            site: &site,
            year: year.year,
            today,
            json,
            state_dir: state.state_dir.as_deref(),
            snapshot: snapshot.as_deref(),
            saved_out: out.as_deref(),
        }),
        Command::Run {
            plan,
            site,
            year,
            saved,
            yes,
            operator,
            confirm,
            replan,
            json,
            state,
        } => plan_run::run(plan_run::RunArgs {
            plan: &plan,
            site: &site,
            year: year.year,
            today,
            json,
            state_dir: state.state_dir.as_deref(),
            saved: saved.as_deref(),
            yes,
            operator,
            confirm,
            replan,
        }),
        Command::Status {
            site,
            year,
            json,
            head,
            state,
        } => status::run(
            &site,
            year.year,
            today,
            json,
            head.as_deref(),
            state.state_dir.as_deref(),
        ),
        Command::Report {
            site,
            year,
            format,
            out,
            bundle,
            state,
        } => report::run(report::ReportArgs {
            site: &site,
            year: year.year,
            today,
            format,
            out: out.as_deref(),
            state_dir: state.state_dir.as_deref(),
            bundle: bundle.as_deref(),
        }),
        Command::VerifyBundle { bundle, head } => verify_bundle::run(&bundle, head.as_deref()),
        Command::Clock { site, json } => clock::run(&site, json),
        Command::Snapshot { site, out } => snapshot::run(&site, &out),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "yearend", &mut std::io::stdout());
            Ok(0)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
            Ok(0)
        }
        Command::Fleet {
            dirs,
            roster,
            year,
            sort,
            json,
            html,
        } => fleet::run(fleet::FleetArgs {
            dirs: &dirs,
            roster: roster.as_deref(),
            year: year.year,
            today,
            sort,
            json,
            html: html.as_deref(),
        }),
    }
}

/// A whole number from the environment, within `range`; `default` when unset.
fn env_number(
    name: &str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> anyhow::Result<u32> {
    match std::env::var(name) {
        Err(_) => Ok(default),
        Ok(v) => v
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| {
                error::input(format!(
                    "{name}=`{v}` must be a whole number from {} to {}",
                    range.start(),
                    range.end()
                ))
            }),
    }
}

fn parse_today(arg: Option<&str>) -> anyhow::Result<NaiveDate> {
    match arg {
        None => Ok(chrono::Local::now().date_naive()),
        Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
            error::input(format!(
                "--today / YEAREND_TODAY `{s}` is not a date YYYY-MM-DD (for example 2026-12-20)"
            ))
        }),
    }
}

/// The year being opened: `--year`, else next year. A year other than this one or the next is
/// almost certainly a typo, so it is refused (rehearse other years with --today).
fn resolve_year(year: Option<i32>, today: NaiveDate) -> anyhow::Result<i32> {
    let y = year.unwrap_or(today.year() + 1);
    if y != today.year() + 1 && y != today.year() {
        return Err(error::input(format!(
            "--year {y}: the rollover opens next year ({} for today {today}); to rehearse another year, set --today too",
            today.year() + 1
        )));
    }
    Ok(y)
}

/// A connection for commands that only read (`clock`, `snapshot`): a short lock wait, so that no
/// read hangs behind a lock.
fn connect_for_reads(url: &crate::db::url::DbUrl) -> anyhow::Result<Box<dyn crate::db::Database>> {
    let mut database = crate::db::connect(url)?;
    database
        .set_lock_timeout(5)
        .map_err(|e| error::runtime(format!("cannot set the lock timeout: {e}")))?;
    Ok(database)
}
