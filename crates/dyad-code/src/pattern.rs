//! Verb patterns: the one representation every dictionary format compiles
//! into. A pattern is a list of elements ([`Elem`]) on each side of the
//! verb: words (or phrases, or synonym sets), slots (`$` source, `+`
//! target, `%` compound, `^` a skipped noun phrase) and gaps (elements
//! without a gap between them touch); a code with an optional reverse code.
//!
//! Words are interned: a [`Vocab`] gives each word a `u32` id, and a token
//! is compared by the id of its form (0 for a word no pattern uses). dyad's
//! patterns (`dict/verbs.rs`, after an anchor) and PETRARCH's, in both
//! syntaxes (`compat/mod.rs`, `compat/written.rs`, [`VerbPattern`]s on both
//! sides of the verb), compile into the same [`Elem`]s. One matcher
//! ([`match_side`]) reads both; a convention says, through [`Reading`], how
//! far a gap reaches and what fills a slot.

use rustc_hash::FxHashMap;

/// Words interned as ids from 1 (0 is "no word of the dictionary's").
#[derive(Clone, Debug, Default)]
pub(crate) struct Vocab {
    pub(crate) map: FxHashMap<String, u32>,
    /// The words by id - 1, to spell an id again: kept only by a
    /// vocabulary made to write its dictionaries back ([`Vocab::spelling`]).
    words: Option<Vec<String>>,
}

impl Vocab {
    /// A vocabulary that can spell its ids again ([`Vocab::word`]).
    pub(crate) fn spelling() -> Vocab {
        Vocab { map: FxHashMap::default(), words: Some(Vec::new()) }
    }

    pub(crate) fn intern(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.map.get(w) {
            return id;
        }
        let id = self.map.len() as u32 + 1;
        self.map.insert(w.to_string(), id);
        if let Some(words) = &mut self.words {
            words.push(w.to_string());
        }
        id
    }

    /// The id of a word, 0 when the vocabulary does not hold it.
    #[inline]
    pub(crate) fn id(&self, w: &str) -> u32 {
        self.map.get(w).copied().unwrap_or(0)
    }

    /// The word of an id ("" for 0, or in a vocabulary not made spelling).
    pub(crate) fn word(&self, id: u32) -> &str {
        self.words.as_ref().and_then(|w| w.get((id as usize).wrapping_sub(1))).map_or("", String::as_str)
    }
}

/// A code as written in a verb dictionary: `032`, `---`, `174K`, or a
/// paired `032:033` (source→target, then target→source).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VerbCode {
    pub(crate) forward: String,
    pub(crate) back: Option<String>,
}

impl VerbCode {
    pub(crate) fn parse(s: &str) -> Option<VerbCode> {
        let s = s.trim();
        if s.is_empty() || s.chars().any(char::is_whitespace) {
            return None;
        }
        let (f, b) = match s.split_once(':') {
            Some((f, b)) => (f.trim(), Some(b.trim().to_string())),
            None => (s, None),
        };
        Some(VerbCode { forward: f.to_string(), back: b })
    }

    pub(crate) fn is_null(&self) -> bool {
        self.forward == "---" && self.back.as_deref().is_none_or(|b| b == "---")
    }
}

/// One element of a verb pattern, its words as ids in the dictionary's
/// [`Vocab`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Elem {
    /// One of these words (`single`, sorted) or word sequences (`multi`);
    /// `optional` when an empty alternative was given.
    Words { single: Vec<u32>, multi: Vec<Vec<u32>>, optional: bool },
    /// A gap between the elements on either side (`~`, or a space in
    /// PETRARCH's syntax): without one, elements touch. dyad's convention
    /// bounds it to the clause, PETRARCH's to the sentence.
    Gap,
    /// `$`: the source.
    Source,
    /// `+`: the target.
    Target,
    /// `%`: a compound actor, coded both ways (PETRARCH's syntax).
    Compound,
    /// `^`: skip one noun phrase (PETRARCH's syntax).
    Skip,
}

impl Elem {
    /// A word element from its alternatives (words and word sequences).
    pub(crate) fn words(alts: impl IntoIterator<Item = Vec<u32>>, optional: bool) -> Elem {
        let (mut single, mut multi) = (Vec::new(), Vec::new());
        for mut a in alts {
            match a.len() {
                1 => single.extend(a.pop()),
                _ => multi.push(a),
            }
        }
        single.sort_unstable();
        single.dedup();
        Elem::Words { single, multi, optional }
    }

