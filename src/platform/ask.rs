//! The one module that asks a person: DDL approval, a manual step's confirmation, the database
//! password. The same answers everywhere (是/yes/y, 否/no/n, anything else asks again), a signal
//! at any prompt handled alike (nothing is in flight: the process stops at once), and, when
//! standard input is not a terminal, no question at all (`Answer::NoTerminal`).

use crate::model::ask::{parse_answer, Answer, Asker, PromptEnded, Question};
use crate::msg;
use std::io::{IsTerminal, Write};

/// Questions asked on the terminal (stderr for the prompt, stdin for the answer), each waiting at
/// most `timeout` for an answer.
pub struct Terminal {
    pub timeout: std::time::Duration,
}

impl Asker for Terminal {
    fn ask(&mut self, question: &Question) -> anyhow::Result<Answer> {
        if !std::io::stdin().is_terminal() {
            return Ok(Answer::NoTerminal);
        }
        match question {
            Question::ApproveStatements { step, statements } => self.approve(step, statements),
            Question::ConfirmManual {
                title, operator, ..
            } => self.confirm(title, operator.as_deref()),
        }
    }
}

impl Terminal {
    fn approve(&self, step: &str, statements: &[String]) -> anyhow::Result<Answer> {
        for line in shown(statements) {
            crate::say_err!("      {line}");
        }
        let prompt = msg!("ask-approve", n = statements.len(), step = step).render();
        self.ask_yes_no(&prompt, false)
    }

    fn confirm(&self, title: &str, operator: Option<&str>) -> anyhow::Result<Answer> {
        let prompt = msg!("ask-manual", title = title).render();
        match self.ask_yes_no(&prompt, true)? {
            Answer::Yes { .. } => {}
            Answer::NotNow => {
                crate::say_err!("      {}", msg!("ask-manual-not-now").render());
                return Ok(Answer::NotNow);
            }
            other => return Ok(other),
        }
        if let Some(op) = operator {
            return Ok(Answer::Yes {
                operator: Some(op.to_string()),
            });
        }
        let name =
            read_answer(&msg!("ask-manual-name").render(), Some(self.timeout))?.unwrap_or_default();
        let name = name.trim();
        if !is_person_name(name) {
            crate::say_err!("      {}", msg!("ask-manual-no-name").render());
            return Ok(Answer::NotNow);
        }
        Ok(Answer::Yes {
            operator: Some(name.to_string()),
        })
    }

    /// Ask until the answer is yes or no. Where `enter_is_not_now`, an empty line means "not now";
    /// elsewhere it asks again. The end of input is "not now".
    fn ask_yes_no(&self, prompt: &str, enter_is_not_now: bool) -> anyhow::Result<Answer> {
        loop {
            let Some(text) = read_answer(prompt, Some(self.timeout))? else {
                return Ok(Answer::NotNow);
            };
            if enter_is_not_now && text.trim().is_empty() {
                return Ok(Answer::NotNow);
            }
            match parse_answer(&text) {
                Some(true) => return Ok(Answer::Yes { operator: None }),
                Some(false) => return Ok(Answer::No),
                None => crate::say_err!("      {}", msg!("ask-again").render()),
            }
        }
    }
}

/// One line typed after `prompt`, decoded as the terminal's locale says; `None` at the end of
/// input. While waiting nothing is in flight, so a signal stops the process at once — except at
/// a run's prompt (`timeout` given), which ends on a signal or when its time is up, for the run
/// to record.
fn read_answer(
    prompt: &str,
    timeout: Option<std::time::Duration>,
) -> anyhow::Result<Option<String>> {
    use std::io::BufRead;
    crate::platform::output::write_err(&format!("      {} ", prompt.trim_end()), false);
    std::io::stderr().flush()?;
    let mut bytes = Vec::new();
    crate::platform::interrupt::at_prompt(true);
    let waited = timeout.map_or(Ok(()), wait_for_input);
    let read = waited.and_then(|()| Ok(std::io::stdin().lock().read_until(b'\n', &mut bytes)?));
    let cancelled = timeout.and_then(|_| {
        // Ctrl-C reaches the signal thread a moment after the line it interrupted can be read.
        std::thread::sleep(std::time::Duration::from_millis(50));
        cancelled()
    });
    crate::platform::interrupt::at_prompt(false);
    if let Some(ended) = cancelled {
        return Err(ended.into());
    }
    if read? == 0 {
        return Ok(None);
    }
    Ok(Some(crate::platform::output::decode_input(&bytes)))
}

