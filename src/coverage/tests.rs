//! The pure decisions of `coverage`, table-driven.

use super::extend::derive_name;
use super::*;
use crate::model::catalog::Partition;
use chrono::Datelike;
use chrono::NaiveDate;

fn ymd(y: i32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, 1).unwrap()
}

fn date(y: i32, m: u32) -> Bound {
    Bound::Date(NaiveDate::from_ymd_opt(y, m, 1).unwrap())
}

fn pg_table(months: &[u32], default: bool) -> Table {
    let mut partitions: Vec<Partition> = months
        .iter()
        .map(|m| Partition {
            name: format!("bill_p2026{m:02}"),
            lower: Some(date(2026, *m)),
            upper: if *m == 12 {
                date(2027, 1)
            } else {
                date(2026, m + 1)
            },
            is_default: false,
            tablespace: None,
            subpartitioned: false,
            default_bytes: None,
            high_value: None,
            carried: None,
        })
        .collect();
    if default {
        partitions.push(Partition {
            name: "bill_default".into(),
            lower: None,
            upper: Bound::Max,
            is_default: true,
            tablespace: None,
            subpartitioned: false,
            default_bytes: None,
            high_value: None,
            carried: None,
        });
    }
    Table {
        schema: "einv".into(),
        name: "bill".into(),
        strategy: "range".into(),
        key_columns: vec!["issue_date".into()],
        key_type: "date".into(),
        key_expression: None,
        interval: None,
        partitions,
        ..Default::default()
    }
}

fn target(fill: bool) -> Target<'static> {
    static TS: [String; 2] = [String::new(), String::new()];
    static NONE: std::sync::LazyLock<HashSet<String>> = std::sync::LazyLock::new(HashSet::new);
    Target {
        year: 2027,
        dialect: Dialect::Postgres,
        tablespace_rule: None,
        fill_gaps: fill,
        tablespaces: &TS,
        taken_names: &NONE,
        name_limit: 63,
        connected_as: None,
        zone: ("Asia/Shanghai", 8 * 3600),
        stated: None,
        excluded: None,
    }
}

#[test]
fn a_full_year_gets_twelve_new_months_named_after_its_pattern() {
    let all: Vec<u32> = (1..=12).collect();
    let Verdict::Extend(e) = analyze(&pg_table(&all, true), &target(false)) else {
        panic!()
    };
    assert_eq!(e.new.len(), 12);
    assert_eq!(e.new[0].name, "bill_p202701");
    assert_eq!(e.new[0].lower, date(2027, 1));
    assert_eq!(e.new[11].upper, date(2028, 1));
    assert_eq!(e.tail.as_deref(), Some("bill_default"));
}

#[test]
fn gaps_are_reported_or_filled() {
    let months: Vec<u32> = (1..=12).filter(|m| *m != 6).collect();
    let Verdict::Extend(e) = analyze(&pg_table(&months, false), &target(false)) else {
        panic!()
    };
    assert_eq!(e.gaps.labels, vec!["202606"]);
    assert_eq!(e.gaps.fillers[0].name, "bill_p202606");
    assert_eq!(e.new.len(), 12);
    let Verdict::Extend(e) = analyze(&pg_table(&months, false), &target(true)) else {
        panic!()
    };
    assert_eq!(e.new[0].name, "bill_p202606");
    assert_eq!(e.new.len(), 13);
}

#[test]
fn yearly_tables_extend_by_year_and_bad_names_go_to_review() {
    let mut t = pg_table(&[1], false);
    t.partitions[0].name = "bill_y2026".into();
    t.partitions[0].upper = date(2027, 1);
    let Verdict::Extend(e) = analyze(&t, &target(false)) else {
        panic!("{:?}", analyze(&t, &target(false)))
    };
    assert_eq!((e.period, e.new.len()), (Period::Year, 1));
    assert_eq!(
        (e.new[0].name.as_str(), e.new[0].upper.clone()),
        ("bill_y2027", date(2028, 1))
    );
    let mut t = pg_table(&[12], false);
    t.partitions[0].name = "bill_last".into();
    let v = analyze(&t, &target(false));
    assert!(
        matches!(&v, Verdict::Review { reason, .. } if reason.contains("无法从 `bill_last` 推出新分区名")),
        "{v:?}"
    );
}