    /// The alternatives of a word element, words first (none for others).
    pub(crate) fn alternatives(&self) -> impl Iterator<Item = &[u32]> {
        let (single, multi): (&[u32], &[Vec<u32>]) = match self {
            Elem::Words { single, multi, .. } => (single, multi),
            _ => (&[], &[]),
        };
        single.iter().map(std::slice::from_ref).chain(multi.iter().map(Vec::as_slice))
    }

    /// The words an occurrence of this element can start with (sorted), for
    /// a required word element; `None` for the others.
    pub(crate) fn firsts(&self) -> Option<Vec<u32>> {
        let Elem::Words { single, multi, optional: false } = self else { return None };
        let mut f: Vec<u32> = single.iter().chain(multi.iter().filter_map(|m| m.first())).copied().collect();
        f.sort_unstable();
        f.dedup();
        Some(f)
    }

    /// A pattern token (of `body`) as an element, in either PETRARCH
    /// syntax: a slot `$ + % ^`, a synonym set `&NAME` (its members from
    /// `set`, given the name), or a word (as `word` spells it), interned.
    pub(crate) fn read(
        t: &str,
        body: &str,
        set: impl Fn(&str) -> Option<Vec<Vec<String>>>,
        word: impl Fn(&str) -> String,
        vocab: &mut Vocab,
    ) -> Result<Elem, String> {
        Ok(match t {
            "$" => Elem::Source,
            "+" => Elem::Target,
            "%" => Elem::Compound,
            "^" => Elem::Skip,
            "*" => return Err(format!("pattern `{body}` has two verbs `*`")),
            s if s.starts_with('&') => {
                let alts = set(&s[1..]).ok_or_else(|| format!("synonym set `{s}` is not defined"))?;
                Elem::words(alts.iter().map(|a| a.iter().map(|w| vocab.intern(w)).collect()), false)
            }
            s => Elem::words([vec![vocab.intern(&word(s))]], false),
        })
    }
}

/// Appends `elem` to a side of a pattern, after a [`Elem::Gap`] unless it
/// touches its neighbour toward the verb.
fn push(side: &mut Vec<Elem>, elem: Elem, adjacent: bool) {
    if !adjacent {
        side.push(Elem::Gap);
    }
    side.push(elem);
}

/// A PETRARCH verb pattern: the elements before the verb (nearest the verb
/// first), the elements after it, and its code. dyad's own patterns
/// (`dict/verbs.rs`) are elements after an anchor word: `post` alone.
#[derive(Clone, Debug)]
pub(crate) struct VerbPattern {
    pub(crate) pre: Vec<Elem>,
    pub(crate) post: Vec<Elem>,
    pub(crate) code: VerbCode,
    /// For each required word element, the words it can start with: a
    /// sentence lacking all of one list cannot match (checked first).
    pub(crate) firsts: Vec<Vec<u32>>,
    /// Pattern text and line, for explanations.
    pub(crate) text: String,
    pub(crate) line: usize,
}

impl VerbPattern {
    /// A pattern from its sides; `firsts` is derived from the word elements.
    pub(crate) fn new(pre: Vec<Elem>, post: Vec<Elem>, code: VerbCode, text: String) -> VerbPattern {
        let firsts = pre.iter().chain(&post).filter_map(Elem::firsts).collect();
        VerbPattern { pre, post, code, firsts, text, line: 0 }
    }

    /// A pattern from its items in sentence order (`*` the verb), each with
    /// whether it touches the one before it; `elem` reads an item. `body`
    /// is the pattern as written, for problems; `text` for explanations.
    pub(crate) fn from_items(
        items: &[(&str, bool)],
        body: &str,
        text: String,
        code: VerbCode,
        mut elem: impl FnMut(&str) -> Result<Elem, String>,
    ) -> Result<VerbPattern, String> {
        let star =
            items.iter().position(|(t, _)| *t == "*").ok_or_else(|| format!("pattern `{body}` has no verb `*`"))?;
        // Before the verb: nearest the verb first, each touching the one after it.
        let mut pre = Vec::new();
        for k in (0..star).rev() {
            push(&mut pre, elem(items[k].0)?, items[k + 1].1);
        }
        let mut post = Vec::new();
        for &(t, touches) in &items[star + 1..] {
            push(&mut post, elem(t)?, touches);
        }
        Ok(VerbPattern::new(pre, post, code, text))
    }

    /// How specific the pattern is: its elements, gaps not counted.
    pub(crate) fn weight(&self) -> usize {
        self.pre.iter().chain(&self.post).filter(|e| **e != Elem::Gap).count()
    }
}

