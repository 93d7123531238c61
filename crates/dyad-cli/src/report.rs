//! Warnings of bulk commands, summarised: a command that reads thousands of
//! lines reports them by kind (how many, the first few examples) instead of
//! one line each, unless the user asks for every line with `--verbose`.
//! `code` and `ingest` print the first few as they come (a small run reads
//! as before) and summarise the rest; `dict import` only summarises.

use std::collections::BTreeMap;

use crate::messages;

/// Examples shown for each kind of warning when not verbose.
const EXAMPLES: usize = 3;

/// Warnings collected by kind, in order of first appearance.
#[derive(Debug, Default)]
pub(crate) struct Warnings {
    verbose: bool,
    /// Warnings printed as they come before the rest are only counted.
    immediate: usize,
    /// Kind → (order of first appearance, count, first examples).
    kinds: BTreeMap<String, (usize, usize, Vec<String>)>,
    total: usize,
}

impl Warnings {
    /// Collects warnings; with `verbose`, each is also printed as it comes.
    pub(crate) fn new(verbose: bool) -> Warnings {
        Warnings { verbose, ..Warnings::default() }
    }

    /// Prints the first `n` warnings as they come.
    pub(crate) fn immediate(self, n: usize) -> Warnings {
        Warnings { immediate: n, ..self }
    }

    /// Records a line `location: message` (split at the first `": "`).
    pub(crate) fn add_line(&mut self, line: &str) {
        match line.split_once(": ") {
            Some((location, message)) => self.add(location, message),
            None => self.add("", line),
        }
    }

    /// Records one warning: `location` (file:line) and its message.
    pub(crate) fn add(&mut self, location: &str, message: &str) {
        self.total += 1;
        let line = if location.is_empty() { message.to_string() } else { format!("{location}: {message}") };
        if self.verbose || self.total <= self.immediate {
            messages::warning(&line);
        }
        let order = self.kinds.len();
        let entry = self.kinds.entry(kind_of(message)).or_insert((order, 0, Vec::new()));
        entry.1 += 1;
        if entry.2.len() < EXAMPLES {
            entry.2.push(line);
        }
    }

    /// Number of warnings recorded.
    #[cfg(test)]
    pub(crate) fn total(&self) -> usize {
        self.total
    }

    /// Prints the summary: one line per kind with its count, most frequent
    /// first, and (when not verbose) its first examples.
    pub(crate) fn summarise(&self, what: &str) {
        // Nothing to add when every line was printed already.
        if self.total == 0 || (!self.verbose && self.total <= self.immediate) {
            return;
        }
        let mut kinds: Vec<_> = self.kinds.iter().collect();
        kinds.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.1 .0.cmp(&b.1 .0)));
        messages::info(&format!("{} {what}, {} kind(s):", self.total, kinds.len()));
        for (kind, (_, n, examples)) in kinds {
            messages::info(&format!("  {n:>6}  {kind}"));
            if !self.verbose {
                for e in examples {
                    messages::info(&format!("            e.g. {e}"));
                }
            }
        }
        if !self.verbose {
            messages::info("  (--verbose lists every line)");
        }
    }
}

/// The kind of a message: the message with its quoted parts (`…`) and
/// numbers blanked, so `pattern `A` …` and `pattern `B` …` are one kind.
fn kind_of(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    for c in message.chars() {
        if c == '`' {
            if !quoted {
                out.push_str("`…`");
            }
            quoted = !quoted;
        } else if !quoted {
            if c.is_ascii_digit() {
                if !out.ends_with('N') {
                    out.push('N');
                }
            } else {
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{kind_of, Warnings};

    #[test]
    fn quoted_words_and_numbers_do_not_make_new_kinds() {
        assert_eq!(
            kind_of("pattern `- * TO [071]`: words before the verb are not supported yet"),
            "pattern `…`: words before the verb are not supported yet"
        );
        assert_eq!(kind_of("bad date `1999-13`"), kind_of("bad date `20x`"));
        assert_eq!(kind_of("line 12 of 40"), "line N of N");
    }

    #[test]
    fn counts_by_kind_and_keeps_the_first_examples() {
        let mut w = Warnings::new(false);
        for i in 0..5 {
            w.add(&format!("v.txt:{i}"), &format!("pattern `p{i}` is odd"));
        }
        w.add("a.txt:1", "actor `X` has no code");
        assert_eq!(w.total(), 6);
        let (_, n, ex) = &w.kinds["pattern `…` is odd"];
        assert_eq!((*n, ex.len()), (5, 3));
        assert_eq!(ex[0], "v.txt:0: pattern `p0` is odd");
        let mut w = Warnings::new(false).immediate(2);
        w.add_line("a/b.jsonl:7: malformed JSON (rejected)");
        w.add_line("no location here");
        assert_eq!(w.kinds["malformed JSON (rejected)"].2, ["a/b.jsonl:7: malformed JSON (rejected)"]);
        assert!(w.kinds.contains_key("no location here"));
    }
}
