//! The dependency parser: greedy arc-eager transitions (Nivre 2003) scored by
//! an averaged perceptron over the rich feature set of Zhang & Nivre (2011)
//! (less three of its word-pair templates), the second stack word, the fourth
//! buffer word, and the punctuation and verbs between the stack top and the
//! next word; trained with the dynamic oracle of Goldberg & Nivre (2012) so
//! that it learns to recover from its own mistakes.
//!
//! Word 0 is the artificial root. A parse is linear in the sentence length:
//! at most two transitions per word, each a bounded number of feature
//! lookups (see [`Parser::parse`] for the ones it saves).

use crate::hash::{key, Rng};
use crate::perceptron::{subset, Frozen, Scores, Trainer, MAX_CLASSES};
use dyad_types::{Pos, Rel};

const NONE: u32 = u32::MAX;
const N_RELS: usize = Rel::ALL.len();
/// Number of transition classes: shift, reduce, and a left and right arc per
/// relation.
pub(crate) const N_CLASSES: usize = 2 + 2 * N_RELS;
/// Number of feature templates.
pub(crate) const N_FEATS: usize = 1 + NS_FIXED + NS_RIGHT + NB_FIXED + NB_LEFT + NP;

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

/// How many sets of moves there are (see [`Moves::index`]).
const N_MOVE_SETS: usize = 32;

const ROOT_RIGHT: usize = 3 + 2 * Rel::Root as usize;
const ROOT_LEFT: usize = 2 + 2 * Rel::Root as usize;

/// The classes of left arcs (any relation but `root`), as a bit set.
const LEFT_CLASSES: u128 = arcs(0) & !(1 << ROOT_LEFT);
/// The classes of right arcs (any relation but `root`), as a bit set.
const RIGHT_CLASSES: u128 = arcs(1) & !(1 << ROOT_RIGHT);

// The bit sets hold every class.
const _: () = assert!(N_CLASSES <= 128);

/// The arc classes `2 + parity`, `4 + parity`, … as a bit set.
const fn arcs(parity: usize) -> u128 {
    let mut m = 0u128;
    let mut c = 2 + parity;
    while c < N_CLASSES {
        m |= 1 << c;
        c += 2;
    }
    m
}

impl Moves {
    /// The classes [`Moves::allows`] allows, as a bit set (one test per
    /// class when the parser picks the best).
    fn mask(self) -> u128 {
        let bit = |on: bool, m: u128| if on { m } else { 0 };
        bit(self.shift, 1 << SHIFT)
            | bit(self.reduce, 1 << REDUCE)
            | bit(self.right_root, 1 << ROOT_RIGHT)
            | bit(self.left, LEFT_CLASSES)
            | bit(self.right, RIGHT_CLASSES)
    }

    /// The five flags as a number below [`N_MOVE_SETS`].
    fn index(self) -> usize {
        usize::from(self.shift)
            | usize::from(self.reduce) << 1
            | usize::from(self.left) << 2
            | usize::from(self.right) << 3
            | usize::from(self.right_root) << 4
    }

    /// The moves of [`Moves::index`] `i`.
    fn from_index(i: usize) -> Moves {
        let on = |k: usize| i >> k & 1 == 1;
        Moves { shift: on(0), reduce: on(1), left: on(2), right: on(3), right_root: on(4) }
    }

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
    /// Numbers of left and right children (they also tell when a word's
    /// children changed: see [`Parser::parse`]).
    n_left: Vec<u16>,
    n_right: Vec<u16>,
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

