//! The clock step against a real chrony, an SNTP responder that lies in every way we know, HTTP
//! hosts with skewed Date headers, and a real PostgreSQL's clock.

use crate::support::*;
use std::io::{Read, Write};
use std::net::{TcpListener, UdpSocket};
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Clone, Copy)]
enum Answer {
    Skewed(i64),
    Garbage,
    KissOfDeath,
    Silent,
}

fn ntp_timestamp(skew_s: i64) -> [u8; 8] {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let secs = (now.as_secs() as i64 + 2_208_988_800 + skew_s) as u32;
    let frac = ((now.subsec_nanos() as u64) << 32) / 1_000_000_000;
    let mut b = [0u8; 8];
    b[..4].copy_from_slice(&secs.to_be_bytes());
    b[4..].copy_from_slice(&(frac as u32).to_be_bytes());
    b
}

/// An SNTP server on loopback answering as told; it lives as long as the test process.
fn responder(answer: Answer) -> String {
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = sock.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        let mut req = [0u8; 48];
        while let Ok((n, from)) = sock.recv_from(&mut req) {
            if n < 48 {
                continue;
            }
            let mut r = [0u8; 48];
            r[0] = 0x24; // LI 0, version 4, mode 4 (server)
            r[1] = 2;
            r[2] = req[2];
            r[3] = 0xEC;
            r[12..16].copy_from_slice(b"LOCL");
            r[24..32].copy_from_slice(&req[40..48]);
            match answer {
                Answer::Silent => continue,
                Answer::Garbage => {
                    let _ = sock.send_to(b"\x17garbage!", from);
                    continue;
                }
                Answer::KissOfDeath => {
                    r[1] = 0;
                    r[12..16].copy_from_slice(b"DENY");
                }
                Answer::Skewed(s) => {
                    r[16..24].copy_from_slice(&ntp_timestamp(s));
                    r[32..40].copy_from_slice(&ntp_timestamp(s));
                    r[40..48].copy_from_slice(&ntp_timestamp(s));
                }
            }
            let _ = sock.send_to(&r, from);
        }
    });
    addr
}

/// An HTTP server whose Date header is `skew_s` seconds off.
fn http_host(skew_s: i64) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut buf = [0u8; 1024];
            let _ = stream.read(&mut buf);
            let date = (chrono::Utc::now() + chrono::Duration::seconds(skew_s))
                .format("%a, %d %b %Y %H:%M:%S GMT");
            let _ = stream.write_all(
                format!("HTTP/1.0 200 OK\r\nDate: {date}\r\nContent-Length: 0\r\n\r\n").as_bytes(),
            );
        }
    });
    format!("http://{addr}/")
}

