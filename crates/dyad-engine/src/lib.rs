//! The engine: the only crate that knows the order of the stages.
//!
//! [`Pipeline`] wires `text` (sentences) into `code` (mentions) for one
//! article or a batch of articles coded in parallel; the order of the output
//! is the order of the input whatever the number of threads.
//! [`Pipeline::ingest`] goes on to `fuse` and `store`: near-duplicate
//! clusters, the events of every fusion key a batch touches, one transaction
//! per batch. [`relocate`] places a store's mentions again from their
//! documents and stored datelines. [`import`] stores documents, mentions
//! and events made elsewhere ([`Pipeline::standalone`] on Spark) into a
//! new store, as [`Pipeline::ingest`] would have stored them.
//!
//! The batch entry points ([`Pipeline::code_batch`], [`Pipeline::prepare`])
//! code each article under [`Pipeline::try_code`]: a panic in the coder is a
//! bug, but it costs one article, reported as a [`CodeFailure`] naming it,
//! and the batch goes on.
//!
//! ```
//! use dyad_engine::{Pipeline, Settings};
//! use dyad_types::{Article, PartialDate};
//! let (pipeline, problems) = Pipeline::new(&Settings::default());
//! assert!(problems.is_empty());
//! let a = Article {
//!     id: "a".into(),
//!     text: "Iran sent five tankers of fuel to Venezuela in May 2020.".into(),
//!     ..Article::default()
//! };
//! let coded = pipeline.code(&a);
//! assert_eq!(coded.sentences, 1);
//! ```
#![deny(missing_docs)]

mod import;
mod ingest;
mod relocate;
pub mod syntax;
pub mod synthetic;
mod window;

use std::convert::Infallible;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use dyad_code::{Coder, Dictionary, DictionaryBuilder, Problem};
use dyad_types::{Article, Mention};
use rayon::prelude::*;

pub use crate::import::{import, Imported, ImportedDocument, ImportedEvent};
pub use crate::ingest::{content_hash, mention_id, stable_key, BatchReport, Incoming, PreparedBatch, Standalone};
pub use crate::relocate::{relocate, Relocated};
pub use dyad_code::{actor_name, compat, suggest_actors, ActorName, Convention, DictStats, Normalizer};
pub use dyad_fuse::minhash::Signature;
pub use dyad_geo as geo;
pub use dyad_store::{self as store, Store};

/// Resolved settings for a pipeline.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// User dictionary files (name, contents), layered over the built-in ones.
    pub user_dictionaries: Vec<(String, String)>,
    /// Leave out the built-in dictionaries entirely.
    pub no_builtin_dictionaries: bool,
    /// PETRARCH/TABARI dictionary files (name, contents): when given, they
    /// replace dyad's dictionaries and code with PETRARCH's semantics
    /// ([`compat`]). User files that declare `convention: petrarch` join
    /// them.
    pub petrarch_dictionaries: Option<Vec<(String, String)>>,
    /// PETRARCH's coding switches, for `petrarch_dictionaries`.
    pub petrarch_options: compat::PetrOptions,
    /// Code without the syntax layer (the shallow rules alone), for
    /// comparison.
    pub no_syntax: bool,
    /// Leave mentions without a location (no gazetteer look-ups), for
    /// comparison.
    pub no_locations: bool,
    /// Keep mentions of events the text says did not happen or only might
    /// (`did not attack`, `could attack`, `whether they join`, `tried to
    /// seize`): by default they are left out, because an analyst counting
    /// events counts what happened (judged by hand, they were right
    /// 3 times in 20 as events).
    pub all_modalities: bool,
}

/// The coded form of one article.
#[derive(Clone, Debug, PartialEq)]
pub struct Coded {
    /// The article id.
    pub id: String,
    /// Number of sentences (boilerplate included).
    pub sentences: usize,
    /// Event mentions, in text order.
    pub mentions: Vec<Mention>,
}

/// An article whose coding panicked: a bug in dyad, reported like a
/// rejected input so that the rest of the run goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeFailure {
    /// The article id.
    pub id: String,
    /// The panic's message.
    pub message: String,
}

