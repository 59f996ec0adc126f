//! The subcommands, wiring files, state and database to the executor.

use crate::cli::{Cli, Command};
use crate::config::plan::{Plan, PlanFile, StepKind};
use crate::config::site::Site;
use crate::db;
use crate::error;
use crate::executor::{self, Ctx, Options};
use crate::history::History;
use crate::journal::{self, Event, Journal};
use crate::model::dialect::Dialect;
use crate::model::status::StepStatus;
use crate::output::Out;
use crate::saved::{self, SavedPlan};
use crate::snapshot::{Snapshot, SnapshotDb};
use crate::sqltemplate::Vars;
use crate::state::{host_name, RunLock, StateDir};
use chrono::{Datelike, NaiveDate};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub fn dispatch(cli: Cli) -> anyhow::Result<i32> {
    let today = parse_today(cli.today.as_deref())?;
    match cli.command {
        Command::Validate { plan, site } => validate(&plan, site.as_deref()),
        Command::Plan {
            plan,
            site,
            year,
            snapshot,
            out,
            json,
            state,
        } => {
            let opts = Options {
                dry_run: true,
                yes: false,
                operator: None,
                confirm: Vec::new(),
                offline: snapshot.is_some(),
                saved: None,
            };
            execute(&Request {
                plan_path: &plan,
                site_path: &site,
                year: year.year,
                today,
                opts: &opts,
                json,
                state_dir: state.state_dir.as_deref(),
                replan: false,
                snapshot: snapshot.as_deref(),
                saved_out: out.as_deref(),
            })
        }
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
        } => {
            let operator = operator
                .map(|o| o.trim().to_string())
                .filter(|o| !o.is_empty());
            let opts = Options {
                dry_run: false,
                yes,
                operator,
                confirm,
                offline: false,
                saved: saved.as_deref().map(SavedPlan::load).transpose()?,
            };
            execute(&Request {
                plan_path: &plan,
                site_path: &site,
                year: year.year,
                today,
                opts: &opts,
                json,
                state_dir: state.state_dir.as_deref(),
                replan,
                snapshot: None,
                saved_out: None,
            })
        }
        Command::Status {
            site,
            year,
            json,
            state,
        } => status(&site, year.year, today, json, state.state_dir.as_deref()),
        Command::Report {
            site,
            year,
            format,
            out,
            state,
        } => report(
            &site,
            year.year,
            today,
            format,
            out.as_deref(),
            state.state_dir.as_deref(),
        ),
        Command::Clock { site, json } => clock(&site, json),
        Command::Snapshot { site, out } => snapshot(&site, &out),
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
        Command::Fleet { dir, json, html } => fleet(&dir, today, json, html.as_deref()),
    }
}

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

fn validate(plan_path: &Path, site_path: Option<&Path>) -> anyhow::Result<i32> {
    let plan = Plan::load(plan_path)?;
    let dialects = [Dialect::Postgres, Dialect::Mysql, Dialect::Oracle];
    let dialect = match site_path {
        Some(s) => {
            let (site, _) = Site::load(s)?;
            let d = site.db_url().dialect;
            plan.check_queries(d)?;
            println!(
                "{}: ok — {} ({}), database {}",
                s.display(),
                site.hospital,
                site.code,
                site.db_url().display()
            );
            Some(d)
        }
        None => {
            if dialects.iter().all(|d| plan.check_queries(*d).is_err()) {
                plan.check_queries(Dialect::Postgres)?;
            }
            None
        }
    };
    let sha = plan.sha256(dialect.unwrap_or(Dialect::Postgres));
    println!(
        "{}: ok — plan \"{}\", mode {:?}, {} steps, sha256 {sha}",
        plan_path.display(),
        plan.name,
        plan.mode,
        plan.steps.len()
    );
    for s in &plan.steps {
        let due = s.due.map(|d| format!(" due {d}")).unwrap_or_default();
        println!(
            "  {:<24} {:<12} {}{due}",
            s.id(),
            s.kind().name(),
            s.title()
        );
    }
    Ok(0)
}

