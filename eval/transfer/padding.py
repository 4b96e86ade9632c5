#!/usr/bin/env python3
"""Does an article head read length? The padding probe behind `eval/transfer/padding.md`.

Real articles are longer than the labeled ones: a UN General Debate speech runs to sixty
sentences with five about Georgia, a wire story to forty. Neutral factual sentences do not
change an article's stance by the guide (they are not "neutral offsetting": that is
attribution and neutral descriptors), so a head that turns a Georgian statement neutral
when plain sentences are added is reading length, not wording.

The probe: models are trained on every source except the second composition round
(`composed_hard`), once per article rule; each held-out article is then scored as it is
and with k plain sentences inserted at seeded random places. The plain sentences are the
first round's `neutral_wire` sentences with no frame term (by the tagger), no verb of
saying, no first person and no quotation mark. Prints and writes the markdown table.

    python3 eval/transfer/padding.py [--stancer target/release/stancer] [--out eval/transfer/padding.md]

Run from the repository root after `cargo build --release`; python3 standard library only.
"""

import argparse
import collections
import csv
import json
import os
import random
import re
import subprocess
import sys
import tempfile

RULES = ["guide", "document_tfidf", "guide_and_tfidf"]
PADS = [0, 10, 30, 60]
LABELS = ["georgian", "neutral_wire", "pro_tskhinvali"]
TRAIN = ["seed", "composed", "composed_quotes", "composed_short", "mfa_rso"]
HELD_OUT = "composed_hard"
SAYING = re.compile(
    r"\b(said|says|say|told|tell|according|stated|states|announced|claims?|claimed|"
    r"insists?|insisted|argued?|argues|reported|added|noted|we|our|us|called|calls)\b",
    re.I,
)


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)}\n{r.stderr}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stancer", default="target/release/stancer")
    ap.add_argument("--config", default="eval/default.toml")
    ap.add_argument("--out", default="eval/transfer/padding.md")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    tmp = tempfile.mkdtemp(prefix="stancer-padding-")
    config = open(a.config, encoding="utf-8").read()

    models = {}
    for rule in RULES:
        cfg = os.path.join(tmp, f"{rule}.toml")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(re.sub(r'(?m)^document = ".*"$', f'document = "{rule}"', config))
        models[rule] = os.path.join(tmp, f"{rule}.json")
        run([a.stancer, "train", "--data", *[f"labels/{s}_sentences.csv" for s in TRAIN],
             "--doc-labels", *[f"labels/{s}_documents.csv" for s in TRAIN],
             "--config", cfg, "--out", models[rule]])

    # Plain sentences: no saying, no first person, no quotes, then no frame term at all.
    candidates = [r["text"] for r in csv.DictReader(open("labels/composed_sentences.csv", encoding="utf-8"))
                  if r["stance"] == "neutral_wire" and not SAYING.search(r["text"])
                  and not any(q in r["text"] for q in "“”\"")]
    cand = os.path.join(tmp, "candidates.jsonl")
    with open(cand, "w", encoding="utf-8") as f:
        for i, t in enumerate(candidates):
            f.write(json.dumps({"id": str(i), "text": t}) + "\n")
    tagged = os.path.join(tmp, "candidates_scored.jsonl")
    run([a.stancer, "score", cand, "--input-format", "jsonl", "--level", "sentence",
         "--format", "jsonl", "--model", models["document_tfidf"], "-o", tagged])
    plain = [json.loads(l)["text"] for l in open(tagged, encoding="utf-8")
             if not json.loads(l)["terms"]]

    by_doc = collections.defaultdict(list)
    for r in csv.DictReader(open(f"labels/{HELD_OUT}_sentences.csv", encoding="utf-8")):
        by_doc[r["doc_id"]].append(r["text"])
    gold = {r["doc_id"]: r["stance"] for r in csv.DictReader(open(f"labels/{HELD_OUT}_documents.csv", encoding="utf-8"))}
    docs = sorted(by_doc)
    results = {}
    for k in PADS:
        path = os.path.join(tmp, f"pad{k}.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for d in docs:
                out = list(by_doc[d])
                for t in rng.sample(plain, k):
                    out.insert(rng.randint(1, len(out)), t)
                f.write(json.dumps({"id": d, "text": " ".join(out)}) + "\n")
        for rule in RULES:
            scored = os.path.join(tmp, f"pad{k}_{rule}.jsonl")
            run([a.stancer, "score", path, "--input-format", "jsonl", "--id-col", "id",
                 "--level", "document", "--format", "jsonl", "--model", models[rule], "-o", scored])
            hits = collections.Counter()
            for line in open(scored, encoding="utf-8"):
                row = json.loads(line)
                g = gold[row["doc_id"]]
                hits[g, row["stance"] == g] += 1
            results[k, rule] = {l: hits[l, True] / max(1, hits[l, True] + hits[l, False]) for l in LABELS}

    counts = collections.Counter(gold[d] for d in docs)
    lines = [
        "# Padding probe: does the article head read length?",
        "",
        "Written by `python3 eval/transfer/padding.py` (see its docstring). Models trained on "
        f"{', '.join(TRAIN)} with `{a.config}` and each article rule; the {len(docs)} `{HELD_OUT}` "
        f"articles ({', '.join(f'{counts[l]} {l}' for l in LABELS)}) scored with k plain sentences "
        f"inserted ({len(plain)} plain sentences to draw from, seed {a.seed}). Accuracy per gold "
        "article stance; by the guide the label does not change with k.",
        "",
        "| article rule | k | " + " | ".join(LABELS) + " |",
        "|---|---|" + "---|" * len(LABELS),
    ]
    for rule in RULES:
        for k in PADS:
            r = results[k, rule]
            lines.append(f"| {rule} | {k} | " + " | ".join(f"{r[l]:.2f}" for l in LABELS) + " |")
    text = "\n".join(lines) + "\n"
    print(text)
    with open(a.out + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(a.out + ".tmp", a.out)


if __name__ == "__main__":
    main()
