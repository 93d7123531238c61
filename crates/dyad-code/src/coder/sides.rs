//! The choice of an event's source and target: the named rules of
//! [`Rule`], each a method here. The tree's rules ([`ArticleCoder::tree_subject`],
//! [`ArticleCoder::tree_dependent`]) answer first where there is a parse; the
//! shallow rules ([`ArticleCoder::subject`], [`ArticleCoder::passive_agent`],
//! [`ArticleCoder::noun_source`], [`ArticleCoder::object_after`],
//! [`ArticleCoder::context_target`]) where it has no answer. Pronouns and
//! `the two countries` are resolved from the document context.
//!
//! PETRARCH's convention is the side choice's second mode
//! ([`petrarch_sides`]): TABARI's shallow positions over that convention's
//! noun phrases, its sides named by the same rules.

use dyad_types::{ActorRef, Parse, Pos, Rel, Span};

/// A source and a target, each found or not.
type SourceTarget = (Option<Vec<ActorRef>>, Option<Vec<ActorRef>>);

use super::{ArticleCoder, View};
use crate::compat::shallow::{self, Cx, Group as PetrGroup, Lex, Slots as PetrSlots, Tok};
use crate::lexicon as lx;
use crate::phrases::{self, Phrase, PhraseKind};
use crate::rules::Rule;

/// How many sentences after the one that names them `he` or `she` may
/// still stand for a person: news names a person again within a few
/// sentences, or else the pronoun is someone else's.
pub(super) const PERSON_REACH: usize = 3;

/// Whether earlier sentences of the article left something a pronoun can
/// stand for (see `ArticleCoder::resolve_pronoun`).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct PronounContext {
    person: bool,
    subject: bool,
}

impl PronounContext {
    /// Whether pronoun `w` can stand for an actor in a sentence with these
    /// `phrases`: `we` never does; `he`/`she` need a person, `it`/`they`
    /// any actor phrase, here or in the context. Where none can, the
    /// pronoun is no reason to read the sentence further.
    pub(super) fn can_resolve(self, w: &str, phrases: &[Phrase]) -> bool {
        match w {
            "he" | "she" => self.person || phrases.iter().any(|p| p.kind == PhraseKind::Person),
            "it" | "they" => self.subject || !phrases.is_empty(),
            _ => false,
        }
    }
}

/// Whether pronoun `w` agrees with the actors `refs` it may stand for
/// (`person`: they are a person): `it` with one actor that is neither a
/// person nor a plural noun (`rights groups`), `they` with anything but one
/// person or one state by name (`Syria`, not `the Saudis`). Hand-judged, a third of the wrong
/// sources from pronouns broke this (`she` for Trump aside, which the
/// dictionaries cannot tell).
pub(super) fn agrees(w: &str, refs: &[ActorRef], person: bool) -> bool {
    match (w, refs) {
        // A name is one body whatever its last word (`the House of
        // Representatives`, `the United Nations`).
        ("it", [a]) => !person && (a.sector.is_empty() || !is_plural(&a.text) || is_name(&a.text)),
        ("it", _) => false,
        ("they", [a]) => !person && (!a.sector.is_empty() || is_plural(&a.text)),
        ("they", _) => true,
        _ => !refs.is_empty(),
    }
}

/// Whether the last word of a noun phrase is capitalised: a name.
fn is_name(text: &str) -> bool {
    text.rsplit(' ').next().is_some_and(|w| w.starts_with(char::is_uppercase))
}

/// Whether the last word of a noun phrase is a regular plural (`groups`,
/// `rebels`, `Saudis`), not a singular in `s` (`congress`, `status`,
/// `crisis`, `Isis`).
fn is_plural(text: &str) -> bool {
    let last = text.rsplit(' ').next().unwrap_or("");
    // `Saudis`, `Iraqis`, `Houthis`: a people.
    let people = last.ends_with("is")
        && last.starts_with(char::is_uppercase)
        && !matches!(last, "Isis" | "Paris" | "Tunis" | "Memphis" | "Lewis" | "Davis" | "Francis" | "Dennis");
    people || last.ends_with('s') && !["ss", "us", "is"].iter().any(|e| last.ends_with(e))
}

