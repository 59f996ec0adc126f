//! What `fleet` shows: the hospitals most urgent first, the counts per state first of all, one
//! block per hospital that needs someone (what is open by step title, whose it is, by when, what
//! to do, who to escalate to), the done ones folded at the end; and the JSON envelope.

use super::fleet::Row;
use crate::app::cli::FleetSort;
use crate::model::status::RolloverState;
use crate::msg;
use crate::platform::output::pad;
use chrono::NaiveDate;
use serde_json::json;

/// Every state, in the order README's outcome table and `status` give them.
pub const STATES: [RolloverState; 9] = [
    RolloverState::JournalBroken,
    RolloverState::Unreadable,
    RolloverState::NotStarted,
    RolloverState::InProgress,
    RolloverState::Failing,
    RolloverState::Late,
    RolloverState::AwaitingConfirmation,
    RolloverState::ActionNeeded,
    RolloverState::Done,
];

/// How urgent a state is on a December Monday: late first, then what cannot be trusted or read,
/// what failed, what is under way, what waits; done last.
fn rank(s: RolloverState) -> u8 {
    match s {
        RolloverState::Late => 0,
        RolloverState::JournalBroken => 1,
        RolloverState::Unreadable => 2,
        RolloverState::Failing => 3,
        RolloverState::InProgress => 4,
        RolloverState::ActionNeeded => 5,
        RolloverState::AwaitingConfirmation => 6,
        RolloverState::NotStarted => 7,
        RolloverState::Done => 8,
    }
}

/// The rows in the order asked for. By state (the default): anything past a due date first, then
/// by how urgent the state is, then by the earliest overdue (or next) date, then by code.
pub fn order(rows: &mut [Row], sort: FleetSort) {
    match sort {
        FleetSort::State => rows.sort_by_key(urgency),
        FleetSort::Code => rows.sort_by(|x, y| x.site_code.cmp(&y.site_code)),
        FleetSort::Due => rows.sort_by(|x, y| {
            (x.next_due.is_empty(), &x.next_due).cmp(&(y.next_due.is_empty(), &y.next_due))
        }),
        FleetSort::Age => rows.sort_by_key(|r| std::cmp::Reverse(r.age_hours.unwrap_or(i64::MAX))),
    }
}

fn urgency(r: &Row) -> (bool, u8, String, String) {
    let date = if r.overdue_since.is_empty() {
        r.next_due.clone()
    } else {
        r.overdue_since.clone()
    };
    let date = if date.is_empty() {
        "99-99".into()
    } else {
        date
    };
    (
        r.overdue_since.is_empty() && r.state != RolloverState::Late,
        rank(r.state),
        date,
        r.site_code.clone(),
    )
}

fn count(rows: &[Row], s: RolloverState) -> usize {
    rows.iter().filter(|r| r.state == s).count()
}

/// `fleet --json`: the rows in an envelope that says what it is and when.
pub fn envelope(rows: &[Row], today: NaiveDate, year: Option<i32>) -> serde_json::Value {
    let counts: serde_json::Map<String, serde_json::Value> = STATES
        .iter()
        .map(|s| (s.word().to_string(), json!(count(rows, *s))))
        .collect();
    json!({
        "format_version": 1,
        "generated_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "today": today.to_string(),
        "year": year,
        "counts": counts,
        "hospitals": rows,
    })
}

fn state_word(s: RolloverState) -> String {
    if crate::i18n::zh() {
        s.zh().to_string()
    } else {
        s.word().replace('_', " ")
    }
}

/// Where the evidence came from, in the reader's language.
fn source_text(source: &str) -> String {
    crate::evidence::report::source_in(source, crate::i18n::lang())
}

fn age_text(hours: Option<i64>) -> String {
    match hours {
        None => String::new(),
        Some(h) if h >= 48 => msg!("fleet-age-days", n = h / 24).render(),
        Some(h) => msg!("fleet-age-hours", n = h.max(0)).render(),
    }
}

/// The HTML dashboard: counts as tiles, one card per hospital that needs someone, done folded.
pub fn page(rows: &[Row], today: NaiveDate, year: Option<i32>) -> anyhow::Result<String> {
    let (done, attention): (Vec<&Row>, Vec<&Row>) = rows
        .iter()
        .partition(|r| r.state == RolloverState::Done && r.late_steps.is_empty());
    crate::evidence::report::render_fleet(&crate::evidence::report::FleetPage {
        rows,
        attention,
        done,
        counts: STATES
            .iter()
            .map(|s| (s.word(), s.zh(), count(rows, *s)))
            .collect(),
        today,
        year,
    })
}

/// The terminal view.
pub fn print(rows: &[Row], today: NaiveDate, year: Option<i32>) {
    let year_text = year
        .map(|y| msg!("fleet-year", year = y.to_string()).render())
        .unwrap_or_default();
    crate::say!(
        "{}",
        msg!(
            "fleet-title",
            today = today.to_string(),
            year = year_text,
            n = rows.len()
        )
    );
    let sep = msg!("list-sep").render();
    let counts: Vec<String> = STATES
        .iter()
        .map(|s| format!("{} {}", state_word(*s), count(rows, *s)))
        .collect();
    crate::say!("  {}", counts.join(" · "));
    let (done, open): (Vec<&Row>, Vec<&Row>) = rows
        .iter()
        .partition(|r| r.state == RolloverState::Done && r.late_steps.is_empty());
    if !open.is_empty() {
        crate::say!("{}", msg!("fleet-attention"));
    }
    for r in open {
        hospital(r);
    }
    if !done.is_empty() {
        let list: Vec<String> = done
            .iter()
            .map(|r| format!("{} {}", r.site_code, r.hospital))
            .collect();
        crate::say!(
            "{}",
            msg!("fleet-done", n = done.len(), list = list.join(&sep))
        );
    }
}

fn hospital(r: &Row) {
    let when = match (r.overdue_since.is_empty(), r.next_due.is_empty()) {
        (false, _) => msg!("fleet-overdue", date = r.overdue_since.clone()).render(),
        (true, false) => msg!("fleet-due", date = r.next_due.clone()).render(),
        (true, true) => String::new(),
    };
    crate::say!(
        "  {} {} {} {} {} {}",
        pad(&r.site_code, 8),
        pad(&r.hospital, 22),
        pad(&state_word(r.state), 14),
        pad(&when, 18),
        pad(&age_text(r.age_hours), 14),
        source_text(&r.source)
    );
    for item in &r.open {
        let due = match (item.due.is_empty(), item.late) {
            (true, _) => String::new(),
            (false, false) => msg!("fleet-item-due", date = item.due.clone()).render(),
            (false, true) => msg!("fleet-item-due-late", date = item.due.clone()).render(),
        };
        let owner = if item.owner.is_empty() {
            "—"
        } else {
            &item.owner
        };
        crate::say!(
            "      {}",
            msg!(
                "fleet-item",
                title = item.title.clone(),
                owner = owner.to_string(),
                due = due,
                what = crate::platform::output::one_line(&item.what)
            )
        );
        if !item.hint.is_empty() {
            let hint = msg!("step-hint", hint = item.hint.clone()).render();
            crate::say!("        {}", crate::platform::output::one_line(&hint));
        }
    }
    if !r.escalation.is_empty() {
        crate::say!(
            "      {}",
            msg!("fleet-escalation", who = r.escalation.clone())
        );
    }
    if !r.also.is_empty() {
        let also: Vec<String> = r.also.iter().map(|s| source_text(s)).collect();
        crate::say!(
            "      {}",
            msg!(
                "fleet-also",
                sources = also.join(&msg!("list-sep").render())
            )
        );
    }
}
