//! `yearend fleet`: many hospitals at once, from their state directories and evidence bundles,
//! and with `--roster` every hospital of the list whether anything was received or not:
//! not started, in progress, awaiting confirmation (who must confirm what), action needed by a
//! date, late, failing, done — with the plan's due dates and how old each verdict is.

use crate::app::cli::FleetSort;
use crate::config::plan::Plan;
use crate::config::site::Site;
use crate::evidence::{self, Evidence};
use crate::model::status::RolloverState;
use crate::platform::error;
use crate::record::state::StateDir;
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub struct FleetArgs<'a> {
    pub dirs: &'a [PathBuf],
    pub roster: Option<&'a Path>,
    pub year: Option<i32>,
    pub today: NaiveDate,
    pub sort: FleetSort,
    pub json: bool,
    pub html: Option<&'a Path>,
}

/// One hospital of the fleet.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub site_code: String,
    pub hospital: String,
    pub year: i32,
    pub state: RolloverState,
    pub state_zh: String,
    /// Where the verdict comes from: a state directory, a bundle, or nothing received.
    pub source: String,
    pub failing_step: Option<String>,
    /// What to do about the failing step (its `hint:`), when the plan says.
    pub failing_hint: String,
    /// Everything still open, by step title, with owner, due date and what to do.
    pub open: Vec<evidence::OpenItem>,
    /// Manual steps waiting: `step (owner)`.
    pub awaiting: Vec<String>,
    /// Steps that need action: `step by MM-DD`.
    pub action_needed: Vec<String>,
    pub late_steps: Vec<String>,
    /// The earliest due date of a step not done yet.
    pub next_due: String,
    /// Hours since the journal's last record (how old the verdict is).
    pub age_hours: Option<i64>,
    pub chain_ok: bool,
    pub ended: String,
    /// The latest `yearend verify` verdict, when one was made, and its time as people read it.
    pub verification: Option<crate::record::verification::Verification>,
    pub verified_at: String,
}

