//! Stage above all others: the command line. Owns the subcommands and the one place that asks a
//! person; uses every stage below it, and nothing uses it but main.rs.
//!
//! The subcommands, one file each; this module dispatches the parsed command line to them and
//! holds what several share ("today", the year, numeric environment settings).

pub mod cli;
mod clock;
mod doctor;
mod fleet;
mod fleet_reports;
mod fleet_view;
pub mod help;
mod init;
mod live;
mod only;
mod plan_diff;
mod plan_run;
mod report;
mod session;
mod snapshot;
mod status;
pub mod usage_zh;
mod validate;
mod verify_bundle;

use crate::app::cli::{Cli, Command};
use crate::msg;
use crate::platform::error;
use chrono::{Datelike, NaiveDate};

pub fn dispatch(cli: Cli) -> anyhow::Result<i32> {
    let today = parse_today(cli.today.as_deref(), site_of(&cli.command))?;
    match &cli.command {
        Command::Run { operator, .. } => person_name("--operator", operator.as_deref())?,
        Command::Report { reviewer, .. } => person_name("--reviewer", reviewer.as_deref())?,
        _ => {}
    }
    match cli.command {
        Command::Validate { plan, site, print } => validate::run(&plan, site.as_deref(), print),
        Command::Diff { a, b } => plan_diff::run(&a, &b),
        Command::Init {
            url,
            snapshot,
            site_out,
        } => init::run(init::InitArgs {
            url: url.as_deref(),
            snapshot: snapshot.as_deref(),
            out: &site_out,
            today,
        }),
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
            verify: false,
        }),
        Command::Verify {
            plan,
            site,
            year,
            json,
            state,
        } => verify(
            &plan,
            &site,
            year.year,
            today,
            json,
            state.state_dir.as_deref(),
        ),
        c @ Command::Run { .. } => run(c, today),
        Command::Status {
            site,
            year,
            json,
            head,
            live,
            state,
        } => status::run(
            &site,
            year.year,
            today,
            json,
            head.as_deref(),
            live,
            state.state_dir.as_deref(),
        ),
        Command::Report {
            site,
            year,
            format,
            out,
            bundle,
            reviewer,
            live,
            state,
        } => report::run(report::ReportArgs {
            reviewer: reviewer.as_deref(),
            live,
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
        Command::Doctor { site, state } => doctor::run(site.as_deref(), state.state_dir.as_deref()),
        Command::Completions { shell } => completions(shell),
        Command::Man => man(),
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

/// Shell completions, the descriptions in the reader's language like --help.
fn completions(shell: clap_complete::Shell) -> anyhow::Result<i32> {
    let args: Vec<String> = std::env::args().collect();
    let mut cmd = crate::app::help::command(&args);
    let mut text = Vec::new();
    clap_complete::generate(shell, &mut cmd, "yearend", &mut text);
    write_out(&text)
}

/// The man page of this command line.
fn man() -> anyhow::Result<i32> {
    let args: Vec<String> = std::env::args().collect();
    let cmd = crate::app::help::command(&args);
    let mut text = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut text)?;
    write_out(&text)
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
                error::input(
                    msg!(
                        "err-env-number",
                        name = name.to_string(),
                        value = v.to_string(),
                        min = *range.start(),
                        max = *range.end()
                    )
                    .render(),
                )
            }),
    }
}

fn run(c: Command, today: NaiveDate) -> anyhow::Result<i32> {
    let Command::Run {
        plan,
        site,
        year,
        saved,
        yes,
        operator,
        confirm,
        replan,
        only,
        json,
        state,
    } = c
    else {
        unreachable!("only called for run")
    };
    plan_run::run(plan_run::RunArgs {
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
        only,
    })
}

fn verify(
    plan: &std::path::Path,
    site: &std::path::Path,
    year: Option<i32>,
    today: NaiveDate,
    json: bool,
    state_dir: Option<&std::path::Path>,
) -> anyhow::Result<i32> {
    plan_run::plan(plan_run::PlanArgs {
        plan,
        site,
        year,
        today,
        json,
        state_dir,
        snapshot: None,
        saved_out: None,
        verify: true,
    })
}

