//! The analyst's view of a filtered set of events: summary tiles
//! (`/api/summary`), an export of exactly those events (`/api/export`), the
//! network between their actors (`/api/network` with filters) and actor
//! suggestions with canonical names (`/api/actors`). Every endpoint takes
//! the filters of `/api/events` ([`EVENT_FILTERS`]), so what the dashboard
//! shows, counts and exports is one set.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use dyad_engine::store::{EventQuery, Period};
use dyad_engine::Store;
use dyad_types::Event;
use serde_json::{json, Value};

use crate::api::{event_query, number, only, round2, EVENT_FILTERS};
use crate::{ApiError, Pool};

type Params = Query<HashMap<String, String>>;

/// A directed edge: source, target, events, Goldstein sum.
pub(crate) type Edge = (String, String, u32, f64);

/// Events read for a summary, an export or a filtered network: beyond it
/// the answer says `truncated` (narrow the filters).
const MAX_SCAN: usize = 100_000;
/// Events per store query while scanning.
const PAGE: usize = 5_000;

/// Every event matching `q`, in date order, at most [`MAX_SCAN`]; and
/// whether more were left out.
fn matching(store: &Store, q: &EventQuery) -> Result<(Vec<Event>, bool), ApiError> {
    let mut out: Vec<Event> = Vec::new();
    let mut q = EventQuery { limit: PAGE, after: None, ..q.clone() };
    loop {
        let page = store.events(&q)?;
        let full = page.len() == PAGE;
        let Some(last) = page.last() else { break };
        q.after = Some(store.cursor_of(last));
        out.extend(page);
        if out.len() >= MAX_SCAN {
            let more = out.len() > MAX_SCAN || full;
            out.truncate(MAX_SCAN);
            return Ok((out, more));
        }
        if !full {
            break;
        }
    }
    Ok((out, false))
}

fn filters_and(extra: &[&'static str]) -> Vec<&'static str> {
    EVENT_FILTERS.iter().copied().chain(extra.iter().copied()).collect()
}

/// Views of at most this many events have their sources, articles and
/// first and last reports counted when their event counts come from the
/// rollups; larger ones leave those tiles empty (`coverage: false`).
const COVERAGE_SCAN: u64 = 500;

/// The filters a summary's counts can be read from the rollups with.
const ROLLUP_FILTERS: &[&str] = &["from", "to", "plover", "quad"];

/// `GET /api/summary`: the tiles of the current view. A view filtered
/// only by date (years or months), PLOVER category and quad class has its
/// event counts read from the `category_periods` rollup, whatever its size;
/// any other view counts its matching events (at most [`MAX_SCAN`]).
pub(crate) async fn summary(State(pool): State<Arc<Pool>>, Query(p): Params) -> Result<Json<Value>, ApiError> {
    only(&p, &filters_and(&[]))?;
    let q = event_query(&p)?;
    let rollup = p.iter().all(|(k, v)| v.trim().is_empty() || ROLLUP_FILTERS.contains(&k.as_str()));
    let answer = pool
        .run(move |store| {
            if rollup {
                if let Some(c) = store.view_counts(q.from, q.to, q.plover.as_deref(), q.quad_class)? {
                    let coverage = if c.events <= COVERAGE_SCAN {
                        let (events, _) = matching(store, &q)?;
                        Some(tiles(store, &events)?)
                    } else {
                        None
                    };
                    return Ok(json!({
                        "events": c.events,
                        "mentions": c.mentions,
                        "sources": coverage.as_ref().map(|t| t.0.sources),
                        "articles": coverage.as_ref().map(|t| t.0.articles),
                        "conflicts": c.conflicts,
                        "disputed": c.disputed,
                        "coverage": coverage.is_some(),
                        "first_report": coverage.as_ref().and_then(|t| t.1.clone()),
                        "last_report": coverage.and_then(|t| t.2),
                        "truncated": false,
                    }));
                }
            }
            let (events, truncated) = matching(store, &q)?;
            let (coverage, first, last) = tiles(store, &events)?;
            Ok(json!({
                "events": events.len(),
                "mentions": coverage.mentions,
                "sources": coverage.sources,
                "articles": coverage.articles,
                "conflicts": events.iter().filter(|e| e.conflict || e.disputed).count(),
                "disputed": events.iter().filter(|e| e.disputed).count(),
                "first_report": first,
                "last_report": last,
                "coverage": true,
                "truncated": truncated,
            }))
        })
        .await?;
    Ok(Json(answer))
}

/// The reporting behind some events, and their first and last reports.
fn tiles(
    store: &Store,
    events: &[Event],
) -> Result<(dyad_engine::store::Coverage, Option<String>, Option<String>), ApiError> {
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    let coverage = store.coverage(&ids)?;
    let first = events.iter().filter_map(|e| e.first_report).min().map(|d| d.to_string());
    let last = events.iter().filter_map(|e| e.last_report).max().map(|d| d.to_string());
    Ok((coverage, first, last))
}

/// `GET /api/categories?by=year|month&from=YYYY&to=YYYY`: events per
/// PLOVER category and year (or month), from the `category_periods` rollup.
pub(crate) async fn categories(State(pool): State<Arc<Pool>>, Query(p): Params) -> Result<Json<Value>, ApiError> {
    only(&p, &["by", "from", "to"])?;
    let by = match p.get("by").map(String::as_str) {
        None | Some("year") => Period::Year,
        Some("month") => Period::Month,
        Some(_) => return Err(ApiError::bad("by", "year or month")),
    };
    let year = |name: &'static str| -> Result<Option<i32>, ApiError> {
        match p.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => match s.parse::<i32>() {
                Ok(y) if s.len() == 4 && (0..=9999).contains(&y) => Ok(Some(y)),
                _ => Err(ApiError::bad(name, "a year: YYYY")),
            },
        }
    };
    let (from, to) = (year("from")?, year("to")?);
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(ApiError::bad("to", "a year not before `from`"));
        }
    }
    let rows = pool.run(move |store| Ok(store.categories(from, to, by)?)).await?;
    let list: Vec<Value> = rows
        .iter()
        .map(|c| {
            json!({ "period": c.period, "plover": c.plover, "events": c.events, "mentions": c.mentions, "goldstein": round2(c.goldstein) })
        })
        .collect();
    let by = if by == Period::Year { "year" } else { "month" };
    Ok(Json(json!({ "by": by, "categories": list })))
}

