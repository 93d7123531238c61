"""Split the NGEC headline dev set by template into halves A and B.

Reads ../shared/eval/ngec_headlines_dev{,.gold}.jsonl (never copied) and
writes A and B inputs and golds to an output folder (default /tmp/hl-split).
Within each PLOVER category the templates are shuffled with a fixed seed and
dealt alternately, so both halves hold every category and no template is on
both sides. Fixes are analysed on A's misses only; B is the held-out check.

    python3 bench/headlines/split.py [SHARED_EVAL_DIR] [OUT_DIR]
"""

import collections
import json
import os
import random
import sys

SEED = 15


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "../shared/eval"
    out = sys.argv[2] if len(sys.argv) > 2 else "/tmp/hl-split"
    os.makedirs(out, exist_ok=True)
    docs = [json.loads(l) for l in open(os.path.join(src, "ngec_headlines_dev.jsonl"))]
    gold = [json.loads(l) for l in open(os.path.join(src, "ngec_headlines_dev.gold.jsonl"))]
    by_cat = collections.defaultdict(set)
    for g in gold:
        by_cat[g["plover"]].add(g["template"])
    rng = random.Random(SEED)
    side = {}
    for cat in sorted(by_cat):
        templates = sorted(by_cat[cat])
        rng.shuffle(templates)
        for i, t in enumerate(templates):
            side[t] = "A" if i % 2 == 0 else "B"
    for half in "AB":
        keep = {g["id"] for g in gold if side[g["template"]] == half}
        with open(os.path.join(out, f"{half}.jsonl"), "w") as f:
            for d in docs:
                if d["id"] in keep:
                    f.write(json.dumps(d) + "\n")
        with open(os.path.join(out, f"{half}.gold.jsonl"), "w") as f:
            for g in gold:
                if g["id"] in keep:
                    f.write(json.dumps(g) + "\n")
        n_t = sum(1 for t in side.values() if t == half)
        print(f"{half}: {len(keep)} headlines, {n_t} templates")


if __name__ == "__main__":
    main()
