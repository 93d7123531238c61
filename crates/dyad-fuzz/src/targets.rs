//! The targets. Each takes any bytes; what it checks beyond "does not
//! panic" is what the next stage relies on (spans inside the text and on
//! character boundaries, expressions inside their tokens).

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use dyad_engine::{Pipeline, Settings, NORMALIZE};
use dyad_ingest::{InputFormat, Record};
use dyad_types::{Article, PartialDate, Sentence};

use crate::seeds;
use crate::Target;

/// Every target.
pub static TARGETS: &[Target] = &[
    Target { name: "jsonl", run: jsonl, seeds: || vec![seeds::JSONL.into()], tokens: JSONL_TOKENS, cases: 300 },
    Target { name: "html", run: html, seeds: || vec![seeds::HTML.into()], tokens: HTML_TOKENS, cases: 150 },
    Target {
        name: "feed",
        run: feed,
        seeds: || vec![seeds::RSS.into(), seeds::ATOM.into()],
        tokens: FEED_TOKENS,
        cases: 200,
    },
    Target { name: "warc", run: warc, seeds: || vec![seeds::warc()], tokens: WARC_TOKENS, cases: 200 },
    Target { name: "warc_gz", run: warc, seeds: || vec![seeds::warc_gz()], tokens: &[], cases: 200 },
    Target { name: "text", run: text, seeds: || vec![seeds::TEXT.into()], tokens: TEXT_TOKENS, cases: 300 },
    Target {
        name: "petrarch_dictionaries",
        run: petrarch_dictionaries,
        seeds: || {
            [seeds::PETRARCH_ACTORS, seeds::PETRARCH_AGENTS, seeds::PETRARCH_VERBS]
                .iter()
                .enumerate()
                .map(|(kind, text)| kinded(kind, text.as_bytes()))
                .collect()
        },
        tokens: PETRARCH_TOKENS,
        cases: 400,
    },
    Target {
        name: "validation_records",
        run: validation_records,
        seeds: || vec![seeds::RECORDS.into()],
        tokens: XML_TOKENS,
        cases: 300,
    },
    Target {
        name: "dyad_dictionaries",
        run: dyad_dictionaries,
        seeds: || {
            [seeds::DYAD_VERBS, seeds::DYAD_ACTORS, seeds::DYAD_COUNTRIES, seeds::DYAD_AGENTS, seeds::DYAD_CAMEO]
                .iter()
                .enumerate()
                .map(|(kind, text)| kinded(kind, &seeds::dictionary_start(text)))
                .collect()
        },
        tokens: DICT_TOKENS,
        cases: 200,
    },
    Target { name: "dates", run: dates, seeds: news, tokens: DATE_TOKENS, cases: 600 },
    Target { name: "quantities", run: quantities, seeds: news, tokens: QUANTITY_TOKENS, cases: 600 },
    Target { name: "sentences", run: sentences, seeds: news, tokens: TEXT_TOKENS, cases: 600 },
    Target { name: "code", run: code, seeds: news, tokens: CODE_TOKENS, cases: 60 },
];

