"""The wheel's coding throughput against the CLI's, one thread, same run.

Usage: python bench.py DYAD_BIN CORPUS.jsonl [PASSES]

For each pass, in turn: `dyad bench -j 1 --repeat 1` (the CLI end to end:
read, split, code, serialize JSONL), then the wheel on the same documents
(already parsed from JSON, not timed): coding alone (`_code("count")`),
coding to Arrow (`code_arrow`), Arrow to a pyarrow table, and coding to
dicts (`code`). Every pass is printed with the load average, each
comparison within its pass (the machine may be shared: take the range
over passes), in sentences per second of wall clock and per CPU-second
(the CLI's less its start-up, which its rate leaves out: a one-document
run's CPU; on a machine shared with others' work the CPU figures move
much less); then the best pass of each, in sentences/s.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

import pyarrow as pa

import dyad


def main() -> None:
    dyad_bin, corpus = sys.argv[1], sys.argv[2]
    passes = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    docs = [json.loads(line) for line in open(corpus, encoding="utf-8")]
    texts = [d.get("text") or "" for d in docs]
    ids = [str(d.get("id", i)) for i, d in enumerate(docs)]
    dates = [d.get("date") for d in docs]
    titles = [d.get("title") for d in docs]
    t = time.perf_counter()
    coder = dyad.Coder(threads=1)
    startup = time.perf_counter() - t
    best: dict[str, float] = {}
    sentences = mentions = cli_sentences = 0

    last: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def keep(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, float("inf")), seconds)
        last[name] = seconds

    def children_cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    # The CLI's CPU seconds less its start-up (which its rate leaves out):
    # a one-document run's CPU.
    with open(corpus, encoding="utf-8") as f, tempfile.NamedTemporaryFile("w", suffix=".jsonl") as one:
        one.write(f.readline())
        one.flush()
        c = children_cpu()
        subprocess.run([dyad_bin, "bench", one.name, "-j", "1", "--repeat", "1"], check=True, capture_output=True)
        cli_startup = children_cpu() - c

    for p in range(passes):
        c = children_cpu()
        out = subprocess.run(
            [dyad_bin, "bench", corpus, "-j", "1", "--repeat", "1"],
            check=True, capture_output=True, text=True,
        ).stdout + ""
        cpu["cli"] = children_cpu() - c - cli_startup
        m = re.search(r"(\d+) sentences, .* = (\d+) sentences/s", out)
        if m:
            cli_sentences = int(m.group(1))
            best["cli_rate"] = max(best.get("cli_rate", 0.0), float(m.group(2)))
        else:
            print(out, file=sys.stderr)
        t, c = time.perf_counter(), time.process_time()
        _, sentences, mentions = coder._code("count", texts, ids, dates, titles)
        keep("count", time.perf_counter() - t)
        cpu["count"] = time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        stream = coder.code_arrow(texts, ids, dates, titles)
        keep("arrow", time.perf_counter() - t)
        cpu["arrow"] = time.process_time() - c
        t = time.perf_counter()
        table = pa.table(stream)
        keep("to_pyarrow", time.perf_counter() - t)
        assert table.num_rows == mentions
        t = time.perf_counter()
        dicts = coder.code(texts, ids, dates, titles)
        keep("dicts", time.perf_counter() - t)
        assert len(dicts) == mentions
        if m:
            cli_now = float(m.group(2))
            count_now, arrow_now = sentences / last["count"], sentences / last["arrow"]
            print(f"pass {p + 1}: cli {cli_now:,.0f}, wheel {count_now:,.0f} ({100 * count_now / cli_now:.0f} % of the CLI), "
                  f"code_arrow {arrow_now:,.0f} (Arrow {100 * (last['arrow'] / last['count'] - 1):+.1f} % over coding), "
                  f"sentences/s; per CPU-second: cli {sentences / cpu['cli']:,.0f}, wheel {sentences / cpu['count']:,.0f} "
                  f"({100 * cpu['cli'] / cpu['count']:.0f} %), code_arrow {sentences / cpu['arrow']:,.0f} "
                  f"({100 * (cpu['arrow'] / cpu['count'] - 1):+.1f} %); load {os.getloadavg()[0]:.1f}", flush=True)
    rate = lambda s: sentences / s  # noqa: E731
    print(f"documents {len(docs)}, sentences {sentences} (CLI: {cli_sentences}), mentions {mentions}")
    print(f"wheel start-up (dictionaries, syntax model): {startup * 1000:.0f} ms")
    print(f"cli   dyad bench -j 1 (end to end)        : {best.get('cli_rate', 0):>10,.0f} sentences/s")
    print(f"wheel coding only (_code count)           : {rate(best['count']):>10,.0f} sentences/s")
    print(f"wheel code_arrow                          : {rate(best['arrow']):>10,.0f} sentences/s")
    print(f"wheel code_arrow + pyarrow.table          : {rate(best['arrow'] + best['to_pyarrow']):>10,.0f} sentences/s")
    print(f"wheel code (list of dicts via JSON)       : {rate(best['dicts']):>10,.0f} sentences/s")
    print(f"Arrow overhead over coding: {100 * (best['arrow'] / best['count'] - 1):.1f} %"
          f" (+ pyarrow import of the stream: {1000 * best['to_pyarrow']:.1f} ms)")
    if best.get("cli_rate"):
        print(f"wheel coding / CLI: {100 * rate(best['count']) / best['cli_rate']:.1f} %;"
              f" wheel code_arrow / CLI: {100 * rate(best['arrow']) / best['cli_rate']:.1f} %")


if __name__ == "__main__":
    main()
