#!/usr/bin/env python3
"""Fits the mention confidence model of crates/dyad-code/src/confidence.rs.

One command, from the repository root, with a release build of this commit:

    python3 bench/confidence/fit.py --dyad target/release/dyad --corpus ../shared/corpus

It reads the hand-judged mentions in bench/results/*judged*.tsv (geo and
syntax files left out), codes the documents they name with the current
binary (`dyad code --all-modalities -j 1`), keeps a judged row only when
the current build still emits a mention with the same document, anchor
span, source, target and CAMEO code, computes the mention's features from
the current output, and fits an L2-regularised logistic regression
(Newton/IRLS in plain Python, no dependency) of "fully right" (event,
category, source and target all `y`) on them: the penalty pulls each weight
towards the hand-set weight it replaces (HAND), and an unpenalised
indicator of rows from older files, left out when scoring, absorbs the
survivor effect (OLDER).

It prints: the rows kept per file; the out-of-sample evaluation (fitted on
every file but the newest two, scored on those two: calibration bands with
95 % Wilson intervals and AUC, old model against new); a document-grouped
10-fold cross-validation over every row; and the weight table fitted on all
rows, as the constant tables confidence.rs holds. Everything is
deterministic (the fold assignment uses a fixed seed).

`--coded FILE` reuses a saved `dyad code` output instead of running the
binary; `--check FILE` compares the Rust scores in a `dyad code` output
made with the shipped table against this script's (they must agree).
"""

import argparse
import glob
import json
import math
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join(HERE, "..", "results")
# The newest two samples, judged blind on the latest builds: the held-out set.
HELD_OUT = ("2026-12-08-judged-s19.tsv", "2026-12-08-judged-final.tsv")
CORPORA = ("guardian_sdf.jsonl", "ieer1998.jsonl", "sotu.jsonl", "reuters21578.jsonl")
SEED = 15
FOLDS = 10
LAMBDAS = (4.0, 8.0, 16.0, 32.0, 64.0, 128.0)
# A level of a categorical feature gets its own weight only when this many
# fitting rows have it; rarer levels share the baseline (weight 0).
MIN_COUNT = 8
# The bands of the calibration table.
BANDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)


# ---------------------------------------------------------------- data


def read_judged():
    """Rows of every verdict file: (file name, key, fully right), the key
    starting with how to match it ("anchor" or "sentence")."""
    rows = []
    for path in sorted(glob.glob(os.path.join(RESULTS, "*judged*.tsv"))):
        name = os.path.basename(path)
        if "geo" in name or "syntax" in name:
            continue
        lines = [l.rstrip("\n") for l in open(path, encoding="utf-8") if not l.startswith("#") and l.strip()]
        head = lines[0].split("\t")
        col = {h: i for i, h in enumerate(head)}
        for line in lines[1:]:
            f = line.split("\t") + [""] * len(head)
            verdicts = [f[col[c]].strip().lower() for c in ("event_ok", "category_ok", "source_ok", "target_ok")]
            if not verdicts[0]:
                continue
            right = all(v == "y" for v in verdicts)
            doc = f[col["doc_id"]] if "doc_id" in col else f[col["doc"]]
            codes = (f[col["source"]], f[col["target"]], f[col["cameo"]])
            if "anchor_start" in col:
                anchor = (int(f[col["anchor_start"]]), int(f[col["anchor_end"]]))
                rows.append((name, ("anchor", doc, anchor) + codes, right))
            elif "anchor_span" in col:
                a, b = f[col["anchor_span"]].split("-")
                rows.append((name, ("anchor", doc, (int(a), int(b))) + codes, right))
            else:
                # The first round recorded the sentence, not the anchor: a
                # row is kept when one current mention alone matches it.
                a, b = f[col["sentence_span"]].split("-")
                rows.append((name, ("sentence", doc, (int(a), int(b))) + codes, right))
    return rows


