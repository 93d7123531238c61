"""dyad.spark in local mode against the CLI, alternated, same corpus.

Usage: python bench.py DYAD_BIN CORPUS.jsonl OUT_DIR [CORES] [ROUNDS]

The machine this runs on is shared, so nothing is measured once: each
round runs the CLI's `dyad bench -j 1` before and after every Spark
measurement (CLI, Spark, CLI, Spark, …), and every Spark figure is set
against the mean of the two CLI runs around it, with the load average of
that moment. Every run is printed; take ranges, not the best.

Per round, for CORES, 4·CORES, 16·CORES and 64·CORES partitions of the
corpus (read and cached first, not timed):

- `dyad.spark.code` (one row per mention, bad rows with `error`) written
  to Spark's `noop` sink, which computes every column and stores nothing;
- `dyad.spark.prepare` (what `ingest` codes: hash, signature, tone, dyad
  records, the text carried on) to the same sink;
- an identity `mapInArrow` (Spark and Arrow alone, no coding): the slope
  of its time against the task count is the overhead per task.

Besides wall-clock rates, the CPU seconds of each run (the CLI process;
for Spark the JVM and its Python workers, from /proc) give sentences per
CPU-second, a figure the other users of the machine move much less (the
CLI's less its start-up CPU, a one-document run's; Spark's workers are
warm).
After the rounds: `dyad.spark.ingest` (code, clusters, fuse, Parquet)
once, `dyad import` of its Parquet, and its events against `dyad ingest`'s.

Sentences per second per core = sentences / seconds / cores.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time


def load() -> float:
    return os.getloadavg()[0]


def cli_rate(dyad_bin: str, corpus: str, threads: int) -> tuple[int, float, float]:
    """`dyad bench`: sentences, sentences/s, CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        [dyad_bin, "bench", corpus, "-j", str(threads), "--repeat", "1"], check=True, capture_output=True, text=True
    ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    m = re.search(r"(\d+) sentences, .* = (\d+) sentences/s", out)
    if not m:
        raise SystemExit(f"unexpected `dyad bench` output:\n{out}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return int(m.group(1)), float(m.group(2)), cpu


def tree_cpu(root: int) -> tuple[float, float]:
    """CPU seconds of `root`'s descendants (the JVM and the Python workers
    it forked, the exited ones' included through their parents): in all,
    and of the Python workers alone (the JVM's descendants)."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(pid)] = fields
        children.setdefault(int(fields[1]), []).append(int(pid))

    def under(pids: list[int]) -> float:
        total, todo = 0.0, list(pids)
        while todo:
            pid = todo.pop()
            total += sum(int(x) for x in stats[pid][11:15]) / tick  # utime, stime, cutime, cstime
            todo.extend(children.get(pid, []))
        return total

    kids = children.get(root, [])
    return under(kids), sum(under(children.get(k, [])) for k in kids)


WORKERS = [0.0]


def timed(f):
    cpu, workers = tree_cpu(os.getpid())
    t = time.perf_counter()
    v = f()
    secs = time.perf_counter() - t
    cpu2, workers2 = tree_cpu(os.getpid())
    WORKERS[0] = workers2 - workers
    return secs, cpu2 - cpu, v


def main() -> None:
    dyad_bin, corpus, out = sys.argv[1], sys.argv[2], sys.argv[3]
    cores = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    os.environ["PYSPARK_PYTHON"] = sys.executable
    print(f"machine: {os.cpu_count()} cores, load average {load():.1f} at the start", flush=True)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)

    import pyarrow as pa
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    import dyad.spark as ds

    secs, _, spark = timed(
        lambda: SparkSession.builder.master(f"local[{cores}]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(4 * cores))
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    print(f"spark session start: {secs:.1f} s", flush=True)
    print("cores held = CPU seconds / wall seconds: the share of the machine a run got", flush=True)
    df = (
        spark.read.json(corpus)
        .select("id", "date", "title", "source", "dateline", "text")
        .withColumn("line", F.monotonically_increasing_id())
        .cache()
    )
    n = df.count()
    meta = dict(source="source", dateline="dateline", title="title")
    # The workers start and build their coders once, untimed.
    ds.code(df.repartition(cores)).write.format("noop").mode("overwrite").save()

    def identity(batches):
        for b in batches:
            yield pa.record_batch([b.column("id")], names=["id"])

    sentences, cli = 0, []
    # The CLI's CPU seconds less its start-up (dictionaries, syntax model),
    # which `dyad bench`'s rate leaves out too: a one-document run's CPU.
    tiny = os.path.join(out, "one.jsonl")
    with open(corpus, encoding="utf-8") as f, open(tiny, "w", encoding="utf-8") as t:
        t.write(f.readline())
    startup = min(cli_rate(dyad_bin, tiny, 1)[2] for _ in range(2))

    def cli_run() -> tuple[float, float]:
        nonlocal sentences
        sentences, rate, cpu = cli_rate(dyad_bin, corpus, 1)
        cpu -= startup
        cli.append((rate, sentences / cpu, load(), cpu * rate / sentences))
        print(f"  cli dyad bench -j 1: {rate:8,.0f} sentences/s, {sentences / cpu:8,.0f} per CPU-s "
              f"({cpu * rate / sentences:.2f} cores held), load {load():.1f}", flush=True)
        return rate, sentences / cpu

    rows = []
    for r in range(rounds):
        print(f"round {r + 1}", flush=True)
        before = cli_run()
        for parts in (cores, 4 * cores, 16 * cores, 64 * cores):
            part = df.repartition(parts).cache()
            part.count()
            sink = lambda d: d.write.format("noop").mode("overwrite").save()  # noqa: E731
            code_s, code_cpu, _ = timed(lambda: sink(ds.code(part, **meta)))
            code_workers = WORKERS[0]
            prep_s, prep_cpu, _ = timed(lambda: sink(ds.prepare(part, order="line", **meta)))
            bare, _, _ = timed(lambda: part.mapInArrow(identity, "id string").count())
            part.unpersist()
            after = cli_run()
            ref = (before[0] + after[0]) / 2
            ref_cpu = (before[1] + after[1]) / 2
            row = dict(parts=parts, load=load(), cli=ref, cli_cpu=ref_cpu, code=code_s, code_cpu=code_cpu, prep=prep_s,
                       prep_cpu=prep_cpu, bare=bare, held=code_cpu / code_s, jvm=1 - code_workers / code_cpu)
            rows.append(row)
            per_core = sentences / code_s / cores
            print(
                f"  spark {parts:3d} partitions: code {code_s:5.2f} s = {per_core:7,.0f} per core "
                f"({per_core / ref:.0%} of the CLI's -j 1 around it), {sentences / code_cpu:7,.0f} per CPU-s "
                f"({sentences / code_cpu / ref_cpu:.0%} of the CLI's) "
                f"({code_cpu / code_s:.2f} cores held, JVM {1 - code_workers / code_cpu:.0%} of the CPU); "
                f"prepare {prep_s:5.2f} s = {sentences / prep_s / cores:7,.0f} per core "
                f"({sentences / prep_s / cores / ref:.0%}), {sentences / prep_cpu:7,.0f} per CPU-s "
                f"({sentences / prep_cpu / ref_cpu:.0%}); "
                f"identity {bare:.2f} s; load {load():.1f}",
                flush=True,
            )
            before = after

    print("summary (min–max over rounds)")
    span = lambda xs, f="{:,.0f}": f"{f.format(min(xs))}–{f.format(max(xs))}"  # noqa: E731
    print(f"  cli -j 1: {span([c[0] for c in cli])} sentences/s, {span([c[1] for c in cli])} per CPU-s, "
          f"cores held {span([c[3] for c in cli], '{:.2f}')}, load {span([c[2] for c in cli], '{:.1f}')}")
    for parts in sorted({r["parts"] for r in rows}):
        rs = [r for r in rows if r["parts"] == parts]
        pct = lambda k: span([100 * sentences / r[k] / cores / r["cli"] for r in rs], "{:.0f} %")  # noqa: E731
        pct_cpu = lambda k: span([100 * sentences / r[k] / r["cli_cpu"] for r in rs], "{:.0f} %")  # noqa: E731
        print(f"  {parts:3d} partitions: code per core {span([sentences / r['code'] / cores for r in rs])} "
              f"({pct('code')} of the CLI's -j 1), per CPU-s {span([sentences / r['code_cpu'] for r in rs])} "
              f"({pct_cpu('code_cpu')} of the CLI's) "
              f"(cores held {span([r['held'] for r in rs], '{:.2f}')}, JVM {span([100 * r['jvm'] for r in rs], '{:.0f} %')}); "
              f"prepare per core {span([sentences / r['prep'] / cores for r in rs])} ({pct('prep')}), "
              f"per CPU-s ({pct_cpu('prep_cpu')}); "
              f"identity {span([r['bare'] for r in rs], '{:.2f}')} s; load {span([r['load'] for r in rs], '{:.1f}')}")
    lo, hi = min(r["parts"] for r in rows), max(r["parts"] for r in rows)
    slope = lambda k: [  # noqa: E731
        (statistics.mean(r[k] for r in rows if r["parts"] == hi) - statistics.mean(r[k] for r in rows if r["parts"] == lo))
        / (hi - lo)
    ]
    print(f"  per extra task ({lo} -> {hi} partitions): identity {1000 * slope('bare')[0]:.0f} ms, "
          f"code {1000 * slope('code')[0]:.0f} ms, prepare {1000 * slope('prep')[0]:.0f} ms (wall, {cores} cores)")

    db = os.path.join(out, "cli.db")
    secs, _, _ = timed(
        lambda: subprocess.run([dyad_bin, "ingest", "-q", "-j", str(cores), "--db", db, corpus], check=True,
                               capture_output=True)
    )
    print(f"cli dyad ingest -j {cores}: {secs:.1f} s, load {load():.1f}")
    secs, _, report = timed(
        lambda: ds.ingest(df.repartition(4 * cores), os.path.join(out, "spark"), order="line", **meta)
    )
    print(f"spark ingest (code, clusters, fuse, Parquet), {4 * cores} partitions: {secs:.1f} s, load {load():.1f}")
    print(json.dumps(report))
    spark.stop()
    imported = os.path.join(out, "imported.db")
    secs, _, run = timed(
        lambda: subprocess.run([dyad_bin, "import", "--db", imported, os.path.join(out, "spark")], capture_output=True,
                               text=True)
    )
    print(f"dyad import of the Parquet: {secs:.1f} s, exit {run.returncode}: {run.stderr.strip()[-300:]}")
    query = "SELECT id, date, num_mentions, num_articles, cameo, location_json, avg_tone FROM events ORDER BY id"
    with sqlite3.connect(db) as a, sqlite3.connect(imported) as b:
        ours, theirs = a.execute(query).fetchall(), b.execute(query).fetchall()
        docs = [c.execute("SELECT ext_id FROM documents ORDER BY id").fetchall() for c in (a, b)]
    print(
        f"events: dyad ingest {len(ours)}, imported {len(theirs)}, equal {ours == theirs} "
        f"({len(set(ours) ^ set(theirs))} rows differ); documents in the same order: {docs[0] == docs[1]}"
    )
    print(f"documents read: {n}; load average {load():.1f} at the end")


if __name__ == "__main__":
    main()