    /// [`State::cost`] of every class, `u32::MAX` for those `mv` does not
    /// allow: the parts that do not depend on the relation are counted once.
    fn costs(&self, mv: Moves, gh: &[u32], gl: &[Rel], in_stack: &[bool], out: &mut [u32]) {
        let s = self.s0() as usize;
        let b = self.b;
        let n = self.n;
        let word_on_top = s != 0 && s != NONE as usize;
        let buffer = b <= n;
        // Gold dependents of the top still in the buffer, and headless words
        // on the stack whose gold head is the buffer front.
        let deps_of_top =
            if word_on_top && buffer { (b..=n).filter(|&k| gh[k] as usize == s).count() as u32 } else { 0 };
        let stack_deps_of_front = if buffer {
            self.stack
                .iter()
                .filter(|&&k| k != 0 && self.heads[k as usize] == NONE && gh[k as usize] as usize == b)
                .count() as u32
        } else {
            0
        };
        let (hs, hb) =
            (if word_on_top { gh[s] as usize } else { usize::MAX }, if buffer { gh[b] as usize } else { usize::MAX });
        let stacked = |h: usize| in_stack.get(h).copied().unwrap_or(false);
        let shift = u32::from(buffer && stacked(hb)) + stack_deps_of_front;
        let left = u32::from(hs > b && hs <= n) + deps_of_top;
        let right = u32::from(buffer && hb != s && (stacked(hb) || (hb > b && hb <= n))) + stack_deps_of_front;
        for (c, cost) in out.iter_mut().enumerate() {
            *cost = if !mv.allows(c) {
                u32::MAX
            } else {
                match decode(c) {
                    Move::Shift => shift,
                    Move::Reduce => deps_of_top,
                    Move::Left(r) => left + u32::from(hs == b && r != gl[s]),
                    Move::Right(r) => right + u32::from(hb == s && r != gl[b]),
                }
            };
        }
    }

    /// The number of gold arcs that transition `c` makes unreachable
    /// (Goldberg & Nivre 2012), counting a wrong label as one lost arc.
    #[cfg(test)]
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
    /// Punctuation marks (`,` `:` and dashes) up to this word, itself included.
    punct: u16,
    /// Verbs (modals included) up to this word, itself included.
    verbs: u16,
}

const ROOT_NODE: Node = Node { word: 3, tag: 3, punct: 0, verbs: 0 };
const NO_NODE: Node = Node { word: 4, tag: 4, punct: 0, verbs: 0 };

pub(crate) fn nodes(words: &[u64], tags: &[Pos], out: &mut Vec<Node>) {
    out.clear();
    out.push(ROOT_NODE);
    let (mut punct, mut verbs) = (0u16, 0u16);
    for (w, t) in words.iter().zip(tags) {
        punct = punct.saturating_add(u16::from(matches!(t, Pos::Comma | Pos::Colon | Pos::HYPH)));
        verbs = verbs.saturating_add(u16::from(t.is_verb()));
        out.push(Node { word: *w, tag: 0x7400 + t.index() as u64, punct, verbs });
    }
}

/// The features come in groups by what they read, so that a parse can keep
/// the sums of those that did not change since the last transition:
/// - the stack top's word, its head and grandparent, its left children, and
///   the word below it on the stack (all fixed while the word is on the
///   stack: it gets no left child there, its head, if any, came with it, and
///   nothing below it changes);
const NS_FIXED: usize = 26;
/// - the stack top's right children (they change with each right arc from it);
const NS_RIGHT: usize = 11;
/// - the next four words (they change with the buffer);
const NB_FIXED: usize = 16;
/// - the next word's left children (they change with each left arc to it);
const NB_LEFT: usize = 11;
/// - the stack top with the next word, and what lies between them (they
///   change with every transition).
const NP: usize = 18;
/// The bias: one feature that fires on every transition.
fn bias() -> u64 {
    key(0, &[])
}

/// The configuration's words and the values the templates read.
struct View<'a> {
    st: &'a State,
    nd: &'a [Node],
}

