//! Oracle and MariaDB: a new partition's own attributes (Oracle PCTFREE, INITRANS, buffer pool,
//! LOGGING, compression, In-Memory; MariaDB COMMENT) follow its siblings. The recent siblings
//! are chosen as for PostgreSQL (`siblings::SIBLINGS` before the new year) and compared the same
//! way: what all of them share is expected of every new partition; what varies is a note.
//!
//! A shared value is written into the new partition's statement unless the partition gets it
//! anyway: Oracle's ADD gives the table's defaults (DBA_PART_TABLES DEF_*), its SPLIT the split
//! partition's own attributes; MariaDB gives none. A shared value yearend has no clause for
//! (read behind `?`) names the table for review.

use super::siblings::{self, Comparison, Facets, Recent};
use crate::model::catalog::{Partition, Table};
use crate::msg;
use std::collections::BTreeMap;

/// The order clauses take in a partition description (the SQL Language Reference's
/// `table_partition_description`; MariaDB's `partition_options`).
const ORDER: [&str; 7] = [
    "pctfree",
    "initrans",
    "buffer_pool",
    "logging",
    "compression",
    "inmemory",
    "comment",
];

fn attributes(p: &Partition) -> Facets {
    p.carried
        .as_ref()
        .map(|c| c.attributes.clone())
        .unwrap_or_default()
}

/// `attributes` as clauses in statement order.
pub fn clauses(attributes: &BTreeMap<String, String>) -> Vec<String> {
    let mut keys: Vec<&String> = attributes.keys().collect();
    keys.sort_by_key(|k| ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()));
    keys.into_iter().map(|k| attributes[k].clone()).collect()
}

/// The recent siblings' attributes held against each other and against the new partitions that
/// exist already.
pub fn compare(table: &Table, recent: &Recent) -> Comparison {
    let of = |names: &[String]| -> Vec<(String, Facets)> {
        names
            .iter()
            .filter_map(|n| table.partitions.iter().find(|p| &p.name == n))
            .map(|p| (p.name.clone(), attributes(p)))
            .collect()
    };
    let (sibs, new) = (of(&recent.siblings), of(&recent.new));
    let s: Vec<(&str, &Facets)> = sibs.iter().map(|(n, f)| (n.as_str(), f)).collect();
    let n: Vec<(&str, &Facets)> = new.iter().map(|(n, f)| (n.as_str(), f)).collect();
    siblings::compare(&s, &n, false)
}