/// The side of the verb a pattern's elements are matched on: after it in
/// order, or before it backward (the elements nearest the verb first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    After,
    Before,
}

/// The outcome of matching elements from one position.
pub(crate) enum Step<F> {
    /// They matched, binding `F`.
    Matched(F),
    /// Nothing of them starts here: a gap before them tries its next width.
    Failed,
    /// The first element is bound to this position and the rest failed: a
    /// gap before it tries no other width (PETRARCH: a slot binds the first
    /// compound it reaches).
    Stopped,
}

impl<F> Step<F> {
    pub(crate) fn matched(self) -> Option<F> {
        match self {
            Step::Matched(f) => Some(f),
            _ => None,
        }
    }
}

/// A sentence as a convention lets the matcher read it: its words' ids, how
/// far a gap reaches and what fills a slot.
pub(crate) trait Reading {
    /// What a match binds, built from the last element back toward the verb.
    type Found;
    /// One past the last token a match may use.
    fn limit(&self) -> usize;
    /// The id of token `i`'s word in the dictionary's [`Vocab`].
    fn word(&self, i: usize) -> u32;
    /// What an empty rest of a pattern binds, ending at `pos`.
    fn done(&self, pos: usize) -> Self::Found;
    /// Where the element after a gap at `pos` may start (after the verb) or
    /// end (before it), nearest first.
    fn gap(&self, pos: usize, side: Side) -> impl Iterator<Item = usize>;
    /// Fills the slot `elem` (`$ + %`) at `pos`, then matches the rest of
    /// the pattern with `rest` from where the slot's actor ends; `words_next`
    /// when the rest starts with words.
    fn slot(
        &self,
        elem: &Elem,
        pos: usize,
        side: Side,
        words_next: bool,
        rest: impl FnMut(usize) -> Option<Self::Found>,
    ) -> Step<Self::Found>;
    /// Skips the noun phrase `^` at `pos`, then matches the rest with `rest`.
    fn skip(&self, pos: usize, side: Side, rest: impl FnOnce(usize) -> Option<Self::Found>) -> Step<Self::Found>;
    /// Records that the words `start..end` matched a word element.
    fn used(&self, _found: &mut Self::Found, _start: usize, _end: usize) {}
    /// Records that words matched at `at` after a gap of at least one token.
    fn after_gap(&self, _found: &mut Self::Found, _at: usize) {}
}

/// Matches the elements of one side of a pattern from token `pos` outward
/// from the verb: an element touches the one before it unless a gap is
/// between them; a word element takes one of its words or word sequences
/// (or nothing, when optional); slots and `^` are filled as `r` says.
pub(crate) fn match_side<R: Reading>(r: &R, elems: &[Elem], pos: usize, side: Side) -> Step<R::Found> {
    let Some((first, rest)) = elems.split_first() else { return Step::Matched(r.done(pos)) };
    let words_next = matches!(rest.first(), Some(Elem::Words { .. }));
    match first {
        Elem::Gap => {
            for p in r.gap(pos, side) {
                match match_side(r, rest, p, side) {
                    Step::Matched(mut f) => {
                        if p != pos && words_next {
                            r.after_gap(&mut f, p);
                        }
                        return Step::Matched(f);
                    }
                    Step::Stopped => return Step::Failed,
                    Step::Failed => {}
                }
            }
            Step::Failed
        }
        Elem::Words { single, multi, optional } => {
            let fits = |n: usize| match side {
                Side::After => (pos + n <= r.limit()).then_some(pos),
                Side::Before => pos.checked_sub(n),
            };
            let tail = |start: usize, n: usize| {
                let next = if side == Side::After { start + n } else { start };
                let mut f = match_side(r, rest, next, side).matched()?;
                r.used(&mut f, start, start + n);
                Some(f)
            };
            if let Some(start) = fits(1).filter(|&s| single.binary_search(&r.word(s)).is_ok()) {
                if let Some(f) = tail(start, 1) {
                    return Step::Matched(f);
                }
            }
            for o in multi {
                let Some(start) = fits(o.len()) else { continue };
                if o.iter().enumerate().all(|(k, &w)| r.word(start + k) == w) {
                    if let Some(f) = tail(start, o.len()) {
                        return Step::Matched(f);
                    }
                }
            }
            if *optional {
                return match_side(r, rest, pos, side);
            }
            Step::Failed
        }
        Elem::Source | Elem::Target | Elem::Compound => {
            r.slot(first, pos, side, words_next, |from| match_side(r, rest, from, side).matched())
        }
        Elem::Skip => r.skip(pos, side, |from| match_side(r, rest, from, side).matched()),
    }
}
