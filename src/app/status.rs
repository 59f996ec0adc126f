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
    live: bool,
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
            crate::output::write_json(&doc.to_string());
        } else {
            crate::say!(
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
    let live = if live {
        super::live::compare(&site, &ev)?
    } else {
        super::live::Live::not_compared()
    };
    if json {
        let steps: Vec<serde_json::Value> = ev
            .steps
            .iter()
            .map(|s| json!({"step": s.id, "status": s.status, "message": s.message, "at": s.ended_at, "late": s.late}))
            .collect();
        let doc = json!({
            "site_code": site.code, "hospital": site.hospital, "year": year, "state": ev.state,
            "runs": ev.runs, "chain_ok": ev.chain_ok, "records": ev.records,
            "last_hash": ev.last_hash, "steps": steps, "history": ev.history,
            "verification": crate::verification::load(&state.dir),
            "live": live,
        });
        crate::output::write_json(&serde_json::to_string_pretty(&doc)?);
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
        crate::i18n::pick(
            format!(
                "{h}（{c}）— {} 年度年结（开启 {year} 年）：{}",
                year - 1,
                ev.state.zh()
            ),
            format!("{h} ({c}) — rollover to {year}: {}", ev.state.word()),
        )
    );
    let (p, n, r) = (path.display(), ev.records, ev.runs);
    crate::say!(
        "{}",
        crate::i18n::pick(
            format!("日志 {p}：{n} 条记录，运行 {r} 次"),
            format!("journal {p}: {n} records, {r} run(s)"),
        )
    );
    let hash = &ev.last_hash;
    let why = &ev.chain_message;
    crate::say!(
        "{}",
        match ev.chain_ok {
            true => crate::i18n::pick(
                format!("哈希链：完整（日志头哈希 {hash}）"),
                format!("hash chain: intact (last record sha256 {hash})"),
            ),
            false => crate::i18n::pick(
                format!("哈希链：损坏：{why}——请保留文件并联系技术中心"),
                format!("hash chain: BROKEN: {why} — keep the file, contact the tech center"),
            ),
        }
    );
    if ev.runs > 0 {
        let (at, op, host) = (&ev.last_started, &ev.operator, &ev.host);
        let sha = ev.plan_sha256.get(..12).unwrap_or("");
        crate::say!(
            "{}",
            crate::i18n::pick(
                format!("最近一次运行：{at}，操作人 {op}，主机 {host}，方案 sha256 {sha}"),
                format!("last run: {at} by {op} on {host}, plan sha256 {sha}"),
            )
        );
    }
    if ev.history.len() > 1 {
        for (i, run) in ev.history.iter().enumerate() {
            crate::say!("  {}", run_line(i + 1, run));
        }
    }
    if ev.state == RolloverState::InProgress {
        crate::say!("{}", crate::i18n::pick(
            "最近一次运行没有结束记录：仍在运行或已中断；`yearend run` 会接着做".into(),
            "the last run has no end record: it is still running or was interrupted; `yearend run` resumes it".into(),
        ));
    }
    steps(ev);
    if let Some(v) = crate::verification::load(path.parent().unwrap_or(Path::new("."))) {
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
    let outcome = match (crate::i18n::zh(), run.exit_code) {
        (true, _) => run.outcome.clone(),
        (false, Some(code)) => format!("exit {code}"),
        (false, None) => "no end record".into(),
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
        outcome = outcome
    )
    .render()
}

fn steps(ev: &Evidence) {
    let zh = crate::i18n::zh();
    for s in &ev.steps {
        let status = match (zh, s.status.is_empty()) {
            (true, _) => s.status_zh.as_str(),
            (false, true) => "not_run",
            (false, false) => s.status.as_str(),
        };
        let late = match (s.late, zh) {
            (false, _) => "",
            (true, true) => "（逾期）",
            (true, false) => " (late)",
        };
        crate::say!("  {:<24} {:<22} {}{late}", s.id, status, s.message);
    }
    let blocking: Vec<_> = ev.steps.iter().filter(|s| s.needs_attention).collect();
    if !blocking.is_empty() {
        crate::say!("{}", if zh { "待解决：" } else { "blocking:" });
        for s in blocking {
            crate::say!("  {}: {}", s.id, s.message);
        }
    }
}
