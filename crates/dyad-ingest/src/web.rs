//! Web formats: HTML pages, RSS/Atom feeds and WARC archives.
//!
//! HTML is parsed into a tree (html5ever, through dom_query) and its main
//! text found by readability (dom_smoothie); both cost more than linear
//! time in the nesting depth (open-element scope checks, ancestor scoring),
//! so a page nested deeper than [`MAX_HTML_DEPTH`] is read by a linear tag
//! stripper instead (`flat_text`): its text without readability's choice
//! of the main content. A `.warc.gz` archive is read one gzip member at a
//! time: a corrupt member is reported with its byte offset and what was
//! skipped, and reading resumes at the next member.

use std::io::{BufRead, BufReader, Read};

use dyad_types::{Article, Diagnostic, PartialDate};

use crate::vet::{too_large, Limits};
use crate::Record;

/// Pages nested deeper than this (elements inside elements) are read by
/// the linear tag stripper rather than parsed into a tree. Real pages stay
/// far below it (a few dozen levels).
pub const MAX_HTML_DEPTH: usize = 512;

/// Elements that have no closing tag.
const VOID: [&str; 14] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// Elements whose ends are paragraph breaks in the flat text.
const BLOCKS: [&str; 16] = [
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "article",
    "section",
    "blockquote",
    "title",
    "td",
];

/// One tag of an HTML text.
struct Tag {
    /// Its name, in lower case.
    name: String,
    closing: bool,
    self_closing: bool,
    /// Its bytes.
    range: std::ops::Range<usize>,
    /// Where the text after it starts: past the raw insides of `script`
    /// and `style`.
    resume: usize,
}

/// Where the closing tag `</name` starts, at or after `from`, ignoring case.
fn find_close(html: &str, from: usize, name: &str) -> Option<usize> {
    let rest = html.get(from..)?;
    rest.match_indices("</")
        .map(|(i, _)| i)
        .find(|&i| rest.get(i + 2..i + 2 + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .map(|i| from + i)
}

/// The tags of an HTML text in order, skipping comments and the insides of
/// `script` and `style`. Linear in the input: each byte is looked at a
/// bounded number of times.
fn tags(html: &str) -> impl Iterator<Item = Tag> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || loop {
        let start = i + html.get(i..)?.find('<')?;
        if html[start..].starts_with("<!--") {
            i = html[start..].find("-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let (end, inner_end) = match html[start..].find('>') {
            Some(e) => (start + e + 1, start + e),
            None => (html.len(), html.len()),
        };
        i = end;
        let inner = html[start + 1..inner_end].trim();
        let closing = inner.starts_with('/');
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if name.is_empty() {
            continue;
        }
        if !closing && (name == "script" || name == "style") {
            i = find_close(html, end, &name).unwrap_or(html.len());
        }
        return Some(Tag { name, closing, self_closing: inner.ends_with('/'), range: start..end, resume: i });
    })
}

/// How deep elements nest, at the most (unclosed void elements do not count).
fn depth(html: &str) -> usize {
    let (mut d, mut max) = (0usize, 0usize);
    for t in tags(html) {
        if t.closing {
            d = d.saturating_sub(1);
        } else if !t.self_closing && !VOID.contains(&t.name.as_str()) {
            d += 1;
            max = max.max(d);
        }
    }
    max
}

/// The text of an HTML page without a tree: tags dropped (blocks end a
/// paragraph), scripts and styles left out, common entities decoded.
fn flat_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut at = 0;
    for t in tags(html) {
        if at < t.range.start {
            out.push_str(&html[at..t.range.start]);
        }
        if BLOCKS.contains(&t.name.as_str()) {
            out.push_str("\n\n");
        }
        at = t.resume;
    }
    if at < html.len() {
        out.push_str(&html[at..]);
    }
    let text = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    paragraphs.join("\n\n")
}

