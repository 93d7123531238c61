//! PETRARCH/TABARI compatibility: PETRARCH-format dictionaries loaded as
//! they are written, and the search for events of the coder's PETRARCH
//! convention ([`crate::Convention::Petrarch`]), TABARI's shallow patterns.
//!
//! Teams moving from
//! PETRARCH or TABARI bring dictionaries whose patterns were written for a
//! different matcher: words before the verb (`- SAID * …`), gaps between
//! pattern words, `_` adjacency, `$`/`+`/`%` slots, paired codes
//! (`[032:033]`), agents combined with actors (`Arnor cleric` → `ARNREL`).
//! This module keeps those semantics exactly, so a team's dictionaries code
//! as they did before:
//!
//! - [`PetrDict`] loads actors (date-restricted codes, `+` synonyms),
//!   agents (`{plural}`, `!SUBST!` sets, `~SUFFIX`/`PREFIX~` codes), discards
//!   (`+` story, plain sentence) and PETRARCH-1/TABARI verbs (families,
//!   irregular `{…}` forms, multi-word verbs with a `+` head, nested
//!   `&SYNSET`s, patterns on both sides of the verb). Malformed lines are
//!   [`Problem`]s with file:line; the rest loads.
//! - `coder.rs` finds a sentence's events with them, on the words
//!   `words` reads from dyad-text's tokens (see there for how the
//!   parse-tree positions PETRARCH used map onto dyad's shallow parse); the
//!   one coder then gives them modality, dates and quantities.

mod coder;
mod syntax;

/// The shallow parse PETRARCH's convention reads, for its side choice
/// (`coder/sides.rs`).
pub(crate) mod shallow {
    pub(crate) use super::coder::{
        group_start_with_determiners, is_adverb, is_auxiliary, is_break, is_determiner, is_nominal_use, opens_clause,
        Cx, Lex, Slots, Tok,
    };
    pub(crate) use crate::phrases::Group;
}
mod written;

use rustc_hash::FxHashMap as HashMap;

use self::syntax::{code_block, expand, name, strip};
use crate::dict::actors::ActorDictBuilder;
use crate::dict::ActorDict;
use crate::Problem;

pub use self::coder::PetrOptions;
pub(crate) use self::coder::{words, PetrEvent};
pub use self::written::declares_petrarch;
pub(crate) use crate::pattern::{Elem, VerbCode, VerbPattern, Vocab};

/// A verb family (`--- VERB [code] ---`) and its patterns, most specific first.
#[derive(Clone, Debug, Default)]
pub(crate) struct Family {
    pub(crate) name: String,
    pub(crate) patterns: Vec<VerbPattern>,
    /// Patterns by a word one of their word elements must start with
    /// (each pattern listed under the words of one element), so a sentence
    /// only tries the patterns its words allow.
    pub(crate) by_word: HashMap<u32, Vec<u32>>,
    /// Patterns with no word element: always tried.
    pub(crate) wordless: Vec<u32>,
}

impl Family {
    fn index(&mut self) {
        self.by_word.clear();
        self.wordless.clear();
        for (i, p) in self.patterns.iter().enumerate() {
            match p.firsts.first() {
                Some(words) => {
                    for &w in words {
                        self.by_word.entry(w).or_default().push(i as u32);
                    }
                }
                None => self.wordless.push(i as u32),
            }
        }
    }

