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
    env.set_formatter(|out, state, value| {
        if state.name().ends_with(".md") && !value.is_safe() && !value.is_none() {
            out.write_str(&md_text(&value.to_string()))
                .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "write"))
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.add_filter("code", |v: String| {
        minijinja::Value::from_safe_string(md_code(&v))
    });
    env.add_filter("outcome", |v: String| outcome_zh(&v).to_string());
    env.add_template("report.md", include_str!("../../templates/report.md.j2"))?;
    env.add_template(
        "report.html",
        include_str!("../../templates/report.html.j2"),
    )?;
    let failures: Vec<_> = ev.steps.iter().filter(|s| s.needs_attention).collect();
    let grids: std::collections::BTreeMap<String, minijinja::Value> = ev
        .steps
        .iter()
        .filter(|s| !s.tables.is_empty())
        .map(|s| {
            let svg = crate::evidence::grid::grid(&s.tables, ev.year);
            (s.id.clone(), minijinja::Value::from_safe_string(svg))
        })
        .collect();
    let (patterns, apart) = crate::evidence::patterns::group(&ev.steps);
    let ctx = minijinja::context! {
        ev => minijinja::Value::from(minijinja::value::Serde(ev)),
        failures => minijinja::Value::from(minijinja::value::Serde(&failures)),
        summary => ev.ticket_summary(),
        open_count => ev.open_items().len(),
        grids => grids,
        patterns => minijinja::Value::from(minijinja::value::Serde(&patterns)),
        apart => minijinja::Value::from(minijinja::value::Serde(&apart)),
    };
    let name = if html { "report.html" } else { "report.md" };
    Ok(env.get_template(name)?.render(ctx)?)
}

/// A statement's outcome as the report says it.
fn outcome_zh(outcome: &str) -> &str {
    match outcome {
        "ok" => "成功",
        "error" => "失败",
        "interrupted" => "已中断（服务器已取消，未生效）",
        "rolled_back" => "已回滚（随该表的事务一起，未生效）",
        "not_sent" => "未发送（该表的事务已回滚）",
        super::NO_ANSWER => "已发送未应答（运行中断；以数据库现状为准）",
        other => other,
    }
}

/// Text inside a Markdown table: a catalog name with `|`, a backtick or a newline must not break
/// the table, open a code span, or forge a line.
fn md_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '`' => out.push_str("\\`"),
            '<' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ => out.push(c),
        }
    }
    out
}

/// A code span that holds any text: fenced by more backticks than the text's longest run.
fn md_code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let body = text
        .replace('|', "\\|")
        .replace('\n', "\\n")
        .replace('\r', "\\r");
    if longest > 0 {
        format!("{fence} {body} {fence}")
    } else {
        format!("{fence}{body}{fence}")
    }
}

/// Where a fleet row's evidence came from (`state …`, `bundle …`), as a person reads it.
pub fn source_in(source: &str, lang: crate::i18n::Lang) -> String {
    for (prefix, id) in [
        ("state ", "fleet-source-state"),
        ("bundle ", "fleet-source-bundle"),
        ("directory ", "fleet-source-directory"),
    ] {
        if let Some(path) = source.strip_prefix(prefix) {
            return crate::i18n::Msg::new(id).arg("path", path).render_in(lang);
        }
    }
    source.to_string()
}

/// What the fleet page shows: every state's count, the hospitals that need someone (most urgent
/// first), and the done ones folded at the end.
pub struct FleetPage<'a, T: serde::Serialize> {
    pub rows: &'a [T],
    pub attention: Vec<&'a T>,
    pub done: Vec<&'a T>,
    /// (state word, zh-CN name, count) for every state.
    pub counts: Vec<(&'static str, &'static str, usize)>,
    pub today: chrono::NaiveDate,
    pub year: Option<i32>,
}

/// The fleet as one self-contained HTML dashboard.
pub fn render_fleet<T: serde::Serialize>(page: &FleetPage<T>) -> anyhow::Result<String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_template("fleet.html", include_str!("../../templates/fleet.html.j2"))?;
    // The page is Chinese whatever the terminal's language.
    env.add_filter("source", |v: String| source_in(&v, crate::i18n::Lang::ZhCn));
    let counts: Vec<minijinja::Value> = page
        .counts
        .iter()
        .map(|(state, zh, n)| minijinja::context! { state => *state, zh => *zh, n => *n })
        .collect();
    let ctx = minijinja::context! {
        rows => minijinja::Value::from(minijinja::value::Serde(page.rows)),
        attention => minijinja::Value::from(minijinja::value::Serde(&page.attention)),
        done => minijinja::Value::from(minijinja::value::Serde(&page.done)),
        counts => counts,
        today => page.today.to_string(),
        year => page.year,
    };
    Ok(env.get_template("fleet.html")?.render(ctx)?)
}

#[cfg(test)]
mod tests {
    /// 303 tables × 12 new partitions, each created and attached: the HTML stays under 1 MB with
    /// one row per pattern; report.md keeps every statement.
    #[test]
    fn a_300_table_report_stays_under_a_megabyte_and_the_markdown_keeps_every_statement() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 20).unwrap();
        let mut ev = crate::evidence::gather_texts("", None, None, today);
        ev.year = 2027;
        let mut step = super::super::StepRow::new(
            "partitions".into(),
            "partitions".into(),
            "表分区创建".into(),
            String::new(),
            "12-20".into(),
        );
        for t in 0..303 {
            let table = format!("einvoice.bill_type_{t:03}_detail");
            for m in 1..=12 {
                let child = format!("\"einvoice\".\"bill_type_{t:03}_detail_p2027{m:02}\"");
                for sql in [
                    format!("CREATE TABLE {child} (LIKE \"einvoice\".\"bill_type_{t:03}_detail\" INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMPRESSION)"),
                    format!("ALTER TABLE \"einvoice\".\"bill_type_{t:03}_detail\" ATTACH PARTITION {child} FOR VALUES FROM ('2027-{m:02}-01') TO ('2027-{:02}-01')", m % 12 + 1),
                ] {
                    step.statements.push(super::super::Statement {
                        sql,
                        sha256: "0".repeat(64),
                        outcome: "ok".into(),
                        duration_ms: Some(3),
                        error: None,
                        attempts: 1,
                        at: "2026-12-20 21:00:00 +08:00".into(),
                        run: 1,
                    });
                }
            }
            step.tables.push(crate::evidence::tables::TableRow {
                table,
                verdict: "本次年结新增（第 1 次运行）".into(),
                added: "202701 … 202712（12 个）".into(),
                months: "EEEEEEEEEEEEAAAAAAAAAAAA".into(),
                ..Default::default()
            });
        }
        ev.statements_total = step.statements.len();
        ev.steps.push(step);
        let html = super::render(&ev, true).unwrap();
        assert!(html.len() < 1_000_000, "{} bytes", html.len());
        assert!(html.contains("id=\"statement-patterns\""));
        let md = super::render(&ev, false).unwrap();
        assert_eq!(md.matches("ATTACH PARTITION").count(), 303 * 12);
    }

    #[test]
    fn names_cannot_break_a_markdown_table() {
        assert_eq!(super::md_text("a|b`c\nd"), "a\\|b\\`c\\nd");
        assert_eq!(
            super::md_code("ALTER TABLE `t|x`"),
            "`` ALTER TABLE `t\\|x` ``"
        );
        assert_eq!(super::md_code("abc"), "`abc`");
    }
}
