//! Import: documents, mentions and events coded and fused elsewhere (a
//! `dyad.spark` run's Parquet) into a new store, as `dyad ingest` would
//! have stored them from the same corpus.
//!
//! Nothing is coded or fused again: the documents come with their content
//! hash, signature, tone and near-duplicate cluster; the mentions with
//! their content-derived ids ([`mention_id`]), which say whose and which
//! one each is; the events with their fusion keys and the content ids of
//! their mentions. The store gives documents and mentions its own ids in
//! the order the documents were read, so a corpus imported gives the ids
//! `dyad ingest` gives it.

use std::collections::{BTreeMap, HashMap};

use dyad_fuse::minhash::Signature;
use dyad_store::{NewDocument, Store};
use dyad_types::{Article, Event, Mention};

use crate::ingest::Mentions;
use crate::mention_id;

/// A document coded elsewhere.
#[derive(Clone, Debug)]
pub struct ImportedDocument {
    /// The article (its text, id and metadata).
    pub article: Article,
    /// Where the row was read from (`documents/part-0.parquet:12`).
    pub origin: String,
    /// Its content hash ([`crate::content_hash`]).
    pub hash: String,
    /// Its sentences.
    pub sentences: usize,
    /// Its tone.
    pub tone: Option<f32>,
    /// Its MinHash signature.
    pub signature: Signature,
    /// Its near-duplicate cluster, as the dataset labels it: documents with
    /// the same label are one cluster.
    pub cluster: i64,
}

/// An event fused elsewhere, with its fusion key; its `mention_ids` are
/// the content ids of its mentions.
#[derive(Clone, Debug)]
pub struct ImportedEvent {
    /// The fusion key.
    pub key: String,
    /// The event.
    pub event: Event,
    /// Where the row was read from.
    pub origin: String,
}

/// What an import stored, and what it could not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// Documents stored.
    pub documents: usize,
    /// Documents left out: the same content as one stored before.
    pub copies: usize,
    /// Mentions stored.
    pub mentions: usize,
    /// Events stored.
    pub events: usize,
    /// Mentions no document claims (their content id is not one of a
    /// stored document's): the content ids, not stored.
    pub orphan_mentions: Vec<i64>,
    /// Events left out, with why (an unknown mention): origin and message.
    pub bad_events: Vec<(String, String)>,
}

/// Stores `documents` (in the order given, the order they were read),
/// their `mentions` (by content id) and the `events`, in one transaction,
/// into a store that holds no document yet.
pub fn import(
    store: &mut Store,
    documents: &[ImportedDocument],
    mut mentions: HashMap<i64, Mention>,
    events: Vec<ImportedEvent>,
) -> crate::store::Result<Imported> {
    let mut report = Imported::default();
    let tx = store.transaction()?;
    let mut clusters: HashMap<i64, i64> = HashMap::new();
    // Content id → store id of every stored mention.
    let mut ids: HashMap<i64, i64> = HashMap::new();
    let mut touched = BTreeMap::new();
    for d in documents {
        if tx.document_by_hash(&d.hash)?.is_some() {
            report.copies += 1;
            continue;
        }
        let a = &d.article;
        let doc = tx.insert_document(&NewDocument {
            hash: &d.hash,
            ext_id: &a.id,
            title: a.title.as_deref(),
            date: a.date,
            source: a.source.as_deref(),
            url: a.url.as_deref(),
            origin: &d.origin,
            text: &a.text,
            sentences: d.sentences,
            signature: &d.signature.to_bytes(),
            tone: d.tone,
            dateline: a.dateline.as_deref(),
        })?;
        report.documents += 1;
        // A cluster is named by its first document, as the store names it.
        let cluster = *clusters.entry(d.cluster).or_insert(doc);
        if cluster != doc {
            tx.set_cluster(doc, cluster)?;
        }
        tx.insert_bands(doc, &d.signature.bands())?;
        // The document's mentions in text order: content ids 0, 1, 2, …
        let mut own = Vec::new();
        let mut content = Vec::new();
        while let Some(m) = mentions.remove(&mention_id(&d.hash, own.len())) {
            content.push(mention_id(&d.hash, own.len()));
            own.push(m);
        }
        let mut add = Mentions { tx: &tx, doc, hash: &d.hash, article: a, touched: &mut touched, stored: 0 };
        let stored = add.add(&own)?;
        report.mentions += stored.len();
        ids.extend(content.into_iter().zip(stored));
    }
    report.orphan_mentions = mentions.into_keys().collect();
    report.orphan_mentions.sort_unstable();
    // The events of each key replace none (the store was empty): their
    // mentions take their store ids.
    let mut by_key: BTreeMap<String, Vec<Event>> = BTreeMap::new();
    for ImportedEvent { key, mut event, origin } in events {
        let mapped: Result<Vec<i64>, i64> = event.mention_ids.iter().map(|c| ids.get(c).copied().ok_or(*c)).collect();
        match mapped {
            Ok(m) => {
                event.mention_ids = m;
                by_key.entry(key).or_default().push(event);
            }
            Err(c) => report.bad_events.push((origin, format!("event {}: mention {c} is not stored", event.id))),
        }
    }
    for (key, events) in &by_key {
        tx.replace_events(key, events)?;
        report.events += events.len();
    }
    tx.commit()?;
    Ok(report)
}
