//! What this rollover created, and in which run. Each run's inspection says what was pending (new
//! partitions, new tablespaces); the statements that run sent say what was made. A resume's own
//! inspection finds everything in place, so without this ledger the evidence would read 已覆盖 for
//! what run 1 created.
//!
//! A pending object counts as created by run j when a statement run j sent and the server
//! answered `ok` names it; or when run j's statement naming it went unanswered, or the step ended
//! 已执行 in run j, and a later inspection no longer finds it pending.

use super::tables::{TableRow, TablespaceRow, PLANNED};
use super::StepRow;
use crate::coverage::months::{ADDED, MISSING};
use crate::model::status::StepStatus;
use std::collections::{BTreeSet, HashMap, HashSet};

/// One run's inspection of a step: only what it found pending.
struct Inspection {
    run: usize,
    tables: Vec<TableRow>,
    tablespaces: Vec<TablespaceRow>,
}

impl Inspection {
    /// (table, partition) and tablespace names pending, lower-cased.
    fn pending(&self) -> HashSet<(String, String)> {
        let partitions = self
            .tables
            .iter()
            .flat_map(|t| t.new.iter().map(|p| (t.table.clone(), p[0].to_lowercase())));
        let spaces = self
            .tablespaces
            .iter()
            .map(|t| (String::new(), t.name.to_lowercase()));
        partitions.chain(spaces).collect()
    }
}

#[derive(Default)]
pub(super) struct Ledger {
    inspections: HashMap<String, Vec<Inspection>>,
    /// Each step's ends: (run, status).
    ends: HashMap<String, Vec<(usize, StepStatus)>>,
}

/// The words of a run's statements, by outcome.
#[derive(Default)]
struct Words {
    answered: HashSet<String>,
    unanswered: HashSet<String>,
}

/// The identifiers a statement names, lower-cased: quotes and dots separate them.
fn words(sql: &str) -> impl Iterator<Item = String> + '_ {
    sql.split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '$' | '#')))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// "第 1 次运行" or "第 1、2 次运行".
pub fn runs_text(runs: &[usize]) -> String {
    let runs: Vec<String> = runs.iter().map(|r| r.to_string()).collect();
    format!("第 {} 次运行", runs.join("、"))
}

/// The month cells (0 = closing January … 23 = new December) a period label covers: 202701,
/// 20270101, 2027Q1, 2027.
pub fn cells_of(label: &str, year: i32) -> Vec<usize> {
    let Some(y) = label.get(..4).and_then(|y| y.parse::<i32>().ok()) else {
        return Vec::new();
    };
    let base = match y - year {
        0 => 12,
        -1 => 0,
        _ => return Vec::new(),
    };
    let rest = &label[4..];
    let months: Vec<usize> = if let Some(q) = rest.strip_prefix('Q') {
        match q.parse::<usize>() {
            Ok(q @ 1..=4) => (3 * (q - 1)..3 * q).collect(),
            _ => Vec::new(),
        }
    } else if rest.is_empty() {
        (0..12).collect()
    } else {
        match rest.get(..2).and_then(|m| m.parse::<usize>().ok()) {
            Some(m @ 1..=12) => vec![m - 1],
            _ => Vec::new(),
        }
    };
    months.into_iter().map(|m| base + m).collect()
}

impl Ledger {
    pub(super) fn inspected(
        &mut self,
        step: &str,
        run: usize,
        tables: &[TableRow],
        tablespaces: &[TablespaceRow],
    ) {
        let inspection = Inspection {
            run,
            tables: tables
                .iter()
                .filter(|t| !t.new.is_empty())
                .cloned()
                .collect(),
            tablespaces: tablespaces
                .iter()
                .filter(|t| t.state == PLANNED)
                .cloned()
                .collect(),
        };
        let list = self.inspections.entry(step.to_string()).or_default();
        // Within one run, the latest inspection is the one the run acted on.
        list.retain(|i| i.run != run);
        list.push(inspection);
    }

    pub(super) fn ended(&mut self, step: &str, run: usize, status: StepStatus) {
        self.ends
            .entry(step.to_string())
            .or_default()
            .push((run, status));
    }

