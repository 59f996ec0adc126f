//! Clock check of 50 hosts, 10 of them silent, against one timeout: prints the wall time and its
//! ratio to the timeout (target ≤ 1.2: hosts are read in parallel). `cargo bench --bench clock`.

use std::io::{Read, Write};
use std::net::{TcpListener, UdpSocket};
use std::time::{Duration, Instant};

fn http_host(answer: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for mut s in listener.incoming().flatten() {
            if answer {
                let mut buf = [0u8; 1024];
                let _ = s.read(&mut buf);
                let date = chrono::Utc::now().format("%a, %d %b %Y %H:%M:%S GMT");
                let _ = s.write_all(format!("HTTP/1.0 200 OK\r\nDate: {date}\r\n\r\n").as_bytes());
            } else {
                held.push(s); // accept, never answer
            }
        }
    });
    format!("http://{addr}/")
}

fn main() {
    // A silent NTP server too, and a local reference that answers: the UDP socket never replies.
    let silent_ntp = UdpSocket::bind("127.0.0.1:0").unwrap();
    let silent_addr = silent_ntp.local_addr().unwrap().to_string();
    let chrony_port = std::env::var("YEAREND_BENCH_NTP").ok();
    let mut hosts: Vec<String> = (0..40).map(|_| http_host(true)).collect();
    hosts.extend((0..10).map(|_| http_host(false)));
    let timeout = Duration::from_secs(2);
    let params = yearend::clock::Params {
        timeout,
        ..Default::default()
    };
    let mut ntp = vec![silent_addr];
    ntp.extend(chrony_port);
    for round in 1..=3 {
        let started = Instant::now();
        let report = yearend::clock::measure(&ntp, &hosts, params, Vec::new());
        let wall = started.elapsed();
        let measured = report
            .hosts
            .iter()
            .filter(|h| {
                h.error.is_none() || h.error.as_deref() == Some("no reference time to compare with")
            })
            .count();
        println!(
            "clock check, round {round}: 50 hosts (10 silent) + {} NTP servers (1 silent), timeout {:.1} s: wall {:.3} s = {:.2}× the timeout (target ≤ 1.2×); {measured} hosts answered",
            ntp.len(),
            timeout.as_secs_f64(),
            wall.as_secs_f64(),
            wall.as_secs_f64() / timeout.as_secs_f64()
        );
    }
    drop(silent_ntp);
}
