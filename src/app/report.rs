//! `yearend report`: the evidence of one site and year, Markdown or one self-contained HTML
//! file, or (`--bundle`) both with the journal and the plan in one checksummed .tar.gz.

use crate::config::site::Site;
use crate::evidence::Evidence;
use crate::platform::error;
use chrono::NaiveDate;
use std::path::Path;

pub struct ReportArgs<'a> {
    pub site: &'a Path,
    pub year: Option<i32>,
    pub today: NaiveDate,
    pub format: crate::app::cli::ReportFormat,
    pub out: Option<&'a Path>,
    pub state_dir: Option<&'a Path>,
    pub bundle: Option<&'a Path>,
    pub reviewer: Option<&'a str>,
    pub live: bool,
}

fn render(ev: &Evidence, html: bool) -> anyhow::Result<String> {
    crate::evidence::report::render(ev, html)
}

pub fn run(a: ReportArgs) -> anyhow::Result<i32> {
    let (site, _) = Site::load(a.site)?;
    let year = super::resolve_year(a.year, a.today)?;
    let state = site.state(a.site, a.state_dir, year, false)?;
    if !state.journal().exists() {
        return Err(error::input(
            crate::msg!(
                "err-no-journal",
                path = state.journal().display().to_string()
            )
            .render(),
        ));
    }
    let mut ev = crate::evidence::gather(&state.dir, a.today)?;
    ev.reviewer = a.reviewer.map(str::to_string);
    ev.escalation = site
        .escalation
        .as_ref()
        .map(|e| format!("{} {}", e.name, e.phone));
    ev.generated = crate::model::time::local_text(chrono::Utc::now());
    ev.today = a.today.to_string();
    let live = if a.live {
        super::live::compare(&site, &ev)?
    } else {
        super::live::Live::not_compared()
    };
    ev.live = live.line();
    ev.live_ok = live.missing.is_empty();
    if let Some(path) = a.bundle {
        let mut files = state.evidence_files()?;
        files.insert("report.md".into(), render(&ev, false)?.into_bytes());
        files.insert("report.html".into(), render(&ev, true)?.into_bytes());
        let names: Vec<String> = files.keys().cloned().collect();
        crate::evidence::bundle::write(path, files)?;
        crate::say_err!(
            "{}",
            crate::msg!(
                "report-bundle-written",
                path = path.display().to_string(),
                names = names.join(&crate::msg!("list-sep").render()),
                sums = crate::evidence::bundle::SUMS
            )
        );
        return Ok(if ev.chain_ok && ev.live_ok { 0 } else { 1 });
    }
    let text = render(&ev, matches!(a.format, crate::app::cli::ReportFormat::Html))?;
    match a.out {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| {
                error::input(
                    crate::msg!(
                        "err-cannot-write",
                        path = path.display().to_string(),
                        cause = e.to_string()
                    )
                    .render(),
                )
            })?;
            crate::say_err!(
                "{}",
                crate::msg!("report-written", path = path.display().to_string())
            );
        }
        None => print!("{text}"),
    }
    Ok(if ev.chain_ok && ev.live_ok { 0 } else { 1 })
}
