"""Regressions of the thirteenth "nothing silent" audit on Spark. Each failed before its
fix."""

from __future__ import annotations

import warnings

import pandas as pd

from conftest import GOOD, require_spark

require_spark()


def test_kept_columns_may_be_the_id_and_the_text(spark):
    # score_frame keeps the id column as it is beside doc_id, and the article's text
    # beside its scores; stancer.spark.score failed the job on both (the id:
    # AMBIGUOUS_REFERENCE when planned; the text: DUPLICATED_FIELD_NAME_IN_ARROW_STRUCT
    # in every task).
    import stancer
    import stancer.spark

    pdf = pd.DataFrame({"url": [11, 12, 13], "body": [GOOD, None, GOOD + " Talks resumed."],
                        "outlet": ["Civil.ge", "TASS", "AP"]})
    sdf = spark.createDataFrame(pdf).coalesce(1)
    keep = ["url", "body", "outlet"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = stancer.spark.score(sdf, text_col="body", id_col="url", keep=keep,
                                  level="document")
        rows = out.collect()
        frame = stancer.load().score_frame(pdf, text_col="body", id_col="url", keep=keep,
                                           level="document")
        no_id = stancer.spark.score(sdf, text_col="body", keep=["body"]).collect()
    assert out.columns[:4] == ["doc_id", *keep]
    got = [(r["doc_id"], r["url"], r["body"], r["outlet"], r["status"], r["stance"])
           for r in rows]
    want = [(d, u, None if pd.isna(b) else b, o, s, None if pd.isna(st) else st)
            for d, u, b, o, s, st in frame[["doc_id", *keep, "status", "stance"]]
            .itertuples(index=False)]
    assert got == want, (got, want)
    assert [r["url"] for r in rows] == [11, 12, 13]  # the column as it is, not the id text
    assert {r["body"] for r in no_id} == {GOOD, None, GOOD + " Talks resumed."}
