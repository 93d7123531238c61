//! Web formats: HTML pages, RSS/Atom feeds and WARC archives.

use std::io::{BufRead, BufReader, Read};

use dyad_types::{Article, Diagnostic, PartialDate};

use crate::Record;

/// Text of an HTML page's main content, with its metadata.
///
/// Navigation, scripts, styles and advertising are dropped by a
/// readability-style extraction; title, publication date, canonical URL and
/// site name come from the page's `<meta>`/`<link>` tags.
pub fn html_article(id: &str, html: &str, url: Option<&str>) -> Result<Article, String> {
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

/// Each HTTP response with an HTML body in a WARC (or WARC.gz) file as a document.
pub(crate) fn warc_records(name: &str, reader: impl Read, gzipped: bool) -> Vec<Record> {
    let buffered: Box<dyn BufRead> = if gzipped {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(reader)))
    } else {
        Box::new(BufReader::new(reader))
    };
    let mut out = Vec::new();
    for (i, rec) in warc::WarcReader::new(buffered).iter_records().enumerate() {
        let location = format!("{name}#record{}", i + 1);
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                out.push(Record::Rejected(Diagnostic { location, message: format!("malformed WARC record: {e}") }));
                // The reader cannot resynchronise after a malformed record.
                break;
            }
        };
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
    out
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
        let r = warc_records("c.warc", &bytes[..], false);
        assert_eq!(r.len(), 1, "{r:?}");
        let Record::Article(a) = &r[0] else { panic!("{r:?}") };
        assert!(a.text.contains("Iranian tankers"));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &bytes).unwrap();
        let r = warc_records("c.warc.gz", &gz.finish().unwrap()[..], true);
        assert_eq!(r.len(), 1);
    }
}
