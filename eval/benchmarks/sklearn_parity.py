#!/usr/bin/env python3
"""scikit-learn on the folds stancer used: the parity check of issue 17.

Reads the JSON report of a `stancer eval` run on the SemEval-2016 training split (one
model per target, `[search]` choosing C by inner CV) and runs the maintainers' scikit-learn
pipeline on exactly the same outer folds and, for each (outer fold, target), the same inner
folds:

    FeatureUnion([word TfidfVectorizer(ngram_range=(1, 3), token_pattern=P),
                  char TfidfVectorizer(analyzer="char", ngram_range=(2, 5))])
    -> LogisticRegression() or LinearSVC(), C chosen on the inner folds as GridSearchCV
       does (best mean F_avg over the inner folds, ties to the first C; refit on the
       whole training side), F_avg = mean F1 of FAVOR and AGAINST

where P is the `token_pattern` the stancer run used (read from its report; the
configurations in eval/benchmarks/semeval2016/ set scikit-learn's default, so both sides
cut words alike), scikit-learn's defaults otherwise (raw tf, smooth idf, l2 per block, no
class weights),
except LogisticRegression(solver="newton-cg", max_iter=1000): the same objective and
stopping rule as the default lbfgs (largest gradient entry <= tol), reached in a few Newton
steps, where lbfgs took ~2.5 hours for the grid on the 2-core machine; max_iter so that
large C converges. Prints stancer's and scikit-learn's F_avg on the pooled out-of-fold
predictions, how often the two chose the same C, and how far apart their inner-CV scores
are.

    eval/benchmarks/sklearn_parity.py --report target/benchmarks/semeval2016/cv_sk_lr.json \
        --model logistic --data TRIAL TRAINING
Needs scikit-learn (tested with 1.9.1). Run by `eval/benchmarks/run.sh parity`.
"""

import argparse
import csv
import json
import re
import sys
import time

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

CLASSES = ["FAVOR", "AGAINST"]


def read(paths):
    """Rows (id, target, text, stance) of tab-separated files read as Latin-1, as stancer
    reads them with `-d tab --encoding latin1`."""
    rows = []
    for p in paths:
        with open(p, encoding="latin-1", newline="") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                rows.append((r["ID"], r["Target"], r["Tweet"], r["Stance"]))
    return rows


# --stancer-tokens swaps scikit-learn's word tokens (token_pattern) for an approximation of
# stancer's (one-letter words kept, inner hyphens and apostrophes kept, possessive 's
# dropped) to measure how much of a gap the tokenizers make.
STANCER_TOKENS = r"(?u)[^\W_]+(?:['’-][^\W_]+)*"


def stancer_tokens(text):
    return [
        t[:-2] if t.endswith(("'s", "’s")) else t
        for t in re.findall(STANCER_TOKENS, text)
    ]


# scikit-learn's default token_pattern, for a stancer run whose report names none (stancer
# then cut words with its own tokenizer, and the comparison is not like for like).
SKLEARN_TOKENS = r"(?u)\b\w\w+\b"


def union(pattern, stancer_like=False):
    word = (
        TfidfVectorizer(ngram_range=(1, 3), tokenizer=stancer_tokens, token_pattern=None)
        if stancer_like
        else TfidfVectorizer(ngram_range=(1, 3), token_pattern=pattern)
    )
    return FeatureUnion(
        [
            ("word", word),
            ("char", TfidfVectorizer(analyzer="char", ngram_range=(2, 5))),
        ]
    )


def classifier(model, c):
    if model == "logistic":
        # newton-cg: the same objective and stopping rule (largest gradient entry <= tol)
        # as the default lbfgs, reached in a few Newton steps; lbfgs needs minutes per
        # target here, ~2.5 hours for the whole grid on the 2-core machine.
        return LogisticRegression(C=c, solver="newton-cg", max_iter=1000)
    return LinearSVC(C=c)


