//! Ingest: code a batch of articles and store it, with near-duplicate
//! clusters and the events of every fusion key the batch touches, in one
//! transaction.

use std::collections::BTreeMap;

use dyad_fuse::minhash::Signature;
use dyad_fuse::DyadMention;
use dyad_store::{NewDocument, NewDyad, Store};
use dyad_types::{Article, DyadRecord, Mention};
use rayon::prelude::*;

use crate::{CodeFailure, Coded, FirstPass, Pipeline};

/// An article to ingest and where it was read from.
#[derive(Clone, Debug)]
pub struct Incoming {
    /// The article.
    pub article: Article,
    /// File (and record) it came from, for the store and for messages.
    pub origin: String,
}

/// What a committed batch did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// Documents in the batch.
    pub documents: usize,
    /// Documents new to the store.
    pub new: usize,
    /// Documents already stored (same content): skipped.
    pub already_stored: usize,
    /// New documents that joined a near-duplicate cluster.
    pub near_duplicates: usize,
    /// Sentences of the new documents.
    pub sentences: usize,
    /// Mentions stored.
    pub mentions: usize,
    /// Fusion keys whose events were rebuilt.
    pub keys: usize,
    /// Pairs (dyad mentions) fused again: the windows of those keys that
    /// the batch could change.
    pub refused: usize,
    /// Documents whose coding panicked: not stored (a rerun tries them
    /// again), to be reported as rejected.
    pub failed: Vec<CodeFailure>,
}

/// The content-derived key of one dyad mention of a document (its content
/// hash, the sentence, the verb's offset and the two actors): event ids are
/// built from these, so a store and a distributed run give the same ids.
pub fn stable_key(hash: &str, m: &Mention, d: &DyadMention) -> String {
    let (source, target) = d.codes();
    format!("{hash}:{}:{}:{source}:{target}", m.sentence, m.evidence.verb_span.start)
}

/// The content hash that keys documents: of the text only, so a copy under
/// another file name or with other metadata is the same document.
pub fn content_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

struct Prepared {
    incoming: Incoming,
    hash: String,
    /// The mentions, or none yet for a document coded in two passes
    /// (`first`): the writer reads its mentions back and stores them chunk
    /// by chunk.
    coded: Coded,
    /// The first pass of a long document ([`Pipeline::streams`]).
    first: Option<FirstPass>,
    signature: Signature,
    /// The document's tone ([`crate::geo::tone`]).
    tone: f32,
}

/// A batch coded and hashed, ready to store: the pure half of ingest, which
/// can run on other threads while the previous batch is written.
pub struct PreparedBatch {
    docs: Vec<Prepared>,
    failed: Vec<CodeFailure>,
    /// Mentions below this confidence are not stored
    /// ([`PreparedBatch::drop_below`]).
    min_confidence: f32,
}

/// How [`prepare_with`]'s coder left a document: coded whole, or, for a
/// long one, its first pass done and its mentions left for the writer.
pub(crate) enum Coding {
    Whole(Coded),
    Later(FirstPass),
}

impl Pipeline {
    /// Codes a batch (in parallel) and stores it in one transaction: when
    /// this returns `Ok`, the batch is durable; on error nothing of it is.
    pub fn ingest(&self, store: &mut Store, batch: Vec<Incoming>) -> dyad_store::Result<BatchReport> {
        let prepared = self.prepare(batch);
        self.store(store, prepared)
    }

    /// Codes, hashes and signs a batch, in parallel. No IO. A document
    /// whose coding panicked is left out and listed in the report.
    pub fn prepare(&self, batch: Vec<Incoming>) -> PreparedBatch {
        prepare_with(batch, |a| {
            if self.streams(a) {
                self.first_pass(a).map(Coding::Later)
            } else {
                self.try_code(a).map(Coding::Whole)
            }
        })
    }

