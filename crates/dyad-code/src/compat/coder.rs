//! The PETRARCH/TABARI-compatible coder.
//!
//! PETRARCH-1 matched its patterns against CoreNLP parse trees; TABARI
//! against a shallow parse of the raw text. dyad does what TABARI did, with
//! the positions PETRARCH read from trees recovered from the words:
//!
//! - **Noun phrases** are runs of words between verbs, prepositions,
//!   conjunctions and punctuation. An actor phrase in one gives its code;
//!   agent phrases add theirs (`~GOV` after, `NGO~` before: `MSF Arnor
//!   diplomat` → `NGOARNGOV`); an agent with no actor is `---GOV`.
//!   `AGENT of/in/from ACTOR` binds the agent to the actor (`soldiers from
//!   Gondor` → `GONMIL`), across lists on both sides (`lawmakers and
//!   officials in Fornost and Gondor` → four actors).
//! - **Compounds** (PETRARCH's coordinated NPs) are noun phrases joined by
//!   `and`, `or`, `nor` and commas; each member codes its own event.
//! - **Verbs** are dictionary verb forms not used as nouns (after a
//!   determiner or possessive). The subject (PETRARCH's NP before the VP) is
//!   the nearest compound before the verb within its clause, or the previous
//!   verb's subject after `and`; a passive verb (`was opposed by X`) takes
//!   the `by` phrase as source and the subject as target. The object is the
//!   first compound after the verb.
//! - **Patterns** match word by word outward from the verb: words after `*`
//!   in order after it, words before `*` in reverse order before it; `_`
//!   requires the next word, a space allows a gap. `$`, `+` and `%` bind a
//!   compound at that point; `^` skips one. The most specific pattern that
//!   matches wins; otherwise the verb form's or family's code. Paired codes
//!   `[a:b]` code `a` source→target and `b` target→source; `%` codes every
//!   ordered pair of the compound.
//! - **Discards** stop the sentence; a story discard (`+`) too, no more
//!   (the convention codes sentence by sentence).

use super::{Elem, Entry, PetrDict, VerbCode, VerbPattern};
use crate::coder::{petrarch_sides, PetrSides};
use crate::dict::ActorKind;
use crate::pattern::{match_side, Reading, Side, Step};
use crate::phrases::{self, Combination, Group, Part, Phrase};
use crate::rules::Rule;
use dyad_types::Sentence;

use crate::lexicon::{
    self as lx, is_article, is_clause_opener, is_coordinator, is_hard_boundary, is_preposition, is_subject_pronoun,
};

/// PETRARCH's coding switches (`PETR_config.ini`, `<Config>` records).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PetrOptions {
    /// Drop events with no source or no target.
    pub require_dyad: bool,
    /// Comma-delimited clauses inside the sentence of `comma_min..=comma_max`
    /// words are dropped before coding (0 max: never).
    pub comma_min: usize,
    /// See `comma_min`.
    pub comma_max: usize,
    /// The same for the clause before the first comma.
    pub comma_bmin: usize,
    /// See `comma_bmin`.
    pub comma_bmax: usize,
    /// The same for the clause after the last comma.
    pub comma_emin: usize,
    /// See `comma_emin`.
    pub comma_emax: usize,
}

impl Default for PetrOptions {
    /// The values of PETRARCH's distributed `PETR_config.ini`.
    fn default() -> PetrOptions {
        PetrOptions {
            require_dyad: true,
            comma_min: 2,
            comma_max: 8,
            comma_bmin: 0,
            comma_bmax: 0,
            comma_emin: 2,
            comma_emax: 8,
        }
    }
}

impl PetrOptions {
    /// Sets one switch by its PETRARCH name. Switches dyad has no use for
    /// (`stop_on_error`, `new_actor_length`, …) are accepted and ignored;
    /// a bad value is an error.
    pub fn set(&mut self, option: &str, value: &str) -> Result<(), String> {
        let (option, v) = (option.trim(), value.trim());
        let number = || v.parse::<usize>().map_err(|_| format!("`{option}` wants a number, not `{v}`"));
        match option.trim().to_ascii_lowercase().as_str() {
            "require_dyad" => {
                self.require_dyad = match v.to_ascii_lowercase().as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(format!("`require_dyad` wants true or false, not `{v}`")),
                }
            }
            "comma_min" => self.comma_min = number()?,
            "comma_max" => self.comma_max = number()?,
            "comma_bmin" => self.comma_bmin = number()?,
            "comma_bmax" => self.comma_bmax = number()?,
            "comma_emin" => self.comma_emin = number()?,
            "comma_emax" => self.comma_emax = number()?,
            _ => {}
        }
        Ok(())
    }
}