const JSONL_TOKENS: &[&str] = &[
    "\"text\":",
    "\"date\":",
    "\"id\":",
    "\"title\":",
    "null",
    "true",
    "[1,2]",
    "{\"a\":{\"b\":{}}}",
    "\\ud800",
    "\\u0000",
    "\n",
    ",",
    ":",
];
const HTML_TOKENS: &[&str] = &[
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<br>",
    "<article>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "<table>",
    "<td>",
    "<svg>",
    "<math>",
    "<template>",
    "<meta property=\"article:published_time\" content=\"",
    "&nbsp;",
    "&#x",
    "<title>",
    "<noscript>",
    "<iframe srcdoc=\"<p>x</p>\">",
];
const FEED_TOKENS: &[&str] = &[
    "<item>",
    "</item>",
    "<entry>",
    "</entry>",
    "<pubDate>",
    "</pubDate>",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
    "&a;",
    "<description>",
    "<content type=\"html\">",
    "<link href=\"",
    "<updated>",
];
const WARC_TOKENS: &[&str] = &[
    "WARC/1.0\r\n",
    "WARC-Type: response\r\n",
    "Content-Length: ",
    "Content-Length: 99999999999\r\n",
    "Content-Length: -1\r\n",
    "HTTP/1.1 200 OK\r\n",
    "Content-Type: text/html\r\n",
    "Transfer-Encoding: chunked\r\n",
    "Content-Encoding: gzip\r\n",
    "\r\n\r\n",
];
const TEXT_TOKENS: &[&str] = &[
    "---\n", "date: ", "title: ", "Mr. ", "U.S. ", "e.g. ", "...", "?!", "\"", "“", "”", "(", ")", " — ", "-\n",
    "\n\n", "Photo: ", "REUTERS", "3.5", "No.", "a.m.",
];
const PETRARCH_TOKENS: &[&str] = &[
    "[",
    "]",
    "[~GOV]",
    "[---]",
    "{",
    "}",
    "+",
    "&",
    "!X!",
    "!X! = A, B\n",
    "---",
    "--- X [010] ---\n",
    "- * ",
    "%",
    "_",
    "<",
    ">",
    " - ",
    "< 950601]",
    "#",
    "<!--",
    "-->",
    "[:]",
    "[010:]",
];
const XML_TOKENS: &[&str] = &[
    "<Sentence ",
    "</Sentence>",
    "<Text>",
    "</Text>",
    "<EventCoding ",
    "noevents=\"True\"",
    "<Config option=\"",
    "&amp;",
    "&#0;",
    "<![CDATA[",
    "id=\"",
    "date=\"",
    "<Parse>",
];
const DICT_TOKENS: &[&str] = &[
    "[",
    "]",
    "[010]",
    "[IRNGOV]",
    "~",
    "&",
    "=",
    "+",
    "name: ",
    "role: ",
    "..",
    "2020-05-01..",
    "\t",
    "#",
    "*",
    "{",
    "}",
];
const DATE_TOKENS: &[&str] = &[
    " on ",
    " in ",
    " May ",
    " 2020 ",
    " 31 ",
    " February 30, ",
    " 0 ",
    " -5 ",
    " 99999 ",
    " last ",
    " this ",
    " week ",
    " month ",
    " year ",
    " that year ",
    " mid- ",
    " early ",
    " since ",
    " Monday ",
    " 1st ",
    " 2020-13-45 ",
    " '98 ",
];
const QUANTITY_TOKENS: &[&str] = &[
    " million ",
    " billion ",
    " barrels ",
    " of ",
    " 1.5 ",
    " 1,500 ",
    " 1e309 ",
    " -3 ",
    " dozens ",
    " hundreds ",
    " per cent ",
    " % ",
    " tons ",
    " about ",
    " some ",
    " $ ",
    " 0.0000001 ",
    " 18446744073709551616 ",
];
const CODE_TOKENS: &[&str] = &[
    " Iran ",
    " Venezuela ",
    " sent ",
    " attacked ",
    " said ",
    " not ",
    " will ",
    " the government of ",
    " Hezbollah ",
    " met with ",
    " in Caracas ",
    " on May 5 ",
    " and ",
    ", ",
    "; ",
    " who ",
    " which ",
];

fn news() -> Vec<Vec<u8>> {
    seeds::NEWS.iter().map(|s| s.as_bytes().to_vec()).collect()
}

/// A seed for a target whose first byte picks a kind of file.
fn kinded(kind: usize, text: &[u8]) -> Vec<u8> {
    let mut v = vec![kind as u8];
    v.extend_from_slice(text);
    v
}

/// The first byte of `data` as a kind below `n`, and the rest as text.
fn split_kind(data: &[u8], n: usize) -> (usize, String) {
    match data.split_first() {
        Some((k, rest)) => (*k as usize % n, String::from_utf8_lossy(rest).into_owned()),
        None => (0, String::new()),
    }
}