    /// The patterns a sentence with these words could match, most specific first.
    pub(crate) fn candidates(&self, words: &rustc_hash::FxHashSet<u32>) -> Vec<u32> {
        let mut out = self.wordless.clone();
        if self.by_word.len() < words.len() {
            for (w, ps) in &self.by_word {
                if words.contains(w) {
                    out.extend(ps);
                }
            }
        } else {
            for w in words {
                if let Some(ps) = self.by_word.get(w) {
                    out.extend(ps);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// What a dictionary phrase names besides actors and agents (those are
/// in the [`ActorDict`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Entry {
    /// A verb form: index into `forms`.
    Verb(u32),
    /// A discard phrase; `true` discards the whole story.
    Discard(bool),
}

/// A verb form: its family, its own code if it has one, and which of its
/// words is the verb.
#[derive(Clone, Debug)]
pub(crate) struct VerbForm {
    pub(crate) family: u32,
    pub(crate) code: Option<VerbCode>,
}

/// Phrases by their first word: (the other words, what the phrase names).
type PhraseIndex = HashMap<u32, Vec<(Box<[u32]>, Entry)>>;

/// PETRARCH/TABARI dictionaries, loaded as written.
#[derive(Debug, Default)]
pub struct PetrDict {
    /// Every word of the dictionaries, interned: phrases and patterns are
    /// compared by id, as dyad's own dictionaries are.
    pub(crate) vocab: Vocab,
    /// Every verb and discard phrase, by its first word: (the other
    /// words, what it names).
    pub(crate) phrases: PhraseIndex,
    /// The actors (dated codes) and agents (affixes), compiled into dyad's
    /// actor dictionary in PETRARCH's order (`ActorDictBuilder::petrarch`).
    pub(crate) actors: ActorDict,
    /// While loading: the actors and agents read so far.
    building: Option<ActorDictBuilder>,
    pub(crate) forms: Vec<VerbForm>,
    pub(crate) families: Vec<Family>,
}

/// Counts of what a [`PetrDict`] holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PetrStats {
    /// Actor entries (a primary phrase and its synonyms count once).
    pub actors: usize,
    /// Agent phrases (plural forms included).
    pub agents: usize,
    /// Verb families.
    pub families: usize,
    /// Verb forms (inflections included).
    pub verb_forms: usize,
    /// Verb patterns.
    pub patterns: usize,
    /// Discard phrases.
    pub discards: usize,
}

/// The kind of a PETRARCH dictionary file, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PetrFile {
    /// `*.actors.txt`
    Actors,
    /// `*.agents.txt`
    Agents,
    /// `*.discards.txt`
    Discards,
    /// `*.verbs.txt`, `*verbpatterns*`, `CAMEO.2.0.txt`
    Verbs,
}

impl PetrFile {
    /// The kind of a file from its name; `None` for files dyad does not
    /// read (issues, config).
    pub fn of(name: &str) -> Option<PetrFile> {
        let n = name.to_ascii_lowercase();
        if !n.ends_with(".txt") {
            return None;
        }
        if n.contains("actors") {
            Some(PetrFile::Actors)
        } else if n.contains("agents") {
            Some(PetrFile::Agents)
        } else if n.contains("discards") {
            Some(PetrFile::Discards)
        } else if n.contains("verb") || n.starts_with("cameo") {
            Some(PetrFile::Verbs)
        } else {
            None
        }
    }
}

impl PetrDict {
    /// Loads PETRARCH dictionary files (name, contents). A file that
    /// declares `convention: petrarch` ([`declares_petrarch`]) is read in
    /// dyad's block syntax (what [`PetrDict::to_files`] writes); the kind of
    /// any other comes from its name ([`PetrFile::of`]), and files of no
    /// known kind are reported and skipped.
    pub fn load(files: &[(String, String)]) -> (PetrDict, Vec<Problem>) {
        // Spelling: `to_files` writes the words back.
        let mut d =
            PetrDict { vocab: Vocab::spelling(), building: Some(ActorDictBuilder::petrarch()), ..PetrDict::default() };
        let mut problems = Vec::new();
        for (name, text) in files {
            if declares_petrarch(text) {
                d.add_written(name, text, &mut problems);
                continue;
            }
            let base = std::path::Path::new(name).file_name().and_then(|n| n.to_str()).unwrap_or(name);
            match PetrFile::of(base) {
                Some(PetrFile::Actors) => d.add_actors(name, text, &mut problems),
                Some(PetrFile::Agents) => d.add_agents(name, text, &mut problems),
                Some(PetrFile::Discards) => d.add_discards(text),
                Some(PetrFile::Verbs) => d.add_verbs(name, text, &mut problems),
                None => problems.push(Problem::new(name, 0, "not a PETRARCH dictionary file name (skipped)")),
            }
        }
        for list in d.phrases.values_mut() {
            // Longest first, so the first hit at a position is the longest.
            list.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
        }
        if let Some(b) = d.building.take() {
            d.actors = b.build(&mut problems);
        }
        (d, problems)
    }

    /// Counts of what the dictionaries hold.
    pub fn stats(&self) -> PetrStats {
        let mut s = PetrStats {
            actors: self.actors.count_dated(),
            agents: self.actors.count_agent_nouns(),
            families: self.families.len(),
            verb_forms: self.forms.len(),
            patterns: self.families.iter().map(|f| f.patterns.len()).sum(),
            ..PetrStats::default()
        };
        for (_, e) in self.phrases.values().flatten() {
            if let Entry::Discard(_) = e {
                s.discards += 1;
            }
        }
        s
    }

    fn insert(&mut self, phrase: &[String], entry: Entry) {
        let ids: Vec<u32> = phrase.iter().map(|w| self.vocab.intern(w)).collect();
        let Some((&first, rest)) = ids.split_first() else { return };
        let list = self.phrases.entry(first).or_default();
        if !list.iter().any(|(r, e)| **r == *rest && *e == entry) {
            list.push((rest.into(), entry));
        }
    }

    /// The actors and agents being loaded.
    fn names(&mut self) -> &mut ActorDictBuilder {
        self.building.get_or_insert_with(ActorDictBuilder::petrarch)
    }

    fn add_actors(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) {
        let mut in_comment = false;
        let mut current: Option<u32> = None; // the actor the lines belong to
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let Some(line) = strip(raw, &mut in_comment) else { continue };
            if let Some(syn) = line.strip_prefix('+') {
                let words = words_of(syn.split('[').next().unwrap_or(""));
                match current {
                    _ if words.is_empty() => problems.push(Problem::new(file, line_no, "empty synonym `+`")),
                    Some(a) => self.names().add_words(a, &words),
                    None => problems.push(Problem::new(file, line_no, "synonym `+…` before any actor")),
                }
                continue;
            }
            let (head, blocks) = match line.find('[') {
                Some(at) => (line[..at].trim(), &line[at..]),
                None => (line, ""),
            };
            if !head.is_empty() {
                let words = words_of(head);
                let a = self.names().add_dated();
                self.names().add_words(a, &words);
                current = Some(a);
            }
            let Some(a) = current else {
                problems.push(Problem::new(file, line_no, "code block before any actor"));
                continue;
            };
            for block in blocks.split('[').skip(1) {
                let Some(inner) = block.split(']').next().filter(|_| block.contains(']')) else {
                    problems.push(Problem::new(file, line_no, "unclosed `[`"));
                    continue;
                };
                match code_block(inner) {
                    Ok((code, None, None)) => {
                        if let Some(actor) = self.names().dated_mut(a).filter(|d| d.default.is_none()) {
                            actor.default = Some(code);
                        }
                    }
                    Ok((code, from, to)) => {
                        let day = |d: Option<String>, none: u32| {
                            d.map_or(none, |d| d.replace('-', "").parse().unwrap_or(none))
                        };
                        let (f, t) = (day(from, 0), day(to, 99_991_231));
                        // TABARI's `<date` is "before", `>date` "after".
                        let f = if inner.contains('>') { f + 1 } else { f };
                        let t = if inner.contains('<') { t.saturating_sub(1) } else { t };
                        if let Some(d) = self.names().dated_mut(a) {
                            d.dated.push((code, f, t));
                        }
                    }
                    Err(e) => problems.push(Problem::new(file, line_no, e)),
                }
            }
        }
    }

    fn add_agents(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) {
        let mut in_comment = false;
        let mut subst = std::collections::BTreeMap::new();
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let Some(line) = strip(raw, &mut in_comment) else { continue };
            if line.starts_with('!') {
                if let Some((k, v)) = line.split_once('=') {
                    subst.insert(k.trim().to_string(), v.split(',').map(|w| w.trim().to_string()).collect::<Vec<_>>());
                    continue;
                }
            }
            let Some(at) = line.find('[') else {
                problems.push(Problem::new(file, line_no, "agent without a `[~CODE]` or `[CODE~]` code (skipped)"));
                continue;
            };
            let code: String = line[at + 1..].split(']').next().unwrap_or("").split_whitespace().collect();
            let Some(affix) = code.strip_prefix('~').or_else(|| code.strip_suffix('~')) else {
                problems.push(Problem::new(file, line_no, format!("agent code `[{code}]` has no `~` (skipped)")));
                continue;
            };
            if affix.is_empty() || !affix.chars().all(|c| c.is_ascii_alphanumeric()) {
                problems.push(Problem::new(file, line_no, format!("bad agent code `[{code}]` (skipped)")));
                continue;
            }
            let head = &line[..at];
            let (noun, plural) = match head.find('{') {
                Some(b) => (head[..b].trim(), Some(head[b + 1..].split('}').next().unwrap_or("").trim())),
                None => (head.trim(), None),
            };
            if noun.is_empty() {
                problems.push(Problem::new(file, line_no, "agent without a name (skipped)"));
                continue;
            }
            let id = self.names().add_affix(&code);
            let mut forms: Vec<String> = expand(noun, &subst);
            match plural {
                // No braces: the regular plural; `{}`: none; `{X}`: X.
                None => {
                    let plurals: Vec<String> = forms.iter().map(|f| plural_of(f)).collect();
                    forms.extend(plurals);
                }
                Some(p) if !p.is_empty() => {
                    for p in p.split_whitespace() {
                        forms.extend(expand(p, &subst));
                    }
                }
                Some(_) => {}
            }
            for f in forms {
                self.names().add_words(id, &words_of(&f));
            }
        }
    }

