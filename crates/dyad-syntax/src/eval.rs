//! Scoring a model against gold CoNLL-U: tag accuracy, UAS, LAS and
//! per-relation precision, recall and F1, on the gold tokenization.

use rustc_hash::FxHashMap;

use crate::conllu::Sentence;
use crate::model::Model;

/// Counts from comparing a model's analyses with gold sentences.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    /// Sentences scored.
    pub sentences: usize,
    /// Words scored.
    pub words: usize,
    /// Words whose XPOS is right.
    pub tags: usize,
    /// Words whose head is right.
    pub heads: usize,
    /// Words whose head and full relation (`nsubj:pass`) are right.
    pub labeled: usize,
    /// Words whose head and universal relation (`nsubj`) are right.
    pub labeled_universal: usize,
    /// Lemmas right (lowercase comparison).
    pub lemmas: usize,
    /// Per relation: (gold, predicted, right with the right head).
    pub per_rel: FxHashMap<String, (usize, usize, usize)>,
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

impl Scores {
    /// XPOS accuracy in percent.
    pub fn tag_accuracy(&self) -> f64 {
        pct(self.tags, self.words)
    }
    /// Unlabeled attachment score in percent.
    pub fn uas(&self) -> f64 {
        pct(self.heads, self.words)
    }
    /// Labeled attachment score (universal relations, as CoNLL 2018) in percent.
    pub fn las(&self) -> f64 {
        pct(self.labeled_universal, self.words)
    }
    /// Labeled attachment score with full relations in percent.
    pub fn las_full(&self) -> f64 {
        pct(self.labeled, self.words)
    }
    /// Lemma accuracy in percent.
    pub fn lemma_accuracy(&self) -> f64 {
        pct(self.lemmas, self.words)
    }
    /// F1 of a relation (head and label right), 0 when absent.
    pub fn f1(&self, rel: &str) -> f64 {
        let (g, p, c) = self.per_rel.get(rel).copied().unwrap_or_default();
        if c == 0 {
            return 0.0;
        }
        let (pr, rc) = (c as f64 / p as f64, c as f64 / g as f64);
        2.0 * pr * rc / (pr + rc)
    }
}

/// Analyses each gold sentence's words and compares.
pub fn evaluate(model: &Model, gold: &[Sentence]) -> Scores {
    let mut sc = Scores::default();
    for s in gold {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let p = model.analyze(&words);
        sc.sentences += 1;
        for (i, w) in s.words.iter().enumerate() {
            sc.words += 1;
            let (tag, head, rel) = (p.tags[i], p.heads[i], p.rels[i]);
            sc.tags += usize::from(tag.as_str() == w.xpos);
            sc.lemmas += usize::from(p.lemma(i).to_lowercase() == w.lemma.to_lowercase());
            let head_ok = head == w.head;
            sc.heads += usize::from(head_ok);
            sc.labeled += usize::from(head_ok && rel.as_str() == w.deprel);
            let gold_univ = w.deprel.split(':').next().unwrap_or("");
            sc.labeled_universal += usize::from(head_ok && rel.universal() == gold_univ);
            sc.per_rel.entry(w.deprel.clone()).or_default().0 += 1;
            sc.per_rel.entry(rel.as_str().to_string()).or_default().1 += 1;
            if head_ok && rel.as_str() == w.deprel {
                sc.per_rel.entry(w.deprel.clone()).or_default().2 += 1;
            }
        }
    }
    sc
}
