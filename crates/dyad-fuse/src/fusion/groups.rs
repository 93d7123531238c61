//! The groups fusion builds, with what the rules ask of them kept up to
//! date as members join, so that placing a mention costs the groups it can
//! join, not every member of every group.
//!
//! A group keeps the intersection of its members' periods (narrow and
//! widened: pairwise overlapping intervals share one), its acts, counts of
//! members per sentence, document, cluster and named day, and its distinct
//! figure lists and places. A mention is then checked against the members
//! one by one only where such a summary says some member could keep it out
//! (another act, a period that does not meet, figures far apart), and the
//! groups it can reach are found through an index on their periods. The
//! outcome is exactly that of comparing with every member
//! (`fuse_matches_the_member_by_member_baseline` in the tests).

use std::collections::{BTreeSet, HashMap};

use dyad_types::{DatePrecision, Location, PartialDate, Quantity};

use super::{quantities_agree, quantities_separate, separation, Rec, When};

/// The three-digit act of a CAMEO code.
fn act(c: &str) -> &str {
    c.get(..3).unwrap_or(c)
}

/// The intersection of two day ranges.
fn meet(a: Option<(i64, i64)>, b: Option<(i64, i64)>) -> Option<(i64, i64)> {
    match (a, b) {
        (Some(x), Some(y)) => Some((x.0.max(y.0), x.1.min(y.1))),
        (x, None) => x,
        (None, y) => y,
    }
}

/// One group of mentions on its way to becoming an event.
pub(super) struct Group<'a> {
    pub(super) members: Vec<Rec<'a>>,
    /// The days every dated member can refer to, narrow and widened.
    narrow: Option<(i64, i64)>,
    wide: Option<(i64, i64)>,
    acts: HashMap<&'a str, usize>,
    by_sentence: HashMap<(&'a str, usize), usize>,
    by_doc: HashMap<&'a str, usize>,
    by_cluster: HashMap<i64, usize>,
    by_cluster_doc: HashMap<(i64, &'a str), usize>,
    /// Members whose sentence names this day.
    by_day: HashMap<PartialDate, usize>,
    /// Distinct figure lists, with the members that give each.
    figures: Vec<(&'a [Quantity], Vec<usize>)>,
    /// Distinct stated places.
    places: Vec<&'a Location>,
}

impl<'a> Group<'a> {
    fn new() -> Group<'a> {
        Group {
            members: Vec::new(),
            narrow: None,
            wide: None,
            acts: HashMap::new(),
            by_sentence: HashMap::new(),
            by_doc: HashMap::new(),
            by_cluster: HashMap::new(),
            by_cluster_doc: HashMap::new(),
            by_day: HashMap::new(),
            figures: Vec::new(),
            places: Vec::new(),
        }
    }

    fn push(&mut self, m: Rec<'a>) {
        let i = self.members.len();
        self.narrow = meet(self.narrow, m.days);
        self.wide = meet(self.wide, m.wide);
        *self.acts.entry(act(&m.r.cameo)).or_default() += 1;
        *self.by_sentence.entry((m.r.doc_id.as_str(), m.r.sentence)).or_default() += 1;
        *self.by_doc.entry(m.r.doc_id.as_str()).or_default() += 1;
        *self.by_cluster.entry(m.r.cluster).or_default() += 1;
        *self.by_cluster_doc.entry((m.r.cluster, m.r.doc_id.as_str())).or_default() += 1;
        if let Some(d) = own_day(&m) {
            *self.by_day.entry(d).or_default() += 1;
        }
        if !m.r.quantities.is_empty() {
            match self.figures.iter_mut().find(|(q, _)| *q == m.r.quantities.as_slice()) {
                Some((_, who)) => who.push(i),
                None => self.figures.push((&m.r.quantities, vec![i])),
            }
        }
        if let Some(p) = &m.r.place {
            if !self.places.contains(&p) {
                self.places.push(p);
            }
        }
        self.members.push(m);
    }

    /// No member keeps `m` out: `separation` with each is `None`. The
    /// summaries answer for every member at once unless one of them says
    /// some member could (its period does not meet `m`'s, another act,
    /// figures far apart): then each member is asked.
    fn admits(&self, m: &Rec<'_>) -> bool {
        let apart = |g: Option<(i64, i64)>, d: Option<(i64, i64)>| match (g, d) {
            (Some(x), Some(y)) => x.0 > y.1 || y.0 > x.1,
            _ => false,
        };
        // A period that does not meet even widened separates whatever the
        // evidence; so does a place that does not agree.
        if apart(self.wide, m.wide) {
            return false;
        }
        if let Some(p) = &m.r.place {
            if self.places.iter().any(|o| !p.agrees(o)) {
                return false;
            }
        }
        let mine = act(&m.r.cameo);
        let doubtful = apart(self.narrow, m.days)
            || self.acts.keys().any(|a| *a != mine)
            || !m.r.quantities.is_empty() && self.figures.iter().any(|(q, _)| quantities_separate(&m.r.quantities, q));
        !doubtful || self.members.iter().all(|o| separation(m, o).is_none())
    }

    /// What ties `m` to the group (see `ties`), from the counts.
    fn ties(&self, m: &Rec<'_>) -> [usize; 4] {
        let doc = m.r.doc_id.as_str();
        let count = |n: Option<&usize>| n.copied().unwrap_or(0);
        let same_sentence = count(self.by_sentence.get(&(doc, m.r.sentence)));
        let near_duplicates =
            count(self.by_cluster.get(&m.r.cluster)) - count(self.by_cluster_doc.get(&(m.r.cluster, doc)));
        let same_day = own_day(m).map_or(0, |d| count(self.by_day.get(&d)));
        let figures = if m.r.quantities.is_empty() {
            0
        } else {
            self.figures.iter().filter(|(q, _)| quantities_agree(&m.r.quantities, q)).map(|(_, who)| who.len()).sum()
        };
        [same_sentence + near_duplicates, same_day, figures, count(self.by_doc.get(doc))]
    }
}

/// The day a mention's sentence names, when it names one to the day (what
/// `same_day` compares).
fn own_day(m: &Rec<'_>) -> Option<PartialDate> {
    match m.when {
        When::Own(d) if d.precision() == DatePrecision::Day => Some(d),
        _ => None,
    }
}

/// How well a group fits a mention: its ties, its size, then the oldest.
type Score = ([usize; 4], usize, std::cmp::Reverse<usize>);

/// The groups of one key, indexed by the last day their widened periods
/// share, so that a mention visits only the groups whose periods can meet
/// its own.
pub(super) struct Groups<'a> {
    pub(super) all: Vec<Group<'a>>,
    /// (last shared widened day, group) of the groups with a dated member.
    dated: BTreeSet<(i64, usize)>,
    /// Groups with no dated member.
    undated: Vec<usize>,
    /// The longest widened period of any mention: a group's shared period
    /// ends at most this long after it starts.
    longest: i64,
}