def f_avg(gold, pred):
    return f1_score(gold, pred, average="macro", labels=CLASSES, zero_division=0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--report", required=True, help="stancer eval --json report")
    ap.add_argument("--model", required=True, choices=["logistic", "linear_svm"])
    ap.add_argument("--data", nargs="+", required=True)
    ap.add_argument(
        "--stancer-tokens",
        action="store_true",
        help="word tokens cut as stancer cuts them (approximately), not by token_pattern",
    )
    ap.add_argument(
        "--stancer-c",
        action="store_true",
        help="skip the inner search and fit each model with the C stancer chose "
        "(separates the models' agreement from the choice of C)",
    )
    a = ap.parse_args()
    report = json.load(open(a.report))
    rows = read(a.data)
    ids = [r[0] for r in rows]
    if sorted(ids) != sorted({i for f in report["folds"] for i in f["test_groups"]}):
        sys.exit("the report's folds do not cover the same tweets as --data")
    grid = report["params"]["search"]["c"]
    pattern = report["params"]["features"].get("token_pattern")
    if pattern is None:
        print(
            "  (the stancer run used its own tokenizer, not a token_pattern: scikit-learn "
            f"runs with its default {SKLEARN_TOKENS}, so the word features differ)"
        )
        pattern = SKLEARN_TOKENS
    elif not a.stancer_tokens:
        print(f"  (both sides cut words with token_pattern {pattern})")
    chosen = {(s["fold"], s["group"]): s for s in report["search"]}
    gold, pred = [], []
    same_c, inner_gap, n_models = 0, [], 0
    if a.stancer_c:
        print("  (--stancer-c: scikit-learn fitted with stancer's chosen C, no inner search)")
    per_c = np.zeros((2, len(grid)))  # summed inner-CV F_avg per C: stancer, scikit-learn
    start = time.time()
    for i, fold in enumerate(report["folds"]):
        test_ids = set(fold["test_groups"])
        for target in sorted({r[1] for r in rows}):
            train = [r for r in rows if r[1] == target and r[0] not in test_ids]
            test = [r for r in rows if r[1] == target and r[0] in test_ids]
            if not test:
                continue
            rec = chosen[(i, target)]
            # GridSearchCV(pipeline, {"clf__C": grid}, cv=inner folds, scoring=F_avg),
            # written out so that each inner fold is vectorized once for the whole grid
            # (the vectorizer does not depend on C; a Pipeline would refit it per C).
            scores = np.zeros((len(grid), len(rec["inner_test_groups"])))
            inner = [] if a.stancer_c else rec["inner_test_groups"]
            for k, held in enumerate(inner):
                held = set(held)
                tr = [r for r in train if r[0] not in held]
                te = [r for r in train if r[0] in held]
                vec = union(pattern, a.stancer_tokens)
                x_tr = vec.fit_transform([r[2] for r in tr])
                x_te = vec.transform([r[2] for r in te])
                for j, c in enumerate(grid):
                    clf = classifier(a.model, c).fit(x_tr, [r[3] for r in tr])
                    scores[j, k] = f_avg([r[3] for r in te], clf.predict(x_te))
            means = scores.mean(axis=1)
            best = int(np.argmax(means))  # ties: the first in grid order, as GridSearchCV
            if a.stancer_c:
                best = grid.index(rec["chosen"]["c"])
            vec = union(pattern, a.stancer_tokens)
            x_tr = vec.fit_transform([r[2] for r in train])
            clf = classifier(a.model, grid[best]).fit(x_tr, [r[3] for r in train])
            gold += [r[3] for r in test]
            pred += list(clf.predict(vec.transform([r[2] for r in test])))
            n_models += 1
            same_c += grid[best] == rec["chosen"]["c"]
            ours = {c["c"]: c["mean"] for c in rec["candidates"]}
            inner_gap += [abs(ours[c] - t) for c, t in zip(grid, means)]
            per_c += [[ours[c] for c in grid], means]
    sk = f_avg(gold, pred)
    st = report["stance"]["headline"]["model"]["value"]
    print(
        f"{a.model}: stancer F_avg {100 * st:.2f}, scikit-learn {sklearn.__version__} "
        f"F_avg {100 * sk:.2f}, difference {100 * (st - sk):+.2f} points "
        f"(parity target: within 0.3)"
    )
    if a.stancer_c:
        return
    print(
        f"  same C chosen in {same_c} of {n_models} models; inner-CV F_avg per C differs by "
        f"{100 * np.mean(inner_gap):.2f} points on average (max {100 * np.max(inner_gap):.2f}); "
        f"scikit-learn took {time.time() - start:.0f} s"
    )
    print("  inner-CV F_avg per C, mean over the models (stancer / scikit-learn):")
    for c, (o, t) in zip(grid, (100 * per_c / n_models).T):
        print(f"    C={c:<6g} {o:6.2f} / {t:6.2f}")


if __name__ == "__main__":
    main()
