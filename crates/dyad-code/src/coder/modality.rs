//! Modality: whether the text presents an event as done, planned,
//! threatened, hypothetical, negated, denied or reported, and who says so.
//!
//! Two rules decide, the shallow one first: [`ArticleCoder::modality`]
//! reads the verb group before the anchor, a governing denial, conditions
//! and attribution; [`ArticleCoder::tree_reality`] reads the dependency tree
//! (a request, plan or threat governing the verb, a question, a purpose
//! clause) and [`overrides`] says when it wins. Then CAMEO recodes a stated
//! intention or threat ([`intent_code`]) and a refusal ([`refusal_code`]).

use dyad_types::{Modality, Parse, Pos, Rel};

use super::{ArticleCoder, View};
use crate::lexicon as lx;

/// Whether an event happened, as the tree tells it.
enum Reality {
    /// Someone asked another to act: the request is the event, not the act.
    Requested,
    /// A noun event that characterises rather than reports (`poses a
    /// threat`): no event.
    Characterised,
    /// Planned, threatened or asked about, with the word that says so.
    As(Modality, String),
}

impl<'c> ArticleCoder<'c> {
    /// The modality of the event at anchor `i`, with its cue and
    /// attribution: the shallow rules' ([`ArticleCoder::modality`]) unless
    /// the tree's outranks them ([`overrides`]: `hoped (that) … would`,
    /// `tried to` over `would` and `said`). `None` when the tree says the
    /// event was only asked for (`urged NATO to protect`: the request is the
    /// event, coded from its own verb).
    pub(super) fn reality(
        &self,
        v: &View<'_>,
        i: usize,
        noun: bool,
    ) -> Option<(Modality, Option<String>, Option<String>)> {
        let (modality, cue, attribution) = self.modality(v, i, noun);
        match self.tree_reality(v, i) {
            Some(Reality::Requested | Reality::Characterised) => None,
            Some(Reality::As(m, c)) if overrides(modality, m, !noun || self.heads(v, i, &c)) => {
                Some((m, Some(c), attribution))
            }
            _ => Some((modality, cue, attribution)),
        }
    }

    /// Whether the word `cue` is the head of the noun event at `i` in the
    /// tree (`announced a withdrawal`), not a verb further up (`wants to
    /// protect its investments`).
    fn heads(&self, v: &View<'_>, i: usize, cue: &str) -> bool {
        v.parse().and_then(|p| p.head(i)).is_some_and(|h| v.t(h) == cue)
    }