impl fmt::Display for CodeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "document `{}`: coding failed (a bug in dyad, please report it): {}", self.id, self.message)
    }
}

/// Runs `f`, turning a panic into a [`CodeFailure`] for the article `id`.
///
/// Unwinding is safe to catch here: coding reads the shared dictionaries
/// and builds its per-article state inside `f`, so a panic leaves nothing
/// half-updated behind (no locks, no shared mutable state).
fn catch_panic<T>(id: &str, f: impl FnOnce() -> T) -> Result<T, CodeFailure> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic with a non-text payload".to_string());
        CodeFailure { id: id.to_string(), message }
    })
}

/// Text → code, for one article or many.
#[derive(Clone, Debug)]
pub struct Pipeline {
    coder: Coder,
    /// The tagger and parser the coder reads sentences with.
    syntax: Option<syntax::Builtin>,
    /// Fill each mention's location from the article's places.
    locations: bool,
    /// Keep negated and hypothetical mentions ([`Settings::all_modalities`]).
    all_modalities: bool,
    /// Documents longer than this (bytes) are coded in two passes and
    /// their mentions streamed ([`Pipeline::streams`]).
    stream_above: usize,
    /// Mentions per chunk of a streamed document.
    stream_chunk: usize,
}

/// Documents longer than this (bytes) are coded in two passes, their
/// mentions handed on in chunks rather than held whole (about 2.5 KB a
/// mention with its evidence: an event-dense 50 MB document has a million).
/// Shorter ones, nearly every document, are coded once.
pub const STREAM_BYTES: usize = 1 << 20;

/// Mentions per chunk of a streamed document, by default.
pub const STREAM_CHUNK: usize = 4096;

/// What the first pass over a long document keeps
/// ([`Pipeline::first_pass`]): its sentence count, where each mention's
/// places are looked for, and its mentions, on disk.
#[derive(Debug, Default)]
pub struct FirstPass {
    /// Sentences of the document.
    pub sentences: usize,
    /// What locating the mentions needs of them ([`geo::MentionSummary`]);
    /// empty when locations are off.
    summary: geo::MentionSummary,
    /// The mentions, unlocated, as JSON lines in an anonymous temporary
    /// file (deleted when dropped), so that the second pass reads them
    /// back instead of coding the document again; `None` when the file
    /// could not be written (the second pass then codes again).
    spill: Option<Spill>,
}

/// A first pass's mentions on disk.
#[derive(Debug)]
struct Spill {
    file: std::fs::File,
    /// Mentions written.
    mentions: usize,
}

impl Spill {
    /// An anonymous temporary file to write mentions to.
    fn create() -> Option<std::io::BufWriter<std::fs::File>> {
        tempfile::tempfile().ok().map(|f| std::io::BufWriter::with_capacity(1 << 16, f))
    }

    /// Writes `m` as one JSON line.
    fn write(w: &mut std::io::BufWriter<std::fs::File>, m: &Mention) -> std::io::Result<()> {
        use std::io::Write;
        serde_json::to_writer(&mut *w, m)?;
        w.write_all(b"\n")
    }

    /// Hands each mention read back to `each`, in order, until the file
    /// ends or a line cannot be read; returns how many were handed on, or
    /// `each`'s first error.
    fn read<E>(&self, each: &mut dyn FnMut(Mention) -> Result<(), E>) -> Result<usize, E> {
        use std::io::{BufRead, Seek};
        let mut file = &self.file;
        if file.seek(std::io::SeekFrom::Start(0)).is_err() {
            return Ok(0);
        }
        let mut n = 0;
        for line in std::io::BufReader::with_capacity(1 << 16, file).lines() {
            let Some(m) = line.ok().and_then(|l| serde_json::from_str::<Mention>(&l).ok()) else {
                break;
            };
            each(m)?;
            n += 1;
        }
        Ok(n)
    }
}

/// The normalizer dictionaries are compiled with.
pub const NORMALIZE: Normalizer = dyad_text::normalize_phrase;

