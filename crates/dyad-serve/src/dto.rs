//! JSON shapes of the API. Ids are strings: 64-bit integers do not survive
//! JavaScript's numbers. Offsets for highlighting are UTF-16 code units, so
//! the dashboard can slice strings directly.

use dyad_engine::store::{DocSummary, StoredMention};
use dyad_types::{ActorRef, Event, FusedQuantity, Quantity, Span};
use serde::Serialize;

/// An event. A side it does not name is null: a one-sided event (`Haiti
/// teachers go on strike`) has no target, and a mention may name no source.
#[derive(Serialize)]
pub(crate) struct EventDto<'a> {
    id: String,
    source: Option<&'a str>,
    source_country: Option<&'a str>,
    /// The words an article used for the source (the evidence).
    source_name: Option<&'a str>,
    /// The source's canonical name from the dictionaries.
    source_actor: Option<ActorDto>,
    target: Option<&'a str>,
    target_country: Option<&'a str>,
    target_name: Option<&'a str>,
    target_actor: Option<ActorDto>,
    source_url: Option<&'a str>,
    cameo: &'a str,
    cameo_root: &'a str,
    plover: &'a str,
    quad_class: u8,
    /// Goldstein scores have one decimal; widening `f32` would print noise.
    goldstein: f64,
    date: Option<String>,
    date_precision: Option<&'static str>,
    first_report: Option<String>,
    last_report: Option<String>,
    num_mentions: u32,
    num_sources: u32,
    num_articles: u32,
    modality: &'static str,
    disputed: bool,
    conflict: bool,
    quantities: &'a [FusedQuantity],
    /// Where it happened; null when the texts do not say.
    location: Option<&'a dyad_types::Location>,
    /// dyad's tone of its documents (mean), null when not measured.
    avg_tone: Option<f64>,
}

impl<'a> From<&'a Event> for EventDto<'a> {
    fn from(e: &'a Event) -> EventDto<'a> {
        // The store keeps a missing side as empty strings; the API says null.
        // A name is kept only beside a code.
        let code = |s: &'a str| (!s.is_empty()).then_some(s);
        let name = |code: &str, name: &'a str| (!code.is_empty()).then_some(name);
        EventDto {
            id: e.id.to_string(),
            source: code(&e.source),
            source_country: code(&e.source_country),
            source_name: name(&e.source, &e.source_name),
            source_actor: code(&e.source).map(ActorDto::of),
            target: code(&e.target),
            target_country: code(&e.target_country),
            target_name: name(&e.target, &e.target_name),
            target_actor: code(&e.target).map(ActorDto::of),
            source_url: e.source_url.as_deref(),
            cameo: &e.cameo,
            cameo_root: &e.cameo_root,
            plover: &e.plover,
            quad_class: e.quad_class,
            goldstein: (f64::from(e.goldstein) * 10.0).round() / 10.0,
            date: e.date.map(|d| d.to_string()),
            date_precision: e.date_precision.map(|p| p.as_str()),
            first_report: e.first_report.map(|d| d.to_string()),
            last_report: e.last_report.map(|d| d.to_string()),
            num_mentions: e.num_mentions,
            num_sources: e.num_sources,
            num_articles: e.num_articles,
            modality: e.modality.as_str(),
            disputed: e.disputed,
            conflict: e.conflict,
            quantities: &e.quantities,
            location: e.location.as_ref(),
            avg_tone: e.avg_tone.map(|t| (f64::from(t) * 100.0).round() / 100.0),
        }
    }
}

/// An actor code with its canonical name from the dictionaries (`IRNGOV`:
/// Iran · government); `name` is null for a code they do not define.
#[derive(Serialize)]
pub(crate) struct ActorDto {
    code: String,
    name: Option<String>,
    country: Option<&'static str>,
    sector: Option<&'static str>,
}

