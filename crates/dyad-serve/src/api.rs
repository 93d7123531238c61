//! The API handlers. Parameters are parsed by hand so that a bad one gets a
//! 400 naming it; every query runs on a pooled read-only connection under
//! the time limit.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::Json;
use dyad_engine::store::{EventQuery, Period};
use dyad_types::{Modality, PartialDate};
use serde_json::{json, Value};

use crate::dto::{DocDto, DocMentionDto, EventDto, MentionDto, Utf16Map};
use crate::{ApiError, Pool};

type Params = Query<HashMap<String, String>>;
type ApiResult = Result<Json<Value>, ApiError>;

/// Largest page of events.
const MAX_PAGE: usize = 500;

fn actor(p: &HashMap<String, String>, name: &'static str) -> Result<Option<String>, ApiError> {
    match p.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) if (3..=12).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            Ok(Some(s.to_ascii_uppercase()))
        }
        Some(_) => Err(ApiError::bad(name, "an actor code: 3 to 12 letters (IRN, IRNGOV)")),
    }
}

/// Refuses parameters the path does not take.
pub(crate) fn only(p: &HashMap<String, String>, known: &[&str]) -> Result<(), ApiError> {
    let mut unknown: Vec<&String> = p.keys().filter(|k| !known.contains(&k.as_str())).collect();
    unknown.sort();
    match unknown.first() {
        None => Ok(()),
        Some(name) => Err(ApiError::UnknownParameter {
            name: name.chars().take(40).collect(),
            known: known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// `from` and `to`, read as periods: `to` must not end before `from` starts.
fn date_range(p: &HashMap<String, String>) -> Result<(Option<PartialDate>, Option<PartialDate>), ApiError> {
    let (from, to) = (date(p, "from")?, date(p, "to")?);
    if let (Some(f), Some(t)) = (from, to) {
        let start = (f.year, f.month.max(1), f.day.max(1));
        let end = (t.year, if t.month == 0 { 12 } else { t.month }, if t.day == 0 { 31 } else { t.day });
        if start > end {
            return Err(ApiError::bad("to", "a date not before `from`"));
        }
    }
    Ok((from, to))
}

fn date(p: &HashMap<String, String>, name: &'static str) -> Result<Option<PartialDate>, ApiError> {
    match p.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => {
            PartialDate::parse(s).map(Some).ok_or_else(|| ApiError::bad(name, "a date: YYYY, YYYY-MM or YYYY-MM-DD"))
        }
    }
}

pub(crate) fn number(
    p: &HashMap<String, String>,
    name: &'static str,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    match p.get(name) {
        None => Ok(default),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad(name, format!("a number from 1 to {max}"))),
        },
    }
}

fn id(s: &str, name: &'static str) -> Result<i64, ApiError> {
    s.parse().map_err(|_| ApiError::bad(name, "an id"))
}

/// `GET /api/health`: what the store holds, from its largest ids and the
/// category rollup (`Store::counts`), not by counting rows, so that a
/// health check stays cheap on a cold file of any size.
pub(crate) async fn health(State(pool): State<Arc<Pool>>) -> ApiResult {
    let s = pool.run(|store| Ok(store.counts()?)).await?;
    Ok(Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "documents": s.documents,
        "mentions": s.mentions,
        "events": s.events,
    })))
}

/// The filters of `/api/events`, which `/api/summary`, `/api/export` and
/// `/api/network` take too: one view, one set of filters.
pub(crate) const EVENT_FILTERS: &[&str] = &[
    "pair",
    "quad",
    "modality",
    "conflicts",
    "disputed",
    "min_sources",
    "min_confidence",
    "actor",
    "source",
    "target",
    "from",
    "to",
    "plover",
    "cameo",
    "country",
    "near",
    "located",
];

/// `GET /api/events`
pub(crate) async fn events(State(pool): State<Arc<Pool>>, Query(p): Params) -> ApiResult {
    let known: Vec<&str> = EVENT_FILTERS.iter().copied().chain(["cursor", "limit"]).collect();
    only(&p, &known)?;
    let after = match p.get("cursor").filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => {
            let (d, i) = c.split_once(':').ok_or_else(|| ApiError::bad("cursor", "a cursor returned by this API"))?;
            Some((id(d, "cursor")?, id(i, "cursor")?))
        }
    };
    let limit = number(&p, "limit", 50, MAX_PAGE)?;
    let q = EventQuery { limit: limit + 1, after, ..event_query(&p)? };
    let (events, next) = pool
        .run(move |store| {
            let mut events = store.events(&q)?;
            let next = (events.len() > limit).then(|| {
                events.truncate(limit);
                let (d, i) = store.cursor_of(&events[limit - 1]);
                format!("{d}:{i}")
            });
            Ok((events, next))
        })
        .await?;
    let list: Vec<EventDto<'_>> = events.iter().map(EventDto::from).collect();
    Ok(Json(json!({ "events": list, "next_cursor": next })))
}

