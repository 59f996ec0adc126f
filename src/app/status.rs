//! `yearend status`: progress of one site and year, from its journal.

use crate::config::plan::PlanFile;
use crate::config::site::Site;
use crate::history::History;
use crate::journal::{self, Event, Verified};
use crate::model::status::{RolloverState, RunFacts};
use crate::state::StateDir;
use chrono::NaiveDate;
use serde_json::{json, Value};
use std::path::Path;

pub fn run(
    site_path: &Path,
    year: Option<i32>,
    today: NaiveDate,
    json: bool,
    state_dir: Option<&Path>,
) -> anyhow::Result<i32> {
    let (site, _) = Site::load(site_path)?;
    let year = super::resolve_year(year, today)?;
    let state = StateDir::new(state_dir, &site.code, year);
    let path = state.journal();
    let Ok(text) = std::fs::read_to_string(&path) else {
        if json {
            let doc =
                json!({"site_code": site.code, "year": year, "state": RolloverState::NotStarted});
            println!("{doc}");
        } else {
            println!(
                "{} ({}) {year}: not started — no journal at {}",
                site.hospital,
                site.code,
                path.display()
            );
        }
        return Ok(1);
    };
    let verified = journal::verify_text(&text);
    let history = History::from_records(&verified.records);
    let steps = step_rows(&state, &history);
    let all_steps_ok = steps.iter().all(|s| {
        history
            .steps
            .get(s["step"].as_str().unwrap_or_default())
            .is_some_and(|(st, _, _)| st.is_ok())
    });
    let rollover = RolloverState::of(&RunFacts {
        chain_ok: verified.broken.is_none(),
        runs: history.runs,
        last_run_ended: history.last_run_ended,
        last_exit_code: history.last_exit_code,
        all_steps_ok,
    });
    if json {
        let doc = json!({
            "site_code": site.code, "hospital": site.hospital, "year": year, "state": rollover,
            "runs": history.runs, "chain_ok": verified.broken.is_none(), "records": verified.records.len(),
            "last_hash": verified.last_hash, "steps": steps,
        });
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        let header = format!(
            "{} ({}) — rollover to {year}: {}",
            site.hospital,
            site.code,
            rollover.word()
        );
        print_text(&header, &path, &verified, &history, &steps);
    }
    Ok(if rollover == RolloverState::Done {
        0
    } else {
        1
    })
}

/// Every step in plan order (then any the journal knows and the plan does not), with its latest
/// status, message and time.
fn step_rows(state: &StateDir, history: &History) -> Vec<Value> {
    let mut ids: Vec<String> = std::fs::read_to_string(state.resolved_plan())
        .ok()
        .and_then(|t| serde_norway::from_str::<PlanFile>(&t).ok())
        .and_then(|p| p.steps)
        .map(|s| s.into_iter().map(|s| s.id).collect())
        .unwrap_or_default();
    for id in history.steps.keys() {
        if !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    ids.iter()
        .map(|id| match history.steps.get(id) {
            Some((st, msg, at)) => json!({"step": id, "status": st, "message": msg, "at": at}),
            None => json!({"step": id, "status": "not_run", "message": "", "at": null}),
        })
        .collect()
}

fn print_text(header: &str, path: &Path, verified: &Verified, history: &History, steps: &[Value]) {
    println!("{header}");
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
    let field = |s: &Value, k: &str| s[k].as_str().unwrap_or_default().to_string();
    for s in steps {
        println!(
            "  {:<24} {:<22} {}",
            field(s, "step"),
            field(s, "status"),
            field(s, "message")
        );
    }
    let blocking: Vec<&Value> = steps
        .iter()
        .filter(|s| {
            serde_json::from_value::<crate::model::status::StepStatus>(s["status"].clone())
                .is_ok_and(|st| st.is_blocking())
        })
        .collect();
    if !blocking.is_empty() {
        println!("blocking:");
        for s in blocking {
            println!("  {}: {}", field(s, "step"), field(s, "message"));
        }
    }
}
