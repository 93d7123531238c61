//! PETRARCH dictionaries in dyad's block syntax, under the file directive
//! `convention: petrarch` (`docs/dictionaries.md`, "PETRARCH conventions").
//!
//! `dyad dict import` writes a [`PetrDict`] this way and `--dict` reads it
//! back into the same [`PetrDict`]: writing and reading lose nothing the
//! coder uses (dated and multi-codes, agent affixes, every form of a verb
//! with its code, patterns on both sides of the verb with `~` gaps, `$ + %
//! ^` slots, paired codes, discards), so both routes code alike.
//!
//! ```text
//! convention: petrarch
//! &S0 = MILITARY, ECONOMIC TIES        # a synonym set: phrases
//! [ARN] ARNOR                          # an actor: its default code
//! name: ARNOR, ARNORIAN
//! role: ARNGOV 19950601..19990815      # a dated code, inclusive, open ends empty
//! [~GOV] agent                         # an agent: `~X` appends, `X~` prepends
//! name: MINISTER, MINISTERS
//! [family] RESTORE                     # a verb family
//! verb: RESTORE, RESTORED = 064        # forms, with their code when they have one
//! pattern: SAID ~ * ~ FULL &S0 WITH + = 064:064
//! [discard story]                      # or `[discard]`: the sentence only
//! name: CUP FINAL
//! ```
//!
//! In a pattern the verb is `*`; items are separated by a space when they
//! touch and by ` ~ ` when words may come between. A character the syntax
//! reads (`\ , # [ ] : = & * ~ $ + % ^`) is escaped with `\` inside a word.

use std::fmt::Write as _;

use rustc_hash::FxHashMap as HashMap;

use super::{Elem, Entry, Family, PetrDict, VerbCode, VerbForm, VerbPattern, Vocab};
use crate::dict::ActorKind;
use crate::Problem;

/// The directive that selects PETRARCH's conventions for a file.
const DIRECTIVE: &str = "convention: petrarch";

/// Characters escaped inside words and codes.
const SPECIAL: &[char] = &['\\', ',', '#', '[', ']', ':', '=', '&', '*', '~', '$', '+', '%', '^'];

/// Whether a dictionary file declares PETRARCH's conventions: its first
/// line that is not blank or a comment is `convention: petrarch`.
pub fn declares_petrarch(text: &str) -> bool {
    text.lines()
        .map(|l| strip(l).trim())
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.split_whitespace().collect::<Vec<_>>().join(" ").eq_ignore_ascii_case(DIRECTIVE))
}

fn esc(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for c in w.chars() {
        if SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn unesc(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut chars = w.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// Byte offsets of the unescaped occurrences of `sep` in `s`.
fn unescaped(s: &str, sep: char) -> Vec<usize> {
    let mut out = Vec::new();
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            out.push(i);
        }
    }
    out
}

/// `s` split at each unescaped `sep`.
fn split(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    for at in unescaped(s, sep) {
        out.push(&s[from..at]);
        from = at + sep.len_utf8();
    }
    out.push(&s[from..]);
    out
}

/// A line without its `#` comment.
fn strip(line: &str) -> &str {
    match unescaped(line, '#').first() {
        Some(&at) => &line[..at],
        None => line,
    }
}

/// A phrase as written: words separated by spaces.
fn phrase(words: &[String]) -> String {
    words.iter().map(|w| esc(w)).collect::<Vec<_>>().join(" ")
}

/// A written phrase → its words, in lower case as the coder compares them.
fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(|w| unesc(w).to_lowercase()).collect()
}

/// `value = CODE` → (value, code); `None` when there is no unescaped `=`.
fn with_code(value: &str) -> (&str, Option<VerbCode>) {
    match unescaped(value, '=').last() {
        Some(&at) => {
            let code = unesc(value[at + 1..].trim());
            let (f, b) = match split(value[at + 1..].trim(), ':').as_slice() {
                [f] => (unesc(f), None),
                [f, rest @ ..] => (unesc(f), Some(rest.iter().map(|r| unesc(r)).collect::<Vec<_>>().join(":"))),
                [] => (code, None),
            };
            (&value[..at], Some(VerbCode { forward: f.trim().to_string(), back: b.map(|b| b.trim().to_string()) }))
        }
        None => (value, None),
    }
}

fn code_text(c: &VerbCode) -> String {
    match &c.back {
        Some(b) => format!("{}:{}", esc(&c.forward), esc(b)),
        None => esc(&c.forward),
    }
}

