"""Regressions of the thirteenth "nothing silent" audit in the Python package. Each failed
before its fix."""

from __future__ import annotations

import json
import warnings

import pytest

import stancer
from conftest import two_class_frame as _frame


def _with_carriage_return(df):
    # A lone `\r` inside a sentence (old Mac line ends, `&#13;` decoded, a cell edited in
    # Excel), with no comma or quote beside it that would have the field quoted anyway.
    df = df.copy()
    df.loc[0, "text"] = df.loc[0, "text"].replace(" ", "\r", 1)
    assert "," not in df.loc[0, "text"] and '"' not in df.loc[0, "text"]
    return df


def test_a_carriage_return_in_a_pandas_cell_is_read_as_text():
    # pandas wrote the frame handed to the library with `\n` line ends, which leaves a
    # field holding a bare `\r` unquoted: the reader ended the row there, and train,
    # evaluate and bench failed with `DataFrame row 0: expected 3 fields, found 1` on a
    # frame that polars (which quotes it) trained on.
    import polars as pl

    df = _with_carriage_return(_frame([4, 4]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = stancer.train(df, labels="any")
        from_polars = stancer.train(pl.from_pandas(df), labels="any")
        report = stancer.evaluate(df, labels="any", folds=2)
    info = model.info["training"]
    assert (info["n_sentences"], info["n_groups"]) == (len(df), 8)
    saved = json.loads(model.to_bytes())
    polars_saved = json.loads(from_polars.to_bytes())
    for m in (saved, polars_saved):
        m["training"].pop("data_sha256")
    assert saved == polars_saved
    assert (report["n_sentences"], report["n_groups"]) == (len(df), 8)


def test_a_frame_without_a_carriage_return_is_handed_over_as_before():
    # Only frames that failed are written the other way: the bytes of the others, and
    # their models' data_sha256, do not change.
    from stancer._labeled import labeled_csv

    df = _frame([2, 2])
    assert labeled_csv(df, ["text", "stance", "doc_id"]) == \
        df[["text", "stance", "doc_id"]].to_csv(index=False, lineterminator="\n").encode()
    quoted = df.copy()
    quoted.loc[0, "text"] = "One,\rtwo."  # quoted already for its comma
    assert labeled_csv(quoted, ["text"]) == \
        quoted[["text"]].to_csv(index=False, lineterminator="\n").encode()


def test_rows_after_a_carriage_return_are_named_by_their_frame_row():
    # The library counts lines at `\n`; the row a message names was found by counting at
    # `\r` too, one row too far after a quoted `\r`.
    df = _with_carriage_return(_frame([2, 2]))
    df.loc[4, "stance"] = "nope"
    with pytest.raises(stancer.StancerError, match=r"^DataFrame row 4: label `nope`"):
        stancer.train(df)


def test_a_missing_datetime_or_nullable_id_is_no_id():
    # A datetime id column's NaT was given as the id "NaT", and pandas.NA of a nullable
    # string column as "<NA>": ids of rows that had none, matching nothing in the input.
    # They are missing ids now, warned about as a float column's NaN is.
    import pandas as pd

    texts = ["Troops left Abkhazia.", "Talks resumed."]
    model = stancer.load()
    frames = [
        pd.DataFrame({"id": pd.to_datetime(["2008-08-08", None]), "text": texts}),
        pd.DataFrame({"id": pd.array(["a", None], dtype="string"), "text": texts}),
    ]
    for df in frames:
        with pytest.warns(UserWarning, match="1 row\\(s\\) have no id"):
            out = model.score_frame(df, id_col="id", level="document")
        assert list(out["doc_id"])[1] == "", list(out["doc_id"])
        assert list(out["doc_id"])[0] not in ("", "NaT", "<NA>")
