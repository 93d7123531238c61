//! Actor dictionaries: states, IGOs, organisations, people, sector agents.
//!
//! All names are compiled into one Aho-Corasick automaton over normalized
//! text (`nicolas maduro `); a hit is kept only when it starts at a token
//! boundary, and `cased:` names only when the original capitalisation agrees.

use aho_corasick::{AhoCorasick, MatchKind};
use dyad_types::PartialDate;
use rustc_hash::FxHashMap;

use super::blocks::{self, Block};
use super::Normalizer;
use crate::{inflect, lexicon, Problem};

/// How a state is named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CountryForm {
    /// `Iran`, `the United States`.
    Name,
    /// `Iranian`, `Venezuelans`.
    Adjective,
    /// `Tehran` as a metonym for the government.
    Capital,
}

/// What an actor entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ActorKind {
    /// A state.
    Country(CountryForm),
    /// An international organisation.
    Igo,
    /// An organisation with a fixed code (`VENBUS`).
    Org,
    /// A person (index into the people table); the code depends on the date.
    Person(u32),
    /// A sector role noun (`president`, `navy`); combines with a state.
    Agent,
    /// `the two countries`: refers back to a pair of actors.
    Pair,
    /// A name that is not an actor but contains one (`Latin America`,
    /// `South China Sea`, `Paris Agreement`): it wins the longest match and
    /// codes nothing.
    Null,
    /// A PETRARCH actor (index into the dated codes): a code by date.
    Dated(u32),
    /// A PETRARCH agent: its code `~GOV` appends `GOV` to the actor's,
    /// `NGO~` prepends `NGO` (`phrases::affixed`).
    Affix,
}

/// One actor entry.
#[derive(Clone, Debug)]
pub(crate) struct ActorEntry {
    pub(crate) kind: ActorKind,
    /// The code: `IRN`, `VENBUS`, `IGOUNO`, the sector `GOV` for agents, empty for people.
    pub(crate) code: String,
    /// Display name.
    pub(crate) name: String,
}

/// A dated role of a person.
#[derive(Clone, Debug)]
pub(crate) struct Role {
    pub(crate) from: Option<PartialDate>,
    pub(crate) to: Option<PartialDate>,
    pub(crate) code: String,
}

/// A named person.
#[derive(Clone, Debug)]
pub(crate) struct Person {
    pub(crate) roles: Vec<Role>,
    pub(crate) else_code: Option<String>,
}

impl Person {
    /// The person's code on `date`; without a date, the code of their
    /// latest role (the present is the likeliest time of a news text).
    pub(crate) fn code_on(&self, date: Option<PartialDate>) -> (&str, bool) {
        let Some(date) = date else {
            let latest = self.roles.iter().max_by_key(|r| r.from.map_or(i64::MIN, |d| d.to_days()));
            return match latest {
                Some(r) => (&r.code, true),
                None => (self.else_code.as_deref().unwrap_or(""), false),
            };
        };
        let (d0, d1) = (first_day(&date), last_day(&date));
        for r in &self.roles {
            let after_start = r.from.is_none_or(|f| d1 >= first_day(&f));
            let before_end = r.to.is_none_or(|t| d0 <= last_day(&t));
            if after_start && before_end {
                return (&r.code, true);
            }
        }
        match &self.else_code {
            Some(c) => (c, false),
            None => (self.roles.first().map_or("", |r| country_of(&r.code)), false),
        }
    }
}

fn first_day(d: &PartialDate) -> i64 {
    d.to_days()
}

fn last_day(d: &PartialDate) -> i64 {
    match d.precision() {
        dyad_types::DatePrecision::Day => d.to_days(),
        dyad_types::DatePrecision::Month => {
            let next = if d.month == 12 {
                PartialDate { year: d.year + 1, month: 1, day: 0 }
            } else {
                PartialDate { year: d.year, month: d.month + 1, day: 0 }
            };
            next.to_days() - 1
        }
        dyad_types::DatePrecision::Year => PartialDate::year(d.year + 1).to_days() - 1,
    }
}

