//! The part-of-speech tagger: greedy left-to-right, an averaged perceptron
//! over the usual feature templates (the word, its affixes and shape, the two
//! words either side, the two previous tags), plus a dictionary of frequent
//! words that always take one tag.

use rustc_hash::FxHashMap;

use crate::hash::{key, mix, str_hash};
use crate::perceptron::{subset, Frozen, Scores, Trainer, MAX_CLASSES};
use dyad_types::Pos;

/// Number of feature templates.
pub(crate) const N_FEATS: usize = 30;

/// Per-token values the features combine, computed once per sentence.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TokVals {
    word: u64,
    suf2: u64,
    suf3: u64,
    suf4: u64,
    suf1: u64,
    pre1: u64,
    pre2: u64,
    pre3: u64,
    shape: u64,
    flags: u64,
    suf5: u64,
    pre4: u64,
}

const NONE: u64 = 0x6e6f_6e65;
const START: TokVals = TokVals {
    word: 1,
    suf2: 1,
    suf3: 1,
    suf4: 1,
    suf1: 1,
    pre1: 1,
    pre2: 1,
    pre3: 1,
    shape: 1,
    flags: 1,
    suf5: 1,
    pre4: 1,
};
const END: TokVals = TokVals {
    word: 2,
    suf2: 2,
    suf3: 2,
    suf4: 2,
    suf1: 2,
    pre1: 2,
    pre2: 2,
    pre3: 2,
    shape: 2,
    flags: 2,
    suf5: 2,
    pre4: 2,
};

/// The form the word features see: lowercase, digits as `0`.
pub(crate) fn norm_word(w: &str, buf: &mut String) {
    buf.clear();
    for c in w.chars() {
        if c.is_ascii_digit() {
            buf.push('0');
        } else if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

/// The word's shape: `Xxxx`, `dd.d`, `XX-x`, runs longer than two collapsed.
fn shape(w: &str) -> u64 {
    let mut h: u64 = 0x7368;
    let mut last = '\0';
    let mut run = 0;
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if s == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = s;
        }
        h = mix(h, u64::from(u32::from(s)));
    }
    h
}

fn affix(chars: &[char], n: usize, suffix: bool) -> u64 {
    let n = n.min(chars.len());
    let part = if suffix { &chars[chars.len() - n..] } else { &chars[..n] };
    let mut h = 0x6166_u64 ^ (n as u64) << 40 ^ u64::from(suffix);
    for &c in part {
        h = mix(h, u64::from(u32::from(c)));
    }
    h
}

/// The flag of the first word of a sentence in [`TokVals::flags`].
const FIRST: u64 = 1 << 2;

/// Computes the per-token values of a sentence.
pub(crate) fn token_values(words: &[&str], out: &mut Vec<TokVals>) {
    out.clear();
    let mut buf = String::new();
    let mut chars: Vec<char> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let v = word_values(w, &mut buf, &mut chars);
        out.push(if i == 0 { TokVals { flags: v.flags | FIRST, ..v } } else { v });
    }
}

/// The values of word `w` anywhere but first in its sentence (`buf` and
/// `chars` are scratch space).
fn word_values(w: &str, buf: &mut String, chars: &mut Vec<char>) -> TokVals {
    norm_word(w, buf);
    chars.clear();
    chars.extend(buf.chars());
    let first_upper = w.chars().next().is_some_and(char::is_uppercase);
    let all_upper = w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
    let flags = u64::from(first_upper)
        | u64::from(all_upper) << 1
        | u64::from(w.contains('-')) << 3
        | u64::from(w.chars().any(|c| c.is_ascii_digit())) << 4;
    TokVals {
        word: str_hash(buf),
        suf2: affix(chars, 2, true),
        suf3: affix(chars, 3, true),
        suf4: affix(chars, 4, true),
        suf1: affix(chars, 1, true),
        pre1: affix(chars, 1, false),
        pre2: affix(chars, 2, false),
        pre3: affix(chars, 3, false),
        shape: shape(w),
        flags,
        suf5: affix(chars, 5, true),
        pre4: affix(chars, 4, false),
    }
}

