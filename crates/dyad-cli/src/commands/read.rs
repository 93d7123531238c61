//! Reading documents for `code`, `parse` and `ingest`: one loop over the
//! inputs (files, directories, `-`), in input order, in bounded batches,
//! with the same messages and the same meaning of `--date` everywhere.

use dyad_engine::Incoming;
use dyad_ingest::{InputFormat, Record};
use dyad_types::PartialDate;

/// The inputs named on the command line, expanded (directories walked).
pub(crate) struct Inputs {
    files: Vec<String>,
    /// Arguments that could not be expanded (reported already).
    pub(crate) rejected: usize,
}

/// How to read: the format, the date for documents without one, and the
/// batch bounds.
pub(crate) struct ReadOptions {
    pub(crate) format: InputFormat,
    /// The document date for documents whose metadata gives none (the anchor
    /// for relative dates); a document's own date is kept.
    pub(crate) date: Option<PartialDate>,
    pub(crate) max_docs: usize,
    pub(crate) max_bytes: usize,
    /// What one document may hold.
    pub(crate) limits: dyad_ingest::Limits,
}

/// What reading found.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ReadCounts {
    pub(crate) documents: usize,
    pub(crate) warnings: usize,
    pub(crate) rejected: usize,
}

impl Inputs {
    /// Expands the arguments; `say` reports the ones that cannot be read.
    pub(crate) fn expand(args: &[String], say: &dyn Fn(&str)) -> Inputs {
        let mut files = Vec::new();
        let mut rejected = 0;
        for a in args {
            match dyad_ingest::expand(a) {
                Ok(f) => {
                    for m in &f.skipped {
                        say(m);
                    }
                    files.extend(f.files);
                }
                Err(e) => {
                    say(&e.to_string());
                    rejected += 1;
                }
            }
        }
        Inputs { files, rejected }
    }

    /// Number of files.
    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// Reads every document in input order and hands them to `batch` in
    /// batches of at most `max_docs` documents or about `max_bytes` of text
    /// (the last one smaller). `say` reports warnings and rejected records
    /// (with their location); `after_file` runs after each file (progress).
    /// Stops early, without error, when `batch` returns `Ok(false)`.
    pub(crate) fn read_batches(
        &self,
        opts: &ReadOptions,
        say: &dyn Fn(&str),
        after_file: &mut dyn FnMut(),
        batch: &mut dyn FnMut(Vec<Incoming>) -> anyhow::Result<bool>,
    ) -> anyhow::Result<ReadCounts> {
        let mut counts = ReadCounts::default();
        let mut pending: Vec<Incoming> = Vec::new();
        let mut bytes = 0;
        for path in &self.files {
            match dyad_ingest::open_with(path, opts.format, opts.limits) {
                Ok(records) => {
                    for (n, rec) in records.enumerate() {
                        match rec {
                            Record::Article(mut a) => {
                                counts.documents += 1;
                                if a.date.is_none() {
                                    a.date = opts.date;
                                }
                                bytes += a.text.len();
                                pending.push(Incoming { article: a, origin: format!("{path}#{}", n + 1) });
                                if pending.len() >= opts.max_docs || bytes >= opts.max_bytes {
                                    bytes = 0;
                                    if !batch(std::mem::take(&mut pending))? {
                                        return Ok(counts);
                                    }
                                }
                            }
                            Record::Warning(d) => {
                                counts.warnings += 1;
                                say(&format!("{}: {}", d.location, d.message));
                            }
                            Record::Rejected(d) => {
                                counts.rejected += 1;
                                say(&format!("{}: {} (rejected)", d.location, d.message));
                            }
                        }
                    }
                }
                Err(e) => {
                    counts.rejected += 1;
                    say(&format!("{e} (rejected)"));
                }
            }
            after_file();
        }
        if !pending.is_empty() {
            batch(pending)?;
        }
        Ok(counts)
    }
}
