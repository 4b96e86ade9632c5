"""`stancer.bench`: feature sets compared on the same folds from a DataFrame, as `stancer
bench` compares them on a CSV."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pytest

import stancer
from conftest import REPO, run_cli

SETS = {
    "reference": "words",
    "folds": 3,
    "seed": 7,
    "base": {"features": {"min_df": 1, "word_ngrams": [1, 1]}, "stance": {"c": 10.0}},
    "set": [
        {"name": "words"},
        {"name": "words+bigrams", "features": {"word_ngrams": [1, 2]}},
    ],
}

SETS_TOML = """reference = "words"
folds = 3
seed = 7

[base.features]
min_df = 1
word_ngrams = [1, 1]

[base.stance]
c = 10.0

[[set]]
name = "words"

[[set]]
name = "words+bigrams"
[set.features]
word_ngrams = [1, 2]
"""

# What does not depend on the machine: everything but the timings.
STABLE = ["set", "model", "rank", "metric", "value", "value_lo", "value_hi", "fold_mean",
          "fold_sd", "macro_f1", "accuracy", "n_features", "diff_vs_reference", "diff_lo",
          "diff_hi", "p_value"]


def test_bench_gives_the_clis_results_table(tmp_path, seed_sentences):
    (tmp_path / "sets.toml").write_text(SETS_TOML)
    run_cli("bench", "--data", "labels/seed_sentences.csv", "--frame-col", "",
            "--config", tmp_path / "sets.toml", "--out", tmp_path / "out")
    cli = pd.read_csv(tmp_path / "out" / "results.csv")
    # The same sets as a dict, and as the TOML file.
    table = stancer.bench(seed_sentences, config=SETS)
    from_file = stancer.bench(seed_sentences, config=tmp_path / "sets.toml")
    for got in (table, from_file):
        assert list(got["set"]) == ["words", "words+bigrams"]
        pd.testing.assert_frame_equal(got[STABLE], cli[STABLE])
    assert table["f1_georgian"].between(0, 1).all()


def test_leave_one_style_out_from_a_polars_frame_with_the_report():
    labeled = pl.read_csv(REPO / "labels" / "composed_sentences.csv")
    labeled = labeled.filter(pl.col("style").is_in(["western_wire", "georgian_gov",
                                                      "separatist_official"]))
    table, report = stancer.bench(labeled, config=SETS, split_col="style",
                                  leave_one_group_out=True, metric="accuracy",
                                  with_report=True)
    assert isinstance(table, pl.DataFrame)
    assert table.get_column("metric").to_list() == ["accuracy", "accuracy"]
    assert table.get_column("value").to_list() == pytest.approx([s["headline"]["value"] for s in report["sets"]], abs=5e-5)
    assert report["config"]["leave_one_group_out"] is True
    assert report["n_groups"] == labeled.get_column("doc_id").n_unique()


def test_a_bad_config_or_split_raises_with_the_clis_message(seed_sentences):
    with pytest.raises(stancer.StancerError, match=r"no \[\[set\]\] defined"):
        stancer.bench(seed_sentences, config={"folds": 3})
    with pytest.raises(stancer.StancerError, match="missing column `outlet`"):
        stancer.bench(seed_sentences, config=SETS, split_col="outlet")
    with pytest.raises(stancer.StancerError, match="choose one of folds= and"):
        stancer.bench(seed_sentences, config=SETS, folds=3, leave_one_group_out=True)
