//! The dependency parser: greedy arc-eager transitions (Nivre 2003) scored by
//! an averaged perceptron over the rich feature set of Zhang & Nivre (2011),
//! trained with the dynamic oracle of Goldberg & Nivre (2012) so that it
//! learns to recover from its own mistakes.
//!
//! Word 0 is the artificial root. A parse is linear in the sentence length:
//! at most two transitions per word, each a fixed number of feature lookups.

use crate::hash::{key, Rng};
use crate::perceptron::{Frozen, Trainer};
use dyad_types::{Pos, Rel};

const NONE: u32 = u32::MAX;
const N_RELS: usize = Rel::ALL.len();
/// Number of transition classes: shift, reduce, and a left and right arc per
/// relation.
pub(crate) const N_CLASSES: usize = 2 + 2 * N_RELS;
/// Number of feature templates.
pub(crate) const N_FEATS: usize = 74;

const SHIFT: usize = 0;
const REDUCE: usize = 1;

/// What a transition class does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Move {
    Shift,
    Reduce,
    Left(Rel),
    Right(Rel),
}

fn decode(c: usize) -> Move {
    match c {
        SHIFT => Move::Shift,
        REDUCE => Move::Reduce,
        c if c % 2 == 0 => Move::Left(Rel::from_index((c - 2) / 2)),
        c => Move::Right(Rel::from_index((c - 3) / 2)),
    }
}

/// Which transitions a configuration allows.
#[derive(Clone, Copy, Debug)]
struct Moves {
    shift: bool,
    reduce: bool,
    /// A left arc with any relation but `root`.
    left: bool,
    /// A right arc with any relation but `root`.
    right: bool,
    /// A right arc `root` from the artificial root.
    right_root: bool,
}

const ROOT_RIGHT: usize = 3 + 2 * Rel::Root as usize;
const ROOT_LEFT: usize = 2 + 2 * Rel::Root as usize;

impl Moves {
    fn allows(self, c: usize) -> bool {
        match c {
            SHIFT => self.shift,
            REDUCE => self.reduce,
            ROOT_RIGHT => self.right_root,
            ROOT_LEFT => false,
            c if c % 2 == 0 => self.left,
            _ => self.right,
        }
    }
}

/// The parser's configuration.
struct State {
    n: usize,
    stack: Vec<u32>,
    b: usize,
    heads: Vec<u32>,
    rels: Vec<Rel>,
    /// Leftmost and second-leftmost child.
    lefts: Vec<[u32; 2]>,
    /// Rightmost and second-rightmost child.
    rights: Vec<[u32; 2]>,
    n_left: Vec<u8>,
    n_right: Vec<u8>,
    left_labels: Vec<u64>,
    right_labels: Vec<u64>,
    root_child: u32,
}

impl State {
    fn new(n: usize) -> State {
        let m = n + 1;
        State {
            n,
            stack: vec![0],
            b: 1,
            heads: vec![NONE; m],
            rels: vec![Rel::Dep; m],
            lefts: vec![[NONE; 2]; m],
            rights: vec![[NONE; 2]; m],
            n_left: vec![0; m],
            n_right: vec![0; m],
            left_labels: vec![0; m],
            right_labels: vec![0; m],
            root_child: NONE,
        }
    }

    fn done(&self) -> bool {
        self.b > self.n
    }

    fn s0(&self) -> u32 {
        self.stack.last().copied().unwrap_or(NONE)
    }

    fn add_arc(&mut self, h: u32, d: u32, r: Rel) {
        let (hu, du) = (h as usize, d as usize);
        self.heads[du] = h;
        self.rels[du] = r;
        let bit = 1u64 << r.index();
        if d < h {
            let l = &mut self.lefts[hu];
            if l[0] == NONE || d < l[0] {
                l[1] = l[0];
                l[0] = d;
            } else if l[1] == NONE || d < l[1] {
                l[1] = d;
            }
            self.n_left[hu] = self.n_left[hu].saturating_add(1);
            self.left_labels[hu] |= bit;
        } else {
            let rr = &mut self.rights[hu];
            if rr[0] == NONE || d > rr[0] {
                rr[1] = rr[0];
                rr[0] = d;
            } else if rr[1] == NONE || d > rr[1] {
                rr[1] = d;
            }
            self.n_right[hu] = self.n_right[hu].saturating_add(1);
            self.right_labels[hu] |= bit;
        }
        if h == 0 {
            self.root_child = d;
        }
    }

