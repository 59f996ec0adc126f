//! The deadline rule of `stock` and `templates`: a problem before the due date warns with the
//! days left; after it, the step fails.

use super::{Ctx, Outcome};
use crate::config::types::MonthDay;
use crate::model::status::StepStatus;

/// Before it a shortage warns (with days left), after it fails.
pub fn deadline_outcome(
    deadline: Option<MonthDay>,
    ctx: &Ctx,
    problems: &[String],
    ok_message: String,
) -> Outcome {
    if problems.is_empty() {
        return Outcome::new(StepStatus::Passed, ok_message);
    }
    let deadline = deadline.unwrap_or(MonthDay { month: 12, day: 25 });
    let due = deadline.in_year(ctx.year - 1);
    let days_left = (due - ctx.today).num_days();
    if days_left >= 0 {
        Outcome::new(
            StepStatus::Warning,
            format!(
                "[一般] {days_left} days left before the {deadline} deadline: {}",
                problems.join("; ")
            ),
        )
    } else {
        Outcome::new(
            StepStatus::Failed,
            format!(
                "[严重] the {deadline} deadline has passed: {}",
                problems.join("; ")
            ),
        )
    }
}
