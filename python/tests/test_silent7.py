"""Regressions of the seventh "nothing silent" audit in the Python package; each failed
before its fix."""

from __future__ import annotations

import warnings

import pandas as pd
import polars as pl
import pytest

import stancer

TEXTS = ["Russian troops remain in occupied Abkhazia.", "Sukhumi held elections.",
         "Tbilisi protested."]


@pytest.mark.parametrize("frame", [pd.DataFrame, pl.DataFrame])
def test_repeated_ids_are_warned_about(frame):
    # The CLI warns when records repeat an id (their rows cannot be told apart by id);
    # score_frame and score gave the rows without a word, and a join back by id paired
    # one article's scores with two.
    model = stancer.load()
    df = frame({"url": ["u1", "u2", "u1"], "text": TEXTS})
    with pytest.warns(UserWarning, match=r"ids: 1 row\(s\) repeat an earlier id; the first "
                                         r"is `u1` at row 2, first given at row 0"):
        scores = model.score_frame(df, id_col="url", level="document")
    assert len(scores) == 3
    with pytest.warns(UserWarning, match="repeat an earlier id"):
        model.score(TEXTS, ids=["a", "a", "b"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.score_frame(frame({"url": ["u1", "u2", "u3"], "text": TEXTS}), id_col="url")


@pytest.mark.parametrize("frame", [pd.DataFrame, pl.DataFrame])
def test_a_kept_column_named_twice_is_refused(frame):
    # keep=["outlet", "outlet"] gave two `outlet` columns; the CLI refuses --keep-cols
    # naming a column twice.
    df = frame({"text": TEXTS, "outlet": ["A", "B", "C"]})
    with pytest.raises(ValueError, match=r"keep= names \['outlet'\] more than once"):
        stancer.load().score_frame(df, keep=["outlet", "outlet"])
