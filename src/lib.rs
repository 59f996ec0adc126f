//! yearend: plan → inspect → actions → guard → execute → journal → report.

pub mod catalog;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod coverage;
pub mod db;
pub mod ddl;
pub mod error;
pub mod evidence;
pub mod executor;
pub mod glob;
pub mod guard;
pub mod history;
pub mod journal;
pub mod jsonfile;
pub mod output;
pub mod report;
pub mod saved;
pub mod secrets;
pub mod snapshot;
pub mod sqlname;
pub mod sqltemplate;
pub mod state;
pub mod steps;