/// A table from (name, lower, upper) triples with the given key.
fn shaped(key_type: &str, expr: Option<&str>, parts: Vec<(&str, Option<Bound>, Bound)>) -> Table {
    Table {
        schema: "einv".into(),
        name: "t".into(),
        strategy: "range".into(),
        key_columns: vec!["k".into()],
        key_type: key_type.into(),
        key_expression: expr.map(str::to_string),
        partitions: parts
            .into_iter()
            .map(|(name, lower, upper)| Partition {
                name: name.into(),
                lower,
                upper,
                is_default: false,
                tablespace: None,
                subpartitioned: false,
                default_bytes: None,
                high_value: None,
                carried: None,
            })
            .collect(),
        ..Default::default()
    }
}

fn day(y: i32, m: u32, d: u32) -> Bound {
    Bound::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

fn on(dialect: Dialect) -> Target<'static> {
    Target {
        dialect,
        ..target(false)
    }
}

#[test]
fn daily_and_quarterly_tables_extend_by_their_own_period() {
    let t = shaped(
        "date",
        None,
        vec![
            ("log_20261230", Some(day(2026, 12, 30)), day(2026, 12, 31)),
            ("log_20261231", Some(day(2026, 12, 31)), day(2027, 1, 1)),
        ],
    );
    let Verdict::Extend(e) = analyze(&t, &target(false)) else {
        panic!()
    };
    assert_eq!((e.period, e.new.len()), (Period::Day, 365));
    assert_eq!(e.new[0].name, "log_20270101");
    assert_eq!(e.new[364].upper, day(2028, 1, 1));
    let q = shaped(
        "integer",
        None,
        vec![
            ("q_2026q3", Some(Bound::Int(20260701)), Bound::Int(20261001)),
            ("q_2026q4", Some(Bound::Int(20261001)), Bound::Int(20270101)),
        ],
    );
    let Verdict::Extend(e) = analyze(&q, &target(false)) else {
        panic!()
    };
    assert_eq!((e.period, e.key), (Period::Quarter, KeyCodec::IntYyyymmdd));
    let names: Vec<&str> = e.new.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["q_2027q1", "q_2027q2", "q_2027q3", "q_2027q4"]);
}

#[test]
fn a_catch_all_tail_is_split_or_blocks_and_is_never_covered() {
    let parts = |lower: fn(i32, u32, u32) -> Option<Bound>| {
        vec![
            ("p202611", lower(2026, 11, 1), day(2026, 12, 1)),
            ("p202612", lower(2026, 12, 1), day(2027, 1, 1)),
            ("p_max", lower(2027, 1, 1), day(2100, 1, 1)),
        ]
    };
    let upper_only = shaped("date", None, parts(|_, _, _| None));
    let Verdict::Extend(e) = analyze(&upper_only, &on(Dialect::Oracle)) else {
        panic!()
    };
    assert_eq!(e.tail.as_deref(), Some("p_max"));
    assert_eq!(e.tail_upper, Some(day(2100, 1, 1)));
    assert_eq!((e.new.len(), e.new[0].name.as_str()), (12, "p202701"));
    let pg = shaped("date", None, parts(|y, m, d| Some(day(y, m, d))));
    let v = analyze(&pg, &on(Dialect::Postgres));
    assert!(
        matches!(&v, Verdict::Blocked { reason, .. } if reason.contains("只由兜底分区 p_max")),
        "{v:?}"
    );
    // Pre-created far ahead, period by period: simply covered.
    let mut ahead: Vec<(String, Option<Bound>, Bound)> = Vec::new();
    let mut d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    while d.year() < 2031 {
        let n = Period::Month.next(d);
        ahead.push((
            format!("p{}", Period::Month.label(d)),
            Some(Bound::Date(d)),
            Bound::Date(n),
        ));
        d = n;
    }
    let refs = ahead
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.clone(), c.clone()))
        .collect();
    assert!(matches!(
        analyze(&shaped("date", None, refs), &target(false)),
        Verdict::Covered { .. }
    ));
}

#[test]
fn gaps_are_never_before_a_tables_first_partition() {
    let t = shaped(
        "date",
        None,
        vec![
            ("p202609", Some(day(2026, 9, 1)), day(2026, 10, 1)),
            ("p202611", Some(day(2026, 11, 1)), day(2026, 12, 1)),
            ("p202612", Some(day(2026, 12, 1)), day(2027, 1, 1)),
        ],
    );
    let Verdict::Extend(e) = analyze(&t, &target(true)) else {
        panic!()
    };
    assert_eq!(
        e.new[0].name, "p202610",
        "the hole in October is filled, nothing before September"
    );
    assert_eq!(e.new.len(), 13);
}

