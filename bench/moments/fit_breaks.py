#!/usr/bin/env python3
"""Fits the passage-break model (crates/moments/src/breaks.rs) on the evaluation set's
tuning material only (the tune and revoiced splits): a logistic regression from each gap's cues to whether it is a break
(a planted passage's edge) or not (inside a passage); gaps between ordinary sentences
are left out.
Classes are weighted equally; a small L2 keeps the weights readable. Plain Python, so
it runs anywhere the bench does. Prints the WEIGHTS and BIAS to paste into breaks.rs.

    run=(cargo run --release -p reelcut-moments --features asr --example talksets --)
    for split in tune revoiced; do
      "${run[@]}" --only $split --dump-gaps /tmp/gaps.csv
      "${run[@]}" --only $split --asr --dump-gaps /tmp/gaps.csv
    done
    python3 bench/moments/fit_breaks.py /tmp/gaps.csv

(--dump-gaps appends, writing the header only to a new file.)
"""
import csv
import math
import sys

# Label 2 (a gap between sentences of no passage) says nothing about where a passage
# starts or ends: left out.
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["break"] != "2"]
names = [k for k in rows[0] if k not in ("talk", "gap", "break")]
X = [[float(r[k]) for k in names] for r in rows]
y = [int(r["break"]) for r in rows]
pos = sum(y)
neg = len(y) - pos
weight = [0.5 / pos if t else 0.5 / neg for t in y]
w = [0.0] * len(names)
b = 0.0
L2 = 0.01
for step in range(6000):
    gw = [L2 * wi for wi in w]
    gb = 0.0
    for xi, yi, si in zip(X, y, weight):
        z = b + sum(a * c for a, c in zip(w, xi))
        p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        d = (p - yi) * si
        for k, xk in enumerate(xi):
            gw[k] += d * xk
        gb += d
    w = [wi - 0.5 * g for wi, g in zip(w, gw)]
    b -= 0.5 * gb


def accuracy(threshold=0.5):
    hits = {0: [0, 0], 1: [0, 0]}
    for xi, yi in zip(X, y):
        z = b + sum(a * c for a, c in zip(w, xi))
        p = 1.0 / (1.0 + math.exp(-z))
        hits[yi][0] += int((p >= threshold) == bool(yi))
        hits[yi][1] += 1
    return {k: f"{v[0]}/{v[1]}" for k, v in hits.items()}


print(f"gaps: {len(y)} ({pos} breaks, {neg} inside a passage); correct by class: {accuracy()}")
for n, wi in zip(names, w):
    print(f"  {n:>16} {wi:+.2f}")
print("const WEIGHTS: [f32; %d] = [%s];" % (len(w), ", ".join(f"{wi:.2f}" for wi in w)))
print(f"const BIAS: f32 = {b:.2f};")
