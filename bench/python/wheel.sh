#!/usr/bin/env bash
# Sourced by the Python and Spark benchmarks: the release CLI and a release
# wheel installed in $VENV (with the Python packages given as arguments).
# Sets CORPUS (../shared/corpus/reuters21578.jsonl, read in place), TARGET
# and VENV.
CORPUS="${DYAD_SHARED:-../shared}/corpus/reuters21578.jsonl"
TARGET="${CARGO_TARGET_DIR:-target}"
VENV="$TARGET/bench-venv"
[ -d "$VENV" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check "maturin>=1.5,<2" "$@"
cargo build --release --locked -p dyad-cli
rm -rf "$TARGET/bench-wheels"
"$VENV/bin/maturin" build --release --quiet --locked -m crates/dyad-py/Cargo.toml -o "$TARGET/bench-wheels"
"$VENV/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps "$TARGET"/bench-wheels/dyad-*.whl
