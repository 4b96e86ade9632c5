#!/usr/bin/env python3
"""Writes TRAIN.csv and TEST.csv from a gen_corpus.py CSV and a file of test doc ids
(anchor_sklearn.py --split-out), so stancer trains on the identical 80/20 split."""
import sys

src, ids, train, test = sys.argv[1:5]
test_ids = set(open(ids).read().split())
with open(src, encoding="utf-8", newline="") as fh, \
        open(train, "w", encoding="utf-8", newline="") as tr, \
        open(test, "w", encoding="utf-8", newline="") as te:
    header = fh.readline()
    tr.write(header)
    te.write(header)
    for line in fh:
        # doc_id is the first field and never quoted in gen_corpus.py output
        (te if line.split(",", 1)[0] in test_ids else tr).write(line)