    /// The step's row told whole: the runs that executed it, and each table and tablespace with
    /// what this rollover created in it and in which run.
    pub(super) fn settle(&self, row: &mut StepRow, year: i32) {
        let executed: BTreeSet<usize> = row
            .statements
            .iter()
            .filter(|s| s.outcome == "ok")
            .map(|s| s.run)
            .collect();
        row.executed_runs = executed.into_iter().collect();
        let Some(inspections) = self.inspections.get(&row.id) else {
            return;
        };
        let mut by_run: HashMap<usize, Words> = HashMap::new();
        for s in &row.statements {
            let w = by_run.entry(s.run).or_default();
            let set = match s.outcome.as_str() {
                "ok" => &mut w.answered,
                super::NO_ANSWER => &mut w.unanswered,
                _ => continue,
            };
            set.extend(words(&s.sql));
        }
        let pending: Vec<HashSet<(String, String)>> =
            inspections.iter().map(Inspection::pending).collect();
        let ends = self.ends.get(&row.id).cloned().unwrap_or_default();
        let ended_executed = |run: usize| {
            ends.iter()
                .any(|(r, s)| *r == run && *s == StepStatus::Executed)
        };
        let made = |i: usize, key: &(String, String)| {
            let run = inspections[i].run;
            let words = by_run.get(&run);
            if words.is_some_and(|w| w.answered.contains(&key.1)) {
                return true;
            }
            let later = &pending[i + 1..];
            let settled = !later.is_empty() && !later.iter().any(|p| p.contains(key));
            let unanswered = words.is_some_and(|w| w.unanswered.contains(&key.1));
            (unanswered && settled)
                || (ended_executed(run) && !later.iter().any(|p| p.contains(key)))
        };
        let last_pending = pending.last().cloned().unwrap_or_default();
        settle_tables(row, inspections, &made, &last_pending, year);
        settle_tablespaces(row, inspections, &made);
    }
}

/// A partition this rollover created: its run, label, tablespace and the inspection that listed it.
struct Made {
    run: usize,
    label: String,
    tablespace: String,
    inspection: usize,
}

fn settle_tables(
    row: &mut StepRow,
    inspections: &[Inspection],
    made: &dyn Fn(usize, &(String, String)) -> bool,
    last_pending: &HashSet<(String, String)>,
    year: i32,
) {
    let mut created: HashMap<String, Vec<Made>> = HashMap::new();
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for (i, insp) in inspections.iter().enumerate() {
        for t in &insp.tables {
            for p in &t.new {
                let key = (t.table.clone(), p[0].to_lowercase());
                if seen.contains(&key) || !made(i, &key) {
                    continue;
                }
                seen.insert(key);
                created.entry(t.table.clone()).or_default().push(Made {
                    run: insp.run,
                    label: p[1].clone(),
                    tablespace: p[2].clone(),
                    inspection: i,
                });
            }
        }
    }
    // A table created earlier and missing from the latest inspection keeps its row.
    for (i, insp) in inspections.iter().enumerate() {
        for t in &insp.tables {
            let first = created
                .get(&t.table)
                .is_some_and(|m| m.first().is_some_and(|m| m.inspection == i));
            if first && !row.tables.iter().any(|r| r.table == t.table) {
                row.tables.push(t.clone());
            }
        }
    }
    let uncreated_last = |t: &TableRow| {
        t.new
            .iter()
            .filter(|p| {
                let key = (t.table.clone(), p[0].to_lowercase());
                last_pending.contains(&key) && !seen.contains(&key)
            })
            .count()
    };
    for t in row.tables.iter_mut() {
        let missing = uncreated_last(t);
        let made = created.remove(&t.table).unwrap_or_default();
        tell_table(t, &made, missing, inspections, year);
    }
}

