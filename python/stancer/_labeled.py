"""Labeled DataFrames handed to the library as CSV, and its messages mapped back to rows.

The library reads the CSV with the same reader and checks as a labeled file given to
``stancer train``, so a DataFrame and a file are held to the same rules and get the same
messages; only "line N" is turned back into the DataFrame row it came from.
"""

from __future__ import annotations

import csv
import io
import re
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
    if is_polars(df):
        text = df.select(names).write_csv()
    else:
        text = df[names].to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8")


def _row_of_line(csv_bytes: bytes, line: int):
    """The 0-based DataFrame row whose CSV record starts on ``line`` (1 = the header)."""
    reader = csv.reader(io.StringIO(csv_bytes.decode("utf-8"), newline=""))
    start = 1
    for i, _ in enumerate(reader):
        if start == line:
            return i - 1 if i > 0 else None
        start = reader.line_num + 1
    return None


@contextmanager
def located(csv_bytes: bytes):
    """Re-raises the library's ``DataFrame: line N: ...`` as ``DataFrame row R: ...``."""
    try:
        yield
    except StancerError as e:
        message = str(e)
        m = re.match(rf"{SOURCE}: line (\d+): ", message)
        row = _row_of_line(csv_bytes, int(m.group(1))) if m else None
        if row is None:
            raise
        raise StancerError(f"{SOURCE} row {row}: {message[m.end():]}") from None
