//! `dyad code`: stream event mentions from documents, with no state.

use std::io::{self, BufWriter, Write};

use anyhow::Context;
use clap::Args;
use dyad_engine::Pipeline;
use dyad_ingest::InputFormat;
use dyad_types::{Article, PartialDate};

use super::read::{Inputs, ReadOptions};
use super::DictOptions;
use crate::output::{Format, MentionWriter};
use crate::{messages, Status};

/// Articles coded per parallel batch.
const BATCH_DOCS: usize = 256;
/// Text bytes per parallel batch: keeps memory bounded on any input.
const BATCH_BYTES: usize = 16 << 20;

#[derive(Debug, Args)]
pub(crate) struct CodeArgs {
    /// Files or directories to code; `-` reads standard input.
    #[arg(required = true, value_name = "FILES")]
    files: Vec<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Input format (by default from the file name, or the content for stdin).
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    input: InputArg,
    /// Document date (YYYY, YYYY-MM or YYYY-MM-DD) for documents whose
    /// metadata gives none: the anchor for relative dates.
    #[arg(long, value_parser = parse_date)]
    date: Option<PartialDate>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
    #[command(flatten)]
    dict: DictOptions,
}

/// Input format, as a command-line value.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub(crate) enum InputArg {
    /// Detect from the content.
    Auto,
    /// One plain-text document per file.
    Text,
    /// One JSON document per line.
    Jsonl,
    /// An HTML page.
    Html,
    /// An RSS or Atom feed.
    Feed,
    /// A WARC or WARC.gz archive.
    Warc,
}

impl From<InputArg> for InputFormat {
    fn from(a: InputArg) -> InputFormat {
        match a {
            InputArg::Auto => InputFormat::Auto,
            InputArg::Text => InputFormat::Text,
            InputArg::Jsonl => InputFormat::Jsonl,
            InputArg::Html => InputFormat::Html,
            InputArg::Feed => InputFormat::Feed,
            InputArg::Warc => InputFormat::Warc,
        }
    }
}

pub(crate) fn parse_date(s: &str) -> Result<PartialDate, String> {
    PartialDate::parse(s).ok_or_else(|| format!("`{s}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))
}

/// Counts for the closing summary.
#[derive(Default, Debug)]
pub(crate) struct Totals {
    pub(crate) documents: usize,
    pub(crate) sentences: usize,
    pub(crate) events: usize,
    pub(crate) rejected: usize,
    pub(crate) warnings: usize,
    pub(crate) bytes: usize,
}

pub(crate) fn configure_threads(threads: Option<usize>) {
    if let Some(n) = threads {
        // Fails only if the pool was already built, which is harmless.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
}

pub(crate) fn run(args: CodeArgs) -> anyhow::Result<Status> {
    configure_threads(args.threads);
    let (pipeline, problems) = Pipeline::new(&args.dict.settings()?);
    for p in &problems {
        messages::warning(&format!("dictionary {p}"));
    }
    let stdout = io::stdout().lock();
    let mut out = MentionWriter::new(BufWriter::with_capacity(1 << 16, stdout), args.format)?;
    let mut totals = Totals::default();
    let say = |m: &str| messages::warning(m);
    let inputs = Inputs::expand(&args.files, &say);
    let opts = ReadOptions {
        format: InputFormat::from(args.input),
        date: args.date,
        max_docs: BATCH_DOCS,
        max_bytes: BATCH_BYTES,
    };
    let read = inputs.read_batches(&opts, &say, &mut || {}, &mut |batch| {
        let mut articles: Vec<Article> = batch.into_iter().map(|i| i.article).collect();
        flush(&pipeline, &mut articles, &mut out, &mut totals)?;
        Ok(true)
    })?;
    totals.rejected += inputs.rejected + read.rejected;
    totals.warnings += read.warnings;
    out.finish().context("writing output")?;
    messages::info(&format!(
        "{} documents, {} sentences, {} events, {} rejected",
        totals.documents, totals.sentences, totals.events, totals.rejected
    ));
    Ok(if totals.rejected > 0 { Status::Rejected } else { Status::Ok })
}

fn flush<W: Write>(
    pipeline: &Pipeline,
    batch: &mut Vec<Article>,
    out: &mut MentionWriter<W>,
    totals: &mut Totals,
) -> anyhow::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    for coded in pipeline.code_batch(batch) {
        totals.documents += 1;
        let coded = match coded {
            Ok(c) => c,
            Err(failure) => {
                messages::warning(&format!("{failure} (skipped)"));
                totals.rejected += 1;
                continue;
            }
        };
        totals.sentences += coded.sentences;
        totals.events += coded.mentions.len();
        for m in &coded.mentions {
            out.write(m).context("writing output")?;
        }
    }
    totals.bytes += batch.iter().map(|a| a.text.len()).sum::<usize>();
    batch.clear();
    Ok(())
}
