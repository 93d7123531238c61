//! Keeping the write-ahead log bounded while readers come and go.
//!
//! A writer appends to `FILE-wal`; a checkpoint copies those pages back into
//! the database, and the log is only rewound (or truncated) once every page
//! is back and no reader still reads an older snapshot through it. The
//! writer's own automatic checkpoints run right after its commits, when a
//! busy server's readers are most often mid-query, so under steady reading
//! they never complete and the log grows without end (289 MB beside a 222 MB
//! store in one probe). [`checkpoint`] lets a reader process catch up in
//! between: a PASSIVE checkpoint never waits and never blocks anyone, and
//! when the log has grown past a limit and every page is back, a TRUNCATE
//! checkpoint, tried without waiting, shrinks the file to nothing.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::Result;

/// What one [`checkpoint`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Checkpoint {
    /// Pages in the log before.
    pub log_pages: i64,
    /// Of those, pages now copied back into the database.
    pub checkpointed_pages: i64,
    /// The log file was truncated to nothing.
    pub truncated: bool,
}

/// Checkpoints the store at `path` without waiting on anyone: copies what it
/// can of the log back into the database and, when the log file is larger
/// than `truncate_above` bytes and fully copied, truncates it. Opens the
/// file for writing but never creates it and never changes its content:
/// the database holds the same rows before and after.
pub fn checkpoint(path: &Path, truncate_above: u64) -> Result<Checkpoint> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    // Never wait: a busy writer or reader means "try again next time".
    conn.busy_timeout(std::time::Duration::ZERO)?;
    let run = |mode: &str| -> Result<(bool, i64, i64)> {
        Ok(conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |r| {
            Ok((r.get::<_, i64>(0)? != 0, r.get(1)?, r.get(2)?))
        })?)
    };
    let (_, log_pages, checkpointed_pages) = run("PASSIVE")?;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let wal_bytes = std::fs::metadata(std::path::PathBuf::from(wal)).map(|m| m.len()).unwrap_or(0);
    let mut out = Checkpoint { log_pages, checkpointed_pages, truncated: false };
    if wal_bytes > truncate_above && log_pages == checkpointed_pages {
        let (busy, log, _) = run("TRUNCATE")?;
        out.truncated = !busy && log == 0;
    }
    Ok(out)
}
