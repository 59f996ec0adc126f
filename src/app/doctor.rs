//! `yearend doctor`: is this machine ready to run the rollover? glibc, the Oracle client (found as
//! the driver finds it), NLS_LANG, a writable state directory, and every database and clock host
//! of the site file reachable. Each finding says what to fix; nothing is changed anywhere.

use crate::config::site::Site;
use crate::i18n::zh;
use crate::model::dialect::Dialect;
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::time::Duration;

struct Finding {
    ok: bool,
    text: String,
}

fn ok(text: String) -> Finding {
    Finding { ok: true, text }
}

fn fix(text: String) -> Finding {
    Finding { ok: false, text }
}

pub fn run(site_path: Option<&Path>, state_dir: Option<&Path>) -> anyhow::Result<i32> {
    let site = site_path.map(Site::load).transpose()?.map(|(s, _)| s);
    let dialect = site.as_ref().map(|s| s.db_url().dialect);
    let mut findings = vec![glibc()];
    findings.extend(oracle_client(dialect));
    findings.push(state_directory(state_dir, site.as_ref()));
    if let Some(site) = &site {
        findings.extend(reachability(site));
    } else {
        findings.push(fix(crate::i18n::pick(
            "没有给出 --site：数据库和时钟主机的连通性未检查".into(),
            "no --site given: database and clock hosts were not checked".into(),
        )));
    }
    for f in &findings {
        let tag = match (f.ok, zh()) {
            (true, true) => "[通过]  ",
            (false, true) => "[需处理]",
            (true, false) => "[ok] ",
            (false, false) => "[fix]",
        };
        crate::say!("{tag} {}", crate::output::one_line(&f.text));
    }
    let bad = findings.iter().filter(|f| !f.ok).count();
    crate::say!(
        "{}",
        crate::i18n::pick(
            format!("{} 项检查，{bad} 项需处理", findings.len()),
            format!("{} checks, {bad} to fix", findings.len())
        )
    );
    Ok(if bad == 0 { 0 } else { 1 })
}

fn glibc() -> Finding {
    // SAFETY: gnu_get_libc_version returns a static NUL-terminated string.
    let version = unsafe { std::ffi::CStr::from_ptr(libc::gnu_get_libc_version()) }
        .to_string_lossy()
        .into_owned();
    ok(crate::i18n::pick(
        format!("glibc {version}（本程序要求 ≥ 2.17）"),
        format!("glibc {version} (this binary needs 2.17 or later)"),
    ))
}

/// Where the driver looks: LD_LIBRARY_PATH, ORACLE_HOME/lib, then the linker cache.
fn client_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var("LD_LIBRARY_PATH")
        .unwrap_or_default()
        .split(':')
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .collect();
    if let Ok(home) = std::env::var("ORACLE_HOME") {
        dirs.push(Path::new(&home).join("lib"));
    }
    if let Ok(out) = std::process::Command::new("ldconfig").arg("-p").output() {
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            if let Some((_, path)) = line
                .split_once("=> ")
                .filter(|_| line.contains("libclntsh.so"))
            {
                if let Some(dir) = Path::new(path.trim()).parent() {
                    dirs.push(dir.to_path_buf());
                }
            }
        }
    }
    dirs
}

fn oracle_client(dialect: Option<Dialect>) -> Vec<Finding> {
    let needed = dialect == Some(Dialect::Oracle);
    let found = client_dirs()
        .into_iter()
        .find(|d| d.join("libclntsh.so").exists());
    let Some(dir) = found else {
        let text = crate::i18n::pick(
            "未找到 Oracle Instant Client（libclntsh.so）：Oracle 医院请安装 19.x Basic 包（不要用 Basic Light）和 libaio，并把其目录加入 LD_LIBRARY_PATH".into(),
            "Oracle Instant Client (libclntsh.so) not found: for an Oracle hospital install the 19.x Basic package (not Basic Light) and libaio, and add its directory to LD_LIBRARY_PATH".into(),
        );
        let note = match dialect {
            None => crate::i18n::pick(
                "（只有 Oracle 站点需要）".into(),
                " (only Oracle sites need it)".into(),
            ),
            Some(_) => crate::i18n::pick(
                "（本站点不是 Oracle，不需要）".into(),
                " (not needed: this site is not Oracle)".into(),
            ),
        };
        return vec![if needed { fix(text) } else { ok(text + &note) }];
    };
    let version = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_prefix("libclntsh.so.").map(str::to_string))
        })
        .max()
        .unwrap_or_else(|| "?".into());
    let light = dir.join("libociicus.so").exists() && !dir.join("libociei.so").exists();
    let mut out = vec![if light {
        fix(crate::i18n::pick(
            format!("{} 中是 Instant Client {version} Basic Light：它缺少 ZHS16GBK 字符集（ORA-12737），请换成 19.x Basic 包", dir.display()),
            format!("{} holds Instant Client {version} Basic Light: it lacks ZHS16GBK (ORA-12737); install the 19.x Basic package", dir.display()),
        ))
    } else if version.starts_with("19.") || !needed {
        ok(crate::i18n::pick(
            format!("Oracle Instant Client {version}：{}", dir.display()),
            format!("Oracle Instant Client {version}: {}", dir.display()),
        ))
    } else {
        fix(crate::i18n::pick(
            format!("Oracle Instant Client {version}（{}）：请用 19.x（21c 只能连 12.1 以上，23ai 只能连 19c 以上）", dir.display()),
            format!("Oracle Instant Client {version} ({}): use 19.x (21c connects only to 12.1+, 23ai only to 19c+)", dir.display()),
        ))
    }];
    if needed {
        let nls = std::env::var("NLS_LANG").unwrap_or_default();
        out.push(ok(crate::i18n::pick(
            format!(
                "NLS_LANG={}（yearend 与数据库之间始终用 UTF-8 传输，不依赖它）",
                if nls.is_empty() {
                    "（未设置）"
                } else {
                    &nls
                }
            ),
            format!(
                "NLS_LANG={} (yearend talks UTF-8 with the database whatever it says)",
                if nls.is_empty() { "(unset)" } else { &nls }
            ),
        )));
    }
    out
}

