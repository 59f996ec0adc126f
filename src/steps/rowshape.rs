//! Reading vendor query results by column name, with errors that say what the query must return.

use crate::db::Rows;
use crate::platform::error;
use chrono::NaiveDate;
use serde_json::Value;

pub struct Shape {
    idx: Vec<usize>,
}

impl Shape {
    /// Every `required` column must be there; `query` and `contract` name the file and its columns.
    pub fn new(rows: &Rows, query: &str, step: &str, required: &[&str]) -> anyhow::Result<Shape> {
        let mut idx = Vec::new();
        for col in required {
            match rows.column(col) {
                Some(i) => idx.push(i),
                None => {
                    return Err(error::input(
                        crate::msg!(
                            "rowshape-no-column",
                            step = step.to_string(),
                            query = query.to_string(),
                            col = col.to_string(),
                            returned = if rows.columns.is_empty() {
                                crate::msg!("rowshape-no-columns").render()
                            } else {
                                rows.columns.join(", ")
                            },
                            required = required.join(", ")
                        )
                        .render(),
                    ))
                }
            }
        }
        Ok(Shape { idx })
    }

    pub fn value<'r>(&self, row: &'r [Value], field: usize) -> &'r Value {
        &row[self.idx[field]]
    }
}

pub fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.round() as i64)),
        Value::String(s) => s.trim().parse::<f64>().ok().map(|f| f.round() as i64),
        _ => None,
    }
}

pub fn date(v: &Value) -> Option<NaiveDate> {
    let s = text(v);
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// A yes/no as vendor schemas write it: true/false, 1/0, Y/N, yes/no, t/f, 是/否, 启用/停用
/// (case-insensitive); anything else is not read.
pub const YES_NO: &str = "true/false, 1/0, Y/N, yes/no, t/f, 是/否, 启用/停用";

pub fn yes_no(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        Value::String(s) => match s.trim().to_lowercase().as_str() {
            "t" | "true" | "1" | "y" | "yes" | "是" | "启用" => Some(true),
            "f" | "false" | "0" | "n" | "no" | "否" | "停用" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => matches!(
            s.trim().to_lowercase().as_str(),
            "t" | "true" | "1" | "y" | "yes" | "on" | "是"
        ),
        _ => false,
    }
}

/// A value that must be there: an error naming the row and column otherwise.
pub fn need<T>(v: Option<T>, step: &str, query: &str, col: &str, row: usize) -> anyhow::Result<T> {
    v.ok_or_else(|| {
        error::input(
            crate::msg!(
                "rowshape-empty-value",
                step = step.to_string(),
                query = query.to_string(),
                row = row + 1,
                col = col.to_string()
            )
            .render(),
        )
    })
}