impl ActorDto {
    pub(crate) fn of(code: &str) -> ActorDto {
        let n = dyad_engine::actor_name(code);
        ActorDto {
            code: code.to_string(),
            country: n.as_ref().and_then(|n| n.country),
            sector: n.as_ref().and_then(|n| n.sector),
            name: n.map(|n| n.name),
        }
    }
}

/// A document without its text.
#[derive(Serialize)]
pub(crate) struct DocDto<'a> {
    id: String,
    ext_id: &'a str,
    title: Option<&'a str>,
    date: Option<&'a str>,
    source: Option<&'a str>,
    url: Option<&'a str>,
    cluster: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    dateline: Option<&'a str>,
}

impl<'a> From<&'a DocSummary> for DocDto<'a> {
    fn from(d: &'a DocSummary) -> DocDto<'a> {
        DocDto {
            id: d.id.to_string(),
            ext_id: &d.ext_id,
            title: d.title.as_deref(),
            date: d.date.as_deref(),
            source: d.source.as_deref(),
            url: d.url.as_deref(),
            cluster: d.cluster.to_string(),
            dateline: d.dateline.as_deref(),
        }
    }
}

/// A highlighted stretch of text.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub(crate) struct Highlight {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: &'static str,
}

/// UTF-16 offset of byte `b` of `text` counted from byte `from`.
fn utf16(text: &str, from: usize, b: usize) -> usize {
    text.get(from..b.max(from)).map_or(0, |s| s.encode_utf16().count())
}

/// Byte offsets → UTF-16 offsets for a whole document, built once: every
/// mention of a long document then costs a binary search, not a rescan.
pub(crate) struct Utf16Map {
    /// (end byte of a non-ASCII char, bytes minus UTF-16 units up to it).
    ends: Vec<(usize, usize)>,
}

impl Utf16Map {
    pub(crate) fn new(text: &str) -> Utf16Map {
        let mut ends = Vec::new();
        let mut delta = 0;
        for (i, c) in text.char_indices().filter(|(_, c)| !c.is_ascii()) {
            delta += c.len_utf8() - c.len_utf16();
            ends.push((i + c.len_utf8(), delta));
        }
        Utf16Map { ends }
    }

    /// The UTF-16 offset of byte `b` (a char boundary).
    pub(crate) fn at(&self, b: usize) -> usize {
        let k = self.ends.partition_point(|&(end, _)| end <= b);
        b - if k == 0 { 0 } else { self.ends[k - 1].1 }
    }
}

/// Highlights of the actors and the verb of a mention, as the UTF-16
/// offsets `off` gives for their byte offsets in the document text; spans
/// outside `[base, limit)` are left out.
pub(crate) fn highlights(
    text: &str,
    base: usize,
    limit: usize,
    source: &[ActorRef],
    target: &[ActorRef],
    verb: Span,
    off: impl Fn(usize) -> usize,
) -> Vec<Highlight> {
    let mut out = Vec::new();
    let mut push = |sp: Span, kind: &'static str| {
        if sp.start >= base
            && sp.end <= limit
            && sp.start < sp.end
            && text.is_char_boundary(sp.start)
            && text.is_char_boundary(sp.end)
        {
            out.push(Highlight { start: off(sp.start), end: off(sp.end), kind });
        }
    };
    for a in source {
        push(a.span, "source");
    }
    for a in target {
        push(a.span, "target");
    }
    push(verb, "verb");
    out.sort_by_key(|h| h.start);
    out
}

/// A mention in the event view.
#[derive(Serialize)]
pub(crate) struct MentionDto<'a> {
    id: String,
    document: DocDto<'a>,
    sentence: usize,
    text: &'a str,
    sentence_raw: &'a str,
    highlights: Vec<Highlight>,
    cameo: &'a str,
    plover: &'a str,
    modality: &'static str,
    date: Option<String>,
    date_basis: &'static str,
    quantities: &'a [Quantity],
    evidence: &'a dyad_types::Evidence,
    location: Option<&'a dyad_types::Location>,
}