    /// Which kinds of transition are possible now.
    fn moves(&self) -> Moves {
        let s = self.s0();
        let buffer = self.b <= self.n;
        let word_on_top = s != 0 && s != NONE;
        let headless = word_on_top && self.heads[s as usize] == NONE;
        Moves {
            shift: buffer,
            reduce: word_on_top && !headless,
            left: buffer && headless,
            right: buffer && word_on_top,
            right_root: buffer && s == 0 && self.root_child == NONE,
        }
    }

    fn apply(&mut self, c: usize) {
        let s = self.s0();
        match decode(c) {
            Move::Shift => {
                self.stack.push(self.b as u32);
                self.b += 1;
            }
            Move::Reduce => {
                self.stack.pop();
            }
            Move::Left(r) => {
                self.add_arc(self.b as u32, s, r);
                self.stack.pop();
            }
            Move::Right(r) => {
                self.add_arc(s, self.b as u32, r);
                self.stack.push(self.b as u32);
                self.b += 1;
            }
        }
    }

    /// Attaches what the transitions left without a head: the first such word
    /// becomes the root when there is none, the rest hang from the root's child.
    fn finish(&mut self) {
        for i in 1..=self.n {
            if self.heads[i] == NONE {
                if self.root_child == NONE {
                    self.add_arc(0, i as u32, Rel::Root);
                } else {
                    let rc = self.root_child;
                    self.add_arc(rc, i as u32, Rel::Dep);
                }
            }
        }
    }

    /// The number of gold arcs that transition `c` makes unreachable
    /// (Goldberg & Nivre 2012), counting a wrong label as one lost arc.
    fn cost(&self, c: usize, gh: &[u32], gl: &[Rel], in_stack: &[bool]) -> u32 {
        let s = self.s0() as usize;
        let b = self.b;
        let n = self.n;
        let mut cost = 0;
        match decode(c) {
            Move::Shift => {
                if gh[b] != NONE && in_stack[gh[b] as usize] {
                    cost += 1;
                }
                for &k in &self.stack {
                    let k = k as usize;
                    if k != 0 && self.heads[k] == NONE && gh[k] as usize == b {
                        cost += 1;
                    }
                }
            }
            Move::Reduce => {
                cost += (b..=n).filter(|&k| gh[k] as usize == s).count() as u32;
            }
            Move::Left(r) => {
                let h = gh[s] as usize;
                if h > b && h <= n {
                    cost += 1;
                }
                if h == b && r != gl[s] {
                    cost += 1;
                }
                cost += (b..=n).filter(|&k| gh[k] as usize == s).count() as u32;
            }
            Move::Right(r) => {
                let h = gh[b] as usize;
                if h != s && (in_stack[h] || (h > b && h <= n)) {
                    cost += 1;
                }
                if h == s && r != gl[b] {
                    cost += 1;
                }
                for &k in &self.stack {
                    let k = k as usize;
                    if k != 0 && self.heads[k] == NONE && gh[k] as usize == b {
                        cost += 1;
                    }
                }
            }
        }
        cost
    }
}

/// Per-word inputs to the parser's features.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Node {
    pub(crate) word: u64,
    pub(crate) tag: u64,
}

const ROOT_NODE: Node = Node { word: 3, tag: 3 };
const NO_NODE: Node = Node { word: 4, tag: 4 };

pub(crate) fn nodes(words: &[u64], tags: &[Pos], out: &mut Vec<Node>) {
    out.clear();
    out.push(ROOT_NODE);
    for (w, t) in words.iter().zip(tags) {
        out.push(Node { word: *w, tag: 0x7400 + t.index() as u64 });
    }
}

