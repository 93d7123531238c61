"""dyad on Spark: ``dyad ingest`` for corpora past one machine.

>>> import dyad.spark
>>> mentions = dyad.spark.code(df, text="text", id="id", date="date")
>>> report = dyad.spark.ingest(df, "out/")   # events/, mentions/, documents/ as Parquet

The steps of ``dyad ingest``, each a Spark stage, with dyad's own code
(from the wheel) doing the work inside the tasks:

- :func:`prepare` codes each partition with ``mapInArrow``: one
  :class:`dyad.Coder` per Python worker (the dictionaries are compiled
  once per worker, not per batch or task), one row per input row with the
  document's content hash, MinHash signature and LSH bands, its mentions
  and its dyad records. A bad row (null or non-string text or id, a date
  that is not ``YYYY[-MM[-DD]]``, a panic in the coder) has its ``error``
  set; the job goes on.
- :func:`code` is :func:`prepare`'s mentions, one row each (the Parquet
  export's mention schema, ``id`` a content-derived mention id), plus one
  row per bad input row with ``error`` set.
- :func:`clusters` finds near-duplicate documents: LSH band keys grouped by
  Spark, candidates confirmed by dyad's rule (estimated Jaccard ≥ 0.5 or
  containment ≥ 0.8), clusters as the connected components (min-label
  propagation), one ``cluster`` id per document.
- :func:`fuse` groups the dyad records by fusion key and applies dyad's
  fusion to each group with ``applyInArrow``: the events equal those
  ``dyad ingest`` stores from the same corpus (same ids, dates, counts and
  figures; tested on the sample corpus).
- :func:`ingest` runs them all and writes Parquet: ``events/`` partitioned
  by the event's year-month (``year_month=2020-05``; ``2020`` for an event
  known only to the year, null when undated), ``mentions/`` and
  ``documents/``, in the schemas of ``dyad export --format parquet``.

As ``dyad ingest`` does, exact copies (the same text) count once: the copy
kept is the one read first, in the DataFrame's order (or by the ``order``
column given). ``dyad import`` loads the Parquet of :func:`ingest` into a
store, the store ``dyad ingest`` builds from the same corpus.
Requires ``pyspark`` (≥ 4.0, for ``applyInArrow``) and ``pyarrow``.
"""

from __future__ import annotations

from typing import Any, Iterator, Optional, Sequence, Union

import pyarrow as pa
import pyarrow.compute as pc
from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T
from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

from dyad import Coder, _dyad

__all__ = ["prepare", "code", "clusters", "fuse", "ingest", "MAX_CANDIDATES"]

#: Each document is compared with at most this many others of each LSH
#: band (in hash order), as the store compares a new document with the 64
#: latest of each band: a story reprinted thousands of times costs each copy
#: a bounded number of comparisons.
MAX_CANDIDATES = 64

# The coders of this Python worker, by their arguments: Spark reuses its
# Python workers across tasks (spark.python.worker.reuse, on by default), so
# the dictionaries are compiled once per worker.
_CODERS: dict[tuple, Coder] = {}


def _coder(dicts: tuple[str, ...], dict_format: str, threads: int) -> Coder:
    key = (dicts, dict_format, threads)
    coder = _CODERS.get(key)
    if coder is None:
        coder = _CODERS[key] = Coder(dicts=list(dicts) or None, dict_format=dict_format, threads=threads)
    return coder


def _nullable(t: T.DataType) -> T.DataType:
    """A Spark type with every field and element nullable: Spark's rows
    are checked against the declared nullability, and a bad row's mention
    columns are null."""
    if isinstance(t, T.StructType):
        return T.StructType([T.StructField(f.name, _nullable(f.dataType), True) for f in t.fields])
    if isinstance(t, T.ArrayType):
        return T.ArrayType(_nullable(t.elementType), True)
    return t


def _schemas() -> dict[str, T.StructType]:
    return {name: _nullable(from_arrow_schema(pa.table(s).schema)) for name, s in _dyad.schemas()}


def _dates_as_text(b: pa.RecordBatch) -> pa.RecordBatch:
    """The batch with a date or timestamp ``date`` column as ISO text
    (``YYYY-MM-DD``); any other column goes to the coder as it is (a value
    that is not text is that row's error)."""
    i = b.schema.get_field_index("date")
    if i >= 0 and (pa.types.is_date(b.schema.field(i).type) or pa.types.is_timestamp(b.schema.field(i).type)):
        b = b.set_column(i, "date", pc.strftime(b.column(i), format="%Y-%m-%d"))
    return b


#: The input columns a prepared row carries on (text and metadata, for
#: ``documents/`` and a store), after the read order ``seq``.
_CARRIED = ("text", "title", "source", "url", "dateline")