/// What `plan` and `run` were asked to do.
struct Request<'a> {
    plan_path: &'a Path,
    site_path: &'a Path,
    year: Option<i32>,
    today: NaiveDate,
    opts: &'a Options,
    json: bool,
    state_dir: Option<&'a Path>,
    replan: bool,
    /// Plan offline from this snapshot.
    snapshot: Option<&'a Path>,
    /// Write the saved plan here (`plan --out`).
    saved_out: Option<&'a Path>,
}

fn execute(req: &Request) -> anyhow::Result<i32> {
    let Request {
        plan_path,
        site_path,
        year,
        today,
        opts,
        json,
        state_dir,
        replan,
        ..
    } = *req;
    let (site, _) = Site::load(site_path)?;
    let plan = Plan::load(plan_path)?;
    let url = site.db_url();
    plan.check_queries(url.dialect)?;
    for c in &opts.confirm {
        if plan.step(c).is_none_or(|s| s.kind() != StepKind::Manual) {
            let manual: Vec<&str> = plan
                .steps
                .iter()
                .filter(|s| s.kind() == StepKind::Manual)
                .map(|s| s.id())
                .collect();
            return Err(error::input(format!(
                "--confirm {c}: the plan has no manual step `{c}` (its manual steps: {})",
                if manual.is_empty() {
                    "none".to_string()
                } else {
                    manual.join(", ")
                }
            )));
        }
    }
    let year = resolve_year(year, today)?;
    let sha = plan.sha256(url.dialect);
    let state = StateDir::new(state_dir, &site.code, year);
    let operator_name = opts
        .operator
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".into());

    // A run takes the lock and opens the journal; a dry-run writes nothing and only reads history.
    let (mut journal, history, lock) = if opts.dry_run {
        let records = std::fs::read_to_string(state.journal())
            .map(|t| journal::verify_text(&t).records)
            .unwrap_or_default();
        (Journal::memory(), History::from_records(&records), None)
    } else {
        state.create()?;
        let lock = RunLock::acquire(&state, &operator_name)?;
        let journal = Journal::open(&state.journal())?;
        let history = History::from_records(&journal.records);
        (journal, history, Some(lock))
    };
    let mut replanned = None;
    if !opts.dry_run {
        if let Some(old) = &history.plan_sha256 {
            if *old != sha {
                if !replan {
                    return Err(error::input(format!(
                        "the plan changed since this rollover started (sha256 {} then, {} now). Review the change; \
                         to continue with the new plan, run again with --replan (it is journaled).",
                        &old[..12],
                        &sha[..12]
                    )));
                }
                replanned = Some(old.clone());
            }
        }
    }

    let mut out = Out { json };
    let mut database: Box<dyn db::Database> = match req.snapshot {
        Some(path) => {
            let snap = Snapshot::load(path)?;
            if snap.site_code != site.code || snap.identity.dialect != url.dialect {
                return Err(error::input(format!(
                    "{}: the snapshot is of site {} ({}), not of {} ({}) in {}",
                    path.display(),
                    snap.site_code,
                    snap.identity.dialect.scheme(),
                    site.code,
                    url.dialect.scheme(),
                    site_path.display()
                )));
            }
            out.line(format!(
                "offline: planning from the snapshot {} taken {} of {} {}; steps that need the live database are not run",
                path.display(),
                snap.taken_at.format("%Y-%m-%d %H:%M UTC"),
                snap.identity.name,
                snap.identity.version
            ));
            Box::new(SnapshotDb::new(snap))
        }
        None => db::connect(&url)?,
    };
    let lock_timeout = env_number("YEAREND_LOCK_TIMEOUT", 5, 1..=600)?;
    let attempts = env_number("YEAREND_LOCK_RETRIES", 5, 1..=20)?;
    // Session-only, and in a dry-run too, so that no read waits forever behind a lock.
    database
        .set_lock_timeout(lock_timeout)
        .map_err(|e| error::runtime(format!("cannot set the lock timeout: {e}")))?;
    if !opts.dry_run {
        let key = format!("yearend:{}:{year}", site.code);
        let got = match database.try_run_lock(&key) {
            Ok(got) => got,
            // Oracle's DBMS_LOCK needs a grant many sites do not give: the lock file still holds.
            Err(db::DbError::Privilege(why)) if url.dialect == Dialect::Oracle => {
                out.line(format!(
                    "note: no database run lock ({why}); only the lock file in {} guards this run. \
                     GRANT EXECUTE ON SYS.DBMS_LOCK to the rollover user to have both.",
                    state.dir.display()
                ));
                true
            }
            Err(e) => {
                return Err(error::runtime(format!(
                    "cannot take the run lock in the database: {e}"
                )))
            }
        };
        if !got {
            return Err(error::locked(format!(
                "another yearend run holds the database run lock `{key}` (from another machine or state directory). \
                 Wait for it to finish; the server releases the lock when that session ends."
            )));
        }
    }
    // After the run lock: what is compared is what no other run can change meanwhile.
    let fingerprint = if req.saved_out.is_some() || opts.saved.is_some() {
        Some(saved::fingerprint(
            database.as_mut(),
            &sha,
            year,
            &site.database.schemas,
        )?)
    } else {
        None
    };
    if let (Some(saved), Some(now)) = (&opts.saved, &fingerprint) {
        let differences = saved.differences(now);
        if saved.site_code != site.code || !differences.is_empty() {
            return Err(error::input(format!(
                "the saved plan no longer matches the database, so it is not run: {}. Nothing was changed. \
                 Make and review a new one (yearend plan --out).",
                if differences.is_empty() {
                    format!("it is for site {}, not {}", saved.site_code, site.code)
                } else {
                    differences.join("; ")
                }
            )));
        }
    }
    if !opts.dry_run {
        state.save_plan(&plan.resolved_yaml, &sha)?;
    }
    let resumed = history.runs > 0;
    out.line(format!(
        "yearend {} — {} ({}), plan \"{}\" sha256 {}, year {year}, today {today}, database {}",
        if opts.dry_run {
            "plan (dry-run: reads only, changes nothing)"
        } else {
            "run"
        },
        site.hospital,
        site.code,
        plan.name,
        &sha[..12],
        url.display()
    ));
    if resumed && !opts.dry_run {
        out.line(format!(
            "resuming: {} earlier run(s) in {}; the live state is inspected again and done work is not repeated",
            history.runs,
            state.journal().display()
        ));
    }
    if let Some(old) = replanned {
        journal.append(Event::Replan {
            old_sha256: old,
            new_sha256: sha.clone(),
            operator: operator_name.clone(),
        })?;
    }
    if let Some(h) = lock.as_ref().and_then(|l| l.taken_over.clone()) {
        out.line(format!(
            "note: a previous run ({}) ended without releasing the lock; taken over",
            h.describe()
        ));
        journal.append(Event::LockTakenOver {
            previous: h.describe(),
        })?;
    }
    journal.append(Event::RunStart {
        run_id: format!(
            "{}-{}",
            chrono::Utc::now().format("%Y%m%dT%H%M%S"),
            std::process::id()
        ),
        dry_run: opts.dry_run,
        plan: plan_path.display().to_string(),
        plan_name: plan.name.clone(),
        plan_sha256: sha.clone(),
        site_code: site.code.clone(),
        hospital: site.hospital.clone(),
        year,
        today: today.to_string(),
        operator: operator_name,
        host: host_name(),
        pid: std::process::id(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        database: url.display(),
        resumed,
    })?;

    let vars = Vars {
        year,
        this_year: year - 1,
        today: today.to_string(),
        schemas: site.database.schemas.clone(),
        hospital_code: site.code.clone(),
    };
    let mut ctx = Ctx {
        site: &site,
        plan: &plan,
        year,
        today,
        opts,
        db: database.as_mut(),
        journal: &mut journal,
        out: &mut out,
        history: &history,
        vars,
        abort_code: None,
        retry: (attempts, Duration::from_secs(1)),
        planned_tablespaces: Vec::new(),
        sent: 0,
    };
    let results = executor::run_steps(&mut ctx)?;
    let code = executor::exit_code(&results, ctx.abort_code);
    let summary = summarize(&results);
    journal.append(Event::RunEnd {
        exit_code: code,
        summary: summary.clone(),
    })?;
    out.line(format!("{summary}; exit {code}"));
    if !opts.dry_run {
        out.line(format!("journal: {}", state.journal().display()));
    }
    if let (Some(path), Some(fp)) = (req.saved_out, fingerprint) {
        let saved = SavedPlan::from_records(&site.code, fp, &journal.records);
        saved.save(path)?;
        out.line(format!(
            "saved plan: {} ({} statements); run exactly these with: yearend run --saved {}",
            path.display(),
            saved.statements.len(),
            path.display()
        ));
    }
    if json {
        out.json_document(&json!({
            "command": if opts.dry_run { "plan" } else { "run" },
            "hospital": site.hospital,
            "site_code": site.code,
            "year": year,
            "plan_sha256": sha,
            "exit_code": code,
            "steps": results,
            "records": journal.records,
        }));
    }
    drop(lock);
    Ok(code)
}

/// A connection for commands that only read (`clock`, `snapshot`): a short lock wait, so that no
/// read hangs behind a lock.
fn connect_for_reads(url: &crate::db::url::DbUrl) -> anyhow::Result<Box<dyn db::Database>> {
    let mut database = db::connect(url)?;
    database
        .set_lock_timeout(5)
        .map_err(|e| error::runtime(format!("cannot set the lock timeout: {e}")))?;
    Ok(database)
}

/// A read-only export of what `plan` reads, for `plan --snapshot` elsewhere.
fn snapshot(site_path: &Path, out_path: &Path) -> anyhow::Result<i32> {
    let (site, _) = Site::load(site_path)?;
    let mut database = connect_for_reads(&site.db_url())?;
    let snap = crate::snapshot::take(database.as_mut(), &site)?;
    snap.save(out_path)?;
    let partitions: usize = snap.catalog.tables.iter().map(|t| t.partitions.len()).sum();
    println!(
        "snapshot of {} ({}), {} {}: {} tablespaces, {} tables, {} partitions, {} DEFAULT/MAXVALUE row counts → {}",
        site.hospital,
        site.code,
        snap.identity.name,
        snap.identity.version,
        snap.catalog.tablespaces.len(),
        snap.catalog.tables.len(),
        partitions,
        snap.tail_rows.len(),
        out_path.display()
    );
    Ok(0)
}

/// The clock step alone, with its default limits (10 minutes); nothing is journaled.
fn clock(site_path: &Path, json: bool) -> anyhow::Result<i32> {
    let (site, _) = Site::load(site_path)?;
    let mut database = if site.clock_hosts.iter().any(|h| h == "database") {
        Some(connect_for_reads(&site.db_url())?)
    } else {
        None
    };
    let report = crate::clock::measure(
        &site.ntp,
        &site.clock_hosts,
        crate::steps::clock::params(None),
        database
            .as_mut()
            .map(|d| d.as_mut() as &mut dyn db::Database),
    );
    if json {
        println!(
            "{}",
            crate::secrets::redact(&serde_json::to_string_pretty(&report)?)
        );
    } else {
        println!("{} ({}) — 环境时间检查", site.hospital, site.code);
        for line in report.lines() {
            println!("  {line}");
        }
        println!(
            "{}: {}",
            if report.passed { "passed" } else { "FAILED" },
            report.message
        );
    }
    Ok(if report.passed { 0 } else { 1 })
}

fn report(
    site_path: &Path,
    year: Option<i32>,
    today: NaiveDate,
    format: crate::cli::ReportFormat,
    out: Option<&Path>,
    state_dir: Option<&Path>,
) -> anyhow::Result<i32> {
    let (site, _) = Site::load(site_path)?;
    let year = resolve_year(year, today)?;
    let state = StateDir::new(state_dir, &site.code, year);
    if !state.journal().exists() {
        return Err(error::input(format!(
            "no journal at {}: nothing to report yet (run `yearend run` first, or give --state-dir)",
            state.journal().display()
        )));
    }
    let ev = crate::evidence::gather(&state.dir, today)?;
    let text = crate::report::render(&ev, matches!(format, crate::cli::ReportFormat::Html))?;
    let text = crate::secrets::redact(&text);
    match out {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| {
                error::input(format!("{}: cannot write the report: {e}", path.display()))
            })?;
            eprintln!("report: {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(0)
}

/// Every state directory under `dir` (a directory holding journal.jsonl), at most 4 levels down.
fn state_dirs(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) {
    if dir.join("journal.jsonl").is_file() || dir.join("plan.resolved.yaml").is_file() {
        found.push(dir.to_path_buf());
        return;
    }
    if depth == 0 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for d in dirs {
        state_dirs(&d, depth - 1, found);
    }
}

fn fleet(dir: &Path, today: NaiveDate, json: bool, html: Option<&Path>) -> anyhow::Result<i32> {
    if !dir.is_dir() {
        return Err(error::input(format!(
            "{}: not a directory of state directories",
            dir.display()
        )));
    }
    let mut dirs = Vec::new();
    state_dirs(dir, 4, &mut dirs);
    let rows: Vec<crate::evidence::Evidence> = dirs
        .iter()
        .map(|d| crate::evidence::gather(d, today))
        .collect::<anyhow::Result<_>>()?;
    if json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .zip(&dirs)
            .map(|(e, d)| {
                json!({"dir": d, "site_code": e.site_code, "hospital": e.hospital, "year": e.year, "state": e.state,
                       "failing_step": e.failing_step, "late_steps": e.late_steps, "chain_ok": e.chain_ok, "ended": e.ended})
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
    } else {
        println!(
            "{:<14} {:<24} {:<6} {:<12} {:<24} late",
            "code", "hospital", "year", "state", "failing step"
        );
        for e in &rows {
            println!(
                "{:<14} {:<24} {:<6} {:<12} {:<24} {}",
                e.site_code,
                e.hospital,
                e.year,
                e.state,
                e.failing_step.clone().unwrap_or_else(|| "-".into()),
                if e.late_steps.is_empty() {
                    "-".to_string()
                } else {
                    e.late_steps.join(",")
                }
            );
        }
        println!(
            "{} hospitals: {} done",
            rows.len(),
            rows.iter().filter(|e| e.state == "done").count()
        );
    }
    if let Some(path) = html {
        let text = crate::report::render_fleet(&rows, today)?;
        std::fs::write(path, text)
            .map_err(|e| error::input(format!("{}: cannot write: {e}", path.display())))?;
        eprintln!("fleet: {}", path.display());
    }
    Ok(
        if !rows.is_empty()
            && rows
                .iter()
                .all(|e| e.state == "done" && e.late_steps.is_empty())
        {
            0
        } else {
            1
        },
    )
}

fn summarize(results: &[executor::StepResult]) -> String {
    let count = |s: StepStatus| results.iter().filter(|r| r.status == s).count();
    let mut parts = Vec::new();
    for s in [
        StepStatus::Passed,
        StepStatus::Warning,
        StepStatus::Executed,
        StepStatus::AlreadySatisfied,
        StepStatus::Planned,
        StepStatus::Failed,
        StepStatus::Halted,
        StepStatus::AwaitingConfirmation,
        StepStatus::Skipped,
        StepStatus::Unsupported,
        StepStatus::Offline,
    ] {
        let n = count(s);
        if n > 0 {
            parts.push(format!(
                "{n} {}",
                serde_json::to_value(s)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            ));
        }
    }
    format!("{} steps: {}", results.len(), parts.join(", "))
}

fn status(
    site_path: &Path,
    year: Option<i32>,
    today: NaiveDate,
    json: bool,
    state_dir: Option<&Path>,
) -> anyhow::Result<i32> {
    let (site, _) = Site::load(site_path)?;
    let year = resolve_year(year, today)?;
    let state = StateDir::new(state_dir, &site.code, year);
    let path = state.journal();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(_) => {
            if json {
                println!(
                    "{}",
                    json!({"site_code": site.code, "year": year, "state": "not_started"})
                );
            } else {
                println!(
                    "{} ({}) {year}: not started — no journal at {}",
                    site.hospital,
                    site.code,
                    path.display()
                );
            }
            return Ok(1);
        }
    };
    let verified = journal::verify_text(&text);
    let history = History::from_records(&verified.records);
    let order = planned_steps(&state.dir.join("plan.resolved.yaml"));
    let mut ids: Vec<String> = order.iter().map(|(id, _)| id.clone()).collect();
    for id in history.steps.keys() {
        if !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    let steps: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| match history.steps.get(id) {
            Some((st, msg, at)) => json!({"step": id, "status": st, "message": msg, "at": at}),
            None => json!({"step": id, "status": "not_run", "message": "", "at": null}),
        })
        .collect();
    let done = history.last_run_ended
        && history.last_exit_code == Some(0)
        && ids
            .iter()
            .all(|id| history.steps.get(id).is_some_and(|(s, _, _)| s.is_ok()));
    let state_word = if verified.broken.is_some() {
        "journal_broken"
    } else if history.runs == 0 {
        "not_started"
    } else if done {
        "done"
    } else if !history.last_run_ended {
        "interrupted_or_running"
    } else {
        "incomplete"
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "site_code": site.code, "hospital": site.hospital, "year": year, "state": state_word,
                "runs": history.runs, "chain_ok": verified.broken.is_none(), "records": verified.records.len(),
                "last_hash": verified.last_hash, "steps": steps,
            }))?
        );
    } else {
        println!(
            "{} ({}) — rollover to {year}: {state_word}",
            site.hospital, site.code
        );
        println!(
            "journal {}: {} records, {} run(s)",
            path.display(),
            verified.records.len(),
            history.runs
        );
        match &verified.broken {
            None => println!(
                "hash chain: intact (last record sha256 {})",
                verified.last_hash
            ),
            Some((line, why)) => println!(
                "hash chain: BROKEN at line {line}: {why} — keep the file, contact the tech center"
            ),
        }
        if let Some(r) = &history.last_run_start {
            if let Event::RunStart {
                operator,
                host,
                plan_sha256,
                ..
            } = &r.event
            {
                let at = r.at.format("%Y-%m-%d %H:%M:%S UTC");
                println!(
                    "last run: {at} by {operator} on {host}, plan sha256 {}",
                    &plan_sha256[..12]
                );
            }
        }
        if !history.last_run_ended && history.runs > 0 {
            println!("the last run has no end record: it is still running or was interrupted; `yearend run` resumes it");
        }
        for s in &steps {
            println!(
                "  {:<24} {:<22} {}",
                s["step"].as_str().unwrap_or_default(),
                s["status"].as_str().unwrap_or_default(),
                s["message"].as_str().unwrap_or_default()
            );
        }
        let blocking: Vec<&serde_json::Value> = steps
            .iter()
            .filter(|s| {
                matches!(
                    s["status"].as_str(),
                    Some("failed" | "halted" | "awaiting_confirmation" | "unsupported")
                )
            })
            .collect();
        if !blocking.is_empty() {
            println!("blocking:");
            for s in blocking {
                println!(
                    "  {}: {}",
                    s["step"].as_str().unwrap_or_default(),
                    s["message"].as_str().unwrap_or_default()
                );
            }
        }
    }
    Ok(if done && verified.broken.is_none() {
        0
    } else {
        1
    })
}

/// Step ids and kinds in plan order, from the resolved plan saved in the state directory.
fn planned_steps(path: &PathBuf) -> Vec<(String, StepKind)> {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_norway::from_str::<PlanFile>(&t).ok())
        .and_then(|p| p.steps)
        .map(|s| s.into_iter().map(|s| (s.id, s.kind)).collect())
        .unwrap_or_default()
}
