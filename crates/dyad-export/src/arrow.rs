//! The Arrow schema of mentions and events: one definition shared by the
//! Parquet export and the Python package.
//!
//! Columns mirror the JSON of `dyad code` field for field, nested as it is:
//! `source` and `target` are lists of actor structs, `quantities` a list of
//! structs, `evidence` a struct; spans, which JSON writes as
//! `[start, end]`, are `{start, end}` structs; a mention's `location` is a
//! struct, null when it has none. Mentions carry a
//! nullable store `id` first: null for mentions coded but not stored. Dates
//! are text (`2020`, `2020-05`, `2020-05-14`) because a date may be known
//! only to the month or year. An event's missing side is null; its
//! `location` (the place its mentions agree on) is the mentions' struct,
//! null when it has none, and `avg_tone` its documents' mean tone.
//!
//! [`json_rows`], [`mentions_from_batch`] and [`events_from_batch`] read
//! the same columns back (from Parquet that `dyad.spark` or `dyad export`
//! wrote), through each type's JSON form: a bad row is that row's error.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float32Builder, Float64Builder, Int32Builder, Int64Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema, SchemaRef};
use dyad_types::{ActorRef, Event, FusedQuantity, Location, Mention, Quantity, Span};
use serde_json::{Map, Value};

fn utf8(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

fn int64(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Int64, nullable)
}

fn span_fields() -> Fields {
    Fields::from(vec![int64("start", false), int64("end", false)])
}

fn actor_fields() -> Fields {
    Fields::from(vec![
        utf8("text", false),
        utf8("code", false),
        utf8("country", false),
        utf8("sector", false),
        Field::new("span", DataType::Struct(span_fields()), false),
    ])
}

fn quantity_fields() -> Fields {
    Fields::from(vec![Field::new("value", DataType::Float64, false), utf8("unit", false), utf8("text", false)])
}

fn evidence_fields() -> Fields {
    Fields::from(vec![
        utf8("verb", false),
        Field::new("verb_span", DataType::Struct(span_fields()), false),
        utf8("pattern", false),
        utf8("pattern_origin", false),
        utf8("source_rule", false),
        utf8("target_rule", false),
        utf8("modality_cue", true),
        utf8("attribution", true),
        utf8("date_text", true),
        utf8("action_code", true),
        int64("denies_sentence", true),
    ])
}

fn location_fields() -> Fields {
    Fields::from(vec![
        utf8("text", false),
        Field::new("span", DataType::Struct(span_fields()), true),
        utf8("name", false),
        utf8("feature", false),
        utf8("country", false),
        utf8("adm1", false),
        Field::new("lat", DataType::Float64, false),
        Field::new("lon", DataType::Float64, false),
        int64("geonameid", false),
        utf8("basis", false),
        Field::new("confidence", DataType::Float32, false),
        utf8("conflict", true),
    ])
}

fn figure_fields() -> Fields {
    Fields::from(vec![
        utf8("source", false),
        utf8("doc_id", false),
        Field::new("value", DataType::Float64, false),
        utf8("text", false),
    ])
}

fn fused_quantity_fields() -> Fields {
    Fields::from(vec![
        utf8("unit", false),
        Field::new("value", DataType::Float64, false),
        Field::new("conflict", DataType::Boolean, false),
        list("figures", figure_fields()),
    ])
}

/// A non-null list of non-null structs.
fn list(name: &str, fields: Fields) -> Field {
    Field::new(name, DataType::List(Arc::new(Field::new_list_field(DataType::Struct(fields), false))), false)
}

/// The mentions schema.
pub fn mention_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        int64("id", true),
        utf8("doc_id", false),
        int64("sentence", false),
        utf8("text", false),
        Field::new("span", DataType::Struct(span_fields()), false),
        list("source", actor_fields()),
        list("target", actor_fields()),
        utf8("cameo", false),
        utf8("cameo_root", false),
        utf8("plover", false),
        Field::new("quad_class", DataType::Int32, false),
        Field::new("goldstein", DataType::Float32, false),
        utf8("date", true),
        utf8("date_precision", true),
        utf8("date_basis", false),
        utf8("modality", false),
        Field::new("confidence", DataType::Float32, false),
        list("quantities", quantity_fields()),
        Field::new("evidence", DataType::Struct(evidence_fields()), false),
        Field::new("location", DataType::Struct(location_fields()), true),
    ]))
}

