//! The raw tokenizer: a single forward scan over the article text.
//!
//! It never allocates per token: it yields [`RawToken`]s (byte ranges plus a
//! kind and the whitespace that preceded them); the splitter writes their
//! normalized forms into the sentence's buffer.

use dyad_types::TokenKind;

/// Words longer than this are not words (URLs, base64, runs of junk).
const MAX_WORD: usize = 64;

/// Abbreviations whose period belongs to the word (`Mr.`, `Gen.`, `Sept.`).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "cmdr", "adm", "maj", "sgt", "cpl", "brig", "sen",
    "rep", "gov", "pres", "st", "mt", "ft", "rev", "hon", "jr", "sr", "messrs", "vs", "etc", "inc", "corp", "ltd",
    "co", "no", "nos", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx",
    "est", "dept", "univ", "assn", "bros", "fig", "al", "e.g", "i.e", "u.s", "u.n", "u.k", "u.s.a", "e.u", "a.m",
    "p.m",
];

/// One token as found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawToken {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: TokenKind,
    /// Number of line breaks in the whitespace before the token.
    pub(crate) newlines: u32,
    /// The token starts a line indented by two or more spaces or a tab
    /// (paragraph starts in wire copy).
    pub(crate) indented: bool,
    /// Any whitespace before the token.
    pub(crate) space_before: bool,
}

/// Iterator over the raw tokens of a text.
pub(crate) struct RawTokens<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> RawTokens<'a> {
    pub(crate) fn new(text: &'a str) -> RawTokens<'a> {
        RawTokens { text, pos: 0 }
    }

    /// Byte offset of the next unread character.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}')
}

impl Iterator for RawTokens<'_> {
    type Item = RawToken;

    fn next(&mut self) -> Option<RawToken> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut newlines = 0u32;
        let mut indent = 0u32;
        let mut space_before = false;
        // Skip whitespace, remembering line breaks and indentation.
        loop {
            let c = char_at(text, self.pos)?;
            if c == '\n' {
                newlines += 1;
                indent = 0;
            } else if c == '\t' {
                indent += 2;
            } else if c.is_whitespace() || c == '\u{feff}' || c == '\u{00ad}' || c == '\u{200b}' {
                indent += 1;
            } else if c == '\\' && bytes.get(self.pos + 1) == Some(&b'$') {
                // A stray backslash escaping a dollar sign (`\$3 billion`),
                // common in text converted from Markdown or LaTeX.
            } else {
                break;
            }
            space_before = true;
            self.pos += c.len_utf8();
        }
        let start = self.pos;
        let c = char_at(text, start)?;
        let indented = newlines > 0 && indent >= 2;
        let (end, kind) = if c.is_ascii_digit() {
            (scan_number(text, start), TokenKind::Number)
        } else if is_word_char(c) {
            scan_word(text, start)
        } else if is_apostrophe(c) {
            scan_apostrophe(text, start)
        } else if matches!(c, '$' | '€' | '£' | '¥' | '₹' | '₽') {
            (start + c.len_utf8(), TokenKind::Currency)
        } else if c == '.' && text[start..].starts_with("...") {
            (start + 3, TokenKind::Punct)
        } else if c == '-' && text[start..].starts_with("--") {
            let n = text[start..].bytes().take_while(|&b| b == b'-').count();
            (start + n, TokenKind::Punct)
        } else {
            (start + c.len_utf8(), TokenKind::Punct)
        };
        self.pos = end;
        Some(RawToken { start, end, kind, newlines, indented, space_before })
    }
}

fn char_at(text: &str, pos: usize) -> Option<char> {
    // An ASCII byte is a whole character (a byte inside a multi-byte
    // character never is ASCII).
    match text.as_bytes().get(pos) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => text.get(pos..)?.chars().next(),
    }
}

