//! `yearend fleet`: many hospitals' state directories at once: done, late, failing.

use crate::error;
use crate::model::status::RolloverState;
use crate::state::StateDir;
use chrono::NaiveDate;
use serde_json::json;
use std::path::{Path, PathBuf};

/// Every state directory under `dir`, at most 4 levels down.
fn state_dirs(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) {
    if StateDir::is_state_dir(dir) {
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

pub fn run(dir: &Path, today: NaiveDate, json: bool, html: Option<&Path>) -> anyhow::Result<i32> {
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
                e.state.word(),
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
            rows.iter()
                .filter(|e| e.state == RolloverState::Done)
                .count()
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
                .all(|e| e.state == RolloverState::Done && e.late_steps.is_empty())
        {
            0
        } else {
            1
        },
    )
}