def code(dyad, corpus, docs):
    """`dyad code --all-modalities` over the corpus documents in `docs`."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "docs.jsonl")
        with open(path, "w", encoding="utf-8") as out:
            for name in CORPORA:
                for line in open(os.path.join(corpus, name), encoding="utf-8"):
                    if json.loads(line)["id"] in docs:
                        out.write(line)
        run = subprocess.run([dyad, "code", "--all-modalities", "-j", "1", path], capture_output=True, check=True)
    return [json.loads(l) for l in run.stdout.decode("utf-8").splitlines()]


def codes(actors):
    return ";".join(a["code"] for a in actors)


def join(rows, mentions):
    """Pairs each judged row with the current mention it names, if any."""
    by_anchor, by_sentence = {}, {}
    for m in mentions:
        c = (codes(m["source"]), codes(m["target"]), m["cameo"])
        v = m["evidence"]["verb_span"]
        by_anchor.setdefault((m["doc_id"], (v[0], v[1])) + c, []).append(m)
        by_sentence.setdefault((m["doc_id"], (m["span"][0], m["span"][1])) + c, []).append(m)
    kept = []
    for name, key, right in rows:
        found = (by_anchor if key[0] == "anchor" else by_sentence).get(key[1:], [])
        if len(found) == 1:
            kept.append((name, found[0], right))
    return kept


# ------------------------------------------------------------ features
#
# Each function below has its twin in confidence.rs; `--check` holds them
# equal on every coded mention.

QUOTES = ('"', "\u201c", "\u201d")


def features(m):
    """The mention's cues, as names of binary indicators."""
    e = m["evidence"]
    src, tgt = m["source"], m["target"]
    actors = src + tgt
    f = ["source_rule=" + (e["source_rule"] or "-"), "target_rule=" + (e["target_rule"] or "-")]
    f.append("root=" + m["cameo_root"])
    f.append("modality=" + m["modality"])
    words = len(m["text"].split())
    f.append("length=" + ("short" if words <= 25 else "medium" if words <= 45 else "long"))
    if "@n" in e["pattern"]:
        f.append("noun anchor")
    if e.get("modality_cue") is not None:
        f.append("modality cue")
    if e.get("attribution") is not None:
        f.append("attributed")
    if e.get("action_code") is not None:
        f.append("intent or threat")
    if e.get("denies_sentence") is not None:
        f.append("denial")
    if any(a["country"] == "" for a in actors):
        f.append("actor of no state")
    if any(a["code"].startswith("IGO") for a in actors):
        f.append("IGO actor")
    if len(actors) > 2:
        f.append("several actors")
    if src and tgt and src[0]["country"] != "" and src[0]["country"] == tgt[0]["country"]:
        f.append("same state both sides")
    if any(a["span"][0] < m["span"][0] or a["span"][1] > m["span"][1] for a in actors):
        f.append("actor outside the sentence")
    if any(q in m["text"] for q in QUOTES):
        f.append("quotation")
    if m["sentence"] == 0:
        f.append("first sentence")
    return f


# ------------------------------------------------------------- fitting

# The hand-set weights confidence.rs held before the fit (commit d295c5f),
# times the shrink it applied (0.8), in the features' names: the prior the
# penalty pulls each weight towards. They were set from earlier verdicts,
# some on mentions the current build no longer makes; a weight moves away
# from its prior only as far as the surviving verdicts push it. With prior
# means of zero instead, grouped cross-validation on the fitting rows was
# worse at every penalty (bench/results/2026-12-09-confidence.md).
HAND = {"": -0.62}
for rule, w in {"nsubj": 0.45, "pattern": 0.2, "between": 0.2, "compound": 0.2, "acl:relcl": -0.2,
                "conj:nsubj": -0.2, "subject": -0.2, "origin": -0.2, "obl:agent": -0.4, "passive-agent": -0.4,
                "participle": -0.5, "appositive": -0.5, "coordination": -0.5, "relative": -0.5,
                "complement": -0.5, "context": -0.5}.items():
    HAND["source_rule=" + rule] = 0.8 * w
