//! Valid inputs the mutator starts from, written for these targets (the
//! dyad dictionaries' seeds are the starts of the built-in files).

/// A few JSONL documents, one of them with every field.
pub(crate) const JSONL: &str = concat!(
    r#"{"id":"a1","date":"2020-05-26","title":"Fuel","source":"Wire A","url":"https://example.org/a1","language":"en","text":"Iran sent five tankers carrying 1.5 million barrels of fuel to Venezuela in May."}"#,
    "\n",
    r#"{"id":"a2","body":"China criticized Japan over the islands on Monday.","date":"May 5"}"#,
    "\n",
    r#"{"id":7,"content":"The United Nations urged talks.\nBoth sides agreed."}"#,
    "\n"
);

/// A news page with metadata and nested blocks.
pub(crate) const HTML: &str = r#"<!DOCTYPE html><html lang="en"><head><title>Fuel for Venezuela</title>
<meta property="article:published_time" content="2020-05-26T08:00:00Z"><meta property="og:site_name" content="Wire A">
<link rel="canonical" href="https://example.org/fuel"><script>var x = "<p>not text</p>";</script><style>p{}</style></head>
<body><nav><a href="/">Home</a></nav><article><h1>Fuel for Venezuela</h1><div><div><p>Iran sent five tankers carrying
1.5 million barrels of fuel to Venezuela on May 25, 2020.</p><p>The United States condemned the shipments &amp; warned
shippers.</p></div></div><table><tr><td>Barrels</td><td>1,500,000</td></tr></table></article><footer>© 2020</footer></body></html>"#;

/// An RSS feed of two items.
pub(crate) const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Gulf Dispatch</title>
<item><title>Tankers</title><link>https://example.org/g1</link><guid>g1</guid><pubDate>Sat, 16 May 2020 10:00:00 GMT</pubDate>
<description><![CDATA[<p>Iran sent five tankers to Venezuela.</p>]]></description></item>
<item><title>No body</title><link>https://example.org/g2</link></item></channel></rss>"#;

/// An Atom feed of one entry.
pub(crate) const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Wire B</title><id>urn:b</id><updated>2020-05-27T00:00:00Z</updated><entry><title>Gasoline</title><id>urn:b:1</id>
<link href="https://example.org/b1"/><updated>2020-05-27T00:00:00Z</updated><content type="html">&lt;p&gt;Iran shipped
gasoline to Venezuela this month, officials said.&lt;/p&gt;</content></entry></feed>"#;