/// Text of an HTML page's main content, with its metadata.
///
/// Navigation, scripts, styles and advertising are dropped by a
/// readability-style extraction; title, publication date, canonical URL and
/// site name come from the page's `<meta>`/`<link>` tags.
pub fn html_article(id: &str, html: &str, url: Option<&str>) -> Result<Article, String> {
    if depth(html) > MAX_HTML_DEPTH {
        let text = flat_text(html);
        if text.is_empty() {
            return Err("no text found in the page".to_string());
        }
        return Ok(Article { id: id.to_string(), text, url: url.map(str::to_string), ..Article::default() });
    }
    let doc = dom_query::Document::from(html);
    let meta = |sel: &str| -> Option<String> {
        let s = doc.select(sel);
        s.attr("content").or_else(|| s.attr("href")).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
    };
    let canonical = meta("link[rel=canonical]").or_else(|| meta("meta[property='og:url']"));
    let date_meta = meta("meta[property='article:published_time']")
        .or_else(|| meta("meta[name='pubdate']"))
        .or_else(|| meta("meta[name='publishdate']"))
        .or_else(|| meta("meta[name='date']"))
        .or_else(|| meta("meta[name='dc.date']"))
        .or_else(|| meta("meta[name='DC.date.issued']"))
        .or_else(|| meta("meta[itemprop='datePublished']"))
        .or_else(|| doc.select("time[datetime]").attr("datetime").map(|v| v.to_string()));
    let site = meta("meta[property='og:site_name']");
    let base_url = url.or(canonical.as_deref()).filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let cfg = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Formatted, ..Default::default() };
    let mut r =
        dom_smoothie::Readability::with_document(doc.clone(), base_url, Some(cfg)).map_err(|e| e.to_string())?;
    let (title, text, published, site_name) = match r.parse() {
        Ok(a) => (Some(a.title.to_string()), a.text_content.to_string(), a.published_time, a.site_name),
        // A page readability cannot score (a bare fragment): its whole text.
        Err(_) => {
            let body = doc.select("body");
            let text = if body.exists() { body.text().to_string() } else { doc.text().to_string() };
            (
                meta("meta[property='og:title']").or_else(|| Some(doc.select("title").text().to_string())),
                text,
                None,
                None,
            )
        }
    };
    let text = text.trim().to_string();
    if text.is_empty() {
        return Err("no text found in the page".to_string());
    }
    let date = date_meta.or(published).as_deref().and_then(parse_web_date);
    Ok(Article {
        id: id.to_string(),
        text,
        title: title.filter(|t| !t.trim().is_empty()),
        date,
        source: site.or(site_name),
        url: canonical.or_else(|| url.map(str::to_string)),
        language: None,
        dateline: None,
    })
}

/// Reads the date part of an ISO 8601 or RFC 3339 timestamp.
fn parse_web_date(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    PartialDate::parse(s.get(..10).unwrap_or(s)).or_else(|| PartialDate::parse(s))
}

/// Each item of an RSS or Atom feed as a document.
pub(crate) fn feed_records(name: &str, reader: impl Read) -> Vec<Record> {
    let feed = match feed_rs::parser::parse(reader) {
        Ok(f) => f,
        Err(e) => {
            return vec![Record::Rejected(Diagnostic {
                location: name.to_string(),
                message: format!("not a readable feed: {e}"),
            })];
        }
    };
    let publisher = feed.title.as_ref().map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty());
    let mut out = Vec::new();
    for (i, e) in feed.entries.into_iter().enumerate() {
        let location = format!("{name}#item{}", i + 1);
        let html = e.content.and_then(|c| c.body).or_else(|| e.summary.map(|s| s.content)).unwrap_or_default();
        let text = html_to_text(&html);
        if text.trim().is_empty() {
            out.push(Record::Rejected(Diagnostic { location, message: "item has no text".to_string() }));
            continue;
        }
        let date = e.published.or(e.updated).and_then(|d| PartialDate::parse(&d.format("%Y-%m-%d").to_string()));
        let url = e.links.first().map(|l| l.href.clone());
        let id = if e.id.is_empty() { url.clone().unwrap_or(location.clone()) } else { e.id };
        out.push(Record::Article(Article {
            id,
            text,
            title: e.title.map(|t| t.content),
            date,
            source: publisher.clone(),
            url,
            language: e.language,
            dateline: None,
        }));
    }
    out
}

