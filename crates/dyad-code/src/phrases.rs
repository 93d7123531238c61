//! Actor phrases: dictionary hits assembled into the actors of a sentence.
//!
//! Combination rules, in order:
//! - role noun + person (`President Maduro`) → the person;
//! - state (+ `'s`) (+ up to three modifiers) + role noun (+ person):
//!   `Venezuelan armed forces` → VENMIL, `Iran's late president Ebrahim Raisi` → the person;
//! - role noun + `of`/`in`/`from` + state: `officials in Iran` → IRNGOV;
//! - state + `'s` + organisation or person: `Iran's IRGC` → the organisation;
//! - adjective `and` adjective + role noun: `Iranian and Venezuelan leaders` → IRNGOV, VENGOV;
//! - a capital alone is the government (`Tehran` → IRNGOV), except after a
//!   preposition of place (`in Tehran` → IRN);
//! - a role noun with no state is unresolved: its code is the sector alone
//!   (`police` → COP), and the coder gives it a country from context or
//!   none (see `ArticleCoder::unnamed`).
//!
//! Phrases joined by `,`, `and`, `or`, `plus` or a hyphen form groups
//! (compound actors); `between X and Y` is marked.
//!
//! PETRARCH's convention combines its dictionary's actors and agents by
//! TABARI's rules instead ([`Combination::Tabari`], [`affixed`]): runs of words
//! between breaks, agents' affixes added to the first actor's code.

use dyad_types::{ActorRef, PartialDate, Span};

use crate::dict::actors::{country_of, sector_of, ActorHit};
use crate::dict::{ActorDict, ActorKind, CountryForm, VerbDict};
use crate::lexicon;

/// What a phrase names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PhraseKind {
    /// A state by name.
    Country,
    /// A state by adjective (`Iranian tankers`).
    Adjective,
    /// A capital as metonym.
    Capital,
    /// A state's sector (`Iranian navy`), an organisation or an IGO.
    Body,
    /// A person.
    Person,
    /// A role noun without a state.
    Unresolved,
    /// `the two countries`.
    Pair,
}

/// An actor phrase in a sentence.
#[derive(Clone, Debug)]
pub(crate) struct Phrase {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: PhraseKind,
    /// Actor code; the sector alone for unresolved phrases, empty for pairs.
    pub(crate) code: String,
}

/// Coordinated phrases (`Iran and Venezuela`) over tokens `start..end`;
/// under TABARI's rules, a compound (PETRARCH's coordinated noun phrase).
#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub(crate) members: Vec<usize>,
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Preceded by `between` or `among`.
    pub(crate) between: bool,
}

fn is_modifier(tokens: &[&str], i: usize, verbs: &VerbDict) -> bool {
    let w = tokens[i];
    if w == "-" {
        return true;
    }
    if !w.chars().next().is_some_and(char::is_alphabetic) {
        return false;
    }
    if lexicon::is_preposition(w)
        || lexicon::is_coordinator(w)
        || lexicon::is_auxiliary(w)
        || matches!(w, "the" | "a" | "an" | "who" | "which" | "that" | "said" | "says" | "to" | "not")
    {
        return false;
    }
    // A verb form counts only inside a hyphenated modifier (`state-controlled`).
    !verbs.is_any_verb(w) || (i > 0 && tokens[i - 1] == "-") || tokens.get(i + 1) == Some(&"-")
}

/// Which rules combine a sentence's actor hits into phrases and groups, as
/// aho-corasick has match kinds: one pipeline ([`assemble`], then
/// [`group`]), two conventions.
pub(crate) enum Combination<'a, 'd> {
    /// dyad's adjacency rules (this module's header) over the actor
    /// dictionary's `hits`. People are coded on `dates[0]` (the event or
    /// document date), or on `dates[1]` (the last date the text named)
    /// when they held no role on the first; `verbs` keeps verb forms out
    /// of the modifiers between a state and its role noun.
    Dyad { dict: &'a ActorDict, hits: &'a [ActorHit], dates: [Option<PartialDate>; 2], verbs: &'a VerbDict },
    /// TABARI's rules, PETRARCH's convention: noun phrases are runs of
    /// words between breaks ([`runs`]), compounds are lists of them with
    /// agents bound across `of/in/from` ([`tabari_groups`]), read from
    /// what each token is (`parts`); `is_determiner` opens a noun phrase.
    Tabari { parts: &'a [Part<'d>], is_determiner: fn(&str) -> bool },
}

