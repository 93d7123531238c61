"""dyad.spark in local mode against the CLI, same run, same corpus.

Usage: python bench.py DYAD_BIN CORPUS.jsonl OUT_DIR [CORES]

Measured, in this order, each once (the machine is shared: run it twice
and keep both in the results):

1. the CLI: `dyad bench -j 1` and `-j CORES` (read, split, code, JSONL),
   and `dyad ingest -j CORES` into a fresh store (code, sign, fuse, SQLite);
   the wheel in this process, one thread: coding alone against `_prepare`
   (what a Spark task runs: code, hash, sign, tone, dyad records);
2. Spark local[CORES], the corpus read and cached first (not timed):
   - coding alone (`dyad.spark.prepare`, summing the sentences) with the
     corpus in CORES, 4·CORES, 16·CORES and 64·CORES partitions: the
     slope of time against tasks is the overhead per task;
   - the same partitions through an identity `mapInArrow` (Spark and
     Arrow alone, no coding);
   - the whole of `dyad.spark.ingest` (code, clusters, fuse, Parquet),
     the corpus's line order kept for exact copies (`order=`);
3. `dyad import` of that Parquet into a store, and its events against
   the CLI's store's (ids, dates, counts; not timed against anything).

Sentences per second per core = sentences / seconds / cores.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time


def cli_rate(dyad_bin: str, corpus: str, threads: int) -> tuple[int, float]:
    out = subprocess.run(
        [dyad_bin, "bench", corpus, "-j", str(threads), "--repeat", "1"], check=True, capture_output=True, text=True
    ).stdout
    m = re.search(r"(\d+) sentences, .* = (\d+) sentences/s", out)
    if not m:
        raise SystemExit(f"unexpected `dyad bench` output:\n{out}")
    return int(m.group(1)), float(m.group(2))


def timed(f):
    t = time.perf_counter()
    v = f()
    return time.perf_counter() - t, v


def main() -> None:
    dyad_bin, corpus, out = sys.argv[1], sys.argv[2], sys.argv[3]
    cores = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    os.environ["PYSPARK_PYTHON"] = sys.executable
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")

    sentences, rate1 = cli_rate(dyad_bin, corpus, 1)
    _, rate_n = cli_rate(dyad_bin, corpus, cores)
    print(f"cli dyad bench -j 1            : {rate1:10,.0f} sentences/s ({sentences} sentences)")
    print(f"cli dyad bench -j {cores}            : {rate_n:10,.0f} sentences/s ({rate_n / cores:,.0f} per core)")
    db = os.path.join(out, "cli.db")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    secs, _ = timed(
        lambda: subprocess.run(
            [dyad_bin, "ingest", "-q", "-j", str(cores), "--db", db, corpus], check=True, capture_output=True
        )
    )
    print(f"cli dyad ingest -j {cores}           : {secs:8.1f} s ({sentences / secs:,.0f} sentences/s)")

    import pyarrow as pa
    from pyspark.sql import SparkSession

    import dyad

    # The work of a Spark task without Spark: the wheel's `_prepare` (code,
    # hash, sign, tone, records) against coding alone, one thread.
    docs = [json.loads(line) for line in open(corpus, encoding="utf-8")]
    cols = {k: [d.get(k) for d in docs] for k in ("text", "id", "date", "title", "source", "dateline")}
    coder = dyad.Coder()
    alone, (_, total, _) = timed(lambda: coder._code("count", cols["text"], cols["id"], cols["date"], cols["title"]))
    prep, _ = timed(lambda: pa.table(coder._prepare(cols)))
    print(f"wheel coding alone, 1 thread   : {total / alone:10,.0f} sentences/s")
    print(f"wheel _prepare, 1 thread       : {total / prep:10,.0f} sentences/s ({prep / alone - 1:+.0%} over coding)")
    del docs, cols
    import dyad.spark as ds
    from pyspark.sql import functions as F

    secs, spark = timed(
        lambda: SparkSession.builder.master(f"local[{cores}]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(4 * cores))
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    print(f"spark session start            : {secs:8.1f} s")
    # The line order, which `dyad ingest` reads (one file: its splits in order).
    df = (
        spark.read.json(corpus)
        .select("id", "date", "title", "source", "dateline", "text")
        .withColumn("line", F.monotonically_increasing_id())
        .cache()
    )
    n = df.count()
    # The workers start and compile their coders once, untimed.
    ds.prepare(df.repartition(cores), source="source", dateline="dateline", title="title").agg(
        F.sum("sentences")
    ).collect()

    def identity(batches):
        for b in batches:
            yield pa.record_batch([b.column("id")], names=["id"])

    for parts in (cores, 4 * cores, 16 * cores, 64 * cores):
        part = df.repartition(parts).cache()
        part.count()
        secs, total = timed(
            lambda: ds.prepare(part, source="source", dateline="dateline", title="title")
            .agg(F.sum("sentences"))
            .first()[0]
        )
        bare, _ = timed(lambda: part.mapInArrow(identity, "id string").count())
        print(
            f"spark prepare, {parts:3d} partitions  : {secs:8.1f} s, {total / secs:10,.0f} sentences/s, "
            f"{total / secs / cores:8,.0f} per core ({total / secs / cores / rate1:.0%} of the CLI's -j 1, "
            f"{total / secs / rate_n:.0%} of its -j {cores}); "
            f"identity mapInArrow {bare:.2f} s"
        )
        part.unpersist()

    secs, report = timed(
        lambda: ds.ingest(
            df.repartition(4 * cores),
            os.path.join(out, "spark"),
            source="source",
            dateline="dateline",
            title="title",
            order="line",
        )
    )
    print(f"spark ingest (code, clusters, fuse, Parquet), {4 * cores} partitions: {secs:.1f} s "
          f"({report['sentences'] / secs:,.0f} sentences/s)")
    print(json.dumps(report))
    spark.stop()
    imported = os.path.join(out, "imported.db")
    secs, run = timed(
        lambda: subprocess.run([dyad_bin, "import", "--db", imported, os.path.join(out, "spark")], capture_output=True, text=True)
    )
    print(f"dyad import of the Parquet     : {secs:8.1f} s, exit {run.returncode}: {run.stderr.strip()[-300:]}")
    query = "SELECT id, date, num_mentions, num_articles, cameo, location_json, avg_tone FROM events ORDER BY id"
    with sqlite3.connect(db) as a, sqlite3.connect(imported) as b:
        ours, theirs = a.execute(query).fetchall(), b.execute(query).fetchall()
        docs = [c.execute("SELECT ext_id FROM documents ORDER BY id").fetchall() for c in (a, b)]
    print(
        f"events: dyad ingest {len(ours)}, imported {len(theirs)}, equal {ours == theirs} "
        f"({len(set(ours) ^ set(theirs))} rows differ); documents in the same order: {docs[0] == docs[1]}"
    )
    print(f"documents read: {n}; load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
