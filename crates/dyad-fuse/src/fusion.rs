//! Cross-source fusion: dyad mentions → events.
//!
//! The dyad mentions of one fusion key (the two states and the category)
//! are grouped into events. Fusion keeps apart what the evidence separates;
//! each rule is a named function with its tests:
//!
//! - `dates_separate`: the periods two mentions can refer to do not meet.
//!   A date the sentence names is its period; a date inherited from the
//!   paragraph is the paragraph's; a document date supports its month up to
//!   the day of publication (a report of a past act follows it), reaching
//!   back `LOOKBACK_DAYS` only when other evidence ties the two
//!   (`corroborated`). A mention with no date at all joins an event only on
//!   such evidence or beside a mention of its own document.
//! - `actions_separate`: CAMEO codes that differ at three digits are
//!   different acts, unless `clearly_same` (one sentence, near-duplicate
//!   documents, or the same day with agreeing figures).
//! - `figures_separate`: figures of one unit further apart than `FAR` count
//!   different things, unless the mentions are `corroborated`.
//! - `places_separate`: two places the text states that do not agree
//!   (other countries, cities more than 50 km apart, other divisions).
//!
//! A figure conflict is flagged only between documents whose reports are
//! `pinned` to the same event by other evidence: corroborated, or both
//! dated by their own sentences, compatibly, one of them to the day.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use dyad_types::{
    ActorRef, DateBasis, DatePrecision, DyadRecord, Event, FusedQuantity, Mention, Modality, PartialDate, Quantity,
    SourceFigure, Window,
};

use crate::stable_hash;

mod groups;

use groups::Groups;

/// Figures within this ratio of each other agree (rounding: 1.5 vs 1.53 million).
const ROUNDING: f64 = 1.05;

/// Figures of one unit further apart than this ratio count different things
/// (200,000 and 1.5 million barrels are two cargoes); closer figures may be
/// two reports of one thing that disagree (1.1 and 1.8 million barrels).
const FAR: f64 = 2.0;

/// How far before its publication a report without a date of its own may
/// reach for an event that other evidence ties it to (`In mid-May, five
/// tankers carrying 1.5 million barrels`, in a June article).
const LOOKBACK_DAYS: i64 = 92;

/// One source→target pair of a mention: a mention with compound actors
/// (`Russia and China sent aid to Venezuela`) reports several. A one-sided
/// mention (`Thousands marched in Lagos`) has no target, and a mention may
/// name no source; one with neither side has no dyad.
#[derive(Clone, Debug, PartialEq)]
pub struct DyadMention {
    /// Source actor, if the mention names one.
    pub source: Option<ActorRef>,
    /// Target actor; `None` for a one-sided mention.
    pub target: Option<ActorRef>,
    /// The key events are fused under: see [`fusion_key`].
    pub key: String,
}

impl DyadMention {
    /// The source's and the target's actor codes, empty for a missing side.
    pub fn codes(&self) -> (&str, &str) {
        fn code(a: &Option<ActorRef>) -> &str {
            a.as_ref().map_or("", |a| &a.code)
        }
        (code(&self.source), code(&self.target))
    }
}

/// The dyads of a mention, each with its fusion key.
pub fn dyads(m: &Mention) -> Vec<DyadMention> {
    // A missing side is one `None`, so a one-sided mention still has dyads.
    fn side(v: &[ActorRef]) -> Vec<Option<&ActorRef>> {
        if v.is_empty() {
            vec![None]
        } else {
            v.iter().map(Some).collect()
        }
    }
    let mut out = Vec::new();
    for s in side(&m.source) {
        for t in side(&m.target) {
            match (s, t) {
                (None, None) => continue,
                (Some(s), Some(t)) if s.country == t.country && s.sector == t.sector => continue,
                _ => {}
            }
            out.push(DyadMention { source: s.cloned(), target: t.cloned(), key: fusion_key(m, s, t) });
        }
    }
    out
}

/// Mentions of the same interaction share a key: the two states (ordered for
/// mutual acts) and the PLOVER category, or the CAMEO root when PLOVER has
/// none. A missing side is empty and keeps its place (`VEN||PROTEST`: an act
/// of Venezuela's with no recipient), so one-sided mentions fuse only with
/// one-sided mentions of the same actor.
pub fn fusion_key(m: &Mention, source: Option<&ActorRef>, target: Option<&ActorRef>) -> String {
    let category = if m.plover.is_empty() { format!("cameo{}", m.cameo_root) } else { m.plover.clone() };
    let (a, b) = (source.map_or("", |a| a.country.as_str()), target.map_or("", |a| a.country.as_str()));
    let (a, b) = if dyad_types::is_mutual(&m.cameo) && !b.is_empty() && b < a { (b, a) } else { (a, b) };
    format!("{a}|{b}|{category}")
}

/// One dyad mention with what fusion needs to know about its document.
pub type FuseInput = DyadRecord;

/// What a dyad mention's date rests on, most telling first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum When {
    /// The sentence names its date (`in May 2020`, `on Friday`).
    Own(PartialDate),
    /// The paragraph's date, inherited by a sentence that names none.
    Inherited(PartialDate),
    /// Only the document's date.
    Document(PartialDate),
    /// No date at all.
    Unknown,
}

impl When {
    fn of(r: &FuseInput) -> When {
        When::from_parts(r.date, r.date_basis, r.date_inherited, r.doc_date)
    }

    fn from_parts(date: Option<PartialDate>, basis: DateBasis, inherited: bool, doc_date: Option<PartialDate>) -> When {
        match (basis, date) {
            (DateBasis::Explicit | DateBasis::Relative, Some(d)) if inherited => When::Inherited(d),
            (DateBasis::Explicit | DateBasis::Relative, Some(d)) => When::Own(d),
            (DateBasis::Document, Some(d)) => When::Document(d),
            _ => doc_date.map_or(When::Unknown, When::Document),
        }
    }