for rule, w in {"obj": 1.0, "pattern": 0.4, "between": 0.4, "compound": 0.4, "object": -0.8, "context": -1.0,
                "none": -0.65}.items():
    HAND["target_rule=" + rule] = 0.8 * w
for root, w in {"18": 0.7, "19": 0.45, "10": 0.45, "12": 0.25, "03": 0.25, "05": -0.25, "13": -0.25,
                "07": -0.45, "01": -0.45, "08": -0.8, "17": -1.0}.items():
    HAND["root=" + root] = 0.8 * w
for modality, w in {"reported": -0.15, "negated": -0.4, "denied": -0.4}.items():
    HAND["modality=" + modality] = 0.8 * w
HAND.update({"noun anchor": -0.24, "actor of no state": -0.16, "denial": -0.4})


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z)) if z > -35 else 0.0


def solve(a, b):
    """Solves a x = b (a symmetric positive definite) by Cholesky."""
    n = len(b)
    low = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            s = a[i][j] - sum(low[i][k] * low[j][k] for k in range(j))
            low[i][j] = math.sqrt(s) if i == j else s / low[j][j]
    y = [0.0] * n
    for i in range(n):
        y[i] = (b[i] - sum(low[i][k] * y[k] for k in range(i))) / low[i][i]
    x = [0.0] * n
    for i in reversed(range(n)):
        x[i] = (y[i] - sum(low[k][i] * x[k] for k in range(i + 1, n))) / low[i][i]
    return x


# A row judged in an older file is a mention that survived the coder's
# changes since, and survivors are right more often (47 % against 37 % in
# the newest two samples, drawn from the current output): this indicator,
# fitted without penalty and left out when scoring, absorbs that, so that
# the intercept is the base rate of a fresh sample of the current output.
OLDER = "~judged on an older build"


def vocabulary(data):
    count = {}
    for feats, _ in data:
        for name in feats:
            count[name] = count.get(name, 0) + 1
    return sorted(n for n, c in count.items() if c >= MIN_COUNT)


def fit(data, lam, prior=None):
    """L2-regularised logistic regression by Newton's method. `data` is a
    list of (feature names, right); the penalty pulls each weight towards
    its `prior` (0 when none). Returns {"": intercept, name: weight}."""
    prior = prior or {}
    names = sorted(set(vocabulary(data)) | {n for n in prior if n})
    index = {n: i + 1 for i, n in enumerate(names)}
    rows = [([0] + [index[n] for n in feats if n in index], y) for feats, y in data]
    p = len(names) + 1
    w0 = [0.0] + [prior.get(n, 0.0) for n in names]
    w = list(w0)
    for _ in range(50):
        grad = [0.0] * p
        hess = [[0.0] * p for _ in range(p)]
        for i in range(1, p):
            if names[i - 1] != OLDER:
                grad[i] = -lam * (w[i] - w0[i])
                hess[i][i] = lam
        for active, y in rows:
            mu = sigmoid(sum(w[i] for i in active))
            r, v = (1.0 if y else 0.0) - mu, mu * (1.0 - mu)
            for i in active:
                grad[i] += r
                for j in active:
                    if j <= i:
                        hess[i][j] += v
        for i in range(p):
            for j in range(i):
                hess[j][i] = hess[i][j]
        step = solve(hess, grad)
        w = [a + b for a, b in zip(w, step)]
        if max(abs(s) for s in step) < 1e-9:
            break
    model = {"": w[0]}
    model.update({n: w[index[n]] for n in names if n != OLDER})
    if OLDER in index:
        print(f"    (fit: rows of the older files {w[index[OLDER]]:+.2f} in log-odds)", file=sys.stderr)
    return model


def rounded(model):
    return {n: round(w, 2) for n, w in model.items()}


