//! MinHash signatures and LSH bands for near-duplicate documents.
//!
//! Wire copies, syndications, truncated reprints and re-dated copies of an
//! article share most of their word 5-shingles. A 64-value MinHash signature
//! estimates the Jaccard similarity of two documents' shingle sets; 32 bands
//! of 2 values each make documents with similarity above about 0.2 likely to
//! share a band key, so candidates are found by key lookup rather than by
//! comparing every pair. Candidates are then confirmed by the estimate:
//! Jaccard ≥ 0.5, or containment ≥ 0.8 (a short copy inside a long one).

use crate::stable_hash;

/// Values in a signature.
pub const SIGNATURE_LEN: usize = 64;
/// Values per LSH band.
pub const ROWS: usize = 2;
/// Number of LSH bands.
pub const BANDS: usize = SIGNATURE_LEN / ROWS;
/// Words per shingle.
const SHINGLE: usize = 5;

/// Similarity above which two documents are near-duplicates.
const JACCARD: f64 = 0.5;
/// Share of the shorter document found in the longer one above which it is
/// a (truncated) copy.
const CONTAINMENT: f64 = 0.8;

/// A document's MinHash signature and the number of shingles it was built from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The minimum hash of the shingles under each of the 64 hash functions.
    pub values: [u32; SIGNATURE_LEN],
    /// Number of distinct shingles (an estimate of the document's size).
    pub shingles: u32,
}

/// Multipliers (odd) and offsets of the 64 hash functions, fixed so that
/// signatures stored by one build are read by the next.
const SEEDS: [(u64, u64); SIGNATURE_LEN] = {
    let mut out = [(0u64, 0u64); SIGNATURE_LEN];
    let mut state: u64 = 0x5eed_d1ad_5eed_d1ad;
    let mut i = 0;
    while i < SIGNATURE_LEN {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let a = mix(state) | 1;
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let b = mix(state);
        out[i] = (a, b);
        i += 1;
    }
    out
};

