//! `dyad code`: stream event mentions from documents, with no state.

use std::io::{self, BufWriter};

use anyhow::Context;
use clap::Args;
use dyad_engine::{CodeFailure, Coded, Pipeline};
use dyad_ingest::InputFormat;
use dyad_types::{Article, PartialDate};
use rayon::prelude::*;

use super::read::{Inputs, ReadOptions};
use super::DictOptions;
use crate::output::{Format, MentionWriter};
use crate::{messages, Status};

/// Articles coded per parallel batch.
const BATCH_DOCS: usize = 256;
/// Text bytes per parallel batch: keeps memory bounded on any input.
const BATCH_BYTES: usize = 16 << 20;
/// Warnings about inputs printed one by one before the rest are summarised.
pub(crate) const IMMEDIATE_WARNINGS: usize = 10;

#[derive(Debug, Args)]
pub(crate) struct CodeArgs {
    /// Files or directories to code; `-` reads standard input.
    #[arg(required = true, value_name = "FILES")]
    files: Vec<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Leave out mentions whose confidence (the estimated chance that the
    /// event, its category, source and target are right) is below this.
    #[arg(long, value_name = "P", value_parser = parse_probability)]
    min_confidence: Option<f32>,
    #[command(flatten)]
    read: ReadArgs,
    #[command(flatten)]
    dict: DictOptions,
}

/// A number in `[0, 1]`.
pub(crate) fn parse_probability(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("`{s}` is not a number between 0 and 1")),
    }
}

/// How documents are read and coded: the options `code`, `ingest`, `eval` and
/// `sample` share (with [`DictOptions`]).
#[derive(Debug, Args)]
pub(crate) struct ReadArgs {
    /// Input format (by default from the file name, or the content for stdin).
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    pub(crate) input: InputArg,
    /// Document date (YYYY, YYYY-MM or YYYY-MM-DD) for documents whose
    /// metadata gives none: the anchor for relative dates.
    #[arg(long, value_parser = parse_date)]
    pub(crate) date: Option<PartialDate>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub(crate) threads: Option<usize>,
    /// The largest document read (bytes; `k`, `M`, `G` suffixes): a larger
    /// one is rejected by name, without being read whole, and the rest go
    /// on (the exit status is then 1).
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = parse_size)]
    pub(crate) max_doc_size: usize,
    /// Documents longer than this are coded in two passes and their
    /// mentions handed on in chunks as they are coded, never all held
    /// (`dyad_engine::STREAM_BYTES` by default); for tests that compare
    /// the two ways on small documents.
    #[arg(long, hide = true, value_name = "SIZE", default_value_t = dyad_engine::STREAM_BYTES, value_parser = parse_size)]
    pub(crate) stream_above: usize,
}

impl ReadArgs {
    /// `pipeline` with the streaming threshold of `--stream-above`.
    pub(crate) fn streaming(&self, pipeline: Pipeline) -> Pipeline {
        pipeline.streaming(self.stream_above, dyad_engine::STREAM_CHUNK)
    }
}

/// A size in bytes: `1000`, `500k`, `10M`, `1G` (powers of 1,000; `KiB`,
/// `MiB`, `GiB` for powers of 1,024).
pub(crate) fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: usize = digits.parse().map_err(|_| format!("`{s}` is not a size (e.g. 10M)"))?;
    let scale: usize = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        _ => return Err(format!("`{s}`: unknown unit (use k, M or G)")),
    };
    n.checked_mul(scale).filter(|&b| b > 0).ok_or_else(|| format!("`{s}` is not a usable size"))
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
    configure_threads(args.read.threads);
    let pipeline = args.read.streaming(args.dict.pipeline()?);
    let stdout = io::stdout().lock();
    let mut out = MentionWriter::new(BufWriter::with_capacity(1 << 16, stdout), args.format)?;
    let min = args.min_confidence.unwrap_or(0.0);
    let mut below = 0;
    let totals = code_inputs(&pipeline, &args.files, &args.read, true, &mut |_, coded| {
        for m in &coded.mentions {
            if m.confidence < min {
                below += 1;
                continue;
            }
            out.write(m).context("writing output")?;
        }
        Ok(())
    })?;
    out.finish().context("writing output")?;
    let left_out = if args.min_confidence.is_some() {
        format!(" ({below} below --min-confidence left out)")
    } else {
        String::new()
    };
    messages::info(&format!(
        "{} documents, {} sentences, {} events{left_out}, {} rejected",
        totals.documents, totals.sentences, totals.events, totals.rejected
    ));
    Ok(if totals.rejected > 0 { Status::Rejected } else { Status::Ok })
}

