//! Stage 7, report: the journal folded into evidence, rendered as report, bundle and fleet rows. May
//! use record, config, clock, coverage, model and platform; never db, run or steps (it reads, never connects).
//!
//! What the journal proves, gathered for the report, `fleet` and the ticket: per step its latest
//! status, the statements and checks behind it, lateness against the plan's timetable, and the
//! hash chain's verdict.

pub mod bundle;
pub mod created;
mod fold;
pub mod grid;
pub mod patterns;
pub mod report;
pub mod tables;

use crate::config::plan::PlanFile;
use crate::config::types::MonthDay;
use crate::i18n::Text;
use crate::model::status::{Level, RolloverState, RunFacts, StepStatus};
use crate::record::journal::{self, Event, Record, Verified};
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
    /// The run it was sent in (1 for the first): a statement sent and never answered stays
    /// counted under its own run after any number of resumes.
    pub run: usize,
}

/// A statement's outcome in one of three counts: done, failed (an error or a cancel), or sent
/// without an answer (the run ended before the outcome was written: the catalog decides on
/// resume). Rolled back and not sent change nothing and are in no count.
pub fn outcome_count(outcome: &str) -> Option<Count> {
    match outcome {
        "ok" => Some(Count::Ok),
        "rolled_back" | "not_sent" => None,
        NO_ANSWER => Some(Count::NoAnswer),
        _ => Some(Count::Failed),
    }
}

/// The outcome of a statement sent without an answer.
pub const NO_ANSWER: &str = "no_answer";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Ok,
    Failed,
    NoAnswer,
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
    /// 严重 or 一般 when the step failed for a reason of its own; empty otherwise.
    pub level: String,
    /// The latest status, when the step has ended at least once.
    #[serde(skip)]
    pub last_status: Option<StepStatus>,
    pub late: bool,
    pub duration_ms: Option<u64>,
    pub message: String,
    pub ended_at: String,
    pub statements: Vec<Statement>,
    pub checks: Vec<CheckRow>,
    /// Partitions steps: each table of the latest inspection and what it got.
    pub tables: Vec<crate::evidence::tables::TableRow>,
    /// Stock steps: each bill type of the latest check.
    pub bill_types: Vec<crate::evidence::tables::BillTypeRow>,
    /// Clock steps: each host's latest reading.
    pub hosts: Vec<crate::evidence::tables::HostRow>,
    /// Tablespaces steps: next year's tablespaces of the latest inspection.
    pub tablespaces: Vec<crate::evidence::tables::TablespaceRow>,
    /// Templates steps: each bill type's print and display templates.
    pub templates: Vec<crate::evidence::tables::TemplateRow>,
    pub confirmed_by: Option<String>,
    /// What to do when it fails (the plan's `hint:`), shown under a failure.
    pub hint: String,
    /// The runs in which the server answered `ok` to a statement of this step.
    pub executed_runs: Vec<usize>,
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
            level: String::new(),
            last_status: None,
            late: false,
            duration_ms: None,
            message: String::new(),
            ended_at: String::new(),
            statements: Vec::new(),
            checks: Vec::new(),
            tables: Vec::new(),
            bill_types: Vec::new(),
            hosts: Vec::new(),
            tablespaces: Vec::new(),
            templates: Vec::new(),
            confirmed_by: None,
            hint: String::new(),
            executed_runs: Vec::new(),
        }
    }
}

impl StepRow {
    /// A step whose statements ran in some run reads 已执行 with those runs, even when a later
    /// run's inspection found everything in place (已满足).
    fn tell_executed(&mut self) {
        let done = matches!(
            self.last_status,
            Some(StepStatus::AlreadySatisfied | StepStatus::Executed)
        );
        if done && !self.executed_runs.is_empty() {
            self.status = StepStatus::Executed.word().into();
            self.status_zh = format!(
                "{}（{}）",
                StepStatus::Executed.zh(),
                created::runs_text(&self.executed_runs)
            );
        }
    }

    /// The runs that executed it, as a person reads them (`run 1, 2` in English).
    pub fn executed_text(&self) -> String {
        if crate::i18n::zh() {
            return created::runs_text(&self.executed_runs);
        }
        let runs: Vec<String> = self.executed_runs.iter().map(|r| r.to_string()).collect();
        format!("run {}", runs.join(", "))
    }
}

