//! Sentence splitting over the raw token stream.
//!
//! Sentences are produced lazily, one at a time, so memory stays bounded by
//! the longest sentence (which is itself capped) whatever the document size.

use std::collections::VecDeque;

use dyad_types::{Sentence, Span, Token, TokenKind};
use unicode_normalization::UnicodeNormalization;

use crate::tokenize::{RawToken, RawTokens};

/// A sentence longer than this is cut at the next comma or semicolon.
const SOFT_MAX_TOKENS: usize = 200;
/// A sentence longer than this is cut wherever it is.
const HARD_MAX_TOKENS: usize = 400;

/// Titles whose period never ends a sentence.
const TITLES: &[&str] = &[
    "mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "lt.", "col.", "capt.", "cmdr.", "adm.", "maj.", "sgt.", "cpl.",
    "brig.", "sen.", "rep.", "gov.", "pres.", "st.", "mt.", "rev.", "hon.", "messrs.", "no.", "nos.", "fig.", "vs.",
];

/// Words that, capitalised after an abbreviation such as `U.S.`, start a new
/// sentence rather than continue a name (`… against the U.S. The move …`).
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "in",
    "on",
    "at",
    "but",
    "and",
    "this",
    "that",
    "these",
    "those",
    "however",
    "meanwhile",
    "its",
    "his",
    "her",
    "their",
    "our",
    "there",
    "after",
    "before",
    "when",
    "while",
    "as",
    "if",
    "since",
    "for",
    "both",
    "some",
    "many",
    "last",
    "earlier",
    "later",
    "also",
    "still",
    "yet",
    "so",
    "then",
    "officials",
    "analysts",
];

/// Iterator over the sentences of a text. Create it with [`sentences`].
pub struct Sentences<'a> {
    text: &'a str,
    raw: RawTokens<'a>,
    ahead: VecDeque<RawToken>,
    index: usize,
    paragraph: usize,
}

/// Splits `text` into sentences of normalized tokens.
///
/// ```
/// let text = "Iran sent fuel to the U.S. Navy's dismay. Mr. Maduro thanked Tehran.";
/// let s: Vec<_> = dyad_text::sentences(text).collect();
/// assert_eq!(s.len(), 2);
/// assert_eq!(&text[s[1].span.start..s[1].span.end], "Mr. Maduro thanked Tehran.");
/// ```
pub fn sentences(text: &str) -> Sentences<'_> {
    Sentences { text, raw: RawTokens::new(text), ahead: VecDeque::with_capacity(4), index: 0, paragraph: 0 }
}

impl<'a> Sentences<'a> {
    /// Byte offset up to which the text has been read.
    pub fn position(&self) -> usize {
        self.ahead.front().map_or(self.raw.position(), |t| t.start)
    }

    fn peek(&mut self, n: usize) -> Option<RawToken> {
        while self.ahead.len() <= n {
            let t = self.raw.next()?;
            self.ahead.push_back(t);
        }
        self.ahead.get(n).copied()
    }

    fn pop(&mut self) -> Option<RawToken> {
        if let Some(t) = self.ahead.pop_front() {
            return Some(t);
        }
        self.raw.next()
    }

    fn slice(&self, t: &RawToken) -> &'a str {
        let text: &'a str = self.text;
        &text[t.start..t.end]
    }

    fn first_char(&self, t: &RawToken) -> char {
        self.slice(t).chars().next().unwrap_or(' ')
    }

    fn is_paragraph_break(t: &RawToken) -> bool {
        t.newlines >= 2 || (t.newlines >= 1 && t.indented)
    }
}

impl Iterator for Sentences<'_> {
    type Item = Sentence;

    fn next(&mut self) -> Option<Sentence> {
        let mut s = Sentence::default();
        // Room for a typical news sentence: growing from empty took about
        // seven reallocations per sentence (tokens and normalized text).
        s.tokens.reserve(16);
        s.norm.reserve(128);
        if self.index > 0 && self.peek(0).is_some_and(|t| Self::is_paragraph_break(&t)) {
            self.paragraph += 1;
        }
        while let Some(t) = self.peek(0) {
            if !s.tokens.is_empty() && Self::is_paragraph_break(&t) && !self.joins_across_break(&s, &t) {
                break;
            }
            self.pop();
            // A word hyphenated across a line break: `Vene-\n\nzuelan`.
            if t.kind == TokenKind::Punct && self.slice(&t) == "-" && !t.space_before {
                if let (Some(last), Some(n)) = (s.tokens.last(), self.peek(0)) {
                    if last.kind == TokenKind::Word
                        && n.newlines > 0
                        && n.kind == TokenKind::Word
                        && self.first_char(&n).is_lowercase()
                    {
                        self.pop();
                        self.extend_last(&mut s, &n);
                        continue;
                    }
                }
            }
            self.push(&mut s, &t);
            if self.ends_sentence(&mut s, &t) {
                break;
            }
            let len = s.tokens.len();
            if len >= HARD_MAX_TOKENS || (len >= SOFT_MAX_TOKENS && matches!(self.slice(&t), "," | ";" | ":")) {
                break;
            }
        }
        if s.tokens.is_empty() {
            return None;
        }
        s.index = self.index;
        s.paragraph = self.paragraph;
        self.index += 1;
        let first = s.tokens[0].span.start;
        let last = s.tokens[s.tokens.len() - 1].span.end;
        s.span = Span::new(first, last);
        s.boilerplate = is_boilerplate(self.text, &s);
        Some(s)
    }
}

