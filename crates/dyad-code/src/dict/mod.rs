//! Dictionaries: loading dyad's own text format (see `docs/dictionaries.md`).
//!
//! The built-in files in `crates/dyad-code/dict/` are compiled into the
//! binary with `include_str!`; user files are layered over them through a
//! [`DictionaryBuilder`]. Loading never fails: a malformed line becomes a
//! [`Problem`] naming `file:line`, and the rest loads.

pub(crate) mod actors;
mod blocks;
mod names;
pub use names::{actor_name, suggest_actors, ActorName};
mod verbs;

use std::sync::Arc;

pub(crate) use self::actors::{ActorDict, ActorKind, CountryForm};
pub(crate) use self::verbs::{form_bit, Pattern, VerbDict};
use crate::cameo::CameoTable;

pub(crate) const BUILTIN_CAMEO: &str = include_str!("../../dict/cameo.tsv");
const BUILTIN_COUNTRIES: &str = include_str!("../../dict/countries.txt");
const BUILTIN_IGOS: &str = include_str!("../../dict/igos.txt");
const BUILTIN_ACTORS: &str = include_str!("../../dict/actors.txt");
const BUILTIN_AGENTS: &str = include_str!("../../dict/agents.txt");
const BUILTIN_VERBS: &str = include_str!("../../dict/verbs.txt");
const BUILTIN_NONACTORS: &str = include_str!("../../dict/nonactors.txt");
const BUILTIN_PEOPLE: &str = include_str!("../../dict/people.txt");

/// Turns a dictionary phrase into normalized tokens joined by single spaces,
/// exactly as the `text` stage normalizes article text (the engine passes
/// `dyad_text::normalize_phrase`).
pub type Normalizer = fn(&str) -> String;

/// A problem in a dictionary file; the offending line was skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// File name.
    pub file: String,
    /// 1-based line number (0 when the problem is not tied to a line).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    pub(crate) fn new(file: &str, line: usize, message: impl Into<String>) -> Problem {
        Problem { file: file.to_string(), line, message: message.into() }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// The kind of a dictionary file, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    Cameo,
    Countries,
    Igos,
    Actors,
    Agents,
    Verbs,
}

fn file_kind(name: &str) -> Option<FileKind> {
    let base = name.rsplit(['/', '\\', ':']).next().unwrap_or(name).to_ascii_lowercase();
    let kind = if base.starts_with("cameo") && base.ends_with(".tsv") {
        FileKind::Cameo
    } else if base.starts_with("countries") {
        FileKind::Countries
    } else if base.starts_with("igos") {
        FileKind::Igos
    } else if base.starts_with("agents") {
        FileKind::Agents
    } else if base.starts_with("verbs") {
        FileKind::Verbs
    } else if base.starts_with("actors")
        || base.starts_with("people")
        || base.starts_with("orgs")
        || base.starts_with("nonactors")
    {
        FileKind::Actors
    } else {
        return None;
    };
    Some(kind)
}

/// Everything the coder knows: the CAMEO table, actors and verb patterns.
#[derive(Debug)]
pub struct Dictionary {
    pub(crate) cameo: CameoTable,
    pub(crate) actors: ActorDict,
    pub(crate) verbs: VerbDict,
}

/// Counts of what a dictionary holds (`dyad dict stats`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DictStats {
    /// CAMEO codes in the table.
    pub cameo_codes: usize,
    /// States.
    pub countries: usize,
    /// International organisations.
    pub igos: usize,
    /// Organisations (companies, ministries, armed groups, media…).
    pub organisations: usize,
    /// Named people.
    pub people: usize,
    /// Dated roles of people.
    pub roles: usize,
    /// Sector role nouns.
    pub agent_nouns: usize,
    /// Names, adjectives and capitals matched in text.
    pub actor_phrases: usize,
    /// Verb patterns.
    pub verb_patterns: usize,
    /// Distinct CAMEO codes with at least one pattern.
    pub coded_codes: usize,
    /// Discard patterns.
    pub discards: usize,
}

impl Dictionary {
    /// The built-in dictionaries, with the problems found in them (none, in
    /// a release; `dyad dict check` and the tests keep it that way).
    pub fn builtin(normalize: Normalizer) -> (Arc<Dictionary>, Vec<Problem>) {
        let (d, p) = DictionaryBuilder::new(normalize).build();
        (Arc::new(d), p)
    }

    /// A CAMEO code's entry.
    pub fn cameo(&self, code: &str) -> Option<&crate::CameoCode> {
        self.cameo.get(code)
    }

    /// The CAMEO table.
    pub fn cameo_table(&self) -> &CameoTable {
        &self.cameo
    }