/// One table's verdict, added periods and month cells from what was created.
fn tell_table(
    t: &mut TableRow,
    made: &[Made],
    missing: usize,
    inspections: &[Inspection],
    year: i32,
) {
    let pending_word = t.verdict == "扩展";
    if made.is_empty() {
        if pending_word && missing > 0 {
            t.verdict = "待扩展".into();
            // Not created: those months are not held.
            t.months = t
                .months
                .chars()
                .map(|c| if c == ADDED { MISSING } else { c })
                .collect();
        }
        return;
    }
    let mut runs: Vec<usize> = made.iter().map(|m| m.run).collect();
    runs.dedup();
    t.created = runs
        .iter()
        .map(|r| (*r, made.iter().filter(|m| m.run == *r).count()))
        .collect();
    t.added = super::tables::span(&made[0].label, &made[made.len() - 1].label, made.len());
    let mut spaces: Vec<&str> = made
        .iter()
        .map(|m| m.tablespace.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    spaces.dedup();
    t.tablespace = spaces.join("、");
    if pending_word || t.verdict == "已覆盖" {
        t.verdict = match missing {
            0 => format!("本次年结新增（{}）", runs_text(&runs)),
            n => format!("本次年结新增（{}），尚缺 {n} 个", runs_text(&runs)),
        };
    }
    t.cell_runs = vec![0; 24];
    let mut cells: Vec<char> = t.months.chars().collect();
    for m in made {
        let source = inspections[m.inspection]
            .tables
            .iter()
            .find(|r| r.table == t.table);
        for c in cells_of(&m.label, year) {
            t.cell_runs[c] = m.run;
            if let Some(cell) = cells.get_mut(c) {
                *cell = ADDED;
            }
            let days = source.and_then(|s| s.month_days.get(c).copied());
            if let (Some(days), Some(slot)) = (days, t.month_days.get_mut(c)) {
                *slot = days;
            }
        }
    }
    if cells.len() == 24 {
        t.months = cells.into_iter().collect();
    }
}

fn settle_tablespaces(
    row: &mut StepRow,
    inspections: &[Inspection],
    made: &dyn Fn(usize, &(String, String)) -> bool,
) {
    let mut created: Vec<TablespaceRow> = Vec::new();
    for (i, insp) in inspections.iter().enumerate() {
        for t in &insp.tablespaces {
            let key = (String::new(), t.name.to_lowercase());
            let known = created.iter().any(|c| c.name.eq_ignore_ascii_case(&t.name));
            if !known && made(i, &key) {
                let mut c = t.clone();
                c.created_run = Some(insp.run);
                c.state = format!("新建（{}）", runs_text(&[insp.run]));
                created.push(c);
            }
        }
    }
    for r in row.tablespaces.iter_mut() {
        match created
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(&r.name))
        {
            Some(i) => *r = created.remove(i),
            None if r.state == PLANNED => r.state = "待新建".into(),
            None => {}
        }
    }
    row.tablespaces.extend(created);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_their_months() {
        assert_eq!(cells_of("202701", 2027), vec![12]);
        assert_eq!(cells_of("20261231", 2027), vec![11]);
        assert_eq!(cells_of("2027Q2", 2027), vec![15, 16, 17]);
        assert_eq!(cells_of("2027", 2027).len(), 12);
        assert!(cells_of("2025", 2027).is_empty());
        assert!(cells_of("pmax", 2027).is_empty());
    }

    fn table(name: &str, verdict: &str, new: &[&str]) -> TableRow {
        TableRow {
            table: name.into(),
            verdict: verdict.into(),
            months: "EEEEEEEEEEEEAAAAAAAAAAAA".into(),
            new: new
                .iter()
                .map(|p| {
                    [
                        p.to_string(),
                        p.rsplit('p').next().unwrap().into(),
                        String::new(),
                    ]
                })
                .collect(),
            ..TableRow::default()
        }
    }

    fn sent(run: usize, sql: &str, outcome: &str) -> super::super::Statement {
        super::super::Statement {
            sql: sql.into(),
            sha256: String::new(),
            outcome: outcome.into(),
            duration_ms: None,
            error: None,
            attempts: 1,
            at: String::new(),
            run,
        }
    }

    fn step() -> StepRow {
        StepRow::new(
            "p".into(),
            "partitions".into(),
            String::new(),
            String::new(),
            String::new(),
        )
    }

    #[test]
    fn unanswered_statements_count_once_a_later_run_finds_them_in_place() {
        let mut ledger = Ledger::default();
        let pending = table("s.bill", "扩展", &["bill_p202701"]);
        ledger.inspected("p", 1, std::slice::from_ref(&pending), &[]);
        let mut row = step();
        row.statements = vec![sent(
            1,
            "CREATE TABLE s.bill_p202701 PARTITION OF s.bill",
            "no_answer",
        )];
        row.tables = vec![pending.clone()];
        ledger.settle(&mut row, 2027);
        assert_eq!(
            row.tables[0].verdict, "待扩展",
            "no later inspection: not known"
        );

        // Run 2 finds it covered: run 1's unanswered statement made it.
        let mut covered = table("s.bill", "已覆盖", &[]);
        covered.months = "EEEEEEEEEEEEEEEEEEEEEEEE".into();
        ledger.inspected("p", 2, &[covered.clone()], &[]);
        row.tables = vec![covered];
        ledger.settle(&mut row, 2027);
        let t = &row.tables[0];
        assert_eq!(t.verdict, "本次年结新增（第 1 次运行）");
        assert_eq!(t.created, vec![(1, 1)]);
        assert_eq!(&t.months[12..13], "A");
        assert_eq!(t.cell_runs[12], 1);
    }

    #[test]
    fn a_step_ended_executed_vouches_for_names_its_statements_do_not_spell() {
        let mut ledger = Ledger::default();
        let pending = table("s.odd", "扩展", &["odd name p202701"]);
        ledger.inspected("p", 1, std::slice::from_ref(&pending), &[]);
        ledger.ended("p", 1, StepStatus::Executed);
        let mut row = step();
        row.statements = vec![sent(1, "CREATE TABLE s.\"odd name p202701\" …", "ok")];
        row.tables = vec![pending];
        ledger.settle(&mut row, 2027);
        assert_eq!(row.tables[0].verdict, "本次年结新增（第 1 次运行）");
        assert_eq!(row.executed_runs, vec![1]);
    }

    #[test]
    fn quoted_and_qualified_names_are_words() {
        let w: Vec<String> =
            words("CREATE TABLE \"EInv\".\"Bill_P202701\" PARTITION OF `x`.bill").collect();
        assert!(w.contains(&"bill_p202701".to_string()));
        assert!(w.contains(&"einv".to_string()));
    }
}
