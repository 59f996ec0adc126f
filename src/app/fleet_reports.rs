//! The dashboard's links to each hospital's own report: written beside the page, in
//! `reports/`, as each piece of evidence is read — a bundle's `report.html` as the hospital sent
//! it, a state directory's rendered from its journal — so 5,000 reports are never all in memory.

use crate::evidence::Evidence;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Where the reports go, whether that folder could be made (once, at the first report: cards
/// then have no link), and how many were written (each file name is unique by it).
pub struct Reports {
    dir: PathBuf,
    made: OnceLock<bool>,
    written: AtomicUsize,
}

/// The folder beside the page.
pub const DIR: &str = "reports";

impl Reports {
    /// Reports for the page at `page`, in `reports/` beside it.
    pub fn beside(page: &Path) -> Reports {
        let dir = page
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .join(DIR);
        Reports {
            dir,
            made: OnceLock::new(),
            written: AtomicUsize::new(0),
        }
    }

    /// Keep `html` as the report of `code`/`year`; its link relative to the page, or nothing
    /// when it cannot be written (the card then has no link, and says nothing false).
    pub fn keep(&self, code: &str, year: i32, html: &[u8]) -> String {
        if !*self
            .made
            .get_or_init(|| std::fs::create_dir_all(&self.dir).is_ok())
        {
            return String::new();
        }
        let n = self.written.fetch_add(1, Ordering::Relaxed) + 1;
        let safe: String = code
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let name = format!("{safe}-{year}-{n}.html");
        match std::fs::write(self.dir.join(&name), html) {
            Ok(()) => format!("{DIR}/{name}"),
            Err(_) => String::new(),
        }
    }

    /// A state directory's report, rendered from its journal as `yearend report` would.
    pub fn render(&self, ev: &Evidence) -> String {
        match crate::evidence::report::render(ev, true) {
            Ok(html) => self.keep(&ev.site_code, ev.year, html.as_bytes()),
            Err(_) => String::new(),
        }
    }
}