/// Features of the words around token `i` alone.
const N_WORD: usize = 25;
/// The positions in [`word_features`] of the features that read token `i`
/// alone (the bias, its word, affixes, shape and flags), as a bit set.
const OWN: u32 = 0b1_1111_1111 | 0b1_1011 << 20;
/// Features that read the previous two tags.
const N_TAG: usize = N_FEATS - N_WORD;

#[inline]
fn around(v: &[TokVals], i: usize) -> [TokVals; 5] {
    let at = |j: isize| -> TokVals {
        if j < 0 {
            START
        } else {
            v.get(j as usize).copied().unwrap_or(END)
        }
    };
    let ii = i as isize;
    [at(ii), at(ii - 1), at(ii - 2), at(ii + 1), at(ii + 2)]
}

/// Fills `f` with the features of token `i` that read only words.
pub(crate) fn word_features(v: &[TokVals], i: usize, f: &mut [u64; N_WORD]) {
    let [w, wm1, wm2, wp1, wp2] = around(v, i);
    *f = [
        key(0, &[]),
        key(1, &[w.word]),
        key(2, &[w.suf3]),
        key(3, &[w.suf2]),
        key(4, &[w.suf4]),
        key(5, &[w.pre1]),
        key(6, &[w.pre3]),
        key(7, &[w.shape]),
        key(8, &[w.flags]),
        key(12, &[wm1.word]),
        key(13, &[wm1.suf3]),
        key(14, &[wm2.word]),
        key(15, &[wp1.word]),
        key(16, &[wp1.suf3]),
        key(17, &[wp2.word]),
        key(18, &[wm1.word, w.word]),
        key(19, &[w.word, wp1.word]),
        key(20, &[wp1.shape]),
        key(22, &[wm1.shape, w.shape, wp1.shape]),
        key(23, &[w.word, wp1.suf3]),
        key(24, &[w.suf1]),
        key(25, &[w.pre2]),
        key(27, &[wp1.word, wp2.word]),
        // Longer affixes, for unknown words.
        key(28, &[w.suf5]),
        key(29, &[w.pre4]),
    ];
}

/// Fills `f` with the features of token `i` that read the previous two tags.
pub(crate) fn tag_features(v: &[TokVals], i: usize, p1: u64, p2: u64, f: &mut [u64; N_TAG]) {
    let [w, _, _, wp1, _] = around(v, i);
    *f = [key(9, &[p1]), key(10, &[p2, p1]), key(11, &[p1, w.word]), key(21, &[p1, w.suf3]), key(26, &[p1, wp1.word])];
}

/// All the features of token `i` given the previous two tags (for training).
pub(crate) fn features(v: &[TokVals], i: usize, p1: u64, p2: u64, f: &mut [u64; N_FEATS]) {
    let (mut a, mut b) = ([0u64; N_WORD], [0u64; N_TAG]);
    word_features(v, i, &mut a);
    tag_features(v, i, p1, p2, &mut b);
    f[..N_WORD].copy_from_slice(&a);
    f[N_WORD..].copy_from_slice(&b);
}

fn tag_value(p: Option<Pos>) -> u64 {
    p.map_or(NONE, |p| 0x7400 + p.index() as u64)
}

/// The trained tagger.
#[derive(Clone, Debug)]
pub(crate) struct Tagger {
    pub(crate) model: Frozen,
    /// Words (as written) that always take one tag.
    pub(crate) tagdict: FxHashMap<String, Pos>,
}

