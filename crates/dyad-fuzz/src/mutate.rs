//! A small structure-aware mutator driven by a seeded [`SplitMix64`], so the
//! stable run is the same on every machine: from a valid seed it flips,
//! inserts and deletes bytes, repeats ranges (deep nesting, long runs),
//! splices in the target's tokens and other seeds, and truncates.

use dyad_types::SplitMix64;

/// Bytes that often break parsers whatever the format.
const COMMON: &[&str] = &[
    "\0",
    "\r\n",
    "\r\n\r\n",
    "\n\n",
    "\u{feff}",
    "\u{fffd}",
    "é",
    "日本",
    "\u{200b}",
    "\u{202e}",
    "🇮🇷",
    "\"",
    "\\",
    "'",
    "<",
    ">",
    "&",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "]]>",
    "{",
    "}",
    "[",
    "]",
    "-1",
    "0",
    "99999999999999999999",
    "1e308",
    "NaN",
    "%",
    "~",
    "*",
    "+",
    "#",
    "---",
    "\t",
    "  ",
];

/// One input of a run: a mutation of one of `seeds`, splicing in `tokens`.
pub fn mutate(rng: &mut SplitMix64, seeds: &[Vec<u8>], tokens: &[&str]) -> Vec<u8> {
    let pick = |rng: &mut SplitMix64, n: usize| if n == 0 { 0 } else { (rng.next_u64() % n as u64) as usize };
    // Now and then, bytes with no structure at all.
    if rng.next_u64().is_multiple_of(16) || seeds.is_empty() {
        let n = pick(rng, 512);
        return (0..n).map(|_| rng.next_u64() as u8).collect();
    }
    let mut data = seeds[pick(rng, seeds.len())].clone();
    let rounds = 1 + pick(rng, 8);
    for _ in 0..rounds {
        let len = data.len();
        let at = pick(rng, len + 1);
        match rng.next_u64() % 9 {
            0 if len > 0 => {
                let i = pick(rng, len);
                data[i] ^= 1 << pick(rng, 8);
            }
            1 => data.insert(at, rng.next_u64() as u8),
            2 if len > 0 => {
                let end = (at + 1 + pick(rng, 64)).min(len);
                data.drain(at.min(end)..end);
            }
            3 if len > 0 => {
                // Repeat a short range many times: nesting, long words.
                let start = pick(rng, len);
                let end = (start + 1 + pick(rng, 32)).min(len);
                let piece = data[start..end].to_vec();
                let times = 1 + pick(rng, 200);
                let mut more = Vec::with_capacity(piece.len() * times);
                for _ in 0..times {
                    more.extend_from_slice(&piece);
                }
                data.splice(end..end, more);
            }
            4 | 5 if !tokens.is_empty() => {
                let t = tokens[pick(rng, tokens.len())].as_bytes();
                data.splice(at..at, t.iter().copied());
            }
            6 => {
                let t = COMMON[pick(rng, COMMON.len())].as_bytes();
                data.splice(at..at, t.iter().copied());
            }
            7 => data.truncate(at),
            _ => {
                let other = &seeds[pick(rng, seeds.len())];
                let from = pick(rng, other.len() + 1);
                data.splice(at..at, other[from..].iter().copied());
            }
        }
    }
    data.truncate(64 << 10);
    data
}
