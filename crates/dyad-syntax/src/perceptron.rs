//! The averaged perceptron: a trainer with sparse per-feature weights, and the
//! frozen, quantised model that tagging and parsing run on.
//!
//! Features are 64-bit keys (see `hash.rs`). While training, each key holds the
//! few classes it has ever been updated for, with the running sums that give
//! the averaged weights (Collins 2002; the lazy-update trick of Daumé). The
//! frozen model keeps 32-bit keys in an open-addressed table pointing into flat
//! arrays of `(class, i8 weight)`: a feature costs one probe and a short run
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
        assert!(n_classes <= MAX_CLASSES, "at most {MAX_CLASSES} classes");
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

    /// Averages and quantises the weights to `i8` (see [`Frozen::pruned`]
    /// to drop the small ones).
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
        let scale = if max > 0.0 { max / f32::from(QMAX) } else { 1.0 };
        let mut b = FrozenBuilder::default();
        for (k, v) in feats {
            let kept: Vec<(u8, i8)> = v
                .into_iter()
                .map(|(c, w)| (c, (w / scale).round().clamp(-f32::from(QMAX), f32::from(QMAX)) as i8))
                .filter(|x| x.1 != 0)
                .collect();
            if !kept.is_empty() {
                b.push(k, &kept);
            }
        }
        b.finish(self.n_classes, scale)
    }
}

/// The largest weight magnitude after quantisation. Scores are sums of one
/// weight per feature, so with at most [`MAX_FEATS`] features they fit an
/// `i16` and add as 16-bit lanes.
pub(crate) const QMAX: i8 = 127;

/// Most features one score sums (see [`QMAX`]).
pub(crate) const MAX_FEATS: usize = 256;

/// Most classes a model can have.
pub(crate) const MAX_CLASSES: usize = 128;

/// One score per live class (see [`Frozen`]); the rest is padding.
pub(crate) type Scores = [i16; MAX_CLASSES];

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
    weights: Vec<i8>,
}

