//! A step's options after validation: one variant per step kind, with exactly that kind's
//! fields, so that step code never looks up a field another kind might have. The flat
//! `StepSpec` stays the file format (serde_norway locates unknown keys and wrong types in it).

use super::step_spec::{Expect, StepKind, StepSpec};
use super::types::{MonthDay, Span};

#[derive(Debug, Clone, PartialEq)]
pub enum StepConfig {
    Preflight(PreflightConfig),
    Clock(ClockConfig),
    Tablespaces(TablespacesConfig),
    Partitions(PartitionsConfig),
    Stock(StockConfig),
    Templates(TemplatesConfig),
    Check(CheckConfig),
    Manual(ManualConfig),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PreflightConfig {
    pub require_archivelog: bool,
    pub max_backup_age: Option<Span>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClockConfig {
    pub max_drift: Option<Span>,
    pub warn_drift: Option<Span>,
    pub max_disagreement: Option<Span>,
    pub timeout: Option<Span>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TablespacesConfig {
    /// Name rules with `{year}`, e.g. `EINV_DATA_{year}`.
    pub names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartitionsConfig {
    pub schemas: Option<Vec<String>>,
    pub include: Option<Vec<String>>,
    pub exclude: Option<Vec<String>>,
    /// Tablespace for new partitions, with `{year}`.
    pub tablespace: Option<String>,
    pub fill_gaps: bool,
    /// Oracle: DBMS_STATS.COPY_TABLE_STATS from the newest partition to each new one.
    pub copy_stats: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StockConfig {
    pub stock_query: String,
    pub usage_query: String,
    pub deadline: Option<MonthDay>,
    pub usage_window_days: Option<u32>,
    pub safety_factor: Option<f64>,
    pub cover_until: Option<MonthDay>,
    pub usage_stale_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TemplatesConfig {
    pub query: String,
    pub deadline: Option<MonthDay>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckConfig {
    pub query: String,
    pub expect: Expect,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ManualConfig {
    pub instruction: String,
}

impl StepConfig {
    /// A stock or templates step without `deadline:` takes its timetable date as its deadline:
    /// one date per step, whichever of the two the author wrote.
    pub fn deadline_from_timetable(&mut self, due: MonthDay) {
        match self {
            StepConfig::Stock(c) => c.deadline = c.deadline.or(Some(due)),
            StepConfig::Templates(c) => c.deadline = c.deadline.or(Some(due)),
            _ => {}
        }
    }

    /// The options of a validated step (`check_file` made sure each required field is there;
    /// a missing one reads as empty and is refused where it is used).
    pub fn of(spec: &StepSpec) -> StepConfig {
        let s = spec.clone();
        let text = |v: Option<String>| v.unwrap_or_default();
        match s.kind {
            StepKind::Preflight => StepConfig::Preflight(PreflightConfig {
                require_archivelog: s.require_archivelog.unwrap_or(false),
                max_backup_age: s.max_backup_age,
            }),
            StepKind::Clock => StepConfig::Clock(ClockConfig {
                max_drift: s.max_drift,
                warn_drift: s.warn_drift,
                max_disagreement: s.max_disagreement,
                timeout: s.timeout,
            }),
            StepKind::Tablespaces => StepConfig::Tablespaces(TablespacesConfig {
                names: s.names.unwrap_or_default(),
            }),
            StepKind::Partitions => StepConfig::Partitions(PartitionsConfig {
                schemas: s.schemas,
                include: s.include,
                exclude: s.exclude,
                tablespace: s.tablespace,
                fill_gaps: s.fill_gaps.unwrap_or(false),
                copy_stats: s.copy_stats.unwrap_or(false),
            }),
            StepKind::Stock => StepConfig::Stock(StockConfig {
                stock_query: text(s.stock_query),
                usage_query: text(s.usage_query),
                deadline: s.deadline,
                usage_window_days: s.usage_window_days,
                safety_factor: s.safety_factor,
                cover_until: s.cover_until,
                usage_stale_days: s.usage_stale_days,
            }),
            StepKind::Templates => StepConfig::Templates(TemplatesConfig {
                query: text(s.query),
                deadline: s.deadline,
            }),
            StepKind::Check => StepConfig::Check(CheckConfig {
                query: text(s.query),
                expect: s.expect.unwrap_or(Expect {
                    rows: None,
                    min_rows: Some(1),
                    max_rows: None,
                    column: None,
                    op: None,
                    value: None,
                }),
            }),
            StepKind::Manual => StepConfig::Manual(ManualConfig {
                instruction: text(s.instruction),
            }),
        }
    }
}
