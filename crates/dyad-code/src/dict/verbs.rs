//! Verb patterns: `[CODE] label` sections of one pattern per line.
//!
//! A pattern compiles to a list of [`Elem`]s after its anchor word (the one
//! pattern representation, words interned; dyad's syntax has no `%` or `^`). The
//! anchor's inflected forms go into a hash index, so finding candidate
//! patterns for a token is a single lookup.

use rustc_hash::FxHashMap;

use super::blocks::strip_comment;
use super::Normalizer;
use crate::cameo::CameoTable;
use crate::inflect::{self, VerbForm};
use crate::pattern::{Elem, Vocab};
use crate::Problem;

/// A compiled pattern.
#[derive(Clone, Debug)]
pub(crate) struct Pattern {
    /// CAMEO code, or `discard`.
    pub(crate) code: String,
    /// True for a `[discard]` pattern.
    pub(crate) discard: bool,
    /// Items after the anchor.
    pub(crate) items: Vec<Elem>,
    /// The line as written, for evidence.
    pub(crate) text: String,
    /// How specific the pattern is: literal items count most.
    pub(crate) specificity: u32,
    /// For each required word item, the ids that can start it (sorted): a
    /// sentence lacking all of one list cannot match, so the pattern is skipped.
    pub(crate) required: Vec<Vec<u32>>,
    /// `file:line`.
    pub(crate) origin: String,
}

/// How an anchor token relates to a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct AnchorRef {
    pub(crate) pattern: u32,
    /// Which form of the anchor the token is; `None` for noun anchors.
    pub(crate) form: Option<VerbForm>,
}

/// The compiled verb dictionary.
#[derive(Debug, Default)]
pub(crate) struct VerbDict {
    patterns: Vec<Pattern>,
    /// Every word the patterns and anchors use, and common verb forms; id 0 is "unknown".
    vocab: Vocab,
    /// Patterns anchored on each word id.
    anchors: Vec<Vec<AnchorRef>>,
    /// Per word id: which verb forms the word is (a bit per [`VerbForm`]), 0 if none.
    verb: Vec<u8>,
}

/// The bit of a verb form in [`VerbDict`]'s form masks.
pub(crate) fn form_bit(f: VerbForm) -> u8 {
    match f {
        VerbForm::Base => 1,
        VerbForm::Third => 2,
        VerbForm::Past => 4,
        VerbForm::Participle => 8,
        VerbForm::Gerund => 16,
    }
}

impl VerbDict {
    pub(crate) fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    pub(crate) fn pattern(&self, i: u32) -> &Pattern {
        &self.patterns[i as usize]
    }

    /// The id of a normalized token, 0 when the dictionary does not use it.
    pub(crate) fn id(&self, token: &str) -> u32 {
        self.vocab.id(token)
    }

    /// Patterns anchored on this word id.
    pub(crate) fn anchored(&self, id: u32) -> &[AnchorRef] {
        self.anchors.get(id as usize).map_or(&[], Vec::as_slice)
    }

    /// True when the word id is a form of any verb dyad knows.
    pub(crate) fn is_verb_id(&self, id: u32) -> bool {
        self.forms(id) != 0
    }

    /// Every anchor word with its patterns.
    pub(crate) fn anchor_words(&self) -> impl Iterator<Item = (&str, &[AnchorRef])> {
        self.vocab.map.iter().map(|(w, &id)| (w.as_str(), self.anchored(id))).filter(|(_, r)| !r.is_empty())
    }

    /// Number of word ids (for bit sets over the vocabulary).
    pub(crate) fn vocab_len(&self) -> usize {
        self.vocab.map.len() + 1
    }

    /// The verb forms the word id can be, as [`form_bit`]s.
    pub(crate) fn forms(&self, id: u32) -> u8 {
        self.verb.get(id as usize).copied().unwrap_or(0)
    }

    /// True when the token is a form of any verb dyad knows.
    pub(crate) fn is_any_verb(&self, token: &str) -> bool {
        self.is_verb_id(self.id(token))
    }
}

