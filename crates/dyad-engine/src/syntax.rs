//! The syntax stage in the pipeline: an article's sentences with the words the
//! tagger reads (the tokens as written) and their parse.

pub use dyad_syntax::{conllu, eval, train, Model, TrainOptions, MAX_PARSE_WORDS};
use dyad_types::{Parse, Pos, Sentence};

/// The shipped model as the coder's syntax layer.
#[derive(Clone, Copy, Debug)]
pub struct Builtin(pub &'static Model);

impl dyad_code::Syntax for Builtin {
    fn tags(&self, words: &[&str]) -> Vec<Pos> {
        let mut t = Vec::with_capacity(words.len());
        self.0.tag(words, &mut t);
        t
    }

    fn parse(&self, words: &[&str]) -> Parse {
        self.0.analyze(words)
    }
}

/// The words of a sentence as written in the article, for the tagger (its
/// features see case and shape, which the normalized forms have lost).
pub fn words<'a>(text: &'a str, s: &Sentence) -> Vec<&'a str> {
    (0..s.tokens.len()).map(|i| s.original(text, i)).collect()
}

/// Splits `text` into sentences and parses each one.
pub fn parse_text(model: &Model, text: &str) -> Vec<(Sentence, Parse)> {
    dyad_text::sentences(text)
        .map(|s| {
            let p = model.analyze(&words(text, &s));
            (s, p)
        })
        .collect()
}