    /// Whether the event at `i` happened, as the tree tells it: the verb (or,
    /// for a noun event, the verb whose object it is) under a governing verb
    /// of request, plan or threat through `xcomp` (and coordination), or a
    /// question. `None`: the tree says nothing (or there is no tree).
    fn tree_reality(&self, v: &View<'_>, i: usize) -> Option<Reality> {
        let p = v.parse()?;
        if v.toks.last() == Some(&"?") {
            return Some(Reality::As(Modality::Hypothetical, "?".to_string()));
        }
        let mut k = i;
        if p.tags[k].is_noun() && matches!(p.rels[k], Rel::Obj | Rel::NsubjPass | Rel::Obl) {
            let g = p.head(k)?;
            // `urged attacks on US soil`, `called for sanctions`: a noun event
            // asked for is not one; `threatened an offensive`, `plans an
            // attack`: threatened, planned.
            let asked_for = p.rels[k] != Rel::Obl || p.dependent(k, Rel::Case).is_some_and(|c| v.t(c) == "for");
            let word = v.t(g).to_string();
            if asked_for && p.tags[g].is_verb() {
                let lemma = p.lemma(g).to_lowercase();
                // `did not pledge any aid`, `did not launch an attack`: the
                // negation of a verb that performs its object (not of one
                // that judges it: `did not condemn the invasion`).
                let performs = matches!(
                    lemma.as_str(),
                    "launch"
                        | "carry"
                        | "conduct"
                        | "stage"
                        | "mount"
                        | "make"
                        | "give"
                        | "provide"
                        | "pledge"
                        | "promise"
                        | "offer"
                        | "impose"
                        | "send"
                        | "deliver"
                        | "begin"
                        | "start"
                        | "sign"
                        | "hold"
                );
                if performs && p.dependents(g).any(|d| matches!(v.t(d), "not" | "n't" | "never")) {
                    return Some(Reality::As(Modality::Negated, word));
                }
                // `poses a threat to Israel`, `posed a danger`: a judgement
                // of what an actor is, not a threat made.
                if lemma == "pose" {
                    return Some(Reality::Characterised);
                }
                // `could launch an attack`, `may impose sanctions`: the
                // verb's modal is the noun event's.
                if let Some(m) = p.dependents(g).find(|&d| p.rels[d] == Rel::Aux && lx::is_hypothetical_modal(v.t(d))) {
                    return Some(Reality::As(Modality::Hypothetical, v.t(m).to_string()));
                }
                // `urged attacks`, `called for sanctions` (not `called it a seizure`).
                let requested = if p.rels[k] == Rel::Obl {
                    matches!(lemma.as_str(), "call" | "push" | "press" | "appeal" | "lobby" | "ask")
                } else {
                    matches!(
                        lemma.as_str(),
                        "urge" | "demand" | "request" | "advocate" | "propose" | "seek" | "encourage" | "want" | "wish"
                    )
                };
                if requested {
                    return Some(Reality::Requested);
                }
                if lx::is_threat_verb(&word) {
                    return Some(Reality::As(Modality::Threatened, word));
                }
                // `announced a rapid troop withdrawal`, `ordered the
                // deployment of troops`: an announced move is a plan.
                if lx::is_plan_verb(&word)
                    || matches!(lemma.as_str(), "announce" | "unveil" | "order") && lx::is_move_noun(v.t(i))
                {
                    return Some(Reality::As(Modality::Planned, word));
                }
            }
            if p.rels[k] == Rel::Obl {
                return None;
            }
            k = g;
        }
        // What the clause rules below say of a clause's verb says nothing
        // of a noun event it names (`fled to escape Isis's assault`), only
        // whether it was asked for, planned or threatened.
        let noun = k != i;
        let maybe = |m: Modality, w: String| {
            (!noun || m != Modality::Hypothetical && m != Modality::Negated).then_some(Reality::As(m, w))
        };
        for _ in 0..4 {
            match p.rels[k] {
                Rel::Conj => k = p.head(k)?,
                // `urged India and Pakistan to exercise restraint`, read as
                // a clause of purpose: with an object and a verb of
                // request it is the request all the same.
                Rel::Advcl => {
                    let g = p.head(k)?;
                    let mark = p.dependent(k, Rel::Mark).map(|m| v.t(m));
                    return match mark {
                        // `urged India and Pakistan to exercise restraint`, read
                        // as a clause of purpose: with an object and a verb of
                        // request it is the request all the same.
                        Some("to") if has_addressee(v, p, g) && lx::is_request_lemma(&p.lemma(g).to_lowercase()) => {
                            Some(Reality::Requested)
                        }
                        // `training local forces to fight Isis`, `fled to join
                        // Isis`: a purpose, not a deed the text reports.
                        Some("to") => maybe(Modality::Hypothetical, "to".to_string()),
                        // `whether they join the fight`, `in case they target
                        // civilians`, `lest`.
                        Some(w @ ("whether" | "if" | "unless" | "lest")) => {
                            maybe(Modality::Hypothetical, w.to_string())
                        }
                        _ if p.dependents(k).any(|d| v.t(d) == "case" && v.t(d.saturating_sub(1)) == "in") => {
                            maybe(Modality::Hypothetical, "in case".to_string())
                        }
                        _ => None,
                    };
                }
                Rel::Xcomp => {
                    let g = p.head(k)?;
                    let with_object = has_addressee(v, p, g);
                    let word = v.t(g).to_string();
                    let lemma = p.lemma(g).to_lowercase();
                    if with_object && lx::is_request_lemma(&lemma) {
                        return Some(Reality::Requested);
                    }
                    // The same verbs as the shallow rules' (`plans to`,
                    // `threatened to`), wherever the tree puts them.
                    if lx::is_threat_verb(&word) {
                        return Some(Reality::As(Modality::Threatened, word));
                    }
                    if lx::is_plan_verb(&word) {
                        return Some(Reality::As(Modality::Planned, word));
                    }
                    // `managed to`, `went on to`, `was forced to`, `kept
                    // attacking`: the act happened; `refused to`, `stopped
                    // supplying`: it did not; anything else (`allows Britain to
                    // revoke`, `tried to seize`, `risks endorsing`, `is able
                    // to`) says only that it might.
                    return match lx::implication(&lemma) {
                        Some(true) => None,
                        Some(false) => maybe(Modality::Negated, word),
                        None => maybe(Modality::Hypothetical, word),
                    };
                }
                // `the demand that Germany prosecute …`, read as a relative
                // clause: a clause with a subject of its own on a noun of
                // demand or wish is its content.
                Rel::AclRelcl => {
                    let g = p.head(k)?;
                    let own_subject = p.dependents(k).any(|d| {
                        matches!(p.rels[d], Rel::Nsubj | Rel::NsubjPass)
                            && !matches!(v.t(d), "that" | "which" | "who" | "whom")
                    });
                    return if own_subject && lx::is_irrealis_lemma(&p.lemma(g).to_lowercase()) {
                        maybe(Modality::Hypothetical, v.t(g).to_string())
                    } else {
                        None
                    };
                }
                // `a demand that Germany prosecute`, `hoped the men would be
                // imprisoned`, `doubt that Congress would impeach`: a clause
                // under a verb or noun of wish, fear, doubt or demand.
                Rel::Ccomp | Rel::Acl
                    if p.dependent(k, Rel::Mark).is_none_or(|m| v.t(m) != "to") && v.t(k.saturating_sub(1)) != "to" =>
                {
                    let g = p.head(k)?;
                    let lemma = p.lemma(g).to_lowercase();
                    let whether = p.dependent(k, Rel::Mark).is_some_and(|m| matches!(v.t(m), "whether" | "if"));
                    return if whether || lx::is_irrealis_lemma(&lemma) {
                        maybe(Modality::Hypothetical, v.t(g).to_string())
                    } else {
                        None
                    };
                }
                // `plans to impose`, `calls to withdraw`, `a threat to strike`:
                // an infinitive on a noun of intention; on any other noun
                // (`the right to punish`, `eagerness to disengage`, `an
                // invitation to visit`) a possibility.
                Rel::Acl => {
                    let g = p.head(k)?;
                    if !p.tags[g].is_noun() || v.t(k.saturating_sub(1)) != "to" {
                        return None;
                    }
                    let word = v.t(g).to_string();
                    // `caused both leaders to warn`, `urged Iran to act`: an
                    // infinitive on a verb's object is that verb's complement.
                    if let Some(h) =
                        p.head(g).filter(|&h| matches!(p.rels[g], Rel::Obj | Rel::Iobj) && p.tags[h].is_verb())
                    {
                        let lemma = p.lemma(h).to_lowercase();
                        if lx::is_request_lemma(&lemma) {
                            return Some(Reality::Requested);
                        }
                        match lx::implication(&lemma) {
                            Some(true) => return None,
                            Some(false) => return maybe(Modality::Negated, v.t(h).to_string()),
                            None => {}
                        }
                    }
                    if lx::is_threat_verb(&word) || matches!(word.as_str(), "threat" | "threats") {
                        return Some(Reality::As(Modality::Threatened, word));
                    }
                    let intention = matches!(
                        p.lemma(g).to_lowercase().as_str(),
                        "plan"
                            | "effort"
                            | "bid"
                            | "attempt"
                            | "proposal"
                            | "offer"
                            | "call"
                            | "appeal"
                            | "demand"
                            | "promise"
                            | "pledge"
                            | "decision"
                            | "intention"
                    );
                    // `there are no plans for him to meet`.
                    if intention && p.dependents(g).any(|d| matches!(v.t(d), "no")) {
                        return maybe(Modality::Negated, "no".to_string());
                    }
                    // An actor's decision or plan named in passing, as what
                    // others react to (`resigned over Trump's decision to
                    // withdraw`, `opposed Trump's decision to withdraw`), is
                    // background: the decision was news earlier.
                    let possessed = p.dependents(g).any(|d| p.rels[d] == Rel::NmodPoss);
                    let referred = match p.rels[g] {
                        Rel::Obl | Rel::Nmod => true,
                        Rel::Obj => p.head(g).is_some_and(|h| {
                            !matches!(
                                p.lemma(h).to_lowercase().as_str(),
                                "announce" | "make" | "take" | "reach" | "unveil" | "confirm" | "reveal" | "approve"
                            )
                        }),
                        _ => false,
                    };
                    if intention && possessed && referred {
                        return maybe(Modality::Hypothetical, "background".to_string());
                    }
                    let m = if intention { Modality::Planned } else { Modality::Hypothetical };
                    return maybe(m, word);
                }
                _ => return None,
            }
        }
        None
    }

