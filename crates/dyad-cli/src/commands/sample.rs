//! `dyad sample`: code a corpus and draw mentions uniformly at random for a
//! judge, as TSV or JSONL with empty verdict columns (read back by
//! `dyad eval --judged`).
//!
//! The draw is a reservoir sample (Algorithm R) over the mentions in input
//! order with a seeded [`SplitMix64`]: memory holds N rows whatever the
//! corpus, and since coding keeps input order whatever the thread count,
//! the same input and seed give the same bytes.

use std::io::{self, BufWriter, Write};

use anyhow::Context;
use clap::Args;
use dyad_types::{ActorRef, Article, Mention, SplitMix64};
use serde::Serialize;

use super::code::{code_inputs, configure_threads, ReadArgs};
use super::eval::VERDICTS;
use super::DictOptions;
use crate::output::safe_cell;
use crate::{messages, Status};

/// Marks around the anchor word in the sentence text.
const MARK: (&str, &str) = ("[[", "]]");

#[derive(Debug, Args)]
pub(crate) struct SampleArgs {
    /// Files or directories to code, as `dyad code` reads them; `-` reads
    /// standard input.
    #[arg(required = true, value_name = "FILES")]
    files: Vec<String>,
    /// How many mentions to draw (all of them when there are fewer).
    #[arg(long = "n", short = 'n', value_name = "N")]
    n: usize,
    /// The seed: the same input, options and seed give the same sample.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = SampleFormat::Tsv)]
    format: SampleFormat,
    /// Leave the sentence text out: rows refer to the text by document id
    /// and byte span only, so a filled verdict file can be stored where the
    /// texts may not be.
    #[arg(long)]
    no_text: bool,
    #[command(flatten)]
    read: ReadArgs,
    #[command(flatten)]
    dict: DictOptions,
}

/// Sample file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum SampleFormat {
    /// Tab-separated with a header (opens in a spreadsheet).
    Tsv,
    /// One JSON object a line.
    Jsonl,
}

/// One drawn mention, as written: where it is, what dyad coded, and the
/// verdict columns, empty.
#[derive(Clone, Debug, PartialEq, Serialize)]
struct Row {
    doc_id: String,
    sentence: usize,
    span_start: usize,
    span_end: usize,
    anchor_start: usize,
    anchor_end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    source: String,
    target: String,
    cameo: String,
    plover: String,
    modality: String,
    date: String,
    confidence: String,
    event_ok: &'static str,
    category_ok: &'static str,
    source_ok: &'static str,
    target_ok: &'static str,
    date_ok: &'static str,
    note: &'static str,
}

/// The columns before the verdicts, in [`Row`] order (`text` left out with
/// `--no-text`).
const COLUMNS: [&str; 14] = [
    "doc_id",
    "sentence",
    "span_start",
    "span_end",
    "anchor_start",
    "anchor_end",
    "text",
    "source",
    "target",
    "cameo",
    "plover",
    "modality",
    "date",
    "confidence",
];

impl Row {
    fn new(article: &Article, m: &Mention, with_text: bool) -> Row {
        let codes = |a: &[ActorRef]| a.iter().map(|a| a.code.as_str()).collect::<Vec<_>>().join(";");
        Row {
            doc_id: m.doc_id.clone(),
            sentence: m.sentence,
            span_start: m.span.start,
            span_end: m.span.end,
            anchor_start: m.evidence.verb_span.start,
            anchor_end: m.evidence.verb_span.end,
            text: with_text.then(|| marked_sentence(&article.text, m)),
            source: codes(&m.source),
            target: codes(&m.target),
            cameo: m.cameo.clone(),
            plover: m.plover.clone(),
            modality: m.modality.as_str().to_string(),
            date: m.date.map(|d| d.to_string()).unwrap_or_default(),
            confidence: format!("{:.2}", m.confidence),
            event_ok: "",
            category_ok: "",
            source_ok: "",
            target_ok: "",
            date_ok: "",
            note: "",
        }
    }

