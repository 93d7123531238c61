//! Training experiments: trains on the EWT and GUM train splits as
//! `dyad train-syntax` does and scores the dev splits (never the test
//! splits, which are for the reported figures only):
//!
//! ```text
//! cargo run --release -p dyad-syntax --example experiment -- TREEBANK_DIR [OUT.model]
//! ```
//!
//! Options from the environment (defaults: `TrainOptions::default()`):
//! `SEED`, `TAGGER_IT`, `PARSER_IT`, `FOLDS`, `EXPLORE`, `TAGGER_PRUNE`,
//! `PARSER_PRUNE`. `PARSER_IT=0 FOLDS=1` trains the tagger alone (about a
//! minute) for tagger experiments.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "an experiment's report"
)]

use std::time::Instant;

use dyad_syntax::{conllu, eval, train, Model, TrainOptions};

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

fn read(path: &str) -> Vec<conllu::Sentence> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    conllu::read(&text).0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let tb = args.get(1).map_or("../shared/treebank", String::as_str);
    let d = TrainOptions::default();
    let opts = TrainOptions {
        seed: env("SEED", d.seed),
        tagger_iterations: env("TAGGER_IT", d.tagger_iterations),
        parser_iterations: env("PARSER_IT", d.parser_iterations),
        folds: env("FOLDS", d.folds),
        explore: env("EXPLORE", d.explore),
        tagger_prune: env("TAGGER_PRUNE", d.tagger_prune),
        parser_prune: env("PARSER_PRUNE", d.parser_prune),
        about: "experiment".into(),
    };
    let mut sents = read(&format!("{tb}/en_ewt/en_ewt-ud-train.conllu"));
    sents.extend(read(&format!("{tb}/en_gum/en_gum-ud-train.conllu")));
    let t = Instant::now();
    let model = train::train(&sents, &opts, &mut |stage| eprintln!("{:>5.0} s {stage}", t.elapsed().as_secs_f64()));
    let bytes = model.to_bytes();
    eprintln!("trained in {:.0} s, {} bytes, sizes {:?}", t.elapsed().as_secs_f64(), bytes.len(), model.sizes());
    if let Some(out) = args.get(2) {
        std::fs::write(out, &bytes).expect("writes the model");
    }
    let model = Model::from_bytes(&bytes).expect("reads back");
    for dev in ["en_ewt/en_ewt-ud-dev", "en_gum/en_gum-ud-dev"] {
        let sc = eval::evaluate(&model, &read(&format!("{tb}/{dev}.conllu")));
        println!(
            "{dev}: XPOS {:.2} UAS {:.2} LAS {:.2} nsubj {:.3} obj {:.3}",
            sc.tag_accuracy(),
            sc.uas(),
            sc.las(),
            sc.f1("nsubj"),
            sc.f1("obj")
        );
    }
}