    /// Modality of the verb at `i`, with its cue and the attribution.
    fn modality(&self, v: &View<'_>, i: usize, noun: bool) -> (Modality, Option<String>, Option<String>) {
        // The verb group before the anchor.
        let mut p = i;
        let mut group: Vec<usize> = Vec::new();
        // An adverb the tagger reads as one (`did not specifically mention`).
        let tree_adverb =
            |k: usize| v.parse().is_some_and(|t| t.tags.get(k) == Some(&Pos::RB)) && v.t(k).ends_with("ly");
        while p > 0 {
            let w = v.t(p - 1);
            if lx::is_auxiliary(w)
                || lx::is_verb_adverb(w)
                || tree_adverb(p - 1)
                || lx::is_negation(w)
                || w == "to"
                || (p < i
                    && v.t(p) == "to"
                    && (lx::is_plan_verb(w) || lx::is_threat_verb(w) || v.verbish[p - 1] || lx::is_intention_noun(w)))
            {
                p -= 1;
                group.push(p);
            } else if matches!(w, "and" | "or") && p >= 2 && v.verbish[p - 2] && same_form(v.t(p - 2), v.t(i)) {
                // Coordinated verbs share the group: `can starve and bomb`,
                // `did not attack or threaten`.
                p -= 2;
            } else {
                break;
            }
        }
        // A base form coordinated in the tree with a verb that has a modal
        // shares it, however long the list (`must recognize Israel,
        // disarm, reject terrorism and work for peace`); a conjunct with a
        // tense of its own does not (`will meet and signed`). The tagger
        // may read the base form as a present (VBP): after a modal it is
        // the same word.
        if !noun && !group.iter().any(|&k| lx::is_auxiliary(v.t(k))) {
            if let Some(t) = v.parse() {
                let conj = t.rels.get(i) == Some(&Rel::Conj) && matches!(t.tags.get(i), Some(Pos::VB | Pos::VBP));
                if let Some(h) = t.head(i).filter(|_| conj) {
                    group.extend(t.dependents(h).filter(|&d| t.rels[d] == Rel::Aux && d < h && lx::is_modal(v.t(d))));
                }
            }
        }
        let words = |k: usize| v.t(k).to_string();
        // Denial governing the clause: `denied sending`, `denied that it sent`.
        for k in (0..p).rev() {
            if lx::is_denial_verb(v.t(k)) && !(lx::is_report_noun(v.t(k + 1)) || lx::is_report_noun(v.t(k + 2))) {
                let by =
                    self.subject(v, k, 1).map(|(r, _)| r.iter().map(|a| a.text.clone()).collect::<Vec<_>>().join(", "));
                return (Modality::Denied, Some(words(k)), by);
            }
            if lx::is_hard_boundary(v.t(k)) {
                break;
            }
        }
        // A noun event (`Iranian fuel shipments`) takes no modality from the
        // verb group around it, only from attribution.
        if noun {
            group.clear();
        }
        if let Some(&k) = group.iter().find(|&&k| lx::is_negation(v.t(k)) && !(v.t(k) == "not" && v.t(k + 1) == "only"))
        {
            return (Modality::Negated, Some(words(k)), None);
        }
        if let Some(&k) = group.iter().find(|&&k| matches!(v.t(k), "refused" | "failed" | "declined")) {
            return (Modality::Negated, Some(words(k)), None);
        }
        if let Some(&k) = group.iter().find(|&&k| lx::is_threat_verb(v.t(k))) {
            return (Modality::Threatened, Some(words(k)), None);
        }
        // `speculation (that) Russia would retaliate`, `fears of Iran
        // attacking`: a clause that a noun of conjecture introduces.
        // `to stop Iran smuggling weapons`, `prevented them from
        // entering`: what is stopped did not happen here.
        if !noun {
            if let Some(k) = conjectured(v, p) {
                return (Modality::Hypothetical, Some(words(k)), None);
            }
        }
        let if_clause = !noun && (0..i).any(|k| matches!(v.t(k), "if" | "unless" | "whether"));
        let if_anywhere = !noun && v.toks.iter().any(|w| matches!(*w, "if" | "unless"));
        if let Some(&k) = group.iter().find(|&&k| lx::is_hypothetical_cue(v.t(k))) {
            return (Modality::Hypothetical, Some(words(k)), None);
        }
        if let Some(&k) = group.iter().find(|&&k| matches!(v.t(k), "would" | "'d")) {
            return if if_anywhere {
                (Modality::Hypothetical, Some(words(k)), None)
            } else {
                (Modality::Planned, Some(words(k)), None)
            };
        }
        if if_clause {
            return (Modality::Hypothetical, Some("if".to_string()), None);
        }
        if let Some(&k) = group.iter().find(|&&k| {
            lx::is_plan_verb(v.t(k)) || lx::is_intention_noun(v.t(k)) || matches!(v.t(k), "will" | "shall" | "'ll")
        }) {
            return (Modality::Planned, Some(words(k)), None);
        }
        // `is to visit`, `are expected to`.
        if group.iter().any(|&k| v.t(k) == "to") && group.iter().any(|&k| lx::is_be(v.t(k))) {
            return (Modality::Planned, Some("to".to_string()), None);
        }
        // Attribution: `according to X`, `X said (that)`, `…, X said.`
        if let Some(k) = (0..v.toks.len()).find(|&k| v.t(k) == "according" && v.t(k + 1) == "to") {
            let end = (k + 2..v.toks.len()).find(|&e| matches!(v.t(e), "," | "." | ";")).unwrap_or(v.toks.len());
            return (Modality::Reported, Some("according to".to_string()), Some(v.words(k + 2, end.max(k + 3))));
        }
        if let Some(k) = (0..v.toks.len()).find(|&k| matches!(v.t(k), "reportedly" | "allegedly" | "purportedly")) {
            return (Modality::Reported, Some(words(k)), None);
        }
        let n = v.toks.len();
        let governs = |k: usize| {
            if k < i {
                // `X said (that) Y …`: the event follows in the complement.
                i - k <= 20 && !(k + 1..i).any(|j| matches!(v.t(j), ";" | ":" | "." | "but" | "while"))
            } else {
                // `…, X said.`: a trailing attribution closes the sentence.
                (k + 1..n).all(|j| {
                    matches!(
                        v.t(j),
                        "." | ","
                            | "\""
                            | "on"
                            | "in"
                            | "yesterday"
                            | "today"
                            | "monday"
                            | "tuesday"
                            | "wednesday"
                            | "thursday"
                            | "friday"
                            | "saturday"
                            | "sunday"
                            | "'s"
                            | "statement"
                            | "a"
                            | "the"
                    ) || v.phrase_at[j].is_some()
                }) && (0..k).rev().take(8).any(|j| v.t(j) == ",")
            }
        };
        for k in (0..n).filter(|&k| k != i && lx::is_speech_verb(v.t(k)) && v.verbish[k] && governs(k)) {
            // The speaker of a speech verb before the event's clause, or after it (`…, officials said`).
            let speaker = self.subject(v, k, 1).map(|(r, _)| r);
            let subject_before = self.subject(v, i, 1).map(|(r, _)| r);
            let same = match (&speaker, &subject_before) {
                (Some(a), Some(b)) => a.iter().any(|x| b.iter().any(|y| y.country == x.country)),
                _ => false,
            };
            if same {
                continue;
            }
            let who = speaker.map(|r| r.iter().map(|a| a.text.clone()).collect::<Vec<_>>().join(", ")).or_else(|| {
                // `…, officials said`: the words before the verb.
                let start = (0..k).rev().find(|&s| matches!(v.t(s), "," | "\"")).map_or(0, |s| s + 1);
                (start < k).then(|| v.words(start, k))
            });
            return (Modality::Reported, Some(words(k)), who);
        }
        (Modality::Asserted, None, None)
    }
}

