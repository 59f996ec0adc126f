//! The plan file: the tech center's per-province rollover, with `extends` and override by step id.

use super::step_config::StepConfig;
use super::step_spec::{Expect, StepKind, StepSpec, COMMON_FIELDS};
use super::types::MonthDay;
use super::SourceFile;
use crate::model::dialect::Dialect;
use crate::model::status::Level;
use crate::msg;
use crate::platform::error;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// 往年票不可用
    OldYearBillsUnusable,
    /// 往年票可用
    OldYearBillsUsable,
}

impl Mode {
    /// As written in the plan file, with its Chinese name: `old_year_bills_usable（往年票可用）`.
    pub fn shown(self) -> &'static str {
        match self {
            Mode::OldYearBillsUnusable => "old_year_bills_unusable（往年票不可用）",
            Mode::OldYearBillsUsable => "old_year_bills_usable（往年票可用）",
        }
    }
}

/// A plan file as written: everything optional, since `extends` fills the gaps.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// Due dates (MM-DD of the closing year) by step id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timetable: Option<BTreeMap<String, MonthDay>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<StepSpec>>,
}

/// A step of the resolved plan.
#[derive(Debug, Clone)]
pub struct Step {
    pub spec: StepSpec,
    /// The options of this step's kind, from `spec` after validation.
    pub config: StepConfig,
    pub due: Option<MonthDay>,
    /// Directory of the plan file that defined the step: its query files are looked up from there.
    pub base_dir: PathBuf,
}

impl Step {
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    pub fn kind(&self) -> StepKind {
        self.spec.kind
    }

    /// What to do when the step fails (操作指引), as the plan author wrote it.
    pub fn hint(&self) -> Option<&str> {
        self.spec.hint.as_deref().filter(|h| !h.trim().is_empty())
    }

    pub fn title(&self) -> String {
        self.spec
            .title
            .clone()
            .unwrap_or_else(|| self.spec.kind.default_title().to_string())
    }

    pub fn level(&self) -> Level {
        self.spec.level.unwrap_or(match self.spec.kind {
            StepKind::Check | StepKind::Manual => Level::General,
            _ => Level::Severe,
        })
    }

    pub fn stop_on_fail(&self) -> bool {
        self.spec
            .stop_on_fail
            .unwrap_or(self.spec.kind == StepKind::Preflight)
    }

    /// Where a query file named in this step is, for a dialect: beside the plan, in a dialect
    /// folder beside it, or in the repository's `sql/<dialect>/`.
    pub fn query_path(&self, name: &str, dialect: Dialect) -> Option<PathBuf> {
        query_candidates(&self.base_dir, name, dialect)
            .into_iter()
            .find(|p| p.is_file())
    }
}

fn query_candidates(base: &Path, name: &str, dialect: Dialect) -> Vec<PathBuf> {
    let d = dialect.scheme();
    vec![
        base.join(d).join(name),
        base.join("..").join("sql").join(d).join(name),
        base.join(name),
    ]
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub path: PathBuf,
    pub name: String,
    pub mode: Mode,
    pub steps: Vec<Step>,
    /// The merged plan, as YAML: what the fingerprint covers, saved in the state directory.
    pub resolved_yaml: String,
}

impl Plan {
    pub fn load(path: &Path) -> anyhow::Result<Plan> {
        let chain = read_chain(path)?;
        merge(path, chain)
    }

    /// sha256 over the resolved plan and the query files it uses for this dialect.
    pub fn sha256(&self, dialect: Dialect) -> String {
        let mut h = Sha256::new();
        h.update(self.resolved_yaml.as_bytes());
        for step in &self.steps {
            for name in step.query_names() {
                if let Some(p) = step.query_path(name, dialect) {
                    h.update(format!("\n-- query file {name}\n").as_bytes());
                    h.update(
                        crate::platform::files::read(&p, crate::platform::files::QUERY)
                            .unwrap_or_default(),
                    );
                }
            }
        }
        crate::platform::util::hex(&h.finalize())
    }