/// Reads and codes every document of `files` (files, directories, `-`) in
/// input order, in bounded parallel batches, and hands each article with
/// its coding to `each`, in input order. An article whose coding failed is
/// reported and counted as rejected, and the run goes on.
///
/// With `chunks`, a long document ([`Pipeline::streams`]) is coded in two
/// passes and handed on in several parts, each a [`Coded`] with the next
/// chunk of its mentions (the sentence count on the first part only), so
/// that its mentions are never all held at once; without, every document
/// comes whole.
pub(crate) fn code_inputs(
    pipeline: &Pipeline,
    files: &[String],
    read: &ReadArgs,
    chunks: bool,
    each: &mut dyn FnMut(&Article, &Coded) -> anyhow::Result<()>,
) -> anyhow::Result<Totals> {
    let mut totals = Totals::default();
    // The first warnings print as they come; a flood is summarised by kind.
    let warnings = std::cell::RefCell::new(crate::report::Warnings::new(false).immediate(IMMEDIATE_WARNINGS));
    let say = |m: &str| warnings.borrow_mut().add_line(m);
    let inputs = Inputs::expand(files, &say);
    let opts = ReadOptions {
        format: InputFormat::from(read.input),
        date: read.date,
        max_docs: BATCH_DOCS,
        max_bytes: BATCH_BYTES,
        limits: dyad_ingest::Limits { max_doc_bytes: read.max_doc_size },
    };
    let counts = inputs.read_batches(&opts, &say, &mut || {}, &mut |batch| {
        let articles: Vec<Article> = batch.into_iter().map(|i| i.article).collect();
        // Long documents (with `chunks`) are left for the two passes below.
        let coded: Vec<Option<Result<Coded, CodeFailure>>> =
            articles.par_iter().map(|a| (!chunks || !pipeline.streams(a)).then(|| pipeline.try_code(a))).collect();
        for (article, coded) in articles.iter().zip(coded) {
            totals.documents += 1;
            let coded = match coded {
                Some(whole) => whole.map(|c| (c, None)),
                None => pipeline.first_pass(article).map(|first| {
                    let head = Coded { id: article.id.clone(), sentences: first.sentences, mentions: Vec::new() };
                    (head, Some(first))
                }),
            };
            let (coded, first) = match coded {
                Ok(c) => c,
                Err(failure) => {
                    warnings.borrow_mut().add_line(&format!("{failure} (skipped)"));
                    totals.rejected += 1;
                    continue;
                }
            };
            totals.sentences += coded.sentences;
            totals.events += coded.mentions.len();
            each(article, &coded)?;
            if let Some(first) = first {
                // The first part carried the sentence count; the mentions
                // follow chunk by chunk as the second pass hands them on.
                pipeline.second_pass(article, &first, &mut |mentions| {
                    totals.events += mentions.len();
                    each(article, &Coded { id: article.id.clone(), sentences: 0, mentions })
                })?;
            }
        }
        totals.bytes += articles.iter().map(|a| a.text.len()).sum::<usize>();
        Ok(true)
    })?;
    totals.rejected += inputs.rejected + counts.rejected;
    totals.warnings += counts.warnings;
    warnings.borrow().summarise("warnings and rejected inputs");
    Ok(totals)
}
