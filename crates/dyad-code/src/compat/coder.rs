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
//! - **Discards** stop the sentence (plain) or the story (`+`).

use super::{Elem, Entry, Part, PetrDict, VerbCode, VerbPattern};

/// A sentence to code: its text and date (`YYYYMMDD`, 0 when unknown).
#[derive(Clone, Debug)]
pub struct PetrSentence<'a> {
    /// The text.
    pub text: &'a str,
    /// The date actors' dated codes are read on.
    pub date: u32,
}

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
        let v = value.trim();
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
pub struct PetrEvent {
    /// Source actor code (`---` when none).
    pub source: String,
    /// Target actor code (`---` when none).
    pub target: String,
    /// The event code as the dictionary wrote it.
    pub code: String,
    /// Byte range of the source's words in the text.
    pub source_span: (usize, usize),
    /// Byte range of the target's words (empty when none).
    pub target_span: (usize, usize),
    /// Byte range of the verb.
    pub verb_span: (usize, usize),
    /// The pattern that fired (`family: text`, or the family alone).
    pub pattern: String,
}

/// The result of coding one sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PetrCoded {
    /// Events, in order.
    pub events: Vec<PetrEvent>,
    /// A discard phrase matched: `Some(true)` discards the story.
    pub discard: Option<bool>,
}

/// Codes sentences with PETRARCH dictionaries.
#[derive(Debug)]
pub struct PetrCoder {
    dict: PetrDict,
}

#[derive(Clone, Debug)]
struct Tok {
    w: String,
    start: usize,
    end: usize,
}

/// What a token starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lex {
    None,
    Actor(u32, usize),
    Agent(u32, usize),
    Verb(u32, usize),
}

/// A coded noun phrase: its code and the byte range of its words.
#[derive(Clone, Debug)]
struct Np {
    code: String,
    start: usize,
    end: usize,
    has_actor: bool,
}

/// Noun phrases joined into a compound, over tokens `first..last`.
#[derive(Clone, Debug)]
struct Group {
    members: Vec<Np>,
    first: usize,
    last: usize,
}

#[derive(Clone, Debug, Default)]
struct Slots {
    source: Option<usize>,
    target: Option<usize>,
    compound: Option<usize>,
    /// Literal word tokens the pattern used (other verbs there are not coded).
    used: Vec<usize>,
}

impl PetrCoder {
    /// A coder over loaded dictionaries.
    pub fn new(dict: PetrDict) -> PetrCoder {
        PetrCoder { dict }
    }

    /// The dictionaries.
    pub fn dict(&self) -> &PetrDict {
        &self.dict
    }

    /// Codes one sentence.
    pub fn code(&self, s: &PetrSentence<'_>, opts: &PetrOptions) -> PetrCoded {
        let toks = tokenize(s.text);
        let mut out = PetrCoded::default();
        let lex = self.lexicon(&toks, &mut out.discard);
        if out.discard.is_some() {
            return out;
        }
        let keep = comma_clauses(&toks, &lex, opts);
        let (toks, lex): (Vec<Tok>, Vec<Lex>) =
            toks.into_iter().zip(lex).zip(keep).filter(|(_, k)| *k).map(|(tl, _)| tl).unzip();
        let groups = self.groups(&toks, &lex, s.date);
        let group_at = |t: usize| groups.iter().position(|g| g.first <= t && t <= g.last);

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
            let Lex::Verb(form, len) = *l else { continue };
            if group_at(i).is_some() || is_nominal_use(&toks, i) {
                continue;
            }
            let form = &self.dict.forms[form as usize];
            let family = &self.dict.families[form.family as usize];
            let mut hit = Hit {
                at: i,
                len,
                code: form.code.clone().unwrap_or(VerbCode { forward: "---".into(), back: None }),
                slots: Slots::default(),
                pattern: None,
                family: form.family,
            };
            for p in &family.patterns {
                if let Some(slots) = self.match_pattern(&toks, &groups, i, len, p) {
                    hit.code = p.code.clone();
                    hit.slots = slots;
                    hit.pattern = Some(p);
                    break;
                }
            }
            hits.push(hit);
        }
        // A verb a longer pattern used as one of its words codes nothing itself.
        let used: Vec<usize> = hits.iter().flat_map(|h| h.slots.used.iter().copied()).collect();
        hits.retain(|h| !used.contains(&h.at));

