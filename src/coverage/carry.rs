//! What a new PostgreSQL partition must carry that its parent does not give it. Vendor schemas
//! and pg_partman often define the primary key, `UNIQUE (bill_no, …)`, other indexes, grants,
//! the owner, UNLOGGED and storage options on each child: a new child without them accepts
//! duplicate bill numbers in January. The model is pg_partman's template table when there is
//! one, else what the last three children all share; an expression that holds the child's own
//! range is translated to the new child's range when it matches the child's bounds exactly.

use crate::model::catalog::{Carried, Partition, Property, Table};
use std::collections::BTreeSet;

/// Placeholders for a child's own bounds inside a definition.
const LOWER: &str = "{LOWER}";
const UPPER: &str = "{UPPER}";

/// What every new child of a table gets, beside its bounds.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Carry {
    /// Where the model came from: pg_partman's template, or the last partitions.
    pub source: String,
    /// The partition (or template table) whose names new children's property names follow.
    pub model_child: String,
    /// The year of the model partition's first day, for indexes in per-year tablespaces.
    pub model_year: Option<i32>,
    pub unlogged: bool,
    pub options: Vec<String>,
    pub owner: Option<String>,
    /// (grantee, privileges); PUBLIC as "".
    pub grants: Vec<(String, Vec<String>)>,
    /// Index definitions after `ON <table> `, bounds as placeholders; with the model's name and
    /// tablespace.
    pub indexes: Vec<Model>,
    /// Constraint definitions, bounds as placeholders.
    pub constraints: Vec<Model>,
    /// Row-level security enabled, and forced, on every recent sibling.
    pub row_security: bool,
    pub force_row_security: bool,
    /// Policies every recent sibling has: (name, what follows `ON table`).
    pub policies: Vec<(String, String)>,
    /// Comments every recent sibling has, the same: (column, or none for the table; text).
    pub comments: Vec<(Option<String>, String)>,
    /// Row triggers every recent sibling defines on itself, with their enabled state.
    pub triggers: Vec<Trigger>,
}

/// A trigger a new child gets: `CREATE TRIGGER name {events} ON child {tail}`, bounds in `tail`
/// as placeholders; `state` as pg_trigger.tgenabled says it (O on, D off, R replica, A always).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Trigger {
    pub name: String,
    pub events: String,
    pub tail: String,
    pub state: char,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Model {
    pub name: String,
    pub unique: bool,
    pub definition: String,
    /// The model's tablespace ("" for the default).
    pub tablespace: String,
    /// Its next-year twin (the year in its name replaced), when that tablespace exists.
    pub next_year_tablespace: Option<String>,
}

impl Model {
    /// Where a child of `year` puts this index.
    pub fn tablespace_for(&self, year: Option<i32>, model_year: Option<i32>) -> Option<String> {
        let moved = year.is_some() && year != model_year;
        match (&self.next_year_tablespace, moved) {
            (Some(next), true) => Some(next.clone()),
            _ => (!self.tablespace.is_empty()).then(|| self.tablespace.clone()),
        }
    }
}

impl Carry {
    pub fn is_empty(&self) -> bool {
        !self.unlogged
            && self.options.is_empty()
            && self.grants.is_empty()
            && self.indexes.is_empty()
            && self.constraints.is_empty()
            && !self.row_security
            && !self.force_row_security
            && self.policies.is_empty()
            && self.comments.is_empty()
            && self.triggers.is_empty()
    }
}

/// The literal texts of a partition's bounds as the catalog prints them: (lower, upper).
pub fn bound_texts(p: &Partition) -> Option<(String, String)> {
    let raw = p.high_value.as_deref()?;
    let rest = raw.trim().strip_prefix("FOR VALUES FROM (")?;
    let (lower, rest) = rest.split_once(") TO (")?;
    Some((
        lower.trim().to_string(),
        rest.strip_suffix(')')?.trim().to_string(),
    ))
}

