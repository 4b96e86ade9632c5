"""Regressions of the twelfth "nothing silent" audit on Spark. Each failed before its fix."""

from __future__ import annotations

import math
import warnings

import pandas as pd

from conftest import GOOD, require_spark

require_spark()


def test_whole_float_ids_are_the_integers_score_frame_gives(spark):
    # pandas stores an integer id column with a missing value as floats; given to Spark,
    # the ids came out as `1.0` and `1.0E7` (Spark's cast), where score_frame gives `1`
    # and `10000000`, and the input's CSV said 1. NaN is a missing id in both.
    import stancer
    import stancer.spark

    pdf = pd.DataFrame({"id": [1.0, 10_000_000.0, 2.5, math.nan], "text": [GOOD] * 4})
    assert pdf["id"].dtype == "float64"
    sdf = spark.createDataFrame(pdf).coalesce(1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = stancer.spark.score(sdf, id_col="id", level="document").collect()
        frame = stancer.load().score_frame(pdf, id_col="id", level="document")
    assert [r["doc_id"] for r in rows] == ["1", "10000000", "2.5", ""], rows
    assert list(frame["doc_id"]) == ["1", "10000000", "2.5", ""]
