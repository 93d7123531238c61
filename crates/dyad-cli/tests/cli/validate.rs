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
