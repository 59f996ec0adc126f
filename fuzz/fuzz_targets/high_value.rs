//! HIGH_VALUE text: any input is read or kept raw for review, never a panic; a date that is read
//! reads back the same from the form yearend writes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yearend::model::catalog::Bound;
use yearend::db::oracle::high_value::parse;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse(text) {
        Bound::Date(d) => {
            let written = format!(
                "TO_DATE(' {d} 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')"
            );
            assert_eq!(parse(&written), Bound::Date(d));
        }
        Bound::Unparsed(raw) => assert_eq!(raw, text.trim()),
        _ => {}
    }
});
