//! The model: tagger, parser and lemmatizer, their file format, and the
//! entry point that analyses a sentence.
//!
//! The file is little-endian: the magic `DYADSYN\0`, a format version, a
//! description of how it was trained, the tag and relation names it was
//! trained with (checked against this build's [`Pos`] and [`Rel`]), then each
//! part. Nothing in it depends on the machine, the thread count or hashing
//! order, so the same treebanks and seed give the same bytes.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use dyad_types::{Parse, Pos, Rel};

use crate::lemma::{Class, Lemmatizer};
use crate::parser::{nodes, Node, Parser};
use crate::perceptron::{write_varint, Frozen};
use crate::tagger::{norm_word, Tagger};

const MAGIC: &[u8; 8] = b"DYADSYN\0";
const VERSION: u32 = 2;

/// The longest run of words parsed as one piece; longer sentences are parsed
/// in pieces whose roots are joined, so work stays linear in the length.
pub const MAX_PARSE_WORDS: usize = 150;

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The bytes are not a dyad syntax model.
    #[error("not a dyad syntax model (bad magic)")]
    Magic,
    /// A model of another format version.
    #[error("model format version {0}, this build reads {VERSION}")]
    Version(u32),
    /// The model was trained with other tags or relations than this build has.
    #[error("model tag set differs from this build's: {0}")]
    TagSet(String),
    /// The file ends early or holds impossible values.
    #[error("corrupt model: {0}")]
    Corrupt(&'static str),
}

/// A cursor over a model's bytes.
pub(crate) struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(b: &'a [u8]) -> Reader<'a> {
        Reader { b, pos: 0 }
    }

    pub(crate) fn bytes(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).ok_or(ModelError::Corrupt("length"))?;
        let s = self.b.get(self.pos..end).ok_or(ModelError::Corrupt("truncated"))?;
        self.pos = end;
        Ok(s)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.bytes(1)?[0])
    }

    pub(crate) fn u32(&mut self) -> Result<u32, ModelError> {
        let s = self.bytes(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }

    pub(crate) fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ModelError::Corrupt("varint"))
    }

    fn str(&mut self) -> Result<&'a str, ModelError> {
        let n = self.varint()? as usize;
        std::str::from_utf8(self.bytes(n)?).map_err(|_| ModelError::Corrupt("utf-8"))
    }
}

