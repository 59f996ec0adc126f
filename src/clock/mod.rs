//! Beside the stages: the clock measurement (SNTP, hosts, verdicts) the clock step and `yearend clock`
//! use. May use model and i18n only.
//!
//! Clock check (环境时间检查). Standard time comes from the site's NTP servers chosen as NTP
//! itself chooses (unusable servers set aside with the reason, then the largest agreeing set,
//! which must be a majority); then every listed host's offset against it, with an honest
//! uncertainty, and the zones of the database and ssh hosts against the site's `time_zone:`.
//! Hosts are measured in parallel with per-host timeouts.

mod hosts;
mod select;
pub mod sntp;

use crate::model::time::{offset_text, SiteZone};
use chrono::{DateTime, Offset, Utc};
use hosts::Raw;
use select::{Sample, Selection};
use serde::Serialize;
use sntp::Unusable;
use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub max_drift: Duration,
    /// Beyond this (net of uncertainty) a host is a 一般 warning: its own sync is not working.
    pub warn_drift: Duration,
    pub max_disagreement: Duration,
    pub timeout: Duration,
    /// Fewer usable references than this fails (chronyd's `minsources`).
    pub min_sources: usize,
    pub zone: SiteZone,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            max_drift: Duration::from_secs(600),
            warn_drift: Duration::from_secs(1),
            max_disagreement: Duration::from_secs(1),
            timeout: Duration::from_secs(3),
            min_sources: 1,
            zone: SiteZone::default(),
        }
    }
}

/// A clock's zone as its UTC offset now, and its name when the host says it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Zone {
    pub name: Option<String>,
    pub offset_s: i32,
}