/// A PETRARCH actor's codes: date-restricted ones in file order (from, to
/// as `YYYYMMDD`, inclusive), then the default.
#[derive(Clone, Debug, Default)]
pub(crate) struct DatedCodes {
    pub(crate) dated: Vec<(String, u32, u32)>,
    pub(crate) default: Option<String>,
}

impl DatedCodes {
    /// The code on `date` (`YYYYMMDD`; 0 when the sentence is undated).
    pub(crate) fn on(&self, date: u32) -> Option<&str> {
        if date > 0 {
            if let Some((c, _, _)) = self.dated.iter().find(|(_, f, t)| *f <= date && date <= *t) {
                return Some(c);
            }
        }
        self.default.as_deref().filter(|c| *c != "---")
    }
}

/// The country part of an actor code: `VEN` for `VENGOV`, `IGOUNO` for an IGO.
pub(crate) fn country_of(code: &str) -> &str {
    if code.starts_with("IGO") || code.starts_with("NGO") || code.starts_with("IMG") {
        return code;
    }
    &code[..code.len().min(3)]
}

/// The sector part of an actor code: `GOV` for `VENGOV`, `IGO` for an IGO.
pub(crate) fn sector_of(code: &str) -> &str {
    if code.starts_with("IGO") {
        return "IGO";
    }
    if code.starts_with("NGO") {
        return "NGO";
    }
    if code.starts_with("IMG") {
        return code.get(3..6).unwrap_or("");
    }
    code.get(3..6).unwrap_or("")
}

/// One alias of an entry, as matched in text.
#[derive(Clone, Debug)]
struct Alias {
    entry: u32,
    /// Where it is defined: index into the builder's file names, and line.
    origin: (u16, u32),
    /// For `cased:` names, the name with spaces removed, compared with the
    /// original text of the matched tokens.
    cased: Option<String>,
}

/// A hit of the automaton in a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ActorHit {
    /// First token.
    pub(crate) start: usize,
    /// One past the last token.
    pub(crate) end: usize,
    /// Entry index.
    pub(crate) entry: u32,
}

/// The compiled actor dictionary.
#[derive(Debug, Default)]
pub(crate) struct ActorDict {
    entries: Vec<ActorEntry>,
    people: Vec<Person>,
    dated: Vec<DatedCodes>,
    aliases: Vec<Vec<Alias>>,
    /// The normalized name of each alias list (`aliases`).
    names: Vec<String>,
    automaton: Option<AhoCorasick>,
    /// One-word names, for checks.
    single: rustc_hash::FxHashSet<String>,
}

impl ActorDict {
    pub(crate) fn entry(&self, i: u32) -> &ActorEntry {
        &self.entries[i as usize]
    }

    pub(crate) fn person(&self, i: u32) -> &Person {
        &self.people[i as usize]
    }

    pub(crate) fn people(&self) -> &[Person] {
        &self.people
    }

    pub(crate) fn dated(&self, i: u32) -> &DatedCodes {
        &self.dated[i as usize]
    }

    /// How many PETRARCH actors (dated codes) the dictionary holds.
    pub(crate) fn count_dated(&self) -> usize {
        self.dated.len()
    }

    /// Every entry's names, in the order of the names.
    pub(crate) fn names(&self) -> Vec<(u32, &str)> {
        let mut out: Vec<(u32, &str)> =
            self.names.iter().zip(&self.aliases).flat_map(|(n, l)| l.iter().map(|a| (a.entry, n.as_str()))).collect();
        out.sort_unstable();
        out
    }

    /// The first agent entry of a sector (`CVL`), for role nouns the coder
    /// reads itself (a crowd named by its size).
    pub(crate) fn agent_entry(&self, sector: &str) -> Option<u32> {
        let i = self.entries.iter().position(|e| e.kind == ActorKind::Agent && e.code == sector)?;
        u32::try_from(i).ok()
    }