    fn tier(self) -> u8 {
        match self {
            When::Own(_) => 0,
            When::Inherited(_) => 1,
            When::Document(_) => 2,
            When::Unknown => 3,
        }
    }

    fn date(self) -> Option<PartialDate> {
        match self {
            When::Own(d) | When::Inherited(d) | When::Document(d) => Some(d),
            When::Unknown => None,
        }
    }
}

/// Past acts: a report cannot tell of one that happens after it is published.
fn past(m: Modality) -> bool {
    matches!(m, Modality::Asserted | Modality::Reported | Modality::Denied | Modality::Negated)
}

/// The days (first, last, since 1970) a dyad mention can refer to; `None`
/// when nothing dates it. `widened` lets a document date reach back
/// [`LOOKBACK_DAYS`] before its month.
fn support(doc_date: Option<PartialDate>, modality: Modality, when: When, widened: bool) -> Option<(i64, i64)> {
    let (start, end) = match when {
        When::Own(d) | When::Inherited(d) => (d.to_days(), d.to_last_day()),
        When::Document(d) => {
            let month = d.truncate(DatePrecision::Month);
            let start = if widened { d.to_days() - LOOKBACK_DAYS } else { month.to_days() };
            (start, month.to_last_day())
        }
        When::Unknown => return None,
    };
    // A document dated before the period it names says nothing of its end.
    let end = match doc_date {
        Some(doc) if past(modality) && doc.to_last_day() >= start => end.min(doc.to_last_day()),
        _ => end,
    };
    Some((start, end))
}

/// The longest widened period [`window`] gives (a year named, or a
/// document dated to the year reaching back [`LOOKBACK_DAYS`]); a longer
/// one counts as no window, so a store need only look this far back.
pub const MAX_WINDOW_DAYS: i64 = 2 * 366;

/// The days a dyad mention can refer to, from its date, where the date came
/// from, whether the paragraph lent it, its document's date and its
/// modality; `None` when nothing dates it (such a mention may join an event
/// of any date).
pub fn window(
    date: Option<PartialDate>,
    basis: DateBasis,
    inherited: bool,
    doc_date: Option<PartialDate>,
    modality: Modality,
) -> Option<Window> {
    let when = When::from_parts(date, basis, inherited, doc_date);
    let narrow = support(doc_date, modality, when, false)?;
    let wide = support(doc_date, modality, when, true)?;
    (wide.1 - wide.0 <= MAX_WINDOW_DAYS).then_some(Window { narrow, wide })
}

/// [`window`] of a stored dyad mention.
pub fn window_of(r: &FuseInput) -> Option<Window> {
    window(r.date, r.date_basis, r.date_inherited, r.doc_date, r.modality)
}

/// The units a mention gives figures in, as the store keeps them for
/// [`may_join`]: sorted, distinct, `|`-separated.
pub fn units(quantities: &[Quantity]) -> String {
    let mut u: Vec<&str> = quantities.iter().map(|q| q.unit.as_str()).collect();
    u.sort_unstable();
    u.dedup();
    u.join("|")
}

/// What a store keeps of a dated dyad mention of a key to find the window
/// a batch can change: its [`window`], its document's near-duplicate
/// cluster and its [`units`].
#[derive(Clone, Copy, Debug)]
pub struct Reach<'a> {
    /// Its window.
    pub window: Window,
    /// Its document's near-duplicate cluster.
    pub cluster: i64,
    /// Its units ([`units`]).
    pub units: &'a str,
}

/// Whether two dated dyad mentions of one key could be in one event: their
/// narrow periods meet, or their wide ones do and something could
/// corroborate them (one document or near-duplicates, or figures in a
/// shared unit; a day both name lies in both narrow periods). Events are
/// made within the groups this relation connects, so fusing each group of
/// a key on its own gives the events of fusing the whole key.
pub fn may_join(a: &Reach<'_>, b: &Reach<'_>) -> bool {
    let meet = |x: (i64, i64), y: (i64, i64)| x.0 <= y.1 && y.0 <= x.1;
    meet(a.window.narrow, b.window.narrow)
        || meet(a.window.wide, b.window.wide)
            && (a.cluster == b.cluster
                || !a.units.is_empty()
                    && !b.units.is_empty()
                    && a.units.split('|').any(|u| b.units.split('|').any(|v| u == v)))
}

/// A dyad mention with what the rules ask of it worked out once: fusion
/// compares every mention with every member of a group.
#[derive(Clone, Copy, Debug)]
struct Rec<'a> {
    r: &'a FuseInput,
    when: When,
    /// The days it can refer to ([`support`]), narrow and widened.
    days: Option<(i64, i64)>,
    wide: Option<(i64, i64)>,
}

impl<'a> Rec<'a> {
    fn new(r: &'a FuseInput) -> Rec<'a> {
        let when = When::of(r);
        let days = |widened| support(r.doc_date, r.modality, when, widened);
        Rec { r, when, days: days(false), wide: days(true) }
    }
}

impl std::ops::Deref for Rec<'_> {
    type Target = FuseInput;
    fn deref(&self) -> &FuseInput {
        self.r
    }
}

/// Both mentions are of one sentence of one document.
fn same_sentence(a: &FuseInput, b: &FuseInput) -> bool {
    a.doc_id == b.doc_id && a.sentence == b.sentence
}

/// The two documents are near-duplicates (a reprint, a syndicated copy).
fn near_duplicates(a: &FuseInput, b: &FuseInput) -> bool {
    a.doc_id != b.doc_id && a.cluster == b.cluster
}