/// Assembles the hits of a sentence into phrases, by the rules of `how`.
pub(crate) fn assemble(tokens: &[&str], how: &Combination<'_, '_>) -> Vec<Phrase> {
    match *how {
        Combination::Dyad { dict, hits, dates, verbs } => adjacent(dict, tokens, hits, dates, verbs),
        Combination::Tabari { parts, .. } => runs(parts),
    }
}

/// dyad's adjacency rules ([`Combination::Dyad`]).
fn adjacent(
    dict: &ActorDict,
    tokens: &[&str],
    hits: &[ActorHit],
    dates: [Option<PartialDate>; 2],
    verbs: &VerbDict,
) -> Vec<Phrase> {
    let kind = |h: &ActorHit| dict.entry(h.entry).kind;
    let code_of = |h: &ActorHit| -> String {
        let e = dict.entry(h.entry);
        match e.kind {
            ActorKind::Person(p) => {
                // The person's role on the event date; a narrative set in the
                // past (`In June 2023, …`) takes over when that date finds none.
                let person = dict.person(p);
                let (code, in_role) = person.code_on(dates[0]);
                match dates[1].map(|d| person.code_on(Some(d))) {
                    Some((c, true)) if !in_role => c.to_string(),
                    _ => code.to_string(),
                }
            }
            // `Tehran said` is the government; `airstrikes in Sanaa`,
            // `met in Tehran` name a place, so the state.
            ActorKind::Country(CountryForm::Capital)
                if !(h.start > 0 && (lexicon::is_locative(tokens[h.start - 1]) || tokens[h.start - 1] == "at")) =>
            {
                format!("{}GOV", e.code)
            }
            _ => e.code.clone(),
        }
    };
    let is_person = |h: &ActorHit| matches!(kind(h), ActorKind::Person(_));
    let is_agent = |h: &ActorHit| kind(h) == ActorKind::Agent;
    let is_state_like = |h: &ActorHit| matches!(kind(h), ActorKind::Country(_) | ActorKind::Org | ActorKind::Igo);
    let modifiers_between = |a: usize, b: usize| b >= a && b - a <= 3 && (a..b).all(|i| is_modifier(tokens, i, verbs));
    let with_sector = |base: &str, agent: &ActorHit| -> String {
        let sector = &dict.entry(agent.entry).code;
        let c = country_of(base);
        // Organisations keep their own code; a state gains the sector.
        if c.len() == 3 && sector_of(base).is_empty() {
            format!("{c}{sector}")
        } else if c.len() == 3 && matches!(sector_of(base), "GOV" | "ELI") {
            // `Trump's administration`, `Maduro's government`.
            format!("{c}{sector}")
        } else {
            base.to_string()
        }
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < hits.len() {
        let h = hits[i];
        // `US-backed Kurdish forces`, `Iran-funded militias`: the name is
        // the group's backer, neither the group's country nor a party to
        // what the group does (`Saudi-led` forces stay Saudi).
        if tokens.get(h.end) == Some(&"-") && tokens.get(h.end + 1).is_some_and(|w| lexicon::is_backing_participle(w)) {
            i += 1;
            continue;
        }
        let next = hits.get(i + 1);
        let next2 = hits.get(i + 2);
        match kind(&h) {
            // PETRARCH's entries are read by `affixed`, not combined here.
            ActorKind::Null | ActorKind::Dated(_) | ActorKind::Affix => i += 1,
            ActorKind::Pair => {
                out.push(Phrase { start: h.start, end: h.end, kind: PhraseKind::Pair, code: String::new() });
                i += 1;
            }
            ActorKind::Agent => {
                // `President Maduro`, `Foreign Minister Zarif`.
                if let Some(n) = next.filter(|n| n.start == h.end && is_person(n)) {
                    out.push(Phrase { start: h.start, end: n.end, kind: PhraseKind::Person, code: code_of(n) });
                    i += 2;
                    continue;
                }
                // `state oil company PDVSA`: the organisation.
                if let Some(n) = next.filter(|n| n.start == h.end && matches!(kind(n), ActorKind::Org | ActorKind::Igo))
                {
                    out.push(Phrase { start: h.start, end: n.end, kind: PhraseKind::Body, code: code_of(n) });
                    i += 2;
                    continue;
                }
                // `officials in Iran`, `the foreign minister of Venezuela`;
                // but `its troops from Kazakhstan` are someone else's troops there.
                let mut j = h.end;
                let owned = h.start > 0 && matches!(tokens[h.start - 1], "its" | "their" | "his" | "her" | "our");
                if !owned && matches!(tokens.get(j), Some(&("of" | "in" | "from" | "for"))) {
                    j += 1;
                    // `the`, and place adjectives: `politicians in southeastern Turkey`.
                    while j < tokens.len() && j <= h.end + 3 && (tokens[j] == "the" || lexicon::is_slot_lead(tokens[j]))
                    {
                        j += 1;
                    }
                    if let Some(n) = next.filter(|n| n.start == j && is_state_like(n)) {
                        let code = with_sector(&code_of(n), &h);
                        out.push(Phrase { start: h.start, end: n.end, kind: PhraseKind::Body, code });
                        i += 2;
                        // `the leaders of France and Germany`: the role goes to both.
                        if let Some(m) =
                            next2.filter(|m| m.start == n.end + 1 && tokens[n.end] == "and" && is_state_like(m))
                        {
                            let code = with_sector(&code_of(m), &h);
                            out.push(Phrase { start: m.start, end: m.end, kind: PhraseKind::Body, code });
                            i += 1;
                        }
                        continue;
                    }
                }
                // The sector alone: the coder may resolve its country from context.
                let code = dict.entry(h.entry).code.clone();
                out.push(Phrase { start: h.start, end: h.end, kind: PhraseKind::Unresolved, code });
                i += 1;
            }
            k @ (ActorKind::Country(_) | ActorKind::Org | ActorKind::Igo | ActorKind::Person(_)) => {
                let base = code_of(&h);
                let mut j = h.end;
                let possessive = tokens.get(j) == Some(&"'s");
                if possessive {
                    j += 1;
                }
                // `Iranian and Venezuelan leaders`, `US and British warships`.
                if matches!(k, ActorKind::Country(CountryForm::Adjective | CountryForm::Name))
                    && tokens.get(h.end) == Some(&"and")
                {
                    if let (Some(n), Some(a)) = (next, next2) {
                        if n.start == h.end + 1
                            && kind(n) == ActorKind::Country(CountryForm::Adjective)
                            && is_agent(a)
                            && modifiers_between(n.end, a.start)
                        {
                            out.push(Phrase {
                                start: h.start,
                                end: h.end,
                                kind: PhraseKind::Body,
                                code: with_sector(&base, a),
                            });
                            out.push(Phrase {
                                start: n.start,
                                end: a.end,
                                kind: PhraseKind::Body,
                                code: with_sector(&code_of(n), a),
                            });
                            i += 3;
                            continue;
                        }
                    }
                }
                if let Some(n) = next {
                    if is_agent(n) && modifiers_between(j, n.start) {
                        if let Some(p) = next2.filter(|p| p.start == n.end && is_person(p)) {
                            out.push(Phrase { start: h.start, end: p.end, kind: PhraseKind::Person, code: code_of(p) });
                            i += 3;
                            continue;
                        }
                        let code = with_sector(&base, n);
                        out.push(Phrase { start: h.start, end: n.end, kind: PhraseKind::Body, code });
                        i += 2;
                        continue;
                    }
                    // `Iran's IRGC`, `the Venezuelan state oil and gas company PDVSA`.
                    let described = n.start > j
                        && n.start - j <= 6
                        && matches!(kind(n), ActorKind::Org)
                        && is_modifier(tokens, j, verbs)
                        && (j..n.start).all(|t| tokens[t] == "and" || is_modifier(tokens, t, verbs));
                    // `US President Donald Trump` (the title is part of the person's name).
                    let titled = n.start == j && is_person(n) && matches!(k, ActorKind::Country(_));
                    let glued = described
                        || titled
                        || n.start == j && (possessive || matches!(k, ActorKind::Country(CountryForm::Adjective)));
                    // An IGO is no state's: `Sweden's NATO membership` is Sweden.
                    let igo_after_possessive = possessive && kind(n) == ActorKind::Igo;
                    if glued
                        && !igo_after_possessive
                        && matches!(kind(n), ActorKind::Person(_) | ActorKind::Org | ActorKind::Igo)
                    {
                        let kind = if is_person(n) { PhraseKind::Person } else { PhraseKind::Body };
                        out.push(Phrase { start: h.start, end: n.end, kind, code: code_of(n) });
                        i += 2;
                        continue;
                    }
                }
                let kind = match k {
                    ActorKind::Country(CountryForm::Name) => PhraseKind::Country,
                    ActorKind::Country(CountryForm::Adjective) => PhraseKind::Adjective,
                    ActorKind::Country(CountryForm::Capital) => PhraseKind::Capital,
                    ActorKind::Person(_) => PhraseKind::Person,
                    _ => PhraseKind::Body,
                };
                out.push(Phrase { start: h.start, end: h.end, kind, code: base });
                i += 1;
            }
        }
    }
    out.retain(|p| p.kind == PhraseKind::Unresolved || p.kind == PhraseKind::Pair || !p.code.is_empty());
    // `former Venezuelan officials`, `ex-president X`: elites out of office.
    for p in &mut out {
        let former = (p.start.saturating_sub(2)..p.end).any(|t| matches!(tokens[t], "former" | "ex"));
        if former
            && p.code.len() == 6
            && country_of(&p.code).len() == 3
            && !matches!(sector_of(&p.code), "REB" | "OPP" | "ELI")
        {
            p.code = format!("{}ELI", country_of(&p.code));
        }
    }
    out
}

/// What a token is to TABARI's combination (the [`Combination::Tabari`]
/// mode), PETRARCH's convention; a phrase of several words is read at its
/// first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part<'d> {
    /// An actor of `n` words: its code on the sentence's date, if any.
    Actor(Option<&'d str>, usize),
    /// An agent of `n` words: its affix (`~GOV`, `NGO~`).
    Agent(&'d str, usize),
    /// `n` words that end a noun phrase (a verb, a preposition, a comma).
    Break(usize),
    /// Any other word; `plain` when no dictionary names it and it is no
    /// break (`their populations`).
    Word { plain: bool },
}

/// TABARI's noun phrases, the [`Combination::Tabari`] mode of
/// [`assemble`]: each run of words between breaks that holds an actor or
/// an agent, as a [`PhraseKind::Body`] coded by its first actor (a later
/// one that extends that code refines it: `Dagolath's … Telemar` →
/// `DAGGOV`), or [`PhraseKind::Unresolved`] with no code when it holds
/// agents alone. Whatever stands between actor and agent is in the run
/// (`Dagolath's first Deputy Prime Minister`), and so is an agent before
/// its actor (`MSF Arnor`); the agents' affixes are added by [`group`].
fn runs(parts: &[Part<'_>]) -> Vec<Phrase> {
    let mut out = Vec::new();
    // The run so far, and whether an agent is in it.
    let mut run: Option<(Phrase, bool)> = None;
    let close = |run: &mut Option<(Phrase, bool)>, out: &mut Vec<Phrase>| {
        if let Some((p, _)) = run.take().filter(|(p, agent)| p.kind == PhraseKind::Body || *agent) {
            out.push(p);
        }
    };
    let mut i = 0;
    while i < parts.len() {
        let len = match parts[i] {
            Part::Break(n) => {
                close(&mut run, &mut out);
                i += n;
                continue;
            }
            Part::Actor(_, n) | Part::Agent(_, n) => n,
            Part::Word { .. } => 1,
        };
        let (p, agent) = run.get_or_insert_with(|| {
            (Phrase { start: i, end: i, kind: PhraseKind::Unresolved, code: String::new() }, false)
        });
        p.end = i + len;
        match parts[i] {
            Part::Actor(Some(code), _) if p.kind == PhraseKind::Unresolved => {
                p.kind = PhraseKind::Body;
                p.code = code.to_string();
            }
            Part::Actor(Some(code), _) if code.len() > p.code.len() && code.starts_with(p.code.as_str()) => {
                p.code = code.to_string();
            }
            Part::Agent(..) => *agent = true,
            _ => {}
        }
        i += len;
    }
    close(&mut run, &mut out);
    out
}

/// TABARI's compounds, the [`Combination::Tabari`] mode of [`group`]: the
/// runs of [`runs`] (taken from `phrases`) become their members, coded by
/// [`affixed`], and `phrases` holds the members.
///
/// - Compounds are runs joined by `and`, `or`, `nor` and commas (with one
///   of the first three somewhere in the list).
/// - Agents alone at the end of a compound bind to the actors after
///   `of/in/from`, across lists on both sides (`lawmakers and officials
///   in Fornost and Gondor` → four actors); an agent-only member after an
///   actor shares that actor (`Danish media and government`); a compound
///   of actors drops its agent-only members; `the population of Gondor`
///   starts at `the`.
fn tabari_groups(
    words: &[&str],
    parts: &[Part<'_>],
    is_determiner: fn(&str) -> bool,
    phrases: &mut Vec<Phrase>,
) -> Vec<Group> {
    let runs = std::mem::take(phrases);
    fn actor(r: &Phrase) -> Option<&str> {
        (r.kind == PhraseKind::Body).then_some(r.code.as_str())
    }
    let agents = |r: &Phrase| -> Vec<&str> {
        parts[r.start..r.end].iter().filter_map(|p| if let Part::Agent(a, _) = *p { Some(a) } else { None }).collect()
    };
    // Lists: runs joined by `and`, `or`, `nor`, `,`. A list joined by
    // commas alone is no compound (`Baghdad, the U.S. Central Command said`).
    let joins = |a: usize, b: usize| -> Option<bool> {
        let between = words.get(a..b).filter(|w| !w.is_empty())?;
        let conj = between.iter().any(|w| matches!(*w, "and" | "or" | "nor"));
        let joined = (conj || between.contains(&","))
            && between
                .iter()
                .all(|w| matches!(*w, "and" | "or" | "nor" | "," | "neither" | "either" | "both") || is_determiner(w));
        joined.then_some(conj)
    };
    let mut lists: Vec<(Vec<usize>, bool)> = Vec::new();
    for (k, r) in runs.iter().enumerate() {
        let join = lists.last().and_then(|(open, _)| open.last()).and_then(|&p| joins(runs[p].end, r.start));
        match (lists.last_mut(), join) {
            (Some((open, conj)), Some(with_conj)) => {
                open.push(k);
                *conj |= with_conj;
            }
            _ => lists.push((vec![k], false)),
        }
    }
    let compounds: Vec<Vec<usize>> = lists
        .into_iter()
        .flat_map(|(list, conj)| if conj { vec![list] } else { list.into_iter().map(|k| vec![k]).collect() })
        .collect();

    // Members, and agents bound to the actors after `of/in/from`.
    let members_of = |actor: Option<&str>, agents: &[&str], start: usize, end: usize| -> Vec<Phrase> {
        let kind = if actor.is_some() { PhraseKind::Body } else { PhraseKind::Unresolved };
        affixed(actor, agents.iter().copied()).into_iter().map(|code| Phrase { code, start, end, kind }).collect()
    };
    let in_run = |t: usize| runs.iter().any(|r| r.start <= t && t < r.end);
    let plain = |t: usize| matches!(parts[t], Part::Word { plain: true });
    let mut groups: Vec<Group> = Vec::new();
    let mut k = 0;
    while k < compounds.len() {
        let here = &compounds[k];
        let tail = here.iter().rev().take_while(|&&r| actor(&runs[r]).is_none()).count();
        let next = compounds.get(k + 1).filter(|next| {
            let a = runs[here[here.len() - 1]].end;
            tail > 0
                && runs[next[0]].start == a + 1
                && matches!(words[a], "of" | "in" | "from")
                && next.iter().any(|&r| actor(&runs[r]).is_some())
        });
        let (head, bound) = match next {
            Some(_) => here.split_at(here.len() - tail),
            None => (&here[..], &[][..]),
        };
        let mut members = Vec::new();
        let mut prev: Option<(&str, Vec<&str>)> = None;
        for &ri in head {
            let r = &runs[ri];
            let own = agents(r);
            match (actor(r), &prev) {
                (None, Some((pa, pag))) => {
                    let mut shared = pag[..pag.len().saturating_sub(1)].to_vec();
                    shared.extend(&own);
                    members.extend(members_of(Some(pa), &shared, r.start, r.end));
                }
                (a, _) => members.extend(members_of(a, &own, r.start, r.end)),
            }
            if let Some(a) = actor(r) {
                prev = Some((a, own));
            }
        }
        let mut end = runs[here[here.len() - 1]].end;
        if let Some(next) = next {
            for &ag in bound {
                for &ac in next {
                    let (g, r) = (&runs[ag], &runs[ac]);
                    let mut both = agents(g);
                    both.extend(agents(r));
                    members.extend(members_of(actor(r), &both, g.start, r.end));
                }
            }
            end = runs[next[next.len() - 1]].end;
            k += 1;
        }
        if members.iter().any(|m| m.kind == PhraseKind::Body) {
            members.retain(|m| m.kind == PhraseKind::Body);
        }
        let mut seen = Vec::new();
        members.retain(|m| {
            let fresh = !seen.contains(&m.code);
            seen.push(m.code.clone());
            fresh
        });
        let mut start = runs[here[0]].start;
        if start >= 2 && words[start - 1] == "of" {
            let mut s = start - 1;
            while s > 0 && plain(s - 1) && !in_run(s - 1) {
                s -= 1;
            }
            if s < start - 1 {
                start = s;
            }
        }
        let first = phrases.len();
        phrases.extend(members);
        groups.push(Group { members: (first..phrases.len()).collect(), start, end, between: false });
        k += 1;
    }
    groups
}

/// TABARI's combination, PETRARCH's convention: the codes of a noun phrase
/// with this actor code (`---` for none; `ELR/GAL`, several actors: one
/// code each) and these agents' affixes, in order: `~GOV` appends (not
/// twice, not what the code already holds), `NGO~` prepends (replacing
/// `---`): `MSF Arnor diplomat` → `NGOARNGOV`.
pub(crate) fn affixed<'a>(actor: Option<&str>, affixes: impl Iterator<Item = &'a str> + Clone) -> Vec<String> {
    let actors: Vec<Option<&str>> = match actor {
        Some(a) => a.split('/').filter(|c| !c.is_empty()).map(Some).collect(),
        None => vec![None],
    };
    let affix = |actor: Option<&str>| {
        let mut code = actor.map_or_else(|| "---".to_string(), str::to_string);
        let mut prefix = String::new();
        for a in affixes.clone() {
            let (p, s) = match a.strip_prefix('~') {
                Some(s) => ("", s),
                None => (a.strip_suffix('~').unwrap_or(a), ""),
            };
            if !s.is_empty() && !code.ends_with(s) && !code.get(3..).unwrap_or("").contains(s) {
                code.push_str(s);
            }
            if !p.is_empty() && !code.starts_with(p) && !prefix.contains(p) {
                prefix.push_str(p);
            }
        }
        match (prefix.is_empty(), code.strip_prefix("---")) {
            (true, _) => code,
            (false, Some(rest)) => format!("{prefix}{rest}"),
            (false, None) => format!("{prefix}{code}"),
        }
    };
    actors.into_iter().map(affix).collect()
}

/// Groups coordinated phrases by the rules of `how` (TABARI's rewrite
/// `phrases` into the compounds' members). Returns the groups and, per
/// phrase, its group.
pub(crate) fn group(tokens: &[&str], phrases: &mut Vec<Phrase>, how: &Combination<'_, '_>) -> (Vec<Group>, Vec<usize>) {
    let groups = match *how {
        Combination::Dyad { .. } => coordinated(tokens, phrases),
        Combination::Tabari { parts, is_determiner } => tabari_groups(tokens, parts, is_determiner, phrases),
    };
    let mut of = vec![0; phrases.len()];
    for (gi, g) in groups.iter().enumerate() {
        g.members.iter().for_each(|&m| of[m] = gi);
    }
    (groups, of)
}

/// A headline's list of two: headlines write `and` as a comma (`Chile,
/// Peru Sign Border Pact`), so two named actors of different states that
/// open the headline, with a comma alone between them and a word that is
/// no actor after them, are one group. Running text keeps the rule of
/// [`coordinated`] (a comma alone separates clauses), and two names of one
/// state (`Lyon, France`) are a place, not a list.
pub(crate) fn headline_list(
    tokens: &[&str],
    from: usize,
    phrases: &[Phrase],
    groups: &mut Vec<Group>,
    of: &mut [usize],
) {
    let named = |p: &Phrase| !p.code.is_empty() && !matches!(p.kind, PhraseKind::Unresolved | PhraseKind::Pair);
    let [a, b, ..] = groups.as_slice() else { return };
    let ([pa], [pb]) = (a.members.as_slice(), b.members.as_slice()) else { return };
    let (pa, pb) = (&phrases[*pa], &phrases[*pb]);
    let after = tokens.get(b.end).copied().unwrap_or("");
    let no_actor_after = groups.get(2).is_none_or(|c| c.start > b.end + usize::from(after == ","));
    if a.start != from
        || tokens[a.end..b.start] != [","]
        || !named(pa)
        || !named(pb)
        || country_of(&pa.code) == country_of(&pb.code)
        || after.is_empty()
        || !no_actor_after
    {
        return;
    }
    let second = groups.remove(1);
    groups[0].members.extend(second.members);
    groups[0].end = second.end;
    for (gi, g) in groups.iter().enumerate() {
        g.members.iter().for_each(|&m| of[m] = gi);
    }
}

/// dyad's lists ([`Combination::Dyad`]).
fn coordinated(tokens: &[&str], phrases: &mut Vec<Phrase>) -> Vec<Group> {
    // An appositive naming the same state twice (`Maduro, Venezuela's president,`) is one actor.
    let mut k = 1;
    while k < phrases.len() {
        let (a, b) = (&phrases[k - 1], &phrases[k]);
        let between = &tokens[a.end..b.start];
        let named = |p: &Phrase| !p.code.is_empty() && p.kind != PhraseKind::Unresolved;
        let same = named(a) && named(b) && country_of(&a.code) == country_of(&b.code);
        if between == [","] && same && tokens.get(b.end) == Some(&",") {
            let keep_first = a.kind == PhraseKind::Person || b.kind != PhraseKind::Person;
            let (start, end) = (a.start, b.end);
            let mut merged = if keep_first { phrases[k - 1].clone() } else { phrases[k].clone() };
            merged.start = start;
            merged.end = end;
            phrases[k - 1] = merged;
            phrases.remove(k);
            continue;
        }
        k += 1;
    }
    let mut groups: Vec<Group> = Vec::new();
    for (i, p) in phrases.iter().enumerate() {
        if let Some(g) = groups.last_mut() {
            let prev = &phrases[*g.members.last().unwrap_or(&0)];
            let between = &tokens[prev.end.min(p.start)..p.start];
            let joins = matches!(
                between,
                [","]
                    | ["and"]
                    | ["or"]
                    | ["plus"]
                    | ["&"]
                    | [",", "and"]
                    | [",", "or"]
                    | ["-"]
                    | ["-", "plus"]
                    | [",", "plus"]
                    | ["as", "well", "as"]
                    | ["and", "the"]
                    | [",", "the"]
            ) && p.kind != PhraseKind::Unresolved
                && prev.kind != PhraseKind::Unresolved
                && p.kind != PhraseKind::Pair
                && prev.kind != PhraseKind::Pair;
            // `, the Russian firm,` is an appositive, not a list, unless a list is under way.
            let list_so_far = g.members.len() > 1 || !matches!(between, [",", "the"]);
            // `…, South Korean intelligence said`: a trailing speaker is not in the list.
            let speaker = between.first() == Some(&",")
                && tokens
                    .get(p.end..(p.end + 2).min(tokens.len()))
                    .is_some_and(|t| t.iter().any(|w| lexicon::is_speech_verb(w)));
            if joins && list_so_far && !speaker {
                g.members.push(i);
                g.end = p.end;
                continue;
            }
        }
        let between = p.start > 0 && matches!(tokens[p.start - 1], "between" | "among");
        groups.push(Group { members: vec![i], start: p.start, end: p.end, between });
    }
    // Two actors need a coordinator to be a list (`X and Y`); a comma alone (`To the ire
    // of Washington, Tehran …`) separates clauses. Longer comma lists stand.
    let mut out: Vec<Group> = Vec::with_capacity(groups.len());
    for g in groups {
        let coordinated = g
            .members
            .windows(2)
            .any(|w| tokens[phrases[w[0]].end..phrases[w[1]].start].iter().any(|t| !matches!(*t, "," | "the")));
        if g.members.len() == 2 && !coordinated {
            for &m in &g.members {
                let p = &phrases[m];
                out.push(Group { members: vec![m], start: p.start, end: p.end, between: false });
            }
        } else {
            out.push(g);
        }
    }
    out
}

/// The output form of a phrase's actor.
pub(crate) fn actor_ref(text: &str, span: Span, code: &str) -> ActorRef {
    ActorRef {
        text: text.to_string(),
        code: code.to_string(),
        country: country_of(code).to_string(),
        sector: sector_of(code).to_string(),
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// TABARI's combination over `text`, its words read by a tiny lexicon
    /// (`gondor` an actor, `minister` an agent, `and`/`in`/`said` breaks):
    /// each compound as its members' codes and the words it spans.
    fn tabari(text: &str) -> Vec<String> {
        let words: Vec<&str> = text.split(' ').collect();
        let part = |w: &str| match w {
            "arnor" => Part::Actor(Some("ARN"), 1),
            "gondor" => Part::Actor(Some("GON"), 1),
            "fornost" => Part::Actor(Some("FOR"), 1),
            "dagolath" => Part::Actor(Some("DAG"), 1),
            "telemar" => Part::Actor(Some("DAGGOV"), 1),
            "twins" => Part::Actor(Some("ARN/GON"), 1),
            "minister" | "government" => Part::Agent("~GOV", 1),
            "lawmakers" => Part::Agent("~LEG", 1),
            "media" => Part::Agent("~MED", 1),
            "msf" => Part::Agent("NGO~", 1),
            "and" | "in" | "of" | "said" | "," => Part::Break(1),
            _ => Part::Word { plain: true },
        };
        let parts: Vec<Part<'_>> = words.iter().map(|w| part(w)).collect();
        let how = Combination::Tabari { parts: &parts, is_determiner: |w| w == "the" };
        let mut phrases = assemble(&words, &how);
        let (groups, _) = group(&words, &mut phrases, &how);
        let codes = |g: &Group| g.members.iter().map(|&m| phrases[m].code.as_str()).collect::<Vec<_>>().join(" ");
        groups.iter().map(|g| format!("{} ({})", codes(g), words[g.start..g.end].join(" "))).collect()
    }

    #[test]
    fn tabari_runs_carry_prefix_agents_and_modifiers_between_actor_and_agent() {
        assert_eq!(tabari("msf arnor minister said"), ["NGOARNGOV (msf arnor minister)"]);
        assert_eq!(tabari("dagolath 's first deputy telemar said"), ["DAGGOV (dagolath 's first deputy telemar)"]);
        assert_eq!(tabari("the twins said"), ["ARN GON (the twins)"]);
        assert_eq!(tabari("the minister said"), ["---GOV (the minister)"]);
    }

    #[test]
    fn tabari_compounds_bind_agents_across_in_and_share_actors() {
        assert_eq!(
            tabari("lawmakers and minister in fornost and gondor said"),
            ["FORLEG GONLEG FORGOV GONGOV (lawmakers and minister in fornost and gondor)"]
        );
        assert_eq!(tabari("arnor media and government said"), ["ARNMED ARNGOV (arnor media and government)"]);
        // A list of actors drops its agent-only members; commas alone make no list.
        assert_eq!(tabari("minister , arnor and gondor said"), ["ARN GON (minister , arnor and gondor)"]);
        assert_eq!(tabari("arnor , gondor said"), ["ARN (arnor)", "GON (gondor)"]);
        // `the population of Gondor` starts at `the`.
        assert_eq!(tabari("the population of gondor said"), ["GON (the population of gondor)"]);
    }
}
