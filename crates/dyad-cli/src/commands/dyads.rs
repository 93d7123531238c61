//! `dyad dyads`: the most active actor pairs.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use dyad_engine::Store;

use crate::Status;

#[derive(Debug, Args)]
pub(crate) struct DyadsArgs {
    /// How many pairs.
    #[arg(long, default_value_t = 20)]
    top: usize,
    /// The store file.
    #[arg(long, default_value = "dyad.db", env = "DYAD_DB")]
    db: PathBuf,
}

#[allow(clippy::print_stdout, reason = "the table is the command's output")]
pub(crate) fn run(args: DyadsArgs) -> anyhow::Result<Status> {
    let store = Store::open_read_only(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{:<8} {:<8} {:>7} {:>9} {:>10}", "source", "target", "events", "mentions", "goldstein")?;
    for d in store.top_dyads(args.top)? {
        writeln!(out, "{:<8} {:<8} {:>7} {:>9} {:>+10.1}", d.source, d.target, d.events, d.mentions, d.goldstein)?;
    }
    Ok(Status::Ok)
}
