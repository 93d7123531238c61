//! What a set of events rests on: how many sources and articles reported
//! them. The dashboard's summary tiles read this for the events of the
//! current view; the event counts themselves come from the events.

use crate::{Result, Store};

/// The reporting behind a set of events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Distinct publishers (a document without one counts as its own).
    pub sources: u64,
    /// Distinct articles, a near-duplicate cluster counting once.
    pub articles: u64,
    /// Mentions of the events.
    pub mentions: u64,
}

impl Store {
    /// The sources, articles and mentions behind the events `ids`.
    pub fn coverage(&self, ids: &[i64]) -> Result<Coverage> {
        if ids.is_empty() {
            return Ok(Coverage::default());
        }
        // One bound parameter for any number of ids: a JSON array.
        let list = serde_json::to_string(ids)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT COUNT(DISTINCT IFNULL(doc.source, 'doc:' || doc.id)), COUNT(DISTINCT doc.cluster), \
                    COUNT(DISTINCT m.id) \
             FROM json_each(?1) j \
             JOIN dyads d ON d.event = j.value \
             JOIN mentions m ON m.id = d.mention \
             JOIN documents doc ON doc.id = m.doc",
        )?;
        let c = stmt.query_row([list], |r| {
            Ok(Coverage {
                sources: r.get::<_, i64>(0)?.unsigned_abs(),
                articles: r.get::<_, i64>(1)?.unsigned_abs(),
                mentions: r.get::<_, i64>(2)?.unsigned_abs(),
            })
        })?;
        Ok(c)
    }
}