/// The filters of [`EVENT_FILTERS`] as a store query (no page bounds).
pub(crate) fn event_query(p: &HashMap<String, String>) -> Result<EventQuery, ApiError> {
    let pair = match p.get("pair").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => {
            let (a, b) = s.split_once(',').ok_or_else(|| ApiError::bad("pair", "two actor codes: A,B"))?;
            let mut q = HashMap::new();
            q.insert("a".to_string(), a.to_string());
            q.insert("b".to_string(), b.to_string());
            match (actor(&q, "a"), actor(&q, "b")) {
                (Ok(Some(a)), Ok(Some(b))) => Some((a, b)),
                _ => return Err(ApiError::bad("pair", "two actor codes: A,B")),
            }
        }
    };
    let quad = match p.get("quad").filter(|q| !q.is_empty()) {
        None => None,
        Some(q) => Some(
            q.parse::<u8>()
                .ok()
                .filter(|q| (1..=4).contains(q))
                .ok_or_else(|| ApiError::bad("quad", "1, 2, 3 or 4"))?,
        ),
    };
    let modality = match p.get("modality").filter(|m| !m.is_empty()) {
        None => None,
        Some(m) => Some(Modality::parse(m).ok_or_else(|| {
            ApiError::bad(
                "modality",
                "asserted, reported, denied, negated, planned, threatened, hypothetical or generic",
            )
        })?),
    };
    let word = |name: &'static str| -> Result<Option<String>, ApiError> {
        match p.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) if s.len() <= 16 && s.bytes().all(|b| b.is_ascii_alphanumeric()) => Ok(Some(s.to_string())),
            Some(_) => Err(ApiError::bad(name, "letters and digits")),
        }
    };
    // `near=LAT,LON,KM`: events located within KM of the point.
    let near = match p.get("near").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => {
            let bad = || ApiError::bad("near", "LAT,LON,KM in degrees and kilometres");
            let v: Vec<f64> =
                s.split(',').map(|x| x.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| bad())?;
            match v[..] {
                [lat, lon, km] if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) && km > 0.0 => {
                    Some((lat, lon, km))
                }
                _ => return Err(bad()),
            }
        }
    };
    let located = flag(p, "located")?;
    let min_sources = match p.get("min_sources").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            s.parse::<u32>()
                .ok()
                .filter(|n| (1..=10_000).contains(n))
                .ok_or_else(|| ApiError::bad("min_sources", "a number from 1 to 10000"))?,
        ),
    };
    let min_confidence = match p.get("min_confidence").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match s.parse::<f32>() {
            Ok(v) if (0.0..=1.0).contains(&v) => Some(v),
            _ => return Err(ApiError::bad("min_confidence", "a number between 0 and 1")),
        },
    };
    let (from, to) = date_range(p)?;
    let one_actor = actor(p, "actor")?;
    if one_actor.is_some() && pair.is_some() {
        // Either one actor on either side, or a pair: not both.
        return Err(ApiError::bad("pair", "no `pair` together with `actor`"));
    }
    Ok(EventQuery {
        source: actor(p, "source")?,
        target: actor(p, "target")?,
        actor: one_actor,
        pair,
        from,
        to,
        plover: word("plover")?,
        cameo: word("cameo")?,
        quad_class: quad,
        modality,
        conflicts: flag(p, "conflicts")?,
        min_confidence,
        min_sources,
        disputed: flag(p, "disputed")?,
        place_country: word("country")?.map(|c| c.to_ascii_uppercase()),
        near,
        located,
        limit: 1,
        after: None,
    })
}

/// A `true`/`false` parameter (also `1`/`0`; absent or empty is false).
fn flag(p: &HashMap<String, String>, name: &'static str) -> Result<bool, ApiError> {
    match p.get(name).map(String::as_str) {
        None | Some("" | "false" | "0") => Ok(false),
        Some("true" | "1") => Ok(true),
        Some(_) => Err(ApiError::bad(name, "true or false")),
    }
}