impl View<'_> {
    #[inline]
    fn node(&self, i: u32) -> Node {
        if i == NONE {
            NO_NODE
        } else {
            self.nd.get(i as usize).copied().unwrap_or(NO_NODE)
        }
    }

    #[inline]
    fn lab(&self, i: u32) -> u64 {
        if i == NONE || self.st.heads[i as usize] == NONE {
            5
        } else {
            0x6c00 + self.st.rels[i as usize].index() as u64
        }
    }

    #[inline]
    fn get(&self, i: u32, a: fn(&State, usize) -> u32) -> u32 {
        if i == NONE {
            NONE
        } else {
            a(self.st, i as usize)
        }
    }

    #[inline]
    fn val(&self, i: u32, left: bool) -> u64 {
        if i == NONE {
            9
        } else if left {
            u64::from(self.st.n_left[i as usize].min(6))
        } else {
            u64::from(self.st.n_right[i as usize].min(6))
        }
    }

    #[inline]
    fn lset(&self, i: u32, left: bool) -> u64 {
        if i == NONE {
            1 << 63
        } else if left {
            self.st.left_labels[i as usize]
        } else {
            self.st.right_labels[i as usize]
        }
    }

    /// Whether word `i` counts as punctuation for the between features.
    fn is_punct(&self, i: u32) -> bool {
        let prev = if i > 0 { self.node(i - 1).punct } else { 0 };
        self.node(i).punct > prev
    }

    fn is_verb(&self, i: u32) -> bool {
        let prev = if i > 0 { self.node(i - 1).verbs } else { 0 };
        self.node(i).verbs > prev
    }

    fn n0i(&self) -> u32 {
        if self.st.b <= self.st.n {
            self.st.b as u32
        } else {
            NONE
        }
    }

    /// The stack top's fixed features.
    fn stack_fixed(&self, f: &mut [u64; NS_FIXED]) {
        let s0i = self.st.s0();
        let st = self.st;
        let s1i = if st.stack.len() >= 2 { st.stack[st.stack.len() - 2] } else { NONE };
        let s1 = self.node(s1i);
        let s0 = self.node(s0i);
        let s0hi = self.get(s0i, |st, i| st.heads[i]);
        let s0h2i = self.get(s0hi, |st, i| st.heads[i]);
        let s0li = self.get(s0i, |st, i| st.lefts[i][0]);
        let s0l2i = self.get(s0i, |st, i| st.lefts[i][1]);
        let (s0h, s0h2, s0l, s0l2) = (self.node(s0hi), self.node(s0h2i), self.node(s0li), self.node(s0l2i));
        let s0vl = self.val(s0i, true);
        let s0sl = self.lset(s0i, true);
        *f = [
            key(1, &[s0.word, s0.tag]),
            key(2, &[s0.word]),
            key(3, &[s0.tag]),
            // Valency.
            key(35, &[s0.word, s0vl]),
            key(36, &[s0.tag, s0vl]),
            // Unigrams of the children and heads.
            key(39, &[s0h.word]),
            key(40, &[s0h.tag]),
            key(41, &[self.lab(s0i)]),
            key(42, &[s0l.word]),
            key(43, &[s0l.tag]),
            key(44, &[self.lab(s0li)]),
            // Third order.
            key(51, &[s0h2.word]),
            key(52, &[s0h2.tag]),
            key(53, &[self.lab(s0hi)]),
            key(54, &[s0l2.word]),
            key(55, &[s0l2.tag]),
            key(56, &[self.lab(s0l2i)]),
            key(63, &[s0.tag, s0l.tag, s0l2.tag]),
            key(65, &[s0.tag, s0h.tag, s0h2.tag]),
            // Label sets.
            key(69, &[s0.word, s0sl]),
            key(70, &[s0.tag, s0sl]),
            // The second stack word (fixed while the top is there).
            key(74, &[s1.word]),
            key(75, &[s1.tag]),
            key(76, &[s1.tag, s0.tag]),
            key(77, &[s1.tag, s0.word]),
            key(78, &[s1.word, s0.tag, self.lab(s1i)]),
        ];
    }

    /// The stack top's right children.
    fn stack_right(&self, f: &mut [u64; NS_RIGHT]) {
        let s0i = self.st.s0();
        let s0 = self.node(s0i);
        let s0ri = self.get(s0i, |st, i| st.rights[i][0]);
        let s0r2i = self.get(s0i, |st, i| st.rights[i][1]);
        let (s0r, s0r2) = (self.node(s0ri), self.node(s0r2i));
        let s0vr = self.val(s0i, false);
        let s0sr = self.lset(s0i, false);
        *f = [
            key(33, &[s0.word, s0vr]),
            key(34, &[s0.tag, s0vr]),
            key(45, &[s0r.word]),
            key(46, &[s0r.tag]),
            key(47, &[self.lab(s0ri)]),
            key(57, &[s0r2.word]),
            key(58, &[s0r2.tag]),
            key(59, &[self.lab(s0r2i)]),
            key(64, &[s0.tag, s0r.tag, s0r2.tag]),
            key(67, &[s0.word, s0sr]),
            key(68, &[s0.tag, s0sr]),
        ];
    }

    /// The next three words.
    fn buffer_fixed(&self, f: &mut [u64; NB_FIXED]) {
        let st = self.st;
        let n0i = self.n0i();
        let n1i = if st.b < st.n { st.b as u32 + 1 } else { NONE };
        let n2i = if st.b + 1 < st.n { st.b as u32 + 2 } else { NONE };
        let n3i = if st.b + 2 < st.n { st.b as u32 + 3 } else { NONE };
        let (n0, n1, n2, n3) = (self.node(n0i), self.node(n1i), self.node(n2i), self.node(n3i));
        *f = [
            key(4, &[n0.word, n0.tag]),
            key(5, &[n0.word]),
            key(6, &[n0.tag]),
            key(7, &[n1.word, n1.tag]),
            key(8, &[n1.word]),
            key(9, &[n1.tag]),
            key(10, &[n2.word, n2.tag]),
            key(11, &[n2.word]),
            key(12, &[n2.tag]),
            key(20, &[n0.tag, n1.tag]),
            key(21, &[n0.tag, n1.tag, n2.tag]),
            key(79, &[n3.tag]),
            key(80, &[n1.tag, n2.tag, n3.tag]),
            key(81, &[n0.word, n1.word]),
            key(82, &[n0.word, n1.tag]),
            key(83, &[n0.tag, n1.word]),
        ];
    }

    /// The next word's left children.
    fn buffer_left(&self, f: &mut [u64; NB_LEFT]) {
        let n0i = self.n0i();
        let n0 = self.node(n0i);
        let n0li = self.get(n0i, |st, i| st.lefts[i][0]);
        let n0l2i = self.get(n0i, |st, i| st.lefts[i][1]);
        let (n0l, n0l2) = (self.node(n0li), self.node(n0l2i));
        let n0vl = self.val(n0i, true);
        let n0sl = self.lset(n0i, true);
        *f = [
            key(37, &[n0.word, n0vl]),
            key(38, &[n0.tag, n0vl]),
            key(48, &[n0l.word]),
            key(49, &[n0l.tag]),
            key(50, &[self.lab(n0li)]),
            key(60, &[n0l2.word]),
            key(61, &[n0l2.tag]),
            key(62, &[self.lab(n0l2i)]),
            key(66, &[n0.tag, n0l.tag, n0l2.tag]),
            key(71, &[n0.word, n0sl]),
            key(72, &[n0.tag, n0sl]),
        ];
    }

    /// Features of the stack top with the buffer.
    fn pair(&self, f: &mut [u64; NP]) {
        let st = self.st;
        let s0i = st.s0();
        let n0i = self.n0i();
        let n1i = if st.b < st.n { st.b as u32 + 1 } else { NONE };
        let s1i = if st.stack.len() >= 2 { st.stack[st.stack.len() - 2] } else { NONE };
        let (s0, n0, n1, s1) = (self.node(s0i), self.node(n0i), self.node(n1i), self.node(s1i));
        let s0hi = self.get(s0i, |st, i| st.heads[i]);
        let s0li = self.get(s0i, |st, i| st.lefts[i][0]);
        let s0ri = self.get(s0i, |st, i| st.rights[i][0]);
        let n0li = self.get(n0i, |st, i| st.lefts[i][0]);
        let (s0h, s0l, s0r, n0l) = (self.node(s0hi), self.node(s0li), self.node(s0ri), self.node(n0li));
        let d = if s0i == NONE || n0i == NONE {
            0
        } else {
            match n0i - s0i {
                x @ 1..=4 => u64::from(x),
                5..=9 => 5,
                _ => 6,
            }
        };
        let s0_has_head = u64::from(s0i != NONE && s0i != 0 && st.heads[s0i as usize] != NONE);
        // Punctuation marks and verbs between the two words (0, 1, 2 or more).
        let (punct, verbs) = if s0i == NONE || n0i == NONE || s0i == 0 {
            (9, 9)
        } else {
            (
                u64::from((n0.punct - u16::from(n0.punct > 0 && self.is_punct(n0i))).saturating_sub(s0.punct).min(2)),
                u64::from((n0.verbs - u16::from(n0.verbs > 0 && self.is_verb(n0i))).saturating_sub(s0.verbs).min(2)),
            )
        };
        *f = [
            // Word pairs.
            key(16, &[s0.word, s0.tag, n0.tag]),
            key(17, &[s0.tag, n0.word, n0.tag]),
            key(18, &[s0.word, n0.word]),
            key(19, &[s0.tag, n0.tag]),
            // Three words.
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
            // The second stack word, and whether the top already has a head.
            key(73, &[s1.tag, s0.tag, n0.tag, s0_has_head]),
            // What lies between the top and the next word.
            key(84, &[s0.tag, n0.tag, punct, verbs]),
            key(85, &[d, punct, verbs]),
        ];
    }
}