fn features(st: &State, nd: &[Node], f: &mut [u64; N_FEATS]) {
    let node = |i: u32| -> Node {
        if i == NONE {
            NO_NODE
        } else {
            nd.get(i as usize).copied().unwrap_or(NO_NODE)
        }
    };
    let lab = |i: u32| -> u64 {
        if i == NONE || st.heads[i as usize] == NONE {
            5
        } else {
            0x6c00 + st.rels[i as usize].index() as u64
        }
    };
    let s0i = st.s0();
    let n0i = if st.b <= st.n { st.b as u32 } else { NONE };
    let n1i = if st.b < st.n { st.b as u32 + 1 } else { NONE };
    let n2i = if st.b + 1 < st.n { st.b as u32 + 2 } else { NONE };
    let s1i = if st.stack.len() >= 2 { st.stack[st.stack.len() - 2] } else { NONE };
    let (s0, n0, n1, n2, s1) = (node(s0i), node(n0i), node(n1i), node(n2i), node(s1i));
    let g = |i: u32, a: fn(&State, usize) -> u32| if i == NONE { NONE } else { a(st, i as usize) };
    let s0hi = g(s0i, |st, i| st.heads[i]);
    let s0h2i = g(s0hi, |st, i| st.heads[i]);
    let s0li = g(s0i, |st, i| st.lefts[i][0]);
    let s0l2i = g(s0i, |st, i| st.lefts[i][1]);
    let s0ri = g(s0i, |st, i| st.rights[i][0]);
    let s0r2i = g(s0i, |st, i| st.rights[i][1]);
    let n0li = g(n0i, |st, i| st.lefts[i][0]);
    let n0l2i = g(n0i, |st, i| st.lefts[i][1]);
    let (s0h, s0h2, s0l, s0l2, s0r, s0r2, n0l, n0l2) =
        (node(s0hi), node(s0h2i), node(s0li), node(s0l2i), node(s0ri), node(s0r2i), node(n0li), node(n0l2i));
    let d = if s0i == NONE || n0i == NONE {
        0
    } else {
        match n0i - s0i {
            x @ 1..=4 => u64::from(x),
            5..=9 => 5,
            _ => 6,
        }
    };
    let val = |i: u32, left: bool| -> u64 {
        if i == NONE {
            9
        } else if left {
            u64::from(st.n_left[i as usize].min(6))
        } else {
            u64::from(st.n_right[i as usize].min(6))
        }
    };
    let lset = |i: u32, left: bool| -> u64 {
        if i == NONE {
            1 << 63
        } else if left {
            st.left_labels[i as usize]
        } else {
            st.right_labels[i as usize]
        }
    };
    let (s0vl, s0vr, n0vl) = (val(s0i, true), val(s0i, false), val(n0i, true));
    let (s0sl, s0sr, n0sl) = (lset(s0i, true), lset(s0i, false), lset(n0i, true));
    let s0_has_head = u64::from(s0i != NONE && s0i != 0 && st.heads[s0i as usize] != NONE);
    *f = [
        key(0, &[]),
        // Single words.
        key(1, &[s0.word, s0.tag]),
        key(2, &[s0.word]),
        key(3, &[s0.tag]),
        key(4, &[n0.word, n0.tag]),
        key(5, &[n0.word]),
        key(6, &[n0.tag]),
        key(7, &[n1.word, n1.tag]),
        key(8, &[n1.word]),
        key(9, &[n1.tag]),
        key(10, &[n2.word, n2.tag]),
        key(11, &[n2.word]),
        key(12, &[n2.tag]),
        // Word pairs.
        key(13, &[s0.word, s0.tag, n0.word, n0.tag]),
        key(14, &[s0.word, s0.tag, n0.word]),
        key(15, &[s0.word, n0.word, n0.tag]),
        key(16, &[s0.word, s0.tag, n0.tag]),
        key(17, &[s0.tag, n0.word, n0.tag]),
        key(18, &[s0.word, n0.word]),
        key(19, &[s0.tag, n0.tag]),
        key(20, &[n0.tag, n1.tag]),
        // Three words.
        key(21, &[n0.tag, n1.tag, n2.tag]),
        key(22, &[s0.tag, n0.tag, n1.tag]),
        key(23, &[s0h.tag, s0.tag, n0.tag]),
        key(24, &[s0.tag, s0l.tag, n0.tag]),
        key(25, &[s0.tag, s0r.tag, n0.tag]),
        key(26, &[s0.tag, n0.tag, n0l.tag]),
        // Distance.
        key(27, &[s0.word, d]),
        key(28, &[s0.tag, d]),
        key(29, &[n0.word, d]),
        key(30, &[n0.tag, d]),
        key(31, &[s0.word, n0.word, d]),
        key(32, &[s0.tag, n0.tag, d]),
        // Valency.
        key(33, &[s0.word, s0vr]),
        key(34, &[s0.tag, s0vr]),
        key(35, &[s0.word, s0vl]),
        key(36, &[s0.tag, s0vl]),
        key(37, &[n0.word, n0vl]),
        key(38, &[n0.tag, n0vl]),
        // Unigrams of the children and heads.
        key(39, &[s0h.word]),
        key(40, &[s0h.tag]),
        key(41, &[lab(s0i)]),
        key(42, &[s0l.word]),
        key(43, &[s0l.tag]),
        key(44, &[lab(s0li)]),
        key(45, &[s0r.word]),
        key(46, &[s0r.tag]),
        key(47, &[lab(s0ri)]),
        key(48, &[n0l.word]),
        key(49, &[n0l.tag]),
        key(50, &[lab(n0li)]),
        // Third order.
        key(51, &[s0h2.word]),
        key(52, &[s0h2.tag]),
        key(53, &[lab(s0hi)]),
        key(54, &[s0l2.word]),
        key(55, &[s0l2.tag]),
        key(56, &[lab(s0l2i)]),
        key(57, &[s0r2.word]),
        key(58, &[s0r2.tag]),
        key(59, &[lab(s0r2i)]),
        key(60, &[n0l2.word]),
        key(61, &[n0l2.tag]),
        key(62, &[lab(n0l2i)]),
        key(63, &[s0.tag, s0l.tag, s0l2.tag]),
        key(64, &[s0.tag, s0r.tag, s0r2.tag]),
        key(65, &[s0.tag, s0h.tag, s0h2.tag]),
        key(66, &[n0.tag, n0l.tag, n0l2.tag]),
        // Label sets.
        key(67, &[s0.word, s0sr]),
        key(68, &[s0.tag, s0sr]),
        key(69, &[s0.word, s0sl]),
        key(70, &[s0.tag, s0sl]),
        key(71, &[n0.word, n0sl]),
        key(72, &[n0.tag, n0sl]),
        // The second stack word, and whether the top already has a head.
        key(73, &[s1.tag, s0.tag, n0.tag, s0_has_head]),
    ];
}