/// One coded event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PetrEvent {
    /// Source actor code (`---` when none).
    pub(crate) source: String,
    /// Target actor code (`---` when none).
    pub(crate) target: String,
    /// The event code as the dictionary wrote it.
    pub(crate) code: String,
    /// Byte range of the source's words in the text.
    pub(crate) source_span: (usize, usize),
    /// Byte range of the target's words (empty when none).
    pub(crate) target_span: (usize, usize),
    /// Byte range of the verb.
    pub(crate) verb_span: (usize, usize),
    /// The pattern that fired (`family: text`, or the family alone).
    pub(crate) pattern: String,
    /// The rules that chose the source and the target (`coder/sides.rs`).
    pub(crate) rules: [Rule; 2],
}

/// A word as PETRARCH's conventions read it: lower case, `n't` apart,
/// hyphenated words whole; its id in the dictionaries' vocabulary (0 for a
/// word they do not use) and its byte range in the article text.
#[derive(Clone, Debug)]
pub(crate) struct Tok {
    pub(crate) w: String,
    id: u32,
    start: usize,
    end: usize,
}

/// What a token starts: an actor (its dated codes) or an agent (its
/// entry in the actor dictionary), a verb form, each with its length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lex {
    None,
    Actor(u32, usize),
    Agent(u32, usize),
    Verb(u32, usize),
    /// A later word of a phrase that starts earlier.
    Inside,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Slots {
    pub(crate) source: Option<usize>,
    pub(crate) target: Option<usize>,
    pub(crate) compound: Option<usize>,
    /// Literal word tokens the pattern used (other verbs there are not coded).
    used: Vec<usize>,
}

