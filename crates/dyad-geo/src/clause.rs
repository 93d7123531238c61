//! Which clause of a parsed sentence a place belongs to.
//!
//! The coder parses the sentences it codes; the engine keeps the trees of
//! the sentences that gave mentions ([`Tree`]) and hands them here, so that
//! a place named in a relative clause, a reported claim or another event's
//! clause of the same sentence (`rejected Trump's claim that Isis had been
//! defeated in Syria`, `the fighters captured in Syria`) does not place the
//! event, and a place of the event's own clause is taken even when it is
//! far from the verb.

use dyad_types::{Parse, Pos, Rel, Span};

/// A parsed sentence as geolocation reads it: each token's byte span in the
/// article, its head and its relation to it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tree {
    spans: Vec<Span>,
    /// Head per token: 1-based, 0 for a root.
    heads: Vec<u32>,
    rels: Vec<Rel>,
    tags: Vec<Pos>,
    /// Per token: it has a subject, an auxiliary or a copula of its own.
    own_subject: Vec<bool>,
    /// Per token: a `wh`-adverb (`where`, `when`) before it depends on it.
    wh_before: Vec<bool>,
}

/// What the tree says of a place and an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Clause {
    /// The place is in the event's clause (or is the place a relative
    /// clause of the event describes: `Canada, where a man rejected him`).
    Same,
    /// The place belongs to another clause.
    Other,
}

impl Tree {
    /// The tree of `parse`, whose tokens are at `spans` of the article
    /// text; `None` when they do not match one for one.
    pub fn new(spans: Vec<Span>, parse: &Parse) -> Option<Tree> {
        let n = spans.len();
        let ok = parse.heads.len() == n
            && parse.rels.len() == n
            && parse.tags.len() == n
            && n > 0
            && parse.heads.iter().all(|&h| h as usize <= n)
            && spans.windows(2).all(|w| w[0].end <= w[1].start);
        if !ok {
            return None;
        }
        // What each token's dependents say, gathered in one pass so that
        // every question about a token is answered in constant time.
        let (mut own_subject, mut wh_before) = (vec![false; n], vec![false; n]);
        for k in 0..n {
            let Some(h) = (parse.heads[k] as usize).checked_sub(1).filter(|&h| h != k) else { continue };
            let rel = parse.rels[k];
            own_subject[h] |= rel.is_subject() || matches!(rel, Rel::Aux | Rel::AuxPass | Rel::Cop | Rel::Expl);
            wh_before[h] |= parse.tags[k] == Pos::WRB && k < h;
        }
        Some(Tree {
            spans,
            heads: parse.heads.clone(),
            rels: parse.rels.clone(),
            tags: parse.tags.clone(),
            own_subject,
            wh_before,
        })
    }

    /// Where the sentence is in the article.
    pub fn span(&self) -> Span {
        Span::new(self.spans[0].start, self.spans[self.spans.len() - 1].end)
    }

    /// The token covering byte `at`, if any.
    fn token_at(&self, at: usize) -> Option<usize> {
        let i = self.spans.partition_point(|s| s.end <= at);
        (i < self.spans.len() && self.spans[i].start <= at).then_some(i)
    }

    fn head(&self, i: usize) -> Option<usize> {
        (self.heads[i] as usize).checked_sub(1).filter(|&h| h != i)
    }

    /// True when token `i` opens a clause of its own below its head, or
    /// hangs from punctuation (the parser lost its way).
    fn clause_edge(&self, i: usize) -> bool {
        match self.rels[i] {
            // `allowed inspectors to visit the Fordow site`: an infinitive
            // is the clause's own complement.
            Rel::Acl => self.tags[i] != Pos::VB,
            Rel::AclRelcl
            | Rel::Advcl
            | Rel::AdvclRelcl
            | Rel::Ccomp
            | Rel::Csubj
            | Rel::CsubjPass
            | Rel::CsubjOuter
            | Rel::Parataxis
            | Rel::Punct
            | Rel::List
            | Rel::Orphan
            | Rel::Reparandum => true,
            // Coordinated clauses, not coordinated names (`Baghdad and
            // Erbil`); a noun coordinated with a verb is a clause the
            // parser misread (`handing Syria over to Russia, the peace
            // process in Geneva has become …`).
            Rel::Conj => self.tags[i].is_verb() || self.head(i).is_some_and(|h| self.tags[h].is_verb()),
            _ => false,
        }
    }