/// The events schema.
pub fn event_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        int64("id", false),
        utf8("date", true),
        utf8("date_precision", true),
        utf8("source", true),
        utf8("source_country", true),
        utf8("source_name", true),
        utf8("target", true),
        utf8("target_country", true),
        utf8("target_name", true),
        utf8("cameo", false),
        utf8("cameo_root", false),
        utf8("plover", false),
        Field::new("quad_class", DataType::Int32, false),
        Field::new("goldstein", DataType::Float32, false),
        Field::new("num_mentions", DataType::Int32, false),
        Field::new("num_sources", DataType::Int32, false),
        Field::new("num_articles", DataType::Int32, false),
        utf8("modality", false),
        Field::new("disputed", DataType::Boolean, false),
        Field::new("conflict", DataType::Boolean, false),
        utf8("first_report", true),
        utf8("last_report", true),
        utf8("source_url", true),
        list("quantities", fused_quantity_fields()),
        Field::new("mention_ids", DataType::List(Arc::new(Field::new_list_field(DataType::Int64, false))), false),
        Field::new("location", DataType::Struct(location_fields()), true),
        Field::new("avg_tone", DataType::Float32, true),
    ]))
}

fn n64(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn n32(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

fn spans<'a>(spans: impl Iterator<Item = &'a Span>) -> ArrayRef {
    let (mut s, mut e) = (Int64Builder::new(), Int64Builder::new());
    for sp in spans {
        s.append_value(n64(sp.start));
        e.append_value(n64(sp.end));
    }
    Arc::new(StructArray::new(span_fields(), vec![Arc::new(s.finish()), Arc::new(e.finish())], None))
}

/// A list column: each row's items, flattened into one struct array by `items`.
fn list_of<'a, T: 'a>(
    rows: impl Iterator<Item = &'a [T]> + Clone,
    fields: Fields,
    items: impl FnOnce(&mut dyn Iterator<Item = &'a T>) -> Vec<ArrayRef>,
) -> Result<ArrayRef, ArrowError> {
    let offsets = OffsetBuffer::from_lengths(rows.clone().map(<[T]>::len));
    let mut flat = rows.flat_map(|r| r.iter());
    let children = items(&mut flat);
    let values = StructArray::try_new(fields.clone(), children, None)?;
    let field = Arc::new(Field::new_list_field(DataType::Struct(fields), false));
    Ok(Arc::new(ListArray::try_new(field, offsets, Arc::new(values), None)?))
}

fn actors<'a>(rows: impl Iterator<Item = &'a [ActorRef]> + Clone) -> Result<ArrayRef, ArrowError> {
    list_of(rows, actor_fields(), |it| {
        let (mut text, mut code, mut country, mut sector) =
            (StringBuilder::new(), StringBuilder::new(), StringBuilder::new(), StringBuilder::new());
        let mut sp = Vec::new();
        for a in it {
            text.append_value(&a.text);
            code.append_value(&a.code);
            country.append_value(&a.country);
            sector.append_value(&a.sector);
            sp.push(a.span);
        }
        vec![
            Arc::new(text.finish()),
            Arc::new(code.finish()),
            Arc::new(country.finish()),
            Arc::new(sector.finish()),
            spans(sp.iter()),
        ]
    })
}

fn quantities<'a>(rows: impl Iterator<Item = &'a [Quantity]> + Clone) -> Result<ArrayRef, ArrowError> {
    list_of(rows, quantity_fields(), |it| {
        let (mut value, mut unit, mut text) = (Float64Builder::new(), StringBuilder::new(), StringBuilder::new());
        for q in it {
            value.append_value(q.value);
            unit.append_value(&q.unit);
            text.append_value(&q.text);
        }
        vec![Arc::new(value.finish()), Arc::new(unit.finish()), Arc::new(text.finish())]
    })
}

