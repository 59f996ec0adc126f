//! What a clock report says: its failures, its 一般 warnings, its summary and its lines.

use super::{HostVerdict, Params, Report, Role};
use crate::msg;

/// Said in Chinese in either language: it is the phrase the O&M standard's readers know.
pub const SINGLE_SOURCE: &str = "单一时间源，无法交叉校验";

impl Report {
    pub(super) fn problems(&self, hosts: &[String], params: &Params) -> Vec<String> {
        let mut problems = Vec::new();
        let tried = || {
            self.reference
                .iter()
                .map(|r| {
                    crate::msg!(
                        "clock-server-failed",
                        server = r.server.clone(),
                        why = r.error.clone().unwrap_or_default()
                    )
                    .render()
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        match &self.chosen {
            _ if self.reference.is_empty() => problems.push(msg!("clock-no-ntp").render()),
            None => problems.push(msg!("clock-no-ntp-answer", tried = tried()).render()),
            Some(c) if c.usable < params.min_sources => problems.push(
                msg!(
                    "clock-too-few-sources",
                    usable = c.usable,
                    min = params.min_sources
                )
                .render(),
            ),
            Some(c) if !c.majority => problems.push(
                msg!(
                    "clock-no-majority",
                    chosen = c.chosen,
                    usable = c.usable,
                    readings = self.readings_text()
                )
                .render(),
            ),
            Some(_) => {}
        }
        for h in self.hosts.iter().filter(|h| !h.passed) {
            problems.push(self.host_problem(h));
        }
        if hosts.is_empty() {
            problems.push(msg!("clock-no-hosts").render());
        }
        problems
    }

    fn readings_text(&self) -> String {
        self.reference
            .iter()
            .filter_map(|r| Some(format!("{} {:+.3} s", r.server, r.offset_s?)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn host_problem(&self, h: &super::HostReading) -> String {
        let site = self.site_zone.text();
        match (h.verdict, h.offset_s, &h.error) {
            (HostVerdict::WrongZone, _, _) => msg!(
                "clock-wrong-zone",
                host = h.host.clone(),
                zone = h.zone.as_ref().map(|z| z.text()).unwrap_or_default(),
                site = site
            )
            .render(),
            (_, Some(o), _) => msg!(
                "clock-host-off",
                host = h.host.clone(),
                offset = format!("{o:+.1}"),
                limit = format!("{:.0}", self.max_drift_s)
            )
            .render(),
            (_, None, Some(e)) => msg!(
                "clock-host-unmeasured-why",
                host = h.host.clone(),
                why = e.clone()
            )
            .render(),
            (_, None, None) => msg!("clock-host-unmeasured", host = h.host.clone()).render(),
        }
    }

    pub(super) fn warning_texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(c) = self.chosen.as_ref().filter(|c| c.usable == 1 && c.majority) {
            let only = self
                .reference
                .iter()
                .find(|r| r.role == Some(Role::Chosen))
                .map_or("", |r| r.server.as_str());
            out.push(
                msg!(
                    "clock-single-source",
                    label = SINGLE_SOURCE,
                    only = only,
                    configured = self.reference.len().max(c.usable)
                )
                .render(),
            );
        }
        for h in self
            .hosts
            .iter()
            .filter(|h| h.verdict == HostVerdict::Drifting)
        {
            out.push(
                msg!(
                    "clock-drifting",
                    host = h.host.clone(),
                    offset = format!("{:+.3}", h.offset_s.unwrap_or(0.0)),
                    uncertainty = format!("{:.3}", h.uncertainty_s),
                    warn = format!("{:.0}", self.warn_drift_s)
                )
                .render(),
            );
        }
        out
    }

    pub(super) fn summary(&self) -> String {
        let worst = self
            .hosts
            .iter()
            .filter_map(|r| r.offset_s)
            .fold(0.0f64, |a, b| a.max(b.abs()));
        msg!(
            "clock-summary-hosts",
            n = self.hosts.len(),
            limit = format!("{:.0}", self.max_drift_s),
            worst = format!("{worst:.3}")
        )
        .render()
    }

    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self.reference.iter().map(server_line).collect();
        out.extend(self.reference_line());
        for h in &self.hosts {
            out.push(host_line(h));
        }
        out.extend(
            self.warnings
                .iter()
                .map(|w| msg!("clock-note", text = w.clone()).render()),
        );
        out
    }

    /// The reference the servers agreed on, with the shared interval; `None` without one.
    pub fn reference_line(&self) -> Option<String> {
        self.chosen.as_ref().map(|c| {
            if !c.majority {
                return msg!("clock-no-reference", chosen = c.chosen, usable = c.usable).render();
            }
            msg!(
                "clock-reference",
                offset = format!("{:+.3}", c.offset_s),
                uncertainty = format!("{:.3}", c.uncertainty_s),
                chosen = c.chosen,
                usable = c.usable,
                low = format!("{:+.3}", c.interval_s.0),
                high = format!("{:+.3}", c.interval_s.1)
            )
            .render()
        })
    }
}

fn server_line(r: &super::NtpReading) -> String {
    let Some(o) = r.offset_s else {
        return msg!(
            "clock-server-error",
            server = r.server.clone(),
            error = r.error.clone().unwrap_or_default()
        )
        .render();
    };
    let distance = r.sample().map_or(0.0, |s| s.root_distance());
    let role = match r.role {
        Some(Role::Chosen) => msg!("clock-role-chosen").render(),
        Some(Role::Falseticker) => msg!("clock-role-falseticker").render(),
        Some(Role::Undecided) => msg!("clock-role-undecided").render(),
        None => msg!(
            "clock-role-other",
            error = r.error.clone().unwrap_or_default()
        )
        .render(),
    };
    msg!(
        "clock-server",
        server = r.server.clone(),
        offset = format!("{o:+.3}"),
        delay = format!("{:.3}", r.delay_s.unwrap_or(0.0)),
        distance = format!("{distance:.3}"),
        stratum = r.stratum.unwrap_or(0).to_string(),
        role = role
    )
    .render()
}

pub fn host_line(h: &super::HostReading) -> String {
    let tag = match h.verdict {
        HostVerdict::Ok => msg!("clock-tag-ok"),
        HostVerdict::Drifting => msg!("clock-tag-warn"),
        _ => msg!("clock-tag-fail"),
    };
    let zone = h
        .zone
        .as_ref()
        .map(|z| msg!("clock-zone", zone = z.text()).render())
        .unwrap_or_default();
    let reading = match h.offset_s {
        Some(o) => msg!(
            "clock-offset",
            offset = format!("{o:+.3}"),
            uncertainty = format!("{:.3}", h.uncertainty_s)
        )
        .render(),
        None => h.error.clone().unwrap_or_default(),
    };
    msg!(
        "clock-host",
        tag = tag,
        host = h.host.clone(),
        reading = reading,
        zone = zone,
        method = method_shown(&h.method)
    )
    .render()
}

/// How a host's clock was read, for a Chinese reader (the report and `--json` keep the English
/// key the clock module writes).
pub fn method_shown(method: &str) -> String {
    if crate::i18n::zh() {
        method_zh(method)
    } else {
        method.to_string()
    }
}

/// How a host's clock was read, in Chinese (the report's 测量方式).
pub fn method_zh(method: &str) -> String {
    match method {
        "local clock vs NTP" => "本机时钟对 NTP".into(),
        "database clock, RTT-corrected" => "数据库时钟，已按往返时延校正".into(),
        "ssh date" => "ssh 执行 date".into(),
        "HTTP Date header (1 s resolution)" => "HTTP Date 头（精度 1 秒）".into(),
        other => other.to_string(),
    }
}
