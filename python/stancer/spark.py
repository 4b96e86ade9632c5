"""Scoring a Spark DataFrame with stancer, on the executors.

``score`` maps Arrow batches of the input through the Python package with
``DataFrame.mapInArrow``: each executor's Python worker loads the model once (a process-wide
cache; Spark reuses its Python workers between tasks) and scores each batch in Rust, with
the GIL released and rayon's threads, as the CLI does. The rows are the CLI's, with the
columns of :meth:`stancer.Model.score_frame`.

The wheel must be installed on the executors (see the README: ``spark.archives`` with a
packed virtualenv, or ``--py-files`` for clusters whose Python matches). The CLI path needs
no Python package at all: ``RDD.pipe`` through ``stancer score - --input-format jsonl``
(``examples/spark_score.py --via pipe``).
"""

from __future__ import annotations

import uuid
from typing import Iterator, Optional, Sequence

import pyarrow as pa

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


def _input_files(spark, path: str):
    """The files ``path`` names, as ``(source, id_prefix)`` in order: a file alone (named as
    given, ids without a prefix), or the files of a folder (recursively, skipping names
    that start with ``_`` or ``.``, as Spark does) or of a glob, sorted, each with its path
    without extension as id prefix, as ``stancer score FOLDER`` does. Through Hadoop's
    FileSystem, so HDFS and object stores work as local folders do."""
    jvm = spark.sparkContext._jvm
    Path = jvm.org.apache.hadoop.fs.Path
    target = Path(path)
    fs = target.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    statuses = fs.globStatus(target)
    if not statuses:
        raise FileNotFoundError(f"{path}: no such file or folder")
    named = str(statuses[0].getPath().getName()) == str(target.getName())
    if len(statuses) == 1 and statuses[0].isFile() and named:
        return [(path, None)]
    files = []  # (source, path relative to the folder or the glob's match)
    for st in statuses:
        if st.isFile():
            files.append((str(st.getPath()), str(st.getPath().getName())))
            continue
        base = str(st.getPath())
        found = fs.listFiles(st.getPath(), True)
        while found.hasNext():
            f = str(found.next().getPath())
            rel = f[len(base):].lstrip("/")
            if any(part.startswith(("_", ".")) for part in rel.split("/")):
                continue
            files.append((f"{path.rstrip('/')}/{rel}" if len(statuses) == 1 else f, rel))
    if not files:
        raise FileNotFoundError(f"{path}: no files (expected JSON Lines files)")
    files.sort()
    out = []
    for source, rel in files:
        folder, _, name = rel.rpartition("/")
        stem = name.rsplit(".", 1)[0] if "." in name else name
        out.append((source, f"{folder}/{stem}" if folder else stem))
    return out


def numbered_lines(spark, path: str):
    """The lines of the files at ``path`` as a DataFrame of ``source`` (the file), ``prefix``
    (its id prefix, or null), ``line`` (1-based, in its file) and ``value`` (the line);
    a file without a line that is not blank is one row of line 0 and a null value.

    Spark's readers number no lines, so the lines are read with ``textFile`` per file
    (one partition per split, in file order), counted per partition in a first pass, and
    numbered from those counts in the second."""
    sc = spark.sparkContext
    files = _input_files(spark, path)
    rdds = [sc.textFile(source) for source, _ in files]
    owner = [i for i, r in enumerate(rdds) for _ in range(r.getNumPartitions())]
    lines = sc.union(rdds) if len(rdds) > 1 else rdds[0]

    def count(it):
        n = nonblank = 0
        for line in it:
            n += 1
            nonblank += bool(line.strip())
        yield n, nonblank

    counts = lines.mapPartitions(count).collect()
    first, seen, nonblank = [], {}, {}
    for p, (n, nb) in enumerate(counts):
        f = owner[p]
        first.append(seen.get(f, 0) + 1)
        seen[f] = seen.get(f, 0) + n
        nonblank[f] = nonblank.get(f, 0) + nb
    # A file with nothing to read gets one row (line 0) in its first partition.
    starts = {}
    for p, f in enumerate(owner):
        starts.setdefault(f, p)
    empty_at = {p for f, p in starts.items() if nonblank.get(f, 0) == 0}

    def number(p, it):
        source, prefix = files[owner[p]]
        if p in empty_at:
            yield source, prefix, 0, None
        for i, line in enumerate(it, first[p]):
            yield source, prefix, i, line

    schema = "source string, prefix string, line long, value string"
    return spark.createDataFrame(lines.mapPartitionsWithIndex(number), schema)


def score_jsonl(spark, path: str, text_col: str = "text", id_col: Optional[str] = None,
                keep: Sequence[str] = (), level: str = "sentence", model=None,
                unescape_html: bool = False):
    """Scores a JSON Lines file (or a folder or glob of them) as ``stancer score
    --input-format jsonl`` does, line by line with the CLI's rules and messages: a
    malformed line, a missing or non-string text field, a field given twice are error
    rows naming the file and line (``news.jsonl: line 7: malformed JSON at column 12:
    ...``). ``spark.read.json`` turned a malformed line into a row of nulls, an error row
    without its line, and read ``{"text": 12}`` as the text ``12``.

    Returns :func:`score`'s columns, the ``keep`` fields (as the line writes them, strings)
    after ``doc_id``. Without ``id_col``, ``doc_id`` is the line number (``FILE:N`` for the
    files of a folder or glob), as in the CLI. Blank lines give no row."""
    from pyspark.sql import types as T

    source, driver_model = _model_source(spark, model)
    keep = list(keep)
    keep_fields = [T.StructField(k, T.StringType(), True) for k in keep]
    schema = output_schema(driver_model, level, keep_fields)

    def score_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from ._frames import arrow_strings, columns_to_arrow

        m = _load(source)
        for batch in batches:
            columns, kept = stancer._stancer.score_jsonl_lines(
                m._inner, arrow_strings(batch.column("value")),
                batch.column("source").to_pylist(), batch.column("line").to_pylist(),
                batch.column("prefix").to_pylist(), text_col, id_col, keep, level,
                unescape_html)
            table = columns_to_arrow(columns)
            rows = table.column("row").to_numpy()
            columns = table.drop_columns(["row"])
            for i, k in enumerate(keep):
                values = pa.array(kept[i], pa.string()).take(rows)
                columns = columns.add_column(1 + i, k, values)
            for out in columns.to_batches():
                yield out

    return numbered_lines(spark, path).mapInArrow(score_batches, schema)


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

    empty = model.score_arrow([], level=level).drop_columns(["row"])
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
    """
    from pyspark.sql import functions as F

    source, driver_model = _model_source(df.sparkSession, model)
    keep = list(keep)
    if id_col is None:
        id_col = "__stancer_id"
        df = df.withColumn(id_col, F.monotonically_increasing_id().cast("string"))
    keep_fields = [df.schema[k] for k in keep]
    schema = output_schema(driver_model, level, keep_fields)

    def score_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        m = _load(source)
        for batch in batches:
            table = m.score_arrow(batch.column(text_col), batch.column(id_col), level,
                                  unescape_html)
            rows = table.column("row")
            columns = table.drop_columns(["row"])
            if keep:
                kept = pa.Table.from_batches([batch.select(keep)]).take(rows)
                for i, k in enumerate(keep):
                    columns = columns.add_column(1 + i, k, kept.column(k))
            for out in columns.to_batches():
                yield out

    return df.select(text_col, F.col(id_col).cast("string").alias(id_col), *keep).mapInArrow(
        score_batches, schema)
