#!/usr/bin/env bash
# The Python benchmark: a release wheel against the release CLI, one thread,
# on ../shared/corpus/reuters21578.jsonl (read in place, never copied).
# Usage: bench/python/run.sh [PASSES]   (figures: bench/results/*-python.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
CORPUS="${DYAD_SHARED:-../shared}/corpus/reuters21578.jsonl"
TARGET="${CARGO_TARGET_DIR:-target}"
VENV="$TARGET/bench-venv"
[ -d "$VENV" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check "maturin>=1.5,<2" pyarrow
cargo build --release --locked -p dyad-cli
rm -rf "$TARGET/bench-wheels"
"$VENV/bin/maturin" build --release --quiet --locked -m crates/dyad-py/Cargo.toml -o "$TARGET/bench-wheels"
"$VENV/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps "$TARGET"/bench-wheels/dyad-*.whl
"$VENV/bin/python" bench/python/bench.py "$TARGET/release/dyad" "$CORPUS" "${1:-3}"