/// Wait until a line can be read, a signal came (a run stops at the prompt and records it), or
/// the prompt's time is up (`site.prompt_timeout`).
fn wait_for_input(timeout: std::time::Duration) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    loop {
        if let Some(ended) = cancelled() {
            return Err(ended.into());
        }
        if started.elapsed() >= timeout {
            crate::say_err!("");
            return Err(PromptEnded::Unanswered {
                minutes: timeout.as_secs().div_ceil(60),
            }
            .into());
        }
        let mut fd = libc::pollfd {
            fd: 0,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the process's standard input, polled for 200 ms.
        let ready = unsafe { libc::poll(&mut fd, 1, 200) };
        if ready > 0 {
            return Ok(());
        }
    }
}

/// The prompt cancelled by a signal, if one came.
fn cancelled() -> Option<PromptEnded> {
    crate::platform::interrupt::signal().map(|s| PromptEnded::Cancelled {
        signal: s.to_string(),
    })
}

/// A person's name as yearend keeps it (journal, status lines, signed reports): not empty, at most
/// 64 characters, no control character (a newline or a terminal escape would forge a line).
pub fn is_person_name(name: &str) -> bool {
    !name.trim().is_empty() && name.chars().count() <= 64 && !name.chars().any(char::is_control)
}

/// The name of the person running, asked on a terminal (three tries for a name with no control
/// character); `None` when nobody can be asked or no name was given.
pub fn operator_name() -> anyhow::Result<Option<String>> {
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    for _ in 0..3 {
        let Some(text) = read_answer(&msg!("ask-operator").render(), None)? else {
            return Ok(None);
        };
        let name = text.trim();
        if is_person_name(name) {
            return Ok(Some(name.to_string()));
        }
    }
    Ok(None)
}

/// The database password typed at a prompt, when both ends are a terminal; `None` otherwise.
pub fn password(url_shown: &str) -> anyhow::Result<Option<String>> {
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Ok(None);
    }
    let prompt = msg!("ask-password", url = url_shown).render();
    crate::platform::interrupt::at_prompt(true);
    let pw = rpassword::prompt_password(prompt);
    crate::platform::interrupt::at_prompt(false);
    pw.map(Some).map_err(|e| {
        crate::platform::error::input(
            msg!("ask-password-unreadable", error = e.to_string()).render(),
        )
    })
}

/// The statements a person is asked about: all of a short list; of a long one the first 20, how
/// many are left out, and the last 5 (`yearend plan` prints them all).
fn shown(statements: &[String]) -> Vec<String> {
    if statements.len() <= 30 {
        return statements.to_vec();
    }
    let mut out: Vec<String> = statements[..20].to_vec();
    out.push(msg!("ask-approve-omitted", n = statements.len() - 25).render());
    out.extend(statements[statements.len() - 5..].iter().cloned());
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_list_shows_its_first_20_and_last_5() {
        let _zh = crate::i18n::speak(crate::i18n::Lang::ZhCn);
        let long: Vec<String> = (1..=36).map(|i| format!("s{i}")).collect();
        let shown = super::shown(&long);
        assert_eq!(shown.len(), 26);
        assert!(shown[20].contains("另有 11 条"), "{}", shown[20]);
        assert_eq!(shown[25], "s36");
    }
}