impl PetrDict {
    /// The events of one sentence's words (`date` as `YYYYMMDD`, 0 when
    /// unknown); none in a sentence with a discard phrase.
    pub(crate) fn code(&self, mut toks: Vec<Tok>, date: u32, opts: &PetrOptions) -> Vec<PetrEvent> {
        for t in &mut toks {
            t.id = self.vocab.id(&t.w);
        }
        let mut events = Vec::new();
        let mut discard = None;
        let (lex, verbs) = self.lexicon(&toks, &mut discard);
        if discard.is_some() {
            return events;
        }
        let keep = comma_clauses(&toks, &lex, opts);
        let (toks, lex): (Vec<Tok>, Vec<Lex>) =
            toks.into_iter().zip(lex).zip(keep).filter(|(_, k)| *k).map(|(tl, _)| tl).unzip();
        let (phrases, groups) = self.groups(&toks, &lex, date);
        let group_at = |t: usize| groups.iter().position(|g| g.start <= t && t < g.end);
        let cx = Cx { words: toks.iter().map(|t| t.id).collect(), toks: &toks, lex: &lex, groups: &groups };

        // Each verb not used as a noun, with its best pattern.
        struct Hit<'p> {
            at: usize,
            len: usize,
            code: VerbCode,
            slots: Slots,
            pattern: Option<&'p VerbPattern>,
            family: u32,
        }
        let mut hits: Vec<Hit<'_>> = Vec::new();
        for (i, l) in lex.iter().enumerate() {
            let Lex::Verb(v, len) = *l else { continue };
            if group_at(i).is_some() || is_nominal_use(&toks, &lex, i) || auxiliary_use(&toks, &lex, i) {
                continue;
            }
            // A form listed under several families (`--- SHOT [---]`,
            // `--- SHOT [223]`) tries all their patterns, in file order; the
            // first non-null code is the default.
            let forms = &verbs[v as usize];
            let Some(&first) = forms.first() else { continue };
            let default = forms
                .iter()
                .filter_map(|&f| self.forms[f as usize].code.clone())
                .find(|c| !c.is_null())
                .or_else(|| self.forms[first as usize].code.clone())
                .unwrap_or(VerbCode { forward: "---".into(), back: None });
            let mut hit = Hit {
                at: i,
                len,
                code: default,
                slots: Slots::default(),
                pattern: None,
                family: self.forms[first as usize].family,
            };
            'families: for &f in forms {
                let family = self.forms[f as usize].family;
                let fam = &self.families[family as usize];
                for p in fam.candidates(&cx.words).into_iter().map(|k| &fam.patterns[k as usize]) {
                    if let Some(slots) = self.match_pattern(&cx, i, len, p) {
                        hit.code = p.code.clone();
                        hit.slots = slots;
                        hit.pattern = Some(p);
                        hit.family = family;
                        break 'families;
                    }
                }
            }
            hits.push(hit);
        }
        // A verb a longer pattern used as one of its words codes nothing itself.
        let used: Vec<usize> = hits.iter().flat_map(|h| h.slots.used.iter().copied()).collect();
        hits.retain(|h| !used.contains(&h.at));

        let members = |g: usize| groups[g].members.iter().map(|&m| &phrases[m]);
        let mut last_source: Option<usize> = None;
        for h in &hits {
            // What fired, for the events' evidence (built once there is one).
            let why = || {
                let family = &self.families[h.family as usize].name;
                match h.pattern {
                    Some(p) => format!("{family}: - {} (line {})", p.text, p.line),
                    None => family.clone(),
                }
            };
            let span = (h.at, h.len);
            let (source, target) = match petrarch_sides(&cx, h.at, h.len, &h.slots, last_source) {
                PetrSides::EveryPair(g) => {
                    if !h.code.is_null() {
                        let why = why();
                        for a in members(g) {
                            for b in members(g).filter(|b| b.code != a.code) {
                                let rules = [Rule::Compound; 2];
                                events.push(event(a, Some(b), &h.code.forward, &toks, span, &why, rules));
                            }
                        }
                    }
                    last_source = Some(g);
                    continue;
                }
                PetrSides::Sides(source, target) => (source, target),
            };
            let Some((source, source_rule)) = source else { continue };
            last_source = Some(source);
            if h.code.is_null() {
                continue;
            }
            let why = why();
            for s in members(source) {
                match target {
                    Some((ts, target_rule)) => {
                        for t in members(ts) {
                            if s.code == t.code {
                                continue;
                            }
                            if h.code.forward != "---" {
                                let rules = [source_rule, target_rule];
                                events.push(event(s, Some(t), &h.code.forward, &toks, span, &why, rules));
                            }
                            if let Some(back) = h.code.back.as_deref().filter(|b| *b != "---") {
                                events.push(event(t, Some(s), back, &toks, span, &why, [target_rule, source_rule]));
                            }
                        }
                    }
                    None => {
                        if h.code.forward != "---" {
                            let rules = [source_rule, Rule::NoTarget];
                            events.push(event(s, None, &h.code.forward, &toks, span, &why, rules));
                        }
                    }
                }
            }
        }
        if opts.require_dyad {
            events.retain(|e| e.source != "---" && e.target != "---");
        }
        events
    }

    /// Longest dictionary phrase starting at each token: an actor or agent
    /// from the actor dictionary, else a verb phrase (`Lex::Verb` indexes
    /// the second list: the forms it is, in file order); a discard phrase
    /// at a token read sets `discard`.
    fn lexicon(&self, toks: &[Tok], discard: &mut Option<bool>) -> (Vec<Lex>, Vec<Vec<u32>>) {
        let mut verbs: Vec<Vec<u32>> = Vec::new();
        let names = self.actors.longest_at(toks.iter().map(|t| t.w.as_str()));
        let mut lex = vec![Lex::None; toks.len()];
        let mut i = 0;
        while i < toks.len() {
            let mut best = names[i].map(|(n, e)| match self.actors.entry(e).kind {
                ActorKind::Dated(k) => (n, Lex::Actor(k, n)),
                _ => (n, Lex::Agent(e, n)),
            });
            let mut forms = Vec::new();
            for (rest, entry) in self.phrases.get(&toks[i].id).into_iter().flatten() {
                let n = rest.len() + 1;
                if i + n > toks.len() || !rest.iter().zip(&toks[i + 1..]).all(|(a, b)| *a == b.id) {
                    continue;
                }
                match *entry {
                    Entry::Discard(story) => *discard = Some(discard.unwrap_or(false) || story),
                    // An actor or agent as long wins.
                    Entry::Verb(v) if best.is_none_or(|(bn, _)| n > bn) => {
                        best = Some((n, Lex::Verb(verbs.len() as u32, n)));
                        forms = vec![v];
                    }
                    Entry::Verb(v) if matches!(best, Some((bn, Lex::Verb(..))) if bn == n) => forms.push(v),
                    Entry::Verb(_) => {}
                }
            }
            if !forms.is_empty() && matches!(best, Some((_, Lex::Verb(..)))) {
                forms.sort_unstable();
                verbs.push(forms);
            }
            let (n, l) = best.unwrap_or((1, Lex::None));
            lex[i] = l;
            lex[i + 1..i + n].iter_mut().for_each(|x| *x = Lex::Inside);
            i += n;
        }
        (lex, verbs)
    }

    /// The sentence's compounds and their members by TABARI's combination
    /// ([`Combination::Tabari`]): what each token is to it, from the
    /// lexicon and the word classes, actor codes read on `date`.
    fn groups(&self, toks: &[Tok], lex: &[Lex], date: u32) -> (Vec<Phrase>, Vec<Group>) {
        // A later word of a dictionary phrase is read with its first.
        let mut parts = vec![Part::Word { plain: false }; toks.len()];
        let (mut i, mut open) = (0, false);
        while i < toks.len() {
            let (part, n) = match lex[i] {
                Lex::Actor(a, n) => (Part::Actor(self.actors.dated(a).on(date), n), n),
                Lex::Agent(a, n) => (Part::Agent(self.actors.entry(a).code.as_str(), n), n),
                Lex::Verb(_, n) if !is_nominal_use(toks, lex, i) => (Part::Break(n), n),
                Lex::Verb(_, n) => (Part::Word { plain: false }, n),
                Lex::Inside => (Part::Word { plain: false }, 1),
                Lex::None => {
                    let brk = is_break(&toks[i].w);
                    match brk && !(open && adjectives_joined(toks, lex, i)) {
                        true => (Part::Break(1), 1),
                        false => (Part::Word { plain: !brk }, 1),
                    }
                }
            };
            open = !matches!(part, Part::Break(_));
            parts[i] = part;
            i += n;
        }
        let words: Vec<&str> = toks.iter().map(|t| t.w.as_str()).collect();
        let how = Combination::Tabari { parts: &parts, is_determiner };
        let mut members = phrases::assemble(&words, &how);
        let (groups, _) = phrases::group(&words, &mut members, &how);
        (members, groups)
    }

    fn match_pattern(&self, cx: &Cx<'_>, at: usize, len: usize, p: &VerbPattern) -> Option<Slots> {
        if !p.firsts.iter().all(|f| f.iter().any(|w| cx.words.contains(w))) {
            return None;
        }
        let post = match_side(cx, &p.post, at + len, Side::After).matched()?;
        let pre = match_side(cx, &p.pre, at, Side::Before).matched()?;
        // The elements before the verb bind after those after it.
        let mut used = post.used;
        used.extend(pre.used);
        Some(Slots {
            source: pre.source.or(post.source),
            target: pre.target.or(post.target),
            compound: pre.compound.or(post.compound),
            used,
        })
    }
}

