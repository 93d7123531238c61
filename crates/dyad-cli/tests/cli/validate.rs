//! `dyad validate` on PETRARCH-format records files.

use crate::util::{dyad, fixture};

#[test]
fn validate_reports_pass_fail_differences_and_a_table() {
    let records = fixture("tests/fixtures/validate/records.xml");
    let out = dyad(&["validate", "--verbose", &records], None, &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.contains("PASS DYAD-01 [VERB] IRN 071 VEN"), "{}", out.stdout);
    assert!(out.stdout.contains("PASS DYAD-02 [ACTOR] USA 163 VENBUS"), "{}", out.stdout);
    assert!(out.stdout.contains("PASS DYAD-03 [DEMO] (no events)"), "{}", out.stdout);
    // DYAD-04's gold is deliberately wrong (praise is 051, not 010).
    assert!(out.stdout.contains("FAIL DYAD-04 [DEMO] line 21"), "{}", out.stdout);
    assert!(out.stdout.contains("missing VEN 010 IRN"), "{}", out.stdout);
    assert!(out.stdout.contains("extra   VEN 051 IRN"), "{}", out.stdout);
    assert!(!out.stdout.contains("DYAD-05"), "inactive records are skipped: {}", out.stdout);
    assert!(out.stdout.contains("DEMO               2       1  50.0%"), "{}", out.stdout);
    assert!(out.stdout.trim_end().ends_with("3 passed, 1 failed"), "{}", out.stdout);

    let strict = dyad(&["validate", "--min-pass", "90", &records], None, &[]);
    assert_eq!(strict.status, 1, "below --min-pass exits 1");
}

#[test]
fn validate_rejects_malformed_xml_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.xml");
    std::fs::write(&bad, "<Sentences>\n<Sentence id='x' sentence='true'><Text>Iran</Sentences>\n").unwrap();
    let out = dyad(&["validate", bad.to_str().unwrap()], None, &[]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("bad.xml") && out.stderr.contains("line 2"), "{}", out.stderr);
}

#[test]
fn the_petrarch_unit_test_suite_passes_at_least_85_percent() {
    let Some(suite) = crate::util::shared("petrarch2/PETR.UnitTest.records.xml") else { return };
    // No --dict: the dictionaries the suite's <Environment> names, beside it,
    // coded with PETRARCH's semantics and the records' <Config> switches.
    let out = dyad(&["validate", "--min-pass", "85", suite.to_str().unwrap()], None, &[]);
    let last = out.stdout.lines().last().unwrap();
    let (passed, failed) = last.split_once(" passed, ").unwrap();
    let failed: usize = failed.trim_end_matches(" failed").parse().unwrap();
    let passed: usize = passed.parse().unwrap();
    assert_eq!(passed + failed, 279, "{last}");
    assert_eq!(out.status, 0, "below 85 %: {last}\n{}", out.stderr);
    assert!(passed * 100 >= 85 * 279, "{last}");
    // Every category is reported.
    for cat in ["ACTOR", "AGENT", "COMPOUND", "DATE", "DEMO", "ERROR", "MODIFY", "PARSING", "PATTERN", "SYNSET", "VERB"]
    {
        assert!(out.stdout.lines().any(|l| l.starts_with(cat)), "{cat} missing:\n{}", out.stdout);
    }
}

#[test]
fn petrarch_actors_agents_and_verbs_import_into_loadable_dyad_dictionaries() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().to_str().unwrap();
    let r =
        dyad(&["dict", "import", "--from", "petrarch", &fixture("tests/fixtures/petrarch"), "--out", out], None, &[]);
    // Lines it cannot express: summarised by kind with file:line examples;
    // the import did its job, so the exit status is 0.
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stderr.contains("line(s) skipped or read differently"), "{}", r.stderr);
    assert!(r.stderr.contains("--verbose lists every line"), "{}", r.stderr);
    assert!(r.stderr.contains("test.actors.txt:9: bad date restriction `[X Y]`"), "{}", r.stderr);
    assert!(r.stderr.contains("test.verbs.txt:8: pattern `SAID *`: words before the verb"), "{}", r.stderr);
    assert!(r.stderr.contains("3 file(s) written"), "{}", r.stderr);
    let check = dyad(&["dict", "check", "--dict", out], None, &[]);
    assert_eq!(check.status, 0, "imported files load cleanly: {}", check.stderr);

    let code = |text: &str, date: &str| {
        let o = dyad(&["code", "--dict", out, "--date", date, "-"], Some(text), &[]);
        assert_eq!(o.status, 0, "{}", o.stderr);
        crate::util::mentions(&o.stdout)
    };
    let ms = code("Northland condemned Southmark.", "2020-01-01");
    assert_eq!((ms[0]["source"][0]["code"].as_str(), ms[0]["target"][0]["code"].as_str()), (Some("NLD"), Some("SMK")));
    // The date restrictions became dated roles.
    let ms = code("Aldo Vance condemned Southmark.", "2012-05-01");
    assert_eq!(ms[0]["source"][0]["code"], "NLDGOV");
    let ms = code("Aldo Vance condemned Southmark.", "2018-05-01");
    assert_eq!(ms[0]["source"][0]["code"], "NLDELI");
    // Agents: substitution sets and plurals, combined with a state.
    let ms = code("The Northland harbour minister criticized Southmark.", "2020-01-01");
    assert_eq!(ms[0]["source"][0]["code"], "NLDGOV");
    let ms = code("Southmarkian coast guards seized a Northlander ship.", "2020-01-01");
    assert_eq!(ms[0]["source"][0]["code"], "SMKMIL", "{:?}", ms);
    // Verbs: a family's pattern with a synonym set and a target slot.
    let ms = code("Northland blockaded the ports of Southmark.", "2020-01-01");
    assert_eq!(ms.len(), 1, "{ms:?}");
    assert_eq!((ms[0]["cameo"].as_str(), ms[0]["target"][0]["code"].as_str()), (Some("191"), Some("SMK")));
}