fn state_directory(state_dir: Option<&Path>, site: Option<&Site>) -> Finding {
    let dir = state_dir.map(Path::to_path_buf).unwrap_or_else(|| {
        let base = PathBuf::from("yearend-state");
        site.map_or(base.clone(), |s| base.join(&s.code))
    });
    // Probe the directory, or the nearest existing parent it would be created in: doctor creates
    // nothing that stays.
    let existing = dir
        .ancestors()
        .find(|a| a.as_os_str().is_empty() || a.is_dir())
        .map(|a| {
            if a.as_os_str().is_empty() {
                Path::new(".")
            } else {
                a
            }
        })
        .unwrap_or(Path::new("."));
    let probe = existing.join(format!(".yearend-doctor-{}", std::process::id()));
    let result = std::fs::write(&probe, b"ok");
    let _ = std::fs::remove_file(&probe);
    match result {
        Ok(()) => ok(crate::i18n::pick(
            format!("状态目录 {} 可写", dir.display()),
            format!("state directory {} is writable", dir.display()),
        )),
        Err(e) => fix(crate::i18n::pick(
            format!("状态目录 {} 不可写（{e}）：换一个目录（--state-dir）或修改权限", dir.display()),
            format!("state directory {} is not writable ({e}): choose another with --state-dir or fix its permissions", dir.display()),
        )),
    }
}

fn tcp(host: &str, port: u16) -> Result<(), String> {
    let addr = (host, port)
        .to_socket_addrs()
        .map_err(|e| e.to_string())?
        .next()
        .ok_or_else(|| "no address".to_string())?;
    TcpStream::connect_timeout(&addr, Duration::from_secs(3))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn reachability(site: &Site) -> Vec<Finding> {
    let url = site.db_url();
    let mut out = vec![match tcp(&url.host, url.port) {
        Ok(()) => ok(crate::i18n::pick(
            format!("数据库 {}:{} 可连通（TCP）", url.host, url.port),
            format!("database {}:{} reachable (TCP)", url.host, url.port),
        )),
        Err(e) => fix(crate::i18n::pick(
            format!(
                "数据库 {}:{} 连不上（{e}）：检查地址、端口、防火墙和监听",
                url.host, url.port
            ),
            format!(
                "database {}:{} unreachable ({e}): check address, port, firewall and listener",
                url.host, url.port
            ),
        )),
    }];
    for server in &site.ntp {
        let r = crate::clock::sntp::query(server, Duration::from_secs(3));
        out.push(match &r.unusable {
            None => ok(crate::i18n::pick(
                format!("时间源 {server} 应答正常"),
                format!("NTP server {server} answers"),
            )),
            Some(u) => fix(crate::i18n::pick(
                format!("时间源 {server}：{}", u.text()),
                format!("NTP server {server}: {}", u.text()),
            )),
        });
    }
    for host in &site.clock_hosts {
        let target = if let Some(rest) = host.strip_prefix("http://") {
            let hp = rest.split('/').next().unwrap_or_default();
            let (h, p) = hp
                .rsplit_once(':')
                .map_or((hp, 80), |(h, p)| (h, p.parse().unwrap_or(80)));
            Some((h.to_string(), p))
        } else {
            host.strip_prefix("ssh:")
                .map(|t| (t.rsplit('@').next().unwrap_or(t).to_string(), 22))
        };
        if let Some((h, p)) = target {
            out.push(match tcp(&h, p) {
                Ok(()) => ok(crate::i18n::pick(
                    format!("时钟主机 {host} 可连通"),
                    format!("clock host {host} reachable"),
                )),
                Err(e) => fix(crate::i18n::pick(
                    format!("时钟主机 {host} 连不上（{e}）"),
                    format!("clock host {host} unreachable ({e})"),
                )),
            });
        }
    }
    out
}
