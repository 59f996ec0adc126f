//! Below every stage: what each meets from the process and the machine: errors and exit codes, signals, the
//! terminal, files opened without following links, secrets kept out of text. Uses only i18n.

pub mod ask;
pub mod error;
pub mod files;
pub mod interrupt;
pub mod jsonfile;
pub mod nofollow;
pub mod output;
pub mod secrets;
pub mod util;
