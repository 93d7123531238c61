//! Helpers for the coder's unit tests: the built-in dictionaries, a
//! sentence coded with or without a dependency tree, and a hand-written
//! tree standing in for the syntax layer.

use std::sync::OnceLock;

use dyad_types::{Article, Mention, Parse, PartialDate, Pos, Rel};

use super::{Coder, Syntax};
use crate::dict::Dictionary;

/// The coder over the built-in dictionaries, built once.
fn coder() -> &'static Coder {
    static CODER: OnceLock<Coder> = OnceLock::new();
    CODER.get_or_init(|| {
        let (dict, problems) = Dictionary::builtin(dyad_text::normalize_phrase);
        assert!(problems.is_empty(), "{problems:?}");
        Coder::new(dict)
    })
}

/// An article dated `date` (if given) holding `text`.
fn article(date: Option<&str>, text: &str) -> Article {
    Article { id: "t".into(), text: text.into(), date: date.and_then(PartialDate::parse), ..Article::default() }
}

/// The mentions of `text`, coded by the shallow rules alone.
pub(super) fn code(date: Option<&str>, text: &str) -> Vec<Mention> {
    coder().code_article(&article(date, text), dyad_text::sentences(text))
}

/// The mentions of `text`, one sentence, coded with `tree` as its parse.
pub(super) fn code_parsed(text: &str, tree: &Tree) -> Vec<Mention> {
    let article = article(None, text);
    let mut coder = coder().article(&article).with_parser(tree);
    dyad_text::sentences(text).flat_map(|s| coder.code_sentence(&s)).collect()
}

/// The evidence's rule names and code of each mention: `source_rule
/// target_rule cameo`.
pub(super) fn rules(mentions: &[Mention]) -> Vec<String> {
    mentions.iter().map(|m| format!("{} {} {}", m.evidence.source_rule, m.evidence.target_rule, m.cameo)).collect()
}

/// A dependency tree written by hand, one token a line: `word TAG head
/// relation lemma` (head 1-based, 0 for the root). It answers for its own
/// words only.
pub(super) struct Tree {
    words: Vec<String>,
    parse: Parse,
}

impl Tree {
    /// The tree in `lines`.
    pub(super) fn new(lines: &str) -> Tree {
        let mut words = Vec::new();
        let mut parse = Parse::default();
        for line in lines.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let f: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(f.len(), 5, "word TAG head relation lemma: {line}");
            words.push(f[0].to_string());
            parse.tags.push(Pos::from_name(f[1]));
            parse.heads.push(f[2].parse().unwrap_or(0));
            parse.rels.push(Rel::from_name(f[3]));
            let start = parse.lemma_text.len() as u32;
            parse.lemma_text.push_str(f[4]);
            parse.lemma_spans.push((start, parse.lemma_text.len() as u32));
        }
        Tree { words, parse }
    }

    /// Where the window `words` starts among the tree's words.
    fn find(&self, words: &[&str]) -> Option<usize> {
        (0..=self.words.len().checked_sub(words.len())?)
            .find(|&s| words.iter().zip(&self.words[s..]).all(|(a, b)| a == b))
    }
}

impl Syntax for Tree {
    fn tags(&self, words: &[&str]) -> Vec<Pos> {
        match self.find(words) {
            Some(s) => self.parse.tags[s..s + words.len()].to_vec(),
            None => vec![Pos::XX; words.len()],
        }
    }

    fn parse(&self, words: &[&str]) -> Parse {
        assert_eq!(words, self.words, "the tree is for other words");
        self.parse.clone()
    }
}
