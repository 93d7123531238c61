//! WARC archives: each HTTP response (or resource) with an HTML body is a
//! document, read by `web::html_article`.
//!
//! Both forms resynchronise after damage and say what was lost, with the
//! byte offset of the damage and the bytes skipped:
//! - a `.warc.gz` is read one gzip member at a time (crawlers write one
//!   record per member); a corrupt member is skipped to the next gzip
//!   member header (`1f 8b 08`);
//! - an uncompressed WARC is framed here, one record at a time (its header
//!   lines up to a blank line, at most [`MAX_WARC_HEADER`] bytes, then
//!   `Content-Length` bytes and the `\r\n\r\n` after them) before the
//!   `warc` crate parses it; a record that is malformed, truncated or over
//!   the size limit is skipped to the next `WARC/1.` (a record header,
//!   wherever it starts: a record cut short runs into the next one).
//!
//! Memory per record is bounded by the document size limit plus 1 MiB for
//! the record's WARC and HTTP headers.

use std::io::{self, BufRead, BufReader, Read};

use dyad_types::{Diagnostic, PartialDate};

use crate::vet::{too_large, Limits};
use crate::web::html_article;
use crate::Record;

/// The longest WARC record header read: a longer one is malformed.
pub(crate) const MAX_WARC_HEADER: usize = 64 << 10;

/// The start of a gzip member: magic number and the deflate method.
const GZIP_MEMBER: &[u8] = &[0x1f, 0x8b, 0x08];

/// What starts a WARC 1.x record. Not only at the start of a line: a
/// record cut short runs into the next one's header.
const WARC_START: &[u8] = b"WARC/1.";

/// Each HTTP response with an HTML body in a WARC (or WARC.gz) file as a
/// document; damage is reported and skipped (see the module documentation).
pub(crate) fn warc_records(name: &str, reader: impl Read, gzipped: bool, limits: Limits) -> Vec<Record> {
    let mut out = Vec::new();
    let mut n = 0;
    // Room for a record's WARC and HTTP headers beside its document.
    let max_record = limits.max_doc_bytes.saturating_add(1 << 20);
    let mut raw = Rewind::new(BufReader::new(reader));
    let lost = |out: &mut Vec<Record>, at: u64, message: String| {
        out.push(Record::Rejected(Diagnostic { location: format!("{name} (byte {at})"), message }));
    };
    loop {
        if !gzipped {
            // Blank lines between records are tolerated.
            if let Err(e) = skip_line_ends(&mut raw) {
                lost(&mut out, raw.pos, format!("read error: {e}"));
                break;
            }
        }
        let at = raw.pos;
        match raw.fill_buf() {
            Ok([]) => break,
            Ok(_) => {}
            Err(e) => {
                lost(&mut out, at, format!("read error: {e}"));
                break;
            }
        }
        if gzipped {
            let mut member = Vec::new();
            let decoded =
                flate2::bufread::GzDecoder::new(&mut raw).take(max_record as u64 + 1).read_to_end(&mut member);
            let problem = match decoded {
                Ok(_) if member.len() > max_record => too_large(&limits),
                Ok(_) => match warc_from(name, &member[..], &mut n, &mut out) {
                    Ok(()) => continue,
                    Err(m) => m,
                },
                Err(e) => format!("corrupt gzip member: {e}"),
            };
            // Resynchronise: skip to the next gzip member header (from
            // where the decoder stopped, if it read the damaged member to
            // its end; past this member's header if it stopped there).
            if raw.pos == at {
                raw.consume(1);
            }
            let (_, found) = skip_to(&mut raw, GZIP_MEMBER);
            let to = if found { "to the next gzip member, reading goes on" } else { "to the end of the file" };
            lost(&mut out, at, format!("{problem}; {} bytes skipped {to}", raw.pos - at));
        } else {
            let (record, problem) = match frame(&mut raw, max_record, &limits) {
                Err(e) => {
                    lost(&mut out, at, format!("read error: {e}"));
                    break;
                }
                Ok(Ok(record)) => match warc_from(name, &record[..], &mut n, &mut out) {
                    Ok(()) => continue,
                    Err(m) => (record, m),
                },
                Ok(Err(damaged)) => damaged,
            };
            // Resynchronise: the next record starts at the next `WARC/1.`
            // after this record's first byte (inside what was read for it,
            // when its length was wrong, or further on).
            raw.unread(record.get(1..).unwrap_or_default());
            let (_, found) = skip_to(&mut raw, WARC_START);
            let to = if found { "to the next WARC record, reading goes on" } else { "to the end of the file" };
            lost(&mut out, at, format!("{problem}; {} bytes skipped {to}", raw.pos - at));
        }
    }
    out
}