impl Tagger {
    /// Tags `words`, writing one tag per word into `out`.
    ///
    /// The features that read only words are looked up for every word the
    /// tag dictionary does not settle first, apart from the left-to-right
    /// pass: their cache misses then overlap, and the pass that waits on
    /// each decision looks up only the five features of the previous tags.
    ///
    /// What a word's values and own features give does not depend on the
    /// sentence (but for its first word): each thread keeps them for the
    /// words it has tagged ([`Memo`]), and looks up per word only the
    /// features of its neighbours. The sums are the same (wrapping `i16`
    /// adds, in any order), so are the tags.
    pub(crate) fn tag(&self, words: &[&str], out: &mut Vec<Pos>) {
        out.clear();
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            memo.ready_for(self.model.id());
            self.tag_with(words, &mut memo, out);
        });
    }

    fn tag_with(&self, words: &[&str], memo: &mut Memo, out: &mut Vec<Pos>) {
        let known: Vec<usize> = words.iter().map(|w| memo.index(w, &self.tagdict)).collect();
        let vals: Vec<TokVals> = known
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                let v = memo.seen[k].vals;
                if i == 0 {
                    TokVals { flags: v.flags | FIRST, ..v }
                } else {
                    v
                }
            })
            .collect();
        let fixed: Vec<Option<Pos>> = known.iter().map(|&k| memo.seen[k].fixed).collect();
        let mut partial: Vec<Scores> = Vec::with_capacity(fixed.iter().filter(|t| t.is_none()).count());
        let mut fw = [0u64; N_WORD];
        let mut part = [0u64; N_WORD];
        let mut looked = [0u32; N_WORD];
        for i in (0..words.len()).filter(|&i| fixed[i].is_none()) {
            word_features(&vals, i, &mut fw);
            let mut s = [0i16; MAX_CLASSES];
            if i == 0 {
                self.model.score(&fw, &mut s);
            } else {
                let seen = &mut memo.seen[known[i]];
                s = *seen.own.get_or_insert_with(|| {
                    let n = subset(&fw, OWN, &mut part);
                    let mut own = [0i16; MAX_CLASSES];
                    self.model.score(&part[..n], &mut own);
                    own
                });
                let n = subset(&fw, !OWN, &mut part);
                self.model.resolve(&part[..n], &mut looked[..n]);
                self.model.add(&looked[..n], &mut s);
            }
            partial.push(s);
        }
        let mut ft = [0u64; N_TAG];
        let mut vt = [0u32; N_TAG];
        let mut next = partial.iter();
        for (i, t) in fixed.iter().enumerate() {
            if let Some(t) = *t {
                out.push(t);
                continue;
            }
            let p1 = tag_value(i.checked_sub(1).map(|j| out[j]));
            let p2 = tag_value(i.checked_sub(2).map(|j| out[j]));
            tag_features(&vals, i, p1, p2, &mut ft);
            let mut scores = next.next().copied().unwrap_or([0; MAX_CLASSES]);
            self.model.resolve(&ft, &mut vt);
            self.model.add(&vt, &mut scores);
            out.push(Pos::from_index(self.model.best(&scores, |_| true).unwrap_or(0)));
        }
    }
}

/// Most words a thread's [`Memo`] keeps (about 350 bytes each); it starts
/// again empty past this.
const MEMO_WORDS: usize = 1 << 15;

/// What a word gives the tagger wherever it is (but first in a sentence).
#[derive(Clone, Copy)]
struct Seen {
    vals: TokVals,
    /// The sum of its own features ([`OWN`]), once it was scored.
    own: Option<Scores>,
    /// Its tag in the tag dictionary, if it has one.
    fixed: Option<Pos>,
}

/// The words a thread has tagged with one model.
#[derive(Default)]
struct Memo {
    /// The [`Frozen::id`] of the model the sums are for (it stands for the
    /// tagger's tag dictionary too: a tagger gets a new model whenever it is
    /// built or read).
    model: u64,
    index: FxHashMap<Box<str>, usize>,
    seen: Vec<Seen>,
    buf: String,
    chars: Vec<char>,
}

