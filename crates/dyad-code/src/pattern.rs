//! Verb patterns with PETRARCH's conventions: parts on both sides of the
//! verb, each a word (or phrase, or synonym set), a slot (`$` source, `+`
//! target, `%` compound, `^` a skipped noun phrase) and whether it touches
//! its neighbour toward the verb; a code with an optional reverse code.
//!
//! Both syntaxes of PETRARCH dictionaries compile into these types:
//! PETRARCH's own (`- SAID * &TIES_WITH + [064]`, `compat/mod.rs`) and
//! dyad's block syntax under `convention: petrarch` (`pattern: said ~ * ~
//! &S0 with + = 064`, `compat/written.rs`); `compat/coder.rs` matches them.
//! dyad's own patterns (`dict/verbs.rs`, `Item`s after an anchor, matched
//! on word ids with bounded gaps) are not yet of this type (issue 16).

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

/// One element of a verb pattern.
#[derive(Clone, Debug)]
pub(crate) enum Elem {
    /// One of these word sequences (a word, a phrase or a synonym set).
    Words(Vec<Vec<String>>),
    /// `$`: the source.
    Source,
    /// `+`: the target.
    Target,
    /// `%`: a compound actor, coded both ways.
    Compound,
    /// `^`: skip one noun phrase.
    Skip,
}

impl Elem {
    /// A pattern token (of `body`) as an element, in either syntax: a slot
    /// `$ + % ^`, a synonym set `&NAME` (its members from `set`, given the
    /// name), or a word (as `word` spells it).
    pub(crate) fn read(
        t: &str,
        body: &str,
        set: impl Fn(&str) -> Option<Vec<Vec<String>>>,
        word: impl Fn(&str) -> String,
    ) -> Result<Elem, String> {
        Ok(match t {
            "$" => Elem::Source,
            "+" => Elem::Target,
            "%" => Elem::Compound,
            "^" => Elem::Skip,
            "*" => return Err(format!("pattern `{body}` has two verbs `*`")),
            s if s.starts_with('&') => {
                Elem::Words(set(&s[1..]).ok_or_else(|| format!("synonym set `{s}` is not defined"))?)
            }
            s => Elem::Words(vec![vec![word(s)]]),
        })
    }
}

/// A pattern element and whether it must touch its neighbour toward the
/// verb (`_` in the dictionary) rather than allow a gap.
#[derive(Clone, Debug)]
pub(crate) struct Part {
    pub(crate) elem: Elem,
    pub(crate) adjacent: bool,
}

/// A verb pattern: the parts before the verb (nearest the verb last), the
/// parts after it, and its code.
#[derive(Clone, Debug)]
pub(crate) struct VerbPattern {
    pub(crate) pre: Vec<Part>,
    pub(crate) post: Vec<Part>,
    pub(crate) code: VerbCode,
    /// For each word element, the first words of its alternatives: a
    /// sentence lacking all of one set cannot match (checked first).
    pub(crate) firsts: Vec<Vec<String>>,
    /// Pattern text and line, for explanations.
    pub(crate) text: String,
    pub(crate) line: usize,
}

impl VerbPattern {
    /// A pattern from its parts; `firsts` is derived from the word elements.
    pub(crate) fn new(pre: Vec<Part>, post: Vec<Part>, code: VerbCode, text: String) -> VerbPattern {
        let firsts = pre
            .iter()
            .chain(&post)
            .filter_map(|p| match &p.elem {
                Elem::Words(alts) => {
                    let mut f: Vec<String> = alts.iter().filter_map(|a| a.first().cloned()).collect();
                    f.sort();
                    f.dedup();
                    Some(f)
                }
                _ => None,
            })
            .collect();
        VerbPattern { pre, post, code, firsts, text, line: 0 }
    }

    pub(crate) fn weight(&self) -> usize {
        self.pre.len() + self.post.len()
    }
}
