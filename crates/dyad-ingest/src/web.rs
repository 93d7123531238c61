//! Web formats: HTML pages, RSS/Atom feeds and WARC archives.
//!
//! HTML is parsed into a tree (html5ever, through dom_query) and its main
//! text found by readability (dom_smoothie); both cost more than linear
//! time in the nesting depth (open-element scope checks, ancestor scoring),
//! so a page nested deeper than [`MAX_HTML_DEPTH`] is read by a linear tag
//! stripper instead (`flat_text`): its text without readability's choice
//! of the main content. WARC archives are read in `warc.rs`, whose
//! documents are HTML pages read here.

use std::io::Read;

use dyad_types::{Article, Diagnostic, PartialDate};

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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const PAGE: &str = r#"<!doctype html><html><head><title>Tankers arrive | Caribbean Wire</title>
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
