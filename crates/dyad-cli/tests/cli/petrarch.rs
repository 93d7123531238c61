//! PETRARCH/TABARI dictionaries coded as written (`--dict-format petrarch`),
//! their import into dyad's syntax (`convention: petrarch`, read by
//! `--dict`), and the PETRARCH unit-test suite.

use std::path::Path;

use crate::util::{dyad, fixture, mentions};

/// (source, event code, target) of each coded event, in order.
fn triples(stdout: &str) -> Vec<(String, String, String)> {
    mentions(stdout)
        .iter()
        .map(|m| {
            let code =
                |side: &str| m[side].get(0).map_or("---".to_string(), |a| a["code"].as_str().unwrap().to_string());
            (code("source"), m["cameo"].as_str().unwrap().to_string(), code("target"))
        })
        .collect()
}

fn code(dict: &str, date: &str, text: &str) -> (Vec<(String, String, String)>, String) {
    let out = dyad(&["code", "--dict-format", "petrarch", "--dict", dict, "--date", date, "-"], Some(text), &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    (triples(&out.stdout), out.stderr)
}

fn t(s: &str, c: &str, o: &str) -> (String, String, String) {
    (s.to_string(), c.to_string(), o.to_string())
}

#[test]
fn petrarch_dictionaries_code_with_petrarch_semantics() {
    let dict = fixture("tests/fixtures/petrarch");
    // A pattern with a synonym set and a target slot; a malformed actor
    // line is reported with file:line and the rest loads.
    let (got, stderr) = code(&dict, "2012-05-01", "Northland blockaded the harbours of Southmark.");
    assert_eq!(got, [t("NLD", "191", "SMK")]);
    assert!(stderr.contains("test.actors.txt:9: bad date restriction `[X Y]`"), "{stderr}");
    // Words before the verb (`- SAID * [010]`) and dated roles.
    let (got, _) = code(&dict, "2012-05-01", "Aldo Vance said he would blockade Southmark.");
    assert_eq!(got, [t("NLDGOV", "010", "SMK")]);
    let (got, _) = code(&dict, "2017-05-01", "Aldo Vance said he would blockade Southmark.");
    assert_eq!(got, [t("NLDELI", "010", "SMK")]);
    // Agents join the actor they describe; `!SUBST!` sets expand.
    let (got, _) = code(&dict, "2012-05-01", "The Northland harbour ministry condemned Southmark.");
    assert_eq!(got, [t("NLDGOV", "122", "SMK")]);
    let (got, _) = code(&dict, "2012-05-01", "Coast guards from Southmark condemned Northland.");
    assert_eq!(got, [t("SMKMIL", "122", "NLD")]);
    // Paired codes code both directions; `%` codes every pair of a compound.
    let (got, _) = code(&dict, "2012-05-01", "Northland met Southmark.");
    assert_eq!(got, [t("NLD", "031", "SMK"), t("SMK", "031", "NLD")]);
    let (got, _) = code(&dict, "2012-05-01", "Northland and Southmark met on Monday.");
    assert_eq!(got, [t("NLD", "030", "SMK"), t("SMK", "030", "NLD")]);
    // Discards: a story discard or a sentence discard codes nothing.
    let (got, _) = code(&dict, "2012-05-01", "Northland condemned Southmark after the football match.");
    assert!(got.is_empty(), "{got:?}");
    let (got, _) = code(&dict, "2012-05-01", "Northland condemned Southmark at the regatta.");
    assert!(got.is_empty(), "{got:?}");
    // PETRARCH's comma rule drops a short clause: the target is not in it.
    let (got, _) = code(&dict, "2012-05-01", "Northland, a rival of Southmark, condemned the decision.");
    assert!(got.is_empty(), "no dyad once the clause is dropped: {got:?}");
}

#[test]
fn dict_format_petrarch_needs_petrarch_files() {
    let empty = tempfile::tempdir().unwrap();
    let out =
        dyad(&["code", "--dict-format", "petrarch", "--dict", empty.path().to_str().unwrap(), "-"], Some("x"), &[]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("no PETRARCH dictionary files"), "{}", out.stderr);
    let stats =
        dyad(&["dict", "stats", "--dict-format", "petrarch", "--dict", &fixture("tests/fixtures/petrarch")], None, &[]);
    assert_eq!(stats.status, 0, "{}", stats.stderr);
    for line in ["files            4", "actors           4", "verb families    3", "problems         1", "load ms"] {
        assert!(stats.stdout.contains(line), "{line}:\n{}", stats.stdout);
    }
}

/// `dict import` writes dyad's block syntax under `convention: petrarch`;
/// `--dict` reads it into the same PETRARCH-convention coder, so every
/// sentence codes as from the PETRARCH files themselves.
#[test]
fn an_import_codes_through_dict_exactly_as_the_originals() {
    let dict = fixture("tests/fixtures/petrarch");
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().to_str().unwrap();
    let r = dyad(&["dict", "import", "--from", "petrarch", &dict, "--out", out], None, &[]);
    assert_eq!(r.status, 0, "an import with skipped lines did its job: {}", r.stderr);
    assert!(r.stderr.contains("test.actors.txt:9: bad date restriction `[X Y]`"), "{}", r.stderr);
    let verbs = std::fs::read_to_string(out_dir.path().join("verbs.petrarch.txt")).unwrap();
    assert!(verbs.starts_with("convention: petrarch\n"), "{verbs}");
    // Words before the verb, a synonym set, a paired code.
    assert!(verbs.contains("pattern: said ~ * = 010\n"), "{verbs}");
    assert!(verbs.contains("pattern: % ~ * = 030:030\n"), "{verbs}");
    let check = dyad(&["dict", "check", "--dict", out], None, &[]);
    assert_eq!(check.status, 0, "imported files load cleanly: {}", check.stderr);
    // `dict stats` counts the same dictionaries from both.
    let counts = |args: &[&str]| {
        let o = dyad(args, None, &[]);
        assert_eq!(o.status, 0, "{}", o.stderr);
        o.stdout
            .lines()
            .filter(|l| !l.starts_with("files") && !l.contains(" ms "))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let imported = counts(&["dict", "stats", "--dict", out]);
    assert!(imported.iter().any(|l| l.starts_with("verb patterns")), "{imported:?}");
    let original = counts(&["dict", "stats", "--dict-format", "petrarch", "--dict", &dict]);
    assert_eq!(
        imported.iter().filter(|l| !l.starts_with("problems")).collect::<Vec<_>>(),
        original.iter().filter(|l| !l.starts_with("problems")).collect::<Vec<_>>()
    );
    let texts = [
        "Northland blockaded the harbours of Southmark.",
        "Aldo Vance said he would blockade Southmark.",
        "The Northland harbour ministry condemned Southmark.",
        "Northland and Southmark met on Monday.",
        "Coast guards from Southmark condemned Northland.",
    ];
    for text in texts {
        for date in ["2012-05-01", "2017-05-01"] {
            let (direct, _) = code(&dict, date, text);
            let o = dyad(&["code", "--dict", out, "--no-builtin-dict", "--date", date, "-"], Some(text), &[]);
            assert_eq!(o.status, 0, "{}", o.stderr);
            assert!(!direct.is_empty(), "{text}");
            assert_eq!(direct, triples(&o.stdout), "{text} on {date}");
            assert!(!o.stderr.contains("warning"), "imported files load cleanly: {}", o.stderr);
        }
    }
    // Layered over dyad's own dictionaries, the mentions carry what dyad's
    // per-sentence analysis reads: here the modality of a report.
    let o = dyad(
        &["code", "--dict", out, "--date", "2012-05-01", "-"],
        Some("Aldo Vance said he would blockade Southmark."),
        &[],
    );
    let ms = mentions(&o.stdout);
    assert_eq!(ms.len(), 1, "{}", o.stdout);
    assert_ne!(ms[0]["modality"], "asserted", "{}", o.stdout);
}

/// The import keeps everything PETRARCH's own loader reads: of the
/// `PETR.Validate` dictionaries it skips only the two malformed lines, each
/// named with file:line.
#[test]
fn an_import_skips_only_the_lines_petrarch_cannot_read() {
    let Some(shared) = crate::util::shared("petrarch2") else { return };
    let src = tempfile::tempdir().unwrap();
    validate_dictionaries(&shared, src.path());
    let out_dir = tempfile::tempdir().unwrap();
    let (s, o) = (src.path().to_str().unwrap(), out_dir.path().to_str().unwrap());
    let r = dyad(&["dict", "import", "--from", "petrarch", s, "--out", o], None, &[]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stderr.contains("PETR.Validate.actors.txt:112: bad code block `[+++]`"), "{}", r.stderr);
    assert!(r.stderr.contains("PETR.Validate.verbs.txt:992: pattern `* DIPLXMATIC`"), "{}", r.stderr);
    assert!(r.stderr.contains("2 line(s) skipped"), "{}", r.stderr);
    assert!(r.stderr.contains("473 patterns"), "{}", r.stderr);
}

/// The four `PETR.Validate.*` dictionaries, linked into a directory of their own.
fn validate_dictionaries(shared: &Path, into: &Path) {
    for kind in ["actors", "agents", "discards", "verbs"] {
        let name = format!("PETR.Validate.{kind}.txt");
        std::fs::copy(shared.join(&name), into.join(&name)).unwrap();
    }
}

#[test]
fn the_unit_test_suite_codes_the_same_from_the_import_through_dict() {
    let Some(shared) = crate::util::shared("petrarch2") else { return };
    let suite = shared.join("PETR.UnitTest.records.xml");
    let src = tempfile::tempdir().unwrap();
    validate_dictionaries(&shared, src.path());
    let out_dir = tempfile::tempdir().unwrap();
    let r = dyad(
        &[
            "dict",
            "import",
            "--from",
            "petrarch",
            src.path().to_str().unwrap(),
            "--out",
            out_dir.path().to_str().unwrap(),
        ],
        None,
        &[],
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    let suite = suite.to_str().unwrap();
    let direct = dyad(&["validate", "--verbose", suite], None, &[]);
    // The import layered the way a user layers dyad-format files.
    let imported = dyad(
        &["validate", "--verbose", "--dict", out_dir.path().to_str().unwrap(), "--no-builtin-dict", suite],
        None,
        &[],
    );
    assert_eq!(direct.status, 0, "{}", direct.stderr);
    assert_eq!(imported.status, 0, "{}", imported.stderr);
    assert!(direct.stdout.contains("PASS DEMO-01"), "{}", direct.stdout);
    assert_eq!(direct.stdout, imported.stdout, "every record codes the same");
}

#[test]
fn a_petrarch_config_file_sets_the_switches() {
    let dict = fixture("tests/fixtures/petrarch");
    let dir = tempfile::tempdir().unwrap();
    let text = "Northland condemned the plan, a Southmark minister said.";
    let run = |ini: &str| {
        let path = dir.path().join("PETR_config.ini");
        std::fs::write(&path, ini).unwrap();
        let args =
            ["code", "--dict-format", "petrarch", "--dict", &dict, "--petrarch-config", path.to_str().unwrap(), "-"];
        dyad(&args, Some(text), &[])
    };
    // PETRARCH's defaults: the attribution clause is dropped and the verb has no target.
    let out = run("[Options]\nrequire_dyad = True\ncomma_emax = 8\n");
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(triples(&out.stdout).is_empty(), "{}", out.stdout);
    let out = run("[Dictionaries]\nverbfile_name = x\n[Options]\nrequire_dyad = False # keep one-sided events\n");
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(triples(&out.stdout), [t("NLD", "122", "---")]);
    // The clause kept (`said` is no verb in these dictionaries): Southmark is the target.
    let out = run("[Options]\ncomma_emax = 0\n");
    assert_eq!(triples(&out.stdout), [t("NLD", "122", "SMK")]);
    let out = run("[Options]\ncomma_max = lots\n");
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("PETR_config.ini:2: `comma_max` wants a number, not `lots`"), "{}", out.stderr);
}

/// Issue 14: importing the shipped PETRARCH and Phoenix dictionaries
/// printed a warning line each and exited 1 though the import worked. It
/// exits 0 with a summary by kind (a count and at most three examples of
/// each); `--verbose` lists every line the summary counts.
#[test]
fn issue_14_a_whole_petrarch_import_is_summarised_and_exits_0() {
    let Some(shared) = crate::util::shared("petrarch2") else { return };
    let out_dir = tempfile::tempdir().unwrap();
    let (s, o) = (shared.to_str().unwrap(), out_dir.path().to_str().unwrap());
    let r = dyad(&["dict", "import", "--from", "petrarch", s, "--out", o], None, &[]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let summary = r.stderr.lines().find(|l| l.contains("line(s) skipped")).unwrap_or_else(|| panic!("{}", r.stderr));
    let words: Vec<&str> = summary.split_whitespace().collect();
    let (skipped, kinds): (usize, usize) = (words[1].parse().unwrap(), words[4].parse().unwrap());
    assert!(skipped > 0 && kinds > 1, "{summary}");
    let examples = r.stderr.lines().filter(|l| l.trim_start_matches("dyad:").trim_start().starts_with("e.g. ")).count();
    assert!(examples <= 3 * kinds && examples < skipped, "{}", r.stderr);
    assert!(!r.stderr.contains("warning:"), "one line per warning without --verbose:\n{}", r.stderr);
    assert!(r.stderr.contains("--verbose lists every line"), "{}", r.stderr);
    let all = dyad(&["dict", "import", "--verbose", "--from", "petrarch", s, "--out", o], None, &[]);
    assert_eq!(all.status, 0, "{}", all.stderr);
    assert_eq!(all.stderr.matches("warning:").count(), skipped, "--verbose lists every skipped line");
}