/// A parse: one head (0 = root) and relation per word, 1-based heads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Arcs {
    /// `heads[i]` is the head of word `i + 1`, 0 for the root.
    pub(crate) heads: Vec<u32>,
    /// `rels[i]` is the relation of word `i + 1` to its head.
    pub(crate) rels: Vec<Rel>,
}

/// The trained parser.
#[derive(Clone, Debug)]
pub(crate) struct Parser {
    pub(crate) model: Frozen,
}

impl Parser {
    pub(crate) fn parse(&self, nd: &[Node]) -> Arcs {
        let n = nd.len() - 1;
        let mut st = State::new(n);
        let mut f = [0u64; N_FEATS];
        let mut scores = vec![0i32; N_CLASSES];
        while !st.done() {
            features(&st, nd, &mut f);
            self.model.score(&f, &mut scores);
            let mv = st.moves();
            let mut c = usize::MAX;
            for (k, &s) in scores.iter().enumerate() {
                if (c == usize::MAX || s > scores[c]) && mv.allows(k) {
                    c = k;
                }
            }
            if c == usize::MAX {
                // Nothing valid (cannot happen while the buffer is not empty:
                // shift always is); stop rather than loop.
                break;
            }
            st.apply(c);
        }
        st.finish();
        Arcs { heads: st.heads[1..].to_vec(), rels: st.rels[1..].to_vec() }
    }
}

/// Whether a gold tree (1-based heads, 0 = root) has no crossing arcs.
pub(crate) fn is_projective(heads: &[u32]) -> bool {
    let n = heads.len();
    for i in 0..n {
        let (a, b) = ord(i as u32 + 1, heads[i]);
        for (j, &hj) in heads.iter().enumerate() {
            let (c, d) = ord(j as u32 + 1, hj);
            // Arcs (a,b) and (c,d) cross when exactly one end of one lies
            // strictly inside the other.
            if (c > a && c < b && (d < a || d > b)) || (d > a && d < b && (c < a || c > b)) {
                return false;
            }
        }
    }
    true
}

fn ord(a: u32, b: u32) -> (u32, u32) {
    if a < b {
        (a, b)
    } else {
        (b, a)
    }
}

