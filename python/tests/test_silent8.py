"""Regressions of the eighth "nothing silent" audit in the Python package; each failed
before its fix."""

from __future__ import annotations

import pytest

import stancer


def test_classes_that_differ_only_in_spelling_are_warned_about(seed_sentences):
    # labels="any" took `Neutral_wire` and `neutral_wire` for two classes, without a word
    # when each had 5 examples or more.
    df = seed_sentences.copy()
    df.loc[(df.index % 10 == 0) & (df["stance"] == "neutral_wire"), "stance"] = "Neutral_wire"
    with pytest.warns(UserWarning, match=r"stance classes `Neutral_wire` \(\d+\) and "
                                         r"`neutral_wire` \(\d+\) differ only in case"):
        stancer.train(df, frame_col="", labels="any")