    /// True when a normalized word is a one-word actor name.
    pub(crate) fn is_single_word_name(&self, w: &str) -> bool {
        self.single.contains(w)
    }

    pub(crate) fn alias_count(&self) -> usize {
        self.aliases.iter().map(Vec::len).sum()
    }

    fn count_codes(&self, pred: impl Fn(&ActorEntry) -> bool) -> usize {
        let mut codes: Vec<&str> = self.entries.iter().filter(|e| pred(e)).map(|e| e.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        codes.len()
    }

    pub(crate) fn count_countries(&self) -> usize {
        self.count_codes(|e| matches!(e.kind, ActorKind::Country(_)))
    }

    pub(crate) fn count_igos(&self) -> usize {
        self.count_codes(|e| e.kind == ActorKind::Igo)
    }

    pub(crate) fn count_orgs(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| e.kind == ActorKind::Org)
            .map(|e| &e.name)
            .collect::<rustc_hash::FxHashSet<_>>()
            .len()
    }

    pub(crate) fn count_agent_nouns(&self) -> usize {
        self.aliases
            .iter()
            .flatten()
            .filter(|a| matches!(self.entries[a.entry as usize].kind, ActorKind::Agent | ActorKind::Affix))
            .count()
    }

    /// All actor hits in a sentence, longest first at each position, no overlaps.
    ///
    /// `norm` is the sentence's normalized text (each token followed by a
    /// space), `starts` the byte offset of each token in it, and `original`
    /// gives a token's original text (for `cased:` names).
    pub(crate) fn find<'t>(&self, norm: &str, starts: &[u32], original: impl Fn(usize) -> &'t str) -> Vec<ActorHit> {
        let best = self.longest(norm, starts, original);
        let mut hits = Vec::new();
        let mut i = 0;
        while i < best.len() {
            if let Some((len, entry)) = best[i] {
                hits.push(ActorHit { start: i, end: i + len, entry });
                i += len;
            } else {
                i += 1;
            }
        }
        hits
    }

    /// The longest hit (its length in words, its entry) starting at each
    /// of these words (PETRARCH's, `compat::words`): the words joined by
    /// spaces are the normalized text.
    pub(crate) fn longest_at<'w>(&self, words: impl Iterator<Item = &'w str>) -> Vec<Option<(usize, u32)>> {
        let (mut norm, mut starts) = (String::new(), Vec::new());
        for w in words {
            starts.push(norm.len() as u32);
            norm.push_str(w);
            norm.push(' ');
        }
        self.longest(&norm, &starts, |_| "")
    }

    /// The longest hit starting at each token (see [`ActorDict::find`]).
    fn longest<'t>(
        &self,
        norm: &str,
        starts: &[u32],
        original: impl Fn(usize) -> &'t str,
    ) -> Vec<Option<(usize, u32)>> {
        let mut best: Vec<Option<(usize, u32)>> = vec![None; starts.len()];
        let Some(ac) = &self.automaton else { return best };
        for m in ac.find_overlapping_iter(norm) {
            let (s, e) = (m.start(), m.end());
            if s > 0 && norm.as_bytes()[s - 1] != b' ' {
                continue;
            }
            let Ok(ti) = starts.binary_search(&(s as u32)) else { continue };
            // The pattern ends with a space, so `e` is one past a token's trailing space.
            let tj = starts.partition_point(|&x| (x as usize) < e);
            let pid = m.pattern().as_usize();
            let Some(alias) = self.aliases[pid].iter().find(|a| match &a.cased {
                None => true,
                Some(c) => {
                    let orig: String = (ti..tj).map(&original).collect();
                    orig == *c
                }
            }) else {
                continue;
            };
            let len = tj - ti;
            if best[ti].is_none_or(|(l, _)| len > l) {
                best[ti] = Some((len, alias.entry));
            }
        }
        best
    }
}