    /// Discards: every line is a phrase (nothing to get wrong but empty lines).
    fn add_discards(&mut self, text: &str) {
        let mut in_comment = false;
        for raw in text.lines() {
            let Some(line) = strip(raw, &mut in_comment) else { continue };
            let (story, phrase) = match line.strip_prefix('+') {
                Some(p) => (true, p),
                None => (false, line),
            };
            let words = words_of(phrase);
            if !words.is_empty() {
                self.insert(&words, Entry::Discard(story));
            }
        }
    }

    fn add_verbs(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) {
        let mut in_comment = false;
        let synsets = synonym_sets(file, text, problems);
        let mut open_set = false;
        let mut family: Option<(u32, Option<VerbCode>)> = None;
        let mut pending: Vec<VerbPattern> = Vec::new();
        let flush = |d: &mut PetrDict, family: Option<(u32, Option<VerbCode>)>, pending: &mut Vec<VerbPattern>| {
            if let Some((f, _)) = family {
                let fam = &mut d.families[f as usize];
                fam.patterns.append(pending);
                // Most specific first; file order among equals.
                fam.patterns.sort_by_key(|p| std::cmp::Reverse(p.weight()));
                fam.index();
            }
        };
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let Some(line) = strip(raw, &mut in_comment) else { continue };
            if let Some(rest) = line.strip_prefix("---") {
                open_set = false;
                flush(self, family.take(), &mut pending);
                let inner = rest.trim_end_matches('-').trim();
                let (verb, code) = match inner.find('[') {
                    Some(at) => (inner[..at].trim(), inner[at + 1..].split(']').next().unwrap_or("")),
                    None => (inner, "---"),
                };
                let code = VerbCode::parse(code).unwrap_or(VerbCode { forward: "---".into(), back: None });
                let f = self.families.len() as u32;
                self.families.push(Family { name: name(verb), ..Family::default() });
                family = Some((f, Some(code)));
                continue;
            }
            // Synonym sets were read by `synonym_sets`.
            if line.starts_with('&') {
                open_set = true;
                continue;
            }
            if open_set && line.starts_with('+') {
                continue;
            }
            open_set = false;
            let Some((fam, fam_code)) = family.clone() else {
                problems.push(Problem::new(file, line_no, "line before any `--- VERB ---` family (skipped)"));
                continue;
            };
            if let Some(pattern) = line.strip_prefix('-') {
                match parse_pattern(pattern, &synsets, &mut self.vocab) {
                    Ok(Some(mut p)) => {
                        p.line = line_no;
                        pending.push(p);
                    }
                    Ok(None) => {}
                    Err(why) => problems.push(Problem::new(file, line_no, format!("{why} (skipped)"))),
                }
                continue;
            }
            if line.starts_with('~') {
                // PETRARCH2 transformations: not part of PETRARCH-1 coding.
                continue;
            }
            // A verb form line: `VERB`, `+BREAK_DOWN {…}`, `WIRE_+TAP {…}`, `X [code]`.
            let (body, code) = match line.find('[') {
                Some(at) => (&line[..at], VerbCode::parse(line[at + 1..].split(']').next().unwrap_or(""))),
                None => (line, None),
            };
            let code = code.or(fam_code);
            let (main, irregular) = match body.find('{') {
                Some(b) => (body[..b].trim(), Some(body[b + 1..].split('}').next().unwrap_or(""))),
                None => (body.trim(), None),
            };
            let main = main.trim_start_matches('+');
            if main.is_empty() || main.contains('*') {
                problems.push(Problem::new(file, line_no, format!("`{line}` is not a verb form (skipped)")));
                continue;
            }
            let (words, head) = verb_words(main);
            if words.is_empty() {
                problems.push(Problem::new(file, line_no, format!("`{line}` is not a verb form (skipped)")));
                continue;
            }
            let mut forms: Vec<Vec<String>> = vec![words.clone()];
            match irregular {
                Some(list) => forms.extend(list.split_whitespace().map(|f| verb_words(f).0).filter(|w| !w.is_empty())),
                None => {
                    for inflected in inflections(&words[head]) {
                        let mut w = words.clone();
                        w[head] = inflected;
                        forms.push(w);
                    }
                }
            }
            let id = self.forms.len() as u32;
            self.forms.push(VerbForm { family: fam, code: code.clone() });
            for f in forms {
                self.insert(&f, Entry::Verb(id));
            }
        }
        flush(self, family, &mut pending);
    }
}