/// One run of the rollover, as the report's history lists it.
#[derive(Debug, Clone, Serialize)]
pub struct RunRow {
    pub started: String,
    pub ended: String,
    pub operator: String,
    pub host: String,
    pub resumed: bool,
    pub statements_ok: usize,
    pub statements_failed: usize,
    pub statements_no_answer: usize,
    /// How it ended, in Chinese (成功, 已中断, …).
    pub outcome: String,
    /// Its exit code; `None` when the run has no end record (interrupted, crashed, running).
    pub exit_code: Option<i32>,
    /// What it created: tablespaces, partitions, and the tables they are in.
    pub created_tablespaces: usize,
    pub created_partitions: usize,
    pub created_tables: usize,
    /// The same, as a person reads it (empty: nothing created).
    pub created: String,
}

impl RunRow {
    /// `1 个表空间、36 个分区（3 张表）`, or empty when the run created nothing.
    pub fn created_text(&self) -> String {
        let mut parts = Vec::new();
        if self.created_tablespaces > 0 {
            parts.push(
                crate::msg!("run-created-tablespaces", n = self.created_tablespaces).render(),
            );
        }
        if self.created_partitions > 0 {
            parts.push(
                crate::msg!(
                    "run-created-partitions",
                    partitions = self.created_partitions,
                    tables = self.created_tables
                )
                .render(),
            );
        }
        parts.join(if crate::i18n::zh() { "、" } else { ", " })
    }
}

/// A run's exit code as the report says it.
fn run_outcome(exit_code: Option<i32>) -> String {
    let id = match exit_code {
        None => "run-outcome-no-end",
        Some(0) => "run-outcome-ok",
        Some(1) => "run-outcome-findings",
        Some(2) => "run-outcome-input",
        Some(3) => "run-outcome-runtime",
        Some(4) => "run-outcome-locked",
        Some(129 | 130 | 143) => "run-outcome-interrupted",
        Some(_) => "run-outcome-code",
    };
    crate::i18n::Msg::new(id)
        .arg("code", exit_code.unwrap_or_default())
        .render()
}

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// `report --reviewer`: who signs the review.
    pub reviewer: Option<String>,
    /// The journal against the database now (`report --live`), or that it was not compared.
    pub live: String,
    pub live_ok: bool,
    /// When this report was made (local time).
    pub generated: String,
    /// The day the report speaks for (`--today`, or the real date).
    pub today: String,
    pub hospital: String,
    pub site_code: String,
    pub year: i32,
    pub plan_name: String,
    /// The plan's mode as people read it (往年票可用 / 往年票不可用), when the plan is saved.
    pub mode: String,
    pub plan_sha256: String,
    pub operator: String,
    pub host: String,
    pub tool_version: String,
    pub database: String,
    pub started: String,
    /// When the latest run started.
    pub last_started: String,
    pub ended: String,
    pub runs: usize,
    pub state: RolloverState,
    pub state_zh: String,
    pub failing_step: Option<String>,
    pub late_steps: Vec<String>,
    pub chain_ok: bool,
    pub chain_message: String,
    /// What qualifies an intact chain (one record after the seal, a torn last line, no seal):
    /// said wherever "intact" is said, never left out.
    pub chain_note: Option<String>,
    pub records: usize,
    pub last_hash: String,
    /// When the journal's last record was written.
    pub last_record_at: Option<DateTime<Utc>>,
    pub steps: Vec<StepRow>,
    pub statements_total: usize,
    pub statements_failed: usize,
    pub statements_no_answer: usize,
    /// Every run of this site and year, oldest first.
    pub history: Vec<RunRow>,
    /// The site file's escalation contact (`escalation: {name, phone}`), when the report has it.
    pub escalation: Option<String>,
}

fn fmt_time(t: DateTime<Utc>) -> String {
    crate::model::time::local_text(t)
}

