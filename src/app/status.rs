//! `yearend status`: progress of one site and year, from its journal (the same evidence the
//! report and `fleet` read, so the three always agree).

use crate::config::site::Site;
use crate::evidence::{self, Evidence};
use crate::model::status::RolloverState;
use crate::state::StateDir;
use chrono::NaiveDate;
use serde_json::json;
use std::path::Path;

pub fn run(
    site_path: &Path,
    year: Option<i32>,
    today: NaiveDate,
    json: bool,
    head: Option<&str>,
    state_dir: Option<&Path>,
) -> anyhow::Result<i32> {
    let (site, _) = Site::load(site_path)?;
    let year = super::resolve_year(year, today)?;
    let state = StateDir::new(state_dir, &site.code, year);
    let path = state.journal();
    if !path.exists() {
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
    }
    let mut ev = evidence::gather(&state.dir, today)?;
    if let Some(Err(why)) = head.map(|h| crate::seal::head_matches(&ev.last_hash, h)) {
        ev.chain_ok = false;
        ev.chain_message = why;
        ev.state = RolloverState::JournalBroken;
    }
    if json {
        let steps: Vec<serde_json::Value> = ev
            .steps
            .iter()
            .map(|s| json!({"step": s.id, "status": s.status, "message": s.message, "at": s.ended_at, "late": s.late}))
            .collect();
        let doc = json!({
            "site_code": site.code, "hospital": site.hospital, "year": year, "state": ev.state,
            "runs": ev.runs, "chain_ok": ev.chain_ok, "records": ev.records,
            "last_hash": ev.last_hash, "steps": steps,
        });
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        print_text(&site, year, &path, &ev);
    }
    Ok(if ev.state == RolloverState::Done {
        0
    } else {
        1
    })
}

fn print_text(site: &Site, year: i32, path: &Path, ev: &Evidence) {
    println!(
        "{} ({}) — rollover to {year}: {}",
        site.hospital,
        site.code,
        ev.state.word()
    );
    println!(
        "journal {}: {} records, {} run(s)",
        path.display(),
        ev.records,
        ev.runs
    );
    if ev.chain_ok {
        println!("hash chain: intact (last record sha256 {})", ev.last_hash);
    } else {
        println!(
            "hash chain: BROKEN: {} — keep the file, contact the tech center",
            ev.chain_message
        );
    }
    if ev.runs > 0 {
        println!(
            "last run: {} by {} on {}, plan sha256 {}",
            ev.last_started,
            ev.operator,
            ev.host,
            ev.plan_sha256.get(..12).unwrap_or("")
        );
    }
    if ev.state == RolloverState::InProgress {
        println!("the last run has no end record: it is still running or was interrupted; `yearend run` resumes it");
    }
    for s in &ev.steps {
        let status = if s.status.is_empty() {
            "not_run"
        } else {
            s.status.as_str()
        };
        let late = if s.late { " (late)" } else { "" };
        println!("  {:<24} {:<22} {}{late}", s.id, status, s.message);
    }
    let blocking: Vec<_> = ev.steps.iter().filter(|s| s.needs_attention).collect();
    if !blocking.is_empty() {
        println!("blocking:");
        for s in blocking {
            println!("  {}: {}", s.id, s.message);
        }
    }
}