/// The noun of conjecture or the verb of prevention that introduces the
/// clause whose verb group starts at `p`: the clause's subject (a few words
/// with no verb, no clause break) lies between them. `speculation Russia
/// would retaliate`, `fears that Iran will attack`, `to stop Iran smuggling`,
/// `prevented the ship from sailing`.
fn conjectured(v: &View<'_>, p: usize) -> Option<usize> {
    let gerund = v.t(p).ends_with("ing");
    // Not a participle the tree hangs on its noun (`stop tankers carrying
    // fuel`: the tankers carry it).
    let modifier = v.parse().is_some_and(|t| t.rels.get(p) == Some(&Rel::Acl));
    let mut k = p;
    let mut seen = 0;
    while k > 0 && seen <= 6 {
        k -= 1;
        let w = v.t(k);
        if lx::is_conjecture_noun(w) && seen > 0 {
            return Some(k);
        }
        // Nor under `did not stop`.
        if gerund && lx::is_prevention_verb(w) && seen > 0 && !modifier && !(k > 0 && lx::is_negation(v.t(k - 1))) {
            return Some(k);
        }
        if w == "that" || w == "from" && gerund {
            continue;
        }
        if lx::is_hard_boundary(w) || matches!(w, "," | "and" | "but" | "to") || v.verbish[k] {
            return None;
        }
        seen += 1;
    }
    None
}

