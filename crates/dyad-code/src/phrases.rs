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
//! TABARI's rules instead ([`compounds`], [`affixed`]): runs of words
//! between breaks, agents' affixes added to the first actor's code.

use dyad_types::{ActorRef, PartialDate, Span};

use crate::dict::actors::{country_of, sector_of, ActorHit};
use crate::dict::{ActorDict, ActorKind, CountryForm};
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

/// Coordinated phrases (`Iran and Venezuela`).
#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub(crate) members: Vec<usize>,
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Preceded by `between` or `among`.
    pub(crate) between: bool,
}

fn is_modifier(tokens: &[&str], i: usize, is_verb: &impl Fn(&str) -> bool) -> bool {
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
    !is_verb(w) || (i > 0 && tokens[i - 1] == "-") || tokens.get(i + 1) == Some(&"-")
}

/// Assembles the hits of a sentence into phrases. People are coded on
/// `dates[0]` (the event or document date), or on `dates[1]` (the last date
/// the text named) when they held no role on the first.
pub(crate) fn assemble(
    dict: &ActorDict,
    tokens: &[&str],
    hits: &[ActorHit],
    dates: [Option<PartialDate>; 2],
    is_verb: impl Fn(&str) -> bool,
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
    let modifiers_between =
        |a: usize, b: usize| b >= a && b - a <= 3 && (a..b).all(|i| is_modifier(tokens, i, &is_verb));
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
                        && is_modifier(tokens, j, &is_verb)
                        && (j..n.start).all(|t| tokens[t] == "and" || is_modifier(tokens, t, &is_verb));
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

/// What a token is to TABARI's combination ([`compounds`]), PETRARCH's
/// convention; a phrase of several words is read at its first.
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

/// Noun phrases joined into a compound, over tokens `first..=last`: under
/// TABARI's combination a phrase is [`PhraseKind::Body`], or
/// [`PhraseKind::Unresolved`] when its code is agents alone (`---GOV`).
#[derive(Clone, Debug)]
pub(crate) struct Compound {
    pub(crate) members: Vec<Phrase>,
    pub(crate) first: usize,
    pub(crate) last: usize,
}

/// TABARI's combination, PETRARCH's convention: the sentence's noun
/// phrases and compounds from what each token is (`parts`).
///
/// - A noun phrase is a run of words between breaks; its first actor
///   names it (a later one that extends that code refines it: `Dagolath's
///   … Telemar` → `DAGGOV`) and its agents add their affixes
///   ([`affixed`]); an agent with no actor is `---GOV`.
/// - Compounds are noun phrases joined by `and`, `or`, `nor` and commas
///   (with one of the first three somewhere in the list).
/// - Agents alone at the end of a compound bind to the actors after
///   `of/in/from`, across lists on both sides (`lawmakers and officials
///   in Fornost and Gondor` → four actors); an agent-only member after an
///   actor shares that actor (`Danish media and government`); a compound
///   of actors drops its agent-only members; `the population of Gondor`
///   starts at `the`.
pub(crate) fn compounds<'d>(words: &[&str], parts: &[Part<'d>], is_determiner: impl Fn(&str) -> bool) -> Vec<Compound> {
    // 1. Chunks: runs of tokens without breaks, with the actor and agents in them.
    struct Chunk<'d> {
        first: usize,
        last: usize,
        actor: Option<&'d str>,
        agents: Vec<&'d str>,
    }
    let mut chunks: Vec<Chunk<'d>> = Vec::new();
    let mut cur: Option<Chunk<'d>> = None;
    let close = |cur: &mut Option<Chunk<'d>>, chunks: &mut Vec<Chunk<'d>>| {
        if let Some(c) = cur.take().filter(|c| c.actor.is_some() || !c.agents.is_empty()) {
            chunks.push(c);
        }
    };
    let mut i = 0;
    while i < parts.len() {
        let len = match parts[i] {
            Part::Break(n) => {
                close(&mut cur, &mut chunks);
                i += n;
                continue;
            }
            Part::Actor(_, n) | Part::Agent(_, n) => n,
            Part::Word { .. } => 1,
        };
        let c = cur.get_or_insert(Chunk { first: i, last: i, actor: None, agents: Vec::new() });
        c.last = i + len - 1;
        match parts[i] {
            Part::Actor(Some(code), _) => match c.actor {
                None => c.actor = Some(code),
                Some(first) if code.len() > first.len() && code.starts_with(first) => c.actor = Some(code),
                Some(_) => {}
            },
            Part::Agent(a, _) => c.agents.push(a),
            _ => {}
        }
        i += len;
    }
    close(&mut cur, &mut chunks);

    // 2. Compounds: chunks joined by `and`, `or`, `nor`, `,`. A list joined
    // by commas alone is no compound (`Baghdad, the U.S. Central Command said`).
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
    for (k, c) in chunks.iter().enumerate() {
        let join = lists.last().and_then(|(open, _)| open.last()).and_then(|&p| joins(chunks[p].last + 1, c.first));
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

    // 3. Members, and agents bound to the actors after `of/in/from`.
    let nps = |actor: Option<&str>, agents: &[&str], start: usize, end: usize| -> Vec<Phrase> {
        let kind = if actor.is_some() { PhraseKind::Body } else { PhraseKind::Unresolved };
        affixed(actor, agents.iter().copied()).into_iter().map(|code| Phrase { code, start, end, kind }).collect()
    };
    let mut groups: Vec<Compound> = Vec::new();
    let mut k = 0;
    while k < compounds.len() {
        let here = &compounds[k];
        let tail = here.iter().rev().take_while(|&&c| chunks[c].actor.is_none()).count();
        let next = compounds.get(k + 1).filter(|next| {
            let a = chunks[here[here.len() - 1]].last + 1;
            tail > 0
                && chunks[next[0]].first == a + 1
                && matches!(words[a], "of" | "in" | "from")
                && next.iter().any(|&c| chunks[c].actor.is_some())
        });
        let (head, bound) = match next {
            Some(_) => here.split_at(here.len() - tail),
            None => (&here[..], &[][..]),
        };
        let mut members = Vec::new();
        let mut prev: Option<(&str, &[&str])> = None;
        for &ci in head {
            let c = &chunks[ci];
            let (actor, agents) = match (c.actor, prev) {
                (None, Some((pa, pag))) => {
                    let mut agents = pag[..pag.len().saturating_sub(1)].to_vec();
                    agents.extend(&c.agents);
                    (Some(pa), agents)
                }
                _ => (c.actor, c.agents.clone()),
            };
            let inherited = c.actor.is_none() && actor.is_some();
            let mut found = nps(actor, &agents, c.first, c.last + 1);
            if inherited {
                found.iter_mut().for_each(|n| n.kind = PhraseKind::Body);
            }
            members.extend(found);
            if let Some(a) = c.actor {
                prev = Some((a, &c.agents));
            }
        }
        let mut last = chunks[here[here.len() - 1]].last;
        if let Some(next) = next {
            for &ag in bound {
                for &ac in next {
                    let (g, c) = (&chunks[ag], &chunks[ac]);
                    let agents: Vec<&str> = g.agents.iter().chain(&c.agents).copied().collect();
                    members.extend(nps(c.actor, &agents, g.first, c.last + 1));
                }
            }
            last = chunks[next[next.len() - 1]].last;
            k += 1;
        }
        groups.push(Compound { members, first: chunks[here[0]].first, last });
        k += 1;
    }
    let in_chunk = |t: usize| chunks.iter().any(|c| c.first <= t && t <= c.last);
    let plain = |t: usize| matches!(parts[t], Part::Word { plain: true });
    for g in &mut groups {
        if g.members.iter().any(|m| m.kind == PhraseKind::Body) {
            g.members.retain(|m| m.kind == PhraseKind::Body);
        }
        let mut seen = Vec::new();
        g.members.retain(|m| {
            let fresh = !seen.contains(&m.code);
            seen.push(m.code.clone());
            fresh
        });
        if g.first >= 2 && words[g.first - 1] == "of" {
            let mut s = g.first - 1;
            while s > 0 && plain(s - 1) && !in_chunk(s - 1) {
                s -= 1;
            }
            if s < g.first - 1 {
                g.first = s;
            }
        }
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

/// Groups coordinated phrases. Returns the groups and, per phrase, its group.
pub(crate) fn group(tokens: &[&str], phrases: &mut Vec<Phrase>) -> (Vec<Group>, Vec<usize>) {
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
    let mut of = vec![0; phrases.len()];
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
                of[i] = groups.len() - 1;
                continue;
            }
        }
        let between = p.start > 0 && matches!(tokens[p.start - 1], "between" | "among");
        of[i] = groups.len();
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
    for (gi, g) in out.iter().enumerate() {
        for &m in &g.members {
            of[m] = gi;
        }
    }
    (out, of)
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
