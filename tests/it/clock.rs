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
    Kiss(&'static [u8; 4]),
    /// Stratum 0 with no kiss code in the reference id.
    StratumZero,
    /// Leap indicator 3: the server says its own clock is not synchronised.
    Unsynchronised,
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
            r[6] = 0x01; // root delay 1/256 s
            r[10] = 0x02; // root dispersion 2/256 s
            r[12..16].copy_from_slice(b"LOCL");
            r[24..32].copy_from_slice(&req[40..48]);
            let stamp = |r: &mut [u8; 48], s: i64| {
                r[16..24].copy_from_slice(&ntp_timestamp(s));
                r[32..40].copy_from_slice(&ntp_timestamp(s));
                r[40..48].copy_from_slice(&ntp_timestamp(s));
            };
            match answer {
                Answer::Silent => continue,
                Answer::Garbage => {
                    let _ = sock.send_to(b"\x17garbage!", from);
                    continue;
                }
                Answer::Kiss(code) => {
                    r[1] = 0;
                    r[12..16].copy_from_slice(code);
                }
                Answer::StratumZero => {
                    r[1] = 0;
                    r[12..16].copy_from_slice(&[0, 0, 0, 0]);
                    stamp(&mut r, 0);
                }
                Answer::Unsynchronised => {
                    r[0] = 0xE4; // LI 3
                    stamp(&mut r, 0);
                }
                Answer::Skewed(s) => stamp(&mut r, s),
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
        (540, 0, "WARN local: -5"),
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
        responder(Answer::Kiss(b"DENY")),
        responder(Answer::Silent),
    );
    let r = clock(&site(
        &[garbage.clone(), kod.clone(), silent.clone()],
        &["local".into()],
        NO_DB,
    ));
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout.contains("no NTP server answered usably"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!(
            "ntp {garbage}: invalid answer: 9 bytes, an NTP reply has at least 48"
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!(
            "ntp {kod}: Kiss-o'-Death DENY: the server refuses to serve us"
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!(
            "ntp {silent}: unreachable: no answer before the timeout"
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("FAIL local: no trusted reference time to compare with"),
        "{}",
        r.stdout
    );
}

#[test]
fn two_agreeing_servers_outvote_a_falseticker() {
    let c = chrony();
    let ntp = [
        format!("127.0.0.1:{}", c.port),
        responder(Answer::Skewed(0)),
        responder(Answer::Skewed(120)),
    ];
    let r = clock(&site(&ntp, &["local".into()], NO_DB));
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains(&format!("ntp {}: offset +1", ntp[2]))
            && r.stdout
                .contains("stratum 2 — falseticker (outside the agreeing majority)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("from 2 of 3 usable servers") && r.stdout.contains("ok   local: "),
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
        r.stdout.contains(&format!("WARN {fine}: +"))
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
    // The report shows each host: offset ± uncertainty, and the database's zone.
    let md = yearend(
        &[
            "report",
            "--site",
            s.to_str().unwrap(),
            "--state-dir",
            state.to_str().unwrap(),
            "--today",
            "2026-12-20",
        ],
        &[],
    );
    assert!(md.stdout.contains("## 各主机时间：clock"), "{}", md.stdout);
    let database = md
        .stdout
        .lines()
        .find(|l| l.starts_with("| `database` | 正常 | "))
        .unwrap_or_else(|| panic!("no database row: {}", md.stdout));
    assert!(
        database.contains(" s ± ") && database.contains("（+08:00）"),
        "{database}"
    );
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

/// `clock` over these NTP answers, with `local` as the only host.
fn local_against(answers: &[Answer]) -> (Run, Vec<String>) {
    let ntp: Vec<String> = answers.iter().map(|a| responder(*a)).collect();
    (clock(&site(&ntp, &["local".into()], NO_DB)), ntp)
}

#[test]
fn one_good_and_one_bad_server_is_no_majority_and_fails() {
    let (r, ntp) = local_against(&[Answer::Skewed(0), Answer::Skewed(900)]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("no majority agrees (largest agreeing set 1 of 2)")
            && r.stdout.contains(&format!("{} +", ntp[1])),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("FAIL local: no trusted reference time"),
        "{}",
        r.stdout
    );
}

#[test]
fn three_disagreeing_servers_fail_with_every_reading() {
    let (r, ntp) = local_against(&[Answer::Skewed(0), Answer::Skewed(300), Answer::Skewed(-900)]);
    assert_eq!(r.code, 1, "{}", r.all());
    // Every reading is shown; under load each is a few milliseconds either way.
    for (server, want) in ntp.iter().zip([0.0, 300.0, -900.0]) {
        let shown: f64 = r
            .stdout
            .split(&format!("{server} "))
            .nth(1)
            .and_then(|rest| rest.split(" s").next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{server} not listed with its offset: {}", r.stdout));
        assert!((shown - want).abs() < 0.5, "{server}: {shown} {}", r.stdout);
    }
    assert!(
        r.stdout
            .contains("no majority agrees with it or with any other")
            && !r.stdout.contains("— chosen"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("largest agreeing set 1 of 3"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_silent_server_is_named_and_two_agreeing_ones_decide() {
    let (r, ntp) = local_against(&[Answer::Silent, Answer::Skewed(0), Answer::Skewed(0)]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains(&format!(
            "ntp {}: unreachable: no answer before the timeout",
            ntp[0]
        )) && r.stdout.contains("from 2 of 2 usable servers"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("单一时间源"), "{}", r.stdout);
}

#[test]
fn a_single_reference_passes_with_the_cross_check_note() {
    let (r, ntp) = local_against(&[Answer::Skewed(0)]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains(&format!(
            "单一时间源，无法交叉校验: only {} answered usably",
            ntp[0]
        )),
        "{}",
        r.stdout
    );
}

#[test]
fn unsynchronised_kiss_codes_and_stratum_zero_are_set_aside() {
    let (r, ntp) = local_against(&[
        Answer::Unsynchronised,
        Answer::Kiss(b"RATE"),
        Answer::StratumZero,
        Answer::Skewed(0),
        Answer::Skewed(0),
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    for (server, why) in [
        (&ntp[0], "unsynchronised: leap indicator 3 (alarm)"),
        (&ntp[1], "Kiss-o'-Death RATE"),
        (
            &ntp[2],
            "invalid answer: stratum 0 (unspecified) without a kiss code",
        ),
    ] {
        assert!(
            r.stdout.contains(&format!("ntp {server}: {why}")),
            "{}",
            r.stdout
        );
    }
    assert!(
        r.stdout.contains("from 2 of 2 usable servers"),
        "{}",
        r.stdout
    );
    // Only unusable servers: no reference at all.
    let (r, _) = local_against(&[Answer::Unsynchronised, Answer::Kiss(b"DENY")]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout.contains("no NTP server answered usably"),
        "{}",
        r.stdout
    );
}

#[test]
fn the_site_can_require_more_sources() {
    let ntp = responder(Answer::Skewed(0));
    let s = site(&[ntp], &["local".into()], NO_DB);
    let text = std::fs::read_to_string(&s).unwrap() + "ntp_min_sources: 2\n";
    std::fs::write(&s, text).unwrap();
    let r = clock(&s);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("only 1 usable NTP server(s); the site requires ntp_min_sources: 2"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_drifting_clock_is_a_warning_and_action_needed_in_a_run() {
    // The reference is 5 s ahead of this machine: local is 5 s slow, beyond warn_drift 1 s.
    let ntp = [responder(Answer::Skewed(5)), responder(Answer::Skewed(5))];
    let pg = pg();
    let db = pg.fresh_db("clockwarn");
    let s = site(&ntp, &["local".into()], &pg.url(&db));
    let r = clock(&s);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("WARN local: -"), "{}", r.stdout);
    assert!(
        r.stdout.contains("its time sync is not working"),
        "{}",
        r.stdout
    );
    let dir = scratch("clockwarn");
    let plan = write(&dir, "plan.yaml", "name: t\nmode: old_year_bills_usable\nsteps:\n  - id: clock\n    kind: clock\n    warn_drift: 2s\n");
    let run = rollover("run", &plan, &s, &dir.join("state"), &[]);
    assert_eq!(run.code, 1, "action needed is not done: {}", run.all());
    assert!(run.stdout.contains("=> action needed: "), "{}", run.stdout);
}

#[test]
fn a_database_in_the_wrong_zone_fails_naming_both_zones() {
    let pg = pg();
    let db = pg.fresh_db("clockzone");
    pg.sql(&db, &format!("ALTER DATABASE {db} SET timezone = 'UTC'"));
    let c = chrony();
    let ntp = [format!("127.0.0.1:{}", c.port)];
    let r = clock(&site(&ntp, &["database".into()], &pg.url(&db)));
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("database runs in zone UTC (+00:00), the site is in Asia/Shanghai (+08:00)"),
        "{}",
        r.stdout
    );
    // The cluster's own default (Asia/Shanghai) matches.
    let fine = pg.fresh_db("clockzone_ok");
    let r = clock(&site(&ntp, &["database".into()], &pg.url(&fine)));
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains("zone Asia/Shanghai (+08:00)"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_mariadb_zone_is_compared_with_the_site() {
    let m = maria();
    let db = m.fresh_db("mzone");
    let c = chrony();
    let dir = scratch("mzone");
    let s = write(
        &dir,
        "site.yaml",
        &format!(
            "hospital: 时钟测试医院\ncode: {db}\ntime_zone: Europe/London\ndatabase:\n  url: {}\nntp: [\"127.0.0.1:{}\"]\nclock_hosts: [database]\n",
            m.url(&db),
            c.port
        ),
    );
    let r = clock(&s);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("database runs in zone +08:00 (+08:00), the site is in Europe/London"),
        "{}",
        r.stdout
    );
}

/// Children carry no secret: the ssh the clock check runs (here a stand-in first on PATH that
/// writes its environment down and answers like `date`) never sees YEAREND_DB_PASSWORD.
#[test]
fn the_ssh_child_never_sees_the_database_password() {
    use std::os::unix::fs::PermissionsExt;
    let c = chrony();
    let dir = scratch("sshenv");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let seen = dir.join("ssh-environment");
    let fake = bin.join("ssh");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nenv > '{}'\ndate -u +%s.%N\necho +0800\n",
            seen.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let site = site(
        &[format!("127.0.0.1:{}", c.port)],
        &["ssh:anyone@db-host".into()],
        NO_DB,
    );
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let r = yearend(
        &["clock", "--site", site.to_str().unwrap()],
        &[("YEAREND_DB_PASSWORD", PASSWORD), ("PATH", &path)],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let env = std::fs::read_to_string(&seen).expect("the stand-in ssh ran");
    assert!(env.contains("PATH="), "{env}");
    assert!(
        !env.contains(PASSWORD) && !env.contains("YEAREND_DB_PASSWORD"),
        "{env}"
    );
}
