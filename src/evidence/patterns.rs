//! The HTML report's statement list, kept under a megabyte at 300 tables: statements that differ
//! only in their numbers (periods, bounds) are one row — the pattern with `…` where the numbers
//! go, how many, their outcomes, the first and the last statement in full. A statement that did
//! not succeed is always shown whole. The full list is in `report.md`, the journal and the bundle.

use super::{Statement, StepRow};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Pattern {
    pub step: String,
    /// The statement with each run of digits as `…`.
    pub pattern: String,
    pub count: usize,
    pub ok: usize,
    pub first: String,
    pub last: String,
    /// Sum of their durations.
    pub ms: u64,
    /// The run(s) they were sent in: `1`, `1、2`.
    pub runs: String,
}

/// A statement with every run of digits replaced by `…`.
fn shape(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut in_digits = false;
    for c in sql.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('…');
            }
            in_digits = true;
        } else {
            in_digits = false;
            out.push(c);
        }
    }
    out
}

/// The statements of every step, grouped by pattern in the order first sent; those that did not
/// succeed are returned on their own.
pub fn group(steps: &[StepRow]) -> (Vec<Pattern>, Vec<(String, Statement)>) {
    let mut patterns: Vec<Pattern> = Vec::new();
    let mut index: std::collections::HashMap<(String, String), usize> = Default::default();
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut apart = Vec::new();
    for s in steps {
        for st in &s.statements {
            if st.outcome != "ok" {
                apart.push((s.id.clone(), st.clone()));
            }
            let key = (s.id.clone(), shape(&st.sql));
            let i = *index.entry(key.clone()).or_insert_with(|| {
                patterns.push(Pattern {
                    step: key.0.clone(),
                    pattern: key.1.clone(),
                    count: 0,
                    ok: 0,
                    first: st.sql.clone(),
                    last: String::new(),
                    ms: 0,
                    runs: String::new(),
                });
                runs.push(Vec::new());
                patterns.len() - 1
            });
            let p = &mut patterns[i];
            p.count += 1;
            p.ok += usize::from(st.outcome == "ok");
            p.last = st.sql.clone();
            p.ms += st.duration_ms.unwrap_or(0);
            if !runs[i].contains(&st.run) {
                runs[i].push(st.run);
            }
        }
    }
    for (p, r) in patterns.iter_mut().zip(runs) {
        p.runs = r
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join("、");
        if p.count == 1 {
            p.last.clear();
        }
    }
    (patterns, apart)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_that_differ_only_in_numbers_are_one_row() {
        let mut step = StepRow::new(
            "partitions".into(),
            "partitions".into(),
            String::new(),
            String::new(),
            String::new(),
        );
        let sent = |sql: String, outcome: &str| Statement {
            sql,
            sha256: String::new(),
            outcome: outcome.into(),
            duration_ms: Some(2),
            error: None,
            attempts: 1,
            at: String::new(),
            run: 1,
        };
        for m in 1..=12 {
            step.statements.push(sent(
                format!("CREATE TABLE einv.bill_p2027{m:02} PARTITION OF einv.bill FOR VALUES FROM ('2027-{m:02}-01') TO ('2027-{:02}-01')", m + 1),
                if m == 5 { "error" } else { "ok" },
            ));
        }
        let (patterns, apart) = group(std::slice::from_ref(&step));
        assert_eq!(patterns.len(), 1);
        let p = &patterns[0];
        assert_eq!((p.count, p.ok, p.ms), (12, 11, 24));
        assert!(p.pattern.contains("bill_p… PARTITION OF"), "{}", p.pattern);
        assert!(p.first.contains("bill_p202701") && p.last.contains("bill_p202712"));
        assert_eq!(apart.len(), 1, "the failed one is shown whole");
    }
}