impl PetrDict {
    /// The dictionaries written in dyad's block syntax under `convention:
    /// petrarch` (`actors.petrarch.txt`, `agents.petrarch.txt`,
    /// `verbs.petrarch.txt` with the discards), every form spelled out.
    /// [`PetrDict::load`] reads them back into dictionaries that code
    /// exactly as these do.
    pub fn to_files(&self) -> Vec<(String, String)> {
        let mut phrases: HashMap<Entry, Vec<String>> = HashMap::default();
        let mut all: Vec<(Entry, Vec<String>)> = Vec::new();
        for (&first, list) in &self.phrases {
            for (rest, e) in list {
                all.push((*e, std::iter::once(&first).chain(rest).map(|&w| self.vocab.word(w).to_string()).collect()));
            }
        }
        all.sort();
        for (e, w) in all {
            phrases.entry(e).or_default().push(phrase(&w));
        }
        let names = |e: Entry| phrases.get(&e).map(|p| p.join(", "));
        let head = format!("{DIRECTIVE}\n# Written by dyad from PETRARCH dictionaries (docs/dictionaries.md).\n\n");

        // Actors and agents in the order they were defined, each with its names.
        let mut by_entry: Vec<(u32, Vec<String>)> = Vec::new();
        for (e, name) in self.actors.names() {
            let words: Vec<String> = name.split(' ').map(str::to_string).collect();
            match by_entry.last_mut() {
                Some((last, names)) if *last == e => names.push(phrase(&words)),
                _ => by_entry.push((e, vec![phrase(&words)])),
            }
        }
        let (mut actors, mut agents) = (head.clone(), head.clone());
        for (e, names) in by_entry {
            let (entry, names) = (self.actors.entry(e), names.join(", "));
            if let ActorKind::Dated(k) = entry.kind {
                let codes = self.actors.dated(k);
                let _ = writeln!(actors, "[{}]\nname: {names}", esc(codes.default.as_deref().unwrap_or("---")));
                for (code, f, t) in &codes.dated {
                    let f = if *f == 0 { String::new() } else { f.to_string() };
                    let t = if *t >= 99_991_231 { String::new() } else { t.to_string() };
                    let _ = writeln!(actors, "role: {} {f}..{t}", esc(code));
                }
                continue;
            }
            let code = match entry.code.strip_prefix('~') {
                Some(suffix) => format!("~{}", esc(suffix)),
                None => format!("{}~", esc(entry.code.strip_suffix('~').unwrap_or(&entry.code))),
            };
            let _ = writeln!(agents, "[{code}] agent\nname: {names}");
        }
        let mut verbs = head;
        let mut sets: Vec<Vec<Vec<String>>> = Vec::new();
        let mut body = String::new();
        for (f, family) in self.families.iter().enumerate() {
            let _ = writeln!(body, "[family] {}", esc(&family.name));
            for (v, form) in self.forms.iter().enumerate().filter(|(_, v)| v.family as usize == f) {
                let Some(names) = names(Entry::Verb(v as u32)) else { continue };
                let _ = match &form.code {
                    Some(c) => writeln!(body, "verb: {names} = {}", code_text(c)),
                    None => writeln!(body, "verb: {names}"),
                };
            }
            for p in &family.patterns {
                let mut item = |e: &Elem| match e {
                    Elem::Source => "$".to_string(),
                    Elem::Target => "+".to_string(),
                    Elem::Compound => "%".to_string(),
                    Elem::Skip => "^".to_string(),
                    Elem::Gap => "~".to_string(),
                    Elem::Words { single, multi, .. } if single.len() == 1 && multi.is_empty() => {
                        esc(self.vocab.word(single[0]))
                    }
                    words => {
                        let spell = |ws: &[u32]| ws.iter().map(|&w| self.vocab.word(w).to_string()).collect();
                        let mut alts: Vec<Vec<String>> = words.alternatives().map(spell).collect();
                        // The one-word alternatives (first) in the order of their words.
                        let n = words.alternatives().take_while(|a| a.len() == 1).count();
                        alts[..n].sort();
                        let k = sets.iter().position(|s| *s == alts).unwrap_or_else(|| {
                            sets.push(alts);
                            sets.len() - 1
                        });
                        format!("&S{k}")
                    }
                };
                // Sentence order: the elements before the verb reversed,
                // the verb, the elements after.
                let mut words: Vec<String> = p.pre.iter().rev().map(&mut item).collect();
                words.push("*".to_string());
                words.extend(p.post.iter().map(&mut item));
                let line = words.join(" ");
                let _ = writeln!(body, "pattern: {line} = {}", code_text(&p.code));
            }
        }
        for (k, alts) in sets.iter().enumerate() {
            let _ = writeln!(verbs, "&S{k} = {}", alts.iter().map(|a| phrase(a)).collect::<Vec<_>>().join(", "));
        }
        verbs.push_str(&body);
        for (story, head) in [(true, "[discard story]"), (false, "[discard]")] {
            if let Some(names) = names(Entry::Discard(story)) {
                let _ = writeln!(verbs, "{head}\nname: {names}");
            }
        }
        vec![
            ("actors.petrarch.txt".to_string(), actors),
            ("agents.petrarch.txt".to_string(), agents),
            ("verbs.petrarch.txt".to_string(), verbs),
        ]
    }

