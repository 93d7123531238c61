//! The averaged perceptron: a trainer with sparse per-feature weights, and the
//! frozen, quantised model that tagging and parsing run on.
//!
//! Features are 64-bit keys (see `hash.rs`). While training, each key holds the
//! few classes it has ever been updated for, with the running sums that give
//! the averaged weights (Collins 2002; the lazy-update trick of Daumé). The
//! frozen model keeps 32-bit keys in an open-addressed table pointing into flat
//! arrays of `(class, i16 weight)`: a feature costs one probe and a short run
//! of adds, and the whole model is a few megabytes.

use rustc_hash::FxHashMap;

use crate::model::{ModelError, Reader};

#[derive(Clone, Copy, Debug)]
struct Param {
    class: u16,
    w: f32,
    total: f64,
    stamp: u64,
}

/// Weights being learned.
#[derive(Debug)]
pub(crate) struct Trainer {
    n_classes: usize,
    weights: FxHashMap<u64, Vec<Param>>,
    step: u64,
}

impl Trainer {
    pub(crate) fn new(n_classes: usize) -> Trainer {
        Trainer { n_classes, weights: FxHashMap::default(), step: 1 }
    }

    /// Adds the current weights of `feats` into `scores` (one per class).
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(ps) = self.weights.get(f) {
                for p in ps {
                    scores[p.class as usize] += p.w;
                }
            }
        }
    }

    /// One perceptron update: `truth` up, `guess` down, for every feature.
    pub(crate) fn update(&mut self, truth: usize, guess: usize, feats: &[u64]) {
        self.step += 1;
        if truth == guess {
            return;
        }
        let step = self.step;
        for &f in feats {
            let ps = self.weights.entry(f).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                let p = match ps.iter_mut().find(|p| p.class as usize == class) {
                    Some(p) => p,
                    None => {
                        ps.push(Param { class: class as u16, w: 0.0, total: 0.0, stamp: step });
                        let last = ps.len() - 1;
                        &mut ps[last]
                    }
                };
                p.total += (step - p.stamp) as f64 * f64::from(p.w);
                p.stamp = step;
                p.w += delta;
            }
        }
    }

    /// Counts one more example without an update (keeps the averages right).
    pub(crate) fn tick(&mut self) {
        self.step += 1;
    }

    /// Averages and quantises the weights (see [`Frozen::pruned`] to drop
    /// the small ones).
    pub(crate) fn freeze(&self) -> Frozen {
        let step = self.step as f64;
        let mut feats: Vec<(u32, Vec<(u8, f32)>)> = Vec::with_capacity(self.weights.len());
        let mut max = 0f32;
        // Fold 64-bit keys to 32 bits; colliding features share weights, as in
        // any hashed model.
        let mut folded: FxHashMap<u32, Vec<(u8, f32)>> = FxHashMap::default();
        for (&k, ps) in &self.weights {
            let fk = fold(k);
            let e = folded.entry(fk).or_default();
            for p in ps {
                let avg = ((p.total + (step - p.stamp as f64) * f64::from(p.w)) / step) as f32;
                if avg == 0.0 {
                    continue;
                }
                match e.iter_mut().find(|(c, _)| u16::from(*c) == p.class) {
                    Some(x) => x.1 += avg,
                    None => e.push((p.class as u8, avg)),
                }
            }
        }
        for (k, mut v) in folded {
            v.sort_by_key(|x| x.0);
            for x in &v {
                max = max.max(x.1.abs());
            }
            feats.push((k, v));
        }
        feats.sort_by_key(|x| x.0);
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut b = FrozenBuilder::default();
        for (k, v) in feats {
            let kept: Vec<(u8, i16)> = v
                .into_iter()
                .map(|(c, w)| (c, (w / scale).round().clamp(-32767.0, 32767.0) as i16))
                .filter(|x| x.1 != 0)
                .collect();
            if !kept.is_empty() {
                b.push(k, &kept);
            }
        }
        b.finish(self.n_classes, scale)
    }
}

/// Folds a 64-bit feature key into the frozen model's 32-bit key space
/// (0 is reserved for empty slots).
#[inline]
pub(crate) fn fold(k: u64) -> u32 {
    let f = (k ^ (k >> 32)) as u32;
    if f == 0 {
        1
    } else {
        f
    }
}

#[derive(Default)]
struct FrozenBuilder {
    keys: Vec<u32>,
    starts: Vec<u32>,
    classes: Vec<u8>,
    weights: Vec<i16>,
}

impl FrozenBuilder {
    fn push(&mut self, key: u32, entries: &[(u8, i16)]) {
        self.keys.push(key);
        self.starts.push(self.classes.len() as u32);
        for &(c, w) in entries {
            self.classes.push(c);
            self.weights.push(w);
        }
    }

