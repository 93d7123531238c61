//! `dyad.Store`: a store's events, mentions, timelines, documents and
//! panels as Arrow streams, with the CLI's filters.

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use dyad_engine::store::{self, EventQuery, Period, StoredMention};
use dyad_export::arrow::{events_batch, mentions_batch};
use dyad_export::panel::{By, Panel, PanelSpec, Unit};
use dyad_types::{Mention, Modality};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::args::optional_date;
use crate::stream::ArrowStream;
use crate::{SchemaError, StoreError};

/// A store opened for reading (`dyad ingest` writes it).
///
/// A connection is not shared between threads: calls on one `Store` are
/// serialised by a lock, and queries run without the GIL.
#[pyclass(module = "dyad", frozen)]
pub(crate) struct Store {
    store: std::sync::Mutex<store::Store>,
    path: PathBuf,
}

fn store_err(e: store::Error) -> PyErr {
    match e {
        store::Error::Schema(m) => SchemaError::new_err(m),
        e => StoreError::new_err(e.to_string()),
    }
}

impl Store {
    fn with<T: Send>(&self, py: Python<'_>, f: impl FnOnce(&store::Store) -> store::Result<T> + Send) -> PyResult<T> {
        py.detach(|| {
            let s = self.store.lock().map_err(|_| StoreError::new_err("the store's lock is poisoned"))?;
            f(&s).map_err(store_err)
        })
    }
}

fn limit(n: i64) -> PyResult<usize> {
    usize::try_from(n).map_err(|_| PyValueError::new_err(format!("limit must be 0 or more, not {n}")))
}

#[pymethods]
impl Store {
    #[new]
    fn new(path: PathBuf) -> PyResult<Store> {
        if !path.is_file() {
            return Err(StoreError::new_err(format!("no store at {}", path.display())));
        }
        let store = store::Store::open_read_only(&path).map_err(|e| match e {
            store::Error::Schema(m) => SchemaError::new_err(format!("{}: {m}", path.display())),
            e => StoreError::new_err(format!("opening {}: {e}", path.display())),
        })?;
        Ok(Store { store: std::sync::Mutex::new(store), path })
    }

    /// The store file's path.
    #[getter]
    fn path(&self) -> String {
        self.path.display().to_string()
    }

