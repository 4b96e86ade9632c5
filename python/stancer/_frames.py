"""Arrow buffers from Rust into pyarrow, pandas and polars frames.

The Rust side builds each output column as plain Arrow buffers without holding the GIL;
here they are wrapped (``pa.py_buffer`` does not copy) and converted once to the frame
library the caller uses.
"""

from __future__ import annotations

import pyarrow as pa

from ._stancer import StancerError

_TYPES = {
    "i64": pa.int64(),
    "f64": pa.float64(),
    "bool": pa.bool_(),
    "str": pa.string(),
    "large_str": pa.large_string(),
}


def _buffer(b):
    return None if b is None else pa.py_buffer(b)


def _array(spec):
    name, kind, n, buffers, children = spec
    if kind == "list":
        fields = [_array(c) for c in children]
        struct = pa.StructArray.from_arrays([a for _, a in fields], names=[f for f, _ in fields])
        offsets = pa.Array.from_buffers(pa.int32(), n + 1, [None, pa.py_buffer(buffers[1])])
        return name, pa.ListArray.from_arrays(offsets, struct)
    return name, pa.Array.from_buffers(_TYPES[kind], n, [_buffer(b) for b in buffers])


def columns_to_arrow(columns) -> pa.Table:
    """The table of ``_stancer.Model.score_columns``'s output, columns in order."""
    arrays = [_array(c) for c in columns]
    return pa.table([a for _, a in arrays], names=[n for n, _ in arrays])


def check_columns(df, names, source="DataFrame"):
    """Refuses a named column that ``df`` lacks, or holds twice (pandas allows two
    columns of one name: ``df[name]`` is then a frame, and which of the two was meant is
    not ours to guess). A polars LazyFrame is refused by name: it failed later on a
    missing method (``'LazyFrame' object has no attribute 'get_column'``)."""
    if is_polars(df) and type(df).__name__ == "LazyFrame":
        raise TypeError(f"{source}: a polars LazyFrame, which holds no rows yet; expected a "
                        "DataFrame (call .collect() first)")
    present = list(df.columns)
    for c in names:
        at = [i for i, p in enumerate(present) if p == c]
        if not at:
            raise StancerError(f"{source}: missing column `{c}`; the columns are: "
                               + ", ".join(map(str, present)))
        if len(at) > 1:
            raise StancerError(
                f"{source}: column `{c}` is there {len(at)} times (columns "
                + ", ".join(map(str, at[:-1])) + f" and {at[-1]}); expected each column "
                "once (rename the others)")


def is_text_type(t: pa.DataType) -> bool:
    """Arrow text: strings, string views, and dictionaries (categoricals) of them."""
    if pa.types.is_dictionary(t):
        t = t.value_type
    return (pa.types.is_string(t) or pa.types.is_large_string(t)
            or getattr(pa.types, "is_string_view", lambda _: False)(t))


def is_arrow(x) -> bool:
    return isinstance(x, (pa.Array, pa.ChunkedArray))


def arrow_strings(arr):
    """A pyarrow column's buffers for ``_stancer.Model.score_arrow_columns``: the text
    reaches Rust as one copy of the column's bytes instead of one ``str`` per row. Other
    types (string views, dictionaries, numbers for ids) are cast to ``large_string``."""
    return _buffers(arr, (pa.string(), pa.large_string()))


def arrow_bytes(arr):
    """A pyarrow binary column's buffers, as :func:`arrow_strings` gives a string column's
    (the layout is the same): lines that Rust decodes itself."""
    return _buffers(arr, (pa.binary(), pa.large_binary()))


