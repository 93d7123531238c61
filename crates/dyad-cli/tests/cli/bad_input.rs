//! Bad input never crashes and never loses data.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::util::{dyad, mentions};

#[test]
fn malformed_jsonl_lines_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.jsonl");
    let mut f = std::fs::File::create(&path).unwrap();
    writeln!(f, r#"{{"id":"ok1","text":"Iran sent fuel to Venezuela."}}"#).unwrap();
    writeln!(f, r#"{{"id":"broken","text":"unterminated"#).unwrap();
    writeln!(f, r#"{{"id":"notext"}}"#).unwrap();
    writeln!(f, r#"{{"id":"ok2","text":"The United States imposed sanctions on Venezuela."}}"#).unwrap();
    drop(f);
    let p = path.to_str().unwrap();
    let out = dyad(&["code"], None, &[p]);
    assert_eq!(out.status, 1, "rejected records make the exit status non-zero");
    assert!(out.stderr.contains(&format!("{p}:2")), "{}", out.stderr);
    assert!(out.stderr.contains(&format!("{p}:3")), "{}", out.stderr);
    assert!(out.stderr.contains("2 documents"), "{}", out.stderr);
    assert!(out.stderr.contains("2 rejected"), "{}", out.stderr);
    let ids: Vec<String> = mentions(&out.stdout).iter().map(|m| m["doc_id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, ["ok1", "ok2"]);
}

#[test]
fn invalid_utf8_is_decoded_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.txt");
    std::fs::write(&path, b"Caf\xe9 talk. Iran sent fuel to Venezuela.\n").unwrap();
    let out = dyad(&["code"], None, &[path.to_str().unwrap()]);
    assert_eq!(out.status, 0, "a warning alone is not a rejection: {}", out.stderr);
    assert!(out.stderr.contains("invalid UTF-8"), "{}", out.stderr);
    assert_eq!(mentions(&out.stdout).len(), 1, "{}", out.stdout);
}

#[test]
fn a_missing_file_is_reported_and_the_rest_processed() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "Iran sent fuel to Venezuela.\n").unwrap();
    let out = dyad(&["code"], None, &["/nonexistent/missing.txt", good.to_str().unwrap()]);
    assert_eq!(out.status, 1);
    assert!(out.stderr.contains("/nonexistent/missing.txt"), "{}", out.stderr);
    assert_eq!(mentions(&out.stdout).len(), 1);
    assert!(out.stderr.contains("1 documents"), "{}", out.stderr);
}

#[test]
fn an_empty_document_is_skipped_with_a_note_and_binary_input_rejected() {
    // An empty file among others is skipped with a note (an empty standard
    // input is an error: see `an_empty_standard_input_is_an_error`).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Iran sent fuel to Venezuela.\n").unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let out = dyad(&["code", dir.path().to_str().unwrap()], None, &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stderr.contains("empty.txt: empty document; skipped"), "{}", out.stderr);
    assert_eq!(mentions(&out.stdout).len(), 1, "{}", out.stdout);
    // Issue 13: binary content was coded (and stored) as text.
    let out = dyad(&["code", "--input", "text", "-"], Some("\u{0}\u{1}\u{2}\u{fffd}<<>>\n\n\n..."), &[]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains("binary content (a NUL byte at byte 0)"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
}

/// A flood of bad lines: the first ten are printed as they come, the rest
/// counted in a summary by kind, and the exit status says inputs were
/// rejected; `ingest --verbose` prints every line.
#[test]
fn a_flood_of_bad_lines_is_summarised_by_kind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flood.jsonl");
    let mut text = String::from("{\"id\":\"ok\",\"text\":\"Iran sent fuel to Venezuela.\"}\n");
    for _ in 0..25 {
        text.push_str("{\"id\":\"x\",\"text\":\n");
    }
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap();
    let out = dyad(&["code"], None, &[p]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    let lines = |e: &str| e.lines().filter(|l| l.starts_with("dyad: warning:")).count();
    assert_eq!(lines(&out.stderr), 10, "{}", out.stderr);
    assert!(out.stderr.contains("25 warnings and rejected inputs, 1 kind(s):"), "{}", out.stderr);
    assert!(out.stderr.contains("--verbose lists every line"), "{}", out.stderr);
    assert_eq!(mentions(&out.stdout).len(), 1);
    let db = dir.path().join("t.db");
    let out = dyad(&["ingest", "--quiet", "--verbose", "--db", db.to_str().unwrap(), p], None, &[]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert_eq!(lines(&out.stderr), 25, "{}", out.stderr);
}

/// `cat missing.txt | dyad code -`: `cat` fails, and dyad must not code
/// the empty standard input as a document and exit 0.
#[test]
fn an_empty_standard_input_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    for args in [&["code", "-"][..], &["code", "--input", "jsonl", "-"], &["ingest", "--db", db, "-"]] {
        let out = dyad(args, Some(""), &[]);
        assert_eq!(out.status, 1, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("standard input is empty"), "{}", out.stderr);
        assert!(out.stdout.is_empty(), "{}", out.stdout);
    }
}

/// `dyad code docs/` skips the pictures in the folder with a warning (exit
/// 0); a picture named on the command line is rejected (exit 1).
#[test]
fn pictures_are_not_coded_as_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Iran sent fuel to Venezuela.\n").unwrap();
    std::fs::write(dir.path().join("shot.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let d = dir.path().to_str().unwrap();
    let out = dyad(&["code", d], None, &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stderr.contains("shot.png: a PNG image, not a text document; skipped"), "{}", out.stderr);
    assert_eq!(mentions(&out.stdout).len(), 1, "{}", out.stdout);
    assert!(out.stderr.contains("1 documents"), "{}", out.stderr);
    let png = dir.path().join("shot.png");
    let out = dyad(&["code", png.to_str().unwrap()], None, &[]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains("not a text document (rejected)"), "{}", out.stderr);
}

#[test]
fn issue_13_binary_empty_and_oversized_documents_are_named_and_the_rest_coded() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("a-good.txt", b"Iran sent fuel to Venezuela.\n");
    write("b-empty.txt", b"  \n\n");
    // Random bytes (a seeded generator): mostly invalid UTF-8.
    let mut x = 0x9e37_79b9_7f4a_7c15_u64;
    let noise: Vec<u8> = (0..800)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8 | 0x80
        })
        .collect();
    write("c-noise.bin", &noise);
    write("d-big.txt", "Iran sent fuel to Venezuela. ".repeat(100).as_bytes());
    let d = dir.path().to_str().unwrap();
    let out = dyad(&["code", "--max-doc-size", "1k"], None, &[d]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains("b-empty.txt: empty document; skipped"), "{}", out.stderr);
    assert!(out.stderr.contains("c-noise.bin: binary content ("), "{}", out.stderr);
    assert!(
        out.stderr.contains("d-big.txt: document larger than the maximum of 1000 bytes (--max-doc-size); skipped"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("2 rejected"), "{}", out.stderr);
    let ids: Vec<String> = mentions(&out.stdout).iter().map(|m| m["doc_id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, ["a-good"]);
    // The same into a store: nothing but the good document is stored.
    let db = dir.path().join("s.db");
    let out = dyad(&["ingest", "-q", "--max-doc-size", "1k", "--db", db.to_str().unwrap()], None, &[d]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains("1 documents read: 1 new"), "{}", out.stderr);
    // Standard input over the limit: rejected, not read whole.
    let out = dyad(&["code", "--max-doc-size", "1k", "-"], Some(&"x".repeat(5000)), &[]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains("<stdin>: document larger than the maximum"), "{}", out.stderr);
}

/// Issue 13: a file with a NUL byte found in a directory walk was skipped
/// as "binary data" by the picture sniffing, while the same bytes named on
/// the command line or on standard input were rejected as binary content.
/// Now every path gives one message and one status: the file named, the
/// rest coded, counted as rejected, exit 1.
#[test]
fn issue_13_a_nul_byte_is_binary_content_whether_named_or_found_in_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("good.txt", b"Iran sent fuel to Venezuela.\n");
    write("nul.txt", b"Iran sent fuel\x00 to Venezuela.\n");
    write("shot.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let d = dir.path().to_str().unwrap();
    let said = "nul.txt: binary content (a NUL byte at byte 14); not a text document (rejected)";
    let out = dyad(&["code", d], None, &[]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains(said), "{}", out.stderr);
    assert!(out.stderr.contains("1 rejected"), "{}", out.stderr);
    // A picture in a folder of articles is still only skipped.
    assert!(out.stderr.contains("shot.png: a PNG image, not a text document; skipped"), "{}", out.stderr);
    let ids: Vec<String> = mentions(&out.stdout).iter().map(|m| m["doc_id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, ["good"]);
    // Named, the same line and status.
    let nul = dir.path().join("nul.txt");
    let out = dyad(&["code", nul.to_str().unwrap()], None, &[]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains(said), "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    // Into a store: the good document stored, the NUL file rejected by
    // name; the store's own files, in the same folder, are not read.
    let db = dir.path().join("s.db");
    let out = dyad(&["ingest", "-q", "--db", db.to_str().unwrap(), d], None, &[]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains(said), "{}", out.stderr);
    assert!(out.stderr.contains("1 documents read: 1 new"), "{}", out.stderr);
    assert!(out.stderr.contains("; 1 rejected"), "{}", out.stderr);
    let again = dyad(&["ingest", "-q", "--db", db.to_str().unwrap(), d], None, &[]);
    assert_eq!(again.status, 1, "{}", again.stderr);
    assert!(again.stderr.contains("1 documents read: 0 new, 1 already stored"), "{}", again.stderr);
    assert!(again.stderr.contains("; 1 rejected"), "{}", again.stderr);
    assert!(!again.stderr.lines().any(|l| l.contains("warning") && l.contains("s.db")), "{}", again.stderr);
}

#[test]
fn issue_13_a_fifo_in_a_directory_is_skipped_and_a_named_fifo_streams() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), "Iran sent fuel to Venezuela.\n").unwrap();
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipping: mkfifo is not available");
        return;
    }
    // Before, the walk opened the FIFO and waited for a writer forever.
    let out = dyad(&["code"], None, &[dir.path().to_str().unwrap()]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stderr.contains("pipe: a FIFO, not a regular file; skipped"), "{}", out.stderr);
    assert_eq!(mentions(&out.stdout).len(), 1);
    // Named on the command line, it is read as a stream.
    let writer = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::write(fifo, "The United States imposed sanctions on Iran.\n").unwrap()
    });
    let out = dyad(&["code"], None, &[fifo.to_str().unwrap()]);
    writer.join().unwrap();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(mentions(&out.stdout).len(), 1, "{}", out.stderr);
}

/// Peak resident memory of a running child, sampled from /proc.
fn sample_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_100_mb_document_with_no_newline_streams_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let filler = "and the quarterly figures were revised upward by the statistics office once again ";
        let event = "Iran sent fuel to Venezuela. ";
        let mut written = 0usize;
        let mut n = 0usize;
        while written < 100 * 1024 * 1024 {
            let chunk = if n.is_multiple_of(200) { event } else { filler };
            f.write_all(chunk.as_bytes()).unwrap();
            written += chunk.len();
            n += 1;
        }
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["code", "--format", "csv", "--max-doc-size", "200M", path.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap());
    let mut peak = 0;
    loop {
        if let Some(kib) = sample_rss_kib(pid) {
            peak = peak.max(kib);
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = reader.join().unwrap();
    assert!(child.wait().unwrap().success());
    let rows = out.lines().count() - 1;
    assert!(rows > 1000, "{rows} events");
    // The text itself is 100 MiB; the coder adds only bounded working memory.
    assert!(peak < 400 * 1024, "peak RSS {} MiB", peak / 1024);
}
