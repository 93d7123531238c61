//! The `ingest` stage: files and streams → [`Article`]s.
//!
//! - Plain text: one document per file; the id is the file stem. An optional
//!   first line `date YYYY-MM-DD`, or a leading `---` front-matter block with
//!   `date`, `source`, `url`, `title`, `id`, `language`, sets metadata.
//! - JSONL: one document per line with `id` and `text`, and optional
//!   `title`, `date`, `source`, `url`, `language`.
//!
//! - HTML pages (main text by readability-style extraction; title, date,
//!   canonical URL and site name from the meta tags), RSS/Atom feeds (each
//!   item a document) and WARC/WARC.gz archives (each HTML response a
//!   document). The format is detected from the content ([`detect`]).
//!
//! Bad input never stops a run: invalid UTF-8 is decoded lossily with a
//! warning, a malformed JSONL line is rejected with its `file:line`, and the
//! reader goes on. Each item of a [`Records`] iterator is an article, a
//! warning or a rejection, so callers can count and report them.
//!
//! ```
//! use dyad_ingest::parse_text_document;
//! let (a, warnings) = parse_text_document("memo", "---\ndate: 2020-05-25\nsource: Wire\n---\nIran sent fuel.");
//! assert!(warnings.is_empty());
//! assert_eq!(a.date.unwrap().to_string(), "2020-05-25");
//! assert_eq!(a.text, "Iran sent fuel.");
//! ```
#![deny(missing_docs)]

mod records;
mod vet;
mod warc;
mod web;

pub use crate::records::{read_environment, read_records, ValidationRecord};
pub use crate::vet::{Limits, DEFAULT_MAX_DOC_BYTES, MAX_REPLACEMENT_SHARE};
pub use crate::web::{html_article, MAX_HTML_DEPTH};

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use dyad_types::{Article, Diagnostic, PartialDate};

/// Errors that stop a whole input (a file that cannot be opened).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        source: io::Error,
    },
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// The input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// From the content (and, for text and JSONL, the file name).
    #[default]
    Auto,
    /// One plain-text document.
    Text,
    /// One JSON document per line.
    Jsonl,
    /// One HTML page: its main text and metadata.
    Html,
    /// An RSS or Atom feed: each item a document.
    Feed,
    /// A WARC or WARC.gz archive: each HTML response a document.
    Warc,
}

/// One item read from an input.
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    /// A document.
    Article(Article),
    /// A problem that did not lose data (e.g. invalid UTF-8 replaced).
    Warning(Diagnostic),
    /// A record that could not be read and was skipped.
    Rejected(Diagnostic),
}

/// Iterator over the records of one input.
pub struct Records {
    inner: Box<dyn Iterator<Item = Record> + Send>,
}

impl Iterator for Records {
    type Item = Record;
    fn next(&mut self) -> Option<Record> {
        self.inner.next()
    }
}

/// Guesses the format from the first bytes of the input and its name.
pub fn detect(name: &str, head: &[u8]) -> InputFormat {
    let lower = name.to_ascii_lowercase();
    if head.starts_with(&[0x1f, 0x8b]) {
        return InputFormat::Warc;
    }
    let start =
        head.iter().position(|b| !b.is_ascii_whitespace() && !matches!(b, 0xef | 0xbb | 0xbf)).unwrap_or(head.len());
    let body = &head[start..];
    if body.starts_with(b"WARC/") {
        return InputFormat::Warc;
    }
    if body.starts_with(b"<") {
        let sample = String::from_utf8_lossy(&body[..body.len().min(4096)]).to_ascii_lowercase();
        if sample.contains("<rss") || sample.contains("<feed") || sample.contains("<rdf:rdf") {
            return InputFormat::Feed;
        }
        return InputFormat::Html;
    }
    if body.starts_with(b"{") || lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        return InputFormat::Jsonl;
    }
    InputFormat::Text
}

/// Opens an input: a path, or `-` for standard input, with the default
/// [`Limits`].
pub fn open(path: &str, format: InputFormat) -> Result<Records> {
    open_with(path, format, Limits::default())
}

