"""Regressions of the fourteenth "nothing silent" audit in the Python package. Each failed
before its fix."""

from __future__ import annotations

import math
import warnings

import pytest

import stancer
from conftest import two_class_frame as _frame


def _train(df, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return stancer.train(df, labels="any", **kw)


def test_the_first_of_two_rows_is_named_as_a_row_not_a_line():
    # A frame is handed to the library as CSV; the row of the error was mapped back, but
    # the line inside the message was not: `DataFrame row 3: duplicate (doc_id, sent_id)
    # = (a0_0, 0); first seen on line 2`, a line of a file the user never had.
    df = _frame([2, 2])
    df["sent_id"] = [0, 1, 2] * 4
    df.loc[3, ["doc_id", "sent_id"]] = ["a0_0", 0]
    with pytest.raises(stancer.StancerError) as e:
        _train(df)
    assert str(e.value).startswith("DataFrame row 3: duplicate (doc_id, sent_id) = (a0_0, 0)")
    assert str(e.value).endswith("first seen at row 0")


def test_a_row_of_a_frame_whose_index_is_not_0_1_2_names_its_index_label():
    # The row named is a position; in a filtered or relabeled frame `df.loc[3]` is another
    # row, or none, and nothing said which one was meant.
    df = _frame([4, 4])
    kept = df[df.index % 2 == 1].copy()
    kept.loc[kept.index[3], "stance"] = ""
    with pytest.raises(stancer.StancerError,
                       match=r"^DataFrame row 3 \(index 7\): empty label"):
        _train(kept)
    # A default index is named as before, by its row alone.
    plain = kept.reset_index(drop=True)
    with pytest.raises(stancer.StancerError, match=r"^DataFrame row 3: empty label"):
        _train(plain)


def test_an_empty_frame_is_refused_as_a_frame():
    # It was refused as `DataFrame: line 2: the file has a header but no rows`.
    import polars as pl

    empty = _frame([2, 2]).iloc[:0]
    for df in (empty, pl.from_pandas(empty)):
        with pytest.raises(stancer.StancerError, match=r"^DataFrame: no rows; expected "):
            _train(df)
        with pytest.raises(stancer.StancerError, match=r"^DataFrame: no rows; expected "):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                stancer.evaluate(df, labels="any", folds=2)


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_a_config_value_that_is_not_finite_is_refused_by_its_key(value):
    # json.dumps wrote NaN / Infinity, which are not JSON: `invalid config: expected value
    # at line 1 column 18`, a line of a text the user never wrote.
    with pytest.raises(ValueError, match=r"config: `stance\.c` is (nan|inf); expected a "
                                         r"finite number"):
        _train(_frame([4, 4]), config={"stance": {"c": value}})


@pytest.mark.parametrize("call", [
    lambda df: stancer.evaluate(df, labels="any", folds=-1),
    lambda df: stancer.evaluate(df, labels="any", repeats=-2),
    lambda df: stancer.train(df, labels="any", seed=-1),
    lambda df: stancer.bench(df, labels="any", folds=-3),
])
def test_a_negative_count_is_refused_by_its_name(call):
    # It reached the library as `OverflowError: can't convert negative int to unsigned`,
    # naming no parameter.
    with pytest.raises(ValueError) as e:
        call(_frame([2, 2]))
    assert "must be 0 or more" in str(e.value)
    assert str(e.value).split(" ")[0] in ("folds", "repeats", "seed")


def test_a_float_count_and_a_negative_k_are_named():
    with pytest.raises(TypeError, match="^folds must be an integer; got 2.5"):
        stancer.evaluate(_frame([2, 2]), labels="any", folds=2.5)
    with pytest.raises(ValueError, match="^k must be 0 or more"):
        stancer.load().top_features(-1)


def test_a_datetime_id_column_gives_the_same_ids_in_polars_and_pandas():
    # Arrow's cast wrote a polars datetime as `2020-01-01 00:00:00.000000`, pandas the same
    # column as `2020-01-01 00:00:00`: one frame's doc_ids differed by library.
    import datetime as dt

    import pandas as pd
    import polars as pl

    when = [dt.datetime(2020, 1, 1), dt.datetime(2020, 1, 2, 8, 30, 0, 500000), None]
    texts = ["Russian troops remain in the occupied region.", "Talks resumed.", "Talks ended."]
    model = stancer.load()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        by_pandas = model.score_frame(pd.DataFrame({"when": when, "text": texts}),
                                      id_col="when", level="document")
        by_polars = model.score_frame(pl.DataFrame({"when": when, "text": texts}),
                                      id_col="when", level="document")
    assert list(by_polars["doc_id"])[:2] == list(by_pandas["doc_id"])[:2] == [
        "2020-01-01 00:00:00", "2020-01-02 08:30:00.500000"]
