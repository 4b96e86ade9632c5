"""Draw the seeded 20% sample of composed sentences for the blind second labeling pass.

    python3 labels/agreement/sample.py   # writes labels/agreement/blind_sample.csv

The sample carries the article's style and the surrounding sentences (context), never the
first-pass labels, so the second pass is blind to them.
"""
import csv
import random

rows = list(csv.DictReader(open("labels/composed_sentences.csv", encoding="utf-8")))
by_doc = {}
for r in rows:
    by_doc.setdefault(r["doc_id"], []).append(r)
rng = random.Random(20261123)
picked = sorted(rng.sample(range(len(rows)), k=round(0.2 * len(rows))))
with open("labels/agreement/blind_sample.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["doc_id", "sent_id", "style", "text", "context_before", "context_after"])
    for i in picked:
        r = rows[i]
        doc = by_doc[r["doc_id"]]
        k = int(r["sent_id"])
        before = " ".join(s["text"] for s in doc[max(0, k - 2):k])
        after = " ".join(s["text"] for s in doc[k + 1:k + 3])
        w.writerow([r["doc_id"], r["sent_id"], r["style"], r["text"], before, after])
print(len(picked), "sentences sampled")