def _buffers(arr, types):
    """``(is_large, offset, length, validity, offsets, data)`` of ``arr`` as one of
    ``types`` (small, large), cast to the large one when it is neither."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.chunk(0) if arr.num_chunks == 1 else arr.combine_chunks()
    if arr.type not in types:
        arr = arr.cast(types[1])
    validity, offsets, data = arr.buffers()[:3]
    return (
        arr.type == types[1],
        arr.offset,
        len(arr),
        None if validity is None or arr.null_count == 0 else validity.to_pybytes(),
        offsets.to_pybytes(),
        b"" if data is None else data.to_pybytes(),
    )


def pandas_ids(col) -> list:
    """A pandas id column as scoring takes it. pandas stores an integer column with a
    missing value as floats, and ``str`` made the ids ``1.0`` and ``1.099511627776e+12``,
    which match no id of the input (a CSV given to the CLI, or the same frame in polars,
    gives ``1``): whole floats are given as the integers they were, missing ones as None.
    Floats past 2**53 have lost digits already, which a ``UserWarning`` says."""
    import pandas as pd

    values = col.tolist()
    if not pd.api.types.is_float_dtype(col.dtype):
        # Missing values of any other dtype are missing ids too: a datetime column's NaT
        # was given as the id "NaT", pandas.NA as "<NA>".
        return [None if _missing_scalar(v) else v for v in values]
    return _float_ids(values, col.name, "pandas stores an integer column with a missing "
                      "value so", "read the column as strings (dtype=str) or Int64")


def _float_ids(values, name, why: str, instead: str, stacklevel: int = 4) -> list:
    """Float ids as text: whole values as the integers they are (``1``, not ``1.0`` or
    ``1e+15``), others as Python writes them, NaN and None as missing ids; a
    ``UserWarning`` for whole values past 2**53, which have lost digits already."""
    out, inexact = [], 0
    for v in values:
        if v is None or v != v:
            out.append(None)
        elif float(v).is_integer():
            inexact += abs(v) >= 2 ** 53
            out.append(str(int(v)))
        else:
            out.append(str(v))
    if inexact:
        import warnings

        warnings.warn(
            f"ids: column `{name}` holds floats ({why}), and {inexact} of them are past "
            f"2**53, where floats have lost the integers' last digits: {instead}",
            UserWarning, stacklevel=stacklevel)
    return out


def polars_ids(col):
    """A polars id column as scoring takes it. A datetime column cast by Arrow gave
    ``2020-01-01 00:00:00.000000`` where the same column in pandas gives ``2020-01-01
    00:00:00``, so one frame's ids differed by library: a datetime is written as Python
    (and pandas) write it. So are floats: Arrow wrote ``1e+15`` and ``1e+20`` where
    pandas, Spark (:func:`stancer.spark.score`) and a CSV give ``1000000000000000``, and
    NaN as the id ``NaN``, a missing id in pandas. Any other column goes as Arrow holds
    it."""
    import polars as pl

    if isinstance(col.dtype, pl.Datetime):
        return [None if v is None else str(v) for v in col.to_list()]
    if col.dtype in (pl.Float32, pl.Float64):
        return _float_ids(col.to_list(), col.name, "whole numbers past 2**53 are not exact "
                          "as floats", "read the column as integers or strings")
    return col.to_arrow()


def _missing_scalar(v) -> bool:
    import pandas as pd

    if v is None or isinstance(v, (str, bytes, list, tuple, dict)):
        return v is None
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def warn_position_ids(index, what: str, document: bool = False, stacklevel: int = 3) -> None:
    """Warns when ids are row positions (no ``id_col``) but ``index``, the pandas index of
    the rows scored, is not 0, 1, ...: after filtering or sorting, doc_id ``0`` is the first
    row scored, whatever its label, and rows joined back to the frame by label (``df.loc``,
    ``merge(right_index=True)``) met other articles, without a word. A polars frame has no
    index: its rows are numbered as a default pandas index is."""
    import pandas as pd

    n = len(index)
    if index.equals(pd.RangeIndex(n)):
        return
    import warnings

    shown = ", ".join(map(repr, index[:3].tolist())) + (", ..." if n > 3 else "")
    kept = (" (the article rows keep df's index, so a column assigned back aligns, but "
            "doc_id does not follow it)" if document else "")
    warnings.warn(
        f"{what}: no id_col, so doc_id is each row's position (0 to {n - 1}), not its index "
        f"label; the index is not 0, 1, ... ({shown}), so rows joined back by label "
        f"(df.loc, merge(right_index=True)) meet other articles{kept}; pass id_col= to take "
        "ids from a column (df.reset_index() makes the index one)", UserWarning,
        stacklevel=stacklevel)


def is_pandas_series(x) -> bool:
    return type(x).__module__.split(".")[0] == "pandas" and type(x).__name__ == "Series"


def is_polars_series(x) -> bool:
    return type(x).__module__.split(".")[0] == "polars" and type(x).__name__ == "Series"


def is_polars(df) -> bool:
    return type(df).__module__.split(".")[0] == "polars"


def _check_keep(table: pa.Table, keep):
    """Refuses ``keep`` names that would give the output two columns of one name, as the
    CLI refuses such ``--keep-cols``: a name given twice, or an output column's name."""
    keep = list(keep)
    twice = sorted({k for k in keep if keep.count(k) > 1})
    if twice:
        raise ValueError(f"keep= names {twice} more than once; the output would have two "
                         "columns of that name; expected each column once")
    clash = [k for k in keep if k in table.column_names]
    if clash:
        raise ValueError(f"keep= columns {clash} have the names of output columns; rename them first")


def _pandas_type(t: pa.DataType):
    import pandas as pd

    if pa.types.is_int64(t):
        return pd.Int64Dtype()
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return pd.StringDtype("pyarrow")
    if pa.types.is_list(t):
        return pd.ArrowDtype(t)
    return None


def to_pandas(table: pa.Table, df, keep, level="sentence"):
    """A pandas frame over the Arrow columns, without a Python object per cell: strings
    as pandas' pyarrow-backed ``string`` dtype, integers as nullable ``Int64`` (error rows
    have none), frame terms as an Arrow list column (a cell reads as a list of dicts);
    ``keep`` columns of ``df`` after ``doc_id``. (Converting the strings and terms of the
    anchor's 200k rows to Python objects took longer than scoring them.)

    Article rows (one per input row) carry ``df``'s index, so a column assigned back to
    ``df`` aligns with its rows: numbered 0, 1, ... they aligned with whatever rows of a
    filtered frame had those labels. Sentence rows are numbered 0, 1, ..."""
    import pandas as pd

    _check_keep(table, keep)
    out = table.drop_columns(["row"]).to_pandas(types_mapper=_pandas_type)
    if keep:
        rows = table.column("row").to_numpy()
        kept = df[list(keep)].iloc[rows].reset_index(drop=True)
        out = pd.concat([out.iloc[:, :1], kept, out.iloc[:, 1:]], axis=1)
    if level == "document":
        out.index = df.index[table.column("row").to_numpy()]
    return out


def to_polars(table: pa.Table, df, keep):
    """A polars frame (frame terms as a list of structs), ``keep`` columns after ``doc_id``."""
    import polars as pl

    _check_keep(table, keep)
    out = pl.from_arrow(table.drop_columns(["row"]))
    if keep:
        rows = table.column("row").to_numpy()
        kept = df.select(list(keep))[rows]
        out = pl.concat([out.select("doc_id"), kept, out.drop("doc_id")], how="horizontal")
    return out
