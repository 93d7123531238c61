//! Throughput of the tagger and parser on a CoNLL-U file, in CPU time, for
//! profiling and A/B comparisons on a shared machine:
//!
//! ```text
//! cargo run --release -p dyad-syntax --example speed -- FILE.conllu [SECONDS] [MODEL]
//! ```
//!
//! Repeats timed passes (tagging alone, then tagging and parsing) for about
//! SECONDS of CPU time and prints the best pass. Environment:
//! - `PASSES=n`: exactly n passes (for cachegrind); `REPS=n`: each timed
//!   block runs the file n times (default: about 400,000 words);
//! - `HOT=n`: parse each sentence n times in a row (its weights in cache);
//! - `EVAL=1`: also print XPOS, UAS, LAS and nsubj/obj F1 against the file;
//! - `DUMP=path`: write word, tag, head and relation per line;
//! - `PRUNE="T P"`: drop the tagger's and parser's small weights first
//!   (see `Model::pruned`); with `SAVE=path`, write the pruned model.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark's report"
)]

use dyad_syntax::{conllu, eval, Model};

/// CPU time of this thread in seconds, from the scheduler's statistics (the
/// machine is shared: wall time counts the other processes' turns too). It
/// advances in ticks: timed blocks must be long.
fn cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    s.split_whitespace().next().and_then(|x| x.parse::<f64>().ok()).map_or(0.0, |ns| ns / 1e9)
}

fn env<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|s| s.parse().ok())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: speed FILE.conllu [SECONDS] [MODEL]");
        std::process::exit(2);
    };
    let secs: f64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3.0);
    let loaded;
    let model = match args.get(3) {
        Some(p) => {
            loaded = Model::from_bytes(&std::fs::read(p).expect("reads the model file")).expect("a model");
            &loaded
        }
        None => Model::builtin().expect("the built-in model"),
    };
    let pruned;
    let model = match std::env::var("PRUNE").ok() {
        Some(p) => {
            let v: Vec<f32> = p.split_whitespace().filter_map(|x| x.parse().ok()).collect();
            pruned = model.pruned(v.first().copied().unwrap_or(0.0), v.get(1).copied().unwrap_or(0.0));
            let bytes = pruned.to_bytes();
            eprintln!("pruned: {:?}, {} bytes", pruned.sizes(), bytes.len());
            if let Ok(out) = std::env::var("SAVE") {
                std::fs::write(out, bytes).expect("writes the model");
            }
            &pruned
        }
        None => model,
    };
    let text = std::fs::read_to_string(path).expect("reads the CoNLL-U file");
    let (sents, _) = conllu::read(&text);
    let words: Vec<Vec<&str>> = sents.iter().map(|s| s.words.iter().map(|w| w.form.as_str()).collect()).collect();
    let n_words: usize = words.iter().map(Vec::len).sum();
    let hot: usize = env("HOT").unwrap_or(1);
    let reps: usize = env("REPS").unwrap_or((400_000 / n_words.max(1)).max(1));
    let fixed: usize = env("PASSES").unwrap_or(0);
    let mut tags = Vec::new();
    let (mut best_tag, mut best_parse) = (f64::MAX, f64::MAX);
    let mut check = 0usize;
    let mut passes = 0;
    let start = cpu();
    while passes == 0 || (fixed == 0 && cpu() - start < secs) || passes < fixed {
        passes += 1;
        let t = cpu();
        for _ in 0..reps {
            for w in &words {
                model.tag(w, &mut tags);
                check += tags.len();
            }
        }
        best_tag = best_tag.min((cpu() - t) / reps as f64);
        let t = cpu();
        for _ in 0..reps {
            for w in &words {
                for _ in 0..hot {
                    check += model.analyze(w).heads.len();
                }
            }
        }
        best_parse = best_parse.min((cpu() - t) / reps as f64);
    }
    if std::env::var("EVAL").is_ok() {
        let sc = eval::evaluate(model, &sents);
        println!(
            "XPOS {:.2} UAS {:.2} LAS {:.2} nsubj {:.3} obj {:.3}",
            sc.tag_accuracy(),
            sc.uas(),
            sc.las(),
            sc.f1("nsubj"),
            sc.f1("obj")
        );
    }
    if let Ok(path) = std::env::var("DUMP") {
        let mut out = String::new();
        for w in &words {
            let p = model.analyze(w);
            for (i, word) in w.iter().enumerate() {
                out.push_str(&format!("{word}\t{}\t{}\t{}\n", p.tags[i].as_str(), p.heads[i], p.rels[i].as_str()));
            }
            out.push('\n');
        }
        std::fs::write(path, out).expect("writes the dump");
    }
    println!(
        "{} sentences, {n_words} words: tagger {:.0} tokens/s, tagger+parser {:.0} sentences/s ({passes} passes, {check})",
        words.len(),
        n_words as f64 / best_tag,
        (words.len() * hot) as f64 / best_parse,
    );
}
