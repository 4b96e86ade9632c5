"""Regressions of the fifteenth "nothing silent" audit in the Python package. Each failed
before its fix."""

from __future__ import annotations

import warnings

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


GOOD = "Russian troops remain in occupied Abkhazia."


def test_a_polars_float_id_column_gives_the_ids_pandas_gives():
    # Arrow's cast wrote a polars float id column's 1e15 as `1e+15` and 1e20 as `1e+20`
    # (pandas, Spark and a CSV give `1000000000000000`), 1.2345e-05 as `0.000012345`, and
    # NaN as the id `NaN`; the same frame in pandas gave other ids, and no warning that
    # 1e20 has lost its digits as a float.
    import pandas as pd

    ids = [1.0, 1e15, 1e20, 1.2345e-05, float("nan")]
    frame = {"id": ids, "text": [GOOD] * len(ids)}
    model = stancer.load()
    got, said = {}, {}
    for name, df in (("pandas", pd.DataFrame(frame)), ("polars", pl.DataFrame(frame))):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = model.score_frame(df, id_col="id", level="document")
        got[name] = out["doc_id"].to_list()
        said[name] = " | ".join(str(w.message) for w in caught)
    expected = ["1", "1000000000000000", "100000000000000000000", "1.2345e-05", ""]
    assert got == {"pandas": expected, "polars": expected}
    for name in got:
        # 1e20 has lost digits as a float; the NaN is a missing id.
        assert "1 of them are past 2**53" in said[name], said[name]
        assert "1 row(s) have no id" in said[name], said[name]


@pytest.mark.parametrize("call", ["score", "score_arrow"])
def test_a_series_of_ids_gives_the_ids_score_frame_gives(call):
    # `model.score(df["text"], ids=df["id"])` took the Series' values as they were: an
    # integer column with a missing value (floats in pandas) gave the ids `1.0`, `2.0`,
    # where `score_frame(df, id_col="id")` gives `1`, `2`, and so do the CLI and Spark.
    import pandas as pd

    df = pd.DataFrame({"id": [1, 2, None], "text": [GOOD] * 3})
    model = stancer.load()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (the missing id is warned about)
        framed = model.score_frame(df, id_col="id", level="document")["doc_id"].to_list()
        for series in (df, pl.from_pandas(df)):
            out = getattr(model, call)(series["text"], ids=series["id"], level="document")
            got = ([r["doc_id"] for r in out] if call == "score"
                   else out.column("doc_id").to_pylist())
            assert got == framed == ["1", "2", ""], type(series)


def test_bench_takes_an_empty_frame_col_as_train_does(seed_sentences):
    # `frame_col=""` says "the stance head only" to train and evaluate (the CLI's
    # `--frame-col ''`); bench looked it up as a column: `DataFrame: missing column ```.
    table = stancer.bench(seed_sentences, config=_sets(["words", "bigrams"]), frame_col="")
    assert table["set"].to_list() == ["words", "bigrams"]