struct RawPattern {
    code: String,
    text: String,
    origin: String,
    file: String,
    line: usize,
}

/// Collects pattern lines from all files, then compiles them.
pub(crate) struct VerbDictBuilder {
    normalize: Normalizer,
    synsets: FxHashMap<String, Vec<Vec<String>>>,
    raw: Vec<RawPattern>,
}

impl VerbDictBuilder {
    pub(crate) fn new(normalize: Normalizer) -> VerbDictBuilder {
        VerbDictBuilder { normalize, synsets: FxHashMap::default(), raw: Vec::new() }
    }

    fn words(&self, phrase: &str) -> Vec<String> {
        (self.normalize)(phrase).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect()
    }

    pub(crate) fn add(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) {
        let mut code: Option<String> = None;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                continue;
            }
            if let Some(def) = line.strip_prefix('&') {
                let Some((name, members)) = def.split_once('=') else {
                    problems.push(Problem::new(file, line_no, "a synonym set is `&NAME = word, word`"));
                    continue;
                };
                let name = name.trim().to_ascii_uppercase();
                let set: Vec<Vec<String>> =
                    members.split(',').map(|m| self.words(m.trim())).filter(|w| !w.is_empty()).collect();
                if set.is_empty() {
                    problems.push(Problem::new(file, line_no, format!("synonym set &{name} is empty")));
                    continue;
                }
                self.synsets.insert(name, set);
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                let Some(close) = rest.find(']') else {
                    problems.push(Problem::new(file, line_no, "a section header needs a closing `]`"));
                    code = None;
                    continue;
                };
                code = Some(rest[..close].trim().to_string());
                continue;
            }
            let Some(c) = &code else {
                problems.push(Problem::new(file, line_no, "pattern before any `[CODE]` section"));
                continue;
            };
            self.raw.push(RawPattern {
                code: c.clone(),
                text: line.to_string(),
                origin: format!("{file}:{line_no}"),
                file: file.to_string(),
                line: line_no,
            });
        }
    }

    pub(crate) fn build(self, cameo: &CameoTable, problems: &mut Vec<Problem>) -> VerbDict {
        let mut dict = VerbDict::default();
        let mut vocab = Vocab::default();
        let mut seen: FxHashMap<(String, String), ()> = FxHashMap::default();
        let mut anchors: Vec<(u32, AnchorRef)> = Vec::new();
        for r in &self.raw {
            let discard = r.code.eq_ignore_ascii_case("discard");
            if !discard && cameo.get(&r.code).is_none() {
                problems.push(Problem::new(&r.file, r.line, format!("unknown CAMEO code `{}`", r.code)));
                continue;
            }
            let key = (r.code.clone(), r.text.split_whitespace().collect::<Vec<_>>().join(" "));
            if seen.insert(key, ()).is_some() {
                problems.push(Problem::new(&r.file, r.line, format!("duplicate pattern `{}`", r.text)));
                continue;
            }
            match self.compile(&r.text, &mut vocab) {
                Ok((anchor_words, noun, items)) => {
                    let specificity = items
                        .iter()
                        .map(|i| match i {
                            Elem::Words { optional: false, .. } => 4,
                            Elem::Words { optional: true, .. } => 1,
                            Elem::Target | Elem::Source | Elem::Compound | Elem::Skip => 2,
                            Elem::Gap => 0,
                        })
                        .sum();
                    let mut required: Vec<Vec<u32>> = items.iter().filter_map(Elem::firsts).collect();
                    // The most selective test first.
                    required.sort_by_key(Vec::len);
                    let id = dict.patterns.len() as u32;
                    dict.patterns.push(Pattern {
                        code: if discard { "discard".to_string() } else { r.code.clone() },
                        discard,
                        items,
                        text: r.text.clone(),
                        specificity,
                        required,
                        origin: r.origin.clone(),
                    });
                    for anchor in &anchor_words {
                        if noun {
                            for form in [anchor.clone(), inflect::plural(anchor)] {
                                anchors.push((vocab.intern(&form), AnchorRef { pattern: id, form: None }));
                            }
                        } else if discard && anchor_words.len() > 1 {
                            // `(beat|beats|beaten)`: the forms are written out.
                            anchors.push((vocab.intern(anchor), AnchorRef { pattern: id, form: Some(VerbForm::Base) }));
                        } else {
                            for (form, f) in inflect::verb_forms(anchor) {
                                anchors.push((vocab.intern(&form), AnchorRef { pattern: id, form: Some(f) }));
                            }
                        }
                    }
                }
                Err(m) => problems.push(Problem::new(&r.file, r.line, m)),
            }
        }
        // Discard phrases (`(gold|silver) medal`) do not make their words verbs.
        let mut verb_ids: Vec<(u32, VerbForm)> = anchors
            .iter()
            .filter(|(_, a)| !dict.patterns[a.pattern as usize].discard)
            .filter_map(|(w, a)| a.form.map(|f| (*w, f)))
            .collect();
        for base in crate::lexicon::COMMON_VERBS {
            for (form, f) in inflect::verb_forms(base) {
                verb_ids.push((vocab.intern(&form), f));
            }
        }
        let n = vocab.map.len() + 1;
        dict.anchors = vec![Vec::new(); n];
        for (w, a) in anchors {
            dict.anchors[w as usize].push(a);
        }
        dict.verb = vec![0; n];
        for (w, f) in verb_ids {
            dict.verb[w as usize] |= form_bit(f);
        }
        // Most specific patterns first, so the matcher can stop at the first hit.
        let patterns = &dict.patterns;
        for list in &mut dict.anchors {
            list.sort_by(|a, b| {
                patterns[b.pattern as usize]
                    .specificity
                    .cmp(&patterns[a.pattern as usize].specificity)
                    .then(a.pattern.cmp(&b.pattern))
            });
            // One entry per pattern: `sent` is both past and participle.
            list.dedup_by(|a, b| a.pattern == b.pattern);
        }
        dict.vocab = vocab;
        dict
    }

    fn words_item(&self, set: &[Vec<String>], optional: bool, vocab: &mut Vocab) -> Elem {
        Elem::words(with_plurals(set).iter().map(|o| o.iter().map(|w| vocab.intern(w)).collect()), optional)
    }

    /// Compiles one pattern line into (anchor words, is_noun, items). The
    /// anchor is one word, or `(a|b|c)` for several.
    fn compile(&self, text: &str, vocab: &mut Vocab) -> Result<(Vec<String>, bool, Vec<Elem>), String> {
        let parts = split_items(text)?;
        let Some((first, rest)) = parts.split_first() else {
            return Err("empty pattern".to_string());
        };
        let (anchor, noun) = match first.strip_suffix("@n") {
            Some(a) => (a, true),
            None => (first.as_str(), false),
        };
        let mut anchor_words = Vec::new();
        let alternatives = anchor.strip_prefix('(').and_then(|a| a.strip_suffix(')'));
        for alt in alternatives.map_or_else(|| vec![anchor], |a| a.split('|').collect()) {
            let w = self.words(alt.trim());
            if w.len() != 1 || !w[0].chars().all(|c| c.is_alphabetic() || c == '-') {
                return Err(format!("the anchor `{first}` must be a word or `(word|word)`"));
            }
            anchor_words.push(w[0].clone());
        }
        let mut items = Vec::new();
        for p in rest {
            let item = match p.as_str() {
                "~" => Elem::Gap,
                "+" => Elem::Target,
                "$" => Elem::Source,
                s if s.starts_with('&') => {
                    let name = s[1..].to_ascii_uppercase();
                    let set = self.synsets.get(&name).ok_or_else(|| format!("undefined synonym set `{s}`"))?;
                    self.words_item(set, false, vocab)
                }
                s if s.starts_with('(') => {
                    let inner = s.trim_start_matches('(').trim_end_matches(')');
                    let mut optional = false;
                    let mut options = Vec::new();
                    for alt in inner.split('|') {
                        let alt = alt.trim();
                        if alt.is_empty() {
                            optional = true;
                        } else if let Some(name) = alt.strip_prefix('&') {
                            let set = self
                                .synsets
                                .get(&name.to_ascii_uppercase())
                                .ok_or_else(|| format!("undefined synonym set `{alt}`"))?;
                            options.extend(set.iter().cloned());
                        } else {
                            options.push(self.words(alt));
                        }
                    }
                    options.retain(|o| !o.is_empty());
                    if options.is_empty() {
                        return Err(format!("empty alternative `{s}`"));
                    }
                    self.words_item(&options, optional, vocab)
                }
                s if s.ends_with('?') => self.words_item(&[self.words(&s[..s.len() - 1])], true, vocab),
                s if s.contains(['(', ')', '|', '[', ']', '{', '}']) => {
                    return Err(format!("cannot read `{s}`"));
                }
                s => {
                    let w = self.words(s);
                    if w.is_empty() {
                        return Err(format!("cannot read `{s}`"));
                    }
                    self.words_item(&[w], false, vocab)
                }
            };
            items.push(item);
        }
        Ok((anchor_words, noun, items))
    }
}