fn fused_quantities<'a>(rows: impl Iterator<Item = &'a [FusedQuantity]> + Clone) -> Result<ArrayRef, ArrowError> {
    let mut err = None;
    let out = list_of(rows, fused_quantity_fields(), |it| {
        let (mut unit, mut value, mut conflict) = (StringBuilder::new(), Float64Builder::new(), BooleanBuilder::new());
        let mut figures = Vec::new();
        for q in it {
            unit.append_value(&q.unit);
            value.append_value(q.value);
            conflict.append_value(q.conflict);
            figures.push(q.figures.as_slice());
        }
        let figures = list_of(figures.iter().copied(), figure_fields(), |it| {
            let (mut source, mut doc, mut value, mut text) =
                (StringBuilder::new(), StringBuilder::new(), Float64Builder::new(), StringBuilder::new());
            for f in it {
                source.append_value(&f.source);
                doc.append_value(&f.doc_id);
                value.append_value(f.value);
                text.append_value(&f.text);
            }
            vec![Arc::new(source.finish()), Arc::new(doc.finish()), Arc::new(value.finish()), Arc::new(text.finish())]
        });
        let figures = figures.unwrap_or_else(|e| {
            err = Some(e);
            arrow_array::new_empty_array(&DataType::Null)
        });
        vec![Arc::new(unit.finish()), Arc::new(value.finish()), Arc::new(conflict.finish()), figures]
    });
    match err {
        Some(e) => Err(e),
        None => out,
    }
}

fn text_col<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    let mut b = StringBuilder::new();
    for v in values {
        b.append_option(v);
    }
    Arc::new(b.finish())
}

/// An actor field: null when the event has no actor on that side.
fn side(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// The mentions' locations: a struct per row, null where a mention has
/// none (and a location's span null where the text names no place).
fn locations<'a>(rows: impl Iterator<Item = Option<&'a Location>>) -> Result<ArrayRef, ArrowError> {
    let (mut text, mut name, mut feature, mut country, mut adm1) =
        (StringBuilder::new(), StringBuilder::new(), StringBuilder::new(), StringBuilder::new(), StringBuilder::new());
    let (mut lat, mut lon, mut geonameid) = (Float64Builder::new(), Float64Builder::new(), Int64Builder::new());
    let (mut basis, mut confidence, mut conflict) = (StringBuilder::new(), Float32Builder::new(), StringBuilder::new());
    let (mut start, mut end) = (Int64Builder::new(), Int64Builder::new());
    let (mut valid, mut span_valid) = (Vec::new(), Vec::new());
    for l in rows {
        valid.push(l.is_some());
        let span = l.and_then(|l| l.span);
        span_valid.push(span.is_some());
        start.append_value(span.map_or(0, |s| n64(s.start)));
        end.append_value(span.map_or(0, |s| n64(s.end)));
        text.append_value(l.map_or("", |l| &l.text));
        name.append_value(l.map_or("", |l| &l.name));
        feature.append_value(l.map_or("", |l| l.feature.as_str()));
        country.append_value(l.map_or("", |l| &l.country));
        adm1.append_value(l.map_or("", |l| &l.adm1));
        lat.append_value(l.map_or(0.0, |l| l.lat));
        lon.append_value(l.map_or(0.0, |l| l.lon));
        geonameid.append_value(l.map_or(0, |l| i64::try_from(l.geonameid).unwrap_or(i64::MAX)));
        basis.append_value(l.map_or("", |l| l.basis.as_str()));
        confidence.append_value(l.map_or(0.0, |l| l.confidence));
        conflict.append_option(l.and_then(|l| l.conflict.as_deref()));
    }
    let span = StructArray::try_new(
        span_fields(),
        vec![Arc::new(start.finish()), Arc::new(end.finish())],
        Some(span_valid.into()),
    )?;
    Ok(Arc::new(StructArray::try_new(
        location_fields(),
        vec![
            Arc::new(text.finish()),
            Arc::new(span),
            Arc::new(name.finish()),
            Arc::new(feature.finish()),
            Arc::new(country.finish()),
            Arc::new(adm1.finish()),
            Arc::new(lat.finish()),
            Arc::new(lon.finish()),
            Arc::new(geonameid.finish()),
            Arc::new(basis.finish()),
            Arc::new(confidence.finish()),
            Arc::new(conflict.finish()),
        ],
        Some(valid.into()),
    )?))
}

