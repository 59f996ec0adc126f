//! Reads run side by side: the catalog's reads split over this session and a second one that
//! imports this session's snapshot (`pg_export_snapshot` / `SET TRANSACTION SNAPSHOT`), so both
//! halves see the database at the same instant while the server runs them at once. When the
//! second session cannot be opened (a connection limit, a pooler), this session runs every read.

use super::{begin_read, classify, run_reads};
use crate::db::{DbError, Read, Rows};
use crate::guard;
use crate::sql;
use postgres::{Client, Config, NoTls};
use rustls::ClientConfig;

/// Fewer reads than this are not worth a second session (the catalog sends six).
pub(super) const AT_LEAST: usize = 4;

/// How to open a session like the first: the same settings and TLS.
pub(super) struct Reopen {
    pub(super) config: Config,
    pub(super) tls: Option<ClientConfig>,
}

impl Reopen {
    pub(super) fn connect(&self) -> Result<Client, postgres::Error> {
        match &self.tls {
            None => self.config.connect(NoTls),
            Some(tls) => self
                .config
                .connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls.clone())),
        }
    }
}

/// This transaction's snapshot, for a second session to import; `None` where the server cannot
/// export one (a standby in recovery, a PostgreSQL-like fork without the function): the error
/// has ended the transaction, and the caller starts another.
pub(super) fn export(tx: &mut postgres::Transaction) -> Option<String> {
    let export = guard::session(sql::text("postgres/session/export_snapshot"))
        .expect("fixed session statement passes the guard");
    tx.query_one(export.sql(), &[]).ok().map(|row| row.get(0))
}

/// The first half of `reads` in `tx`, the second on a second session in `tx`'s snapshot; the
/// rows in the order of `reads`.
pub(super) fn read_split(
    tx: &mut postgres::Transaction,
    snapshot: &str,
    reopen: &Reopen,
    reads: &[Read],
) -> Result<Vec<Rows>, DbError> {
    let (mine, theirs) = reads.split_at(reads.len() / 2);
    let (out, side) = std::thread::scope(|s| {
        let side = s.spawn(|| on_second_session(reopen, snapshot, theirs));
        let mine = run_reads(tx, mine);
        (mine, side.join())
    });
    let theirs = match side {
        Ok(Ok(rows)) => rows,
        Ok(Err(Side::Read(e))) => return Err(e),
        // No second session: this one reads the rest, in the same snapshot.
        Ok(Err(Side::Unopened)) | Err(_) => run_reads(tx, theirs)?,
    };
    let mut out = out?;
    out.extend(theirs);
    Ok(out)
}

enum Side {
    Unopened,
    Read(DbError),
}

fn on_second_session(reopen: &Reopen, snapshot: &str, reads: &[Read]) -> Result<Vec<Rows>, Side> {
    let mut client = reopen.connect().map_err(|_| Side::Unopened)?;
    let mut tx = begin_read(&mut client, true).map_err(Side::Read)?;
    let import = sql::render(
        "postgres/session/import_snapshot",
        serde_json::json!({ "id": snapshot }),
    );
    let import = guard::session(&import).map_err(|e| Side::Read(DbError::Other(e.to_string())))?;
    tx.batch_execute(import.sql())
        .map_err(|e| Side::Read(classify(e)))?;
    let rows = run_reads(&mut tx, reads).map_err(Side::Read)?;
    let _ = tx.rollback();
    Ok(rows)
}