/// Gather the evidence of one state directory. `today` decides lateness of unfinished steps.
pub fn gather(state_dir: &Path, today: NaiveDate) -> anyhow::Result<Evidence> {
    let state = crate::record::state::StateDir::at(state_dir);
    use crate::platform::files::{read_text, JOURNAL, PLAN, SMALL};
    // No journal is a rollover not started; a journal that cannot be read is not that, and is said.
    let text = match read_text(&state.journal(), JOURNAL) {
        Ok(text) => text,
        Err(e) if e.not_found() => String::new(),
        Err(e) => {
            return Err(crate::platform::error::runtime(
                crate::msg!(
                    "err-cannot-read",
                    path = state.journal().display().to_string(),
                    cause = e.reason()
                )
                .render(),
            ))
        }
    };
    let plan = read_text(&state.resolved_plan(), PLAN).ok();
    let seal = read_text(&crate::record::seal::beside(&state.journal()), SMALL).ok();
    Ok(gather_texts(&text, plan.as_deref(), seal.as_deref(), today))
}

/// The evidence of a journal and its resolved plan, as read from a state directory or a bundle.
pub fn gather_texts(
    journal_text: &str,
    plan_text: Option<&str>,
    seal_text: Option<&str>,
    today: NaiveDate,
) -> Evidence {
    let verified = journal::verify_text(journal_text);
    let plan: Option<PlanFile> = plan_text.and_then(|t| serde_norway::from_str(t).ok());
    let mut empty = Evidence::empty(&verified, plan.as_ref());
    empty.apply_seal(seal_text, &verified);
    let mut fold = fold::Fold::new(empty, planned_rows(plan.as_ref()));
    for r in &verified.records {
        fold.record(r);
    }
    fold.finish(today)
}

/// One row per planned step, in plan order, with its owner and due date.
fn planned_rows(plan: Option<&PlanFile>) -> Vec<StepRow> {
    let Some(plan) = plan else {
        return Vec::new();
    };
    let timetable = plan.timetable.clone().unwrap_or_default();
    plan.steps
        .clone()
        .unwrap_or_default()
        .into_iter()
        .map(|s| {
            let title = s
                .title
                .clone()
                .unwrap_or_else(|| s.kind.default_title().to_string());
            let due = timetable
                .get(&s.id)
                .or(s.deadline.as_ref())
                .map(|d| d.to_string())
                .unwrap_or_default();
            let mut row = StepRow::new(
                s.id,
                s.kind.name().to_string(),
                title,
                s.owner.unwrap_or_default(),
                due,
            );
            row.hint = s.hint.unwrap_or_default().trim().to_string();
            row
        })
        .collect()
}

impl Evidence {
    fn empty(verified: &Verified, plan: Option<&PlanFile>) -> Evidence {
        Evidence {
            reviewer: None,
            live: String::new(),
            live_ok: true,
            generated: String::new(),
            today: String::new(),
            hospital: String::new(),
            site_code: String::new(),
            year: 0,
            plan_name: plan.and_then(|p| p.name.clone()).unwrap_or_default(),
            mode: plan
                .and_then(|p| p.mode)
                .map(|m| m.shown().to_string())
                .unwrap_or_default(),
            plan_sha256: String::new(),
            operator: String::new(),
            host: String::new(),
            tool_version: String::new(),
            database: String::new(),
            started: String::new(),
            last_started: String::new(),
            ended: String::new(),
            runs: 0,
            state: RolloverState::NotStarted,
            state_zh: String::new(),
            failing_step: None,
            late_steps: Vec::new(),
            chain_ok: verified.broken.is_none(),
            chain_message: match &verified.broken {
                None => format!("完整：{} 条记录，哈希链校验通过", verified.records.len()),
                Some((line, why)) => {
                    format!("损坏：第 {line} 行（{why}）——请保留文件并联系技术中心")
                }
            },
            chain_note: None,
            records: verified.records.len(),
            last_hash: verified.last_hash.clone(),
            last_record_at: verified.records.last().map(|r| r.at),
            steps: Vec::new(),
            statements_total: 0,
            statements_failed: 0,
            statements_no_answer: 0,
            history: Vec::new(),
            escalation: None,
        }
    }
}