impl Memo {
    /// Empties the memo when it holds another model's sums, or too many words.
    fn ready_for(&mut self, model: u64) {
        if self.model != model || self.seen.len() >= MEMO_WORDS {
            self.index.clear();
            self.seen.clear();
            self.model = model;
        }
    }

    /// Where word `w` is in `seen`, added when new (`tagdict` is the tag
    /// dictionary of the model the memo is for).
    fn index(&mut self, w: &str, tagdict: &FxHashMap<String, Pos>) -> usize {
        if let Some(&k) = self.index.get(w) {
            return k;
        }
        let vals = word_values(w, &mut self.buf, &mut self.chars);
        self.seen.push(Seen { vals, own: None, fixed: tagdict.get(w).copied() });
        self.index.insert(w.into(), self.seen.len() - 1);
        self.seen.len() - 1
    }
}

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
}

/// The index of the largest score (the first on ties).
pub(crate) fn argmax<T: PartialOrd + Copy>(s: &[T]) -> usize {
    let mut best = 0;
    for (i, &v) in s.iter().enumerate() {
        if v > s[best] {
            best = i;
        }
    }
    best
}

/// Builds the tag dictionary: words seen at least `min_count` times with one
/// tag at least `min_share` of the time.
pub(crate) fn build_tagdict(
    sents: &[(Vec<String>, Vec<Pos>)],
    min_count: usize,
    min_share: f64,
) -> FxHashMap<String, Pos> {
    let mut counts: FxHashMap<&str, FxHashMap<Pos, usize>> = FxHashMap::default();
    for (words, tags) in sents {
        for (w, t) in words.iter().zip(tags) {
            *counts.entry(w.as_str()).or_default().entry(*t).or_default() += 1;
        }
    }
    let mut out = FxHashMap::default();
    for (w, by) in counts {
        let n: usize = by.values().sum();
        // Ties broken by tag order so the result does not depend on hashing.
        let best = by.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
        if let Some((&t, &c)) = best {
            if n >= min_count && c as f64 / n as f64 >= min_share {
                out.insert(w.to_string(), t);
            }
        }
    }
    out
}

