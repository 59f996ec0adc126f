//! The journal folded into evidence, one record at a time: what each step became, the runs,
//! the statements and checks behind them.

use super::*;

/// The journal folded into evidence, one record at a time.
pub(super) struct Fold {
    ev: Evidence,
    steps: Vec<StepRow>,
    run_ended: bool,
    last_exit: Option<i32>,
    last_ended_at: Option<DateTime<Utc>>,
    /// Steps that ended ok, with the day they did (the run's "today").
    done_on: Vec<(String, NaiveDate)>,
    run_date: Option<NaiveDate>,
    ledger: super::created::Ledger,
}

impl Fold {
    pub(super) fn new(ev: Evidence, steps: Vec<StepRow>) -> Fold {
        Fold {
            ev,
            steps,
            run_ended: false,
            last_exit: None,
            last_ended_at: None,
            done_on: Vec::new(),
            run_date: None,
            ledger: Default::default(),
        }
    }

    /// The row of a step, added at the end when the plan does not name it.
    fn step(&mut self, id: &str) -> &mut StepRow {
        let i = match self.steps.iter().position(|s| s.id == id) {
            Some(i) => i,
            None => {
                let row = StepRow::new(
                    id.into(),
                    String::new(),
                    id.into(),
                    String::new(),
                    String::new(),
                );
                self.steps.push(row);
                self.steps.len() - 1
            }
        };
        &mut self.steps[i]
    }

    pub(super) fn record(&mut self, r: &Record) {
        let at = fmt_time(r.at);
        match &r.event {
            Event::RunStart(start) if !start.dry_run => self.run_start(r),
            Event::StatementSent { step, sql, sha256 } => {
                let run = self.ev.history.len();
                self.step(step).statements.push(Statement {
                    sql: sql.clone(),
                    sha256: sha256.clone(),
                    outcome: super::NO_ANSWER.into(),
                    duration_ms: None,
                    error: None,
                    attempts: 0,
                    at,
                    run,
                })
            }
            Event::StatementDone {
                step,
                sha256,
                duration_ms,
                outcome,
                error,
                attempt,
            } => {
                let row = self.step(step);
                if let Some(s) = row
                    .statements
                    .iter_mut()
                    .rev()
                    .find(|s| &s.sha256 == sha256)
                {
                    s.outcome = outcome.clone();
                    s.duration_ms = Some(*duration_ms);
                    s.error = error.clone();
                    s.attempts = *attempt;
                }
            }
            Event::Check {
                step,
                name,
                passed,
                level,
                message,
                figures,
            } => {
                let run = self.ev.history.len();
                if name == "inspect" {
                    // The latest inspection is each table's row; the ledger keeps what every
                    // run found pending, to tell what this rollover created.
                    let tables = crate::evidence::tables::rows(figures);
                    let tablespaces = crate::evidence::tables::tablespaces(figures);
                    self.ledger.inspected(step, run, &tables, &tablespaces);
                    let row = self.step(step);
                    row.tables = tables;
                    row.tablespaces = tablespaces;
                }
                let row = self.step(step);
                if name == "stock" {
                    row.bill_types = crate::evidence::tables::bill_types(figures);
                }
                if name == "templates" {
                    row.templates = crate::evidence::tables::templates(figures);
                }
                // "clock note" is a warning of the step, not a host (hosts are local, database,
                // http://… or ssh:…).
                if let Some(h) = name.strip_prefix("clock ").filter(|h| *h != "note") {
                    // One row per host, the latest reading.
                    row.hosts.retain(|r| r.host != h);
                    row.hosts.push(crate::evidence::tables::host(figures));
                }
                row.checks.push(CheckRow {
                    name: name.clone(),
                    passed: *passed,
                    level: level.zh().to_string(),
                    message: message.render(),
                    at,
                })
            }
            Event::ManualConfirmed { step, operator, .. } => {
                self.step(step).confirmed_by = Some(format!("{operator}（{at}）"));
            }
            Event::StepEnd {
                step,
                status,
                duration_ms,
                level,
                message,
            } => {
                let text = message.render();
                // Before format 2 the level was written inside the message: read it from there.
                let level = level.or_else(|| {
                    [Level::Severe, Level::General]
                        .into_iter()
                        .find(|l| text.starts_with(&format!("[{}]", l.zh())))
                });
                let shown = if matches!(message, Text::Msg(_)) {
                    crate::model::status::leveled(level, &text)
                } else {
                    text
                };
                self.step_end(step, *status, *duration_ms, level, &shown, r.at)
            }
            Event::RunEnd { exit_code, .. } => {
                if let Some(run) = self.ev.history.last_mut() {
                    run.ended = at.clone();
                    run.outcome = run_outcome(Some(*exit_code));
                    run.exit_code = Some(*exit_code);
                }
                self.run_ended = true;
                self.last_exit = Some(*exit_code);
                self.last_ended_at = Some(r.at);
            }
            _ => {}
        }
    }

