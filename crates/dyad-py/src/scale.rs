//! The native half of `dyad.spark`: documents prepared for fusion elsewhere,
//! near-duplicate checks, and fusion of one key's dyad mentions.
//!
//! A Spark job runs `dyad ingest` in three shuffles: each worker codes its
//! partition ([`Coder::_prepare`](crate::coder::Coder): one row per
//! document with its hash, MinHash signature, LSH bands, mentions and dyad
//! records, or the error that kept it out); Spark groups the band keys and
//! confirms candidates with [`near_duplicates`], which decides as the store
//! does; and Spark groups the dyad records by fusion key and calls
//! [`fuse`], dyad's own fusion, on each group. Nothing in a partition
//! raises for one bad row: its `error` says what was wrong.
//!
//! The records travel as the JSON of `DyadRecord`, the form the store keeps
//! their figures and places in, so fusion reads exactly what it reads when
//! `dyad ingest` re-fuses a key.

use std::sync::Arc;

use arrow_array::builder::{Float32Builder, Int64Builder, ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::Array;
use arrow_array::{ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema, SchemaRef};
use dyad_engine::{CodeFailure, Coded, Standalone};
use dyad_export::arrow::{events_batch, mention_schema, mentions_batch};
use dyad_fuse::minhash::Signature;
use dyad_types::{Article, DyadRecord, Mention};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rayon::prelude::*;

use crate::args;
use crate::stream::ArrowStream;

/// One input row: the article, or what was wrong with it.
pub(crate) type Row = Result<Article, String>;

/// The Python name of the values of an Arrow type, for a row's error
/// (`texts is int; expected str`).
fn value_type(t: &DataType) -> String {
    match t {
        t if t.is_integer() => "int".into(),
        t if t.is_floating() => "float".into(),
        DataType::Boolean => "bool".into(),
        DataType::Binary | DataType::LargeBinary | DataType::BinaryView | DataType::FixedSizeBinary(_) => {
            "bytes".into()
        }
        other => other.to_string(),
    }
}

/// A column of optional strings read row by row: a value that is not a
/// string is that row's error, not the call's; a missing column is null.
fn column(name: &str, col: Option<&ArrayRef>, n: usize) -> Vec<Result<Option<String>, String>> {
    let Some(col) = col else { return vec![Ok(None); n] };
    let text = |v: Option<&str>| Ok(v.map(str::to_string));
    if let Some(a) = col.as_string_opt::<i32>() {
        a.iter().map(text).collect()
    } else if let Some(a) = col.as_string_opt::<i64>() {
        a.iter().map(text).collect()
    } else if let Some(a) = col.as_string_view_opt() {
        a.iter().map(text).collect()
    } else {
        let wrong = format!("{name} is {}; expected str", value_type(col.data_type()));
        (0..n).map(|i| if col.is_null(i) { Ok(None) } else { Err(wrong.clone()) }).collect()
    }
}

/// The ids and rows of a table's batches (columns `text`, `id` and
/// optionally `date`, `title`, `source`, `url`, `dateline`), each row
/// checked on its own; a missing `text` or `id` column fails the call.
pub(crate) fn rows(batches: &[RecordBatch]) -> PyResult<(Vec<Option<String>>, Vec<Row>)> {
    let (mut ids, mut rows) = (Vec::new(), Vec::new());
    for b in batches {
        let (i, r) = batch_rows(b)?;
        ids.extend(i);
        rows.extend(r);
    }
    Ok((ids, rows))
}

fn batch_rows(batch: &RecordBatch) -> PyResult<(Vec<Option<String>>, Vec<Row>)> {
    let n = batch.num_rows();
    for required in ["text", "id"] {
        if batch.column_by_name(required).is_none() {
            return Err(PyValueError::new_err(format!("columns has no \"{required}\"")));
        }
    }
    let col = |name: &str, what: &str| column(what, batch.column_by_name(name), n);
    let texts = col("text", "texts");
    let ids = col("id", "ids");
    let dates = col("date", "dates");
    let titles = col("title", "titles");
    let sources = col("source", "sources");
    let urls = col("url", "urls");
    let datelines = col("dateline", "datelines");
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let row = (|| -> Result<Article, String> {
            let id = ids[i].clone()?.ok_or("the id is null")?;
            let text = texts[i].clone()?.ok_or("the text is null")?;
            let date = match dates[i].clone()? {
                Some(d) => {
                    Some(args::date("date", &d).map_err(|_| format!("date `{d}` is not YYYY, YYYY-MM or YYYY-MM-DD"))?)
                }
                None => None,
            };
            Ok(Article {
                id,
                text,
                date,
                title: titles[i].clone()?,
                source: sources[i].clone()?,
                url: urls[i].clone()?,
                dateline: datelines[i].clone()?,
                ..Article::default()
            })
        })();
        out.push(row);
    }
    let row_ids = ids.into_iter().map(|i| i.ok().flatten()).collect();
    Ok((row_ids, out))
}

