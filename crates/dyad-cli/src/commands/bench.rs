//! `dyad bench`: end-to-end throughput (read, split, code, serialize) and
//! peak memory on a JSONL corpus, with one thread and with all cores.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use clap::Args;
use dyad_engine::Pipeline;
use dyad_ingest::{InputFormat, Record};
use dyad_types::{Article, PartialDate};

use super::DictOptions;
use crate::output::{Format, MentionWriter};
use crate::{messages, Status};

#[derive(Debug, Args)]
pub(crate) struct BenchArgs {
    /// A JSONL corpus (default: ../shared/corpus/reuters21578.jsonl, else the bundled examples).
    corpus: Option<PathBuf>,
    /// Thread counts to measure (default: 1 and all cores).
    #[arg(long, short = 'j', value_delimiter = ',')]
    threads: Vec<usize>,
    /// Passes over the corpus per thread count; the best is reported.
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Instead of coding: build a synthetic store of this many mentions
    /// (or reuse it, with --db) and time the store's queries.
    #[arg(long, value_name = "MENTIONS")]
    store: Option<usize>,
    /// The store file for --store (kept, so later runs reuse it).
    #[arg(long, default_value = "bench.db")]
    db: PathBuf,
    #[command(flatten)]
    dict: DictOptions,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    documents: usize,
    sentences: usize,
    mentions: usize,
    bytes: usize,
}

fn default_corpus() -> Option<PathBuf> {
    let shared = Path::new("../shared/corpus/reuters21578.jsonl");
    if shared.exists() {
        return Some(shared.to_path_buf());
    }
    let examples = Path::new("examples/corpus");
    examples.exists().then(|| examples.to_path_buf())
}

/// One streaming pass: batches are read, coded in parallel and serialized
/// to a sink, so reading and JSON encoding are part of the measure.
fn pass(pipeline: &Pipeline, paths: &[String]) -> anyhow::Result<Counts> {
    let mut c = Counts::default();
    let mut out = MentionWriter::new(io::sink(), Format::Jsonl)?;
    let mut batch: Vec<Article> = Vec::with_capacity(256);
    let mut flush = |batch: &mut Vec<Article>, c: &mut Counts| -> anyhow::Result<()> {
        for coded in pipeline.code_batch(batch) {
            c.documents += 1;
            let coded = coded.map_err(|failure| anyhow::anyhow!("{failure}"))?;
            c.sentences += coded.sentences;
            c.mentions += coded.mentions.len();
            for m in &coded.mentions {
                out.write(m)?;
            }
        }
        c.bytes += batch.iter().map(|a| a.text.len()).sum::<usize>();
        batch.clear();
        Ok(())
    };
    for p in paths {
        for rec in dyad_ingest::open(p, InputFormat::Auto)? {
            if let Record::Article(a) = rec {
                batch.push(a);
                if batch.len() == 256 {
                    flush(&mut batch, &mut c)?;
                }
            }
        }
    }
    flush(&mut batch, &mut c)?;
    Ok(c)
}

/// Peak resident memory of this process, from the kernel.
pub(crate) fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

#[allow(clippy::print_stdout, reason = "the report is the command's output")]
pub(crate) fn run(args: BenchArgs) -> anyhow::Result<Status> {
    if let Some(n) = args.store {
        return store_bench(&args.db, n);
    }
    let Some(corpus) = args.corpus.clone().or_else(default_corpus) else {
        bail!("no corpus given and neither ../shared/corpus/reuters21578.jsonl nor examples/corpus exists");
    };
    let paths = dyad_ingest::expand(&corpus.display().to_string()).context("listing the corpus")?.files;
    let t0 = Instant::now();
    let (pipeline, problems) = Pipeline::new(&args.dict.settings()?);
    let startup = t0.elapsed();
    for p in &problems {
        messages::warning(&format!("dictionary {p}"));
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = if args.threads.is_empty() { vec![1, cores] } else { args.threads.clone() };
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "corpus: {} ({} file(s))", corpus.display(), paths.len())?;
    writeln!(stdout, "dictionary start-up: {:.1} ms", startup.as_secs_f64() * 1e3)?;
    let mut reference: Option<Counts> = None;
    for &n in &threads {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build().context("building thread pool")?;
        let mut best = f64::INFINITY;
        let mut counts = Counts::default();
        for _ in 0..args.repeat.max(1) {
            let start = Instant::now();
            counts = pool.install(|| pass(&pipeline, &paths))?;
            best = best.min(start.elapsed().as_secs_f64());
        }
        // Every thread count must code exactly the same events.
        match reference {
            None => reference = Some(counts),
            Some(r) if r != counts => bail!("thread count {n} gave {counts:?}, expected {r:?}"),
            Some(_) => {}
        }
        let mb = counts.bytes as f64 / 1e6;
        let sps = counts.sentences as f64 / best;
        writeln!(
            stdout,
            "threads {n}: {} docs, {} sentences, {} mentions, {:.1} MB in {:.3} s = {:.0} sentences/s ({:.0} per core), {:.2} MB/s ({:.2} per core)",
            counts.documents,
            counts.sentences,
            counts.mentions,
            mb,
            best,
            sps,
            sps / n as f64,
            mb / best,
            mb / best / n as f64
        )?;
    }
    if let Some(rss) = peak_rss_mib() {
        writeln!(stdout, "peak memory (VmHWM): {rss:.1} MiB")?;
    }
    Ok(Status::Ok)
}

