//! Document tone in GDELT's manner: the share of positive words minus the
//! share of negative words, times 100, from a word list derived from the
//! VADER lexicon. dyad's own measure: the word list is not GDELT's, so the
//! numbers are comparable with each other, not with GDELT's.

use std::fmt::Write as _;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// The word list built by [`build_tone_lexicon`] from VADER.
static LEXICON: &str = include_str!("../data/tone.tsv");

/// The first line of the word list.
const HEADER: &str = "# dyad tone words v1: derived from the VADER lexicon (MIT, see TONE-LICENSE); \
rebuild with `dyad build-tone --vader FILE`";

/// The smallest VADER mean valence (in absolute value) that makes a word
/// positive or negative; milder words count as neutral.
const THRESHOLD: f64 = 1.0;

/// The tone of a text.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tone {
    /// Positive share minus negative share, × 100 (−100 to 100).
    pub tone: f32,
    /// Positive words, × 100 / words.
    pub positive: f32,
    /// Negative words, × 100 / words.
    pub negative: f32,
    /// Number of words.
    pub words: u32,
}

/// Builds the word list from `vader_lexicon.txt`: the words (letters and
/// apostrophes only, no emoticons) whose mean valence reaches the
/// threshold, one per line with `+` or `-`, sorted.
pub fn build_tone_lexicon(vader: &str) -> String {
    let mut words: Vec<(String, char)> = Vec::new();
    for line in vader.lines() {
        let mut f = line.split('\t');
        let (Some(word), Some(Ok(mean))) = (f.next(), f.next().map(str::parse::<f64>)) else { continue };
        let word = word.trim();
        if word.len() < 2 || !word.chars().all(|c| c.is_ascii_lowercase() || c == '\'') {
            continue;
        }
        if mean >= THRESHOLD {
            words.push((word.to_string(), '+'));
        } else if mean <= -THRESHOLD {
            words.push((word.to_string(), '-'));
        }
    }
    words.sort();
    words.dedup_by(|a, b| a.0 == b.0);
    let mut out = String::from(HEADER);
    out.push('\n');
    for (w, s) in words {
        let _ = writeln!(out, "{w}\t{s}");
    }
    out
}

fn lexicon() -> &'static FxHashMap<&'static str, i8> {
    static L: OnceLock<FxHashMap<&'static str, i8>> = OnceLock::new();
    L.get_or_init(|| {
        LEXICON.lines().filter_map(|l| l.split_once('\t')).map(|(w, s)| (w, if s == "+" { 1 } else { -1 })).collect()
    })
}

/// The tone of a text (see [`Tone`]); 0 for a text without words.
pub fn tone(text: &str) -> Tone {
    let lex = lexicon();
    let (mut words, mut pos, mut neg) = (0u32, 0u32, 0u32);
    let mut buf = String::new();
    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '\'')).filter(|w| !w.is_empty()) {
        words += 1;
        buf.clear();
        buf.extend(w.chars().map(|c| c.to_ascii_lowercase()));
        match lex.get(buf.as_str()) {
            Some(1) => pos += 1,
            Some(_) => neg += 1,
            None => {}
        }
    }
    if words == 0 {
        return Tone::default();
    }
    let share = |n: u32| 100.0 * n as f32 / words as f32;
    Tone { tone: share(pos) - share(neg), positive: share(pos), negative: share(neg), words }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexicon_keeps_strong_words_and_drops_emoticons() {
        let vader = "good\t1.9\t0.9\t[]\n:)\t2.0\t0.1\t[]\nokay\t0.9\t0.5\t[]\nwar\t-2.9\t0.8\t[]\nbad line\n";
        let out = build_tone_lexicon(vader);
        assert_eq!(out, format!("{HEADER}\ngood\t+\nwar\t-\n"));
        assert_eq!(build_tone_lexicon(vader), out);
    }

    #[test]
    fn tone_is_the_positive_share_minus_the_negative_share() {
        let t = tone("Peace talks failed as the war killed ten people.");
        assert!(t.negative > 0.0 && t.tone < 0.0, "{t:?}");
        let t = tone("The leaders praised a fruitful and friendly agreement.");
        assert!(t.tone > 0.0, "{t:?}");
        assert_eq!(tone("").tone, 0.0);
        assert_eq!(tone("1987 12 34").words, 3);
    }
}
