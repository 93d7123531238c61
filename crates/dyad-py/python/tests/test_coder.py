"""dyad.Coder: coding, Arrow output, and parity with `dyad code`."""

from __future__ import annotations

import json
import threading

import pyarrow as pa
import pytest

import dyad
from conftest import run_dyad

IRAN = "Iran sent five tankers of fuel to Venezuela in May 2020."


def without_nulls(v):
    """A record as JSON has it: fields that are None are left out."""
    if isinstance(v, dict):
        return {k: without_nulls(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [without_nulls(x) for x in v]
    return v


def spans_as_structs(v):
    """JSON writes a span as [start, end]; Arrow as a {start, end} struct."""
    if isinstance(v, dict):
        return {
            k: {"start": x[0], "end": x[1]} if k.endswith("span") else spans_as_structs(x) for k, x in v.items()
        }
    if isinstance(v, list):
        return [spans_as_structs(x) for x in v]
    return v


def rounded(v):
    """Floats compared at float32 precision (Goldstein scores are f32)."""
    if isinstance(v, float):
        return float(f"{v:.6g}")
    if isinstance(v, dict):
        return {k: rounded(x) for k, x in v.items()}
    if isinstance(v, list):
        return [rounded(x) for x in v]
    return v


def test_code_gives_the_mentions_with_provenance():
    m = dyad.Coder().code([IRAN])
    assert len(m) == 1
    assert (m[0]["source"][0]["code"], m[0]["target"][0]["code"], m[0]["cameo"]) == ("IRN", "VEN", "071")
    assert m[0]["doc_id"] == "0"
    start, end = m[0]["evidence"]["verb_span"]
    assert IRAN[start:end] == "sent"


def test_code_arrow_is_read_by_pyarrow_with_nested_columns():
    s = dyad.Coder().code_arrow([IRAN, "Haiti teachers go on strike."], ids=["a", "b"])
    t = pa.table(s)
    assert t.num_rows == 2 == len(s)
    assert pa.types.is_list(t.schema.field("source").type)
    assert pa.types.is_struct(t.schema.field("evidence").type)
    rows = t.to_pylist()
    assert rows[0]["quantities"] == [{"value": 5.0, "unit": "tanker", "text": "five tankers"}]
    assert rows[1]["target"] == [] and rows[1]["doc_id"] == "b"
    # The stream can be read more than once.
    assert pa.table(s).num_rows == 2


def test_an_empty_input_gives_an_empty_table_with_the_schema():
    t = pa.table(dyad.Coder().code_arrow([]))
    assert t.num_rows == 0 and "evidence" in t.column_names


def test_the_wheel_codes_as_the_cli_does(records, corpus_jsonl):
    cli = [json.loads(line) for line in run_dyad("code", "-j", "1", corpus_jsonl).splitlines()]
    assert len(cli) > 20
    coder = dyad.Coder()
    texts = [r["text"] for r in records]
    ids = [r["id"] for r in records]
    dates = [r["date"] for r in records]
    # Locations included (issue 12): the wheel places events as the CLI does.
    wheel = coder.code(texts, ids=ids, dates=dates)
    assert sum(1 for m in cli if m.get("location") is not None) > 0
    assert wheel == cli
    arrow = pa.table(coder.code_arrow(texts, ids=ids, dates=dates)).to_pylist()
    for row in arrow:
        assert row.pop("id") is None
    # Locations too, as a typed struct (null when a mention has none).
    assert pa.types.is_struct(pa.table(coder.code_arrow(texts[:1])).schema.field("location").type)
    assert rounded([without_nulls(r) for r in arrow]) == rounded(spans_as_structs(cli))


def test_threads_keep_the_input_order(records):
    texts = [r["text"] for r in records]
    assert dyad.Coder(threads=2).code(texts) == dyad.Coder().code(texts)


def test_coding_releases_the_gil(records):
    coder = dyad.Coder()
    texts = [r["text"] for r in records]
    out = []
    threads = [threading.Thread(target=lambda: out.append(len(coder.code(texts)))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(out) == 2 and out[0] == out[1] > 0


def test_user_dictionaries_are_layered(tmp_path):
    (tmp_path / "actors.txt").write_text("this is not a dictionary line ((\n")
    with pytest.raises(dyad.DictionaryError):
        dyad.Coder(dicts=tmp_path)
