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

    spark = df.sparkSession
    if isinstance(model, stancer.Model):
        source = ("broadcast", f"broadcast-{uuid.uuid4()}",
                  spark.sparkContext.broadcast(model.to_bytes()), model.model_id)
        driver_model = model
    else:
        source = None if model is None else str(model)
        driver_model = stancer.load(source)
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
