//! Where a dry-run keeps its journal records: compact JSON lines in an unlinked temporary file, so
//! a plan of 2,000 tables (48,000 statement records) does not hold them in memory, and nothing of
//! the dry-run is left on disk, even after a kill. Read back only for `--json` and `--out`. Any
//! serializable record goes: this file knows no journal.

use serde_json::value::RawValue;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::os::unix::fs::{FileExt, OpenOptionsExt};

pub struct Spill {
    out: BufWriter<File>,
}

impl Spill {
    /// A new unlinked file in the temporary directory; `None` when none can be made (the
    /// records then stay in memory, as before).
    pub fn new() -> Option<Spill> {
        let dir = std::env::temp_dir();
        for attempt in 0..8u32 {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let path = dir.join(format!(
                ".yearend-dry-run-{}-{nanos}-{attempt}",
                std::process::id()
            ));
            let opened = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .mode(0o600)
                .custom_flags(libc::O_NOFOLLOW)
                .open(&path);
            if let Ok(file) = opened {
                let _ = std::fs::remove_file(&path);
                return Some(Spill {
                    out: BufWriter::with_capacity(1 << 16, file),
                });
            }
        }
        None
    }

    pub fn push<T: serde::Serialize>(&mut self, record: &T) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.out, record).map_err(std::io::Error::other)?;
        self.out.write_all(b"\n")
    }

    /// Every line written, from the first (flushes first).
    pub fn lines(&mut self) -> std::io::Result<std::io::Lines<BufReader<From0<'_>>>> {
        self.out.flush()?;
        Ok(self.reader().lines())
    }

    /// Every record, parsed back.
    pub fn records<T: serde::de::DeserializeOwned>(&mut self) -> std::io::Result<Vec<T>> {
        self.lines()?
            .map(|line| {
                serde_json::from_str(&line?)
                    .map_err(|e| std::io::Error::other(format!("a spilled record: {e}")))
            })
            .collect()
    }

    /// Writes out what is buffered, before `raw`.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    /// Each record as written, unparsed (for `--json`); call `flush` first.
    pub fn raw(&self) -> impl Iterator<Item = std::io::Result<Box<RawValue>>> + '_ {
        self.reader()
            .lines()
            .map(|line| RawValue::from_string(line?).map_err(std::io::Error::other))
    }

    fn reader(&self) -> BufReader<From0<'_>> {
        BufReader::with_capacity(
            1 << 16,
            From0 {
                file: self.out.get_ref(),
                at: 0,
            },
        )
    }
}

/// Reads the file from its start without moving the writer's offset.
pub struct From0<'a> {
    file: &'a File,
    at: u64,
}

impl Read for From0<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read_at(buf, self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Rec {
        seq: u64,
        summary: String,
    }

    #[test]
    fn records_come_back_in_order_and_leave_no_file() {
        let mut spill = Spill::new().expect("a temporary file");
        for seq in 1..=3 {
            let summary = format!("s{seq}");
            spill.push(&Rec { seq, summary }).unwrap();
        }
        let back: Vec<Rec> = spill.records().unwrap();
        assert_eq!(back.len(), 3);
        assert_eq!(back.iter().map(|r| r.seq).collect::<Vec<_>>(), [1, 2, 3]);
        spill.push(&back[0]).unwrap();
        assert_eq!(
            spill.records::<Rec>().unwrap().len(),
            4,
            "written after a read"
        );
        let names: Vec<String> = std::fs::read_dir(std::env::temp_dir())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(&format!(".yearend-dry-run-{}-", std::process::id())))
            .collect();
        assert!(names.is_empty(), "{names:?}");
        spill.flush().unwrap();
        let raw: Vec<Box<RawValue>> = spill.raw().map(Result::unwrap).collect();
        let json: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(&raw).unwrap()).unwrap();
        assert_eq!(json.as_array().unwrap().len(), 4);
        assert_eq!(json[1]["summary"], "s2");
    }
}
