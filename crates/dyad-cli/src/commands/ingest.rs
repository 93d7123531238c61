//! `dyad ingest`: code documents into the store, with near-duplicate
//! clusters and fused events, one transaction per batch.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use dyad_engine::{BatchReport, Pipeline, Store};
use dyad_ingest::InputFormat;
use indicatif::{ProgressBar, ProgressStyle};

use super::code::{configure_threads, ReadArgs};
use super::read::{Inputs, ReadCounts, ReadOptions};
use super::DictOptions;
use crate::{messages, Status};

/// Text bytes per transaction.
const BATCH_BYTES: usize = 8 << 20;

#[derive(Debug, Args)]
pub(crate) struct IngestArgs {
    /// Files or directories (recursive); `-` reads standard input.
    #[arg(required_unless_present = "relocate", value_name = "PATHS")]
    paths: Vec<String>,
    /// Read nothing: place every stored mention again from its document's
    /// text and stored dateline (mentions stored before datelines were kept,
    /// or by an older dyad), and fuse again the events whose places moved.
    #[arg(long, conflicts_with = "paths")]
    relocate: bool,
    /// The store file (created on first use).
    #[arg(long, default_value = "dyad.db", env = "DYAD_DB")]
    db: PathBuf,
    /// The same reading options as `dyad code`: one meaning of `--date`.
    #[command(flatten)]
    read: ReadArgs,
    /// No progress bar, even on a terminal.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Print a line on stderr after each committed batch, and every
    /// warning (not only the first ten and a summary by kind).
    #[arg(long, short = 'v')]
    verbose: bool,
    /// Documents per transaction.
    #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..))]
    batch: u64,
    /// Store only mentions of at least this confidence (0–1).
    #[arg(long, value_name = "P", value_parser = super::code::parse_probability)]
    min_confidence: Option<f32>,
    #[command(flatten)]
    dict: DictOptions,
}

#[derive(Default)]
struct Totals {
    read: usize,
    rejected: usize,
    report: BatchReport,
}

impl Totals {
    fn add(&mut self, r: &BatchReport) {
        let t = &mut self.report;
        t.documents += r.documents;
        t.new += r.new;
        t.already_stored += r.already_stored;
        t.near_duplicates += r.near_duplicates;
        t.sentences += r.sentences;
        t.mentions += r.mentions;
        t.keys += r.keys;
        t.refused += r.refused;
    }
}

