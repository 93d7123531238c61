//! Stable feature hashing, and the seeded generator training draws from.
//!
//! Feature keys must be the same on every machine and in every build, since
//! they are written into the model file: no `std` hasher (randomly seeded) and
//! no third-party hasher whose output may change between versions. Strings are
//! hashed with FNV-1a and combined with a multiply-xorshift mixer.

/// FNV-1a over bytes.
pub(crate) fn str_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Combines a running key with one more value.
#[inline]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    let mut x = a ^ b.wrapping_add(0x9e37_79b9_7f4a_7c15).wrapping_add(a << 6).wrapping_add(a >> 2);
    x ^= x >> 31;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 29;
    x
}

/// The key of a feature template `t` over values `vs`.
#[inline]
pub(crate) fn key(t: u64, vs: &[u64]) -> u64 {
    let mut h = mix(0x5bd1_e995, t);
    for &v in vs {
        h = mix(h, v);
    }
    h
}

/// The training generator: shuffling and exploration draw from it, so the
/// same seed gives the same model. Its stream is pinned by a test below.
pub(crate) use dyad_types::SplitMix64 as Rng;

/// Test sentences from the words of `text`: its slices of every length,
/// every other one shuffled, `rounds` of them.
#[cfg(test)]
pub(crate) fn test_sentences(text: &str, seed: u64, rounds: usize) -> Vec<Vec<&str>> {
    let all: Vec<&str> = text.split_whitespace().collect();
    let mut rng = Rng::new(seed);
    (0..rounds)
        .map(|round| {
            let mut words = all[..1 + round % all.len()].to_vec();
            if round % 2 == 1 {
                rng.shuffle(&mut words);
            }
            words
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable() {
        // Pinned values: a change here invalidates every shipped model.
        assert_eq!(str_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(str_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(key(1, &[2, 3]), key(1, &[2, 3]));
        assert_ne!(key(1, &[2, 3]), key(1, &[3, 2]));
        assert_ne!(key(1, &[2]), key(2, &[2]));
    }

    /// The first draw for seed 7 of the generator the shipped model was
    /// trained with (this crate's own copy of SplitMix64 until it used the
    /// shared one).
    const PINNED: u64 = 0xc13a_5e12_2c6c_4d0f;

    #[test]
    fn the_training_stream_is_pinned() {
        // A change here changes every model trained from the same seed.
        let mut r = Rng::new(7);
        let first: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        let mut again = Rng::new(7);
        assert_eq!(first, (0..3).map(|_| again.next_u64()).collect::<Vec<_>>());
        assert_eq!(first[0], PINNED);
    }
}
