//! Reading documents for `code`, `parse` and `ingest`: one loop over the
//! inputs (files, directories, `-`), in input order, in bounded batches,
//! with the same messages and the same meaning of `--date` everywhere.

use dyad_engine::Incoming;
use dyad_ingest::{InputFormat, Record};
use dyad_types::PartialDate;

/// The inputs named on the command line, expanded (directories walked).
pub(crate) struct Inputs {
    /// Each file, and whether it was named on the command line (rather
    /// than found in a directory).
    files: Vec<(String, bool)>,
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
                    let named = f.files.len() == 1 && f.files[0] == *a;
                    for m in &f.skipped {
                        say(m);
                    }
                    files.extend(f.files.into_iter().map(|f| (f, named)));
                }
                Err(e) => {
                    say(&e.to_string());
                    rejected += 1;
                }
            }
        }
        Inputs { files, rejected }
    }

    /// Leaves out the files of the store `db` (the database, its
    /// write-ahead log, shared memory and journal) found in a directory
    /// walk: `dyad ingest --db news/dyad.db news/` reads the articles, not
    /// the store it writes. Returns how many were left out.
    pub(crate) fn without_store(&mut self, db: &std::path::Path) -> usize {
        let canonical = |p: &std::path::Path| std::fs::canonicalize(p).ok();
        let own: Vec<std::path::PathBuf> = ["", "-wal", "-shm", "-journal"]
            .iter()
            .filter_map(|suffix| {
                let mut name = db.as_os_str().to_owned();
                name.push(suffix);
                canonical(std::path::Path::new(&name))
            })
            .collect();
        let before = self.files.len();
        self.files.retain(|(f, named)| *named || canonical(std::path::Path::new(f)).is_none_or(|c| !own.contains(&c)));
        before - self.files.len()
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
        for (path, named) in &self.files {
            if matches!(opts.format, InputFormat::Auto) && path != "-" {
                if let Some(kind) = binary_kind(path) {
                    // A picture in a directory of articles is not an error
                    // of the run; a picture named on purpose is.
                    if *named {
                        counts.rejected += 1;
                        say(&format!("{path}: {kind}, not a text document (rejected)"));
                    } else {
                        counts.warnings += 1;
                        say(&format!("{path}: {kind}, not a text document; skipped"));
                    }
                    after_file();
                    continue;
                }
            }
            let mut had_input = false;
            match dyad_ingest::open_with(path, opts.format, opts.limits) {
                Ok(records) => {
                    for (n, rec) in records.enumerate() {
                        match rec {
                            Record::Article(mut a) => {
                                had_input |= !a.text.trim().is_empty();
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
                                had_input = true;
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
            // `cat missing.txt | dyad code -` gives an empty standard input:
            // coding it as an empty document would hide the failed command.
            if path == "-" && !had_input {
                counts.rejected += 1;
                say("<stdin>: standard input is empty (did the command before `|` fail?) (rejected)");
            }
            after_file();
        }
        if !pending.is_empty() {
            batch(pending)?;
        }
        Ok(counts)
    }
}

/// What a file is when its first bytes say it is a known kind of file that
/// is not text (a picture, a PDF, an archive, a program), else `None`. Gzip
/// is left alone: it is how WARC archives come. Other binary content (NUL
/// bytes, mostly invalid UTF-8) is not told here but by the reader's vetting
/// (`dyad_ingest::open_with`), which rejects it with one message — `binary
/// content (…); not a text document` — whether the file was named or found
/// in a directory, read from standard input or a JSONL line.
fn binary_kind(path: &str) -> Option<&'static str> {
    use std::io::Read;
    // Only a regular file can be read twice: the first bytes of a FIFO
    // would be gone (and a second open would wait for a writer that left).
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let mut head = [0u8; 8192];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).ok()?;
    sniff(&head[..n])
}

/// [`binary_kind`] on the first bytes of a file.
fn sniff(head: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 8] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF file"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"\x7fELF", "an executable"),
        (b"RIFF", "a RIFF media file"),
        (b"SQLite format 3\0", "an SQLite database"),
    ];
    if head.starts_with(&[0x1f, 0x8b]) {
        return None;
    }
    MAGIC.iter().find(|(m, _)| head.starts_with(m)).map(|(_, kind)| *kind)
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn pictures_and_archives_are_not_text() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("a PNG image"));
        assert_eq!(sniff(b"%PDF-1.7"), Some("a PDF file"));
        assert_eq!(sniff(b"SQLite format 3\0\x10\0"), Some("an SQLite database"));
        // Issue 13: NUL bytes are binary content, which the reader rejects
        // (not skipped here as a kind of file).
        assert_eq!(sniff(b"abc\0def"), None);
        assert_eq!(sniff(b"\x1f\x8b\x08\0"), None, "gzip is WARC.gz");
        assert_eq!(sniff("Iran sent fuel to Venezuela. Caf\u{e9}".as_bytes()), None);
        assert_eq!(sniff(b""), None);
    }
}