/// Plain text of an HTML fragment, paragraphs kept apart.
fn html_to_text(html: &str) -> String {
    if !html.contains('<') {
        return html.trim().to_string();
    }
    if depth(html) > MAX_HTML_DEPTH {
        return flat_text(html);
    }
    let doc = dom_query::Document::from(html);
    for tag in ["script", "style", "noscript"] {
        doc.select(tag).remove();
    }
    let paragraphs: Vec<String> =
        doc.select("p, li, h1, h2, h3, blockquote").iter().map(|p| p.text().trim().to_string()).collect();
    if paragraphs.iter().any(|p| !p.is_empty()) {
        paragraphs.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n")
    } else {
        doc.text().trim().to_string()
    }
}

/// Each HTTP response with an HTML body in a WARC (or WARC.gz) file as a
/// document. A gzipped archive is read member by member (see the module
/// documentation); a plain one stops at its first malformed record.
pub(crate) fn warc_records(name: &str, reader: impl Read, gzipped: bool, limits: Limits) -> Vec<Record> {
    let mut out = Vec::new();
    let mut n = 0;
    if !gzipped {
        if let Err(m) = warc_from(name, BufReader::new(reader), &mut n, &mut out) {
            out.push(Record::Rejected(Diagnostic {
                location: format!("{name}#record{n}"),
                message: format!(
                    "{m}; the records after it are not read (an uncompressed WARC cannot be resynchronised)"
                ),
            }));
        }
        return out;
    }
    let mut raw = BufReader::new(Counting { inner: reader, read: 0 });
    // Room for a record's WARC and HTTP headers beside its document.
    let max_member = limits.max_doc_bytes.saturating_add(1 << 20);
    loop {
        let at = raw.get_ref().read - raw.buffer().len() as u64;
        match raw.fill_buf() {
            Ok([]) => break,
            Ok(_) => {}
            Err(e) => {
                out.push(Record::Rejected(Diagnostic {
                    location: format!("{name} (byte {at})"),
                    message: format!("read error: {e}"),
                }));
                break;
            }
        }
        let mut member = Vec::new();
        let decoded = flate2::bufread::GzDecoder::new(&mut raw).take(max_member as u64 + 1).read_to_end(&mut member);
        let problem = match decoded {
            Ok(_) if member.len() > max_member => Some(too_large(&limits)),
            Ok(_) => warc_from(name, &member[..], &mut n, &mut out).err(),
            Err(e) => Some(format!("corrupt gzip member: {e}")),
        };
        let Some(problem) = problem else { continue };
        // Resynchronise: skip to the next gzip member header (where the
        // decoder stopped, if it read the damaged member to its end).
        let now = raw.get_ref().read - raw.buffer().len() as u64;
        let skipped = (now - at) + skip_to_member(&mut raw, now == at);
        out.push(Record::Rejected(Diagnostic {
            location: format!("{name} (byte {at})"),
            message: format!("{problem}; {skipped} bytes skipped to the next gzip member, reading goes on"),
        }));
    }
    out
}