#[test]
fn key_shapes_read_right_or_say_what_to_write() {
    let ym = |y: i32, m: u32| Bound::Text(format!("{y}{m:02}"));
    let t = shaped(
        "character varying(6)",
        None,
        vec![
            ("p202611", Some(ym(2026, 11)), ym(2026, 12)),
            ("p202612", Some(ym(2026, 12)), ym(2027, 1)),
        ],
    );
    let Verdict::Extend(e) = analyze(&t, &target(false)) else {
        panic!()
    };
    assert_eq!(
        (e.key, e.new[11].upper.clone()),
        (KeyCodec::TextYyyymm, ym(2028, 1))
    );
    // Id ranges: reported, not a failure.
    let ids = shaped(
        "bigint",
        None,
        vec![
            ("p1", Some(Bound::Int(0)), Bound::Int(1_000_000)),
            ("p2", Some(Bound::Int(1_000_000)), Bound::Int(2_000_000)),
        ],
    );
    assert!(matches!(
        analyze(&ids, &target(false)),
        Verdict::NotTimePartitioned { .. }
    ));
    // Epoch seconds at Shanghai midnights: never guessed; stated, extended.
    let epoch = |y: i32, m: u32| {
        KeyCodec::EpochSeconds {
            offset_secs: 8 * 3600,
        }
        .encode(NaiveDate::from_ymd_opt(y, m, 1).unwrap())
        .unwrap()
    };
    let e_t = shaped(
        "bigint",
        None,
        vec![
            ("p202611", Some(epoch(2026, 11)), epoch(2026, 12)),
            ("p202612", Some(epoch(2026, 12)), epoch(2027, 1)),
        ],
    );
    let v = analyze(&e_t, &target(false));
    assert!(
        matches!(&v, Verdict::Blocked { hint: Some(h), .. } if h.contains("einv.t: \"epoch_seconds\"")),
        "{v:?}"
    );
    let stated = Target {
        stated: Some(StatedFormat::parse("epoch_seconds").unwrap()),
        ..target(false)
    };
    let Verdict::Extend(e) = analyze(&e_t, &stated) else {
        panic!()
    };
    assert_eq!(e.new[0].upper, epoch(2027, 2));
}

#[test]
fn timestamptz_at_another_zones_midnight_goes_to_review_with_the_site_line() {
    let utc = |y: i32, m: u32| {
        KeyCodec::TimestampTz { offset_secs: 0 }
            .encode(NaiveDate::from_ymd_opt(y, m, 1).unwrap())
            .unwrap()
    };
    let t = shaped(
        "timestamp with time zone",
        None,
        vec![
            ("p202611", Some(utc(2026, 11)), utc(2026, 12)),
            ("p202612", Some(utc(2026, 12)), utc(2027, 1)),
        ],
    );
    let v = analyze(&t, &target(false));
    assert!(
        matches!(&v, Verdict::Review { reason, covered: false } if reason.contains("UTC+00:00") && reason.contains("einv.t: \"timestamptz +00:00\"")),
        "{v:?}"
    );
    let accepted = Target {
        stated: Some(StatedFormat::parse("timestamptz +00:00").unwrap()),
        ..target(false)
    };
    let Verdict::Extend(e) = analyze(&t, &accepted) else {
        panic!()
    };
    assert_eq!(e.new[0].upper, utc(2027, 2), "continued at UTC midnight");
    let cst = |y: i32, m: u32| {
        KeyCodec::TimestampTz {
            offset_secs: 8 * 3600,
        }
        .encode(NaiveDate::from_ymd_opt(y, m, 1).unwrap())
        .unwrap()
    };
    let local = shaped(
        "timestamp with time zone",
        None,
        vec![("p202612", Some(cst(2026, 12)), cst(2027, 1))],
    );
    assert!(matches!(
        analyze(&local, &target(false)),
        Verdict::Extend(_)
    ));
}

#[test]
fn a_single_partition_with_only_an_upper_bound_reads_its_period_from_its_name() {
    let t = shaped(
        "date",
        Some("to_days(`k`)"),
        vec![(
            "p202612",
            None,
            Bound::Int(crate::model::key_codec::to_days(
                NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            )),
        )],
    );
    let Verdict::Extend(e) = analyze(&t, &on(Dialect::Mysql)) else {
        panic!("{:?}", analyze(&t, &on(Dialect::Mysql)))
    };
    assert_eq!(
        (e.period, e.new[0].name.as_str(), e.new.len()),
        (Period::Month, "p202701", 12)
    );
}