/// `GET /api/export?format=csv|jsonl|gdelt`: the events of the current
/// view as a file, written by the same writers as `dyad export`.
pub(crate) async fn export(State(pool): State<Arc<Pool>>, Query(p): Params) -> Result<Response, ApiError> {
    only(&p, &filters_and(&["format"]))?;
    let format = match p.get("format").map(String::as_str) {
        None | Some("csv") => "csv",
        Some("jsonl") => "jsonl",
        Some("gdelt") => "gdelt",
        Some(_) => return Err(ApiError::bad("format", "csv, jsonl or gdelt")),
    };
    let q = event_query(&p)?;
    let (events, truncated) = pool.run(move |store| matching(store, &q)).await?;
    let failed = |e: dyad_export::Error| ApiError::internal(&format!("export: {e}"));
    let mut body = Vec::new();
    let (mime, name) = match format {
        "jsonl" => {
            let mut w = dyad_export::jsonl::JsonlWriter::new(&mut body);
            for e in &events {
                w.write(e).map_err(failed)?;
            }
            w.finish().map_err(failed)?;
            ("application/x-ndjson", "dyad-events.jsonl")
        }
        "gdelt" => {
            let mut w = dyad_export::gdelt::GdeltWriter::new(&mut body).full_names(dyad_engine::geo::full_name);
            for e in &events {
                w.write(e).map_err(failed)?;
            }
            w.finish().map_err(failed)?;
            ("text/tab-separated-values; charset=utf-8", "dyad-events.gdelt.tsv")
        }
        _ => {
            let mut w = dyad_export::csv::CsvWriter::new(&mut body).map_err(failed)?;
            for e in &events {
                w.write(e).map_err(failed)?;
            }
            w.finish().map_err(failed)?;
            ("text/csv; charset=utf-8", "dyad-events.csv")
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::HeaderName::from_static("x-dyad-truncated"), truncated.to_string()),
        ],
        body,
    )
        .into_response())
}

/// The network of the events matching `q`: directed edges between actors
/// (source → target, by country or organisation code as the unfiltered
/// network), the busiest `limit` with at least `min_events` events.
pub(crate) fn filtered_network(
    store: &Store,
    q: &EventQuery,
    limit: usize,
    min_events: u32,
) -> Result<(Vec<Edge>, bool), ApiError> {
    let (events, truncated) = matching(store, q)?;
    let mut edges: HashMap<(String, String), (u32, f64)> = HashMap::new();
    for e in events.iter().filter(|e| !e.source_country.is_empty() && !e.target_country.is_empty()) {
        if e.source_country == e.target_country {
            continue;
        }
        let edge = edges.entry((e.source_country.clone(), e.target_country.clone())).or_default();
        edge.0 += 1;
        edge.1 += f64::from(e.goldstein);
    }
    let mut list: Vec<Edge> =
        edges.into_iter().filter(|(_, (n, _))| *n >= min_events).map(|((s, t), (n, g))| (s, t, n, g)).collect();
    list.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    list.truncate(limit);
    Ok((list, truncated))
}

/// `GET /api/actors?q=`: actor codes whose code or canonical name matches,
/// with the name, for an actor search's suggestions.
pub(crate) async fn actors(Query(p): Params) -> Result<Json<Value>, ApiError> {
    only(&p, &["q", "limit"])?;
    let q = p.get("q").map(|s| s.trim()).unwrap_or("");
    if q.chars().count() > 60 {
        return Err(ApiError::bad("q", "at most 60 characters"));
    }
    let limit = number(&p, "limit", 10, 50)?;
    let list: Vec<Value> = dyad_engine::suggest_actors(q, limit)
        .into_iter()
        .map(|(code, name)| json!({ "code": code, "name": name }))
        .collect();
    Ok(Json(json!({ "actors": list })))
}

/// The canonical name of an actor code as the API gives it: `{code, name,
/// country, sector}`, the name null for a code the dictionaries do not
/// define.
pub(crate) fn actor_json(code: &str) -> Value {
    serde_json::to_value(crate::dto::ActorDto::of(code)).unwrap_or(Value::Null)
}

/// Edges as the API gives them.
pub(crate) fn edges_json(edges: &[Edge]) -> Vec<Value> {
    edges.iter().map(|(s, t, n, g)| json!({ "source": s, "target": t, "events": n, "goldstein": round2(*g) })).collect()
}
