//! Clock check (环境时间检查): reference time from the site's NTP servers (SNTP, median of those
//! that answer), then the offset of every listed host against it, measured in parallel with
//! per-host timeouts. A host that cannot be measured fails; no answering NTP server fails.

use chrono::{DateTime, Utc};
use serde::Serialize;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub max_drift: Duration,
    pub max_disagreement: Duration,
    pub timeout: Duration,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            max_drift: Duration::from_secs(600),
            max_disagreement: Duration::from_secs(1),
            timeout: Duration::from_secs(3),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NtpReading {
    pub server: String,
    /// Server minus local clock, seconds.
    pub offset_s: Option<f64>,
    pub delay_s: Option<f64>,
    pub stratum: Option<u8>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HostReading {
    pub host: String,
    pub method: String,
    /// Host minus reference time, seconds.
    pub offset_s: Option<f64>,
    pub uncertainty_s: f64,
    pub passed: bool,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub reference: Vec<NtpReading>,
    /// Reference minus local clock (median of answering servers), seconds.
    pub reference_offset_s: Option<f64>,
    pub disagreeing: Vec<String>,
    pub hosts: Vec<HostReading>,
    pub max_drift_s: f64,
    pub passed: bool,
    pub message: String,
}

/// `host`, `host:port`, `[v6]:port` or a bare IPv6 address; port 123 when none is given.
fn with_port(server: &str) -> String {
    let has_port = if server.starts_with('[') {
        server.contains("]:")
    } else {
        server.matches(':').count() == 1
    };
    match (
        has_port,
        server.matches(':').count() > 1 && !server.starts_with('['),
    ) {
        (true, _) => server.to_string(),
        (false, true) => format!("[{server}]:123"),
        (false, false) => format!("{server}:123"),
    }
}

fn query_ntp(server: &str, timeout: Duration) -> NtpReading {
    let mut client = rsntp::SntpClient::new();
    client.set_timeout(timeout);
    match client.synchronize(with_port(server)) {
        Ok(r) => NtpReading {
            server: server.to_string(),
            offset_s: Some(r.clock_offset().as_secs_f64()),
            delay_s: Some(r.round_trip_delay().as_secs_f64()),
            stratum: Some(r.stratum()),
            error: None,
        },
        Err(e) => NtpReading {
            server: server.to_string(),
            offset_s: None,
            delay_s: None,
            stratum: None,
            error: Some(ntp_error(&e)),
        },
    }
}

fn ntp_error(e: &rsntp::SynchronizationError) -> String {
    match e {
        rsntp::SynchronizationError::IOError(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) =>
        {
            "no answer before the timeout".into()
        }
        other => other.to_string(),
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// A raw reading: host clock minus local clock at the midpoint of the exchange, and uncertainty.
type Raw = Result<(f64, f64), String>;

fn local_mid(t0: DateTime<Utc>, t1: DateTime<Utc>) -> (DateTime<Utc>, f64) {
    let rtt = (t1 - t0).num_microseconds().unwrap_or(0) as f64 / 1e6;
    (t0 + (t1 - t0) / 2, rtt)
}

fn secs_between(a: DateTime<Utc>, b: DateTime<Utc>) -> f64 {
    (a - b)
        .num_microseconds()
        .map(|us| us as f64 / 1e6)
        .unwrap_or(f64::MAX)
}

/// HTTP `Date` header: one-second resolution, so the reading is centred and ±0.5 s plus RTT/2.
fn read_http(url: &str, timeout: Duration) -> Raw {
    let rest = url
        .strip_prefix("http://")
        .ok_or("only http:// hosts can be read (https needs TLS, not in this version)")?;
    let (hostport, path) = match rest.split_once('/') {
        Some((h, p)) => (h, format!("/{p}")),
        None => (rest, "/".to_string()),
    };
    let hostport = if hostport.contains(':') {
        hostport.to_string()
    } else {
        format!("{hostport}:80")
    };
    let addr = hostport
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {hostport}: {e}"))?
        .next()
        .ok_or_else(|| format!("cannot resolve {hostport}"))?;
    let t0 = Utc::now();
    let mut s =
        TcpStream::connect_timeout(&addr, timeout).map_err(|e| format!("cannot connect: {e}"))?;
    s.set_read_timeout(Some(timeout)).ok();
    s.set_write_timeout(Some(timeout)).ok();
    let host = hostport.split(':').next().unwrap_or_default();
    s.write_all(
        format!("HEAD {path} HTTP/1.0\r\nHost: {host}\r\nUser-Agent: yearend\r\n\r\n").as_bytes(),
    )
    .map_err(|e| format!("cannot send the request: {e}"))?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match s.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                if buf.windows(4).any(|w| w == b"\r\n\r\n") || buf.len() > 65536 {
                    break;
                }
            }
            Err(e) if buf.is_empty() => return Err(format!("no answer: {e}")),
            Err(_) => break,
        }
    }
    let t1 = Utc::now();
    let text = String::from_utf8_lossy(&buf);
    let date = text
        .lines()
        .find_map(|l| {
            l.split_once(':')
                .filter(|(k, _)| k.eq_ignore_ascii_case("date"))
                .map(|(_, v)| v.trim().to_string())
        })
        .ok_or("the answer has no Date header")?;
    let when = DateTime::parse_from_rfc2822(&date)
        .map_err(|_| format!("unreadable Date header `{date}`"))?;
    let (mid, rtt) = local_mid(t0, t1);
    Ok((
        secs_between(when.with_timezone(&Utc), mid) + 0.5,
        0.5 + rtt / 2.0,
    ))
}

