//! Partitions as hospitals have them, on a real MariaDB 10.11: RANGE COLUMNS on a char YYYYMM
//! key, a YEAR()*100+MONTH() expression, UNIX_TIMESTAMP at Shanghai midnights, and a finite
//! catch-all tail holding this December's rows, reorganized with its rows kept.

use crate::support::*;

/// Epoch seconds of midnight, 1st of the month, at UTC+8.
fn epoch(y: i32, m: u32) -> i64 {
    chrono::NaiveDate::from_ymd_opt(y, m, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp()
        - 8 * 3600
}

fn schema() -> String {
    format!(
        "CREATE TABLE bill_ym (id bigint NOT NULL, ym char(6) NOT NULL) PARTITION BY RANGE COLUMNS (ym) (\
           PARTITION p202611 VALUES LESS THAN ('202612'), PARTITION p202612 VALUES LESS THAN ('202701'));\n\
         CREATE TABLE pay_expr (id bigint NOT NULL, d date NOT NULL) PARTITION BY RANGE (YEAR(d) * 100 + MONTH(d)) (\
           PARTITION p202611 VALUES LESS THAN (202612), PARTITION p202612 VALUES LESS THAN (202701));\n\
         CREATE TABLE audit_ts (id bigint NOT NULL, ts timestamp NOT NULL) PARTITION BY RANGE (UNIX_TIMESTAMP(ts)) (\
           PARTITION p202611 VALUES LESS THAN ({}), PARTITION p202612 VALUES LESS THAN ({}));\n\
         CREATE TABLE op_log (id bigint NOT NULL, d date NOT NULL) PARTITION BY RANGE (TO_DAYS(d)) (\
           PARTITION p202610 VALUES LESS THAN (TO_DAYS('2026-11-01')), PARTITION p202611 VALUES LESS THAN (TO_DAYS('2026-12-01')),\
           PARTITION p_max VALUES LESS THAN (TO_DAYS('2099-12-31')));\n\
         INSERT INTO op_log VALUES (1, '2026-12-03'), (2, '2026-12-19'), (3, '2026-11-20');\n",
        epoch(2026, 12),
        epoch(2027, 1)
    )
}

#[test]
fn char_keys_expressions_unix_timestamps_and_a_catch_all_with_rows() {
    let m = maria();
    let db = m.fresh_db("mshapes");
    m.sql(&db, &schema());
    let dir = scratch("mshapes");
    let site = site_file_coded(&dir, &m.url(&db), &[&db], &db);
    let p = write(
        &dir,
        "plan.yaml",
        "name: x\nmode: old_year_bills_usable\nsteps:\n  - id: partitions\n    kind: partitions\n",
    );
    let r = rollover("run", &p, &site, &dir.join("state"), &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.all());
    for line in [
        format!("extend   {db}.bill_ym: 12 months 202701…202712"),
        format!("extend   {db}.pay_expr: 12 months 202701…202712"),
        format!("extend   {db}.audit_ts: 12 months 202701…202712"),
        format!(
            "extend   {db}.op_log: 13 months 202612…202712; p_max holds no row of the new year; REORGANIZE rewrites all 2 of its rows while the table is locked"
        ),
    ] {
        assert!(r.stdout.contains(&line), "missing `{line}`:\n{}", r.stdout);
    }
    let parts = |t: &str| m.partitions(&db, t);
    assert_eq!(parts("bill_ym").last().unwrap(), "p202712:'202801'");
    assert_eq!(parts("pay_expr").last().unwrap(), "p202712:202801");
    assert_eq!(
        parts("audit_ts").last().unwrap(),
        &format!("p202712:{}", epoch(2028, 1))
    );
    let op = parts("op_log");
    let own = m.sql(&db, "SELECT TO_DAYS('2099-12-31')");
    assert_eq!(
        op.last().unwrap(),
        &format!("p_max:{own}"),
        "the catch-all keeps its own bound"
    );
    assert_eq!(op.len(), 2 + 13 + 1);
    // December's rows stayed, now in December's partition; nothing was lost.
    assert_eq!(
        m.sql(&db, "SELECT COUNT(*) FROM op_log PARTITION (p202612)"),
        "2"
    );
    assert_eq!(m.sql(&db, "SELECT COUNT(*) FROM op_log"), "3");
    // The last second of the new year lands in a new partition.
    m.sql(&db, "INSERT INTO op_log VALUES (4, '2027-12-31')");
    assert_eq!(
        m.sql(&db, "SELECT COUNT(*) FROM op_log PARTITION (p202712)"),
        "1"
    );
    m.sql(
        &db,
        "SET time_zone = '+08:00'; INSERT INTO audit_ts VALUES (1, '2027-12-31 23:59:59')",
    );
    assert_eq!(
        m.sql(&db, "SELECT COUNT(*) FROM audit_ts PARTITION (p202712)"),
        "1"
    );
    m.sql(
        &db,
        "INSERT INTO pay_expr VALUES (1, '2027-12-31'); INSERT INTO bill_ym VALUES (1, '202712')",
    );
    assert_eq!(
        m.sql(&db, "SELECT COUNT(*) FROM pay_expr PARTITION (p202712)"),
        "1"
    );
    assert_eq!(
        m.sql(&db, "SELECT COUNT(*) FROM bill_ym PARTITION (p202712)"),
        "1"
    );
    // Rows already in the new year inside the catch-all block the split instead.
    let db2 = m.fresh_db("mshapes2");
    m.sql(&db2, &schema());
    m.sql(&db2, "INSERT INTO op_log VALUES (9, '2027-02-01')");
    let dir2 = scratch("mshapes2");
    let site2 = site_file_coded(&dir2, &m.url(&db2), &[&db2], &db2);
    let r = rollover("run", &p, &site2, &dir2.join("state"), &["--yes"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout.contains(&format!(
            "BLOCKED  {db2}.op_log: the tail partition p_max holds 1 rows for the new year"
        )),
        "{}",
        r.stdout
    );
}

/// A MAXVALUE partition holding 8,000 rows of July–December: the plan says REORGANIZE rewrites
/// them under a lock; above the site's max_rows_to_move the table waits for `--confirm`, and is
/// then extended with every row kept.
#[test]
fn rows_a_reorganize_rewrites_are_counted_and_above_the_limit_wait_for_confirmation() {
    let m = maria();
    let db = m.fresh_db("mcopy");
    m.sql(
        &db,
        "CREATE TABLE bill (id bigint NOT NULL, d date NOT NULL) PARTITION BY RANGE (TO_DAYS(d)) (\
           PARTITION p202605 VALUES LESS THAN (TO_DAYS('2026-06-01')), PARTITION p202606 VALUES LESS THAN (TO_DAYS('2026-07-01')),\
           PARTITION pmax VALUES LESS THAN MAXVALUE);\n\
         INSERT INTO bill SELECT seq, DATE_ADD('2026-07-01', INTERVAL seq MOD 180 DAY) FROM seq_1_to_8000;",
    );
    let dir = scratch("mcopy");
    let site = site_file_coded(&dir, &m.url(&db), &[&db], &db);
    let limited =
        std::fs::read_to_string(&site).unwrap() + "partitions:\n  max_rows_to_move: 5000\n";
    std::fs::write(&site, limited).unwrap();
    let p = write(
        &dir,
        "plan.yaml",
        "name: x\nmode: old_year_bills_usable\nsteps:\n  - id: partitions\n    kind: partitions\n",
    );
    let r = rollover("run", &p, &site, &dir.join("state"), &["--yes"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("REORGANIZE of pmax would rewrite 8000 rows")
            && r.stdout.contains("--confirm partitions"),
        "{}",
        r.all()
    );
    assert_eq!(
        m.partitions(&db, "bill").len(),
        3,
        "not extended without confirmation"
    );
    let r = rollover(
        "run",
        &p,
        &site,
        &dir.join("state"),
        &["--yes", "--confirm", "partitions"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout
            .contains("REORGANIZE rewrites all 8000 of its rows while the table is locked"),
        "{}",
        r.all()
    );
    assert_eq!(m.sql(&db, "SELECT COUNT(*) FROM bill"), "8000");
    assert_eq!(
        m.sql(&db, "SELECT COUNT(*) FROM bill PARTITION (pmax)"),
        "0"
    );
}

/// Where each partition of `table` lives: `name:directory` (`.` for the server's own).
fn directories(db: &str, table: &str) -> Vec<String> {
    maria()
        .sql(
            db,
            &format!(
                "SELECT CONCAT(SUBSTRING_INDEX(NAME, '#', -1), ':', IF(FILENAME LIKE './%', '.', \
                 SUBSTRING_INDEX(FILENAME, '/{db}/', 1))) FROM information_schema.INNODB_SYS_TABLESPACES \
                 WHERE NAME LIKE '{db}/{table}#P#%' ORDER BY NAME"
            ),
        )
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn new_partitions_go_where_their_siblings_files_are_and_the_tail_stays() {
    let m = maria();
    let db = m.fresh_db("mdirs");
    let dir = scratch("mdirs");
    let at = |d: &str| dir.join(d).display().to_string();
    for d in ["odd", "even", "hot", "tail"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    if is_root() {
        assert!(std::process::Command::new("chown")
            .args(["-R", "mysql"])
            .arg(&dir)
            .status()
            .unwrap()
            .success());
    }
    // December 2025 … December 2026, odd months in one directory and even in the other.
    let months = |home: &dyn Fn(u32) -> String| -> String {
        (0..=12)
            .map(|i| {
                let (y, m) = if i == 0 { (2025, 12) } else { (2026, i) };
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                format!(
                    "PARTITION p{y}{m:02} VALUES LESS THAN (TO_DAYS('{ny}-{nm:02}-01')) DATA DIRECTORY = '{}'",
                    home(m)
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rotating = months(&|m| at(if m % 2 == 1 { "odd" } else { "even" }));
    let hot = months(&|_| at("hot"));
    let table = |name: &str, parts: &str, tail: Option<&str>| {
        let tail = tail
            .map(|d| format!(", PARTITION pmax VALUES LESS THAN MAXVALUE DATA DIRECTORY = '{d}'"))
            .unwrap_or_default();
        format!("CREATE TABLE {name} (id bigint NOT NULL, d date NOT NULL) PARTITION BY RANGE (TO_DAYS(d)) ({parts}{tail});\n")
    };
    m.sql(
        &db,
        &[
            table("rotating", &rotating, None),
            table("together", &hot, Some(&at("hot"))),
            table("apart", &hot, Some(&at("tail"))),
            table(
                "homed",
                "PARTITION p202612 VALUES LESS THAN (TO_DAYS('2027-01-01'))",
                None,
            ),
        ]
        .concat(),
    );
    let site = site_file_coded(&dir, &m.url(&db), &[&db], &db);
    let p = write(
        &dir,
        "plan.yaml",
        "name: x\nmode: old_year_bills_usable\nsteps:\n  - id: partitions\n    kind: partitions\n",
    );
    let r = rollover("run", &p, &site, &dir.join("state"), &["--yes"]);
    assert_eq!(r.code, 1, "apart needs a person: {}", r.all());
    assert!(
        r.stdout
            .contains("REORGANIZE builds every new partition in pmax's directory")
            && r.stdout.contains(&at("tail")),
        "{}",
        r.all()
    );
    let rotating = directories(&db, "rotating");
    for m in 1..=12 {
        let line = format!(
            "p2027{m:02}:{}",
            at(if m % 2 == 1 { "odd" } else { "even" })
        );
        assert!(rotating.contains(&line), "{line} in {rotating:?}");
    }
    let together = directories(&db, "together");
    assert_eq!(together.len(), 26, "{together:?}");
    assert!(
        together
            .iter()
            .all(|l| l.ends_with(&format!(":{}", at("hot")))),
        "{together:?}"
    );
    let apart = directories(&db, "apart");
    assert_eq!(apart.len(), 14, "apart is not extended: {apart:?}");
    assert!(apart.contains(&format!("pmax:{}", at("tail"))), "{apart:?}");
    let homed = directories(&db, "homed");
    assert!(
        homed.len() == 13 && homed.iter().all(|l| l.ends_with(":.")),
        "siblings in the server's own directory: so are the new ones: {homed:?}"
    );

    // Without PROCESS the directories are not read, and the plan says so.
    m.sql(
        "",
        &format!(
            "CREATE USER 'noproc'@'127.0.0.1' IDENTIFIED BY '{PASSWORD}'; GRANT ALL ON {db}.* TO 'noproc'@'127.0.0.1';\
             CREATE TABLE {db}.later (id bigint NOT NULL, d date NOT NULL) PARTITION BY RANGE (TO_DAYS(d)) (\
             PARTITION p202612 VALUES LESS THAN (TO_DAYS('2027-01-01')));"
        ),
    );
    let site = site_file_coded(
        &dir.join("noproc"),
        &m.url(&db).replace(ADMIN, "noproc"),
        &[&db],
        &db,
    );
    let plan = rollover("plan", &p, &site, &dir.join("state2"), &[]);
    assert!(
        plan.stdout
            .contains("data directories (DATA DIRECTORY) were not read")
            && plan.stdout.contains("PROCESS"),
        "{}",
        plan.all()
    );
}

/// Each partition's COMMENT as the server keeps it: `p202701:…`, from information_schema.
fn comments(db: &str, table: &str) -> Vec<String> {
    maria()
        .sql(
            db,
            &format!(
                "SELECT CONCAT(PARTITION_NAME, ':', PARTITION_COMMENT) FROM information_schema.PARTITIONS \
                 WHERE TABLE_SCHEMA = '{db}' AND TABLE_NAME = '{table}' ORDER BY PARTITION_ORDINAL_POSITION"
            ),
        )
        .lines()
        .map(str::to_string)
        .collect()
}

/// A comment every recent sibling shares is carried to the new partitions (a comment that
/// reads like code to a careless lexer stays a string); a comment naming the month is a note;
/// the MAXVALUE partition REORGANIZE rebuilds keeps its own; a 2027 partition made by hand
/// without the shared comment is named, and verification fails on it.
#[test]
fn partition_comments_follow_the_siblings_and_the_tail_keeps_its_own() {
    let m = maria();
    let db = m.fresh_db("mcomments");
    let dir = scratch("mcomments");
    let parts = |comment: &dyn Fn(u32) -> String, tail: &str, through: u32| -> String {
        let mut out: Vec<String> = (10..=through)
            .map(|i| {
                let (y, mo) = (2026 + (i - 1) as i32 / 12, (i - 1) % 12 + 1);
                let (ny, nm) = if mo == 12 { (y + 1, 1) } else { (y, mo + 1) };
                format!(
                    "PARTITION p{y}{mo:02} VALUES LESS THAN (TO_DAYS('{ny}-{nm:02}-01')) COMMENT = '{}'",
                    comment(mo)
                )
            })
            .collect();
        if !tail.is_empty() {
            out.push(format!(
                "PARTITION pmax VALUES LESS THAN MAXVALUE COMMENT = '{tail}'"
            ));
        }
        out.join(", ")
    };
    let shared = "热数据 /*! DROP */ it''s";
    let table = |name: &str, parts: String| {
        format!("CREATE TABLE {name} (id bigint NOT NULL, d date NOT NULL) PARTITION BY RANGE (TO_DAYS(d)) ({parts});\n")
    };
    m.sql(
        &db,
        &[
            table("shared", parts(&|_| shared.into(), "冷备 MAXVALUE", 12)),
            table("monthly", parts(&|mo| format!("{mo}月"), "", 12)),
            table("bare_new", parts(&|_| "hot".into(), "", 13)),
        ]
        .concat(),
    );
    m.sql(&db, "ALTER TABLE bare_new REORGANIZE PARTITION p202701 INTO (PARTITION p202701 VALUES LESS THAN (TO_DAYS('2027-02-01')))");
    let site = site_file_coded(&dir, &m.url(&db), &[&db], &db);
    let p = write(
        &dir,
        "plan.yaml",
        "name: x\nmode: old_year_bills_usable\nsteps:\n  - id: partitions\n    kind: partitions\n",
    );
    let plan = rollover("plan", &p, &site, &dir.join("state"), &["-v"]);
    assert!(
        plan.stdout.contains("COMMENT = '热数据 /*! DROP */ it''s'")
            && plan.stdout.contains("MAXVALUE COMMENT = '冷备 MAXVALUE')"),
        "{}",
        plan.all()
    );
    assert!(
        plan.stdout.contains("`comment` differs child by child"),
        "{}",
        plan.all()
    );
    let r = rollover("run", &p, &site, &dir.join("state"), &["--yes"]);
    assert_eq!(r.code, 1, "bare_new's p202701 differs: {}", r.all());
    assert!(
        r.stdout.lines().any(|l| l.contains("verify:")
            && l.contains(&format!(
                "{db}.bare_new: p202701 lacks `comment = COMMENT = 'hot'`"
            ))),
        "{}",
        r.all()
    );
    let got = comments(&db, "shared");
    let want_shared = "热数据 /*! DROP */ it's";
    for mo in 1..=12 {
        let line = format!("p2027{mo:02}:{want_shared}");
        assert!(got.contains(&line), "{line} in {got:?}");
    }
    assert_eq!(got.last().unwrap(), "pmax:冷备 MAXVALUE", "{got:?}");
    let monthly = comments(&db, "monthly");
    assert!(monthly.contains(&"p202701:".to_string()), "{monthly:?}");
}