impl Sentences<'_> {
    /// Whether a paragraph break (blank line, indented line) falls inside a
    /// sentence, as in text extracted from PDFs or page layouts.
    fn joins_across_break(&self, s: &Sentence, next: &RawToken) -> bool {
        let last = s.tokens.len() - 1;
        let last_norm = s.norm(last);
        if matches!(last_norm, "," | "-" | "(" | "\"") && last_norm != "\"" {
            return true;
        }
        // A lowercase word after a break continues the sentence unless the
        // previous line ended with terminal punctuation.
        next.kind == TokenKind::Word
            && self.first_char(next).is_lowercase()
            && !matches!(last_norm, "." | "!" | "?" | ":")
    }

    fn ends_sentence(&mut self, s: &mut Sentence, t: &RawToken) -> bool {
        let tok = self.slice(t);
        let terminal = matches!(tok, "." | "!" | "?" | "..." | "\u{2026}");
        let abbreviation = t.kind == TokenKind::Word && tok.ends_with('.');
        if !terminal && !abbreviation {
            return false;
        }
        // Closing quotes and brackets glued to the terminator belong to this sentence.
        if terminal {
            while let Some(n) = self.peek(0) {
                let c = self.slice(&n);
                if !n.space_before && matches!(c, "\"" | "\u{201d}" | "\u{2019}" | "'" | ")" | "]" | "\u{bb}") {
                    self.pop();
                    self.push(s, &n);
                } else {
                    break;
                }
            }
        }
        let Some(next) = self.peek(0) else { return true };
        if Self::is_paragraph_break(&next) {
            return true;
        }
        let c = self.first_char(&next);
        if terminal {
            if tok == "." || tok == "..." || tok == "\u{2026}" {
                return c.is_uppercase()
                    || c.is_ascii_digit()
                    || matches!(c, '"' | '\u{201c}' | '\u{2018}' | '(' | '[' | '\'')
                    || (next.newlines > 0 && !c.is_lowercase());
            }
            // `!` and `?`: a lowercase continuation is a quoted question.
            return !c.is_lowercase();
        }
        // An abbreviation's period ends the sentence only before a word that
        // typically starts one (`… the U.S. The …`).
        let lower = tok.to_lowercase();
        if TITLES.contains(&lower.as_str()) {
            return false;
        }
        if !c.is_uppercase() {
            return false;
        }
        let next_word = self.slice(&next).to_lowercase();
        SENTENCE_STARTERS.contains(&next_word.as_str())
    }

    fn push(&self, s: &mut Sentence, t: &RawToken) {
        let raw = self.slice(t);
        let start = s.norm.len() as u32;
        let mut kind = t.kind;
        match t.kind {
            TokenKind::Word => push_word(&mut s.norm, raw),
            TokenKind::Number => {
                for c in raw.chars().filter(|&c| c != ',') {
                    s.norm.push(c.to_ascii_lowercase());
                }
            }
            TokenKind::Possessive => s.norm.push_str("'s"),
            TokenKind::Currency => s.norm.push_str(raw),
            TokenKind::Punct => {
                let c = raw.chars().next().unwrap_or(' ');
                let folded = match c {
                    '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{ab}' | '\u{bb}' | '\u{2033}' => '"',
                    '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' | '`' => '\'',
                    '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
                    '\u{2026}' => '.',
                    _ => c,
                };
                // `countries'` — a bare apostrophe glued to a plural is possessive.
                let prev_is_plural = s
                    .tokens
                    .last()
                    .is_some_and(|p| p.kind == TokenKind::Word && self.text[..p.span.end].ends_with('s'));
                if folded == '\'' && !t.space_before && prev_is_plural {
                    kind = TokenKind::Possessive;
                    s.norm.push_str("'s");
                } else if raw.len() > 1 && raw.chars().all(|c| c == '-') {
                    s.norm.push('-');
                } else if raw == "..." {
                    s.norm.push_str("...");
                } else {
                    s.norm.push(folded);
                }
            }
            TokenKind::Other => {}
        }
        let end = s.norm.len() as u32;
        s.norm.push(' ');
        let capitalized = raw.chars().next().is_some_and(char::is_uppercase);
        s.tokens.push(Token {
            span: Span::new(t.start, t.end),
            norm: (start, end),
            kind,
            capitalized,
            space_before: t.space_before,
        });
    }

    /// Appends the second half of a line-break-hyphenated word to the last token.
    fn extend_last(&self, s: &mut Sentence, n: &RawToken) {
        let Some(last) = s.tokens.last_mut() else { return };
        // Drop the space that followed the first half.
        s.norm.pop();
        push_word(&mut s.norm, &self.text[n.start..n.end]);
        last.norm.1 = s.norm.len() as u32;
        last.span.end = n.end;
        s.norm.push(' ');
    }
}