/// One record of an uncompressed WARC, its header, block and the
/// `\r\n\r\n` after it, read whole (at most [`MAX_WARC_HEADER`] and
/// `max_record` bytes); or, for a record that cannot be read, the bytes
/// read of it and why. An IO error is an `Err`.
#[allow(clippy::type_complexity)]
fn frame(r: &mut impl BufRead, max_record: usize, limits: &Limits) -> io::Result<Result<Vec<u8>, (Vec<u8>, String)>> {
    let mut record = Vec::new();
    read_line(r, &mut record, MAX_WARC_HEADER)?;
    if !record.starts_with(b"WARC/") {
        return Ok(Err((record, "not a WARC record header".to_string())));
    }
    let mut length = 0usize;
    loop {
        let start = record.len();
        let room = MAX_WARC_HEADER.saturating_sub(start);
        if read_line(r, &mut record, room)? == 0 {
            let why = if room == 0 {
                format!("WARC record header longer than {MAX_WARC_HEADER} bytes")
            } else {
                "the file ends inside a WARC record header".to_string()
            };
            return Ok(Err((record, why)));
        }
        let line = &record[start..];
        if line == b"\r\n" {
            break;
        }
        let Some((key, value)) = line.iter().position(|&b| b == b':').map(|p| (&line[..p], &line[p + 1..])) else {
            continue;
        };
        if key.trim_ascii().eq_ignore_ascii_case(b"content-length") {
            match std::str::from_utf8(value).ok().and_then(|v| v.trim().parse::<usize>().ok()) {
                Some(v) => length = v,
                None => return Ok(Err((record, "malformed Content-Length in a WARC record header".to_string()))),
            }
        }
    }
    if length > max_record {
        return Ok(Err((record, too_large(limits))));
    }
    let need = length + 4;
    let got = r.take(need as u64).read_to_end(&mut record)?;
    if got < need {
        return Ok(Err((record, format!("the file ends inside a WARC record of {length} bytes"))));
    }
    Ok(Ok(record))
}

/// Appends one line of `r` to `out` (up to and including `\n`, at most
/// `limit` bytes); returns how many bytes it read (0 at the end).
fn read_line(r: &mut impl BufRead, out: &mut Vec<u8>, limit: usize) -> io::Result<usize> {
    let mut n = 0;
    while n < limit {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let room = &buf[..buf.len().min(limit - n)];
        let (used, done) = match room.iter().position(|&b| b == b'\n') {
            Some(p) => (p + 1, true),
            None => (room.len(), false),
        };
        out.extend_from_slice(&room[..used]);
        r.consume(used);
        n += used;
        if done {
            break;
        }
    }
    Ok(n)
}

/// Consumes the line ends (`\r`, `\n`) at the front of `r`.
fn skip_line_ends(r: &mut impl BufRead) -> io::Result<()> {
    loop {
        let buf = r.fill_buf()?;
        let n = buf.iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
        if n == 0 {
            return Ok(());
        }
        r.consume(n);
    }
}

/// Consumes bytes up to the next `needle` (not the needle), or to the end;
/// returns how many bytes it consumed and whether it found one. A needle
/// split between two reads is found: [`Rewind`] gives back the few bytes
/// kept for it.
fn skip_to<R: BufRead>(r: &mut Rewind<R>, needle: &[u8]) -> (u64, bool) {
    let start = r.pos;
    loop {
        let buf = match r.fill_buf() {
            Ok(b) if !b.is_empty() => b,
            _ => return (r.pos - start, false),
        };
        if let Some(p) = buf.windows(needle.len()).position(|w| w == needle) {
            r.consume(p);
            return (r.pos - start, true);
        }
        if buf.len() < needle.len() {
            // Too short to hold a needle: given back, the next read joins
            // it to more, unless the input ends here.
            let (n, short) = (buf.len(), buf.to_vec());
            r.consume(n);
            r.unread(&short);
            let now = r.fill_buf().map_or(0, <[u8]>::len);
            if now <= n {
                r.consume(now);
                return (r.pos - start, false);
            }
            continue;
        }
        // Keep the bytes that may start a needle the next read completes.
        let keep = buf[buf.len() + 1 - needle.len()..].to_vec();
        let n = buf.len();
        r.consume(n);
        r.unread(&keep);
    }
}