/// What pattern matching reads: the tokens, what each starts, the compounds.
pub(crate) struct Cx<'a> {
    /// The ids of the sentence's words, for the quick check before matching.
    words: rustc_hash::FxHashSet<u32>,
    pub(crate) toks: &'a [Tok],
    pub(crate) lex: &'a [Lex],
    pub(crate) groups: &'a [Group],
}

impl Cx<'_> {
    /// The end of the noun phrase `^` skips at `s`: a compound, or a run of
    /// words with no dictionary entry (`their populations`).
    fn skip_np(&self, s: usize) -> Option<usize> {
        if let Some(gi) = group_starting(self.toks, self.groups, s) {
            return Some(self.groups[gi].end);
        }
        let mut e = s;
        while e < self.toks.len() && plain(self.toks, self.lex, e) {
            e += 1;
        }
        (e > s).then_some(e)
    }

    /// The start of the noun phrase `^` skips that ends right before `e`.
    fn skip_np_back(&self, e: usize) -> Option<usize> {
        if let Some(g) = self.groups.iter().find(|g| g.end == e) {
            return Some(group_start_with_determiners(self.toks, g.start));
        }
        let mut s = e;
        while s > 0 && plain(self.toks, self.lex, s - 1) {
            s -= 1;
        }
        (s < e).then_some(s)
    }
}

/// PETRARCH's reading of a sentence for the one matcher: a gap as wide as
/// the sentence, a slot the compound at that place (bound
/// to the first one a gap reaches), `^` a noun phrase. Elements bind from
/// the verb outward, so a later slot of the same kind wins.
impl Reading for Cx<'_> {
    type Found = Slots;

    fn limit(&self) -> usize {
        self.toks.len()
    }

    fn word(&self, i: usize) -> u32 {
        self.toks[i].id
    }

    fn done(&self, _pos: usize) -> Slots {
        Slots::default()
    }

    fn gap(&self, pos: usize, side: Side) -> impl Iterator<Item = usize> {
        let (after, before) = match side {
            Side::After => (pos..self.toks.len(), 0..0),
            Side::Before => (0..0, 1..pos + 1),
        };
        after.chain(before.rev())
    }

    fn slot(
        &self,
        elem: &Elem,
        p: usize,
        side: Side,
        _words_next: bool,
        mut rest: impl FnMut(usize) -> Option<Slots>,
    ) -> Step<Slots> {
        let found = match side {
            Side::After => group_starting(self.toks, self.groups, p),
            Side::Before => self.groups.iter().position(|g| g.end == p),
        };
        let Some(gi) = found else { return Step::Failed };
        // `%` wants a compound of two or more.
        if matches!(elem, Elem::Compound) && self.groups[gi].members.len() < 2 {
            return Step::Stopped;
        }
        let from = match side {
            Side::After => self.groups[gi].end,
            Side::Before => group_start_with_determiners(self.toks, self.groups[gi].start),
        };
        let Some(mut slots) = rest(from) else { return Step::Stopped };
        let slot = match elem {
            Elem::Source => &mut slots.source,
            Elem::Target => &mut slots.target,
            _ => &mut slots.compound,
        };
        slot.get_or_insert(gi);
        Step::Matched(slots)
    }

    /// After the verb `^` skips the first noun phrase a gap reaches; before
    /// it, the one that ends right there.
    fn skip(&self, pos: usize, side: Side, rest: impl FnOnce(usize) -> Option<Slots>) -> Step<Slots> {
        let next = match side {
            Side::After => self.skip_np(pos),
            Side::Before => self.skip_np_back(pos),
        };
        match next {
            Some(p) => rest(p).map_or(Step::Stopped, Step::Matched),
            None if side == Side::After => Step::Failed,
            None => Step::Stopped,
        }
    }

    fn used(&self, found: &mut Slots, start: usize, end: usize) {
        found.used.extend(start..end);
    }
}