/// A coded row: the input's id (if it had one) and the document with what
/// coding gave (`T`), or the error.
pub(crate) type Done<T> = (Option<String>, Result<(Article, T), String>);

/// A prepared row, for `ingest`: hashed, signed, toned, with dyad records.
pub(crate) type Prepared = Done<Standalone>;

/// A row of `dyad.spark.code`: the mentions and their content-derived ids.
pub(crate) type MentionsOnly = (Vec<i64>, Coded);

fn pair_fields() -> Fields {
    Fields::from(vec![
        Field::new("key", DataType::Utf8, false),
        Field::new("stable", DataType::Utf8, false),
        Field::new("record", DataType::Utf8, false),
    ])
}

fn int_list() -> DataType {
    DataType::List(Arc::new(Field::new_list_field(DataType::Int64, false)))
}

fn struct_list(fields: Fields) -> DataType {
    DataType::List(Arc::new(Field::new_list_field(DataType::Struct(fields), false)))
}

/// The schema of prepared documents: one row per input row.
pub(crate) fn prepared_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, true),
        Field::new("error", DataType::Utf8, true),
        Field::new("hash", DataType::Utf8, true),
        Field::new("date", DataType::Utf8, true),
        Field::new("sentences", DataType::Int64, true),
        Field::new("tone", DataType::Float32, true),
        Field::new("shingles", DataType::Int64, true),
        Field::new("signature", int_list(), false),
        Field::new("bands", int_list(), false),
        Field::new("mentions", struct_list(mention_schema().fields().clone()), false),
        Field::new("pairs", struct_list(pair_fields()), false),
    ]))
}

/// Prepared rows as one batch of [`prepared_schema`].
pub(crate) fn prepared_batch(rows: &[Prepared]) -> Result<RecordBatch, ArrowError> {
    let ok = || rows.iter().filter_map(|(_, r)| r.as_ref().ok());
    let (mut id, mut error, mut hash, mut date) =
        (StringBuilder::new(), StringBuilder::new(), StringBuilder::new(), StringBuilder::new());
    let (mut sentences, mut tone, mut shingles) = (Int64Builder::new(), Float32Builder::new(), Int64Builder::new());
    let mut signature = ListBuilder::new(Int64Builder::new()).with_field(Field::new_list_field(DataType::Int64, false));
    let mut bands = ListBuilder::new(Int64Builder::new()).with_field(Field::new_list_field(DataType::Int64, false));
    let (mut key, mut stable, mut record) = (StringBuilder::new(), StringBuilder::new(), StringBuilder::new());
    let (mut mention_counts, mut pair_counts) = (Vec::new(), Vec::new());
    for (rid, r) in rows {
        id.append_option(rid.as_deref());
        match r {
            Ok((a, s)) => {
                error.append_null();
                hash.append_value(&s.hash);
                date.append_option(a.date.map(|d| d.to_string()));
                sentences.append_value(s.coded.sentences as i64);
                tone.append_value(s.tone);
                shingles.append_value(i64::from(s.signature.shingles));
                signature.values().append_slice(&s.signature.values.map(i64::from));
                signature.append(true);
                bands.values().append_slice(&s.signature.bands());
                bands.append(true);
                for (k, p) in &s.pairs {
                    key.append_value(k);
                    stable.append_value(&p.stable);
                    let json = serde_json::to_string(p).map_err(|e| ArrowError::ExternalError(Box::new(e)))?;
                    record.append_value(json);
                }
                mention_counts.push(s.coded.mentions.len());
                pair_counts.push(s.pairs.len());
            }
            Err(e) => {
                error.append_value(e);
                hash.append_null();
                date.append_null();
                sentences.append_null();
                tone.append_null();
                shingles.append_null();
                signature.append(true);
                bands.append(true);
                mention_counts.push(0);
                pair_counts.push(0);
            }
        }
    }
    let mentions = mention_lists(ok().map(|(_, s)| (&s.ids[..], &s.coded.mentions[..])), mention_counts)?;
    let pairs = StructArray::try_new(
        pair_fields(),
        vec![Arc::new(key.finish()), Arc::new(stable.finish()), Arc::new(record.finish())],
        None,
    )?;
    let pairs = list(pair_fields(), pair_counts, Arc::new(pairs))?;
    let columns: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(error.finish()),
        Arc::new(hash.finish()),
        Arc::new(date.finish()),
        Arc::new(sentences.finish()),
        Arc::new(tone.finish()),
        Arc::new(shingles.finish()),
        Arc::new(signature.finish()),
        Arc::new(bands.finish()),
        Arc::new(mentions),
        Arc::new(pairs),
    ];
    RecordBatch::try_new(prepared_schema(), columns)
}

