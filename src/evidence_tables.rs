//! The report's table-by-table view of a partitions step: which table got which periods, where,
//! and why the others did not — read from the step's inspection record in the journal.

use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Serialize)]
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
        verdict: String::new(),
        added: String::new(),
        tablespace: String::new(),
        note: text(&v, "reason"),
        attention: false,
    };
    r.verdict = match kind.as_str() {
        "extend" => {
            let new = v
                .get("new")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let label = |p: Option<&Value>| p.map(|p| text(p, "label")).unwrap_or_default();
            r.added = format!(
                "{} … {}（{} 个）",
                label(new.first()),
                label(new.last()),
                new.len()
            );
            let mut spaces: Vec<String> = new
                .iter()
                .map(|p| text(p, "tablespace"))
                .filter(|s| !s.is_empty())
                .collect();
            spaces.dedup();
            r.tablespace = spaces.join("、");
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
}
