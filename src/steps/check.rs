//! `check`: a read-only plan query and an expectation.

use super::query::run_query;
use super::{Ctx, Outcome};
use crate::config::plan::Step;
use crate::config::step_config::CheckConfig;
use crate::config::step_spec::{CompareOp, Expect};
use crate::db::Rows;
use crate::i18n::Msg;
use crate::model::status::StepStatus;
use crate::msg;
use crate::record::journal::Event;
use serde_json::{json, Value};
use std::cmp::Ordering;

pub fn run(step: &Step, cfg: &CheckConfig, ctx: &mut Ctx) -> anyhow::Result<Outcome> {
    let (name, expect) = (cfg.query.as_str(), &cfg.expect);
    let rows = run_query(step, ctx, name)?;
    let (passed, message) = evaluate(expect, &rows);
    let sample: Vec<&Vec<Value>> = rows.rows.iter().take(20).collect();
    ctx.record(Event::Check {
        step: step.id().into(),
        name: name.into(),
        passed,
        level: step.level(),
        message: message.clone().into(),
        figures: json!({ "rows": rows.rows.len(), "columns": rows.columns, "sample": sample }),
    })?;
    ctx.out.line(format!(
        "      {}",
        Msg::new(if passed {
            "check-line-passed"
        } else {
            "check-line-failed"
        })
        .arg("query", name)
        .arg("text", message.clone())
    ));
    Ok(if passed {
        Outcome::new(StepStatus::Passed, message)
    } else {
        Outcome::at_level(StepStatus::Failed, step.level(), message)
    })
}

fn evaluate(e: &Expect, rows: &Rows) -> (bool, Msg) {
    let n = rows.rows.len() as u64;
    if let Some(want) = e.rows {
        return (n == want, msg!("check-rows-exactly", n = n, want = want));
    }
    if let Some(min) = e.min_rows {
        return (n >= min, msg!("check-rows-at-least", n = n, min = min));
    }
    if let Some(max) = e.max_rows {
        return (n <= max, msg!("check-rows-at-most", n = n, max = max));
    }
    let (column, op, value) = (
        e.column.as_deref().unwrap_or(""),
        e.op.unwrap_or(CompareOp::Eq),
        e.value.clone().unwrap_or(Value::Null),
    );
    let Some(idx) = rows.column(column) else {
        let columns = rows.columns.join(", ");
        return (
            false,
            msg!("check-no-column", column = column, columns = columns),
        );
    };
    if rows.rows.is_empty() {
        let value = value.to_string();
        return (
            false,
            msg!(
                "check-no-rows",
                column = column,
                op = op_text(op),
                value = value
            ),
        );
    }
    for (i, row) in rows.rows.iter().enumerate() {
        let got = &row[idx];
        if !compare(got, op, &value) {
            let m = msg!(
                "check-row-fails",
                row = i + 1,
                column = column,
                got = got.to_string(),
                op = op_text(op),
                value = value.to_string()
            );
            return (false, m);
        }
    }
    let value = value.to_string();
    (
        true,
        msg!(
            "check-all-rows",
            column = column,
            op = op_text(op),
            value = value,
            n = n
        ),
    )
}

fn op_text(op: CompareOp) -> &'static str {
    match op {
        CompareOp::Eq => "=",
        CompareOp::Ne => "!=",
        CompareOp::Lt => "<",
        CompareOp::Le => "<=",
        CompareOp::Gt => ">",
        CompareOp::Ge => ">=",
    }
}

fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        _ => None,
    }
}

fn compare(got: &Value, op: CompareOp, want: &Value) -> bool {
    let ord = match (as_number(got), as_number(want)) {
        (Some(a), Some(b)) => a.partial_cmp(&b),
        _ => match (got, want) {
            (Value::Null, Value::Null) => Some(Ordering::Equal),
            (Value::Null, _) | (_, Value::Null) => None,
            _ => Some(text(got).cmp(&text(want))),
        },
    };
    match (ord, op) {
        (None, CompareOp::Ne) => true,
        (None, _) => false,
        (Some(o), CompareOp::Eq) => o == Ordering::Equal,
        (Some(o), CompareOp::Ne) => o != Ordering::Equal,
        (Some(o), CompareOp::Lt) => o == Ordering::Less,
        (Some(o), CompareOp::Le) => o != Ordering::Greater,
        (Some(o), CompareOp::Gt) => o == Ordering::Greater,
        (Some(o), CompareOp::Ge) => o != Ordering::Less,
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn en((ok, m): (bool, Msg)) -> (bool, String) {
        (ok, m.render_in(Lang::En))
    }

    fn rows(cols: &[&str], data: Vec<Vec<Value>>) -> Rows {
        Rows {
            columns: cols.iter().map(|c| c.to_string()).collect(),
            rows: data,
        }
    }

    fn expect_value(column: &str, op: CompareOp, value: Value) -> Expect {
        Expect {
            rows: None,
            min_rows: None,
            max_rows: None,
            column: Some(column.into()),
            op: Some(op),
            value: Some(value),
        }
    }

    #[test]
    fn row_counts() {
        let r = rows(&["a"], vec![vec![json!(1)], vec![json!(2)]]);
        let e = Expect {
            rows: Some(0),
            min_rows: None,
            max_rows: None,
            column: None,
            op: None,
            value: None,
        };
        let (ok, m) = evaluate(&e, &r);
        assert_eq!(
            (ok, m.render_in(Lang::En).as_str()),
            (false, "2 rows (expected exactly 0)")
        );
        let e = Expect {
            min_rows: Some(2),
            rows: None,
            ..e
        };
        assert!(evaluate(&e, &r).0);
    }

    #[test]
    fn value_comparisons_numeric_text_and_dates() {
        let r = rows(
            &["n", "d"],
            vec![
                vec![json!("12.5"), json!("2027-01-15")],
                vec![json!(13), json!("2027-02-01")],
            ],
        );
        assert!(evaluate(&expect_value("n", CompareOp::Ge, json!(12)), &r).0);
        let (ok, msg) = en(evaluate(&expect_value("n", CompareOp::Gt, json!(12.5)), &r));
        assert!(!ok && msg.starts_with("row 1"), "{msg}");
        assert!(evaluate(&expect_value("d", CompareOp::Ge, json!("2027-01-15")), &r).0);
        let (ok, msg) = en(evaluate(&expect_value("x", CompareOp::Eq, json!(1)), &r));
        assert!(!ok && msg.contains("no column `x`"), "{msg}");
        let (ok, msg) = en(evaluate(
            &expect_value("n", CompareOp::Eq, json!(1)),
            &rows(&["n"], vec![]),
        ));
        assert!(!ok && msg.contains("no rows"), "{msg}");
    }
}
