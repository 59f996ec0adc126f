//! DDL text from the templates in `sql/<dialect>/ddl/`. Every value given to a template is already
//! quoted by our code (identifiers validated, literals built from parsed values), and undefined
//! variables are errors: a missing value must never render as an empty string in DDL.

use minijinja::{Environment, UndefinedBehavior};
use std::sync::OnceLock;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "postgres/create_partition",
        include_str!("../sql/postgres/ddl/create_partition.sql"),
    ),
    (
        "postgres/create_tablespace",
        include_str!("../sql/postgres/ddl/create_tablespace.sql"),
    ),
    (
        "mysql/add_partitions",
        include_str!("../sql/mysql/ddl/add_partitions.sql"),
    ),
    (
        "oracle/add_partition",
        include_str!("../sql/oracle/ddl/add_partition.sql"),
    ),
    (
        "oracle/split_tail",
        include_str!("../sql/oracle/ddl/split_tail.sql"),
    ),
    (
        "oracle/create_tablespace",
        include_str!("../sql/oracle/ddl/create_tablespace.sql"),
    ),
    (
        "mysql/reorganize_tail",
        include_str!("../sql/mysql/ddl/reorganize_tail.sql"),
    ),
];

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        for (name, text) in TEMPLATES {
            env.add_template(name, text.trim_end())
                .expect("DDL templates parse");
        }
        env
    })
}

/// Render a DDL template; a failure is a defect in yearend, never the user's input.
pub fn render<S: serde::Serialize>(name: &str, ctx: S) -> String {
    env()
        .get_template(name)
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(ctx))))
        .unwrap_or_else(|e| panic!("DDL template {name}: {e}"))
}