/// Whether the verb at `i`, coded in CAMEO root `root`, tells of no one
/// occurrence, with the word that says so: a habitual adverb near the verb
/// (`routinely arrests`, `in daily contact`), a perfect that sums up a
/// stretch of time (`has detained a total of 900`, `since 1985 Israel has
/// occupied`), or a deed in the simple present of running text, a habit or
/// a standing state (`Turkey locks up more journalists`, `the regimes that
/// harbor terrorists`). Not in the present: a headline's present, which is
/// its past (`Rebels Seize Town`; in title case, without a closing full
/// stop, or a digest's item after a dash), an article's whose lead tells
/// its news in the present (`Gunmen kill 13 miners in Balochistan.`: a
/// summary or a digest; `lead`), a speaker's own act (`I ask
/// Congress`, `we support`), and words (statements, appeals, intentions,
/// support and praise, demands, accusations, rejections, threats: CAMEO
/// 01–03, 05, 10–13), which news reports in the present as it reports
/// `says` (`South Africa supports the new mission, a spokesman said`).
/// Tried and left out, judged by hand on 879 rows of the project's judged
/// samples: an activity under way (`have been pressing Turkey`) and totals
/// `so far` or `in recent months` were real events 8 times in 9.
pub(super) fn generic(v: &View<'_>, i: usize, root: &str, lead: impl FnOnce() -> bool) -> Option<String> {
    let p = group_start(v, i);
    let n = v.toks.len();
    // The clause: from the verb group to the next comma, dash or stop.
    let end = (i + 1..n).find(|&k| matches!(v.t(k), "," | ";" | "." | ":" | "—" | "–")).unwrap_or(n);
    // An adverb, not a name (`the China Daily attributed`).
    let habitual = |k: usize| match v.t(k) {
        _ if v.named[k] || v.s.tokens[k].capitalized => false,
        "every" => matches!(v.t(k + 1), "day" | "week" | "month" | "year" | "night" | "morning"),
        // Not the noun (`told the Lebanese daily al-Nahar`).
        "daily" => !matches!(v.t(k.wrapping_sub(1)), "the" | "a") && !v.s.tokens[k.wrapping_sub(1).min(k)].capitalized,
        w => lx::is_habitual_adverb(w),
    };
    if let Some(k) = (p.saturating_sub(4)..end.min(i + 5)).find(|&k| habitual(k)) {
        return Some(v.t(k).to_string());
    }
    let tag = v.tag(i);
    let perfect = (p.saturating_sub(1)..i).any(|k| matches!(v.t(k), "has" | "have" | "'ve" | "having"))
        && matches!(tag, Some(Pos::VBN | Pos::VBD));
    // Opening the sentence (`Since 1985 Israel has occupied`), or in the
    // verb's clause (not `…, the first such exchange since 1990`, not
    // `expects output to stop for four months, and has asked`).
    let opens = |k: usize| k < p && !(0..k).any(|j| v.verbish.get(j) == Some(&true));
    if let Some(k) = (0..end).find(|&k| perfect && (opens(k) || k > i) && sums_up(v, k)) {
        return Some(v.t(k).to_string());
    }
    let present = simple_present(v, i);
    let words = matches!(root, "01" | "02" | "03" | "05" | "10" | "11" | "12" | "13");
    let speaker = p > 0 && matches!(v.t(p - 1), "i" | "we");
    let running = !v.title_case && super::closed(&v.toks) && !matches!(v.t(0), "—" | "–" | "-" | "*" | "•");
    // A present with a time is scheduled or under way (`On Wednesday,
    // Annan begins a tour`, `meet tomorrow`).
    let timed = v.times.iter().any(|t| t.start < end);
    // Quoted words are someone's own (`"The French government strongly
    // protests …"`).
    let quoted = (0..i).filter(|&k| matches!(v.t(k), "\"" | "“" | "”")).count() % 2 == 1;
    // The lead is read last: it costs a tagging of the lead sentence.
    (present && running && !words && !speaker && !timed && !quoted && !lead()).then(|| v.t(i).to_string())
}