        let mut last_source: Option<Vec<Np>> = None;
        for h in &hits {
            let verb_end = h.at + h.len;
            let family = &self.dict.families[h.family as usize].name;
            let why = match h.pattern {
                Some(p) => format!("{family}: - {} (line {})", p.text, p.line),
                None => family.clone(),
            };
            let passive = is_passive(&toks, h.at);
            // Subject: a `$` slot, else the nearest compound before the verb
            // in its clause; after `and`, the previous verb's subject.
            let mut source: Option<Vec<Np>> = h.slots.source.map(|g| groups[g].members.clone());
            let mut target: Option<Vec<Np>> = h.slots.target.map(|g| groups[g].members.clone());
            if let Some(c) = h.slots.compound {
                let ms = &groups[c].members;
                if h.slots.source.is_none() && h.slots.target.is_none() && c_before(&groups[c], h.at) {
                    // `% *`: every ordered pair of the compound.
                    let code = h.code.clone();
                    for a in ms {
                        for b in ms {
                            if a.code != b.code && !code.is_null() {
                                out.events.push(event(a, Some(b), &code.forward, &toks, (h.at, h.len), &why));
                            }
                        }
                    }
                    last_source = Some(ms.clone());
                    continue;
                }
                if target.is_none() {
                    target = Some(ms.clone());
                } else if source.is_none() {
                    source = Some(ms.clone());
                }
            }
            let by_agent = if passive { self.passive_agent(&toks, &groups, verb_end) } else { None };
            if source.is_none() {
                source = match by_agent {
                    Some(g) => {
                        if target.is_none() {
                            target = self.subject(&toks, &groups, h.at).map(|g| groups[g].members.clone());
                        }
                        Some(groups[g].members.clone())
                    }
                    None => match self.subject(&toks, &groups, h.at) {
                        Some(g) => Some(groups[g].members.clone()),
                        None if follows_and(&toks, &lex, h.at) => last_source.clone(),
                        None => None,
                    },
                };
            }
            if target.is_none() {
                let from = h.slots.used.iter().copied().filter(|&u| u > h.at).max().map_or(verb_end, |u| u + 1);
                let skip = by_agent;
                target = groups
                    .iter()
                    .enumerate()
                    .find(|(gi, g)| g.first >= verb_end.min(from) && Some(*gi) != skip)
                    .map(|(_, g)| g.members.clone());
            }
            let Some(source) = source else { continue };
            last_source = Some(source.clone());
            if h.code.is_null() {
                continue;
            }
            for s in &source {
                match &target {
                    Some(ts) => {
                        for t in ts {
                            if s.code == t.code {
                                continue;
                            }
                            if h.code.forward != "---" {
                                out.events.push(event(s, Some(t), &h.code.forward, &toks, (h.at, h.len), &why));
                            }
                            if let Some(back) = h.code.back.as_deref().filter(|b| *b != "---") {
                                out.events.push(event(t, Some(s), back, &toks, (h.at, h.len), &why));
                            }
                        }
                    }
                    None => {
                        if h.code.forward != "---" {
                            out.events.push(event(s, None, &h.code.forward, &toks, (h.at, h.len), &why));
                        }
                    }
                }
            }
        }
        if opts.require_dyad {
            out.events.retain(|e| e.source != "---" && e.target != "---");
        }
        dedup(&mut out.events);
        out
    }

    /// Longest dictionary phrase starting at each token.
    fn lexicon(&self, toks: &[Tok], discard: &mut Option<bool>) -> Vec<Lex> {
        let mut lex = vec![Lex::None; toks.len()];
        let mut i = 0;
        while i < toks.len() {
            let mut best: Option<(usize, Entry)> = None;
            if let Some(list) = self.dict.phrases.get(&toks[i].w) {
                for (rest, entry) in list {
                    let n = rest.len() + 1;
                    if i + n > toks.len() || !rest.iter().zip(&toks[i + 1..]).all(|(a, b)| *a == b.w) {
                        continue;
                    }
                    if let Entry::Discard(story) = entry {
                        *discard = Some(discard.unwrap_or(false) || *story);
                        continue;
                    }
                    let better = match best {
                        None => true,
                        Some((bn, be)) => n > bn || (n == bn && rank(*entry) < rank(be)),
                    };
                    if better {
                        best = Some((n, *entry));
                    }
                }
            }
            match best {
                Some((n, Entry::Actor(a))) => {
                    lex[i] = Lex::Actor(a, n);
                    i += n;
                }
                Some((n, Entry::Agent(a))) => {
                    lex[i] = Lex::Agent(a, n);
                    i += n;
                }
                Some((n, Entry::Verb(v))) => {
                    lex[i] = Lex::Verb(v, n);
                    i += n;
                }
                _ => i += 1,
            }
        }
        lex
    }

    /// Noun phrases, bound agents and compounds.
    fn groups(&self, toks: &[Tok], lex: &[Lex], date: u32) -> Vec<Group> {
        // 1. Chunks: runs of tokens without breaks; actors and agents in them.
        struct Chunk {
            first: usize,
            last: usize,
            actors: Vec<(usize, &'static str)>,
            actor_codes: Vec<String>,
            agents: Vec<u32>,
        }
        let mut chunks: Vec<Chunk> = Vec::new();
        let mut i = 0;
        let mut cur: Option<Chunk> = None;
        let close = |cur: &mut Option<Chunk>, chunks: &mut Vec<Chunk>| {
            if let Some(c) = cur.take() {
                if !c.actor_codes.is_empty() || !c.agents.is_empty() {
                    chunks.push(c);
                }
            }
        };
        while i < toks.len() {
            let (len, breaks) = match lex[i] {
                Lex::Actor(_, n) | Lex::Agent(_, n) => (n, false),
                Lex::Verb(_, n) => (n, !is_nominal_use(toks, i)),
                Lex::None => (1, is_break(&toks[i].w)),
            };
            if breaks {
                close(&mut cur, &mut chunks);
                i += len;
                continue;
            }
            let c = cur.get_or_insert(Chunk {
                first: i,
                last: i,
                actors: Vec::new(),
                actor_codes: Vec::new(),
                agents: Vec::new(),
            });
            c.last = i + len - 1;
            match lex[i] {
                Lex::Actor(a, _) => {
                    if let Some(code) = self.dict.actors[a as usize].on(date) {
                        c.actors.push((i, ""));
                        c.actor_codes.push(code.to_string());
                    }
                }
                Lex::Agent(a, _) => c.agents.push(a),
                _ => {}
            }
            i += len;
        }
        close(&mut cur, &mut chunks);

        let np = |c: &Chunk, extra_agents: &[u32], actor: Option<&str>| -> Np {
            let mut code = actor.map_or_else(|| "---".to_string(), str::to_string);
            let mut prefix = String::new();
            for &a in extra_agents.iter().chain(&c.agents) {
                let agent = &self.dict.agents[a as usize];
                if !agent.suffix.is_empty()
                    && !code.ends_with(&agent.suffix)
                    && !code[3.min(code.len())..].contains(&agent.suffix)
                {
                    code.push_str(&agent.suffix);
                }
                if !agent.prefix.is_empty() && !code.starts_with(&agent.prefix) && !prefix.contains(&agent.prefix) {
                    prefix.push_str(&agent.prefix);
                }
            }
            if !prefix.is_empty() {
                code = match code.strip_prefix("---") {
                    Some(rest) => format!("{prefix}{rest}"),
                    None => format!("{prefix}{code}"),
                };
            }
            Np { code, start: toks[c.first].start, end: toks[c.last].end, has_actor: actor.is_some() }
        };
        let chunk_actor = |c: &Chunk| -> Option<String> {
            // The first actor; a later one that extends it (`Dagolath's
            // … Telemar` → `DAGGOV`) refines it.
            let mut code = c.actor_codes.first()?.clone();
            for later in &c.actor_codes[1..] {
                if later.len() > code.len() && later.starts_with(&code) {
                    code = later.clone();
                }
            }
            Some(code)
        };

        // 2. Compounds: chunks joined by `and`, `or`, `nor`, `,`.
        let mut groups: Vec<Group> = Vec::new();
        let mut members: Vec<usize> = Vec::new(); // chunk indexes of the open compound
        let mut compounds: Vec<Vec<usize>> = Vec::new();
        for (k, c) in chunks.iter().enumerate() {
            let joined = members.last().is_some_and(|&p| joins(toks, chunks[p].last + 1, c.first));
            if !joined && !members.is_empty() {
                compounds.push(std::mem::take(&mut members));
            }
            members.push(k);
        }
        if !members.is_empty() {
            compounds.push(members);
        }

        // 3. `AGENTS of/in/from ACTORS`: agent-only compounds bind to the
        //    actor compound after them.
        let mut k = 0;
        while k < compounds.len() {
            let here = &compounds[k];
            let agent_only = here.iter().all(|&c| chunks[c].actor_codes.is_empty());
            let next_binds = compounds.get(k + 1).is_some_and(|next| {
                let a = chunks[*here.last().unwrap_or(&0)].last + 1;
                let b = chunks[next[0]].first;
                b == a + 1
                    && matches!(toks[a].w.as_str(), "OF" | "IN" | "FROM")
                    && next.iter().any(|&c| !chunks[c].actor_codes.is_empty())
            });
            if agent_only && next_binds {
                let next = &compounds[k + 1];
                let mut ms = Vec::new();
                for &ag in here {
                    for &ac in next {
                        let c = &chunks[ac];
                        let actor = chunk_actor(c);
                        let mut n = np(c, &chunks[ag].agents, actor.as_deref());
                        n.start = toks[chunks[ag].first].start;
                        ms.push(n);
                    }
                }
                groups.push(Group {
                    members: ms,
                    first: chunks[here[0]].first,
                    last: chunks[*next.last().unwrap_or(&0)].last,
                });
                k += 2;
                continue;
            }
            let ms: Vec<Np> = here.iter().map(|&c| np(&chunks[c], &[], chunk_actor(&chunks[c]).as_deref())).collect();
            groups.push(Group {
                members: ms,
                first: chunks[here[0]].first,
                last: chunks[*here.last().unwrap_or(&0)].last,
            });
            k += 1;
        }
        // A compound of actors drops its agent-only members (`lions and Gondor`).
        for g in &mut groups {
            if g.members.iter().any(|m| m.has_actor) {
                g.members.retain(|m| m.has_actor);
            }
            let mut seen = Vec::new();
            g.members.retain(|m| {
                let fresh = !seen.contains(&m.code);
                seen.push(m.code.clone());
                fresh
            });
        }
        groups
    }

    /// The compound that is the subject of the verb at `at`: the nearest one
    /// before it, not past a clause opener.
    fn subject(&self, toks: &[Tok], groups: &[Group], at: usize) -> Option<usize> {
        let mut best = None;
        for (gi, g) in groups.iter().enumerate() {
            if g.last < at {
                best = Some(gi);
            }
        }
        let gi = best?;
        let g = &groups[gi];
        // Words between the subject and the verb must not open a new clause.
        if toks[g.last + 1..at].iter().any(|t| is_clause_opener(&t.w)) {
            return None;
        }
        // An agent with no actor after a comma (`…, a senior official
        // said`) is an attribution, not a subject.
        if !g.members.iter().any(|m| m.has_actor) && g.first > 0 && toks[..g.first].iter().any(|t| t.w == ",") {
            return None;
        }
        Some(gi)
    }

    /// `… was opposed by X`: the compound after `by`.
    fn passive_agent(&self, toks: &[Tok], groups: &[Group], from: usize) -> Option<usize> {
        let mut j = from;
        while j < toks.len() && j < from + 6 {
            if toks[j].w == "BY" {
                return groups
                    .iter()
                    .position(|g| g.first == j + 1 || (g.first == j + 2 && is_determiner(&toks[j + 1].w)));
            }
            if is_break(&toks[j].w) && toks[j].w != "," {
                break;
            }
            j += 1;
        }
        None
    }

    fn match_pattern(&self, toks: &[Tok], groups: &[Group], at: usize, len: usize, p: &VerbPattern) -> Option<Slots> {
        let mut slots = Slots::default();
        if !self.match_post(toks, groups, &p.post, at + len, true, &mut slots) {
            return None;
        }
        if !self.match_pre(toks, groups, &p.pre, at, true, &mut slots) {
            return None;
        }
        Some(slots)
    }

    /// Matches `parts` after the verb, starting at token `pos`. `first`
    /// marks the element next to the verb.
    fn match_post(
        &self,
        toks: &[Tok],
        groups: &[Group],
        parts: &[Part],
        pos: usize,
        first: bool,
        slots: &mut Slots,
    ) -> bool {
        let Some((part, rest)) = parts.split_first() else { return true };
        let _ = first;
        let end = toks.len();
        let starts: Vec<usize> = if part.adjacent { vec![pos] } else { (pos..end).collect() };
        for s in starts {
            if s >= end {
                break;
            }
            match &part.elem {
                Elem::Words(alts) => {
                    for alt in alts {
                        if s + alt.len() <= end && alt.iter().zip(&toks[s..]).all(|(a, t)| *a == t.w) {
                            let mut next = slots.clone();
                            next.used.extend(s..s + alt.len());
                            if self.match_post(toks, groups, rest, s + alt.len(), false, &mut next) {
                                *slots = next;
                                return true;
                            }
                        }
                    }
                }
                slot => {
                    let Some(gi) = group_starting(toks, groups, s) else { continue };
                    let mut next = slots.clone();
                    match slot {
                        Elem::Source => next.source = Some(gi),
                        Elem::Target => next.target = Some(gi),
                        Elem::Compound => next.compound = Some(gi),
                        _ => {}
                    }
                    if self.match_post(toks, groups, rest, groups[gi].last + 1, false, &mut next) {
                        *slots = next;
                        return true;
                    }
                    // A slot binds the first compound it can reach.
                    if !part.adjacent {
                        return false;
                    }
                }
            }
        }
        false
    }

    /// Matches `parts` (nearest the verb first) before token `pos`.
    fn match_pre(
        &self,
        toks: &[Tok],
        groups: &[Group],
        parts: &[Part],
        pos: usize,
        first: bool,
        slots: &mut Slots,
    ) -> bool {
        let Some((part, rest)) = parts.split_first() else { return true };
        let _ = first;
        let ends: Vec<usize> = if part.adjacent { vec![pos] } else { (1..=pos).rev().collect() };
        for e in ends {
            // The element must end right before token `e`.
            match &part.elem {
                Elem::Words(alts) => {
                    for alt in alts {
                        let n = alt.len();
                        if n <= e && alt.iter().zip(&toks[e - n..e]).all(|(a, t)| *a == t.w) {
                            let mut next = slots.clone();
                            next.used.extend(e - n..e);
                            if self.match_pre(toks, groups, rest, e - n, false, &mut next) {
                                *slots = next;
                                return true;
                            }
                        }
                    }
                }
                slot => {
                    let Some(gi) = groups.iter().position(|g| g.last + 1 == e) else { continue };
                    let mut next = slots.clone();
                    match slot {
                        Elem::Source => next.source = Some(gi),
                        Elem::Target => next.target = Some(gi),
                        Elem::Compound => next.compound = Some(gi),
                        _ => {}
                    }
                    let start = group_start_with_determiners(toks, groups[gi].first);
                    if self.match_pre(toks, groups, rest, start, false, &mut next) {
                        *slots = next;
                        return true;
                    }
                    if !part.adjacent {
                        return false;
                    }
                }
            }
        }
        false
    }
}