impl<'a> Groups<'a> {
    pub(super) fn new(recs: &[Rec<'a>]) -> Groups<'a> {
        let longest = recs.iter().filter_map(|r| r.wide).map(|(s, e)| e - s).max().unwrap_or(0).max(0);
        Groups { all: Vec::new(), dated: BTreeSet::new(), undated: Vec::new(), longest }
    }

    /// The best group for `m` as `fuse` chooses it: admitted, tied by
    /// evidence if `m` has no date, the most evidence, then the largest,
    /// then the oldest.
    pub(super) fn best(&self, m: &Rec<'_>) -> Option<usize> {
        let consider = |i: usize| -> Option<Score> {
            let g = &self.all[i];
            if !g.admits(m) {
                return None;
            }
            let t = g.ties(m);
            (m.when != When::Unknown || t.iter().any(|&n| n > 0)).then_some((t, g.members.len(), std::cmp::Reverse(i)))
        };
        let mut best: Option<(Score, usize)> = None;
        let mut visit = |i: usize| {
            if let Some(score) = consider(i) {
                if best.as_ref().is_none_or(|(b, _)| score > *b) {
                    best = Some((score, i));
                }
            }
        };
        match m.wide {
            // A group whose shared period meets `m`'s ends on or after its
            // start and starts (at most `longest` before its end) on or
            // before its end.
            Some((start, end)) => {
                for &(_, i) in self.dated.range((start, 0)..=(end.saturating_add(self.longest), usize::MAX)) {
                    visit(i);
                }
            }
            None => {
                for &(_, i) in &self.dated {
                    visit(i);
                }
            }
        }
        for &i in &self.undated {
            visit(i);
        }
        best.map(|(_, i)| i)
    }

    /// Puts `m` in group `i`, or in a new group.
    pub(super) fn add(&mut self, i: Option<usize>, m: Rec<'a>) {
        let Some(i) = i else {
            let mut g = Group::new();
            g.push(m);
            match g.wide {
                Some((_, end)) => self.dated.insert((end, self.all.len())),
                None => {
                    self.undated.push(self.all.len());
                    true
                }
            };
            self.all.push(g);
            return;
        };
        let g = &mut self.all[i];
        let before = g.wide;
        g.push(m);
        if g.wide != before {
            match before {
                Some((_, end)) => {
                    self.dated.remove(&(end, i));
                }
                // Mentions with no date go last: a group they opened
                // takes no dated member after them.
                None => self.undated.retain(|&u| u != i),
            }
            if let Some((_, end)) = g.wide {
                self.dated.insert((end, i));
            }
        }
    }
}
