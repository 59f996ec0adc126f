//! `yearend plan` (dry-run: reads only) and `yearend run`: one session, the engine over the
//! plan's steps, the end record, the saved plan and the JSON document.

use super::session::{Request, Session};
use crate::model::status::StepResult;
use crate::model::status::StepStatus;
use crate::record::journal::Event;
use crate::record::saved::SavedPlan;
use crate::run::apply::Applier;
use crate::sql::template::Vars;
use crate::steps::engine;
use crate::steps::{Ctx, Options};
use chrono::NaiveDate;
use std::path::Path;
use std::time::Duration;

pub struct PlanArgs<'a> {
    pub plan: &'a Path,
    pub site: &'a Path,
    pub year: Option<i32>,
    pub today: NaiveDate,
    pub json: bool,
    pub state_dir: Option<&'a Path>,
    pub snapshot: Option<&'a Path>,
    pub saved_out: Option<&'a Path>,
    /// `yearend verify` rather than `plan`.
    pub verify: bool,
}

pub struct RunArgs<'a> {
    pub plan: &'a Path,
    pub site: &'a Path,
    pub year: Option<i32>,
    pub today: NaiveDate,
    pub json: bool,
    pub state_dir: Option<&'a Path>,
    pub saved: Option<&'a Path>,
    pub yes: bool,
    pub operator: Option<String>,
    pub confirm: Vec<String>,
    pub replan: bool,
    pub only: Vec<String>,
}

pub fn plan(a: PlanArgs) -> anyhow::Result<i32> {
    let req = Request {
        plan_path: a.plan,
        site_path: a.site,
        year: a.year,
        today: a.today,
        dry_run: true,
        operator: None,
        confirm: &[],
        state_dir: a.state_dir,
        replan: false,
        snapshot: a.snapshot,
        saved: None,
        wants_fingerprint: a.saved_out.is_some(),
        json: a.json,
        verify: a.verify,
    };
    let opts = Options {
        dry_run: true,
        operator: None,
        confirm: Vec::new(),
        offline: a.snapshot.is_some(),
    };
    execute(&req, &opts, false, None, a.saved_out, &[])
}

pub fn run(a: RunArgs) -> anyhow::Result<i32> {
    let operator = a
        .operator
        .map(|o| o.trim().to_string())
        .filter(|o| !o.is_empty());
    let saved = a.saved.map(SavedPlan::load).transpose()?;
    let req = Request {
        plan_path: a.plan,
        site_path: a.site,
        year: a.year,
        today: a.today,
        dry_run: false,
        operator: operator.as_deref(),
        confirm: &a.confirm,
        state_dir: a.state_dir,
        replan: a.replan,
        snapshot: None,
        saved: saved.as_ref(),
        wants_fingerprint: false,
        json: a.json,
        verify: false,
    };
    let opts = Options {
        dry_run: false,
        operator: operator.clone(),
        confirm: a.confirm.clone(),
        offline: false,
    };
    execute(&req, &opts, a.yes, saved.clone(), None, &a.only)
}

fn execute(
    req: &Request,
    opts: &Options,
    yes: bool,
    saved: Option<SavedPlan>,
    saved_out: Option<&Path>,
    only: &[String],
) -> anyhow::Result<i32> {
    if !req.dry_run {
        crate::platform::interrupt::cooperative();
    }
    let mut s = Session::open(req)?;
    // The person the session settled on (named, or asked on the terminal) is who confirms.
    let named = Options {
        operator: Some(s.operator.clone()).filter(|o| !o.is_empty()),
        ..opts.clone()
    };
    let opts = &named;
    if !only.is_empty() {
        s.plan = super::only::narrow(&s.plan, &s.site, only)?;
        let line = crate::msg!("only-scope-line", tables = only.join(", ")).render();
        s.out.line(line);
    }
    let scope_catalog = crate::steps::check_scopes(&s.plan, &s.site, s.db.as_mut())?;
    banner(&mut s, req);
    s.journal_start(req)?;
    let attempts = super::env_number("YEAREND_LOCK_RETRIES", 5, 1..=20)?;
    let vars = Vars {
        year: s.year,
        this_year: s.year - 1,
        today: req.today.to_string(),
        schemas: s.site.database.schemas.clone(),
        hospital_code: s.site.code.clone(),
    };
    let applier = Applier {
        dry_run: opts.dry_run,
        yes,
        saved,
        retry: (attempts, Duration::from_secs(1)),
        sent: 0,
        tally: Default::default(),
    };
    let mut asker = crate::platform::ask::Terminal {
        timeout: s.site.prompt_timeout(),
    };
    let mut ctx = Ctx {
        site: &s.site,
        plan: &s.plan,
        year: s.year,
        today: req.today,
        opts,
        db: s.db.as_mut(),
        journal: &mut s.journal,
        out: &mut s.out,
        history: &s.history,
        asker: &mut asker,
        vars,
        applier,
        abort_code: None,
        planned_tablespaces: Vec::new(),
        scope_catalog,
    };
    let results = match engine::run_steps(&mut ctx) {
        Ok(r) => r,
        Err(e) => match e.downcast::<crate::platform::interrupt::Interrupted>() {
            Ok(stop) => return interrupted(&mut s, req, &stop),
            Err(other) => return Err(other),
        },
    };
    let mut code = engine::exit_code(&results, ctx.abort_code);
    let tally = ctx.applier.tally;
    if req.verify {
        code = record_verification(&mut s, &results, code)?;
    }
    finish(&mut s, req, &results, code, saved_out, &tally)?;
    Ok(code)
}

