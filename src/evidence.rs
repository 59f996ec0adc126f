//! What the journal proves, gathered for the report, `fleet` and the ticket: per step its latest
//! status, the statements and checks behind it, lateness against the plan's timetable, and the
//! hash chain's verdict.

use crate::config::plan::PlanFile;
use crate::config::types::MonthDay;
use crate::journal::{self, Event};
use crate::model::status::{RolloverState, RunFacts, StepStatus};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    pub sql: String,
    pub sha256: String,
    pub outcome: String,
    pub duration_ms: Option<u64>,
    pub error: Option<String>,
    pub attempts: u32,
    pub at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckRow {
    pub name: String,
    pub passed: bool,
    pub level: String,
    pub message: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepRow {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub owner: String,
    pub due: String,
    pub status: String,
    pub status_zh: String,
    pub ok: bool,
    /// Keeps the rollover from being done (failed, halted, awaiting confirmation, unsupported).
    pub blocking: bool,
    /// Blocking, or a warning: listed among the report's problems.
    pub needs_attention: bool,
    pub late: bool,
    pub duration_ms: Option<u64>,
    pub message: String,
    pub ended_at: String,
    pub statements: Vec<Statement>,
    pub checks: Vec<CheckRow>,
    pub confirmed_by: Option<String>,
}

impl StepRow {
    fn new(id: String, kind: String, title: String, owner: String, due: String) -> StepRow {
        StepRow {
            id,
            kind,
            title,
            owner,
            due,
            status: "not_run".into(),
            status_zh: "未执行".into(),
            ok: false,
            blocking: false,
            needs_attention: false,
            late: false,
            duration_ms: None,
            message: String::new(),
            ended_at: String::new(),
            statements: Vec::new(),
            checks: Vec::new(),
            confirmed_by: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub hospital: String,
    pub site_code: String,
    pub year: i32,
    pub plan_name: String,
    pub plan_sha256: String,
    pub operator: String,
    pub host: String,
    pub tool_version: String,
    pub database: String,
    pub started: String,
    pub ended: String,
    pub runs: usize,
    pub state: RolloverState,
    pub state_zh: String,
    pub failing_step: Option<String>,
    pub late_steps: Vec<String>,
    pub chain_ok: bool,
    pub chain_message: String,
    pub records: usize,
    pub last_hash: String,
    pub steps: Vec<StepRow>,
    pub statements_total: usize,
    pub statements_failed: usize,
}

fn fmt_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// Gather the evidence of one state directory. `today` decides lateness of unfinished steps.
pub fn gather(state_dir: &Path, today: NaiveDate) -> anyhow::Result<Evidence> {
    let state = crate::state::StateDir::at(state_dir);
    let text = std::fs::read_to_string(state.journal()).unwrap_or_default();
    let verified = journal::verify_text(&text);
    let plan: Option<PlanFile> = std::fs::read_to_string(state.resolved_plan())
        .ok()
        .and_then(|t| serde_norway::from_str(&t).ok());
    let mut ev = Evidence {
        hospital: String::new(),
        site_code: String::new(),
        year: 0,
        plan_name: plan
            .as_ref()
            .and_then(|p| p.name.clone())
            .unwrap_or_default(),
        plan_sha256: String::new(),
        operator: String::new(),
        host: String::new(),
        tool_version: String::new(),
        database: String::new(),
        started: String::new(),
        ended: String::new(),
        runs: 0,
        state: RolloverState::NotStarted,
        state_zh: String::new(),
        failing_step: None,
        late_steps: Vec::new(),
        chain_ok: verified.broken.is_none(),
        chain_message: match &verified.broken {
            None => format!("完整：{} 条记录，哈希链校验通过", verified.records.len()),
            Some((line, why)) => format!("损坏：第 {line} 行（{why}）——请保留文件并联系技术中心"),
        },
        records: verified.records.len(),
        last_hash: verified.last_hash.clone(),
        steps: Vec::new(),
        statements_total: 0,
        statements_failed: 0,
    };
    let planned: Vec<(String, String, String, String)> = plan
        .as_ref()
        .and_then(|p| p.steps.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|s| {
            let title = s
                .title
                .clone()
                .unwrap_or_else(|| s.kind.default_title().to_string());
            (
                s.id,
                s.kind.name().to_string(),
                title,
                s.owner.unwrap_or_default(),
            )
        })
        .collect();
    let timetable = plan
        .as_ref()
        .and_then(|p| p.timetable.clone())
        .unwrap_or_default();
    let mut steps: Vec<StepRow> = planned
        .iter()
        .map(|(id, kind, title, owner)| {
            let due = timetable.get(id).map(|d| d.to_string()).unwrap_or_default();
            StepRow::new(id.clone(), kind.clone(), title.clone(), owner.clone(), due)
        })
        .collect();
    let mut run_ended = false;
    let mut last_exit = None;
    let mut last_ended_at: Option<DateTime<Utc>> = None;
    let mut step_end_dates: Vec<(String, NaiveDate)> = Vec::new();
    let mut run_date: Option<NaiveDate> = None;
    for r in &verified.records {
        let step_of = |steps: &mut Vec<StepRow>, id: &str| -> usize {
            if let Some(i) = steps.iter().position(|s| s.id == id) {
                return i;
            }
            steps.push(StepRow::new(
                id.into(),
                String::new(),
                id.into(),
                String::new(),
                String::new(),
            ));
            steps.len() - 1
        };
        match &r.event {
            Event::RunStart {
                dry_run: false,
                hospital,
                site_code,
                year,
                plan_name,
                plan_sha256,
                operator,
                host,
                tool_version,
                database,
                today: run_today,
                ..
            } => {
                // Lateness is judged by the run's "today" (the real date, unless rehearsed with --today).
                run_date = NaiveDate::parse_from_str(run_today, "%Y-%m-%d").ok();
                ev.runs += 1;
                if ev.started.is_empty() {
                    ev.started = fmt_time(r.at);
                }
                ev.hospital = hospital.clone();
                ev.site_code = site_code.clone();
                ev.year = *year;
                if ev.plan_name.is_empty() {
                    ev.plan_name = plan_name.clone();
                }
                ev.plan_sha256 = plan_sha256.clone();
                ev.operator = operator.clone();
                ev.host = host.clone();
                ev.tool_version = tool_version.clone();
                ev.database = database.clone();
                run_ended = false;
            }
            Event::StatementSent { step, sql, sha256 } => {
                let i = step_of(&mut steps, step);
                steps[i].statements.push(Statement {
                    sql: sql.clone(),
                    sha256: sha256.clone(),
                    outcome: "sent, no outcome recorded (interrupted)".into(),
                    duration_ms: None,
                    error: None,
                    attempts: 0,
                    at: fmt_time(r.at),
                });
            }
            Event::StatementDone {
                step,
                sha256,
                duration_ms,
                outcome,
                error,
                attempt,
            } => {
                let i = step_of(&mut steps, step);
                if let Some(s) = steps[i]
                    .statements
                    .iter_mut()
                    .rev()
                    .find(|s| &s.sha256 == sha256)
                {
                    s.outcome = outcome.clone();
                    s.duration_ms = Some(*duration_ms);
                    s.error = error.clone();
                    s.attempts = *attempt;
                }
            }
            Event::Check {
                step,
                name,
                passed,
                level,
                message,
                ..
            } => {
                let i = step_of(&mut steps, step);
                steps[i].checks.push(CheckRow {
                    name: name.clone(),
                    passed: *passed,
                    level: level.clone(),
                    message: message.clone(),
                    at: fmt_time(r.at),
                });
            }
            Event::ManualConfirmed { step, operator, .. } => {
                let i = step_of(&mut steps, step);
                steps[i].confirmed_by = Some(format!("{operator}（{}）", fmt_time(r.at)));
            }
            Event::StepEnd {
                step,
                status,
                duration_ms,
                message,
            } => {
                let i = step_of(&mut steps, step);
                let s = &mut steps[i];
                s.status = serde_json::to_value(status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                s.status_zh = status.zh().into();
                s.ok = status.is_ok() && *status != StepStatus::Planned;
                s.blocking = status.is_blocking();
                s.needs_attention = s.blocking || *status == StepStatus::Warning;
                s.duration_ms = Some(*duration_ms);
                s.message = message.clone();
                s.ended_at = fmt_time(r.at);
                step_end_dates.retain(|(id, _)| id != step);
                if s.ok {
                    step_end_dates.push((step.clone(), run_date.unwrap_or(r.at.date_naive())));
                }
            }
            Event::RunEnd { exit_code, .. } => {
                run_ended = true;
                last_exit = Some(*exit_code);
                last_ended_at = Some(r.at);
            }
            _ => {}
        }
    }
    // Late: done after its due date, or not done and the due date has passed.
    let closing_year = ev.year - 1;
    for s in steps.iter_mut() {
        let Ok(due) = MonthDay::parse(&s.due) else {
            continue;
        };
        let due = due.in_year(closing_year);
        let done_on = step_end_dates
            .iter()
            .find(|(id, _)| *id == s.id)
            .map(|(_, d)| *d);
        s.late = match done_on {
            Some(d) => d > due,
            None => today > due,
        };
        if s.late {
            ev.late_steps.push(s.id.clone());
        }
    }
    ev.statements_total = steps.iter().map(|s| s.statements.len()).sum();
    ev.statements_failed = steps
        .iter()
        .flat_map(|s| &s.statements)
        .filter(|s| s.outcome != "ok")
        .count();
    ev.ended = last_ended_at.map(fmt_time).unwrap_or_default();
    ev.failing_step = steps.iter().find(|s| s.blocking).map(|s| s.id.clone());
    ev.state = RolloverState::of(&RunFacts {
        chain_ok: ev.chain_ok,
        runs: ev.runs,
        last_run_ended: run_ended,
        last_exit_code: last_exit,
        all_steps_ok: steps.iter().all(|s| s.ok),
    });
    ev.state_zh = ev.state.zh().to_string();
    ev.steps = steps;
    Ok(ev)
}

impl Evidence {
    /// A few lines to paste into the operations ticket (工单).
    pub fn ticket_summary(&self) -> String {
        let mut s = format!(
            "【年结】{}（{}）{} 年度年结：{}。方案「{}」sha256 {}；执行人 {}，主机 {}；{} 次运行，{} 条语句（失败 {}）；日志哈希链{}。",
            self.hospital,
            self.site_code,
            self.year,
            self.state_zh,
            self.plan_name,
            self.plan_sha256.get(..12).unwrap_or(""),
            self.operator,
            self.host,
            self.runs,
            self.statements_total,
            self.statements_failed,
            if self.chain_ok { "完整" } else { "损坏" }
        );
        if let Some(f) = &self.failing_step {
            let step = self.steps.iter().find(|x| &x.id == f);
            s.push_str(&format!(
                " 未通过步骤：{}（{}）。",
                f,
                step.map(|x| x.message.as_str()).unwrap_or("")
            ));
        }
        if !self.late_steps.is_empty() {
            s.push_str(&format!(" 逾期步骤：{}。", self.late_steps.join("、")));
        }
        s
    }
}
