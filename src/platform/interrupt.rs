//! SIGINT, SIGTERM and SIGHUP (Ctrl-C, a shutdown, an ssh session dropped at night), for every
//! command: the first cancels the statement in flight on the server and lets the run stop
//! where it stands — journaled as interrupted, the locks released with the session, the command
//! that resumes printed. A second signal exits at once. Without this the server session lives
//! on, still waiting on a lock, and creates the partition by itself after the tool has gone.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::Mutex;

static SIGNAL: AtomicI32 = AtomicI32::new(0);
static AT_PROMPT: AtomicBool = AtomicBool::new(false);
/// A `run` that writes its journal stops where it stands, at the next boundary, and records how it
/// ended; every other command is also ended by the clock, one second after the signal.
static COOPERATIVE: AtomicBool = AtomicBool::new(false);
/// How long a command other than a run may go on after a signal.
const GRACE: std::time::Duration = std::time::Duration::from_secs(1);
type Canceller = Box<dyn Fn() + Send>;
static CANCEL: Mutex<Option<Canceller>> = Mutex::new(None);

/// The run stopped on a signal; `in_flight` is the statement the server was asked to cancel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interrupted {
    pub signal: String,
    pub in_flight: Option<String>,
}

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.in_flight {
            Some(sql) => write!(
                f,
                "interrupted by {} while the server ran: {sql} (cancelled on the server)",
                self.signal
            ),
            None => write!(f, "interrupted by {}", self.signal),
        }
    }
}

impl std::error::Error for Interrupted {}

fn name(signal: i32) -> &'static str {
    match signal {
        libc::SIGINT => "SIGINT",
        libc::SIGTERM => "SIGTERM",
        libc::SIGHUP => "SIGHUP",
        _ => "a signal",
    }
}

/// The exit code of a command stopped by the signal received: 128 + its number (SIGHUP 129,
/// SIGINT 130, SIGTERM 143), as a shell reports it.
pub fn code() -> i32 {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => 130,
        s => 128 + s,
    }
}

/// A run that journals: it stops cooperatively and records its end (no one-second clock).
pub fn cooperative() {
    COOPERATIVE.store(true, Ordering::SeqCst);
}

/// Take over SIGINT, SIGTERM and SIGHUP for this process, for every command: the first cancels
/// the statement in flight on the server; a run stops at the next boundary and records it; any
/// other command ends within a second with 128 + the signal's number. A second signal, or one at
/// a prompt, ends the process at once.
pub fn install() -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            let first = SIGNAL
                .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok();
            // At a prompt of a run that journals, the prompt notices the signal and the run
            // records it; elsewhere at a prompt nothing is in flight and the process ends.
            let prompt = AT_PROMPT.load(Ordering::SeqCst) && !COOPERATIVE.load(Ordering::SeqCst);
            if !first || prompt {
                crate::say_err!("\n{}", second_signal_text(name(signal)));
                std::process::exit(128 + signal);
            }
            crate::say_err!("\n{}", first_signal_text(name(signal)));
            if !COOPERATIVE.load(Ordering::SeqCst) {
                std::thread::spawn(move || {
                    std::thread::sleep(GRACE);
                    std::process::exit(128 + signal);
                });
            }
            if let Some(cancel) = CANCEL.lock().ok().as_ref().and_then(|c| c.as_ref()) {
                cancel();
            }
        }
    });
    Ok(())
}

fn first_signal_text(signal: &str) -> String {
    crate::msg!("signal-first", signal = signal).render()
}

fn second_signal_text(signal: &str) -> String {
    crate::msg!("signal-second", signal = signal).render()
}

/// How to cancel what the database session is doing now (set once, by the run's connection).
pub fn set_canceller(cancel: Canceller) {
    if let Ok(mut slot) = CANCEL.lock() {
        if slot.is_none() {
            *slot = Some(cancel);
        }
    }
}

/// The signal received, if any.
pub fn signal() -> Option<&'static str> {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        s => Some(name(s)),
    }
}

/// Stop here if a signal came: nothing more is sent.
pub fn check() -> Result<(), Interrupted> {
    match signal() {
        None => Ok(()),
        Some(s) => Err(Interrupted {
            signal: s.to_string(),
            in_flight: None,
        }),
    }
}

/// While waiting at a prompt nothing is in flight: a signal exits at once.
pub fn at_prompt(waiting: bool) {
    AT_PROMPT.store(waiting, Ordering::SeqCst);
}