/// Synonym sets as written: label → (no plurals, members with their lines).
type RawSets = HashMap<String, (bool, Vec<(String, usize)>)>;

/// The synonym sets of a verbs file, wherever they are defined in it
/// (PETRARCH2's `CAMEO.2.0.txt` uses some before defining them), nested
/// sets expanded. Plurals are added unless the label or the phrase ends
/// in `_`.
fn synonym_sets(file: &str, text: &str, problems: &mut Vec<Problem>) -> HashMap<String, Vec<Vec<String>>> {
    // label → (no plurals, members with their lines)
    let mut raw: RawSets = HashMap::default();
    let mut open: Option<String> = None;
    let mut in_comment = false;
    for (i, line) in text.lines().enumerate() {
        let Some(line) = strip(line, &mut in_comment) else { continue };
        if let Some(set) = line.strip_prefix('&') {
            let label = set.split_whitespace().next().unwrap_or("");
            let key = label.trim_end_matches('_').to_ascii_uppercase();
            raw.insert(key.clone(), (label.ends_with('_'), Vec::new()));
            open = Some(key);
        } else if let (Some(member), Some(label)) = (line.strip_prefix('+'), open.as_ref()) {
            if let Some((_, members)) = raw.get_mut(label) {
                members.push((member.split('[').next().unwrap_or("").trim().to_string(), i + 1));
            }
        } else {
            open = None;
        }
    }
    fn resolve(
        label: &str,
        raw: &RawSets,
        stack: &mut Vec<String>,
        file: &str,
        problems: &mut Vec<Problem>,
    ) -> Vec<Vec<String>> {
        let Some((no_plurals, members)) = raw.get(label) else { return Vec::new() };
        stack.push(label.to_string());
        let mut out = Vec::new();
        for (member, line) in members {
            if let Some(inner) = member.strip_prefix('&') {
                let inner = inner.trim_end_matches('_').to_ascii_uppercase();
                if stack.contains(&inner) {
                    problems.push(Problem::new(
                        file,
                        *line,
                        format!("synonym set `&{inner}` contains itself (skipped)"),
                    ));
                } else if !raw.contains_key(&inner) {
                    problems.push(Problem::new(
                        file,
                        *line,
                        format!("synonym set `&{inner}` is not defined (skipped)"),
                    ));
                } else {
                    out.extend(resolve(&inner, raw, stack, file, problems));
                }
                continue;
            }
            let words = words_of(member);
            if words.is_empty() {
                continue;
            }
            if !no_plurals && !member.ends_with('_') {
                let mut p = words.clone();
                if let Some(last) = p.last_mut() {
                    *last = plural_of(last);
                }
                out.push(p);
            }
            out.push(words);
        }
        stack.pop();
        out
    }
    let mut labels: Vec<&String> = raw.keys().collect();
    labels.sort();
    labels.into_iter().map(|l| (l.clone(), resolve(l, &raw, &mut Vec::new(), file, problems))).collect()
}

