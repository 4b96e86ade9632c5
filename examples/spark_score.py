#!/usr/bin/env python3
"""Score a JSON Lines file of articles on Apache Spark, two ways.

    python examples/spark_score.py INPUT.jsonl OUT_DIR [--via arrow,pipe] [--text-col text]
        [--id-col id] [--level sentence|document] [--master local[2]] [--stancer PATH]

--via arrow   the Python package on the executors: ``stancer.spark.score_jsonl`` (each
              line parsed with the CLI's rules and numbered in its file, then scored in
              mapInArrow, the model loaded once per executor process); rows written as
              Parquet to OUT_DIR/arrow/.
--via pipe    the CLI on the executors: ``stancer.spark.pipe_jsonl`` streams the lines of
              each file's splits through ``stancer score - --input-format jsonl --label
              FILE --first-line N``; its JSON lines written as text to OUT_DIR/pipe/.
              Needs the ``stancer`` binary on every executor (--stancer), and the
              package on the driver only.

Each INPUT line is an object with the text and id fields (``{"id": "a1", "text": "..."}``).
Both ways read each line as bytes and give the rows of ``stancer score INPUT``, error rows
(``news.jsonl: line 7: ...``, invalid UTF-8 included) and order too. Each output folder is
written beside OUT_DIR/arrow or OUT_DIR/pipe and takes its place when the job has
finished: a failed run leaves the previous output whole.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
import uuid


def spark_session(master: str):
    from pyspark.sql import SparkSession

    # Workers run this Python (the one with the stancer wheel installed) unless
    # PYSPARK_PYTHON names another, e.g. ./env/bin/python from a packed virtualenv shipped
    # with --archives (see the README); pyspark reads it when the context starts.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(master)
        .appName("stancer-score")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )


def replace_output(spark, out_dir, write):
    """Runs ``write(path)`` into a hidden folder beside ``out_dir`` and puts it in
    ``out_dir``'s place when the job has finished, so a job that fails leaves the previous
    output whole. (``mode("overwrite")`` deletes the old output before the job starts, and
    ``saveAsTextFile`` refuses an existing folder.) Through Hadoop's FileSystem, so HDFS and
    object stores work as local folders do."""
    jvm = spark.sparkContext._jvm
    Path = jvm.org.apache.hadoop.fs.Path
    target = Path(out_dir)
    fs = target.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    tag = uuid.uuid4().hex[:12]
    tmp = Path(target.getParent(), f".{target.getName()}.{tag}.tmp")
    old = Path(target.getParent(), f".{target.getName()}.{tag}.old")
    try:
        write(tmp.toString())
    except BaseException:
        fs.delete(tmp, True)
        raise
    had = fs.exists(target)
    if had and not fs.rename(target, old):
        fs.delete(tmp, True)
        raise OSError(f"{out_dir}: cannot move the previous output aside")
    if not fs.rename(tmp, target):
        if had:
            fs.rename(old, target)
        raise OSError(f"{out_dir}: cannot move the new output into place (left in {tmp})")
    if had:
        fs.delete(old, True)


def score_arrow(spark, input_path, out_dir, text_col="text", id_col="id", level="sentence",
                model=None):
    """The Python package on the executors: ``stancer.spark.score_jsonl``, each line parsed
    with the CLI's rules, so a bad line is an error row naming its file and line.
    (``spark.read.json`` in PERMISSIVE mode made a malformed line a row of nulls, an error
    row without its line, and read ``{"text": 12}`` as the text ``12``.)"""
    import stancer.spark

    scored = stancer.spark.score_jsonl(spark, input_path, text_col=text_col, id_col=id_col,
                                       level=level, model=model)
    replace_output(spark, out_dir, lambda path: scored.write.parquet(path))


def score_pipe(spark, input_path, out_dir, stancer_bin, text_col="text", id_col="id",
               level="sentence", model=None):
    """The CLI on the executors: ``stancer.spark.pipe_jsonl`` streams each run of lines of
    one file through ``stancer score - --label FILE --first-line N``, so an error row names
    the file and its line, and invalid UTF-8 reaches the CLI as bytes (its error row, not
    U+FFFD). ``RDD.pipe`` over ``textFile`` named ``<stdin>`` and the line within the
    partition. stancer's exit 1 (some records got error rows, which are in its output)
    finishes a run; any other exit (2: a model the executor cannot read, a crash, a kill)
    fails the task, rather than pass as a partition without rows."""
    import stancer.spark

    cmd = [stancer_bin, "score", "-", "--input-format", "jsonl", "--text-col", text_col,
           "--id-col", id_col, "--level", level]
    if model:
        cmd += ["--model", model]
    piped = stancer.spark.pipe_jsonl(spark, input_path, cmd)
    replace_output(spark, out_dir, piped.saveAsTextFile)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input")
    p.add_argument("out_dir")
    p.add_argument("--via", default="arrow", help="arrow, pipe, or arrow,pipe")
    p.add_argument("--text-col", default="text")
    p.add_argument("--id-col", default="id")
    p.add_argument("--level", default="sentence", choices=["sentence", "document"])
    p.add_argument("--master", default="local[2]")
    p.add_argument("--model", default=None, help="model file (default: the shipped model)")
    p.add_argument("--stancer", default=shutil.which("stancer") or "stancer",
                   help="the stancer binary, for --via pipe")
    a = p.parse_args(argv)
    spark = spark_session(a.master)
    spark.sparkContext.setLogLevel("ERROR")
    try:
        for via in a.via.split(","):
            out = os.path.join(a.out_dir, via)
            t = time.perf_counter()
            if via == "arrow":
                score_arrow(spark, a.input, out, a.text_col, a.id_col, a.level, a.model)
            elif via == "pipe":
                score_pipe(spark, a.input, out, os.path.abspath(a.stancer), a.text_col,
                           a.id_col, a.level, a.model)
            else:
                p.error(f"--via: unknown way {via!r} (arrow or pipe)")
            print(f"{via}: wrote {out} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