fn write_str(out: &mut Vec<u8>, s: &str) {
    write_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// A trained tagger, parser and lemmatizer.
#[derive(Clone, Debug)]
pub struct Model {
    pub(crate) about: String,
    pub(crate) tagger: Tagger,
    pub(crate) parser: Parser,
    pub(crate) lemmas: Lemmatizer,
}

static BUILTIN: OnceLock<Result<Model, String>> = OnceLock::new();

/// The weights shipped with dyad (see `data/NOTICE`).
const BUILTIN_BYTES: &[u8] = include_bytes!("../data/en_ud.model");

impl Model {
    /// The model shipped with dyad, decoded on first use.
    pub fn builtin() -> Result<&'static Model, String> {
        BUILTIN
            .get_or_init(|| Model::from_bytes(BUILTIN_BYTES).map_err(|e| format!("built-in syntax model: {e}")))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// How the model was trained (treebanks, seed, iterations).
    pub fn about(&self) -> &str {
        &self.about
    }

    /// Feature and weight counts of the tagger and the parser.
    pub fn sizes(&self) -> [(usize, usize); 2] {
        [self.tagger.model.size(), self.parser.model.size()]
    }

    /// The model with small weights dropped: those below `tagger` (`parser`)
    /// times the largest weight of the tagger (parser).
    pub fn pruned(&self, tagger: f32, parser: f32) -> Model {
        let mut m = self.clone();
        m.tagger.model = self.tagger.model.pruned(tagger);
        m.parser = Parser::new(self.parser.model.pruned(parser));
        m
    }

    /// Tags `words` (as written).
    pub fn tag(&self, words: &[&str], out: &mut Vec<Pos>) {
        self.tagger.tag(words, out);
    }

    /// The lemma of `word` with tag `pos`.
    pub fn lemma(&self, word: &str, pos: Pos) -> String {
        let mut s = String::new();
        self.lemmas.lemma(word, pos, &mut s);
        s
    }

    /// Parses `words` with the given tags; heads are 1-based, 0 = root.
    pub fn parse_tagged(&self, words: &[&str], tags: &[Pos]) -> (Vec<u32>, Vec<Rel>, bool) {
        let n = words.len().min(tags.len());
        let mut hashes = Vec::with_capacity(n);
        let mut buf = String::new();
        for w in &words[..n] {
            norm_word(w, &mut buf);
            hashes.push(crate::hash::str_hash(&buf));
        }
        let mut heads = Vec::with_capacity(n);
        let mut rels = Vec::with_capacity(n);
        let mut nd: Vec<Node> = Vec::new();
        let mut first_root: Option<u32> = None;
        let chunked = n > MAX_PARSE_WORDS;
        let mut start = 0;
        while start < n {
            let end = (start + MAX_PARSE_WORDS).min(n);
            nodes(&hashes[start..end], &tags[start..end], &mut nd);
            let arcs = self.parser.parse(&nd);
            for (h, r) in arcs.heads.into_iter().zip(arcs.rels) {
                if h == 0 {
                    // Later pieces' roots hang from the first piece's root.
                    match first_root {
                        None => {
                            first_root = Some(heads.len() as u32 + 1);
                            heads.push(0);
                            rels.push(Rel::Root);
                        }
                        Some(fr) => {
                            heads.push(fr);
                            rels.push(Rel::Parataxis);
                        }
                    }
                } else {
                    heads.push(h + start as u32);
                    rels.push(r);
                }
            }
            start = end;
        }
        (heads, rels, chunked)
    }

    /// Tags, lemmatizes and parses one sentence of words (as written).
    pub fn analyze(&self, words: &[&str]) -> Parse {
        let mut tags = Vec::with_capacity(words.len());
        self.tag(words, &mut tags);
        self.analyze_tagged(words, tags)
    }

    /// Lemmatizes and parses words already tagged (by [`Model::tag`]).
    pub fn analyze_tagged(&self, words: &[&str], mut tags: Vec<Pos>) -> Parse {
        tags.resize(words.len(), Pos::XX);
        let (heads, rels, chunked) = self.parse_tagged(words, &tags);
        let mut lemma_text = String::new();
        let mut lemma_spans = Vec::with_capacity(words.len());
        for (w, &t) in words.iter().zip(&tags) {
            let s = lemma_text.len() as u32;
            self.lemmas.lemma(w, t, &mut lemma_text);
            lemma_spans.push((s, lemma_text.len() as u32));
        }
        Parse { tags, lemma_spans, lemma_text, heads, rels, chunked }
    }

    /// The model as bytes (the file format above).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        write_str(&mut out, &self.about);
        for names in
            [Pos::ALL.iter().map(|p| p.as_str()).collect::<Vec<_>>(), Rel::ALL.iter().map(|r| r.as_str()).collect()]
        {
            write_varint(&mut out, names.len() as u64);
            for n in names {
                write_str(&mut out, n);
            }
        }
        self.tagger.model.write(&mut out);
        let mut td: Vec<(&String, &Pos)> = self.tagger.tagdict.iter().collect();
        td.sort();
        write_varint(&mut out, td.len() as u64);
        for (w, p) in td {
            write_str(&mut out, w);
            out.push(p.index() as u8);
        }
        self.parser.model.write(&mut out);
        let mut ex: Vec<(&(String, Class), &String)> = self.lemmas.exceptions.iter().collect();
        ex.sort();
        write_varint(&mut out, ex.len() as u64);
        for ((f, c), l) in ex {
            write_str(&mut out, f);
            out.push(*c as u8);
            write_str(&mut out, l);
        }
        let mut known: Vec<&String> = self.lemmas.known.iter().collect();
        known.sort();
        write_varint(&mut out, known.len() as u64);
        for k in known {
            write_str(&mut out, k);
        }
        out
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(b: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader::new(b);
        if r.bytes(8).map_err(|_| ModelError::Magic)? != MAGIC {
            return Err(ModelError::Magic);
        }
        let v = r.u32()?;
        if v != VERSION {
            return Err(ModelError::Version(v));
        }
        let about = r.str()?.to_string();
        for (what, expected) in [
            ("tags", Pos::ALL.iter().map(|p| p.as_str()).collect::<Vec<_>>()),
            ("relations", Rel::ALL.iter().map(|r| r.as_str()).collect()),
        ] {
            let n = r.varint()? as usize;
            let mut got = Vec::with_capacity(n.min(1024));
            for _ in 0..n {
                got.push(r.str()?);
            }
            if got != expected {
                return Err(ModelError::TagSet(what.to_string()));
            }
        }
        let tag_model = Frozen::read(&mut r)?;
        if tag_model.n_classes() != Pos::ALL.len() {
            return Err(ModelError::Corrupt("tagger classes"));
        }
        let n = r.varint()? as usize;
        let mut tagdict = FxHashMap::default();
        for _ in 0..n {
            let w = r.str()?.to_string();
            let t = r.u8()? as usize;
            if t >= Pos::ALL.len() {
                return Err(ModelError::Corrupt("tag"));
            }
            tagdict.insert(w, Pos::from_index(t));
        }
        let parser = Frozen::read(&mut r)?;
        if parser.n_classes() != crate::parser::N_CLASSES {
            return Err(ModelError::Corrupt("parser classes"));
        }
        let n = r.varint()? as usize;
        let mut exceptions = FxHashMap::default();
        for _ in 0..n {
            let f = r.str()?.to_string();
            let c = match r.u8()? {
                0 => Class::Verb,
                1 => Class::Noun,
                2 => Class::Adj,
                3 => Class::Other,
                _ => return Err(ModelError::Corrupt("lemma class")),
            };
            exceptions.insert((f, c), r.str()?.to_string());
        }
        let n = r.varint()? as usize;
        let mut known = FxHashSet::default();
        for _ in 0..n {
            known.insert(r.str()?.to_string());
        }
        Ok(Model {
            about,
            tagger: Tagger { model: tag_model, tagdict },
            parser: Parser::new(parser),
            lemmas: Lemmatizer { exceptions, known },
        })
    }
}
