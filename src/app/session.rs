//! A `plan` or `run` session: the site and plan files, the state directory with its lock and
//! journal, the database (or a snapshot of it) with its run lock, opened once and in this order.

use crate::config::plan::Plan;
use crate::config::site::Site;
use crate::config::step_spec::StepKind;
use crate::db::snapshot::Snapshot;
use crate::db::snapshot::SnapshotDb;
use crate::db::{self, Database};
use crate::model::dialect::Dialect;
use crate::msg;
use crate::platform::error;
use crate::platform::output::Out;
use crate::record::history::History;
use crate::record::journal::{self, Event, Journal};
use crate::record::saved::{self, Fingerprint, SavedPlan};
use crate::record::state::{RunLock, StateDir};
use chrono::NaiveDate;
use std::path::Path;

/// What a session is asked to open.
pub struct Request<'a> {
    pub plan_path: &'a Path,
    pub site_path: &'a Path,
    pub year: Option<i32>,
    pub today: NaiveDate,
    pub dry_run: bool,
    pub operator: Option<&'a str>,
    pub confirm: &'a [String],
    pub state_dir: Option<&'a Path>,
    pub replan: bool,
    /// Plan offline from this snapshot.
    pub snapshot: Option<&'a Path>,
    /// `run --saved`: the reviewed plan the database must still match.
    pub saved: Option<&'a SavedPlan>,
    /// `plan --out`: a fingerprint is needed to save the plan.
    pub wants_fingerprint: bool,
    pub json: bool,
    /// `yearend verify`: a dry run judged as a verification, its verdict kept beside the journal.
    pub verify: bool,
}

pub struct Session {
    pub site: Site,
    pub plan: Plan,
    pub sha: String,
    pub year: i32,
    pub state: StateDir,
    pub operator: String,
    pub journal: Journal,
    pub history: History,
    pub lock: Option<RunLock>,
    pub db: Box<dyn Database>,
    pub out: Out,
    pub fingerprint: Option<Fingerprint>,
    /// The plan sha256 of the journal's earlier runs, when `--replan` accepted a new plan.
    pub replanned: Option<String>,
}

impl Session {
    pub fn open(req: &Request) -> anyhow::Result<Session> {
        let (site, _) = Site::load(req.site_path)?;
        let plan = Plan::load(req.plan_path)?;
        let url = site.db_url();
        plan.check_queries(url.dialect)?;
        check_confirms(&plan, req.confirm)?;
        let year = super::resolve_year(req.year, req.today)?;
        let sha = plan.sha256(url.dialect);
        let state = site.state(req.site_path, req.state_dir, year, !req.dry_run)?;
        let operator = operator_name(req)?;
        let (journal, history, lock) = open_state(&state, req.dry_run, &operator)?;
        let replanned = check_replan(&history, &sha, req)?;
        let mut out = Out { json: req.json };
        let mut database = open_database(req, &site, &mut out)?;
        let lock_timeout = super::env_number("YEAREND_LOCK_TIMEOUT", 5, 1..=600)?;
        // Session-only, and in a dry-run too, so that no read waits forever behind a lock.
        database.set_lock_timeout(lock_timeout).map_err(|e| {
            error::runtime(msg!("err-lock-timeout-not-set", cause = e.to_string()).render())
        })?;
        if !req.dry_run {
            take_run_lock(database.as_mut(), &site.code, year, &state, &mut out)?;
        }
        // After the run lock: what is compared is what no other run can change meanwhile.
        let fingerprint = if req.wants_fingerprint || req.saved.is_some() {
            let schemas = &site.database.schemas;
            Some(saved::fingerprint(database.as_mut(), &sha, year, schemas)?)
        } else {
            None
        };
        if let (Some(saved), Some(now)) = (req.saved, &fingerprint) {
            check_saved(saved, now, &site.code)?;
        }
        if !req.dry_run {
            state.save_plan(&plan.resolved_yaml, &sha)?;
        }
        Ok(Session {
            site,
            plan,
            sha,
            year,
            state,
            operator,
            journal,
            history,
            lock,
            db: database,
            out,
            fingerprint,
            replanned,
        })
    }
}

/// Every `--confirm STEP` must name a step that asks for one: a manual step, a tablespaces step
/// (standby directories confirmed on PostgreSQL), or a partitions step (a MariaDB REORGANIZE
/// rewriting more rows than the site's max_rows_to_move).
fn check_confirms(plan: &Plan, confirm: &[String]) -> anyhow::Result<()> {
    let confirmable = |k: StepKind| {
        matches!(
            k,
            StepKind::Manual | StepKind::Tablespaces | StepKind::Partitions
        )
    };
    for c in confirm {
        if plan.step(c).is_none_or(|s| !confirmable(s.kind())) {
            let manual: Vec<&str> = plan
                .steps
                .iter()
                .filter(|s| confirmable(s.kind()))
                .map(|s| s.id())
                .collect();
            let steps = if manual.is_empty() {
                msg!("word-none").render()
            } else {
                manual.join(", ")
            };
            return Err(error::input(
                msg!(
                    "err-confirm-no-such-step",
                    step = c.to_string(),
                    steps = steps
                )
                .render(),
            ));
        }
    }
    Ok(())
}

/// A run takes the lock and opens the journal; a dry-run writes nothing and only reads history.
fn open_state(
    state: &StateDir,
    dry_run: bool,
    operator: &str,
) -> anyhow::Result<(Journal, History, Option<RunLock>)> {
    if dry_run {
        let records =
            crate::platform::files::read_text(&state.journal(), crate::platform::files::JOURNAL)
                .map(|t| journal::verify_text(&t).records)
                .unwrap_or_default();
        return Ok((Journal::memory(), History::from_records(&records), None));
    }
    state.create()?;
    let lock = RunLock::acquire(state, operator)?;
    let journal = Journal::open(&state.journal())?;
    let history = History::from_records(&journal.records);
    Ok((journal, history, Some(lock)))
}