impl Pipeline {
    /// Builds the pipeline; dictionary problems are returned, not fatal.
    pub fn new(settings: &Settings) -> (Pipeline, Vec<Problem>) {
        let mut b = if settings.no_builtin_dictionaries {
            DictionaryBuilder::empty(NORMALIZE)
        } else {
            DictionaryBuilder::new(NORMALIZE)
        };
        let mut problems = Vec::new();
        // Files that declare PETRARCH's conventions join the PETRARCH
        // dictionaries: the run then codes with PETRARCH's conventions.
        let mut petrarch_files = settings.petrarch_dictionaries.clone();
        for (name, contents) in &settings.user_dictionaries {
            if compat::declares_petrarch(contents) {
                petrarch_files.get_or_insert_with(Vec::new).push((name.clone(), contents.clone()));
                continue;
            }
            if !b.add(name, contents) {
                problems.push(Problem {
                    file: name.clone(),
                    line: 0,
                    message: "not a dictionary file name (countries*, igos*, actors*, agents*, verbs*.txt, cameo*.tsv); skipped"
                        .to_string(),
                });
            }
        }
        let (dict, more) = b.build();
        problems.extend(more);
        let convention = match &petrarch_files {
            Some(files) => {
                let (d, more) = compat::PetrDict::load(files);
                problems.extend(more);
                Convention::Petrarch(Arc::new(d), settings.petrarch_options)
            }
            None => Convention::Dyad,
        };
        let syntax = if settings.no_syntax {
            None
        } else {
            match syntax::Model::builtin() {
                Ok(m) => Some(m),
                Err(message) => {
                    problems.push(Problem { file: "syntax model".to_string(), line: 0, message });
                    None
                }
            }
        };
        let syntax = syntax.map(syntax::Builtin);
        let coder = Coder::new(Arc::new(dict)).with_convention(convention);
        let pipeline = Pipeline {
            coder,
            syntax,
            locations: !settings.no_locations,
            all_modalities: settings.all_modalities,
            stream_above: STREAM_BYTES,
            stream_chunk: STREAM_CHUNK,
        };
        (pipeline, problems)
    }

    /// The coder's convention: PETRARCH's when the dictionaries select it
    /// (`--dict-format petrarch`, or `--dict` files that declare
    /// `convention: petrarch`), else dyad's.
    pub fn convention(&self) -> &Convention {
        self.coder.convention()
    }

    /// The same pipeline with PETRARCH's switches set to `options`, when it
    /// codes with PETRARCH's conventions (`dyad validate` changes them from
    /// record to record).
    pub fn with_petrarch_options(&self, options: compat::PetrOptions) -> Pipeline {
        let mut p = self.clone();
        if let Convention::Petrarch(d, _) = self.convention() {
            p.coder = p.coder.with_convention(Convention::Petrarch(d.clone(), options));
        }
        p
    }

    /// The dictionary in use.
    pub fn dictionary(&self) -> &Dictionary {
        self.coder.dictionary()
    }

    /// Codes one article, then places each mention where the text says its
    /// event happened ([`geo::locate_mentions`]).
    pub fn code(&self, article: &Article) -> Coded {
        let mut mentions = Vec::new();
        let mut trees = Vec::new();
        let sentences = self.each_mention(article, &mut trees, &mut |m| {
            mentions.push(m);
            Ok::<(), Infallible>(())
        });
        let sentences = match sentences {
            Ok(n) => n,
            Err(never) => match never {},
        };
        if self.locations {
            geo::locate_parsed(&article.text, article.dateline.as_deref(), &mut mentions, trees);
        }
        Coded { id: article.id.clone(), sentences, mentions }
    }

    /// The same pipeline, coding documents longer than `bytes` in two
    /// passes ([`Pipeline::streams`]) and handing their mentions on in
    /// chunks of `chunk`; by default [`STREAM_BYTES`] and [`STREAM_CHUNK`].
    pub fn streaming(mut self, bytes: usize, chunk: usize) -> Pipeline {
        self.stream_above = bytes;
        self.stream_chunk = chunk.max(1);
        self
    }