/// `PRESIDENT_GEORGE_W._BUSH` → `[PRESIDENT, GEORGE, W., BUSH]`.
pub(crate) fn words_of(s: &str) -> Vec<String> {
    name(s).split_whitespace().map(str::to_lowercase).collect()
}

/// `WIRE_+TAP` → ([WIRE, TAP], 1); `+CORDON_OFF` → ([CORDON, OFF], 0).
fn verb_words(s: &str) -> (Vec<String>, usize) {
    let s = s.trim().trim_start_matches('+');
    let mut head = 0;
    let mut words = Vec::new();
    for w in s.split(['_', ' ']).filter(|w| !w.is_empty()) {
        // `+` marks the verb word; it is never part of a word. A piece with
        // no letter or digit (the `,` of `{+WAS_DETERMINED , +BE_DETERMINED}`
        // in CAMEO.2.0.txt) is no word either.
        let bare = w.trim_start_matches('+');
        if !bare.chars().any(char::is_alphanumeric) {
            continue;
        }
        if bare.len() < w.len() {
            head = words.len();
        }
        words.push(bare.to_lowercase());
    }
    (words, head)
}

/// Regular English verb forms: `-s`, `-ed`, `-ing`, as PETRARCH-1 makes them.
fn inflections(v: &str) -> Vec<String> {
    let v = v.to_lowercase();
    let b = v.as_bytes();
    let Some(&last) = b.last() else { return Vec::new() };
    let consonant_y = last == b'y' && b.len() > 1 && !b"aeiou".contains(&b[b.len() - 2]);
    // Only read after an ASCII last letter (`e`, `y`), so the cut is a char boundary.
    let stem = || &v[..v.len() - 1];
    let s = if ["s", "sh", "ch", "x", "z"].iter().any(|e| v.ends_with(e)) {
        format!("{v}es")
    } else if consonant_y {
        format!("{}ies", stem())
    } else {
        format!("{v}s")
    };
    let (ed, ing) = if last == b'e' {
        (format!("{v}d"), format!("{}ing", stem()))
    } else if consonant_y {
        (format!("{}ied", stem()), format!("{v}ing"))
    } else {
        (format!("{v}ed"), format!("{v}ing"))
    };
    vec![s, ed, ing]
}