def _columns(df: DataFrame, order: Optional[str], **names: Optional[str]) -> DataFrame:
    """The input columns under the names ``_prepare`` reads, and ``seq``:
    the read order (``order``'s values, else the DataFrame's own order,
    partition by partition); a column that is not given is left out (all
    null)."""
    for name, col in dict(names, order=order).items():
        if col is not None and col not in df.columns:
            raise ValueError(f"{name}={col!r} is not a column of the DataFrame (columns: {', '.join(df.columns)})")
    cols = [F.col(col).alias(name) for name, col in names.items() if col is not None]
    seq = F.monotonically_increasing_id() if order is None else F.col(order).cast("long")
    return df.select(seq.alias("seq"), *cols).withColumn("id", F.col("id").cast("string"))


def _carried(b: pa.RecordBatch, name: str) -> pa.Array:
    """An input column carried on to the prepared rows: null where it is
    missing or not text (those rows' error says so)."""
    if name in b.schema.names:
        col = b.column(name)
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            return col.cast(pa.string())
    return pa.nulls(b.num_rows, pa.string())


def prepare(
    df: DataFrame,
    text: str = "text",
    id: str = "id",
    date: Optional[str] = "date",
    title: Optional[str] = None,
    source: Optional[str] = None,
    url: Optional[str] = None,
    dateline: Optional[str] = None,
    *,
    order: Optional[str] = None,
    dicts: Optional[Union[str, Sequence[str]]] = None,
    dict_format: str = "dyad",
    threads: int = 1,
) -> DataFrame:
    """Codes every row: one row per input row (``id``, ``error``, ``hash``,
    ``date``, ``sentences``, ``tone``, ``shingles``, ``signature``,
    ``bands``, ``mentions``, ``pairs``, then ``seq`` and the input's
    ``text``, ``title``, ``source``, ``url``, ``dateline``). ``seq`` is the
    read order: of exact copies the first read is kept, and a store
    imported from the output numbers documents in this order. It is the
    ``order`` column's values when given (a number per row: a
    ``monotonically_increasing_id()`` taken before a repartition, or a file's
    line number), else the DataFrame's own order. ``date`` may be a string, date or
    timestamp column, or None (the default ``date`` may be missing);
    ``title``, ``source`` (the publisher), ``url`` and ``dateline`` (which
    places the document's events) are what ``dyad ingest`` reads from
    JSONL. ``dicts`` must be readable at the
    same path on every worker."""
    date = _date_column(df, date)
    base = _schemas()["prepared"]
    schema = T.StructType(
        base.fields + [T.StructField("seq", T.LongType())] + [T.StructField(c, T.StringType()) for c in _CARRIED]
    )

    def carry(b: pa.RecordBatch, out: pa.Table) -> pa.Table:
        out = out.append_column("seq", pa.chunked_array([b.column("seq")]))
        for c in _CARRIED:
            out = out.append_column(c, pa.chunked_array([_carried(b, c)]))
        return out

    cols = _columns(df, order, text=text, id=id, date=date, title=title, source=source, url=url, dateline=dateline)
    return _map(cols, "_prepare", schema, carry, dicts, dict_format, threads)


def _map(
    cols: DataFrame,
    method: str,
    schema: T.StructType,
    carry: Any,
    dicts: Optional[Union[str, Sequence[str]]] = None,
    dict_format: str = "dyad",
    threads: int = 1,
) -> DataFrame:
    """``cols`` coded by this worker's coder's ``method`` in ``mapInArrow``:
    each Arrow batch goes to Rust as it is (no Python object per value)
    and comes back as Arrow, with ``carry(batch, out)``'s columns added."""
    if isinstance(dicts, str):
        dicts = [dicts]
    key = (tuple(str(d) for d in dicts or ()), dict_format, int(threads))
    _coder(*key)  # Bad dictionaries or arguments fail here, on the driver.
    arrow_schema = to_arrow_schema(schema)

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        code = getattr(_coder(*key), method)
        for b in batches:
            if b.num_rows == 0:
                continue
            yield from carry(b, pa.table(code(_dates_as_text(b)))).cast(arrow_schema).to_batches()

    return cols.mapInArrow(run, schema)


def code(df: DataFrame, text: str = "text", id: str = "id", date: Optional[str] = "date", **kwargs: Any) -> DataFrame:
    """The mentions of every row (the Parquet export's mention columns and
    ``error``): a bad row gives one row with its ``doc_id`` and ``error``
    and the mention columns null. Arguments as :func:`prepare`'s; only
    the mentions are made (no signature, tone or dyad records)."""
    coder = {k: kwargs.pop(k) for k in ("dicts", "dict_format", "threads") if k in kwargs}
    kwargs.pop("order", None)  # Mentions have no read order; taken as prepare takes it.
    unknown = set(kwargs) - {"title", "source", "url", "dateline"}
    if unknown:
        raise TypeError(f"code() got an unexpected keyword argument {sorted(unknown)[0]!r}")
    cols = _columns(df, None, text=text, id=id, date=_date_column(df, date), **kwargs)
    coded = _map(cols, "_code_rows", _schemas()["coded"], lambda b, out: out, **coder)
    return _mentions(coded, with_errors=True)