fn event(
    s: &Phrase,
    t: Option<&Phrase>,
    code: &str,
    toks: &[Tok],
    (at, len): (usize, usize),
    why: &str,
    rules: [Rule; 2],
) -> PetrEvent {
    let end = (at + len).min(toks.len()).max(at + 1);
    PetrEvent {
        source: s.code.clone(),
        target: t.map_or_else(|| "---".to_string(), |t| t.code.clone()),
        code: code.to_string(),
        source_span: (toks[s.start].start, toks[s.end - 1].end),
        target_span: t.map_or((0, 0), |t| (toks[t.start].start, toks[t.end - 1].end)),
        verb_span: (toks[at].start, toks[end - 1].end),
        pattern: why.to_string(),
        rules,
    }
}

/// Which tokens survive PETRARCH's comma rule: a comma-delimited clause
/// whose word count is within the bounds for its place (start, middle,
/// end) is dropped, unless it is an item of a list of actors
/// (`Mordor, the Shire, Fornost and Bree`).
fn comma_clauses(toks: &[Tok], lex: &[Lex], o: &PetrOptions) -> Vec<bool> {
    let mut keep = vec![true; toks.len()];
    let commas: Vec<usize> = toks.iter().enumerate().filter(|(_, t)| t.w == ",").map(|(i, _)| i).collect();
    if commas.is_empty() {
        return keep;
    }
    let end =
        if toks.last().is_some_and(|t| matches!(t.w.as_str(), "." | "!" | "?")) { toks.len() - 1 } else { toks.len() };
    let words = |a: usize, b: usize| toks[a..b].iter().filter(|t| t.w.chars().any(char::is_alphanumeric)).count();
    // A list item starts with an actor, past `and`, determiners and up to
    // two modifiers (`, and the evil awful Gondor`).
    let starts_with_actor = |a: usize, b: usize| {
        let mut i = a;
        while i < b && (matches!(toks[i].w.as_str(), "and" | "or") || is_determiner(&toks[i].w)) {
            i += 1;
        }
        (i..b.min(i + 3)).find(|&j| lex[j] != Lex::None).is_some_and(|j| matches!(lex[j], Lex::Actor(..)))
    };
    let ends_with_actor = |b: usize| {
        (0..b)
            .rev()
            .find(|&i| !matches!(lex[i], Lex::None | Lex::Inside))
            .is_some_and(|i| matches!(lex[i], Lex::Actor(_, n) if i + n == b))
    };
    let within = |n: usize, min: usize, max: usize| max > 0 && n >= min && n <= max;
    let drop = |a: usize, b: usize, keep: &mut Vec<bool>| keep[a..b].iter_mut().for_each(|k| *k = false);
    // Start: before the first comma (the comma goes with it).
    let first = commas[0];
    if within(words(0, first), o.comma_bmin, o.comma_bmax) {
        drop(0, first + 1, &mut keep);
    }
    for w in commas.windows(2) {
        let (a, b) = (w[0] + 1, w[1]);
        let list_item = starts_with_actor(a, b)
            && (ends_with_actor(w[0]) || toks.get(b + 1).is_some_and(|t| matches!(t.w.as_str(), "and" | "or")));
        if !list_item && within(words(a, b), o.comma_min, o.comma_max) {
            drop(a - 1, b, &mut keep);
        }
    }
    let last = commas[commas.len() - 1];
    let list_item = starts_with_actor(last + 1, end) && ends_with_actor(last);
    if !list_item && last < end && within(words(last + 1, end), o.comma_emin, o.comma_emax) {
        drop(last, end, &mut keep);
    }
    keep
}

fn group_starting(toks: &[Tok], groups: &[Group], s: usize) -> Option<usize> {
    groups.iter().position(|g| group_start_with_determiners(toks, g.start) <= s && s <= g.start)
}

pub(crate) fn group_start_with_determiners(toks: &[Tok], first: usize) -> usize {
    let mut s = first;
    while s > 0 && is_determiner(&toks[s - 1].w) {
        s -= 1;
    }
    s
}