/// Where the verb group of the anchor at `i` starts: the auxiliaries and
/// adverbs before it.
fn group_start(v: &View<'_>, i: usize) -> usize {
    let mut p = i;
    while p > 0 && i - p < 4 && (lx::is_auxiliary(v.t(p - 1)) || lx::is_verb_adverb(v.t(p - 1))) {
        p -= 1;
    }
    p
}

/// Whether the verb at `i` is in the simple present: not after an
/// auxiliary, not an auxiliary that opens a verb group (`has been holding
/// talks`), not a past that looks like a present (`workers set up picket
/// lines`).
pub(super) fn simple_present(v: &View<'_>, i: usize) -> bool {
    let tag = v.tag(i);
    // A present plural is its lemma (`meet`, not `shot` or `froze` read as
    // one).
    let base = || !lx::is_unchanged_past(v.t(i)) && v.parse().is_none_or(|p| p.lemma(i).eq_ignore_ascii_case(v.t(i)));
    !(group_start(v, i)..i).any(|k| lx::is_auxiliary(v.t(k)))
        && !lx::is_auxiliary(v.t(i))
        && (tag == Some(Pos::VBZ) || tag == Some(Pos::VBP) && base())
}

/// Whether token `k` makes a perfect a sum over a stretch of time:
/// `since` a year or a beginning (`since 2014`, `since the start of the
/// war`), `a total of`, `in the past three years`, `for nearly a decade`.
fn sums_up(v: &View<'_>, k: usize) -> bool {
    match v.t(k) {
        "since" => {
            let next = v.t(k + 1);
            next.bytes().all(|b| b.is_ascii_digit()) && !next.is_empty()
                || v.t(k + 1) == "the" && matches!(v.t(k + 2), "beginning" | "start" | "outbreak" | "end")
        }
        "total" => v.t(k.wrapping_sub(1)) == "a" && v.t(k + 1) == "of",
        // `for years`, `for nearly a decade`, `for more than two decades`.
        "for" => {
            let mut n = k + 1;
            if matches!(v.t(n), "nearly" | "almost" | "over" | "about" | "some") {
                n += 1;
            }
            if v.t(n) == "more" && v.t(n + 1) == "than" {
                n += 2;
            }
            if matches!(v.t(n), "a" | "two" | "three" | "four" | "five" | "six" | "ten" | "several" | "many")
                || v.t(n).bytes().all(|b| b.is_ascii_digit()) && !v.t(n).is_empty()
            {
                n += 1;
            }
            matches!(v.t(n), "years" | "decade" | "decades" | "months")
        }
        // `in the past three years`, `over the last decade` (not weeks:
        // `in the past week` dates one event).
        "past" | "last" => {
            let n = if matches!(v.t(k + 1), "few" | "two" | "three" | "four" | "five" | "six" | "ten" | "several")
                || v.t(k + 1).bytes().all(|b| b.is_ascii_digit())
            {
                k + 2
            } else {
                k + 1
            };
            v.t(k.wrapping_sub(1)) == "the"
                && matches!(v.t(k.wrapping_sub(2)), "in" | "over" | "during" | "throughout")
                && matches!(v.t(n), "years" | "decade" | "decades" | "months")
        }
        _ => false,
    }
}