/// `ssh:target`: the system ssh in batch mode runs `date` there.
fn read_ssh(target: &str, timeout: Duration) -> Raw {
    let t0 = Utc::now();
    let mut child = Command::new("ssh")
        .args(["-o", "BatchMode=yes", "-o"])
        .arg(format!("ConnectTimeout={}", timeout.as_secs().max(1)))
        .arg(target)
        .args(["date", "-u", "+%s.%N"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run ssh: {e}"))?;
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("no answer before the timeout".into());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(e.to_string()),
        }
    }
    let t1 = Utc::now();
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "ssh failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let secs: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("unreadable `date` output `{}`", text.trim()))?;
    let (mid, rtt) = local_mid(t0, t1);
    let mid_s = mid.timestamp() as f64 + mid.timestamp_subsec_micros() as f64 / 1e6;
    Ok((secs - mid_s, rtt / 2.0))
}

/// The database server's clock (read by the caller, which holds the session), corrected by half
/// the round trip.
fn read_database(server_now: &mut dyn FnMut() -> Result<DateTime<Utc>, String>) -> Raw {
    let t0 = Utc::now();
    let now = server_now().map_err(|e| format!("cannot read the database clock: {e}"))?;
    let t1 = Utc::now();
    let (mid, rtt) = local_mid(t0, t1);
    Ok((secs_between(now, mid), rtt / 2.0))
}

/// Reads the database server's clock; `None` when there is no connection.
pub type ServerClock<'a> = Option<&'a mut dyn FnMut() -> Result<DateTime<Utc>, String>>;