    fn finish(mut self, n_classes: usize, scale: f32) -> Frozen {
        self.starts.push(self.classes.len() as u32);
        Frozen::new(n_classes, scale, self.keys, self.starts, self.classes, self.weights)
    }
}

/// An averaged, quantised perceptron, read-only.
#[derive(Clone, Debug)]
pub(crate) struct Frozen {
    n_classes: usize,
    scale: f32,
    /// Feature keys in ascending order (the serialised form).
    keys: Vec<u32>,
    /// `starts[i]..starts[i + 1]` are feature `i`'s entries.
    starts: Vec<u32>,
    classes: Vec<u8>,
    weights: Vec<i16>,
    /// Open-addressed table of `key | value << 32` (key 0: empty). A value
    /// with bit 31 set holds a feature's only weight inline (class in bits
    /// 16..23, weight in the low 16); with bit 30 set, the low 24 bits are a
    /// row of `dense`; otherwise bits 24..29 are the number of entries and
    /// the low 24 bits where they start in `packed`. One probe usually
    /// answers a feature with a single cache line.
    table: Vec<u64>,
    mask: usize,
    /// Entries as `class << 16 | weight`.
    packed: Vec<u32>,
    /// Features with many classes (tag-only templates, the bias) as dense
    /// rows of `stride` weights: adding a row vectorises.
    dense: Vec<i16>,
    stride: usize,
}

const INLINE: u32 = 1 << 31;
const DENSE: u32 = 1 << 30;
/// Features with more entries than this are stored as dense rows.
const SPARSE_MAX: usize = 24;

#[inline]
fn pack(class: u8, w: i16) -> u32 {
    u32::from(class) << 16 | u32::from(w as u16)
}

#[inline]
fn unpack(e: u32) -> (usize, i32) {
    (((e >> 16) & 0xff) as usize, i32::from(e as u16 as i16))
}

/// Most features a model can hold in the in-memory layout (24-bit offsets).
const MAX_ENTRIES: usize = 1 << 24;

impl Frozen {
    fn new(
        n_classes: usize,
        scale: f32,
        keys: Vec<u32>,
        starts: Vec<u32>,
        classes: Vec<u8>,
        weights: Vec<i16>,
    ) -> Frozen {
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut table = vec![0u64; cap];
        let mut packed = Vec::new();
        let stride = n_classes.div_ceil(16) * 16;
        let mut dense = Vec::new();
        for (i, &k) in keys.iter().enumerate() {
            let (a, b) = (starts[i] as usize, starts[i + 1] as usize);
            let val = if b - a == 1 {
                INLINE | pack(classes[a], weights[a])
            } else if b - a > SPARSE_MAX {
                let row = dense.len() / stride.max(1);
                if row >= MAX_ENTRIES {
                    continue;
                }
                let base = dense.len();
                dense.resize(base + stride, 0i16);
                for (&c, &w) in classes[a..b].iter().zip(&weights[a..b]) {
                    if let Some(x) = dense.get_mut(base + c as usize) {
                        *x = w;
                    }
                }
                DENSE | row as u32
            } else {
                let start = packed.len();
                if start >= MAX_ENTRIES {
                    continue;
                }
                packed.extend(classes[a..b].iter().zip(&weights[a..b]).map(|(&c, &w)| pack(c, w)));
                ((b - a) as u32) << 24 | start as u32
            };
            let mut s = slot(k) & mask;
            while table[s] as u32 != 0 {
                s = (s + 1) & mask;
            }
            table[s] = u64::from(k) | u64::from(val) << 32;
        }
        Frozen { n_classes, scale, keys, starts, classes, weights, table, mask, packed, dense, stride }
    }

    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Drops weights whose magnitude is below `share` of the largest, and
    /// features left with none.
    pub(crate) fn pruned(&self, share: f32) -> Frozen {
        let max = self.weights.iter().map(|w| w.unsigned_abs()).max().unwrap_or(0);
        let cut = (f32::from(max) * share).round() as u16;
        let mut b = FrozenBuilder::default();
        let mut kept = Vec::new();
        for (i, &k) in self.keys.iter().enumerate() {
            let (a, z) = (self.starts[i] as usize, self.starts[i + 1] as usize);
            kept.clear();
            for (&c, &w) in self.classes[a..z].iter().zip(&self.weights[a..z]) {
                if w.unsigned_abs() >= cut.max(1) {
                    kept.push((c, w));
                }
            }
            if !kept.is_empty() {
                b.push(k, &kept);
            }
        }
        b.finish(self.n_classes, self.scale)
    }

    /// Number of features and of non-zero weights.
    pub(crate) fn size(&self) -> (usize, usize) {
        (self.keys.len(), self.weights.len())
    }

