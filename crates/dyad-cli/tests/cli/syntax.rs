//! `dyad parse` and `dyad train-syntax`: CoNLL-U out, scores against gold
//! trees, reproducible training.

use crate::util::{dyad, shared};

const GOLD: &str = "# sent_id = t-1\n# text = Iran sent tankers to Venezuela.\n\
1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
2\tsent\tsend\tVERB\tVBD\t_\t0\troot\t_\t_\n\
3\ttankers\ttanker\tNOUN\tNNS\t_\t2\tobj\t_\t_\n\
4\tto\tto\tADP\tIN\t_\t5\tcase\t_\t_\n\
5\tVenezuela\tVenezuela\tPROPN\tNNP\t_\t2\tobl\t_\tSpaceAfter=No\n\
6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

#[test]
fn parse_writes_conllu_that_reads_back() {
    let out =
        dyad(&["parse", "-"], Some("Iran sent five tankers to Venezuela. The ships were seized by US forces."), &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let sents: Vec<&str> = out.stdout.split("\n\n").filter(|s| !s.trim().is_empty()).collect();
    assert_eq!(sents.len(), 2, "{}", out.stdout);
    assert!(
        sents[0].starts_with("# sent_id = stdin-0\n# text = Iran sent five tankers to Venezuela.\n"),
        "{}",
        sents[0]
    );
    let rows: Vec<Vec<&str>> =
        sents[0].lines().filter(|l| !l.starts_with('#')).map(|l| l.split('\t').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 10), "{}", sents[0]);
    assert_eq!(rows[1][..5], ["2", "sent", "send", "VERB", "VBD"]);
    assert_eq!((rows[0][6], rows[0][7]), ("2", "nsubj"));
    // The output is valid input for --conllu and --eval.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.conllu");
    std::fs::write(&path, &out.stdout).unwrap();
    let again = dyad(&["parse", "--conllu", path.to_str().unwrap()], None, &[]);
    assert_eq!(again.status, 0, "{}", again.stderr);
    assert_eq!(again.stdout, out.stdout, "re-parsing its own output changes nothing");
    let ev = dyad(&["parse", "--eval", path.to_str().unwrap()], None, &[]);
    assert_eq!(ev.status, 0, "{}", ev.stderr);
    assert!(ev.stdout.contains("XPOS 100.00 %, UAS 100.00, LAS 100.00"), "{}", ev.stdout);
}

#[test]
fn eval_scores_a_gold_file_and_reports_malformed_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.conllu");
    std::fs::write(&path, format!("{GOLD}1\tBroken\tline\n\n{GOLD}")).unwrap();
    let p = path.to_str().unwrap();
    let ev = dyad(&["parse", "--eval", p, "--per-relation"], None, &[]);
    assert_eq!(ev.status, 1, "a malformed sentence is a rejected record: {}", ev.stderr);
    assert!(ev.stderr.contains(&format!("{p}:10:")), "names file and line: {}", ev.stderr);
    let last = ev.stdout.lines().last().unwrap();
    assert!(last.contains("2 sentences, 12 words: XPOS"), "{last}");
    assert!(ev.stdout.contains("nsubj\t2\t"), "{}", ev.stdout);
    let missing = dyad(&["parse", "--eval", "no/such.conllu"], None, &[]);
    assert_eq!(missing.status, 2);
    assert!(missing.stderr.contains("no/such.conllu"), "{}", missing.stderr);
}

#[test]
fn training_is_reproducible_on_a_slice_of_the_treebanks() {
    let Some(tb) = shared("treebank") else { return };
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str| -> Vec<u8> {
        let out = dir.path().join(name);
        let r = dyad(
            &[
                "train-syntax",
                "--treebank",
                tb.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--limit",
                "60",
                "--tagger-iterations",
                "2",
                "--parser-iterations",
                "2",
                "--folds",
                "2",
            ],
            None,
            &[],
        );
        assert_eq!(r.status, 0, "{}", r.stderr);
        std::fs::read(out).unwrap()
    };
    let (a, b) = (run("a.model"), run("b.model"));
    assert!(a.len() > 1000);
    assert_eq!(a, b, "same treebank slice and seed, same bytes");
    // And the model it wrote parses.
    let dir2 = tempfile::tempdir().unwrap();
    let gold = dir2.path().join("g.conllu");
    std::fs::write(&gold, GOLD).unwrap();
    let m = dir.path().join("a.model");
    let ev = dyad(&["parse", "--model", m.to_str().unwrap(), "--eval", gold.to_str().unwrap()], None, &[]);
    assert_eq!(ev.status, 0, "{}", ev.stderr);
}
