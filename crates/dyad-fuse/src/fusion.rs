//! Cross-source fusion: dyad mentions → events.

use std::collections::BTreeMap;

use dyad_types::{
    ActorRef, DateBasis, DatePrecision, DyadRecord, Event, FusedQuantity, Mention, Modality, PartialDate, SourceFigure,
};

use crate::stable_hash;

/// Figures within this ratio of each other agree (rounding: 1.5 vs 1.53 million).
const ROUNDING: f64 = 1.05;

/// One source→target pair of a mention: a mention with compound actors
/// (`Russia and China sent aid to Venezuela`) reports several.
#[derive(Clone, Debug, PartialEq)]
pub struct DyadMention {
    /// Source actor.
    pub source: ActorRef,
    /// Target actor.
    pub target: ActorRef,
    /// The key events are fused under: see [`fusion_key`].
    pub key: String,
}

/// The dyads of a mention, each with its fusion key.
pub fn dyads(m: &Mention) -> Vec<DyadMention> {
    let mut out = Vec::new();
    for s in &m.source {
        for t in &m.target {
            if s.country == t.country && s.sector == t.sector {
                continue;
            }
            out.push(DyadMention { source: s.clone(), target: t.clone(), key: fusion_key(m, s, t) });
        }
    }
    out
}

/// Codes whose events are mutual (meeting, agreeing, cooperating): `A met B`
/// and `B met A` are the same event.
fn mutual(cameo: &str) -> bool {
    matches!(
        &cameo[..cameo.len().min(3)],
        "030"
            | "031"
            | "032"
            | "036"
            | "040"
            | "044"
            | "045"
            | "046"
            | "050"
            | "052"
            | "053"
            | "054"
            | "055"
            | "056"
            | "057"
            | "060"
            | "061"
            | "062"
            | "063"
            | "064"
    )
}

/// Mentions of the same interaction share a key: the two states (ordered for
/// mutual acts) and the PLOVER category, or the CAMEO root when PLOVER has none.
pub fn fusion_key(m: &Mention, source: &ActorRef, target: &ActorRef) -> String {
    let category = if m.plover.is_empty() { format!("cameo{}", m.cameo_root) } else { m.plover.clone() };
    let (a, b) = (source.country.as_str(), target.country.as_str());
    let (a, b) = if mutual(&m.cameo) && b < a { (b, a) } else { (a, b) };
    format!("{a}|{b}|{category}")
}

/// One dyad mention with what fusion needs to know about its document.
pub type FuseInput = DyadRecord;

trait FusionDate {
    fn fusion_date(&self) -> Option<PartialDate>;
}

impl FusionDate for FuseInput {
    /// The date fusion compares: a date taken from the document (not the
    /// text) counts only to the month, since a report follows its event.
    fn fusion_date(&self) -> Option<PartialDate> {
        match self.date_basis {
            DateBasis::Document => self.date.map(|d| d.truncate(DatePrecision::Month)),
            _ => self.date,
        }
    }
}

/// Fuses the dyad mentions of one key into events. Mentions whose dates are
/// compatible (one contains the other) describe the same event; a mention
/// with no date joins the largest event.
pub fn fuse(inputs: &[FuseInput]) -> Vec<Event> {
    let mut order: Vec<&FuseInput> = inputs.iter().collect();
    // Most precise dates first, so coarser ones join the events they contain.
    order.sort_by(|a, b| {
        let pa = a.fusion_date().map(|d| d.precision());
        let pb = b.fusion_date().map(|d| d.precision());
        pb.cmp(&pa).then(a.fusion_date().cmp(&b.fusion_date())).then(a.stable.cmp(&b.stable))
    });
    let mut groups: Vec<Vec<&FuseInput>> = Vec::new();
    for m in order {
        let slot = match m.fusion_date() {
            Some(d) => groups.iter().position(|g| g.iter().all(|o| o.fusion_date().is_none_or(|od| od.compatible(&d)))),
            None => (0..groups.len()).max_by_key(|&i| (groups[i].len(), std::cmp::Reverse(i))),
        };
        match slot {
            Some(i) => groups[i].push(m),
            None => groups.push(vec![m]),
        }
    }
    let mut events: Vec<Event> = groups.into_iter().map(|g| event(&g)).collect();
    events.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    events
}

/// The most frequent value; ties go to the smallest.
fn mode<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(k, _)| k.to_string()).unwrap_or_default()
}