/// The schema of [`coded_batch`]: one row per input row, its mentions or its error.
pub(crate) fn coded_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, true),
        Field::new("error", DataType::Utf8, true),
        Field::new("mentions", struct_list(mention_schema().fields().clone()), false),
    ]))
}

/// Coded rows as one batch of [`coded_schema`]: what `dyad.spark.code`
/// needs and no more (no signature, tone or dyad records, no text).
pub(crate) fn coded_batch(rows: &[Done<MentionsOnly>]) -> Result<RecordBatch, ArrowError> {
    let (mut id, mut error, mut counts) = (StringBuilder::new(), StringBuilder::new(), Vec::with_capacity(rows.len()));
    for (rid, r) in rows {
        id.append_option(rid.as_deref());
        match r {
            Ok((_, (_, c))) => {
                error.append_null();
                counts.push(c.mentions.len());
            }
            Err(e) => {
                error.append_value(e);
                counts.push(0);
            }
        }
    }
    let ok = rows.iter().filter_map(|(_, r)| r.as_ref().ok()).map(|(_, (ids, c))| (&ids[..], &c.mentions[..]));
    let columns: Vec<ArrayRef> = vec![Arc::new(id.finish()), Arc::new(error.finish()), mention_lists(ok, counts)?];
    RecordBatch::try_new(coded_schema(), columns)
}

/// The mentions of the good rows (ids and mentions, in row order) as a
/// list column, `counts[i]` in row `i` (0 for a bad row).
fn mention_lists<'a>(
    ok: impl Iterator<Item = (&'a [i64], &'a [Mention])>,
    counts: Vec<usize>,
) -> Result<ArrayRef, ArrowError> {
    let mentions: Vec<(Option<i64>, &Mention)> =
        ok.flat_map(|(ids, ms)| ids.iter().zip(ms).map(|(i, m)| (Some(*i), m))).collect();
    let mentions = StructArray::from(mentions_batch(&mentions)?);
    list(mention_schema().fields().clone(), counts, Arc::new(mentions))
}

/// A list column of structs, `counts[i]` items in row `i`.
fn list(fields: Fields, counts: Vec<usize>, values: ArrayRef) -> Result<ArrayRef, ArrowError> {
    let field = Arc::new(Field::new_list_field(DataType::Struct(fields), false));
    let offsets = arrow_buffer::OffsetBuffer::from_lengths(counts);
    Ok(Arc::new(ListArray::try_new(field, offsets, values, None)?))
}

