//! What the operator sees. Plain lines (redacted) on stdout; with --json, one JSON document at the
//! end instead. Progress bars go to stderr only when it is a terminal (indicatif hides them otherwise).

use std::io::Write;

pub struct Out {
    pub json: bool,
}

impl Out {
    pub fn line(&mut self, text: impl AsRef<str>) {
        if !self.json {
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "{}", one_line(text.as_ref()));
            let _ = stdout.flush();
        }
    }

    /// A progress bar for a long step, or nothing when stderr is not a terminal or output is JSON.
    pub fn progress(&self, len: u64, what: &str) -> Option<indicatif::ProgressBar> {
        use std::io::IsTerminal;
        if self.json || !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = indicatif::ProgressBar::new(len);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}")
                .expect("static template")
                .progress_chars("=> "),
        );
        bar.set_message(what.to_string());
        Some(bar)
    }

    /// The `--json` document, streamed to stdout (never built whole in memory first: a plan of
    /// 2,000 tables holds 48,000 statement records).
    pub fn json_document<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        use std::io::Write;
        let stdout = std::io::stdout();
        let mut w = std::io::BufWriter::new(stdout.lock());
        let written = serde_json::to_writer_pretty(&mut w, value)
            .map_err(std::io::Error::other)
            .and_then(|_| writeln!(w))
            .and_then(|_| w.flush());
        if let Err(e) = written {
            eprintln!("cannot write the JSON document: {e}");
        }
    }
}

/// A terminal line is one line: a catalog name holding a newline or a control character must not
/// forge the lines after it, so they are shown escaped (`\n`).
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push(' '),
            c if c.is_control() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_name_with_a_newline_stays_on_its_line() {
        assert_eq!(super::one_line("bill\nok   forged"), "bill\\nok   forged");
        assert_eq!(super::one_line("\u{1b}[2J"), "\\u{1b}[2J");
    }
}