impl FrozenBuilder {
    fn push(&mut self, key: u32, entries: &[(u8, i8)]) {
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

/// An averaged perceptron with `i8` weights, read-only.
///
/// Scores are `i16`, one per *live* class (the classes some feature has a
/// weight for, in order; the others always score 0), padded to a multiple
/// of 8 so that dense rows add as whole vectors.
#[derive(Clone, Debug)]
pub(crate) struct Frozen {
    n_classes: usize,
    scale: f32,
    /// Feature keys in ascending order (the serialised form).
    keys: Vec<u32>,
    /// `starts[i]..starts[i + 1]` are feature `i`'s entries.
    starts: Vec<u32>,
    classes: Vec<u8>,
    weights: Vec<i8>,
    /// Key → where the feature's weights are (see [`Table`]).
    table: Table,
    /// Entries of features with 3 to [`SPARSE_MAX`] weights, as
    /// `live class << 8 | weight as u8`.
    packed: Vec<u16>,
    /// Features with many classes (tag-only templates, mostly) as dense
    /// rows of `stride` weights, widened to `i16` so that adding a row is a
    /// run of vector adds.
    dense: Vec<i16>,
    stride: usize,
    live: Vec<u16>,
    dead: Vec<u16>,
    /// Which model this is (clones share it): memos of sums computed with
    /// one model are not read with another.
    id: u64,
}

/// The next [`Frozen::id`].
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The value of a feature in the table (32 bits, 0: absent):
/// - `10` in the top bits: one or two weights inline, each `live class << 8
///   | weight` in 15 bits (bits 0..15 and 15..30; a second weight of 0
///   means none);
/// - `11`: the low 30 bits are a row of `dense`;
/// - otherwise bits 24..30 are the number of entries and the low 24 bits
///   where they start in `packed`.
const INLINE: u32 = 0b10 << 30;
const DENSE: u32 = 0b11 << 30;
const KIND: u32 = 0b11 << 30;
/// Features with more entries than this are stored as dense rows.
const SPARSE_MAX: usize = 16;
/// Most entries `packed` can address (24-bit offsets).
const MAX_ENTRIES: usize = 1 << 24;

#[inline]
fn entry(class: u8, w: i8) -> u16 {
    u16::from(class) << 8 | u16::from(w as u8)
}

impl Frozen {
    fn new(
        n_classes: usize,
        scale: f32,
        keys: Vec<u32>,
        starts: Vec<u32>,
        classes: Vec<u8>,
        weights: Vec<i8>,
    ) -> Frozen {
        let mut is_live = vec![false; n_classes];
        for &c in &classes {
            if let Some(x) = is_live.get_mut(c as usize) {
                *x = true;
            }
        }
        let live: Vec<u16> = (0..n_classes as u16).filter(|&c| is_live[c as usize]).collect();
        let dead: Vec<u16> = (0..n_classes as u16).filter(|&c| !is_live[c as usize]).collect();
        let mut compact = vec![0u8; n_classes.max(1)];
        for (i, &c) in live.iter().enumerate() {
            compact[c as usize] = i as u8;
        }
        let cls = |c: u8| compact.get(c as usize).copied().unwrap_or(0);
        let mut table = Table::new(keys.len());
        let mut packed = Vec::new();
        let stride = live.len().div_ceil(8).max(1) * 8;
        let mut dense = Vec::new();
        for (i, &k) in keys.iter().enumerate() {
            let (a, b) = (starts[i] as usize, starts[i + 1] as usize);
            let (cs, ws) = (&classes[a..b], &weights[a..b]);
            let val = if b - a <= 2 {
                // Inline (live classes fit 7 bits).
                let one = |j: usize| u32::from(entry(cls(cs[j]), ws[j]) & 0x7fff);
                INLINE | one(0) | if b - a == 2 { one(1) << 15 } else { 0 }
            } else if b - a > SPARSE_MAX {
                let row = dense.len() / stride;
                let base = dense.len();
                dense.resize(base + stride, 0i16);
                for (&c, &w) in cs.iter().zip(ws) {
                    if let Some(x) = dense.get_mut(base + cls(c) as usize) {
                        *x = i16::from(w);
                    }
                }
                DENSE | row as u32
            } else {
                let start = packed.len();
                if start >= MAX_ENTRIES {
                    continue;
                }
                packed.extend(cs.iter().zip(ws).map(|(&c, &w)| entry(cls(c), w)));
                ((b - a) as u32) << 24 | start as u32
            };
            table.insert(k, val);
        }
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Frozen { n_classes, scale, keys, starts, classes, weights, table, packed, dense, stride, live, dead, id }
    }

    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Which model this is: the same for its clones, another for every
    /// model built or read.
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// The length of a score vector: the live classes, padded.
    pub(crate) fn width(&self) -> usize {
        self.stride
    }

    /// The best class (first on ties) given the live classes' `scores`,
    /// exactly as an argmax over every class would choose, the dead ones
    /// scoring 0; only classes `allowed` count. `None` when none is allowed.
    #[inline]
    pub(crate) fn best(&self, scores: &Scores, allowed: impl Fn(usize) -> bool) -> Option<usize> {
        let mut best: Option<(usize, i16)> = None;
        for (&c, &s) in self.live.iter().zip(scores) {
            if best.is_none_or(|(_, b)| s > b) && allowed(c as usize) {
                best = Some((c as usize, s));
            }
        }
        self.or_dead(best, allowed)
    }

    /// Which live classes `allowed` allows, as a mask for
    /// [`Frozen::best_kept`]: all bits set for those, none for the others
    /// and the padding.
    pub(crate) fn keep(&self, allowed: impl Fn(usize) -> bool) -> Scores {
        let mut keep = [0i16; MAX_CLASSES];
        for (k, &c) in keep.iter_mut().zip(&self.live) {
            *k = if allowed(c as usize) { -1 } else { 0 };
        }
        keep
    }

    /// [`Frozen::best`] for the live classes in `keep` (from
    /// [`Frozen::keep`] with the same `allowed`): the same class, found by
    /// a maximum over whole vectors instead of a test per class.
    #[inline]
    pub(crate) fn best_kept(&self, scores: &Scores, keep: &Scores, allowed: impl Fn(usize) -> bool) -> Option<usize> {
        let w = self.stride;
        let mut masked = [i16::MIN; MAX_CLASSES];
        for ((m, &s), &k) in masked[..w].iter_mut().zip(&scores[..w]).zip(&keep[..w]) {
            *m = (s & k) | (i16::MIN & !k);
        }
        let max = masked[..w].iter().copied().max().unwrap_or(i16::MIN);
        if max == i16::MIN {
            // No live class allowed, or one scoring the very least (sums of
            // this few weights never do): the plain search decides.
            return self.best(scores, allowed);
        }
        // The first of the maximum is an allowed live class: the others are
        // below every score but `i16::MIN`.
        let best = masked[..w].iter().position(|&m| m == max).map(|j| (usize::from(self.live[j]), max));
        self.or_dead(best, allowed)
    }

    /// The best live class `best`, or a dead class (score 0) where it wins.
    #[inline]
    fn or_dead(&self, best: Option<(usize, i16)>, allowed: impl Fn(usize) -> bool) -> Option<usize> {
        match best {
            Some((_, b)) if b > 0 => best.map(|x| x.0),
            _ => {
                // A dead class (score 0) wins over negative scores, and over
                // a zero score of a later class.
                let dead = self.dead.iter().map(|&c| c as usize).find(|&c| allowed(c));
                match (best, dead) {
                    (Some((c, b)), Some(d)) if b < 0 || d < c => Some(d),
                    (None, Some(d)) => Some(d),
                    (b, _) => b.map(|x| x.0),
                }
            }
        }
    }

    /// Drops weights whose magnitude is below `share` of the largest, and
    /// features left with none.
    pub(crate) fn pruned(&self, share: f32) -> Frozen {
        let max = self.weights.iter().map(|w| w.unsigned_abs()).max().unwrap_or(0);
        let cut = (f32::from(max) * share).round() as u8;
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

    /// Sums the weights of `feats` into `scores` (zeroed first).
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut Scores) {
        *scores = [0; MAX_CLASSES];
        let mut vals = [0u32; MAX_FEATS];
        let n = feats.len().min(MAX_FEATS);
        self.resolve(&feats[..n], &mut vals[..n]);
        self.add(&vals[..n], scores);
    }

    /// Looks up `feats`, writing what [`Frozen::add`] reads into `vals`.
    ///
    /// Three passes so that cache misses overlap instead of queueing behind
    /// data-dependent branches: touch every feature's table line, probe the
    /// table (now in cache), then touch every feature's weights without a
    /// branch (a mispredicted branch would cancel the loads after it).
    #[inline]
    pub(crate) fn resolve(&self, feats: &[u64], vals: &mut [u32]) {
        let mut touch = 0u64;
        // `vals` holds the folded keys between the first two passes.
        for (v, &f) in vals.iter_mut().zip(feats) {
            *v = fold(f);
            touch ^= self.table.line(*v);
        }
        for (v, _) in vals.iter_mut().zip(feats) {
            *v = self.table.find(*v);
        }
        for &v in vals.iter() {
            let (kind, low) = (v & KIND, (v & 0x00ff_ffff) as usize);
            let packed = if kind == 0 { low } else { 0 };
            let dense = if kind == DENSE { (v & !KIND) as usize * self.stride } else { 0 };
            touch ^= u64::from(self.packed.get(packed).copied().unwrap_or(0));
            touch ^= u64::from(self.dense.get(dense).copied().unwrap_or(0) as u16);
        }
        std::hint::black_box(touch);
    }

    /// Adds the weights of features looked up by [`Frozen::resolve`]
    /// (wrapping: the true sums fit, see [`QMAX`]).
    #[inline]
    pub(crate) fn add(&self, vals: &[u32], scores: &mut Scores) {
        let one = |scores: &mut Scores, e: u32| {
            let (c, w) = ((e >> 8) as usize & (MAX_CLASSES - 1), i16::from(e as u8 as i8));
            scores[c] = scores[c].wrapping_add(w);
        };
        for &v in vals {
            match v & KIND {
                INLINE => {
                    one(scores, v & 0x7fff);
                    if v & (0xff << 15) != 0 {
                        one(scores, (v >> 15) & 0x7fff);
                    }
                }
                DENSE => {
                    let base = (v & !KIND) as usize * self.stride;
                    if let (Some(row), Some(scores)) =
                        (self.dense.get(base..base + self.stride), scores.get_mut(..self.stride))
                    {
                        add_row(scores, row);
                    }
                }
                _ if v == 0 => {}
                _ => {
                    let start = (v & 0x00ff_ffff) as usize;
                    let len = ((v >> 24) & 0x3f) as usize;
                    for &e in self.packed.get(start..start + len).unwrap_or(&[]) {
                        one(scores, u32::from(e));
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
        out.extend(self.weights.iter().map(|&w| w as u8));
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Frozen, ModelError> {
        let n_classes = r.u32()? as usize;
        if n_classes > MAX_CLASSES {
            return Err(ModelError::Corrupt("too many classes"));
        }
        let scale = f32::from_bits(r.u32()?);
        let n = r.u32()? as usize;
        let mut keys = Vec::with_capacity(n.min(1 << 24));
        let mut starts = Vec::with_capacity(n.min(1 << 24) + 1);
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
        let weights: Vec<i8> = r.bytes(total as usize)?.iter().map(|&b| b as i8).collect();
        Ok(Frozen::new(n_classes, scale, keys, starts, classes, weights))
    }
}

/// The features of `feats` at the positions in `set`, into the start of
/// `out`; returns how many.
pub(crate) fn subset(feats: &[u64], set: u32, out: &mut [u64]) -> usize {
    // One step per position in the set, not per feature.
    let mut bits = if feats.len() >= 32 { set } else { set & ((1u32 << feats.len()) - 1) };
    let mut n = 0;
    while bits != 0 {
        let i = bits.trailing_zeros() as usize;
        bits &= bits - 1;
        if let (Some(o), Some(&f)) = (out.get_mut(n), feats.get(i)) {
            *o = f;
            n += 1;
        }
    }
    n
}

/// Adds a dense row into scores (vectorises to 16-bit adds).
#[inline]
fn add_row(scores: &mut [i16], row: &[i16]) {
    for (s, &w) in scores.iter_mut().zip(row) {
        *s = s.wrapping_add(w);
    }
}

/// An open-addressed table of `key | value << 32` (key 0: empty), with
/// linear probing, at most half full (most look-ups are of features the
/// model lacks: at 5/8 full such a probe took four slots on average, at
/// half full two and a half).
#[derive(Clone, Debug)]
struct Table {
    slots: Vec<u64>,
}

impl Table {
    fn new(n: usize) -> Table {
        Table { slots: vec![0u64; (n * 2).max(16)] }
    }

    /// Where key `k`'s probe starts (`k` is already a hash: a multiply maps
    /// it onto the table).
    #[inline]
    fn home(&self, k: u32) -> usize {
        ((u64::from(k.wrapping_mul(0x9e37_79b1)) * self.slots.len() as u64) >> 32) as usize
    }

    fn insert(&mut self, k: u32, val: u32) {
        let mut s = self.home(k);
        while self.slots[s] as u32 != 0 {
            s = if s + 1 == self.slots.len() { 0 } else { s + 1 };
        }
        self.slots[s] = u64::from(k) | u64::from(val) << 32;
    }

    /// The value of key `k`, 0 when absent.
    #[inline]
    fn find(&self, k: u32) -> u32 {
        let mut s = self.home(k);
        loop {
            let e = self.slots.get(s).copied().unwrap_or(0);
            let key = e as u32;
            if key == k {
                return (e >> 32) as u32;
            }
            if key == 0 {
                return 0;
            }
            s = if s + 1 == self.slots.len() { 0 } else { s + 1 };
        }
    }

    /// Reads the slot where `k`'s probe starts (to bring its line into cache).
    #[inline]
    fn line(&self, k: u32) -> u64 {
        self.slots.get(self.home(k)).copied().unwrap_or(0)
    }
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
        let mut s = [0i16; MAX_CLASSES];
        for f in 0u64..20 {
            back.score(&[crate::hash::key(5, &[f]), 1000], &mut s);
            assert_eq!(back.best(&s, |_| true), Some((f % 2) as usize), "feature {f}");
        }
        assert_eq!(back.size(), fz.size());
    }

    #[test]
    fn best_kept_chooses_as_best_does() {
        // Six classes, two of them dead (no weights): 1 and 4.
        let mut b = FrozenBuilder::default();
        b.push(10, &[(0, 5), (2, -3), (3, 7), (5, 1)]);
        let fz = b.finish(6, 1.0);
        let mut rng = crate::hash::Rng::new(3);
        for _ in 0..5000 {
            let mut s = [0i16; MAX_CLASSES];
            for x in s.iter_mut().take(fz.width()) {
                // Few values, so that ties and zeros are common.
                let r = rng.next_u64() % 15;
                *x = if r == 14 { i16::MIN } else { (r % 7) as i16 - 3 };
            }
            let allowed_bits = rng.next_u64() % 64;
            let allowed = |c: usize| allowed_bits >> c & 1 == 1;
            let keep = fz.keep(allowed);
            assert_eq!(fz.best_kept(&s, &keep, allowed), fz.best(&s, allowed), "{:?} {allowed_bits:b}", &s[..8]);
        }
    }
}