    /// Stores a prepared batch in one transaction: near-duplicate clusters,
    /// documents, mentions, dyads, and the events of every key it touches.
    pub fn store(&self, store: &mut Store, batch: PreparedBatch) -> dyad_store::Result<BatchReport> {
        let PreparedBatch { docs: prepared, failed, min_confidence } = batch;
        let mut report = BatchReport { documents: prepared.len() + failed.len(), failed, ..BatchReport::default() };
        let tx = store.transaction()?;
        // Per fusion key, the pairs whose windows the batch changes.
        let mut touched: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for p in &prepared {
            // The same content twice in one batch counts once.
            if tx.document_by_hash(&p.hash)?.is_some() {
                report.already_stored += 1;
                continue;
            }
            let a = &p.incoming.article;
            let sig = p.signature.to_bytes();
            let doc = tx.insert_document(&NewDocument {
                hash: &p.hash,
                ext_id: &a.id,
                title: a.title.as_deref(),
                date: a.date,
                source: a.source.as_deref(),
                url: a.url.as_deref(),
                origin: &p.incoming.origin,
                text: &a.text,
                sentences: p.coded.sentences,
                signature: &sig,
                tone: Some(p.tone),
                dateline: a.dateline.as_deref(),
            })?;
            report.new += 1;
            report.sentences += p.coded.sentences;
            // Near-duplicates: candidates share an LSH band; the estimate confirms.
            let bands = p.signature.bands();
            // One confirmed member is enough for a cluster.
            let mut clusters: Vec<i64> = Vec::new();
            // A candidate's signature is read only while its cluster is in
            // question: the reprints of one story cost one comparison.
            for c in tx.candidates(&bands)? {
                if !clusters.contains(&c.cluster)
                    && Signature::from_bytes(&tx.signature(c.doc)?).is_some_and(|s| s.near_duplicate(&p.signature))
                {
                    clusters.push(c.cluster);
                }
            }
            clusters.sort_unstable();
            if let Some(&into) = clusters.first() {
                report.near_duplicates += 1;
                tx.set_cluster(doc, into)?;
                for &other in &clusters[1..] {
                    // The merged documents' pairs are near-duplicates of
                    // others now: their windows are fused again. (A document
                    // that joins a cluster changes only the windows its own
                    // pairs reach.)
                    for (key, row) in tx.rows_of_cluster(other)? {
                        touched.entry(key).or_default().push(row);
                    }
                    tx.merge_clusters(other, into)?;
                }
            }
            tx.insert_bands(doc, &bands)?;
            let mut mentions = Mentions { tx: &tx, doc, hash: &p.hash, article: a, touched: &mut touched, stored: 0 };
            match &p.first {
                None => {
                    mentions.add(&p.coded.mentions)?;
                }
                Some(first) => {
                    let sentences = self.stream_mentions(a, first, min_confidence, &mut mentions)?;
                    debug_assert_eq!(sentences, first.sentences);
                }
            }
            report.mentions += mentions.stored;
        }
        for (key, rows) in &touched {
            report.refused += crate::window::refuse(&tx, key, rows)?;
        }
        report.keys = touched.len();
        tx.commit()?;
        Ok(report)
    }
}

impl Pipeline {
    /// The second pass of a long document ([`Pipeline::second_pass`]) on
    /// its own thread, its chunks of mentions stored as they come through
    /// a channel of two chunks: reading and writing overlap, and memory
    /// holds at most a few chunks of the document's mentions.
    fn stream_mentions(
        &self,
        article: &Article,
        first: &FirstPass,
        min_confidence: f32,
        mentions: &mut Mentions<'_, '_>,
    ) -> dyad_store::Result<usize> {
        std::thread::scope(|scope| {
            let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Mention>>(2);
            let coder = scope.spawn(move || {
                // The writer stopped (an error): coding stops too.
                self.second_pass(article, first, &mut |chunk| send.send(chunk).map_err(drop)).ok()
            });
            let mut stored = Ok(());
            for mut chunk in receive.iter() {
                chunk.retain(|m| m.confidence >= min_confidence);
                stored = mentions.add(&chunk).map(|_| ());
                if stored.is_err() {
                    break;
                }
            }
            // Dropping the receiver ends a coder still sending.
            drop(receive);
            let sentences = match coder.join() {
                Ok(n) => n,
                // The first pass coded this document without a panic and
                // coding is deterministic: a panic here is one the first
                // pass would have reported; it ends the batch, whose
                // transaction is then rolled back.
                Err(panic) => std::panic::resume_unwind(panic),
            };
            stored.map(|()| sentences.unwrap_or(first.sentences))
        })
    }
}

