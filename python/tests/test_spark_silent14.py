"""Regressions of the fourteenth "nothing silent" audit on Spark. Each failed before its
fix."""

from __future__ import annotations

import warnings

import pytest

from conftest import GOOD, require_spark

require_spark()


def test_error_rows_do_not_name_a_row_of_an_arrow_batch(spark):
    # The library numbers the texts it is given; on Spark it is given one Arrow batch at a
    # time, so the error row of the third article read `row 1: empty text` (the second of
    # its batch), which names another row of the DataFrame.
    import stancer.spark

    sdf = spark.createDataFrame([("a", GOOD), ("b", GOOD), ("c", ""), ("d", None)],
                                "id string, text string").repartition(2, "id")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = stancer.spark.score(sdf, id_col="id", level="document").collect()
    errors = {r["doc_id"]: r["error"] for r in rows if r["status"] == "error"}
    assert errors == {"c": "empty text; expected the article's text",
                      "d": "no text (the value is missing)"}, errors
    assert sorted(r["doc_id"] for r in rows) == ["a", "b", "c", "d"]


@pytest.mark.parametrize("kw", [{"id_col": "url"}, {"keep": ["outlet"]}])
def test_a_missing_id_or_kept_column_is_named_with_the_columns_there_are(spark, kw):
    # Spark said `[KEY_NOT_EXISTS] Key `url` does not exist.`, without the columns there
    # are; score_frame names them.
    import stancer
    import stancer.spark

    sdf = spark.createDataFrame([("a", GOOD)], "id string, text string")
    name = kw.get("id_col") or kw["keep"][0]
    with pytest.raises(stancer.StancerError,
                       match=rf"^DataFrame: missing column `{name}`; the columns are: id, "
                             "text$"):
        stancer.spark.score(sdf, **kw)
