//! The Oracle contract suite: real only when `YEAREND_ORACLE_URL` names an Oracle 11g–19c
//! (`oracle://user@host:1521/service`, a user who may CREATE USER and DROP USER, password in
//! `YEAREND_ORACLE_PASSWORD`) and Oracle Instant Client is installed. Without it every test here is
//! reported as ignored with that reason — never as passed. `scripts/test.sh` adds
//! `--include-ignored` when the variable is set; run by hand with
//! `cargo test --test oracle_contract -- --include-ignored`.
//!
//! Each test creates a scratch schema (YE_<pid>_<n>), builds monthly tables the way hospitals have
//! them, runs plan and run through the binary and verifies the catalog from DBA_TAB_PARTITIONS,
//! then drops the schema. With `YEAREND_ORACLE_DBA_URL` (and `YEAREND_ORACLE_DBA_PASSWORD`) the
//! administrator makes a second user with exactly README's grant list (CREATE SESSION,
//! SELECT_CATALOG_ROLE, CREATE TABLESPACE, ALTER ANY TABLE, EXECUTE ON SYS.DBMS_LOCK, SELECT on
//! each scratch table) and yearend runs as that user, not as the administrator.

use crate::support::*;

const REASON: &str =
    "needs a real Oracle: set YEAREND_ORACLE_URL and YEAREND_ORACLE_PASSWORD (see README)";

struct Scratch {
    admin: oracle::Connection,
    schema: String,
    /// Who yearend connects as, and its password: with YEAREND_ORACLE_DBA_URL a least-privilege
    /// user made from README's grant list; otherwise the YEAREND_ORACLE_URL user itself.
    password: String,
    url: String,
    runner: Option<String>,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for user in self.runner.iter().chain([&self.schema]) {
            let _ = self
                .admin
                .execute(&format!("DROP USER {user} CASCADE"), &[]);
        }
    }
}

