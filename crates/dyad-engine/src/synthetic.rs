//! A synthetic store for benchmarks: many documents, mentions and fused
//! events with a realistic skew (a few busy dyads, many quiet ones).

use std::collections::BTreeSet;

use dyad_store::{NewDocument, Store};
use dyad_types::{ActorRef, DateBasis, Evidence, Mention, Modality, PartialDate, Quantity, Span};

/// A small, fast, deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// Skewed towards small values: a few states appear in most events.
    fn skewed(&mut self, n: u64) -> u64 {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b).min(self.below(n))
    }
}

const STATES: [&str; 40] = [
    "USA", "CHN", "RUS", "IRN", "VEN", "UKR", "ISR", "PSE", "GBR", "FRA", "DEU", "IND", "PAK", "TUR", "SAU", "SYR",
    "IRQ", "PRK", "KOR", "JPN", "BRA", "MEX", "COL", "CUB", "NIC", "EGY", "ETH", "NGA", "ZAF", "KEN", "AFG", "YEM",
    "LBN", "QAT", "ARE", "TWN", "POL", "ITA", "ESP", "CAN",
];

const CODES: [(&str, &str, u8, f32); 12] = [
    ("010", "", 1, 0.0),
    ("036", "AGREE", 1, 4.0),
    ("042", "CONSULT", 1, 1.9),
    ("051", "SUPPORT", 1, 3.4),
    ("057", "SUPPORT", 1, 8.0),
    ("061", "COOPERATE", 2, 6.4),
    ("071", "AID", 2, 7.4),
    ("111", "ACCUSE", 3, -2.0),
    ("130", "THREATEN", 3, -4.4),
    ("163", "COERCE", 4, -8.0),
    ("1711", "COERCE", 4, -9.2),
    ("190", "ASSAULT", 4, -10.0),
];

fn actor(code: &str) -> ActorRef {
    ActorRef {
        text: code.to_string(),
        code: code.to_string(),
        country: code.to_string(),
        sector: String::new(),
        span: Span::new(0, 3),
    }
}

/// Fills `store` with `mentions` mentions (ten per document), fused into
/// events, in batches of one transaction each. Returns the number of events.
pub fn fill(store: &mut Store, mentions: usize, seed: u64) -> dyad_store::Result<u64> {
    let mut rng = Rng(seed | 1);
    let docs = mentions.div_ceil(10);
    let start = PartialDate::parse("2000-01-01").map_or(0, |d| d.to_days());
    let mut made = 0;
    let batch = 2_000;
    let mut keys: BTreeSet<String> = BTreeSet::new();
    for first in (0..docs).step_by(batch) {
        let tx = store.transaction()?;
        for d in first..(first + batch).min(docs) {
            let day = start + rng.below(25 * 365) as i64;
            let date = PartialDate::from_days(day);
            let hash = format!("synthetic-{seed}-{d}");
            let text = format!("Synthetic document {d}.");
            let doc = tx.insert_document(&NewDocument {
                hash: &hash,
                ext_id: &hash,
                title: None,
                date: Some(date),
                source: Some(["Wire A", "Wire B", "Wire C", "Wire D", "Wire E"][d % 5]),
                url: None,
                origin: "synthetic",
                text: &text,
                sentences: 10,
                signature: &[],
                tone: None,
                dateline: None,
            })?;
            for s in 0..10 {
                if made >= mentions {
                    break;
                }
                made += 1;
                let a = STATES[rng.skewed(STATES.len() as u64) as usize];
                let mut b = STATES[rng.skewed(STATES.len() as u64) as usize];
                if a == b {
                    b = STATES[(rng.below(STATES.len() as u64 - 1) as usize
                        + 1
                        + STATES.iter().position(|x| *x == a).unwrap_or(0))
                        % STATES.len()];
                }
                let (cameo, plover, quad, goldstein) = CODES[rng.below(CODES.len() as u64) as usize];
                // Reports cluster around the document date, at day or month precision.
                let event_day = PartialDate::from_days(day - rng.below(10) as i64);
                let event_date =
                    if rng.below(3) == 0 { event_day.truncate(dyad_types::DatePrecision::Month) } else { event_day };
                let m = Mention {
                    doc_id: hash.clone(),
                    sentence: s,
                    text: format!("{a} {cameo} {b}"),
                    span: Span::new(0, 10),
                    source: vec![actor(a)],
                    target: vec![actor(b)],
                    cameo: cameo.to_string(),
                    cameo_root: cameo[..2].to_string(),
                    plover: plover.to_string(),
                    quad_class: quad,
                    goldstein,
                    date: Some(event_date),
                    date_precision: Some(event_date.precision()),
                    date_basis: DateBasis::Explicit,
                    modality: if rng.below(20) == 0 { Modality::Denied } else { Modality::Asserted },
                    confidence: 0.0,
                    quantities: if rng.below(8) == 0 {
                        vec![Quantity {
                            value: (1 + rng.below(9)) as f64 * 100_000.0,
                            unit: "barrel".into(),
                            text: String::new(),
                        }]
                    } else {
                        Vec::new()
                    },
                    evidence: Evidence::default(),
                    location: None,
                };
                let id = tx.insert_mention(doc, &m)?;
                for dm in dyad_fuse::dyads(&m) {
                    let (source, target) = dm.codes();
                    let stable = format!("{hash}:{s}:{source}:{target}");
                    tx.insert_dyad(id, &dm.key, &stable, dm.source.as_ref(), dm.target.as_ref())?;
                    keys.insert(dm.key);
                }
            }
        }
        tx.commit()?;
    }
    // Fused once at the end, each key in one pass.
    let keys: Vec<String> = keys.into_iter().collect();
    for chunk in keys.chunks(500) {
        let tx = store.transaction()?;
        for key in chunk {
            tx.replace_events(key, &dyad_fuse::fuse(&tx.dyad_records(key)?))?;
        }
        tx.commit()?;
    }
    Ok(store.stats()?.events)
}
