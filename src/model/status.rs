//! One vocabulary for how a step ended, how bad a failure is, and how far a rollover is: used by
//! the engine, the journal, `status`, the report and `fleet` alike.

use serde::{Deserialize, Serialize};

/// Fault level of the O&M standard (DB4403/T 503.6): 严重 or 一般.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
pub enum Level {
    #[serde(rename = "严重", alias = "severe")]
    Severe,
    #[serde(rename = "一般", alias = "general")]
    General,
}

impl Level {
    pub fn zh(self) -> &'static str {
        match self {
            Level::Severe => "严重",
            Level::General => "一般",
        }
    }
}

/// `[严重] text`, or the text alone: how a failure's level is shown before its message.
pub fn leveled(level: Option<Level>, text: &str) -> String {
    match level {
        Some(l) => format!("[{}] {text}", l.zh()),
        None => text.to_string(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Checks ran and held.
    Passed,
    /// Release 0.1.0's word for what is now `ActionNeeded` (read from old journals only).
    Warning,
    /// Checks ran; something needs doing before its deadline (待处理): not done, not passed.
    ActionNeeded,
    /// Statements were executed and the target verified.
    Executed,
    /// The target already held: nothing to do.
    AlreadySatisfied,
    /// Dry-run: these statements would run.
    Planned,
    Failed,
    /// Stopped before acting (an anomaly that needs the tech center).
    Halted,
    AwaitingConfirmation,
    /// Not run because an earlier step failed with stop_on_fail.
    Skipped,
    /// The step kind is not in this version.
    Unsupported,
    /// An offline plan (from a snapshot) cannot run this step: it needs the live database.
    Offline,
}

impl StepStatus {
    pub fn is_ok(self) -> bool {
        matches!(
            self,
            StepStatus::Passed
                | StepStatus::Warning
                | StepStatus::Executed
                | StepStatus::AlreadySatisfied
                | StepStatus::Planned
        )
    }

    /// A status that keeps the rollover from being done and names the step that holds it up.
    pub fn is_blocking(self) -> bool {
        matches!(
            self,
            StepStatus::Failed
                | StepStatus::Halted
                | StepStatus::AwaitingConfirmation
                | StepStatus::Unsupported
        )
    }

    /// The word a person reads, in the process's language.
    pub fn shown(self) -> String {
        if crate::i18n::zh() {
            self.zh().to_string()
        } else {
            self.word().replace('_', " ")
        }
    }

    /// The snake_case word the journal and `--json` use.
    pub fn word(self) -> &'static str {
        match self {
            StepStatus::Passed => "passed",
            StepStatus::Warning => "warning",
            StepStatus::ActionNeeded => "action_needed",
            StepStatus::Executed => "executed",
            StepStatus::AlreadySatisfied => "already_satisfied",
            StepStatus::Planned => "planned",
            StepStatus::Failed => "failed",
            StepStatus::Halted => "halted",
            StepStatus::AwaitingConfirmation => "awaiting_confirmation",
            StepStatus::Skipped => "skipped",
            StepStatus::Unsupported => "unsupported",
            StepStatus::Offline => "offline",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            StepStatus::Passed => "通过",
            StepStatus::Warning => "警告",
            StepStatus::ActionNeeded => "待处理",
            StepStatus::Executed => "已执行",
            StepStatus::AlreadySatisfied => "已满足",
            StepStatus::Planned => "待执行（演练）",
            StepStatus::Failed => "失败",
            StepStatus::Halted => "已停止",
            StepStatus::AwaitingConfirmation => "待确认",
            StepStatus::Skipped => "已跳过",
            StepStatus::Unsupported => "本版本不支持",
            StepStatus::Offline => "离线演练未执行",
        }
    }

    /// Every status, in the order summaries list them.
    pub const SUMMARY_ORDER: [StepStatus; 12] = [
        StepStatus::Passed,
        StepStatus::Warning,
        StepStatus::ActionNeeded,
        StepStatus::Executed,
        StepStatus::AlreadySatisfied,
        StepStatus::Planned,
        StepStatus::Failed,
        StepStatus::Halted,
        StepStatus::AwaitingConfirmation,
        StepStatus::Skipped,
        StepStatus::Unsupported,
        StepStatus::Offline,
    ];
}

/// How far one hospital's rollover is, from its journal: the one answer `status`, the report
/// and `fleet` give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RolloverState {
    /// The journal's hash chain does not hold: nothing it says can be trusted.
    JournalBroken,
    /// Evidence was received but could not be read (a bundle that is not one, a state directory
    /// the tool may not read): named with why, never taken for "nothing received".
    Unreadable,
    /// A step failed or halted.
    Failing,
    /// A step is not done and its due date has passed.
    Late,
    /// Something must be done before a due date (stock, templates): not done.
    ActionNeeded,
    /// A manual step waits for a named operator.
    AwaitingConfirmation,
    /// The last run has no end record: still running, or interrupted.
    InProgress,
    NotStarted,
    Done,
}