    /// Events, filtered as `dyad events` filters them.
    #[pyo3(signature = (*, source=None, target=None, actor=None, pair=None, start=None, end=None, plover=None,
        cameo=None, quad_class=None, modality=None, conflicts=false, limit=1000))]
    #[allow(clippy::too_many_arguments, reason = "keyword arguments, one per filter, as the CLI's flags")]
    fn events(
        &self,
        py: Python<'_>,
        source: Option<&str>,
        target: Option<&str>,
        actor: Option<&str>,
        pair: Option<(String, String)>,
        start: Option<&str>,
        end: Option<&str>,
        plover: Option<&str>,
        cameo: Option<&str>,
        quad_class: Option<i64>,
        modality: Option<&str>,
        conflicts: bool,
        limit: i64,
    ) -> PyResult<ArrowStream> {
        let quad_class = quad_class
            .map(|q| {
                u8::try_from(q)
                    .ok()
                    .filter(|q| (1..=4).contains(q))
                    .ok_or_else(|| PyValueError::new_err(format!("quad_class must be 1 to 4, not {q}")))
            })
            .transpose()?;
        let modality = modality
            .map(|m| {
                Modality::parse(m).ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "modality must be asserted, reported, denied, negated, planned, threatened, hypothetical or generic, not {m:?}"
                    ))
                })
            })
            .transpose()?;
        let up = |s: Option<&str>| s.map(str::to_ascii_uppercase);
        let q = EventQuery {
            source: up(source),
            target: up(target),
            actor: up(actor),
            pair: pair.map(|(a, b)| (a.to_ascii_uppercase(), b.to_ascii_uppercase())),
            from: optional_date("start", start)?,
            to: optional_date("end", end)?,
            plover: plover.map(str::to_string),
            cameo: cameo.map(str::to_string),
            quad_class,
            modality,
            conflicts,
            min_confidence: None,
            min_sources: None,
            disputed: false,
            place_country: None,
            near: None,
            located: false,
            limit: self::limit(limit)?,
            after: None,
        };
        let events = self.with(py, |s| {
            let mut events = s.events(&q)?;
            for e in &mut events {
                e.mention_ids = s.mention_ids(e.id)?;
            }
            Ok(events)
        })?;
        ArrowStream::of(events_batch(&events))
    }

    /// Mentions: an event's (`event=`), a document's (`doc=`, its store
    /// id), or all of them in id order, at most `limit`.
    #[pyo3(signature = (*, event=None, doc=None, limit=10000))]
    fn mentions(&self, py: Python<'_>, event: Option<i64>, doc: Option<i64>, limit: i64) -> PyResult<ArrowStream> {
        let limit = self::limit(limit)?;
        let rows: Vec<StoredMention> = self.with(py, |s| {
            Ok(match (event, doc) {
                (Some(id), _) => s.event(id)?.map(|(_, m)| m).unwrap_or_default(),
                (None, Some(d)) => s.document_mentions(d)?.into_iter().map(|(m, _)| m).collect(),
                (None, None) => {
                    let mut out = Vec::new();
                    s.all_mentions(|m| {
                        if out.len() < limit {
                            out.push(m);
                        }
                        Ok(())
                    })?;
                    out
                }
            })
        })?;
        let rows: Vec<(Option<i64>, &Mention)> = rows.iter().take(limit).map(|m| (Some(m.id), &m.mention)).collect();
        ArrowStream::of(mentions_batch(&rows))
    }

    /// A country's or a pair's events per period (`by` = "day", "month" or
    /// "year") and quad class, with the Goldstein sum.
    #[pyo3(signature = (a, b=None, *, by="month"))]
    fn timeline(&self, py: Python<'_>, a: &str, b: Option<&str>, by: &str) -> PyResult<ArrowStream> {
        let period = match by {
            "day" => Period::Day,
            "month" => Period::Month,
            "year" => Period::Year,
            other => return Err(PyValueError::new_err(format!("by must be day, month or year, not {other:?}"))),
        };
        let (a, b) = (a.to_ascii_uppercase(), b.map(str::to_ascii_uppercase));
        let buckets = self.with(py, |s| s.timeline(&a, b.as_deref(), period))?;
        let mut p = StringBuilder::new();
        let mut q: [Int64Builder; 4] = std::array::from_fn(|_| Int64Builder::new());
        let mut g = Float64Builder::new();
        for bk in &buckets {
            p.append_value(&bk.period);
            for (i, n) in bk.quad.iter().enumerate() {
                q[i].append_value(i64::from(*n));
            }
            g.append_value(bk.goldstein);
        }
        let mut fields = vec![Field::new("period", DataType::Utf8, false)];
        let mut cols: Vec<ArrayRef> = vec![Arc::new(p.finish())];
        for (i, b) in q.iter_mut().enumerate() {
            fields.push(Field::new(format!("quad{}", i + 1), DataType::Int64, false));
            cols.push(Arc::new(b.finish()));
        }
        fields.push(Field::new("goldstein", DataType::Float64, false));
        cols.push(Arc::new(g.finish()));
        ArrowStream::of(RecordBatch::try_new(Arc::new(Schema::new(fields)), cols))
    }

    /// Stored documents (without their text) in id order, after the store
    /// id `after`, at most `limit`.
    #[pyo3(signature = (*, after=0, limit=1000))]
    fn documents(&self, py: Python<'_>, after: i64, limit: i64) -> PyResult<ArrowStream> {
        let limit = self::limit(limit)?;
        let docs = self.with(py, |s| s.documents(after, limit))?;
        let text = |f: &dyn Fn(&store::DocSummary) -> Option<&str>| -> ArrayRef {
            let mut b = StringBuilder::new();
            docs.iter().for_each(|d| b.append_option(f(d)));
            Arc::new(b.finish())
        };
        let int = |f: &dyn Fn(&store::DocSummary) -> i64| -> ArrayRef {
            let mut b = Int64Builder::new();
            docs.iter().for_each(|d| b.append_value(f(d)));
            Arc::new(b.finish())
        };
        let schema = Schema::new(vec![
            Field::new("id", DataType::Int64, false),
            Field::new("doc_id", DataType::Utf8, false),
            Field::new("title", DataType::Utf8, true),
            Field::new("date", DataType::Utf8, true),
            Field::new("source", DataType::Utf8, true),
            Field::new("url", DataType::Utf8, true),
            Field::new("cluster", DataType::Int64, false),
        ]);
        let cols = vec![
            int(&|d| d.id),
            text(&|d| Some(d.ext_id.as_str())),
            text(&|d| d.title.as_deref()),
            text(&|d| d.date.as_deref()),
            text(&|d| d.source.as_deref()),
            text(&|d| d.url.as_deref()),
            int(&|d| d.cluster),
        ];
        ArrowStream::of(RecordBatch::try_new(Arc::new(schema), cols))
    }

    /// A panel: events and Goldstein sums per unit and period, zeros
    /// filled, as `dyad export --format panel` writes it.
    #[pyo3(signature = (unit="country-month", *, by=None, directed=false))]
    fn panel(&self, py: Python<'_>, unit: &str, by: Option<&str>, directed: bool) -> PyResult<ArrowStream> {
        let unit = Unit::parse(unit).ok_or_else(|| {
            PyValueError::new_err(format!("unit must be country-month, dyad-month or dyad-year, not {unit:?}"))
        })?;
        let by = match by {
            None => By::Total,
            Some(b) => By::parse(b)
                .ok_or_else(|| PyValueError::new_err(format!("by must be None, \"quad\" or \"plover\", not {b:?}")))?,
        };
        let panel = self.with(py, |s| {
            let mut p = Panel::new(PanelSpec { unit, by, directed });
            s.all_events(|e| {
                p.add(&e);
                Ok(())
            })?;
            Ok(p)
        })?;
        ArrowStream::of(panel.batch())
    }

    fn __repr__(&self) -> String {
        format!("<dyad.Store {}>", self.path.display())
    }
}