/// Appends the normalized form of a word: lowercase, accents removed,
/// compatibility characters folded (`ﬁ` → `fi`), curly apostrophes straightened.
fn push_word(out: &mut String, raw: &str) {
    if raw.is_ascii() {
        // Bytes, not chars: no UTF-8 encoding per character.
        let start = out.len();
        out.push_str(raw);
        out[start..].make_ascii_lowercase();
        return;
    }
    for c in raw.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' => out.push('\''),
            'ß' => out.push_str("ss"),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' => out.push('d'),
            'ł' | 'Ł' => out.push('l'),
            'ı' => out.push('i'),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            _ => out.extend(c.to_lowercase()),
        }
    }
}

/// Photo credits (`YURI CORTEZ/AFP`, `TASNIM`) and bylines (`By Jane Doe`)
/// are kept out of the coded text.
fn is_boilerplate(text: &str, s: &Sentence) -> bool {
    let n = s.tokens.len();
    if n > 8 {
        return false;
    }
    let words: Vec<&str> =
        s.tokens.iter().filter(|t| t.kind == TokenKind::Word).map(|t| &text[t.span.start..t.span.end]).collect();
    if words.is_empty() {
        return true;
    }
    let all_caps = words.iter().all(|w| w.chars().count() >= 2 && !w.chars().any(char::is_lowercase));
    let has_slash = (0..n).any(|i| s.norm(i) == "/");
    if all_caps && (has_slash || words.len() <= 3) {
        return true;
    }
    let first = s.norm(0);
    if matches!(first, "photo" | "credit" | "credits" | "image" | "file") && (1..n).any(|i| s.norm(i) == ":") {
        return true;
    }
    first == "by" && words.len() <= 5 && words[1..].iter().all(|w| w.starts_with(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each sentence's original text, or `[credit]` for boilerplate.
    fn check(text: &str, expected: &[&str]) {
        let got: Vec<String> = sentences(text)
            .map(|s| if s.boilerplate { "[credit]".to_string() } else { crate::sentence_text(text, &s) })
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn survives_abbreviations_money_and_quotes() {
        check(
            "The U.S. Navy did not stop the cargo. Mr. Maduro thanked Iran for $3.5 billion in aid. \
             \"We keep moving forward.\" He said so.",
            &[
                "The U.S. Navy did not stop the cargo.",
                "Mr. Maduro thanked Iran for $3.5 billion in aid.",
                "\"We keep moving forward.\"",
                "He said so.",
            ],
        );
    }

    #[test]
    fn abbreviation_can_end_a_sentence() {
        check("Iran defied the U.S. The tankers arrived.", &["Iran defied the U.S.", "The tankers arrived."]);
    }

    #[test]
    fn joins_pdf_line_breaks_and_hyphenation() {
        check(
            "Iranians planned to build a naval base in Vene-\n\nzuelan ports. Unlike others, for Iran,\n\nMaduro was the president.",
            &["Iranians planned to build a naval base in Venezuelan ports.", "Unlike others, for Iran, Maduro was the president."],
        );
    }

    #[test]
    fn headlines_and_credits_are_separate() {
        check(
            "Further cooperation\n\nSince August 2023, flights began. People pay for groceries in Caracas. ALEX VASQUEZ/BLOOMBERG\n\nNext part",
            &["Further cooperation", "Since August 2023, flights began.", "People pay for groceries in Caracas.", "[credit]", "Next part"],
        );
    }

    #[test]
    fn wire_copy_wraps_lines_without_breaking_sentences() {
        check(
            "Showers continued throughout the week in\nthe Bahia cocoa zone, officials said.\n    The dry period means the harvest will be late.",
            &["Showers continued throughout the week in the Bahia cocoa zone, officials said.", "The dry period means the harvest will be late."],
        );
    }

    #[test]
    fn paragraph_indices_advance() {
        let s: Vec<_> = sentences("One. Two.\n\nThree.").collect();
        assert_eq!(s.iter().map(|s| s.paragraph).collect::<Vec<_>>(), [0, 0, 1]);
        assert_eq!(s.iter().map(|s| s.index).collect::<Vec<_>>(), [0, 1, 2]);
    }

    #[test]
    fn normalizes_case_accents_and_punctuation() {
        let s = sentences("Nicolás Maduro’s “deal” — done").next().unwrap();
        let norms: Vec<&str> = (0..s.len()).map(|i| s.norm(i)).collect();
        assert_eq!(norms, ["nicolas", "maduro", "'s", "\"", "deal", "\"", "-", "done"]);
    }

    #[test]
    fn huge_unbroken_input_is_cut() {
        let text = "word ".repeat(10_000);
        let s: Vec<_> = sentences(&text).collect();
        assert!(s.iter().all(|s| s.len() <= HARD_MAX_TOKENS));
        assert_eq!(s.iter().map(|s| s.len()).sum::<usize>(), 10_000);
    }
}