/// Adds the regular plural of the last word of each single-word option
/// (`sanction` also matches `sanctions`).
fn with_plurals(set: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::with_capacity(set.len() * 2);
    for o in set {
        out.push(o.clone());
        if let Some(last) = o.last() {
            if last.len() > 2 && last.chars().all(char::is_alphabetic) && !last.ends_with('s') {
                let mut p = o.clone();
                let n = p.len() - 1;
                p[n] = inflect::plural(last);
                out.push(p);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Splits a pattern line on spaces, keeping `( … )` groups whole.
fn split_items(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                cur.push(c);
            }
            ')' => {
                if depth == 0 {
                    return Err("unbalanced `)`".to_string());
                }
                depth -= 1;
                cur.push(c);
            }
            c if c.is_whitespace() && depth == 0 => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if depth != 0 {
        return Err("unbalanced `(`".to_string());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        s.to_lowercase()
    }

    fn cameo() -> CameoTable {
        CameoTable::parse("cameo.tsv", crate::dict::BUILTIN_CAMEO, &mut Vec::new())
    }

    #[test]
    fn compiles_items_and_indexes_anchor_forms() {
        let mut b = VerbDictBuilder::new(norm);
        let mut p = Vec::new();
        b.add("v", "&FUEL = fuel, crude oil\n[071] aid\nsend ~ &FUEL to +\n[042] visit\nvisit@n (to|) +\n", &mut p);
        let d = b.build(&cameo(), &mut p);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(d.patterns().len(), 2);
        assert!(d.anchored(d.id("sent")).iter().any(|a| a.pattern == 0));
        assert!(d.anchored(d.id("visits")).iter().any(|a| a.pattern == 1 && a.form.is_none()));
        let Elem::Words { single, multi, .. } = &d.pattern(0).items[1] else { panic!() };
        assert!(multi.contains(&vec![d.id("crude"), d.id("oil")]));
        assert!(single.contains(&d.id("fuels")));
        assert!(d.is_any_verb("sending") && d.is_any_verb("became") && !d.is_any_verb("fuel"));
    }

    #[test]
    fn reports_bad_lines_and_keeps_the_rest() {
        let mut b = VerbDictBuilder::new(norm);
        let mut p = Vec::new();
        b.add(
            "v",
            "visit +\n[999] nope\nvisit +\n[042] v\nvisit (to +\nvisit &NOPE\n+ visit\nvisit +\nvisit +\n",
            &mut p,
        );
        let d = b.build(&cameo(), &mut p);
        assert_eq!(d.patterns().len(), 1);
        let lines: Vec<usize> = p.iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 3, 5, 6, 7, 9], "{p:?}");
    }
}
