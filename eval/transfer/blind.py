#!/usr/bin/env python3
"""Items shaped like the hidden real set, written blind to the model: how a model scores them.

`blind.jsonl` holds 48 short documents (187 sentences) in the genres of the maintainers'
hidden set: Western wire stories, explainers and op-eds, de facto ministry statements and
teasers, Georgian government and media items, UN General Debate excerpts by Georgia, Russia
and third states, Russian state media, and texts about other conflicts. They were written on
2026-12-07 by a helper that read only docs/LABELING.md, the seeds and a few MFA items, never
the code, the lexicon or labels/, and labeled by the guide at article and sentence level
(two passes over the article labels, 48 of 48 the same). No 8-word run is shared with the
seeds or ../shared/datasets. It is a probe, not training data, and not held out any more:
its errors showed the gaps fixed on that day (docs/TRANSFER.md).

This scores every document with a stancer binary and reports article stance accuracy and
macro-F1, and sentence stance and frame macro-F1 (each gold sentence matched to the
scored sentence that covers it; where the segmenter cut one gold sentence in two, the
first partisan label among its pieces).

`blind_held_out.jsonl` holds 32 more (128 sentences), written the same way by another
helper after those fixes, and scored once with the model they were made for: held out.

A third round (2026-12-07, second session) by two more helpers, blind in the same way:
`blind_round3.jsonl` (48 documents, 192 sentences) whose errors showed the gaps fixed that
session, so no longer held out, and `blind_round3_held_out.jsonl` (36 documents, 150
sentences), scored once after those fixes, whose errors then showed more gaps, so no
longer held out; and `blind_round4_held_out.jsonl` (40 documents, 153 sentences) by a fourth
helper, scored once with the model of that session's end: held out.

Rounds five and six (2026-12-08, two more helpers, blind the same way): Western news as
scraped pages with their furniture, and official voices. Each is split by genre into a dev
half (`blind_round5_dev.jsonl`, `blind_round6_dev.jsonl`) and a held-out half
(`blind_round5_held_out.jsonl`, `blind_round6_held_out.jsonl`) scored once at that session's
end (docs/TRANSFER.md).

    python3 eval/transfer/blind.py [--items blind_held_out.jsonl | blind_round3.jsonl |
        blind_round3_held_out.jsonl | blind_round4_held_out.jsonl] [--bin target/release/stancer]
        [--model FILE] [-v]
"""
import argparse
import json
import os
import subprocess

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--bin", default=os.path.join(here, "..", "..", "target", "release", "stancer"))
ap.add_argument("--model", default=None)
ap.add_argument("-v", action="store_true", help="list every wrong sentence and article")
ap.add_argument("--items", default="blind.jsonl", help="the items (a file beside this script)")
a = ap.parse_args()
items = [json.loads(l) for l in open(os.path.join(here, a.items))]
docs = "".join(json.dumps({"id": it["id"], "text": it["text"]}) + "\n" for it in items)


def score(level):
    cmd = [a.bin, "score", "--input-format", "jsonl", "--id-col", "id", "--level", level,
           "--format", "jsonl", "-"]
    if a.model:
        cmd += ["--model", a.model]
    out = subprocess.run(cmd, input=docs, capture_output=True, text=True, check=True).stdout
    return [json.loads(l) for l in out.splitlines() if l.strip()]


def macro_f1(gold, pred):
    f = []
    for c in sorted(set(gold)):
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        f.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f) / len(f)


articles = {r["doc_id"]: r for r in score("document")}
assert len(articles) == len(items), "one article row per document"
by_doc = {}
for r in score("sentence"):
    by_doc.setdefault(r["doc_id"], []).append(r)
gold_s, pred_s, gold_f, pred_f, wrong = [], [], [], [], []
for it in items:
    pos = 0
    for s in it["sentences"]:
        start = it["text"].index(s["text"], pos)
        end = pos = start + len(s["text"])
        cover = [r for r in by_doc[it["id"]] if r["start_char"] < end and r["end_char"] > start]
        stance = next((r["stance"] for r in cover if r["stance"] != "neutral_wire"), "neutral_wire")
        frame = next((r["frame"] for r in cover if r["frame"] != "none"), "none")
        gold_s.append(s["stance"]); pred_s.append(stance)
        gold_f.append(s["frame"]); pred_f.append(frame)
        if (stance, frame) != (s["stance"], s["frame"]):
            wrong.append(f"  {it['id']} {s['stance']}/{s['frame']} -> {stance}/{frame}: {s['text']}")
gold_d = [it["gold"] for it in items]
pred_d = [articles[it["id"]]["stance"] for it in items]
right = sum(g == p for g, p in zip(gold_d, pred_d))
print(f"articles: {right} of {len(items)} right, stance macro-F1 {macro_f1(gold_d, pred_d):.3f}")
print(f"sentences ({len(gold_s)}): stance macro-F1 {macro_f1(gold_s, pred_s):.3f}, "
      f"frame macro-F1 {macro_f1(gold_f, pred_f):.3f}")
if a.v:
    for it, p in zip(items, pred_d):
        if p != it["gold"]:
            print(f"  article {it['id']} ({it['speaker']}): {it['gold']} -> {p}")
    print("\n".join(wrong))
