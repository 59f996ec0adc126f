//! `yearend status`: progress of one site and year, from its journal (the same evidence the
//! report and `fleet` read, so the three always agree).

use crate::config::site::Site;
use crate::evidence::{self, Evidence};
use crate::model::status::RolloverState;
use crate::msg;
use chrono::NaiveDate;
use serde_json::json;
use std::path::Path;

pub fn run(
    site_path: &Path,
    year: Option<i32>,
    today: NaiveDate,
    json: bool,
    head: Option<&str>,
    live: bool,
    state_dir: Option<&Path>,
) -> anyhow::Result<i32> {
    let (site, _) = Site::load(site_path)?;
    let year = super::resolve_year(year, today)?;
    let state = site.state(site_path, state_dir, year, false)?;
    let path = state.journal();
    if !path.exists() {
        if json {
            let doc =
                json!({"site_code": site.code, "year": year, "state": RolloverState::NotStarted});
            crate::platform::output::write_json(&doc.to_string());
        } else {
            crate::say!(
                "{}",
                msg!(
                    "status-not-started",
                    hospital = site.hospital.clone(),
                    code = site.code.clone(),
                    year = year.to_string(),
                    path = path.display().to_string()
                )
            );
        }
        return Ok(1);
    }
    let mut ev = evidence::gather(&state.dir, today)?;
    if let Some(Err(why)) = head.map(|h| crate::record::seal::head_matches(&ev.last_hash, h)) {
        ev.chain_ok = false;
        ev.chain_message = why;
        ev.state = RolloverState::JournalBroken;
    }
    let live = if live {
        super::live::compare(&site, &ev)?
    } else {
        super::live::Live::not_compared()
    };
    if json {
        let steps: Vec<serde_json::Value> = ev
            .steps
            .iter()
            .map(|s| json!({"step": s.id, "status": s.status, "executed_runs": s.executed_runs, "message": s.message, "at": s.ended_at, "late": s.late}))
            .collect();
        let doc = json!({
            "site_code": site.code, "hospital": site.hospital, "year": year, "state": ev.state,
            "runs": ev.runs, "chain_ok": ev.chain_ok, "chain_note": ev.chain_note, "records": ev.records,
            "last_hash": ev.last_hash, "steps": steps, "history": ev.history,
            "verification": crate::record::verification::load(&state.dir),
            "live": live,
        });
        crate::platform::output::write_json(&serde_json::to_string_pretty(&doc)?);
    } else {
        print_text(&site, year, &path, &ev);
        crate::say!("{}", live.line());
    }
    Ok(
        if ev.state == RolloverState::Done && live.missing.is_empty() {
            0
        } else {
            1
        },
    )
}

fn print_text(site: &Site, year: i32, path: &Path, ev: &Evidence) {
    let (h, c) = (&site.hospital, &site.code);
    crate::say!(
        "{}",
        msg!(
            "status-title",
            hospital = h.clone(),
            code = c.clone(),
            closing = (year - 1).to_string(),
            year = year.to_string(),
            state = if crate::i18n::zh() {
                ev.state.zh()
            } else {
                ev.state.word()
            }
        )
    );
    let (p, n, r) = (path.display(), ev.records, ev.runs);
    crate::say!(
        "{}",
        msg!(
            "status-journal",
            path = p.to_string(),
            records = n,
            runs = r
        )
    );
    let hash = &ev.last_hash;
    let why = &ev.chain_message;
    crate::say!(
        "{}",
        match (ev.chain_ok, &ev.chain_note) {
            (true, None) => msg!("status-chain-intact", hash = hash.clone()),
            (true, Some(note)) => msg!(
                "status-chain-intact-note",
                hash = hash.clone(),
                note = note.clone()
            ),
            (false, _) => msg!("status-chain-broken", why = why.clone()),
        }
    );
    if ev.runs > 0 {
        let (at, op, host) = (&ev.last_started, &ev.operator, &ev.host);
        let sha = ev.plan_sha256.get(..12).unwrap_or("");
        crate::say!(
            "{}",
            msg!(
                "status-last-run",
                at = at.clone(),
                operator = op.clone(),
                host = host.clone(),
                sha = sha
            )
        );
    }
    // Every run, when there were several or any sent a statement: its counts are the evidence.
    if ev.history.len() > 1 || ev.statements_total > 0 {
        for (i, run) in ev.history.iter().enumerate() {
            crate::say!("  {}", run_line(i + 1, run));
        }
    }
    // What each run created stays said after any number of resumes.
    for (i, run) in ev.history.iter().enumerate() {
        if !run.created.is_empty() {
            let what = run.created.clone();
            crate::say!("  {}", msg!("status-run-created", n = i + 1, what = what));
        }
    }
    if ev.state == RolloverState::InProgress {
        crate::say!("{}", msg!("status-no-end-record"));
    }
    steps(ev);
    if let Some(v) = crate::record::verification::load(path.parent().unwrap_or(Path::new("."))) {
        crate::say!("{}", v.line(chrono::Utc::now()));
    }
}

/// One run of the history, as `status` lists them.
fn run_line(n: usize, run: &crate::evidence::RunRow) -> String {
    let ended = if run.ended.is_empty() {
        crate::msg!("status-run-no-end").render()
    } else {
        run.ended.clone()
    };
    crate::msg!(
        "status-run",
        n = n,
        started = run.started.clone(),
        ended = ended,
        operator = run.operator.clone(),
        host = run.host.clone(),
        ok = run.statements_ok,
        failed = run.statements_failed,
        no_answer = run.statements_no_answer,
        outcome = run.outcome.clone()
    )
    .render()
}

fn steps(ev: &Evidence) {
    let zh = crate::i18n::zh();
    for s in &ev.steps {
        let status = match (zh, s.status.is_empty()) {
            (true, _) => s.status_zh.clone(),
            (false, true) => "not_run".to_string(),
            (false, false) if !s.executed_runs.is_empty() && s.status == "executed" => {
                format!("executed ({})", s.executed_text())
            }
            (false, false) => s.status.clone(),
        };
        let late = match (s.late, zh) {
            (false, _) => "",
            (true, true) => "（逾期）",
            (true, false) => " (late)",
        };
        let pad = crate::platform::output::pad;
        crate::say!(
            "  {} {} {}{late}",
            pad(&s.id, 24),
            pad(&status, 28),
            s.message
        );
    }
    let blocking: Vec<_> = ev.steps.iter().filter(|s| s.needs_attention).collect();
    if !blocking.is_empty() {
        crate::say!("{}", msg!("status-blocking"));
        for s in blocking {
            crate::say!("  {}: {}", s.id, s.message);
            if !s.hint.is_empty() {
                crate::say!("    {}", msg!("step-hint", hint = s.hint.clone()));
            }
        }
    }
}