/// Mentions (with their store ids, `None` when not stored) as one batch.
pub fn mentions_batch(rows: &[(Option<i64>, &Mention)]) -> Result<RecordBatch, ArrowError> {
    let ms = || rows.iter().map(|(_, m)| *m);
    let mut id = Int64Builder::with_capacity(rows.len());
    let (mut sentence, mut quad, mut gold) = (Int64Builder::new(), Int32Builder::new(), Float32Builder::new());
    let (mut verb, mut pattern, mut origin, mut srule, mut trule) =
        (StringBuilder::new(), StringBuilder::new(), StringBuilder::new(), StringBuilder::new(), StringBuilder::new());
    let (mut cue, mut attribution, mut date_text, mut action) =
        (StringBuilder::new(), StringBuilder::new(), StringBuilder::new(), StringBuilder::new());
    let mut denies = Int64Builder::new();
    for (i, m) in rows {
        id.append_option(*i);
        sentence.append_value(n64(m.sentence));
        quad.append_value(i32::from(m.quad_class));
        gold.append_value(m.goldstein);
        let e = &m.evidence;
        verb.append_value(&e.verb);
        pattern.append_value(&e.pattern);
        origin.append_value(&e.pattern_origin);
        srule.append_value(&e.source_rule);
        trule.append_value(&e.target_rule);
        cue.append_option(e.modality_cue.as_deref());
        attribution.append_option(e.attribution.as_deref());
        date_text.append_option(e.date_text.as_deref());
        action.append_option(e.action_code.as_deref());
        denies.append_option(e.denies_sentence.map(n64));
    }
    let evidence = StructArray::try_new(
        evidence_fields(),
        vec![
            Arc::new(verb.finish()),
            spans(ms().map(|m| &m.evidence.verb_span)),
            Arc::new(pattern.finish()),
            Arc::new(origin.finish()),
            Arc::new(srule.finish()),
            Arc::new(trule.finish()),
            Arc::new(cue.finish()),
            Arc::new(attribution.finish()),
            Arc::new(date_text.finish()),
            Arc::new(action.finish()),
            Arc::new(denies.finish()),
        ],
        None,
    )?;
    let dates: Vec<Option<String>> = ms().map(|m| m.date.map(|d| d.to_string())).collect();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        text_col(ms().map(|m| Some(m.doc_id.as_str()))),
        Arc::new(sentence.finish()),
        text_col(ms().map(|m| Some(m.text.as_str()))),
        spans(ms().map(|m| &m.span)),
        actors(ms().map(|m| m.source.as_slice()))?,
        actors(ms().map(|m| m.target.as_slice()))?,
        text_col(ms().map(|m| Some(m.cameo.as_str()))),
        text_col(ms().map(|m| Some(m.cameo_root.as_str()))),
        text_col(ms().map(|m| Some(m.plover.as_str()))),
        Arc::new(quad.finish()),
        Arc::new(gold.finish()),
        text_col(dates.iter().map(Option::as_deref)),
        text_col(ms().map(|m| m.date_precision.map(|p| p.as_str()))),
        text_col(ms().map(|m| Some(m.date_basis.as_str()))),
        text_col(ms().map(|m| Some(m.modality.as_str()))),
        Arc::new(ms().map(|m| Some(m.confidence)).collect::<arrow_array::Float32Array>()),
        quantities(ms().map(|m| m.quantities.as_slice()))?,
        Arc::new(evidence),
        locations(ms().map(|m| m.location.as_ref()))?,
    ];
    RecordBatch::try_new(mention_schema(), columns)
}