/// The clauses every new partition of `table` is written with, given what its siblings share:
/// those the statement would not give it anyway. `split_from`: Oracle's SPLIT of that
/// partition (its attributes are the new partitions' unless said). Err: a shared attribute no
/// clause writes.
pub fn carried(
    table: &Table,
    expected: &Facets,
    split_from: Option<&str>,
) -> Result<Vec<String>, String> {
    let given = match split_from {
        Some(tail) => table
            .partitions
            .iter()
            .find(|p| p.name == tail)
            .map(attributes)
            .unwrap_or_default(),
        None => table.default_attributes.clone(),
    };
    let unwritable: Vec<String> = expected
        .iter()
        .filter(|(_, v)| v.starts_with('?'))
        .map(|(k, v)| format!("{k} = {}", v.trim_start_matches('?')))
        .collect();
    if !unwritable.is_empty() {
        let sep = msg!("list-sep").render();
        return Err(msg!("sib-not-carried", what = unwritable.join(&sep)).render());
    }
    let wanted: BTreeMap<String, String> = expected
        .iter()
        .filter(|(k, v)| given.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(clauses(&wanted))
}

/// MariaDB: REORGANIZE rebuilds the tail from the statement, so what it has of its own must be
/// restated; one it has that no clause writes names the table.
pub fn tail_unwritable(table: &Table, tail: &str) -> Option<String> {
    let p = table.partitions.iter().find(|p| p.name == tail)?;
    let odd: Vec<String> = attributes(p)
        .into_iter()
        .filter(|(_, v)| v.starts_with('?'))
        .map(|(k, v)| format!("{tail}: {k} = {}", v.trim_start_matches('?')))
        .collect();
    let first = odd.first()?;
    Some(msg!("sib-tail-not-kept", what = first.clone()).render())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::{Bound, Carried};

    fn part(name: &str, attrs: &[(&str, &str)]) -> Partition {
        Partition {
            carried: Some(Carried {
                attributes: attrs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                ..Carried::default()
            }),
            ..Partition::bounded(name, Bound::Max)
        }
    }

    fn table(parts: Vec<Partition>, defaults: &[(&str, &str)]) -> Table {
        Table {
            partitions: parts,
            default_attributes: defaults
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Table::default()
        }
    }

    fn recent(s: &[&str], n: &[&str]) -> Recent {
        Recent {
            siblings: s.iter().map(|x| x.to_string()).collect(),
            new: n.iter().map(|x| x.to_string()).collect(),
        }
    }

    const COMPRESSED: [(&str, &str); 3] = [
        ("pctfree", "PCTFREE 0"),
        ("compression", "COMPRESS FOR OLTP"),
        ("logging", "LOGGING"),
    ];

    #[test]
    fn what_the_siblings_share_and_the_default_lacks_is_written() {
        let t = table(
            vec![
                part("P202610", &COMPRESSED),
                part("P202611", &COMPRESSED),
                part("P202612", &COMPRESSED),
            ],
            &[
                ("pctfree", "PCTFREE 10"),
                ("compression", "NOCOMPRESS"),
                ("logging", "LOGGING"),
            ],
        );
        let c = compare(&t, &recent(&["P202610", "P202611", "P202612"], &[]));
        assert_eq!(
            carried(&t, &c.expected, None).unwrap(),
            ["PCTFREE 0", "COMPRESS FOR OLTP"]
        );
    }

    #[test]
    fn a_split_gives_the_split_partitions_attributes() {
        let t = table(
            vec![
                part("P202611", &COMPRESSED),
                part("P202612", &COMPRESSED),
                part("PMAX", &[("pctfree", "PCTFREE 0"), ("logging", "LOGGING")]),
            ],
            &[],
        );
        let c = compare(&t, &recent(&["P202611", "P202612"], &[]));
        assert_eq!(
            carried(&t, &c.expected, Some("PMAX")).unwrap(),
            ["COMPRESS FOR OLTP"]
        );
    }

    #[test]
    fn a_monthly_comment_is_a_note_and_a_shared_one_is_carried() {
        let t = table(
            vec![
                part("p1", &[("comment", "COMMENT = '10月'")]),
                part("p2", &[("comment", "COMMENT = '11月'")]),
            ],
            &[],
        );
        let c = compare(&t, &recent(&["p1", "p2"], &[]));
        assert!(c.expected.is_empty());
        assert_eq!(c.notes.len(), 1, "{:?}", c.notes);
        let t = table(
            vec![
                part("p1", &[("comment", "COMMENT = 'hot'")]),
                part("p2", &[("comment", "COMMENT = 'hot'")]),
            ],
            &[],
        );
        let c = compare(&t, &recent(&["p1", "p2"], &[]));
        assert_eq!(carried(&t, &c.expected, None).unwrap(), ["COMMENT = 'hot'"]);
    }

    #[test]
    fn a_new_partition_without_the_siblings_compression_is_a_difference() {
        let t = table(
            vec![
                part("P202611", &COMPRESSED),
                part("P202612", &COMPRESSED),
                part(
                    "P202701",
                    &[("pctfree", "PCTFREE 0"), ("logging", "LOGGING")],
                ),
            ],
            &[],
        );
        let c = compare(&t, &recent(&["P202611", "P202612"], &["P202701"]));
        assert_eq!(c.differences.len(), 1, "{:?}", c.differences);
        assert!(c.differences[0].contains("P202701"));
        assert!(c.differences[0].contains("compression"));
    }

    #[test]
    fn a_shared_value_no_clause_writes_names_the_table() {
        let odd = [("compression", "?COMPRESS_FOR QUERY LOW ROW LEVEL LOCKING")];
        let t = table(vec![part("p1", &odd), part("p2", &odd)], &[]);
        let c = compare(&t, &recent(&["p1", "p2"], &[]));
        let why = carried(&t, &c.expected, None).unwrap_err();
        assert!(why.contains("QUERY LOW ROW LEVEL LOCKING"), "{why}");
    }
}
