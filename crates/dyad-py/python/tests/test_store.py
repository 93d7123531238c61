"""dyad.Store: the store's events, mentions, timelines, documents and
panels as Arrow, equal to what the CLI reads."""

from __future__ import annotations

import csv
import io
import json

import pyarrow as pa

import dyad
from conftest import run_dyad


def test_events_match_the_cli_export(store_path, tmp_path):
    s = dyad.Store(store_path)
    events = pa.table(s.events(limit=100000)).to_pylist()
    out = tmp_path / "e.jsonl"
    run_dyad("export", "--db", store_path, "-f", "jsonl", "-o", out)
    cli = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(events) == len(cli) > 5
    assert sorted(e["id"] for e in events) == sorted(int(e["id"]) for e in cli)


def test_event_filters_as_the_cli(store_path):
    s = dyad.Store(store_path)
    usa = pa.table(s.events(actor="usa")).to_pylist()
    assert usa and all("USA" in (e["source_country"], e["target_country"]) for e in usa)
    q4 = pa.table(s.events(quad_class=4, start="2019", end="2020-12")).to_pylist()
    assert all(e["quad_class"] == 4 and "2019" <= e["date"][:4] <= "2020" for e in q4)
    assert pa.table(s.events(limit=2)).num_rows == 2


def test_mentions_of_an_event_and_of_the_store(store_path):
    s = dyad.Store(store_path)
    first = pa.table(s.events(limit=1)).to_pylist()[0]
    ms = pa.table(s.mentions(event=first["id"])).to_pylist()
    assert sorted(m["id"] for m in ms) == sorted(first["mention_ids"])
    everything = pa.table(s.mentions())
    assert everything.num_rows >= len(ms)
    assert everything.schema == pa.table(dyad.Coder().code_arrow([])).schema


def test_timeline_and_documents(store_path):
    s = dyad.Store(store_path)
    t = pa.table(s.timeline("USA", by="year")).to_pylist()
    assert t and set(t[0]) == {"period", "quad1", "quad2", "quad3", "quad4", "goldstein"}
    docs = pa.table(s.documents(limit=5)).to_pylist()
    assert len(docs) == 5 and docs[0]["id"] < docs[1]["id"]
    more = pa.table(s.documents(after=docs[-1]["id"])).to_pylist()
    assert more and more[0]["id"] > docs[-1]["id"]


def test_panel_equals_the_cli_panel_and_fills_zeros(store_path, tmp_path):
    s = dyad.Store(store_path)
    for unit, extra in [("country-month", []), ("dyad-year", ["--by", "quad", "--directed"])]:
        out = tmp_path / f"{unit}.csv"
        run_dyad("export", "--db", store_path, "-f", "panel", "--unit", unit, *extra, "-o", out)
        cli = list(csv.DictReader(io.StringIO(out.read_text())))
        by = "quad" if extra else None
        py = pa.table(s.panel(unit, by=by, directed=bool(extra))).to_pylist()
        assert len(py) == len(cli) > 0
        assert [r["events"] for r in py] == [int(r["events"]) for r in cli]
        assert any(r["events"] == 0 for r in py), "zeros are filled"
    periods = {r["period"] for r in pa.table(s.panel("country-month")).to_pylist()}
    months = sorted(periods)
    assert len(months) == len(periods)
