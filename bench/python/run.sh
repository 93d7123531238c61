#!/usr/bin/env bash
# The Python benchmark: a release wheel against the release CLI, one thread,
# on ../shared/corpus/reuters21578.jsonl (read in place, never copied).
# Usage: bench/python/run.sh [PASSES]   (figures: bench/results/*-python.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/python/wheel.sh pyarrow
"$VENV/bin/python" bench/python/bench.py "$TARGET/release/dyad" "$CORPUS" "${1:-3}"