/// Where a name no dictionary knows is a subject before token `end`: two or
/// more capitalised words that no actor phrase covers (`covered`), right
/// before a verb or an apposition and a verb (`Abdulkarim Omar, co-chair of
/// foreign relations, said`, `When Paul Simon put`), or one opening the
/// sentence or following a comma before `said` (`Haughey said`, `On Syria,
/// Yakovenko says`); not in a prepositional phrase. A `he` or `she` after
/// it most likely stands for that person, whom dyad cannot code: hand-judged,
/// a quarter of the wrong sources from pronouns took an earlier person
/// instead.
pub(super) fn unknown_name(toks: &[&str], caps: &[bool], covered: impl Fn(usize) -> bool, end: usize) -> Option<usize> {
    let end = end.min(toks.len());
    let mut i = 0;
    while i < end {
        let name = |k: usize| caps[k] && !covered(k) && toks[k].chars().next().is_some_and(char::is_alphabetic);
        if !name(i) || lx::is_article(toks[i]) || lx::is_preposition(toks[i]) || lx::is_clause_opener(toks[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < end && name(i) {
            i += 1;
        }
        // `chief negotiator for the Syrian Negotiations Commission, …,
        // said`: a name in a prepositional phrase is not the subject.
        let mut before = start;
        while before > 0 && (lx::is_article(toks[before - 1]) || caps[before - 1]) {
            before -= 1;
        }
        let oblique = before > 0 && (lx::is_object_preposition(toks[before - 1]) || toks[before - 1] == "'s");
        if i >= toks.len() || oblique {
            continue;
        }
        // One word opening the sentence before `said` (`Haughey said`), not
        // a plural (`Analysts said`) or a pronoun (`It said`).
        if i - start == 1 {
            let w = toks[start];
            let speaker = (start == 0 || toks[start - 1] == ",")
                && !w.ends_with('s')
                && !lx::is_subject_pronoun(w)
                && !matches!(w, "i" | "this" | "that" | "there" | "one" | "nobody" | "everyone" | "someone")
                && matches!(toks[i], "said" | "says" | "told" | "added");
            if speaker {
                return Some(start);
            }
            continue;
        }
        // Past an apposition of a dozen words at most.
        let mut after = i;
        if toks[i] == "," {
            match (i + 1..(i + 14).min(toks.len())).find(|&k| toks[k] == ",") {
                Some(k) => after = k + 1,
                None => continue,
            }
        }
        if toks.get(after).is_some_and(|w| !caps[after] && is_finite_verb(w)) {
            return Some(start);
        }
    }
    None
}

/// A word that is most likely a finite verb after a subject: a past tense,
/// or one of the verbs and auxiliaries of reporting.
fn is_finite_verb(w: &str) -> bool {
    (w.ends_with("ed") && w.len() > 4)
        || matches!(
            w,
            "said"
                | "says"
                | "told"
                | "tells"
                | "has"
                | "had"
                | "is"
                | "was"
                | "will"
                | "would"
                | "wrote"
                | "writes"
                | "put"
                | "made"
                | "met"
                | "took"
                | "gave"
                | "went"
                | "sang"
                | "spoke"
                | "thinks"
                | "thought"
                | "believes"
                | "argues"
                | "adds"
        )
}

/// What ties an event to another actor of its sentence, for
/// [`ArticleCoder::context_target`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Tie {
    /// A participle continuing the main clause: the main clause's object.
    Participle,
    /// A verb coordinated with one before it (`visited Iran and signed a
    /// pact`): the object of the one before, right before the `and`.
    Coordinated,
    /// A `where` clause right after the actor.
    Where,
    /// An actor in a prepositional phrase of a protest's subject.
    Protest,
}

impl<'c> ArticleCoder<'c> {
    /// Actors of a group, resolving `the two countries`.
    pub(super) fn group_refs(&self, v: &View<'_>, g: usize) -> Vec<ActorRef> {
        let mut out = Vec::new();
        for &p in &v.groups[g].members {
            let ph = &v.phrases[p];
            let span = v.span(ph.start, ph.end);
            let words = v.words(ph.start, ph.end);
            match ph.kind {
                PhraseKind::Pair => {
                    if let Some(pair) = self.pair_refs(v, ph.start) {
                        for a in pair {
                            out.push(ActorRef { text: words.clone(), span, ..a });
                        }
                    }
                }
                PhraseKind::Unresolved => {
                    out.extend(v.is_actor(p).then(|| self.unnamed(v, &words, span, &ph.code)).flatten())
                }
                _ => out.push(phrases::actor_ref(&words, span, &ph.code)),
            }
        }
        out
    }

    /// An actor named by a role noun alone (`police`, `the protesters`):
    /// the sector, in the state where the sentence happens (`in Nairobi`,
    /// its dateline), else the article's main state (named in more than half
    /// of its mentions of states so far). Without one, only a sector outside
    /// the state stands alone (`gunmen` → UAF, `protesters` → CVL): `the
    /// government` or `the police` of no known state is no actor.
    fn unnamed(&self, v: &View<'_>, words: &str, span: Span, sector: &str) -> Option<ActorRef> {
        let total: u32 = self.countries.iter().map(|c| c.1).sum();
        let main = self.countries.iter().find(|c| c.1 * 2 > total).map(|c| c.0.clone());
        // A place only the gazetteer knows comes after the article's main
        // state, and says nothing of officials and ministers, who travel
        // (`ministers met in Geneva`).
        let travels = matches!(sector, "GOV" | "ELI");
        let gazetteer = v.gazetteer_place.clone().filter(|_| !travels);
        let state_bound = matches!(sector, "GOV" | "MIL" | "COP" | "JUD" | "LEG" | "SPY" | "ELI");
        // A sector that stands alone (`civilians`, `rebels`, `gunmen`) is
        // still of a state: with no place and no state named in most of the
        // article, the state it names most often, ahead of every other
        // (hand-judged, victims and fighters left with no state were all
        // counted wrong, most of them of the article's leading state).
        let leading = || {
            let mut states: Vec<&(String, u32)> =
                self.countries.iter().filter(|(c, _)| !matches!(c.as_str(), "IGO" | "NGO" | "IMG")).collect();
            states.sort_by_key(|s| std::cmp::Reverse(s.1));
            match states.as_slice() {
                [first, second, ..] if first.1 > second.1 && first.1 >= 2 => Some(first.0.clone()),
                [first] if first.1 >= 2 => Some(first.0.clone()),
                _ => None,
            }
        };
        let country = v
            .place
            .clone()
            .or(main)
            .or(gazetteer)
            .or_else(|| if state_bound { None } else { leading() })
            .unwrap_or_default();
        if country.is_empty() && state_bound {
            return None;
        }
        Some(ActorRef {
            text: words.to_string(),
            code: format!("{country}{sector}"),
            country,
            sector: sector.to_string(),
            span,
        })
    }

    /// The actors of the group covering token `k`, if it names any.
    fn group_at(&self, v: &View<'_>, k: usize) -> Option<Vec<ActorRef>> {
        let ph = v.phrase_at.get(k).copied().flatten()?;
        let refs = self.group_refs(v, v.group_of[ph]);
        (!refs.is_empty()).then_some(refs)
    }

    /// The actors a tree node stands for: the group covering the node, else
    /// the first actor among its dependents (`officials from Iran`,
    /// `thousands of Iranians`); a subject pronoun is resolved as the
    /// shallow rules do. `Some(None)`: the node names no actor.
    fn tree_actor(&self, v: &View<'_>, p: &Parse, node: usize) -> Option<Vec<ActorRef>> {
        let w = v.t(node);
        if lx::is_subject_pronoun(w) || w == "i" {
            return self.resolve_pronoun(v, node, w);
        }
        let group_at = |k: usize| self.group_at(v, k);
        if let Some(r) = group_at(node) {
            return Some(r);
        }
        // Modifiers and `of`/`from` phrases of the node, nearest first.
        for d in p.dependents(node) {
            // `an agreement in Beijing`: a place, not a party.
            let place = p.rels[d] == Rel::Nmod && p.dependent(d, Rel::Case).is_some_and(|c| lx::is_locative(v.t(c)));
            if !place
                && matches!(p.rels[d], Rel::Amod | Rel::Compound | Rel::NmodPoss | Rel::Nmod | Rel::Flat | Rel::Conj)
            {
                if let Some(r) = group_at(d) {
                    return Some(r);
                }
            }
        }
        // A count or a crowd stands for what it counts: `tens of thousands
        // of French workers`, `a group of gunmen`, `hundreds of them`.
        if lx::is_amount_word(w) || matches!(w, "tens" | "group" | "crowd" | "crowds" | "number" | "band" | "majority")
        {
            let of = |d: &usize| p.rels[*d] == Rel::Nmod && p.dependent(*d, Rel::Case).is_some_and(|c| v.t(c) == "of");
            if let Some(d) = p.dependents(node).find(of).filter(|&d| d > node) {
                return self.tree_actor(v, p, d);
            }
        }
        // `a bomb planted by the Taliban`: the agent of a participle on it.
        for d in p.dependents(node).filter(|&d| p.rels[d] == Rel::Acl) {
            if let Some(r) = p.dependent(d, Rel::OblAgent).and_then(group_at) {
                return Some(r);
            }
        }
        None
    }

    /// The actors of the verb's first dependent with one of `rels`:
    /// `None` when the tree has no such dependent (the shallow rules then
    /// decide), `Some(None)` when it has one that names no actor.
    pub(super) fn tree_dependent(&self, v: &View<'_>, i: usize, rels: &[Rel]) -> Option<Option<Vec<ActorRef>>> {
        let p = v.parse()?;
        let d = p.dependents(i).find(|&d| rels.contains(&p.rels[d]))?;
        Some(self.tree_actor(v, p, d))
    }

    /// Whether the verb at `i` is violence (CAMEO 18, 19, 20) that hurts or
    /// kills ([`lx::is_harm_verb`]) and whose doer the sentence leaves unsaid: a passive whose agent, if any, names no
    /// actor (`were killed in an ambush`, `killed by a roadside bomb`), or
    /// an attack or weapon as the tree's subject (`an air strike killed`).
    /// Not where an accident, a disaster or a disease is named (`killed in
    /// a crash`).
    pub(super) fn doer_unsaid(&self, v: &View<'_>, i: usize, passive: bool, code: &str) -> bool {
        if !matches!(code.get(..2), Some("18" | "19" | "20"))
            || !lx::is_harm_verb(v.t(i))
            || (0..v.toks.len()).any(|k| lx::is_disaster_noun(v.t(k)))
        {
            return false;
        }
        // Habits and tolls are no single event (`women were always shot`,
        // `more than 500,000 people have been killed`).
        let toll = |k: usize| {
            let w = v.t(k);
            matches!(w, "thousands" | "million" | "millions")
                || w.replace(',', "").parse::<u64>().is_ok_and(|n| n >= 10_000)
        };
        if (0..v.toks.len()).any(|k| lx::is_habitual_adverb(v.t(k)) || toll(k)) {
            return false;
        }
        if passive {
            // `struck off the register`, `struck by the low volume`,
            // `targeted for rape`: senses that are no attack in the passive.
            // Another actor named outside a place (`killed in clashes with US
            // forces`, `when US forces carried out air strikes`) is likely
            // the doer the rules cannot see: no mention rather than a wrong one.
            // The modifier of an attack is its doer, read by the tree later
            // (`killed in a Turkish airstrike`).
            let of_attack = |g: usize| (v.groups[g].end..v.groups[g].end + 2).any(|k| lx::is_attack_noun(v.t(k)));
            let others = (0..v.groups.len())
                .filter(|&g| {
                    !lx::after_locative(&v.toks, v.groups[g].start)
                        && !of_attack(g)
                        && !self.group_refs(v, g).is_empty()
                })
                .count();
            return !matches!(v.t(i), "struck" | "hit" | "targeted") && others <= 1;
        }
        let Some(p) = v.parse() else { return false };
        p.dependents(i).any(|d| p.rels[d] == Rel::Nsubj && lx::is_attack_noun(v.t(d)))
    }

    /// The sides of a passive verb of violence whose doer is unsaid, from
    /// the tree: the victims are its passive subject alone, and an attack
    /// in an `obl` may name the doer by a modifier (`killed in a Russian
    /// airstrike`, `in an Isis ambush`). `None` without a parse.
    pub(super) fn unsaid_passive_sides(&self, v: &View<'_>, i: usize) -> Option<SourceTarget> {
        let p = v.parse()?;
        // A headline's passive without its auxiliary reads as active to the
        // parser (`Ghana mayor killed in ambush`): its subject is the victim.
        let rel = if p.dependent(i, Rel::NsubjPass).is_none() && super::headline_passive(v, i) {
            Rel::Nsubj
        } else {
            Rel::NsubjPass
        };
        let victims = p.dependent(i, rel).and_then(|d| self.tree_actor(v, p, d));
        let doer = p
            .dependents(i)
            .filter(|&d| p.rels[d] == Rel::Obl && lx::is_attack_noun(v.t(d)))
            .flat_map(|d| p.dependents(d).filter(|&m| matches!(p.rels[m], Rel::Amod | Rel::Compound | Rel::NmodPoss)))
            .find_map(|m| self.group_at(v, m));
        Some((doer, victims))
    }

    /// The source of an active verb from the tree: its subject (`nsubj`), a
    /// relative pronoun's noun (`Venezuela, which holds …, supplied`), or the
    /// first conjunct's subject (`visited Iran and signed`). `None` when the
    /// tree gives no answer (no parse, or a construction it leaves to the
    /// shallow rules: infinitives, participle and adverbial clauses, whose
    /// actor and reality depend on the governing verb); `Some((None, rule))`
    /// when the subject names no actor.
    ///
    /// Following the subject into `xcomp`, `advcl` and `acl` clauses was
    /// tried and judged on Guardian news: 4 of 20 `advcl` and 2 of 13 `xcomp`
    /// mentions were right (`bench/results/2026-12-06-syntax-judged.md`).
    pub(super) fn tree_subject(&self, v: &View<'_>, i: usize) -> Option<(Option<Vec<ActorRef>>, Rule)> {
        let p = v.parse()?;
        let mut h = i;
        let mut rule = Rule::Nsubj;
        for _ in 0..4 {
            // Of two subjects the parser gave one verb, the nearer is the
            // verb's own (the other belongs to a clause it failed to close).
            // Two subjects joined by `and` (`he and Maduro signed`) are one
            // coordinated subject the parser did not join.
            let mut subjects: Vec<usize> =
                p.dependents(h).filter(|&d| matches!(p.rels[d], Rel::Nsubj | Rel::NsubjPass)).collect();
            subjects.sort_by_key(|&d| d.abs_diff(h));
            let partner = subjects.get(1).copied().filter(|&o| {
                let (a, b) = (o.min(subjects[0]), o.max(subjects[0]));
                (a + 1..b).any(|k| v.t(k) == "and")
                    && !(a + 1..b).any(|k| lx::is_hard_boundary(v.t(k)) || v.t(k) == ",")
            });
            if let Some(o) = partner {
                let refs = self.tree_actor(v, p, o).zip(self.tree_actor(v, p, subjects[0]));
                return match refs {
                    Some((mut a, b)) => {
                        // Each may already be the whole group (`France and Germany`).
                        for r in b {
                            if !a.iter().any(|x| x.span == r.span && x.code == r.code) {
                                a.push(r);
                            }
                        }
                        Some((Some(a), rule))
                    }
                    // A pronoun among them is left to the rules.
                    None => None,
                };
            }
            // Of several, the nearest that names an actor (or is a relative
            // pronoun): a misparse gives a verb a second, wrong subject on
            // either side.
            let names = |d: usize| matches!(p.tags[d], Pos::WDT | Pos::WP) || self.tree_actor(v, p, d).is_some();
            let chosen =
                subjects.iter().copied().find(|&d| subjects.len() > 1 && names(d)).or(subjects.first().copied());
            if let Some(s) = chosen {
                // `Venezuela, which holds …`: a relative pronoun stands for
                // the noun the clause modifies.
                if matches!(p.tags[s], Pos::WDT | Pos::WP) && p.rels[h] == Rel::AclRelcl {
                    let head = p.head(h)?;
                    return Some((self.tree_actor(v, p, head), Rule::Relcl));
                }
                // `children … can be evaluated and prosecuted`: the subject of
                // a passive the rules did not see is its patient, not its actor.
                // Through a coordination, the tree's guess is left to the rules.
                if p.rels[s] == Rel::NsubjPass {
                    return (h == i).then_some((None, rule));
                }
                let mut refs = self.tree_actor(v, p, s);
                // A pronoun the rules cannot resolve leaves it to them.
                if refs.is_none() && lx::is_subject_pronoun(v.t(s)) {
                    return None;
                }
                // `he and President Maduro signed`: a pronoun's conjuncts are
                // subjects too (named ones form one group already).
                if let Some(r) = refs.as_mut().filter(|_| lx::is_subject_pronoun(v.t(s))) {
                    for d in p.dependents(s).filter(|&d| p.rels[d] == Rel::Conj) {
                        for x in self.tree_actor(v, p, d).into_iter().flatten() {
                            if !r.iter().any(|y| y.span == x.span && y.code == x.code) {
                                r.push(x);
                            }
                        }
                    }
                }
                return Some((refs, rule));
            }
            if p.rels[h] != Rel::Conj {
                return None;
            }
            rule = Rule::ConjNsubj;
            h = p.head(h)?;
        }
        None
    }

    /// The subject of the verb at `i`, with the rule that found it.
    pub(super) fn subject(&self, v: &View<'_>, i: usize, depth: u8) -> Option<(Vec<ActorRef>, Rule)> {
        if depth > 3 {
            return None;
        }
        // Walk left over the verb group: auxiliaries, adverbs, negation, `to`
        // and governing verbs of intention (`plans to`, `threatened to`).
        let mut p = i;
        let mut steps = 0;
        while p > 0 && steps < 8 {
            let w = v.t(p - 1);
            let skip = lx::is_auxiliary(w)
                || lx::is_verb_adverb(w)
                || lx::is_negation(w)
                || w == "to"
                || (lx::is_plan_verb(w)
                    || lx::is_attempt_verb(w)
                    || lx::is_threat_verb(w)
                    || matches!(
                        w,
                        "continue"
                            | "continues"
                            | "continued"
                            | "began"
                            | "begin"
                            | "begins"
                            | "started"
                            | "start"
                            | "starts"
                            | "helped"
                            | "help"
                            | "helps"
                            | "moved"
                            | "move"
                            | "moves"
                            | "refused"
                            | "refuses"
                            | "failed"
                            | "fails"
                    ))
                    && v.t(p) == "to";
            if !skip {
                break;
            }
            p -= 1;
            steps += 1;
        }
        // `announced plans to send`, `made a decision to withdraw`: the
        // subject of the verb that announces or makes the intention.
        let noun = if matches!(v.t(p), "plan" | "plans") {
            Some(p)
        } else {
            (p > 0 && v.t(p) == "to" && lx::is_intention_noun(v.t(p - 1))).then(|| p - 1)
        };
        if let Some(m) = noun {
            let mut k = m;
            if k > 0 && matches!(v.t(k - 1), "a" | "an" | "the" | "its" | "his" | "her" | "their") {
                k -= 1;
            }
            if k > 0 && v.verbish[k - 1] && lx::is_intention_maker(v.t(k - 1)) {
                return self.subject(v, k - 1, depth + 1).map(|(r, _)| (r, Rule::Complement));
            }
        }
        // A short parenthesis before the verb (`Jorge Arreaza (L) is greeted`).
        if p > 0 && v.t(p - 1) == ")" {
            if let Some(open) = (p.saturating_sub(6)..p - 1).rev().find(|&k| v.t(k) == "(") {
                p = open;
            }
        }
        if p == 0 {
            return None;
        }
        let w = v.t(p - 1);
        // Subject pronouns; `I` is the speaker, whom no rule names (`I thank
        // the Congress`, `I will veto`: not the nearest actor before).
        if w == "i" {
            return None;
        }
        if lx::is_subject_pronoun(w) {
            return self.resolve_pronoun(v, p - 1, w).map(|r| (r, Rule::Pronoun));
        }
        // `denied sending`, `stopped shipping`: the governing verb's subject.
        if v.t(i).ends_with("ing") && v.verbish[p - 1] && !lx::is_auxiliary(w) {
            return self.subject(v, p - 1, depth + 1).map(|(r, _)| (r, Rule::Complement));
        }
        // `… declared while visiting Pyongyang`: the main clause's subject.
        if matches!(w, "while" | "when" | "after" | "before" | "since" | "by" | "without" | "upon")
            && v.t(i).ends_with("ing")
        {
            let prev_verb = (0..p - 1).rev().find(|&k| v.verbish[k] && !lx::is_auxiliary(v.t(k)));
            return prev_verb.and_then(|k| self.subject(v, k, depth + 1)).map(|(r, _)| (r, Rule::Participle));
        }
        // Relative pronoun: the antecedent is the subject.
        if matches!(w, "who" | "which" | "that") {
            let mut q = p - 1;
            if q > 0 && v.t(q - 1) == "," {
                q -= 1;
            }
            return v.group_ending_before(q).map(|g| (self.group_refs(v, g), Rule::Relative));
        }
        // Coordinated verbs: `visited Iran and signed` — the first verb's subject.
        if matches!(w, "and" | "but" | "then" | "or") {
            let prev_verb = (0..p - 1).rev().find(|&k| v.verbish[k] && !lx::is_auxiliary(v.t(k)));
            return prev_verb.and_then(|k| self.subject(v, k, depth + 1)).map(|(r, _)| (r, Rule::Coordination));
        }
        // `X, who/the president of Y, said`: skip the parenthetical.
        if w == "," {
            let mut o = p - 1;
            let mut n = 0;
            while o > 0 && n < 16 {
                o -= 1;
                n += 1;
                let t = v.t(o);
                if t == "," {
                    if let Some(g) = self.subject_in_region(v, o) {
                        return Some((self.group_refs(v, g), Rule::Appositive));
                    }
                    break;
                }
                if lx::is_hard_boundary(t) {
                    break;
                }
            }
            // `…, sending fuel`: a participle takes the main clause's subject;
            // with no verb before (`Maduro's statements, expressing gratitude`)
            // the phrase before the comma.
            let prev_verb = (0..p - 1).rev().find(|&k| v.verbish[k] && !lx::is_auxiliary(v.t(k)));
            if let Some(k) = prev_verb {
                return self.subject(v, k, depth + 1).map(|(r, _)| (r, Rule::Participle));
            }
            if v.t(i).ends_with("ing") {
                return self.subject_in_region(v, p - 1).map(|g| (self.group_refs(v, g), Rule::Participle));
            }
            return None;
        }
        self.subject_in_region(v, p).map(|g| (self.group_refs(v, g), Rule::Subject))
    }

    /// The first actor group of the noun phrase that ends right before `end`.
    fn subject_in_region(&self, v: &View<'_>, end: usize) -> Option<usize> {
        let mut q = end;
        while q > 0 {
            let w = v.t(q - 1);
            // A comma inside a list of actors (`Spain, Ireland and Norway`) does not end the phrase.
            let in_list = w == ","
                && q >= 2
                && match (v.phrase_at[q - 2], v.phrase_at.get(q).copied().flatten()) {
                    (Some(a), Some(b)) => v.group_of[a] == v.group_of[b],
                    _ => false,
                };
            if lx::is_hard_boundary(w)
                || w == "," && !in_list
                || v.verbish[q - 1]
                || lx::is_clause_opener(w) && v.phrase_at[q - 1].is_none()
                || w == "according"
            {
                break;
            }
            q -= 1;
        }
        let mut first = None;
        for k in q..end {
            if let Some(g) = v.group_starting(k) {
                first = Some(g);
                break;
            }
        }
        let g = first?;
        // A role noun that names no actor (`a company`) is not one.
        v.groups[g].members.iter().any(|&p| v.is_actor(p)).then_some(g)
    }

    /// Whether anything in the sentence but group `target` can be an event's
    /// source: a group that names an actor, or a pronoun that can stand
    /// for one.
    pub(super) fn may_have_source(&self, v: &View<'_>, target: Option<usize>) -> bool {
        (0..v.groups.len()).any(|g| Some(g) != target && !self.group_refs(v, g).is_empty())
            || v.toks.iter().any(|w| v.context.can_resolve(w, &v.phrases))
    }

    pub(super) fn pronoun_context(&self) -> PronounContext {
        PronounContext { person: self.recent_person().is_some(), subject: self.recent_subject().is_some() }
    }

    /// The subject `it` or `they` may stand for, if the last event was in
    /// the sentence before (hand-judged, sources from pronouns were right
    /// about 1 time in 4 when any earlier event's source counted).
    /// (The actors, and whether they are a person.)
    fn recent_subject(&self) -> Option<(&Vec<ActorRef>, bool)> {
        self.last_subject.as_ref().filter(|(at, ..)| at + 1 >= self.at_sentence).map(|(_, r, person)| (r, *person))
    }

    /// Whether word `w` (normalised) is the last name of the person `he` or
    /// `she` may stand for (`Baker said` after `Treasury Secretary James
    /// Baker`): a name dyad knows.
    pub(super) fn is_recent_surname(&self, w: &str) -> bool {
        self.recent_person().and_then(|p| p.text.rsplit(' ').next()).is_some_and(|last| last.to_lowercase() == w)
    }

    /// The person `he` or `she` may stand for.
    pub(super) fn recent_person(&self) -> Option<&ActorRef> {
        self.last_person.as_ref().filter(|(at, _)| at + PERSON_REACH >= self.at_sentence).map(|(_, r)| r)
    }

    fn resolve_pronoun(&self, v: &View<'_>, at: usize, w: &str) -> Option<Vec<ActorRef>> {
        // A person or group earlier in the same sentence.
        let earlier = (0..at)
            .rev()
            .filter_map(|k| v.group_starting(k))
            .map(|g| (g, self.group_refs(v, g)))
            .filter(|(_, r)| !r.is_empty());
        match w {
            "he" | "she" => {
                // The nearest person before it not in a prepositional phrase
                // (`decisions by Donald Trump`), unless a name no dictionary
                // knows is a subject nearer.
                let unknown = unknown_name(&v.toks, &v.caps(), |k| v.covered(k) || self.is_recent_surname(v.t(k)), at);
                for k in (0..at).rev() {
                    if unknown == Some(k) {
                        return None;
                    }
                    if let Some(p) = v.phrase_at[k] {
                        if v.phrases[p].kind == PhraseKind::Person
                            && v.phrases[p].start == k
                            && !v.oblique(&v.phrases[p])
                        {
                            return Some(self.group_refs(v, v.group_of[p]));
                        }
                    }
                }
                self.recent_person().map(|p| vec![p.clone()])
            }
            "they" | "it" => {
                if let Some(r) = self.governing_subject(v, at, w) {
                    return Some(r);
                }
                // `the government, which they accused`: the relative clause's
                // noun is its object, not the pronoun.
                let relative = at > 0 && matches!(v.t(at - 1), "which" | "who" | "whom");
                let antecedent = relative
                    .then(|| v.group_ending_before(if at > 1 && v.t(at - 2) == "," { at - 2 } else { at - 1 }))
                    .flatten();
                for (g, r) in earlier {
                    // `utilities in three Canadian provinces … they`: a state
                    // by adjective modifies a noun of either number.
                    let adjective = v.groups[g].members.iter().all(|&p| v.phrases[p].kind == PhraseKind::Adjective);
                    if Some(g) != antecedent && (agrees(w, &r, v.is_person_group(g)) || adjective && w == "they") {
                        return Some(r);
                    }
                }
                self.recent_subject().filter(|(r, person)| agrees(w, r, *person)).map(|(r, _)| r.clone())
            }
            _ => None,
        }
    }

    /// The subject `it` or `they` at `at` stands for when its clause is the
    /// complement of a verb whose subject names actors: `Turkey seeks …
    /// support, while announcing it will send troops` (Turkey, not the
    /// nearer `Russian`). Not where the governing verb has an object that
    /// names an actor (`warned Iran that it would`: either may be meant).
    fn governing_subject(&self, v: &View<'_>, at: usize, w: &str) -> Option<Vec<ActorRef>> {
        let p = v.parse()?;
        if !matches!(p.rels.get(at)?, Rel::Nsubj | Rel::NsubjPass) {
            return None;
        }
        // The pronoun's own clause is a complement (`announcing it will
        // send`, `said they would`), not an adverbial clause with a subject
        // of its own (`after they refused`, `when it launches`: either side
        // may be meant). Above it, only clauses with no subject of their
        // own are passed (`while announcing`).
        let mut h = p.head(at)?;
        if p.rels[h] != Rel::Ccomp {
            return None;
        }
        for _ in 0..4 {
            let g = p.head(h)?;
            let named = |rel: Rel| p.dependents(g).any(|d| p.rels[d] == rel && self.group_at(v, d).is_some());
            if named(Rel::Obj) || named(Rel::Iobj) {
                return None;
            }
            if let Some(d) = p.dependents(g).find(|&d| p.rels[d] == Rel::Nsubj && d < at) {
                // A sector of no known state (`officials of … trading
                // houses`) is a weaker guess than the rules' nearest actor.
                let r = self.group_at(v, d)?;
                let stateless = r.iter().any(|a| a.country.is_empty() && !a.sector.is_empty());
                let person = v.phrase_at[d].is_some_and(|ph| v.is_person_group(v.group_of[ph]));
                return (!stateless && agrees(w, &r, person)).then_some(r);
            }
            // `with West Germany saying it would`: an actor before a clause
            // with no subject is likely the one it is about.
            let actor_before = p.dependents(g).any(|d| d < g && self.group_at(v, d).is_some());
            if actor_before || !matches!(p.rels[g], Rel::Advcl | Rel::Xcomp | Rel::Conj | Rel::Ccomp) {
                return None;
            }
            h = g;
        }
        None
    }

    /// The `by` phrase of a passive verb (`by planes and ships from the
    /// Venezuelan armed forces` → VENMIL).
    pub(super) fn passive_agent(&self, v: &View<'_>, i: usize, limit: usize) -> Option<Vec<ActorRef>> {
        let after = (i + 1..limit).find_map(|k| agent_marker(v, k))?;
        for k in after..(after + 8).min(limit) {
            if let Some(g) = v.actor_group_starting(k) {
                return Some(self.group_refs(v, g));
            }
            if v.t(k) == "," {
                break;
            }
        }
        None
    }

    /// The source of a noun event: `Maduro's visit`, `Iranian fuel shipments`,
    /// `US sanctions`, or the subject of a light verb (`paid a visit`).
    pub(super) fn noun_source(&self, v: &View<'_>, i: usize) -> Option<Vec<ActorRef>> {
        let mut k = i;
        let mut n = 0;
        // (six words: `a 300 million dollar loan`)
        while k > 0 && n < 6 {
            if let Some(g) = v.group_ending_before(k) {
                let refs = self.group_refs(v, g);
                return (!refs.is_empty()).then_some(refs);
            }
            let w = v.t(k - 1);
            if w == "'s" {
                k -= 1;
                continue;
            }
            if v.verbish[k - 1] || lx::is_preposition(w) || lx::is_hard_boundary(w) || w == "," {
                break;
            }
            k -= 1;
            n += 1;
        }
        // The particle of a phrasal verb (`rolled over a loan`).
        if k > 1 && matches!(v.t(k - 1), "over" | "up" | "out" | "off" | "down") && v.verbish[k - 2] {
            k -= 1;
        }
        // Object of a verb: its subject is the source.
        if k > 0 && v.verbish[k - 1] && !lx::is_be(v.t(k - 1)) {
            return self.subject(v, k - 1, 1).map(|(r, _)| r);
        }
        // `sanctions on Venezuela, first imposed by Obama`.
        let after = (i + 1..(i + 12).min(v.toks.len()))
            .take_while(|&j| !lx::is_hard_boundary(v.t(j)))
            .find_map(|j| agent_marker(v, j))?;
        v.actor_group_starting(after).or_else(|| v.actor_group_starting(after + 1)).map(|g| self.group_refs(v, g))
    }

    /// The first actor after the matched words in the same clause.
    pub(super) fn object_after(
        &self,
        v: &View<'_>,
        from: usize,
        limit: usize,
        source: Option<&[ActorRef]>,
        places: bool,
    ) -> Option<Vec<ActorRef>> {
        let mut k = from;
        while k < limit {
            let w = v.t(k);
            if v.is_clause_break(k) && !matches!(w, "as" | "after" | "before" | "since" | "when" | "once") {
                return None;
            }
            // `…, the Israeli military said`: the speaker is not the object.
            if w == "," && (k + 1..(k + 6).min(v.toks.len())).any(|j| lx::is_speech_verb(v.t(j))) {
                return None;
            }
            if agent_marker(v, k).is_some() || w == "according" || (w == "," && k + 1 < limit && v.verbish[k + 1]) {
                return None;
            }
            // A second finite verb starts another predicate.
            if k > from && v.verbish[k] && !lx::is_auxiliary(w) && v.t(k - 1) != "to" {
                return None;
            }
            if let Some(g) = v.group_starting(k) {
                // `signed a pact in Beijing`: where it happened, not with whom
                // (but a visit or talks in a capital are with its government).
                let state = |&p: &usize| matches!(v.phrases[p].kind, PhraseKind::Country | PhraseKind::Capital);
                // An organisation meeting in a city (`NATO ambassadors met in
                // Brussels`, `OPEC meets in Vienna`) meets there, not with it.
                let organisation = source.is_some_and(|s| s.iter().any(|a| a.code.starts_with("IGO")));
                let venue = organisation || !places && v.groups[g].members.iter().all(state);
                if venue && lx::after_locative(&v.toks, k) {
                    k = v.groups[g].end;
                    continue;
                }
                let refs = self.group_refs(v, g);
                let same = source.is_some_and(|s| refs.iter().all(|r| s.iter().any(|x| x.code == r.code)));
                if !refs.is_empty() && !same {
                    return Some(refs);
                }
                k = v.groups[g].end;
                continue;
            }
            k += 1;
        }
        None
    }

    /// When the sentence names no target: the other actor of the last pair
    /// or of the sentence, if the source is one side of it.
    pub(super) fn context_target(
        &self,
        v: &View<'_>,
        i: usize,
        source: &[ActorRef],
        passive: bool,
        earlier_sentences: bool,
        tie: Tie,
    ) -> Option<Vec<ActorRef>> {
        let countries: Vec<&str> = source.iter().map(|s| s.country.as_str()).collect();
        // Another actor of the same sentence only where the sentence ties
        // the event to it: a `where` clause after it (`visited Iran, where
        // he signed a pact`), or a participle continuing the main clause
        // (`came to the aid of Caracas, sending fuel`). Any earlier actor was
        // right 1 time in 20 (hand-judged on Guardian, AP and State of the
        // Union text): the topic, a place, a third party.
        // A protest's target may stand in its subject (`prisoners in Israeli
        // jails began a hunger strike`): an actor after a preposition between
        // the source and the verb.
        let other =
            |refs: &[ActorRef]| !refs.is_empty() && refs.iter().all(|r| !countries.contains(&r.country.as_str()));
        let at = match tie {
            Tie::Participle => (0..i).rev().find(|&k| v.t(k) == ","),
            Tie::Coordinated => (0..i).rev().find(|&k| v.t(k) == "and"),
            Tie::Where => (0..i).rev().find(|&k| v.t(k) == "where"),
            Tie::Protest => Some(i),
        };
        if let Some(w) = at.filter(|_| !passive) {
            if let Some(g) = (0..w).rev().find_map(|k| v.group_starting(k).filter(|&g| v.groups[g].end <= w)) {
                let refs = self.group_refs(v, g);
                let tied = match tie {
                    Tie::Participle => true,
                    Tie::Coordinated => (v.groups[g].end..w).all(|k| v.t(k) == ","),
                    Tie::Where => (v.groups[g].end..w).all(|k| v.t(k) == ","),
                    Tie::Protest => {
                        let start = v.groups[g].start;
                        start > 0 && lx::is_preposition(v.t(start - 1)) && (v.groups[g].end..w).all(|k| !v.verbish[k])
                    }
                };
                if tied && other(&refs) {
                    return Some(refs);
                }
            }
        }
        if !earlier_sentences {
            return None;
        }
        let pair = self.pair_refs(v, i)?;
        if !passive && countries.contains(&pair[0].country.as_str()) && !countries.contains(&pair[1].country.as_str()) {
            return Some(vec![pair[1].clone()]);
        }
        if !passive && countries.contains(&pair[1].country.as_str()) && !countries.contains(&pair[0].country.as_str()) {
            return Some(vec![pair[0].clone()]);
        }
        // A third party acting on the cargo the last event was about
        // (`a second oil shipment was seized by Americans`): its sender.
        let cargo = (0..i).any(|k| {
            matches!(
                v.t(k),
                "shipment"
                    | "shipments"
                    | "cargo"
                    | "cargoes"
                    | "tanker"
                    | "tankers"
                    | "vessel"
                    | "vessels"
                    | "consignment"
                    | "delivery"
                    | "deliveries"
            )
        });
        if cargo && !countries.contains(&pair[0].country.as_str()) && !countries.contains(&pair[1].country.as_str()) {
            return Some(vec![pair[0].clone()]);
        }
        None
    }

    /// The pair `the two countries` refers to at token `i`: a pair named
    /// together earlier in this sentence, else the last named pair, else the
    /// last event's dyad.
    pub(super) fn pair_refs(&self, v: &View<'_>, i: usize) -> Option<[ActorRef; 2]> {
        let named_actor = |g: &&crate::phrases::Group| g.members.iter().all(|&p| v.phrases[p].kind != PhraseKind::Pair);
        for g in v.groups.iter().filter(|g| g.end <= i && g.members.len() == 2).filter(named_actor) {
            let refs = self.group_refs(v, v.group_of[g.members[0]]);
            if refs.len() == 2 && refs[0].country != refs[1].country {
                return Some([refs[0].clone(), refs[1].clone()]);
            }
        }
        // Else the two states this sentence named last (`Petro met Maduro
        // as the two countries reopened …`).
        let mut named: Vec<ActorRef> = Vec::new();
        // Named actors only, here and above: a pair phrase among them would
        // ask this again, once per earlier pair phrase (exponential on text
        // full of them).
        for g in v.groups.iter().rev().filter(|g| g.end <= i && g.members.len() == 1).filter(named_actor) {
            for r in self.group_refs(v, v.group_of[g.members[0]]) {
                if r.country.len() == 3 && named.iter().all(|n| n.country != r.country) && named.len() < 2 {
                    named.insert(0, r);
                }
            }
        }
        if let [a, b] = &named[..] {
            return Some([a.clone(), b.clone()]);
        }
        self.last_named_pair.clone().or_else(|| self.last_pair.clone())
    }
}

/// The sides of an event under PETRARCH's convention, the side choice's
/// second mode: TABARI's shallow positions over the convention's noun
/// phrases and compounds (`compat/coder.rs`), named by the same [`Rule`]s.
/// A side is a compound, an index into `Cx::groups`.
pub(crate) enum PetrSides {
    /// `% *`: every ordered pair of the compound before the verb
    /// ([`Rule::Compound`] on both sides).
    EveryPair(usize),
    /// The source and the target, each with the rule that chose it.
    Sides(Option<(usize, Rule)>, Option<(usize, Rule)>),
}

/// PETRARCH's sides of the verb of `len` words at `at`, whose pattern bound
/// `slots`; `last_source` is the previous verb's source. In order: the
/// pattern's slots (`pattern`, a `%` compound: `compound`); for a passive
/// verb the `by` phrase (`passive-agent`, its subject the target:
/// `subject`); after `and`, the previous verb's source (`coordination`);
/// the nearest compound before the verb in its clause (`subject`); the
/// first compound after the verb, not the subject of a clause after a comma
/// (`object`).
pub(crate) fn petrarch_sides(
    cx: &Cx<'_>,
    at: usize,
    len: usize,
    slots: &PetrSlots,
    last_source: Option<usize>,
) -> PetrSides {
    let (toks, lex, groups) = (cx.toks, cx.lex, cx.groups);
    let members = |g: usize, rule: Rule| (g, rule);
    let mut source = slots.source.map(|g| members(g, Rule::Pattern));
    let mut target = slots.target.map(|g| members(g, Rule::Pattern));
    if let Some(c) = slots.compound {
        if source.is_none() && target.is_none() && groups[c].end <= at {
            return PetrSides::EveryPair(c);
        }
        if target.is_none() {
            target = Some(members(c, Rule::Compound));
        } else if source.is_none() {
            source = Some(members(c, Rule::Compound));
        }
    }
    let by_agent = if petrarch_passive(toks, at) { petrarch_by(toks, groups, at + len) } else { None };
    if source.is_none() {
        source = match by_agent {
            Some(g) => {
                if target.is_none() {
                    target = petrarch_subject(cx, at).map(|g| members(g, Rule::Subject));
                }
                Some(members(g, Rule::PassiveAgent))
            }
            // `… and promised`: the subject of the verb before.
            None if follows_and(toks, lex, at) && last_source.is_some() => last_source.map(|s| (s, Rule::Coordination)),
            None => petrarch_subject(cx, at).map(|g| members(g, Rule::Subject)),
        };
    }
    if target.is_none() {
        // The first compound after the verb, not past the subject of a
        // clause after a comma (`…, a senior Bree official said`).
        target = groups
            .iter()
            .enumerate()
            .find(|(gi, g)| g.start >= at + len && Some(*gi) != by_agent)
            .filter(|(_, g)| {
                let opens_clause =
                    g.start > 0 && toks[g.start - 1].w == "," && matches!(lex.get(g.end), Some(Lex::Verb(..)));
                !opens_clause
            })
            .map(|(gi, _)| members(gi, Rule::Object));
    }
    PetrSides::Sides(source, target)
}

/// The compound that is the subject of the verb at `at`: the nearest one
/// before it that is not a preposition's object (`Gollum, centre of a row
/// between Radagast, called`), not past a clause opener or another verb.
fn petrarch_subject(cx: &Cx<'_>, at: usize) -> Option<usize> {
    let (toks, lex, groups) = (cx.toks, cx.lex, cx.groups);
    let mut gi = None;
    for (k, g) in groups.iter().enumerate().rev().filter(|(_, g)| g.end <= at) {
        let between = g.end..at;
        if toks[between.clone()].iter().any(|t| shallow::opens_clause(&t.w))
            || between.clone().any(|j| {
                // `won't try to clash`: a verb taking `to` + this verb does not end the clause.
                matches!(lex[j], Lex::Verb(..))
                    && !shallow::is_nominal_use(toks, lex, j)
                    && !shallow::is_auxiliary(&toks[j].w)
                    && toks.get(j + 1).is_none_or(|t| t.w != "to")
            })
        {
            break;
        }
        let before = shallow::group_start_with_determiners(toks, g.start);
        let in_pp = before > 0 && lx::is_preposition(&toks[before - 1].w);
        if gi.is_none() {
            gi = Some(k);
        }
        if !in_pp {
            gi = Some(k);
            break;
        }
    }
    let gi = gi?;
    let g = &groups[gi];
    if toks[g.end..at].iter().any(|t| shallow::opens_clause(&t.w)) {
        return None;
    }
    Some(gi)
}

/// `… was opposed by X`: the compound after `by`, within 6 words of the
/// verb, past commas and adverbs.
fn petrarch_by(toks: &[Tok], groups: &[PetrGroup], from: usize) -> Option<usize> {
    let mut j = from;
    while j < toks.len() && j < from + 6 {
        if toks[j].w == "by" {
            return groups
                .iter()
                .position(|g| g.start == j + 1 || (g.start == j + 2 && shallow::is_determiner(&toks[j + 1].w)));
        }
        // `bought recently by`: a verb-group adverb does not end the search.
        if shallow::is_break(&toks[j].w) && toks[j].w != "," && !lx::is_verb_adverb(&toks[j].w) {
            break;
        }
        j += 1;
    }
    None
}

/// `was opposed`, `were heavily and unjustly criticized`.
fn petrarch_passive(toks: &[Tok], i: usize) -> bool {
    let w = &toks[i].w;
    if !(w.ends_with("ed") || w.ends_with("en") || w.ends_with('t') || w.ends_with('n')) {
        return false;
    }
    for j in (i.saturating_sub(4)..i).rev() {
        let t = toks[j].w.as_str();
        if lx::is_be(t) {
            return true;
        }
        if !(shallow::is_adverb(t) || t == "and") {
            return false;
        }
    }
    false
}

/// `… and promised`: the verb continues the previous clause.
fn follows_and(toks: &[Tok], lex: &[Lex], at: usize) -> bool {
    let mut j = at;
    while j > 0 {
        j -= 1;
        let w = toks[j].w.as_str();
        if w == "and" || w == "but" {
            return true;
        }
        if !(shallow::is_adverb(w) || shallow::is_auxiliary(w)) || lex[j] != Lex::None {
            return false;
        }
    }
    false
}

/// Where the doer's name starts after the words at `k` that introduce it:
/// `by`, or `at the hands of` (`killed at the hands of Houthi rebels`,
/// `whose killing at the hands of …`).
fn agent_marker(v: &View<'_>, k: usize) -> Option<usize> {
    match v.t(k) {
        "by" => Some(k + 1),
        "at" if v.t(k + 1) == "the" && matches!(v.t(k + 2), "hands" | "hand") && v.t(k + 3) == "of" => Some(k + 4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{code, code_parsed, rules, Tree};
    use super::*;

    /// `SOURCE CODE TARGET` of each mention, with the rules that chose the sides.
    fn sides(text: &str) -> Vec<String> {
        let ms = code(None, text);
        let side = |v: &[ActorRef]| v.iter().map(|a| a.code.as_str()).collect::<Vec<_>>().join("+");
        ms.iter()
            .zip(rules(&ms))
            .map(|(m, r)| format!("{} {} {} ({r})", side(&m.source), m.cameo, side(&m.target)))
            .collect()
    }

    #[test]
    fn the_subject_and_the_pattern_slot() {
        assert_eq!(sides("Iran attacked Venezuela."), ["IRN 190 VEN (subject pattern 190)"]);
    }

    #[test]
    fn a_passive_takes_its_source_from_by() {
        assert_eq!(sides("Venezuela was attacked by Iran."), ["IRN 190 VEN (passive-agent subject 190)"]);
    }

    #[test]
    fn a_noun_event_takes_its_possessor() {
        assert_eq!(sides("Maduro's visit to Iran ended."), ["VENGOV 042 IRN (possessor pattern 042)"]);
    }

    #[test]
    fn a_coordinated_subject_of_a_mutual_act_is_both_sides() {
        assert_eq!(sides("Iran and Venezuela signed an agreement."), ["IRN 057 VEN (subject compound 057)"]);
    }

    #[test]
    fn a_pronoun_stands_for_the_last_person() {
        let found = sides("Maduro arrived in Tehran. He signed an agreement with Iran.");
        assert_eq!(found.last().map(String::as_str), Some("VENGOV 057 IRN (pronoun pattern 057)"), "{found:?}");
        // Without a person before it, `he` stands for no one.
        assert!(sides("He signed an agreement with Iran.").is_empty());
    }

    #[test]
    fn a_pronoun_agrees_with_what_it_stands_for() {
        // `it` is no person, `they` no single state: no second event.
        assert_eq!(
            sides("Putin condemned Israel on Monday. It also criticised the United States."),
            ["RUSGOV 111 ISR (subject pattern 111)"]
        );
        assert_eq!(
            sides("Iran condemned Israel on Monday. They also criticised the United States."),
            ["IRN 111 ISR (subject pattern 111)"]
        );
        // A relative clause's noun is its object, not its pronoun subject.
        // A body's name is one body, whatever its last word; a common noun
        // in `s` is many.
        let actor = |text: &str, sector: &str| ActorRef {
            text: text.into(),
            code: format!("USA{sector}"),
            country: "USA".into(),
            sector: sector.into(),
            span: Span::default(),
        };
        assert!(agrees("it", &[actor("House of Representatives", "LEG")], false));
        assert!(!agrees("it", &[actor("Rights groups", "NGO")], false));
        assert!(agrees("they", &[actor("Rights groups", "NGO")], false));
        assert!(!agrees("they", &[actor("Trump", "GOV")], true));
        let found = sides("Kenyan protesters rallied against the government, which they accused of corruption.");
        assert!(found.iter().all(|f| !f.starts_with("KENGOV 112")), "{found:?}");
        // A `that` clause's noun may be its pronoun; a state by adjective
        // may be `they`.
        let text = "MacGregor cited an indication from the West Germans that they were prepared to veto the plan.";
        assert_eq!(sides(text), ["DEU 129  (pronoun none 129)"]);
        let text = "Utilities in three Canadian provinces have said they are opposing the deal with the United States.";
        assert_eq!(sides(text), ["CAN 110 USA (pronoun object 110)"]);
    }

    #[test]
    fn he_is_the_subject_before_rather_than_a_person_in_a_prepositional_phrase() {
        let found =
            sides("Erdogan said the world was living in dark times as he lambasted decisions by Donald Trump. He also criticised Germany.");
        assert_eq!(found.last().map(String::as_str), Some("TURGOV 111 DEU (pronoun pattern 111)"), "{found:?}");
        // `after` opens a clause as often as a phrase.
        let found = sides("Putin met Erdogan. Mattis's decision came after Donald Trump confirmed he was pulling US troops out of Syria.");
        assert_eq!(found.last().map(String::as_str), Some("USAGOV 0874 SYR (pronoun pattern 0874)"), "{found:?}");
        // A possessor in a prepositional phrase is no object of it.
        let found = sides("Putin met Erdogan. Thus with Trump's announcement last month that he was pulling America's troops out of Syria.");
        assert_eq!(found.last().map(String::as_str), Some("USAGOV 0874 SYR (pronoun pattern 0874)"), "{found:?}");
        // A `he` keeps the person it stood for the one talked about.
        let found = sides("Putin arrived in Ankara. He met Erdogan on Monday. He also criticised Germany.");
        assert_eq!(found.last().map(String::as_str), Some("RUSGOV 111 DEU (pronoun pattern 111)"), "{found:?}");
    }

    #[test]
    fn he_after_a_name_no_dictionary_knows_is_no_one() {
        // In a sentence of its own, with no other actor …
        let found = sides(
            "Trump's comments were echoed by a Kurdish official. Abdulkarim Omar, a co-chair of foreign relations, said the detainees were dangerous. He criticised Britain.",
        );
        assert!(found.is_empty(), "{found:?}");
        // One word before `said` opening the sentence is a name too.
        assert_eq!(
            sides("Putin met Trump on Monday. Haughey said he regretted the vote. He also criticised Germany."),
            ["RUSGOV 040 USAGOV (subject pattern 040)"]
        );
        // The last name of the person talked about is no stranger.
        let found = sides(
            "Treasury Secretary James Baker arrived in Bonn. Baker said the accord held but he criticised Germany.",
        );
        assert_eq!(found.last().map(String::as_str), Some("USAGOV 111 DEU (pronoun pattern 111)"), "{found:?}");
        // After a comma too; but a name in a prepositional phrase of a
        // person's apposition is no subject.
        let found = sides("Putin met Tony Blair. On Syria, Yakovenko says Russia warned of a staged attack. He accused the United States of lying.");
        assert!(found.iter().all(|f| !f.starts_with("GBRGOV 112")), "{found:?}");
        let text = "Putin met Trump. Nasr al-Hariri, chief negotiator for the Syrian Negotiations Commission, the umbrella opposition group, said he welcomed the US keeping troops in Syria.";
        assert_eq!(sides(text).last().map(String::as_str), Some("SYROPP 043 USA (pronoun pattern 043)"));
        // … or before the pronoun in its sentence.
        assert_eq!(
            sides("Putin met Trump on Monday. When Paul Simon visited Pretoria, he praised South Africa."),
            ["RUSGOV 040 USAGOV (subject pattern 040)"]
        );
    }

    #[test]
    fn the_tree_names_its_subject_and_object() {
        let text = "Iran attacked Venezuela.";
        let tree = Tree::new(
            "Iran NNP 2 nsubj Iran
             attacked VBD 0 root attack
             Venezuela NNP 2 obj Venezuela
             . . 2 punct .",
        );
        assert_eq!(rules(&code_parsed(text, &tree)), ["nsubj pattern 190"]);
        // A relative pronoun stands for the noun its clause modifies.
        let text = "Colombia praised Venezuela, which attacked Iran.";
        let tree = Tree::new(
            "Colombia NNP 2 nsubj Colombia
             praised VBD 0 root praise
             Venezuela NNP 2 obj Venezuela
             , , 3 punct ,
             which WDT 6 nsubj which
             attacked VBD 3 acl:relcl attack
             Iran NNP 6 obj Iran
             . . 2 punct .",
        );
        assert_eq!(sides(text), ["COL 051 VEN (subject pattern 051)", "VEN 190 IRN (relative pattern 190)"]);
        let parsed = code_parsed(text, &tree);
        assert_eq!(rules(&parsed), ["nsubj pattern 051", "acl:relcl pattern 190"]);
        assert_eq!(parsed[1].source.first().map(|a| a.code.as_str()), Some("VEN"));
    }

    #[test]
    fn every_rule_the_evidence_names_is_a_rule() {
        let texts = [
            "Iran attacked Venezuela.",
            "Venezuela was attacked by Iran.",
            "Maduro's visit to Iran ended.",
            "Iran and Venezuela signed an agreement.",
            "Maduro arrived in Tehran. He signed an agreement with Iran.",
            "Iran denied sending fuel to Venezuela.",
        ];
        for text in texts {
            for m in code(None, text) {
                for name in [&m.evidence.source_rule, &m.evidence.target_rule] {
                    assert!(Rule::from_name(name).is_some(), "{name} in {text}");
                }
            }
        }
    }
}