def _date_column(df: DataFrame, date: Optional[str]) -> Optional[str]:
    """The date column: the default ``date`` may be missing."""
    if date is not None and date not in df.columns and date == "date":
        return None
    return date


def _mentions(prepared: DataFrame, with_errors: bool) -> DataFrame:
    rows = prepared.select("id", "error", F.explode_outer("mentions").alias("m"))
    if with_errors:
        rows = rows.where(F.col("error").isNotNull() | F.col("m").isNotNull())
    else:
        rows = rows.where(F.col("m").isNotNull())
    fields = [f.name for f in _schemas()["prepared"]["mentions"].dataType.elementType.fields]
    cols = [F.coalesce(F.col("m.doc_id"), F.col("id")).alias(f) if f == "doc_id" else F.col(f"m.{f}") for f in fields]
    if with_errors:
        cols.append(F.col("error"))
    return rows.select(*cols)


def _documents(prepared: DataFrame) -> DataFrame:
    """The documents ``dyad ingest`` keeps: no error, one per content hash
    (the first read, by ``seq``)."""
    first = Window.partitionBy("hash").orderBy("seq", "id")
    return (
        prepared.where(F.col("error").isNull())
        .withColumn("_n", F.row_number().over(first))
        .where(F.col("_n") == 1)
        .drop("_n")
    )


def _hash_id(col: str) -> Any:
    """A document's own cluster id: 60 bits of its content hash."""
    return F.conv(F.substring(F.col(col), 1, 15), 16, 10).cast("long")


