#!/usr/bin/env bash
# The Spark benchmark: dyad.spark in local mode (a release wheel) against the
# release CLI, same run, on ../shared/corpus/reuters21578.jsonl (read in
# place, never copied). Needs Java.
# Usage: bench/spark/run.sh [CORES] [ROUNDS]   (figures: bench/results/*-spark*.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/python/wheel.sh pyarrow "pyspark>=4,<5" "pandas<3"
"$VENV/bin/python" bench/spark/bench.py "$TARGET/release/dyad" "$CORPUS" "$TARGET/bench-spark" "${1:-2}" "${2:-2}"
