//! What the operator sees. Plain lines (redacted) on stdout; with --json, one JSON document at the
//! end instead. Progress bars go to stderr only when it is a terminal (indicatif hides them otherwise).

use std::io::Write;

/// Whether the locale says the terminal speaks GBK (LC_ALL, else LC_CTYPE, else LANG, as the C
/// library reads them): `zh_CN.GBK`, `zh_CN.GB18030`, `zh_CN.GB2312`. Text is then written in
/// GB18030, which holds GBK and GB2312; everywhere else in UTF-8. JSON documents stay UTF-8.
pub fn gbk_terminal() -> bool {
    static GBK: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *GBK.get_or_init(|| {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .unwrap_or_default()
            .to_uppercase();
        ["GBK", "GB18030", "GB2312"]
            .iter()
            .any(|e| locale.contains(e))
    })
}

/// Text as the terminal's encoding wants it.
pub fn encoded(text: &str) -> std::borrow::Cow<'_, [u8]> {
    if gbk_terminal() {
        let (bytes, _, _) = encoding_rs::GB18030.encode(text);
        bytes
    } else {
        std::borrow::Cow::Borrowed(text.as_bytes())
    }
}

/// A line on stdout, in the terminal's encoding.
pub fn write_out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(&encoded(text));
    let _ = stdout.write_all(b"\n");
    let _ = stdout.flush();
}

/// Text on stderr, in the terminal's encoding (`newline`: end the line).
pub fn write_err(text: &str, newline: bool) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(&encoded(text));
    if newline {
        let _ = stderr.write_all(b"\n");
    }
    let _ = stderr.flush();
}

/// A JSON document on stdout: always UTF-8, whatever the terminal (machines read it).
pub fn write_json(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.write_all(b"\n");
    let _ = stdout.flush();
}

/// Bytes typed at the terminal, decoded as the locale says (a GBK terminal sends 是 as GBK).
pub fn decode_input(bytes: &[u8]) -> String {
    if gbk_terminal() {
        encoding_rs::GB18030.decode(bytes).0.into_owned()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// `println!` for what a person reads: in the terminal's encoding.
#[macro_export]
macro_rules! say {
    ($($t:tt)*) => { $crate::platform::output::write_out(&format!($($t)*)) };
}

/// `eprintln!` for what a person reads: in the terminal's encoding.
#[macro_export]
macro_rules! say_err {
    ($($t:tt)*) => { $crate::platform::output::write_err(&format!($($t)*), true) };
}

pub struct Out {
    pub json: bool,
}

impl Out {
    pub fn line(&mut self, text: impl AsRef<str>) {
        if !self.json {
            write_out(&one_line(text.as_ref()));
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
            indicatif::ProgressStyle::with_template(&progress_template())
                .expect("a template of known placeholders")
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

/// The bar's line: the step and the table being extended, the bar, statements done of all, the
/// time taken and the time left — indicatif's placeholders around words from the catalogues
/// (braces are Fluent's too, so the template is put together here).
fn progress_template() -> String {
    format!(
        "{{msg}} [{{bar:30}}] {{pos}}/{{len}} {} {{elapsed}} {} {{eta}}",
        crate::msg!("progress-elapsed"),
        crate::msg!("progress-eta")
    )
}

#[cfg(test)]
mod progress_tests {
    #[test]
    fn the_bar_template_reads_in_both_languages() {
        for lang in [crate::i18n::Lang::ZhCn, crate::i18n::Lang::En] {
            let t = crate::i18n::Msg::new("progress-eta").render_in(lang);
            assert!(!t.is_empty());
        }
        let t = super::progress_template();
        assert!(t.contains("{eta}") && t.contains("{msg}"), "{t}");
        assert!(indicatif::ProgressStyle::with_template(&t).is_ok(), "{t}");
    }
}

static VERBOSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `-v`: every statement on its own line (plan) and each statement's outcome (run); otherwise
/// one line per table.
pub fn set_verbose(on: bool) {
    VERBOSE.store(on, std::sync::atomic::Ordering::Relaxed);
}

pub fn verbose() -> bool {
    VERBOSE.load(std::sync::atomic::Ordering::Relaxed)
}

/// A word as a POSIX shell reads it back: bare when it is plain, else in single quotes.
pub fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || "_./-=:+,@%".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// `text` padded with spaces to `width` terminal columns (a Chinese character takes two), so
/// columns line up under Chinese names; text already wider is left as it is.
pub fn pad(text: &str, width: usize) -> String {
    let used = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
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
