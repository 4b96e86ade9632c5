#!/usr/bin/env python3
"""Real text about something else: how often a model calls it partisan.

Researchers score whole archives, and most of an archive is not about South Ossetia or
Abkhazia. The guide's marker words are everywhere in other news: American politics'
"deep state" and "not my President" (scare-quoted institutions), "a self-proclaimed
leader", "the occupied territories" of the Middle East, "sovereign citizens". By the
guide a sentence without a marker of this conflict is `neutral_wire`, and so is an
article about something else. This scores two sets of real texts no one here wrote and
that are not training data, read from `../shared/datasets/` (never copied into the repo):

- the 645 articles of SemEval-2019 Task 4's by-article training set (Hyperpartisan,
  American political news, title and body);
- the 1,575 posts of 20 Newsgroups' `talk.politics.*` groups (training split: guns,
  the Middle East, miscellaneous).

It prints, for each set, how many articles and sentences the model calls partisan, and
the partisan sentences themselves. Every call is wrong by the guide unless the text is
about this conflict, which the table shows (a Hyperpartisan article mentioning the US
state of Georgia is on topic to the rule). It measures false alarms on text about
something else, not accuracy on this conflict.

    python3 eval/transfer/off_topic.py [--bin target/release/stancer] [--model FILE]
        [--datasets ../shared/datasets] [--out eval/transfer/off_topic.md]

(`DATASETS=/path` or `--datasets` for a checkout that is not beside `shared/`.)

python3 standard library only; run from the repository root after `cargo build --release`.
"""
import argparse
import collections
import csv
import io
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..", "..")
ap = argparse.ArgumentParser()
ap.add_argument("--bin", default=os.path.join(root, "target", "release", "stancer"))
ap.add_argument("--model", default=None)
ap.add_argument("--datasets", default=os.environ.get(
    "DATASETS", os.path.join(root, "..", "shared", "datasets")))
ap.add_argument("--out", default=os.path.join(here, "off_topic.md"))
a = ap.parse_args()
csv.field_size_limit(sys.maxsize)


def hyperpartisan():
    path = os.path.join(a.datasets, "hyperpartisan2019", "train.csv")
    for r in csv.DictReader(open(path, encoding="utf-8")):
        yield r["id"], f"{r['title']}. {r['text']}".strip()


def newsgroups():
    path = os.path.join(a.datasets, "20newsgroups", "train.csv")
    for r in csv.DictReader(open(path, encoding="utf-8")):
        if r["label"].startswith("talk.politics") and r["text"].strip():
            yield r["id"], r["text"].strip()


def score(records, level):
    data = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in records)
    cmd = [a.bin, "score", "--input-format", "jsonl", "--id-col", "id", "--format", "csv",
           "--level", level, "-"]
    if a.model:
        cmd += ["--model", a.model]
    out = subprocess.run(cmd, input=data, capture_output=True, text=True, check=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


lines = [
    "# Real text about something else",
    "",
    "Written by `python3 eval/transfer/off_topic.py` (the shipped model, built by `cargo build "
    "--release`). Real articles and posts about other things, read from `../shared/datasets/`; "
    "by the guide every one of them is `neutral_wire`, so each partisan call is a false alarm "
    "(see the script's docstring). Not training data.",
    "",
    "| set | articles | called partisan | sentences | called partisan |",
    "|---|---|---|---|---|",
]
examples = []
for name, records in [("Hyperpartisan 2019, by-article training set", list(hyperpartisan())),
                      ("20 Newsgroups talk.politics.*, training split", list(newsgroups()))]:
    docs = score(records, "document")
    sents = score(records, "sentence")
    assert len(docs) == len(records), "one article row per record"
    bad_docs = collections.Counter(d["stance"] for d in docs if d["stance"] != "neutral_wire")
    bad_sents = [s for s in sents if s["status"] == "ok" and s["stance"] != "neutral_wire"]
    by_side = collections.Counter(s["stance"] for s in bad_sents)
    fmt = lambda c: ", ".join(f"{k} {v}" for k, v in sorted(c.items())) or "none"
    lines.append(f"| {name} | {len(docs)} | {sum(bad_docs.values())} ({fmt(bad_docs)}) | "
                 f"{len(sents)} | {len(bad_sents)} ({fmt(by_side)}) |")
    examples += [(name, s) for s in bad_sents]
lines += ["", "The sentences called partisan:", "",
          "| set | id | called | p | frame terms | sentence |", "|---|---|---|---|---|---|"]
for name, s in examples:
    p = float(s[f"p_{s['stance']}"])
    text = " ".join(s["text"].split())[:160].replace("|", "\\|")
    terms = s["frame_terms"][:80].replace("|", "\\|")
    lines.append(f"| {name.split(',')[0]} | {s['doc_id']} | {s['stance']} | {p:.2f} | {terms} | {text} |")
report = "\n".join(lines) + "\n"
tmp = a.out + ".tmp"
with open(tmp, "w", encoding="utf-8") as f:
    f.write(report)
os.replace(tmp, a.out)
print(report)