/// Percentiles (p50, p99) of a sample of durations, in milliseconds.
fn percentiles(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99))
}

#[allow(clippy::print_stdout, reason = "the report is the command's output")]
fn store_bench(db: &Path, mentions: usize) -> anyhow::Result<Status> {
    use dyad_engine::store::{EventQuery, Period};
    let mut out = io::stdout().lock();
    let existing = dyad_engine::Store::open(db).and_then(|s| s.stats()).map(|s| s.mentions).unwrap_or(0);
    if existing < mentions as u64 {
        let _ = std::fs::remove_file(db);
        let t = Instant::now();
        let mut store = dyad_engine::Store::open(db)?;
        let events = dyad_engine::synthetic::fill(&mut store, mentions, 42)?;
        writeln!(
            out,
            "built {}: {mentions} mentions, {events} events in {:.1} s",
            db.display(),
            t.elapsed().as_secs_f64()
        )?;
    }
    let store = dyad_engine::Store::open_read_only(db)?;
    let s = store.stats()?;
    writeln!(out, "store: {} documents, {} mentions, {} events", s.documents, s.mentions, s.events)?;
    let q = |f: &dyn Fn() -> anyhow::Result<usize>| -> anyhow::Result<(f64, f64, usize)> {
        let mut times = Vec::new();
        let mut n = 0;
        for _ in 0..50 {
            let t = Instant::now();
            n = f()?;
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let (p50, p99) = percentiles(times);
        Ok((p50, p99, n))
    };
    let store = &store;
    let page = |query: EventQuery| move || -> anyhow::Result<usize> { Ok(store.events(&query)?.len()) };
    type Query<'a> = Box<dyn Fn() -> anyhow::Result<usize> + 'a>;
    let cases: Vec<(&str, Query<'_>)> = vec![
        (
            "events IRN->VEN 2010..2020, 100 per page",
            Box::new(page(EventQuery {
                source: Some("IRN".into()),
                target: Some("VEN".into()),
                from: PartialDate::parse("2010"),
                to: PartialDate::parse("2020"),
                limit: 100,
                ..EventQuery::default()
            })),
        ),
        (
            "events --plover ASSAULT 2015, 100 per page",
            Box::new(page(EventQuery {
                plover: Some("ASSAULT".into()),
                from: PartialDate::parse("2015"),
                to: PartialDate::parse("2015"),
                limit: 100,
                ..EventQuery::default()
            })),
        ),
        (
            "events --actor USA, first 100",
            Box::new(page(EventQuery { actor: Some("USA".into()), limit: 100, ..EventQuery::default() })),
        ),
        (
            "events --conflicts, first 100",
            Box::new(page(EventQuery { conflicts: true, limit: 100, ..EventQuery::default() })),
        ),
        ("timeline USA CHN --by month", Box::new(|| Ok(store.timeline("USA", Some("CHN"), Period::Month)?.len()))),
        ("timeline IRN --by year", Box::new(|| Ok(store.timeline("IRN", None, Period::Year)?.len()))),
        ("dyads --top 20", Box::new(|| Ok(store.top_dyads(20)?.len()))),
    ];
    for (name, f) in &cases {
        let (p50, p99, n) = q(f.as_ref())?;
        writeln!(out, "{name:<45} p50 {p50:>7.2} ms  p99 {p99:>7.2} ms  ({n} rows)")?;
    }
    Ok(Status::Ok)
}