/// Collects entries and aliases, then compiles the automaton.
#[derive(Debug)]
pub(crate) struct ActorDictBuilder {
    normalize: Normalizer,
    entries: Vec<ActorEntry>,
    people: Vec<Person>,
    dated: Vec<DatedCodes>,
    /// PETRARCH's order: the first definition of a name wins (an actor
    /// before an agent), and a name may name several entries.
    first_wins: bool,
    /// Normalized alias → aliases (later files first, so they win).
    by_norm: FxHashMap<String, Vec<Alias>>,
    /// Entry index by code, so that a later block with the same code extends it.
    by_code: FxHashMap<(String, u8), u32>,
    /// File names seen, and the index of the current one.
    files: Vec<String>,
    file: u16,
}

fn kind_tag(k: ActorKind) -> u8 {
    match k {
        ActorKind::Country(CountryForm::Name) => 0,
        ActorKind::Country(CountryForm::Adjective) => 1,
        ActorKind::Country(CountryForm::Capital) => 2,
        ActorKind::Igo => 3,
        ActorKind::Org => 4,
        ActorKind::Person(_) => 5,
        ActorKind::Agent => 6,
        ActorKind::Pair => 7,
        ActorKind::Null => 8,
        ActorKind::Dated(_) => 9,
        ActorKind::Affix => 10,
    }
}