    /// The head of the clause of token `v`: up through infinitives and
    /// catenatives (`began exiting`, `planning to send`), and through a
    /// participle with no subject or auxiliary of its own that hangs from
    /// a clause (`awaiting trial in the UK accused of …`, `claimed a
    /// shooting in Cairo, killing …`), or a verb so bare coordinated with
    /// one (`died in Syria fighting or working with …`), which share their
    /// clause's places.
    fn clause_head(&self, mut v: usize) -> usize {
        // One participle step at most: `condemning` in `helping operations
        // in Afrin by granting permission and condemning the US` is not
        // `helping`'s.
        let mut participles = 0;
        for _ in 0..self.spans.len() {
            let Some(h) = self.head(v) else { break };
            let participle = match self.rels[v] {
                Rel::Advcl => matches!(self.tags[v], Pos::VBG | Pos::VBN),
                // `pushed into northern Syria, escorted by jets`: a past
                // participle after a comma is a participial phrase the
                // parser coordinated.
                // A verb that shares its subject (`visited Iran, his first
                // trip to Tehran, and met Raisi`); not one with a subject
                // or an auxiliary of its own (`is set to host a congress
                // in Sochi, and is planning to send …`).
                Rel::Conj => self.tags[v] != Pos::VBN || (v > 0 && self.tags[v - 1] == Pos::Comma),
                _ => false,
            } && !self.has_own_subject(v);
            if self.rels[v] == Rel::Xcomp {
                v = h;
            } else if participle && participles == 0 {
                participles += 1;
                v = h;
            } else {
                break;
            }
        }
        v
    }

    /// True when token `v` has a subject, an auxiliary or a copula of its own.
    fn has_own_subject(&self, v: usize) -> bool {
        self.own_subject[v]
    }