    /// What the dictionary holds.
    pub fn stats(&self) -> DictStats {
        let mut codes: Vec<&str> =
            self.verbs.patterns().iter().filter(|p| !p.discard).map(|p| p.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        DictStats {
            cameo_codes: self.cameo.len(),
            countries: self.actors.count_countries(),
            igos: self.actors.count_igos(),
            organisations: self.actors.count_orgs(),
            people: self.actors.people().len(),
            roles: self.actors.people().iter().map(|p| p.roles.len()).sum(),
            agent_nouns: self.actors.count_agent_nouns(),
            actor_phrases: self.actors.alias_count(),
            verb_patterns: self.verbs.patterns().iter().filter(|p| !p.discard).count(),
            coded_codes: codes.len(),
            discards: self.verbs.patterns().iter().filter(|p| p.discard).count(),
        }
    }
}

/// Builds a [`Dictionary`] from the built-in files and the user's own.
///
/// ```
/// # fn norm(s: &str) -> String { s.to_lowercase() }
/// let mut b = dyad_code::DictionaryBuilder::new(norm);
/// b.add("verbs.local.txt", "[042] Make a visit\ncall@n on +\n");
/// let (dict, problems) = b.build();
/// assert!(problems.is_empty());
/// assert!(dict.stats().verb_patterns > 1);
/// ```
pub struct DictionaryBuilder {
    normalize: Normalizer,
    files: Vec<(String, String)>,
}

impl DictionaryBuilder {
    /// A builder holding the built-in dictionaries.
    pub fn new(normalize: Normalizer) -> DictionaryBuilder {
        let mut b = DictionaryBuilder::empty(normalize);
        for (name, text) in [
            ("cameo.tsv", BUILTIN_CAMEO),
            ("countries.txt", BUILTIN_COUNTRIES),
            ("igos.txt", BUILTIN_IGOS),
            ("actors.txt", BUILTIN_ACTORS),
            ("agents.txt", BUILTIN_AGENTS),
            ("nonactors.txt", BUILTIN_NONACTORS),
            ("people.txt", BUILTIN_PEOPLE),
            ("verbs.txt", BUILTIN_VERBS),
        ] {
            b.files.push((format!("builtin:{name}"), text.to_string()));
        }
        b
    }

    /// A builder with no dictionaries at all (the CAMEO table included).
    pub fn empty(normalize: Normalizer) -> DictionaryBuilder {
        DictionaryBuilder { normalize, files: Vec::new() }
    }

    /// Adds a file; its kind comes from its name (`countries*.txt`,
    /// `igos*.txt`, `actors*.txt`/`people*.txt`/`orgs*.txt`, `agents*.txt`,
    /// `verbs*.txt`, `cameo*.tsv`). Returns false for a name of no known kind.
    pub fn add(&mut self, name: &str, contents: &str) -> bool {
        if file_kind(name).is_none() {
            return false;
        }
        self.files.push((name.to_string(), contents.to_string()));
        true
    }

    /// Compiles the dictionary. Later files override earlier ones where they
    /// define the same name or code.
    pub fn build(self) -> (Dictionary, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut cameo = CameoTable::default();
        let mut actors = actors::ActorDictBuilder::new(self.normalize);
        let mut verbs = verbs::VerbDictBuilder::new(self.normalize);
        for (name, text) in &self.files {
            match file_kind(name) {
                Some(FileKind::Cameo) => {
                    let t = CameoTable::parse(name, text, &mut problems);
                    if cameo.is_empty() {
                        cameo = t;
                    } else {
                        cameo.merge(t);
                    }
                }
                Some(FileKind::Countries) => actors.add_countries(name, text, &mut problems),
                Some(FileKind::Igos) => actors.add_igos(name, text, &mut problems),
                Some(FileKind::Actors) => actors.add_actors(name, text, &mut problems),
                Some(FileKind::Agents) => actors.add_agents(name, text, &mut problems),
                Some(FileKind::Verbs) => verbs.add(name, text, &mut problems),
                None => {}
            }
        }
        let verbs = verbs.build(&cameo, &mut problems);
        let actors = actors.build(&mut problems);
        // A pattern whose every anchor form is an actor name never codes: the
        // word is read as the actor (`guard` is a role noun).
        let mut forms: rustc_hash::FxHashMap<u32, (u32, u32)> = rustc_hash::FxHashMap::default();
        for (word, refs) in verbs.anchor_words() {
            let blocked = actors.is_single_word_name(word);
            for r in refs {
                let e = forms.entry(r.pattern).or_default();
                e.0 += 1;
                e.1 += u32::from(blocked);
            }
        }
        let mut never: Vec<u32> = forms.into_iter().filter(|(_, (n, b))| n == b).map(|(p, _)| p).collect();
        never.sort_unstable();
        for p in never {
            let pat = verbs.pattern(p);
            let (file, line) = pat.origin.rsplit_once(':').unwrap_or((&pat.origin, "0"));
            problems.push(Problem::new(
                file,
                line.parse().unwrap_or(0),
                format!("`{}` can never match: its anchor is an actor name", pat.text),
            ));
        }
        (Dictionary { cameo, actors, verbs }, problems)
    }
}

impl CameoTable {
    fn merge(&mut self, other: CameoTable) {
        for c in other.codes() {
            self.insert(c.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
    }

    fn problems(files: &[(&str, &str)]) -> Vec<String> {
        let mut b = DictionaryBuilder::empty(norm);
        b.add("cameo.tsv", BUILTIN_CAMEO);
        for (name, text) in files {
            assert!(b.add(name, text), "{name}");
        }
        b.build().1.into_iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn the_builtin_dictionaries_are_clean() {
        let (_, p) = DictionaryBuilder::new(norm).build();
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn conflicting_names_in_one_layer_are_reported() {
        let p = problems(&[("actors.txt", "[AAABUS] Acme\nname: Acme\n[BBBBUS] Acme Two\nname: Acme\n")]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("`acme` names both"), "{p:?}");
        // A user file may override a built-in name: that is layering.
        let mut b = DictionaryBuilder::new(norm);
        b.add("/home/me/actors.local.txt", "[VENGOV] Caracas government\nname: PDVSA\n");
        assert!(b.build().1.is_empty());
    }

    #[test]
    fn patterns_that_can_never_match_are_reported() {
        let p = problems(&[
            ("agents.txt", "[MIL] military\nname: guard\n"),
            ("verbs.txt", "[042] visit\nguard@n of +\nvisit +\n"),
        ]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].starts_with("verbs.txt:2:"), "{p:?}");
    }
}