    fn run_start(&mut self, r: &Record) {
        let Event::RunStart(start) = &r.event else {
            return;
        };
        let crate::record::journal::RunStart {
            hospital,
            site_code,
            year,
            plan_name,
            plan_sha256,
            operator,
            host,
            tool_version,
            database,
            today,
            resumed,
            ..
        } = start.as_ref();
        self.ev.history.push(RunRow {
            started: fmt_time(r.at),
            ended: String::new(),
            operator: operator.clone(),
            host: host.clone(),
            resumed: *resumed,
            statements_ok: 0,
            statements_failed: 0,
            statements_no_answer: 0,
            outcome: run_outcome(None),
            exit_code: None,
            created_tablespaces: 0,
            created_partitions: 0,
            created_tables: 0,
            created: String::new(),
        });
        // Lateness is judged by the run's "today" (the real date, unless rehearsed with --today).
        self.run_date = NaiveDate::parse_from_str(today, "%Y-%m-%d").ok();
        let ev = &mut self.ev;
        ev.runs += 1;
        if ev.started.is_empty() {
            ev.started = fmt_time(r.at);
        }
        ev.last_started = fmt_time(r.at);
        ev.hospital = hospital.clone();
        ev.site_code = site_code.clone();
        ev.year = *year;
        if ev.plan_name.is_empty() {
            ev.plan_name = plan_name.clone();
        }
        ev.plan_sha256 = plan_sha256.clone();
        ev.operator = operator.clone();
        ev.host = host.clone();
        ev.tool_version = tool_version.clone();
        ev.database = database.clone();
        self.run_ended = false;
    }

    fn step_end(
        &mut self,
        step: &str,
        status: StepStatus,
        duration_ms: u64,
        level: Option<Level>,
        message: &str,
        at: DateTime<Utc>,
    ) {
        let run = self.ev.history.len();
        self.ledger.ended(step, run, status);
        let s = self.step(step);
        s.level = level.map(|l| l.zh().to_string()).unwrap_or_default();
        s.last_status = Some(status);
        s.status = status.word().to_string();
        s.status_zh = status.zh().into();
        s.ok = status.is_ok() && status != StepStatus::Planned;
        s.blocking = status.is_blocking();
        s.needs_attention =
            s.blocking || matches!(status, StepStatus::Warning | StepStatus::ActionNeeded);
        s.duration_ms = Some(duration_ms);
        s.message = message.to_string();
        s.ended_at = fmt_time(at);
        let ok = s.ok;
        self.done_on.retain(|(id, _)| id != step);
        if ok {
            let day = self.run_date.unwrap_or(at.date_naive());
            self.done_on.push((step.to_string(), day));
        }
    }

    pub(super) fn finish(mut self, today: NaiveDate) -> Evidence {
        // Late: done after its due date, or not done and the due date has passed.
        let closing_year = self.ev.year - 1;
        for s in self.steps.iter_mut() {
            let Ok(due) = MonthDay::parse(&s.due) else {
                continue;
            };
            let due = due.in_year(closing_year);
            let done_on = self
                .done_on
                .iter()
                .find(|(id, _)| *id == s.id)
                .map(|(_, d)| *d);
            s.late = match done_on {
                Some(d) => d > due,
                None => today > due,
            };
            if s.late {
                self.ev.late_steps.push(s.id.clone());
            }
        }
        let ev = &mut self.ev;
        // One count per statement, the same for the totals and each run's row: a statement rolled
        // back with its table's transaction, or never sent, changed nothing and is in none.
        for s in self.steps.iter().flat_map(|s| &s.statements) {
            let Some(count) = super::outcome_count(&s.outcome) else {
                continue;
            };
            ev.statements_total += 1;
            let run = s.run.checked_sub(1).and_then(|i| ev.history.get_mut(i));
            match count {
                super::Count::Ok => {}
                super::Count::Failed => ev.statements_failed += 1,
                super::Count::NoAnswer => ev.statements_no_answer += 1,
            }
            if let Some(run) = run {
                match count {
                    super::Count::Ok => run.statements_ok += 1,
                    super::Count::Failed => run.statements_failed += 1,
                    super::Count::NoAnswer => run.statements_no_answer += 1,
                }
            }
        }
        let year = ev.year;
        for s in self.steps.iter_mut() {
            self.ledger.settle(s, year);
            s.tell_executed();
            for t in &s.tables {
                let mut counted = Vec::new();
                for (run, n) in &t.created {
                    if let Some(r) = run.checked_sub(1).and_then(|i| ev.history.get_mut(i)) {
                        r.created_partitions += n;
                        if !counted.contains(run) {
                            r.created_tables += 1;
                            counted.push(*run);
                        }
                    }
                }
            }
            for t in &s.tablespaces {
                let run = t.created_run.and_then(|r| r.checked_sub(1));
                if let Some(r) = run.and_then(|i| ev.history.get_mut(i)) {
                    r.created_tablespaces += 1;
                }
            }
        }
        for r in ev.history.iter_mut() {
            r.created = r.created_text();
        }
        ev.ended = self.last_ended_at.map(fmt_time).unwrap_or_default();
        ev.failing_step = self.steps.iter().find(|s| s.blocking).map(|s| s.id.clone());
        ev.state = RolloverState::of(&RunFacts {
            chain_ok: ev.chain_ok,
            runs: ev.runs,
            last_run_ended: self.run_ended,
            last_exit_code: self.last_exit,
            all_steps_ok: self.steps.iter().all(|s| s.ok),
            statuses: self.steps.iter().filter_map(|s| s.last_status).collect(),
            late: self.steps.iter().any(|s| s.late && !s.ok),
        });
        ev.state_zh = ev.state.zh().to_string();
        ev.steps = self.steps;
        self.ev
    }
}