/// PETRARCH's regular plural: `-s`, `-y` → `-ies`, `-ss` → `-sses` (in
/// lower case: the caller's words are lower case or lowered after).
fn plural_of(w: &str) -> String {
    let l = w.to_ascii_lowercase();
    let b = l.as_bytes();
    if l.ends_with("ss") {
        format!("{w}es")
    } else if l.ends_with('y') && b.len() > 1 && !b"aeiou".contains(&b[b.len() - 2]) {
        format!("{}ies", &w[..w.len() - 1])
    } else {
        format!("{w}s")
    }
}

/// Parses a pattern line (the leading `-` removed): `SAID * TO ATTEND [082]`,
/// `+ WAS * DEAD IN $ [224]`, `NEW_&TIETYPES_RELATIONS`, `% * [030:030]`.
/// `Ok(None)` for a pattern with no code (PETRARCH ignores it too).
fn parse_pattern(
    line: &str,
    synsets: &HashMap<String, Vec<Vec<String>>>,
    vocab: &mut Vocab,
) -> Result<Option<VerbPattern>, String> {
    let (body, code) = match line.rfind('[') {
        Some(at) => (line[..at].trim(), line[at + 1..].split(']').next().unwrap_or("")),
        None => return Err(format!("pattern `{}` has no `[code]`", line.trim())),
    };
    let code = VerbCode::parse(code).ok_or_else(|| format!("pattern `{body}` has a bad code `[{code}]`"))?;
    // PETRARCH2 (`CAMEO.2.0.txt`) marks phrases `{FINANCIAL AID}` and
    // prepositional phrases `(FOR AID)` for its parse trees; on dyad's
    // shallow parse they are their words in order, gaps allowed.
    let flat: String = body.chars().map(|c| if matches!(c, '{' | '}' | '(' | ')') { ' ' } else { c }).collect();
    let body = flat.as_str();
    // Tokens with adjacency: `A_B` joins, a space allows a gap.
    let mut toks: Vec<(String, bool)> = Vec::new(); // (token, joined to the previous one)
    for group in body.split_whitespace() {
        let mut first = true;
        for piece in group.split('_') {
            if piece.is_empty() {
                continue;
            }
            // `+RST` / `$X` / `*SCEPTICAL`: a slot or the verb glued to a word.
            let mut piece = piece;
            while piece.len() > 1 && piece.starts_with('*') {
                toks.push(("*".to_string(), !first));
                first = false;
                piece = &piece[1..];
            }
            while piece.len() > 1 && (piece.starts_with('+') || piece.starts_with('$') || piece.starts_with('%')) {
                toks.push((piece[..1].to_string(), !first));
                first = false;
                piece = &piece[1..];
            }
            toks.push((piece.to_string(), !first));
            first = false;
        }
    }
    let items: Vec<(&str, bool)> = toks.iter().map(|(t, joined)| (t.as_str(), *joined)).collect();
    let set = |label: &str| synsets.get(&label.trim_end_matches('_').to_ascii_uppercase()).cloned();
    let elem = |t: &str| Elem::read(t, body, set, str::to_lowercase, &mut *vocab);
    VerbPattern::from_items(&items, body, body.to_string(), code, elem).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dictionaries from (file name, text) pairs.
    pub(super) fn load(files: &[(&str, &str)]) -> (PetrDict, Vec<Problem>) {
        PetrDict::load(&files.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect::<Vec<_>>())
    }

    #[test]
    fn verbs_inflect_and_patterns_keep_both_sides() {
        let (d, problems) = load(&[(
            "test.verbs.txt",
            "&TIES\n+MILITARY\n+ECONOMIC_\n--- ABANDON [345] ---\nABANDON\n- INDICATED_WOULD * NEW_&TIES_RELATIONS [903]\n- % * [030:030]\n- * BAD\n",
        )]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 8);
        let starts = |w: &str| d.phrases.contains_key(&d.vocab.id(w));
        assert!(starts("abandoned") && starts("abandoning"));
        let f = &d.families[0];
        assert_eq!(f.patterns.len(), 2);
        let p = &f.patterns[0];
        assert_eq!(p.code.forward, "903");
        // `INDICATED_WOULD * NEW_&TIES_RELATIONS`: gaps next to the verb only.
        assert_eq!(p.pre.len(), 3);
        assert!(p.pre[0] == Elem::Gap && p.pre[1] != Elem::Gap && p.pre[2] != Elem::Gap);
        assert_eq!(p.post.len(), 4);
        assert!(matches!(&p.post[2], Elem::Words { single, multi, .. } if single.len() + multi.len() == 3));
        assert!(p.post[0] == Elem::Gap && !p.post[1..].contains(&Elem::Gap));
        assert_eq!(f.patterns[1].code.back.as_deref(), Some("030"));
    }

    #[test]
    fn actors_keep_dated_codes_and_agents_their_plurals() {
        let (d, problems) = load(&[
            ("a.actors.txt", "GOLLUM\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\nBAD [X 1-2]\n"),
            ("a.agents.txt", "GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]\nMSF {} [NGO~]\nCLERIC [~REL]\nNOCODE\n"),
        ]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(d.actors.dated(0).on(19950101), Some("HOB"));
        assert_eq!(d.actors.dated(0).on(19960101), Some("HOBGOV"));
        assert_eq!(d.actors.dated(0).on(20000101), None);
        let names: Vec<&str> = d.actors.names().into_iter().map(|(_, n)| n).collect();
        let named = |n: &str| names.contains(&n);
        assert!(named("smeagol") && named("clerics") && !named("msfs") && named("golden geese"));
    }
}