fn valid_code(code: &str) -> bool {
    (3..=12).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

impl ActorDictBuilder {
    pub(crate) fn new(normalize: Normalizer) -> ActorDictBuilder {
        let mut b = ActorDictBuilder::petrarch();
        b.normalize = normalize;
        b.first_wins = false;
        for phrase in lexicon::PAIR_PHRASES {
            let e = b.entry(ActorKind::Pair, "", phrase);
            b.alias(e, phrase, false, 0);
        }
        b
    }

    /// PETRARCH's actors and agents: names are words joined by spaces, and
    /// the first definition of a name wins.
    pub(crate) fn petrarch() -> ActorDictBuilder {
        ActorDictBuilder {
            normalize: str::to_string,
            entries: Vec::new(),
            people: Vec::new(),
            dated: Vec::new(),
            first_wins: true,
            by_norm: FxHashMap::default(),
            by_code: FxHashMap::default(),
            files: vec!["lexicon".to_string()],
            file: 0,
        }
    }

    /// A PETRARCH actor with no codes yet; its entry.
    pub(crate) fn add_dated(&mut self) -> u32 {
        self.dated.push(DatedCodes::default());
        self.entry(ActorKind::Dated(self.dated.len() as u32 - 1), "", "")
    }

    /// The codes of a PETRARCH actor's entry.
    pub(crate) fn dated_mut(&mut self, entry: u32) -> Option<&mut DatedCodes> {
        match self.entries[entry as usize].kind {
            ActorKind::Dated(k) => self.dated.get_mut(k as usize),
            _ => None,
        }
    }

    /// A PETRARCH agent (`~GOV`, `NGO~`); its entry.
    pub(crate) fn add_affix(&mut self, code: &str) -> u32 {
        self.entry(ActorKind::Affix, code, "")
    }

    /// A name (its words) of a PETRARCH entry.
    pub(crate) fn add_words(&mut self, entry: u32, words: &[String]) {
        self.alias(entry, &words.join(" "), false, 0);
    }

    fn entry(&mut self, kind: ActorKind, code: &str, name: &str) -> u32 {
        if !matches!(kind, ActorKind::Person(_) | ActorKind::Pair | ActorKind::Dated(_) | ActorKind::Affix) {
            if let Some(&i) = self.by_code.get(&(code.to_string(), kind_tag(kind))) {
                if kind != ActorKind::Org || self.entries[i as usize].name == name {
                    return i;
                }
            }
        }
        let i = self.entries.len() as u32;
        self.entries.push(ActorEntry { kind, code: code.to_string(), name: name.to_string() });
        self.by_code.insert((code.to_string(), kind_tag(kind)), i);
        i
    }

    fn alias(&mut self, entry: u32, name: &str, cased: bool, line: usize) {
        let norm = (self.normalize)(name);
        if norm.trim().is_empty() {
            return;
        }
        let cased = cased.then(|| name.split_whitespace().collect::<String>());
        let list = self.by_norm.entry(norm).or_default();
        if list.iter().any(|a| a.entry == entry && a.cased == cased) {
            return;
        }
        // Later definitions take precedence over earlier ones; in
        // PETRARCH's order earlier ones do, and actors over agents.
        let at = match self.first_wins {
            false => 0,
            true => {
                let agent = |e: u32| self.entries[e as usize].kind == ActorKind::Affix;
                list.iter().position(|a| agent(a.entry) && !agent(entry)).unwrap_or(list.len())
            }
        };
        list.insert(at, Alias { entry, cased, origin: (self.file, line as u32) });
    }

    fn enter(&mut self, file: &str) {
        self.files.push(file.to_string());
        self.file = (self.files.len() - 1) as u16;
    }

    pub(crate) fn add_countries(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) {
        self.enter(file);
        for b in blocks::parse(file, text, problems) {
            if !valid_code(b.code) || b.code.len() != 3 {
                problems.push(Problem::new(
                    file,
                    b.line,
                    format!("a state code has three capital letters, not `{}`", b.code),
                ));
                continue;
            }
            for f in &b.fields {
                let (form, cased) = match f.key {
                    "name" => (CountryForm::Name, false),
                    "adj" => (CountryForm::Adjective, false),
                    "capital" => (CountryForm::Capital, false),
                    "cased" => (CountryForm::Name, true),
                    other => {
                        problems.push(Problem::new(
                            file,
                            f.line,
                            format!("unknown key `{other}` (name, adj, capital, cased)"),
                        ));
                        continue;
                    }
                };
                let e = self.entry(ActorKind::Country(form), b.code, b.name);
                for v in f.values() {
                    self.alias(e, v, cased, f.line);
                }
            }
        }
    }

    pub(crate) fn add_igos(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) {
        self.enter(file);
        for b in blocks::parse(file, text, problems) {
            self.add_named(file, &b, ActorKind::Igo, problems);
        }
    }

    pub(crate) fn add_agents(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) {
        self.enter(file);
        for b in blocks::parse(file, text, problems) {
            if b.code.len() != 3 || !valid_code(b.code) {
                problems.push(Problem::new(
                    file,
                    b.line,
                    format!("a sector code has three capital letters, not `{}`", b.code),
                ));
                continue;
            }
            let e = self.entry(ActorKind::Agent, b.code, b.name);
            for f in &b.fields {
                if f.key != "name" {
                    problems.push(Problem::new(file, f.line, format!("unknown key `{}` (name)", f.key)));
                    continue;
                }
                for v in f.values() {
                    self.alias(e, v, false, f.line);
                    // Regular plural of the last word: `foreign minister` → `foreign ministers`.
                    let (head, last) = match v.rsplit_once(' ') {
                        Some((h, l)) => (format!("{h} "), l),
                        None => (String::new(), v),
                    };
                    if !last.ends_with('s') && last.chars().all(char::is_alphabetic) && !last.ends_with("men") {
                        let plural = format!("{head}{}", inflect::plural(last));
                        self.alias(e, &plural, false, f.line);
                    }
                }
            }
        }
    }

    pub(crate) fn add_actors(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) {
        self.enter(file);
        for b in blocks::parse(file, text, problems) {
            if b.code.eq_ignore_ascii_case("person") {
                self.add_person(file, &b, problems);
            } else if b.code == "NONE" {
                self.add_named(file, &b, ActorKind::Null, problems);
            } else {
                let kind = if b.code.starts_with("IGO") { ActorKind::Igo } else { ActorKind::Org };
                self.add_named(file, &b, kind, problems);
            }
        }
    }

    fn add_named(&mut self, file: &str, b: &Block<'_>, kind: ActorKind, problems: &mut Vec<Problem>) {
        if !valid_code(b.code) {
            problems.push(Problem::new(file, b.line, format!("bad actor code `{}`", b.code)));
            return;
        }
        let e = self.entry(kind, b.code, b.name);
        for f in &b.fields {
            let cased = match f.key {
                "name" | "capital" => false,
                "cased" => true,
                other => {
                    problems.push(Problem::new(file, f.line, format!("unknown key `{other}` (name, capital, cased)")));
                    continue;
                }
            };
            for v in f.values() {
                self.alias(e, v, cased, f.line);
            }
        }
    }

    fn add_person(&mut self, file: &str, b: &Block<'_>, problems: &mut Vec<Problem>) {
        let mut person = Person { roles: Vec::new(), else_code: None };
        let mut names = Vec::new();
        for f in &b.fields {
            match f.key {
                "name" => names.extend(f.values().map(|v| (v, false, f.line))),
                "cased" => names.extend(f.values().map(|v| (v, true, f.line))),
                "role" => match parse_role(f.value) {
                    Ok(r) => person.roles.push(r),
                    Err(m) => problems.push(Problem::new(file, f.line, m)),
                },
                "else" => {
                    let c = f.value.trim();
                    if valid_code(c) {
                        person.else_code = Some(c.to_string());
                    } else {
                        problems.push(Problem::new(file, f.line, format!("bad actor code `{c}`")));
                    }
                }
                other => problems.push(Problem::new(
                    file,
                    f.line,
                    format!("unknown key `{other}` (name, role, else, cased)"),
                )),
            }
        }
        if person.roles.is_empty() && person.else_code.is_none() {
            problems.push(Problem::new(file, b.line, format!("person `{}` has no role and no `else:` code", b.name)));
            return;
        }
        person.roles.sort_by_key(|r| r.from.map_or(i64::MIN, |d| d.to_days()));
        for w in person.roles.windows(2) {
            let end = w[0].to.map_or(i64::MAX, |t| last_day(&t));
            let start = w[1].from.map_or(i64::MIN, |f| first_day(&f));
            if start <= end && !(w[0].to.is_some() && w[1].from == w[0].to) {
                problems.push(Problem::new(file, b.line, format!("person `{}` has overlapping roles", b.name)));
                break;
            }
        }
        if names.is_empty() {
            names.push((b.name, false, b.line));
        }
        let idx = self.people.len() as u32;
        self.people.push(person);
        let e = self.entry(ActorKind::Person(idx), "", b.name);
        for (n, cased, line) in names {
            self.alias(e, n, cased, line);
        }
    }

    pub(crate) fn build(self, problems: &mut Vec<Problem>) -> ActorDict {
        let mut patterns: Vec<String> = Vec::with_capacity(self.by_norm.len());
        let mut aliases = Vec::with_capacity(self.by_norm.len());
        let mut names = Vec::with_capacity(self.by_norm.len());
        let mut single = rustc_hash::FxHashSet::default();
        let mut keys: Vec<_> = self.by_norm.into_iter().collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let entries = &self.entries;
        let files = &self.files;
        for (norm, list) in keys {
            // The same name for two actors with different codes, both in the
            // built-in files or both in one file, is a conflict; a user file
            // overriding a built-in name is layering, not a conflict.
            let builtin = |a: &Alias| files[a.origin.0 as usize].starts_with("builtin:");
            for (k, a) in list.iter().enumerate().filter(|_| !self.first_wins) {
                for b in &list[k + 1..] {
                    let (ea, eb) = (&entries[a.entry as usize], &entries[b.entry as usize]);
                    let comparable =
                        !matches!(ea.kind, ActorKind::Person(_)) && !matches!(eb.kind, ActorKind::Person(_));
                    let same_layer = a.origin.0 == b.origin.0 || (builtin(a) && builtin(b));
                    if a.entry != b.entry && a.cased == b.cased && same_layer && (!comparable || ea.code != eb.code) {
                        problems.push(Problem::new(
                            &files[a.origin.0 as usize],
                            a.origin.1 as usize,
                            format!(
                                "`{norm}` names both `{}` and `{}` ({}:{})",
                                ea.name, eb.name, files[b.origin.0 as usize], b.origin.1
                            ),
                        ));
                    }
                }
            }
            single.extend((!norm.contains(' ')).then(|| norm.clone()));
            patterns.push(format!("{norm} "));
            names.push(norm);
            aliases.push(list);
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            match AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns) {
                Ok(ac) => Some(ac),
                Err(e) => {
                    problems.push(Problem::new("actors", 0, format!("cannot compile actor names: {e}")));
                    None
                }
            }
        };
        ActorDict { entries: self.entries, people: self.people, dated: self.dated, aliases, names, automaton, single }
    }
}

