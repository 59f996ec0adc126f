//! Errors that reach the user, each with the exit code of DESIGN.md §3.

use std::fmt;

/// Why the tool stopped, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bad files or arguments: exit 2.
    Input,
    /// Server unreachable, privilege missing, capability missing: exit 3.
    Runtime,
    /// Another run holds the lock: exit 4.
    Locked,
}

impl Kind {
    pub fn exit_code(self) -> i32 {
        match self {
            Kind::Input => 2,
            Kind::Runtime => 3,
            Kind::Locked => 4,
        }
    }
}

/// An error written for a person: what went wrong, and what to do.
#[derive(Debug)]
pub struct UserError {
    pub kind: Kind,
    pub message: String,
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UserError {}

pub fn input(message: impl Into<String>) -> anyhow::Error {
    UserError {
        kind: Kind::Input,
        message: message.into(),
    }
    .into()
}

pub fn runtime(message: impl Into<String>) -> anyhow::Error {
    UserError {
        kind: Kind::Runtime,
        message: message.into(),
    }
    .into()
}

pub fn locked(message: impl Into<String>) -> anyhow::Error {
    UserError {
        kind: Kind::Locked,
        message: message.into(),
    }
    .into()
}

/// Exit code for an error that ended the program: the first `UserError` in the chain decides,
/// anything else is a runtime failure.
pub fn exit_code(err: &anyhow::Error) -> i32 {
    err.chain()
        .find_map(|e| e.downcast_ref::<UserError>())
        .map_or(Kind::Runtime.exit_code(), |u| u.kind.exit_code())
}

/// An I/O error as a person reads it.
pub fn io_reason(e: &std::io::Error) -> String {
    if e.raw_os_error() == Some(libc::ENOSPC) {
        return crate::msg!("io-disk-full").render();
    }
    use std::io::ErrorKind as K;
    let id = match e.kind() {
        K::NotFound => "io-not-found",
        K::PermissionDenied => "io-permission-denied",
        K::NotADirectory => "io-not-a-directory",
        K::IsADirectory => "io-is-a-directory",
        K::AlreadyExists => "io-already-exists",
        K::ReadOnlyFilesystem => "io-read-only",
        K::StorageFull => "io-disk-full",
        _ => return crate::msg!("io-other", cause = e.to_string()).render(),
    };
    crate::i18n::Msg::new(id).render()
}
