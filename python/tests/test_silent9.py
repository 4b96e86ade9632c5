"""Regressions of the ninth "nothing silent" audit in the Python package; each failed
before its fix."""

from __future__ import annotations

import warnings

import pandas as pd
import polars as pl
import pytest

import stancer

ARTICLES = ["Talks resumed in Geneva.", "Troops remain in occupied Abkhazia.",
            "The Republic of South Ossetia marked its independence."]


@pytest.fixture(scope="module")
def model():
    return stancer.load()


def test_position_ids_of_a_frame_whose_index_is_not_0_1_2_are_warned_about(model):
    # Without id_col, doc_id is the row's position: after filtering (or sorting) doc_id `0`
    # is the first row scored, whatever its label, and sentence rows joined back by label
    # (`news.loc[int(doc_id)]`) met another article, without a word.
    news = pd.DataFrame({"body": ARTICLES})
    sub = news[news.index > 0]
    with pytest.warns(UserWarning, match=r"score_frame: no id_col, so doc_id is each row's "
                                         r"position \(0 to 1\), not its index label; the index "
                                         r"is not 0, 1, \.\.\. \(1, 2\).*pass id_col="):
        rows = model.score_frame(sub, text_col="body")
    assert list(rows["doc_id"].unique()) == ["0", "1"]
    # What the warning is about: the label `0` is no row of `sub`, and in `news` it is
    # another article than the one scored.
    assert rows["text"][0] == ARTICLES[1]
    assert news.loc[int(rows["doc_id"][0]), "body"] == ARTICLES[0]
    # Article rows keep the index (a column assigned back aligns), doc_id does not follow.
    with pytest.warns(UserWarning, match=r"the article rows keep df's index"):
        docs = model.score_frame(sub.sort_values("body"), text_col="body", level="document")
    assert list(docs.index) == [2, 1] and list(docs["doc_id"]) == ["0", "1"]
    # A string index, and a pandas Series given to score().
    with pytest.warns(UserWarning, match=r"\('a', 'b', 'c'\)"):
        model.score_frame(news.set_axis(["a", "b", "c"]), text_col="body")
    with pytest.warns(UserWarning, match=r"score: a pandas Series: no id_col"):
        model.score(sub["body"])


def test_ids_that_are_the_index_or_a_column_are_not_warned_about(model):
    # A default index (or one that reads 0, 1, ... ), a given id_col, or polars (no index):
    # the positions are the labels, and nothing is said.
    df = pd.DataFrame({"body": ARTICLES, "url": ["u1", "u2", "u3"]}, index=[30, 10, 20])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.score_frame(df.reset_index(drop=True), text_col="body")
        model.score_frame(df.set_axis([0, 1, 2]), text_col="body")
        got = model.score_frame(df, text_col="body", id_col="url", level="document")
        model.score(df["body"].reset_index(drop=True))
        polars = model.score_frame(pl.DataFrame({"body": ARTICLES}), text_col="body",
                                   level="document")
    assert list(got["doc_id"]) == ["u1", "u2", "u3"]
    # polars numbers rows as pandas numbers a frame of a default index.
    assert polars["doc_id"].to_list() == ["0", "1", "2"]
    assert polars["doc_id"].to_list() == list(
        model.score_frame(df.reset_index(drop=True), text_col="body", level="document")["doc_id"])
