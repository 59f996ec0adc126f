//! The report's object-by-object views, read from the records the steps journal: each table of a
//! partitions step (which periods it got, where, and why the others did not) and each bill type
//! of a stock step (stock, usage basis, projection, shortfall).

use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Default, Serialize)]
pub struct TableRow {
    pub table: String,
    /// 扩展, 已覆盖, 需复核, 受阻, 非时间分区, 已排除, 普通表.
    pub verdict: String,
    /// `202701 … 202712（12 个）`, or empty.
    pub added: String,
    pub tablespace: String,
    /// The reason, for a table that is not simply extended or covered.
    pub note: String,
    /// Needs a person (blocked, or review without coverage).
    pub attention: bool,
    /// The coverage picture's 24 month cells (`coverage::months`), empty when not read.
    pub months: String,
    /// Per month (days held before the run, days it adds), for daily tables and months held in
    /// part; empty otherwise.
    pub month_days: Vec<(u8, u8)>,
    /// The inspection's new partitions: name, label, tablespace.
    #[serde(skip)]
    pub new: Vec<[String; 3]>,
    /// What this rollover created in the table: (run, partitions), oldest run first.
    pub created: Vec<(usize, usize)>,
    /// Per month cell, the run that added it (0: none).
    #[serde(skip)]
    pub cell_runs: Vec<usize>,
}

/// `202701 … 202712（12 个）`: the first and last period of `n` new partitions.
pub fn span(first: &str, last: &str, n: usize) -> String {
    format!("{first} … {last}（{n} 个）")
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The rows of one inspection record's `figures.tables`.
pub fn rows(figures: &Value) -> Vec<TableRow> {
    let Some(tables) = figures.get("tables").and_then(Value::as_array) else {
        return Vec::new();
    };
    tables.iter().map(row).collect()
}

fn row(t: &Value) -> TableRow {
    let v = t.get("verdict").cloned().unwrap_or(Value::Null);
    let kind = text(&v, "verdict");
    let mut r = TableRow {
        table: text(t, "table"),
        note: text(&v, "reason"),
        months: text(t, "months"),
        month_days: t
            .get("month_days")
            .and_then(Value::as_array)
            .map(|days| {
                days.iter()
                    .map(|d| {
                        let n = |i: usize| d.get(i).and_then(Value::as_u64).unwrap_or(0) as u8;
                        (n(0), n(1))
                    })
                    .collect()
            })
            .unwrap_or_default(),
        ..TableRow::default()
    };
    r.verdict = match kind.as_str() {
        "extend" => {
            let new = v
                .get("new")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            // Each new partition: [name, label, tablespace] (objects in older journals).
            let field = |p: &Value, key: &str, at: usize| match p {
                Value::Array(a) => a
                    .get(at)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                _ => text(p, key),
            };
            let label = |p: Option<&Value>| p.map(|p| field(p, "label", 1)).unwrap_or_default();
            r.added = span(&label(new.first()), &label(new.last()), new.len());
            let mut spaces: Vec<String> = new
                .iter()
                .map(|p| field(p, "tablespace", 2))
                .filter(|s| !s.is_empty())
                .collect();
            spaces.dedup();
            r.tablespace = spaces.join("、");
            r.new = new
                .iter()
                .map(|p| {
                    [
                        field(p, "name", 0),
                        field(p, "label", 1),
                        field(p, "tablespace", 2),
                    ]
                })
                .collect();
            "扩展"
        }
        "covered" => "已覆盖",
        "review" => {
            r.attention = v.get("covered").and_then(Value::as_bool) == Some(false);
            "需复核"
        }
        "blocked" => {
            r.attention = true;
            "受阻"
        }
        "not_time_partitioned" => "非时间分区",
        "excluded" => "已排除",
        "not_partitioned" => "普通表",
        _ => "",
    }
    .to_string();
    r
}

/// One bill type of a stock step, as the auditor reads it.
#[derive(Debug, Clone, Serialize)]
pub struct BillTypeRow {
    pub code: String,
    pub name: String,
    pub ok: bool,
    /// Stocked (入库) and valid over the period covered.
    pub stock: String,
    pub not_stocked: String,
    /// `400 张/天（最忙一周）`: the daily usage the projection used, and its basis.
    pub usage: String,
    /// `12-01 … 01-15（46 天）`.
    pub period: String,
    pub projected: String,
    pub shortfall: String,
}

fn number(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_i64)
        .map(|n| n.to_string())
        .unwrap_or_default()
}