fn c_before(g: &Group, at: usize) -> bool {
    g.last < at
}

fn event(s: &Np, t: Option<&Np>, code: &str, toks: &[Tok], (at, len): (usize, usize), why: &str) -> PetrEvent {
    let end = (at + len).min(toks.len()).max(at + 1);
    PetrEvent {
        source: s.code.clone(),
        target: t.map_or_else(|| "---".to_string(), |t| t.code.clone()),
        code: code.to_string(),
        source_span: (s.start, s.end),
        target_span: t.map_or((0, 0), |t| (t.start, t.end)),
        verb_span: (toks[at].start, toks[end - 1].end),
        pattern: why.to_string(),
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
    let has_actor = |a: usize, b: usize| (a..b).any(|i| matches!(lex[i], Lex::Actor(..)));
    let ends_with_actor = |b: usize| {
        (0..b).rev().find(|&i| lex[i] != Lex::None).is_some_and(|i| matches!(lex[i], Lex::Actor(_, n) if i + n == b))
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
        let list_item = has_actor(a, b)
            && (ends_with_actor(w[0]) || toks.get(b + 1).is_some_and(|t| matches!(t.w.as_str(), "AND" | "OR")));
        if !list_item && within(words(a, b), o.comma_min, o.comma_max) {
            drop(a - 1, b, &mut keep);
        }
    }
    let last = commas[commas.len() - 1];
    let list_item = has_actor(last + 1, end) && ends_with_actor(last) && words(last + 1, end) <= 3;
    if !list_item && last < end && within(words(last + 1, end), o.comma_emin, o.comma_emax) {
        drop(last, end, &mut keep);
    }
    keep
}

fn rank(e: Entry) -> u8 {
    match e {
        Entry::Actor(_) => 0,
        Entry::Agent(_) => 1,
        Entry::Verb(_) => 2,
        Entry::Discard(_) => 3,
    }
}

fn dedup(events: &mut Vec<PetrEvent>) {
    let mut seen: Vec<(String, String, String)> = Vec::new();
    events.retain(|e| {
        let k = (e.source.clone(), e.target.clone(), e.code.clone());
        let fresh = !seen.contains(&k);
        seen.push(k);
        fresh
    });
}

fn group_starting(toks: &[Tok], groups: &[Group], s: usize) -> Option<usize> {
    groups.iter().position(|g| group_start_with_determiners(toks, g.first) <= s && s <= g.first)
}

fn group_start_with_determiners(toks: &[Tok], first: usize) -> usize {
    let mut s = first;
    while s > 0 && is_determiner(&toks[s - 1].w) {
        s -= 1;
    }
    s
}

/// Whether chunks ending before `a` and starting at `b` are joined into a
/// compound by the words between them.
fn joins(toks: &[Tok], a: usize, b: usize) -> bool {
    if a >= b {
        return false;
    }
    let between: Vec<&str> = toks[a..b].iter().map(|t| t.w.as_str()).collect();
    let has_conj = between.iter().any(|w| matches!(*w, "AND" | "OR" | "NOR" | ","));
    has_conj
        && between
            .iter()
            .all(|w| matches!(*w, "AND" | "OR" | "NOR" | "," | "NEITHER" | "EITHER" | "BOTH") || is_determiner(w))
}

/// Whether the verb at `i` is used as a noun (`an attack`, `their meeting`).
fn is_nominal_use(toks: &[Tok], i: usize) -> bool {
    i > 0 && (is_determiner(&toks[i - 1].w) || toks[i - 1].w == "'S" || toks[i - 1].w == "OF")
}

/// `was opposed`, `were heavily and unjustly criticized`.
fn is_passive(toks: &[Tok], i: usize) -> bool {
    let w = &toks[i].w;
    if !(w.ends_with("ED") || w.ends_with("EN") || w.ends_with('T') || w.ends_with('N')) {
        return false;
    }
    let mut j = i;
    for _ in 0..4 {
        if j == 0 {
            return false;
        }
        j -= 1;
        let t = toks[j].w.as_str();
        if matches!(t, "WAS" | "WERE" | "BEEN" | "BE" | "BEING" | "IS" | "ARE") {
            return true;
        }
        if !(t.ends_with("LY") || t == "AND" || t == "NOT") {
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
        if w == "AND" || w == "BUT" {
            return true;
        }
        if !(w.ends_with("LY") || is_auxiliary(w) || w == "ALSO" || w == "THEN") || lex[j] != Lex::None {
            return false;
        }
    }
    false
}

fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "A" | "AN"
            | "THE"
            | "ITS"
            | "THEIR"
            | "HIS"
            | "HER"
            | "OUR"
            | "MY"
            | "YOUR"
            | "THIS"
            | "THAT"
            | "THESE"
            | "THOSE"
            | "SOME"
            | "ANY"
            | "NO"
            | "EVERY"
            | "EACH"
    )
}

