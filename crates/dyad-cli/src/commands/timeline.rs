//! `dyad timeline`: a dyad's cooperation and conflict over time, in the terminal.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use dyad_engine::store::Period;
use dyad_engine::Store;

use crate::Status;

#[derive(Debug, Args)]
pub(crate) struct TimelineArgs {
    /// One state (all its events) or two (the events between them, both ways).
    #[arg(required = true, num_args = 1..=2, value_name = "ACTOR")]
    actors: Vec<String>,
    /// Period.
    #[arg(long, value_enum, default_value_t = By::Month)]
    by: By,
    /// The store file.
    #[arg(long, default_value = "dyad.db", env = "DYAD_DB")]
    db: PathBuf,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum By {
    Day,
    Month,
    Year,
}

/// Bar characters per quad class: verbal cooperation, material cooperation,
/// verbal conflict, material conflict.
const MARKS: [char; 4] = ['+', '#', '-', 'X'];

#[allow(clippy::print_stdout, reason = "the chart is the command's output")]
pub(crate) fn run(args: TimelineArgs) -> anyhow::Result<Status> {
    let store = Store::open_read_only(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let period = match args.by {
        By::Day => Period::Day,
        By::Month => Period::Month,
        By::Year => Period::Year,
    };
    let a = args.actors[0].to_ascii_uppercase();
    let b = args.actors.get(1).map(|s| s.to_ascii_uppercase());
    let buckets = store.timeline(&a, b.as_deref(), period)?;
    let mut out = std::io::stdout().lock();
    let who = b.as_ref().map_or(a.clone(), |b| format!("{a} – {b}"));
    writeln!(out, "{who}: events per period ({} verbal cooperation, {} material cooperation, {} verbal conflict, {} material conflict) and Goldstein sum", MARKS[0], MARKS[1], MARKS[2], MARKS[3])?;
    let max = buckets.iter().map(|b| b.quad.iter().sum::<u32>()).max().unwrap_or(0).max(1);
    let width = 50usize;
    for bk in &buckets {
        let total: u32 = bk.quad.iter().sum();
        let mut bar = String::new();
        for (q, n) in bk.quad.iter().enumerate() {
            let cells = ((*n as usize * width) as f64 / max as f64).ceil() as usize;
            bar.extend(std::iter::repeat_n(MARKS[q], cells.min(width)));
        }
        writeln!(out, "{:<10} {:<w$} {:>4}  {:>+8.1}", bk.period, bar, total, bk.goldstein, w = width + 4)?;
    }
    if buckets.is_empty() {
        writeln!(out, "no dated events")?;
    }
    Ok(Status::Ok)
}