/// The rows of one stock record's `figures.bill_types`.
pub fn bill_types(figures: &Value) -> Vec<BillTypeRow> {
    let Some(types) = figures.get("bill_types").and_then(Value::as_array) else {
        return Vec::new();
    };
    types
        .iter()
        .map(|t| {
            let p = t.get("projection").cloned().unwrap_or(Value::Null);
            let basis = match text(&p, "basis").as_str() {
                "recent" => "近期日均",
                "busiest_week" => "最忙一周",
                "last_year" => "去年同期",
                _ => "",
            };
            let per_day = match text(&p, "basis").as_str() {
                "busiest_week" => p.get("busiest_week_per_day"),
                _ => p.get("recent_per_day"),
            }
            .and_then(Value::as_f64);
            let short = |d: String| d.get(5..).unwrap_or_default().to_string();
            BillTypeRow {
                code: text(t, "type_code"),
                name: text(t, "type_name"),
                ok: t.get("ok").and_then(Value::as_bool).unwrap_or(false),
                stock: number(t, "stock"),
                not_stocked: number(t, "not_stocked"),
                usage: match per_day {
                    Some(d) if !p.is_null() => format!("{d:.0} 张/天（{basis}）"),
                    _ => String::new(),
                },
                period: if p.is_null() {
                    String::new()
                } else {
                    format!(
                        "{} … {}（{} 天）",
                        short(text(&p, "from")),
                        short(text(&p, "until")),
                        number(&p, "days")
                    )
                },
                projected: number(&p, "projected"),
                shortfall: number(t, "shortfall"),
            }
        })
        .collect()
}

/// One clock host of a clock step.
#[derive(Debug, Clone, Serialize)]
pub struct HostRow {
    pub host: String,
    pub ok: bool,
    /// 正常 / 漂移 / 超差 / 时区错误 / 未测得.
    pub verdict: String,
    /// `+0.012 s ± 0.004 s`, or the reason it was not measured.
    pub offset: String,
    pub zone: String,
    pub method: String,
}

/// A host's record (`clock <host>`, figures = the host reading).
pub fn host(figures: &Value) -> HostRow {
    let verdict = match text(figures, "verdict").as_str() {
        "ok" => "正常",
        "drifting" => "漂移（一般）",
        "too_far" => "超差",
        "wrong_zone" => "时区错误",
        "not_measured" => "未测得",
        other => other,
    }
    .to_string();
    let offset = match figures.get("offset_s").and_then(Value::as_f64) {
        Some(o) => format!(
            "{o:+.3} s ± {:.3} s",
            figures
                .get("uncertainty_s")
                .and_then(Value::as_f64)
                .unwrap_or(0.0)
        ),
        None => text(figures, "error"),
    };
    let zone = figures
        .get("zone")
        .filter(|z| !z.is_null())
        .map(|z| {
            let secs = z.get("offset_s").and_then(Value::as_i64).unwrap_or(0) as i32;
            let off = crate::model::time::offset_text(secs);
            match z.get("name").and_then(Value::as_str) {
                Some(n) => format!("{n}（{off}）"),
                None => off,
            }
        })
        .unwrap_or_default();
    HostRow {
        host: text(figures, "host"),
        ok: figures
            .get("passed")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        verdict,
        offset,
        zone,
        method: crate::clock::method_zh(&text(figures, "method")),
    }
}

/// One bill type of a templates step: its print and display templates.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateRow {
    pub code: String,
    pub name: String,
    pub ok: bool,
    /// `已同步（P-2026.3）` or `未同步`.
    pub print: String,
    pub display: String,
}

/// The rows of one templates record's `figures.bill_types`.
pub fn templates(figures: &Value) -> Vec<TemplateRow> {
    let Some(types) = figures.get("bill_types").and_then(Value::as_array) else {
        return Vec::new();
    };
    let shown = |t: &Value, synced: &str, version: &str| {
        if t.get(synced).and_then(Value::as_bool) == Some(true) {
            match t.get(version).and_then(Value::as_str) {
                Some(v) => format!("已同步（{v}）"),
                None => "已同步".to_string(),
            }
        } else {
            "未同步".to_string()
        }
    };
    types
        .iter()
        .map(|t| TemplateRow {
            code: text(t, "type_code"),
            name: text(t, "type_name"),
            ok: [t.get("print_synced"), t.get("display_synced")]
                .iter()
                .all(|v| v.and_then(Value::as_bool) == Some(true)),
            print: shown(t, "print_synced", "print_version"),
            display: shown(t, "display_synced", "display_version"),
        })
        .collect()
}