    #[inline]
    fn find(&self, k: u32) -> u32 {
        let mut s = slot(k) & self.mask;
        loop {
            let e = self.table[s];
            let key = e as u32;
            if key == k {
                return (e >> 32) as u32;
            }
            if key == 0 {
                return 0;
            }
            s = (s + 1) & self.mask;
        }
    }

    /// Sums the weights of `feats` into `scores` (one per class, zeroed first).
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [i32]) {
        scores.iter_mut().for_each(|s| *s = 0);
        // Three passes so that cache misses overlap instead of queueing
        // behind data-dependent branches: touch every feature's table line,
        // then probe (now in cache) and touch its weights, then add.
        let mut vals = [0u32; 128];
        let n = feats.len().min(vals.len());
        let mut touch = 0u64;
        for &f in &feats[..n] {
            touch ^= self.table[slot(fold(f)) & self.mask];
        }
        for (v, &f) in vals.iter_mut().zip(&feats[..n]) {
            *v = self.find(fold(f));
            if *v & (INLINE | DENSE) == DENSE {
                let base = (*v & 0x00ff_ffff) as usize * self.stride;
                touch ^= u64::from(self.dense.get(base).copied().unwrap_or(0) as u16);
            } else if *v != 0 && *v & INLINE == 0 {
                touch ^= u64::from(self.packed.get((*v & 0x00ff_ffff) as usize).copied().unwrap_or(0));
            }
        }
        std::hint::black_box(touch);
        for &v in &vals[..n] {
            if v == 0 {
                continue;
            }
            if v & INLINE != 0 {
                let (c, w) = unpack(v);
                if let Some(s) = scores.get_mut(c) {
                    *s += w;
                }
            } else if v & DENSE != 0 {
                let base = (v & 0x00ff_ffff) as usize * self.stride;
                if let Some(row) = self.dense.get(base..base + self.stride) {
                    for (s, &w) in scores.iter_mut().zip(row) {
                        *s += i32::from(w);
                    }
                }
            } else {
                let start = (v & 0x00ff_ffff) as usize;
                let len = ((v >> 24) & 0x3f) as usize;
                for &e in self.packed.get(start..start + len).unwrap_or(&[]) {
                    let (c, w) = unpack(e);
                    if let Some(s) = scores.get_mut(c) {
                        *s += w;
                    }
                }
            }
        }
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.n_classes as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        let mut prev = 0u32;
        for (i, &k) in self.keys.iter().enumerate() {
            write_varint(out, u64::from(k - prev));
            prev = k;
            let n = self.starts[i + 1] - self.starts[i];
            out.push(n as u8);
        }
        out.extend_from_slice(&self.classes);
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Frozen, ModelError> {
        let n_classes = r.u32()? as usize;
        let scale = f32::from_bits(r.u32()?);
        let n = r.u32()? as usize;
        let mut keys = Vec::with_capacity(n);
        let mut starts = Vec::with_capacity(n + 1);
        let mut prev = 0u32;
        let mut total = 0u32;
        for _ in 0..n {
            let d = r.varint()?;
            let k = u32::try_from(u64::from(prev) + d).map_err(|_| ModelError::Corrupt("feature key"))?;
            if !keys.is_empty() && k <= prev {
                return Err(ModelError::Corrupt("feature keys out of order"));
            }
            keys.push(k);
            prev = k;
            starts.push(total);
            total += u32::from(r.u8()?);
        }
        starts.push(total);
        let classes = r.bytes(total as usize)?.to_vec();
        if classes.iter().any(|&c| c as usize >= n_classes) {
            return Err(ModelError::Corrupt("class out of range"));
        }
        let mut weights = Vec::with_capacity(total as usize);
        for _ in 0..total {
            weights.push(r.u16()? as i16);
        }
        Ok(Frozen::new(n_classes, scale, keys, starts, classes, weights))
    }
}

#[inline]
fn slot(k: u32) -> usize {
    (k.wrapping_mul(0x9e37_79b1) >> 7) as usize ^ k as usize
}

pub(crate) fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        // Class = feature parity.
        let mut t = Trainer::new(2);
        let mut scores = [0f32; 2];
        for _ in 0..5 {
            for f in 0u64..20 {
                let feats = [crate::hash::key(5, &[f]), 1000];
                t.score(&feats, &mut scores);
                let guess = usize::from(scores[1] > scores[0]);
                t.update((f % 2) as usize, guess, &feats);
            }
        }
        let fz = t.freeze();
        let mut bytes = Vec::new();
        fz.write(&mut bytes);
        let back = Frozen::read(&mut Reader::new(&bytes)).expect("reads");
        let mut s = [0i32; 2];
        for f in 0u64..20 {
            back.score(&[crate::hash::key(5, &[f]), 1000], &mut s);
            assert_eq!(usize::from(s[1] > s[0]), (f % 2) as usize, "feature {f}");
        }
        assert_eq!(back.size(), fz.size());
    }
}
