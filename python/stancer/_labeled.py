"""Labeled DataFrames handed to the library as CSV, and its messages mapped back to rows.

The library reads the CSV with the same reader and checks as a labeled file given to
``stancer train``, so a DataFrame and a file are held to the same rules and get the same
messages; only "line N" is turned back into the DataFrame row it came from.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from contextlib import contextmanager

from ._frames import check_columns, is_polars
from ._stancer import StancerError

SOURCE = "DataFrame"


def labeled_csv(df, columns) -> bytes:
    """The named columns of ``df`` (None entries skipped) as CSV bytes."""
    names = []
    for c in columns:
        if c is not None and c not in names:
            names.append(c)
    check_columns(df, names, SOURCE)
    if len(df) == 0:
        # Handed over as a header alone, it was refused as `line 2: the file has a header
        # but no rows`: a line and a file the user never had.
        raise StancerError(f"{SOURCE}: no rows; expected labeled sentences")
    if is_polars(df):
        text = df.select(names).write_csv()
    else:
        frame = df[names]
        text = frame.to_csv(index=False, lineterminator="\n")
        if "\r" in text and _unquoted_cr(frame):
            # Python's writer quotes a field holding a line terminator only when that is
            # in `lineterminator`: `a\rb` went out bare, the reader took its `\r` for the
            # end of a row, and a frame polars trains on failed as `expected 5 fields,
            # found 1`. With `\r\n` as terminator such fields are quoted; only frames that
            # failed so are written this way (the bytes of the others, and so their
            # models' `data_sha256`, are as before).
            text = frame.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8")


def _unquoted_cr(frame) -> bool:
    """Whether a string cell of ``frame`` holds a carriage return that ``to_csv`` with
    ``lineterminator="\\n"`` leaves unquoted (no delimiter, quote or newline beside it)."""
    def bare(v) -> bool:
        return isinstance(v, str) and "\r" in v and not any(c in v for c in ',"\n')

    return any(frame.iloc[:, i].astype(object).map(bare).any() for i in range(frame.shape[1]))


def frame_index(df):
    """The pandas index of ``df`` (to name rows by), or None for a polars frame."""
    return None if is_polars(df) else df.index


def _row_of_line(csv_bytes: bytes, line: int):
    """The 0-based DataFrame row whose CSV record starts on ``line`` (1 = the header)."""
    # Lines end at `\n` only, as the library counts them (a quoted `\r` starts no line).
    reader = csv.reader(io.StringIO(csv_bytes.decode("utf-8"), newline="\n"))
    start = 1
    try:
        for i, _ in enumerate(reader):
            if start == line:
                return i - 1 if i > 0 else None
            start = reader.line_num + 1
    except csv.Error:
        pass  # (a bare `\r`: the library's message is given as it is)
    return None


def _at_row(message: str, csv_bytes: bytes, index=None):
    """``DataFrame: line N: ...`` as ``DataFrame row R: ...``; None if it names no row.
    A line named inside the message (``first seen on line 2``) is turned into its row too:
    it named a line of the CSV the user never saw. ``index``, the pandas index of the
    frame, is added where it is not 0, 1, ...: row R is a position, and ``df.loc[R]``
    of a filtered frame is another row, or none."""
    m = re.match(rf"{SOURCE}: line (\d+): ", message)
    row = _row_of_line(csv_bytes, int(m.group(1))) if m else None
    if row is None:
        return None

    def inner(found):
        r = _row_of_line(csv_bytes, int(found.group(1)))
        return found.group(0) if r is None else f"at row {_named(r, index)}"

    rest = re.sub(r"\bon line (\d+)\b", inner, message[m.end():])
    return f"{SOURCE} row {_named(row, index)}: {rest}"


def _named(row: int, index) -> str:
    """Row ``row`` (a position), with its index label where the index is not 0, 1, ..."""
    if index is None or row >= len(index) or _is_positions(index):
        return str(row)
    label = index[row]
    label = label.item() if hasattr(label, "item") else label  # (numpy's 7, not np.int64(7))
    return f"{row} (index {label!r})"


def _is_positions(index) -> bool:
    import pandas as pd

    return index.equals(pd.RangeIndex(len(index)))


@contextmanager
def located(csv_bytes: bytes, index=None):
    """Re-raises the library's ``DataFrame: line N: ...`` as ``DataFrame row R: ...``, and
    re-issues its warnings so (they named a line of the CSV the frame was handed over as).
    ``index``: the pandas frame's index, named beside a row where it is not 0, 1, ...."""
    error = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        except StancerError as e:
            error = e
    for w in caught:
        message = str(w.message)
        warnings.warn(_at_row(message, csv_bytes, index) or message, w.category,
                      stacklevel=3)
    if error is not None:
        message = _at_row(str(error), csv_bytes, index)
        if message is None:
            raise error
        raise StancerError(message) from None
