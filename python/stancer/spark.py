"""Scoring a Spark DataFrame with stancer, on the executors.

``score`` maps Arrow batches of the input through the Python package with
``DataFrame.mapInArrow``: each executor's Python worker loads the model once (a process-wide
cache; Spark reuses its Python workers between tasks) and scores each batch in Rust, with
the GIL released and rayon's threads, as the CLI does. The rows are the CLI's, with the
columns of :meth:`stancer.Model.score_frame`.

The library's warnings (HTML character references, texts with no word the model knows,
empty or repeated ids ...) are raised on the executors, where only their logs saw them;
all three ways add them to an accumulator, and each kind is issued once on the driver as a
``UserWarning`` (``stancer.spark.score, on an executor: ...``) before the action returns
(see :func:`stancer._spark_warnings.executor_warnings`).

The wheel must be installed on the executors (see the README: ``spark.archives`` with a
packed virtualenv). The CLI path needs no stancer package on the executors, only the binary
and pyspark's Python: ``pipe_jsonl`` streams each file's lines through ``stancer score -
--input-format jsonl`` (``examples/spark_score.py --via pipe``).
"""

from __future__ import annotations

import uuid
from typing import Iterator, Optional, Sequence

import pyarrow as pa
import pyarrow.compute as pc

import stancer

# Models loaded in this process, by where they came from: one load per executor process.
_MODELS: dict = {}


def _load(source):
    """The model for ``source``: None (the shipped one), a path, or ("broadcast", key, b,
    model_id) for a model sent as a broadcast variable (its rows name the driver's id)."""
    key = source if not isinstance(source, tuple) else source[1]
    model = _MODELS.get(key)
    if model is None:
        if source is None or isinstance(source, str):
            model = stancer.load(source)
        else:
            model = stancer.Model(stancer._stancer.load_bytes(source[2].value, "broadcast model",
                                                              source[3]))
        _MODELS[key] = model
    return model


def numbered_lines(spark, path: str):
    """The lines of the files at ``path`` as a DataFrame of ``source`` (the file), ``prefix``
    (its id prefix, or null), ``line`` (1-based, in its file) and ``value`` (the line's
    bytes, undecoded); a file without a line that is not blank is one row of line 0 and a
    null value. See :class:`stancer._spark_lines.FileLines`."""
    from ._spark_lines import FileLines

    return FileLines(spark, path).numbered()


def pipe_jsonl(spark, path: str, command: Sequence[str]):
    """Pipes the JSON Lines files at ``path`` (a file, a folder or a glob) through
    ``command``, a ``stancer score - --input-format jsonl ...`` command line, on the
    executors; returns the RDD of the lines it writes (the CLI's rows). Each run of lines
    of one file goes to a process of its own with ``--label FILE --first-line N`` (and
    ``--id-prefix`` for the files of a folder), so the rows and error rows are those of
    ``stancer score`` reading the file or folder (``news.jsonl: line 7: ...``, invalid
    UTF-8 included), where ``RDD.pipe`` over ``textFile`` named ``<stdin>`` and the line
    within the partition, and scored invalid bytes as U+FFFD. Exit 1 (error rows, which are
    in the output) ends a run normally; any other exit fails the task. The executors need
    the binary and pyspark's Python, not this package."""
    from ._spark_lines import FileLines

    return FileLines(spark, path).pipe(list(command))


