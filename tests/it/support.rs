//! Test setup: a real PostgreSQL 15 on loopback in a temporary directory, and the built binary.
//! A server that cannot start fails the test run loudly; nothing is mocked.
#![allow(dead_code)]

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub const ADMIN: &str = "yearend_admin";
/// Distinctive, so a leak is found by searching for it.
pub const PASSWORD: &str = "Pw-7f3c9e-never-print-me";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub fn unique(prefix: &str) -> String {
    static SWEPT: std::sync::Once = std::sync::Once::new();
    SWEPT.call_once(sweep_leftovers);
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

/// Scratch directories and servers' data of earlier test processes that are gone: every name
/// made by `unique` carries its process id, so what a dead process left is removed once, at the
/// start of the next run (repeated local runs otherwise fill the disk).
fn sweep_leftovers() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with("yearend-") || name.starts_with("yearend-demo") {
            continue;
        }
        let mut parts = name.rsplit('_');
        let (Some(_n), Some(pid)) = (parts.next(), parts.next()) else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A scratch directory removed by nobody: tests leave evidence behind on failure.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(unique(&format!("yearend-test-{name}")));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Tablespaces are cluster-wide while each test has a database of its own: tests that create
/// tablespaces hold this exclusively, tests that compare catalog fingerprints (which list the
/// tablespaces) hold it shared from before to after.
static TABLESPACES: std::sync::RwLock<()> = std::sync::RwLock::new(());

pub fn comparing_catalogs() -> std::sync::RwLockReadGuard<'static, ()> {
    TABLESPACES.read().unwrap_or_else(|e| e.into_inner())
}

pub fn creating_tablespaces() -> std::sync::RwLockWriteGuard<'static, ()> {
    TABLESPACES.write().unwrap_or_else(|e| e.into_inner())
}

pub struct Pg {
    pub port: u16,
    pub dir: PathBuf,
    bin: PathBuf,
    /// Server processes run as this user (PostgreSQL refuses root).
    user: Option<String>,
    /// Stops the server when this test process is gone.
    _watchdog: std::process::Child,
}

static PG: OnceLock<Pg> = OnceLock::new();

thread_local! {
    /// Set while `Pg::tls_only` starts its cluster.
    static TLS_CERTS: std::cell::RefCell<Option<PathBuf>> = const { std::cell::RefCell::new(None) };
}

pub fn pg() -> &'static Pg {
    PG.get_or_init(Pg::start)
}

impl Pg {
    /// A cluster of its own (the shared one has tablespaces a base backup on the same host would
    /// collide with): for tests that need a standby.
    pub fn private() -> Pg {
        Pg::start_with(false)
    }

    /// A cluster that accepts TLS connections only (hostssl; plain TCP is rejected), with the
    /// server certificate and key in `certs` (server.pem, server.key).
    pub fn tls_only(certs: &Path) -> Pg {
        TLS_CERTS.with(|c| *c.borrow_mut() = Some(certs.to_path_buf()));
        let pg = Pg::start_with(false);
        TLS_CERTS.with(|c| *c.borrow_mut() = None);
        pg
    }

    /// A cluster with PostgreSQL's durable defaults (fsync, synchronous_commit, full_page_writes
    /// on): what the benchmarks measure against, never the tests' fast settings.
    pub fn durable() -> Pg {
        Pg::start_with(true)
    }