#[test]
fn missing_tablespace_and_name_clash_block() {
    let mut t = target(false);
    t.tablespace_rule = Some("einv_{year}");
    let v = analyze(&pg_table(&[12], false), &t);
    assert!(
        matches!(&v, Verdict::Blocked { reason, .. } if reason.contains("einv_2027")),
        "{v:?}"
    );
    let names: HashSet<String> = ["bill_p202701".to_string()].into();
    let t = Target {
        taken_names: &names,
        ..target(false)
    };
    assert!(matches!(
        analyze(&pg_table(&[12], false), &t),
        Verdict::Blocked { .. }
    ));
}

#[test]
fn names_by_upper_bound_convention_and_day_forms() {
    let r = Range {
        name: "P20261201".into(),
        lo: Some(ymd(2026, 12)),
        hi: ymd(2027, 1),
    };
    assert_eq!(
        derive_name(&r, Period::Month, ymd(2027, 1)).as_deref(),
        Some("P20270101")
    );
    let r = Range {
        name: "LOG_2027_01".into(),
        lo: Some(ymd(2026, 12)),
        hi: ymd(2027, 1),
    };
    assert_eq!(
        derive_name(&r, Period::Month, ymd(2027, 1)).as_deref(),
        Some("LOG_2027_02")
    );
}

#[test]
fn the_coverage_picture_says_how_each_month_is_held() {
    // March missing in the closing year, no tail: M there, the new year added.
    let months: Vec<u32> = (1..=12).filter(|m| *m != 3).collect();
    let t = pg_table(&months, false);
    let m = analyze_pictured(&t, &target(false)).1.unwrap();
    assert_eq!(m.cells, "EEMEEEEEEEEEAAAAAAAAAAAA");
    assert!(m.days.is_empty(), "monthly, every month whole or empty");
    // With a DEFAULT partition the missing month falls into it: T.
    let t = pg_table(&months, true);
    let m = analyze_pictured(&t, &target(false)).1.unwrap();
    assert_eq!(&m.cells[..12], "EETEEEEEEEEE");
    assert_eq!(months::blocked(&m).cells, "EETEEEEEEEEEBBBBBBBBBBBB");
    // Covered through next December: all E. Not range-partitioned: no picture.
    let t = pg_table(&(1..=12).collect::<Vec<_>>(), false);
    let mut next = t.clone();
    next.partitions.iter_mut().for_each(|p| {
        if let (Some(Bound::Date(lo)), Bound::Date(hi)) = (&p.lower, &p.upper) {
            p.lower = Some(Bound::Date(lo.with_year(lo.year() + 1).unwrap()));
            p.upper = Bound::Date(hi.with_year(hi.year() + 1).unwrap());
            p.name.push('x');
        }
    });
    let mut both = t.clone();
    both.partitions.extend(next.partitions);
    assert_eq!(
        analyze_pictured(&both, &target(false)).1.unwrap().cells,
        "EEEEEEEEEEEEEEEEEEEEEEEE"
    );
    let mut hash = t;
    hash.strategy = "hash".into();
    assert_eq!(analyze_pictured(&hash, &target(false)).1, None);
}

#[test]
fn a_daily_table_shows_how_many_days_each_month_holds() {
    // Daily partitions from 2026-12-01 only: December 2026 whole, the new year added day by day.
    let parts: Vec<(String, Option<Bound>, Bound)> = (1..=31)
        .map(|d| {
            let lo = NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
            let hi = lo.succ_opt().unwrap();
            (
                format!("p{}", lo.format("%Y%m%d")),
                Some(Bound::Date(lo)),
                Bound::Date(hi),
            )
        })
        .collect();
    let refs: Vec<(&str, Option<Bound>, Bound)> = parts
        .iter()
        .map(|(n, lo, hi)| (n.as_str(), lo.clone(), hi.clone()))
        .collect();
    let t = shaped("date", None, refs);
    let m = analyze_pictured(&t, &on(Dialect::Postgres)).1.unwrap();
    assert_eq!(m.days.len(), 24, "a daily table says its days");
    assert_eq!(m.days[11], (31, 0), "December 2026: 31 days existed");
    assert_eq!(m.days[12], (0, 31), "January 2027: 31 days added");
    assert_eq!(m.days[13], (0, 28), "February 2027: 28 days added");
    assert_eq!(m.days[0], (0, 0));
}
