//! yearend: plan → inspect → actions → guard → execute → journal → report.
//!
//! Each stage is a folder: `config` (plan), `db` (inspect), `coverage` and `steps` (actions),
//! `guard`, `run` (execute), `record` (journal), `evidence` (report); `app` is the command line
//! above them; `model`, `sql`, `clock`, `i18n` and `platform` are what every stage stands on.

pub mod app;
pub mod clock;
pub mod config;
pub mod coverage;
pub mod db;
pub mod evidence;
pub mod guard;
pub mod i18n;
pub mod model;
pub mod platform;
pub mod record;
pub mod run;
pub mod sql;
pub mod steps;