/// A buffered reader that counts its offset and can be given back bytes it
/// has read (to read them again after a damaged record, or to keep a
/// needle that straddles two reads).
struct Rewind<R> {
    inner: R,
    /// Bytes given back, read before `inner`'s from `at` on.
    back: Vec<u8>,
    at: usize,
    /// Bytes consumed so far, less those given back.
    pos: u64,
}

/// The fewest bytes [`Rewind::fill_buf`] returns while given-back bytes
/// remain and the input goes on.
const LOOKAHEAD: usize = 16;

impl<R: BufRead> Rewind<R> {
    fn new(inner: R) -> Rewind<R> {
        Rewind { inner, back: Vec::new(), at: 0, pos: 0 }
    }

    /// Gives back `bytes`, the last ones consumed.
    fn unread(&mut self, bytes: &[u8]) {
        let mut back = Vec::with_capacity(bytes.len() + self.back.len() - self.at);
        back.extend_from_slice(bytes);
        back.extend_from_slice(&self.back[self.at..]);
        self.back = back;
        self.at = 0;
        self.pos -= bytes.len() as u64;
    }
}

impl<R: BufRead> BufRead for Rewind<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at == self.back.len() {
            return self.inner.fill_buf();
        }
        // A few bytes given back are joined to the next read, so that a
        // needle they start can be seen whole.
        while self.back.len() - self.at < LOOKAHEAD {
            let more = self.inner.fill_buf()?;
            if more.is_empty() {
                break;
            }
            let n = more.len();
            self.back.extend_from_slice(more);
            self.inner.consume(n);
        }
        Ok(&self.back[self.at..])
    }

    fn consume(&mut self, n: usize) {
        self.pos += n as u64;
        if self.at == self.back.len() {
            self.inner.consume(n);
            return;
        }
        self.at += n;
        if self.at >= self.back.len() {
            self.back.clear();
            self.at = 0;
        }
    }
}

impl<R: BufRead> Read for Rewind<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

/// The documents of the WARC records in `reader`, appended to `out`;
/// `n` counts records. Stops at the first malformed record (its message).
fn warc_from(name: &str, reader: impl BufRead, n: &mut usize, out: &mut Vec<Record>) -> Result<(), String> {
    for rec in warc::WarcReader::new(reader).iter_records() {
        *n += 1;
        let location = format!("{name}#record{n}");
        let rec = rec.map_err(|e| format!("malformed WARC record: {e}"))?;
        if !matches!(rec.warc_type(), warc::RecordType::Response | warc::RecordType::Resource) {
            continue;
        }
        // The warc crate's `Record::header` panics on a value that is not
        // UTF-8 (found by fuzzing, issue 13): headers are read raw instead.
        let (kind, warc_id, crawled) = (rec.warc_type().clone(), rec.warc_id().to_string(), *rec.date());
        let (head, body) = rec.into_raw_parts();
        let header = |h| head.headers.get(&h).map(|v| String::from_utf8_lossy(v).into_owned());
        let uri = header(warc::WarcHeader::TargetURI);
        let body = body.as_slice();
        let (content_type, payload) = if kind == warc::RecordType::Response {
            match split_http(body) {
                Some(x) => x,
                None => {
                    out.push(Record::Rejected(Diagnostic {
                        location,
                        message: "response without HTTP headers".to_string(),
                    }));
                    continue;
                }
            }
        } else {
            (header(warc::WarcHeader::ContentType).unwrap_or_default(), body)
        };
        if !content_type.to_ascii_lowercase().contains("html") {
            continue;
        }
        let html = String::from_utf8_lossy(payload);
        let id = uri.clone().unwrap_or(warc_id);
        match html_article(&id, &html, uri.as_deref()) {
            Ok(mut a) => {
                if a.date.is_none() {
                    // The crawl date: the page existed by then.
                    a.date = PartialDate::parse(&crawled.format("%Y-%m-%d").to_string());
                }
                out.push(Record::Article(a));
            }
            Err(m) => out.push(Record::Rejected(Diagnostic { location, message: m })),
        }
    }
    Ok(())
}