/// The state of a tablespace the inspection plans to create.
pub const PLANNED: &str = "新建";

/// A tablespace of a tablespaces step: next year's beside this year's, where and how big.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TablespaceRow {
    /// This year's tablespace it is modelled on (empty for one that already existed).
    pub from: String,
    pub name: String,
    /// 新建 (planned by this step) or 已存在.
    pub state: String,
    pub location: String,
    /// Each datafile: name, size, autoextend (Oracle); empty for a PostgreSQL directory.
    pub files: Vec<String>,
    /// The run of this rollover that created it.
    pub created_run: Option<usize>,
}

fn bytes_text(n: u64) -> String {
    const UNITS: [(&str, u64); 4] = [
        ("T", 1 << 40),
        ("G", 1 << 30),
        ("M", 1 << 20),
        ("K", 1 << 10),
    ];
    for (unit, size) in UNITS {
        if n >= size && n.is_multiple_of(size) {
            return format!("{} {unit}B", n / size);
        }
    }
    format!("{n} B")
}

fn file_text(f: &Value) -> String {
    let path = text(f, "path");
    let path = if path.is_empty() {
        "（Oracle 自动管理文件）".to_string()
    } else {
        path
    };
    let size = f.get("size_bytes").and_then(Value::as_u64).unwrap_or(0);
    let grow = match f.get("autoextend") {
        Some(a) if a.is_object() => {
            let next = a.get("next_bytes").and_then(Value::as_u64).unwrap_or(0);
            let max = a
                .get("max_bytes")
                .and_then(Value::as_u64)
                .map_or("不限".to_string(), bytes_text);
            format!("自动扩展，每次 {}，上限 {max}", bytes_text(next))
        }
        _ => "不自动扩展".to_string(),
    };
    format!("{path}：{}，{grow}", bytes_text(size))
}