/// The run stopped on a signal: the end record says so, and the engineer reads what happened and
/// the command that goes on. Exit 128 + the signal's number (130 for Ctrl-C), as a shell says it.
fn interrupted(
    s: &mut Session,
    req: &Request,
    stop: &crate::platform::interrupt::Interrupted,
) -> anyhow::Result<i32> {
    let code = crate::platform::interrupt::code();
    s.journal.append(Event::RunEnd {
        exit_code: code,
        summary: stop.to_string(),
    })?;
    let (plan, site) = (req.plan_path.display(), req.site_path.display());
    let resume = format!("yearend run --plan {plan} --site {site}");
    let what = match &stop.in_flight {
        Some(sql) => crate::msg!("interrupted-in-flight", sql = sql.clone()),
        None => crate::msg!("interrupted-nothing-in-flight"),
    };
    let journal = s.state.journal().display().to_string();
    s.out.line(
        crate::msg!(
            "interrupted",
            signal = stop.signal.to_string(),
            what = what,
            journal = journal,
            resume = resume
        )
        .render(),
    );
    Ok(code)
}

fn banner(s: &mut Session, req: &Request) {
    let (h, c, name, sha) = (&s.site.hospital, &s.site.code, &s.plan.name, &s.sha[..12]);
    let (year, today, db) = (s.year, req.today, s.site.db_url().display());
    let command = match (req.dry_run, req.verify) {
        (true, true) => "banner-verify",
        (true, false) => "banner-plan",
        (false, _) => "banner-run",
    };
    let line = crate::msg!(
        "banner",
        command = crate::i18n::Msg::new(command),
        hospital = h.clone(),
        code = c.clone(),
        plan = name.clone(),
        sha = sha,
        closing = (year - 1).to_string(),
        year = year.to_string(),
        today = today.to_string(),
        db = db
    );
    s.out.line(line.render());
    if s.history.runs > 0 && !req.dry_run {
        let (n, j) = (s.history.runs, s.state.journal().display().to_string());
        s.out
            .line(crate::msg!("resuming", n = n, journal = j).render());
    }
}

/// Keeps the verdict of `yearend verify` beside the journal and says it; the exit code is 1 when
/// anything was found, as for `plan`.
fn record_verification(s: &mut Session, results: &[StepResult], code: i32) -> anyhow::Result<i32> {
    let findings = crate::record::verification::findings(results);
    let code = match (code, findings.is_empty()) {
        (c, _) if c > 1 => c,
        (_, true) => 0,
        (_, false) => 1,
    };
    let v = crate::record::verification::Verification {
        at: chrono::Utc::now(),
        year: s.year,
        plan_sha256: s.sha.clone(),
        passed: code == 0,
        exit_code: code,
        steps: results.len(),
        findings,
    };
    crate::record::verification::save(&s.state.dir, &v)?;
    let line = v.line(v.at);
    s.out.line(line);
    Ok(code)
}

/// The end record, the closing lines, the saved plan (`plan --out`) and the JSON document.
fn finish(
    s: &mut Session,
    req: &Request,
    results: &[StepResult],
    code: i32,
    saved_out: Option<&Path>,
    tally: &crate::run::apply::Tally,
) -> anyhow::Result<()> {
    let summary = summarize(results);
    s.journal.append(Event::RunEnd {
        exit_code: code,
        summary: summary.clone(),
    })?;
    s.out.line(
        crate::msg!(
            "run-summary",
            summary = summary.clone(),
            code = code.to_string()
        )
        .render(),
    );
    if req.dry_run && !req.verify {
        s.out.line(tally_line(tally).render());
    } else if !req.dry_run {
        s.out.line(durations(results));
    }
    for line in closing_lines(results, req, code) {
        s.out.line(line);
    }
    if !req.dry_run {
        let j = s.state.journal().display().to_string();
        s.out.line(crate::msg!("journal-path", path = j).render());
        let head = s.journal.head().to_string();
        let short = &head[..16];
        s.out.line(
            crate::msg!(
                "journal-head",
                head = head.clone(),
                short = short.to_string()
            )
            .render(),
        );
    }
    if let (Some(path), Some(fp)) = (saved_out, s.fingerprint.clone()) {
        let saved = SavedPlan::from_records(&s.site.code, fp, &s.journal.all_records()?);
        saved.save(path)?;
        let command = run_command(req, Some(path), &[]);
        s.out.line(
            crate::msg!(
                "saved-plan-written",
                path = path.display().to_string(),
                n = saved.statements.len(),
                command = command
            )
            .render(),
        );
    }
    if req.json {
        #[derive(serde::Serialize)]
        struct Document<'a> {
            command: &'a str,
            hospital: &'a str,
            site_code: &'a str,
            year: i32,
            plan_sha256: &'a str,
            exit_code: i32,
            steps: &'a [StepResult],
            records: crate::record::journal::RecordsJson<'a>,
        }
        let doc = Document {
            command: if req.dry_run { "plan" } else { "run" },
            hospital: &s.site.hospital,
            site_code: &s.site.code,
            year: s.year,
            plan_sha256: &s.sha,
            exit_code: code,
            steps: results,
            records: s.journal.records_json()?,
        };
        s.out.json_document(&doc);
    }
    Ok(())
}

