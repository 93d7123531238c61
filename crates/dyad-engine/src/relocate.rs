//! Re-geolocation of a store: the locations of stored mentions computed
//! again from their documents' text and stored datelines, and the events
//! whose mentions moved fused again. Mentions stored before the store kept
//! datelines (schema version 6), or by an older gazetteer or older rules,
//! get the locations `dyad code` gives today, without coding anything again.

use std::collections::BTreeMap;

use dyad_store::Store;

/// How many documents are read at a time.
const BATCH: usize = 256;

/// What a re-geolocation did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Relocated {
    /// Documents with mentions read.
    pub documents: usize,
    /// Mentions read.
    pub mentions: usize,
    /// Mentions whose location changed.
    pub changed: usize,
    /// Fusion keys whose events were fused again.
    pub keys: usize,
}

/// Recomputes the location of every stored mention from its document's
/// text and stored dateline, in one transaction, and fuses again the
/// events of the pairs whose location changed (a new place may split or
/// join events, and an event's place is its mentions'). Running it twice
/// changes nothing the second time.
pub fn relocate(store: &mut Store) -> dyad_store::Result<Relocated> {
    let tx = store.transaction()?;
    let mut report = Relocated::default();
    let mut touched: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut after = 0;
    loop {
        let docs = tx.documents_with_mentions(after, BATCH)?;
        let Some(&(last, ..)) = docs.last() else { break };
        after = last;
        for (doc, text, dateline) in docs {
            let stored = tx.document_mentions(doc)?;
            let (ids, mut mentions): (Vec<i64>, Vec<_>) = stored.into_iter().unzip();
            let before: Vec<_> = mentions.iter().map(|m| m.location.clone()).collect();
            crate::geo::locate_mentions(&text, dateline.as_deref(), &mut mentions);
            report.documents += 1;
            report.mentions += mentions.len();
            for ((id, m), old) in ids.iter().zip(&mentions).zip(&before) {
                if &m.location != old {
                    report.changed += 1;
                    for (key, row) in tx.set_mention_location(*id, m.location.as_ref())? {
                        touched.entry(key).or_default().push(row);
                    }
                }
            }
        }
    }
    for (key, rows) in &touched {
        crate::window::refuse(&tx, key, rows)?;
    }
    report.keys = touched.len();
    tx.commit()?;
    Ok(report)
}