/// A WARC file of an HTML response, a response of another type and a request.
pub(crate) fn warc() -> Vec<u8> {
    let records = [
        (
            "response",
            "https://example.org/a",
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_string() + HTML,
        ),
        (
            "response",
            "https://example.org/b.png",
            "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\u{89}PNG".to_string(),
        ),
        ("request", "https://example.org/a", "GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n".to_string()),
    ];
    let mut out = Vec::new();
    for (n, (kind, uri, block)) in records.iter().enumerate() {
        let fields = [
            ("WARC-Type", kind.to_string()),
            ("WARC-Record-ID", format!("<urn:uuid:00000000-0000-0000-0000-00000000000{n}>")),
            ("WARC-Date", "2020-05-26T00:00:00Z".to_string()),
            ("WARC-Target-URI", uri.to_string()),
            ("Content-Type", format!("application/http; msgtype={kind}")),
            ("Content-Length", block.len().to_string()),
        ];
        out.extend_from_slice(b"WARC/1.0\r\n");
        for (name, value) in fields {
            out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(block.as_bytes());
        out.extend_from_slice(b"\r\n\r\n");
    }
    out
}

/// The WARC file gzipped record by record, as crawlers write them.
pub(crate) fn warc_gz() -> Vec<u8> {
    use std::io::Write;
    let plain = warc();
    let mut out = Vec::new();
    for record in plain.split_inclusive(|&b| b == b'\n').collect::<Vec<_>>().chunks(12) {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for line in record {
            // Writing to a Vec cannot fail.
            let _ = gz.write_all(line);
        }
        out.extend(gz.finish().unwrap_or_default());
    }
    out
}

/// A plain-text document with a metadata header.
pub(crate) const TEXT: &str = "---\ndate: 2020-05-26\nsource: Wire A\ntitle: Fuel\nurl: https://example.org/t\n---\n\
Iran sent five tankers carrying 1.5 million barrels of fuel to Venezuela in May 2020.\n\n\
The United States condemned the shipments on Tuesday. \"We will respond,\" an official said.\n";

/// PETRARCH actors, agents and verbs, in their own formats.
pub(crate) const PETRARCH_ACTORS: &str = "<!-- header\n spanning -->\nARNOR_  [ARN] # note\n+ARNORIAN\nGOLLUM  # pas\n\
+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 990816]\nBOROMIR  [---]\nBAD [X Y]\n+\n";
pub(crate) const PETRARCH_AGENTS: &str =
    "!MINST! = MINISTER, MINISTRY\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV] # mj\n\
!MINST!_OF_SILLY_WALKS [~GOV]\nPARLIAMENT [~LEG]\nNO CODE HERE\n";
pub(crate) const PETRARCH_VERBS: &str = "&TIES\n+DIPLOMATIC\n+TRADE_LINKS\n--- RESTORE [064] ---\nRESTORE\n\
RENEW {RENEWS RENEWED}\n- * FULL &TIES_TIES WITH + [064]\n- SAID * [010]\n- * % [030]\n- * THINGS [abc]\n\
--- ARRIVE [032:033] ---\nARRIVE\n- * IN_+ [032]\n";

/// PETRARCH validation records.
pub(crate) const RECORDS: &str = r#"<Validation><Environment><Verbfile>CAMEO.verbpatterns.txt</Verbfile></Environment>
<Sentences><Config option="new_actor_length" value="0"></Config>
<Sentence date="19950312" id="FZ-1" category="AGENT" sentence="true">
<EventCoding sourcecode="CHNGOV" targetcode="JPN" eventcode="111"></EventCoding>
<Text>The Chinese government criticized Japan &lt;again&gt; over the islands.</Text>
<Parse>(ROOT (S (NP (DT The) (JJ Chinese) (NN government)) (VP (VBD criticized))))</Parse></Sentence>
<Sentence date="19950313" id="FZ-2" category="VERB" sentence="false"><EventCoding noevents="True"/>
<Text><![CDATA[Nothing <b>happened</b>.]]></Text></Sentence>
</Sentences></Validation>"#;

/// The start of a built-in dyad dictionary, cut at a line end.
pub(crate) fn dictionary_start(text: &str) -> Vec<u8> {
    let end = text[..text.len().min(4000)].rfind('\n').map_or(0, |i| i + 1);
    text.as_bytes()[..end].to_vec()
}

pub(crate) const DYAD_VERBS: &str = include_str!("../../dyad-code/dict/verbs.txt");
pub(crate) const DYAD_ACTORS: &str = include_str!("../../dyad-code/dict/actors.txt");
pub(crate) const DYAD_COUNTRIES: &str = include_str!("../../dyad-code/dict/countries.txt");
pub(crate) const DYAD_AGENTS: &str = include_str!("../../dyad-code/dict/agents.txt");
pub(crate) const DYAD_CAMEO: &str = include_str!("../../dyad-code/dict/cameo.tsv");

/// Sentences for the splitter, the date and quantity finders and the coder.
pub(crate) const NEWS: &[&str] = &[
    "Iran sent five tankers carrying 1.5 million barrels of fuel to Venezuela in May 2020.",
    "On April 7, 2018, Syrian forces attacked Douma. Earlier this month, Russia vetoed a resolution.",
    "The U.S. Treasury imposed sanctions on 12 firms last week; Mr. Smith (the envoy) said talks would resume in mid-May.",
    "China criticized Japan over the islands on Monday, and Japan rejected the claim that year.",
    "About 3,000 protesters marched in Caracas on 5 June 2019 — police fired tear gas.\n\nNo one was hurt.",
    "«Nous condamnons» a dit le ministre. 日本は抗議した. Hezbollah's fighters, some 200 of them, withdrew 40 km.",
];