/// Both sentences name the same day.
fn same_day(a: &Rec<'_>, b: &Rec<'_>) -> bool {
    matches!((a.when, b.when), (When::Own(x), When::Own(y)) if x == y && x.precision() == DatePrecision::Day)
}

/// `x` and `y` are within `ratio` of each other.
fn within(x: f64, y: f64, ratio: f64) -> bool {
    x == y || x > 0.0 && y > 0.0 && x.max(y) / x.min(y) <= ratio
}

/// For each unit both give figures in: whether some pair is within `ratio`.
fn shared_units(a: &[Quantity], b: &[Quantity], ratio: f64) -> Vec<bool> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let mut units: Vec<&str> = a.iter().map(|q| q.unit.as_str()).collect();
    units.sort_unstable();
    units.dedup();
    units
        .into_iter()
        .filter(|u| b.iter().any(|q| q.unit == *u))
        .map(|u| {
            let values =
                |r: &[Quantity]| -> Vec<f64> { r.iter().filter(|q| q.unit == u).map(|q| q.value).collect::<Vec<_>>() };
            let (va, vb) = (values(a), values(b));
            va.iter().any(|x| vb.iter().any(|y| within(*x, *y, ratio)))
        })
        .collect()
}

/// Some figure of one list matches one of the other's, to rounding.
fn quantities_agree(a: &[Quantity], b: &[Quantity]) -> bool {
    shared_units(a, b, ROUNDING).into_iter().any(|agree| agree)
}

/// Some figure of one mention matches one of the other's, to rounding.
fn figures_agree(a: &FuseInput, b: &FuseInput) -> bool {
    quantities_agree(&a.quantities, &b.quantities)
}

/// Evidence that two mentions tell of one event beyond sharing a key: one
/// sentence, near-duplicate documents, the same day named, or a figure
/// they agree on.
fn corroborated(a: &Rec<'_>, b: &Rec<'_>) -> bool {
    same_sentence(a, b) || near_duplicates(a, b) || same_day(a, b) || figures_agree(a, b)
}

/// Evidence strong enough to join two different codes of one category.
fn clearly_same(a: &Rec<'_>, b: &Rec<'_>) -> bool {
    same_sentence(a, b) || near_duplicates(a, b) || (same_day(a, b) && figures_agree(a, b))
}

/// Rule: the periods the two can refer to do not meet (see [`support`]).
fn dates_separate(a: &Rec<'_>, b: &Rec<'_>, widened: bool) -> bool {
    let days = |r: &Rec<'_>| if widened { r.wide } else { r.days };
    match (days(a), days(b)) {
        (Some(x), Some(y)) => x.0 > y.1 || y.0 > x.1,
        _ => false,
    }
}

/// Rule: different acts (CAMEO codes differing at three digits: `070`
/// increased support, `071` sent fuel), unless [`clearly_same`].
fn actions_separate(a: &Rec<'_>, b: &Rec<'_>) -> bool {
    fn act(c: &str) -> &str {
        c.get(..3).unwrap_or(c)
    }
    act(&a.cameo) != act(&b.cameo) && !clearly_same(a, b)
}

/// Rule: in some unit they both give, no figure of one is within [`FAR`] of
/// one of the other's (several figures of one mention: `from 200,000 to
/// 400,000 barrels`).
fn figures_separate(a: &FuseInput, b: &FuseInput) -> bool {
    quantities_separate(&a.quantities, &b.quantities)
}

/// [`figures_separate`] on two lists of figures.
fn quantities_separate(a: &[Quantity], b: &[Quantity]) -> bool {
    shared_units(a, b, FAR).into_iter().any(|near| !near)
}

/// Rule: both places are known and differ.
fn places_separate(a: &FuseInput, b: &FuseInput) -> bool {
    match (&a.place, &b.place) {
        (Some(x), Some(y)) => !x.agrees(y),
        _ => false,
    }
}

/// Why two dyad mentions are not one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Separation {
    Dates,
    Action,
    Figures,
    Place,
}

/// The first rule that keeps `a` and `b` apart, if any.
fn separation(a: &Rec<'_>, b: &Rec<'_>) -> Option<Separation> {
    // Corroboration costs more than the rules: asked for only when a rule
    // would separate the two without it, and then once.
    let mut known = None;
    let mut strong = || *known.get_or_insert_with(|| corroborated(a, b));
    if dates_separate(a, b, false) && (dates_separate(a, b, true) || !strong()) {
        Some(Separation::Dates)
    } else if actions_separate(a, b) {
        Some(Separation::Action)
    } else if figures_separate(a, b) && !strong() {
        Some(Separation::Figures)
    } else if places_separate(a, b) {
        Some(Separation::Place)
    } else {
        None
    }
}

/// Two reports are of one event for certain enough to call differing
/// figures a conflict: [`corroborated`], or both dated by their own
/// sentences, compatibly, one of them to the day.
fn pinned(a: &Rec<'_>, b: &Rec<'_>) -> bool {
    corroborated(a, b)
        || match (a.when, b.when) {
            (When::Own(x), When::Own(y)) => {
                x.compatible(&y) && (x.precision() == DatePrecision::Day || y.precision() == DatePrecision::Day)
            }
            _ => false,
        }
}

/// The order mentions are placed in: own dates first, the most precise
/// first, then by date, mentions with figures first, then by their keys.
fn fusion_order(a: &Rec<'_>, b: &Rec<'_>) -> std::cmp::Ordering {
    let (wa, wb) = (a.when, b.when);
    wa.tier()
        .cmp(&wb.tier())
        .then(wb.date().map(|d| d.precision()).cmp(&wa.date().map(|d| d.precision())))
        .then(wa.date().cmp(&wb.date()))
        // Figures are evidence: mentions that give some place first.
        .then(a.quantities.is_empty().cmp(&b.quantities.is_empty()))
        .then(a.stable.cmp(&b.stable))
}