/// The rows of one tablespaces inspection record (`figures.planned` and `figures.already`).
pub fn tablespaces(figures: &Value) -> Vec<TablespaceRow> {
    let list = |key: &str| {
        figures
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let mut rows: Vec<TablespaceRow> = list("planned")
        .iter()
        .map(|p| {
            let files = p
                .pointer("/storage/Datafiles/files")
                .and_then(Value::as_array)
                .map(|fs| fs.iter().map(file_text).collect())
                .unwrap_or_default();
            TablespaceRow {
                from: text(p, "from"),
                name: text(p, "name"),
                state: PLANNED.into(),
                location: text(p, "location"),
                files,
                created_run: None,
            }
        })
        .collect();
    rows.extend(
        list("already")
            .iter()
            .filter_map(Value::as_str)
            .map(|name| TablespaceRow {
                from: String::new(),
                name: name.to_string(),
                state: "已存在".into(),
                ..TablespaceRow::default()
            }),
    );
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_verdict_becomes_a_row_a_person_reads() {
        let figures = json!({"tables": [
            {"table": "einv.bill", "verdict": {"verdict": "extend", "new": [
                {"name": "bill_p202701", "label": "202701", "tablespace": "ts_2027"},
                {"name": "bill_p202712", "label": "202712", "tablespace": "ts_2027"}]}},
            {"table": "einv.log", "verdict": {"verdict": "covered", "gaps": {"labels": []}}},
            {"table": "einv.odd", "verdict": {"verdict": "blocked", "reason": "owner EINV has no quota"}},
            {"table": "einv.dict", "verdict": {"verdict": "not_partitioned"}}
        ]});
        let r = rows(&figures);
        assert_eq!(r[0].added, "202701 … 202712（2 个）");
        assert_eq!(r[0].tablespace, "ts_2027");
        assert_eq!(
            (r[1].verdict.as_str(), r[2].verdict.as_str()),
            ("已覆盖", "受阻")
        );
        assert!(r[2].attention && r[2].note.contains("quota"));
        assert_eq!(r[3].verdict, "普通表");
    }

    #[test]
    fn hosts_show_offset_uncertainty_and_zone() {
        let h = host(
            &json!({"host": "database", "method": "database clock, RTT-corrected", "offset_s": 0.0123,
            "uncertainty_s": 0.004, "zone": {"name": "Asia/Shanghai", "offset_s": 28800}, "verdict": "ok", "passed": true}),
        );
        assert_eq!(h.offset, "+0.012 s ± 0.004 s");
        assert_eq!(h.zone, "Asia/Shanghai（+08:00）");
        assert_eq!(h.verdict, "正常");
        assert_eq!(h.method, "数据库时钟，已按往返时延校正");
        let silent = host(
            &json!({"host": "ssh:app1", "error": "ssh: timed out", "verdict": "not_measured", "passed": false, "zone": null}),
        );
        assert_eq!(
            (silent.offset.as_str(), silent.verdict.as_str()),
            ("ssh: timed out", "未测得")
        );
    }

    #[test]
    fn bill_types_show_stock_usage_projection_and_shortfall() {
        let figures = json!({"bill_types": [
            {"type_code": "MZ", "type_name": "门诊收费票据", "ok": false, "stock": 22080, "not_stocked": 0,
             "projection": {"from": "2026-12-01", "until": "2027-01-15", "days": 46, "recent_per_day": 400.0,
                            "busiest_week_per_day": 600.0, "basis": "last_year", "projected": 29520},
             "shortfall": 7440}
        ]});
        let r = &bill_types(&figures)[0];
        assert_eq!(
            (r.stock.as_str(), r.projected.as_str(), r.shortfall.as_str()),
            ("22080", "29520", "7440")
        );
        assert_eq!(r.period, "12-01 … 01-15（46 天）");
        assert_eq!(r.usage, "400 张/天（去年同期）");
    }

    #[test]
    fn tablespaces_show_files_sizes_and_autoextend() {
        let figures = json!({
            "planned": [{"from": "EINV_DATA_2026", "name": "EINV_DATA_2027", "location": "/u01/oradata",
                "storage": {"Datafiles": {"bigfile": false, "block_size": null, "files": [
                    {"path": "/u01/oradata/einv_data_2027_01.dbf", "size_bytes": 2147483648u64,
                     "autoextend": {"next_bytes": 104857600, "max_bytes": 34359738368u64}},
                    {"path": null, "size_bytes": 1048576000, "autoextend": null}]}}}],
            "already": ["EINV_IDX_2027"],
        });
        let rows = tablespaces(&figures);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].state, "新建");
        assert_eq!(
            rows[0].files,
            vec![
                "/u01/oradata/einv_data_2027_01.dbf：2 GB，自动扩展，每次 100 MB，上限 32 GB",
                "（Oracle 自动管理文件）：1000 MB，不自动扩展"
            ]
        );
        assert_eq!(
            (rows[1].name.as_str(), rows[1].state.as_str()),
            ("EINV_IDX_2027", "已存在")
        );
        assert!(tablespaces(&json!({"tables": []})).is_empty());
    }

    #[test]
    fn templates_show_print_and_display_per_bill_type() {
        let rows = templates(&json!({"bill_types": [
            {"type_code": "0101", "type_name": "门诊", "print_synced": true, "display_synced": false,
             "print_version": "P-2027.1", "display_version": null}]}));
        assert_eq!(rows[0].print, "已同步（P-2027.1）");
        assert_eq!(rows[0].display, "未同步");
        assert!(!rows[0].ok);
    }

    #[test]
    fn new_partitions_read_in_both_journal_forms() {
        let row = |new: Value| {
            rows(&json!({"tables": [{"table": "einv.bill", "verdict": {"verdict": "extend", "new": new}}]}))
                .remove(0)
        };
        let arrays = row(json!([
            ["p202701", "202701", "d2027"],
            ["p202702", "202702", "d2027"]
        ]));
        let objects = row(json!([
            {"name": "p202701", "label": "202701", "tablespace": "d2027"},
            {"name": "p202702", "label": "202702", "tablespace": "d2027"}
        ]));
        for r in [arrays, objects] {
            assert_eq!(r.added, "202701 … 202702（2 个）");
            assert_eq!(r.tablespace, "d2027");
        }
    }
}