/// `GET /api/events/{id}`
pub(crate) async fn event(State(pool): State<Arc<Pool>>, Path(raw): Path<String>) -> ApiResult {
    let eid = id(&raw, "id")?;
    let found = pool
        .run(move |store| {
            let Some((e, mentions)) = store.event(eid)? else { return Ok(None) };
            let mut texts = HashMap::new();
            for m in &mentions {
                if let std::collections::hash_map::Entry::Vacant(v) = texts.entry(m.doc.id) {
                    v.insert(store.document(m.doc.id)?.map(|(_, t)| t).unwrap_or_default());
                }
            }
            Ok(Some((e, mentions, texts)))
        })
        .await?;
    let Some((e, mentions, texts)) = found else { return Err(ApiError::NotFound(format!("no event {eid}"))) };
    let list: Vec<MentionDto<'_>> =
        mentions.iter().map(|m| MentionDto::new(m, texts.get(&m.doc.id).map_or("", String::as_str))).collect();
    Ok(Json(json!({ "event": EventDto::from(&e), "mentions": list })))
}

/// `GET /api/timeline`
pub(crate) async fn timeline(State(pool): State<Arc<Pool>>, Query(p): Params) -> ApiResult {
    only(&p, &["a", "b", "by"])?;
    // The timeline is kept by country (or international organisation): an
    // actor's full code (IRNGOV) would find nothing.
    let country = |name: &'static str| -> Result<Option<String>, ApiError> {
        match actor(&p, name)? {
            Some(c) if !(c.len() == 3 || (c.len() == 6 && (c.starts_with("IGO") || c.starts_with("NGO")))) => {
                Err(ApiError::bad(name, "a country code (IRN, VEN) or an organisation's (IGOUNO)"))
            }
            c => Ok(c),
        }
    };
    let a = country("a")?.ok_or_else(|| ApiError::bad("a", "required: a country code"))?;
    let b = country("b")?;
    let by = match p.get("by").map(String::as_str) {
        None | Some("month") => Period::Month,
        Some("day") => Period::Day,
        Some("year") => Period::Year,
        Some(_) => return Err(ApiError::bad("by", "day, month or year")),
    };
    let (a2, b2) = (a.clone(), b.clone());
    let buckets = pool.run(move |store| Ok(store.timeline(&a2, b2.as_deref(), by)?)).await?;
    let list: Vec<Value> = buckets
        .iter()
        .map(|k| json!({ "period": k.period, "quad": k.quad, "events": k.quad.iter().sum::<u32>(), "goldstein": round2(k.goldstein) }))
        .collect();
    let by = match by {
        Period::Day => "day",
        Period::Month => "month",
        Period::Year => "year",
    };
    Ok(Json(json!({ "a": a, "b": b, "by": by, "buckets": list })))
}

/// `GET /api/network`: directed edges between actors, the busiest
/// `limit` with at least `min_events` events. With only `from`/`to` it reads
/// the pair rollups (`Store::network`); with any other filter of `/api/events` it counts
/// the matching events.
pub(crate) async fn network(State(pool): State<Arc<Pool>>, Query(p): Params) -> ApiResult {
    let known: Vec<&str> = EVENT_FILTERS.iter().copied().chain(["limit", "min_events"]).collect();
    only(&p, &known)?;
    let limit = number(&p, "limit", 60, 500)?;
    let min_events = u32::try_from(number(&p, "min_events", 1, 1_000_000)?).unwrap_or(u32::MAX);
    let filtered =
        p.iter().any(|(k, v)| !v.trim().is_empty() && !["from", "to", "limit", "min_events"].contains(&k.as_str()));
    let (edges, truncated) = if filtered {
        let q = event_query(&p)?;
        pool.run(move |store| crate::explore::filtered_network(store, &q, limit, min_events)).await?
    } else {
        let (from, to) = date_range(&p)?;
        let bound = |d: Option<PartialDate>, end: bool| -> Option<String> {
            d.map(|d| match (d.precision(), end) {
                (dyad_types::DatePrecision::Year, false) => format!("{:04}", d.year),
                (dyad_types::DatePrecision::Year, true) => format!("{:04}-12", d.year),
                _ => format!("{:04}-{:02}", d.year, d.month),
            })
        };
        let (from, to) = (bound(from, false), bound(to, true));
        let edges = pool.run(move |store| Ok(store.network(from.as_deref(), to.as_deref(), limit)?)).await?;
        let edges = edges
            .into_iter()
            .filter(|e| e.events >= min_events)
            .map(|e| (e.source, e.target, e.events, e.goldstein))
            .collect();
        (edges, false)
    };
    let mut nodes: HashMap<&str, u32> = HashMap::new();
    for (s, t, n, _) in &edges {
        *nodes.entry(s).or_default() += n;
        *nodes.entry(t).or_default() += n;
    }
    let mut nodes: Vec<(&str, u32)> = nodes.into_iter().collect();
    nodes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let nodes: Vec<Value> = nodes
        .iter()
        .map(|(id, n)| {
            let mut v = crate::explore::actor_json(id);
            v["id"] = json!(id);
            v["events"] = json!(n);
            v
        })
        .collect();
    Ok(Json(json!({ "nodes": nodes, "edges": crate::explore::edges_json(&edges), "truncated": truncated })))
}