fn is_auxiliary(w: &str) -> bool {
    matches!(
        w,
        "IS" | "ARE"
            | "WAS"
            | "WERE"
            | "BE"
            | "BEEN"
            | "BEING"
            | "HAS"
            | "HAVE"
            | "HAD"
            | "WILL"
            | "WOULD"
            | "SHALL"
            | "SHOULD"
            | "CAN"
            | "COULD"
            | "MAY"
            | "MIGHT"
            | "MUST"
            | "DO"
            | "DOES"
            | "DID"
            | "TO"
            | "NOT"
            | "N'T"
            | "WO"
            | "CA"
    )
}

/// Words that end a noun phrase.
fn is_break(w: &str) -> bool {
    is_auxiliary(w)
        || matches!(
            w,
            "," | "."
                | ";"
                | ":"
                | "!"
                | "?"
                | "("
                | ")"
                | "\""
                | "``"
                | "''"
                | "--"
                | "AND"
                | "OR"
                | "NOR"
                | "BUT"
                | "OF"
                | "IN"
                | "ON"
                | "AT"
                | "BY"
                | "WITH"
                | "FROM"
                | "FOR"
                | "AGAINST"
                | "ABOUT"
                | "INTO"
                | "ONTO"
                | "OVER"
                | "UNDER"
                | "BETWEEN"
                | "AMONG"
                | "TOWARD"
                | "TOWARDS"
                | "AFTER"
                | "BEFORE"
                | "DURING"
                | "SINCE"
                | "UNTIL"
                | "WHILE"
                | "WHEN"
                | "WHERE"
                | "WHICH"
                | "WHO"
                | "WHOM"
                | "WHOSE"
                | "THAT"
                | "BECAUSE"
                | "IF"
                | "THAN"
                | "AS"
                | "NEAR"
                | "ALONG"
                | "ACROSS"
                | "THROUGH"
                | "WITHOUT"
                | "WITHIN"
                | "UPON"
                | "VIA"
                | "PER"
                | "LIKE"
                | "NEITHER"
                | "EITHER"
                | "IT"
                | "HE"
                | "SHE"
                | "THEY"
                | "WE"
                | "I"
                | "YOU"
                | "THERE"
                | "ALMOST"
                | "NOW"
                | "TODAY"
                | "YESTERDAY"
                | "TOMORROW"
                | "ALSO"
                | "STILL"
                | "ALREADY"
                | "EVEN"
                | "EVER"
                | "NEVER"
                | "AGAIN"
                | "VERY"
                | "WHETHER"
                | "HOW"
                | "WHAT"
                | "WHY"
        )
}