/// Whether the verb at `i` is used as a noun: after a determiner, a
/// possessive or `of`, directly or past up to three modifiers with no
/// dictionary entry (`an attack`, `their meeting`, `a brief private visit`).
pub(crate) fn is_nominal_use(toks: &[Tok], lex: &[Lex], i: usize) -> bool {
    for (step, j) in (i.saturating_sub(4)..i).rev().enumerate() {
        let w = toks[j].w.as_str();
        if is_determiner(w) || w == "'s" || (step == 0 && w == "of") {
            return true;
        }
        if lex[j] != Lex::None || is_break(w) || !is_modifier(w) {
            return false;
        }
    }
    false
}

/// `has criticized`, `will not meet`: an auxiliary before another verb is
/// not coded itself.
fn auxiliary_use(toks: &[Tok], lex: &[Lex], i: usize) -> bool {
    if !is_auxiliary(&toks[i].w) {
        return false;
    }
    for j in i + 1..(i + 4).min(toks.len()) {
        let w = toks[j].w.as_str();
        if matches!(lex[j], Lex::Verb(..)) || matches!(w, "been" | "be" | "being") {
            return true;
        }
        if !is_adverb(w) {
            return false;
        }
    }
    false
}

/// Words that read as adjectives: dyad's determiners (`new`, `first`,
/// `former`, …), a short list and the usual suffixes.
fn is_modifier(w: &str) -> bool {
    const SUFFIXES: [&str; 16] =
        ["al", "ic", "ive", "ous", "ful", "ent", "ant", "ed", "ary", "ern", "ish", "ese", "ian", "ate", "able", "less"];
    const MODIFIERS: &[&str] = &[
        "old", "brief", "major", "senior", "full", "big", "small", "high", "low", "top", "late", "early", "long",
        "short", "great", "good", "bad", "fresh", "final", "key", "main", "chief", "huge", "rare", "own",
    ];
    lx::is_determiner(w) || MODIFIERS.contains(&w) || (w.len() > 4 && SUFFIXES.iter().any(|s| w.ends_with(s)))
}

/// `awful and evil minister`: an `and` between two modifiers inside a
/// noun phrase does not split it.
fn adjectives_joined(toks: &[Tok], lex: &[Lex], i: usize) -> bool {
    let bare = |j: usize| j < toks.len() && plain(toks, lex, j) && !is_determiner(&toks[j].w);
    toks[i].w == "and" && i > 0 && bare(i - 1) && bare(i + 1)
}

/// A word of a noun phrase with no dictionary entry (`their populations`).
fn plain(toks: &[Tok], lex: &[Lex], j: usize) -> bool {
    lex[j] == Lex::None && !is_break(&toks[j].w)
}

/// An auxiliary among the treebank's tokens: dyad's auxiliaries
/// ([`crate::lexicon::is_auxiliary`]) but `'s` and `get`, which here are a
/// possessive and a verb, and `to`, `not` and the halves of `won't` and
/// `can't` (`wo`, `ca`, `n't`) that the treebank splits off.
pub(crate) fn is_auxiliary(w: &str) -> bool {
    (lx::is_auxiliary(w) && !matches!(w, "'s" | "get" | "got" | "gets"))
        || matches!(w, "to" | "not" | "n't" | "wo" | "ca")
}

/// An adverb inside a verb group: dyad's (`lexicon::is_verb_adverb`,
/// negations), and, as TABARI read them, any word in `-ly`.
pub(crate) fn is_adverb(w: &str) -> bool {
    w.ends_with("ly") || lx::is_verb_adverb(w) || lx::is_negation(w)
}

/// Words that open a noun phrase: dyad's articles, and `that`.
pub(crate) fn is_determiner(w: &str) -> bool {
    is_article(w) || w == "that"
}

/// Words that open a clause the subject search does not cross: dyad's
/// clause openers, and `;` and `:`.
pub(crate) fn opens_clause(w: &str) -> bool {
    is_clause_opener(w) || matches!(w, ";" | ":")
}

/// Words that end a noun phrase: dyad's hard boundaries (punctuation),
/// prepositions, clause openers, coordinators and subject pronouns,
/// auxiliaries and verb-group adverbs, commas and dashes, and the words a
/// noun phrase never holds (other pronouns, wh-words, days, degree).
pub(crate) fn is_break(w: &str) -> bool {
    const BREAKS: &[&str] = &[
        ",",
        "``",
        "''",
        "--",
        "along",
        "either",
        "i",
        "you",
        "there",
        "how",
        "what",
        "why",
        "almost",
        "today",
        "yesterday",
        "tomorrow",
        "very",
    ];
    is_hard_boundary(w)
        || is_auxiliary(w)
        || is_preposition(w)
        || opens_clause(w)
        || is_coordinator(w)
        || is_subject_pronoun(w)
        || (lx::is_verb_adverb(w) && !is_modifier(w))
        || lx::is_negation(w)
        || BREAKS.contains(&w)
}