def score_jsonl(spark, path: str, text_col: str = "text", id_col: Optional[str] = None,
                keep: Sequence[str] = (), level: str = "sentence", model=None,
                unescape_html: bool = False, encoding: str = "utf8"):
    """Scores a JSON Lines file (or a folder or glob of them) as ``stancer score
    --input-format jsonl`` does, line by line with the CLI's rules and messages: a
    malformed line, a missing or non-string text field, a field given twice are error
    rows naming the file and line (``news.jsonl: line 7: malformed JSON at column 12:
    ...``). ``spark.read.json`` turned a malformed line into a row of nulls, an error row
    without its line, and read ``{"text": 12}`` as the text ``12``.

    Returns :func:`score`'s columns, the ``keep`` fields (as the line writes them, strings)
    after ``doc_id``. Without ``id_col``, ``doc_id`` is the line number (``FILE:N`` for the
    files of a folder or glob), as in the CLI. Blank lines give no row.

    An ``id_col`` value given twice in one partition's lines is warned about, as the CLI
    warns about an id given twice in a file; across partitions it is not seen (the
    warning gives the query that finds it).

    Lines are read as bytes and decoded here, as ``encoding`` (``utf8``, ``latin1``,
    ``cp1252`` or ``lossy-utf8``, the CLI's ``--encoding``): an invalid UTF-8 byte is an error row naming
    file, line and byte offset, where Spark's text decoding replaced it with U+FFFD."""
    from pyspark.sql import types as T

    source, driver_model = _model_source(spark, model)
    # No lines: the arguments checked here, before any job, with the executors' rules.
    from ._frames import arrow_bytes

    stancer._stancer.score_jsonl_lines(
        driver_model._inner, arrow_bytes(pa.array([], pa.binary())), [], [], [], text_col,
        id_col, list(keep), level, unescape_html, encoding)
    keep = list(keep)
    keep_fields = [T.StructField(k, T.StringType(), True) for k in keep]
    schema = output_schema(driver_model, level, keep_fields)
    from ._spark_warnings import executor_warnings

    warned = executor_warnings(spark.sparkContext, "stancer.spark.score_jsonl")

    def score_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from ._frames import arrow_bytes, columns_to_arrow

        m = _load(source)
        # The library warns of an id given twice within a batch of lines; the batches of a
        # partition are checked here, as `score` checks its column.
        ids = None if id_col is None else _PartitionIds(
            id_col, where=f"field `{id_col}`", finds='score_jsonl(..., level="document").groupBy("doc_id")'
            '.count().where("count > 1")')
        for batch in batches:
            def lines(batch=batch):
                return stancer._stancer.score_jsonl_lines(
                    m._inner, arrow_bytes(batch.column("value")),
                    batch.column("source").to_pylist(), batch.column("line").to_pylist(),
                    batch.column("prefix").to_pylist(), text_col, id_col, keep, level,
                    unescape_html, encoding)

            columns, kept = _warned(warned, batch.num_rows, lines)
            table = columns_to_arrow(columns)
            if ids is not None:
                # One id per record: an article's sentence rows share theirs.
                ids.see(pc.unique(table.column("doc_id")))
            rows = table.column("row").to_numpy()
            columns = table.drop_columns(["row"])
            for i, k in enumerate(keep):
                values = pa.array(kept[i], pa.string()).take(rows)
                columns = columns.add_column(1 + i, k, values)
            for out in columns.to_batches():
                yield out
        if ids is not None and ids.repeats:
            warned.add([ids.warning()])

    return numbered_lines(spark, path).mapInArrow(score_batches, schema)


def _warned(acc, n_rows: int, score):
    """``score()``'s result; the warnings it raised (Python's, the library's) are added to
    ``acc`` (see :func:`stancer._spark_warnings.executor_warnings`), which brings them to the
    driver: raised here, on an executor, they were seen in its log alone. Each names the
    batch, whose rows its row numbers count."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = score()
    if caught:
        acc.add([f"{w.message} (in a batch of {n_rows} rows)" for w in caught])
    return out


class _PartitionIds:
    """The ids of one partition's batches seen so far, for the repeats that cross batches
    (``score_arrow`` warns of those within a batch, and on Spark each batch was checked
    alone: an id in two batches of one partition was not told). Bounded as the CLI's check
    is: the first ``CHECKED`` ids are remembered."""

    CHECKED = 1_000_000

    def __init__(self, column: str, where: Optional[str] = None, finds: Optional[str] = None):
        self.column = column
        # Where the ids stand, and the query that finds repeats across partitions.
        self.where = where or f"column `{column}`"
        self.finds = finds or f"df.groupBy(\"{column}\").count().where(\"count > 1\")"
        self.seen: dict = {}  # id -> index of the batch it was first seen in
        self.batch = 0
        self.repeats = 0
        self.first = None  # (id, batch, batch it was first seen in)

    def see(self, ids) -> None:
        batch = self.batch
        self.batch += 1
        for v in ids.to_pylist():
            if v is None or v == "":
                continue
            before = self.seen.get(v)
            if before is None:
                if len(self.seen) < self.CHECKED:
                    self.seen[v] = batch
            elif before != batch:
                self.repeats += 1
                if self.first is None:
                    self.first = (v, batch, before)

    def warning(self) -> str:
        from pyspark import TaskContext

        ctx = TaskContext.get()
        part = f"partition {ctx.partitionId()}" if ctx is not None else "one partition"
        v, batch, before = self.first
        return (f"ids: {self.repeats} row(s) of {part} repeat an id of an earlier batch of "
                f"it in {self.where}; the first is `{v}` in batch {batch + 1}, "
                f"first given in batch {before + 1}; their output rows cannot be told apart "
                f"by id (ids repeated across partitions are not checked: {self.finds} "
                "finds them)")


def _model_source(spark, model):
    """What the executors load (see :func:`_load`), and the model on the driver."""
    if isinstance(model, stancer.Model):
        source = ("broadcast", f"broadcast-{uuid.uuid4()}",
                  spark.sparkContext.broadcast(model.to_bytes()), model.model_id)
        return source, model
    source = None if model is None else str(model)
    return source, stancer.load(source)


def _spark_type(t: pa.DataType):
    from pyspark.sql import types as T

    if pa.types.is_integer(t):
        return T.LongType()
    if pa.types.is_floating(t):
        return T.DoubleType()
    if pa.types.is_boolean(t):
        return T.BooleanType()
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return T.StringType()
    if pa.types.is_list(t):
        return T.ArrayType(_spark_type(t.value_type), True)
    if pa.types.is_struct(t):
        return T.StructType([T.StructField(f.name, _spark_type(f.type), True) for f in t])
    raise TypeError(f"no Spark type for {t}")


def output_schema(model: "stancer.Model", level: str = "sentence", keep_fields=()):
    """The Spark schema of ``score``'s output for this model and level."""
    from pyspark.sql import types as T

    from ._frames import _check_keep

    empty = model.score_arrow([], level=level).drop_columns(["row"])
    # Spark keeps both columns of a name (the CLI refuses such --keep-cols).
    _check_keep(empty, [f.name for f in keep_fields])
    fields = [T.StructField(f.name, _spark_type(f.type), True) for f in empty.schema]
    return T.StructType(fields[:1] + list(keep_fields) + fields[1:])


