#!/usr/bin/env python3
"""The marker words about somewhere else: how a model labels them.

UN debates and world news use the guide's marker words of everything ("the so-called
rules-based order", "the genocide in Rwanda", "the sovereignty ... of all States"). This
scores the sentences of `elsewhere.csv` (written for this check, not drawn from any outlet,
and not training data) with a stancer binary and prints what it calls each, beside what
the guide calls it. It checks the tagger's target rules (src/features/voice/target.rs)
end to end; it is not an accuracy figure.

    python3 eval/transfer/elsewhere.py [--bin target/release/stancer] [--model FILE]
"""
import argparse
import csv
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--bin", default=os.path.join(here, "..", "..", "target", "release", "stancer"))
ap.add_argument("--model", default=None)
a = ap.parse_args()
rows = list(csv.DictReader(open(os.path.join(here, "elsewhere.csv"))))
cmd = [a.bin, "score", "--input-format", "lines", "--format", "jsonl", "-"]
if a.model:
    cmd += ["--model", a.model]
out = subprocess.run(cmd, input="\n".join(r["text"] for r in rows), capture_output=True,
                     text=True, check=True).stdout
scored = [json.loads(l) for l in out.splitlines() if l.strip()]
assert len(scored) == len(rows), "one output row per input line"
right = 0
print("| expected | predicted | p | sentence |")
print("|---|---|---|---|")
for r, s in zip(rows, scored):
    p = s["stance_probs"][s["stance"]]
    right += s["stance"] == r["expected"]
    print(f"| {r['expected']} | {s['stance']} | {p:.2f} | {r['text']} |")
print(f"\n{right} of {len(rows)} as the guide labels them.")
sys.exit(0)