    /// Whether `article` is long enough to be coded in two passes, its
    /// mentions handed on in chunks as they are coded
    /// ([`Pipeline::first_pass`], [`Pipeline::second_pass`]) rather than
    /// held whole: memory then stays bounded by a chunk, not the document.
    pub fn streams(&self, article: &Article) -> bool {
        article.text.len() > self.stream_above
    }

    /// The first pass over a long document: codes it, keeps what locating
    /// its mentions needs (the region of each one,
    /// [`geo::ArticlePlaces::region`]) and writes the mentions to an
    /// anonymous temporary file rather than holding them. A panic of the
    /// coder is a [`CodeFailure`], like [`Pipeline::try_code`]; the coder
    /// is deterministic, so should the file fail, the second pass codes the
    /// document again the same way.
    pub fn first_pass(&self, article: &Article) -> Result<FirstPass, CodeFailure> {
        catch_panic(&article.id, || {
            let text = article.text.as_str();
            let mut summary = geo::MentionSummary::default();
            let mut out = Spill::create();
            let mut written = 0;
            let mut trees = Vec::new();
            let sentences = self.each_mention(article, &mut trees, &mut |m| {
                if self.locations {
                    summary.add(text, &m);
                }
                if let Some(w) = &mut out {
                    if Spill::write(w, &m).is_ok() {
                        written += 1;
                    } else {
                        out = None;
                    }
                }
                Ok::<(), Infallible>(())
            });
            let sentences = match sentences {
                Ok(n) => n,
                Err(never) => match never {},
            };
            for t in trees {
                summary.add_tree(t);
            }
            let spill = out.and_then(|w| w.into_inner().ok()).map(|file| Spill { file, mentions: written });
            FirstPass { sentences, summary, spill }
        })
    }

    /// The second pass over a long document: reads its mentions back from
    /// the first pass's file (or codes it again, from where the file
    /// failed) and hands them to `sink` in text order, located, in chunks
    /// of at most [`STREAM_CHUNK`] ([`Pipeline::streaming`]): the
    /// concatenated chunks equal [`Pipeline::code`]'s mentions. Returns the
    /// number of sentences, or the sink's first error (reading then stops).
    pub fn second_pass<E>(
        &self,
        article: &Article,
        first: &FirstPass,
        sink: &mut dyn FnMut(Vec<Mention>) -> Result<(), E>,
    ) -> Result<usize, E> {
        let places = (self.locations && !first.summary.is_empty())
            .then(|| geo::ArticlePlaces::for_summary(&article.text, article.dateline.as_deref(), &first.summary));
        let mut chunk = Vec::new();
        let mut emit = |mut m: Mention| {
            if let Some(p) = &places {
                m.location = p.locate(&m);
            }
            chunk.push(m);
            if chunk.len() >= self.stream_chunk {
                sink(std::mem::take(&mut chunk))?;
            }
            Ok(())
        };
        let read = match &first.spill {
            Some(spill) => spill.read(&mut emit)?,
            None => 0,
        };
        let whole = first.spill.as_ref().is_some_and(|s| s.mentions == read);
        let sentences = if whole {
            first.sentences
        } else {
            // Code again, past the mentions the file gave.
            let mut seen = 0;
            self.each_mention(article, &mut Vec::new(), &mut |m| {
                seen += 1;
                if seen > read {
                    emit(m)?;
                }
                Ok(())
            })?
        };
        if !chunk.is_empty() {
            sink(chunk)?;
        }
        Ok(sentences)
    }

    /// The coder for one article, reading sentences with the syntax layer
    /// and placing unnamed actors with the gazetteer.
    fn article_coder<'a>(&'a self, article: &'a Article) -> dyad_code::ArticleCoder<'a> {
        let ac = self.coder.article(article).with_places(&Gazetteer);
        match &self.syntax {
            Some(f) => ac.with_parser(f),
            None => ac,
        }
    }