    /// Adds a file in dyad's block syntax under `convention: petrarch`;
    /// malformed lines are problems and skipped.
    pub(crate) fn add_written(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) {
        /// What the lines after a header belong to.
        #[derive(Clone, Copy)]
        enum Block {
            None,
            Actor(u32),
            Agent(u32),
            Family(u32),
            Discard(bool),
        }
        let mut block = Block::None;
        let mut sets: HashMap<String, Vec<Vec<String>>> = HashMap::default();
        let first_family = self.families.len();
        let mut directive = false;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = strip(raw).trim();
            if line.is_empty() {
                continue;
            }
            if !directive {
                directive = true;
                if declares_petrarch(line) {
                    continue;
                }
            }
            if let Some(set) = line.strip_prefix('&') {
                match set.split_once('=') {
                    Some((label, members)) => {
                        let alts = split(members, ',').into_iter().map(words).filter(|w| !w.is_empty()).collect();
                        sets.insert(label.trim().to_string(), alts);
                    }
                    None => problems.push(Problem::new(file, line_no, "a synonym set needs `&NAME = phrases`")),
                }
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                let Some(&close) = unescaped(rest, ']').first() else {
                    problems.push(Problem::new(file, line_no, "a header needs a closing `]`"));
                    block = Block::None;
                    continue;
                };
                let (head, label) = (unesc(rest[..close].trim()), rest[close + 1..].trim());
                block = match head.as_str() {
                    "family" => {
                        self.families.push(Family { name: unesc(label), ..Family::default() });
                        Block::Family(self.families.len() as u32 - 1)
                    }
                    "discard" => Block::Discard(false),
                    "discard story" => Block::Discard(true),
                    _ if head.contains('~') => {
                        // `~GOV` appends, `NGO~` prepends; one `~`, at one end.
                        if head.starts_with('~') == head.ends_with('~') {
                            problems.push(Problem::new(file, line_no, format!("bad agent code `[{head}]` (skipped)")));
                            Block::None
                        } else {
                            Block::Agent(self.names().add_affix(&head))
                        }
                    }
                    code if !code.is_empty() && !code.contains(char::is_whitespace) => {
                        let a = self.names().add_dated();
                        if let Some(d) = self.names().dated_mut(a) {
                            d.default = Some(code.to_string());
                        }
                        Block::Actor(a)
                    }
                    _ => {
                        problems.push(Problem::new(file, line_no, format!("bad header `[{head}]` (skipped)")));
                        Block::None
                    }
                };
                continue;
            }
            let Some(&colon) = unescaped(line, ':').first() else {
                problems.push(Problem::new(file, line_no, "expected `key: value`, `[header]` or `&SET = …`"));
                continue;
            };
            let (key, value) = (line[..colon].trim(), line[colon + 1..].trim());
            match (key, block) {
                ("name", Block::Actor(a) | Block::Agent(a)) => {
                    for p in split(value, ',') {
                        self.names().add_words(a, &words(p));
                    }
                }
                ("name", Block::Discard(story)) => self.insert_all(value, Entry::Discard(story)),
                ("role", Block::Actor(a)) => match role(value) {
                    Some(r) => {
                        if let Some(d) = self.names().dated_mut(a) {
                            d.dated.push(r);
                        }
                    }
                    None => problems.push(Problem::new(file, line_no, format!("bad role `{value}`: `CODE FROM..TO`"))),
                },
                ("verb", Block::Family(f)) => {
                    let (names, code) = with_code(value);
                    let id = self.forms.len() as u32;
                    self.forms.push(VerbForm { family: f, code });
                    self.insert_all(names, Entry::Verb(id));
                }
                ("pattern", Block::Family(f)) => match pattern(value, &sets, &mut self.vocab) {
                    Ok(mut p) => {
                        p.line = line_no;
                        self.families[f as usize].patterns.push(p);
                    }
                    Err(why) => problems.push(Problem::new(file, line_no, format!("{why} (skipped)"))),
                },
                _ => problems.push(Problem::new(file, line_no, format!("`{key}:` does not belong here (skipped)"))),
            }
        }
        for fam in &mut self.families[first_family..] {
            fam.patterns.sort_by_key(|p| std::cmp::Reverse(p.weight()));
            fam.index();
        }
    }

    /// Inserts every comma-separated phrase of `value` for `entry`.
    fn insert_all(&mut self, value: &str, entry: Entry) {
        for p in split(value, ',') {
            self.insert(&words(p), entry);
        }
    }
}

