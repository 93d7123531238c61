//! `dyad parse` (what the syntax layer reads: CoNLL-U out, or scores against
//! gold trees) and `dyad train-syntax` (the reproducible training of the
//! shipped tagger and parser weights).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use clap::Args;
use dyad_engine::syntax::{conllu, eval, train, Model, TrainOptions};
use dyad_ingest::InputFormat;

use super::code::InputArg;
use super::read::{Inputs, ReadOptions};
use crate::{messages, Status};

#[derive(Debug, Args)]
pub(crate) struct ParseArgs {
    /// Files or directories to parse (as `dyad code` reads them); `-` reads
    /// standard input.
    #[arg(value_name = "FILES", required_unless_present_any = ["conllu", "eval"])]
    files: Vec<String>,
    /// Input format (by default from the file name, or the content for stdin).
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    input: InputArg,
    /// Re-tag and re-parse the words of a CoNLL-U file (its tokenization kept).
    #[arg(long, value_name = "FILE.conllu", conflicts_with_all = ["files", "eval"])]
    conllu: Option<PathBuf>,
    /// Score against a gold CoNLL-U file: XPOS accuracy, UAS, LAS and
    /// sentences per second in one closing line.
    #[arg(long, value_name = "GOLD.conllu", conflicts_with = "files")]
    eval: Option<PathBuf>,
    /// With --eval: also print precision, recall and F1 per relation.
    #[arg(long, requires = "eval")]
    per_relation: bool,
    /// A model file (from `dyad train-syntax`) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Drop weights below these shares of the largest (tagger, parser) before
    /// parsing, to see what pruning costs; `--save` writes the pruned model.
    #[arg(long, value_names = ["TAGGER", "PARSER"], num_args = 2, hide = true)]
    prune: Option<Vec<f32>>,
    /// With --prune: write the pruned model here.
    #[arg(long, value_name = "FILE", requires = "prune", hide = true)]
    save: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct TrainArgs {
    /// Treebank directory holding `en_ewt/` and `en_gum/` (UD CoNLL-U).
    #[arg(long, value_name = "DIR", default_value = "../shared/treebank")]
    treebank: PathBuf,
    /// Where to write the model.
    #[arg(long, value_name = "FILE", default_value = "crates/dyad-syntax/data/en_ud.model")]
    out: PathBuf,
    /// Random seed (shuffling, exploration).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Passes over the training data for the tagger.
    #[arg(long, default_value_t = TrainOptions::default().tagger_iterations)]
    tagger_iterations: usize,
    /// Passes over the training data for the parser.
    #[arg(long, default_value_t = TrainOptions::default().parser_iterations)]
    parser_iterations: usize,
    /// Folds for the jackknifed tags the parser trains on (1: gold tags).
    #[arg(long, default_value_t = TrainOptions::default().folds)]
    folds: usize,
    /// Train on only the first N sentences of each training file (for tests).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
}

fn read_conllu(path: &Path) -> anyhow::Result<(Vec<conllu::Sentence>, usize)> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let (sents, errors) = conllu::read(&text);
    for e in &errors {
        messages::warning(&format!("{}:{}: {} (sentence skipped)", path.display(), e.line, e.message));
    }
    Ok((sents, errors.len()))
}