def score(model, feats):
    """The probability, rounded to two decimals as the Rust code does."""
    z = model[""] + sum(model.get(n, 0.0) for n in feats)
    return math.floor(sigmoid(z) * 100 + 0.5) / 100


def grouped_folds(docs):
    """Document -> fold, shuffled with the fixed seed."""
    order = sorted(set(docs))
    random.Random(SEED).shuffle(order)
    return {d: i % FOLDS for i, d in enumerate(order)}


def cross_validate(data, docs, lam):
    folds = grouped_folds(docs)
    out = [0.0] * len(data)
    for k in range(FOLDS):
        train = [x for x, d in zip(data, docs) if folds[d] != k]
        model = rounded(fit(train, lam, HAND))
        for i, (x, d) in enumerate(zip(data, docs)):
            if folds[d] == k:
                out[i] = score(model, x[0])
    return out


def log_loss(ps, ys):
    eps = 1e-4
    return -sum(math.log(min(max(p if y else 1 - p, eps), 1)) for p, y in zip(ps, ys)) / len(ys)


def choose_lambda(data, docs):
    """The penalty with the lowest document-grouped cross-validated log loss."""
    ys = [y for _, y in data]
    losses = {lam: log_loss(cross_validate(data, docs, lam), ys) for lam in LAMBDAS}
    return min(LAMBDAS, key=lambda lam: (round(losses[lam], 4), lam)), losses


# ------------------------------------------------------------ measures


def wilson(k, n, z=1.959964):
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


def auc(ps, ys):
    """The chance a right mention outscores a wrong one (ties count half)."""
    pos = [p for p, y in zip(ps, ys) if y]
    neg = [p for p, y in zip(ps, ys) if not y]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > q) + 0.5 * (p == q) for p in pos for q in neg)
    return wins / (len(pos) * len(neg))


def auc_difference(new, old, ys, docs, draws=1000):
    """AUC(new) - AUC(old) and its 95 % percentile interval over bootstrap
    resamples of whole documents (fixed seed)."""
    by_doc = {}
    for i, d in enumerate(docs):
        by_doc.setdefault(d, []).append(i)
    groups = [by_doc[d] for d in sorted(by_doc)]
    rng = random.Random(SEED)
    diffs = []
    for _ in range(draws):
        rows = [i for _ in groups for i in rng.choice(groups)]
        y = [ys[i] for i in rows]
        if 0 < sum(y) < len(y):
            diffs.append(auc([new[i] for i in rows], y) - auc([old[i] for i in rows], y))
    diffs.sort()
    lo, hi = diffs[int(0.025 * len(diffs))], diffs[int(0.975 * len(diffs)) - 1]
    return auc(new, ys) - auc(old, ys), lo, hi


def table(title, ps, ys):
    print(f"\n{title}: n = {len(ys)}, right {sum(ys)}, mean score {sum(ps) / len(ps):.3f}, "
          f"AUC {auc(ps, ys):.3f}, log loss {log_loss(ps, ys):.3f}")
    print("| band | n | mean score | right | share | 95 % Wilson |")
    print("| --- | --- | --- | --- | --- | --- |")
    for lo, hi in zip(BANDS, BANDS[1:]):
        sel = [(p, y) for p, y in zip(ps, ys) if lo <= p < hi]
        name = f"{lo:.1f}–{hi:.1f}" if hi <= 1 else f"≥ {lo:.1f}"
        if lo == 0.0:
            name = f"< {hi:.1f}"
        if not sel:
            print(f"| {name} | 0 | | | | |")
            continue
        k, n = sum(y for _, y in sel), len(sel)
        lo_ci, hi_ci = wilson(k, n)
        mean = sum(p for p, _ in sel) / n
        print(f"| {name} | {n} | {mean:.2f} | {k} | {k / n:.3f} | [{lo_ci:.3f}, {hi_ci:.3f}] |")