/// Evidence received from one hospital: where from, and its latest verification.
struct Received {
    ev: Evidence,
    source: String,
    verification: Option<crate::record::verification::Verification>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RosterEntry {
    site: PathBuf,
    plan: PathBuf,
}

/// Evidence that was there and could not be read: where, and why.
struct Unreadable {
    source: String,
    why: String,
}

/// Evidence found under a directory: state directories and `.tar.gz` bundles, 4 levels deep;
/// what cannot be read is kept with why, never skipped.
fn received(
    dir: &Path,
    depth: usize,
    today: NaiveDate,
    found: &mut Vec<Received>,
    unreadable: &mut Vec<Unreadable>,
) {
    if StateDir::is_state_dir(dir) {
        match evidence::gather(dir, today) {
            Ok(ev) => found.push(Received {
                ev,
                source: format!("state {}", dir.display()),
                verification: crate::record::verification::load(dir),
            }),
            Err(e) => unreadable.push(Unreadable {
                source: format!("state {}", dir.display()),
                why: e.to_string(),
            }),
        }
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            unreadable.push(Unreadable {
                source: format!("directory {}", dir.display()),
                why: crate::platform::error::io_reason(&e),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() && depth > 0 {
            received(&p, depth - 1, today, found, unreadable);
        } else if p.to_string_lossy().ends_with(".tar.gz") {
            match from_bundle(&p, today) {
                Ok(r) => found.push(r),
                Err(u) => unreadable.push(u),
            }
        }
    }
}

/// The evidence an evidence bundle carries, or why it cannot be read.
fn from_bundle(p: &Path, today: NaiveDate) -> Result<Received, Unreadable> {
    let source = format!("bundle {}", p.display());
    let files = match crate::evidence::bundle::read(p) {
        Ok(files) => files,
        Err(e) => {
            let why = e.to_string();
            return Err(Unreadable { source, why });
        }
    };
    let text = |n: &str| {
        files
            .get(n)
            .map(|b| String::from_utf8_lossy(b).into_owned())
    };
    let Some(journal) = text(crate::evidence::bundle::JOURNAL) else {
        let why = crate::msg!("fleet-bundle-no-journal").render();
        return Err(Unreadable { source, why });
    };
    let ev = evidence::gather_texts(
        &journal,
        text(crate::evidence::bundle::PLAN).as_deref(),
        text(crate::record::seal::FILE).as_deref(),
        today,
    );
    Ok(Received {
        ev,
        source,
        verification: text(crate::record::verification::FILE)
            .and_then(|t| serde_json::from_str(&t).ok()),
    })
}

fn row(r: &Received) -> Row {
    let (ev, source) = (&r.ev, r.source.clone());
    let open = |s: &&evidence::StepRow| !s.ok && !s.due.is_empty();
    Row {
        site_code: ev.site_code.clone(),
        hospital: ev.hospital.clone(),
        year: ev.year,
        state: ev.state,
        state_zh: ev.state.zh().into(),
        source,
        failing_step: ev.failing_step.clone(),
        failing_hint: ev
            .steps
            .iter()
            .find(|s| Some(&s.id) == ev.failing_step.as_ref())
            .map(|s| s.hint.clone())
            .unwrap_or_default(),
        open: ev.open_items(),
        awaiting: ev
            .steps
            .iter()
            .filter(|s| s.status == "awaiting_confirmation")
            .map(|s| {
                format!(
                    "{} ({})",
                    s.id,
                    if s.owner.is_empty() { "-" } else { &s.owner }
                )
            })
            .collect(),
        action_needed: ev
            .steps
            .iter()
            .filter(|s| s.status == "action_needed")
            .map(|s| format!("{} by {}", s.id, s.due))
            .collect(),
        late_steps: ev.late_steps.clone(),
        next_due: ev
            .steps
            .iter()
            .filter(open)
            .map(|s| s.due.clone())
            .min()
            .unwrap_or_default(),
        age_hours: ev.last_record_at.map(|t| (Utc::now() - t).num_hours()),
        chain_ok: ev.chain_ok,
        ended: ev.ended.clone(),
        verification: r.verification.clone(),
        verified_at: r
            .verification
            .as_ref()
            .map(|v| crate::model::time::local_text(v.at))
            .unwrap_or_default(),
    }
}

/// Evidence that could not be read, as a row of its own: named, with why, in every view.
fn unreadable_row(u: &Unreadable) -> Row {
    Row {
        site_code: "?".into(),
        hospital: u.why.clone(),
        year: 0,
        state: RolloverState::Unreadable,
        state_zh: RolloverState::Unreadable.zh().into(),
        source: u.source.clone(),
        failing_step: None,
        failing_hint: String::new(),
        open: Vec::new(),
        awaiting: Vec::new(),
        action_needed: Vec::new(),
        late_steps: Vec::new(),
        next_due: String::new(),
        age_hours: None,
        chain_ok: false,
        ended: String::new(),
        verification: None,
        verified_at: String::new(),
    }
}

/// A roster hospital nothing was received from.
fn not_started(site: &Site, plan: &Plan, year: i32) -> Row {
    Row {
        site_code: site.code.clone(),
        hospital: site.hospital.clone(),
        year,
        state: RolloverState::NotStarted,
        state_zh: RolloverState::NotStarted.zh().into(),
        source: "nothing received".into(),
        failing_step: None,
        failing_hint: String::new(),
        open: Vec::new(),
        awaiting: Vec::new(),
        action_needed: Vec::new(),
        late_steps: Vec::new(),
        next_due: plan
            .steps
            .iter()
            .filter_map(|s| s.due)
            .min()
            .map(|d| d.to_string())
            .unwrap_or_default(),
        age_hours: None,
        chain_ok: true,
        ended: String::new(),
        verification: None,
        verified_at: String::new(),
    }
}

fn rows_from_roster(roster: &Path, found: &[Received], year: i32) -> anyhow::Result<Vec<Row>> {
    let text = crate::platform::files::read_text(roster, crate::platform::files::ROSTER)
        .map_err(|e| error::input(format!("{}: cannot read the roster: {e}", roster.display())))?;
    let entries: Vec<RosterEntry> = serde_norway::from_str(&text).map_err(|e| {
        error::input(format!(
            "{}: not a roster (a YAML list of {{site, plan}}): {}",
            roster.display(),
            crate::platform::jsonfile::unquoted(&e.to_string())
        ))
    })?;
    let base = roster.parent().unwrap_or(Path::new("."));
    let mut rows = Vec::new();
    for e in entries {
        let (site, _) = Site::load(&base.join(&e.site))?;
        let plan = Plan::load(&base.join(&e.plan))?;
        let latest = found
            .iter()
            .filter(|r| r.ev.site_code == site.code && r.ev.year == year)
            .max_by_key(|r| r.ev.last_record_at);
        rows.push(match latest {
            Some(r) => row(r),
            None => not_started(&site, &plan, year),
        });
    }
    Ok(rows)
}

pub fn run(a: FleetArgs) -> anyhow::Result<i32> {
    let mut found = Vec::new();
    let mut unreadable = Vec::new();
    for d in a.dirs {
        if !d.is_dir() {
            return Err(error::input(format!(
                "{}: not a directory of state directories or bundles",
                d.display()
            )));
        }
        received(d, 4, a.today, &mut found, &mut unreadable);
    }
    let mut rows = match a.roster {
        Some(r) => rows_from_roster(r, &found, super::resolve_year(a.year, a.today)?)?,
        None => found.iter().map(row).collect(),
    };
    rows.extend(unreadable.iter().map(unreadable_row));
    match a.sort {
        FleetSort::State => {
            rows.sort_by(|x, y| (x.state, &x.site_code).cmp(&(y.state, &y.site_code)))
        }
        FleetSort::Code => rows.sort_by(|x, y| x.site_code.cmp(&y.site_code)),
        FleetSort::Due => rows.sort_by(|x, y| {
            (x.next_due.is_empty(), &x.next_due).cmp(&(y.next_due.is_empty(), &y.next_due))
        }),
        FleetSort::Age => rows.sort_by_key(|r| std::cmp::Reverse(r.age_hours.unwrap_or(i64::MAX))),
    }
    if a.json {
        crate::platform::output::write_json(&serde_json::to_string_pretty(&rows)?);
    } else {
        print_table(&rows);
    }
    if let Some(path) = a.html {
        let text = crate::evidence::report::render_fleet(&rows, a.today)?;
        std::fs::write(path, text)
            .map_err(|e| error::input(format!("{}: cannot write: {e}", path.display())))?;
        crate::say_err!("fleet: {}", path.display());
    }
    let all_done = !rows.is_empty()
        && rows
            .iter()
            .all(|r| r.state == RolloverState::Done && r.late_steps.is_empty());
    Ok(if all_done { 0 } else { 1 })
}

fn print_table(rows: &[Row]) {
    use crate::platform::output::pad;
    crate::say!(
        "{} {} {} {} {} {} detail",
        pad("code", 14),
        pad("hospital", 24),
        pad("year", 6),
        pad("state", 22),
        pad("due", 8),
        pad("age", 10)
    );
    for r in rows {
        let mut detail = Vec::new();
        if let Some(f) = &r.failing_step {
            detail.push(format!("failing: {f}"));
            if !r.failing_hint.is_empty() {
                let hint = crate::msg!("step-hint", hint = r.failing_hint.clone()).render();
                detail.push(crate::platform::output::one_line(&hint));
            }
        }
        if !r.awaiting.is_empty() {
            detail.push(format!("to confirm: {}", r.awaiting.join(", ")));
        }
        if !r.action_needed.is_empty() {
            detail.push(format!("action needed: {}", r.action_needed.join(", ")));
        }
        if !r.late_steps.is_empty() {
            detail.push(format!("late: {}", r.late_steps.join(", ")));
        }
        if r.state == RolloverState::Unreadable {
            detail.push(format!("{} — {}", r.source, r.hospital));
        }
        crate::say!(
            "{} {} {} {} {} {} {}",
            pad(&r.site_code, 14),
            pad(&r.hospital, 24),
            pad(&r.year.to_string(), 6),
            pad(r.state.word(), 22),
            pad(
                if r.next_due.is_empty() {
                    "-"
                } else {
                    &r.next_due
                },
                8
            ),
            pad(
                &r.age_hours.map_or("-".to_string(), |h| format!("{h} h")),
                10
            ),
            detail.join("; ")
        );
    }
    let done = rows
        .iter()
        .filter(|r| r.state == RolloverState::Done)
        .count();
    crate::say!("{} hospitals: {done} done", rows.len());
}
