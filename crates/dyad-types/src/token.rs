//! Tokens and sentences: the output of the `text` stage.

use crate::Span;

/// What kind of token this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A word (letters, possibly with internal apostrophes or periods: `U.S.`).
    Word,
    /// A number (`1.53`, `345,000`, `2020`); `norm` has separators removed.
    Number,
    /// A currency sign (`$`, `€`, `£`).
    Currency,
    /// Punctuation; `norm` is its ASCII form (`"` for curly quotes, `-` for dashes).
    Punct,
    /// The possessive clitic `'s` / `'` split off a word.
    Possessive,
    /// A run of characters too long or too odd to be a word (URLs, hashes,
    /// junk); it never matches a dictionary entry.
    Other,
}

/// One token of a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where the token is in the article's original text. For a word that was
    /// hyphenated across a line break (`Vene-\nzuelan`) the span covers both parts.
    pub span: Span,
    /// Byte range of the normalized form in [`Sentence::norm`].
    pub norm: (u32, u32),
    /// The kind of token.
    pub kind: TokenKind,
    /// First character is uppercase.
    pub capitalized: bool,
    /// Whitespace (or a line break) precedes the token.
    pub space_before: bool,
}

/// One sentence: its tokens and the normalized text they index into.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    /// 0-based index of the sentence in its article.
    pub index: usize,
    /// Where the sentence is in the article's original text.
    pub span: Span,
    /// 0-based index of the paragraph the sentence belongs to.
    pub paragraph: usize,
    /// The tokens in order.
    pub tokens: Vec<Token>,
    /// Normalized token forms: lowercase, accents folded, ASCII punctuation,
    /// each token followed by one space. Tokens index into it with `norm`.
    pub norm: String,
    /// The sentence is a photo credit, byline or similar boilerplate and is
    /// not coded.
    pub boilerplate: bool,
}

impl Sentence {
    /// The normalized form of token `i`.
    pub fn norm(&self, i: usize) -> &str {
        let (s, e) = self.tokens[i].norm;
        &self.norm[s as usize..e as usize]
    }

    /// The original text of token `i`, sliced from the article text.
    pub fn original<'a>(&self, text: &'a str, i: usize) -> &'a str {
        let sp = self.tokens[i].span;
        text.get(sp.start..sp.end).unwrap_or("")
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True when the sentence has no token.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}
