"""Bad input: each a clear exception naming what was wrong."""

from __future__ import annotations

import os
import pathlib
import sqlite3
import subprocess
import sys

import pytest

import dyad

coder = dyad.Coder()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: coder.code("one text"), TypeError, "texts must be a sequence of str, not a single str"),
        (lambda: coder.code(42), TypeError, "texts must be a sequence, not int"),
        (lambda: coder.code(["ok", 3]), TypeError, "texts[1] is int; expected str"),
        (lambda: coder.code(["ok", None]), TypeError, "texts[1] is None; expected str"),
        (lambda: coder.code(["a"], ids=[None]), TypeError, "ids[0] is None; expected str"),
        (lambda: coder.code(["a", "b"], ids=["x"]), ValueError, "ids has 1 items but texts has 2"),
        (lambda: coder.code(["a"], dates=["2020", "2021"]), ValueError, "dates has 2 items but texts has 1"),
        (lambda: coder.code(["a"], dates=["2020-13-01"]), ValueError, "dates[0]: `2020-13-01` is not a date"),
        (lambda: coder.code(["a"], dates=["yesterday"]), ValueError, "dates[0]: `yesterday` is not a date"),
        (lambda: coder.code(["a"], titles=[b"x"]), TypeError, "titles[0] is bytes; expected str"),
        (lambda: coder.code_arrow(["a"], dates=[5]), TypeError, "dates[0] is int; expected str"),
        (lambda: dyad.Coder(threads=0), ValueError, "threads must be at least 1"),
        (lambda: dyad.Coder(dict_format="tabari"), ValueError, "dict_format must be"),
        (lambda: dyad.Coder(dict_format="petrarch"), ValueError, "needs dicts"),
        (lambda: dyad.Coder(dicts=[1]), TypeError, "dicts[0] is int"),
        (lambda: dyad.Coder(dicts="/no/such/dir"), dyad.DictionaryError, "/no/such/dir"),
    ],
)
def test_bad_arguments_name_what_was_wrong(call, error, message):
    with pytest.raises(error) as e:
        call()
    assert message in str(e.value)


def test_null_dates_and_titles_are_allowed():
    assert coder.code(["Iran sent fuel to Venezuela."], dates=[None], titles=[None]) is not None


def test_a_missing_store_is_a_store_error(tmp_path):
    with pytest.raises(dyad.StoreError, match="no store at"):
        dyad.Store(tmp_path / "missing.db")


def test_a_file_that_is_not_a_store_is_a_store_error(tmp_path):
    p = tmp_path / "junk.db"
    p.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(dyad.StoreError):
        dyad.Store(p)


def test_a_store_of_another_schema_version_is_a_schema_error(tmp_path):
    p = tmp_path / "old.db"
    con = sqlite3.connect(p)
    con.execute("PRAGMA user_version = 1")
    con.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    with pytest.raises(dyad.SchemaError, match="schema version 1"):
        dyad.Store(p)
    assert issubclass(dyad.SchemaError, dyad.StoreError)
    assert issubclass(dyad.StoreError, dyad.DyadError)


def test_bad_store_arguments(store_path):
    s = dyad.Store(store_path)
    with pytest.raises(ValueError, match="start: `2020-02-30x` is not a date"):
        s.events(start="2020-02-30x")
    with pytest.raises(ValueError, match="quad_class must be 1 to 4"):
        s.events(quad_class=7)
    with pytest.raises(ValueError, match="modality must be"):
        s.events(modality="maybe")
    with pytest.raises(ValueError, match="by must be day, month or year"):
        s.timeline("USA", by="week")
    with pytest.raises(ValueError, match="unit must be"):
        s.panel("country-week")
    with pytest.raises(ValueError, match="limit must be"):
        s.documents(limit=-1)
    with pytest.raises(TypeError):
        s.events("USA")



def test_the_dyad_command_runs_the_binary(tmp_path):
    import dyad._cli
    from conftest import dyad_bin

    script = pathlib.Path(sys.executable).parent / "dyad"
    assert script.is_file(), "the wheel installs a `dyad` command"
    env = {**os.environ, "DYAD_BIN": str(dyad_bin())}
    out = subprocess.run([script, "--version"], env=env, capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("dyad"), out
    # With no binary anywhere it says how to get one, and fails.
    env = {k: v for k, v in os.environ.items() if k != "DYAD_BIN"}
    env["PATH"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-m", "dyad._cli", "--version"], env=env, capture_output=True, text=True)
    if dyad._cli.BUNDLED.is_file():
        assert out.returncode == 0, out
    else:
        assert out.returncode == 2 and "no dyad binary" in out.stderr, out