def clusters(prepared: DataFrame, max_candidates: int = MAX_CANDIDATES, max_rounds: int = 64) -> DataFrame:
    """Near-duplicate clusters: ``hash`` → ``cluster`` for every document
    kept, the documents' connected components under dyad's near-duplicate
    rule among candidates that share an LSH band."""
    docs = _documents(prepared).select("hash", "shingles", "signature", "bands")
    bands = docs.select("hash", F.posexplode("bands").alias("band", "bkey"))
    group = Window.partitionBy("band", "bkey")
    bands = (
        bands.withColumn("_size", F.count("*").over(group))
        .where(F.col("_size") > 1)
        .withColumn("rn", F.row_number().over(group.orderBy("hash")))
    )
    a, b = bands.alias("a"), bands.alias("b")
    candidates = (
        a.join(
            b,
            (F.col("a.band") == F.col("b.band"))
            & (F.col("a.bkey") == F.col("b.bkey"))
            & (F.col("b.rn") > F.col("a.rn"))
            & (F.col("b.rn") <= F.col("a.rn") + max_candidates),
        )
        .select(F.col("a.hash").alias("x"), F.col("b.hash").alias("y"))
        .distinct()
    )
    sig = docs.select("hash", "shingles", "signature")
    pairs = (
        candidates.join(sig.withColumnsRenamed({"hash": "x", "shingles": "xs", "signature": "xv"}), "x")
        .join(sig.withColumnsRenamed({"hash": "y", "shingles": "ys", "signature": "yv"}), "y")
        .select("x", "y", "xv", "xs", "yv", "ys")
    )
    edge_schema = T.StructType([T.StructField("x", T.StringType()), T.StructField("y", T.StringType())])
    edge_arrow = to_arrow_schema(edge_schema)

    def confirm(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for b in batches:
            keep = _dyad.near_duplicates(
                b.column("xv").to_pylist(), b.column("xs").to_pylist(), b.column("yv").to_pylist(), b.column("ys").to_pylist()
            )
            yield pa.record_batch([b.column("x"), b.column("y")], schema=edge_arrow).filter(pa.array(keep, pa.bool_()))

    edges = pairs.mapInArrow(confirm, edge_schema).localCheckpoint()
    both = edges.union(edges.select(F.col("y").alias("x"), F.col("x").alias("y")))
    # Min-label propagation over the confirmed edges: each document takes
    # the smallest hash of its component.
    labels = both.groupBy("x").agg(F.least(F.min("y"), F.col("x")).alias("label")).withColumnRenamed("x", "hash")
    labels = labels.localCheckpoint()
    for _ in range(max_rounds):
        spread = (
            both.join(labels.withColumnRenamed("hash", "y"), "y")
            .groupBy("x")
            .agg(F.min("label").alias("n"))
            .withColumnRenamed("x", "hash")
        )
        new = labels.join(spread, "hash", "left").select("hash", F.least("label", "n").alias("label")).localCheckpoint()
        changed = new.join(labels.withColumnRenamed("label", "old"), "hash").where(F.col("label") != F.col("old")).count()
        labels = new
        if changed == 0:
            break
    else:
        raise RuntimeError(f"near-duplicate clusters did not settle in {max_rounds} rounds")
    return (
        docs.select("hash")
        .join(labels, "hash", "left")
        .select("hash", _hash_id("label").alias("cluster"), F.col("label").isNotNull().alias("near_duplicate"))
        .withColumn("cluster", F.coalesce("cluster", _hash_id("hash")))
    )


def _year_month(dates: pa.ChunkedArray) -> pa.Array:
    return pa.array([None if d is None else d[:7] for d in dates.to_pylist()], pa.string())


def fuse(prepared: DataFrame, clustered: Optional[DataFrame] = None) -> DataFrame:
    """Events: the kept documents' dyad records grouped by fusion key, each
    group fused by dyad (``applyInArrow``), with ``key`` and ``year_month``
    columns. ``clustered`` is :func:`clusters`' output (computed when None)."""
    if clustered is None:
        clustered = clusters(prepared)
    pairs = (
        _documents(prepared)
        .select("hash", F.explode("pairs").alias("p"))
        .select("hash", "p.key", "p.record")
        .join(clustered.select("hash", "cluster"), "hash")
    )
    base = _schemas()["events"]
    schema = T.StructType(base.fields + [T.StructField("key", T.StringType()), T.StructField("year_month", T.StringType())])
    arrow_schema = to_arrow_schema(schema)

    def fuse_key(table: pa.Table) -> pa.Table:
        events = pa.table(_dyad.fuse(table.column("record").to_pylist(), table.column("cluster").to_pylist()))
        key = table.column("key")[0].as_py() if table.num_rows else None
        events = events.append_column("key", pa.array([key] * events.num_rows, pa.string()))
        events = events.append_column("year_month", _year_month(events.column("date")))
        return events.cast(arrow_schema)

    return pairs.groupBy("key").applyInArrow(fuse_key, schema)


def ingest(
    df: DataFrame,
    out: str,
    text: str = "text",
    id: str = "id",
    date: Optional[str] = "date",
    *,
    mode: str = "overwrite",
    **kwargs: Any,
) -> dict[str, int]:
    """Codes, deduplicates and fuses ``df`` and writes Parquet under ``out``:
    ``events/`` (partitioned by ``year_month``, with each event's fusion
    ``key``), ``mentions/`` (the kept documents' mentions), ``documents/``
    (every input row: id, hash, date, sentences, tone, error, cluster and
    near_duplicate, null for a row not kept, then what a store needs: the
    read order ``seq``, the text and metadata, the MinHash ``signature``
    and ``shingles``). ``dyad import`` loads the three into a store.
    Returns counts. Arguments as :func:`prepare`'s."""
    prepared = prepare(df, text, id, date, **kwargs).persist()
    try:
        clustered = clusters(prepared).persist()
        events = fuse(prepared, clustered)
        events.write.mode(mode).partitionBy("year_month").parquet(f"{out}/events")
        _mentions(_documents(prepared), with_errors=False).write.mode(mode).parquet(f"{out}/mentions")
        kept = _documents(prepared).select("seq", "id", "hash", F.lit(True).alias("kept"))
        carried = ["seq", *_CARRIED, "signature", "shingles"]
        docs = (
            prepared.select("id", "hash", "date", "sentences", "tone", "error", *carried)
            .join(kept, ["seq", "id", "hash"], "left")
            .join(clustered, "hash", "left")
            .select(
                "id",
                "hash",
                "date",
                "sentences",
                "tone",
                "error",
                F.when(F.col("kept"), F.col("cluster")).alias("cluster"),
                F.when(F.col("kept"), F.col("near_duplicate")).alias("near_duplicate"),
                *carried,
            )
        )
        docs.write.mode(mode).parquet(f"{out}/documents")
        spark = df.sparkSession
        counts = (
            spark.read.parquet(f"{out}/documents")
            .agg(
                F.count("*").alias("rows"),
                F.count("error").alias("errors"),
                F.count("cluster").alias("documents"),
                F.sum(F.col("near_duplicate").cast("int")).alias("near_duplicates"),
                F.sum(F.when(F.col("cluster").isNotNull(), F.col("sentences"))).alias("sentences"),
            )
            .first()
        )
        report = {k: int(v or 0) for k, v in counts.asDict().items()}
        report["events"] = spark.read.parquet(f"{out}/events").count()
        report["mentions"] = spark.read.parquet(f"{out}/mentions").count()
        clustered.unpersist()
        return report
    finally:
        prepared.unpersist()
