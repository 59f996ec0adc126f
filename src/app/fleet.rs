//! `yearend fleet`: many hospitals at once, from their state directories and evidence bundles,
//! and with `--roster` every hospital of the list whether anything was received or not:
//! not started, in progress, awaiting confirmation (who must confirm what), action needed by a
//! date, late, failing, done — with the plan's due dates and how old each verdict is.

use super::fleet_reports::Reports;
use crate::app::cli::FleetSort;
use crate::config::plan::Plan;
use crate::config::site::Site;
use crate::evidence::{self, Evidence};
use crate::model::status::RolloverState;
use crate::msg;
use crate::platform::error;
use crate::record::state::StateDir;
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
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
    /// Escalation contact (name and phone) from the site file, when the roster gives it.
    pub escalation: String,
    /// Other evidence received for the same hospital and year, by where it came from.
    pub also: Vec<String>,
    /// The earliest due date passed with its step not done (MM-DD), empty when none.
    pub overdue_since: String,
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
    /// The hospital's own report beside the page (`reports/…html`), when the page is written.
    pub report: String,
}

/// Evidence received from one hospital: where from, its latest verification, and its report
/// beside the page.
struct Received {
    ev: Evidence,
    source: String,
    verification: Option<crate::record::verification::Verification>,
    report: String,
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

/// Where evidence was found: a state directory or a bundle.
enum Found {
    State(PathBuf),
    Bundle(PathBuf),
}

/// Evidence found under a directory: state directories and `.tar.gz` bundles, 4 levels deep;
/// a directory that cannot be listed is kept with why, never skipped.
fn walk(dir: &Path, depth: usize, found: &mut Vec<Found>, unreadable: &mut Vec<Unreadable>) {
    if StateDir::is_state_dir(dir) {
        found.push(Found::State(dir.to_path_buf()));
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
            walk(&p, depth - 1, found, unreadable);
        } else if p.to_string_lossy().ends_with(".tar.gz") {
            found.push(Found::Bundle(p));
        }
    }
}

/// What one piece of evidence says, with its report beside the page when one is written;
/// what cannot be read, with why.
fn read_one(
    f: &Found,
    today: NaiveDate,
    reports: Option<&Reports>,
) -> Result<Received, Unreadable> {
    match f {
        Found::Bundle(p) => from_bundle(p, today, reports),
        Found::State(dir) => match evidence::gather(dir, today) {
            Ok(ev) => Ok(Received {
                report: reports.map(|r| r.render(&ev)).unwrap_or_default(),
                ev,
                source: format!("state {}", dir.display()),
                verification: crate::record::verification::load(dir),
            }),
            Err(e) => Err(Unreadable {
                source: format!("state {}", dir.display()),
                why: e.to_string(),
            }),
        },
    }
}

fn from_bundle(
    p: &Path,
    today: NaiveDate,
    reports: Option<&Reports>,
) -> Result<Received, Unreadable> {
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
    let report = match (reports, files.get("report.html")) {
        (Some(r), Some(html)) => r.keep(&ev.site_code, ev.year, html),
        _ => String::new(),
    };
    Ok(Received {
        ev,
        source,
        verification: text(crate::record::verification::FILE)
            .and_then(|t| serde_json::from_str(&t).ok()),
        report,
    })
}

/// The instant "now" is for `--today`: the real now on the real day, else noon of that day.
fn reference(today: NaiveDate) -> chrono::DateTime<Utc> {
    let now = Utc::now();
    if now.date_naive() == today {
        now
    } else {
        today.and_hms_opt(12, 0, 0).expect("noon exists").and_utc()
    }
}