/// Stores a document's mentions and their dyads, in text order, noting the
/// pairs of each fusion key for the re-fusion of its windows.
pub(crate) struct Mentions<'a, 's> {
    pub(crate) tx: &'a dyad_store::Tx<'s>,
    pub(crate) doc: i64,
    pub(crate) hash: &'a str,
    pub(crate) article: &'a Article,
    pub(crate) touched: &'a mut BTreeMap<String, Vec<i64>>,
    /// Mentions stored so far.
    pub(crate) stored: usize,
}

impl Mentions<'_, '_> {
    /// Stores the mentions; returns their store ids.
    pub(crate) fn add(&mut self, mentions: &[Mention]) -> dyad_store::Result<Vec<i64>> {
        let tx = self.tx;
        let mut ids = Vec::with_capacity(mentions.len());
        for m in mentions {
            let id = tx.insert_mention(self.doc, m)?;
            ids.push(id);
            self.stored += 1;
            let window =
                dyad_fuse::window(m.date, m.date_basis, m.evidence.date_inherited(), self.article.date, m.modality);
            let units = dyad_fuse::units(&m.quantities);
            for d in dyad_fuse::dyads(m) {
                let stable = stable_key(self.hash, m, &d);
                let row = tx.insert_pair(&NewDyad {
                    mention: id,
                    key: &d.key,
                    stable: &stable,
                    source: d.source.as_ref(),
                    target: d.target.as_ref(),
                    window,
                    units: &units,
                })?;
                self.touched.entry(d.key).or_default().push(row);
            }
        }
        Ok(ids)
    }
}

impl Prepared {
    /// An article and its mentions (or its first pass), hashed and signed.
    fn new(incoming: Incoming, coding: Coding) -> Prepared {
        let hash = content_hash(&incoming.article.text);
        let signature = Signature::of(&incoming.article.text);
        let tone = crate::geo::tone(&incoming.article.text).tone;
        let (coded, first) = match coding {
            Coding::Whole(coded) => (coded, None),
            Coding::Later(first) => {
                let id = incoming.article.id.clone();
                (Coded { id, sentences: first.sentences, mentions: Vec::new() }, Some(first))
            }
        };
        Prepared { incoming, hash, coded, first, signature, tone }
    }
}

impl PreparedBatch {
    /// A batch of articles whose mentions were made elsewhere (another
    /// coder, a test that builds them), hashed and signed here, ready for
    /// [`Pipeline::store`].
    pub fn coded(docs: Vec<(Incoming, Coded)>) -> PreparedBatch {
        let docs = docs.into_iter().map(|(incoming, coded)| Prepared::new(incoming, Coding::Whole(coded))).collect();
        PreparedBatch { docs, failed: Vec::new(), min_confidence: f32::NEG_INFINITY }
    }

    /// Leaves out the mentions whose confidence is below `p`; returns how
    /// many. The documents stay.
    /// (The mentions of a document coded in two passes are left out as
    /// they are stored, and not counted here.)
    pub fn drop_below(&mut self, p: f32) -> usize {
        self.min_confidence = self.min_confidence.max(p);
        let mut n = 0;
        for d in &mut self.docs {
            let before = d.coded.mentions.len();
            d.coded.mentions.retain(|m| m.confidence >= p);
            n += before - d.coded.mentions.len();
        }
        n
    }
}

