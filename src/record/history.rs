//! What earlier runs left in the journal, as a resumed run and `status` need it.

use crate::model::status::StepStatus;
use crate::record::journal::{Event, Record};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Confirmation {
    pub operator: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Default, Clone)]
pub struct History {
    /// The plan sha256 of the most recent real run.
    pub plan_sha256: Option<String>,
    pub runs: usize,
    pub confirmed: BTreeMap<String, Confirmation>,
    /// Latest status of each step, with its message and when.
    pub steps: BTreeMap<String, (StepStatus, String, DateTime<Utc>)>,
    /// Whether the last run recorded its end (false: interrupted, or still running).
    pub last_run_ended: bool,
    pub last_exit_code: Option<i32>,
    pub last_run_start: Option<Record>,
}

impl History {
    pub fn from_records(records: &[Record]) -> History {
        let mut h = History::default();
        for r in records {
            match &r.event {
                Event::RunStart(start) if !start.dry_run => {
                    h.plan_sha256 = Some(start.plan_sha256.clone());
                    h.runs += 1;
                    h.last_run_ended = false;
                    h.last_run_start = Some(r.clone());
                }
                Event::Replan { new_sha256, .. } => h.plan_sha256 = Some(new_sha256.clone()),
                Event::ManualConfirmed { step, operator, .. } => {
                    h.confirmed.insert(
                        step.clone(),
                        Confirmation {
                            operator: operator.clone(),
                            at: r.at,
                        },
                    );
                }
                Event::StepEnd {
                    step,
                    status,
                    level,
                    message,
                    ..
                } => {
                    let text = crate::model::status::leveled(*level, &message.render());
                    h.steps.insert(step.clone(), (*status, text, r.at));
                }
                Event::RunEnd { exit_code, .. } => {
                    h.last_run_ended = true;
                    h.last_exit_code = Some(*exit_code);
                }
                _ => {}
            }
        }
        h
    }
}
