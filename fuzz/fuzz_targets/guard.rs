//! The allow-list guard: any text is allowed or refused with a reason, never a panic, and nothing
//! it allows as DDL carries a word that is never allowed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(sql) = std::str::from_utf8(data) else {
        return;
    };
    let _ = yearend::guard::query(sql);
    let _ = yearend::guard::session(sql);
    if let Ok(g) = yearend::guard::ddl(sql) {
        let upper = g.sql().to_uppercase();
        for word in ["DROP", "TRUNCATE", "MERGE", "RENAME", "RESIZE"] {
            // Allowed statements may hold these only inside quoted names or strings.
            if upper.split(|c: char| !c.is_alphanumeric() && c != '_').any(|w| w == word) {
                assert!(sql.contains('"') || sql.contains('\'') || sql.contains('`'), "{sql}");
            }
        }
        // INSERT, UPDATE and DELETE only as a policy's command (FOR …), a foreign key's action
        // (ON …) or Oracle's UPDATE [GLOBAL] INDEXES tail.
        let words: Vec<&str> = upper
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .filter(|w| !w.is_empty())
            .collect();
        for (i, w) in words.iter().enumerate() {
            if !matches!(*w, "INSERT" | "UPDATE" | "DELETE") {
                continue;
            }
            let before = i.checked_sub(1).map(|b| words[b]);
            let after = words.get(i + 1).copied();
            let placed = matches!(before, Some("FOR" | "ON"))
                || (*w == "UPDATE" && matches!(after, Some("INDEXES" | "GLOBAL")));
            assert!(placed || sql.contains('"') || sql.contains('\''), "{sql}");
        }
    }
});