/// Opens an input within `limits`: a document over the size limit is
/// rejected without being read whole, binary content is rejected and an
/// empty document skipped with a note (see [`Limits`]).
pub fn open_with(path: &str, format: InputFormat, limits: Limits) -> Result<Records> {
    let name = if path == "-" { "<stdin>".to_string() } else { path.to_string() };
    let io_err = |source| Error::Io { path: name.clone(), source };
    let reader: Box<dyn Read + Send> =
        if path == "-" { Box::new(io::stdin()) } else { Box::new(File::open(path).map_err(io_err)?) };
    let mut buf = BufReader::with_capacity(1 << 20, reader);
    let format = match format {
        InputFormat::Auto => detect(&name, buf.fill_buf().map_err(io_err)?),
        f => f,
    };
    let id = if path == "-" {
        "stdin".to_string()
    } else {
        let p = Path::new(path);
        let stem = p.file_stem().map_or_else(|| path.to_string(), |s| s.to_string_lossy().into_owned());
        stem.trim_end_matches(".warc").to_string()
    };
    let rejected = |message: String| vec![Record::Rejected(Diagnostic { location: name.clone(), message })];
    let records: Vec<Record> = match format {
        InputFormat::Jsonl => return Ok(vetted(&name, jsonl(name.clone(), buf, limits), false)),
        InputFormat::Text | InputFormat::Auto => {
            return Ok(vetted(&name, text_document(&name, &id, buf, limits).map_err(io_err)?, true))
        }
        InputFormat::Html => match vet::read_bounded(buf, limits.max_doc_bytes).map_err(io_err)? {
            None => rejected(vet::too_large(&limits)),
            Some(bytes) => {
                let (html, warning) = decode(&name, bytes);
                let mut out: Vec<Record> = warning.into_iter().collect();
                out.push(match web::html_article(&id, &html, None) {
                    Ok(a) => Record::Article(a),
                    Err(m) => Record::Rejected(Diagnostic { location: name.clone(), message: m }),
                });
                out
            }
        },
        InputFormat::Feed => match vet::read_bounded(buf, limits.max_doc_bytes).map_err(io_err)? {
            None => rejected(vet::too_large(&limits)),
            Some(bytes) => web::feed_records(&name, &bytes[..]),
        },
        InputFormat::Warc => {
            let gz = buf.fill_buf().map_err(io_err)?.starts_with(&[0x1f, 0x8b]);
            warc::warc_records(&name, buf, gz, limits)
        }
    };
    let single = format == InputFormat::Html;
    Ok(vetted(&name, Records { inner: Box::new(records.into_iter()) }, single))
}

/// The records of an input, vetted (see [`Limits`]); `single` when the
/// input is one document (its name names it).
fn vetted(name: &str, records: Records, single: bool) -> Records {
    let name = name.to_string();
    Records { inner: Box::new(records.inner.map(move |r| vet::vet(&name, single, r))) }
}

/// Decodes bytes as UTF-8, lossily with a warning when they are not.
fn decode(name: &str, bytes: Vec<u8>) -> (String, Option<Record>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let w = Record::Warning(Diagnostic {
                location: name.to_string(),
                message: format!(
                    "invalid UTF-8 at byte {}; decoded with replacement characters",
                    e.utf8_error().valid_up_to()
                ),
            });
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(w))
        }
    }
}

/// The inputs a path names: its files, and what a directory walk left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    /// Files to read, sorted.
    pub files: Vec<String>,
    /// Messages about entries of a directory that are not regular files
    /// (FIFOs, sockets, devices): skipped, since reading one could block
    /// the walk forever or never end.
    pub skipped: Vec<String>,
}

/// Lists the files under a path, recursively for directories, sorted. A
/// path named explicitly is taken as it is (a FIFO streams); inside a
/// directory, only regular files (and symbolic links to them) are read.
pub fn expand(path: &str) -> Result<Expanded> {
    if path == "-" {
        return Ok(Expanded { files: vec![path.to_string()], skipped: Vec::new() });
    }
    let p = PathBuf::from(path);
    let meta = std::fs::metadata(&p).map_err(|source| Error::Io { path: path.to_string(), source })?;
    if !meta.is_dir() {
        return Ok(Expanded { files: vec![path.to_string()], skipped: Vec::new() });
    }
    let mut out = Expanded::default();
    let mut stack = vec![p];
    while let Some(dir) = stack.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|source| Error::Io { path: dir.display().to_string(), source })?;
        for e in entries {
            let e = e.map_err(|source| Error::Io { path: dir.display().to_string(), source })?;
            let path = e.path();
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            // Follows symbolic links, like reading the file would.
            let kind = std::fs::metadata(&path).map(|m| m.file_type());
            match kind {
                Ok(k) if k.is_dir() => stack.push(path),
                Ok(k) if k.is_file() => {
                    if !name.eq_ignore_ascii_case("README.md") {
                        out.files.push(path.display().to_string());
                    }
                }
                Ok(k) => out.skipped.push(format!("{}: {}; skipped", path.display(), special(&k))),
                Err(e) => out.skipped.push(format!("{}: {e}; skipped", path.display())),
            }
        }
    }
    out.files.sort();
    out.skipped.sort();
    Ok(out)
}