/// One document prepared for fusion elsewhere (a Spark job): coded, hashed,
/// signed and toned as [`Pipeline::ingest`] does, with its dyad mentions as
/// the records fusion reads. Only the near-duplicate cluster is left to the
/// caller, who finds it across documents: `cluster` is 0 in `pairs`.
#[derive(Clone, Debug)]
pub struct Standalone {
    /// The content hash ([`content_hash`]).
    pub hash: String,
    /// The MinHash signature of the text.
    pub signature: Signature,
    /// The document's tone.
    pub tone: f32,
    /// The mentions; mention `i`'s id is `ids[i]`.
    pub coded: Coded,
    /// Content-derived mention ids ([`mention_id`]), one per mention.
    pub ids: Vec<i64>,
    /// Each dyad mention's fusion key and record.
    pub pairs: Vec<(String, DyadRecord)>,
}

/// The id of the `index`-th mention of the document with content hash
/// `hash`: content-derived, so every worker gives a mention the same id.
pub fn mention_id(hash: &str, index: usize) -> i64 {
    (dyad_fuse::stable_hash(format!("{hash}#{index}").as_bytes()) >> 1) as i64
}

impl Pipeline {
    /// Codes one article and prepares it for fusion elsewhere; a panic in
    /// the coder is a [`CodeFailure`].
    pub fn standalone(&self, article: &Article) -> Result<Standalone, CodeFailure> {
        let coded = self.try_code(article)?;
        Ok(Standalone::new(article, coded))
    }
}

impl Standalone {
    /// A coded article hashed, signed and toned, with its dyad records as
    /// the store would read them back for fusion.
    pub fn new(article: &Article, coded: Coded) -> Standalone {
        let hash = content_hash(&article.text);
        let signature = Signature::of(&article.text);
        let tone = crate::geo::tone(&article.text).tone;
        let ids: Vec<i64> = (0..coded.mentions.len()).map(|i| mention_id(&hash, i)).collect();
        let mut pairs = Vec::new();
        for (m, &id) in coded.mentions.iter().zip(&ids) {
            for d in dyad_fuse::dyads(m) {
                let stable = stable_key(&hash, m, &d);
                let record = record(article, m, id, stable, &d, tone);
                pairs.push((d.key, record));
            }
        }
        Standalone { hash, signature, tone, coded, ids, pairs }
    }
}

/// A dyad mention as fusion reads it from the store (`Tx::records_of_rows`).
fn record(a: &Article, m: &Mention, id: i64, stable: String, d: &DyadMention, tone: f32) -> DyadRecord {
    let side = |s: &Option<dyad_types::ActorRef>| {
        s.as_ref().map(|a| (a.code.clone(), a.country.clone(), a.text.clone())).unwrap_or_default()
    };
    let (source, source_country, source_text) = side(&d.source);
    let (target, target_country, target_text) = side(&d.target);
    DyadRecord {
        id,
        stable,
        cluster: 0,
        doc_id: a.id.clone(),
        publisher: a.source.clone().unwrap_or_else(|| a.id.clone()),
        doc_date: a.date,
        sentence: m.sentence,
        source,
        source_country,
        target,
        target_country,
        source_text,
        target_text,
        url: a.url.clone(),
        cameo: m.cameo.clone(),
        plover: m.plover.clone(),
        quad_class: m.quad_class,
        goldstein: m.goldstein,
        date: m.date,
        date_basis: m.date_basis,
        date_inherited: m.evidence.date_inherited(),
        place: m.location.clone(),
        doc_tone: Some(tone),
        modality: m.modality,
        quantities: m.quantities.clone(),
    }
}

/// [`Pipeline::prepare`] with the coder given: the seam where tests put a
/// coder that panics.
pub(crate) fn prepare_with(
    batch: Vec<Incoming>,
    code: impl Fn(&Article) -> Result<Coding, CodeFailure> + Sync,
) -> PreparedBatch {
    let results: Vec<Result<Prepared, CodeFailure>> = batch
        .into_par_iter()
        .map(|incoming| {
            let coding = code(&incoming.article)?;
            Ok(Prepared::new(incoming, coding))
        })
        .collect();
    let mut batch = PreparedBatch {
        docs: Vec::with_capacity(results.len()),
        failed: Vec::new(),
        min_confidence: f32::NEG_INFINITY,
    };
    for r in results {
        match r {
            Ok(p) => batch.docs.push(p),
            Err(f) => batch.failed.push(f),
        }
    }
    batch
}