/// Whether two verbs have the same inflection, as their endings tell
/// (`starve` and `bomb`, `attacked` and `killed`).
fn same_form(a: &str, b: &str) -> bool {
    let class = |w: &str| {
        if w.ends_with("ing") {
            1
        } else if w.ends_with("ed") {
            2
        } else if w.ends_with('s') {
            3
        } else {
            0
        }
    };
    class(a) == class(b)
}

/// The CAMEO code for intending (`Planned`) or threatening (`Threatened`)
/// the action `code`, when CAMEO has one.
pub(super) fn intent_code(code: &str, modality: Modality) -> Option<&'static str> {
    let root = &code[..code.len().min(2)];
    let three = &code[..code.len().min(3)];
    let conflict = || -> Option<&'static str> {
        Some(match (root, three) {
            ("14", _) => "133",
            ("16", "161") => "1313",
            ("16", "162") => "1311",
            ("16", "163") => "1312",
            ("16", _) => "131",
            ("17", "172") => match code {
                "1721" => "1321",
                "1722" => "1322",
                "1723" => "1323",
                "1724" => "1324",
                _ => "132",
            },
            ("17", "173" | "175") => "137",
            ("17", _) => "130",
            ("19", "191") => "1381",
            ("19", "192") => "1382",
            ("18", _) => "1383",
            ("19", _) => "1384",
            ("15" | "20", _) => "138",
            _ => return None,
        })
    };
    match modality {
        Modality::Planned => Some(match (root, three) {
            ("04", _) => "036",
            ("05", _) => "032",
            ("06", "061") => "0311",
            ("06", "062") => "0312",
            ("06", "063") => "0313",
            ("06", "064") => "0314",
            ("06", _) => "031",
            ("07", "071") => "0331",
            ("07", "072") => "0332",
            ("07", "073") => "0333",
            ("07", "074") => "0334",
            ("07", _) => "033",
            ("08", "081") => "0351",
            ("08", "084") => "0353",
            ("08", "085") => "0354",
            ("08", "086") => "0355",
            ("08", "087") => "0356",
            ("08", _) => "035",
            _ => return conflict(),
        }),
        Modality::Threatened => conflict(),
        _ => None,
    }
}

/// The CAMEO rejection code for refusing the action `code`.
pub(super) fn refusal_code(code: &str) -> Option<&'static str> {
    let three = &code[..code.len().min(3)];
    Some(match three {
        "081" => "1241",
        "082" => "1242",
        "083" => "1243",
        "084" => "1243",
        "085" => "1244",
        "086" => "1245",
        "087" => "1246",
        "080" => "124",
        "061" => "1211",
        "062" => "1212",
        "060" | "063" | "064" => "121",
        "070" | "071" | "072" | "073" | "074" | "075" => "122",
        t if t.starts_with("04") => "125",
        t if t.starts_with("03") || t.starts_with("05") => "120",
        _ => return None,
    })
}

/// Whether the tree's modality `tree` replaces the shallow rules' `shallow`.
/// A plan or a negation the tree finds on the event's own verb outranks a
/// report of it (`said there are no plans for him to meet`); one it finds
/// only through the verb a noun event is the object of does not (`analysts
/// said Iran wants to protect its investments`).
fn overrides(shallow: Modality, tree: Modality, own: bool) -> bool {
    shallow == Modality::Asserted
        || tree == Modality::Hypothetical && matches!(shallow, Modality::Planned | Modality::Reported)
        || own && matches!(tree, Modality::Planned | Modality::Negated) && shallow == Modality::Reported
}

