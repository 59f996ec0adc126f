//! Files in the state directory are opened without following symbolic links: run as root (as
//! it often is on site), a `lock` or `journal.jsonl` linked to a system file would truncate or
//! append to that file. A link is refused with what to do.

use crate::msg;
use crate::platform::error;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;

fn refused(path: &Path) -> anyhow::Error {
    error::runtime(msg!("err-state-symlink", path = path.display().to_string()).render())
}

/// Refuses a symbolic link at `path` (a missing file is fine).
pub fn not_a_link(path: &Path) -> anyhow::Result<()> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(refused(path));
    }
    Ok(())
}

/// Opens with `options`, refusing a symbolic link at `path` (O_NOFOLLOW where the OS has it).
pub fn open(options: &mut OpenOptions, path: &Path, what: &str) -> anyhow::Result<File> {
    not_a_link(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // The journal holds the statements and the site's names: readable by its owner only.
        options.custom_flags(libc::O_NOFOLLOW).mode(0o600);
    }
    options.open(path).map_err(|e| {
        if e.raw_os_error() == Some(libc::ELOOP) {
            refused(path)
        } else {
            error::runtime(
                crate::msg!(
                    "err-cannot-open",
                    path = path.display().to_string(),
                    what = crate::i18n::Msg::new(what).render(),
                    cause = crate::platform::error::io_reason(&e)
                )
                .render(),
            )
        }
    })
}

/// Creates a directory (and its parents) readable by its owner only; an existing one is kept.
pub fn create_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

/// Writes a whole file (created or truncated), refusing a symbolic link.
pub fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut file = open(
        OpenOptions::new().create(true).write(true).truncate(true),
        path,
        "the file",
    )?;
    file.write_all(text.as_bytes()).map_err(|e| {
        error::runtime(
            msg!(
                "err-cannot-write",
                path = path.display().to_string(),
                cause = crate::platform::error::io_reason(&e)
            )
            .render(),
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_link_is_refused_and_its_target_untouched() {
        let dir = std::env::temp_dir().join(format!("yearend-nofollow-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("precious");
        std::fs::write(&target, "keep me").unwrap();
        let link = dir.join("lock");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = super::write(&link, "x").unwrap_err().to_string();
        assert!(e.contains("是符号链接"), "{e}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
        super::write(&dir.join("plain"), "ok").unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