def thresholds(title, ps, ys):
    """Precision and share kept at or above each threshold."""
    print(f"\n{title}: precision at or above each threshold")
    print("| threshold | kept | share kept | right | precision | 95 % Wilson |")
    print("| --- | --- | --- | --- | --- | --- |")
    for t in (0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8):
        sel = [y for p, y in zip(ps, ys) if p >= t]
        if not sel:
            print(f"| {t:.2f} | 0 | 0.000 | | | |")
            continue
        k, n = sum(sel), len(sel)
        lo, hi = wilson(k, n)
        print(f"| {t:.2f} | {n} | {n / len(ys):.3f} | {k} | {k / n:.3f} | [{lo:.3f}, {hi:.3f}] |")


# ---------------------------------------------------------------- rust


def rust_table(model):
    """The weights as the constants of confidence.rs (zero weights left out)."""
    groups = {}
    for name, w in sorted(model.items()):
        if name == "" or abs(w) < 0.005:
            continue
        key, _, value = name.partition("=")
        groups.setdefault(key if value else "flag", []).append((value or key, w))
    print("\nthe weights fitted on all rows, as confidence.rs holds them:")
    print(f"const INTERCEPT: f64 = {model['']:.2f};")
    for key, items in groups.items():
        print(f"const {key.upper()}: &[(&str, f64)] = &[")
        for value, w in sorted(items, key=lambda x: (-x[1], x[0])):
            print(f'    ("{value}", {w:.2f}),')
        print("];")


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dyad", default="target/release/dyad")
    ap.add_argument("--corpus", default=os.path.join(HERE, "..", "..", "..", "shared", "corpus"))
    ap.add_argument("--coded", help="a saved `dyad code --all-modalities` output of the judged documents")
    ap.add_argument("--save", help="write the coded mentions here")
    ap.add_argument("--check", help="a `dyad code` output: its Rust scores must equal this script's")
    args = ap.parse_args()

    rows = read_judged()
    if args.coded:
        mentions = [json.loads(l) for l in open(args.coded, encoding="utf-8")]
    else:
        mentions = code(args.dyad, args.corpus, {key[1] for _, key, _ in rows})
    if args.save:
        with open(args.save, "w", encoding="utf-8") as out:
            for m in mentions:
                out.write(json.dumps(m) + "\n")

    kept = join(rows, mentions)
    print("judged rows kept (the current build still emits the mention) per file:")
    print("| file | judged | kept | right among kept |")
    print("| --- | --- | --- | --- |")
    for name in sorted({n for n, _, _ in rows}):
        judged = sum(1 for n, _, _ in rows if n == name)
        here = [r for n, _, r in kept if n == name]
        print(f"| {name} | {judged} | {len(here)} | {sum(here)} |")
    print(f"| all | {len(rows)} | {len(kept)} | {sum(r for _, _, r in kept)} |")

    key = lambda m: (m["doc_id"], tuple(m["evidence"]["verb_span"]))
    data = [(features(m), r) for _, m, r in kept]
    docs = [m["doc_id"] for _, m, _ in kept]
    # The hand-set model, recomputed from its weights (HAND; equal to the
    # scores the build of d295c5f wrote on all 4,492 mentions checked).
    old = [score(HAND, x) for x, _ in data]
    ys = [r for _, _, r in kept]

    # Out of sample: fitted on the older files, minus every mention the
    # held-out files also judged, scored on the newest two.
    test = [i for i, (n, _, _) in enumerate(kept) if n in HELD_OUT]
    held = {key(kept[i][1]) for i in test}
    train = [i for i, (n, m, _) in enumerate(kept) if n not in HELD_OUT and key(m) not in held]
    overlap = sum(1 for n, m, _ in kept if n not in HELD_OUT and key(m) in held)
    lam, losses = choose_lambda([data[i] for i in train], [docs[i] for i in train])
    print(f"\nout of sample: fitted on {len(train)} rows of the older files ({overlap} more left out: "
          f"the held-out files judged the same mention), scored on {len(test)} rows of {' and '.join(HELD_OUT)}")
    print("penalty chosen by grouped CV on the fitting rows: "
          + ", ".join(f"{l:g}: {v:.4f}" for l, v in losses.items()) + f" -> {lam:g}")
    model = rounded(fit([data[i] for i in train], lam, HAND))
    new = [score(model, data[i][0]) for i in test]
    t_ys = [ys[i] for i in test]
    table("held out, old model (hand-set weights)", [old[i] for i in test], t_ys)
    thresholds("held out, old model", [old[i] for i in test], t_ys)
    table("held out, new model (fitted on the older files)", new, t_ys)
    thresholds("held out, new model", new, t_ys)
    d, lo, hi = auc_difference(new, [old[i] for i in test], t_ys, [docs[i] for i in test])
    print(f"\nheld out, AUC new - old: {d:+.3f} [{lo:+.3f}, {hi:+.3f}] (95 %, 1000 document bootstrap draws)")

    # Document-grouped cross-validation over every row: the fits see which
    # rows come from older files, the scores do not.
    data = [(x + [OLDER] if n not in HELD_OUT else x, y) for (x, y), (n, _, _) in zip(data, kept)]
    lam_all, losses = choose_lambda(data, docs)
    cv = cross_validate(data, docs, lam_all)
    print(f"\ngrouped {FOLDS}-fold cross-validation over all {len(data)} rows "
          f"({len(set(docs))} documents), penalty {lam_all:g} (chosen on the same folds: "
          + ", ".join(f"{l:g}: {v:.4f}" for l, v in losses.items()) + ")")
    table("all rows, old model", old, ys)
    table("all rows, new model, out of fold", cv, ys)
    for title, pick in (("older files", lambda n: n not in HELD_OUT), ("newest two files", lambda n: n in HELD_OUT)):
        sel = [(p, y) for p, y, (n, _, _) in zip(cv, ys, kept) if pick(n)]
        print(f"out of fold, {title}: n = {len(sel)}, mean score {sum(p for p, _ in sel) / len(sel):.3f}, "
              f"share right {sum(y for _, y in sel) / len(sel):.3f}, AUC {auc(*zip(*sel)):.3f}")
    thresholds("all rows, new model, out of fold", cv, ys)
    newest = [(p, y) for p, y, (n, _, _) in zip(cv, ys, kept) if n in HELD_OUT]
    table("newest two files, new model, out of fold", *map(list, zip(*newest)))
    d, lo, hi = auc_difference(cv, old, ys, docs)
    print(f"\nall rows, AUC new out of fold - old: {d:+.3f} [{lo:+.3f}, {hi:+.3f}] (95 %, 1000 document bootstrap draws)")
    thresholds("newest two files, new model, out of fold", *map(list, zip(*newest)))

    final = rounded(fit(data, lam_all, HAND))
    fitted = [score(final, x) for x, _ in data]
    newest = [(p, y) for p, y, (n, _, _) in zip(fitted, ys, kept) if n in HELD_OUT]
    table("newest two files, shipped model (IN SAMPLE)", *map(list, zip(*newest)))
    table("all rows, shipped model (IN SAMPLE: fitted on these rows)", fitted, ys)
    rust_table(final)

    if args.check:
        bad = 0
        coded = [json.loads(l) for l in open(args.check, encoding="utf-8")]
        for m in coded:
            mine = score(final, features(m))
            if abs(mine - m["confidence"]) > 0.0051:
                bad += 1
                if bad <= 10:
                    print(f"MISMATCH {m['doc_id']} {m['evidence']['verb_span']}: rust {m['confidence']} "
                          f"python {mine} {features(m)}", file=sys.stderr)
        print(f"\ncheck: {len(coded)} mentions, {bad} scores differ from the Rust code's")
        sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
