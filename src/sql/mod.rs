//! Below the stages: yearend's own SQL files by name, and the templates for plan query files. Uses
//! model and platform only.
//!
//! Every SQL file yearend sends of its own, by name (`postgres/catalog/partitions`): one
//! registry, compiled in, and one template mechanism (minijinja, strict undefined) for the files
//! that take values. Every value a template gets is already quoted or a placeholder; the plan's
//! own query files (stock, usage, templates, checks) are read at run time by `template`.

pub mod name;
pub mod template;

use minijinja::{Environment, UndefinedBehavior};
use std::sync::OnceLock;

macro_rules! entry {
    ($name:literal) => {
        ($name, include_str!(concat!("../../sql/", $name, ".sql")))
    };
}

const FILES: &[(&str, &str)] = &[
    entry!("mysql/catalog/columns"),
    entry!("mysql/catalog/directories"),
    entry!("mysql/catalog/partitions"),
    entry!("mysql/catalog/schemas"),
    entry!("mysql/ddl/add_partitions"),
    entry!("mysql/ddl/reorganize_tail"),
    entry!("mysql/identity"),
    entry!("mysql/new_year/jobs"),
    entry!("mysql/new_year/sequences"),
    entry!("mysql/preflight/database"),
    entry!("mysql/preflight/privileges"),
    entry!("mysql/server_now"),
    entry!("mysql/server_zone"),
    entry!("mysql/session/begin_read_only"),
    entry!("mysql/session/kill_query"),
    entry!("mysql/session/lock_timeout"),
    entry!("mysql/session/max_execution_time"),
    entry!("mysql/session/max_statement_time"),
    entry!("mysql/session/rollback"),
    entry!("mysql/session/holds_run_lock"),
    entry!("mysql/session/run_lock"),
    entry!("mysql/tail_rows"),
    entry!("oracle/catalog/datafiles"),
    entry!("oracle/catalog/parameters"),
    entry!("oracle/catalog/part_tables"),
    entry!("oracle/catalog/partitions"),
    entry!("oracle/catalog/quotas"),
    entry!("oracle/catalog/schemas"),
    entry!("oracle/catalog/segments"),
    entry!("oracle/catalog/subpartitions"),
    entry!("oracle/catalog/disk_groups"),
    entry!("oracle/catalog/container"),
    entry!("oracle/catalog/inmemory"),
    entry!("oracle/catalog/tables"),
    entry!("oracle/catalog/tablespaces"),
    entry!("oracle/catalog/unusable_indexes"),
    entry!("oracle/ddl/add_partition"),
    entry!("oracle/ddl/copy_stats"),
    entry!("oracle/ddl/create_tablespace"),
    entry!("oracle/ddl/index_default_tablespace"),
    entry!("oracle/ddl/rebuild_index_partition"),
    entry!("oracle/ddl/split_tail"),
    entry!("oracle/ddl/split_tail_many"),
    entry!("oracle/identity"),
    entry!("oracle/new_year/jobs"),
    entry!("oracle/new_year/sequences"),
    entry!("oracle/instances"),
    entry!("oracle/preflight/backup"),
    entry!("oracle/preflight/database"),
    entry!("oracle/preflight/privileges"),
    entry!("oracle/preflight/select_grants"),
    entry!("oracle/server_now"),
    entry!("oracle/server_zone"),
    entry!("oracle/session/begin_read_only"),
    entry!("oracle/session/lock_timeout"),
    entry!("oracle/session/rollback"),
    entry!("oracle/session/run_lock"),
    entry!("oracle/tail_rows"),
    entry!("postgres/catalog/child_properties"),
    entry!("postgres/catalog/fingerprint"),
    entry!("postgres/catalog/fingerprint_columns"),
    entry!("postgres/catalog/part_tables"),
    entry!("postgres/catalog/partitions"),
    entry!("postgres/catalog/partman"),
    entry!("postgres/catalog/schemas"),
    entry!("postgres/catalog/tables"),
    entry!("postgres/catalog/tablespaces"),
    entry!("postgres/catalog/templates"),
    entry!("postgres/ddl/attach_partition"),
    entry!("postgres/ddl/create_partition"),
    entry!("postgres/ddl/create_standalone"),
    entry!("postgres/ddl/create_tablespace"),
    entry!("postgres/directory_exists"),
    entry!("postgres/identity"),
    entry!("postgres/new_year/cron_jobs"),
    entry!("postgres/new_year/jobs"),
    entry!("postgres/new_year/sequences"),
    entry!("postgres/lock_holders"),
    entry!("postgres/preflight/database"),
    entry!("postgres/preflight/privileges"),
    entry!("postgres/resolve_relation"),
    entry!("postgres/server_now"),
    entry!("postgres/standbys"),
    entry!("postgres/server_zone"),
    entry!("postgres/session/export_snapshot"),
    entry!("postgres/session/import_snapshot"),
    entry!("postgres/session/lock_timeout"),
    entry!("postgres/session/read_timeout"),
    entry!("postgres/session/holds_run_lock"),
    entry!("postgres/session/run_lock"),
    entry!("postgres/tail_rows"),
];

/// The text of a registered file, without its trailing newline.
pub fn text(name: &str) -> &'static str {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| t.trim_end())
        .unwrap_or_else(|| panic!("no SQL file sql/{name}.sql is registered"))
}

/// Every registered file, for tests that check them all.
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES.iter().map(|(n, t)| (*n, t.trim_end()))
}

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        for (name, text) in FILES {
            env.add_template(name, text.trim_end())
                .expect("registered SQL templates parse");
        }
        env
    })
}

/// Render a registered file with values our code has already quoted: a failure is a defect in
/// yearend, never the user's input, and a missing value never renders as an empty string.
pub fn render<S: serde::Serialize>(name: &str, ctx: S) -> String {
    render_value(name, minijinja::Value::from(minijinja::value::Serde(ctx)))
}

/// `render` for a context built with `minijinja::context!`: the statements rendered once per new
/// partition skip the detour through serde (48,000 of them in a 2,000-table plan).
pub fn render_value(name: &str, ctx: minijinja::Value) -> String {
    env()
        .get_template(name)
        .and_then(|t| t.render(ctx))
        .unwrap_or_else(|e| panic!("SQL template sql/{name}.sql: {e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_file_under_sql_is_registered() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sql");
        for dialect in ["postgres", "mysql", "oracle"] {
            for sub in ["catalog", "ddl", "preflight", "session"] {
                let Ok(dir) = std::fs::read_dir(root.join(dialect).join(sub)) else {
                    continue;
                };
                for f in dir.flatten() {
                    let name = format!(
                        "{dialect}/{sub}/{}",
                        f.path().file_stem().unwrap().to_string_lossy()
                    );
                    assert!(
                        super::all().any(|(n, _)| n == name),
                        "{name} is not registered"
                    );
                }
            }
        }
    }
}