pub(crate) fn run_parse(args: ParseArgs) -> anyhow::Result<Status> {
    let loaded;
    let model = match &args.model {
        Some(path) => {
            let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            loaded = Model::from_bytes(&bytes).with_context(|| format!("reading model {}", path.display()))?;
            &loaded
        }
        None => Model::builtin().map_err(anyhow::Error::msg)?,
    };
    let pruned;
    let model = match args.prune.as_deref() {
        Some(&[t, p]) => {
            pruned = model.pruned(t, p);
            let [tg, ps] = pruned.sizes();
            messages::info(&format!(
                "pruned: tagger {} features, {} weights; parser {} features, {} weights",
                tg.0, tg.1, ps.0, ps.1
            ));
            if let Some(path) = &args.save {
                let bytes = pruned.to_bytes();
                std::fs::write(path, &bytes).with_context(|| format!("writing {}", path.display()))?;
                messages::info(&format!("wrote {} ({} bytes)", path.display(), bytes.len()));
            }
            &pruned
        }
        _ => model,
    };
    let stdout = io::stdout().lock();
    let mut out = BufWriter::with_capacity(1 << 16, stdout);
    let mut buf = String::new();
    if let Some(gold) = &args.eval {
        let (sents, bad) = read_conllu(gold)?;
        // Timed apart from scoring: tagging alone, then tagging and parsing.
        let words: Vec<Vec<&str>> = sents.iter().map(|s| s.words.iter().map(|w| w.form.as_str()).collect()).collect();
        let n_words: usize = words.iter().map(Vec::len).sum();
        let mut tags = Vec::new();
        let t = Instant::now();
        for w in &words {
            model.tag(w, &mut tags);
        }
        let tag_secs = t.elapsed().as_secs_f64().max(1e-9);
        let t = Instant::now();
        let mut roots = 0;
        for w in &words {
            roots += model.analyze(w).heads.iter().filter(|&&h| h == 0).count();
        }
        let secs = t.elapsed().as_secs_f64().max(1e-9);
        debug_assert_eq!(roots, words.iter().filter(|w| !w.is_empty()).count());
        let sc = eval::evaluate(model, &sents);
        if args.per_relation {
            let mut rels: Vec<_> = sc.per_rel.iter().collect();
            rels.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
            writeln!(out, "relation\tgold\tpredicted\tright\tprecision\trecall\tf1")?;
            for (r, &(g, p, c)) in rels {
                let pr = if p == 0 { 0.0 } else { c as f64 / p as f64 };
                let rc = if g == 0 { 0.0 } else { c as f64 / g as f64 };
                writeln!(out, "{r}\t{g}\t{p}\t{c}\t{pr:.3}\t{rc:.3}\t{:.3}", sc.f1(r))?;
            }
        }
        writeln!(
            out,
            "{}: {} sentences, {} words: XPOS {:.2} %, UAS {:.2}, LAS {:.2} (full relations {:.2}), lemmas {:.2} %, nsubj F1 {:.3}, obj F1 {:.3}; one thread: tagger {:.0} tokens/s, tagger+parser {:.0} sentences/s",
            gold.display(),
            sc.sentences,
            sc.words,
            sc.tag_accuracy(),
            sc.uas(),
            sc.las(),
            sc.las_full(),
            sc.lemma_accuracy(),
            sc.f1("nsubj"),
            sc.f1("obj"),
            n_words as f64 / tag_secs,
            sc.sentences as f64 / secs
        )?;
        out.flush()?;
        return Ok(if bad > 0 { Status::Rejected } else { Status::Ok });
    }
    if let Some(path) = &args.conllu {
        let (sents, bad) = read_conllu(path)?;
        for (i, s) in sents.iter().enumerate() {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let p = model.analyze(&words);
            let id = s.sent_id.clone().unwrap_or_else(|| format!("{}", i + 1));
            let text = s.text.clone().unwrap_or_else(|| words.join(" "));
            buf.clear();
            conllu::write(&mut buf, &id, &text, &words, &p);
            out.write_all(buf.as_bytes())?;
        }
        out.flush()?;
        return Ok(if bad > 0 { Status::Rejected } else { Status::Ok });
    }
    let say = |m: &str| messages::warning(m);
    let inputs = Inputs::expand(&args.files, &say);
    let opts = ReadOptions {
        format: InputFormat::from(args.input),
        date: None,
        max_docs: 64,
        max_bytes: 4 << 20,
        limits: dyad_ingest::Limits::default(),
    };
    let read = inputs.read_batches(&opts, &say, &mut || {}, &mut |batch| {
        for a in batch.iter().map(|i| &i.article) {
            for (s, p) in dyad_engine::syntax::parse_text(model, &a.text) {
                let words = dyad_engine::syntax::words(&a.text, &s);
                let text = a.text.get(s.span.start..s.span.end).unwrap_or("");
                buf.clear();
                conllu::write(&mut buf, &format!("{}-{}", a.id, s.index), text, &words, &p);
                out.write_all(buf.as_bytes())?;
            }
        }
        Ok(true)
    })?;
    let rejected = inputs.rejected + read.rejected;
    out.flush()?;
    Ok(if rejected > 0 { Status::Rejected } else { Status::Ok })
}

pub(crate) fn run_train(args: TrainArgs) -> anyhow::Result<Status> {
    let mut sents = Vec::new();
    let mut files = Vec::new();
    for tb in ["en_ewt", "en_gum"] {
        let path = args.treebank.join(tb).join(format!("{tb}-ud-train.conllu"));
        if !path.exists() {
            bail!("{} not found: --treebank names the folder holding en_ewt/ and en_gum/", path.display());
        }
        let (mut s, bad) = read_conllu(&path)?;
        if bad > 0 {
            bail!("{}: {bad} malformed sentences; refusing to train on a damaged treebank", path.display());
        }
        if let Some(n) = args.limit {
            s.truncate(n);
        }
        files.push(format!("{} ({} sentences)", path.file_name().and_then(|n| n.to_str()).unwrap_or(tb), s.len()));
        sents.extend(s);
    }
    let opts = TrainOptions {
        seed: args.seed,
        tagger_iterations: args.tagger_iterations,
        parser_iterations: args.parser_iterations,
        folds: args.folds,
        about: format!(
            "dyad-syntax trained on {}; seed {}, tagger {} passes, parser {} passes, {} jackknife folds. \
             UD English EWT: CC BY-SA 4.0; UD English GUM: CC BY 4.0 (see NOTICE).",
            files.join(" + "),
            args.seed,
            args.tagger_iterations,
            args.parser_iterations,
            args.folds
        ),
        ..TrainOptions::default()
    };
    let t = Instant::now();
    let model = train::train(&sents, &opts, &mut |stage| {
        messages::info(&format!("training: {stage} ({:.0} s)", t.elapsed().as_secs_f64()))
    });
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    let [tg, ps] = model.sizes();
    messages::info(&format!(
        "wrote {} ({} bytes; tagger {} features, {} weights; parser {} features, {} weights) in {:.0} s",
        args.out.display(),
        bytes.len(),
        tg.0,
        tg.1,
        ps.0,
        ps.1,
        t.elapsed().as_secs_f64()
    ));
    Ok(Status::Ok)
}