/// Splits an HTTP response into its content type and body.
fn split_http(b: &[u8]) -> Option<(String, &[u8])> {
    let end = b
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| b.windows(2).position(|w| w == b"\n\n").map(|p| (p, p + 2)))?;
    let head = String::from_utf8_lossy(&b[..end.0]);
    if !head.starts_with("HTTP/") {
        return None;
    }
    let ct = head
        .lines()
        .find_map(|l| {
            l.split_once(':')
                .filter(|(k, _)| k.trim().eq_ignore_ascii_case("content-type"))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_default();
    Some((ct, &b[end.1..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::tests::PAGE;

    fn warc(pages: &[(&str, &str, &str)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (uri, ct, body) in pages {
            let http = format!("HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\n\r\n{body}");
            let head = format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{}>\r\nWARC-Date: 2020-05-26T00:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
                uri.len(),
                http.len()
            );
            out.extend_from_slice(head.as_bytes());
            out.extend_from_slice(http.as_bytes());
            out.extend_from_slice(b"\r\n\r\n");
        }
        out
    }

    #[test]
    fn warc_responses_with_html_become_documents() {
        let bytes = warc(&[
            ("https://a.example/1", "text/html; charset=utf-8", PAGE),
            ("https://a.example/logo.png", "image/png", "PNG"),
        ]);
        let r = warc_records("c.warc", &bytes[..], false, Limits::default());
        assert_eq!(r.len(), 1, "{r:?}");
        let Record::Article(a) = &r[0] else { panic!("{r:?}") };
        assert!(a.text.contains("Iranian tankers"));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &bytes).unwrap();
        let r = warc_records("c.warc.gz", &gz.finish().unwrap()[..], true, Limits::default());
        assert_eq!(r.len(), 1);
    }

    /// One gzip member.
    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, bytes).unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn issue_13_a_corrupt_member_of_a_warc_gz_costs_that_record_only() {
        // One member per record, as crawlers write them; the second is
        // damaged in the middle of its compressed data.
        let page = |n: usize| PAGE.replace("First Iranian tanker", &format!("Tanker number {n}"));
        let members: Vec<Vec<u8>> =
            (1..=3).map(|n| gz(&warc(&[(&format!("https://a.example/{n}"), "text/html", &page(n))]))).collect();
        let mut bad = members[1].clone();
        let mid = bad.len() / 2;
        for b in &mut bad[mid..mid + 40] {
            *b ^= 0x5a;
        }
        let file: Vec<u8> = [members[0].clone(), bad, members[2].clone()].concat();
        let r = warc_records("c.warc.gz", &file[..], true, Limits::default());
        let titles: Vec<String> = r
            .iter()
            .filter_map(|r| match r {
                Record::Article(a) => a.text.lines().next().map(str::to_string),
                _ => None,
            })
            .collect();
        assert_eq!(titles.len(), 2, "{r:?}");
        assert!(titles[0].contains("number 1") && titles[1].contains("number 3"), "{titles:?}");
        let lost: Vec<&Diagnostic> = r
            .iter()
            .filter_map(|r| match r {
                Record::Rejected(d) => Some(d),
                _ => None,
            })
            .collect();
        assert_eq!(lost.len(), 1, "{r:?}");
        assert!(lost[0].location.contains(&format!("(byte {})", members[0].len())), "{lost:?}");
        assert!(lost[0].message.contains("bytes skipped to the next gzip member"), "{lost:?}");
    }

    /// The titles of the documents read, and the losses reported.
    fn read(name: &str, bytes: &[u8], limits: Limits) -> (Vec<String>, Vec<Diagnostic>) {
        let mut titles = Vec::new();
        let mut lost = Vec::new();
        for r in warc_records(name, bytes, name.ends_with(".gz"), limits) {
            match r {
                Record::Article(a) => titles.push(a.text.lines().next().unwrap_or_default().to_string()),
                Record::Rejected(d) => lost.push(d),
                Record::Warning(_) => {}
            }
        }
        (titles, lost)
    }

    /// Three one-page records, page `n` titled `Tanker number n`.
    fn three() -> Vec<Vec<u8>> {
        let page = |n: usize| PAGE.replace("First Iranian tanker", &format!("Tanker number {n}"));
        (1..=3).map(|n| warc(&[(&format!("https://a.example/{n}"), "text/html", &page(n))])).collect()
    }

    /// `record` with its Content-Length `more` bytes longer than its block.
    fn longer(record: &[u8], more: usize) -> Vec<u8> {
        let text = String::from_utf8(record.to_vec()).unwrap();
        let i = text.find("Content-Length: ").unwrap() + "Content-Length: ".len();
        let j = i + text[i..].find('\r').unwrap();
        let length: usize = text[i..j].parse().unwrap();
        format!("{}{}{}", &text[..i], length + more, &text[j..]).into_bytes()
    }

    #[test]
    fn issue_13_a_damaged_record_of_a_plain_warc_costs_that_record_only() {
        let [one, two, three] = <[Vec<u8>; 3]>::try_from(three()).unwrap();
        // Damage of each kind in the second record; the first and third
        // are read, and the loss is reported from the second's offset.
        let damaged: Vec<(&str, Vec<u8>, &str)> = vec![
            ("garbled header line", [&b"WARC/1.0\r\nWARC-Type response\r\n\r\n"[..], &two[10..]].concat(), ""),
            ("Content-Length too long (the next record swallowed)", longer(&two, 300), ""),
            (
                "not a WARC header",
                b"HTTP/1.1 200 OK\r\n\r\n<p>stray bytes</p>\r\n\r\n".to_vec(),
                "not a WARC record header",
            ),
            ("cut short", two[..two.len() / 2].to_vec(), ""),
        ];
        for (what, bad, message) in damaged {
            let file = [&one[..], &bad[..], &three[..]].concat();
            let (titles, lost) = read("c.warc", &file, Limits::default());
            assert_eq!(titles.len(), 2, "{what}: {titles:?} {lost:?}");
            assert!(titles[0].contains("number 1") && titles[1].contains("number 3"), "{what}: {titles:?}");
            assert_eq!(lost.len(), 1, "{what}: {lost:?}");
            assert_eq!(lost[0].location, format!("c.warc (byte {})", one.len()), "{what}");
            let skipped = format!("{} bytes skipped to the next WARC record, reading goes on", bad.len());
            assert!(lost[0].message.ends_with(&skipped), "{what}: {lost:?}");
            assert!(lost[0].message.contains(message), "{what}: {lost:?}");
        }
    }

    #[test]
    fn issue_13_a_plain_warc_record_over_the_size_limit_is_skipped_unread() {
        let records = three();
        // With no room for documents, a record may still hold 1 MiB of
        // headers: the second record's block exceeds it, not the others'.
        let padded = warc(&[("https://a.example/big", "text/html", &"<p>x</p>".repeat(140_000))]);
        let file = [&records[0][..], &padded[..], &records[2][..]].concat();
        let limits = Limits { max_doc_bytes: 0 };
        let max_record = 1 << 20;
        assert!(padded.len() > max_record && records[0].len() < max_record);
        let (titles, lost) = read("c.warc", &file, limits);
        assert_eq!(titles.len(), 2, "{titles:?} {lost:?}");
        assert_eq!(lost.len(), 1, "{lost:?}");
        assert!(lost[0].message.starts_with("document larger than the maximum of 0 bytes"), "{lost:?}");
        assert!(lost[0].message.contains(&format!("{} bytes skipped", padded.len())), "{lost:?}");
    }

    #[test]
    fn issue_13_a_plain_warc_ending_inside_a_record_reports_the_rest_lost() {
        let records = three();
        let cut = [&records[0][..], &records[1][..40]].concat();
        let (titles, lost) = read("c.warc", &cut, Limits::default());
        assert_eq!(titles.len(), 1, "{titles:?}");
        assert_eq!(lost.len(), 1, "{lost:?}");
        assert_eq!(
            lost[0].message,
            "the file ends inside a WARC record header; 40 bytes skipped to the end of the file"
        );
        // Blank lines between records are no damage.
        let spaced = [&records[0][..], b"\r\n\n", &records[1][..]].concat();
        assert_eq!(read("c.warc", &spaced, Limits::default()).0.len(), 2);
    }

    #[test]
    fn a_needle_split_between_two_reads_is_found() {
        for capacity in 1..12 {
            let bytes = b"abcdefg\nWARC/1.0 rest";
            let mut r = Rewind::new(BufReader::with_capacity(capacity, &bytes[..]));
            assert_eq!(skip_to(&mut r, WARC_START), (8, true), "capacity {capacity}");
            let mut rest = String::new();
            r.read_to_string(&mut rest).unwrap();
            assert_eq!(rest, "WARC/1.0 rest", "capacity {capacity}");
            let mut r = Rewind::new(BufReader::with_capacity(capacity, &bytes[..]));
            assert_eq!(skip_to(&mut r, GZIP_MEMBER), (bytes.len() as u64, false), "capacity {capacity}");
        }
    }
}