/// Trains a tagger. `sents` are (words, gold tags).
pub(crate) fn train(sents: &[(Vec<String>, Vec<Pos>)], iterations: usize, rng: &mut crate::hash::Rng) -> Tagger {
    let tagdict = build_tagdict(sents, 20, 0.99);
    let n = Pos::ALL.len();
    let mut tr = Trainer::new(n);
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut vals = Vec::new();
    let mut f = [0u64; N_FEATS];
    let mut scores = vec![0f32; n];
    let mut cased: Vec<String> = Vec::new();
    for _ in 0..iterations {
        rng.shuffle(&mut order);
        for &si in &order {
            let (words, gold) = &sents[si];
            // A few sentences are seen in capitals or lowercase, as wire
            // copy and headlines print them.
            let r = rng.unit();
            cased.clear();
            if r < 0.03 {
                cased.extend(words.iter().map(|w| w.to_uppercase()));
            } else if r < 0.05 {
                cased.extend(words.iter().map(|w| w.to_lowercase()));
            } else {
                cased.extend(words.iter().cloned());
            }
            let refs: Vec<&str> = cased.iter().map(String::as_str).collect();
            token_values(&refs, &mut vals);
            let mut prev: Vec<Pos> = Vec::with_capacity(words.len());
            for i in 0..words.len() {
                if let Some(&t) = tagdict.get(&cased[i]) {
                    prev.push(t);
                    continue;
                }
                let p1 = tag_value(i.checked_sub(1).map(|j| prev[j]));
                let p2 = tag_value(i.checked_sub(2).map(|j| prev[j]));
                features(&vals, i, p1, p2, &mut f);
                tr.score(&f, &mut scores);
                let guess = argmax(&scores);
                tr.update(gold[i].index(), guess, &f);
                // Condition on the guess, as at run time.
                prev.push(Pos::from_index(guess));
            }
        }
    }
    Tagger { model: tr.freeze(), tagdict }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tagging as it was before the memo: every feature of every word
    /// looked up.
    fn tag_scoring_everything(t: &Tagger, words: &[&str]) -> Vec<Pos> {
        let mut vals = Vec::new();
        token_values(words, &mut vals);
        let mut out: Vec<Pos> = Vec::new();
        let mut f = [0u64; N_FEATS];
        for (i, w) in words.iter().enumerate() {
            if let Some(&p) = t.tagdict.get(*w) {
                out.push(p);
                continue;
            }
            let p1 = tag_value(i.checked_sub(1).map(|j| out[j]));
            let p2 = tag_value(i.checked_sub(2).map(|j| out[j]));
            features(&vals, i, p1, p2, &mut f);
            let mut s = [0i16; MAX_CLASSES];
            t.model.score(&f, &mut s);
            out.push(Pos::from_index(t.model.best(&s, |_| true).unwrap_or(0)));
        }
        out
    }

    const TEXT: &str = "The president , who arrived in Caracas on Friday , met the foreign minister and said that \
                        Iran had shipped fuel to Venezuela , which the United States had sanctioned . OFFICIALS \
                        SAID the talks , held in Geneva last week , would resume in May 2020 if both sides agreed \
                        to the terms that the mediators proposed ; X-ray e-mail 3.5 .";

    #[test]
    fn own_features_read_the_word_alone() {
        let all: Vec<&str> = TEXT.split_whitespace().collect();
        let mut rng = crate::hash::Rng::new(5);
        let (mut vals, mut f, mut g) = (Vec::new(), [0u64; N_WORD], [0u64; N_WORD]);
        let mut changed = 0u32;
        for _ in 0..50 {
            // The word `Caracas` at position 3, other words around it.
            let mut words = all.clone();
            rng.shuffle(&mut words);
            let at = |ws: &mut Vec<&str>| ws.insert(3, "Caracas");
            let mut a = words[..6].to_vec();
            let mut b = words[6..12].to_vec();
            at(&mut a);
            at(&mut b);
            token_values(&a, &mut vals);
            word_features(&vals, 3, &mut f);
            token_values(&b, &mut vals);
            word_features(&vals, 3, &mut g);
            for k in 0..N_WORD {
                if OWN >> k & 1 == 1 {
                    assert_eq!(f[k], g[k], "feature {k} is in OWN but reads the neighbours");
                } else if f[k] != g[k] {
                    changed |= 1 << k;
                }
            }
        }
        assert_eq!(changed, !OWN & ((1 << N_WORD) - 1), "a feature out of OWN reads the word alone");
    }

    #[test]
    fn the_memo_gives_the_tags_of_scoring_everything() {
        let m = crate::model::Model::builtin().expect("the built-in model");
        let pruned = m.pruned(0.05, 0.0);
        let all: Vec<&str> = TEXT.split_whitespace().collect();
        let mut tags = Vec::new();
        for words in crate::hash::test_sentences(TEXT, 9, 300) {
            // Two models in turn: the memo keeps one model's sums.
            for t in [&m.tagger, &pruned.tagger] {
                t.tag(&words, &mut tags);
                assert_eq!(tags, tag_scoring_everything(t, &words), "{words:?}");
            }
        }
        assert_ne!(
            (0..all.len())
                .map(|i| all[i..].to_vec())
                .map(|w| tag_scoring_everything(&pruned.tagger, &w))
                .collect::<Vec<_>>(),
            (0..all.len())
                .map(|i| all[i..].to_vec())
                .map(|w| tag_scoring_everything(&m.tagger, &w))
                .collect::<Vec<_>>(),
            "the pruned model tags otherwise somewhere, so mixing their sums would show"
        );
    }
}