def score(df, text_col: str = "text", id_col: Optional[str] = None, level: str = "sentence",
          model=None, keep: Sequence[str] = (), unescape_html: bool = False):
    """Scores the articles of a Spark DataFrame; returns a DataFrame with one row per
    sentence (or per article, ``level="document"``) and the ``keep`` columns after
    ``doc_id``.

    ``model``: None for the shipped model; a path that every executor can read; or a
    :class:`stancer.Model`, sent to the executors once as a broadcast variable. Without
    ``id_col``, ``doc_id`` is ``monotonically_increasing_id()`` as a string.
    ``unescape_html=True`` decodes HTML character references (``&quot;``, ``&#8220;``)
    before scoring, as :meth:`stancer.Model.score_arrow` does.

    Repeated ``id_col`` values are warned about as the CLI warns about an id given twice
    in a file: within each partition (across its Arrow batches, the first million ids).
    Ids repeated across partitions are not seen: ``df.groupBy(id_col).count().where("count
    > 1")`` finds them all.
    """
    from pyspark.sql import functions as F

    from ._frames import check_columns

    keep = list(keep)
    # Named as score_frame names them: Spark said `[KEY_NOT_EXISTS] Key `x` does not exist`
    # without the parameter or the columns there are. (The text column is left to Spark's
    # resolution, which ignores case as Spark SQL does; these are read by exact name.)
    check_columns(df, [*([id_col] if id_col else []), *keep])
    source, driver_model = _model_source(df.sparkSession, model)
    # The text and the id go to the executors under names of their own, beside the kept
    # columns under theirs: `keep` may name the id or text column (the url kept as it is
    # beside doc_id, the article's text beside its scores), as `score_frame` allows, where
    # the two columns of one name failed the job (`AMBIGUOUS_REFERENCE`,
    # `DUPLICATED_FIELD_NAME_IN_ARROW_STRUCT`).
    text_name, id_name = "__stancer_text", "__stancer_id"
    # The ids made here are unique; the user's are checked across the batches of a task.
    check_ids = id_col is not None
    if id_col is None:
        ids = F.monotonically_increasing_id().cast("string")
    else:
        ids = _id_text(df, id_col)
    keep_fields = [df.schema[k] for k in keep]
    schema = output_schema(driver_model, level, keep_fields)
    from ._spark_warnings import executor_warnings

    warned = executor_warnings(df.sparkSession.sparkContext, "stancer.spark.score")

    def score_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        m = _load(source)
        seen = _PartitionIds(id_col) if check_ids else None
        for batch in batches:
            if seen is not None:
                seen.see(batch.column(id_name))
            table = _warned(warned, batch.num_rows, lambda batch=batch: m.score_arrow(
                batch.column(text_name), batch.column(id_name), level, unescape_html))
            rows = table.column("row")
            columns = _unnumbered(table.drop_columns(["row"]))
            if keep:
                kept = pa.Table.from_batches([batch.select(keep)]).take(rows)
                for i, k in enumerate(keep):
                    columns = columns.add_column(1 + i, k, kept.column(k))
            for out in columns.to_batches():
                yield out
        if seen is not None and seen.repeats:
            warned.add([seen.warning()])

    return df.select(F.col(text_col).alias(text_name), ids.alias(id_name),
                     *keep).mapInArrow(score_batches, schema)


def _unnumbered(table: pa.Table) -> pa.Table:
    """``table`` with its error messages' ``row N: `` taken off: N counted the rows of one
    Arrow batch, so the second article of a partition's second batch was ``row 1``, which
    names another row of the DataFrame (the row is told by its ``doc_id``)."""
    i = table.schema.get_field_index("error")
    fixed = pc.replace_substring_regex(table.column(i), r"^row \d+: ", "")
    return table.set_column(i, "error", fixed)


def _id_text(df, id_col: str):
    """The id column as text, as ``score_frame`` gives it. A floating column's whole values
    are given as the integers they are (``1``, where Spark's cast writes ``1.0`` and
    ``1.0E7``): pandas stores an integer column with a missing value as floats, and such a
    frame given to ``spark.createDataFrame`` keeps them, so its ids matched neither the
    input's nor ``score_frame``'s. NaN, which pandas reads as missing, is a missing id."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    col = F.col(id_col)
    if not isinstance(df.schema[id_col].dataType, (T.DoubleType, T.FloatType)):
        return col.cast("string")
    whole = (col == F.floor(col)) & (F.abs(col) < float(2 ** 63))
    return (F.when(F.isnan(col), F.lit(None).cast("string"))
            .when(whole, col.cast("long").cast("string"))
            .otherwise(col.cast("string")))