/// `CODE FROM..TO` (`YYYYMMDD`, inclusive; an empty end is open).
fn role(value: &str) -> Option<(String, u32, u32)> {
    let (code, range) = value.trim().split_once(char::is_whitespace)?;
    let (f, t) = range.trim().split_once("..")?;
    let day = |d: &str, open: u32| if d.trim().is_empty() { Some(open) } else { d.trim().parse().ok() };
    Some((unesc(code), day(f, 0)?, day(t, 99_991_231)?))
}

/// `SAID ~ * ~ FULL &S0 WITH + = 064` → a pattern.
fn pattern(value: &str, sets: &HashMap<String, Vec<Vec<String>>>, vocab: &mut Vocab) -> Result<VerbPattern, String> {
    let (body, code) = with_code(value);
    let code = code.ok_or_else(|| format!("pattern `{value}` has no `= CODE`"))?;
    // (item, whether it touches the one before it: no `~` between them)
    let mut items: Vec<(&str, bool)> = Vec::new();
    let mut gap = false;
    for t in body.split_whitespace() {
        if t == "~" {
            gap = true;
        } else {
            items.push((t, !gap));
            gap = false;
        }
    }
    let elem =
        |t: &str| Elem::read(t, body, |label| sets.get(label).cloned(), |w| unesc(w).to_lowercase(), &mut *vocab);
    VerbPattern::from_items(&items, body, body.trim().to_string(), code, elem)
}

#[cfg(test)]
mod tests {
    use super::super::coder::code_text;
    use super::super::tests::load;
    use super::super::PetrOptions;
    use super::*;

    fn code(d: PetrDict, text: &str, date: u32) -> Vec<String> {
        code_text(&d, text, date, &PetrOptions::default())
            .into_iter()
            .map(|e| format!("{} {} {}", e.source, e.code, e.target))
            .collect()
    }

    const WRITTEN: &str = "# a comment\nconvention: petrarch\n\
        &S0 = harbour, harbours, port # sets hold phrases\n\
        [NLD]\nname: northland, north land\nrole: NLDGOV 20100101..20151231\n\
        [SMK]\nname: southmark\n[EBY/SMK]\nname: the twins\n\
        [~GOV] agent\nname: minister\n[NGO~] agent\nname: charity\n\
        [family] BLOCKADE\nverb: blockade, blockaded = 191\n\
        pattern: * ~ &S0 = 192\npattern: said ~ * = 011\n\
        [family] MEET\nverb: met = 036:036\npattern: % * = 040:040\n\
        [discard story]\nname: cup final\n";

    #[test]
    fn the_directive_selects_petrarch_conventions() {
        assert!(declares_petrarch(WRITTEN));
        assert!(declares_petrarch("\n  Convention:   PETRARCH\n[X]\n"));
        assert!(!declares_petrarch("[IRN] Iran\nname: Iran\n# convention: petrarch\n"));
    }

    #[test]
    fn patterns_on_both_sides_slots_and_paired_codes_code() {
        let dict = || load(&[("anything.txt", WRITTEN)]).0;
        assert_eq!(code(dict(), "Northland blockaded the harbours of Southmark.", 0), ["NLD 192 SMK"]);
        assert_eq!(code(dict(), "Northland blockaded Southmark.", 20120101), ["NLDGOV 191 SMK"]);
        // Words before the verb: `said ~ *`.
        assert_eq!(code(dict(), "Southmark said it would blockade Northland.", 0), ["SMK 011 NLD"]);
        // `%` and a paired code: every ordered pair of the compound.
        assert_eq!(code(dict(), "Northland and Southmark met on Monday.", 0), ["NLD 040 SMK", "SMK 040 NLD"]);
        // Multi-codes and agent affixes.
        assert_eq!(
            code(dict(), "The twins blockaded a Northland charity minister.", 0),
            ["EBY 191 NGONLDGOV", "SMK 191 NGONLDGOV"]
        );
        assert!(code(dict(), "Northland blockaded Southmark before the cup final.", 0).is_empty());
    }

    #[test]
    fn bad_lines_are_problems_with_their_line() {
        let text = "convention: petrarch\n[family] X\npattern: blockade + = 191\npattern: * &NONE = 1\n\
                    verb: x\nname: orphan\n[bad code] y\nrole: NLD 1..2\nnonsense\n[unclosed\n";
        let (_, problems) = load(&[("v.txt", text)]);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 6, 7, 8, 9, 10], "{problems:?}");
    }

    #[test]
    fn words_with_the_syntax_characters_round_trip() {
        for w in ["A,B", "#1", "[X]", "K:U", "=", "&Y", "*", "~", "$", "+", "%", "^", "\\"] {
            assert_eq!(unesc(&esc(w)), w);
            assert_eq!(split(&format!("{}, b", esc(w)), ',').len(), 2, "{w}");
        }
    }
}
