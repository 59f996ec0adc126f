//! One SNTP exchange (RFC 5905 client mode), read whole: rsntp hides the root delay and root
//! dispersion that the root distance needs, so the 48-byte packet is read here.

use super::NtpReading;
use std::net::{ToSocketAddrs, UdpSocket};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds from 1900-01-01 (NTP era 0) to 1970-01-01.
const NTP_UNIX: f64 = 2_208_988_800.0;

/// Why a server's answer cannot be used as a reference.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Unusable {
    /// No answer, or the address could not be resolved or reached.
    Unreachable(String),
    /// Stratum 0: a Kiss-o'-Death, with its four-letter code (RATE, DENY, RSTR, …).
    KissOfDeath(String),
    /// Leap indicator 3 or stratum 16: the server itself is not synchronised.
    Unsynchronised(String),
    /// An answer that is not an NTP server reply.
    Invalid(String),
}

impl Unusable {
    pub fn text(&self) -> String {
        match self {
            Unusable::Unreachable(why) => {
                crate::msg!("ntp-unreachable", why = why.clone()).render()
            }
            Unusable::KissOfDeath(code) => crate::msg!("ntp-kiss", code = code.clone()).render(),
            Unusable::Unsynchronised(why) => {
                crate::msg!("ntp-unsynchronised", why = why.clone()).render()
            }
            Unusable::Invalid(why) => crate::msg!("ntp-invalid", why = why.clone()).render(),
        }
    }
}

/// `host`, `host:port`, `[v6]:port` or a bare IPv6 address; port 123 when none is given.
pub fn with_port(server: &str) -> String {
    let colons = server.matches(':').count();
    if server.starts_with('[') {
        if server.contains("]:") {
            server.to_string()
        } else {
            format!("{server}:123")
        }
    } else if colons == 1 {
        server.to_string()
    } else if colons > 1 {
        format!("[{server}]:123")
    } else {
        format!("{server}:123")
    }
}

fn now_ntp() -> f64 {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    d.as_secs_f64() + NTP_UNIX
}

fn to_ntp_bytes(t: f64) -> [u8; 8] {
    let secs = t.floor();
    let frac = ((t - secs) * 4_294_967_296.0) as u32;
    let mut b = [0u8; 8];
    b[..4].copy_from_slice(&(secs as u64 as u32).to_be_bytes());
    b[4..].copy_from_slice(&frac.to_be_bytes());
    b
}

/// An NTP timestamp, taking era 1 (from 2036) for small second counts.
fn from_ntp_bytes(b: &[u8]) -> f64 {
    let secs = u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as f64;
    let frac = u32::from_be_bytes([b[4], b[5], b[6], b[7]]) as f64 / 4_294_967_296.0;
    let era = if secs < 2_147_483_648.0 {
        4_294_967_296.0
    } else {
        0.0
    };
    secs + era + frac
}

fn short_format(b: &[u8]) -> f64 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as f64 / 65_536.0
}

fn exchange(server: &str, timeout: Duration) -> Result<(Vec<u8>, f64, f64, [u8; 8]), Unusable> {
    let target = with_port(server);
    let addr = target
        .to_socket_addrs()
        .map_err(|e| {
            Unusable::Unreachable(
                crate::msg!(
                    "net-cannot-resolve",
                    target = target.clone(),
                    cause = crate::platform::error::io_reason(&e)
                )
                .render(),
            )
        })?
        .next()
        .ok_or_else(|| {
            Unusable::Unreachable(
                crate::msg!("net-cannot-resolve", target = target.clone(), cause = "").render(),
            )
        })?;
    let bind = if addr.is_ipv6() {
        "[::]:0"
    } else {
        "0.0.0.0:0"
    };
    let unreachable = |e: std::io::Error| Unusable::Unreachable(e.to_string());
    let sock = UdpSocket::bind(bind).map_err(unreachable)?;
    sock.set_read_timeout(Some(timeout)).map_err(unreachable)?;
    sock.connect(addr).map_err(unreachable)?;
    let mut req = [0u8; 48];
    req[0] = 0x23; // LI 0, version 4, mode 3 (client)
    let t1 = now_ntp();
    let sent = to_ntp_bytes(t1);
    req[40..48].copy_from_slice(&sent);
    sock.send(&req).map_err(unreachable)?;
    let mut buf = [0u8; 512];
    let n = sock.recv(&mut buf).map_err(|e| match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
            Unusable::Unreachable(crate::msg!("net-timeout").render())
        }
        _ => Unusable::Unreachable(e.to_string()),
    })?;
    let t4 = now_ntp();
    Ok((buf[..n].to_vec(), t1, t4, sent))
}