    /// Codes one article sentence by sentence and hands each mention kept
    /// (not negated, hypothetical or generic, unless [`Settings::all_modalities`])
    /// to `each`, in text order, without its location; returns the number
    /// of sentences, or `each`'s first error. When locations are on, the
    /// parse of each sentence that gave a mention goes to `trees`.
    fn each_mention<E>(
        &self,
        article: &Article,
        trees: &mut Vec<geo::Tree>,
        each: &mut dyn FnMut(Mention) -> Result<(), E>,
    ) -> Result<usize, E> {
        let text = article.text.as_str();
        let recording = self.syntax.filter(|_| self.locations).map(|b| syntax::Recording::new(b, text));
        let mut ac = match &recording {
            Some(r) => self.coder.article(article).with_places(&Gazetteer).with_parser(r),
            None => self.article_coder(article),
        };
        let mut sentences = 0;
        for s in dyad_text::sentences(text) {
            sentences += 1;
            let found = ac.code_sentence(&s);
            let parsed = recording.as_ref().map(syntax::Recording::take).unwrap_or_default();
            let mut kept = false;
            if !found.is_empty() {
                let clean = dyad_text::sentence_text(text, &s);
                for mut m in found {
                    if !self.all_modalities && m.modality.is_unreal() {
                        continue;
                    }
                    m.text = clean.clone();
                    kept = true;
                    each(m)?;
                }
            }
            if kept {
                trees.extend(parsed);
            }
        }
        Ok(sentences)
    }

    /// Codes an article and records, per sentence, every actor and pattern
    /// that fired: the sentence text, the trace lines and the mentions.
    pub fn explain(&self, article: &Article) -> Vec<(String, Vec<String>, Vec<Mention>)> {
        let text = article.text.as_str();
        let mut ac = self.article_coder(article);
        ac.trace();
        dyad_text::sentences(text)
            .map(|s| {
                let mentions = ac.code_sentence(&s);
                (dyad_text::sentence_text(text, &s), ac.take_trace(), mentions)
            })
            .collect()
    }

    /// Codes one article, catching a panic of the coder: the article is
    /// then a [`CodeFailure`] and the caller goes on with the next one.
    pub fn try_code(&self, article: &Article) -> Result<Coded, CodeFailure> {
        catch_panic(&article.id, || self.code(article))
    }

    /// Codes a batch of articles in parallel; the output keeps input order.
    /// An article whose coding panicked is an `Err` in its place.
    pub fn code_batch(&self, articles: &[Article]) -> Vec<Result<Coded, CodeFailure>> {
        code_each(articles, |a| self.code(a))
    }
}

/// Codes articles in parallel with `code`, each under [`catch_panic`]; the
/// seam where tests put a coder that panics.
fn code_each(articles: &[Article], code: impl Fn(&Article) -> Coded + Sync) -> Vec<Result<Coded, CodeFailure>> {
    articles.par_iter().map(|a| catch_panic(&a.id, || code(a))).collect()
}

/// The gazetteer as the coder asks it where a place lies.
struct Gazetteer;

impl dyad_code::Places for Gazetteer {
    fn state_of(&self, name: &str) -> Option<String> {
        geo::place_country(name).map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, text: &str) -> Article {
        Article { id: id.into(), text: text.into(), ..Article::default() }
    }