/// A sentence's words as PETRARCH's dictionaries write them, from dyad's
/// tokens (the one tokenizer): `_` is no word, `n't` is split off as the
/// Penn Treebank does, a hyphen keeps a word whole (`Minas-Tirith`, `anti-`).
pub(crate) fn words(s: &Sentence, text: &str) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::with_capacity(s.len());
    // The last word ends in a hyphen that touches it: the next word joins it.
    let mut glue = false;
    for (i, t) in s.tokens.iter().enumerate() {
        let (w, start, end) = (s.norm(i), t.span.start, t.span.end);
        if w == "_" {
            glue = false;
            continue;
        }
        let joins = !t.space_before && (w == "-" || (glue && w.chars().all(char::is_alphanumeric)));
        if let Some(last) = toks.last_mut().filter(|p| joins && p.end == start) {
            last.w.push_str(w);
            last.end = end;
            glue = w == "-";
            continue;
        }
        glue = false;
        match w.strip_suffix("n't").filter(|stem| !stem.is_empty()) {
            Some(stem) => {
                let original = text.get(start..end).unwrap_or("");
                let cut = end.saturating_sub(original.chars().rev().take(3).map(char::len_utf8).sum()).max(start);
                toks.push(Tok { w: stem.to_string(), id: 0, start, end: cut });
                toks.push(Tok { w: "n't".to_string(), id: 0, start: cut, end });
            }
            None => toks.push(Tok { w: w.to_string(), id: 0, start, end }),
        }
    }
    toks
}