fn refid_text(b: &[u8]) -> String {
    let s: String = b
        .iter()
        .take_while(|c| **c != 0)
        .map(|c| *c as char)
        .collect();
    if s.chars().all(|c| c.is_ascii_graphic()) && !s.is_empty() {
        s
    } else {
        format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])
    }
}

/// One server read; `unusable` says why it cannot be a reference (the figures stay for the record).
pub fn query(server: &str, timeout: Duration) -> NtpReading {
    let mut reading = NtpReading::named(server);
    let (p, t1, t4, sent) = match exchange(server, timeout) {
        Ok(x) => x,
        Err(u) => {
            reading.unusable = Some(u);
            return reading;
        }
    };
    if p.len() < 48 {
        reading.unusable = Some(Unusable::Invalid(
            crate::msg!("ntp-short", bytes = p.len()).render(),
        ));
        return reading;
    }
    let (li, mode, stratum) = (p[0] >> 6, p[0] & 7, p[1]);
    let refid = refid_text(&p[12..16]);
    reading.stratum = Some(stratum);
    reading.leap = Some(li);
    reading.refid = Some(refid.clone());
    reading.root_delay_s = Some(short_format(&p[4..8]));
    reading.root_dispersion_s = Some(short_format(&p[8..12]));
    reading.unusable = if mode != 4 {
        Some(Unusable::Invalid(
            crate::msg!("ntp-mode", mode = mode).render(),
        ))
    } else if p[24..32] != sent {
        Some(Unusable::Invalid(crate::msg!("ntp-not-ours").render()))
    } else if stratum == 0 && refid.len() == 4 && refid.bytes().all(|b| b.is_ascii_uppercase()) {
        Some(Unusable::KissOfDeath(refid))
    } else if stratum == 0 {
        Some(Unusable::Invalid(
            crate::msg!("ntp-stratum-zero", refid = refid.clone()).render(),
        ))
    } else if li == 3 {
        Some(Unusable::Unsynchronised(
            crate::msg!("ntp-leap-alarm").render(),
        ))
    } else if stratum >= 16 {
        Some(Unusable::Unsynchronised(
            crate::msg!("ntp-stratum", stratum = stratum).render(),
        ))
    } else if p[40..48].iter().all(|b| *b == 0) {
        Some(Unusable::Invalid(crate::msg!("ntp-no-timestamp").render()))
    } else {
        None
    };
    if reading.unusable.is_none() {
        let (t2, t3) = (from_ntp_bytes(&p[32..40]), from_ntp_bytes(&p[40..48]));
        reading.offset_s = Some(((t2 - t1) + (t3 - t4)) / 2.0);
        reading.delay_s = Some(((t4 - t1) - (t3 - t2)).max(0.0));
    }
    reading
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_timestamps_and_refids() {
        assert_eq!(with_port("ntp.example"), "ntp.example:123");
        assert_eq!(with_port("127.0.0.1:11123"), "127.0.0.1:11123");
        assert_eq!(with_port("::1"), "[::1]:123");
        assert_eq!(with_port("[::1]:5"), "[::1]:5");
        let t = 3_976_000_000.25;
        assert!((from_ntp_bytes(&to_ntp_bytes(t)) - t).abs() < 1e-6);
        assert_eq!(refid_text(b"RATE"), "RATE");
        assert_eq!(refid_text(&[10, 0, 0, 1]), "10.0.0.1");
    }
}