const fn mix(mut z: u64) -> u64 {
    // splitmix64's finalizer: a good 64-bit mixer.
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Signature {
    /// The signature of a text. Words are lowercased alphanumeric runs, so
    /// punctuation, case and whitespace differences do not matter.
    pub fn of(text: &str) -> Signature {
        // Words are hashed one by one (lowercased on the fly), shingles by
        // combining five word hashes: no allocation per word or shingle.
        let mut words: Vec<u64> = Vec::with_capacity(text.len() / 6);
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut in_word = false;
        for c in text.chars() {
            if c.is_alphanumeric() {
                for l in c.to_lowercase() {
                    let mut buf = [0u8; 4];
                    for &b in l.encode_utf8(&mut buf).as_bytes() {
                        h ^= u64::from(b);
                        h = h.wrapping_mul(0x0100_0000_01b3);
                    }
                }
                in_word = true;
            } else if in_word {
                words.push(h);
                h = 0xcbf2_9ce4_8422_2325;
                in_word = false;
            }
        }
        if in_word {
            words.push(h);
        }
        let mut hashes: Vec<u64> = if words.len() < SHINGLE {
            // Short texts: the whole text is one shingle.
            if words.is_empty() {
                Vec::new()
            } else {
                vec![words.iter().fold(0u64, |acc, w| mix(acc.rotate_left(17) ^ w))]
            }
        } else {
            words.windows(SHINGLE).map(|w| w.iter().fold(0u64, |acc, w| mix(acc.rotate_left(17) ^ w))).collect()
        };
        hashes.sort_unstable();
        hashes.dedup();
        // 64 hash functions of the family (a·x + b) >> 32 with odd a.
        let mut values = [u32::MAX; SIGNATURE_LEN];
        for &x in &hashes {
            for (i, v) in values.iter_mut().enumerate() {
                let (a, b) = SEEDS[i];
                let y = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
                if y < *v {
                    *v = y;
                }
            }
        }
        Signature { values, shingles: hashes.len() as u32 }
    }

    /// The LSH band keys: documents sharing one are candidates.
    pub fn bands(&self) -> [i64; BANDS] {
        let mut out = [0i64; BANDS];
        for (b, slot) in out.iter_mut().enumerate() {
            let mut bytes = Vec::with_capacity(ROWS * 4 + 1);
            bytes.push(b as u8);
            for v in &self.values[b * ROWS..(b + 1) * ROWS] {
                bytes.extend_from_slice(&v.to_le_bytes());
            }
            *slot = (stable_hash(&bytes) >> 1) as i64;
        }
        out
    }

    /// Estimated Jaccard similarity.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        if self.shingles == 0 || other.shingles == 0 {
            return 0.0;
        }
        let same = self.values.iter().zip(&other.values).filter(|(a, b)| a == b).count();
        same as f64 / SIGNATURE_LEN as f64
    }

    /// Estimated share of the smaller document's shingles found in the other.
    pub fn containment(&self, other: &Signature) -> f64 {
        let j = self.jaccard(other);
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        if j == 0.0 || a == 0.0 || b == 0.0 {
            return 0.0;
        }
        // |A ∩ B| = J · |A ∪ B| and |A ∪ B| = (|A| + |B|) / (1 + J).
        let inter = j * (a + b) / (1.0 + j);
        (inter / a.min(b)).min(1.0)
    }

    /// Whether the two documents are near-duplicates.
    pub fn near_duplicate(&self, other: &Signature) -> bool {
        self.jaccard(other) >= JACCARD || self.containment(other) >= CONTAINMENT
    }

    /// The signature as bytes (for storage).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(SIGNATURE_LEN * 4 + 4);
        out.extend_from_slice(&self.shingles.to_le_bytes());
        for v in &self.values {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// A signature from its values and shingle count as 64-bit integers
    /// (how Spark and Parquet hold them), or what is wrong with them.
    pub fn from_ints(values: &[i64], shingles: i64) -> Result<Signature, String> {
        if values.len() != SIGNATURE_LEN {
            return Err(format!("{} signature values; a signature has {SIGNATURE_LEN}", values.len()));
        }
        let mut out = [0u32; SIGNATURE_LEN];
        for (o, &v) in out.iter_mut().zip(values) {
            *o = u32::try_from(v).map_err(|_| format!("{v} is not a signature value"))?;
        }
        let shingles = u32::try_from(shingles).map_err(|_| format!("{shingles} is not a shingle count"))?;
        Ok(Signature { values: out, shingles })
    }

    /// Reads [`Signature::to_bytes`] back; `None` if the bytes are not a signature.
    pub fn from_bytes(b: &[u8]) -> Option<Signature> {
        if b.len() != SIGNATURE_LEN * 4 + 4 {
            return None;
        }
        let word = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let mut values = [0u32; SIGNATURE_LEN];
        for (k, v) in values.iter_mut().enumerate() {
            *v = word(4 + 4 * k);
        }
        Some(Signature { values, shingles: word(0) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "CARACAS - The first of five Iranian tankers carrying gasoline entered Venezuelan waters on Saturday \
        night, escorted by navy ships and aircraft of the Venezuelan armed forces. The Fortune, which left the port of Bandar \
        Abbas in late April, was expected to dock at the El Palito refinery on Monday. Venezuela has suffered months of fuel \
        shortages as its refineries, hit by years of underinvestment and by US sanctions, have all but stopped working. \
        Officials in Tehran said the shipments were legitimate trade between two sovereign states. The United States had \
        warned shippers that cargoes of Iranian fuel could be seized.";

    #[test]
    fn copies_and_reprints_are_near_duplicates() {
        let a = Signature::of(ARTICLE);
        let retitled = format!("PUERTO CABELLO, Venezuela (Andes Post) - {}", &ARTICLE[12..]);
        assert!(a.near_duplicate(&Signature::of(&retitled)));
        // A truncated reprint: the first three sentences only.
        let cut: String = ARTICLE.split(". ").take(3).collect::<Vec<_>>().join(". ");
        let c = Signature::of(&cut);
        assert!(a.near_duplicate(&c), "containment {}", a.containment(&c));
    }

    #[test]
    fn different_articles_are_not() {
        let other = "Russian forces launched a large-scale invasion of Ukraine on Thursday, with missile strikes on \
            cities across the country and columns of troops crossing the border from Belarus, officials in Kyiv said.";
        let a = Signature::of(ARTICLE);
        let b = Signature::of(other);
        assert!(!a.near_duplicate(&b));
        assert!(a.jaccard(&b) < 0.1);
    }

    #[test]
    fn near_duplicates_share_a_band_and_bytes_round_trip() {
        let a = Signature::of(ARTICLE);
        let b = Signature::of(&ARTICLE.replace("Saturday", "Sunday"));
        let shared = a.bands().iter().zip(b.bands()).filter(|(x, y)| **x == *y).count();
        assert!(shared > 0);
        assert_eq!(Signature::from_bytes(&a.to_bytes()), Some(a));
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
    }
}
