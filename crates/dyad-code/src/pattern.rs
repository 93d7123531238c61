//! Verb patterns: the one representation every dictionary format compiles
//! into. A pattern is a list of elements ([`Elem`]) on each side of the
//! verb: words (or phrases, or synonym sets), slots (`$` source, `+`
//! target, `%` compound, `^` a skipped noun phrase) and gaps (elements
//! without a gap between them touch); a code with an optional reverse code.
//!
//! dyad's patterns (`dict/verbs.rs`, after an anchor, words interned)
//! compile into `Elem<u32>`; PETRARCH's, in both syntaxes (`compat/mod.rs`,
//! `compat/written.rs`), into [`VerbPattern`]s of `Elem<String>`. Still two:
//! the matchers (`ArticleCoder::match_items`, compat's `match_side`).

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

/// One element of a verb pattern, over words of type `W`: dyad's own
/// patterns intern their words (`u32` ids in the verb dictionary's
/// vocabulary), PETRARCH's keep them as written (`String`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Elem<W> {
    /// One of these words (`single`, sorted) or word sequences (`multi`);
    /// `optional` when an empty alternative was given.
    Words { single: Vec<W>, multi: Vec<Vec<W>>, optional: bool },
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

impl<W: Ord + Clone> Elem<W> {
    /// A word element from its alternatives (words and word sequences).
    pub(crate) fn words(alts: impl IntoIterator<Item = Vec<W>>, optional: bool) -> Elem<W> {
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
    pub(crate) fn alternatives(&self) -> impl Iterator<Item = &[W]> {
        let (single, multi): (&[W], &[Vec<W>]) = match self {
            Elem::Words { single, multi, .. } => (single, multi),
            _ => (&[], &[]),
        };
        single.iter().map(std::slice::from_ref).chain(multi.iter().map(Vec::as_slice))
    }

    /// The words an occurrence of this element can start with (sorted), for
    /// a required word element; `None` for the others.
    pub(crate) fn firsts(&self) -> Option<Vec<W>> {
        let Elem::Words { single, multi, optional: false } = self else { return None };
        let mut f: Vec<W> = single.iter().chain(multi.iter().filter_map(|m| m.first())).cloned().collect();
        f.sort_unstable();
        f.dedup();
        Some(f)
    }
}

impl Elem<String> {
    /// A pattern token (of `body`) as an element, in either PETRARCH
    /// syntax: a slot `$ + % ^`, a synonym set `&NAME` (its members from
    /// `set`, given the name), or a word (as `word` spells it).
    pub(crate) fn read(
        t: &str,
        body: &str,
        set: impl Fn(&str) -> Option<Vec<Vec<String>>>,
        word: impl Fn(&str) -> String,
    ) -> Result<Elem<String>, String> {
        Ok(match t {
            "$" => Elem::Source,
            "+" => Elem::Target,
            "%" => Elem::Compound,
            "^" => Elem::Skip,
            "*" => return Err(format!("pattern `{body}` has two verbs `*`")),
            s if s.starts_with('&') => {
                Elem::words(set(&s[1..]).ok_or_else(|| format!("synonym set `{s}` is not defined"))?, false)
            }
            s => Elem::words([vec![word(s)]], false),
        })
    }
}

/// Appends `elem` to a side of a pattern, after a [`Elem::Gap`] unless it
/// touches its neighbour toward the verb.
pub(crate) fn push(side: &mut Vec<Elem<String>>, elem: Elem<String>, adjacent: bool) {
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
    pub(crate) pre: Vec<Elem<String>>,
    pub(crate) post: Vec<Elem<String>>,
    pub(crate) code: VerbCode,
    /// For each required word element, the words it can start with: a
    /// sentence lacking all of one list cannot match (checked first).
    pub(crate) firsts: Vec<Vec<String>>,
    /// Pattern text and line, for explanations.
    pub(crate) text: String,
    pub(crate) line: usize,
}

impl VerbPattern {
    /// A pattern from its sides; `firsts` is derived from the word elements.
    pub(crate) fn new(pre: Vec<Elem<String>>, post: Vec<Elem<String>>, code: VerbCode, text: String) -> VerbPattern {
        let firsts = pre.iter().chain(&post).filter_map(Elem::firsts).collect();
        VerbPattern { pre, post, code, firsts, text, line: 0 }
    }

    /// How specific the pattern is: its elements, gaps not counted.
    pub(crate) fn weight(&self) -> usize {
        self.pre.iter().chain(&self.post).filter(|e| **e != Elem::Gap).count()
    }
}
