//! One step as the plan file writes it: the flat form serde_norway reads with exact positions,
//! and which fields each kind takes.

use super::types::{MonthDay, Span};
use crate::model::status::Level;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Preflight,
    Clock,
    Tablespaces,
    Partitions,
    Stock,
    Templates,
    Check,
    Manual,
}

impl StepKind {
    pub const ALL: [StepKind; 8] = [
        StepKind::Preflight,
        StepKind::Clock,
        StepKind::Tablespaces,
        StepKind::Partitions,
        StepKind::Stock,
        StepKind::Templates,
        StepKind::Check,
        StepKind::Manual,
    ];

    pub fn name(self) -> &'static str {
        match self {
            StepKind::Preflight => "preflight",
            StepKind::Clock => "clock",
            StepKind::Tablespaces => "tablespaces",
            StepKind::Partitions => "partitions",
            StepKind::Stock => "stock",
            StepKind::Templates => "templates",
            StepKind::Check => "check",
            StepKind::Manual => "manual",
        }
    }

    pub fn default_title(self) -> &'static str {
        match self {
            StepKind::Preflight => "连接与权限预检",
            StepKind::Clock => "环境时间检查",
            StepKind::Tablespaces => "表空间创建",
            StepKind::Partitions => "表分区创建",
            StepKind::Stock => "库存检查",
            StepKind::Templates => "票据模板同步检查",
            StepKind::Check => "检查",
            StepKind::Manual => "人工操作",
        }
    }

    /// Fields a step of this kind must have, and fields it may have, beyond the common ones.
    pub fn fields(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            StepKind::Preflight => (&[], &["require_archivelog", "max_backup_age"]),
            StepKind::Clock => (
                &[],
                &["max_drift", "warn_drift", "max_disagreement", "timeout"],
            ),
            StepKind::Tablespaces => (&["names"], &[]),
            StepKind::Partitions => (
                &[],
                &[
                    "schemas",
                    "include",
                    "exclude",
                    "tablespace",
                    "fill_gaps",
                    "copy_stats",
                ],
            ),
            StepKind::Stock => (
                &["stock_query", "usage_query"],
                &[
                    "deadline",
                    "usage_window_days",
                    "safety_factor",
                    "cover_until",
                    "usage_stale_days",
                ],
            ),
            StepKind::Templates => (&["query"], &["deadline"]),
            StepKind::Check => (&["query", "expect"], &["hint"]),
            StepKind::Manual => (&["instruction"], &[]),
        }
    }
}

pub const COMMON_FIELDS: &[&str] = &["id", "kind", "title", "owner", "level", "stop_on_fail"];

/// One step as written. Fields of every kind live here, so that serde_norway reports unknown keys
/// and wrong types with their exact position; which fields a kind takes is checked afterwards.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    pub id: String,
    pub kind: StepKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Role responsible (一线工程师, 技术中心, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// A failed step with stop_on_fail ends the run before later steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_on_fail: Option<bool>,

    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instruction: Option<String>,

    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_archivelog: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_backup_age: Option<Span>,

    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_drift: Option<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warn_drift: Option<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_disagreement: Option<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Span>,

    /// Tablespace name rules with `{year}`, e.g. `EINV_DATA_{year}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schemas: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude: Option<Vec<String>>,
    /// Tablespace for new partitions, with `{year}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tablespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fill_gaps: Option<bool>,
    /// Oracle: copy the newest partition's optimizer statistics to each new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_stats: Option<bool>,

    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock_query: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_query: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<MonthDay>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_window_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety_factor: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover_until: Option<MonthDay>,
    /// Usage data whose last day is older than this many days is stale (default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_stale_days: Option<u32>,
    /// `check`: what to do when it fails (操作指引), shown under the failure everywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// What a `check` query must return.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// Exactly this many rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_rows: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_rows: Option<u64>,
    /// Every row's `column` compared with `value` by `op`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<CompareOp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
pub enum CompareOp {
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
}
