//! The part-of-speech tagger: greedy left-to-right, an averaged perceptron
//! over the usual feature templates (the word, its affixes and shape, the two
//! words either side, the two previous tags), plus a dictionary of frequent
//! words that always take one tag.

use rustc_hash::FxHashMap;

use crate::hash::{key, mix, str_hash};
use crate::perceptron::{Frozen, Scores, Trainer, MAX_CLASSES};
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

/// Computes the per-token values of a sentence.
pub(crate) fn token_values(words: &[&str], out: &mut Vec<TokVals>) {
    out.clear();
    let mut buf = String::new();
    let mut chars: Vec<char> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        norm_word(w, &mut buf);
        chars.clear();
        chars.extend(buf.chars());
        let first_upper = w.chars().next().is_some_and(char::is_uppercase);
        let all_upper = w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
        let flags = u64::from(first_upper)
            | u64::from(all_upper) << 1
            | u64::from(i == 0) << 2
            | u64::from(w.contains('-')) << 3
            | u64::from(w.chars().any(|c| c.is_ascii_digit())) << 4;
        out.push(TokVals {
            word: str_hash(&buf),
            suf2: affix(&chars, 2, true),
            suf3: affix(&chars, 3, true),
            suf4: affix(&chars, 4, true),
            suf1: affix(&chars, 1, true),
            pre1: affix(&chars, 1, false),
            pre2: affix(&chars, 2, false),
            pre3: affix(&chars, 3, false),
            shape: shape(w),
            flags,
            suf5: affix(&chars, 5, true),
            pre4: affix(&chars, 4, false),
        });
    }
}

/// Features of the words around token `i` alone.
const N_WORD: usize = 25;
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
    pub(crate) fn tag(&self, words: &[&str], out: &mut Vec<Pos>) {
        out.clear();
        let mut vals = Vec::with_capacity(words.len());
        token_values(words, &mut vals);
        let fixed: Vec<Option<Pos>> = words.iter().map(|w| self.tagdict.get(*w).copied()).collect();
        let mut partial: Vec<Scores> = Vec::with_capacity(fixed.iter().filter(|t| t.is_none()).count());
        let mut fw = [0u64; N_WORD];
        for i in (0..words.len()).filter(|&i| fixed[i].is_none()) {
            word_features(&vals, i, &mut fw);
            let mut s = [0i16; MAX_CLASSES];
            self.model.score(&fw, &mut s);
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