    /// A streaming physical standby of this cluster (pg_basebackup -R), with this cluster's
    /// tablespaces mapped to directories of its own; lives as long as the test process.
    pub fn start_standby(&self, tablespace_dirs: &[PathBuf]) -> (u16, std::process::Child) {
        let dir = std::env::temp_dir().join(unique("yearend-standby"));
        std::fs::create_dir_all(&dir).unwrap();
        let maps: String = tablespace_dirs
            .iter()
            .map(|d| {
                format!(
                    " -T {}={}",
                    d.display(),
                    dir.join(d.file_name().unwrap()).display()
                )
            })
            .collect();
        if let Some(u) = &self.user {
            Command::new("chown")
                .args(["-R", u.as_str()])
                .arg(&dir)
                .status()
                .unwrap();
        }
        let data = dir.join("data");
        let backup = format!(
            "PGPASSWORD={PASSWORD} {bin}/pg_basebackup -h 127.0.0.1 -p {port} -U {ADMIN} -D {data} -R -X stream -c fast{maps} >{dir}/basebackup.log 2>&1",
            bin = self.bin.display(),
            port = self.port,
            data = data.display(),
            dir = dir.display()
        );
        let out = as_user(&self.user, &backup).output().unwrap();
        assert!(
            out.status.success(),
            "pg_basebackup failed: {}",
            std::fs::read_to_string(dir.join("basebackup.log")).unwrap_or_default()
        );
        let port = free_port();
        let serve = format!(
            "{bin}/postgres -D {data} -p {port} -k {dir} -c listen_addresses=127.0.0.1 -c hot_standby=on >{dir}/server.log 2>&1 & pg=$!; \
             while [ -d /proc/{parent} ]; do sleep 0.5; done; kill -INT $pg; wait $pg",
            bin = self.bin.display(),
            data = data.display(),
            dir = dir.display(),
            parent = std::process::id()
        );
        let watchdog = as_user(&self.user, &serve)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while self.sql(
            "postgres",
            "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'",
        ) != "1"
        {
            assert!(
                std::time::Instant::now() < deadline,
                "the standby never streamed: {}",
                std::fs::read_to_string(dir.join("server.log")).unwrap_or_default()
            );
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        (port, watchdog)
    }

    fn start() -> Pg {
        Pg::start_with(false)
    }

    fn start_with(durable: bool) -> Pg {
        let fast = if durable {
            ""
        } else {
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        };
        let bin = PathBuf::from("/usr/lib/postgresql/15/bin");
        assert!(
            bin.join("postgres").exists(),
            "PostgreSQL 15 server is not installed ({}/postgres missing). Run the README's test command \
             (scripts/test.sh installs postgresql-15), or apt-get install postgresql-15.",
            bin.display()
        );
        let user = is_root().then(|| "postgres".to_string());
        let dir = std::env::temp_dir().join(unique("yearend-pg"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("pwfile"), PASSWORD).unwrap();
        if let Some(u) = &user {
            let ok = Command::new("chown")
                .args(["-R", u])
                .arg(&dir)
                .status()
                .unwrap()
                .success();
            assert!(ok, "cannot chown {} to {u}", dir.display());
        }
        let port = free_port();
        let data = dir.join("data");
        let initdb = format!(
            "{}/initdb -D {} -U {ADMIN} --auth=scram-sha-256 --pwfile={} -E UTF8 --locale=C.UTF-8 >{}/initdb.log 2>&1",
            bin.display(),
            data.display(),
            dir.join("pwfile").display(),
            dir.display()
        );
        let out = as_user(&user, &initdb).output().unwrap();
        assert!(
            out.status.success(),
            "initdb failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(dir.join("initdb.log")).unwrap_or_default()
        );
        let tls = TLS_CERTS
            .with(|c| c.borrow().clone())
            .map(|certs| tls_setup(&certs, &dir, &data, &user));
        let fast = format!("{fast} {}", tls.unwrap_or_default());
        // The server lives as long as this test process: a watchdog stops it when we are gone.
        let serve = format!(
            "{bin}/postgres -D {data} -p {port} -k {dir} -c listen_addresses=127.0.0.1 -c timezone=Asia/Shanghai {fast} \
             >{dir}/server.log 2>&1 & pg=$!; \
             while [ -d /proc/{parent} ]; do sleep 0.5; done; kill -INT $pg; wait $pg",
            bin = bin.display(),
            data = data.display(),
            dir = dir.display(),
            parent = std::process::id()
        );
        let watchdog = as_user(&user, &serve)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let pg = Pg {
            port,
            dir,
            bin,
            user,
            _watchdog: watchdog,
        };
        wait_until_ready("PostgreSQL", port, 30, &pg.dir.join("server.log"), || {
            pg.psql("postgres", "SELECT 1")
        });
        pg
    }

    pub fn psql(&self, db: &str, sql: &str) -> Output {
        self.psql_ssl(db, sql, "prefer")
    }

    /// psql with this libpq sslmode (the TLS-only cluster rejects `disable`).
    pub fn psql_ssl(&self, db: &str, sql: &str, sslmode: &str) -> Output {
        let mut cmd = Command::new("psql");
        cmd.args([
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            "127.0.0.1",
            "-U",
            ADMIN,
            "-d",
            db,
        ])
        .arg("-p")
        .arg(self.port.to_string())
        .env("PGPASSWORD", PASSWORD)
        .env("PGSSLMODE", sslmode);
        with_stdin(&mut cmd, sql, "psql runs")
    }

    /// `pg_dump --schema-only` of one table, as text.
    pub fn dump_schema(&self, db: &str, table: &str) -> String {
        let out = Command::new("pg_dump")
            .args(["-s", "-h", "127.0.0.1", "-U", ADMIN, "-d", db, "-t", table])
            .arg("-p")
            .arg(self.port.to_string())
            .env("PGPASSWORD", PASSWORD)
            .output()
            .expect("pg_dump runs");
        assert!(
            out.status.success(),
            "pg_dump: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Run SQL and return its output; panic with psql's error otherwise.
    pub fn sql(&self, db: &str, sql: &str) -> String {
        let out = self.psql(db, sql);
        assert!(
            out.status.success(),
            "psql failed: {}\nSQL: {sql}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// A new empty database for one test.
    pub fn fresh_db(&self, name: &str) -> String {
        let db = unique(name).to_lowercase().replace('-', "_");
        self.sql("postgres", &format!("CREATE DATABASE {db}"));
        db
    }

    pub fn url(&self, db: &str) -> String {
        format!("postgres://{ADMIN}@127.0.0.1:{}/{db}", self.port)
    }

    /// A directory the server may use for a tablespace.
    pub fn server_dir(&self, name: &str) -> PathBuf {
        let d = self.dir.join(unique(name));
        std::fs::create_dir_all(&d).unwrap();
        if let Some(u) = &self.user {
            Command::new("chown")
                .args([u.as_str()])
                .arg(&d)
                .status()
                .unwrap();
        }
        d
    }

    /// Schema and table facts that a dry-run must leave untouched.
    pub fn catalog_fingerprint(&self, db: &str) -> String {
        self.sql(
            db,
            "SELECT string_agg(x, E'\\n' ORDER BY x) FROM ( \
               SELECT 'rel ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || \
                      coalesce(pg_get_expr(c.relpartbound, c.oid), '') AS x \
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
               WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') \
               UNION ALL SELECT 'ts ' || spcname FROM pg_tablespace) s",
        )
    }
}

/// Poll `probe` until it succeeds; past `seconds`, fail loudly with its error and the server's log.
fn wait_until_ready(what: &str, port: u16, seconds: u64, log: &Path, probe: impl Fn() -> Output) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        let out = probe();
        if out.status.success() {
            return;
        }
        if Instant::now() > deadline {
            panic!(
                "{what} did not start on 127.0.0.1:{port} within {seconds} s: {}\nserver log:\n{}",
                String::from_utf8_lossy(&out.stderr),
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A plan of the shipped base plan's check and manual steps (no DDL), with the repository's
/// query files beside it.
pub fn check_and_manual_plan(dir: &Path, name: &str, timetable: &str) -> PathBuf {
    for q in ["basic_info_next_year.sql", "bill_types_in_use.sql"] {
        std::fs::copy(repo().join("sql/postgres").join(q), dir.join(q)).unwrap();
    }
    let base = std::fs::read_to_string(repo().join("plans/base.yaml")).unwrap();
    let steps = &base[base.find("  - id: basic-info-synced").unwrap()..];
    write(
        dir,
        "plan.yaml",
        &format!(
            "name: {name}\nmode: old_year_bills_usable\ntimetable:\n{timetable}steps:\n{steps}"
        ),
    )
}

fn as_user(user: &Option<String>, script: &str) -> Command {
    match user {
        Some(u) => {
            let mut c = Command::new("runuser");
            c.args(["-u", u, "--", "sh", "-c", script]);
            c
        }
        None => {
            let mut c = Command::new("sh");
            c.args(["-c", script]);
            c
        }
    }
}

/// The result of running the yearend binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

/// The yearend binary with its arguments and environment, run as a person would run it, with
/// no terminal, no inherited yearend settings and no password unless a test gives one.
#[derive(Default)]
pub struct Yearend {
    args: Vec<String>,
    env: Vec<(String, String)>,
    /// Leave the language to the binary's default (zh-CN) instead of pinning English.
    default_language: bool,
    /// Run with no operator named (YEAREND_OPERATOR unset).
    without_operator: bool,
    /// The directory it runs in (the test process's own by default).
    cwd: Option<PathBuf>,
}

/// The person every test run names, unless it says otherwise.
pub const OPERATOR: &str = "测试工程师";

impl Yearend {
    pub fn new() -> Yearend {
        Yearend::default()
    }

    pub fn args(mut self, args: &[&str]) -> Yearend {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    /// Run as a hospital engineer would: no YEAREND_LANG, LANG=en_US.UTF-8 as intranet servers have.
    pub fn default_language(mut self) -> Yearend {
        self.default_language = true;
        self.env("LANG", "en_US.UTF-8")
    }

    pub fn current_dir(mut self, dir: &Path) -> Yearend {
        self.cwd = Some(dir.to_path_buf());
        self
    }

    pub fn without_operator(mut self) -> Yearend {
        self.without_operator = true;
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Yearend {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// Run to the end; a panic of the binary fails the test whatever it was expected to do.
    pub fn run(self) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_yearend"));
        cmd.args(&self.args)
            .env_remove("YEAREND_TODAY")
            .env_remove("YEAREND_DB_PASSWORD")
            .env_remove("YEAREND_LANG")
            // The suite's one operator (a run refuses to act without a named person); a test of
            // that refusal calls `without_operator`, one that names someone passes --operator.
            .env("YEAREND_OPERATOR", OPERATOR);
        if self.without_operator {
            cmd.env_remove("YEAREND_OPERATOR");
        }
        if let Some(dir) = &self.cwd {
            cmd.current_dir(dir);
        }
        // The suite pins English wording (zh-CN is the default: tests/it/zh.rs checks it); a test
        // that sets YEAREND_LANG itself overrides this.
        if !self.default_language {
            cmd.env("YEAREND_LANG", "en");
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let out = cmd
            .stdin(Stdio::null())
            .output()
            .expect("the yearend binary runs");
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert!(
            !run.stderr.contains("panicked"),
            "yearend panicked:\n{}",
            run.stderr
        );
        run
    }
}

/// `yearend ARGS` with `ENV`: the builder in one call.
pub fn yearend(args: &[&str], env: &[(&str, &str)]) -> Run {
    env.iter()
        .fold(Yearend::new().args(args), |y, (k, v)| y.env(k, v))
        .run()
}

/// The repository root (plans/, sql/ live here).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, for the tests that hold the code to a house rule.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

/// The project's shared tools, beside the repository in CI and in a session, absent in a clone:
/// `YEAREND_SHARED_DIR`, else `../shared`. Only this function names that place (a test keeps it so):
/// whatever needs it is `#[ignore]`d and run by scripts/test.sh when it exists.
pub fn shared_dir() -> PathBuf {
    match std::env::var_os("YEAREND_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => repo().join("..").join("shared"),
    }
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

/// A site file for a database URL.
pub fn site_file(dir: &Path, url: &str, schemas: &[&str]) -> PathBuf {
    site_file_coded(dir, url, schemas, "T001")
}

/// A site file with its own hospital code (MariaDB's run lock is server-wide, keyed by code).
pub fn site_file_coded(dir: &Path, url: &str, schemas: &[&str], code: &str) -> PathBuf {
    let schemas = schemas
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ");
    write(
        dir,
        "site.yaml",
        &format!(
            "hospital: 测试市第一人民医院\ncode: {code}\nprovince: 测试省\ndatabase:\n  url: {url}\n  schemas: [{schemas}]\nclock_hosts: [local, database]\n"
        ),
    )
}

impl Pg {
    /// Load a SQL file with psql, passing the closing year as :year.
    pub fn load(&self, db: &str, file: &Path, year: i32) {
        let out = Command::new("psql")
            .args([
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-U",
                ADMIN,
                "-d",
                db,
            ])
            .arg("-p")
            .arg(self.port.to_string())
            .arg("-v")
            .arg(format!("year={year}"))
            .arg("-f")
            .arg(file)
            .env("PGPASSWORD", PASSWORD)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "loading {} failed: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A psql session kept open (to hold locks); killed when dropped.
    pub fn session(&self, db: &str, sql: &str) -> Session {
        let mut child = Command::new("psql")
            .args(["-X", "-q", "-h", "127.0.0.1", "-U", ADMIN, "-d", db])
            .arg("-p")
            .arg(self.port.to_string())
            .env("PGPASSWORD", PASSWORD)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(sql.as_bytes()).unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
        Session {
            child,
            _stdin: stdin,
        }
    }
}

pub struct Session {
    child: std::process::Child,
    _stdin: std::process::ChildStdin,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A real MariaDB 10.11 on loopback in a temporary directory.
pub struct Maria {
    pub port: u16,
    pub dir: PathBuf,
    _watchdog: std::process::Child,
}

static MARIA: OnceLock<Maria> = OnceLock::new();

pub fn maria() -> &'static Maria {
    MARIA.get_or_init(Maria::start)
}

impl Maria {
    fn start() -> Maria {
        Maria::start_with(None)
    }

    /// A server that refuses plain TCP (require_secure_transport), with the certificates in
    /// `certs` (server.pem, server.key, ca.pem).
    pub fn tls_only(certs: &Path) -> Maria {
        Maria::start_with(Some(certs))
    }

    fn start_with(certs: Option<&Path>) -> Maria {
        assert!(
            Path::new("/usr/sbin/mariadbd").exists(),
            "MariaDB server is not installed (/usr/sbin/mariadbd missing). Run the README's test command \
             (scripts/test.sh installs mariadb-server), or apt-get install mariadb-server."
        );
        let root = is_root();
        let dir = std::env::temp_dir().join(unique("yearend-maria"));
        std::fs::create_dir_all(&dir).unwrap();
        if root {
            assert!(Command::new("chown")
                .args(["-R", "mysql"])
                .arg(&dir)
                .status()
                .unwrap()
                .success());
        }
        let user_flag = if root { "--user=mysql" } else { "" };
        let data = dir.join("data");
        let out = Command::new("mariadb-install-db")
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .args(["--auth-root-authentication-method=socket", "--skip-test-db"])
            .args(root.then_some("--user=mysql"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "mariadb-install-db failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let port = free_port();
        let tls = match certs {
            None => String::new(),
            Some(c) => {
                for f in ["server.pem", "server.key", "ca.pem"] {
                    std::fs::copy(c.join(f), dir.join(f)).unwrap();
                }
                if root {
                    assert!(Command::new("chown")
                        .args(["-R", "mysql"])
                        .arg(&dir)
                        .status()
                        .unwrap()
                        .success());
                }
                format!(
                    "--ssl-cert={d}/server.pem --ssl-key={d}/server.key --ssl-ca={d}/ca.pem --require-secure-transport=ON",
                    d = dir.display()
                )
            }
        };
        let serve = format!(
            "/usr/sbin/mariadbd --no-defaults {user_flag} --datadir={data} --port={port} --default-time-zone=+08:00 --bind-address=127.0.0.1 \
             --socket={dir}/sock --pid-file={dir}/pid --skip-log-bin --innodb-buffer-pool-size=64M \
             --innodb-flush-log-at-trx-commit=0 --log-error={dir}/error.log {tls} & db=$!; \
             while [ -d /proc/{parent} ]; do sleep 0.5; done; kill $db; wait $db",
            data = data.display(),
            dir = dir.display(),
            parent = std::process::id()
        );
        let watchdog = Command::new("sh")
            .args(["-c", &serve])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let m = Maria {
            port,
            dir,
            _watchdog: watchdog,
        };
        wait_until_ready("MariaDB", port, 60, &m.dir.join("error.log"), || {
            m.client("", "SELECT 1")
        });
        m.sql(
            "",
            &format!(
                "CREATE USER '{ADMIN}'@'127.0.0.1' IDENTIFIED BY '{PASSWORD}'; \
                 CREATE USER '{ADMIN}'@'localhost' IDENTIFIED BY '{PASSWORD}'; \
                 GRANT ALL ON *.* TO '{ADMIN}'@'127.0.0.1'; GRANT ALL ON *.* TO '{ADMIN}'@'localhost';"
            ),
        );
        m
    }

    /// The client as root over the socket (the test's own admin path, not yearend's).
    fn client(&self, db: &str, sql: &str) -> Output {
        let mut cmd = Command::new("mariadb");
        cmd.arg("--no-defaults")
            .arg(format!("--socket={}/sock", self.dir.display()))
            .args([
                "-uroot",
                "--batch",
                "--skip-column-names",
                "--default-character-set=utf8mb4",
            ])
            .args((!db.is_empty()).then_some(db));
        with_stdin(&mut cmd, sql, "the mariadb client runs")
    }

    pub fn sql(&self, db: &str, sql: &str) -> String {
        let out = self.client(db, sql);
        assert!(
            out.status.success(),
            "mariadb failed: {}\nSQL: {sql}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    pub fn fresh_db(&self, name: &str) -> String {
        let db = unique(name).to_lowercase().replace('-', "_");
        self.sql(
            "",
            &format!("CREATE DATABASE {db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"),
        );
        db
    }

    pub fn url(&self, db: &str) -> String {
        format!("mysql://{ADMIN}@127.0.0.1:{}/{db}", self.port)
    }

    /// Each table's partitions as `name:description`, in order.
    pub fn partitions(&self, db: &str, table: &str) -> Vec<String> {
        self.sql(
            db,
            &format!(
                "SELECT CONCAT(PARTITION_NAME, ':', PARTITION_DESCRIPTION) FROM information_schema.PARTITIONS \
                 WHERE TABLE_SCHEMA = '{db}' AND TABLE_NAME = '{table}' ORDER BY PARTITION_ORDINAL_POSITION"
            ),
        )
        .lines()
        .map(str::to_string)
        .collect()
    }
}

impl Pg {
    /// A table's partitions as `name FROM..TO [tablespace]`, sorted by name.
    pub fn partitions(&self, db: &str, schema: &str, table: &str) -> Vec<String> {
        self.sql(
            db,
            &format!(
                "SELECT p.relname || ' ' || pg_get_expr(p.relpartbound, p.oid) || coalesce(' @' || ts.spcname, '') \
                 FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid \
                 LEFT JOIN pg_tablespace ts ON ts.oid = p.reltablespace \
                 WHERE i.inhparent = '{schema}.{table}'::regclass ORDER BY p.relname"
            ),
        )
        .lines()
        .map(str::to_string)
        .collect()
    }

    /// Make directories (relative to a fresh server-owned directory) the server may use.
    pub fn server_tree(&self, name: &str, dirs: &[&str]) -> PathBuf {
        let base = self.server_dir(name);
        for d in dirs {
            std::fs::create_dir_all(base.join(d)).unwrap();
        }
        if let Some(u) = &self.user {
            Command::new("chown")
                .args(["-R", u.as_str()])
                .arg(&base)
                .status()
                .unwrap();
        }
        base
    }
}

/// Run `plan` or `run` with a plan and site, today 2026-12-20, in a state dir under `dir`.
pub fn rollover(cmd: &str, plan: &Path, site: &Path, state: &Path, extra: &[&str]) -> Run {
    let mut a = vec![
        cmd,
        "--plan",
        plan.to_str().unwrap(),
        "--site",
        site.to_str().unwrap(),
        "--today",
        "2026-12-20",
    ];
    a.extend_from_slice(&["--state-dir", state.to_str().unwrap()]);
    a.extend_from_slice(extra);
    yearend(&a, &[("YEAREND_DB_PASSWORD", PASSWORD)])
}

/// The arguments of a command that reads a state directory (`status`, `report`): the site, the
/// state directory and today 2026-12-20, then `extra`.
fn state_args<'a>(
    cmd: &'a str,
    site: &'a Path,
    state: &'a Path,
    extra: &[&'a str],
) -> Vec<&'a str> {
    let mut a = vec![
        cmd,
        "--site",
        site.to_str().unwrap(),
        "--state-dir",
        state.to_str().unwrap(),
        "--today",
        "2026-12-20",
    ];
    a.extend_from_slice(extra);
    a
}

/// A command that reads a state directory, in the suite's English.
pub fn on_state(cmd: &str, site: &Path, state: &Path, extra: &[&str]) -> Run {
    yearend(&state_args(cmd, site, state, extra), &[])
}

/// The same command in the default language (zh-CN), as a person runs it.
pub fn on_state_in_chinese(cmd: &str, site: &Path, state: &Path, extra: &[&str]) -> Run {
    Yearend::new()
        .default_language()
        .args(&state_args(cmd, site, state, extra))
        .run()
}

/// A real chrony serving its own clock on a loopback port; `-x` so it never touches the system clock.
pub struct Chrony {
    pub port: u16,
    _watchdog: std::process::Child,
}

static CHRONY: OnceLock<Chrony> = OnceLock::new();

pub fn chrony() -> &'static Chrony {
    CHRONY.get_or_init(|| {
        assert!(
            Path::new("/usr/sbin/chronyd").exists(),
            "chrony is not installed (/usr/sbin/chronyd missing). Run the README's test command (scripts/test.sh installs chrony), or apt-get install chrony."
        );
        let dir = std::env::temp_dir().join(unique("yearend-chrony"));
        std::fs::create_dir_all(&dir).unwrap();
        let port = {
            let s = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
            s.local_addr().unwrap().port()
        };
        std::fs::write(
            dir.join("chrony.conf"),
            format!(
                "port {port}\nbindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 8\ncmdport 0\npidfile {d}/chronyd.pid\ndriftfile {d}/drift\n",
                d = dir.display()
            ),
        )
        .unwrap();
        let serve = format!(
            "/usr/sbin/chronyd -x -d -f {d}/chrony.conf >{d}/chronyd.log 2>&1 & c=$!; while [ -d /proc/{parent} ]; do sleep 0.5; done; kill $c; wait $c",
            d = dir.display(),
            parent = std::process::id()
        );
        let watchdog = Command::new("sh").args(["-c", &serve]).stdin(Stdio::null()).spawn().unwrap();
        // Ready when it answers an SNTP request.
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let mut client = rsntp::SntpClient::new();
            client.set_timeout(Duration::from_millis(300));
            if client.synchronize(format!("127.0.0.1:{port}")).is_ok() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "chronyd did not answer on 127.0.0.1:{port} within 20 s:\n{}",
                std::fs::read_to_string(dir.join("chronyd.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        Chrony { port, _watchdog: watchdog }
    })
}

/// The statements a `plan --json` or `run --json` recorded, in order.
pub fn planned_statements(r: &Run) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("--json document: {e}\n{}", r.all()));
    doc["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["event"] == "statement_sent")
        .map(|r| r["sql"].as_str().unwrap().to_string())
        .collect()
}

/// Run a client with `input` on its stdin (SQL never goes on a command line); its output.
fn with_stdin(cmd: &mut Command, input: &str, what: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// sha256 of a text, in hex (the journal's chain and head, SHA256SUMS).
pub fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The twelve monthly children of 2026 of the partitioned table `parent` (a qualified SQL name),
/// one statement each: `child(m)` names month m's partition, `bound(y, m)` writes the key of the
/// 1st of that month.
pub fn monthly_2026(
    parent: &str,
    child: impl Fn(u32) -> String,
    bound: impl Fn(i32, u32) -> String,
) -> String {
    (1..=12)
        .map(|m| {
            let (ny, nm) = if m == 12 { (2027, 1) } else { (2026, m + 1) };
            format!(
                "CREATE TABLE {} PARTITION OF {parent} FOR VALUES FROM ({}) TO ({});\n",
                child(m),
                bound(2026, m),
                bound(ny, nm)
            )
        })
        .collect()
}

/// What a run killed after `lines` records leaves: the journal up to there and a seal that
/// matches it (the seal is rewritten after every record, so a crash leaves them in agreement).
pub fn interrupt_journal(state: &Path, lines: &[&str]) {
    let text = lines.join("\n") + "\n";
    std::fs::write(state.join("journal.jsonl"), &text).unwrap();
    let head = sha256_hex(lines.last().unwrap());
    let seal =
        serde_json::json!({"records": lines.len(), "head": head, "at": "2026-12-20T00:00:00Z"});
    std::fs::write(state.join("seal.json"), seal.to_string()).unwrap();
}

/// Server certificate and key copied into the cluster, owned by its user; pg_hba accepting
/// TLS only. The extra server flags that turn TLS on.
fn tls_setup(certs: &Path, dir: &Path, data: &Path, user: &Option<String>) -> String {
    for f in ["server.pem", "server.key"] {
        std::fs::copy(certs.join(f), dir.join(f)).unwrap();
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        dir.join("server.key"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    std::fs::write(
        data.join("pg_hba.conf"),
        "local all all scram-sha-256\nhostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all 127.0.0.1/32 reject\n",
    )
    .unwrap();
    if let Some(u) = user {
        assert!(Command::new("chown")
            .args(["-R", u])
            .arg(dir)
            .status()
            .unwrap()
            .success());
    }
    format!(
        "-c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
        dir.join("server.pem").display(),
        dir.join("server.key").display()
    )
}

/// A test CA, another CA, and a server certificate for 127.0.0.1 and localhost signed by the
/// first, made with openssl in `dir`: ca.pem, other-ca.pem, server.pem, server.key.
pub fn test_certificates(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("san.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n",
    )
    .unwrap();
    let script = "set -e
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj /CN=yearend-test-ca 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.pem -days 30 -subj /CN=someone-else 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 30 -extfile san.ext 2>/dev/null";
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openssl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.to_path_buf()
}

/// The demo hospital on PostgreSQL: the demo schema loaded, this year's tablespace
/// `{prefix}_2026` in place (next year's directory beside it), a site file whose NTP server is
/// the tests' chrony. Returns the database, the scratch directory and the site file. Tablespaces
/// are the cluster's: each test uses a prefix of its own, under `creating_tablespaces()`.
pub fn pg_demo_hospital(name: &str, prefix: &str) -> (String, PathBuf, PathBuf) {
    let pg = pg();
    let db = pg.fresh_db(name);
    pg.load(&db, &repo().join("sql/demo/postgres/schema.sql"), 2026);
    let (this, next) = (format!("{prefix}_2026"), format!("{prefix}_2027"));
    let base = pg.server_tree(&format!("{name}-ts"), &[&this, &next]);
    pg.sql(
        &db,
        &format!(
            "CREATE TABLESPACE {this} LOCATION '{}'",
            base.join(&this).display()
        ),
    );
    let dir = scratch(name);
    let site = site_file(&dir, &pg.url(&db), &["einvoice"]);
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(
        &site,
        format!("{text}ntp: [\"127.0.0.1:{}\"]\n", chrony().port),
    )
    .unwrap();
    (db, dir, site)
}

/// The demo hospital on MariaDB (schema named after the database), its site file with the
/// tests' chrony. Returns the database, the scratch directory and the site file.
pub fn maria_demo_hospital(name: &str) -> (String, PathBuf, PathBuf) {
    let m = maria();
    let db = m.fresh_db(name);
    let schema = std::fs::read_to_string(repo().join("sql/demo/mysql/schema.sql")).unwrap();
    m.sql(&db, &format!("SET @year = 2026;\n{schema}"));
    let dir = scratch(name);
    let site = write(
        &dir,
        "site.yaml",
        &format!(
            "hospital: 演示市第二人民医院\ncode: {db}\ndatabase:\n  url: {}\n  schemas: [{db}]\nntp: [\"127.0.0.1:{}\"]\nclock_hosts: [local, database]\n",
            m.url(&db),
            chrony().port
        ),
    );
    (db, dir, site)
}

/// Run yearend under a pseudo-terminal (util-linux `script`), typing `input` one line at a time,
/// in the language `lang`; the exit code and everything the terminal showed.
pub fn on_a_terminal(args: &[&str], input: &str, lang: &str) -> (i32, String) {
    terminal_run(args, input, lang, true)
}

/// `on_a_terminal` with no password in the environment: the password is typed at the prompt.
pub fn on_a_terminal_typing_the_password(args: &[&str], input: &str, lang: &str) -> (i32, String) {
    terminal_run(args, input, lang, false)
}

fn terminal_run(args: &[&str], input: &str, lang: &str, password_set: bool) -> (i32, String) {
    use std::io::Write;
    let quote = |a: &str| format!("'{}'", a.replace('\'', "'\\''"));
    let command = std::iter::once(env!("CARGO_BIN_EXE_yearend"))
        .chain(args.iter().copied())
        .map(quote)
        .collect::<Vec<_>>()
        .join(" ");
    let mut script = std::process::Command::new("script");
    script.args(["-q", "-e", "-c", &command, "/dev/null"]);
    if password_set {
        script.env("YEAREND_DB_PASSWORD", PASSWORD);
    } else {
        script.env_remove("YEAREND_DB_PASSWORD");
    }
    let mut child = script
        .env("YEAREND_LANG", lang)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("util-linux script runs");
    let mut stdin = child.stdin.take().unwrap();
    for line in input.lines() {
        // One answer at a time, as a person types after reading the question.
        std::thread::sleep(std::time::Duration::from_millis(1500));
        stdin.write_all(format!("{line}\n").as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
    // A prompt the test did not expect would wait forever: a minute, then the child is stopped
    // (and the test sees why in what the terminal showed).
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// A plan of check, manual and templates steps whose queries need no tables (`fleet` tests and
/// its bench): each hospital's state comes from which step does what.
pub fn fleet_plan(
    dir: &Path,
    name: &str,
    check_rows: u32,
    synced: bool,
    (manual_due, tmpl_due): (&str, &str),
) -> PathBuf {
    write(dir, &format!("postgres/ok-{name}.sql"), "SELECT 1 AS one");
    write(
        dir,
        &format!("postgres/tmpl-{name}.sql"),
        &format!("SELECT 'T1' AS type_code, '门诊票据' AS type_name, {synced} AS print_synced, true AS display_synced"),
    );
    write(
        dir,
        &format!("{name}.yaml"),
        &format!(
            "name: 总览测试\nmode: old_year_bills_usable\ntimetable:\n  confirm-x: \"{manual_due}\"\n  tmpl: \"{tmpl_due}\"\nsteps:\n\
             \x20 - id: basic\n    kind: check\n    query: ok-{name}.sql\n    expect: {{ rows: {check_rows} }}\n\
             \x20 - id: tmpl\n    kind: templates\n    query: tmpl-{name}.sql\n    deadline: \"{tmpl_due}\"\n\
             \x20 - id: confirm-x\n    kind: manual\n    owner: 值班工程师\n    instruction: 核对结转\n"
        ),
    )
}
