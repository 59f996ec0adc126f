//! `yearend clock`: the clock step alone, with its default limits (10 minutes); nothing is journaled.

use crate::config::site::Site;
use std::path::Path;

pub fn run(site_path: &Path, json: bool) -> anyhow::Result<i32> {
    let (site, _) = Site::load(site_path)?;
    let mut database = if site.clock_hosts.iter().any(|h| h == "database") {
        Some(super::connect_for_reads(&site.db_url())?)
    } else {
        None
    };
    let url = site.db_url();
    let databases = crate::steps::clock::database_clocks(
        &site,
        &url,
        database
            .as_mut()
            .map(|d| &mut **d as &mut dyn crate::db::Database),
    );
    let report = crate::clock::measure(
        &site.ntp,
        &site.clock_hosts,
        crate::steps::clock::params(None, &site),
        databases,
    );
    if json {
        crate::platform::output::write_json(&serde_json::to_string_pretty(&report)?);
    } else {
        let (h, c, msg) = (&site.hospital, &site.code, &report.message);
        crate::say!(
            "{}",
            crate::msg!("clock-title", hospital = h.clone(), code = c.clone())
        );
        for line in report.lines() {
            crate::say!("  {line}");
        }
        let verdict = if report.passed {
            crate::msg!("clock-passed", text = msg.clone())
        } else {
            crate::msg!("clock-failed", text = msg.clone())
        };
        crate::say!("{verdict}");
    }
    Ok(if report.passed { 0 } else { 1 })
}