/// One training sentence: feature nodes plus gold heads and relations.
pub(crate) struct Gold {
    pub(crate) nodes: Vec<Node>,
    pub(crate) heads: Vec<u32>,
    pub(crate) rels: Vec<Rel>,
}

/// Trains the parser with the dynamic oracle; after the first iteration it
/// follows its own prediction with probability `explore`.
pub(crate) fn train(golds: &[Gold], iterations: usize, explore: f64, rng: &mut Rng) -> Parser {
    let mut tr = Trainer::new(N_CLASSES);
    let mut order: Vec<usize> = (0..golds.len()).collect();
    let mut f = [0u64; N_FEATS];
    let mut scores = vec![0f32; N_CLASSES];
    for it in 0..iterations {
        rng.shuffle(&mut order);
        for &gi in &order {
            let g = &golds[gi];
            let n = g.heads.len();
            // gh/gl indexed by word (0 = root, unused).
            let mut gh = Vec::with_capacity(n + 1);
            gh.push(NONE);
            gh.extend_from_slice(&g.heads);
            let mut gl = Vec::with_capacity(n + 1);
            gl.push(Rel::Dep);
            gl.extend_from_slice(&g.rels);
            let mut st = State::new(n);
            let mut in_stack = vec![false; n + 2];
            in_stack[0] = true;
            let mut costs = vec![0u32; N_CLASSES];
            while !st.done() {
                features(&st, &g.nodes, &mut f);
                tr.score(&f, &mut scores);
                let mut min_cost = u32::MAX;
                let mv = st.moves();
                for (c, cost) in costs.iter_mut().enumerate() {
                    *cost = if mv.allows(c) { st.cost(c, &gh, &gl, &in_stack) } else { u32::MAX };
                    min_cost = min_cost.min(*cost);
                }
                let mut guess = usize::MAX;
                let mut best_gold = usize::MAX;
                for (c, &cost) in costs.iter().enumerate() {
                    if cost == u32::MAX {
                        continue;
                    }
                    if guess == usize::MAX || scores[c] > scores[guess] {
                        guess = c;
                    }
                    if cost == min_cost && (best_gold == usize::MAX || scores[c] > scores[best_gold]) {
                        best_gold = c;
                    }
                }
                if guess == usize::MAX {
                    break;
                }
                if costs[guess] == min_cost {
                    tr.tick();
                } else {
                    tr.update(best_gold, guess, &f);
                }
                let next = if it > 0 && rng.unit() < explore { guess } else { best_gold };
                // Keep `in_stack` in step with the stack.
                let before = st.stack.len();
                let top = st.s0();
                st.apply(next);
                if st.stack.len() < before {
                    in_stack[top as usize] = false;
                } else if st.stack.len() > before {
                    in_stack[st.s0() as usize] = true;
                }
            }
        }
    }
    Parser { model: tr.freeze() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projectivity() {
        // 1 <- 2 -> 3 (root 2)
        assert!(is_projective(&[2, 0, 2]));
        // Crossing: 1->3, 2->4
        assert!(!is_projective(&[3, 4, 0, 3]));
    }

    #[test]
    fn the_oracle_alone_rebuilds_a_projective_tree() {
        // "Iran sent tankers to Venezuela ."
        let heads = vec![2u32, 0, 2, 5, 2, 2];
        let rels = vec![Rel::Nsubj, Rel::Root, Rel::Obj, Rel::Case, Rel::Obl, Rel::Punct];
        let mut gh = vec![NONE];
        gh.extend_from_slice(&heads);
        let mut gl = vec![Rel::Dep];
        gl.extend_from_slice(&rels);
        let mut st = State::new(6);
        let mut in_stack = vec![false; 8];
        in_stack[0] = true;
        while !st.done() {
            let c = (0..N_CLASSES)
                .find(|&c| st.moves().allows(c) && st.cost(c, &gh, &gl, &in_stack) == 0)
                .expect("a zero-cost move");
            let before = st.stack.len();
            let top = st.s0();
            st.apply(c);
            if st.stack.len() < before {
                in_stack[top as usize] = false;
            } else if st.stack.len() > before {
                in_stack[st.s0() as usize] = true;
            }
        }
        st.finish();
        assert_eq!(&st.heads[1..], &heads[..]);
        assert_eq!(&st.rels[1..], &rels[..]);
    }
}