/// The site file of a command that has one: "today" is that hospital's date.
fn site_of(command: &Command) -> Option<&std::path::Path> {
    match command {
        Command::Plan { site, .. }
        | Command::Verify { site, .. }
        | Command::Run { site, .. }
        | Command::Status { site, .. }
        | Command::Report { site, .. }
        | Command::Clock { site, .. }
        | Command::Snapshot { site, .. } => Some(site),
        _ => None,
    }
}

/// `--today`, else today in the site's `time_zone:` (a server in UTC is 8 hours behind Shanghai
/// around midnight), else in this machine's zone.
fn parse_today(arg: Option<&str>, site: Option<&std::path::Path>) -> anyhow::Result<NaiveDate> {
    match arg {
        None => Ok(site
            .and_then(|p| crate::config::site::Site::load(p).ok())
            .map(|(s, _)| s.zone().today(chrono::Utc::now()))
            .unwrap_or_else(|| chrono::Local::now().date_naive())),
        Some(s) => {
            let day = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                error::input(msg!("err-today-not-date", value = s.to_string()).render())
            })?;
            if !(2000..=2099).contains(&day.year()) {
                return Err(error::input(
                    msg!("err-today-range", value = s.to_string()).render(),
                ));
            }
            let apart = (day - chrono::Local::now().date_naive()).num_days().abs();
            if apart > 400 {
                crate::say_err!(
                    "{}",
                    msg!("note-today-far", value = day.to_string(), days = apart).render()
                );
            }
            Ok(day)
        }
    }
}

/// A person's name as given on the command line (`--operator`, `--reviewer`): it is printed in
/// status lines and signed reports, so it holds no control character and is of a name's length.
fn person_name(flag: &str, name: Option<&str>) -> anyhow::Result<()> {
    let Some(name) = name else {
        return Ok(());
    };
    if !crate::platform::ask::is_person_name(name) {
        return Err(error::input(
            msg!("err-bad-person-name", flag = flag.to_string()).render(),
        ));
    }
    Ok(())
}

/// The year being opened. In December, next year; in January, the year just opened (said on
/// stderr, since an emergency run on 1 January must not open the year after); in other months it
/// must be given. A year other than this one or the next is a typo (rehearse with --today).
fn resolve_year(year: Option<i32>, today: NaiveDate) -> anyhow::Result<i32> {
    let y = match (year, today.month()) {
        (Some(y), _) => y,
        (None, 12) => today.year() + 1,
        (None, 1) => {
            crate::say_err!(
                "{}",
                crate::msg!(
                    "note-january-year",
                    year = today.year().to_string(),
                    next = (today.year() + 1).to_string()
                )
            );
            today.year()
        }
        (None, _) => {
            return Err(error::input(
                msg!(
                    "err-year-needed",
                    today = today.to_string(),
                    next = (today.year() + 1).to_string(),
                    this = today.year().to_string()
                )
                .render(),
            ))
        }
    };
    if y != today.year() + 1 && y != today.year() {
        return Err(error::input(
            msg!(
                "err-year-not-next",
                year = y.to_string(),
                next = (today.year() + 1).to_string(),
                today = today.to_string()
            )
            .render(),
        ));
    }
    Ok(y)
}

/// A connection for commands that only read (`clock`, `snapshot`): a short lock wait, so that no
/// read hangs behind a lock.
fn connect_for_reads(url: &crate::db::url::DbUrl) -> anyhow::Result<Box<dyn crate::db::Database>> {
    let mut database = crate::db::connect(url)?;
    database.set_lock_timeout(5).map_err(|e| {
        error::runtime(msg!("err-lock-timeout-not-set", cause = e.to_string()).render())
    })?;
    Ok(database)
}

/// A generated document to stdout; a reader that stops early (`| head`) is not an error.
fn write_out(text: &[u8]) -> anyhow::Result<i32> {
    use std::io::Write;
    match std::io::stdout().write_all(text) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        other => other.map(|_| 0).map_err(Into::into),
    }
}