/// What kind of special file this is.
fn special(k: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if k.is_fifo() {
            return "a FIFO, not a regular file";
        }
        if k.is_socket() {
            return "a socket, not a regular file";
        }
        if k.is_block_device() || k.is_char_device() {
            return "a device, not a regular file";
        }
    }
    let _ = k;
    "not a regular file"
}

fn text_document(name: &str, id: &str, reader: impl Read, limits: Limits) -> io::Result<Records> {
    let Some(bytes) = vet::read_bounded(reader, limits.max_doc_bytes)? else {
        let r = Record::Rejected(Diagnostic { location: name.to_string(), message: vet::too_large(&limits) });
        return Ok(Records { inner: Box::new(std::iter::once(r)) });
    };
    let (text, warning) = decode(name, bytes);
    let mut out: Vec<Record> = warning.into_iter().collect();
    let (article, warnings) = parse_text_document(id, &text);
    out.extend(warnings.into_iter().map(|message| Record::Warning(Diagnostic { location: name.to_string(), message })));
    out.push(Record::Article(article));
    Ok(Records { inner: Box::new(out.into_iter()) })
}

/// Reads a plain-text document with its optional metadata header; returns
/// the article and warnings about header fields that were ignored.
pub fn parse_text_document(id: &str, text: &str) -> (Article, Vec<String>) {
    let mut article = Article { id: id.to_string(), ..Article::default() };
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut warnings = Vec::new();
    let body = if let Some(rest) = body.strip_prefix("---\n").or_else(|| body.strip_prefix("---\r\n")) {
        match find_front_matter_end(rest) {
            Some((header, after)) => {
                for line in header.lines() {
                    let Some((k, v)) = line.split_once(':') else { continue };
                    let v = v.trim().trim_matches('"').to_string();
                    match k.trim().to_ascii_lowercase().as_str() {
                        "date" => match PartialDate::parse(&v) {
                            Some(d) => article.date = Some(d),
                            None => warnings.push(format!("front matter date `{v}` is not YYYY-MM-DD; ignored")),
                        },
                        "source" | "publisher" => article.source = Some(v),
                        "url" => article.url = Some(v),
                        "title" => article.title = Some(v),
                        "id" => article.id = v,
                        "language" | "lang" => article.language = Some(v),
                        _ => {}
                    }
                }
                after
            }
            None => body,
        }
    } else if let Some(rest) = body.strip_prefix("date ") {
        let (first, after) = rest.split_once('\n').unwrap_or((rest, ""));
        match PartialDate::parse(first.trim()) {
            Some(d) => {
                article.date = Some(d);
                after
            }
            None => body,
        }
    } else {
        body
    };
    article.text = body.to_string();
    (article, warnings)
}

fn find_front_matter_end(rest: &str) -> Option<(&str, &str)> {
    let mut pos = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..pos], &rest[pos + line.len()..]));
        }
        pos += line.len();
        if pos > 8192 {
            return None;
        }
    }
    None
}

#[derive(serde::Deserialize)]
struct JsonDoc {
    id: Option<serde_json::Value>,
    text: Option<String>,
    #[serde(alias = "body", alias = "content")]
    body: Option<String>,
    title: Option<String>,
    date: Option<String>,
    source: Option<String>,
    url: Option<String>,
    language: Option<String>,
    dateline: Option<String>,
}

fn jsonl(name: String, mut reader: impl BufRead + Send + 'static, limits: Limits) -> Records {
    let mut line_no = 0usize;
    let mut pending: Option<Record> = None;
    let mut failed = false;
    let iter = std::iter::from_fn(move || loop {
        if let Some(r) = pending.take() {
            return Some(r);
        }
        if failed {
            return None;
        }
        let next = vet::read_line_bounded(&mut reader, limits.max_doc_bytes);
        line_no += 1;
        let loc = format!("{name}:{line_no}");
        let raw = match next {
            Ok(None) => return None,
            Ok(Some(Some(l))) => l,
            Ok(Some(None)) => {
                return Some(Record::Rejected(Diagnostic { location: loc, message: vet::too_large(&limits) }))
            }
            Err(e) => {
                // A read error does not heal: report it and stop.
                failed = true;
                return Some(Record::Rejected(Diagnostic { location: loc, message: format!("read error: {e}") }));
            }
        };
        let (line, lossy) = match String::from_utf8(raw) {
            Ok(s) => (s, false),
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
        };
        if line.trim().is_empty() {
            continue;
        }
        return Some(match serde_json::from_str::<JsonDoc>(&line) {
            Ok(doc) => match doc_to_article(doc, line_no) {
                Ok(a) => {
                    if lossy {
                        pending = Some(Record::Article(a));
                        Record::Warning(Diagnostic {
                            location: loc,
                            message: "invalid UTF-8; decoded with replacement characters".to_string(),
                        })
                    } else {
                        Record::Article(a)
                    }
                }
                Err(m) => Record::Rejected(Diagnostic { location: loc, message: m }),
            },
            Err(e) => Record::Rejected(Diagnostic { location: loc, message: format!("malformed JSON: {e}") }),
        });
    });
    Records { inner: Box::new(iter) }
}