impl<'a> MentionDto<'a> {
    pub(crate) fn new(sm: &'a StoredMention, doc_text: &'a str) -> MentionDto<'a> {
        let m = &sm.mention;
        let (s, e) = (m.span.start.min(doc_text.len()), m.span.end.min(doc_text.len()));
        let raw = doc_text.get(s..e).unwrap_or("");
        MentionDto {
            id: sm.id.to_string(),
            document: DocDto::from(&sm.doc),
            sentence: m.sentence,
            text: &m.text,
            sentence_raw: raw,
            highlights: highlights(doc_text, s, e, &m.source, &m.target, m.evidence.verb_span, |b| {
                utf16(doc_text, s, b)
            }),
            cameo: &m.cameo,
            plover: &m.plover,
            modality: m.modality.as_str(),
            date: m.date.map(|d| d.to_string()),
            date_basis: m.date_basis.as_str(),
            quantities: &m.quantities,
            evidence: &m.evidence,
            location: m.location.as_ref(),
        }
    }
}

/// A mention in the document view: where it is, and its event.
#[derive(Serialize)]
pub(crate) struct DocMentionDto<'a> {
    id: String,
    event_id: Option<String>,
    sentence: usize,
    start: usize,
    end: usize,
    highlights: Vec<Highlight>,
    cameo: &'a str,
    plover: &'a str,
    /// `denied` and `negated` claims are marked in the document's text.
    modality: &'static str,
}

impl<'a> DocMentionDto<'a> {
    pub(crate) fn new(sm: &'a StoredMention, events: &[i64], doc_text: &str, map: &Utf16Map) -> DocMentionDto<'a> {
        let m = &sm.mention;
        let boundary = |b: usize| {
            let mut b = b.min(doc_text.len());
            while !doc_text.is_char_boundary(b) {
                b -= 1;
            }
            b
        };
        let (s, e) = (boundary(m.span.start), boundary(m.span.end));
        let off = |b: usize| map.at(b);
        DocMentionDto {
            id: sm.id.to_string(),
            event_id: events.first().map(|e| e.to_string()),
            sentence: m.sentence,
            start: off(s),
            end: off(e),
            highlights: highlights(doc_text, 0, doc_text.len(), &m.source, &m.target, m.evidence.verb_span, off),
            cameo: &m.cameo,
            plover: &m.plover,
            modality: m.modality.as_str(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_utf16_map_agrees_with_counting() {
        let text = "Iran’s navy — 😀 escorted tankers to Venezuela, Mérida";
        let map = Utf16Map::new(text);
        for (b, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            assert_eq!(map.at(b), utf16(text, 0, b), "byte {b}");
        }
        assert_eq!(Utf16Map::new("plain").at(3), 3);
    }

    #[test]
    fn highlights_are_utf16_offsets_within_the_sentence() {
        let text = "Préambule. Iran’s navy sent fuel to Venezuela.";
        let start = text.find("Iran").unwrap();
        let actor = |w: &str, code: &str| {
            let s = text.find(w).unwrap();
            ActorRef {
                text: w.into(),
                code: code.into(),
                country: code.into(),
                sector: String::new(),
                span: Span::new(s, s + w.len()),
            }
        };
        let verb = Span::new(text.find("sent").unwrap(), text.find("sent").unwrap() + 4);
        let off = |b| utf16(text, start, b);
        let h = highlights(
            text,
            start,
            text.len(),
            &[actor("Iran’s navy", "IRNMIL")],
            &[actor("Venezuela", "VEN")],
            verb,
            off,
        );
        let sentence: Vec<u16> = text[start..].encode_utf16().collect();
        let show = |h: &Highlight| String::from_utf16(&sentence[h.start..h.end]).unwrap();
        assert_eq!(h.iter().map(show).collect::<Vec<_>>(), ["Iran’s navy", "sent", "Venezuela"]);
        // A span outside the sentence is left out.
        assert!(highlights(text, start, text.len(), &[actor("Préambule", "XXX")], &[], Span::default(), off).is_empty());
    }
}
