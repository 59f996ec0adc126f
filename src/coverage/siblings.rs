//! A new PostgreSQL child is indistinguishable from its siblings, or its table is named. Each
//! child's facets (its `pg_class` and `pg_attribute` rows, every object that depends on it,
//! comments, labels: `catalog/fingerprint.sql`) are read with its own name and bounds put back as
//! placeholders, then compared with what its recent siblings share.
//!
//! The siblings are the last three children that start before the new year: the last three
//! periods, whatever the period. A facet all three have with one value is expected of every new
//! child, which must have nothing the siblings do not; a facet only some of them have, or all
//! have with different values (a comment naming the month), is a note: new children are not
//! judged on it.

use crate::coverage::carry::{bound_texts, index_rest, with_placeholders};
use crate::model::catalog::{ChildFacet, Partition};
use crate::msg;
use std::collections::{BTreeMap, BTreeSet};

/// How many children before the new year a new child is compared with.
pub const SIBLINGS: usize = 3;

/// A child's facets: what (`policy einv.{CHILD}.org_only`) → its value.
pub type Facets = BTreeMap<String, String>;

/// The children of one table a comparison reads: the siblings, oldest first, and the children of
/// the new year (or later) that exist already.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recent {
    pub siblings: Vec<String>,
    pub new: Vec<String>,
}

/// What the siblings share, and where they or the new children depart from it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comparison {
    /// Every facet all siblings have with one value.
    pub expected: Facets,
    /// Facets only some siblings have, or that vary child by child.
    pub notes: Vec<String>,
    /// `child: what` for each new child that lacks, changes or adds a facet.
    pub differences: Vec<String>,
}

/// The placeholder for the child's own name inside a definition.
const CHILD: &str = "{CHILD}";