impl Zone {
    fn text(&self) -> String {
        match &self.name {
            Some(n) => format!("{n} ({})", offset_text(self.offset_s)),
            None => offset_text(self.offset_s),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// In the agreeing majority: its reading makes the reference.
    Chosen,
    /// Usable, but outside the agreeing set.
    Falseticker,
    /// Usable, but no set of servers is a majority: nobody can be trusted.
    Undecided,
}

#[derive(Debug, Clone, Serialize)]
pub struct NtpReading {
    pub server: String,
    /// Server minus local clock, seconds.
    pub offset_s: Option<f64>,
    pub delay_s: Option<f64>,
    pub stratum: Option<u8>,
    pub leap: Option<u8>,
    pub refid: Option<String>,
    pub root_delay_s: Option<f64>,
    pub root_dispersion_s: Option<f64>,
    pub unusable: Option<Unusable>,
    pub role: Option<Role>,
    /// The reason in words when the server cannot be used.
    pub error: Option<String>,
}

impl NtpReading {
    pub fn named(server: &str) -> NtpReading {
        NtpReading {
            server: server.to_string(),
            offset_s: None,
            delay_s: None,
            stratum: None,
            leap: None,
            refid: None,
            root_delay_s: None,
            root_dispersion_s: None,
            unusable: None,
            role: None,
            error: None,
        }
    }

    fn sample(&self) -> Option<Sample> {
        Some(Sample {
            offset: self.offset_s?,
            delay: self.delay_s.unwrap_or(0.0),
            root_delay: self.root_delay_s.unwrap_or(0.0),
            root_dispersion: self.root_dispersion_s.unwrap_or(0.0),
        })
        .filter(|_| self.unusable.is_none())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HostVerdict {
    Ok,
    /// Beyond `warn_drift` net of uncertainty, within `max_drift`.
    Drifting,
    TooFar,
    WrongZone,
    NotMeasured,
}

#[derive(Debug, Clone, Serialize)]
pub struct HostReading {
    pub host: String,
    pub method: String,
    /// Host minus reference time, seconds.
    pub offset_s: Option<f64>,
    /// The reading's own uncertainty plus the reference's.
    pub uncertainty_s: f64,
    pub zone: Option<Zone>,
    pub verdict: HostVerdict,
    pub passed: bool,
    pub error: Option<String>,
}

/// The reference the servers agreed on.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    /// Reference minus the local clock, and its uncertainty, seconds.
    pub offset_s: f64,
    pub uncertainty_s: f64,
    /// The range all chosen servers' (widened) intervals share.
    pub interval_s: (f64, f64),
    pub chosen: usize,
    pub usable: usize,
    pub majority: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub reference: Vec<NtpReading>,
    pub chosen: Option<Reference>,
    pub hosts: Vec<HostReading>,
    pub max_drift_s: f64,
    pub warn_drift_s: f64,
    pub site_zone: Zone,
    /// No failure (warnings may remain).
    pub passed: bool,
    /// 一般 findings: a single reference, drifting hosts.
    pub warnings: Vec<String>,
    pub message: String,
}

/// A database whose clock is a host: `database`, or `database ORCL2` for another instance of an
/// Oracle RAC database; its clock and the zone it runs in are read by the caller, which holds the
/// session (a session is not shared across threads).
pub struct DatabaseClock<'a> {
    pub name: String,
    pub now: Box<dyn FnMut() -> Result<DateTime<Utc>, String> + 'a>,
    pub zone: Option<Result<Zone, String>>,
}

impl<'a> DatabaseClock<'a> {
    /// The site database's own session.
    pub fn primary(
        now: impl FnMut() -> Result<DateTime<Utc>, String> + 'a,
        zone: Option<Result<Zone, String>>,
    ) -> DatabaseClock<'a> {
        DatabaseClock {
            name: "database".into(),
            now: Box::new(now),
            zone,
        }
    }
}

/// The hosts as measured: `database` stands for every database clock given (RAC instances too).
fn expand_hosts(hosts: &[String], databases: &[DatabaseClock]) -> Vec<String> {
    let mut out = Vec::new();
    for h in hosts {
        if h == "database" && !databases.is_empty() {
            out.extend(databases.iter().map(|d| d.name.clone()));
        } else {
            out.push(h.clone());
        }
    }
    out
}

/// Every NTP server and every host, read in parallel; the database in this thread meanwhile.
fn read_all(
    ntp: &[String],
    hosts: &[String],
    timeout: Duration,
    databases: &mut [DatabaseClock],
) -> (Vec<NtpReading>, Vec<(String, Raw)>) {
    let (reference, mut raws, db_raw) = std::thread::scope(|scope| {
        let ntp_handles: Vec<_> = ntp
            .iter()
            .map(|s| scope.spawn(move || sntp::query(s, timeout)))
            .collect();
        let host_handles: Vec<_> = hosts
            .iter()
            .filter(|h| !is_database(h) && h.as_str() != "local")
            .map(|h| {
                scope.spawn(move || {
                    let raw = if let Some(t) = h.strip_prefix("ssh:") {
                        hosts::read_ssh(t, timeout)
                    } else {
                        hosts::read_http(h, timeout)
                    };
                    (h.clone(), raw)
                })
            })
            .collect();
        // Database sessions are not shared across threads: read them here, meanwhile.
        let db_raw: Vec<(String, Raw)> = databases
            .iter_mut()
            .map(|d| {
                let raw = hosts::read_database(&mut d.now);
                (d.name.clone(), with_database_zone(raw, d.zone.clone()))
            })
            .collect();
        let reference: Vec<NtpReading> = ntp_handles
            .into_iter()
            .map(|h| h.join().expect("ntp thread"))
            .collect();
        let raws: Vec<(String, Raw)> = host_handles
            .into_iter()
            .map(|h| h.join().expect("host thread"))
            .collect();
        (reference, raws, db_raw)
    });
    raws.extend(db_raw);
    (reference, raws)
}

/// Marks each usable server chosen or falseticker; the reference when there is one.
fn choose(readings: &mut [NtpReading], params: &Params) -> Option<Reference> {
    let usable: Vec<usize> = (0..readings.len())
        .filter(|i| readings[*i].sample().is_some())
        .collect();
    let samples: Vec<Sample> = usable
        .iter()
        .filter_map(|i| readings[*i].sample())
        .collect();
    for r in readings.iter_mut() {
        r.error = r.unusable.as_ref().map(Unusable::text);
    }
    let sel: Selection = select::select(&samples, params.max_disagreement.as_secs_f64())?;
    for (k, i) in usable.iter().enumerate() {
        readings[*i].role = Some(match (sel.majority, sel.chosen.contains(&k)) {
            (false, _) => Role::Undecided,
            (true, true) => Role::Chosen,
            (true, false) => Role::Falseticker,
        });
    }
    Some(Reference {
        offset_s: sel.offset,
        uncertainty_s: sel.uncertainty,
        interval_s: sel.interval,
        chosen: sel.chosen.len(),
        usable: samples.len(),
        majority: sel.majority,
    })
}

fn method_of(host: &str) -> &'static str {
    match host {
        "local" => "local clock vs NTP",
        h if is_database(h) => "database clock, RTT-corrected",
        h if h.starts_with("ssh:") => "ssh date",
        _ => "HTTP Date header (1 s resolution)",
    }
}

/// The site zone's offset now.
fn site_zone(params: &Params) -> Zone {
    let now = Utc::now().with_timezone(&params.zone.tz);
    Zone {
        name: Some(params.zone.name().to_string()),
        offset_s: now.offset().fix().local_minus_utc(),
    }
}

/// One host against the reference (when the reference can be trusted) and the site's zone.
fn judge(host: &str, raw: Raw, reference: Option<&Reference>, params: &Params) -> HostReading {
    let mut h = HostReading {
        host: host.into(),
        method: method_of(host).into(),
        offset_s: None,
        uncertainty_s: 0.0,
        zone: None,
        verdict: HostVerdict::NotMeasured,
        passed: false,
        error: None,
    };
    let (vs_local, unc, zone) = match raw {
        Ok(x) => x,
        Err(e) => {
            h.error = Some(e);
            return h;
        }
    };
    h.zone = zone;
    let Some(r) = reference.filter(|r| r.majority && r.usable >= params.min_sources) else {
        h.error = Some(crate::msg!("clock-no-trusted-time").render());
        return h;
    };
    let offset = vs_local - r.offset_s;
    h.offset_s = Some(offset);
    h.uncertainty_s = unc + r.uncertainty_s;
    let wrong_zone = h
        .zone
        .as_ref()
        .is_some_and(|z| z.offset_s != site_zone(params).offset_s);
    h.verdict = if offset.abs() > params.max_drift.as_secs_f64() {
        HostVerdict::TooFar
    } else if wrong_zone {
        HostVerdict::WrongZone
    } else if offset.abs() - h.uncertainty_s > params.warn_drift.as_secs_f64() {
        HostVerdict::Drifting
    } else {
        HostVerdict::Ok
    };
    h.passed = matches!(h.verdict, HostVerdict::Ok | HostVerdict::Drifting);
    h
}

