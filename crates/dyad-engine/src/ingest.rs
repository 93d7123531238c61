//! Ingest: code a batch of articles and store it, with near-duplicate
//! clusters and the events of every fusion key the batch touches, in one
//! transaction.

use std::collections::BTreeMap;

use dyad_fuse::minhash::Signature;
use dyad_fuse::DyadMention;
use dyad_store::{NewDocument, NewDyad, Store};
use dyad_types::{Article, DyadRecord, Mention};
use rayon::prelude::*;

use crate::{catch_panic, CodeFailure, Coded, Pipeline};

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
    coded: Coded,
    signature: Signature,
    /// The document's tone ([`crate::geo::tone`]).
    tone: f32,
}

/// A batch coded and hashed, ready to store: the pure half of ingest, which
/// can run on other threads while the previous batch is written.
pub struct PreparedBatch {
    docs: Vec<Prepared>,
    failed: Vec<CodeFailure>,
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
        prepare_with(batch, |a| self.code(a))
    }

    /// Stores a prepared batch in one transaction: near-duplicate clusters,
    /// documents, mentions, dyads, and the events of every key it touches.
    pub fn store(&self, store: &mut Store, batch: PreparedBatch) -> dyad_store::Result<BatchReport> {
        let PreparedBatch { docs: prepared, failed } = batch;
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
            for m in &p.coded.mentions {
                let id = tx.insert_mention(doc, m)?;
                report.mentions += 1;
                let window = dyad_fuse::window(m.date, m.date_basis, m.evidence.date_inherited(), a.date, m.modality);
                let units = dyad_fuse::units(&m.quantities);
                for d in dyad_fuse::dyads(m) {
                    let stable = stable_key(&p.hash, m, &d);
                    let row = tx.insert_pair(&NewDyad {
                        mention: id,
                        key: &d.key,
                        stable: &stable,
                        source: d.source.as_ref(),
                        target: d.target.as_ref(),
                        window,
                        units: &units,
                    })?;
                    touched.entry(d.key).or_default().push(row);
                }
            }
        }
        for (key, rows) in &touched {
            report.refused += crate::window::refuse(&tx, key, rows)?;
        }
        report.keys = touched.len();
        tx.commit()?;
        Ok(report)
    }
}

impl Prepared {
    /// An article and its mentions, hashed and signed.
    fn new(incoming: Incoming, coded: Coded) -> Prepared {
        let hash = content_hash(&incoming.article.text);
        let signature = Signature::of(&incoming.article.text);
        let tone = crate::geo::tone(&incoming.article.text).tone;
        Prepared { incoming, hash, coded, signature, tone }
    }
}

impl PreparedBatch {
    /// A batch of articles whose mentions were made elsewhere (another
    /// coder, a test that builds them), hashed and signed here, ready for
    /// [`Pipeline::store`].
    pub fn coded(docs: Vec<(Incoming, Coded)>) -> PreparedBatch {
        let docs = docs.into_iter().map(|(incoming, coded)| Prepared::new(incoming, coded)).collect();
        PreparedBatch { docs, failed: Vec::new() }
    }

    /// Leaves out the mentions whose confidence is below `p`; returns how
    /// many. The documents stay.
    pub fn drop_below(&mut self, p: f32) -> usize {
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
pub(crate) fn prepare_with(batch: Vec<Incoming>, code: impl Fn(&Article) -> Coded + Sync) -> PreparedBatch {
    let results: Vec<Result<Prepared, CodeFailure>> = batch
        .into_par_iter()
        .map(|incoming| {
            let coded = catch_panic(&incoming.article.id, || code(&incoming.article))?;
            Ok(Prepared::new(incoming, coded))
        })
        .collect();
    let mut batch = PreparedBatch { docs: Vec::with_capacity(results.len()), failed: Vec::new() };
    for r in results {
        match r {
            Ok(p) => batch.docs.push(p),
            Err(f) => batch.failed.push(f),
        }
    }
    batch
}