/// `text` with the child's name replaced where it is a whole identifier, or the start of one
/// followed by `_` (`bill_p202612_pkey`): never inside a longer name (a monthly child's name is a
/// prefix of a daily one's), then with its bounds as placeholders.
pub fn normalize(text: &str, child: &str, bounds: Option<&(String, String)>) -> String {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word == child {
            out.push_str(CHILD);
        } else if let Some(rest) = word
            .strip_prefix(child)
            .filter(|rest| rest.starts_with('_'))
        {
            out.push_str(CHILD);
            out.push_str(rest);
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if ident(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    with_placeholders(&out, bounds)
}

/// A catalog row ready for any child that has it: class and column rows are expanded into
/// their fields once (most children share them, and they never hold a child's own name).
pub struct Row<'r> {
    pub row: &'r ChildFacet,
    fields: Option<Vec<(String, String)>>,
}

impl<'r> Row<'r> {
    pub fn new(row: &'r ChildFacet) -> Row<'r> {
        let fields = matches!(row.kind.as_str(), "class" | "column")
            .then(|| expand(&row.kind, &row.ident, &row.detail));
        Row { row, fields }
    }
}

fn expand(kind: &str, ident: &str, detail: &str) -> Vec<(String, String)> {
    let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(detail) else {
        return vec![(format!("{kind} {ident}"), detail.to_string())];
    };
    let at = if ident.is_empty() {
        kind.to_string()
    } else {
        format!("{kind} {ident}")
    };
    fields
        .into_iter()
        .map(|(k, v)| (format!("{at} {k}"), v.to_string()))
        .collect()
}

/// The facets of one child from its catalog rows.
pub fn facets(p: &Partition, rows: &[&Row]) -> Facets {
    let bounds = bound_texts(p);
    let norm = |t: &str| normalize(t, &p.name, bounds.as_ref());
    let mut out = Facets::new();
    let mut put = |key: String, value: String| {
        let key = match out.entry(key) {
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(value);
                return;
            }
            std::collections::btree_map::Entry::Occupied(e) => e.key().clone(),
        };
        let mut n = 2;
        while out.contains_key(&format!("{key} #{n}")) {
            n += 1;
        }
        out.insert(format!("{key} #{n}"), value);
    };
    for row in rows {
        if let Some(fields) = &row.fields {
            for (k, v) in fields {
                put(k.clone(), v.clone());
            }
            continue;
        }
        let r = row.row;
        match r.kind.as_str() {
            // Index and constraint names follow the child or not: their definitions say what they are.
            "index" => {
                let def = index_rest(&r.detail).map_or(r.detail.clone(), |(u, rest)| {
                    format!("{}{rest}", if u { "UNIQUE " } else { "" })
                });
                put(format!("index {}", norm(&def)), r.flags.clone());
            }
            "table constraint" => put(format!("constraint {}", norm(&r.detail)), r.flags.clone()),
            "publication relation" => put(format!("publication {}", r.detail), r.flags.clone()),
            // Foreign keys' own triggers follow their constraint, under an oid-numbered name.
            "trigger" if r.detail == "INTERNAL" => {}
            "default" | "comment" | "toast" => put(
                format!("{} {}", r.kind, r.ident).trim().to_string(),
                norm(&r.detail),
            ),
            kind => {
                let value = format!("{} {}", norm(&r.detail), r.flags);
                put(
                    format!("{kind} {}", norm(&r.ident)),
                    value.trim().to_string(),
                );
            }
        }
    }
    out
}

/// The siblings' shared facets, and each new child held against them. With a pg_partman
/// template, indexes and constraints come from the template (checked against it apart), so a new
/// child may have ones its siblings lack.
pub fn compare(
    siblings: &[(&str, &Facets)],
    new: &[(&str, &Facets)],
    template: bool,
) -> Comparison {
    let mut c = Comparison::default();
    let Some((_, first)) = siblings.first() else {
        return c;
    };
    let keys: BTreeSet<&String> = siblings.iter().flat_map(|(_, f)| f.keys()).collect();
    for &key in &keys {
        let values: Vec<Option<&String>> = siblings.iter().map(|(_, f)| f.get(key)).collect();
        let have = values.iter().filter(|v| v.is_some()).count();
        if have < siblings.len() {
            let names: Vec<&str> = siblings
                .iter()
                .filter(|(_, f)| f.contains_key(key))
                .map(|(n, _)| *n)
                .collect();
            c.notes.push(
                msg!(
                    "sib-uneven",
                    what = key.clone(),
                    children = names.join(", ")
                )
                .render(),
            );
        } else if values.iter().all(|v| *v == values[0]) {
            c.expected.insert(key.clone(), first[key].clone());
        } else {
            c.notes
                .push(msg!("sib-varies", what = key.clone()).render());
        }
    }
    for (child, f) in new {
        for (key, want) in &c.expected {
            match f.get(key) {
                None => c.differences.push(
                    msg!(
                        "sib-missing",
                        child = child.to_string(),
                        what = shown(key, want)
                    )
                    .render(),
                ),
                Some(got) if got != want => c.differences.push(
                    msg!(
                        "sib-changed",
                        child = child.to_string(),
                        what = key.clone(),
                        want = want.clone(),
                        got = got.clone()
                    )
                    .render(),
                ),
                _ => {}
            }
        }
        let from_template =
            |k: &str| template && (k.starts_with("index ") || k.starts_with("constraint "));
        for (key, got) in f
            .iter()
            .filter(|(k, _)| !keys.contains(k) && !from_template(k))
        {
            c.differences.push(
                msg!(
                    "sib-extra",
                    child = child.to_string(),
                    what = shown(key, got)
                )
                .render(),
            );
        }
    }
    c
}

fn shown(key: &str, value: &str) -> String {
    if value.is_empty() {
        key.to_string()
    } else {
        format!("{key} = {value}")
    }
}

/// What the siblings share that a child yearend creates would not have: `CREATE TABLE …
/// PARTITION OF` gives the parent's columns, defaults, inherited constraints, attached indexes
/// and cloned triggers and foreign keys; yearend adds what `carry` carries (local indexes and
/// constraints, owner, grants, persistence, storage options). Anything else the siblings all
/// have is listed here, and the table is not extended without it.
pub fn not_carried(expected: &Facets) -> Vec<String> {
    expected
        .iter()
        .filter(|(k, v)| !given(k, v))
        .map(|(k, v)| shown(k, v))
        .collect()
}

fn given(key: &str, value: &str) -> bool {
    let kind = key.split(' ').next().unwrap_or_default();
    let inherited = value
        .split(' ')
        .any(|w| w == "INHERITED" || w == "ATTACHED");
    let field = key.rsplit(' ').next().unwrap_or_default();
    match kind {
        "policy" => policy(key, value).is_some(),
        "comment" => comment(key, value).is_some(),
        // Row security, enabled and forced, is carried; a replica identity is not.
        "class" => field != "relreplident" || value == "\"d\"",
        "column" => match field {
            "attstattarget" => value == "-1",
            "attoptions" | "attacl" | "attfdwoptions" => value == "null",
            _ => true,
        },
        "default" => true,
        "toast" => value.is_empty(),
        "index" => inherited || value.is_empty(),
        "constraint" => true,
        "trigger" => inherited || trigger(key, value).is_some(),
        "referenced" => inherited,
        _ => false,
    }
}

/// What of the siblings' shared facets yearend carries beside `carry::of`'s model: row-level
/// security (enabled, forced), the policies and the comments.
pub fn carry_extras(expected: &Facets, carry: &mut crate::coverage::carry::Carry) {
    let on = |field: &str| {
        expected
            .get(&format!("class {field}"))
            .is_some_and(|v| v == "true")
    };
    carry.row_security = on("relrowsecurity");
    carry.force_row_security = on("relforcerowsecurity");
    carry.policies = expected.iter().filter_map(|(k, v)| policy(k, v)).collect();
    carry.comments = expected.iter().filter_map(|(k, v)| comment(k, v)).collect();
    carry.triggers = expected.iter().filter_map(|(k, v)| trigger(k, v)).collect();
}

/// A row trigger defined on each child (`trigger einv.{CHILD}.stamp` = `CREATE TRIGGER stamp
/// BEFORE INSERT ON einv.{CHILD} FOR EACH ROW EXECUTE FUNCTION einv.stamp() ENABLED O`) as what a
/// new child's copy needs; `None` for a constraint trigger, one whose text names the child
/// elsewhere than its table, or one that cannot be read back.
fn trigger(key: &str, value: &str) -> Option<crate::coverage::carry::Trigger> {
    let name = key.split_once(&format!("{CHILD}."))?.1;
    let (def, state) = value.rsplit_once(" ENABLED ")?;
    let state = state.trim().chars().next()?;
    if value.contains("INHERITED") || !"ODRA".contains(state) {
        return None;
    }
    let rest = def.strip_prefix("CREATE TRIGGER ")?;
    let after_name = rest.strip_prefix(name)?.strip_prefix(' ')?;
    let table_at = after_name.find(&format!(".{CHILD} "))?;
    let on_at = after_name[..table_at].rfind(" ON ")?;
    let events = &after_name[..on_at];
    let tail = &after_name[table_at + CHILD.len() + 2..];
    if events.contains(CHILD) || tail.contains(CHILD) || name.contains(['{', '}']) {
        return None;
    }
    Some(crate::coverage::carry::Trigger {
        name: name.to_string(),
        events: events.to_string(),
        tail: tail.to_string(),
        state,
    })
}

/// A comment facet (`comment` or `comment bill_no`) as (column, text), when its text does not
/// hold the child's own name or bounds (those vary: a note, never copied).
fn comment(key: &str, value: &str) -> Option<(Option<String>, String)> {
    let column = key.strip_prefix("comment")?;
    if value.contains(CHILD) || value.contains("{LOWER}") || value.contains("{UPPER}") {
        return None;
    }
    let column = column.strip_prefix(' ').map(str::to_string);
    Some((column, value.to_string()))
}

/// A policy facet (`policy einv.{CHILD}.name` = `FOR r PERMISSIVE TO report USING (…)`) as the
/// name and what follows `ON table` in its CREATE POLICY; `None` when it cannot be read back.
fn policy(key: &str, value: &str) -> Option<(String, String)> {
    let name = key.split_once(&format!("{CHILD}."))?.1;
    let rest = value.strip_prefix("FOR ")?;
    let (cmd, rest) = rest.split_once(' ')?;
    let cmd = match cmd {
        "r" => "SELECT",
        "a" => "INSERT",
        "w" => "UPDATE",
        "d" => "DELETE",
        "*" => "ALL",
        _ => return None,
    };
    let (kind, rest) = rest.split_once(" TO ")?;
    let (roles, exprs) = rest.split_once(' ').unwrap_or((rest, ""));
    let roles: Vec<String> = roles
        .split(',')
        .map(|r| match r {
            "public" => "PUBLIC".to_string(),
            r => crate::sql::name::quote(crate::model::dialect::Dialect::Postgres, r),
        })
        .collect();
    if !matches!(kind, "PERMISSIVE" | "RESTRICTIVE") || name.contains(['{', '}']) {
        return None;
    }
    let exprs = if exprs.is_empty() {
        String::new()
    } else {
        format!(" {exprs}")
    };
    Some((
        name.to_string(),
        format!("AS {kind} FOR {cmd} TO {}{exprs}", roles.join(", ")),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::Bound;

    fn child(name: &str, lo: &str, hi: &str) -> Partition {
        Partition {
            high_value: Some(format!("FOR VALUES FROM ('{lo}') TO ('{hi}')")),
            ..Partition::bounded(name, Bound::Max)
        }
    }

    fn row(kind: &str, ident: &str, detail: &str, flags: &str) -> ChildFacet {
        ChildFacet {
            oids: vec![1],
            kind: kind.into(),
            ident: ident.into(),
            detail: detail.into(),
            flags: flags.into(),
        }
    }

    fn of(name: &str, lo: &str, hi: &str, rls: bool, policy: bool, stats: i32) -> Facets {
        let mut rows = vec![
            row("class", "", &format!("{{\"relkind\": \"r\", \"relrowsecurity\": {rls}}}"), ""),
            row("column", "bill_no", &format!("{{\"attstattarget\": {stats}, \"attacl\": null}}"), ""),
            row(
                "index",
                &format!("einv.{name}_no"),
                &format!("CREATE INDEX {name}_no ON einv.{name} USING btree (bill_no) WHERE (k >= '{lo}'::date)"),
                "",
            ),
            row("comment", "", &format!("{}月账单", &lo[5..7]), ""),
        ];
        if policy {
            rows.push(row(
                "policy",
                &format!("einv.{name}.org_only"),
                "FOR r PERMISSIVE TO report USING ((org = 1))",
                "",
            ));
        }
        let rows: Vec<Row> = rows.iter().map(Row::new).collect();
        facets(&child(name, lo, hi), &rows.iter().collect::<Vec<_>>())
    }

    #[test]
    fn names_are_replaced_as_whole_identifiers_never_inside_a_longer_name() {
        let b = ("'2026-12-01'".to_string(), "'2027-01-01'".to_string());
        assert_eq!(
            normalize(
                "ON einv.bill_p202612 (k >= '2026-12-01') bill_p202612_pkey bill_p20261201",
                "bill_p202612",
                Some(&b)
            ),
            "ON einv.{CHILD} (k >= {LOWER}) {CHILD}_pkey bill_p20261201"
        );
    }

    #[test]
    fn a_new_child_without_its_siblings_policy_or_row_security_is_named_with_what_it_lacks() {
        let s: Vec<Facets> = [("10", "11"), ("11", "12")]
            .iter()
            .map(|(a, b)| {
                of(
                    &format!("bill_p2026{a}"),
                    &format!("2026-{a}-01"),
                    &format!("2026-{b}-01"),
                    true,
                    true,
                    1000,
                )
            })
            .chain([of(
                "bill_p202612",
                "2026-12-01",
                "2027-01-01",
                true,
                true,
                1000,
            )])
            .collect();
        let new = of("bill_p202701", "2027-01-01", "2027-02-01", false, false, -1);
        let sib: Vec<(&str, &Facets)> = s.iter().map(|f| ("s", f)).collect();
        let c = compare(&sib, &[("bill_p202701", &new)], false);
        let all = c.differences.join("\n");
        assert!(all.contains("policy einv.{CHILD}.org_only"), "{all}");
        assert!(all.contains("class relrowsecurity"), "{all}");
        assert!(all.contains("column bill_no attstattarget"), "{all}");
        assert_eq!(c.differences.len(), 3, "{all}");
        // The comment names the month: a note, not a difference.
        assert!(
            c.notes.iter().any(|n| n.contains("comment")),
            "{:?}",
            c.notes
        );
        // A statistics target is not carried: the table is named with it.
        let missing = not_carried(&c.expected);
        assert_eq!(
            missing,
            vec!["column bill_no attstattarget = 1000".to_string()]
        );
        let mut carry = crate::coverage::carry::Carry::default();
        carry_extras(&c.expected, &mut carry);
        assert!(carry.row_security && !carry.force_row_security);
        assert_eq!(
            carry.policies,
            vec![(
                "org_only".to_string(),
                "AS PERMISSIVE FOR SELECT TO \"report\" USING ((org = 1))".to_string()
            )]
        );
    }

    #[test]
    fn an_unknown_kind_of_dependent_is_a_difference_never_nothing() {
        let mut rows = vec![row("class", "", "{\"relkind\": \"r\"}", "")];
        fn ready(rows: &[ChildFacet]) -> Vec<Row<'_>> {
            rows.iter().map(Row::new).collect()
        }
        let plain = facets(
            &child("t_p1", "1", "2"),
            &ready(&rows).iter().collect::<Vec<_>>(),
        );
        rows.push(row("transform", "einv.t_p2.x", "", ""));
        let odd = facets(
            &child("t_p2", "2", "3"),
            &ready(&rows).iter().collect::<Vec<_>>(),
        );
        let c = compare(&[("t_p1", &plain)], &[("t_p2", &odd)], false);
        assert_eq!(c.differences.len(), 1, "{:?}", c.differences);
        let c = compare(&[("t_p2", &odd)], &[("t_p3", &plain)], false);
        assert_eq!(c.differences.len(), 1, "{:?}", c.differences);
        assert_eq!(
            not_carried(&c.expected),
            vec!["transform einv.{CHILD}.x".to_string()]
        );
    }

    /// pg_seclabel rows cannot be made on this machine (no label provider is loaded): held
    /// against the siblings from the rows `fingerprint.sql` returns for them.
    #[test]
    fn a_security_label_the_siblings_share_is_named_never_carried_or_dropped() {
        let labelled = |name: &str| {
            let rows = [
                row("class", "", "{\"relkind\": \"r\"}", ""),
                row(
                    "security label",
                    "selinux",
                    "system_u:object_r:sepgsql_table_t:s0",
                    "",
                ),
                row(
                    "security label",
                    "selinux bill_no",
                    "system_u:object_r:sepgsql_secret_table_t:s0",
                    "",
                ),
            ];
            let ready: Vec<Row> = rows.iter().map(Row::new).collect();
            facets(&child(name, "1", "2"), &ready.iter().collect::<Vec<_>>())
        };
        let (a, b) = (labelled("bill_p202611"), labelled("bill_p202612"));
        let bare_rows = [row("class", "", "{\"relkind\": \"r\"}", "")];
        let ready: Vec<Row> = bare_rows.iter().map(Row::new).collect();
        let bare = facets(
            &child("bill_p202701", "1", "2"),
            &ready.iter().collect::<Vec<_>>(),
        );
        let c = compare(
            &[("bill_p202611", &a), ("bill_p202612", &b)],
            &[("bill_p202701", &bare)],
            false,
        );
        assert_eq!(c.differences.len(), 2, "{:?}", c.differences);
        assert!(c
            .differences
            .iter()
            .any(|d| d.contains("security label selinux bill_no")));
        let named = not_carried(&c.expected);
        assert_eq!(named.len(), 2, "{named:?}");
        assert!(named
            .iter()
            .all(|n| n.starts_with("security label selinux")));
    }
}
