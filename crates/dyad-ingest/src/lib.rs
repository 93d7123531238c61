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
mod web;

pub use crate::records::{read_environment, read_records, ValidationRecord};
pub use crate::web::html_article;

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

/// Opens an input: a path, or `-` for standard input.
pub fn open(path: &str, format: InputFormat) -> Result<Records> {
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
    let all = |buf: BufReader<Box<dyn Read + Send>>| -> Result<Vec<Record>> {
        let mut bytes = Vec::new();
        let mut buf = buf;
        buf.read_to_end(&mut bytes).map_err(io_err)?;
        let (text, warning) = decode(&name, bytes);
        Ok(warning
            .into_iter()
            .chain(std::iter::once(Record::Article(Article { text, ..Article::default() })))
            .collect())
    };
    let records: Vec<Record> = match format {
        InputFormat::Jsonl => return Ok(jsonl(name, buf)),
        InputFormat::Text | InputFormat::Auto => return text_document(&name, &id, buf).map_err(io_err),
        InputFormat::Html => {
            let mut out = all(buf)?;
            if let Some(Record::Article(a)) = out.pop() {
                out.push(match web::html_article(&id, &a.text, None) {
                    Ok(a) => Record::Article(a),
                    Err(m) => Record::Rejected(Diagnostic { location: name.clone(), message: m }),
                });
            }
            out
        }
        InputFormat::Feed => web::feed_records(&name, buf),
        InputFormat::Warc => {
            let gz = buf.fill_buf().map_err(io_err)?.starts_with(&[0x1f, 0x8b]);
            web::warc_records(&name, buf, gz)
        }
    };
    Ok(Records { inner: Box::new(records.into_iter()) })
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

/// Lists the files under a path, recursively for directories, sorted.
pub fn expand(path: &str) -> Result<Vec<String>> {
    if path == "-" {
        return Ok(vec![path.to_string()]);
    }
    let p = PathBuf::from(path);
    let meta = std::fs::metadata(&p).map_err(|source| Error::Io { path: path.to_string(), source })?;
    if !meta.is_dir() {
        return Ok(vec![path.to_string()]);
    }
    let mut out = Vec::new();
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
            if path.is_dir() {
                stack.push(path);
            } else if !name.eq_ignore_ascii_case("README.md") {
                out.push(path.display().to_string());
            }
        }
    }
    out.sort();
    Ok(out)
}

fn text_document(name: &str, id: &str, mut reader: impl Read) -> io::Result<Records> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes)?;
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

fn jsonl(name: String, reader: impl BufRead + Send + 'static) -> Records {
    let mut line_no = 0usize;
    let mut lines = reader.split(b'\n');
    let mut pending: Option<Record> = None;
    let iter = std::iter::from_fn(move || loop {
        if let Some(r) = pending.take() {
            return Some(r);
        }
        let raw = match lines.next()? {
            Ok(l) => l,
            Err(e) => {
                line_no += 1;
                return Some(Record::Rejected(Diagnostic {
                    location: format!("{name}:{line_no}"),
                    message: format!("read error: {e}"),
                }));
            }
        };
        line_no += 1;
        let loc = format!("{name}:{line_no}");
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