pub(crate) fn run(args: IngestArgs) -> anyhow::Result<Status> {
    if args.relocate {
        return relocate(&args);
    }
    configure_threads(args.read.threads);
    let (pipeline, problems) = Pipeline::new(&args.dict.settings()?);
    let pipeline = args.read.streaming(pipeline);
    for p in &problems {
        messages::warning(&format!("dictionary {p}"));
    }
    let mut store = Store::open(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let db = args.db.display().to_string();
    store.on_write_wait(move |_| messages::info(&format!("waiting for another writer to finish with {db}")));
    let mut totals = Totals::default();
    let mut inputs = Inputs::expand(&args.paths, &|m: &str| messages::warning(m));
    inputs.without_store(&args.db);
    totals.rejected += inputs.rejected;
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::new(inputs.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} files, {msg} (ETA {eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        b
    };
    let start = Instant::now();
    let opts = ReadOptions {
        format: InputFormat::from(args.read.input),
        date: args.read.date,
        max_docs: usize::try_from(args.batch).unwrap_or(usize::MAX),
        max_bytes: BATCH_BYTES,
        limits: dyad_ingest::Limits { max_doc_bytes: args.read.max_doc_size },
    };
    // Reading and coding (pure, parallel) run on their own thread and feed
    // the single writer through a bounded channel: the next batch is coded
    // while the previous one is written.
    let (sender, receiver) = std::sync::mpsc::sync_channel::<dyad_engine::PreparedBatch>(2);
    let reader_bar = bar.clone();
    // The first warnings print as they come; a flood is summarised by kind
    // (every line with --verbose).
    let warnings =
        std::sync::Mutex::new(crate::report::Warnings::new(args.verbose).immediate(super::code::IMMEDIATE_WARNINGS));
    let warnings = &warnings;
    let (read, stored) = std::thread::scope(|scope| -> anyhow::Result<(ReadCounts, Totals)> {
        let pipeline = &pipeline;
        let inputs = &inputs;
        let opts = &opts;
        let producer = scope.spawn(move || {
            let bar = reader_bar;
            let say = |m: &str| {
                bar.suspend(|| {
                    if let Ok(mut w) = warnings.lock() {
                        w.add_line(m);
                    }
                })
            };
            inputs.read_batches(opts, &say, &mut || bar.inc(1), &mut |batch| {
                let mut prepared = pipeline.prepare(batch);
                if let Some(p) = args.min_confidence {
                    prepared.drop_below(p);
                }
                // The writer has stopped (an error): stop reading.
                Ok(sender.send(prepared).is_ok())
            })
        });
        let mut stored = Totals::default();
        for prepared in receiver {
            let report = pipeline.store(&mut store, prepared).context("storing a batch")?;
            for failure in &report.failed {
                bar.suspend(|| {
                    if let Ok(mut w) = warnings.lock() {
                        w.add_line(&format!("{failure} (rejected)"));
                    }
                });
            }
            stored.rejected += report.failed.len();
            stored.add(&report);
            if args.verbose {
                bar.suspend(|| {
                    messages::info(&format!(
                        "committed {} documents ({} new); {} committed in all",
                        report.documents, report.new, stored.report.documents
                    ))
                });
            }
            let secs = start.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "{} docs ({:.0}/s), {} mentions committed",
                stored.report.documents,
                stored.report.documents as f64 / secs,
                stored.report.mentions,
            ));
        }
        let read = producer.join().map_err(|_| anyhow::anyhow!("the reader thread panicked"))??;
        Ok((read, stored))
    })?;
    totals.read = read.documents;
    totals.rejected += read.rejected + stored.rejected;
    totals.add(&stored.report);
    bar.finish_and_clear();
    if let Ok(w) = warnings.lock() {
        w.summarise("warnings and rejected inputs");
    }
    let r = &totals.report;
    let secs = start.elapsed().as_secs_f64();
    messages::info(&format!(
        "{} documents read: {} new, {} already stored, {} near-duplicates; {} sentences, {} mentions; {} rejected ({:.1} s, {:.0} documents/s)",
        totals.read,
        r.new,
        r.already_stored,
        r.near_duplicates,
        r.sentences,
        r.mentions,
        totals.rejected,
        secs,
        totals.read as f64 / secs.max(1e-3)
    ));
    let s = Store::open(&args.db)?.stats()?;
    messages::info(&format!(
        "{}: {} documents ({} near-duplicate clusters), {} mentions, {} events ({} with conflicts or disputes)",
        args.db.display(),
        s.documents,
        s.duplicate_clusters,
        s.mentions,
        s.events,
        s.conflicts
    ));
    Ok(if totals.rejected > 0 { Status::Rejected } else { Status::Ok })
}

/// `dyad ingest --relocate`: the store's mentions placed again.
fn relocate(args: &IngestArgs) -> anyhow::Result<Status> {
    let mut store = Store::open(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let start = Instant::now();
    let r = dyad_engine::relocate(&mut store).with_context(|| format!("relocating {}", args.db.display()))?;
    messages::info(&format!(
        "relocated {}: {} documents, {} mentions, {} placed anew, {} fusion keys fused again in {:.1} s",
        args.db.display(),
        r.documents,
        r.mentions,
        r.changed,
        r.keys,
        start.elapsed().as_secs_f64()
    ));
    Ok(Status::Ok)
}