    /// Every query file the plan names must exist for the site's dialect.
    pub fn check_queries(&self, dialect: Dialect) -> anyhow::Result<()> {
        for step in &self.steps {
            for name in step.query_names() {
                if step.query_path(name, dialect).is_none() {
                    let looked: Vec<String> = query_candidates(&step.base_dir, name, dialect)
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect();
                    return Err(error::input(
                        msg!(
                            "plan-query-file-missing",
                            path = self.path.display().to_string(),
                            step = step.id().to_string(),
                            file = name.to_string(),
                            db = dialect.scheme(),
                            looked = looked.join(", ")
                        )
                        .render(),
                    ));
                }
                if let Some(path) = step.query_path(name, dialect) {
                    screen_query(&path, dialect)?;
                }
            }
        }
        Ok(())
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id() == id)
    }
}

impl Step {
    pub fn query_names(&self) -> Vec<&str> {
        [
            &self.spec.query,
            &self.spec.stock_query,
            &self.spec.usage_query,
        ]
        .into_iter()
        .filter_map(|q| q.as_deref())
        .collect()
    }
}

/// A plan query must pass the read-only guard before any run: rendered with sample values, and a
/// refusal names the file and the line of the refused construct.
fn screen_query(path: &Path, dialect: Dialect) -> anyhow::Result<()> {
    let vars = crate::sql::template::Vars {
        year: 2027,
        this_year: 2026,
        today: "2026-12-20".into(),
        schemas: vec!["schema".into()],
        hospital_code: "H".into(),
    };
    let rendered = crate::sql::template::render(path, dialect, &vars)?;
    let Err(refused) = crate::guard::plan_query(&rendered.sql, dialect) else {
        return Ok(());
    };
    let source =
        crate::platform::files::read_text(path, crate::platform::files::QUERY).unwrap_or_default();
    let culprit = refused.construct.clone().unwrap_or_default().to_lowercase();
    let line = source
        .lines()
        .position(|l| !culprit.is_empty() && l.to_lowercase().contains(&culprit))
        .map(|n| format!(":{}", n + 1))
        .unwrap_or_default();
    Err(error::input(format!(
        "{}{line}: {}",
        path.display(),
        refused.reason
    )))
}

