//! Training: a tagger, a lemmatizer and a parser from CoNLL-U sentences.
//!
//! The parser learns from tags predicted by taggers that did not see the
//! sentence (jackknifing), so that at run time it meets the tagger's errors it
//! was trained on. Everything is seeded: the same sentences, options and seed
//! give the same model bytes.

use dyad_types::{Pos, Rel};

use crate::conllu::Sentence;
use crate::hash::{str_hash, Rng};
use crate::lemma::Lemmatizer;
use crate::model::Model;
use crate::parser::{self, is_projective, nodes, Gold};
use crate::tagger::{self, norm_word};

/// How to train.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Seed for shuffling and exploration.
    pub seed: u64,
    /// Passes over the data for the tagger.
    pub tagger_iterations: usize,
    /// Passes over the data for the parser.
    pub parser_iterations: usize,
    /// After the first pass, the parser follows its own prediction with this
    /// probability (the dynamic oracle's exploration).
    pub explore: f64,
    /// Folds for jackknifed tags (0 or 1: gold tags).
    pub folds: usize,
    /// Weights below this share of the largest (127 after quantisation) are
    /// dropped from the tagger (0.01: none, the smallest is 1).
    pub tagger_prune: f32,
    /// Weights below this share of the largest are dropped from the parser
    /// (0.015: those of magnitude 1; on dev this cost nothing and halved the
    /// parser's weights, while 0.02, magnitude 2 too, cost 0.5 UAS).
    pub parser_prune: f32,
    /// Written into the model file: what it was trained on.
    pub about: String,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            seed: 1,
            tagger_iterations: 15,
            parser_iterations: 20,
            explore: 0.9,
            folds: 4,
            tagger_prune: 0.01,
            parser_prune: 0.015,
            about: String::new(),
        }
    }
}

fn tag_sents(sents: &[&Sentence]) -> Vec<(Vec<String>, Vec<Pos>)> {
    sents
        .iter()
        .map(|s| {
            (
                s.words.iter().map(|w| w.form.clone()).collect(),
                s.words.iter().map(|w| Pos::from_name(&w.xpos)).collect(),
            )
        })
        .collect()
}

/// Trains a model. `progress` is told what stage is running.
pub fn train(sents: &[Sentence], opts: &TrainOptions, progress: &mut dyn FnMut(&str)) -> Model {
    let mut rng = Rng::new(opts.seed);
    let all: Vec<&Sentence> = sents.iter().filter(|s| !s.words.is_empty()).collect();
    let tagged = tag_sents(&all);
    progress("tagger");
    let mut tagger = tagger::train(&tagged, opts.tagger_iterations, &mut rng);
    tagger.model = tagger.model.pruned(opts.tagger_prune);

    // Tags the parser trains on: jackknifed, else gold.
    let mut predicted: Vec<Vec<Pos>> = tagged.iter().map(|(_, t)| t.clone()).collect();
    if opts.folds > 1 {
        for fold in 0..opts.folds {
            progress(&format!("jackknife fold {}/{}", fold + 1, opts.folds));
            let rest: Vec<(Vec<String>, Vec<Pos>)> =
                tagged.iter().enumerate().filter(|(i, _)| i % opts.folds != fold).map(|(_, s)| s.clone()).collect();
            let t = tagger::train(&rest, opts.tagger_iterations, &mut rng);
            for (i, (words, _)) in tagged.iter().enumerate().filter(|(i, _)| i % opts.folds == fold) {
                let refs: Vec<&str> = words.iter().map(String::as_str).collect();
                t.tag(&refs, &mut predicted[i]);
            }
        }
    }

    progress("lemmas");
    let lemmas = Lemmatizer::train(
        all.iter().flat_map(|s| s.words.iter().map(|w| (w.form.as_str(), Pos::from_name(&w.xpos), w.lemma.as_str()))),
    );

    let mut golds = Vec::new();
    let mut buf = String::new();
    for (s, tags) in all.iter().zip(&predicted) {
        let heads: Vec<u32> = s.words.iter().map(|w| w.head).collect();
        // The transition system builds projective trees with one root.
        if !is_projective(&heads) || heads.iter().filter(|&&h| h == 0).count() != 1 {
            continue;
        }
        let hashes: Vec<u64> = s
            .words
            .iter()
            .map(|w| {
                norm_word(&w.form, &mut buf);
                str_hash(&buf)
            })
            .collect();
        let mut nd = Vec::new();
        nodes(&hashes, tags, &mut nd);
        golds.push(Gold { nodes: nd, heads, rels: s.words.iter().map(|w| Rel::from_name(&w.deprel)).collect() });
    }
    progress(&format!("parser ({} projective sentences of {})", golds.len(), all.len()));
    let parser = parser::train(&golds, opts.parser_iterations, opts.explore, &mut rng);
    let parser = crate::parser::Parser::new(parser.model.pruned(opts.parser_prune));
    Model { about: opts.about.clone(), tagger, parser, lemmas }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu;

    /// A tiny treebank written for this test.
    const TINY: &str = "\
1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tsent\tsend\tVERB\tVBD\t_\t0\troot\t_\t_
3\ttankers\ttanker\tNOUN\tNNS\t_\t2\tobj\t_\t_
4\tto\tto\tADP\tIN\t_\t5\tcase\t_\t_
5\tVenezuela\tVenezuela\tPROPN\tNNP\t_\t2\tobl\t_\t_
6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\ttankers\ttanker\tNOUN\tNNS\t_\t4\tnsubj:pass\t_\t_
3\twere\tbe\tAUX\tVBD\t_\t4\taux:pass\t_\t_
4\tseized\tseize\tVERB\tVBN\t_\t0\troot\t_\t_
5\tby\tby\tADP\tIN\t_\t7\tcase\t_\t_
6\tUS\tUS\tPROPN\tNNP\t_\t7\tcompound\t_\t_
7\tforces\tforce\tNOUN\tNNS\t_\t4\tobl:agent\t_\t_
8\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

1\tOfficials\tofficial\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_
3\tin\tin\tADP\tIN\t_\t4\tcase\t_\t_
4\tCaracas\tCaracas\tPROPN\tNNP\t_\t2\tobl\t_\t_
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";

    fn opts(seed: u64) -> TrainOptions {
        TrainOptions { seed, tagger_iterations: 3, parser_iterations: 4, folds: 2, ..TrainOptions::default() }
    }

    #[test]
    fn same_data_and_seed_give_the_same_bytes() {
        let (sents, errors) = conllu::read(TINY);
        assert!(errors.is_empty());
        let a = train(&sents, &opts(7), &mut |_| {}).to_bytes();
        let b = train(&sents, &opts(7), &mut |_| {}).to_bytes();
        assert_eq!(a, b);
        // The bytes read back into a working model.
        let m = Model::from_bytes(&a).expect("reads back");
        assert_eq!(m.to_bytes(), a);
        let p = m.analyze(&["Iran", "sent", "tankers", "to", "Venezuela", "."]);
        assert_eq!(p.tags[1], Pos::VBD);
        assert_eq!(p.heads.iter().filter(|&&h| h == 0).count(), 1);
    }

    #[test]
    fn damaged_model_bytes_are_errors_not_panics() {
        let (sents, _) = conllu::read(TINY);
        let bytes = train(&sents, &opts(1), &mut |_| {}).to_bytes();
        for cut in [0, 4, 12, bytes.len() / 2, bytes.len() - 1] {
            assert!(Model::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut flipped = bytes.clone();
        flipped[9] ^= 0xff;
        assert!(Model::from_bytes(&flipped).is_err());
    }
}
