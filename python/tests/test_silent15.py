"""Regressions of the fifteenth "nothing silent" audit in the Python package. Each failed
before its fix."""

from __future__ import annotations

import polars as pl
import pytest

import stancer


def _sets(names):
    return {
        "reference": names[0], "folds": 3, "seed": 7,
        "base": {"features": {"min_df": 1, "word_ngrams": [1, 1]}},
        "set": [{"name": names[0]},
                {"name": names[1], "features": {"word_ngrams": [1, 2]}}],
    }


@pytest.mark.parametrize("polars", [False, True])
@pytest.mark.parametrize("names", [["None", "NA"], ["1", "0.5"]])
def test_bench_gives_each_set_its_name_as_written(seed_sentences, polars, names):
    # The results table was read back with type inference: in pandas sets named `None` and
    # `NA` were both NaN (which row was which set was lost), and in both libraries sets
    # named by a setting's value (`1`, `0.5`) became the floats 1.0 and 0.5.
    df = pl.from_pandas(seed_sentences) if polars else seed_sentences
    table = stancer.bench(df, config=_sets(names))
    got = table["set"].to_list()
    assert got == names
    assert table["model"].to_list() == ["logistic", "logistic"]
    # The numbers are still numbers.
    assert all(0.0 < v <= 1.0 for v in table["value"].to_list())
