//! The fuzz targets on stable Rust, bounded: a fixed number of mutated
//! inputs per target from a fixed seed, so every `cargo test` runs the same
//! cases (`DYAD_FUZZ_CASES=N` runs N per target instead, `DYAD_FUZZ_SEED`
//! another stream, `DYAD_FUZZ_SAVE=DIR` keeps each input in `DIR/TARGET.last`
//! before running it). Longer runs: `cargo fuzz run TARGET` in `fuzz/`.
#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

use dyad_fuzz::{mutate, Target};
use dyad_types::SplitMix64;

fn env(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// Runs `name` on its seeds and on its share of mutations.
fn run(name: &str) {
    let t: &Target = Target::named(name).unwrap();
    let seeds = (t.seeds)();
    for s in &seeds {
        (t.run)(s);
    }
    let cases = env("DYAD_FUZZ_CASES").map_or(t.cases, |n| n as usize);
    let mut rng = SplitMix64::new(env("DYAD_FUZZ_SEED").unwrap_or(13) ^ name.len() as u64);
    for i in 0..cases {
        let input = mutate(&mut rng, &seeds, t.tokens);
        // An abort (a stack overflow) cannot be caught: the input is kept
        // on disk first so that it can be replayed.
        if let Some(dir) = std::env::var_os("DYAD_FUZZ_SAVE") {
            std::fs::write(std::path::Path::new(&dir).join(format!("{name}.last")), &input).unwrap();
        }
        let caught = std::panic::catch_unwind(|| (t.run)(&input));
        assert!(caught.is_ok(), "{name}: case {i} panicked on {:?}", String::from_utf8_lossy(&input));
    }
}

macro_rules! targets {
    ($($name:ident),* $(,)?) => {
        $( #[test] fn $name() { run(stringify!($name)); } )*

        #[test]
        fn every_target_runs_here() {
            let here = [$(stringify!($name)),*];
            for t in dyad_fuzz::TARGETS {
                assert!(here.contains(&t.name), "{} has no test", t.name);
            }
        }
    };
}

targets!(
    jsonl,
    html,
    feed,
    warc,
    warc_gz,
    text,
    petrarch_dictionaries,
    validation_records,
    dyad_dictionaries,
    dates,
    quantities,
    sentences,
    code,
);

/// Found by the `warc` target: a WARC header that is not UTF-8 made the
/// warc crate's `Record::header` panic (an unwrap inside the crate).
#[test]
fn issue_13_a_warc_header_that_is_not_utf8_is_read_lossily() {
    let http = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Iran sent fuel to Venezuela.</p></body></html>";
    let mut warc =
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2020-05-26T00:00:00Z\r\n\
        WARC-Target-URI: https://example.org/"
            .to_vec();
    warc.extend_from_slice(b"\xff\xfe/a");
    warc.extend_from_slice(format!("\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n", http.len()).as_bytes());
    let path = std::env::temp_dir().join(format!("dyad-issue-13-{}.warc", std::process::id()));
    std::fs::write(&path, &warc).unwrap();
    let records: Vec<dyad_ingest::Record> =
        dyad_ingest::open(path.to_str().unwrap(), dyad_ingest::InputFormat::Warc).unwrap().collect();
    std::fs::remove_file(&path).unwrap();
    let article = records.iter().find_map(|r| match r {
        dyad_ingest::Record::Article(a) => Some(a),
        _ => None,
    });
    let article = article.unwrap_or_else(|| panic!("no article: {records:?}"));
    assert_eq!(article.url.as_deref(), Some("https://example.org/\u{fffd}\u{fffd}/a"), "{article:?}");
    assert!(article.text.contains("Iran sent fuel"), "{article:?}");
}