fn doc_to_article(doc: JsonDoc, line_no: usize) -> std::result::Result<Article, String> {
    let text = doc.text.or(doc.body).ok_or("missing `text` field")?;
    let id = match doc.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(_) => return Err("`id` must be a string or a number".to_string()),
        None => format!("line-{line_no}"),
    };
    let date = match doc.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => {
            Some(PartialDate::parse(d).ok_or_else(|| format!("bad `date` `{d}` (want YYYY, YYYY-MM or YYYY-MM-DD)"))?)
        }
        None => None,
    };
    Ok(Article {
        id,
        text,
        title: doc.title,
        date,
        source: doc.source,
        url: doc.url,
        language: doc.language,
        dateline: doc.dateline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn records(path: &str, f: InputFormat) -> Vec<Record> {
        open(path, f).unwrap().collect()
    }

    #[test]
    fn plain_text_with_date_line() {
        let (a, _) = parse_text_document("x", "date 2020-06-10\nIran sent fuel.");
        assert_eq!(
            (a.id.as_str(), a.date.unwrap().to_string(), a.text.as_str()),
            ("x", "2020-06-10".into(), "Iran sent fuel.")
        );
        let (b, _) = parse_text_document("y", "No header here.");
        assert_eq!((b.date, b.text.as_str()), (None, "No header here."));
    }

    #[test]
    fn jsonl_rejects_bad_lines_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.jsonl");
        let mut f = File::create(&p).unwrap();
        writeln!(f, r#"{{"id":"a","text":"Iran sent fuel.","date":"2020-05"}}"#).unwrap();
        writeln!(f, "{{not json").unwrap();
        writeln!(f).unwrap();
        writeln!(f, r#"{{"id":7,"title":"no text"}}"#).unwrap();
        writeln!(f, r#"{{"id":"b","text":"ok","date":"May 5"}}"#).unwrap();
        f.write_all(b"{\"id\":\"c\",\"text\":\"bad \xff byte\"}\n").unwrap();
        drop(f);
        let r = records(p.to_str().unwrap(), InputFormat::Auto);
        let kinds: Vec<String> = r
            .iter()
            .map(|r| match r {
                Record::Article(a) => format!("article {}", a.id),
                Record::Rejected(d) => format!("rejected {}", d.location.rsplit(':').next().unwrap()),
                Record::Warning(_) => "warning".into(),
            })
            .collect();
        assert_eq!(kinds, ["article a", "rejected 2", "rejected 4", "rejected 5", "warning", "article c"]);
    }

    /// Reuters-21578 as JSONL gives the dateline apart from the text.
    #[test]
    fn jsonl_keeps_a_dateline_given_apart() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.jsonl");
        let line = r#"{"id":"reuters-1","dateline":"SALVADOR, Feb 26","text":"Showers continued."}"#;
        std::fs::write(&p, format!("{line}\n{{\"id\":\"b\",\"text\":\"ok\"}}\n")).unwrap();
        let datelines: Vec<Option<String>> = records(p.to_str().unwrap(), InputFormat::Auto)
            .into_iter()
            .filter_map(|r| match r {
                Record::Article(a) => Some(a.dateline),
                _ => None,
            })
            .collect();
        assert_eq!(datelines, [Some("SALVADOR, Feb 26".to_string()), None]);
    }

    #[test]
    fn invalid_utf8_text_is_decoded_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.txt");
        std::fs::write(&p, b"Iran \xff sent fuel.").unwrap();
        let r = records(p.to_str().unwrap(), InputFormat::Auto);
        assert!(matches!(&r[0], Record::Warning(_)));
        let Record::Article(a) = &r[1] else { panic!() };
        assert_eq!(a.id, "bad");
        assert!(a.text.contains('\u{fffd}'));
    }

    #[test]
    fn missing_file_is_an_error() {
        assert!(open("/nonexistent/x.txt", InputFormat::Auto).is_err());
    }
}