/// `text` with every occurrence of the literal `lit` replaced, where it stands alone (a number
/// is not replaced inside a longer number).
fn replace_literal(text: &str, lit: &str, with: &str) -> String {
    if lit.is_empty() {
        return text.to_string();
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(lit) {
        let before = rest[..at].chars().last();
        let after = rest[at + lit.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        out.push_str(&rest[..at]);
        if word(before) || word(after) {
            out.push_str(lit);
        } else {
            out.push_str(with);
        }
        rest = &rest[at + lit.len()..];
    }
    out.push_str(rest);
    out
}

/// A definition with the child's own bounds as placeholders (quoted and bare forms).
pub(crate) fn with_placeholders(def: &str, bounds: Option<&(String, String)>) -> String {
    let Some((lo, hi)) = bounds else {
        return def.to_string();
    };
    let mut d = def.to_string();
    for (lit, ph) in [(lo, LOWER), (hi, UPPER)] {
        d = replace_literal(&d, lit, ph);
        let bare = lit.trim_matches('\'');
        if bare != lit.as_str() {
            d = replace_literal(&d, bare, ph);
        }
    }
    d
}

/// `CREATE UNIQUE INDEX name ON schema.table USING btree (x)` → (true, `USING btree (x)`).
pub(crate) fn index_rest(def: &str) -> Option<(bool, String)> {
    let (unique, rest) = match def.strip_prefix("CREATE UNIQUE INDEX ") {
        Some(r) => (true, r),
        None => (false, def.strip_prefix("CREATE INDEX ")?),
    };
    let (_, after_on) = rest.split_once(" ON ")?;
    let after_on = after_on.strip_prefix("ONLY ").unwrap_or(after_on);
    let (_, tail) = after_on.split_once(' ')?;
    Some((unique, tail.to_string()))
}

/// One partition's properties, comparable across partitions: names, tables and tablespaces
/// left out, its own bounds as placeholders.
pub fn normalized(c: &Carried, bounds: Option<&(String, String)>) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for i in &c.indexes {
        if let Some((unique, rest)) = index_rest(&i.definition) {
            let u = if unique { "UNIQUE " } else { "" };
            set.insert(format!("index {u}{}", with_placeholders(&rest, bounds)));
        }
    }
    for k in &c.constraints {
        set.insert(format!(
            "constraint {}",
            with_placeholders(&k.definition, bounds)
        ));
    }
    if c.unlogged {
        set.insert("unlogged".into());
    }
    for o in &c.options {
        set.insert(format!("option {o}"));
    }
    if !c.owner.is_empty() {
        set.insert(format!("owner {}", c.owner));
    }
    for (grantee, privs) in grants(&c.acl, &c.owner) {
        set.insert(format!("grant {} to {grantee}", privs.join(",")));
    }
    set
}

/// Grants of a relacl text, without the owner's own: (grantee, privileges).
pub fn grants(acl: &str, owner: &str) -> Vec<(String, Vec<String>)> {
    let names = [
        ('r', "SELECT"),
        ('a', "INSERT"),
        ('w', "UPDATE"),
        ('d', "DELETE"),
        ('D', "TRUNCATE"),
        ('x', "REFERENCES"),
        ('t', "TRIGGER"),
    ];
    acl.trim_matches(|c| c == '{' || c == '}')
        .split(',')
        .filter_map(|item| {
            let (grantee, rest) = item.trim().trim_matches('"').split_once('=')?;
            let letters = rest.split('/').next().unwrap_or("");
            let privs: Vec<String> = names
                .iter()
                .filter(|(l, _)| letters.contains(*l))
                .map(|(_, n)| n.to_string())
                .collect();
            (grantee != owner && !privs.is_empty()).then(|| (grantee.to_string(), privs))
        })
        .collect()
}

/// What new children of `table` carry, from its template or its last three partitions (in
/// bound order, newest last); an error is the review reason.
pub fn of(table: &Table, newest_last: &[&Partition]) -> Result<Carry, String> {
    let last: Vec<&Partition> = newest_last.iter().rev().take(3).rev().copied().collect();
    let Some(newest) = last.last() else {
        return Ok(Carry::default());
    };
    let sets: Vec<BTreeSet<String>> = last
        .iter()
        .map(|p| {
            normalized(
                &p.carried.clone().unwrap_or_default(),
                bound_texts(p).as_ref(),
            )
        })
        .collect();
    let shared: BTreeSet<String> = sets.iter().skip(1).fold(sets[0].clone(), |acc, s| {
        acc.intersection(s).cloned().collect()
    });
    let mine = &sets[sets.len() - 1];
    if let Some(odd) = mine.difference(&shared).next() {
        return Err(format!(
            "partition {} has `{odd}` that its previous partitions do not share (a range it does not match exactly, or a change by hand): new partitions cannot be told whether to carry it",
            newest.name
        ));
    }
    let newest_carried = newest.carried.clone().unwrap_or_default();
    let bounds = bound_texts(newest);
    let mut carry = match &table.template {
        Some((name, tpl)) => {
            let mut c = from_model(tpl, None, &format!("pg_partman template {name}"));
            c.model_child = name.rsplit('.').next().unwrap_or(name).to_string();
            c
        }
        None => {
            let mut c = from_model(&newest_carried, bounds.as_ref(), "the last partitions");
            c.model_child = newest.name.clone();
            c
        }
    };
    if table.template.is_some() {
        carry.owner = (!newest_carried.owner.is_empty()).then(|| newest_carried.owner.clone());
        carry.grants = grants(&newest_carried.acl, &newest_carried.owner);
    }
    if let Some(leftover) = carry
        .indexes
        .iter()
        .chain(&carry.constraints)
        .find(|m| holds_a_date(&m.definition))
    {
        return Err(format!(
            "`{}` on {} holds a date that is not the partition's own bound: it is never copied as it is",
            leftover.definition, newest.name
        ));
    }
    Ok(carry)
}

fn from_model(c: &Carried, bounds: Option<&(String, String)>, source: &str) -> Carry {
    let model = |p: &Property, unique: bool, def: String| Model {
        name: p.name.clone(),
        unique,
        definition: with_placeholders(&def, bounds),
        tablespace: p.extra.clone(),
        next_year_tablespace: None,
    };
    Carry {
        source: source.to_string(),
        model_child: String::new(),
        model_year: None,
        unlogged: c.unlogged,
        options: c.options.clone(),
        owner: (!c.owner.is_empty()).then(|| c.owner.clone()),
        grants: grants(&c.acl, &c.owner),
        indexes: c
            .indexes
            .iter()
            .filter_map(|i| index_rest(&i.definition).map(|(u, rest)| model(i, u, rest)))
            .collect(),
        constraints: c
            .constraints
            .iter()
            .map(|k| model(k, false, k.definition.clone()))
            .collect(),
        ..Carry::default()
    }
}

/// A quoted date literal left after the bounds were taken out.
fn holds_a_date(def: &str) -> bool {
    def.split('\'').skip(1).step_by(2).any(|s| {
        let b = s.as_bytes();
        b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[7] == b'-'
    })
}

/// A definition for a new child: its bounds' literals in place of the placeholders.
pub fn instantiate(def: &str, lower: &str, upper: &str) -> String {
    def.replace(LOWER, lower).replace(UPPER, upper)
}

/// A name for the new child's copy of a property named after the model child (`bill_p202612_pkey`
/// → `bill_p202701_pkey`); otherwise the new child's name with a suffix.
pub fn derive_name(model_name: &str, model_child: &str, new_child: &str, suffix: &str) -> String {
    if model_name.contains(model_child) {
        model_name.replacen(model_child, new_child, 1)
    } else {
        format!("{new_child}_{suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child(name: &str, lo: &str, hi: &str, unique_no: bool) -> Partition {
        let mut indexes = vec![Property {
            name: format!("{name}_d_idx"),
            definition: format!("CREATE INDEX {name}_d_idx ON einv.{name} USING btree (d) WHERE (d >= '{lo}'::date)"),
            extra: String::new(),
        }];
        if unique_no {
            indexes.push(Property {
                name: format!("{name}_no"),
                definition: format!(
                    "CREATE UNIQUE INDEX {name}_no ON einv.{name} USING btree (bill_no)"
                ),
                extra: String::new(),
            });
        }
        Partition {
            name: name.into(),
            lower: None,
            upper: crate::model::catalog::Bound::Max,
            high_value: Some(format!("FOR VALUES FROM ('{lo}') TO ('{hi}')")),
            is_default: false,
            tablespace: None,
            subpartitioned: false,
            default_bytes: None,
            carried: Some(Carried {
                attributes: Default::default(),
                indexes,
                constraints: vec![Property {
                    name: format!("{name}_pkey"),
                    definition: "PRIMARY KEY (id, d)".into(),
                    extra: "p".into(),
                }],
                owner: "einv_owner".into(),
                unlogged: false,
                options: vec!["fillfactor=70".into()],
                acl: "{einv_owner=arwdDxt/einv_owner,app_reader=ard/einv_owner}".into(),
                oid: None,
            }),
        }
    }

    #[test]
    fn shared_properties_are_carried_with_ranges_translated() {
        let parts = [
            child("bill_p202610", "2026-10-01", "2026-11-01", true),
            child("bill_p202611", "2026-11-01", "2026-12-01", true),
            child("bill_p202612", "2026-12-01", "2027-01-01", true),
        ];
        let refs: Vec<&Partition> = parts.iter().collect();
        let c = of(&Table::default(), &refs).unwrap();
        assert_eq!(c.indexes.len(), 2);
        let partial = c
            .indexes
            .iter()
            .find(|m| m.definition.contains("WHERE"))
            .unwrap();
        assert_eq!(
            partial.definition,
            "USING btree (d) WHERE (d >= {LOWER}::date)"
        );
        assert_eq!(
            instantiate(&partial.definition, "'2027-01-01'", "'2027-02-01'"),
            "USING btree (d) WHERE (d >= '2027-01-01'::date)"
        );
        assert_eq!(
            c.grants,
            vec![(
                "app_reader".into(),
                vec!["SELECT".into(), "INSERT".into(), "DELETE".into()]
            )]
        );
        assert_eq!(
            (c.owner.as_deref(), c.options.clone()),
            (Some("einv_owner"), vec!["fillfactor=70".to_string()])
        );
        assert_eq!(
            derive_name("bill_p202612_no", "bill_p202612", "bill_p202701", "1"),
            "bill_p202701_no"
        );
    }

    #[test]
    fn a_property_only_the_newest_child_has_goes_to_review() {
        let parts = [
            child("bill_p202611", "2026-11-01", "2026-12-01", false),
            child("bill_p202612", "2026-12-01", "2027-01-01", true),
        ];
        let refs: Vec<&Partition> = parts.iter().collect();
        let why = of(&Table::default(), &refs).unwrap_err();
        assert!(
            why.contains("UNIQUE") && why.contains("bill_p202612"),
            "{why}"
        );
    }

    #[test]
    fn numbers_are_replaced_only_where_they_stand_alone() {
        assert_eq!(
            replace_literal("k >= 202612 AND k < 2026120", "202612", "{L}"),
            "k >= {L} AND k < 2026120"
        );
    }
}