fn event(members: &[&FuseInput]) -> Event {
    let key = members.iter().map(|m| m.stable.as_str()).min().unwrap_or("");
    let id = (stable_hash(key.as_bytes()) >> 1) as i64;
    let source = mode(members.iter().map(|m| m.source.as_str()));
    let target = mode(members.iter().map(|m| m.target.as_str()));
    let cameo = mode(members.iter().map(|m| m.cameo.as_str()));
    let rep = members.iter().find(|m| m.cameo == cameo).copied().unwrap_or(members[0]);
    let with_source = members.iter().find(|m| m.source == source).copied().unwrap_or(members[0]);
    let with_target = members.iter().find(|m| m.target == target).copied().unwrap_or(members[0]);
    let source_country = with_source.source_country.clone();
    let target_country = with_target.target_country.clone();
    // The earliest report that has a URL.
    let source_url =
        members.iter().filter(|m| m.url.is_some()).min_by_key(|m| (m.doc_date, &m.stable)).and_then(|m| m.url.clone());
    // The most precise date, preferring dates read from the text.
    let date = members
        .iter()
        .filter(|m| m.date.is_some())
        .max_by_key(|m| (m.date_basis != DateBasis::Document, m.date.map(|d| d.precision()), std::cmp::Reverse(m.date)))
        .and_then(|m| m.date);
    let reports: Vec<PartialDate> = members.iter().filter_map(|m| m.doc_date).collect();
    let mut publishers: Vec<&str> = members.iter().map(|m| m.publisher.as_str()).collect();
    publishers.sort_unstable();
    publishers.dedup();
    let mut clusters: Vec<i64> = members.iter().map(|m| m.cluster).collect();
    clusters.sort_unstable();
    clusters.dedup();
    let affirmed = members.iter().any(|m| matches!(m.modality, Modality::Asserted | Modality::Reported));
    let denied = members.iter().any(|m| m.modality == Modality::Denied);
    let modality = if members.iter().any(|m| m.modality == Modality::Asserted) {
        Modality::Asserted
    } else {
        let mut counts: BTreeMap<Modality, usize> = BTreeMap::new();
        for m in members {
            *counts.entry(m.modality).or_default() += 1;
        }
        counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map_or(Modality::Asserted, |(k, _)| k)
    };
    let quantities = reconcile(members);
    let mut mention_ids: Vec<i64> = members.iter().map(|m| m.id).collect();
    mention_ids.sort_unstable();
    mention_ids.dedup();
    Event {
        id,
        source,
        source_country,
        source_name: with_source.source_text.clone(),
        target,
        target_country,
        target_name: with_target.target_text.clone(),
        source_url,
        cameo_root: cameo[..cameo.len().min(2)].to_string(),
        cameo,
        plover: rep.plover.clone(),
        quad_class: rep.quad_class,
        goldstein: rep.goldstein,
        date,
        date_precision: date.map(|d| d.precision()),
        first_report: reports.iter().min().copied(),
        last_report: reports.iter().max().copied(),
        num_mentions: members.len() as u32,
        num_sources: publishers.len() as u32,
        num_articles: clusters.len() as u32,
        modality,
        disputed: affirmed && denied,
        conflict: quantities.iter().any(|q| q.conflict),
        quantities,
        mention_ids,
    }
}