    /// Whether the place at byte span `place` belongs to the clause of the
    /// event whose verb is at `verb`, and how many arcs part it from the
    /// clause's spine (the verb and the heads it shares its places with):
    /// `None` when the tree does not cover both.
    pub(crate) fn clause_of(&self, place: Span, verb: Span) -> Option<(Clause, usize)> {
        let (p, v) = (self.token_at(place.start)?, self.token_at(verb.start)?);
        let h = self.clause_head(v);
        // The spine: the verb up to its clause head; an event noun with the
        // word it hangs from (`compared the move to Obama's withdrawal from
        // Iraq`, which the parser hangs on `move`; `ordered a missile
        // strike against the Syrian regime's airbase`; `airdropped aid
        // into northern Gaza`).
        let mut spine = vec![v];
        if !self.tags[v].is_verb() {
            spine.extend(self.head(v));
        }
        let mut x = v;
        while x != h && spine.len() <= self.spans.len() {
            let Some(up) = self.head(x) else { break };
            spine.push(up);
            x = up;
        }
        // The event told in a relative clause (`the attack on the Stark in
        // the Gulf, which killed 37`) happened at its antecedent's place.
        let antecedent = self.head(h).filter(|_| matches!(self.rels[h], Rel::AclRelcl | Rel::Acl | Rel::AdvclRelcl));
        // Up from the place: reaching the spine, or the antecedent of the
        // spine's relative clause, without crossing into a clause of its
        // own puts it in the event's clause.
        let mut x = p;
        let mut edges = Vec::new();
        for steps in 0..=self.spans.len() {
            if edges.is_empty() && antecedent == Some(x) {
                return Some((Clause::Same, steps + 1));
            }
            if spine.contains(&x) {
                // A relative clause on the event's subject tells where its
                // doer was (`Scholz, who arrived in Beijing on Friday, met
                // Li`): a place of the clause, ranked after the others.
                let subject = |e: usize| {
                    self.rels[e] == Rel::AclRelcl
                        && self.head(e).is_some_and(|s| self.rels[s].is_subject() && self.head(s) == Some(x))
                };
                return Some(match edges[..] {
                    [] => (Clause::Same, steps),
                    [e] if subject(e) => (Clause::Same, steps + 3),
                    _ => (Clause::Other, steps),
                });
            }
            if self.clause_edge(x) {
                edges.push(x);
            }
            match self.head(x) {
                Some(up) => x = up,
                None => break,
            }
        }
        // The event is told in a relative clause of a place it is listed
        // with (`Syria, Turkey and even Canada, where a man rejected him`:
        // the parser hangs the clause on the list's first).
        let relative = antecedent.is_some_and(|a| a == p || (self.rels[p] == Rel::Conj && self.head(p) == Some(a)));
        // `visited Iran, where he signed a pact`, which the parser hangs
        // on `visited`: the place is the visited one's object.
        let whered = self.rels[h] == Rel::Advcl
            && self.wh_before[h]
            && self.head(p) == self.head(h)
            && matches!(self.rels[p], Rel::Obj | Rel::Obl);
        let relative = relative || whered;
        Some(if relative { (Clause::Same, 1) } else { (Clause::Other, 0) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree from CoNLL-style rows `word head rel tag` over `text`.
    fn tree(text: &str, rows: &[(&str, u32, Rel, Pos)]) -> Tree {
        let mut at = 0;
        let mut spans = Vec::new();
        for (w, ..) in rows {
            let s = text[at..].find(w).unwrap() + at;
            spans.push(Span::new(s, s + w.len()));
            at = s + w.len();
        }
        let parse = Parse {
            tags: rows.iter().map(|r| r.3).collect(),
            heads: rows.iter().map(|r| r.1).collect(),
            rels: rows.iter().map(|r| r.2).collect(),
            ..Parse::default()
        };
        Tree::new(spans, &parse).unwrap()
    }

    fn span(text: &str, w: &str) -> Span {
        let s = text.find(w).unwrap();
        Span::new(s, s + w.len())
    }

    #[test]
    fn a_place_in_a_reported_claim_is_another_clause_s() {
        use Pos::*;
        use Rel::*;
        let text = "Ellwood rejected the claim that Isis was defeated in Syria";
        let t = tree(
            text,
            &[
                ("Ellwood", 2, Nsubj, NNP),
                ("rejected", 0, Root, VBD),
                ("the", 4, Det, DT),
                ("claim", 2, Obj, NN),
                ("that", 8, Mark, IN),
                ("Isis", 8, NsubjPass, NNP),
                ("was", 8, AuxPass, VBD),
                ("defeated", 4, Acl, VBN),
                ("in", 10, Case, IN),
                ("Syria", 8, Obl, NNP),
            ],
        );
        assert_eq!(t.clause_of(span(text, "Syria"), span(text, "rejected")).map(|c| c.0), Some(Clause::Other));
        assert_eq!(t.clause_of(span(text, "Syria"), span(text, "defeated")).map(|c| c.0), Some(Clause::Same));
    }

    #[test]
    fn a_long_list_is_answered_in_linear_time() {
        // 20,000 tokens hanging in one chain of conjuncts: each question
        // walks the tree once.
        let n = 20_000;
        let spans: Vec<Span> = (0..n).map(|i| Span::new(2 * i, 2 * i + 1)).collect();
        let parse = Parse {
            tags: vec![Pos::NNP; n],
            heads: (0..n as u32).collect(),
            rels: (0..n).map(|i| if i == 0 { Rel::Root } else { Rel::Conj }).collect(),
            ..Parse::default()
        };
        let t = Tree::new(spans, &parse).unwrap();
        let start = std::time::Instant::now();
        for i in (0..n).step_by(100) {
            assert!(t.clause_of(Span::new(2 * i, 2 * i + 1), Span::new(0, 1)).is_some());
        }
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    #[test]
    fn the_place_a_relative_clause_describes_is_its_event_s() {
        use Pos::*;
        use Rel::*;
        let text = "Canada, where a man rejected him";
        let t = tree(
            text,
            &[
                ("Canada", 0, Root, NNP),
                (",", 1, Punct, Comma),
                ("where", 6, Advmod, WRB),
                ("a", 5, Det, DT),
                ("man", 6, Nsubj, NN),
                ("rejected", 1, AclRelcl, VBD),
                ("him", 6, Obj, PRP),
            ],
        );
        assert_eq!(t.clause_of(span(text, "Canada"), span(text, "rejected")).map(|c| c.0), Some(Clause::Same));
    }
}