/// Whether verb `g` has someone it addresses: an object (`urged India`),
/// or the `on` of `call on` (`called on Israel and Hamas`).
fn has_addressee(v: &View<'_>, p: &Parse, g: usize) -> bool {
    p.dependents(g).any(|d| {
        matches!(p.rels[d], Rel::Obj | Rel::Iobj)
            || p.rels[d] == Rel::Obl && p.dependent(d, Rel::Case).is_some_and(|c| v.t(c) == "on")
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{code, code_parsed, Tree};
    use super::*;
    use dyad_types::Mention;

    /// The modality, cue and code of each mention of `text`.
    fn modality_of(text: &str) -> Vec<(Modality, Option<String>, String)> {
        code(None, text).into_iter().map(|m| (m.modality, m.evidence.modality_cue, m.cameo)).collect()
    }

    #[test]
    fn the_verb_group_sets_the_modality() {
        let plain = modality_of("Iran sent fuel to Venezuela.");
        assert_eq!(plain, [(Modality::Asserted, None, "071".to_string())]);
        // A plan is coded as the intent to act, the act kept in the evidence.
        let will = code(None, "Iran will send fuel to Venezuela.");
        assert_eq!(will.len(), 1);
        assert_eq!((will[0].modality, will[0].evidence.modality_cue.as_deref()), (Modality::Planned, Some("will")));
        assert_eq!((will[0].cameo.as_str(), will[0].evidence.action_code.as_deref()), ("0331", Some("071")));
        let not = modality_of("Iran did not send fuel to Venezuela.");
        assert!(not.iter().all(|(m, _, _)| *m == Modality::Negated), "{not:?}");
        assert!(!not.is_empty());
    }

    #[test]
    fn a_governing_denial_or_speech_verb_is_the_modality() {
        let denied = code(None, "Iran denied sending fuel to Venezuela.");
        assert_eq!(denied.len(), 1);
        assert_eq!(
            (denied[0].modality, denied[0].evidence.modality_cue.as_deref()),
            (Modality::Denied, Some("denied"))
        );
        let reported = code(None, "Iran sent fuel to Venezuela, according to Reuters.");
        assert_eq!(reported.len(), 1);
        assert_eq!(reported[0].modality, Modality::Reported);
        assert_eq!(reported[0].evidence.attribution.as_deref(), Some("Reuters"));
    }

    #[test]
    fn a_refusal_is_a_rejection() {
        let refused = code(None, "Iran refused to send fuel to Venezuela.");
        let rejection = refused.iter().find(|m| m.evidence.modality_cue.as_deref() == Some("refused"));
        let rejection = rejection.map(|m| (m.modality, m.cameo.as_str(), m.evidence.action_code.as_deref()));
        assert_eq!(rejection, Some((Modality::Asserted, "122", Some("071"))), "{refused:?}");
    }

    #[test]
    fn a_request_in_the_tree_is_no_act() {
        let text = "Iran urged Venezuela to attack Colombia.";
        let tree = Tree::new(
            "Iran NNP 2 nsubj Iran
             urged VBD 0 root urge
             Venezuela NNP 2 obj Venezuela
             to TO 5 mark to
             attack VB 2 xcomp attack
             Colombia NNP 5 obj Colombia
             . . 2 punct .",
        );
        let attack = |ms: &[Mention]| ms.iter().any(|m| m.evidence.verb == "attack");
        // The shallow rules read `to attack` as an act of its own ...
        assert!(attack(&code(None, text)));
        // ... the tree as what was asked for: only the request is coded.
        let parsed = code_parsed(text, &tree);
        assert!(!attack(&parsed), "{parsed:?}");
        assert!(parsed.iter().any(|m| m.evidence.verb == "urged"), "{parsed:?}");
    }

    #[test]
    fn cameo_has_intent_and_refusal_codes_by_category() {
        assert_eq!(intent_code("0711", Modality::Planned), Some("0331"));
        assert_eq!(intent_code("042", Modality::Planned), Some("036"));
        assert_eq!(intent_code("1621", Modality::Threatened), Some("1311"));
        assert_eq!(intent_code("163", Modality::Threatened), Some("1312"));
        assert_eq!(intent_code("190", Modality::Planned), Some("1384"));
        assert_eq!(intent_code("141", Modality::Threatened), Some("133"));
        assert_eq!(intent_code("1723", Modality::Threatened), Some("1323"));
        assert_eq!(intent_code("173", Modality::Threatened), Some("137"));
        assert_eq!(intent_code("181", Modality::Threatened), Some("1383"));
        assert_eq!(intent_code("192", Modality::Threatened), Some("1382"));
        assert_eq!(intent_code("200", Modality::Threatened), Some("138"));
        assert_eq!(intent_code("071", Modality::Threatened), None);
        assert_eq!(intent_code("071", Modality::Asserted), None);
        assert_eq!(intent_code("", Modality::Planned), None);
        assert_eq!(refusal_code("0811"), Some("1241"));
        assert_eq!(refusal_code("043"), Some("125"));
        assert_eq!(refusal_code("190"), None);
    }

    #[test]
    fn the_tree_outranks_only_weaker_cues() {
        assert!(overrides(Modality::Asserted, Modality::Planned, true));
        assert!(overrides(Modality::Planned, Modality::Hypothetical, true));
        assert!(overrides(Modality::Reported, Modality::Hypothetical, true));
        assert!(!overrides(Modality::Negated, Modality::Hypothetical, true));
        assert!(!overrides(Modality::Planned, Modality::Threatened, true));
        // A plan on the event's own verb outranks a report; one found only
        // above a noun event's verb does not.
        assert!(overrides(Modality::Reported, Modality::Planned, true));
        assert!(!overrides(Modality::Reported, Modality::Planned, false));
    }
}
