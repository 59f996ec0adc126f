//! Every integration test in one crate (one link, one PostgreSQL, one MariaDB and one chrony for
//! the whole run), each file a feature, all driving the real binary through `support::Yearend`.

mod support;

mod advice;

mod bad_inputs;
mod cli;
mod clock;
mod crash_resume;
mod default_only;
mod demo_plan;
mod demo_script;
mod disk;
mod files;
mod fleet;
mod hardening;
mod init;
mod journal_compat;
mod names_and_dates;
mod new_year;
mod oracle_contract;
mod oracle_offline;
mod pages;
mod partitions_mariadb;
mod partitions_pg;
mod plan_sql;
mod plan_tools;
mod preflight;
mod prompts;
mod release;
mod report;
mod resumes;
mod shapes_mariadb;
mod shapes_pg;
mod siblings_pg;
mod signals;
mod snapshot_saved;
mod spine;
mod stock;
mod whole_record;
mod zh;
mod zh_scan;