/// Words that open a clause the subject search does not cross.
fn is_clause_opener(w: &str) -> bool {
    matches!(
        w,
        "THAT"
            | "WHICH"
            | "WHO"
            | "WHOM"
            | "WHOSE"
            | "AFTER"
            | "BEFORE"
            | "WHEN"
            | "WHILE"
            | "BECAUSE"
            | "IF"
            | "SINCE"
            | "UNTIL"
            | "WHERE"
            | "WHETHER"
            | "ALTHOUGH"
            | "THOUGH"
            | ";"
            | ":"
    )
}

/// Uppercase word tokens: punctuation apart, `'s` and `n't` split off as
/// the Penn Treebank does (`didn't` → `DID N'T`), `K.U.` and `anti-` kept.
fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let push = |toks: &mut Vec<Tok>, s: usize, e: usize| {
        if e > s {
            toks.push(Tok { w: text[s..e].to_uppercase().replace('’', "'"), start: s, end: e });
        }
    };
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let cl = c.len_utf8();
        if c.is_whitespace() {
            i += cl;
            continue;
        }
        if matches!(c, ',' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '“' | '”' | '[' | ']' | '`') {
            push(&mut toks, i, i + cl);
            i += cl;
            continue;
        }
        // A word: up to whitespace or hard punctuation.
        let s = i;
        let mut e = i;
        while e < text.len() {
            let c = text[e..].chars().next().unwrap_or(' ');
            if c.is_whitespace()
                || matches!(c, ',' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '“' | '”' | '[' | ']' | '`')
            {
                break;
            }
            e += c.len_utf8();
        }
        i = e;
        let mut word_end = e;
        // A sentence-final period (not `K.U.` or `W.`).
        let w = &text[s..word_end];
        let trailing_period = w.ends_with('.') && {
            let inner = &w[..w.len() - 1];
            !(inner.contains('.') || (inner.len() == 1 && inner.chars().all(|c| c.is_ascii_uppercase())))
        };
        if trailing_period {
            word_end -= 1;
        }
        let w = &text[s..word_end];
        let lower = w.to_lowercase().replace('’', "'");
        if lower.ends_with("n't") && lower.len() > 3 {
            push(&mut toks, s, word_end - 3);
            push(&mut toks, word_end - 3, word_end);
        } else if (lower.ends_with("'s")) && lower.len() > 2 {
            let cut = word_end - w[..].chars().rev().take(2).map(char::len_utf8).sum::<usize>();
            push(&mut toks, s, cut);
            push(&mut toks, cut, word_end);
        } else {
            push(&mut toks, s, word_end);
        }
        if trailing_period {
            push(&mut toks, word_end, word_end + 1);
        }
        let _ = bytes;
    }
    toks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_like_the_treebank() {
        let w: Vec<String> =
            tokenize("Gondor's allies didn't wire tap K.U. anti- Orcs, today.").into_iter().map(|t| t.w).collect();
        assert_eq!(
            w,
            ["GONDOR", "'S", "ALLIES", "DID", "N'T", "WIRE", "TAP", "K.U.", "ANTI-", "ORCS", ",", "TODAY", "."]
        );
    }
}
