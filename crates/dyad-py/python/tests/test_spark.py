"""dyad.spark in Spark local mode: coding, bad rows, near-duplicates and
fusion of the sample corpus, checked against `dyad ingest` on the same
corpus, and `dyad import` of the run's Parquet checked against the store
`dyad ingest` builds. Spark (pyspark and Java) must be there: a missing
piece fails these tests, it does not skip them."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

import dyad
from conftest import dyad_bin, run_dyad

try:
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    import dyad.spark as ds
except ImportError as e:  # CI installs pyspark: its absence is a failure.
    SparkSession = None
    IMPORT_ERROR = e


@pytest.fixture(scope="module")
def spark():
    if SparkSession is None:
        pytest.fail(f"pyspark is not installed ({IMPORT_ERROR}): pip install pyspark")
    # The workers run this interpreter, which has the wheel and pyarrow.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    try:
        session = (
            SparkSession.builder.master("local[2]")
            .appName("dyad-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )
    except Exception as e:  # No Java, or Spark cannot start: a failure.
        pytest.fail(f"Spark cannot start in local mode: {e}")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus_df(spark, records):
    # The read order (the JSONL's, which `dyad ingest` reads) taken before
    # the repartition shuffles the rows.
    df = spark.createDataFrame(records, "id string, date string, text string")
    return df.withColumn("line", F.monotonically_increasing_id()).repartition(3)


@pytest.fixture(scope="module")
def spark_out(spark, corpus_df, tmp_path_factory):
    out = tmp_path_factory.mktemp("spark") / "out"
    report = ds.ingest(corpus_df, str(out), order="line")
    return out, report


def test_spark_codes_as_the_wheel(corpus_df, records):
    spark_rows = ds.code(corpus_df).collect()
    assert all(r.error is None for r in spark_rows)
    got = sorted((r.doc_id, r.sentence, r.evidence.verb_span.start, r.cameo) for r in spark_rows)
    wheel = dyad.Coder().code(
        [r["text"] for r in records], ids=[r["id"] for r in records], dates=[r["date"] for r in records]
    )
    assert got == sorted((m["doc_id"], m["sentence"], m["evidence"]["verb_span"][0], m["cameo"]) for m in wheel)


def test_a_bad_row_is_reported_and_the_job_goes_on(spark):
    rows = [
        ("a", "2020-05-14", "Iran sent five tankers of fuel to Venezuela in May 2020."),
        ("b", "2020-13-01", "Iran sent aid to Venezuela."),
        ("c", None, None),
        (None, None, "Haiti teachers go on strike."),
        ("e", None, "Haiti teachers go on strike."),
    ]
    df = spark.createDataFrame(rows, "id string, date string, text string").coalesce(1)
    out = {(r.doc_id, r.error) for r in ds.code(df).collect()}
    assert ("a", None) in out and ("e", None) in out
    assert ("b", "date `2020-13-01` is not YYYY, YYYY-MM or YYYY-MM-DD") in out
    assert ("c", "the text is null") in out
    assert (None, "the id is null") in out
    # A column that is not text is every row's error, not the job's.
    nums = spark.createDataFrame([("x", 5)], "id string, text int")
    assert [r.error for r in ds.code(nums).collect()] == ["texts is int; expected str"]
    with pytest.raises(ValueError, match="body"):
        ds.code(df, text="body")


def test_one_coder_per_python_worker(corpus_df):
    # What `prepare` does in each task: take this worker's coder.
    def coders(batches):
        rows = sum(b.num_rows for b in batches)
        yield pa.record_batch([[os.getpid()], [id(ds._coder((), "dyad", 1))], [rows]], names=["pid", "coder", "rows"])

    seen = corpus_df.repartition(8).mapInArrow(coders, "pid long, coder long, rows long").collect()
    assert len(seen) == 8 and sum(r.rows for r in seen) == corpus_df.count()
    pids = {r.pid for r in seen}
    # Each worker process made one coder and used it for all its tasks.
    assert len({(r.pid, r.coder) for r in seen}) == len(pids) <= 2


def stored(store_path, sql):
    with sqlite3.connect(store_path) as db:
        return db.execute(sql).fetchall()


def test_near_duplicate_clusters_equal_the_stores(spark_out, store_path, spark):
    out, report = spark_out
    docs = pq.read_table(out / "documents").to_pylist()
    spark_clusters = {}
    for d in docs:
        if d["cluster"] is not None:
            spark_clusters.setdefault(d["cluster"], set()).add(d["id"])
    store_clusters = {}
    for ext, cluster in stored(store_path, "SELECT ext_id, cluster FROM documents"):
        store_clusters.setdefault(cluster, set()).add(ext)
    assert sorted(map(sorted, spark_clusters.values())) == sorted(map(sorted, store_clusters.values()))
    assert any(len(c) > 1 for c in store_clusters.values()), "the sample corpus has near-duplicates"
    assert report["documents"] == len(stored(store_path, "SELECT id FROM documents"))


def mention_keys(mentions: pa.Table) -> dict[int, tuple]:
    return {
        m["id"]: (m["doc_id"], m["sentence"], m["evidence"]["verb_span"]["start"])
        for m in mentions.select(["id", "doc_id", "sentence", "evidence"]).to_pylist()
    }


def comparable(events: pa.Table, mentions: pa.Table) -> list[dict]:
    """Events with their mentions named by content (document, sentence,
    verb) instead of ids, which differ between a store and a Spark run."""
    keys = mention_keys(mentions)
    out = []
    for e in events.to_pylist():
        e["mention_ids"] = sorted(keys[i] for i in e["mention_ids"])
        out.append(e)
    return sorted(out, key=lambda e: e["id"])


def test_spark_events_equal_dyad_ingests(spark_out, store_path, tmp_path):
    out, report = spark_out
    run_dyad("export", "--db", store_path, "-f", "parquet", "-o", tmp_path / "events.parquet")
    cli_events = pq.read_table(tmp_path / "events.parquet")
    cli = comparable(cli_events, pq.read_table(tmp_path / "events.mentions.parquet"))
    # The events as Parquet partitioned by year-month, in the export's schema.
    by_month = pads.HivePartitioning(
        pa.schema([("year_month", pa.string())]), null_fallback="__HIVE_DEFAULT_PARTITION__"
    )
    events = pads.dataset(out / "events", format="parquet", partitioning=by_month).to_table()
    assert set(cli_events.schema.names) <= set(events.schema.names)
    for e in events.select(["date", "year_month"]).to_pylist():
        assert e["year_month"] == (e["date"][:7] if e["date"] else None)
    ours = comparable(events.select(cli_events.schema.names), pq.read_table(out / "mentions"))
    assert len(ours) == len(cli) == report["events"] > 20
    assert ours == cli


def unpack_pairs(blob: bytes) -> list[tuple]:
    """The pairs of a pack (`pair_*_packs`, docs/store-schema.md version 7)
    that count events, as (source, target, events, Goldstein sum) rows."""
    rows, i = [], 0
    while i < len(blob):
        sides = []
        for _ in range(2):
            n = blob[i]
            sides.append(blob[i + 1 : i + 1 + n].decode())
            i += 1 + n
        events, goldstein = struct.unpack_from("<qd", blob, i)
        i += 16
        if events:
            rows.append((*sides, events, goldstein))
    return rows


def dump(db_path) -> dict[str, list[tuple]]:
    """Every table of a store as sorted rows (reals rounded: rollups sum
    Goldstein scores in another order; a pack's pairs one row each), the
    import's `origin` left out: a Spark row has no file and line of its own."""
    out = {}
    with sqlite3.connect(db_path) as db:
        tables = [
            t
            for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if not t.startswith(("sqlite_", "documents_fts"))
        ]
        for t in tables:
            cols = [c[1] for c in db.execute(f"PRAGMA table_info({t})") if (t, c[1]) != ("documents", "origin")]
            rows = db.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall()
            if t.endswith("_packs"):
                rows = [(period, *pair) for period, blob in rows for pair in unpack_pairs(blob)]
            out[t] = sorted(
                (tuple(round(v, 4) if isinstance(v, float) else v for v in r) for r in rows), key=repr
            )
    return out


def dyad_import(out, db):
    return subprocess.run([dyad_bin(), "import", "--db", db, out], capture_output=True, text=True)


def test_import_of_sparks_parquet_is_the_store_dyad_ingest_builds(spark_out, store_path, tmp_path):
    out, report = spark_out
    db = tmp_path / "imported.db"
    run = dyad_import(out, db)
    assert run.returncode == 0, run.stderr
    imported, ingested = dump(db), dump(store_path)
    assert imported.keys() == ingested.keys()
    for table in ingested:
        assert imported[table] == ingested[table], table
    assert len(imported["events"]) == report["events"] and len(imported["documents"]) == report["documents"]
    # The locations and tone of the events came through.
    assert any(e for e in stored(db, "SELECT location_json FROM events") if e[0])
    assert stored(db, "SELECT count(*) FROM events WHERE avg_tone IS NULL") == [(0,)]
    # And what the tools read of the two stores is the same.
    for args in (["events", "--limit", "100000", "--format", "jsonl"], ["docs", "--duplicates"]):
        assert run_dyad(*args, "--db", db) == run_dyad(*args, "--db", store_path)
    # A store that holds documents is not imported into.
    again = dyad_import(out, db)
    assert again.returncode == 2 and "already holds documents" in again.stderr


def test_a_bad_row_is_named_and_the_rest_imported(spark_out, tmp_path):
    out, _ = spark_out
    bad = tmp_path / "bad"
    shutil.copytree(out, bad)
    # One kept document's text no longer matches its hash.
    kept = None
    for f in sorted((bad / "documents").glob("*.parquet")):
        t = pq.read_table(f)
        rows = t.to_pylist()
        for i, r in enumerate(rows):
            if r["cluster"] is not None and kept is None:
                kept, r["text"] = (f, i, r["id"]), r["text"] + " Changed."
        pq.write_table(pa.Table.from_pylist(rows, schema=t.schema), f)
        if kept:
            break
    f, i, doc = kept
    db = tmp_path / "partial.db"
    run = dyad_import(bad, db)
    assert run.returncode == 1, run.stderr
    assert f"{f}: row {i + 1}: the hash " in run.stderr and "(not imported)" in run.stderr
    # Its mentions have no document now: each is named too.
    lost = len([m for m in pq.read_table(out / "mentions").to_pylist() if m["doc_id"] == doc])
    assert run.stderr.count("belongs to no document imported") == lost
    # Everything else is in the store.
    docs = {d for (d,) in stored(db, "SELECT ext_id FROM documents")}
    expected = {d["id"] for d in pq.read_table(out / "documents").to_pylist() if d["cluster"] is not None}
    assert docs == expected - {doc}


def test_of_exact_copies_the_first_read_is_kept_as_by_dyad_ingest(spark, tmp_path):
    text = "Iran sent five tankers of fuel to Venezuela in May 2020, officials said."
    rows = [
        {"id": "z-first", "date": "2020-05-14", "text": text},
        {"id": "a-copy", "date": "2020-05-15", "text": text},
        {"id": "m-other", "date": "2020-05-16", "text": "Haiti teachers go on strike."},
    ]
    # The DataFrame's own order is the read order (no `order` column).
    df = spark.createDataFrame(rows, "id string, date string, text string").coalesce(1)
    ds.ingest(df, str(tmp_path / "out"))
    kept = {d["id"] for d in pq.read_table(tmp_path / "out" / "documents").to_pylist() if d["cluster"] is not None}
    assert kept == {"z-first", "m-other"}
    assert {m["doc_id"] for m in pq.read_table(tmp_path / "out" / "mentions").to_pylist()} >= {"z-first"}
    corpus = tmp_path / "copies.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "copies.db"
    run_dyad("ingest", "-q", "--db", db, corpus)
    assert {d for (d,) in stored(db, "SELECT ext_id FROM documents")} == kept
    imported = tmp_path / "imported.db"
    assert dyad_import(tmp_path / "out", imported).returncode == 0
    assert dump(imported) == dump(db)


def test_date_and_timestamp_columns_anchor_dates_as_text_does(spark):
    import datetime

    text = "Iran sent five tankers of fuel to Venezuela last week, officials said."
    as_text = spark.createDataFrame([("a", "2020-05-14", text)], "id string, date string, text string")
    as_date = spark.createDataFrame([("a", datetime.date(2020, 5, 14), text)], "id string, date date, text string")
    as_ts = spark.createDataFrame(
        [("a", datetime.datetime(2020, 5, 14, 12, 0), text)], "id string, date timestamp, text string"
    )
    got = [sorted((r.doc_id, r.date, r.error) for r in ds.code(d).collect()) for d in (as_text, as_date, as_ts)]
    assert got[0] and got[0][0][1] is not None
    assert got[0] == got[1] == got[2]
