//! PostgreSQL: `CREATE TABLESPACE … LOCATION` in a directory beside this year's, with the year in
//! its last path component replaced.

use super::{Findings, Planned};
use crate::model::catalog::Catalog;
use crate::model::change::{Change, TablespaceStorage};
use crate::msg;
use crate::steps::Ctx;
use std::path::Path;

pub fn find(rules: &[String], ctx: &mut Ctx, catalog: &Catalog) -> Findings {
    let (this, next) = (ctx.year - 1, ctx.year);
    let (this_s, next_s) = (this.to_string(), next.to_string());
    let mut f = Findings::default();
    let found = super::this_years(rules, catalog, ctx.year, &mut f);
    for (ts, name) in found {
        let location = ts.location.clone().unwrap_or_default();
        if location.is_empty() {
            f.anomalies
                .push(msg!("ts-pg-no-directory", name = ts.name.clone()).render());
            continue;
        }
        let path = Path::new(&location);
        let base = path
            .file_name()
            .map(|b| b.to_string_lossy().into_owned())
            .unwrap_or_default();
        if base.matches(&this_s).count() != 1 {
            f.anomalies.push(
                msg!(
                    "ts-pg-dir-year",
                    name = ts.name.clone(),
                    location = location.clone(),
                    year = this_s.clone()
                )
                .render(),
            );
            continue;
        }
        let new_location = path
            .with_file_name(base.replacen(&this_s, &next_s, 1))
            .display()
            .to_string();
        if let Some(existing) = catalog.tablespaces.iter().find(|t| t.name == name) {
            if existing.location.as_deref() == Some(new_location.as_str()) {
                f.already.push(name);
            } else {
                f.anomalies.push(
                    msg!(
                        "ts-pg-exists-elsewhere",
                        name = name.clone(),
                        at = existing
                            .location
                            .clone()
                            .unwrap_or_else(|| "(default)".into()),
                        want = new_location.clone(),
                        beside = ts.name.clone()
                    )
                    .render(),
                );
            }
            continue;
        }
        if let Some(other) = catalog
            .tablespaces
            .iter()
            .find(|t| t.location.as_deref() == Some(new_location.as_str()))
        {
            f.anomalies.push(
                msg!(
                    "ts-pg-dir-taken",
                    dir = new_location.clone(),
                    other = other.name.clone()
                )
                .render(),
            );
            continue;
        }
        match ctx.db.server_directory_exists(&new_location) {
            Some(true) => {}
            Some(false) => f.missing_dirs.push(new_location.clone()),
            None => f.unknown_dirs.push(new_location.clone()),
        }
        let change = Change::CreateTablespace {
            name: name.clone(),
            storage: TablespaceStorage::Directory(new_location.clone()),
        };
        f.planned.push(Planned {
            from: ts.name.clone(),
            name,
            location: new_location,
            files: 0,
            bytes: 0,
            change,
        });
    }
    f
}