    /// A coder that panics on the article `boom`, like a coder bug would.
    fn coder_with_a_bug(pipeline: &Pipeline) -> impl Fn(&Article) -> Coded + Sync + '_ {
        move |a: &Article| {
            assert!(a.id != "boom", "index out of range in a test coder");
            pipeline.code(a)
        }
    }

    #[test]
    fn a_panic_costs_one_article_of_a_batch_named_by_its_id() {
        let (pipeline, _) = Pipeline::new(&Settings::default());
        let batch = [
            article("a", "Iran sent fuel to Venezuela."),
            article("boom", "Iran sent fuel to Venezuela."),
            article("c", "The United States imposed sanctions on Iran."),
        ];
        let out = code_each(&batch, coder_with_a_bug(&pipeline));
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].as_ref().map(|c| (c.id.as_str(), c.mentions.len())), Ok(("a", 1)));
        let failure = out[1].as_ref().unwrap_err();
        assert_eq!(failure.id, "boom");
        assert!(failure.message.contains("index out of range in a test coder"), "{failure}");
        assert!(failure.to_string().starts_with("document `boom`: coding failed"), "{failure}");
        assert_eq!(out[2].as_ref().map(|c| (c.id.as_str(), c.mentions.len())), Ok(("c", 1)));
        // Without the bug, the same batch codes whole through the public entry point.
        assert!(pipeline.code_batch(&batch).iter().all(Result::is_ok));
    }

    #[test]
    fn ingest_stores_the_rest_of_a_batch_and_reports_the_article_that_panicked() {
        let (pipeline, _) = Pipeline::new(&Settings::default());
        let mut store = Store::open_in_memory().unwrap();
        let incoming = |id: &str, text: &str| Incoming { article: article(id, text), origin: format!("{id}.txt") };
        let batch = vec![
            incoming("a", "Iran sent fuel to Venezuela."),
            incoming("boom", "Russia condemned Ukraine."),
            incoming("c", "The United States imposed sanctions on Iran."),
        ];
        let code = coder_with_a_bug(&pipeline);
        let prepared = ingest::prepare_with(batch, |a| catch_panic(&a.id, || ingest::Coding::Whole(code(a))));
        let report = pipeline.store(&mut store, prepared).unwrap();
        assert_eq!((report.documents, report.new, report.mentions), (3, 2, 2));
        assert_eq!(report.failed.len(), 1);
        assert_eq!(report.failed[0].id, "boom");
        assert_eq!(store.stats().unwrap().documents, 2, "the failed article is not stored");
    }

    /// The mentions of [`Pipeline::second_pass`], chunks concatenated.
    fn second_pass(pipeline: &Pipeline, a: &Article, first: &FirstPass) -> (Vec<Mention>, usize) {
        let mut all = Vec::new();
        let n = pipeline
            .second_pass(a, first, &mut |chunk: Vec<Mention>| {
                all.extend(chunk);
                Ok::<(), ()>(())
            })
            .unwrap();
        (all, n)
    }

    #[test]
    fn the_second_pass_reads_the_first_passs_file_and_codes_again_where_it_fails() {
        let (pipeline, _) = Pipeline::new(&Settings::default());
        let pipeline = pipeline.streaming(0, 3);
        let text = "Iran condemned Venezuela in Caracas on May 3. Police in Kaduna said Nigeria attacked Niger. \
                    Russia and China signed an agreement in Moscow in July. It also criticized Japan."
            .repeat(4);
        let a =
            Article { id: "a".into(), text, date: dyad_types::PartialDate::parse("2024-12-31"), ..Article::default() };
        let whole = pipeline.code(&a);
        assert!(whole.mentions.len() >= 8 && whole.mentions.iter().any(|m| m.location.is_some()), "{whole:?}");
        let mut first = pipeline.first_pass(&a).unwrap();
        let spill = first.spill.as_ref().expect("a temporary file");
        assert_eq!(spill.mentions, whole.mentions.len());
        assert_eq!(second_pass(&pipeline, &a, &first), (whole.mentions.clone(), whole.sentences));
        // A file cut off in the middle of a line: the rest is coded again.
        let len = spill.file.metadata().unwrap().len();
        spill.file.set_len(len / 2).unwrap();
        assert_eq!(second_pass(&pipeline, &a, &first), (whole.mentions.clone(), whole.sentences));
        // No file at all: the whole document is coded again.
        first.spill = None;
        assert_eq!(second_pass(&pipeline, &a, &first), (whole.mentions, whole.sentences));
    }

    #[test]
    fn the_release_profile_unwinds_so_that_panics_can_be_caught() {
        // `panic = "abort"` would turn the one-article failure above into
        // the end of the whole run.
        let manifest = include_str!("../../../Cargo.toml");
        let aborts = manifest.lines().any(|l| {
            let l = l.split('#').next().unwrap_or("");
            l.contains("panic") && l.contains("abort")
        });
        assert!(!aborts, "the workspace Cargo.toml sets panic = \"abort\"");
    }
}