/// Events as one batch.
pub fn events_batch(events: &[Event]) -> Result<RecordBatch, ArrowError> {
    let es = || events.iter();
    let date = |f: fn(&Event) -> Option<dyad_types::PartialDate>| -> Vec<Option<String>> {
        es().map(|e| f(e).map(|d| d.to_string())).collect()
    };
    let (dates, first, last) = (date(|e| e.date), date(|e| e.first_report), date(|e| e.last_report));
    let int = |f: fn(&Event) -> i32| -> ArrayRef {
        let mut b = Int32Builder::with_capacity(events.len());
        es().for_each(|e| b.append_value(f(e)));
        Arc::new(b.finish())
    };
    let boolean = |f: fn(&Event) -> bool| -> ArrayRef {
        let mut b = BooleanBuilder::with_capacity(events.len());
        es().for_each(|e| b.append_value(f(e)));
        Arc::new(b.finish())
    };
    let mut id = Int64Builder::with_capacity(events.len());
    let mut gold = Float32Builder::with_capacity(events.len());
    for e in es() {
        id.append_value(e.id);
        gold.append_value(e.goldstein);
    }
    let ids = {
        let offsets = OffsetBuffer::from_lengths(es().map(|e| e.mention_ids.len()));
        let mut b = Int64Builder::new();
        es().flat_map(|e| &e.mention_ids).for_each(|i| b.append_value(*i));
        let field = Arc::new(Field::new_list_field(DataType::Int64, false));
        ListArray::try_new(field, offsets, Arc::new(b.finish()), None)?
    };
    let columns: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        text_col(dates.iter().map(Option::as_deref)),
        text_col(es().map(|e| e.date_precision.map(|p| p.as_str()))),
        text_col(es().map(|e| side(&e.source))),
        text_col(es().map(|e| side(&e.source_country))),
        text_col(es().map(|e| side(&e.source_name))),
        text_col(es().map(|e| side(&e.target))),
        text_col(es().map(|e| side(&e.target_country))),
        text_col(es().map(|e| side(&e.target_name))),
        text_col(es().map(|e| Some(e.cameo.as_str()))),
        text_col(es().map(|e| Some(e.cameo_root.as_str()))),
        text_col(es().map(|e| Some(e.plover.as_str()))),
        int(|e| i32::from(e.quad_class)),
        Arc::new(gold.finish()),
        int(|e| n32(e.num_mentions)),
        int(|e| n32(e.num_sources)),
        int(|e| n32(e.num_articles)),
        text_col(es().map(|e| Some(e.modality.as_str()))),
        boolean(|e| e.disputed),
        boolean(|e| e.conflict),
        text_col(first.iter().map(Option::as_deref)),
        text_col(last.iter().map(Option::as_deref)),
        text_col(es().map(|e| e.source_url.as_deref())),
        fused_quantities(es().map(|e| e.quantities.as_slice()))?,
        Arc::new(ids),
        locations(es().map(|e| e.location.as_ref()))?,
        Arc::new(es().map(|e| e.avg_tone).collect::<arrow_array::Float32Array>()),
    ];
    RecordBatch::try_new(event_schema(), columns)
}