/// All the features of a configuration, for training: the bias, then the
/// groups in the order [`Parser::parse`] looks them up.
fn features(st: &State, nd: &[Node], f: &mut [u64; N_FEATS]) {
    let v = View { st, nd };
    let (mut a, mut b, mut c, mut d, mut e) =
        ([0u64; NS_FIXED], [0u64; NS_RIGHT], [0u64; NB_FIXED], [0u64; NB_LEFT], [0u64; NP]);
    v.stack_fixed(&mut a);
    v.stack_right(&mut b);
    v.buffer_fixed(&mut c);
    v.buffer_left(&mut d);
    v.pair(&mut e);
    let mut at = 0;
    f[at] = bias();
    at += 1;
    for g in [&a[..], &b[..], &c[..], &d[..], &e[..]] {
        f[at..at + g.len()].copy_from_slice(g);
        at += g.len();
    }
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
    /// The bias's weights: every transition's scores start from them.
    bias: Scores,
    /// Sums of the features that read a word's missing head or children
    /// (see [`Absent`]).
    absent: Absent,
    /// Per set of moves ([`Moves::index`]), the live classes it allows
    /// (see [`Frozen::best_kept`]).
    keeps: Vec<Scores>,
}

/// Features of a group that read the head or children of a word that has
/// none see the same values whatever the word, so their sums are looked up
/// once, with the parser, and the word's own features alone per word. The
/// sums are the same (wrapping `i16` adds, in any order), so is the parse.
#[derive(Clone, Debug)]
struct Absent {
    /// [`View::stack_fixed`]'s features of the stack top's head and
    /// grandparent (positions [`S_HEAD`]), for a top without a head.
    s_head: Scores,
    /// Its features of the top's left children ([`S_LEFT`]), for a top
    /// without any.
    s_left: Scores,
    /// [`View::stack_right`]'s features of the right children
    /// ([`KIDS`]), for a top without any.
    s_right: Scores,
    /// [`View::buffer_left`]'s features of the left children ([`KIDS`]),
    /// for a next word without any.
    b_left: Scores,
}

