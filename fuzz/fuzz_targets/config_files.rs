//! Plan and site files: any text gives a plan, a site, or an error with a message — never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("yearend-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let plan = dir().join("plan.yaml");
    std::fs::write(&plan, text).unwrap();
    if let Err(e) = yearend::config::plan::Plan::load(&plan) {
        assert!(!format!("{e:#}").is_empty());
    }
    let site = dir().join("site.yaml");
    std::fs::write(&site, text).unwrap();
    if let Err(e) = yearend::config::site::Site::load(&site) {
        assert!(!format!("{e:#}").is_empty());
    }
});