/// One value of a column as JSON: a struct is an object (a `{start, end}`
/// span the `[start, end]` pair JSON writes), a list an array, null null.
fn json_value(col: &dyn Array, row: usize) -> Result<Value, String> {
    use arrow_array::types::{Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type};
    if col.is_null(row) {
        return Ok(Value::Null);
    }
    let float = |v: f64| serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number);
    Ok(match col.data_type() {
        DataType::Utf8 => Value::from(col.as_string::<i32>().value(row)),
        DataType::LargeUtf8 => Value::from(col.as_string::<i64>().value(row)),
        DataType::Utf8View => Value::from(col.as_string_view().value(row)),
        DataType::Boolean => Value::from(col.as_boolean().value(row)),
        DataType::Int8 => Value::from(col.as_primitive::<Int8Type>().value(row)),
        DataType::Int16 => Value::from(col.as_primitive::<Int16Type>().value(row)),
        DataType::Int32 => Value::from(col.as_primitive::<Int32Type>().value(row)),
        DataType::Int64 => Value::from(col.as_primitive::<Int64Type>().value(row)),
        DataType::Float32 => float(f64::from(col.as_primitive::<Float32Type>().value(row))),
        DataType::Float64 => float(col.as_primitive::<Float64Type>().value(row)),
        DataType::Struct(fields) => {
            let s = col.as_struct();
            let names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
            if names == ["start", "end"] {
                Value::Array(vec![json_value(s.column(0), row)?, json_value(s.column(1), row)?])
            } else {
                let mut obj = Map::new();
                for (f, c) in fields.iter().zip(s.columns()) {
                    obj.insert(f.name().clone(), json_value(c, row)?);
                }
                Value::Object(obj)
            }
        }
        DataType::List(_) => {
            let items = col.as_list::<i32>().value(row);
            Value::Array((0..items.len()).map(|i| json_value(&items, i)).collect::<Result<_, _>>()?)
        }
        DataType::LargeList(_) => {
            let items = col.as_list::<i64>().value(row);
            Value::Array((0..items.len()).map(|i| json_value(&items, i)).collect::<Result<_, _>>()?)
        }
        other => return Err(format!("a column of type {other} is not one dyad writes")),
    })
}

/// Every row of a batch as a JSON object, column by column (a row with a
/// column of a type dyad does not write is that row's error).
pub fn json_rows(batch: &RecordBatch) -> Vec<Result<Map<String, Value>, String>> {
    let schema = batch.schema();
    (0..batch.num_rows())
        .map(|row| {
            let mut obj = Map::new();
            for (f, c) in schema.fields().iter().zip(batch.columns()) {
                obj.insert(f.name().clone(), json_value(c, row).map_err(|e| format!("column {}: {e}", f.name()))?);
            }
            Ok(obj)
        })
        .collect()
}

/// A mention read back from its row ([`json_rows`]): its store or content
/// id and the mention, or what was wrong with the row.
pub fn mention_from_row(row: Map<String, Value>) -> Result<(Option<i64>, Mention), String> {
    let id = row.get("id").and_then(Value::as_i64);
    let m: Mention = serde_json::from_value(Value::Object(row)).map_err(|e| e.to_string())?;
    Ok((id, m))
}

/// An event read back from its row ([`json_rows`]; a null side is the
/// empty one), or what was wrong with the row.
pub fn event_from_row(mut row: Map<String, Value>) -> Result<Event, String> {
    const SIDES: [&str; 6] = ["source", "source_country", "source_name", "target", "target_country", "target_name"];
    for side in SIDES {
        if let Some(v @ Value::Null) = row.get_mut(side) {
            *v = Value::from("");
        }
    }
    serde_json::from_value(Value::Object(row)).map_err(|e| e.to_string())
}

/// Mentions read back from a batch of [`mention_schema`]'s columns (more
/// columns are ignored), each row's or its error: [`mention_from_row`].
pub fn mentions_from_batch(batch: &RecordBatch) -> Vec<Result<(Option<i64>, Mention), String>> {
    json_rows(batch).into_iter().map(|row| mention_from_row(row?)).collect()
}

