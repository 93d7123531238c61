//! `dyad eval`: score dyad against labelled documents (`--gold`), or read
//! the verdicts of a judged sample (`--judged`).
//!
//! With `--gold`, the documents are read and coded exactly as `dyad code`
//! codes them (same inputs, dictionaries and switches); each coded document
//! is summarised (`score::DocResult`), joined to its label by id and scored
//! (`score.rs`). The gold formats are in `gold.rs`, the verdict file in
//! `judged.rs`.

mod gold;
mod judged;
mod score;

use std::collections::HashSet;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::Args;

use super::code::{code_inputs, configure_threads, ReadArgs};
use super::DictOptions;
use crate::{messages, Status};

pub(crate) use judged::VERDICTS;

#[derive(Debug, Args)]
#[command(after_long_help = "\
Gold formats (JSONL, one object a line; told apart by their fields):
  {\"id\", \"plover\": \"PROTEST\", …}        a PLOVER category per document: per-category
                                        precision, recall and F1, micro and macro
  {\"id\", \"topic\", \"political\": bool, …} a topic per document: the share with any event
                                        per topic; \"has any event\" against political
  {\"id\", \"events\": [{\"source\", \"target\", \"cameo\"}]}
                                        events of a sentence: exact-code and CAMEO-root
                                        matches, both with source and target codes; and
                                        the share of gold events whose PLOVER category is
                                        coded, alone and with the countries of both sides
PETRARCH records (XML with <Sentence> and <EventCoding>) are run by `dyad validate`.

A document is coded as category C when dyad emits at least one mention of C
in it. Mentions of every modality count (reported, planned, denied, …)
unless --asserted-only is given. A gold line that is malformed, has no id
or names an unknown PLOVER category is reported as FILE:LINE and left out;
the exit status is then 1.

Examples:
  dyad eval --gold ngec_headlines_dev.gold.jsonl ngec_headlines_dev.jsonl --misses 10
  dyad eval --gold cep2015.gold.jsonl cep2015.jsonl --format json
  dyad sample -n 100 --seed 7 corpus.jsonl > sample.tsv   (fill the verdict columns)
  dyad eval --judged sample.tsv")]
pub(crate) struct EvalArgs {
    /// Documents to code, as `dyad code` reads them (files, directories,
    /// `-` for standard input).
    #[arg(value_name = "DOCS", required_unless_present = "judged")]
    files: Vec<String>,
    /// The labels to score against (JSONL; the format comes from the fields).
    #[arg(long, value_name = "GOLD", required_unless_present = "judged")]
    gold: Option<PathBuf>,
    /// Instead of coding: a verdict file from `dyad sample` (TSV or JSONL)
    /// with its verdict columns filled; prints precision with 95 % Wilson
    /// intervals. A `text` column, if any, is ignored.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["gold", "files"])]
    judged: Option<PathBuf>,
    /// Count only asserted mentions (not reported, denied, negated,
    /// planned, threatened, hypothetical or generic ones).
    #[arg(long)]
    asserted_only: bool,
    /// Report format.
    #[arg(long, short = 'f', value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    /// Print up to N false negatives (labelled but not coded), with the
    /// start of their text.
    #[arg(long, value_name = "N", default_value_t = 0)]
    misses: usize,
    /// Print up to N false positives (coded but not labelled), with the
    /// start of their text.
    #[arg(long, value_name = "N", default_value_t = 0)]
    extras: usize,
    #[command(flatten)]
    read: ReadArgs,
    #[command(flatten)]
    dict: DictOptions,
}

/// How the report is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    /// A table for reading.
    Table,
    /// One JSON object, for machines.
    Json,
}

pub(crate) fn run(args: EvalArgs) -> anyhow::Result<Status> {
    if let Some(path) = &args.judged {
        return run_judged(path, args.format);
    }
    let Some(gold_path) = &args.gold else {
        bail!("give --gold FILE and the documents to code, or --judged FILE");
    };
    let name = gold_path.display().to_string();
    let gold = gold::parse(&name, &read_lossy(gold_path)?);
    for e in &gold.errors {
        messages::warning(&format!("{e} (rejected)"));
    }
    if gold.labels.is_empty() {
        bail!("{name}: no labels read ({} line(s) rejected)", gold.errors.len());
    }
    configure_threads(args.read.threads);
    let pipeline = args.dict.pipeline()?;
    let mut docs = Vec::new();
    let mut ids = HashSet::new();
    let totals = code_inputs(&pipeline, &args.files, &args.read, false, &mut |article, coded| {
        if ids.insert(article.id.clone()) {
            docs.push(score::DocResult::new(article, &coded.mentions, args.asserted_only));
        } else {
            messages::warning(&format!("duplicate document id `{}`: only the first is scored", article.id));
        }
        Ok(())
    })?;
    let opts = score::ScoreOptions {
        gold_name: name,
        asserted_only: args.asserted_only,
        misses: args.misses,
        extras: args.extras,
        plover: pipeline
            .dictionary()
            .cameo_table()
            .codes()
            .into_iter()
            .filter(|c| !c.plover.is_empty())
            .map(|c| (c.code.clone(), c.plover.clone()))
            .collect(),
    };
    let report = score::score(&gold, &docs, &opts);
    for (what, ids) in [
        ("gold ids not in the input", &report.gold_not_in_input),
        ("input ids not in the gold", &report.input_not_in_gold),
    ] {
        if ids.count > 0 {
            messages::warning(&format!("{what}: {}", ids.summary()));
        }
    }
    write_report(args.format, &report, score::write_table)?;
    messages::info(&format!(
        "{} labels ({} rejected), {} documents coded ({} rejected), {} scored",
        gold.labels.len(),
        gold.errors.len(),
        totals.documents,
        totals.rejected,
        report.documents
    ));
    Ok(if gold.errors.is_empty() && totals.rejected == 0 { Status::Ok } else { Status::Rejected })
}

fn run_judged(path: &Path, format: ReportFormat) -> anyhow::Result<Status> {
    let name = path.display().to_string();
    let judged = judged::read(&name, &read_lossy(path)?).map_err(anyhow::Error::msg)?;
    for e in &judged.errors {
        messages::warning(&format!("{e} (rejected)"));
    }
    write_report(format, &judged, judged::write_table)?;
    messages::info(&format!(
        "{} judged, {} not judged yet, {} rejected",
        judged.judged, judged.unjudged, judged.rejected
    ));
    Ok(if judged.rejected == 0 { Status::Ok } else { Status::Rejected })
}

/// A file as text, with bytes that are not UTF-8 replaced.
fn read_lossy(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Prints a report on stdout as a table or as JSON.
fn write_report<R: serde::Serialize>(
    format: ReportFormat,
    report: &R,
    table: fn(&R, &mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    match format {
        ReportFormat::Table => table(report, &mut out)?,
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, report)?;
            writeln!(out)?;
        }
    }
    out.flush().context("writing the report")?;
    Ok(())
}