/// Every NTP server and every host, read in parallel; the database in this thread meanwhile.
fn read_all(
    ntp: &[String],
    hosts: &[String],
    timeout: Duration,
    server_now: ServerClock,
) -> (Vec<NtpReading>, Vec<(String, Raw)>) {
    let (reference, mut raws, db_raw) = std::thread::scope(|scope| {
        let ntp_handles: Vec<_> = ntp
            .iter()
            .map(|s| scope.spawn(move || query_ntp(s, timeout)))
            .collect();
        let host_handles: Vec<_> = hosts
            .iter()
            .filter(|h| h.as_str() != "database" && h.as_str() != "local")
            .map(|h| {
                scope.spawn(move || {
                    let raw = if let Some(t) = h.strip_prefix("ssh:") {
                        read_ssh(t, timeout)
                    } else {
                        read_http(h, timeout)
                    };
                    (h.clone(), raw)
                })
            })
            .collect();
        // The database session is not shared across threads: read it here, meanwhile.
        let db_raw = hosts
            .iter()
            .any(|h| h == "database")
            .then(|| match server_now {
                Some(now) => read_database(now),
                None => Err("no database connection".into()),
            });
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
    if let Some(r) = db_raw {
        raws.push(("database".into(), r));
    }
    (reference, raws)
}

/// The reference (median of the servers that answered), its uncertainty, and the servers that
/// disagree with it by more than `max_disagreement`.
fn reference(readings: &[NtpReading], params: &Params) -> (Option<f64>, f64, Vec<String>) {
    let answered: Vec<&NtpReading> = readings.iter().filter(|r| r.offset_s.is_some()).collect();
    let ref_offset = median(answered.iter().filter_map(|r| r.offset_s).collect());
    let ref_uncertainty =
        median(answered.iter().filter_map(|r| r.delay_s).collect()).unwrap_or(0.0) / 2.0;
    let disagreeing: Vec<String> = match ref_offset {
        Some(m) => answered
            .iter()
            .filter(|r| (r.offset_s.unwrap_or(m) - m).abs() > params.max_disagreement.as_secs_f64())
            .map(|r| {
                format!(
                    "{} ({:+.3} s from the median)",
                    r.server,
                    r.offset_s.unwrap_or(m) - m
                )
            })
            .collect(),
        None => Vec::new(),
    };
    (ref_offset, ref_uncertainty, disagreeing)
}

/// One host judged against the reference.
fn judge(
    host: &str,
    method: &str,
    raw: Raw,
    reference: Option<(f64, f64)>,
    max: f64,
) -> HostReading {
    let (offset_s, uncertainty_s, passed, error) = match (raw, reference) {
        (Ok((vs_local, unc)), Some((r, r_unc))) => {
            let offset = vs_local - r;
            (Some(offset), unc + r_unc, offset.abs() <= max, None)
        }
        (Ok(_), None) => (
            None,
            0.0,
            false,
            Some("no reference time to compare with".into()),
        ),
        (Err(e), _) => (None, 0.0, false, Some(e)),
    };
    HostReading {
        host: host.into(),
        method: method.into(),
        offset_s,
        uncertainty_s,
        passed,
        error,
    }
}

fn method_of(host: &str) -> &'static str {
    match host {
        "local" => "local clock vs NTP",
        "database" => "database clock, RTT-corrected",
        h if h.starts_with("ssh:") => "ssh date",
        _ => "HTTP Date header (1 s resolution)",
    }
}

pub fn measure(
    ntp: &[String],
    hosts: &[String],
    params: Params,
    server_now: ServerClock,
) -> Report {
    let (reference_readings, raws) = read_all(ntp, hosts, params.timeout, server_now);
    let (ref_offset, ref_uncertainty, disagreeing) = reference(&reference_readings, &params);
    let max = params.max_drift.as_secs_f64();
    let readings: Vec<HostReading> = hosts
        .iter()
        .map(|h| {
            let raw = if h == "local" {
                Ok((0.0, 0.0))
            } else {
                raws.iter()
                    .find(|(n, _)| n == h)
                    .map(|(_, r)| r.clone())
                    .unwrap_or(Err("not measured".into()))
            };
            judge(
                h,
                method_of(h),
                raw,
                ref_offset.map(|r| (r, ref_uncertainty)),
                max,
            )
        })
        .collect();
    let problems = problems(&reference_readings, ref_offset, &readings, hosts, max);
    let passed = problems.is_empty();
    let message = if passed {
        let worst = readings
            .iter()
            .filter_map(|r| r.offset_s)
            .fold(0.0f64, |a, b| a.max(b.abs()));
        format!(
            "{} hosts within ±{:.0} s of standard time (largest offset {:.3} s)",
            readings.len(),
            max,
            worst
        )
    } else {
        problems.join("; ")
    };
    Report {
        reference: reference_readings,
        reference_offset_s: ref_offset,
        disagreeing,
        hosts: readings,
        max_drift_s: max,
        passed,
        message,
    }
}

fn problems(
    reference: &[NtpReading],
    ref_offset: Option<f64>,
    readings: &[HostReading],
    hosts: &[String],
    max: f64,
) -> Vec<String> {
    let mut problems = Vec::new();
    if ref_offset.is_none() {
        let tried: Vec<String> = reference
            .iter()
            .map(|r| format!("{}: {}", r.server, r.error.clone().unwrap_or_default()))
            .collect();
        problems.push(if tried.is_empty() {
            "no NTP server in the site file (ntp:): there is no standard time to compare with"
                .to_string()
        } else {
            format!("no NTP server answered ({})", tried.join("; "))
        });
    }
    for r in readings.iter().filter(|r| !r.passed) {
        problems.push(match (r.offset_s, &r.error) {
            (Some(o), _) => format!(
                "{} is {:+.1} s off standard time (limit ±{:.0} s)",
                r.host, o, max
            ),
            (None, Some(e)) => format!("{} cannot be measured: {e}", r.host),
            (None, None) => format!("{} cannot be measured", r.host),
        });
    }
    if hosts.is_empty() {
        problems.push("no clock_hosts in the site file: nothing was checked".into());
    }
    problems
}

impl Report {
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for r in &self.reference {
            out.push(match (r.offset_s, &r.error) {
                (Some(o), _) => format!(
                    "ntp {}: offset {:+.3} s, delay {:.3} s, stratum {}",
                    r.server,
                    o,
                    r.delay_s.unwrap_or(0.0),
                    r.stratum.unwrap_or(0)
                ),
                (None, e) => format!("ntp {}: {}", r.server, e.clone().unwrap_or_default()),
            });
        }
        for d in &self.disagreeing {
            out.push(format!("ntp servers disagree: {d}"));
        }
        for h in &self.hosts {
            out.push(match h.offset_s {
                Some(o) => format!(
                    "{} {}: {:+.3} s ±{:.3} s ({})",
                    if h.passed { "ok  " } else { "FAIL" },
                    h.host,
                    o,
                    h.uncertainty_s,
                    h.method
                ),
                None => format!(
                    "FAIL {}: {} ({})",
                    h.host,
                    h.error.clone().unwrap_or_default(),
                    h.method
                ),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_ports() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![1.0, 2.0]), Some(1.5));
        assert_eq!(median(vec![]), None);
        assert_eq!(with_port("ntp.example"), "ntp.example:123");
        assert_eq!(with_port("127.0.0.1:11123"), "127.0.0.1:11123");
    }
}
