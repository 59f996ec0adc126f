//! A need for a person's word, as data. Steps and the run stage never read the terminal: they
//! hand a `Question` to the `Asker` their context offers (`platform::ask::Terminal` on a terminal)
//! and act on the `Answer`, which they journal.

/// What a person is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// May these DDL statements of a step run? (Consent: they are listed before the question.)
    ApproveStatements {
        step: String,
        statements: Vec<String>,
    },
    /// Has the manual step been done? `operator` is the name already given (`--operator`); without
    /// one the confirming person is asked for theirs.
    ConfirmManual {
        step: String,
        title: String,
        operator: Option<String>,
    },
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// 是/yes/y (是的, 确认): with the name of the person who answered, when it is known.
    Yes { operator: Option<String> },
    /// 否/no/n (不, 取消).
    No,
    /// Enter at a prompt where Enter means "not now" (the manual step's), or a confirmation given
    /// without a name.
    NotNow,
    /// Nobody can be asked: standard input is not a terminal (a script, cron, CI).
    NoTerminal,
}

impl Answer {
    /// The answer's word as the journal keeps it.
    pub fn word(&self) -> &'static str {
        match self {
            Answer::Yes { .. } => "yes",
            Answer::No => "no",
            Answer::NotNow => "not_now",
            Answer::NoTerminal => "no_terminal",
        }
    }
}

impl Question {
    /// The question's kind as the journal keeps it.
    pub fn kind(&self) -> &'static str {
        match self {
            Question::ApproveStatements { .. } => "approve_statements",
            Question::ConfirmManual { .. } => "confirm_manual",
        }
    }

    pub fn step(&self) -> &str {
        match self {
            Question::ApproveStatements { step, .. } | Question::ConfirmManual { step, .. } => step,
        }
    }
}

/// The one way to ask a person.
pub trait Asker {
    fn ask(&mut self, question: &Question) -> anyhow::Result<Answer>;
}

/// A person's word typed at a prompt: yes, no, or not an answer (ask again).
pub fn parse_answer(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "是" | "是的" | "确认" => Some(true),
        "no" | "n" | "否" | "不" | "取消" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn answers_in_either_language_and_anything_else_asks_again() {
        for yes in ["yes", "Y", " y\n", "是", "是的", "确认"] {
            assert_eq!(super::parse_answer(yes), Some(true), "{yes}");
        }
        for no in ["no", "N", "否", "不", "取消"] {
            assert_eq!(super::parse_answer(no), Some(false), "{no}");
        }
        for other in ["", "yess", "ok", "1", "maybe"] {
            assert_eq!(super::parse_answer(other), None, "{other}");
        }
    }
}

/// A prompt that ended without an answer: nobody answered in time, or the person pressed Ctrl-C
/// (a signal at the prompt). Nothing of the step was sent; the run ends and says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptEnded {
    Unanswered { minutes: u64 },
    Cancelled { signal: String },
}

impl std::fmt::Display for PromptEnded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PromptEnded::Unanswered { minutes } => {
                write!(
                    f,
                    "{}",
                    crate::msg!("prompt-unanswered", minutes = *minutes)
                )
            }
            PromptEnded::Cancelled { signal } => {
                write!(
                    f,
                    "{}",
                    crate::msg!("prompt-cancelled", signal = signal.as_str())
                )
            }
        }
    }
}

impl std::error::Error for PromptEnded {}
