#!/usr/bin/env python3
"""Does the way a text is laid out change its verdict? The formats probe behind
`eval/transfer/formats.md`.

Real outlets reach researchers in many layouts: hard-wrapped plain text (e-mail, PDFs, UN
speeches saved as text), Windows line ends, non-breaking spaces from web pages, straight
quotes where the outlet printed curly ones, paragraphs set apart by blank lines, page
furniture around the article. None of these changes what the wording does, so none should
change the verdict. Each of the five real seed articles is scored as it is and in each
layout, and the script prints and writes how many article verdicts and sentence labels
stay the same and how far the article probabilities move. It is a check of the reading
pipeline end to end (segmenter, quotation pairing, tagger, both heads, the article head),
not an accuracy figure.

    python3 eval/transfer/formats.py [--bin target/release/stancer] [--model FILE]
        [--out eval/transfer/formats.md]

Run from the repository root after `cargo build --release`; python3 standard library only.
"""

import argparse
import json
import os
import random
import subprocess
import textwrap

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..", "..")
SEEDS = os.path.join(root, "labels", "seed_articles")
FURNITURE_TOP = ["Share this article", "By Staff Reporter", "Updated 12:04 GMT"]
FURNITURE_BOTTOM = ["Read more:", "© 2024 All rights reserved."]


def wrapped(text, width):
    # Words longer than the width (a URL) are not broken: a mail client leaves them whole.
    return "\n".join(
        "\n".join(textwrap.wrap(p, width, break_on_hyphens=False, break_long_words=False))
        if p.strip() else ""
        for p in text.split("\n")
    )


def nbsp(text, seed):
    rng = random.Random(seed)
    return "".join("\u00a0" if c == " " and rng.random() < 0.2 else c for c in text)


def straight(text):
    for a, b in (("\u201c", '"'), ("\u201d", '"'), ("\u2018", "'"), ("\u2019", "'")):
        text = text.replace(a, b)
    return text


LAYOUTS = [
    ("hard-wrapped at 72 columns", lambda t, s: wrapped(t, 72)),
    ("hard-wrapped at 60 columns, blank line between paragraphs",
     lambda t, s: "\n\n".join(wrapped(p, 60) for p in t.split("\n") if p.strip())),
    ("Windows line ends (CRLF)", lambda t, s: t.replace("\n", "\r\n")),
    ("one space in five non-breaking", nbsp),
    ("straight quotes for curly ones", lambda t, s: straight(t)),
    ("blank line between paragraphs", lambda t, s: t.replace("\n", "\n\n")),
    ("page furniture above and below", lambda t, s: "\n".join(FURNITURE_TOP) + "\n\n" + t
     + "\n\n" + "\n".join(FURNITURE_BOTTOM)),
]


def score(bin_, model, records):
    cmd = [bin_, "score", "--input-format", "jsonl", "--id-col", "id", "--level", "document",
           "--format", "jsonl", "-"]
    if model:
        cmd += ["--model", model]
    out = subprocess.run(cmd, input="\n".join(json.dumps(r) for r in records),
                         capture_output=True, text=True, check=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert len(rows) == len(records), "one output row per input record"
    return {r["doc_id"]: r for r in rows}


def sentence_labels(doc):
    """Sentence label by its words, whitespace and quotation mark shapes aside."""
    return {" ".join(straight(s["text"]).split()): s["stance"] for s in doc["sentences"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(root, "target", "release", "stancer"))
    ap.add_argument("--model", default=None)
    ap.add_argument("--out", default=os.path.join(here, "formats.md"))
    a = ap.parse_args()
    seeds = sorted(f for f in os.listdir(SEEDS) if f.endswith(".txt"))
    texts = {f[:-4]: open(os.path.join(SEEDS, f), encoding="utf-8").read() for f in seeds}
    records = [{"id": k, "text": t} for k, t in texts.items()]
    for i, (name, f) in enumerate(LAYOUTS):
        records += [{"id": f"{k}|{i}", "text": f(t, 7 + n)} for n, (k, t) in enumerate(texts.items())]
    docs = score(a.bin, a.model, records)

    lines = [
        "# Formats probe: the same articles laid out otherwise",
        "",
        "Written by `python3 eval/transfer/formats.py` (the shipped model, built by "
        "`cargo build --release`; see its docstring). Each of the five real seed articles "
        "scored as it is and in each layout; a sentence counts as kept when a sentence of "
        "the same words (whitespace and the shape of quotation marks aside) gets the same stance label.",
        "",
        "| layout | article verdicts kept | largest article probability change | sentences kept |",
        "|---|---|---|---|",
    ]
    for i, (name, _) in enumerate(LAYOUTS):
        same = kept = total = 0
        moved = 0.0
        for k in texts:
            a_doc, b_doc = docs[k], docs[f"{k}|{i}"]
            same += a_doc["stance"] == b_doc["stance"]
            moved = max(moved, max(abs(a_doc["stance_probs"][c] - b_doc["stance_probs"][c])
                                   for c in a_doc["stance_probs"]))
            a_s, b_s = sentence_labels(a_doc), sentence_labels(b_doc)
            total += len(a_s)
            kept += sum(1 for t, lab in a_s.items() if b_s.get(t) == lab)
        lines.append(f"| {name} | {same} of {len(texts)} | {moved:.3f} | {kept} of {total} |")
    text = "\n".join(lines) + "\n"
    print(text, end="")
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
