//! The one reader for every file a person names or the tool reads back: plans, sites, `extends:`,
//! query files, snapshots, saved plans, rosters, bundles, certificates, and the state directory's
//! journal, seal and verification. Opened without following a symbolic link and without blocking
//! (`O_NOFOLLOW | O_NONBLOCK`: a FIFO cannot hang the tool), checked to be a regular file (a
//! device such as `/dev/zero` or a directory is refused with its path), and read with a cap (the
//! cap plus one byte, never more). A refusal says what the file is, never what it holds.

use std::fs::File;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// Plans, site files and `extends:`: a few kilobytes; a 50 MB one is a mistake or an attack.
pub const PLAN: u64 = 1 << 20;
/// A plan's query file.
pub const QUERY: u64 = 64 << 10;
/// Snapshots and saved plans (a 10,000-table hospital's catalog and statements).
pub const SNAPSHOT: u64 = 1 << 30;
/// A roster of hospitals.
pub const ROSTER: u64 = 16 << 20;
/// An evidence bundle (compressed).
pub const BUNDLE: u64 = 2 << 30;
/// A journal of any number of resumes of a 10,000-table rollover.
pub const JOURNAL: u64 = 8 << 30;
/// Small files the tool writes itself (seal, verification, lock) and certificates.
pub const SMALL: u64 = 16 << 20;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    Link,
    NotRegular(&'static str),
    TooBig(u64),
}

impl ReadError {
    /// The reason, in the reader's language, without anything of the file's content.
    pub fn reason(&self) -> String {
        match self {
            ReadError::Io(e) => crate::platform::error::io_reason(e),
            ReadError::Link => crate::msg!("file-is-link").render(),
            ReadError::NotRegular(kind) => crate::msg!("file-not-regular", kind = *kind).render(),
            ReadError::TooBig(cap) => crate::msg!("file-over-cap", cap = human(*cap)).render(),
        }
    }

    pub fn not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason())
    }
}

fn human(cap: u64) -> String {
    match cap {
        c if c >= 1 << 30 => format!("{} GiB", c >> 30),
        c if c >= 1 << 20 => format!("{} MiB", c >> 20),
        c => format!("{} KiB", c >> 10),
    }
}

/// A write of the state directory (`what`: `journal` or `seal`) about to happen: for tests, the
/// `YEAREND_FAIL_WRITE_AT=what:N` hook makes the Nth such write fail as a full disk does (ENOSPC).
pub fn write_hook(what: &str) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static JOURNAL_WRITES: AtomicU64 = AtomicU64::new(0);
    static SEAL_WRITES: AtomicU64 = AtomicU64::new(0);
    let Ok(at) = std::env::var("YEAREND_FAIL_WRITE_AT") else {
        return Ok(());
    };
    let counter = if what == "journal" {
        &JOURNAL_WRITES
    } else {
        &SEAL_WRITES
    };
    let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
    if at == format!("{what}:{n}") {
        return Err(std::io::Error::from_raw_os_error(libc::ENOSPC));
    }
    Ok(())
}

/// Open for reading, checked: no link, no FIFO, device, socket or directory.
pub fn open(path: &Path) -> Result<File, ReadError> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => ReadError::Link,
            _ => ReadError::Io(e),
        })?;
    let kind = file.metadata().map_err(ReadError::Io)?.file_type();
    if !kind.is_file() {
        return Err(ReadError::NotRegular(match kind {
            k if k.is_dir() => "directory",
            k if k.is_fifo() => "FIFO",
            k if k.is_char_device() || k.is_block_device() => "device",
            k if k.is_socket() => "socket",
            _ => "special file",
        }));
    }
    Ok(file)
}

/// A whole file, at most `cap` bytes.
pub fn read(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let file = open(path)?;
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooBig(cap));
    }
    Ok(bytes)
}

/// A whole text file, at most `cap` bytes; bytes that are not UTF-8 are an error of their own.
pub fn read_text(path: &Path, cap: u64) -> Result<String, ReadError> {
    let bytes = read(path, cap)?;
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_fifos_devices_directories_and_big_files_are_refused() {
        let dir = std::env::temp_dir().join(format!("yearend-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let plain = dir.join("plain");
        std::fs::write(&plain, "0123456789").unwrap();
        assert_eq!(read(&plain, 10).unwrap().len(), 10);
        assert!(matches!(read(&plain, 9), Err(ReadError::TooBig(9))));
        let link = dir.join("link");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&plain, &link).unwrap();
        assert!(matches!(read(&link, 100), Err(ReadError::Link)));
        let fifo = dir.join("fifo");
        let _ = std::fs::remove_file(&fifo);
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a plain mkfifo(3) on a path we own.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(matches!(
            read(&fifo, 100),
            Err(ReadError::NotRegular("FIFO"))
        ));
        assert!(matches!(
            read(Path::new("/dev/zero"), 100),
            Err(ReadError::NotRegular("device"))
        ));
        assert!(matches!(
            read(&dir, 100),
            Err(ReadError::NotRegular("directory"))
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
