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

/// The syntax layer of one article that also keeps, for geolocation, the
/// tree of each sentence the coder parses ([`dyad_geo::Tree`]): the coder
/// parses lazily and only where a pattern matched, so the trees come at no
/// extra parsing.
pub(crate) struct Recording<'a> {
    inner: Builtin,
    text: &'a str,
    trees: std::sync::Mutex<Vec<dyad_geo::Tree>>,
}

impl<'a> Recording<'a> {
    /// Wraps `inner` for the article `text`.
    pub(crate) fn new(inner: Builtin, text: &'a str) -> Recording<'a> {
        Recording { inner, text, trees: std::sync::Mutex::new(Vec::new()) }
    }

    /// The trees parsed since the last call.
    pub(crate) fn take(&self) -> Vec<dyad_geo::Tree> {
        self.trees.lock().map(|mut t| std::mem::take(&mut *t)).unwrap_or_default()
    }
}

impl dyad_code::Syntax for Recording<'_> {
    fn tags(&self, words: &[&str]) -> Vec<Pos> {
        self.inner.tags(words)
    }

    fn parse(&self, words: &[&str]) -> Parse {
        let p = self.inner.parse(words);
        // The coder hands the words as slices of the article text: their
        // addresses give their byte spans. Words from anywhere else give
        // no tree.
        let base = self.text.as_ptr() as usize;
        let spans: Option<Vec<dyad_types::Span>> = words
            .iter()
            .map(|w| {
                let at = (w.as_ptr() as usize).checked_sub(base)?;
                (at + w.len() <= self.text.len()).then(|| dyad_types::Span::new(at, at + w.len()))
            })
            .collect();
        if let Some(tree) = spans.and_then(|s| dyad_geo::Tree::new(s, &p)) {
            if let Ok(mut t) = self.trees.lock() {
                t.push(tree);
            }
        }
        p
    }
}
