#!/usr/bin/env python3
"""Stored model files for tests/model_files.rs: a small valid model (`base.json`, with a
frame head and a whole-article head) and variants of it, each with one defect that
`stancer` must refuse at load, with one line on stderr and exit code 2.

Run from the repository root after `cargo build --release` (again whenever the model
format changes):

    python3 tests/data/models/make.py

The training data are the first two sentences of the first 24 composed articles
(`tiny.csv`, `tiny_documents.csv`, written here too).
"""
import copy
import csv
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
BIN = os.path.join(ROOT, "target", "release", "stancer")


def tiny_corpus():
    with open(os.path.join(ROOT, "labels", "composed_documents.csv"), newline="") as f:
        docs = list(csv.DictReader(f))[:24]
    keep = {d["doc_id"] for d in docs}
    with open(os.path.join(ROOT, "labels", "composed_sentences.csv"), newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["doc_id"] in keep and int(r["sent_id"]) < 2]
    with open(os.path.join(HERE, "tiny.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["doc_id", "sent_id", "text", "stance", "frame"])
        for r in rows:
            w.writerow([r["doc_id"], r["sent_id"], r["text"], r["stance"], r["frame"]])
    with open(os.path.join(HERE, "tiny_documents.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["doc_id", "stance"])
        for d in docs:
            w.writerow([d["doc_id"], d["stance"]])


def drop_row(array):
    """An ndarray matrix ({"v", "dim", "data"}) without its last row."""
    rows, cols = array["dim"]
    array["dim"] = [rows - 1, cols]
    array["data"] = array["data"][: (rows - 1) * cols]


def variants(base):
    """(file name, edit) pairs; each edit breaks one thing."""

    def head(m):
        return m["aggregator"]["head"]

    def set_features(key, value):
        def edit(m):
            m["params"]["features"][key] = value
            m["vectorizer"]["config"][key] = value

        return edit

    def stance_weight(m):
        m["stance"]["weights"]["data"][0] = 1e300

    def frame_intercept(m):
        m["frame"]["intercept"]["data"].append(0.0)

    def idf_negative(m):
        m["vectorizer"]["idf"][0] = -1.0

    def idf_short(m):
        m["vectorizer"]["idf"].pop()

    def partisan_unknown(m):
        m["aggregator"] = {
            "method": "partisan_share",
            "neutral": "neutral",
            "sides": ["georgian", "pro_tskhinvali"],
            "threshold": 0.2,
            "dominance": 1.5,
        }

    def stacked_shape(m):
        m["aggregator"] = {"method": "stacked", "head": copy.deepcopy(head(m))}

    return [
        ("article_head_rows.json", lambda m: drop_row(head(m)["weights"])),
        ("article_head_label.json", lambda m: head(m)["labels"].__setitem__(0, "unheard_of")),
        ("article_head_stacked_shape.json", stacked_shape),
        ("article_rule_unknown_label.json", partisan_unknown),
        ("stance_labels_empty.json", lambda m: m["stance"].__setitem__("labels", [])),
        ("stance_labels_duplicate.json", lambda m: m["stance"]["labels"].__setitem__(1, m["stance"]["labels"][0])),
        ("stance_head_rows.json", lambda m: drop_row(m["stance"]["weights"])),
        ("stance_weight_huge.json", stance_weight),
        ("frame_labels_empty.json", lambda m: m["frame"].__setitem__("labels", [])),
        ("frame_intercepts.json", frame_intercept),
        ("char_ngrams_zero.json", set_features("char_ngrams", [0, 3])),
        ("word_ngrams_huge.json", set_features("word_ngrams", [1, 100000])),
        ("word_ngrams_zero.json", set_features("word_ngrams", [0, 2])),
        ("idf_negative.json", idf_negative),
        ("idf_short.json", idf_short),
        ("format_version_99.json", lambda m: m.__setitem__("format_version", 99)),
        # A key this stancer does not know (a newer model's, or a typo) was ignored.
        ("unknown_key.json", lambda m: m.__setitem__("calibration", {"method": "isotonic"})),
    ]


def main():
    tiny_corpus()
    base_path = os.path.join(HERE, "base.json")
    subprocess.run(
        [BIN, "train", "--data", os.path.join(HERE, "tiny.csv"),
         "--doc-labels", os.path.join(HERE, "tiny_documents.csv"),
         "--min-df", "2", "--out", base_path],
        cwd=ROOT, check=True,
    )
    with open(base_path) as f:
        base = json.load(f)
    assert base["aggregator"]["method"] == "document_tfidf", base["aggregator"]["method"]
    bad = os.path.join(HERE, "bad")
    os.makedirs(bad, exist_ok=True)
    for name, edit in variants(base):
        m = copy.deepcopy(base)
        edit(m)
        with open(os.path.join(bad, name), "w") as f:
            json.dump(m, f, separators=(",", ":"))
            f.write("\n")
    text = open(base_path).read()
    with open(os.path.join(bad, "truncated.json"), "w") as f:
        f.write(text[: len(text) // 2])
    with open(os.path.join(bad, "not_json.json"), "w") as f:
        f.write("doc_id,text\n1,not a model\n")


if __name__ == "__main__":
    main()