/// The plan file and its ancestors, child first.
fn read_chain(path: &Path) -> anyhow::Result<Vec<(SourceFile, PlanFile)>> {
    let mut chain: Vec<(SourceFile, PlanFile)> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut next = path.to_path_buf();
    loop {
        let canonical = std::fs::canonicalize(&next).map_err(|e| match chain.last() {
            None => error::input(
                msg!(
                    "err-file-unreadable",
                    path = next.display().to_string(),
                    what = msg!("noun-plan-file"),
                    reason = super::io_reason(&e)
                )
                .render(),
            ),
            Some((child, _)) => child.error_at(
                "extends",
                msg!(
                    "plan-extends-unreadable",
                    path = next.display().to_string(),
                    reason = super::io_reason(&e)
                ),
            ),
        })?;
        if let Some(first) = seen.iter().position(|p| p == &canonical) {
            let names: Vec<String> = seen[first..]
                .iter()
                .chain(std::iter::once(&canonical))
                .map(|p| {
                    p.file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect();
            let (child, _) = chain.last().expect("a cycle needs a child");
            return Err(child.error_at(
                "extends",
                msg!("plan-extends-cycle", chain = names.join(" → ")),
            ));
        }
        seen.push(canonical.clone());
        let file = SourceFile::read(&next, crate::msg!("noun-plan-file"))?;
        let parsed: PlanFile = file.parse()?;
        check_file(&file, &parsed)?;
        let parent = parsed
            .extends
            .as_ref()
            .map(|e| canonical.parent().unwrap_or(Path::new(".")).join(e));
        chain.push((file, parsed));
        match parent {
            Some(p) => next = p,
            None => return Ok(chain),
        }
    }
}

/// Checks that need only one file: step ids, and which fields each step kind takes.
fn check_file(file: &SourceFile, plan: &PlanFile) -> anyhow::Result<()> {
    let mut ids = HashSet::new();
    for (i, step) in plan.steps.iter().flatten().enumerate() {
        let at = format!("steps[{i}]");
        let id_ok = !step.id.is_empty()
            && step
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !id_ok {
            return Err(file.error_at(
                &format!("{at}.id"),
                msg!("plan-bad-step-id", step = step.id.clone()),
            ));
        }
        if !ids.insert(step.id.as_str()) {
            return Err(file.error_at(
                &format!("{at}.id"),
                msg!("plan-duplicate-step-id", step = step.id.clone()),
            ));
        }
        check_fields(file, &at, step)?;
        check_values(file, &at, step)?;
    }
    Ok(())
}

/// The fields a step of its kind takes, and nothing else.
fn check_fields(file: &SourceFile, at: &str, step: &StepSpec) -> anyhow::Result<()> {
    let (required, optional) = step.kind.fields();
    let present = present_fields(step);
    for field in &present {
        if !COMMON_FIELDS.contains(&field.as_str())
            && !required.contains(&field.as_str())
            && !optional.contains(&field.as_str())
        {
            let mut takes: Vec<&str> = required.iter().chain(optional.iter()).copied().collect();
            if takes.is_empty() {
                takes.push("no fields beyond id, kind, title, owner, level, stop_on_fail");
            }
            return Err(file.error_at(
                &format!("{at}.{field}"),
                msg!(
                    "plan-field-not-for-kind",
                    step = step.id.clone(),
                    field = field.to_string(),
                    kind = step.kind.name(),
                    takes = takes.join(", ")
                ),
            ));
        }
    }
    for field in required {
        if !present.iter().any(|p| p == field) {
            return Err(file.error_at(
                at,
                msg!(
                    "plan-field-needed",
                    step = step.id.clone(),
                    kind = step.kind.name(),
                    field = field.to_string()
                ),
            ));
        }
    }
    Ok(())
}

/// Values that parse but cannot be right: empty lists, rules without {year}, SQL-style patterns.
fn check_values(file: &SourceFile, at: &str, step: &StepSpec) -> anyhow::Result<()> {
    if let Some(expect) = &step.expect {
        check_expect(expect).map_err(|why| {
            file.error_at(
                &format!("{at}.expect"),
                format!("step `{}`: {why}", step.id),
            )
        })?;
    }
    for (key, list) in [
        ("names", &step.names),
        ("include", &step.include),
        ("exclude", &step.exclude),
    ] {
        if let Some(list) = list {
            if list.is_empty() {
                return Err(file.error_at(
                    &format!("{at}.{key}"),
                    msg!(
                        "plan-list-empty",
                        step = step.id.clone(),
                        key = key.to_string()
                    ),
                ));
            }
        }
    }
    for (key, list) in [("include", &step.include), ("exclude", &step.exclude)] {
        for (j, pat) in list.iter().flatten().enumerate() {
            if pat.contains('%') {
                return Err(file.error_at(
                    &format!("{at}.{key}[{j}]"),
                    msg!(
                        "plan-percent-pattern",
                        step = step.id.clone(),
                        pattern = pat.to_string(),
                        glob = pat.replace('%', "*")
                    ),
                ));
            }
        }
    }
    if let Some(names) = &step.names {
        for (j, n) in names.iter().enumerate() {
            if !n.contains("{year}") {
                return Err(file.error_at(
                    &format!("{at}.names[{j}]"),
                    msg!(
                        "plan-tablespace-no-year",
                        step = step.id.clone(),
                        name = n.to_string()
                    ),
                ));
            }
        }
    }
    if let Some(ts) = &step.tablespace {
        if !ts.contains("{year}") {
            return Err(file.error_at(
                &format!("{at}.tablespace"),
                msg!(
                    "plan-tablespace-no-year",
                    step = step.id.clone(),
                    name = ts.to_string()
                ),
            ));
        }
    }
    if let Some(f) = step.safety_factor {
        if !(1.0..=10.0).contains(&f) {
            return Err(file.error_at(
                &format!("{at}.safety_factor"),
                msg!(
                    "plan-safety-factor",
                    step = step.id.clone(),
                    value = f.to_string()
                ),
            ));
        }
    }
    Ok(())
}

fn present_fields(step: &StepSpec) -> Vec<String> {
    match serde_json::to_value(step) {
        Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn check_expect(e: &Expect) -> Result<(), String> {
    let counts = [e.rows.is_some(), e.min_rows.is_some(), e.max_rows.is_some()]
        .iter()
        .filter(|b| **b)
        .count();
    let compare = [e.column.is_some(), e.op.is_some(), e.value.is_some()];
    let compare_set = compare.iter().filter(|b| **b).count();
    if compare_set != 0 && compare_set != 3 {
        return Err("a value expectation needs all of `column`, `op` and `value`".into());
    }
    if counts + compare_set / 3 != 1 {
        return Err(
            "`expect` takes exactly one of: rows, min_rows, max_rows, or column + op + value"
                .into(),
        );
    }
    Ok(())
}

/// One due date per step: a step's `deadline:` and its timetable date must agree (refused naming
/// both otherwise); either one alone is the step's due date and its deadline.
fn one_due_date(
    chain: &[(SourceFile, PlanFile)],
    timetable: &BTreeMap<String, (MonthDay, usize)>,
    steps: &mut [Step],
) -> anyhow::Result<()> {
    for step in steps.iter_mut() {
        match (step.spec.deadline, step.due) {
            (Some(deadline), Some(due)) if deadline != due => {
                let (_, file_idx) = timetable[&step.spec.id];
                return Err(chain[file_idx].0.error_at(
                    &format!("timetable.{}", step.spec.id),
                    msg!(
                        "plan-two-due-dates",
                        step = step.spec.id.clone(),
                        timetable = due.to_string(),
                        deadline = deadline.to_string()
                    ),
                ));
            }
            // The resolved plan is kept as written (its sha256 is the plan's identity): the
            // evidence reads a deadline-only step's due date from the step.
            (Some(deadline), None) => step.due = Some(deadline),
            (None, Some(due)) => step.config.deadline_from_timetable(due),
            _ => {}
        }
    }
    Ok(())
}

/// Root first, each child overriding: scalars replace, timetable entries replace by key, steps
/// replace by id in place and new steps append.
fn merge(path: &Path, chain: Vec<(SourceFile, PlanFile)>) -> anyhow::Result<Plan> {
    let mut name = None;
    let mut description = None;
    let mut mode = None;
    let mut timetable: BTreeMap<String, (MonthDay, usize)> = BTreeMap::new();
    let mut steps: Vec<Step> = Vec::new();
    for (file_idx, (file, parsed)) in chain.iter().enumerate().rev() {
        let dir = file.path.parent().unwrap_or(Path::new(".")).to_path_buf();
        name = parsed.name.clone().or(name);
        description = parsed.description.clone().or(description);
        mode = parsed.mode.or(mode);
        for (k, v) in parsed.timetable.iter().flatten() {
            timetable.insert(k.clone(), (*v, file_idx));
        }
        for spec in parsed.steps.iter().flatten() {
            let step = Step {
                spec: spec.clone(),
                config: StepConfig::of(spec),
                due: None,
                base_dir: dir.clone(),
            };
            match steps.iter_mut().find(|s| s.spec.id == spec.id) {
                Some(existing) => *existing = step,
                None => steps.push(step),
            }
        }
    }
    let (child, _) = &chain[0];
    for (id, (due, file_idx)) in &timetable {
        match steps.iter_mut().find(|s| &s.spec.id == id) {
            Some(step) => step.due = Some(*due),
            None => {
                let ids: Vec<&str> = steps.iter().map(|s| s.spec.id.as_str()).collect();
                let suggestion = super::suggest::closest(id, &ids)
                    .map(|w| msg!("did-you-mean", word = w.to_string()).render())
                    .unwrap_or_default();
                return Err(chain[*file_idx].0.error_at(
                    &format!("timetable.{id}"),
                    msg!(
                        "plan-timetable-unknown-step",
                        step = id.to_string(),
                        suggestion = suggestion,
                        steps = ids.join(", ")
                    ),
                ));
            }
        }
    }
    one_due_date(&chain, &timetable, &mut steps)?;
    let mode = mode.ok_or_else(|| child.error_at("mode", msg!("plan-no-mode")))?;
    if steps.is_empty() {
        return Err(child.error_at("steps", msg!("plan-no-steps")));
    }
    let resolved = PlanFile {
        extends: None,
        name: name.clone(),
        description,
        mode: Some(mode),
        timetable: Some(
            timetable
                .iter()
                .map(|(k, (v, _))| (k.clone(), *v))
                .collect(),
        ),
        steps: Some(steps.iter().map(|s| s.spec.clone()).collect()),
    };
    let resolved_yaml = serde_norway::to_string(&resolved).expect("a plan serializes");
    Ok(Plan {
        path: path.to_path_buf(),
        name: name.unwrap_or_else(|| {
            path.file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        }),
        mode,
        steps,
        resolved_yaml,
    })
}