    /// The cells for TSV, in header order; text cells defused for
    /// spreadsheets.
    fn cells(&self) -> Vec<String> {
        let mut c = vec![
            safe_cell(&self.doc_id),
            self.sentence.to_string(),
            self.span_start.to_string(),
            self.span_end.to_string(),
            self.anchor_start.to_string(),
            self.anchor_end.to_string(),
        ];
        c.extend(self.text.as_deref().map(safe_cell));
        c.extend(
            [&self.source, &self.target, &self.cameo, &self.plover, &self.modality, &self.date, &self.confidence]
                .map(String::clone),
        );
        c.extend(std::iter::repeat_n(String::new(), VERDICTS.len() + 1));
        c
    }
}

/// The sentence as it stands in the article, the anchor word marked, on
/// one line; the mention's cleaned text when the spans do not fit.
fn marked_sentence(text: &str, m: &Mention) -> String {
    let (s, a) = (m.span, m.evidence.verb_span);
    let Some(sentence) = text.get(s.start..s.end) else {
        return one_line(&m.text);
    };
    let parts = (a.start >= s.start && a.end <= s.end && !a.is_empty())
        .then(|| {
            let (from, to) = (a.start - s.start, a.end - s.start);
            Some((sentence.get(..from)?, sentence.get(from..to)?, sentence.get(to..)?))
        })
        .flatten();
    match parts {
        Some((before, word, after)) => one_line(&format!("{before}{}{word}{}{after}", MARK.0, MARK.1)),
        None => one_line(sentence),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A uniform sample of at most `n` items from a stream (Algorithm R), kept
/// with their stream positions.
struct Reservoir {
    n: usize,
    seen: usize,
    rng: SplitMix64,
    kept: Vec<(usize, Row)>,
}

impl Reservoir {
    fn new(n: usize, seed: u64) -> Reservoir {
        Reservoir { n, seen: 0, rng: SplitMix64::new(seed), kept: Vec::with_capacity(n.min(1 << 16)) }
    }

    /// Offers the next item; `make` builds it only when it is kept.
    fn offer(&mut self, make: impl FnOnce() -> Row) {
        let i = self.seen;
        self.seen += 1;
        if i < self.n {
            self.kept.push((i, make()));
        } else {
            let j = self.rng.below(i + 1);
            if j < self.n {
                self.kept[j] = (i, make());
            }
        }
    }

    /// The kept items in stream order.
    fn into_rows(mut self) -> Vec<Row> {
        self.kept.sort_by_key(|(i, _)| *i);
        self.kept.into_iter().map(|(_, r)| r).collect()
    }
}

pub(crate) fn run(args: SampleArgs) -> anyhow::Result<Status> {
    configure_threads(args.read.threads);
    let pipeline = args.read.streaming(args.dict.pipeline()?);
    let mut reservoir = Reservoir::new(args.n, args.seed);
    let with_text = !args.no_text;
    let totals = code_inputs(&pipeline, &args.files, &args.read, true, &mut |article, coded| {
        for m in &coded.mentions {
            reservoir.offer(|| Row::new(article, m, with_text));
        }
        Ok(())
    })?;
    let seen = reservoir.seen;
    let rows = reservoir.into_rows();
    let mut out = BufWriter::new(io::stdout().lock());
    write_rows(&mut out, &rows, args.format, with_text).context("writing the sample")?;
    out.flush().context("writing the sample")?;
    messages::info(&format!(
        "drew {} of {seen} mentions (seed {}) from {} documents, {} rejected",
        rows.len(),
        args.seed,
        totals.documents,
        totals.rejected
    ));
    Ok(if totals.rejected > 0 { Status::Rejected } else { Status::Ok })
}

fn write_rows(w: &mut dyn Write, rows: &[Row], format: SampleFormat, with_text: bool) -> anyhow::Result<()> {
    match format {
        SampleFormat::Jsonl => {
            for r in rows {
                serde_json::to_writer(&mut *w, r)?;
                writeln!(w)?;
            }
        }
        SampleFormat::Tsv => {
            let mut t = csv::WriterBuilder::new().delimiter(b'\t').from_writer(w);
            let header =
                COLUMNS.iter().filter(|c| with_text || **c != "text").chain(VERDICTS.iter()).chain(["note"].iter());
            t.write_record(header)?;
            for r in rows {
                t.write_record(r.cells())?;
            }
            t.flush()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_types::Span;

    fn mention(doc: &str, sentence: usize, span: (usize, usize), anchor: (usize, usize)) -> Mention {
        let mut m = Mention {
            doc_id: doc.into(),
            sentence,
            text: "cleaned".into(),
            span: Span::new(span.0, span.1),
            source: Vec::new(),
            target: Vec::new(),
            cameo: "071".into(),
            cameo_root: "07".into(),
            plover: "AID".into(),
            quad_class: 2,
            goldstein: 7.4,
            date: None,
            date_precision: None,
            date_basis: dyad_types::DateBasis::Document,
            modality: dyad_types::Modality::Asserted,
            confidence: 0.0,
            quantities: Vec::new(),
            evidence: dyad_types::Evidence::default(),
            location: None,
        };
        m.evidence.verb_span = Span::new(anchor.0, anchor.1);
        m
    }

    #[test]
    fn the_anchor_is_marked_in_the_sentence_on_one_line() {
        let text = "Intro.  Iran sent\nfuel to Venezuela. More.";
        assert_eq!(marked_sentence(text, &mention("d", 1, (8, 36), (13, 17))), "Iran [[sent]] fuel to Venezuela.");
        // An anchor outside the sentence is not marked; spans past the text
        // fall back on the cleaned sentence; a cut inside a character too.
        assert_eq!(marked_sentence(text, &mention("d", 1, (8, 36), (0, 5))), "Iran sent fuel to Venezuela.");
        assert_eq!(marked_sentence(text, &mention("d", 1, (8, 99), (13, 17))), "cleaned");
        assert_eq!(marked_sentence("é sent", &mention("d", 0, (0, 7), (1, 3))), "é sent");
    }

    #[test]
    fn the_reservoir_is_uniform_reproducible_and_ordered() {
        let row = |i: usize| Row::new(&Article::default(), &mention(&format!("d{i}"), i, (0, 0), (0, 0)), false);
        let draw = |seed: u64, n: usize, total: usize| {
            let mut r = Reservoir::new(n, seed);
            (0..total).for_each(|i| r.offer(|| row(i)));
            r.into_rows().into_iter().map(|r| r.sentence).collect::<Vec<_>>()
        };
        assert_eq!(draw(1, 5, 3), [0, 1, 2]);
        let a = draw(7, 10, 1000);
        assert_eq!(a, draw(7, 10, 1000));
        assert_ne!(a, draw(8, 10, 1000));
        assert!(a.windows(2).all(|w| w[0] < w[1]), "{a:?}");
        // Each of 20 items is drawn about 2000 times in 8000 draws of 5.
        let mut hits = [0usize; 20];
        for seed in 0..8000 {
            for i in draw(seed, 5, 20) {
                hits[i] += 1;
            }
        }
        assert!(hits.iter().all(|&h| (1800..2200).contains(&h)), "{hits:?}");
    }

    #[test]
    fn tsv_and_jsonl_have_the_same_columns() {
        let mut m = mention("=d", 0, (0, 9), (5, 9));
        let actor = |code: &str| ActorRef {
            text: code.into(),
            code: code.into(),
            country: code.into(),
            sector: String::new(),
            span: Span::default(),
        };
        m.source.push(actor("IRN"));
        m.source.push(actor("VEN"));
        let article = Article { text: "Iran sent".into(), ..Article::default() };
        for with_text in [true, false] {
            let rows = [Row::new(&article, &m, with_text)];
            let mut tsv = Vec::new();
            write_rows(&mut tsv, &rows, SampleFormat::Tsv, with_text).unwrap();
            let tsv = String::from_utf8(tsv).unwrap();
            let mut jsonl = Vec::new();
            write_rows(&mut jsonl, &rows, SampleFormat::Jsonl, with_text).unwrap();
            let v: serde_json::Value = serde_json::from_slice(&jsonl).unwrap();
            let keys: Vec<&str> = tsv.lines().next().unwrap().split('\t').collect();
            assert_eq!(keys.len(), v.as_object().unwrap().len());
            for k in &keys {
                assert!(v.get(k).is_some(), "{k} missing from {v}");
            }
            let cells: Vec<&str> = tsv.lines().nth(1).unwrap().split('\t').collect();
            assert_eq!(cells.len(), keys.len());
            assert_eq!(cells[0], "'=d");
            assert_eq!(keys.contains(&"text"), with_text);
            if with_text {
                assert_eq!(cells[6], "Iran [[sent]]");
                assert_eq!(cells[7], "IRN;VEN");
            }
        }
    }
}
