//! `yearend report`: the evidence of one site and year, Markdown or one self-contained HTML file.

use crate::config::site::Site;
use crate::error;
use crate::state::StateDir;
use chrono::NaiveDate;
use std::path::Path;

pub fn run(
    site_path: &Path,
    year: Option<i32>,
    today: NaiveDate,
    format: crate::cli::ReportFormat,
    out: Option<&Path>,
    state_dir: Option<&Path>,
) -> anyhow::Result<i32> {
    let (site, _) = Site::load(site_path)?;
    let year = super::resolve_year(year, today)?;
    let state = StateDir::new(state_dir, &site.code, year);
    if !state.journal().exists() {
        return Err(error::input(format!(
            "no journal at {}: nothing to report yet (run `yearend run` first, or give --state-dir)",
            state.journal().display()
        )));
    }
    let ev = crate::evidence::gather(&state.dir, today)?;
    let text = crate::report::render(&ev, matches!(format, crate::cli::ReportFormat::Html))?;
    let text = crate::secrets::redact(&text);
    match out {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| {
                error::input(format!("{}: cannot write the report: {e}", path.display()))
            })?;
            eprintln!("report: {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(0)
}
