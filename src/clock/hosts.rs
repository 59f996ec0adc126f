//! Reading one host's clock: HTTP Date header, ssh `date`, the database's own clock. Each gives
//! the host's clock minus ours at the exchange's midpoint, with its uncertainty.

use super::Zone;
use chrono::{DateTime, Utc};
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A raw reading: host clock minus local clock at the midpoint of the exchange, its uncertainty,
/// and the host's zone when the method can read it.
pub type Raw = Result<(f64, f64, Option<Zone>), String>;

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
pub fn read_http(url: &str, timeout: Duration) -> Raw {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| crate::msg!("host-http-only").render())?;
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
        .map_err(|e| {
            crate::msg!(
                "net-cannot-resolve",
                target = hostport.to_string(),
                cause = crate::platform::error::io_reason(&e)
            )
            .render()
        })?
        .next()
        .ok_or_else(|| {
            crate::msg!(
                "net-cannot-resolve",
                target = hostport.to_string(),
                cause = ""
            )
            .render()
        })?;
    let t0 = Utc::now();
    let mut s = TcpStream::connect_timeout(&addr, timeout).map_err(|e| {
        crate::msg!(
            "net-cannot-connect",
            cause = crate::platform::error::io_reason(&e)
        )
        .render()
    })?;
    s.set_read_timeout(Some(timeout)).ok();
    s.set_write_timeout(Some(timeout)).ok();
    let host = hostport.split(':').next().unwrap_or_default();
    s.write_all(
        format!("HEAD {path} HTTP/1.0\r\nHost: {host}\r\nUser-Agent: yearend\r\n\r\n").as_bytes(),
    )
    .map_err(|e| {
        crate::msg!(
            "net-cannot-send",
            cause = crate::platform::error::io_reason(&e)
        )
        .render()
    })?;
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
            Err(e) if buf.is_empty() => {
                return Err(crate::msg!(
                    "net-no-answer",
                    cause = crate::platform::error::io_reason(&e)
                )
                .render())
            }
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
        .ok_or_else(|| crate::msg!("host-no-date").render())?;
    let when = DateTime::parse_from_rfc2822(&date)
        .map_err(|_| crate::msg!("host-bad-date", date = date.to_string()).render())?;
    let (mid, rtt) = local_mid(t0, t1);
    Ok((
        secs_between(when.with_timezone(&Utc), mid) + 0.5,
        0.5 + rtt / 2.0,
        None,
    ))
}

/// `ssh:target`: the system ssh in batch mode runs `date` there: UTC seconds, then the zone's offset.
pub fn read_ssh(target: &str, timeout: Duration) -> Raw {
    let t0 = Utc::now();
    let mut child = Command::new("ssh")
        .args(["-o", "BatchMode=yes", "-o"])
        .arg(format!("ConnectTimeout={}", timeout.as_secs().max(1)))
        .arg(target)
        .arg("date -u +%s.%N; date +%z")
        // A child carries no secret: ssh (and whatever ProxyCommand it runs) never sees it.
        .env_remove("YEAREND_DB_PASSWORD")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            crate::msg!("host-no-ssh", cause = crate::platform::error::io_reason(&e)).render()
        })?;
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(crate::msg!("net-timeout").render());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(e.to_string()),
        }
    }
    let t1 = Utc::now();
    let out = child
        .wait_with_output()
        .map_err(|e| crate::platform::error::io_reason(&e))?;
    if !out.status.success() {
        return Err(crate::msg!(
            "host-ssh-failed",
            said = String::from_utf8_lossy(&out.stderr).trim().to_string()
        )
        .render());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let secs: f64 = lines
        .next()
        .unwrap_or_default()
        .trim()
        .parse()
        .map_err(|_| {
            crate::msg!("host-bad-date-output", text = text.trim().to_string()).render()
        })?;
    let zone = lines
        .next()
        .and_then(|z| crate::model::time::parse_offset(z.trim()))
        .map(|offset_s| Zone {
            name: None,
            offset_s,
        });
    let (mid, rtt) = local_mid(t0, t1);
    let mid_s = mid.timestamp() as f64 + mid.timestamp_subsec_micros() as f64 / 1e6;
    Ok((secs - mid_s, rtt / 2.0, zone))
}

/// The database server's clock (read by the caller, which holds the session), corrected by half
/// the round trip.
pub fn read_database(server_now: &mut dyn FnMut() -> Result<DateTime<Utc>, String>) -> Raw {
    let t0 = Utc::now();
    let now =
        server_now().map_err(|e| crate::msg!("host-db-clock", cause = e.to_string()).render())?;
    let t1 = Utc::now();
    let (mid, rtt) = local_mid(t0, t1);
    Ok((secs_between(now, mid), rtt / 2.0, None))
}