/// After the summary: the late steps, and what to do next.
fn closing_lines(results: &[StepResult], req: &Request, code: i32) -> Vec<String> {
    let mut out = Vec::new();
    let late: Vec<String> = results
        .iter()
        .filter(|r| r.late)
        .map(|r| format!("{}（{}）", r.id, r.due.clone().unwrap_or_default()))
        .collect();
    if !late.is_empty() {
        out.push(crate::msg!("late-steps", steps = late.join(", ")).render());
    }
    let site = req.site_path.display();
    // Steps that wait only for a person's word: the run that follows names them.
    let awaiting: Vec<&str> = results
        .iter()
        .filter(|r| r.status == StepStatus::AwaitingConfirmation)
        .map(|r| r.id.as_str())
        .collect();
    let only_awaiting = results
        .iter()
        .all(|r| r.status.is_ok() || r.status == StepStatus::AwaitingConfirmation);
    out.push(match (req.dry_run, code) {
        (true, 0) => crate::msg!("next-run", command = run_command(req, None, &[])).render(),
        (true, 1) if only_awaiting && !awaiting.is_empty() => crate::msg!(
            "next-run-confirm",
            command = run_command(req, None, &awaiting)
        )
        .render(),
        (false, 0) => crate::msg!("next-report", site = site.to_string()).render(),
        _ => crate::msg!("next-act").render(),
    });
    out
}

/// The `yearend run` that follows this plan: `--saved` when it runs a saved plan, its plan,
/// site, year and state directory, and a `--confirm` for each step named.
fn run_command(req: &Request, saved: Option<&Path>, confirm: &[&str]) -> String {
    use crate::platform::output::shell_word;
    let shown = |p: &Path| shell_word(&p.display().to_string());
    let mut c = String::from("yearend run");
    if let Some(f) = saved {
        c.push_str(&format!(" --saved {}", shown(f)));
    }
    c.push_str(&format!(
        " --plan {} --site {}",
        shown(req.plan_path),
        shown(req.site_path)
    ));
    if let Some(y) = req.year {
        c.push_str(&format!(" --year {y}"));
    }
    if let Some(d) = req.state_dir {
        c.push_str(&format!(" --state-dir {}", shown(d)));
    }
    for id in confirm {
        c.push_str(&format!(" --confirm {}", shell_word(id)));
    }
    c
}

/// What this plan would change, counted as its statements passed the applier.
fn tally_line(t: &crate::run::apply::Tally) -> crate::i18n::Msg {
    if t.statements == 0 {
        return crate::msg!("plan-tally-nothing");
    }
    crate::msg!(
        "plan-tally",
        tablespaces = t.tablespaces,
        partitions = t.partitions,
        tables = t.tables,
        statements = t.statements
    )
}

fn summarize(results: &[StepResult]) -> String {
    let mut parts = Vec::new();
    let zh = crate::i18n::zh();
    for st in StepStatus::SUMMARY_ORDER {
        let n = results.iter().filter(|r| r.status == st).count();
        if n > 0 {
            parts.push(if zh {
                format!("{} {n}", st.zh())
            } else {
                format!("{n} {}", st.word())
            });
        }
    }
    if zh {
        format!("共 {} 步：{}", results.len(), parts.join("，"))
    } else {
        format!("{} steps: {}", results.len(), parts.join(", "))
    }
}

/// Each step's duration, as cargo's closing line says how long a build took.
fn durations(results: &[StepResult]) -> String {
    let parts: Vec<String> = results
        .iter()
        .filter(|r| r.status != StepStatus::Skipped)
        .map(|r| {
            crate::msg!(
                "step-duration",
                id = r.id.clone(),
                seconds = format!("{:.1}", r.duration_ms as f64 / 1000.0)
            )
            .render()
        })
        .collect();
    crate::msg!("run-durations", steps = parts.join(" · ")).render()
}