impl Evidence {
    /// The seal's verdict joins the chain's: a journal cut short or edited at its end is broken.
    fn apply_seal(&mut self, seal_text: Option<&str>, verified: &Verified) {
        if !self.chain_ok || verified.records.is_empty() {
            return;
        }
        let have = verified.records.len() as u64;
        let verdict = match seal_text.map(crate::record::seal::parse) {
            None => Ok(Some(
                "未封存（没有 seal.json：旧版本写的日志，或封存文件被删除）".to_string(),
            )),
            Some(Err(e)) => Err(e),
            Some(Ok(seal)) => crate::record::seal::compare(&seal, &verified.chain()).map(|note| {
                // One record past the seal is what a crash between the two writes leaves: said
                // with its number, so "intact" is never read alone.
                let seq = verified.records.last().map_or(have, |r| r.seq);
                note.map(|n| match have == seal.records + 1 {
                    true => crate::msg!("chain-after-seal", seq = seq).render(),
                    false => n,
                })
            }),
        };
        match verdict {
            Ok(None) => self.chain_message.push_str("，与封存（seal.json）一致"),
            Ok(Some(note)) => {
                self.chain_message.push_str(&format!("；{note}"));
                self.chain_note = Some(note);
            }
            Err(why) => {
                self.chain_ok = false;
                self.chain_message = format!("日志不完整：{why}——请保留文件并联系技术中心");
            }
        }
    }
}

/// One thing still open in a rollover, as the ticket and the fleet name it: the step by its
/// title, whose it is, by when, and what is open.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OpenItem {
    pub step: String,
    pub title: String,
    pub owner: String,
    pub due: String,
    pub late: bool,
    pub what: String,
    /// What to do (the plan's `hint:`), for a step that failed.
    pub hint: String,
}

impl Evidence {
    /// Everything still open, step by step in plan order: failed or halted steps, steps awaiting
    /// confirmation or action, late ones; a stock step names each bill type short with its
    /// number, a templates step each unsynced template.
    pub fn open_items(&self) -> Vec<OpenItem> {
        let mut out = Vec::new();
        for s in self
            .steps
            .iter()
            .filter(|s| !s.ok || s.late || s.needs_attention)
        {
            let item = |what: String| OpenItem {
                step: s.id.clone(),
                title: s.title.clone(),
                owner: s.owner.clone(),
                due: s.due.clone(),
                late: s.late,
                what,
                hint: if s.ok { String::new() } else { s.hint.clone() },
            };
            let short: Vec<String> = s
                .bill_types
                .iter()
                .filter(|b| !b.ok)
                .map(|b| format!("{} {} 缺 {} 个号码", b.code, b.name, b.shortfall))
                .collect();
            let unsynced: Vec<String> = s
                .templates
                .iter()
                .filter(|t| !t.ok)
                .map(|t| format!("{} {} 模板未同步", t.code, t.name))
                .collect();
            if short.is_empty() && unsynced.is_empty() {
                let what = if s.message.is_empty() {
                    s.status_zh.clone()
                } else {
                    format!(
                        "{}：{}",
                        s.status_zh,
                        crate::platform::output::one_line(&s.message)
                    )
                };
                out.push(item(what));
            }
            out.extend(short.into_iter().chain(unsynced).map(item));
        }
        out
    }

    /// A few lines to paste into the operations ticket (工单).
    pub fn ticket_summary(&self) -> String {
        let mut s = format!(
            "【年结】{}（{}）{} 年度年结：{}。方案「{}」sha256 {}；执行人 {}，主机 {}；{} 次运行，{} 条语句（失败 {}，已发送未应答 {}）；日志哈希链{}。",
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
            self.statements_no_answer,
            match (self.chain_ok, &self.chain_note) {
                (true, None) => "完整".to_string(),
                (true, Some(note)) => format!("完整（{note}）"),
                (false, _) => "损坏".to_string(),
            }
        );
        let open = self.open_items();
        if !open.is_empty() {
            s.push_str(&format!(" 待办 {} 项：", open.len()));
            let items: Vec<String> = open
                .iter()
                .map(|o| {
                    let due = match (o.due.is_empty(), o.late) {
                        (true, _) => String::new(),
                        (false, true) => format!("，截止 {}（已逾期）", o.due),
                        (false, false) => format!("，截止 {}", o.due),
                    };
                    format!("{}（{}{due}）：{}", o.title, o.owner, o.what)
                })
                .collect();
            s.push_str(&items.join("；"));
            s.push('。');
        }
        s
    }
}