/// Reads `data` as a file with the ingest reader for `format`, to the end.
fn read_file(data: &[u8], ext: &str, format: InputFormat) -> Vec<Record> {
    static N: AtomicU64 = AtomicU64::new(0);
    let path: PathBuf = std::env::temp_dir().join(format!(
        "dyad-fuzz-{}-{}.{ext}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let written = std::fs::File::create(&path).and_then(|mut f| f.write_all(data));
    let out = match written {
        Ok(()) => dyad_ingest::open(&path.display().to_string(), format).map(|r| r.collect()).unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let _ = std::fs::remove_file(&path);
    // What `auto` would have made of it must not panic either.
    let _ = dyad_ingest::detect(&path.display().to_string(), data);
    out
}

fn check_article(a: &Article) {
    if let Some(d) = a.date {
        let _ = d.to_string();
    }
    check_sentences(&a.text);
}

fn check_records(records: &[Record]) {
    for r in records {
        if let Record::Article(a) = r {
            check_article(a);
        }
    }
}

fn jsonl(data: &[u8]) {
    check_records(&read_file(data, "jsonl", InputFormat::Jsonl));
}

fn html(data: &[u8]) {
    check_records(&read_file(data, "html", InputFormat::Html));
    if let Ok(a) = dyad_ingest::html_article("h", &String::from_utf8_lossy(data), Some("https://example.org/")) {
        check_article(&a);
    }
}

fn feed(data: &[u8]) {
    check_records(&read_file(data, "xml", InputFormat::Feed));
}

fn warc(data: &[u8]) {
    check_records(&read_file(data, "warc", InputFormat::Warc));
}

fn text(data: &[u8]) {
    check_records(&read_file(data, "txt", InputFormat::Text));
    check_records(&read_file(data, "in", InputFormat::Auto));
}

fn petrarch_dictionaries(data: &[u8]) {
    let (kind, text) = split_kind(data, 5);
    // PETRARCH files by kind, and the same bytes read as dyad's block
    // syntax under `convention: petrarch`.
    let (name, text) = match kind {
        0 => ("x.actors.txt", text),
        1 => ("x.agents.txt", text),
        2 => ("x.discards.txt", text),
        3 => ("x.verbs.txt", text),
        _ => ("verbs.txt", format!("convention: petrarch\n{text}")),
    };
    let (dict, _) = dyad_engine::compat::PetrDict::load(&[(name.to_string(), text)]);
    let _ = dict.stats();
    // What the importer writes loads back whole.
    let (again, problems) = dyad_engine::compat::PetrDict::load(&dict.to_files());
    assert!(problems.is_empty(), "{problems:?}");
    let (a, b) = (dict.stats(), again.stats());
    // Actors with no name code nothing and are not written.
    assert_eq!((a.agents, a.verb_forms, a.patterns, a.discards), (b.agents, b.verb_forms, b.patterns, b.discards));
}

fn validation_records(data: &[u8]) {
    let xml = String::from_utf8_lossy(data);
    let _ = dyad_ingest::read_records(&xml);
    let _ = dyad_ingest::read_environment(&xml);
}

fn dyad_dictionaries(data: &[u8]) {
    let (kind, text) = split_kind(data, 5);
    let name = ["verbs.txt", "actors.txt", "countries.txt", "agents.txt", "cameo.tsv"][kind];
    dyad_dictionary(name, &text);
}

/// Builds a dictionary from one file and codes a sentence with it.
fn dyad_dictionary(name: &str, text: &str) {
    let mut b = dyad_code::DictionaryBuilder::empty(NORMALIZE);
    b.add(name, text);
    let (dict, _) = b.build();
    let _ = dict.stats();
    let coder = dyad_code::Coder::new(Arc::new(dict));
    let article = Article { id: "d".into(), text: seeds::NEWS[0].into(), ..Article::default() };
    let _ = coder.code_article(&article, dyad_text::sentences(&article.text));
}

/// The words of `data`: split on white space, and the normalized tokens of
/// its sentences, as the coder sees them.
fn with_tokens(data: &[u8], mut f: impl FnMut(&[&str])) {
    let text = String::from_utf8_lossy(data);
    let lower = text.to_lowercase();
    f(&lower.split_whitespace().collect::<Vec<_>>());
    for s in dyad_text::sentences(&text) {
        let words: Vec<&str> =
            s.tokens.iter().filter_map(|t| s.norm.get(t.norm.0 as usize..t.norm.1 as usize)).collect();
        f(&words);
    }
}

fn dates(data: &[u8]) {
    let doc = [None, PartialDate::parse("2020-05-26"), PartialDate::parse("2020-02"), PartialDate::parse("1999")]
        [data.first().map_or(0, |b| *b as usize % 4)];
    with_tokens(data, |words| {
        dyad_code::fuzzing::dates(words, doc);
    });
    for w in String::from_utf8_lossy(data).split_whitespace() {
        if let Some(d) = PartialDate::parse(w) {
            let _ = (d.to_string(), d.to_days(), d.to_last_day());
        }
    }
}

fn quantities(data: &[u8]) {
    with_tokens(data, |words| {
        dyad_code::fuzzing::quantities(words);
    });
}

/// Sentences and tokens lie inside the text, in order, on character
/// boundaries, and their normalized forms inside `norm`.
fn check_sentences(text: &str) {
    let mut last_end = 0;
    for s in dyad_text::sentences(text) {
        check_span(text, s.span.start, s.span.end, "sentence");
        assert!(s.span.start >= last_end, "sentences overlap at {}", s.span.start);
        last_end = s.span.end;
        for t in &s.tokens {
            check_span(text, t.span.start, t.span.end, "token");
            let (a, b) = (t.norm.0 as usize, t.norm.1 as usize);
            assert!(s.norm.get(a..b).is_some(), "token norm {a}..{b} outside {:?}", s.norm);
        }
        let _ = dyad_text::sentence_text(text, &s);
    }
}

fn check_span(text: &str, start: usize, end: usize, what: &str) {
    assert!(
        start <= end && text.get(start..end).is_some(),
        "{what} {start}..{end} is not a slice of {} bytes",
        text.len()
    );
}

fn sentences(data: &[u8]) {
    check_sentences(&String::from_utf8_lossy(data));
    let _: Vec<Sentence> = dyad_text::sentences("").collect();
}

fn code(data: &[u8]) {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    let pipeline = PIPELINE.get_or_init(|| Pipeline::new(&Settings::default()).0);
    let text: String = String::from_utf8_lossy(&data[..data.len().min(4096)]).into_owned();
    let article = Article { id: "c".into(), text, date: PartialDate::parse("2020-05-26"), ..Article::default() };
    let coded = pipeline.code(&article);
    for m in &coded.mentions {
        check_span(&article.text, m.span.start, m.span.end, "mention");
    }
}
