//! `yearend doctor`: is this machine ready to run the rollover? glibc, the Oracle client (found as
//! the driver finds it), NLS_LANG, a writable state directory, and every database and clock host
//! of the site file reachable. Each finding says what to fix; nothing is changed anywhere.

use crate::config::site::Site;
use crate::model::dialect::Dialect;
use crate::msg;
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
    findings.push(state_directory(state_dir, site.as_ref().zip(site_path)));
    if let Some(site) = &site {
        findings.extend(reachability(site));
    } else {
        findings.push(fix(msg!("doctor-no-site").render()));
    }
    for f in &findings {
        let tag = if f.ok {
            msg!("doctor-tag-ok")
        } else {
            msg!("doctor-tag-fix")
        };
        crate::say!("{tag} {}", crate::platform::output::one_line(&f.text));
    }
    let bad = findings.iter().filter(|f| !f.ok).count();
    crate::say!("{}", msg!("doctor-summary", n = findings.len(), bad = bad));
    Ok(if bad == 0 { 0 } else { 1 })
}

fn glibc() -> Finding {
    // SAFETY: gnu_get_libc_version returns a static NUL-terminated string.
    let version = unsafe { std::ffi::CStr::from_ptr(libc::gnu_get_libc_version()) }
        .to_string_lossy()
        .into_owned();
    ok(msg!("doctor-glibc", version = version).render())
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
    if let Ok(out) = std::process::Command::new("ldconfig")
        .arg("-p")
        .env_remove("YEAREND_DB_PASSWORD")
        .output()
    {
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
        let text = msg!("doctor-no-client").render();
        let note = match dialect {
            None => msg!("doctor-client-oracle-only").render(),
            Some(_) => msg!("doctor-client-not-needed").render(),
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
        fix(msg!(
            "doctor-client-light",
            dir = dir.display().to_string(),
            version = version.clone()
        )
        .render())
    } else if version.starts_with("19.") || !needed {
        ok(msg!(
            "doctor-client-ok",
            dir = dir.display().to_string(),
            version = version.clone()
        )
        .render())
    } else {
        fix(msg!(
            "doctor-client-version",
            dir = dir.display().to_string(),
            version = version.clone()
        )
        .render())
    }];
    if needed {
        let nls = std::env::var("NLS_LANG").unwrap_or_default();
        let shown = if nls.is_empty() {
            msg!("doctor-unset").render()
        } else {
            nls
        };
        out.push(ok(msg!("doctor-nls-lang", value = shown).render()));
    }
    out
}

/// Where the state directories go (as `run` finds them: `--state-dir`, the site's `state_dir:`,
/// else beside the site file), and whether this user may write there.
fn state_directory(state_dir: Option<&Path>, site: Option<(&Site, &Path)>) -> Finding {
    let dir = state_dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| match site {
            Some((s, path)) => s.state_base(path).join(&s.code),
            None => PathBuf::from("yearend-state"),
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
        Ok(()) => ok(msg!("doctor-state-ok", dir = dir.display().to_string()).render()),
        Err(e) => fix(msg!(
            "doctor-state-bad",
            dir = dir.display().to_string(),
            cause = e.to_string()
        )
        .render()),
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
        Ok(()) => ok(msg!("doctor-db-ok", at = format!("{}:{}", url.host, url.port)).render()),
        Err(e) => fix(msg!(
            "doctor-db-bad",
            at = format!("{}:{}", url.host, url.port),
            cause = e
        )
        .render()),
    }];
    for server in &site.ntp {
        let r = crate::clock::sntp::query(server, Duration::from_secs(3));
        out.push(match &r.unusable {
            None => ok(msg!("doctor-ntp-ok", server = server.clone()).render()),
            Some(u) => {
                fix(msg!("doctor-ntp-bad", server = server.clone(), why = u.text()).render())
            }
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
                Ok(()) => ok(msg!("doctor-host-ok", host = host.clone()).render()),
                Err(e) => fix(msg!("doctor-host-bad", host = host.clone(), cause = e).render()),
            });
        }
    }
    out
}