fn site(ntp: &[String], hosts: &[String], url: &str) -> std::path::PathBuf {
    let dir = scratch("clock");
    let q = |v: &[String]| {
        v.iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    write(
        &dir,
        "site.yaml",
        &format!("hospital: 时钟测试医院\ncode: C001\ndatabase:\n  url: {url}\n  schemas: [public]\nntp: [{}]\nclock_hosts: [{}]\n", q(ntp), q(hosts)),
    )
}

const NO_DB: &str = "postgres://nobody@127.0.0.1:9/none";

fn clock(site: &std::path::Path) -> Run {
    yearend(
        &["clock", "--site", site.to_str().unwrap()],
        &[("YEAREND_DB_PASSWORD", PASSWORD)],
    )
}

#[test]
fn real_chrony_gives_the_reference_and_the_local_clock_passes() {
    let c = chrony();
    let r = clock(&site(
        &[format!("127.0.0.1:{}", c.port)],
        &["local".into()],
        NO_DB,
    ));
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout
            .contains(&format!("ntp 127.0.0.1:{}: offset", c.port))
            && r.stdout.contains("stratum 8"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("ok   local:"), "{}", r.stdout);
}

#[test]
fn skews_of_eleven_minutes_fail_and_nine_pass() {
    for (skew, code, expect) in [
        (660, 1, "local is -660.0 s off"),
        (-660, 1, "local is +660.0 s off"),
        (540, 0, "ok   local: -540.0"),
    ] {
        let ntp = responder(Answer::Skewed(skew));
        let r = clock(&site(&[ntp], &["local".into()], NO_DB));
        assert_eq!(r.code, code, "skew {skew}: {}", r.all());
        assert!(r.stdout.contains(expect), "skew {skew}: {}", r.stdout);
    }
}

#[test]
fn garbage_kiss_of_death_and_silence_are_failures_with_their_reasons() {
    let (garbage, kod, silent) = (
        responder(Answer::Garbage),
        responder(Answer::KissOfDeath),
        responder(Answer::Silent),
    );
    let r = clock(&site(
        &[garbage.clone(), kod.clone(), silent.clone()],
        &["local".into()],
        NO_DB,
    ));
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stdout.contains("no NTP server answered"), "{}", r.stdout);
    assert!(
        r.stdout.contains(&format!(
            "ntp {garbage}: Protocol error: Server reply packet is too short"
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!(
            "ntp {kod}: Protocol error: Kiss-o'-Death packet received"
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains(&format!("ntp {silent}: no answer before the timeout")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("FAIL local: no reference time to compare with"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_disagreeing_server_is_named_and_the_median_wins() {
    let c = chrony();
    let ntp = [
        format!("127.0.0.1:{}", c.port),
        responder(Answer::Skewed(0)),
        responder(Answer::Skewed(120)),
    ];
    let r = clock(&site(&ntp, &["local".into()], NO_DB));
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout
            .contains(&format!("ntp servers disagree: {}", ntp[2])),
        "{}",
        r.stdout
    );
}

#[test]
fn http_hosts_and_the_database_clock() {
    let pg = pg();
    let db = pg.fresh_db("clockdb");
    let c = chrony();
    let (slow, fine) = (http_host(-700), http_host(30));
    let hosts = vec![
        "local".to_string(),
        "database".into(),
        slow.clone(),
        fine.clone(),
        "http://127.0.0.1:9/".into(),
    ];
    let r = clock(&site(
        &[format!("127.0.0.1:{}", c.port)],
        &hosts,
        &pg.url(&db),
    ));
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout.contains("ok   database:") && r.stdout.contains("(database clock, RTT-corrected)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!("FAIL {slow}: -")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!("ok   {fine}: +"))
            && r.stdout.contains("HTTP Date header (1 s resolution)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("FAIL http://127.0.0.1:9/: cannot connect"),
        "{}",
        r.stdout
    );
    let json = yearend(
        &[
            "clock",
            "--site",
            site(
                &[format!("127.0.0.1:{}", c.port)],
                std::slice::from_ref(&fine),
                NO_DB,
            )
            .to_str()
            .unwrap(),
            "--json",
        ],
        &[],
    );
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let off = doc["hosts"][0]["offset_s"].as_f64().unwrap();
    assert!((off - 30.0).abs() < 1.6, "{off}");
}

#[test]
fn the_clock_step_journals_every_measurement() {
    let pg = pg();
    let db = pg.fresh_db("clockstep");
    let c = chrony();
    let s = site(
        &[format!("127.0.0.1:{}", c.port)],
        &["local".into(), "database".into()],
        &pg.url(&db),
    );
    let dir = scratch("clockstep");
    let plan = write(&dir, "plan.yaml", "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: clock\n    kind: clock\n    max_drift: 5m\n    timeout: 2s\n");
    let state = dir.join("state");
    let r = rollover("run", &plan, &s, &state, &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    let j = std::fs::read_to_string(state.join("journal.jsonl")).unwrap();
    assert!(
        j.contains("\"name\":\"clock local\"") && j.contains("\"name\":\"clock database\""),
        "{j}"
    );
    assert!(j.contains(&format!("\"name\":\"ntp 127.0.0.1:{}\"", c.port)));
    assert!(r.stdout.contains("within ±300 s"), "{}", r.stdout);
}

#[test]
fn an_ssh_host_that_cannot_be_reached_fails_with_the_reason() {
    let c = chrony();
    let r = clock(&site(
        &[format!("127.0.0.1:{}", c.port)],
        &["ssh:nobody@127.0.0.1".into()],
        NO_DB,
    ));
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout.contains("FAIL ssh:nobody@127.0.0.1: ") && r.stdout.contains("(ssh date)"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_mariadb_clock_is_read_for_real() {
    let m = maria();
    let db = m.fresh_db("mclock");
    let c = chrony();
    let dir = scratch("mclock");
    let s = write(
        &dir,
        "site.yaml",
        &format!(
            "hospital: 时钟测试医院\ncode: {db}\ndatabase:\n  url: {}\nntp: [\"127.0.0.1:{}\"]\nclock_hosts: [database]\n",
            m.url(&db),
            c.port
        ),
    );
    let r = clock(&s);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains("ok   database:") && r.stdout.contains("RTT-corrected"),
        "{}",
        r.stdout
    );
}