/// The events of each sentence of `text`, as dyad's splitter cuts it.
#[cfg(test)]
pub(crate) fn code_text(d: &PetrDict, text: &str, date: u32, opts: &PetrOptions) -> Vec<PetrEvent> {
    dyad_text::sentences(text).flat_map(|s| d.code(words(&s, text), date, opts)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of each sentence of `text`, as dyad's splitter cuts it.
    fn sentences(text: &str) -> Vec<Vec<Tok>> {
        dyad_text::sentences(text).map(|s| words(&s, text)).collect()
    }

    #[test]
    fn reads_dyads_tokens_as_the_treebank_would() {
        let text = "Gondor's allies didn't wire tap K.U. anti- Orcs in Minas-Tirith, Dol_Amroth today.";
        let w: Vec<String> = sentences(text).concat().into_iter().map(|t| t.w).collect();
        assert_eq!(
            w,
            [
                "gondor",
                "'s",
                "allies",
                "did",
                "n't",
                "wire",
                "tap",
                "k.u.",
                "anti-",
                "orcs",
                "in",
                "minas-tirith",
                ",",
                "dol",
                "amroth",
                "today",
                "."
            ]
        );
        let t = &sentences("Arnor didn’t go.")[0][2];
        assert_eq!((t.w.as_str(), t.start, t.end), ("n't", 9, 14));
    }

    fn coder() -> PetrDict {
        let files = [
            ("t.actors.txt", "NORTHLAND [NLD]\nSOUTHMARK [SMK]\nEASTBAY [EBY]\nTWINS [NLD/SMK]\n"),
            ("t.agents.txt", "MINISTER [~GOV]\nSOLDIER [~MIL]\nCHARITY [NGO~]\n"),
            ("t.discards.txt", "+CUP FINAL\n"),
            (
                "t.verbs.txt",
                "--- OPPOSE [112] ---\nOPPOSE\n--- PROMISE [050] ---\nPROMISE\n--- SAY [010] ---\nSAID\n\
                 --- SEND [070] ---\nSEND {SENT SENDS SENDING}\n- * TROOPS TO + [190]\n",
            ),
        ];
        let (d, problems) = super::super::tests::load(&files);
        assert!(problems.is_empty(), "{problems:?}");
        d
    }

    fn code(c: &PetrDict, text: &str, opts: &PetrOptions) -> Vec<String> {
        code_text(c, text, 0, opts).into_iter().map(|e| format!("{} {} {}", e.source, e.code, e.target)).collect()
    }

    #[test]
    fn subjects_objects_agents_and_passives() {
        let c = coder();
        let o = PetrOptions::default();
        assert_eq!(code(&c, "The Northland minister opposed Southmark.", &o), ["NLDGOV 112 SMK"]);
        assert_eq!(code(&c, "Soldiers from Eastbay opposed Northland.", &o), ["EBYMIL 112 NLD"]);
        assert_eq!(code(&c, "A Northland charity opposed Southmark.", &o), ["NGONLD 112 SMK"]);
        assert_eq!(code(&c, "Southmark was opposed by Northland.", &o), ["NLD 112 SMK"]);
        // `and` + verb keeps the subject; an actor of several codes is several actors.
        assert_eq!(
            code(&c, "Northland opposed an attack in Eastbay and promised aid to Southmark.", &o),
            ["NLD 112 EBY", "NLD 050 SMK"]
        );
        assert_eq!(code(&c, "The twins opposed Eastbay.", &o), ["NLD 112 EBY", "SMK 112 EBY"]);
        // A verb after a determiner is a noun.
        assert!(code(&c, "Northland and the oppose of Southmark.", &o).is_empty());
        // Patterns: words after the verb with gaps, a target slot.
        assert_eq!(code(&c, "Northland sent more troops to Eastbay.", &o), ["NLD 190 EBY"]);
        assert!(code(&c, "Northland opposed Southmark before the cup final.", &o).is_empty());
    }

    #[test]
    fn the_sides_are_named_by_dyads_rules() {
        let rules = |text: &str| -> Vec<String> {
            let events = code_text(&coder(), text, 0, &PetrOptions::default());
            events.iter().map(|e| format!("{} {} {}", e.code, e.rules[0], e.rules[1])).collect()
        };
        assert_eq!(rules("Southmark was opposed by Northland."), ["112 passive-agent subject"]);
        assert_eq!(rules("Northland sent more troops to Eastbay."), ["190 subject pattern"]);
        assert_eq!(
            rules("Northland opposed an attack in Eastbay and promised aid to Southmark."),
            ["112 subject object", "050 coordination object"]
        );
    }

    #[test]
    fn switches_change_the_comma_rule_and_the_dyad_requirement() {
        let c = coder();
        let mut o = PetrOptions::default();
        let text = "Northland opposed the plan, a Southmark minister said.";
        // The end clause (4 words) is dropped by default: no target, no event.
        assert!(code(&c, text, &o).is_empty());
        o.set("require_dyad", "false").unwrap();
        assert_eq!(code(&c, text, &o), ["NLD 112 ---"]);
        o.set("comma_emax", "0").unwrap();
        // The attribution is coded; the object does not reach into it.
        assert_eq!(code(&c, text, &o), ["NLD 112 ---", "SMKGOV 010 ---"]);
        assert!(o.set("comma_max", "many").is_err());
        assert!(o.set("require_dyad", "maybe").is_err());
        assert!(o.set("stop_on_error", "True").is_ok());
    }

    #[test]
    fn garbage_dictionaries_round_trip_and_code_alike_without_panicking() {
        // A fixed pseudo-random stream over the characters the formats use.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let pieces = [
            "ARNOR",
            "GONDOR",
            "RESTORE",
            "TIES",
            "*",
            "-",
            "---",
            "[",
            "]",
            "{",
            "}",
            "(",
            ")",
            "<",
            ">",
            "_",
            "+",
            "$",
            "%",
            "^",
            "&SET",
            "&SET_",
            "~GOV",
            "NGO~",
            "!X!",
            "=",
            ",",
            "#",
            "<!--",
            "-->",
            "[064]",
            "[032:033]",
            "[A/B]",
            "[X 19950101-19991231]",
            "[Y <950601]",
            "É",
            "😀",
            "'S",
            "N'T",
            " ",
            " ",
            "\t",
            ":",
            ".",
        ];
        for round in 0..1000 {
            let mut files = Vec::new();
            for kind in ["actors", "agents", "discards", "verbs"] {
                let mut text = String::new();
                for _ in 0..next(40) {
                    for _ in 0..next(8) {
                        text.push_str(pieces[next(pieces.len())]);
                        if next(2) == 0 {
                            text.push(' ');
                        }
                    }
                    text.push('\n');
                }
                files.push((format!("r{round}.{kind}.txt"), text));
            }
            let (d, _) = PetrDict::load(&files);
            let (again, problems) = PetrDict::load(&d.to_files());
            // What loaded writes back and loads again, whole and clean.
            assert!(problems.is_empty(), "round {round}: {problems:?}");
            assert_eq!(d.stats().patterns, again.stats().patterns, "round {round}");
            assert_eq!(d.stats().verb_forms, again.stats().verb_forms, "round {round}");
            assert_eq!(d.stats().agents, again.stats().agents, "round {round}");
            assert_eq!(d.stats().discards, again.stats().discards, "round {round}");
            let (c, c2) = (d, again);
            for _ in 0..5 {
                let text: String =
                    (0..next(30)).map(|_| format!("{} ", pieces[next(pieces.len())].to_lowercase())).collect();
                let o = PetrOptions { comma_bmax: next(4), require_dyad: next(2) == 0, ..PetrOptions::default() };
                let date = next(30_000_000) as u32;
                let triples = |c: &PetrDict| -> Vec<(String, String, String)> {
                    code_text(c, &text, date, &o).into_iter().map(|e| (e.source, e.code, e.target)).collect()
                };
                assert_eq!(triples(&c), triples(&c2), "round {round}: {text}");
            }
        }
    }
}
