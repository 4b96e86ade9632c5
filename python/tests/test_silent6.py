"""Regressions of the sixth "nothing silent" audit in the Python package; each failed
before its fix."""

from __future__ import annotations

import hashlib
import os
import threading
import time

import stancer


def _serve_fifo(path, data: bytes, done: threading.Event):
    """`data` to the first reader of the FIFO; a reader that opens it again reads nothing
    (an open and a close with no write: the first reader, if still reading, is not
    disturbed), until `done`."""
    with open(path, "wb") as f:
        f.write(data)
    while not done.is_set():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))  # fails while no reader
        except OSError:
            pass
        time.sleep(0.005)


def test_load_reads_the_model_file_once(tmp_path, seed_sentences):
    # stancer.load(path) parsed the file, then read it again to hash it for `model_id`: a
    # file replaced between the two reads (a retrain writing over it, a FIFO) gave a model
    # whose rows named other bytes. One read now gives both.
    mine = stancer.train(seed_sentences, frame_col="", config={"features": {"min_df": 1}})
    data = mine.to_bytes()
    fifo = tmp_path / "model.fifo"
    os.mkfifo(fifo)
    done = threading.Event()
    writer = threading.Thread(target=_serve_fifo, args=(fifo, data, done))
    writer.start()
    try:
        loaded = stancer.load(fifo)
    finally:
        done.set()
        writer.join()
    assert loaded.model_id == hashlib.sha256(data).hexdigest()[:12] == mine.model_id
    assert loaded.score(["Sukhumi held a vote."])[0]["model"] == mine.model_id


def test_rows_without_a_group_are_warned_about_by_row(seed_sentences):
    # A doc_id column with missing values (NaN in pandas, written as empty cells) made
    # those rows one group between them, kept whole in every split and read as one
    # article, without a word; the reader's warnings never reached Python at all.
    import numpy as np
    import pytest

    df = seed_sentences.drop(columns=["sent_id"]).copy()
    df["doc_id"] = df["doc_id"].astype(object)
    df.loc[[30, 31, 90], "doc_id"] = np.nan
    with pytest.warns(UserWarning, match=r"^DataFrame row 30: 3 row\(s\) have an empty group "
                                         r"\(column `doc_id`; this is the first\)"):
        stancer.train(df, frame_col="", config={"features": {"min_df": 1}})
    with pytest.warns(UserWarning, match=r"^DataFrame row 30: 3 row\(s\) have an empty group"):
        stancer.evaluate(df, frame_col="", folds=2)


def test_a_label_of_the_label_set_without_examples_is_warned_about(seed_sentences):
    import pytest

    with pytest.warns(UserWarning, match="stance class `other` has no example: the model "
                                         "cannot predict it"):
        stancer.train(seed_sentences, frame_col="", labels=["georgian", "neutral_wire", "pro_tskhinvali",
                                              "other"])


def test_pandas_integer_ids_with_a_gap_keep_their_digits():
    # pandas stores an integer column with a missing value as floats: the ids came out as
    # "1.0" and "1099511627776.0", matching no id of the input (polars and the CLI give
    # "1"). Whole floats are the integers they were; the missing one is empty and warned.
    import pandas as pd
    import polars as pl
    import pytest

    texts = ["Troops left Abkhazia.", "Talks resumed.", "Sukhumi voted.", "Tbilisi spoke."]
    ids = [1, None, 2 ** 40, 7]
    model = stancer.load()
    with pytest.warns(UserWarning, match="1 row\\(s\\) have no id"):
        out = model.score_frame(pd.DataFrame({"id": ids, "text": texts}), id_col="id",
                                level="document")
    assert list(out["doc_id"]) == ["1", "", "1099511627776", "7"]
    with pytest.warns(UserWarning, match="1 row\\(s\\) have no id"):
        pol = model.score_frame(pl.DataFrame({"id": ids, "text": texts}), id_col="id",
                                level="document")
    assert list(pol["doc_id"]) == list(out["doc_id"])
    # Fractions stay as they are; ids past 2**53 are said to have lost digits.
    frac = model.score_frame(pd.DataFrame({"id": [1.5, 2.0], "text": texts[:2]}),
                             id_col="id", level="document")
    assert list(frac["doc_id"]) == ["1.5", "2"]
    with pytest.warns(UserWarning, match="past 2\\*\\*53"):
        model.score_frame(pd.DataFrame({"id": [2.0 ** 60, 3.0], "text": texts[:2]}),
                          id_col="id", level="document")


def test_a_polars_lazyframe_is_refused_by_name(seed_sentences):
    # It failed on a missing method ('LazyFrame' object has no attribute 'get_column' /
    # 'write_csv'), which said nothing of what to do.
    import polars as pl
    import pytest

    lazy = pl.from_pandas(seed_sentences).lazy()
    for call in [lambda: stancer.load().score_frame(lazy), lambda: stancer.train(lazy),
                 lambda: stancer.evaluate(lazy)]:
        with pytest.raises(TypeError, match=r"a polars LazyFrame, .*\(call \.collect\(\) first\)"):
            call()
