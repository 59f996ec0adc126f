//! `yearend report`: the evidence rendered from the journal with the templates in `templates/`,
//! Markdown or one self-contained HTML file (no external assets), in Chinese.

use crate::evidence::Evidence;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

pub fn render(ev: &Evidence, html: bool) -> anyhow::Result<String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.add_template("report.md", include_str!("../templates/report.md.j2"))?;
    env.add_template("report.html", include_str!("../templates/report.html.j2"))?;
    let failures: Vec<_> = ev.steps.iter().filter(|s| s.needs_attention).collect();
    let ctx = minijinja::context! {
        ev => minijinja::Value::from(minijinja::value::Serde(ev)),
        failures => minijinja::Value::from(minijinja::value::Serde(&failures)),
        summary => ev.ticket_summary(),
    };
    let name = if html { "report.html" } else { "report.md" };
    Ok(env.get_template(name)?.render(ctx)?)
}

/// The fleet table as one self-contained HTML file.
pub fn render_fleet<T: serde::Serialize>(
    rows: &[T],
    today: chrono::NaiveDate,
) -> anyhow::Result<String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_template("fleet.html", include_str!("../templates/fleet.html.j2"))?;
    let ctx = minijinja::context! {
        rows => minijinja::Value::from(minijinja::value::Serde(rows)),
        today => today.to_string(),
    };
    Ok(env.get_template("fleet.html")?.render(ctx)?)
}
