//! Input vetting: what is not a document is said so, not coded.
//!
//! - A document larger than [`Limits::max_doc_bytes`] is rejected without
//!   being read whole (standard input, a FIFO or `/dev/zero` included):
//!   memory per document is bounded by the limit.
//! - Binary content (a NUL byte, or more than [`MAX_REPLACEMENT_SHARE`] of
//!   the characters replacement characters from invalid UTF-8) is rejected.
//! - An empty document (nothing but white space) is skipped with a note.

use std::io::{self, BufRead, Read};

use dyad_types::Diagnostic;

use crate::Record;

/// The default maximum document size: 10 MB.
pub const DEFAULT_MAX_DOC_BYTES: usize = 10_000_000;

/// Text with more than this share of U+FFFD replacement characters (from
/// invalid UTF-8) is binary, not text with a few bad bytes.
pub const MAX_REPLACEMENT_SHARE: f64 = 0.1;

/// Bounds on what one input may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest document, in bytes (a text file, an HTML page, a JSONL
    /// line, a WARC record).
    pub max_doc_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_doc_bytes: DEFAULT_MAX_DOC_BYTES }
    }
}

/// Why a text is not a text document, if it is not.
pub(crate) fn binary(text: &str) -> Option<String> {
    if let Some(at) = text.find('\0') {
        return Some(format!("a NUL byte at byte {at}"));
    }
    let (mut chars, mut bad) = (0usize, 0usize);
    for c in text.chars() {
        chars += 1;
        bad += usize::from(c == '\u{fffd}');
    }
    (chars >= 16 && bad as f64 > MAX_REPLACEMENT_SHARE * chars as f64)
        .then(|| format!("{}% of the characters are not valid UTF-8", bad * 100 / chars))
}

/// An article vetted: empty ones become a note, binary ones a rejection.
/// `single`: the input is one document, which its name names.
pub(crate) fn vet(name: &str, single: bool, r: Record) -> Record {
    match r {
        Record::Article(a) => {
            let location =
                if single || a.id.is_empty() { name.to_string() } else { format!("{name} (document `{}`)", a.id) };
            if a.text.trim().is_empty() {
                Record::Warning(Diagnostic { location, message: "empty document; skipped".to_string() })
            } else if let Some(why) = binary(&a.text) {
                Record::Rejected(Diagnostic {
                    location,
                    message: format!("binary content ({why}); not a text document"),
                })
            } else {
                Record::Article(a)
            }
        }
        other => other,
    }
}

/// The message for a document over the limit.
pub(crate) fn too_large(limits: &Limits) -> String {
    format!("document larger than the maximum of {} bytes (--max-doc-size); skipped", limits.max_doc_bytes)
}

/// Reads all of `reader` unless it holds more than `max` bytes: then
/// `Ok(None)`, having read `max + 1` bytes at most.
pub(crate) fn read_bounded(reader: impl Read, max: usize) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader.take(max as u64 + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() <= max).then_some(bytes))
}

/// Reads one line (without its `\n`) unless it is longer than `max` bytes:
/// then the rest of the line is skipped and `Ok(Some(None))` returned;
/// `Ok(None)` at the end of the input. Memory stays within `max`.
pub(crate) fn read_line_bounded(reader: &mut impl BufRead, max: usize) -> io::Result<Option<Option<Vec<u8>>>> {
    let mut line = Vec::new();
    let mut over = false;
    let mut any = false;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        if !over {
            if line.len() + chunk.len() > max {
                over = true;
                line = Vec::new();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let used = done.unwrap_or(buf.len());
        reader.consume(used);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    Ok(Some((!over).then_some(line)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_is_told_from_text_with_a_few_bad_bytes() {
        assert_eq!(binary("Iran sent fuel."), None);
        assert!(binary("Iran\0sent").is_some_and(|w| w.contains("NUL byte at byte 4")));
        assert_eq!(binary("Iran sent fuel \u{fffd} to Venezuela on Monday."), None);
        assert!(binary(&"\u{fffd}ab".repeat(20)).is_some_and(|w| w.contains("33%")));
    }

    #[test]
    fn long_lines_are_skipped_without_being_kept() {
        let mut r = io::BufReader::with_capacity(4, &b"short\nmuch too long a line\nok"[..]);
        let mut lines = Vec::new();
        while let Some(l) = read_line_bounded(&mut r, 8).unwrap() {
            lines.push(l.map(|l| String::from_utf8(l).unwrap()));
        }
        assert_eq!(lines, [Some("short".to_string()), None, Some("ok".to_string())]);
        assert_eq!(read_bounded(&b"12345"[..], 5).unwrap(), Some(b"12345".to_vec()));
        assert_eq!(read_bounded(&b"123456"[..], 5).unwrap(), None);
    }
}