fn scan_number(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let mut i = start;
    while i < b.len() {
        let separator = (b[i] == b',' || b[i] == b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        if b[i].is_ascii_digit() || separator {
            i += 1;
        } else {
            break;
        }
    }
    // Ordinals and units glued to numbers (`1st`, `20th`, `5bn`, `10m`) stay one token.
    let mut j = i;
    while j < b.len() && b[j].is_ascii_alphabetic() && j - i < 3 {
        j += 1;
    }
    if j > i && !b.get(j).is_some_and(|c| c.is_ascii_alphanumeric()) {
        let suffix = text[i..j].to_ascii_lowercase();
        if matches!(suffix.as_str(), "st" | "nd" | "rd" | "th" | "bn" | "m" | "mn" | "k" | "b" | "tn" | "bln" | "mln") {
            return j;
        }
    }
    i
}

fn scan_word(text: &str, start: usize) -> (usize, TokenKind) {
    let rest = &text[start..];
    // ASCII letters and digits first, a byte at a time; the loop below
    // would only have taken them one by one.
    let ascii = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let mut end = start + ascii;
    for (off, c) in rest[ascii..].char_indices() {
        let off = off + ascii;
        if is_word_char(c) || c.is_ascii_digit() {
            end = start + off + c.len_utf8();
            continue;
        }
        // Internal apostrophe: `O'Brien`, `don't` — but `Iran's` splits off `'s`.
        if is_apostrophe(c) {
            let after = &rest[off + c.len_utf8()..];
            let mut ac = after.chars();
            let next = ac.next();
            let next2 = ac.next();
            let is_possessive = matches!(next, Some('s' | 'S')) && !next2.is_some_and(is_word_char);
            if next.is_some_and(is_word_char) && !is_possessive {
                // `n't` is kept inside the word: `didn't`.
                end = start + off + c.len_utf8();
                continue;
            }
            break;
        }
        // Dotted abbreviations: `U.S.`, `U.N.`, `a.m.`.
        if c == '.' {
            let word = &text[start..end];
            let after = &rest[off + 1..];
            let next = after.chars().next();
            let single_letters = word.split('.').all(|p| p.chars().count() == 1);
            if single_letters && next.is_some_and(char::is_alphabetic) {
                let next2 = after.chars().nth(1);
                if next2 == Some('.') {
                    end = start + off + 1;
                    continue;
                }
            }
            if single_letters && word.contains('.') {
                // The closing period of `U.S.`.
                end = start + off + 1;
                break;
            }
            let lower = word.to_ascii_lowercase();
            let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            if is_initial || ABBREVIATIONS.contains(&lower.as_str()) {
                end = start + off + 1;
            }
            break;
        }
        break;
    }
    let len = end - start;
    if len > MAX_WORD {
        // Not a word: swallow the rest of the run so it becomes one junk token.
        let stop = rest.find(char::is_whitespace).map_or(text.len(), |i| start + i);
        return (stop.max(end), TokenKind::Other);
    }
    // URLs and e-mail addresses are one junk token.
    let tail = &text[end..];
    if tail.starts_with("://") || (tail.starts_with('@') && tail[1..].starts_with(char::is_alphanumeric)) {
        let stop = tail.find(char::is_whitespace).map_or(text.len(), |i| end + i);
        return (stop, TokenKind::Other);
    }
    (end, TokenKind::Word)
}

fn scan_apostrophe(text: &str, start: usize) -> (usize, TokenKind) {
    let c = char_at(text, start).unwrap_or('\'');
    let after = start + c.len_utf8();
    let mut rest = text[after..].chars();
    let next = rest.next();
    let next2 = rest.next();
    if matches!(next, Some('s' | 'S')) && !next2.is_some_and(is_word_char) {
        return (after + 1, TokenKind::Possessive);
    }
    (after, TokenKind::Punct)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        RawTokens::new(s).map(|t| &s[t.start..t.end]).collect()
    }

    #[test]
    fn splits_words_numbers_and_punctuation() {
        assert_eq!(
            toks("Iran's navy sent 1.53 million barrels ($3.5bn) to the U.S. on May 3."),
            [
                "Iran", "'s", "navy", "sent", "1.53", "million", "barrels", "(", "$", "3.5bn", ")", "to", "the",
                "U.S.", "on", "May", "3", "."
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_and_contractions() {
        assert_eq!(toks("Mr. Smith didn't go."), ["Mr.", "Smith", "didn't", "go", "."]);
        assert_eq!(toks("G. Kozak"), ["G.", "Kozak"]);
        assert_eq!(toks("countries' ties"), ["countries", "'", "ties"]);
        assert_eq!(toks("Iran’s"), ["Iran", "’s"]);
    }

    #[test]
    fn skips_latex_dollar_escape_and_junk() {
        assert_eq!(toks(r"\$3 billion"), ["$", "3", "billion"]);
        assert_eq!(toks("see https://x.example/a?b=c now"), ["see", "https://x.example/a?b=c", "now"]);
        let long = "a".repeat(200);
        let t: Vec<_> = RawTokens::new(&long).collect();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].kind, TokenKind::Other);
    }

    #[test]
    fn records_line_breaks() {
        let t: Vec<_> = RawTokens::new("a\n\n  b").collect();
        assert_eq!(t[1].newlines, 2);
        assert!(t[1].indented);
    }
}
