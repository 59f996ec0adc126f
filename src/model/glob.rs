//! `*` and `?` patterns for table and tablespace names, compared case-insensitively
//! (Oracle and MySQL fold case; PostgreSQL names in hospital schemas are lower-case).

pub fn matches(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let n: Vec<char> = name.to_lowercase().chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn globs() {
        assert!(matches("bill_*", "BILL_INVOICE"));
        assert!(matches("*", "anything"));
        assert!(matches("ts_*_2026", "TS_DATA_2026"));
        assert!(!matches("ts_*_2026", "TS_DATA_2027"));
        assert!(matches("p?_log", "p1_log"));
        assert!(!matches("bill", "bill_x"));
    }
}