fn parse_role(v: &str) -> Result<Role, String> {
    let mut parts = v.split_whitespace();
    let code = parts.next().ok_or("empty role")?;
    if !valid_code(code) {
        return Err(format!("bad actor code `{code}` in role"));
    }
    let range = parts.next().unwrap_or("..");
    if parts.next().is_some() {
        return Err(format!("expected `role: CODE FROM..TO`, got `{v}`"));
    }
    let (from, to) =
        range.split_once("..").ok_or_else(|| format!("expected a date range `FROM..TO`, got `{range}`"))?;
    let date = |s: &str| -> Result<Option<PartialDate>, String> {
        if s.is_empty() {
            Ok(None)
        } else {
            PartialDate::parse(s).map(Some).ok_or_else(|| format!("bad date `{s}`"))
        }
    };
    Ok(Role { from: date(from)?, to: date(to)?, code: code.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        s.to_lowercase()
    }

    #[test]
    fn person_codes_follow_dates() {
        let mut b = ActorDictBuilder::new(norm);
        let mut p = Vec::new();
        b.add_actors(
            "t",
            "[person] Hassan Rouhani\nname: Rouhani\nrole: IRNGOV 2013-08-03..2021-08-03\nelse: IRNELI\n",
            &mut p,
        );
        assert!(p.is_empty(), "{p:?}");
        let d = b.build(&mut p);
        let r = d.person(0);
        assert_eq!(r.code_on(PartialDate::parse("2020-05")).0, "IRNGOV");
        assert_eq!(r.code_on(PartialDate::parse("2012")).0, "IRNELI");
        assert_eq!(r.code_on(PartialDate::parse("2021-08")).0, "IRNGOV");
        assert_eq!(r.code_on(PartialDate::parse("2022-01-01")).0, "IRNELI");
        assert_eq!(r.code_on(None).0, "IRNGOV");
    }

    #[test]
    fn overlapping_roles_and_bad_dates_are_reported() {
        let mut b = ActorDictBuilder::new(norm);
        let mut p = Vec::new();
        b.add_actors(
            "t",
            "[person] X\nrole: AAAGOV 2000..2010\nrole: AAAMIL 2005..2012\n[person] Y\nrole: AAAGOV 20x0..\n",
            &mut p,
        );
        assert_eq!(p.len(), 3, "{p:?}");
    }

    #[test]
    fn codes_split_into_country_and_sector() {
        assert_eq!((country_of("VENGOV"), sector_of("VENGOV")), ("VEN", "GOV"));
        assert_eq!((country_of("IGOUNO"), sector_of("IGOUNO")), ("IGOUNO", "IGO"));
        assert_eq!((country_of("USA"), sector_of("USA")), ("USA", ""));
    }
}
