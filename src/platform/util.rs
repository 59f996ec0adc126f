//! Small helpers with no better home.

/// Lower-case hex of bytes (hashes in the journal, plans and bundles).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// `items` mapped by `f`, in order; past a few hundred items the second half on a second thread
/// (each table's analysis is independent of the others, and the machines have two cores).
pub fn on_two_cores<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if items.len() < 256 {
        return items.iter().map(&f).collect();
    }
    let (first, second) = items.split_at(items.len() / 2);
    let lang = crate::i18n::lang();
    std::thread::scope(|s| {
        let f = &f;
        let later = s.spawn(move || {
            let _same = crate::i18n::speak(lang);
            second.iter().map(f).collect::<Vec<R>>()
        });
        let mut out: Vec<R> = first.iter().map(f).collect();
        match later.join() {
            Ok(rest) => out.extend(rest),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use crate::i18n::{lang, speak, Lang};

    #[test]
    fn two_cores_keep_the_order_and_the_language() {
        let items: Vec<u32> = (0..1000).collect();
        let _en = speak(Lang::En);
        let out = super::on_two_cores(&items, |i| (i * 2, lang()));
        assert_eq!(out.len(), 1000);
        assert!(out.iter().enumerate().all(|(k, (v, _))| *v == 2 * k as u32));
        assert!(
            out.iter().all(|(_, l)| *l == Lang::En),
            "the second thread speaks as the first"
        );
        let few = super::on_two_cores(&items[..3], |i| i + 1);
        assert_eq!(few, [1, 2, 3]);
    }
}
