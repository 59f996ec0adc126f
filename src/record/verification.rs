//! `yearend verify`: the read-only pass of everything the plan checks, for the evening of 12-31
//! and the morning of 01-01. It is the plan's own dry run (one code path), judged more strictly —
//! any statement still to run is a finding, since the rollover was supposed to be done — and its
//! verdict is kept beside the journal (`verification.json`), not in it: a verification is not a
//! run. `status` and `fleet` show the latest verdict and its age.

use crate::model::status::StepResult;
use crate::model::status::StepStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const FILE: &str = "verification.json";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Finding {
    pub step: String,
    pub status: StepStatus,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Verification {
    pub at: DateTime<Utc>,
    pub year: i32,
    pub plan_sha256: String,
    pub passed: bool,
    pub exit_code: i32,
    pub steps: usize,
    pub findings: Vec<Finding>,
}

/// What verification finds in the plan's results: anything failed, halted or needing action, and
/// anything still to do except a manual confirmation (verify confirms nothing).
pub fn findings(results: &[StepResult]) -> Vec<Finding> {
    results
        .iter()
        .filter(|r| match r.status {
            StepStatus::Planned => r.kind != "manual",
            StepStatus::ActionNeeded | StepStatus::AwaitingConfirmation => true,
            s => !s.is_ok() && s != StepStatus::Offline,
        })
        .map(|r| Finding {
            step: r.id.clone(),
            status: r.status,
            message: r.message.clone(),
        })
        .collect()
}

pub fn path(state_dir: &Path) -> PathBuf {
    state_dir.join(FILE)
}

pub fn save(state_dir: &Path, v: &Verification) -> anyhow::Result<()> {
    crate::platform::nofollow::create_dir(state_dir).map_err(|e| {
        crate::platform::error::runtime(
            crate::msg!(
                "err-cannot-create",
                path = state_dir.display().to_string(),
                cause = crate::platform::error::io_reason(&e)
            )
            .render(),
        )
    })?;
    crate::platform::jsonfile::save(&path(state_dir), v)
}

/// The latest verification of a state directory, if one was made and can be read.
pub fn load(state_dir: &Path) -> Option<Verification> {
    let text =
        crate::platform::files::read_text(&path(state_dir), crate::platform::files::SMALL).ok()?;
    serde_json::from_str(&text).ok()
}

impl Verification {
    /// One line for `status`: when, how long ago, and the verdict.
    pub fn line(&self, now: DateTime<Utc>) -> String {
        let at = crate::model::time::local_text(self.at);
        let hours = (now - self.at).num_minutes() as f64 / 60.0;
        let steps: Vec<&str> = self.findings.iter().map(|f| f.step.as_str()).collect();
        if self.passed {
            crate::msg!(
                "verification-passed",
                at = at,
                hours = format!("{hours:.1}"),
                steps = self.steps
            )
            .render()
        } else {
            crate::msg!(
                "verification-failed",
                at = at,
                hours = format!("{hours:.1}"),
                steps = steps.join(", ")
            )
            .render()
        }
    }
}