/// Positions in [`View::stack_fixed`] of the features of the top's head
/// and grandparent (templates 39–41 and 51–53), as a bit set.
const S_HEAD: u32 = 0b111 << 5 | 0b111 << 11;
/// Positions in [`View::stack_fixed`] of the features of the top's left
/// children (templates 42–44 and 54–56).
const S_LEFT: u32 = 0b111 << 8 | 0b111 << 14;
/// Positions in [`View::stack_right`] and [`View::buffer_left`] of the
/// features of the children (templates 45–47 and 57–59; 48–50 and 60–62).
const KIDS: u32 = 0b11_1111 << 2;

/// A group's sums for one word, and what they were computed for.
struct Sums {
    sums: Vec<Scores>,
    /// Per word: the version the sums hold (0: none).
    have: Vec<u32>,
}

impl Sums {
    fn new(words: usize) -> Sums {
        Sums { sums: vec![[0; MAX_CLASSES]; words], have: vec![0; words] }
    }
}

impl Parser {
    pub(crate) fn new(model: Frozen) -> Parser {
        let mut bias = [0i16; MAX_CLASSES];
        model.score(&[self::bias()], &mut bias);
        // The root alone on the stack, before a word without children: no
        // head, no children anywhere.
        let st = State::new(1);
        let nd = [ROOT_NODE, NO_NODE];
        let v = View { st: &st, nd: &nd };
        let (mut fa, mut fb, mut fd) = ([0u64; NS_FIXED], [0u64; NS_RIGHT], [0u64; NB_LEFT]);
        v.stack_fixed(&mut fa);
        v.stack_right(&mut fb);
        v.buffer_left(&mut fd);
        let sum = |feats: &[u64], set: u32| {
            let mut f = [0u64; NS_FIXED];
            let n = subset(feats, set, &mut f);
            let mut out = [0i16; MAX_CLASSES];
            model.score(&f[..n], &mut out);
            out
        };
        let absent = Absent {
            s_head: sum(&fa, S_HEAD),
            s_left: sum(&fa, S_LEFT),
            s_right: sum(&fb, KIDS),
            b_left: sum(&fd, KIDS),
        };
        let keeps = (0..N_MOVE_SETS).map(|i| model.keep(|c| Moves::from_index(i).allows(c))).collect();
        Parser { model, bias, absent, keeps }
    }