/// A reader that counts the bytes it has read (the byte offsets of WARC
/// messages).
struct Counting<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// Consumes bytes up to the next gzip member header (`1f 8b 08`), not
/// counting one right at the start when `past_start` (the member that
/// failed); returns how many.
fn skip_to_member(r: &mut impl BufRead, past_start: bool) -> u64 {
    let mut skipped = 0u64;
    let mut first = past_start;
    loop {
        let buf = match r.fill_buf() {
            Ok(b) if !b.is_empty() => b,
            _ => return skipped,
        };
        let from = usize::from(first);
        first = false;
        let found = buf.windows(3).skip(from).position(|w| w == [0x1f, 0x8b, 0x08]).map(|p| p + from);
        // Keep two bytes back: a header may straddle two reads.
        let used = match found {
            Some(p) => p,
            None if buf.len() > 2 => buf.len() - 2,
            None => buf.len(),
        };
        r.consume(used);
        skipped += used as u64;
        if found.is_some() || used == 0 {
            return skipped;
        }
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
    use crate::vet::Limits;

    const PAGE: &str = r#"<!doctype html><html><head><title>Tankers arrive | Caribbean Wire</title>
<meta property="og:site_name" content="Caribbean Wire">
<meta property="article:published_time" content="2020-05-25T08:30:00Z">
<link rel="canonical" href="https://caribbean-wire.example/2020/05/25/tankers">
<script>var tracking = "Iran sent missiles to the moon";</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="ad">Buy now! Cheap flights to Caracas!</div>
<article><h1>First Iranian tanker reaches Venezuela</h1>
<p>The first of five Iranian tankers carrying gasoline entered Venezuelan waters on Saturday night, escorted by ships and aircraft of the Venezuelan armed forces, officials said.</p>
<p>The Fortune is expected to dock at the El Palito refinery on Monday. Venezuela has suffered months of fuel shortages as its refineries have all but stopped working.</p>
<p>The United States had warned shippers that cargoes of Iranian fuel could be seized. Officials in Tehran said the shipments were legitimate trade between two sovereign states.</p>
</article><footer>Copyright Caribbean Wire. All rights reserved.</footer></body></html>"#;

    #[test]
    fn html_keeps_the_article_and_its_metadata() {
        let a = html_article("p", PAGE, None).unwrap();
        assert!(a.text.contains("The first of five Iranian tankers"), "{}", a.text);
        assert!(!a.text.contains("tracking"), "{}", a.text);
        assert!(!a.text.contains("Cheap flights"), "{}", a.text);
        assert_eq!(a.date.unwrap().to_string(), "2020-05-25");
        assert_eq!(a.url.as_deref(), Some("https://caribbean-wire.example/2020/05/25/tankers"));
        assert_eq!(a.source.as_deref(), Some("Caribbean Wire"));
    }

    #[test]
    fn feed_items_become_documents() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Gulf Dispatch</title>
<item><title>Iran sends fuel</title><link>https://gulf.example/1</link><guid>g1</guid>
<pubDate>Sat, 16 May 2020 10:00:00 GMT</pubDate><description>&lt;p&gt;Iran sent five tankers to Venezuela.&lt;/p&gt;</description></item>
<item><title>Empty</title><guid>g2</guid><description></description></item>
</channel></rss>"#;
        let r = feed_records("f.xml", rss.as_bytes());
        assert_eq!(r.len(), 2);
        let Record::Article(a) = &r[0] else { panic!("{r:?}") };
        assert_eq!((a.id.as_str(), a.source.as_deref()), ("g1", Some("Gulf Dispatch")));
        assert_eq!(a.text, "Iran sent five tankers to Venezuela.");
        assert_eq!(a.date.unwrap().to_string(), "2020-05-16");
        assert!(matches!(&r[1], Record::Rejected(d) if d.location == "f.xml#item2"));
    }

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

    #[test]
    fn issue_13_deeply_nested_html_is_read_in_linear_time() {
        // 1,000 nested `<div>`s took 3.4 s through the tree parser and
        // readability; 20,000 would take minutes.
        let n = 20_000;
        let html = format!(
            "<html><head><title>Deep</title><script>var x = '<div>';</script></head><body>{}<p>Iran sent fuel &amp; \
             food to Venezuela.</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        assert_eq!(depth(&html), n + 3);
        let a = html_article("deep", &html, None).unwrap();
        assert_eq!(a.text, "Deep\n\nIran sent fuel & food to Venezuela.");
        // A page of ordinary depth still goes through readability.
        assert!(depth(PAGE) < 10);
    }
}