fn row(r: &Received, today: NaiveDate) -> Row {
    let (ev, source) = (&r.ev, r.source.clone());
    let open = |s: &&evidence::StepRow| !s.ok && !s.due.is_empty();
    // Awaiting confirmation is not failing: a manual step waits for a person's word.
    let failing_step = ev.failing_step.clone().filter(|id| {
        ev.steps
            .iter()
            .any(|s| &s.id == id && s.status != "awaiting_confirmation")
    });
    Row {
        escalation: String::new(),
        also: Vec::new(),
        overdue_since: ev
            .steps
            .iter()
            .filter(|s| s.late && !s.ok)
            .map(|s| s.due.clone())
            .min()
            .unwrap_or_default(),
        site_code: ev.site_code.clone(),
        hospital: ev.hospital.clone(),
        year: ev.year,
        state: ev.state,
        state_zh: ev.state.zh().into(),
        source,
        report: r.report.clone(),
        failing_step,
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
        age_hours: ev
            .last_record_at
            .map(|t| (reference(today) - t).num_hours()),
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
        report: String::new(),
        escalation: String::new(),
        also: Vec::new(),
        overdue_since: String::new(),
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

/// A roster hospital nothing was received from: 已逾期 once its plan's first due date has passed.
fn not_started(site: &Site, plan: &Plan, year: i32, today: NaiveDate) -> Row {
    let first_due = plan.steps.iter().filter_map(|s| s.due).min();
    let late = first_due.is_some_and(|d| today > d.in_year(year - 1));
    let state = if late {
        RolloverState::Late
    } else {
        RolloverState::NotStarted
    };
    Row {
        report: String::new(),
        escalation: String::new(),
        also: Vec::new(),
        overdue_since: match late {
            true => first_due.map(|d| d.to_string()).unwrap_or_default(),
            false => String::new(),
        },
        site_code: site.code.clone(),
        hospital: site.hospital.clone(),
        year,
        state,
        state_zh: state.zh().into(),
        source: crate::msg!("fleet-nothing-received").render(),
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

/// Unreadable evidence that names a hospital: a state directory `<code>/<year>` or a bundle
/// `<code>-<year>.tar.gz`.
fn names_hospital(u: &Unreadable, code: &str) -> bool {
    let path = u
        .source
        .split_once(' ')
        .map_or(u.source.as_str(), |(_, p)| p);
    Path::new(path).components().any(|c| {
        let c = c.as_os_str().to_string_lossy();
        c == code || c.starts_with(&format!("{code}-"))
    })
}

fn rows_from_roster(
    roster: &Path,
    found: &[Received],
    unreadable: &mut Vec<Unreadable>,
    year: i32,
    today: NaiveDate,
) -> anyhow::Result<Vec<Row>> {
    let text =
        crate::platform::files::read_text(roster, crate::platform::files::ROSTER).map_err(|e| {
            error::input(
                msg!(
                    "fleet-roster-unreadable",
                    path = roster.display().to_string(),
                    cause = e.reason()
                )
                .render(),
            )
        })?;
    let entries: Vec<RosterEntry> = serde_norway::from_str(&text).map_err(|e| {
        error::input(
            msg!(
                "fleet-not-a-roster",
                path = roster.display().to_string(),
                cause = crate::platform::jsonfile::unquoted(&e.to_string())
            )
            .render(),
        )
    })?;
    let base = roster.parent().unwrap_or(Path::new("."));
    let by_code = by_hospital(found);
    // A province shares a few plans among thousands of hospitals: each is read once, and only
    // for a hospital nothing was received from (its due dates say whether it is late).
    let mut plans: HashMap<PathBuf, Plan> = HashMap::new();
    let sites = crate::platform::util::on_two_cores(&entries, |e| {
        Site::load(&base.join(&e.site)).map(|(site, _)| site)
    });
    let mut rows = Vec::new();
    for (e, site) in entries.iter().zip(sites) {
        let site = site?;
        let mut ours: Vec<&Received> = by_code
            .get(&(site.code.as_str(), year))
            .cloned()
            .unwrap_or_default();
        ours.sort_by_key(|r| std::cmp::Reverse(r.ev.last_record_at));
        let mut row = match ours.first() {
            Some(r) => row(r, today),
            None => match unreadable
                .iter()
                .position(|u| names_hospital(u, &site.code))
            {
                // What was received and cannot be read is that, never "not started".
                Some(i) => {
                    let u = unreadable.remove(i);
                    let mut r = unreadable_row(&u);
                    r.site_code = site.code.clone();
                    r.hospital = format!("{}（{}）", site.hospital, u.why);
                    r.year = year;
                    r
                }
                None => {
                    let path = base.join(&e.plan);
                    if !plans.contains_key(&path) {
                        let plan = Plan::load(&path)?;
                        plans.insert(path.clone(), plan);
                    }
                    not_started(&site, &plans[&path], year, today)
                }
            },
        };
        row.also = ours.iter().skip(1).map(|r| r.source.clone()).collect();
        row.escalation = site
            .escalation
            .as_ref()
            .map(|e| format!("{} {}", e.name, e.phone))
            .unwrap_or_default();
        rows.push(row);
    }
    Ok(rows)
}

/// Rows of what was received, without a roster: two sources for one hospital and year are both
/// shown, each naming the other.
fn rows_received(found: &[Received], today: NaiveDate) -> Vec<Row> {
    let by_code = by_hospital(found);
    let mut rows: Vec<Row> = found.iter().map(|r| row(r, today)).collect();
    for (i, r) in found.iter().enumerate() {
        rows[i].also = by_code[&(r.ev.site_code.as_str(), r.ev.year)]
            .iter()
            .filter(|o| !std::ptr::eq(**o, r))
            .map(|o| o.source.clone())
            .collect();
    }
    rows
}

/// What was received, by hospital code and year (one pass: 5,000 hospitals are not compared
/// with each other).
fn by_hospital(found: &[Received]) -> HashMap<(&str, i32), Vec<&Received>> {
    let mut by: HashMap<(&str, i32), Vec<&Received>> = HashMap::new();
    for r in found {
        by.entry((r.ev.site_code.as_str(), r.ev.year))
            .or_default()
            .push(r);
    }
    by
}

pub fn run(a: FleetArgs) -> anyhow::Result<i32> {
    let mut paths = Vec::new();
    let mut unreadable = Vec::new();
    let reports = a.html.map(Reports::beside);
    for d in a.dirs.iter() {
        if !d.is_dir() {
            return Err(error::input(
                msg!("fleet-not-a-directory", path = d.display().to_string()).render(),
            ));
        }
        walk(d, 4, &mut paths, &mut unreadable);
    }
    // Thousands of journals and bundles: read and folded on both cores.
    let read =
        crate::platform::util::on_two_cores(&paths, |f| read_one(f, a.today, reports.as_ref()));
    let mut found = Vec::new();
    for r in read {
        match r {
            Ok(r) => found.push(r),
            Err(u) => unreadable.push(u),
        }
    }
    let year = match a.roster {
        Some(_) => Some(super::resolve_year(a.year, a.today)?),
        None => a.year,
    };
    if found.is_empty() && unreadable.is_empty() && a.roster.is_none() {
        let dirs: Vec<String> = a.dirs.iter().map(|d| d.display().to_string()).collect();
        return Err(error::input(
            msg!("fleet-no-evidence", dirs = dirs.join(", ")).render(),
        ));
    }
    let mut rows = match (a.roster, year) {
        (Some(r), Some(y)) => rows_from_roster(r, &found, &mut unreadable, y, a.today)?,
        _ => rows_received(&found, a.today),
    };
    rows.extend(unreadable.iter().map(unreadable_row));
    super::fleet_view::order(&mut rows, a.sort);
    if a.json {
        let doc = super::fleet_view::envelope(&rows, a.today, year);
        crate::platform::output::write_json(&serde_json::to_string_pretty(&doc)?);
    } else {
        super::fleet_view::print(&rows, a.today, year);
    }
    if let Some(path) = a.html {
        let text = super::fleet_view::page(&rows, a.today, year)?;
        std::fs::write(path, text).map_err(|e| {
            error::input(
                msg!(
                    "err-cannot-write",
                    path = path.display().to_string(),
                    cause = crate::platform::error::io_reason(&e)
                )
                .render(),
            )
        })?;
        crate::say_err!(
            "{}",
            crate::msg!("fleet-page-written", path = path.display().to_string())
        );
    }
    let all_done = !rows.is_empty()
        && rows
            .iter()
            .all(|r| r.state == RolloverState::Done && r.late_steps.is_empty());
    Ok(if all_done { 0 } else { 1 })
}
