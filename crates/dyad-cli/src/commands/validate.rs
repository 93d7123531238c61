//! `dyad validate`: run a PETRARCH-style validation suite. Each record's
//! `<Text>` is coded from the raw text (never from its `<Parse>` tree) and
//! the set of (source, target, event code) is compared with the gold set.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use dyad_engine::{Pipeline, Settings};
use dyad_ingest::ValidationRecord;
use dyad_types::{Article, PartialDate};

use dyad_engine::compat::PetrOptions;
use rayon::prelude::*;

use super::{read_petrarch_file, DictOptions};
use crate::{messages, Status};

#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// The records file (`PETR.UnitTest.records.xml` or one like it).
    records: PathBuf,
    #[command(flatten)]
    dict: DictOptions,
    /// Print the coded events of passing records too, and each failure's text.
    #[arg(long, short)]
    verbose: bool,
    /// Exit with status 1 when fewer than this percentage of records pass.
    #[arg(long, value_name = "PERCENT")]
    min_pass: Option<f64>,
}

type Triple = (String, String, String);

pub(crate) fn run(args: ValidateArgs) -> anyhow::Result<Status> {
    let xml = std::fs::read(&args.records).with_context(|| format!("reading {}", args.records.display()))?;
    let xml = String::from_utf8_lossy(&xml);
    let records = dyad_ingest::read_records(&xml).map_err(|e| anyhow::anyhow!("{}: {e}", args.records.display()))?;
    let environment = dyad_ingest::read_environment(&xml);
    let mut settings = if args.dict.dict.is_empty() && !environment.is_empty() {
        // The dictionaries the records file names, beside it.
        let dir = args.records.parent().unwrap_or_else(|| std::path::Path::new("."));
        let files =
            environment.iter().map(|(_, f)| read_petrarch_file(&dir.join(f))).collect::<anyhow::Result<Vec<_>>>()?;
        Settings { petrarch_dictionaries: Some(files), no_syntax: args.dict.no_parse, ..Settings::default() }
    } else {
        args.dict.settings()?
    };
    // Triples are compared, not places; and PETRARCH's records code what a
    // sentence says whatever its modality (`could attack` is an attack).
    settings.no_locations = true;
    settings.all_modalities = true;
    let (pipeline, problems) = Pipeline::new(&settings);
    for p in &problems {
        messages::warning(&format!("dictionary {p}"));
    }
    let coded = code_records(&pipeline, &records, &args.records);
    report(&args, &records, &coded)
}

/// Codes each record's text with the one coder, in its convention; the
/// `<Config>` switches hold from the record that sets them on, in order
/// (`require_dyad` applies to dyad's conventions too: a one-sided mention
/// is a triple with `---` when it is off).
fn code_records(pipeline: &Pipeline, records: &[ValidationRecord], path: &std::path::Path) -> Vec<BTreeSet<Triple>> {
    let mut opts = PetrOptions::default();
    let mut per_record = Vec::with_capacity(records.len());
    for r in records {
        for (k, v) in &r.config {
            if let Err(e) = opts.set(k, v) {
                messages::warning(&format!("{}: record {}: {e}", path.display(), r.id));
            }
        }
        per_record.push(opts);
    }
    // One pipeline per set of switches in force.
    let mut pipelines: Vec<(PetrOptions, Pipeline)> = Vec::new();
    for o in &per_record {
        if !pipelines.iter().any(|(p, _)| p == o) {
            pipelines.push((*o, pipeline.with_petrarch_options(*o)));
        }
    }
    records
        .par_iter()
        .zip(&per_record)
        .map(|(r, opts)| {
            let article =
                Article { id: r.id.clone(), text: r.text.clone(), date: record_date(&r.date), ..Article::default() };
            let Some((_, pipeline)) = pipelines.iter().find(|(p, _)| p == opts) else { return BTreeSet::new() };
            // A record whose coding panicked codes nothing, so it fails.
            let coded = match pipeline.try_code(&article) {
                Ok(c) => c,
                Err(failure) => {
                    messages::warning(&failure.to_string());
                    return BTreeSet::new();
                }
            };
            let code = |a: Option<&dyad_types::ActorRef>| a.map_or_else(|| "---".to_string(), |a| a.code.clone());
            let mut triples = BTreeSet::new();
            for m in &coded.mentions {
                for s in m.source.iter().map(Some).chain(m.source.is_empty().then_some(None)) {
                    for t in m.target.iter().map(Some).chain(m.target.is_empty().then_some(None)) {
                        if !(opts.require_dyad && (s.is_none() || t.is_none())) {
                            triples.insert((code(s), code(t), m.cameo.clone()));
                        }
                    }
                }
            }
            triples
        })
        .collect()
}

/// Prints PASS/FAIL per record and the table by category.
#[allow(clippy::print_stdout, reason = "the report is the command's output")]
fn report(args: &ValidateArgs, records: &[ValidationRecord], coded: &[BTreeSet<Triple>]) -> anyhow::Result<Status> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut by_category: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut passed = 0;
    for (r, c) in records.iter().zip(coded) {
        let gold: BTreeSet<Triple> = r.gold.iter().cloned().collect();
        let got = c;
        let ok = gold == *got;
        let entry = by_category.entry(r.category.as_str()).or_default();
        entry.0 += 1;
        if ok {
            entry.1 += 1;
            passed += 1;
            if args.verbose {
                writeln!(out, "PASS {} [{}] {}", r.id, r.category, show(got))?;
            }
            continue;
        }
        let missing: Vec<&Triple> = gold.difference(got).collect();
        let extra: Vec<&Triple> = got.difference(&gold).collect();
        writeln!(out, "FAIL {} [{}] line {}", r.id, r.category, r.line)?;
        if !missing.is_empty() {
            writeln!(out, "     missing {}", show(missing))?;
        }
        if !extra.is_empty() {
            writeln!(out, "     extra   {}", show(extra))?;
        }
        if args.verbose {
            writeln!(out, "     text    {}", r.text)?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{:<12} {:>7} {:>7} {:>6}", "category", "records", "passed", "%")?;
    for (cat, (n, p)) in &by_category {
        writeln!(out, "{cat:<12} {n:>7} {p:>7} {:>5.1}%", percent(*p, *n))?;
    }
    let total = records.len();
    writeln!(out, "{:<12} {total:>7} {passed:>7} {:>5.1}%", "all", percent(passed, total))?;
    writeln!(out, "{passed} passed, {} failed", total - passed)?;
    out.flush()?;
    Ok(match args.min_pass {
        Some(min) if percent(passed, total) < min => Status::Rejected,
        _ => Status::Ok,
    })
}

/// `19950101` → 1995-01-01; anything else → no date.
fn record_date(s: &str) -> Option<PartialDate> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    PartialDate::parse(&format!("{}-{}-{}", &s[..4], &s[4..6], &s[6..]))
}

fn percent(p: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        100.0 * p as f64 / n as f64
    }
}

fn show<'a>(set: impl IntoIterator<Item = &'a Triple>) -> String {
    let items: Vec<String> = set.into_iter().map(|(s, t, c)| format!("{s} {c} {t}")).collect();
    if items.is_empty() {
        "(no events)".to_string()
    } else {
        items.join("; ")
    }
}