/// Fuses the dyad mentions of one key into events. Mentions dated by their
/// own sentences go first, the most precise first, so that coarser and
/// borrowed dates join the events they fit. Each joins the group it is
/// separated from by no rule, the one with the most evidence (then the
/// largest); a mention with no date needs evidence to join at all.
pub fn fuse(inputs: &[FuseInput]) -> Vec<Event> {
    let mut order: Vec<Rec<'_>> = inputs.iter().map(Rec::new).collect();
    order.sort_by(fusion_order);
    let mut groups = Groups::new(&order);
    for m in order {
        let best = groups.best(&m);
        groups.add(best, m);
    }
    let mut events: Vec<Event> = groups.all.into_iter().map(|g| event(&g.members)).collect();
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

fn event(members: &[Rec<'_>]) -> Event {
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
    // The most precise date, preferring the sentences' own, then the
    // paragraphs', then the documents'.
    let date = members
        .iter()
        .map(|m| m.when)
        .filter_map(|w| w.date().map(|d| (w, d)))
        .max_by_key(|(w, d)| (Reverse(w.tier()), d.precision(), Reverse(*d)))
        .map(|(_, d)| d);
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
    // The most precise place, stated places before inferred ones; ties go
    // to the surest, then to the smallest mention key (order-free).
    let location = members
        .iter()
        .filter_map(|m| m.place.as_ref().map(|p| (p, &m.stable)))
        .min_by(|(a, ka), (b, kb)| {
            (a.feature.rank(), a.basis)
                .cmp(&(b.feature.rank(), b.basis))
                .then(b.confidence.total_cmp(&a.confidence))
                .then(ka.cmp(kb))
        })
        .map(|(p, _)| p.clone());
    // The mean tone of the documents, each counted once.
    let mut tones: BTreeMap<&str, f32> = BTreeMap::new();
    for m in members {
        if let Some(t) = m.doc_tone {
            tones.insert(m.doc_id.as_str(), t);
        }
    }
    let avg_tone = (!tones.is_empty()).then(|| tones.values().sum::<f32>() / tones.len() as f32);
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
        location,
        avg_tone,
    }
}

/// Per unit, each source's figure; a conflict when two documents share no
/// figure within rounding and some report of each is [`pinned`] to the
/// other (one document may give several figures of a unit: `from $3
/// billion to $20 billion`, and repeats itself as one voice).
fn reconcile(members: &[Rec<'_>]) -> Vec<FusedQuantity> {
    // Per unit: the figures, and per document its values and its reports.
    type Docs<'a> = BTreeMap<&'a str, (Vec<f64>, Vec<Rec<'a>>)>;
    let mut by_unit: BTreeMap<&str, (Vec<SourceFigure>, Docs<'_>)> = BTreeMap::new();
    for m in members {
        for q in &m.quantities {
            let (figs, docs) = by_unit.entry(q.unit.as_str()).or_default();
            let (values, reports) = docs.entry(m.doc_id.as_str()).or_default();
            // A mention's figures of a unit follow one another.
            if !reports.last().is_some_and(|r| r.id == m.id && r.stable == m.stable) {
                reports.push(*m);
            }
            if !values.contains(&q.value) {
                values.push(q.value);
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
        .map(|(unit, (mut figures, docs))| {
            figures.sort_by(|a, b| a.value.total_cmp(&b.value).then(a.doc_id.cmp(&b.doc_id)));
            let value = figures[figures.len() / 2].value;
            // Documents that give the same figures never disagree with one
            // another: compare each distinct set of figures once (reprints
            // of one wire story are thousands of documents, one set).
            let mut classes: BTreeMap<Vec<u64>, (&[f64], Vec<&Rec<'_>>)> = BTreeMap::new();
            for (values, reports) in docs.values() {
                let mut bits: Vec<u64> = values.iter().map(|v| v.to_bits()).collect();
                bits.sort_unstable();
                classes.entry(bits).or_insert_with(|| (values, Vec::new())).1.extend(reports);
            }
            let classes: Vec<&(&[f64], Vec<&Rec<'_>>)> = classes.values().collect();
            let disagree = |(va, ra): &(&[f64], Vec<&Rec<'_>>), (vb, rb): &(&[f64], Vec<&Rec<'_>>)| {
                !va.iter().any(|x| vb.iter().any(|y| within(*x, *y, ROUNDING)))
                    && ra.iter().any(|a| rb.iter().any(|b| pinned(a, b)))
            };
            let conflict = classes.iter().enumerate().any(|(i, a)| classes[i + 1..].iter().any(|b| disagree(a, b)));
            FusedQuantity { unit: unit.to_string(), value, conflict, figures }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_types::{Evidence, Feature, Location, LocationBasis, Quantity, Span};

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
            sentence: id as usize,
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
            date_inherited: false,
            place: None,
            doc_tone: None,
            modality,
            quantities: q
                .iter()
                .map(|(v, u)| Quantity { value: *v, unit: u.to_string(), text: format!("{v} {u}") })
                .collect(),
        }
    }

    /// What ties a mention to a group, strongest evidence first: the members
    /// that share its sentence or are near-duplicate reports of it, that name
    /// the same day, that agree on a figure, and that are of its document.
    fn ties(m: &Rec<'_>, group: &[Rec<'_>]) -> [usize; 4] {
        let count = |f: &dyn Fn(&Rec<'_>) -> bool| group.iter().filter(|o| f(o)).count();
        [
            count(&|o| same_sentence(m, o) || near_duplicates(m, o)),
            count(&|o| same_day(m, o)),
            count(&|o| figures_agree(m, o)),
            count(&|o| o.doc_id == m.doc_id),
        ]
    }

    /// The member-by-member fusion the group summaries stand in for: each
    /// mention compared with every member of every group.
    fn fuse_naive(inputs: &[FuseInput]) -> Vec<Event> {
        let mut order: Vec<Rec<'_>> = inputs.iter().map(Rec::new).collect();
        order.sort_by(fusion_order);
        let mut groups: Vec<Vec<Rec<'_>>> = Vec::new();
        for m in order {
            let best = groups
                .iter()
                .enumerate()
                .filter(|(_, g)| g.iter().all(|o| separation(&m, o).is_none()))
                .map(|(i, g)| (i, ties(&m, g), g.len()))
                .filter(|(_, t, _)| m.when != When::Unknown || t.iter().any(|&n| n > 0))
                .max_by_key(|&(i, t, n)| (t, n, Reverse(i)))
                .map(|(i, ..)| i);
            match best {
                Some(i) => groups[i].push(m),
                None => groups.push(vec![m]),
            }
        }
        let mut events: Vec<Event> = groups.into_iter().map(|g| event(&g)).collect();
        events.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
        events
    }

    #[test]
    fn fuse_matches_the_member_by_member_baseline() {
        // Random mentions of one key over a few months, documents,
        // clusters, acts, figures, places and date kinds: the summaries
        // must choose exactly as the comparison with every member.
        let mut rng = dyad_types::SplitMix64::new(13);
        let places = ["Lagos", "Ikeja", "Abuja", "NGA", "Accra"];
        let mut fused = 0;
        for round in 0..300 {
            let n = 2 + rng.below(60);
            let mut recs = Vec::new();
            for i in 0..n {
                let doc = format!("d{}", rng.below(8));
                let day = 1 + rng.below(28);
                let month = 4 + rng.below(3);
                let (date, basis) = match rng.below(6) {
                    0 => (format!("2020-{month:02}-{day:02}"), DateBasis::Explicit),
                    1 => (format!("2020-{month:02}"), DateBasis::Explicit),
                    2 => ("2020".to_string(), DateBasis::Explicit),
                    3 => (String::new(), DateBasis::Unknown),
                    _ => (format!("2020-{month:02}-{day:02}"), DateBasis::Document),
                };
                let q: Vec<(f64, &str)> = match rng.below(4) {
                    0 => vec![(f64::from(rng.below(3) as u32 + 1) * 1e5, "barrel")],
                    1 => vec![(5.0, "tanker"), (1.5e6, "barrel")],
                    _ => vec![],
                };
                let modality = if rng.below(5) == 0 { Modality::Planned } else { Modality::Asserted };
                let mut r = input(i as i64 + 1, &doc, &doc, &date, basis, modality, &q);
                r.sentence = rng.below(4);
                r.cameo = ["071", "0711", "070", "1711"][rng.below(4)].into();
                r.cluster = if rng.below(3) == 0 { 99 } else { stable_hash(doc.as_bytes()) as i64 };
                r.date_inherited = basis == DateBasis::Explicit && rng.below(4) == 0;
                r.doc_date = if rng.below(5) == 0 {
                    None
                } else {
                    PartialDate::parse(&format!("2020-{month:02}-{:02}", day.min(27) + 1))
                };
                if basis == DateBasis::Document {
                    r.date = r.doc_date;
                }
                if rng.below(3) == 0 {
                    r.place = Some(test_place(places[rng.below(5)]));
                }
                recs.push(r);
            }
            let events = fuse(&recs);
            fused += events.iter().filter(|e| e.num_mentions > 2).count();
            assert_eq!(events, fuse_naive(&recs), "round {round}");
        }
        // The draws do fuse: groups of several members were compared.
        assert!(fused > 300, "{fused}");
    }

    #[test]
    fn fusing_each_window_alone_gives_the_events_of_the_whole_key() {
        // The same draws as the baseline test, dated: the mentions `may_join`
        // connects, fused group by group, make the events of the whole key.
        let mut rng = dyad_types::SplitMix64::new(7);
        let mut split = 0;
        for round in 0..300 {
            let n = 2 + rng.below(40);
            let recs: Vec<FuseInput> = (0..n)
                .map(|i| {
                    let doc = format!("d{}", rng.below(10));
                    let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
                    let (date, basis) = match rng.below(4) {
                        0 => (format!("2020-{month:02}-{day:02}"), DateBasis::Explicit),
                        1 => (format!("2020-{month:02}"), DateBasis::Explicit),
                        _ => (format!("2020-{month:02}-{day:02}"), DateBasis::Document),
                    };
                    let q: Vec<(f64, &str)> = if rng.below(3) == 0 { vec![(5.0, "tanker")] } else { vec![] };
                    let mut r = input(i as i64 + 1, &doc, &doc, &date, basis, Modality::Asserted, &q);
                    r.cluster = if rng.below(4) == 0 { 99 } else { stable_hash(doc.as_bytes()) as i64 };
                    r.doc_date = PartialDate::parse(&format!("2020-{month:02}-{:02}", day.min(27) + 1));
                    if basis == DateBasis::Document {
                        r.date = r.doc_date;
                    }
                    r
                })
                .collect();
            let units: Vec<String> = recs.iter().map(|r| units(&r.quantities)).collect();
            let reach: Vec<Reach<'_>> = recs
                .iter()
                .zip(&units)
                .map(|(r, u)| Reach { window: window_of(r).unwrap(), cluster: r.cluster, units: u })
                .collect();
            // Connected parts, by a flood from each unvisited mention.
            let mut part = vec![usize::MAX; n];
            let mut parts = 0;
            for start in 0..n {
                if part[start] != usize::MAX {
                    continue;
                }
                let mut stack = vec![start];
                part[start] = parts;
                while let Some(i) = stack.pop() {
                    for j in 0..n {
                        if part[j] == usize::MAX && may_join(&reach[i], &reach[j]) {
                            part[j] = parts;
                            stack.push(j);
                        }
                    }
                }
                parts += 1;
            }
            split += parts - 1;
            let mut events: Vec<Event> = (0..parts)
                .flat_map(|p| {
                    let these: Vec<FuseInput> =
                        recs.iter().zip(&part).filter(|(_, q)| **q == p).map(|(r, _)| r.clone()).collect();
                    fuse(&these)
                })
                .collect();
            events.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
            assert_eq!(events, fuse(&recs), "round {round}");
        }
        assert!(split > 300, "the draws were seldom split: {split}");
    }

    /// Dyad mentions of one key, one a line:
    /// `name doc[.sentence] cameo when [pub=DATE] [cluster=N] [at=PLACE] [mod=MODALITY] [VALUE UNIT]…`,
    /// where `when` is a date the sentence names (`2020-05`), a date
    /// inherited from the paragraph (`2022-04^`), `doc` for the document's
    /// date, or `-` for none.
    fn records(text: &str) -> (Vec<String>, Vec<FuseInput>) {
        let mut names = Vec::new();
        let mut out = Vec::new();
        for (i, line) in text.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
            let words: Vec<&str> = line.split_whitespace().collect();
            let (doc, sentence) = words[1].split_once('.').unwrap_or((words[1], "0"));
            let mut r = input(i as i64 + 1, doc, doc, "", DateBasis::Unknown, Modality::Asserted, &[]);
            r.sentence = sentence.parse().unwrap();
            r.doc_date = None;
            r.cameo = words[2].into();
            let mut rest = words[4..].iter().peekable();
            while let Some(w) = rest.next() {
                match w.split_once('=') {
                    Some(("pub", d)) => r.doc_date = PartialDate::parse(d),
                    Some(("cluster", n)) => r.cluster = n.parse().unwrap(),
                    Some(("at", place)) => r.place = Some(test_place(place)),
                    Some(("mod", m)) => r.modality = Modality::parse(m).unwrap(),
                    _ => {
                        let unit = rest.next().unwrap();
                        r.quantities.push(Quantity {
                            value: w.parse().unwrap(),
                            unit: unit.to_string(),
                            text: format!("{w} {unit}"),
                        });
                    }
                }
            }
            (r.date, r.date_basis) = match words[3] {
                "-" => (None, DateBasis::Unknown),
                "doc" => (r.doc_date, DateBasis::Document),
                d => {
                    r.date_inherited = d.ends_with('^');
                    (PartialDate::parse(d.trim_end_matches('^')), DateBasis::Explicit)
                }
            };
            names.push(words[0].to_string());
            out.push(r);
        }
        (names, out)
    }

    /// Fuses the mentions of `input` (see [`records`]) and compares the
    /// events with `expected`: one line each, the names of its mentions,
    /// then `conflict` when its figures conflict. The input reversed must
    /// give the same events.
    fn check(input: &str, expected: &str) {
        let (names, mut recs) = records(input);
        let events = fuse(&recs);
        let mut lines: Vec<String> = events
            .iter()
            .map(|e| {
                let mut members: Vec<&str> = e.mention_ids.iter().map(|id| names[*id as usize - 1].as_str()).collect();
                members.sort_unstable();
                let mut line = members.join(" ");
                if e.conflict {
                    line.push_str(" conflict");
                }
                line
            })
            .collect();
        lines.sort();
        let mut want: Vec<String> = expected
            .lines()
            .map(|l| {
                let mut words: Vec<&str> = l.split_whitespace().filter(|w| *w != "conflict").collect();
                words.sort_unstable();
                let conflict = if l.contains("conflict") { " conflict" } else { "" };
                format!("{}{conflict}", words.join(" "))
            })
            .filter(|l| !l.is_empty())
            .collect();
        want.sort_unstable();
        assert_eq!(lines, want, "\n{input}");
        recs.reverse();
        assert_eq!(fuse(&recs), events, "input order changed the events");
    }

    #[test]
    fn issue_15_seed_cargoes_of_other_years_are_other_events() {
        // The seed articles, undated: the May 2020 shipment told twice, the
        // 2022 cargoes, a sentence under the 2022 paragraph, and mentions
        // with no date at all.
        let seeds = "
            may20   d004.7  071 2020-05  1530000 barrel 5 tanker
            cargo22 d004.12 071 2022-04  200000 barrel 400000 barrel
            equip   d004.13 071 2022-04^
            aid     d000.3  071 -
            midmay  d000.18 071 -        1500000 barrel 5 tanker
            ships   d001.20 071 -
        ";
        // The undated tankers join May 2020 on their figures and bring their
        // document's other mention; nothing ties the last one to anything.
        check(seeds, "may20 midmay aid \n cargo22 equip \n ships");
        // Dated by publication, the June article reaches back to May only
        // where its figures agree; the rest stays in its own month.
        let dated = "
            may20   d004.7  071 2020-05  pub=2024-06-15 1530000 barrel 5 tanker
            cargo22 d004.12 071 2022-04  pub=2024-06-15 200000 barrel 400000 barrel
            aid     d000.3  071 doc      pub=2020-06-10
            midmay  d000.18 071 doc      pub=2020-06-10 1500000 barrel 5 tanker
        ";
        check(dated, "may20 midmay \n cargo22 \n aid");
    }

    #[test]
    fn dates_that_do_not_meet_are_separate_events() {
        // Own dates: different years, months, days.
        check("a d1 071 2020-05 \n b d2 071 2022-05 \n c d3 071 2020-06", "a \n b \n c");
        check("a d1 071 2020-05-03 \n b d2 071 2020-05-04 \n c d3 071 2020-05", "a c \n b");
        // A paragraph's date holds even against agreeing figures.
        check("a d1.1 071 2020-05 5 tanker \n b d2.9 071 2022-04^ 5 tanker", "a \n b");
    }

    #[test]
    fn a_document_date_supports_its_month_up_to_publication() {
        check(
            "
            event d1 071 2020-05-17 pub=2020-05-18
            early d2 071 doc        pub=2020-05-02
            late  d3 071 doc        pub=2020-05-20
            june  d4 071 doc        pub=2020-06-03
            ",
            "event late \n early \n june",
        );
        // `In recent weeks` in a report of 2 May is not a delivery of the 17th…
        check("a d1 071 2020-05 pub=2020-05-02 \n b d2 071 2020-05-17", "a \n b");
        // …unless it is planned.
        check("a d1 071 2020-05 pub=2020-05-02 mod=planned \n b d2 071 2020-05-17", "a b");
    }

    #[test]
    fn a_mention_with_no_date_joins_only_on_evidence() {
        check("a d1 071 2020-05 \n u d2 071 -", "a \n u");
        check("a d1 071 2020-05 \n u d1.4 071 -", "a u");
        check("a d1 071 2020-05 3 tanker \n u d2 071 - 3 tanker", "a u");
        check("a d1 071 2020-05 cluster=5 \n u d2 071 - cluster=5", "a u");
    }

    #[test]
    fn different_acts_are_separate_unless_clearly_the_same() {
        // `increased its support` (070) is not the tanker delivery (071).
        check("support d1.9 070 2020-05 \n sent d2.0 071 2020-05", "support \n sent");
        // One sentence, two codes: `came to the aid of Caracas, sending fuel`.
        check("came d1.3 070 - \n sending d1.3 071 -", "came sending");
        // The same day and the same figures.
        check("a d1 070 2020-05-16 5 tanker \n b d2 071 2020-05-16 5 tanker", "a b");
        check("a d1 070 2020-05-16 \n b d2 071 2020-05-16", "a \n b");
        // Four digits under one three-digit act are one act.
        check("a d1 0311 2023-06 \n b d2 0312 2023-06", "a b");
    }

    #[test]
    fn figures_far_apart_separate_unless_other_evidence_ties_them() {
        check("a d1 071 2020-05 1500000 barrel \n b d2 071 2020-05 200000 barrel", "a \n b");
        // The same day named: one event whose sources disagree.
        check("a d1 071 2020-05-16 1500000 barrel \n b d2 071 2020-05-16 200000 barrel", "a b conflict");
        // Another figure agrees.
        check("a d1 071 2020-05 1500000 barrel 5 tanker \n b d2 071 2020-05 200000 barrel 5 tanker", "a b conflict");
        // Within a factor of two: not a reason to split.
        check("a d1 071 2020-05 1100000 barrel \n b d2 071 2020-05 1800000 barrel", "a b");
    }

    #[test]
    fn figures_conflict_only_between_reports_pinned_to_one_event() {
        // Two months that agree say too little to call the figures a conflict…
        check("a d1 1711 2020-08 1100000 barrel \n b d2 1711 2020-08 1800000 barrel", "a b");
        // …a day inside the other's month does.
        check("a d1 1711 2020-08-14 1100000 barrel \n b d2 1711 2020-08 1800000 barrel", "a b conflict");
        // One document's figures are one voice.
        check("a d1.1 071 2020-05-16 200000 barrel \n b d1.2 071 2020-05-16 400000 barrel", "a b");
    }

    /// A stated place for the tests: `Lagos`, `Ikeja` (a Lagos suburb),
    /// `Abuja`, `NGA` (Nigeria as a whole), `Accra`.
    fn test_place(name: &str) -> Location {
        let (country, feature, lat, lon) = match name.to_ascii_lowercase().as_str() {
            "lagos" => ("NGA", Feature::City, 6.45, 3.39),
            "ikeja" => ("NGA", Feature::City, 6.6, 3.35),
            "abuja" => ("NGA", Feature::City, 9.06, 7.49),
            "nga" => ("NGA", Feature::Country, 9.0, 8.0),
            _ => ("GHA", Feature::City, 5.56, -0.2),
        };
        Location {
            text: name.into(),
            span: None,
            name: name.into(),
            feature,
            country: country.into(),
            adm1: String::new(),
            lat,
            lon,
            geonameid: 0,
            basis: LocationBasis::Sentence,
            confidence: 0.9,
            conflict: None,
        }
    }

    #[test]
    fn known_places_that_differ_are_separate_events() {
        check("a d1 145 2020-05-01 at=Lagos \n b d2 145 2020-05-01 at=Abuja \n c d3 145 2020-05-01", "a c \n b");
        check("a d1 145 2020-05-01 at=Lagos \n b d2 145 2020-05-01 at=lagos", "a b");
        // A suburb and its city, a city and its country, are one place.
        check("a d1 145 2020-05-01 at=Lagos \n b d2 145 2020-05-01 at=Ikeja \n c d3 145 2020-05-01 at=NGA", "a b c");
        check("a d1 145 2020-05-01 at=Lagos \n b d2 145 2020-05-01 at=Accra", "a \n b");
    }

    #[test]
    fn an_event_takes_the_most_precise_place_and_the_mean_tone_of_its_documents() {
        let (_, mut inputs) =
            records("a d1 145 2020-05-01 at=NGA \n b d2 145 2020-05-01 at=Lagos \n c d2 145 2020-05-01");
        inputs[0].doc_tone = Some(-4.0);
        inputs[1].doc_tone = Some(-2.0);
        inputs[2].doc_tone = Some(-2.0);
        let events = fuse(&inputs);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].location.as_ref().map(|l| l.name.as_str()), Some("Lagos"));
        assert_eq!(events[0].avg_tone, Some(-3.0));
    }

    fn mention(source: &[&str], target: &[&str], cameo: &str, plover: &str) -> Mention {
        let actor = |c: &&str| ActorRef {
            text: c.to_string(),
            code: c.to_string(),
            country: c[..3].to_string(),
            sector: c[3..].to_string(),
            span: Span::default(),
        };
        Mention {
            doc_id: "d".into(),
            sentence: 0,
            text: String::new(),
            span: Span::default(),
            source: source.iter().map(actor).collect(),
            target: target.iter().map(actor).collect(),
            cameo: cameo.into(),
            cameo_root: cameo[..2].into(),
            plover: plover.into(),
            quad_class: 3,
            goldstein: -6.5,
            date: None,
            date_precision: None,
            date_basis: DateBasis::Unknown,
            modality: Modality::Asserted,
            confidence: 0.0,
            quantities: Vec::new(),
            evidence: Evidence::default(),
            location: None,
        }
    }

    #[test]
    fn one_sided_mentions_have_dyads_of_their_own() {
        let keys = |m: &Mention| dyads(m).into_iter().map(|d| d.key).collect::<Vec<_>>();
        // `Haiti teachers go on strike`: no recipient.
        assert_eq!(keys(&mention(&["HTIEDU"], &[], "143", "PROTEST")), ["HTI||PROTEST"]);
        // A source-less act on Venezuela keeps its side.
        assert_eq!(keys(&mention(&[], &["VEN"], "173", "COERCE")), ["|VEN|COERCE"]);
        assert!(keys(&mention(&[], &[], "143", "PROTEST")).is_empty());
        // A mutual act with one side is not reordered.
        assert_eq!(keys(&mention(&["VEN"], &[], "040", "CONSULT")), ["VEN||CONSULT"]);
        assert_eq!(keys(&mention(&["VEN", "IRN"], &["IRN"], "040", "CONSULT")), ["IRN|VEN|CONSULT"]);
        let d = &dyads(&mention(&["HTIEDU"], &[], "143", "PROTEST"))[0];
        assert_eq!(d.codes(), ("HTIEDU", ""));
        assert_eq!(d.target, None);
        // So a one-sided strike never fuses with a strike against someone.
        assert_ne!(keys(&mention(&["HTIEDU"], &["HTIGOV"], "143", "PROTEST"))[0], "HTI||PROTEST");
    }

    #[test]
    fn one_sided_events_keep_their_empty_side() {
        let mut a = input(1, "a", "A", "2020-05-01", DateBasis::Explicit, Modality::Asserted, &[]);
        let mut b = input(2, "b", "B", "2020-05-01", DateBasis::Explicit, Modality::Asserted, &[]);
        for r in [&mut a, &mut b] {
            (r.target, r.target_country, r.target_text) = (String::new(), String::new(), String::new());
        }
        let e = fuse(&[a, b]);
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].source.as_str(), e[0].target.as_str(), e[0].target_country.as_str()), ("USA", "", ""));
        assert_eq!(e[0].target_name, "");
    }

    #[test]
    fn the_rules_name_their_reason() {
        let (_, r) = records(
            "
            a d1 071 2020-05 1500000 barrel
            b d2 071 2022-05
            c d3 070 2020-05
            d d4 071 2020-05 200000 barrel
            e d5 071 2020-05 at=Lagos
            f d6 071 2020-05 at=Abuja
            ",
        );
        let r: Vec<Rec<'_>> = r.iter().map(Rec::new).collect();
        assert_eq!(separation(&r[0], &r[1]), Some(Separation::Dates));
        assert_eq!(separation(&r[0], &r[2]), Some(Separation::Action));
        assert_eq!(separation(&r[0], &r[3]), Some(Separation::Figures));
        assert_eq!(separation(&r[4], &r[5]), Some(Separation::Place));
        assert_eq!(separation(&r[0], &r[4]), None);
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
        // Wire B's day pins it to Wire C's month: their barrels conflict.
        assert!(aug.conflict);
        let barrels = aug.quantities.iter().find(|q| q.unit == "barrel").unwrap();
        assert_eq!(barrels.figures.len(), 3);
        assert_eq!(barrels.value, 1_120_000.0);
        // Provenance: the mentions and each figure's document.
        assert_eq!(aug.mention_ids, [1, 2, 3]);
        let docs: Vec<&str> = barrels.figures.iter().map(|f| f.doc_id.as_str()).collect();
        assert_eq!(docs, ["a", "b", "c"]);
    }

    #[test]
    fn several_figures_in_one_article_are_not_a_conflict() {
        let e = fuse(&[
            input(1, "a", "A", "2023-06", DateBasis::Explicit, Modality::Asserted, &[(3e9, "USD"), (2e10, "USD")]),
            input(2, "b", "B", "2023-06-02", DateBasis::Explicit, Modality::Asserted, &[(2e10, "USD")]),
        ]);
        assert_eq!(e.len(), 1);
        assert!(!e[0].conflict);
    }

    #[test]
    fn figures_within_rounding_agree() {
        let e = fuse(&[
            input(1, "a", "A", "2020-05", DateBasis::Explicit, Modality::Asserted, &[(1_500_000.0, "barrel")]),
            input(2, "b", "B", "2020-05-16", DateBasis::Explicit, Modality::Asserted, &[(1_530_000.0, "barrel")]),
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
        let mut a = input(1, "a", "A", "2020-05-25", DateBasis::Document, Modality::Asserted, &[]);
        a.doc_date = a.date;
        let e = fuse(&[a, input(2, "b", "B", "2020-05-24", DateBasis::Explicit, Modality::Asserted, &[])]);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].date.unwrap().to_string(), "2020-05-24");
    }
}