/// A changed plan does not resume without `--replan`; returns the old sha256 when it does.
fn check_replan(history: &History, sha: &str, req: &Request) -> anyhow::Result<Option<String>> {
    let Some(old) = history.plan_sha256.as_ref().filter(|_| !req.dry_run) else {
        return Ok(None);
    };
    if old == sha {
        return Ok(None);
    }
    if !req.replan {
        return Err(error::input(
            msg!(
                "err-plan-changed",
                then = old[..12].to_string(),
                now = sha[..12].to_string()
            )
            .render(),
        ));
    }
    Ok(Some(old.clone()))
}

/// The live database, or the snapshot an offline plan reads.
fn open_database(req: &Request, site: &Site, out: &mut Out) -> anyhow::Result<Box<dyn Database>> {
    let url = site.db_url();
    let Some(path) = req.snapshot else {
        return db::connect(&url);
    };
    let snap = Snapshot::load(path)?;
    if snap.site_code != site.code || snap.identity.dialect != url.dialect {
        return Err(error::input(
            msg!(
                "err-snapshot-other-site",
                path = path.display().to_string(),
                snap_site = snap.site_code.clone(),
                snap_db = snap.identity.dialect.scheme(),
                site = site.code.clone(),
                site_db = url.dialect.scheme(),
                site_path = req.site_path.display().to_string()
            )
            .render(),
        ));
    }
    let (taken, name, version) = (
        crate::model::time::local_text(snap.taken_at),
        &snap.identity.name,
        &snap.identity.version,
    );
    out.line(
        msg!(
            "offline-banner",
            path = path.display().to_string(),
            taken = taken,
            name = name.clone(),
            version = version.clone()
        )
        .render(),
    );
    Ok(Box::new(SnapshotDb::new(snap)))
}

/// Who runs it: `--operator` / `YEAREND_OPERATOR`, else asked on a terminal; a run without a named
/// person is refused (`$USER` is usually `root`: not a person). A dry-run acts as nobody.
fn operator_name(req: &Request) -> anyhow::Result<String> {
    if let Some(op) = req.operator {
        return Ok(op.to_string());
    }
    if req.dry_run {
        return Ok(String::new());
    }
    match crate::platform::ask::operator_name()? {
        Some(name) => Ok(name),
        None => Err(error::input(msg!("err-operator-needed").render())),
    }
}

/// The run lock in the database session; the loser exits 4.
fn take_run_lock(
    database: &mut dyn Database,
    code: &str,
    year: i32,
    state: &StateDir,
    out: &mut Out,
) -> anyhow::Result<()> {
    let key = format!("yearend:{code}:{year}");
    let got = match database.try_run_lock(&key) {
        Ok(got) => got,
        // Oracle's DBMS_LOCK needs a grant many sites do not give: the lock file still holds.
        Err(db::DbError::Privilege(why)) if database.dialect() == Dialect::Oracle => {
            out.line(
                msg!(
                    "note-no-db-run-lock",
                    why = why,
                    dir = state.dir.display().to_string()
                )
                .render(),
            );
            true
        }
        Err(e) => {
            return Err(error::runtime(
                msg!("err-run-lock-failed", cause = e.to_string()).render(),
            ))
        }
    };
    if !got {
        return Err(error::locked(
            msg!("err-run-lock-held", key = key.to_string()).render(),
        ));
    }
    Ok(())
}

/// `run --saved`: what inspection sees now must be what was reviewed.
fn check_saved(saved: &SavedPlan, now: &Fingerprint, code: &str) -> anyhow::Result<()> {
    let differences = saved.differences(now);
    if saved.site_code == code && differences.is_empty() {
        return Ok(());
    }
    let why = if differences.is_empty() {
        msg!(
            "err-saved-other-site",
            saved = saved.site_code.clone(),
            site = code.to_string()
        )
        .render()
    } else {
        differences.join("; ")
    };
    Err(error::input(
        msg!("err-saved-plan-stale", why = why).render(),
    ))
}

impl Session {
    /// The records that open a run in the journal: replan, lock takeover, run start.
    pub fn journal_start(&mut self, req: &Request) -> anyhow::Result<()> {
        if let Some(old) = self.replanned.clone() {
            self.journal.append(Event::Replan {
                old_sha256: old,
                new_sha256: self.sha.clone(),
                operator: self.operator.clone(),
            })?;
        }
        if let Some(h) = self.lock.as_ref().and_then(|l| l.taken_over.clone()) {
            self.out
                .line(msg!("note-lock-taken-over", previous = h.describe()).render());
            self.journal.append(Event::LockTakenOver {
                previous: h.describe(),
            })?;
        }
        self.journal.append(Event::RunStart(Box::new(
            crate::record::journal::RunStart {
                format: crate::record::journal::FORMAT,
                run_id: format!(
                    "{}-{}",
                    chrono::Utc::now().format("%Y%m%dT%H%M%S"),
                    std::process::id()
                ),
                dry_run: req.dry_run,
                plan: req.plan_path.display().to_string(),
                plan_name: self.plan.name.clone(),
                plan_sha256: self.sha.clone(),
                site_code: self.site.code.clone(),
                hospital: self.site.hospital.clone(),
                year: self.year,
                today: req.today.to_string(),
                operator: self.operator.clone(),
                host: crate::record::state::host_name(),
                pid: std::process::id(),
                tool_version: env!("CARGO_PKG_VERSION").into(),
                database: self.site.db_url().display(),
                resumed: self.history.runs > 0,
            },
        )))
    }
}