impl Scratch {
    /// README's per-table grant: SELECT on every table of the scratch schema the plan reads
    /// (its MAXVALUE tails are counted), to the least-privilege runner, once the tables exist.
    fn grant_reads(&self) {
        let Some(runner) = &self.runner else {
            return;
        };
        let rows = self
            .admin
            .query(
                "SELECT TABLE_NAME FROM DBA_TABLES WHERE OWNER = :1",
                &[&self.schema],
            )
            .unwrap();
        for row in rows {
            let table: String = row.unwrap().get(0).unwrap();
            let sql = format!("GRANT SELECT ON {}.{table} TO {runner}", self.schema);
            self.admin
                .execute(&sql, &[])
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    }
}

/// The administrator: YEAREND_ORACLE_DBA_URL (password YEAREND_ORACLE_DBA_PASSWORD) when given,
/// else YEAREND_ORACLE_URL; whether a least-privilege runner is to be made.
fn admin_url() -> (String, String, bool) {
    let dba = std::env::var("YEAREND_ORACLE_DBA_URL").ok();
    let url = dba
        .clone()
        .or_else(|| std::env::var("YEAREND_ORACLE_URL").ok())
        .unwrap_or_else(|| panic!("{REASON}"));
    let password = dba
        .as_ref()
        .and_then(|_| std::env::var("YEAREND_ORACLE_DBA_PASSWORD").ok())
        .or_else(|| std::env::var("YEAREND_ORACLE_PASSWORD").ok())
        .unwrap_or_else(|| panic!("{REASON}"));
    (url, password, dba.is_some())
}

fn scratch_schema(name: &str) -> Scratch {
    let (url, password, least_privilege) = admin_url();
    let parsed = yearend::db::url::DbUrl::parse(&url).expect("the Oracle URL parses");
    let admin = oracle::Connection::connect(
        parsed.user.as_deref().unwrap_or_default(),
        &password,
        yearend::db::oracle::connect_string(&parsed),
    )
    .unwrap_or_else(|e| panic!("cannot connect to {url}: {e}"));
    let schema = format!("YE_{}_{name}", std::process::id()).to_uppercase();
    let own_pw = format!("Ye{}x", std::process::id());
    let mut statements = vec![
        format!("CREATE USER {schema} IDENTIFIED BY \"{own_pw}\" QUOTA UNLIMITED ON USERS DEFAULT TABLESPACE USERS"),
        format!("GRANT CREATE SESSION, CREATE TABLE TO {schema}"),
    ];
    let runner = least_privilege.then(|| format!("{schema}_RUN"));
    if let Some(r) = &runner {
        // README's grant list for the rollover user, and nothing more.
        statements.extend([
            format!("CREATE USER {r} IDENTIFIED BY \"{own_pw}\""),
            format!("GRANT CREATE SESSION TO {r}"),
            format!("GRANT SELECT_CATALOG_ROLE TO {r}"),
            format!("GRANT CREATE TABLESPACE TO {r}"),
            format!("GRANT ALTER ANY TABLE TO {r}"),
            format!("GRANT EXECUTE ON SYS.DBMS_LOCK TO {r}"),
        ]);
    }
    for sql in statements {
        admin
            .execute(&sql, &[])
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let (url, password) = match &runner {
        Some(r) => (
            format!(
                "oracle://{}@{}:{}/{}",
                r.to_lowercase(),
                parsed.host,
                parsed.port,
                parsed.database
            ),
            own_pw,
        ),
        None => (url, password),
    };
    Scratch {
        admin,
        schema,
        password,
        url,
        runner,
    }
}

fn months_clause(from_month: u32, with_max: bool) -> String {
    let mut parts: Vec<String> = (from_month..=12)
        .map(|m| {
            let (y, n) = if m == 12 { (2027, 1) } else { (2026, m + 1) };
            format!(
                "PARTITION P2026{m:02} VALUES LESS THAN (TO_DATE('{y}-{n:02}-01', 'YYYY-MM-DD'))"
            )
        })
        .collect();
    if with_max {
        parts.push("PARTITION PMAX VALUES LESS THAN (MAXVALUE)".into());
    }
    parts.join(", ")
}

fn upper_bounds(s: &Scratch, table: &str) -> Vec<String> {
    let rows = s
        .admin
        .query(
            "SELECT PARTITION_NAME, HIGH_VALUE FROM DBA_TAB_PARTITIONS WHERE TABLE_OWNER = :1 AND TABLE_NAME = :2 ORDER BY PARTITION_POSITION",
            &[&s.schema, &table],
        )
        .unwrap();
    rows.map(|r| {
        let r = r.unwrap();
        let (name, high): (String, String) = (r.get(0).unwrap(), r.get(1).unwrap());
        format!("{name}:{high}")
    })
    .collect()
}

#[test]
#[ignore = "needs a real Oracle: set YEAREND_ORACLE_URL and YEAREND_ORACLE_PASSWORD (see README)"]
fn oracle_plan_run_verify_and_a_second_run_has_nothing_to_do() {
    let s = scratch_schema("c1");
    let ddl = [
        format!("CREATE TABLE {}.EI_BILL (ID NUMBER, ISSUE_DATE DATE NOT NULL) PARTITION BY RANGE (ISSUE_DATE) ({})", s.schema, months_clause(11, false)),
        format!("CREATE TABLE {}.EI_PAY (ID NUMBER, PAY_DATE DATE NOT NULL) PARTITION BY RANGE (PAY_DATE) ({})", s.schema, months_clause(11, true)),
        format!("CREATE INDEX {}.IX_PAY_ID ON {}.EI_PAY (ID)", s.schema, s.schema),
        format!("CREATE TABLE {}.EI_STAT (M NUMBER(6) NOT NULL) PARTITION BY RANGE (M) (PARTITION P202611 VALUES LESS THAN (202612), PARTITION P202612 VALUES LESS THAN (202701))", s.schema),
        format!("CREATE TABLE {}.EI_ARCH (ID NUMBER, D DATE NOT NULL) PARTITION BY RANGE (D) SUBPARTITION BY HASH (ID) SUBPARTITIONS 2 ({})", s.schema, months_clause(11, false)),
        format!("CREATE TABLE {}.EI_OPER_LOG (D DATE NOT NULL) PARTITION BY RANGE (D) INTERVAL (NUMTOYMINTERVAL(1, 'MONTH')) (PARTITION P0 VALUES LESS THAN (TO_DATE('2026-01-01', 'YYYY-MM-DD')))", s.schema),
    ];
    for sql in &ddl {
        s.admin
            .execute(sql, &[])
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    s.grant_reads();
    let dir = scratch("oracle-contract");
    let site = write(
        &dir,
        "site.yaml",
        &format!(
            "hospital: 合同测试\ncode: ORA-{}\nprovince: 测试省\ndatabase:\n  url: {}\n  schemas: [{}]\nntp: [127.0.0.1:9]\n",
            std::process::id(),
            s.url,
            s.schema
        ),
    );
    let plan = write(
        &dir,
        "plan.yaml",
        "name: 合同测试\nmode: old_year_bills_usable\nsteps:\n  - id: preflight\n    kind: preflight\n  - id: partitions\n    kind: partitions\n",
    );
    let env = [("YEAREND_DB_PASSWORD", s.password.as_str())];
    let state = dir.join("state");
    let run = |cmd: &str, extra: &[&str]| {
        let mut a = vec![
            cmd,
            "--plan",
            plan.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
            "--year",
            "2027",
            "--today",
            "2026-12-20",
            "--state-dir",
            state.to_str().unwrap(),
        ];
        a.extend_from_slice(extra);
        yearend(&a, &env)
    };
    let dry = run("plan", &["--json"]);
    assert_eq!(dry.code, 0, "{}", dry.all());
    let snap = dir.join("snap.json");
    let r = yearend(
        &[
            "snapshot",
            "--site",
            site.to_str().unwrap(),
            "--out",
            snap.to_str().unwrap(),
        ],
        &env,
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let offline = run("plan", &["--json", "--snapshot", snap.to_str().unwrap()]);
    assert_eq!(
        planned_statements(&offline),
        planned_statements(&dry),
        "offline plan equals the live plan"
    );
    assert_eq!(planned_statements(&dry).len(), 4 * 12);

    let r = run("run", &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.all());
    for table in ["EI_BILL", "EI_PAY", "EI_ARCH"] {
        let bounds = upper_bounds(&s, table);
        assert!(
            bounds
                .iter()
                .any(|b| b.starts_with("P202712:TO_DATE(' 2028-01-01 00:00:00'")),
            "{table}: {bounds:?}"
        );
    }
    assert!(upper_bounds(&s, "EI_PAY")
        .last()
        .unwrap()
        .starts_with("PMAX:MAXVALUE"));
    assert!(upper_bounds(&s, "EI_STAT")
        .last()
        .unwrap()
        .starts_with("P202712:202801"));
    assert_eq!(
        upper_bounds(&s, "EI_OPER_LOG").len(),
        1,
        "interval tables are not touched"
    );
    let unusable: i64 = s
        .admin
        .query_row_as(
            "SELECT COUNT(*) FROM DBA_INDEXES WHERE OWNER = :1 AND STATUS = 'UNUSABLE'",
            &[&s.schema],
        )
        .unwrap();
    assert_eq!(unusable, 0);
    let again = run("run", &["--yes"]);
    assert_eq!(again.code, 0, "{}", again.all());
    assert!(
        again.stdout.contains("already_satisfied"),
        "{}",
        again.stdout
    );
}

#[test]
#[ignore = "needs a real Oracle: set YEAREND_ORACLE_URL and YEAREND_ORACLE_PASSWORD (see README)"]
fn oracle_ddl_lock_timeout_is_retried_then_names_the_table() {
    let s = scratch_schema("c2");
    let sql = format!(
        "CREATE TABLE {}.EI_BUSY (D DATE NOT NULL) PARTITION BY RANGE (D) ({})",
        s.schema,
        months_clause(11, false)
    );
    s.admin.execute(&sql, &[]).unwrap();
    s.grant_reads();
    // An open transaction holding a row lock keeps ALTER TABLE … ADD PARTITION waiting.
    s.admin
        .execute(
            &format!(
                "INSERT INTO {}.EI_BUSY VALUES (TO_DATE('2026-12-05', 'YYYY-MM-DD'))",
                s.schema
            ),
            &[],
        )
        .unwrap();
    let dir = scratch("oracle-busy");
    let site = write(&dir, "site.yaml", &format!("hospital: 锁测试\ncode: ORB-{}\nprovince: 测试省\ndatabase:\n  url: {}\n  schemas: [{}]\nntp: [127.0.0.1:9]\n", std::process::id(), s.url, s.schema));
    let plan = write(&dir, "plan.yaml", "name: 锁测试\nmode: old_year_bills_usable\nsteps:\n  - id: partitions\n    kind: partitions\n");
    let r = yearend(
        &[
            "run",
            "--plan",
            plan.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
            "--year",
            "2027",
            "--today",
            "2026-12-20",
            "--yes",
            "--state-dir",
            dir.join("state").to_str().unwrap(),
        ],
        &[
            ("YEAREND_DB_PASSWORD", s.password.as_str()),
            ("YEAREND_LOCK_TIMEOUT", "1"),
            ("YEAREND_LOCK_RETRIES", "2"),
        ],
    );
    s.admin.rollback().unwrap();
    assert_ne!(r.code, 0, "{}", r.all());
    assert!(r.all().contains("EI_BUSY"), "{}", r.all());
    assert!(
        r.all().contains("ORA-00054") || r.all().contains("lock"),
        "{}",
        r.all()
    );
}
