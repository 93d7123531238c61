"""The wheel with the `dyad` binary bundled, as the README says to build
it (the binary copied to `python/dyad/bin/dyad` before `maturin build`),
installed into a fresh virtual environment: its `dyad` command runs the
bundled binary, with no `DYAD_BIN` and no other `dyad` on `PATH`.

It builds with the same maturin command as `.ci/run`, so cargo reuses
that build and only the wheel is packed again. maturin must be installed
next to this Python: its absence fails the test, it does not skip it.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, dyad_bin

PACKAGE = ROOT / "crates" / "dyad-py"


def test_the_bundled_binary_runs_from_a_fresh_venv(tmp_path):
    maturin = shutil.which("maturin", path=str(pathlib.Path(sys.executable).parent))
    if maturin is None:
        pytest.fail(f"maturin is not installed next to {sys.executable}: pip install maturin")
    bundled = PACKAGE / "python" / "dyad" / "bin"
    if bundled.exists():
        pytest.fail(f"{bundled} exists already: remove it (a bundled binary left in the source tree)")
    wheels = tmp_path / "wheels"
    try:
        bundled.mkdir()
        shutil.copy2(dyad_bin(), bundled / "dyad")
        subprocess.run(
            [maturin, "build", "--quiet", "--locked", "-m", PACKAGE / "Cargo.toml", "-o", wheels],
            check=True,
            cwd=ROOT,
        )
    finally:
        shutil.rmtree(bundled, ignore_errors=True)
    (wheel,) = wheels.glob("dyad-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    pip = [venv / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps", wheel]
    subprocess.run(pip, check=True)
    # Nothing else to find: no DYAD_BIN, and PATH holds only the venv's
    # scripts and the system's (no cargo bin, no target/).
    env = {k: v for k, v in os.environ.items() if k != "DYAD_BIN"}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), "/usr/bin", "/bin"])
    assert not any((pathlib.Path(d) / "dyad").exists() for d in ("/usr/bin", "/bin"))
    where = subprocess.run(
        [venv / "bin" / "python", "-c", "import dyad._cli as c; print(c.binary())"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert where.startswith(str(venv)) and where.endswith("dyad/bin/dyad"), where
    version = subprocess.run([venv / "bin" / "dyad", "--version"], env=env, capture_output=True, text=True, check=True)
    assert version.stdout.startswith("dyad ")
    coded = subprocess.run(
        [venv / "bin" / "dyad", "code", "-"],
        input="Iran sent five tankers of fuel to Venezuela in May 2020.\n",
        env=env, capture_output=True, text=True, check=True,
    )
    (mention,) = [json.loads(line) for line in coded.stdout.splitlines()]
    assert (mention["cameo"], mention["source"][0]["code"], mention["target"][0]["code"]) == ("071", "IRN", "VEN")
