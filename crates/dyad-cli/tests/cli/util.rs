//! Helpers: run the binary, read fixtures, parse output.

use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

pub(crate) struct Output {
    pub(crate) status: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs `dyad ARGS... FILES...` with optional standard input.
pub(crate) fn dyad(args: &[&str], stdin: Option<&str>, files: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dyad"));
    cmd.args(args).args(files).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = cmd.spawn().expect("spawn dyad");
    if let Some(input) = stdin {
        let mut w = child.stdin.take().unwrap();
        let input = input.to_string();
        std::thread::spawn(move || {
            let _ = w.write_all(input.as_bytes());
        });
    }
    let out = child.wait_with_output().expect("wait dyad");
    Output {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A path relative to this crate's directory.
pub(crate) fn fixture(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel).display().to_string()
}

/// A path in the shared reference data (`../shared` beside the repository,
/// or `$DYAD_SHARED`), if it is there; else the test is skipped (see
/// [`skip`]).
pub(crate) fn shared(rel: &str) -> Option<PathBuf> {
    let root = std::env::var_os("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let path = root.join(rel);
    if path.exists() {
        return Some(path);
    }
    skip(&format!("{} not present (the reference data: set DYAD_SHARED)", path.display()));
    None
}

/// Says that the running test could not run, where a person sees it, and
/// fails it instead in CI (`CI` or `DYAD_REQUIRE_SHARED` set, as `.ci/run`
/// does), where everything a test needs must be there.
///
/// The line goes to the process's standard error directly, not through
/// `eprintln!`, which the test harness captures and shows only for failing
/// tests: so `cargo test` prints `SKIPPED <test>: <reason>` among its
/// `ok` lines.
pub(crate) fn skip(reason: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let ci = ["CI", "DYAD_REQUIRE_SHARED"].iter().any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()));
    assert!(!ci, "{test} cannot run: {reason}; in CI every test must run");
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {test}: {reason}");
}

/// Parses JSONL output.
pub(crate) fn mentions(stdout: &str) -> Vec<serde_json::Value> {
    stdout.lines().map(|l| serde_json::from_str(l).expect("valid JSON line")).collect()
}

/// Copies the documents named in `docs` out of the corpus files of the
/// shared data into one JSONL file in `dir`, and returns its path (`None`,
/// the test skipped, when the shared data is not there).
pub(crate) fn corpus_documents(dir: &std::path::Path, docs: &HashSet<&str>) -> Option<PathBuf> {
    let out = dir.join("docs.jsonl");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&out).unwrap());
    for file in ["corpus/guardian_sdf.jsonl", "corpus/ieer1998.jsonl", "corpus/reuters21578.jsonl", "corpus/sotu.jsonl"]
    {
        let path = shared(file)?;
        for line in std::io::BufReader::new(std::fs::File::open(path).unwrap()).lines() {
            let line = line.unwrap();
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            if v["id"].as_str().is_some_and(|id| docs.contains(id)) {
                writeln!(w, "{line}").unwrap();
            }
        }
    }
    w.flush().unwrap();
    Some(out)
}

/// `dyad export` of the store `db` in every format into `dir`: `e.tsv`
/// (GDELT), `e.jsonl` (PLOVER), `e.parquet` (and `e.mentions.parquet`),
/// `e.graphml`, `e.csv` and `all.jsonl`.
pub(crate) fn export_all(db: &str, dir: &std::path::Path) {
    for (format, file) in [
        ("gdelt", "e.tsv"),
        ("plover", "e.jsonl"),
        ("parquet", "e.parquet"),
        ("graphml", "e.graphml"),
        ("csv", "e.csv"),
        ("jsonl", "all.jsonl"),
    ] {
        let out = dir.join(file).display().to_string();
        let out = dyad(&["export", "--db", db, "--format", format, "--out", &out], None, &[]);
        assert_eq!(out.status, 0, "{format}: {}", out.stderr);
    }
}
