//! What the syntax layer reads in a sentence ([`Parse`]) and its tag sets:
//! Penn Treebank part-of-speech tags ([`Pos`]) as in the XPOS column of the
//! English UD treebanks, Universal POS tags ([`Upos`]) derived from them, and
//! UD dependency relations ([`Rel`]) with the English subtypes.

macro_rules! name_enum {
    ($(#[$m:meta])* $name:ident, $fallback:ident, { $($(#[$vm:meta])* $v:ident = $s:literal,)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        #[allow(missing_docs)]
        pub enum $name { $($(#[$vm])* $v,)* }

        impl $name {
            /// Every value, in index order.
            pub const ALL: &'static [$name] = &[$($name::$v,)*];

            /// The name as written in CoNLL-U.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s,)* }
            }

            /// The value with this CoNLL-U name; unknown names give the
            /// fallback value.
            pub fn from_name(s: &str) -> $name {
                match s { $($s => $name::$v,)* _ => $name::$fallback }
            }

            /// Whether `s` names a value of this set exactly.
            pub fn is_known(s: &str) -> bool {
                matches!(s, $($s)|*)
            }

            /// The value's position in [`Self::ALL`] (a model's class index).
            pub fn index(self) -> usize {
                self as usize
            }

            /// The value at position `i` of [`Self::ALL`]; out of range gives
            /// the fallback value.
            pub fn from_index(i: usize) -> $name {
                Self::ALL.get(i).copied().unwrap_or($name::$fallback)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

name_enum!(
    /// A Penn Treebank tag (the XPOS column of UD English).
    Pos, XX, {
    NN = "NN", NNS = "NNS", NNP = "NNP", NNPS = "NNPS",
    VB = "VB", VBD = "VBD", VBG = "VBG", VBN = "VBN", VBP = "VBP", VBZ = "VBZ", MD = "MD",
    JJ = "JJ", JJR = "JJR", JJS = "JJS", RB = "RB", RBR = "RBR", RBS = "RBS",
    IN = "IN", DT = "DT", PDT = "PDT", CC = "CC", CD = "CD", TO = "TO", RP = "RP", EX = "EX",
    PRP = "PRP", PRPS = "PRP$", WDT = "WDT", WP = "WP", WPS = "WP$", WRB = "WRB", POS = "POS",
    UH = "UH", FW = "FW", LS = "LS", SYM = "SYM", AFX = "AFX", ADD = "ADD", GW = "GW", NFP = "NFP",
    HYPH = "HYPH", Comma = ",", Period = ".", Colon = ":", OpenQuote = "``", CloseQuote = "''",
    Lrb = "-LRB-", Rrb = "-RRB-", Dollar = "$", XX = "XX",
});

name_enum!(
    /// A Universal Dependencies relation, with the subtypes used in English.
    Rel, Dep, {
    Root = "root", Nsubj = "nsubj", NsubjPass = "nsubj:pass", NsubjOuter = "nsubj:outer",
    Obj = "obj", Iobj = "iobj", Csubj = "csubj", CsubjPass = "csubj:pass", CsubjOuter = "csubj:outer",
    Ccomp = "ccomp", Xcomp = "xcomp", Obl = "obl", OblAgent = "obl:agent", OblUnmarked = "obl:unmarked",
    Vocative = "vocative", Expl = "expl", Dislocated = "dislocated", Advcl = "advcl",
    AdvclRelcl = "advcl:relcl", Advmod = "advmod", Discourse = "discourse", Aux = "aux",
    AuxPass = "aux:pass", Cop = "cop", Mark = "mark", Nmod = "nmod", NmodPoss = "nmod:poss",
    NmodUnmarked = "nmod:unmarked", NmodDesc = "nmod:desc", Appos = "appos", Nummod = "nummod",
    Acl = "acl", AclRelcl = "acl:relcl", Amod = "amod", Det = "det", DetPredet = "det:predet",
    Clf = "clf", Case = "case", Conj = "conj", Cc = "cc", CcPreconj = "cc:preconj", Fixed = "fixed",
    Flat = "flat", Compound = "compound", CompoundPrt = "compound:prt", List = "list",
    Parataxis = "parataxis", Orphan = "orphan", Goeswith = "goeswith", Reparandum = "reparandum",
    Punct = "punct", Dep = "dep",
});

name_enum!(
    /// A Universal POS tag.
    Upos, X, {
    Adj = "ADJ", Adp = "ADP", Adv = "ADV", Aux = "AUX", Cconj = "CCONJ", Det = "DET", Intj = "INTJ",
    Noun = "NOUN", Num = "NUM", Part = "PART", Pron = "PRON", Propn = "PROPN", Punct = "PUNCT",
    Sconj = "SCONJ", Sym = "SYM", Verb = "VERB", X = "X",
});

impl Rel {
    /// The universal part of the relation (`nsubj` for `nsubj:pass`), as
    /// CoNLL 2018's LAS compares them.
    pub fn universal(self) -> &'static str {
        let s = self.as_str();
        s.split(':').next().unwrap_or(s)
    }

    /// A subject of any kind.
    pub fn is_subject(self) -> bool {
        matches!(self, Rel::Nsubj | Rel::NsubjPass | Rel::NsubjOuter | Rel::Csubj | Rel::CsubjPass | Rel::CsubjOuter)
    }
}

impl Pos {
    /// Any verb form, modals included.
    pub fn is_verb(self) -> bool {
        matches!(self, Pos::VB | Pos::VBD | Pos::VBG | Pos::VBN | Pos::VBP | Pos::VBZ | Pos::MD)
    }

    /// A common or proper noun.
    pub fn is_noun(self) -> bool {
        matches!(self, Pos::NN | Pos::NNS | Pos::NNP | Pos::NNPS)
    }

    /// The Universal POS tag for this tag, given the word's lemma and relation
    /// (auxiliaries and subordinators depend on them).
    pub fn upos(self, lemma: &str, rel: Rel) -> Upos {
        match self {
            Pos::NN | Pos::NNS => Upos::Noun,
            Pos::NNP | Pos::NNPS => Upos::Propn,
            Pos::MD => Upos::Aux,
            Pos::VB | Pos::VBD | Pos::VBG | Pos::VBN | Pos::VBP | Pos::VBZ => {
                let aux_lemma = matches!(lemma, "be" | "have" | "do" | "get" | "will" | "would");
                if aux_lemma && matches!(rel, Rel::Aux | Rel::AuxPass | Rel::Cop) || lemma == "be" {
                    Upos::Aux
                } else {
                    Upos::Verb
                }
            }
            Pos::JJ | Pos::JJR | Pos::JJS | Pos::AFX => Upos::Adj,
            Pos::RB | Pos::RBR | Pos::RBS | Pos::WRB => Upos::Adv,
            Pos::IN => {
                if rel == Rel::Mark {
                    Upos::Sconj
                } else {
                    Upos::Adp
                }
            }
            Pos::DT | Pos::PDT | Pos::WDT => Upos::Det,
            Pos::CC => Upos::Cconj,
            Pos::CD => Upos::Num,
            Pos::TO | Pos::RP | Pos::POS => Upos::Part,
            Pos::EX | Pos::PRP | Pos::WP => Upos::Pron,
            Pos::PRPS | Pos::WPS => Upos::Pron,
            Pos::UH => Upos::Intj,
            Pos::SYM | Pos::Dollar => Upos::Sym,
            Pos::Comma
            | Pos::Period
            | Pos::Colon
            | Pos::OpenQuote
            | Pos::CloseQuote
            | Pos::Lrb
            | Pos::Rrb
            | Pos::HYPH
            | Pos::NFP => Upos::Punct,
            Pos::FW | Pos::LS | Pos::ADD | Pos::GW | Pos::XX => Upos::X,
        }
    }
}

/// The syntax of one sentence, aligned with its tokens: token `i` has tag
/// `tags[i]`, lemma `lemma(i)`, head `heads[i]` (1-based token number, 0 for the
/// root) and relation `rels[i]` to it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parse {
    /// Part-of-speech tag per token.
    pub tags: Vec<Pos>,
    /// Lemmas, lowercase (proper nouns as written), each token's a range
    /// into `lemma_text`.
    pub lemma_spans: Vec<(u32, u32)>,
    /// The lemmas' text.
    pub lemma_text: String,
    /// Head per token: 1-based token number, 0 for the root.
    pub heads: Vec<u32>,
    /// Relation of each token to its head.
    pub rels: Vec<Rel>,
    /// The sentence was longer than the parser reads at once and was parsed
    /// in pieces, the pieces' roots joined by `parataxis`.
    pub chunked: bool,
}

impl Parse {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tags.len()
    }

    /// True when the sentence has no tokens.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// The lemma of token `i` (0-based).
    pub fn lemma(&self, i: usize) -> &str {
        self.lemma_spans.get(i).and_then(|&(s, e)| self.lemma_text.get(s as usize..e as usize)).unwrap_or("")
    }

    /// The head of token `i` as a 0-based token index, `None` for the root.
    pub fn head(&self, i: usize) -> Option<usize> {
        match self.heads.get(i) {
            Some(&h) if h > 0 => Some(h as usize - 1),
            _ => None,
        }
    }

    /// The 0-based indices of the dependents of token `i`, in order.
    pub fn dependents(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let h = i as u32 + 1;
        self.heads.iter().enumerate().filter(move |(_, &x)| x == h).map(|(j, _)| j)
    }

    /// The first dependent of token `i` with relation `rel`.
    pub fn dependent(&self, i: usize, rel: Rel) -> Option<usize> {
        self.dependents(i).find(|&j| self.rels[j] == rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &p in Pos::ALL {
            assert_eq!(Pos::from_name(p.as_str()), p);
            assert_eq!(Pos::from_index(p.index()), p);
        }
        for &r in Rel::ALL {
            assert_eq!(Rel::from_name(r.as_str()), r);
        }
        assert_eq!(Rel::from_name("nmod:nonsense"), Rel::Dep);
        assert_eq!(Rel::NsubjPass.universal(), "nsubj");
        assert!(Rel::ALL.len() < 128 && Pos::ALL.len() < 128);
    }
}
