"""The wheel's coding throughput against the CLI's, one thread, same run.

Usage: python bench.py DYAD_BIN CORPUS.jsonl [PASSES]

For each pass, in turn: `dyad bench -j 1 --repeat 1` (the CLI end to end:
read, split, code, serialize JSONL), then the wheel on the same documents
(already parsed from JSON, not timed): coding alone (`_code("count")`),
coding to Arrow (`code_arrow`), Arrow to a pyarrow table, and coding to
dicts (`code`). The best pass of each is reported, in sentences/s.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
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

    def keep(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, float("inf")), seconds)

    for _ in range(passes):
        out = subprocess.run(
            [dyad_bin, "bench", corpus, "-j", "1", "--repeat", "1"],
            check=True, capture_output=True, text=True,
        ).stdout + ""
        m = re.search(r"(\d+) sentences, .* = (\d+) sentences/s", out)
        if m:
            cli_sentences = int(m.group(1))
            best["cli_rate"] = max(best.get("cli_rate", 0.0), float(m.group(2)))
        else:
            print(out, file=sys.stderr)
        t = time.perf_counter()
        _, sentences, mentions = coder._code("count", texts, ids, dates, titles)
        keep("count", time.perf_counter() - t)
        t = time.perf_counter()
        stream = coder.code_arrow(texts, ids, dates, titles)
        keep("arrow", time.perf_counter() - t)
        t = time.perf_counter()
        table = pa.table(stream)
        keep("to_pyarrow", time.perf_counter() - t)
        assert table.num_rows == mentions
        t = time.perf_counter()
        dicts = coder.code(texts, ids, dates, titles)
        keep("dicts", time.perf_counter() - t)
        assert len(dicts) == mentions
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