/// What the journal says, as `RolloverState::of` needs it.
pub struct RunFacts {
    pub chain_ok: bool,
    pub runs: usize,
    pub last_run_ended: bool,
    pub last_exit_code: Option<i32>,
    /// Every planned step ended in an ok status (not a dry-run's "planned").
    pub all_steps_ok: bool,
    /// The latest status of every step that has one.
    pub statuses: Vec<StepStatus>,
    /// A step not done whose due date has passed.
    pub late: bool,
}

impl RolloverState {
    pub fn of(f: &RunFacts) -> RolloverState {
        let any = |s: StepStatus| f.statuses.contains(&s);
        if !f.chain_ok {
            RolloverState::JournalBroken
        } else if f.runs == 0 {
            RolloverState::NotStarted
        } else if !f.last_run_ended {
            RolloverState::InProgress
        } else if f.statuses.iter().any(|s| {
            matches!(
                s,
                StepStatus::Failed | StepStatus::Halted | StepStatus::Unsupported
            )
        }) {
            RolloverState::Failing
        } else if f.late {
            RolloverState::Late
        } else if any(StepStatus::AwaitingConfirmation) {
            RolloverState::AwaitingConfirmation
        } else if any(StepStatus::ActionNeeded) {
            RolloverState::ActionNeeded
        } else if f.last_exit_code == Some(0) && f.all_steps_ok {
            RolloverState::Done
        } else {
            RolloverState::Failing
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            RolloverState::NotStarted => "not_started",
            RolloverState::InProgress => "in_progress",
            RolloverState::AwaitingConfirmation => "awaiting_confirmation",
            RolloverState::ActionNeeded => "action_needed",
            RolloverState::Late => "late",
            RolloverState::Done => "done",
            RolloverState::Failing => "failing",
            RolloverState::JournalBroken => "journal_broken",
            RolloverState::Unreadable => "unreadable",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            RolloverState::NotStarted => "未开始",
            RolloverState::InProgress => "进行中或已中断",
            RolloverState::AwaitingConfirmation => "待确认",
            RolloverState::ActionNeeded => "待处理",
            RolloverState::Late => "已逾期",
            RolloverState::Done => "已完成",
            RolloverState::Failing => "未通过",
            RolloverState::JournalBroken => "日志不完整",
            RolloverState::Unreadable => "证据无法读取",
        }
    }
}

/// How one step of a plan or run ended, as the engine hands it to the closing lines, the journal
/// and the verification record.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StepResult {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub status: StepStatus,
    pub level: Option<Level>,
    /// The message as data (id and arguments) and as the text a person reads.
    pub msg: crate::i18n::Msg,
    pub message: String,
    pub due: Option<String>,
    pub late: bool,
    /// How long the step took, header to verdict.
    pub duration_ms: u64,
}
