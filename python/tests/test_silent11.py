"""Regressions of the eleventh "nothing silent" audit in the Python package. Each failed
before its fix."""

from __future__ import annotations

import math
import warnings

import pandas as pd
import pytest

import stancer
from conftest import TWO_CLASS_TEXTS as TEXTS, two_class_frame as _frame


def _doc_labels(docs):
    return {f"a{k}_{d}": stance for k, (stance, _) in enumerate(TEXTS) for d in range(docs[k])}


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA])
def test_a_missing_article_label_is_refused_naming_the_article(missing):
    # `str()` made a missing label the label `None`, `nan` or `<NA>`: with labels="any" a
    # class of its own where the sentences hold one so spelled, else an error about a
    # label nobody wrote.
    labels = _doc_labels([4, 4])
    labels["a1_3"] = missing
    with pytest.raises(ValueError, match=r"doc_labels: article 'a1_3' has no label"):
        stancer.train(_frame([4, 4]), labels="any", doc_labels=labels)
    labels = _doc_labels([4, 4])
    labels[missing] = "georgian"
    with pytest.raises(ValueError, match=r"doc_labels: an article id is missing"):
        stancer.train(_frame([4, 4]), labels="any", doc_labels=labels)


def test_failed_out_of_fold_fits_of_the_article_rule_are_warned_about():
    # One neutral article among six Georgian ones: the out-of-fold fit that holds it out
    # has one class and failed; its article was left out of the rule's fit in silence.
    # (The library's warning, tests/regression_silent11.rs; here, that train gives it.)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        stancer.train(_frame([6, 1]), labels="any", doc_labels=_doc_labels([6, 1]))
    said = [str(w.message) for w in caught if "out-of-fold fits" in str(w.message)]
    assert len(said) == 1 and "1 of the 7 labeled articles" in said[0], said


def test_identical_bench_sets_are_warned_about():
    # Two sets with the same settings under different names: their results are equal by
    # construction, and nothing said so.
    config = {"folds": 2, "set": [{"name": "one"}, {"name": "two"},
                                  {"name": "three", "features": {"word_ngrams": [1, 1]}}]}
    with pytest.warns(UserWarning, match=r"sets `one` and `two` have the same settings"):
        stancer.bench(_frame([4, 4]), labels="any", config=config)


def test_a_frame_column_left_unread_is_warned_about():
    # `stancer train` reads a `frame` column by default; train(df) with the same data left
    # it unread (frame_col=None), and the model had no frame head, without a word.
    df = _frame([4, 4])
    df["frame"] = ["occupied" if s == "georgian" else "none" for s in df["stance"]]
    with pytest.warns(UserWarning, match=r"train: the DataFrame has a `frame` column, but "
                                         r"frame_col=None leaves it unread"):
        model = stancer.train(df, labels="any")
    assert model.frame_labels is None
    with pytest.warns(UserWarning, match=r"evaluate: the DataFrame has a `frame` column"):
        stancer.evaluate(df, labels="any", folds=2)
    # frame_col="" says that only the stance head is wanted; frame_col="frame" reads it.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert stancer.train(df, labels="any", frame_col="").frame_labels is None
        assert stancer.train(df, labels="any", frame_col="frame").frame_labels is not None
    assert not [w for w in caught if "`frame` column" in str(w.message)]
