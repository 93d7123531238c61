#!/usr/bin/env bash
# The syntax layer's figures, in one run on this machine:
#  - accuracy and speed of the tagger and parser on the UD test splits
#    (EWT, GUM, and GUM's news documents), with `dyad parse --eval`;
#  - `dyad code` end to end on Reuters-21578 with the parser and, as the
#    same-run baseline, without it (`--no-parse`), one thread.
# With BEFORE=path/to/an/older/dyad, every measurement is also made with that
# binary, interleaved with this build's, for before/after in one run.
# Usage: [BEFORE=/path/to/dyad] bench/syntax/run.sh [SHARED_DIR]   (default ../shared)
set -euo pipefail
cd "$(dirname "$0")/../.."
shared="${1:-${DYAD_SHARED:-../shared}}"
tb="$shared/treebank"
cargo build --release --quiet
dyad=target/release/dyad
bins=("$dyad")
label() { if [ "$1" = "$dyad" ]; then echo this; else echo before; fi; }
if [ -n "${BEFORE:-}" ]; then bins=("$BEFORE" "$dyad"); fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# GUM's news genre: the sentences whose id names a GUM_news document.
awk 'BEGIN { RS = ""; ORS = "\n\n" } /sent_id = GUM_news/' "$tb/en_gum/en_gum-ud-test.conllu" > "$tmp/gum-news-test.conllu"
echo "== $(date -u +%F) $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== model: crates/dyad-syntax/data/en_ud.model, $(wc -c < crates/dyad-syntax/data/en_ud.model) bytes"
for b in "${bins[@]}"; do echo "== $(label "$b"): $b, built $(stat -c %y "$b" | cut -d. -f1)"; done
echo "== load before: $(uptime)"
for gold in "$tb/en_ewt/en_ewt-ud-test.conllu" "$tb/en_gum/en_gum-ud-test.conllu" "$tmp/gum-news-test.conllu"; do
    echo "== dyad parse --eval $(basename "$gold")"
    for run in 1 2 3; do
        for b in "${bins[@]}"; do echo "$(label "$b"): $("$b" parse --eval "$gold" | sed 's/^[^:]*: //')"; done
    done
done
echo "== dyad parse --eval gum-news-test.conllu --per-relation (nsubj, obj, nsubj:pass, obl:agent)"
for b in "${bins[@]}"; do
    echo "-- $(label "$b")"
    "$b" parse --eval "$tmp/gum-news-test.conllu" --per-relation | grep -E '^(relation|nsubj|obj|nsubj:pass|obl:agent)\b'
done
for run in 1 2; do
    for b in "${bins[@]}"; do
        echo "== $(label "$b"): dyad bench -j 1 (with the parser), run $run"
        "$b" bench -j 1 --repeat 2 "$shared/corpus/reuters21578.jsonl" 2>&1 | tail -3
    done
    echo "== this: dyad bench -j 1 --no-parse (no syntax layer), run $run"
    "$dyad" bench -j 1 --repeat 2 --no-parse "$shared/corpus/reuters21578.jsonl" 2>&1 | tail -3
done
echo "== load after: $(uptime)"