/// Measures everything: `databases` are the database clocks (with their zones) the caller read.
pub fn measure(
    ntp: &[String],
    hosts: &[String],
    params: Params,
    mut databases: Vec<DatabaseClock>,
) -> Report {
    let hosts = &expand_hosts(hosts, &databases)[..];
    let (mut reference, raws) = read_all(ntp, hosts, params.timeout, &mut databases);
    let chosen = choose(&mut reference, &params);
    let hosts_read: Vec<HostReading> = hosts
        .iter()
        .map(|h| {
            let raw = match h.as_str() {
                "local" => Ok((0.0, 0.0, None)),
                "database" if databases.is_empty() => {
                    Err(crate::msg!("clock-no-database").render())
                }
                _ => raws
                    .iter()
                    .find(|(n, _)| n == h)
                    .map(|(_, r)| r.clone())
                    .unwrap_or(Err(crate::msg!("clock-not-measured").render())),
            };
            judge(h, raw, chosen.as_ref(), &params)
        })
        .collect();
    let mut report = Report {
        reference,
        chosen,
        hosts: hosts_read,
        max_drift_s: params.max_drift.as_secs_f64(),
        warn_drift_s: params.warn_drift.as_secs_f64(),
        site_zone: site_zone(&params),
        passed: false,
        warnings: Vec::new(),
        message: String::new(),
    };
    let problems = report.problems(hosts, &params);
    report.warnings = report.warning_texts();
    report.passed = problems.is_empty();
    report.message = if report.passed {
        report.summary()
    } else {
        problems.join(if crate::i18n::zh() { "；" } else { "; " })
    };
    report
}

/// `database`, or `database <instance>` on Oracle RAC.
pub fn is_database(host: &str) -> bool {
    host == "database" || host.starts_with("database ")
}

/// A database clock read without its zone is a failure to read: the zone decides partitions.
fn with_database_zone(raw: Raw, zone: Option<Result<Zone, String>>) -> Raw {
    let (o, u, _) = raw?;
    match zone {
        Some(Ok(z)) => Ok((o, u, Some(z))),
        Some(Err(e)) => Err(crate::msg!("clock-zone-unreadable", cause = e.to_string()).render()),
        None => Ok((o, u, None)),
    }
}

mod verdict;
pub use verdict::{host_line, method_zh};

#[cfg(test)]
mod rac_tests {
    use super::*;

    #[test]
    fn every_rac_instance_is_a_host_of_its_own_and_an_unreachable_one_fails() {
        let zone = || {
            Some(Ok(Zone {
                name: Some("+08:00".into()),
                offset_s: 8 * 3600,
            }))
        };
        let databases = vec![
            DatabaseClock::primary(|| Ok(Utc::now()), zone()),
            DatabaseClock {
                name: "database ORCL2".into(),
                now: Box::new(|| Ok(Utc::now() + chrono::Duration::minutes(15))),
                zone: zone(),
            },
            DatabaseClock {
                name: "database ORCL3".into(),
                now: Box::new(|| Err("cannot reach instance ORCL3 on node3".into())),
                zone: None,
            },
        ];
        let hosts = vec!["local".to_string(), "database".to_string()];
        assert_eq!(
            expand_hosts(&hosts, &databases),
            vec!["local", "database", "database ORCL2", "database ORCL3"]
        );
        let report = measure(&[], &hosts, Params::default(), databases);
        let names: Vec<&str> = report.hosts.iter().map(|h| h.host.as_str()).collect();
        assert_eq!(
            names,
            vec!["local", "database", "database ORCL2", "database ORCL3"]
        );
        let orcl3 = &report.hosts[3];
        assert!(!orcl3.passed);
        assert!(orcl3.error.as_deref().unwrap_or_default().contains("ORCL3"));
        assert_eq!(report.hosts[2].method, "database clock, RTT-corrected");
        assert!(!report.passed, "no reference and an unreachable instance");
    }

    #[test]
    fn without_a_database_session_the_database_host_says_so() {
        let _en = crate::i18n::speak(crate::i18n::Lang::En);
        let report = measure(
            &[],
            &["database".to_string()],
            Params::default(),
            Vec::new(),
        );
        assert_eq!(
            report.hosts[0].error.as_deref(),
            Some("no database connection")
        );
    }
}
