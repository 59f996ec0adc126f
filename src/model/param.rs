//! A value bound to a query parameter: never spliced into SQL text.

use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Int(i64),
    Text(String),
    Date(NaiveDate),
}