/// `GET /api/dyads`
pub(crate) async fn dyads(State(pool): State<Arc<Pool>>, Query(p): Params) -> ApiResult {
    only(&p, &["top"])?;
    let top = number(&p, "top", 20, 200)?;
    let list = pool.run(move |store| Ok(store.top_dyads(top)?)).await?;
    Ok(Json(json!({
        "dyads": list.iter().map(|d| json!({ "source": d.source, "target": d.target, "events": d.events, "mentions": d.mentions, "goldstein": round2(d.goldstein) })).collect::<Vec<_>>(),
    })))
}

/// `GET /api/documents?duplicates=true`: the near-duplicate clusters.
pub(crate) async fn duplicates(State(pool): State<Arc<Pool>>, Query(p): Params) -> ApiResult {
    only(&p, &["duplicates", "limit"])?;
    if p.get("duplicates").map(String::as_str) != Some("true") {
        return Err(ApiError::bad("duplicates", "use duplicates=true, or /api/search?q= to find documents"));
    }
    let limit = number(&p, "limit", 100, 1000)?;
    // The largest clusters first; `more` says some were left out.
    let clusters = pool.run(move |store| Ok(store.largest_duplicate_clusters(limit + 1)?)).await?;
    let more = clusters.len() > limit;
    let list: Vec<Vec<DocDto<'_>>> =
        clusters.iter().take(limit).map(|c| c.iter().map(DocDto::from).collect()).collect();
    Ok(Json(json!({ "clusters": list, "more": more })))
}

/// `GET /api/documents/{id}`
pub(crate) async fn document(State(pool): State<Arc<Pool>>, Path(raw): Path<String>) -> ApiResult {
    let did = id(&raw, "id")?;
    let found = pool
        .run(move |store| {
            let Some((doc, text)) = store.document(did)? else { return Ok(None) };
            let mentions = store.document_mentions(did)?;
            let dups: Vec<_> = store.cluster_members(doc.cluster)?.into_iter().filter(|d| d.id != did).collect();
            Ok(Some((doc, text, mentions, dups)))
        })
        .await?;
    let Some((doc, text, mentions, dups)) = found else { return Err(ApiError::NotFound(format!("no document {did}"))) };
    let mut d = serde_json::to_value(DocDto::from(&doc)).map_err(|e| ApiError::internal(&e.to_string()))?;
    d["text"] = Value::String(text.clone());
    let map = Utf16Map::new(&text);
    let list: Vec<DocMentionDto<'_>> = mentions.iter().map(|(m, ev)| DocMentionDto::new(m, ev, &text, &map)).collect();
    let dups: Vec<DocDto<'_>> = dups.iter().map(DocDto::from).collect();
    Ok(Json(json!({ "document": d, "mentions": list, "duplicates": dups })))
}

/// `GET /api/search?q=`
pub(crate) async fn search(State(pool): State<Arc<Pool>>, Query(p): Params) -> ApiResult {
    only(&p, &["q", "limit"])?;
    let q = p
        .get("q")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad("q", "required: words to search"))?;
    if q.len() > 200 {
        return Err(ApiError::bad("q", "at most 200 characters"));
    }
    // The cost of a search grows with its words: repeats and common words
    // are collapsed, and what stays over the bound is refused, saying why.
    dyad_engine::store::search_words(&q).map_err(|why| ApiError::bad("q", why.to_string()))?;
    let limit = number(&p, "limit", 20, 100)?;
    let hits = pool.run_search(move |store| Ok(store.search(&q, limit)?)).await?;
    let list: Vec<Value> = hits
        .iter()
        .map(|(d, snippet)| {
            let mut v = serde_json::to_value(DocDto::from(d)).unwrap_or(Value::Null);
            v["snippet"] = Value::String(snippet.clone());
            v
        })
        .collect();
    Ok(Json(json!({ "documents": list })))
}

/// Anything else.
pub(crate) async fn not_found() -> ApiError {
    ApiError::NotFound("no such resource".to_string())
}

/// Any method but GET on an API path.
pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// Sums of `f32` scores carry float noise (`104.50000059604645`); two decimals
/// are all a Goldstein total means.
pub(crate) fn round2(x: impl Into<f64>) -> f64 {
    (x.into() * 100.0).round() / 100.0
}
