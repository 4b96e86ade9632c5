"""Regressions of the eleventh "nothing silent" audit on Spark: the executors' warnings
count within one batch, and ids repeated across the batches of a partition were not seen.
Each failed before its fix."""

from __future__ import annotations

import re
import warnings

from conftest import GOOD, require_spark

require_spark()


def _warnings(caught, what):
    return [str(w.message) for w in caught
            if issubclass(w.category, UserWarning) and str(w.message).startswith(what)]


def _one_repeat_warning(caught, what: str, where: str) -> str:
    """The one warning of an id repeated across batches (`u1`, in batches 1 and 3)."""
    told = _warnings(caught, f"{what}, on an executor: ")
    repeat = [t for t in told if "repeat an id of an earlier batch" in t]
    assert len(repeat) == 1, told
    assert re.search(r"ids: 1 row\(s\) of partition \d+ repeat an id of an earlier batch of "
                     rf"it in {where}; the first is `u1` in batch 3, first given in "
                     r"batch 1", repeat[0]), repeat
    assert "across partitions are not checked" in repeat[0], repeat
    return repeat[0]


def _small_batches(spark, rows: int):
    """Arrow batches of `rows` rows for the tests' DataFrames; the old setting to restore."""
    key = "spark.sql.execution.arrow.maxRecordsPerBatch"
    old = spark.conf.get(key)
    spark.conf.set(key, str(rows))
    return key, old


def test_a_warning_from_several_batches_says_its_counts_are_one_batchs(spark):
    # Each batch is scored alone and its warning counts its own rows ("2 row(s) have no
    # id ... (in a batch of 4 rows)"); the driver told the first batch's message once, so
    # its count read as the input's. A second warning now says that more batches gave it.
    import stancer.spark

    key, old = _small_batches(spark, 4)
    try:
        rows = [(None if i % 4 == 0 else f"u{i}", GOOD) for i in range(16)]
        df = spark.createDataFrame(rows, "url string, text string").coalesce(1)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = stancer.spark.score(df, id_col="url", level="document").collect()
    finally:
        spark.conf.set(key, old)
    assert len(out) == 16
    told = _warnings(caught, "stancer.spark.score")
    first = [t for t in told if "on an executor: " in t and "have no id" in t]
    assert len(first) == 1 and "1 row(s)" in first[0], told
    more = [t for t in told if "was given by more than one batch" in t]
    assert len(more) == 1 and "have no id" in more[0], told
    assert "not totals over the input" in more[0], more


def test_ids_repeated_across_the_batches_of_a_partition_are_warned_about(spark):
    # The CLI warns of an id given twice in a file; score_arrow warns of one given twice in
    # a batch. On Spark each Arrow batch was checked alone, so `u1` in the first and the
    # third batch of one partition was not told.
    import stancer.spark

    key, old = _small_batches(spark, 3)
    try:
        rows = [(f"u{i}", GOOD) for i in range(9)]
        rows[7] = ("u1", GOOD)
        df = spark.createDataFrame(rows, "url string, text string").coalesce(1)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = stancer.spark.score(df, id_col="url", level="document").collect()
        # Ids made by score (no id_col) are unique: nothing to say.
        with warnings.catch_warnings(record=True) as quiet:
            warnings.simplefilter("always")
            stancer.spark.score(df.drop("url")).collect()
    finally:
        spark.conf.set(key, old)
    assert len(out) == 9
    _one_repeat_warning(caught, "stancer.spark.score", "column `url`")
    assert not [t for t in _warnings(quiet, "stancer.spark.score") if "repeat" in t]


def test_ids_repeated_across_the_batches_of_a_jsonl_partition_are_warned_about(spark, tmp_path):
    # score_jsonl's library call warns of an id given twice within its batch of lines, as
    # the CLI does within a file; an id in two batches of one partition was not told.
    import json

    import stancer.spark

    path = tmp_path / "news.jsonl"
    ids = [f"u{i}" for i in range(9)]
    ids[7] = "u1"
    path.write_text("".join(json.dumps({"url": u, "text": GOOD}) + "\n" for u in ids))
    key, old = _small_batches(spark, 3)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = stancer.spark.score_jsonl(spark, str(path), id_col="url").collect()
        with warnings.catch_warnings(record=True) as quiet:
            warnings.simplefilter("always")
            stancer.spark.score_jsonl(spark, str(path)).collect()
    finally:
        spark.conf.set(key, old)
    assert {r["doc_id"] for r in out} == set(ids), out
    repeat = _one_repeat_warning(caught, "stancer.spark.score_jsonl", "field `url`")
    assert 'level="document").groupBy("doc_id")' in repeat, repeat
    # Line-number ids (no id_col) are unique: nothing to say.
    assert not [t for t in _warnings(quiet, "stancer.spark.score_jsonl") if "repeat" in t]
