//! The README works as written: every shell example in `README.md` is
//! extracted from the file (so the README cannot drift from the binary) and
//! run, in order, against the `dyad` this test built, from a copy of the
//! repository's layout, and must exit 0.
//!
//! A block can opt out only with a marker on the line before its fence,
//! `<!-- no-test: why -->` (set-up steps that build or serve for minutes,
//! commands that rewrite files of the repository); the test checks that the
//! opt-outs are few and give a reason. Commands naming `../shared` run when
//! the reference data is there and are skipped (visibly) when it is not.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A shell command from the README, with the line it starts on.
#[derive(Debug)]
struct Example {
    line: usize,
    command: String,
}

/// What the README holds: the commands to run, and the reasons given for
/// the blocks left out.
#[derive(Debug, Default)]
struct Examples {
    run: Vec<Example>,
    skipped: Vec<(usize, String)>,
    /// Blocks marked `no-test`.
    skipped_blocks: usize,
}

/// Extracts the examples: every line of a ```sh block (comments and blank
/// lines aside, `\` continuations joined), and every `$ ` line of another
/// block (a transcript: the command, not its output).
fn extract(readme: &str) -> Examples {
    let mut out = Examples::default();
    let mut lines = readme.lines().enumerate();
    let mut marker: Option<String> = None;
    while let Some((_, line)) = lines.next() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("<!-- no-test") {
            let reason = rest.trim_start_matches(':').trim_end_matches("-->").trim();
            marker = Some(reason.to_string());
            continue;
        }
        let Some(lang) = trimmed.strip_prefix("```") else {
            if !trimmed.is_empty() {
                marker = None;
            }
            continue;
        };
        let shell = lang == "sh" || lang == "bash";
        let skip = marker.take();
        out.skipped_blocks += usize::from(skip.is_some());
        let mut pending: Option<Example> = None;
        for (m, body) in lines.by_ref() {
            if body.trim_start().starts_with("```") {
                break;
            }
            let command = if let Some(p) = pending.as_mut() {
                p.command.push('\n');
                p.command.push_str(body);
                None
            } else if shell && !body.trim().is_empty() && !body.trim_start().starts_with('#') {
                Some(body.to_string())
            } else {
                body.strip_prefix("$ ").map(str::to_string)
            };
            if let Some(c) = command {
                pending = Some(Example { line: m + 1, command: c });
            }
            if pending.as_ref().is_some_and(|p| !p.command.trim_end().ends_with('\\')) {
                let p = pending.take().unwrap();
                match &skip {
                    Some(reason) => out.skipped.push((p.line, reason.clone())),
                    None => out.run.push(p),
                }
            }
        }
    }
    out
}

/// A directory that looks like the repository (its top-level entries
/// linked, `target` and `.git` left out) beside a link to the reference
/// data, so `examples/…` and `../shared/…` resolve as in the README while
/// the files the examples write stay in the temporary directory.
fn workspace(root: &Path, into: &Path) -> PathBuf {
    let repo = into.join("repo");
    std::fs::create_dir(&repo).unwrap();
    for e in std::fs::read_dir(root).unwrap() {
        let e = e.unwrap();
        let name = e.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        std::os::unix::fs::symlink(e.path(), repo.join(&name)).unwrap();
    }
    if let Some(shared) = std::env::var_os("DYAD_SHARED")
        .map(PathBuf::from)
        .or_else(|| Some(root.join("../shared")).filter(|p| p.exists()))
    {
        std::os::unix::fs::symlink(shared, into.join("shared")).unwrap();
    }
    repo
}

#[test]
fn the_readme_examples_are_found_and_the_opt_outs_are_few() {
    let readme = include_str!("../../../../README.md");
    let ex = extract(readme);
    assert!(ex.run.len() >= 30, "{} examples found: {:?}", ex.run.len(), ex.run);
    assert!(ex.skipped_blocks <= 9, "too many README blocks opt out of this test: {:?}", ex.skipped);
    assert!(ex.skipped.iter().all(|(_, r)| !r.is_empty()), "an opt-out without a reason: {:?}", ex.skipped);
    // The extraction itself: a transcript's command and a continued line.
    let t = extract("```\n$ echo a \\\n    | cat\nout\n```\n<!-- no-test: slow -->\n```sh\nsleep 9\n```\n");
    assert_eq!(t.run.len(), 1);
    assert_eq!(t.run[0].command, "echo a \\\n    | cat");
    assert_eq!(t.skipped, [(8, "slow".to_string())]);
}

#[test]
fn every_readme_example_runs_as_written() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let ex = extract(&readme);
    let dir = tempfile::tempdir().unwrap();
    let repo = workspace(&root, dir.path());
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_dyad"));
    let path = format!("{}:{}", bin.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let mut failures = Vec::new();
    let mut ran = 0;
    for e in &ex.run {
        if e.command.contains("../shared") && !dir.path().join("shared").exists() {
            crate::util::skip(&format!("README.md:{}: needs ../shared: {}", e.line, e.command));
            continue;
        }
        let out = Command::new("bash")
            .args(["-o", "pipefail", "-c", &e.command])
            .current_dir(&repo)
            .env("PATH", &path)
            .env_remove("DYAD_DB")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        ran += 1;
        if !out.status.success() {
            failures.push(format!(
                "README.md:{}: `{}` exited {:?}\n{}",
                e.line,
                e.command,
                out.status.code(),
                tail(&String::from_utf8_lossy(&out.stderr), 8)
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {ran} README examples failed:\n{}", failures.len(), failures.join("\n\n"));
}

/// The last `n` lines of `text`.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