    /// Looks up a group of features and writes their sum into `out`.
    #[inline]
    fn group(&self, feats: &[u64], out: &mut Scores) {
        let mut vals = [0u32; NS_FIXED];
        let n = feats.len().min(vals.len());
        self.model.resolve(&feats[..n], &mut vals[..n]);
        *out = [0; MAX_CLASSES];
        self.model.add(&vals[..n], out);
    }

    /// [`Parser::group`] with the features at the positions in `skip` left
    /// out and the sums `known` (theirs) added instead.
    #[inline]
    fn group_but(&self, feats: &[u64], skip: u32, known: &[&Scores], out: &mut Scores) {
        let mut f = [0u64; NS_FIXED];
        let n = subset(feats, !skip, &mut f);
        self.group(&f[..n], out);
        let w = self.model.width();
        for k in known {
            for (s, &x) in out[..w].iter_mut().zip(&k[..w]) {
                *s = s.wrapping_add(x);
            }
        }
    }

    /// Parses one sentence (`nd[0]` is the root).
    ///
    /// The scores of a transition are the bias plus five groups' sums (see
    /// [`NS_FIXED`]). The sums of the stack top's and of the next word's
    /// groups are kept per word with the number of children they were
    /// computed for, and looked up again only when that changed: a word that
    /// comes back to the top, or a buffer that a reduce left as it was,
    /// costs no look-up. The sums are exact, so the parse is the one a full
    /// scoring of every transition gives.
    pub(crate) fn parse(&self, nd: &[Node]) -> Arcs {
        let n = nd.len() - 1;
        let mut st = State::new(n);
        let mut s_fixed = Sums::new(n + 1);
        let mut s_right = Sums::new(n + 1);
        let mut b_fixed = Sums::new(1);
        let mut b_left = Sums::new(1);
        // The buffer front the buffer sums are for.
        let (mut b_fixed_at, mut b_left_at) = (usize::MAX, usize::MAX);
        let mut fa = [0u64; NS_FIXED];
        let mut fb = [0u64; NS_RIGHT];
        let mut fc = [0u64; NB_FIXED];
        let mut fd = [0u64; NB_LEFT];
        let mut fe = [0u64; NP];
        let mut vals = [0u32; NP];
        let w = self.model.width();
        while !st.done() {
            let v = View { st: &st, nd };
            let s0 = st.s0() as usize;
            let b = st.b;
            if s_fixed.have[s0] == 0 {
                v.stack_fixed(&mut fa);
                let no_head = st.heads[s0] == NONE;
                let no_left = st.lefts[s0][0] == NONE;
                let (a, h) = (&self.absent, &mut s_fixed.sums[s0]);
                match (no_head, no_left) {
                    (true, true) => self.group_but(&fa, S_HEAD | S_LEFT, &[&a.s_head, &a.s_left], h),
                    (true, false) => self.group_but(&fa, S_HEAD, &[&a.s_head], h),
                    (false, true) => self.group_but(&fa, S_LEFT, &[&a.s_left], h),
                    (false, false) => self.group(&fa, h),
                }
                s_fixed.have[s0] = 1;
            }
            let ver = u32::from(st.n_right[s0]) + 1;
            if s_right.have[s0] != ver {
                v.stack_right(&mut fb);
                if ver == 1 {
                    self.group_but(&fb, KIDS, &[&self.absent.s_right], &mut s_right.sums[s0]);
                } else {
                    self.group(&fb, &mut s_right.sums[s0]);
                }
                s_right.have[s0] = ver;
            }
            if b_fixed_at != b {
                v.buffer_fixed(&mut fc);
                self.group(&fc, &mut b_fixed.sums[0]);
                b_fixed_at = b;
            }
            let ver = st.n_left.get(b).map_or(0, |&x| u32::from(x)) + 1;
            if b_left_at != b || b_left.have[0] != ver {
                v.buffer_left(&mut fd);
                if ver == 1 {
                    self.group_but(&fd, KIDS, &[&self.absent.b_left], &mut b_left.sums[0]);
                } else {
                    self.group(&fd, &mut b_left.sums[0]);
                }
                b_left_at = b;
                b_left.have[0] = ver;
            }
            v.pair(&mut fe);
            self.model.resolve(&fe, &mut vals);
            let mut scores = self.bias;
            self.model.add(&vals, &mut scores);
            let parts = [&s_fixed.sums[s0], &s_right.sums[s0], &b_fixed.sums[0], &b_left.sums[0]];
            for part in parts {
                for (s, &x) in scores[..w].iter_mut().zip(&part[..w]) {
                    *s = s.wrapping_add(x);
                }
            }
            let moves = st.moves();
            let mask = moves.mask();
            let keep = &self.keeps[moves.index()];
            // Nothing valid cannot happen while the buffer is not empty
            // (shift always is); stop rather than loop.
            let Some(c) = self.model.best_kept(&scores, keep, |c| mask >> c & 1 != 0) else { break };
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
                let mv = st.moves();
                st.costs(mv, &gh, &gl, &in_stack, &mut costs);
                let min_cost = costs.iter().copied().min().unwrap_or(u32::MAX);
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
    Parser::new(tr.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mask_of_moves_allows_what_allows_does() {
        for bits in 0u32..32 {
            let on = |k: u32| bits >> k & 1 == 1;
            let mv = Moves { shift: on(0), reduce: on(1), left: on(2), right: on(3), right_root: on(4) };
            let mask = mv.mask();
            for c in 0..N_CLASSES {
                assert_eq!(mask >> c & 1 == 1, mv.allows(c), "class {c}, moves {mv:?}");
            }
            assert_eq!(mask >> N_CLASSES, 0);
            assert_eq!(Moves::from_index(mv.index()).mask(), mask);
        }
    }

    /// The parse that scores every transition with all its features at once.
    fn parse_scoring_everything(p: &Parser, nd: &[Node]) -> Arcs {
        let mut st = State::new(nd.len() - 1);
        let mut f = [0u64; N_FEATS];
        let mut scores = [0i16; MAX_CLASSES];
        while !st.done() {
            features(&st, nd, &mut f);
            p.model.score(&f, &mut scores);
            let mv = st.moves();
            let Some(c) = p.model.best(&scores, |c| mv.allows(c)) else { break };
            st.apply(c);
        }
        st.finish();
        Arcs { heads: st.heads[1..].to_vec(), rels: st.rels[1..].to_vec() }
    }

    #[test]
    fn kept_sums_give_the_parse_of_full_scoring() {
        let m = crate::model::Model::builtin().expect("the built-in model");
        let text = "The president , who arrived in Caracas on Friday , met the foreign minister and said that \
                    Iran had shipped fuel to Venezuela , which the United States had sanctioned , despite \
                    warnings . Officials said the talks , held in Geneva last week , would resume in May if both \
                    sides agreed to the terms that the mediators proposed .";
        let mut tags = Vec::new();
        // Slices of the text, and shuffled words, of every length.
        for words in crate::hash::test_sentences(text, 3, 200) {
            m.tag(&words, &mut tags);
            let hashes: Vec<u64> = words
                .iter()
                .map(|w| {
                    let mut buf = String::new();
                    crate::tagger::norm_word(w, &mut buf);
                    crate::hash::str_hash(&buf)
                })
                .collect();
            let mut nd = Vec::new();
            nodes(&hashes, &tags, &mut nd);
            assert_eq!(m.parser.parse(&nd), parse_scoring_everything(&m.parser, &nd), "{words:?}");
        }
    }

    #[test]
    fn projectivity() {
        // 1 <- 2 -> 3 (root 2)
        assert!(is_projective(&[2, 0, 2]));
        // Crossing: 1->3, 2->4
        assert!(!is_projective(&[3, 4, 0, 3]));
    }

    #[test]
    fn costs_counted_at_once_agree_on_wrong_paths() {
        // "The tankers were seized by US forces ." and random moves.
        let heads = vec![2u32, 4, 4, 0, 7, 7, 4, 4];
        let rels = vec![
            Rel::Det,
            Rel::NsubjPass,
            Rel::AuxPass,
            Rel::Root,
            Rel::Case,
            Rel::Compound,
            Rel::OblAgent,
            Rel::Punct,
        ];
        let mut gh = vec![NONE];
        gh.extend_from_slice(&heads);
        let mut gl = vec![Rel::Dep];
        gl.extend_from_slice(&rels);
        let mut rng = Rng::new(5);
        let mut costs = [0u32; N_CLASSES];
        for _ in 0..50 {
            let mut st = State::new(heads.len());
            let mut in_stack = vec![false; heads.len() + 2];
            in_stack[0] = true;
            while !st.done() {
                let mv = st.moves();
                st.costs(mv, &gh, &gl, &in_stack, &mut costs);
                for (c, &cost) in costs.iter().enumerate() {
                    let one = if mv.allows(c) { st.cost(c, &gh, &gl, &in_stack) } else { u32::MAX };
                    assert_eq!(cost, one, "class {c}");
                }
                let allowed: Vec<usize> = (0..N_CLASSES).filter(|&c| mv.allows(c)).collect();
                let c = allowed[(rng.next_u64() % allowed.len() as u64) as usize];
                let (before, top) = (st.stack.len(), st.s0());
                st.apply(c);
                if st.stack.len() < before {
                    in_stack[top as usize] = false;
                } else if st.stack.len() > before {
                    in_stack[st.s0() as usize] = true;
                }
            }
        }
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
        let mut costs = [0u32; N_CLASSES];
        while !st.done() {
            // The per-class costs agree with the costs counted at once.
            st.costs(st.moves(), &gh, &gl, &in_stack, &mut costs);
            for (c, &cost) in costs.iter().enumerate() {
                let one = if st.moves().allows(c) { st.cost(c, &gh, &gl, &in_stack) } else { u32::MAX };
                assert_eq!(cost, one, "class {c}");
            }
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