/// Per unit, each source's figure; a conflict when they differ by more than rounding.
fn reconcile(members: &[&FuseInput]) -> Vec<FusedQuantity> {
    let mut by_unit: BTreeMap<&str, Vec<SourceFigure>> = BTreeMap::new();
    for m in members {
        for q in &m.quantities {
            let figs = by_unit.entry(q.unit.as_str()).or_default();
            // One figure per document and value: a document repeating itself is one voice.
            if !figs.iter().any(|f| f.doc_id == m.doc_id && f.value == q.value) {
                figs.push(SourceFigure {
                    source: m.publisher.clone(),
                    doc_id: m.doc_id.clone(),
                    value: q.value,
                    text: q.text.clone(),
                });
            }
        }
    }
    by_unit
        .into_iter()
        .map(|(unit, mut figures)| {
            figures.sort_by(|a, b| a.value.total_cmp(&b.value).then(a.doc_id.cmp(&b.doc_id)));
            let value = figures[figures.len() / 2].value;
            // One article may give several figures of a unit (`from $3
            // billion to $20 billion`); two articles conflict when they share
            // no figure within rounding.
            let agree = |a: f64, b: f64| a == b || a > 0.0 && b > 0.0 && a.max(b) / a.min(b) <= ROUNDING;
            let mut docs: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
            for f in &figures {
                docs.entry(f.doc_id.as_str()).or_default().push(f.value);
            }
            let sets: Vec<&Vec<f64>> = docs.values().collect();
            let conflict = sets
                .iter()
                .enumerate()
                .any(|(i, a)| sets[i + 1..].iter().any(|b| !a.iter().any(|x| b.iter().any(|y| agree(*x, *y)))));
            FusedQuantity { unit: unit.to_string(), value, conflict, figures }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_types::Quantity;

    fn input(
        id: i64,
        doc: &str,
        publisher: &str,
        date: &str,
        basis: DateBasis,
        modality: Modality,
        q: &[(f64, &str)],
    ) -> FuseInput {
        FuseInput {
            id,
            stable: format!("{doc}:{id}"),
            cluster: stable_hash(doc.as_bytes()) as i64,
            doc_id: doc.into(),
            publisher: publisher.into(),
            doc_date: PartialDate::parse("2020-08-20"),
            source: "USA".into(),
            source_country: "USA".into(),
            target: "IRN".into(),
            target_country: "IRN".into(),
            source_text: "the United States".into(),
            target_text: "Iranian tankers".into(),
            url: None,
            cameo: "1711".into(),
            plover: "COERCE".into(),
            quad_class: 4,
            goldstein: -9.2,
            date: PartialDate::parse(date),
            date_basis: basis,
            modality,
            quantities: q
                .iter()
                .map(|(v, u)| Quantity { value: *v, unit: u.to_string(), text: format!("{v} {u}") })
                .collect(),
        }
    }

    #[test]
    fn compatible_dates_fuse_and_figures_are_reconciled() {
        let e = fuse(&[
            input(
                1,
                "a",
                "Wire A",
                "2020-08",
                DateBasis::Explicit,
                Modality::Asserted,
                &[(1_100_000.0, "barrel"), (4.0, "tanker")],
            ),
            input(2, "b", "Wire B", "2020-08-14", DateBasis::Explicit, Modality::Reported, &[(1_120_000.0, "barrel")]),
            input(
                3,
                "c",
                "Wire C",
                "2020-08",
                DateBasis::Explicit,
                Modality::Asserted,
                &[(1_800_000.0, "barrel"), (5.0, "tanker")],
            ),
            input(4, "d", "Wire D", "2020-05", DateBasis::Explicit, Modality::Asserted, &[]),
        ]);
        assert_eq!(e.len(), 2);
        let aug = e.iter().find(|e| e.num_mentions == 3).unwrap();
        assert_eq!(aug.date.unwrap().to_string(), "2020-08-14");
        assert_eq!((aug.num_sources, aug.num_articles), (3, 3));
        assert!(aug.conflict);
        let barrels = aug.quantities.iter().find(|q| q.unit == "barrel").unwrap();
        assert_eq!(barrels.figures.len(), 3);
        assert_eq!(barrels.value, 1_120_000.0);
    }

    #[test]
    fn several_figures_in_one_article_are_not_a_conflict() {
        let e = fuse(&[
            input(1, "a", "A", "2023-06", DateBasis::Explicit, Modality::Asserted, &[(3e9, "USD"), (2e10, "USD")]),
            input(2, "b", "B", "2023-06", DateBasis::Explicit, Modality::Asserted, &[(2e10, "USD")]),
        ]);
        assert!(!e[0].conflict);
    }

    #[test]
    fn figures_within_rounding_agree() {
        let e = fuse(&[
            input(1, "a", "A", "2020-05", DateBasis::Explicit, Modality::Asserted, &[(1_500_000.0, "barrel")]),
            input(2, "b", "B", "2020-05", DateBasis::Explicit, Modality::Asserted, &[(1_530_000.0, "barrel")]),
        ]);
        assert_eq!(e.len(), 1);
        assert!(!e[0].conflict);
    }

    #[test]
    fn a_denial_makes_an_event_disputed_and_duplicates_count_once() {
        let mut dup = input(2, "b", "B", "2020-08", DateBasis::Explicit, Modality::Denied, &[]);
        dup.cluster = 7;
        let mut dup2 = input(3, "c", "C", "2020-08", DateBasis::Explicit, Modality::Denied, &[]);
        dup2.cluster = 7;
        let e = fuse(&[input(1, "a", "A", "2020-08", DateBasis::Explicit, Modality::Asserted, &[]), dup, dup2]);
        assert_eq!(e.len(), 1);
        assert!(e[0].disputed);
        assert_eq!(e[0].modality, Modality::Asserted);
        assert_eq!((e[0].num_mentions, e[0].num_sources, e[0].num_articles), (3, 3, 2));
    }

    #[test]
    fn ids_do_not_depend_on_input_order() {
        let a = vec![
            input(1, "a", "A", "2020-08", DateBasis::Explicit, Modality::Asserted, &[]),
            input(2, "b", "B", "2020-08-03", DateBasis::Explicit, Modality::Asserted, &[]),
            input(3, "c", "C", "2019", DateBasis::Explicit, Modality::Asserted, &[]),
        ];
        let mut b = a.clone();
        b.reverse();
        assert_eq!(fuse(&a), fuse(&b));
    }

    #[test]
    fn document_dates_count_to_the_month() {
        let e = fuse(&[
            input(1, "a", "A", "2020-05-25", DateBasis::Document, Modality::Asserted, &[]),
            input(2, "b", "B", "2020-05-24", DateBasis::Explicit, Modality::Asserted, &[]),
        ]);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].date.unwrap().to_string(), "2020-05-24");
    }
}
