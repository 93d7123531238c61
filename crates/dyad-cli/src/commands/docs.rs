//! `dyad docs`: stored documents and their near-duplicate clusters.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use dyad_engine::Store;

use crate::Status;

#[derive(Debug, Args)]
pub(crate) struct DocsArgs {
    /// List the near-duplicate clusters.
    #[arg(long)]
    duplicates: bool,
    /// Check the database file's integrity.
    #[arg(long)]
    check: bool,
    /// The store file.
    #[arg(long, default_value = "dyad.db", env = "DYAD_DB")]
    db: PathBuf,
}

#[allow(clippy::print_stdout, reason = "the listing is the command's output")]
pub(crate) fn run(args: DocsArgs) -> anyhow::Result<Status> {
    let store = Store::open_read_only(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let mut out = std::io::stdout().lock();
    let s = store.stats()?;
    if args.check {
        let r = store.integrity_check()?;
        writeln!(out, "integrity: {r}")?;
        if r != "ok" {
            return Ok(Status::Rejected);
        }
    }
    if args.duplicates {
        let clusters = store.duplicate_clusters()?;
        for (i, c) in clusters.iter().enumerate() {
            writeln!(out, "cluster {} ({} documents)", i + 1, c.len())?;
            for d in c {
                writeln!(
                    out,
                    "  {:<6} {:<10} {:<22} {}",
                    d.id,
                    d.date.as_deref().unwrap_or("-"),
                    d.source.as_deref().unwrap_or("-"),
                    d.title.as_deref().unwrap_or(&d.ext_id)
                )?;
            }
        }
        writeln!(out, "{} near-duplicate clusters among {} documents", clusters.len(), s.documents)?;
    } else {
        writeln!(
            out,
            "{} documents, {} near-duplicate clusters, {} mentions, {} events",
            s.documents, s.duplicate_clusters, s.mentions, s.events
        )?;
    }
    Ok(Status::Ok)
}
