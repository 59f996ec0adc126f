//! The deadline rule of `stock` and `templates`: a problem before the due date is action needed
//! by that date (待处理: not done, and the run exits 1); after it, the step fails.

use super::{Ctx, Outcome};
use crate::config::types::MonthDay;
use crate::i18n::Msg;
use crate::model::status::{Level, StepStatus};
use crate::msg;

/// Before it a shortage warns (with days left), after it fails.
pub fn deadline_outcome(
    deadline: Option<MonthDay>,
    ctx: &Ctx,
    problems: &[Msg],
    ok_message: Msg,
) -> Outcome {
    if problems.is_empty() {
        return Outcome::new(StepStatus::Passed, ok_message);
    }
    let deadline = deadline.unwrap_or(MonthDay { month: 12, day: 25 });
    let due = deadline.in_year(ctx.year - 1);
    let days_left = (due - ctx.today).num_days();
    if days_left >= 0 {
        Outcome::at_level(
            StepStatus::ActionNeeded,
            Level::General,
            msg!(
                "deadline-days-left",
                days = days_left,
                deadline = deadline.to_string(),
                problems = problems.to_vec()
            ),
        )
    } else {
        Outcome::at_level(
            StepStatus::Failed,
            Level::Severe,
            msg!(
                "deadline-passed",
                deadline = deadline.to_string(),
                problems = problems.to_vec()
            ),
        )
    }
}
