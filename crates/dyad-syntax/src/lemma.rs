//! Lemmas: suffix rules for regular inflection, checked against the lemmas
//! seen in the treebanks, plus the treebanks' exceptions (`went` → `go`,
//! `children` → `child`).

use rustc_hash::{FxHashMap, FxHashSet};

use dyad_types::Pos;

/// The word class a lemma rule applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Class {
    Verb,
    Noun,
    Adj,
    Other,
}

pub(crate) fn class(p: Pos) -> Class {
    match p {
        Pos::VB | Pos::VBD | Pos::VBG | Pos::VBN | Pos::VBP | Pos::VBZ | Pos::MD => Class::Verb,
        Pos::NN | Pos::NNS | Pos::NNPS => Class::Noun,
        Pos::JJ | Pos::JJR | Pos::JJS | Pos::RB | Pos::RBR | Pos::RBS => Class::Adj,
        _ => Class::Other,
    }
}

/// The lemmatizer: exceptions by (lowercase form, class), and the known
/// lemmas that choose between candidate stems.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lemmatizer {
    pub(crate) exceptions: FxHashMap<(String, Class), String>,
    pub(crate) known: FxHashSet<String>,
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

impl Lemmatizer {
    /// The rule-based lemma of a lowercase word with tag `p`.
    pub(crate) fn rule(&self, w: &str, p: Pos) -> String {
        let b = w.as_bytes();
        let n = b.len();
        let known = |s: &str| self.known.contains(s);
        let pick = |stem: &str| -> String {
            // `stopp` → `stop`, `mak` → `make`, else the stem itself.
            let sb = stem.as_bytes();
            let m = sb.len();
            if m >= 2 && sb[m - 1] == sb[m - 2] && !is_vowel(sb[m - 1]) && !known(stem) {
                let short = &stem[..m - 1];
                if known(short) || !matches!(sb[m - 1], b'l' | b's' | b'z' | b'f') {
                    return short.to_string();
                }
            }
            let with_e = format!("{stem}e");
            if !known(stem) && known(&with_e) {
                return with_e;
            }
            stem.to_string()
        };
        match p {
            Pos::NNS | Pos::NNPS | Pos::VBZ if n > 3 && w.is_ascii() => {
                if w.ends_with("ies") && n > 4 {
                    format!("{}y", &w[..n - 3])
                } else if (w.ends_with("ches") || w.ends_with("shes") || w.ends_with("sses") || w.ends_with("xes"))
                    && !known(&w[..n - 1])
                {
                    w[..n - 2].to_string()
                } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
                    w[..n - 1].to_string()
                } else {
                    w.to_string()
                }
            }
            Pos::VBD | Pos::VBN if n > 3 && w.is_ascii() && w.ends_with("ed") => {
                if w.ends_with("ied") && n > 4 {
                    format!("{}y", &w[..n - 3])
                } else {
                    pick(&w[..n - 2])
                }
            }
            Pos::VBG if n > 4 && w.is_ascii() && w.ends_with("ing") => pick(&w[..n - 3]),
            Pos::JJR | Pos::RBR if n > 4 && w.is_ascii() && w.ends_with("er") => {
                if w.ends_with("ier") {
                    format!("{}y", &w[..n - 3])
                } else {
                    pick(&w[..n - 2])
                }
            }
            Pos::JJS | Pos::RBS if n > 5 && w.is_ascii() && w.ends_with("est") => {
                if w.ends_with("iest") {
                    format!("{}y", &w[..n - 4])
                } else {
                    pick(&w[..n - 3])
                }
            }
            _ => w.to_string(),
        }
    }

    /// The lemma of `form` with tag `p`: lowercase, except proper nouns,
    /// which keep their form.
    pub(crate) fn lemma(&self, form: &str, p: Pos, out: &mut String) {
        if p == Pos::NNP {
            out.push_str(form);
            return;
        }
        let lower = form.to_lowercase();
        if let Some(l) = self.exceptions.get(&(lower.clone(), class(p))) {
            out.push_str(l);
            return;
        }
        out.push_str(&self.rule(&lower, p));
    }

    /// Learns exceptions from (form, tag, gold lemma) triples: a form whose
    /// rule-based lemma differs from its most frequent gold lemma.
    pub(crate) fn train<'a>(triples: impl Iterator<Item = (&'a str, Pos, &'a str)> + Clone) -> Lemmatizer {
        let mut lz = Lemmatizer::default();
        for (_, p, l) in triples.clone() {
            if matches!(class(p), Class::Verb | Class::Noun | Class::Adj) {
                lz.known.insert(l.to_lowercase());
            }
        }
        let mut counts: FxHashMap<(String, Class), FxHashMap<String, usize>> = FxHashMap::default();
        let mut tag_of: FxHashMap<(String, Class), Pos> = FxHashMap::default();
        for (f, p, l) in triples {
            if p == Pos::NNP || l == "_" {
                continue;
            }
            let k = (f.to_lowercase(), class(p));
            tag_of.entry(k.clone()).or_insert(p);
            *counts.entry(k).or_default().entry(l.to_lowercase()).or_default() += 1;
        }
        let mut exceptions = FxHashMap::default();
        for (k, by) in counts {
            let best = by.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
            if let Some((lemma, _)) = best {
                let p = tag_of[&k];
                if lz.rule(&k.0, p) != *lemma {
                    exceptions.insert(k, lemma.clone());
                }
            }
        }
        lz.exceptions = exceptions;
        lz
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_and_exceptions() {
        let data = [
            ("went", Pos::VBD, "go"),
            ("make", Pos::VB, "make"),
            ("stop", Pos::VB, "stop"),
            ("children", Pos::NNS, "child"),
            ("seize", Pos::VB, "seize"),
        ];
        let lz = Lemmatizer::train(data.iter().copied());
        let l = |w: &str, p: Pos| {
            let mut s = String::new();
            lz.lemma(w, p, &mut s);
            s
        };
        assert_eq!(l("went", Pos::VBD), "go");
        assert_eq!(l("Children", Pos::NNS), "child");
        assert_eq!(l("making", Pos::VBG), "make");
        assert_eq!(l("stopped", Pos::VBD), "stop");
        assert_eq!(l("seized", Pos::VBN), "seize");
        assert_eq!(l("visited", Pos::VBD), "visit");
        assert_eq!(l("sanctions", Pos::NNS), "sanction");
        assert_eq!(l("countries", Pos::NNS), "country");
        assert_eq!(l("Venezuela", Pos::NNP), "Venezuela");
    }
}