/// Events read back from a batch of [`event_schema`]'s columns (more
/// columns are ignored), each row's or its error: [`event_from_row`].
pub fn events_from_batch(batch: &RecordBatch) -> Vec<Result<Event, String>> {
    json_rows(batch).into_iter().map(|row| event_from_row(row?)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_of_events_has_the_schema_and_its_nested_figures() {
        let events = vec![crate::testdata::event(1), crate::testdata::one_sided(2)];
        let b = events_batch(&events).unwrap();
        assert_eq!(b.num_rows(), 2);
        assert_eq!(b.schema(), event_schema());
        let target = b.column_by_name("target").unwrap().as_string::<i32>();
        assert!(target.is_valid(0) && target.is_null(1));
        let q = b.column_by_name("quantities").unwrap().as_list::<i32>();
        assert_eq!(q.value_length(0), 1);
        assert_eq!(q.value_length(1), 0);
        let figures = q.value(0);
        let figures = figures.as_struct().column_by_name("figures").unwrap().as_list::<i32>();
        assert_eq!(figures.value_length(0), 2);
        let ids = b.column_by_name("mention_ids").unwrap().as_list::<i32>();
        assert_eq!(ids.value_length(0), 3);
    }

    #[test]
    fn a_mentions_location_is_a_struct_and_null_without_one() {
        let bare = Mention {
            doc_id: "a".into(),
            sentence: 0,
            text: "At El Palito, Iran unloaded fuel.".into(),
            span: Span { start: 0, end: 33 },
            source: Vec::new(),
            target: Vec::new(),
            cameo: "071".into(),
            cameo_root: "07".into(),
            plover: "AID".into(),
            quad_class: 2,
            goldstein: 7.4,
            date: None,
            date_precision: None,
            date_basis: dyad_types::DateBasis::Unknown,
            modality: dyad_types::Modality::Asserted,
            confidence: 0.5,
            quantities: Vec::new(),
            evidence: dyad_types::Evidence::default(),
            location: None,
        };
        let placed = Mention {
            location: Some(dyad_types::Location {
                text: "El Palito".into(),
                span: Some(Span { start: 4, end: 13 }),
                name: "El Palito".into(),
                feature: dyad_types::Feature::Site,
                country: "VEN".into(),
                adm1: "".into(),
                lat: 10.48,
                lon: -68.11,
                geonameid: 3646738,
                basis: dyad_types::LocationBasis::Sentence,
                confidence: 0.9,
                conflict: None,
            }),
            ..bare.clone()
        };
        let b = mentions_batch(&[(None, &placed), (Some(2), &bare)]).unwrap();
        assert_eq!(b.schema(), mention_schema());
        let loc = b.column_by_name("location").unwrap().as_struct();
        assert!(loc.is_valid(0) && loc.is_null(1));
        assert_eq!(loc.column_by_name("name").unwrap().as_string::<i32>().value(0), "El Palito");
        assert_eq!(
            loc.column_by_name("geonameid").unwrap().as_primitive::<arrow_array::types::Int64Type>().value(0),
            3646738
        );
        let span = loc.column_by_name("span").unwrap().as_struct();
        assert_eq!(span.column(0).as_primitive::<arrow_array::types::Int64Type>().value(0), 4);
        // And they read back as they went in.
        let back: Vec<(Option<i64>, Mention)> = mentions_from_batch(&b).into_iter().map(Result::unwrap).collect();
        assert_eq!(back, vec![(None, placed.clone()), (Some(2), bare.clone())]);
        // An event placed there, with its tone, reads back too.
        let event = Event { location: placed.location.clone(), avg_tone: Some(-2.5), ..crate::testdata::event(7) };
        let b = events_batch(&[event.clone(), crate::testdata::one_sided(8), crate::testdata::sourceless(9)]).unwrap();
        assert!(b.column_by_name("location").unwrap().is_valid(0));
        let back: Vec<Event> = events_from_batch(&b).into_iter().map(Result::unwrap).collect();
        assert_eq!(back, vec![event, crate::testdata::one_sided(8), crate::testdata::sourceless(9)]);
    }

    #[test]
    fn a_row_that_does_not_read_is_that_rows_error() {
        let b = events_batch(&[crate::testdata::event(1), crate::testdata::event(2)]).unwrap();
        // The second row's modality is not one dyad knows.
        let i = b.schema().index_of("modality").unwrap();
        let mut columns = b.columns().to_vec();
        columns[i] = Arc::new(arrow_array::StringArray::from(vec!["asserted", "rumoured"]));
        let bad = RecordBatch::try_new(b.schema(), columns).unwrap();
        let rows = events_from_batch(&bad);
        assert!(rows[0].is_ok());
        let err = rows[1].as_ref().unwrap_err();
        assert!(err.contains("rumoured"), "{err}");
    }

    #[test]
    fn an_empty_batch_is_valid() {
        assert_eq!(events_batch(&[]).unwrap().num_rows(), 0);
        assert_eq!(mentions_batch(&[]).unwrap().num_rows(), 0);
    }
}