/// Codes checked rows, in parallel (in the caller's rayon pool) when
/// `parallel`: a row's error (bad input, or a panic in the coder) stays in
/// its row, and the output keeps the input order.
pub(crate) fn prepare_rows<T: Send>(
    code: &(dyn Fn(&Article) -> Result<T, CodeFailure> + Sync),
    ids: Vec<Option<String>>,
    rows: Vec<Row>,
    parallel: bool,
) -> Vec<Done<T>> {
    let one = |(id, r): (Option<String>, Row)| {
        let r = r.and_then(|a| match code(&a) {
            Ok(s) => Ok((a, s)),
            Err(f) => Err(format!("coding failed (a bug in dyad): {}", f.message)),
        });
        (id, r)
    };
    let rows: Vec<(Option<String>, Row)> = ids.into_iter().zip(rows).collect();
    if parallel {
        rows.into_par_iter().map(one).collect()
    } else {
        rows.into_iter().map(one).collect()
    }
}

/// A signature from its values (as Spark holds them: int64) and shingle count.
fn signature(what: &str, values: Vec<i64>, shingles: i64) -> PyResult<Signature> {
    Signature::from_ints(&values, shingles).map_err(|e| PyValueError::new_err(format!("{what}: {e}")))
}

/// Whether each pair of documents (signature values and shingle counts,
/// as `_prepare` gives them) are near-duplicates, by the store's rule.
#[pyfunction]
pub(crate) fn near_duplicates(
    a: Vec<Vec<i64>>,
    a_shingles: Vec<i64>,
    b: Vec<Vec<i64>>,
    b_shingles: Vec<i64>,
) -> PyResult<Vec<bool>> {
    let n = a.len();
    if [a_shingles.len(), b.len(), b_shingles.len()].iter().any(|&m| m != n) {
        return Err(PyValueError::new_err("near_duplicates: the four lists must have the same length"));
    }
    let mut out = Vec::with_capacity(n);
    for (i, ((a, sa), (b, sb))) in a.into_iter().zip(a_shingles).zip(b.into_iter().zip(b_shingles)).enumerate() {
        let x = signature(&format!("a[{i}]"), a, sa)?;
        let y = signature(&format!("b[{i}]"), b, sb)?;
        out.push(x.near_duplicate(&y));
    }
    Ok(out)
}

/// Fuses the dyad records of one fusion key (the `record` JSON of
/// `_prepare`'s pairs) with their documents' near-duplicate clusters;
/// returns the events as an Arrow stream (the Parquet export's schema).
#[pyfunction]
pub(crate) fn fuse(py: Python<'_>, records: Vec<String>, clusters: Vec<i64>) -> PyResult<ArrowStream> {
    if records.len() != clusters.len() {
        return Err(PyValueError::new_err(format!(
            "records has {} items but clusters has {}",
            records.len(),
            clusters.len()
        )));
    }
    let mut inputs = Vec::with_capacity(records.len());
    for (i, (r, c)) in records.iter().zip(clusters).enumerate() {
        let mut rec: DyadRecord =
            serde_json::from_str(r).map_err(|e| PyValueError::new_err(format!("records[{i}] is not a record: {e}")))?;
        rec.cluster = c;
        inputs.push(rec);
    }
    // The store hands fusion a key's records ordered by their stable keys.
    inputs.sort_by(|a, b| a.stable.cmp(&b.stable));
    ArrowStream::of(py.detach(|| events_batch(&dyad_fuse::fuse(&inputs))))
}

/// Empty tables with the schemas `dyad.spark` declares to Spark:
/// `prepared` (documents), `coded` (mentions by document), `events`.
#[pyfunction]
pub(crate) fn schemas(py: Python<'_>) -> PyResult<Vec<(String, Py<ArrowStream>)>> {
    let prepared = ArrowStream::of(prepared_batch(&[]))?;
    let coded = ArrowStream::of(coded_batch(&[]))?;
    let events = ArrowStream::of(events_batch(&[]))?;
    Ok(vec![
        ("prepared".into(), Py::new(py, prepared)?),
        ("coded".into(), Py::new(py, coded)?),
        ("events".into(), Py::new(py, events)?),
    ])
}
