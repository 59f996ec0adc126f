//! "Did you mean": the closest of the words a place takes, for a key, a step kind, a step id.

/// Edit distance (insertions, deletions, substitutions) between two words.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = here;
        }
    }
    row[b.len()]
}

/// The candidate closest to `word`, when it is close enough to be a typo (a third of its length,
/// at least two edits) or one is a prefix of the other.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let w = word.to_lowercase();
    let limit = (w.chars().count() / 3).max(2);
    candidates
        .iter()
        .map(|c| (distance(&w, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= limit || (w.len() >= 3 && (c.starts_with(&w) || w.starts_with(*c))))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word() {
        let keys = ["fill_gaps", "copy_stats", "tablespace", "include"];
        assert_eq!(closest("fil_gaps", &keys), Some("fill_gaps"));
        assert_eq!(closest("tablespaces", &keys), Some("tablespace"));
        assert_eq!(closest("zzz", &keys), None);
        assert_eq!(
            closest("partition", &["partitions", "preflight"]),
            Some("partitions")
        );
    }
}
