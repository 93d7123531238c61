//! The words of a full-text search, as the store runs them.
//!
//! A search is an AND of quoted words over SQLite FTS5, ranked. Its cost
//! grows with the number of terms and with how many documents hold each:
//! `the the the …` (a hundred times) ranks every document a hundred times
//! over. So words are folded to lower case and repeats collapsed, common
//! English words (which nearly every document holds, and which narrow an AND
//! of content words by almost nothing) are dropped, and a search keeps at
//! most [`MAX_SEARCH_WORDS`] words. What cannot run within that bound is
//! refused with a [`SearchRefusal`] that says why, instead of running long.

/// Most distinct words (after dropping common ones) in one search.
pub const MAX_SEARCH_WORDS: usize = 8;

/// Common English words a search leaves out.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
    "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "i", "if", "in", "into",
    "is", "it", "its", "may", "more", "no", "not", "of", "on", "one", "or", "our", "she", "so", "some", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "up", "was", "we", "were", "what",
    "when", "which", "who", "will", "with", "would", "you",
];

/// Why a search was not run.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SearchRefusal {
    /// No letters or digits at all.
    NoWords,
    /// Only common words (`the`, `of`…), which nearly every document holds.
    OnlyCommonWords,
    /// More distinct words than [`MAX_SEARCH_WORDS`].
    TooManyWords(usize),
}

impl std::fmt::Display for SearchRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchRefusal::NoWords => f.write_str("no words to search: use letters or digits"),
            SearchRefusal::OnlyCommonWords => {
                f.write_str("only common words (the, of, and…), which nearly every document holds: add a rarer word")
            }
            SearchRefusal::TooManyWords(n) => write!(
                f,
                "{n} distinct words; a search takes at most {MAX_SEARCH_WORDS} (repeats and common words such as \
                 `the` are not counted)"
            ),
        }
    }
}

/// The distinct, uncommon, lower-cased words of `query`, in first-seen order,
/// or why it would not run. Never more than [`MAX_SEARCH_WORDS`].
pub fn search_words(query: &str) -> Result<Vec<String>, SearchRefusal> {
    let mut words: Vec<String> = Vec::new();
    let mut any = false;
    for w in query.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        any = true;
        let w = w.to_lowercase();
        if STOP_WORDS.binary_search(&w.as_str()).is_err() && !words.contains(&w) {
            words.push(w);
        }
    }
    match words.len() {
        0 if any => Err(SearchRefusal::OnlyCommonWords),
        0 => Err(SearchRefusal::NoWords),
        n if n > MAX_SEARCH_WORDS => Err(SearchRefusal::TooManyWords(n)),
        _ => Ok(words),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query: &str, expected: Result<&[&str], SearchRefusal>) {
        let got = search_words(query);
        let expected = expected.map(|w| w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(got, expected, "{query:?}");
    }

    #[test]
    fn the_stop_list_is_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn repeats_fold_case_and_common_words_drop() {
        check("Iran iran IRAN tankers", Ok(&["iran", "tankers"]));
        check("the tankers of Iran", Ok(&["tankers", "iran"]));
        check(&"the ".repeat(50), Err(SearchRefusal::OnlyCommonWords));
        check("\"unbalanced AND (", Ok(&["unbalanced"]));
        check("\" ( ) -", Err(SearchRefusal::NoWords));
        check("a b c d e f g h i", Ok(&["b", "c", "d", "e", "f", "g", "h"]));
        check("one1 two2 three3 four4 five5 six6 seven7 eight8 nine9", Err(SearchRefusal::TooManyWords(9)));
        check(&"oil ".repeat(50), Ok(&["oil"]));
    }
}
