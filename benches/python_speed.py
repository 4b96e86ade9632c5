#!/usr/bin/env python3
"""Scoring throughput from Python and on Spark against the CLI, in one run (not a test).

    benches/python_speed.sh [RUNS]        (builds what it needs, then runs this)

On the speed anchor's test split (gen_corpus.py 1000000, GroupShuffleSplit 80/20 by
doc_id as anchor_sklearn.py draws it: ~200k one-sentence records, ~35 MB) and the
stancer model trained on its training split (benches/anchor/sklearn_like.toml), times
RUNS runs of each, interleaved, and reports medians in MB/s of input text:

  cli           stancer score -m MODEL --input-format lines test.txt -o out.jsonl
                (start, load the model, read, score, write JSONL)
  python        stancer.load(MODEL) + model.score_frame(df) -> pandas, df holding the
                sentences already (as in a notebook); also score_frame alone
  spark         local[2]: spark.read.text(test.txt) -> stancer.spark.score(model=MODEL)
                -> Parquet, the session already up; also the same job with a no-op sink,
                and with no scoring at all (Spark's own share)

Prints the ratios to the CLI's MB/s (targets: python >= 0.8, spark >= 0.5).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def median_time(fn, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--test-txt", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--stancer", required=True)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()

    import pandas as pd

    import stancer
    import stancer.spark

    test = Path(a.test_txt)
    size = test.stat().st_size
    lines = test.read_text(encoding="utf-8").splitlines()
    df = pd.DataFrame({"text": lines})
    work = Path(tempfile.mkdtemp(prefix="stancer-pyspeed."))
    print(f"input: {test} ({size / 1e6:.1f} MB, {len(lines)} records); model {a.model}; "
          f"{os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")

    def cli():
        subprocess.run([a.stancer, "score", "-m", a.model, "--input-format", "lines", str(test),
                        "-o", str(work / "cli.jsonl")], check=True, stderr=subprocess.DEVNULL)

    def python_end_to_end():
        m = stancer.load(a.model)
        out = m.score_frame(df)
        assert len(out) == len(lines)

    loaded = stancer.load(a.model)

    def python_score_only():
        out = loaded.score_frame(df)
        assert len(out) == len(lines)

    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (SparkSession.builder.master("local[2]").appName("stancer-speed")
             .config("spark.ui.enabled", "false")
             .config("spark.pyspark.python", sys.executable)
             .config("spark.pyspark.driver.python", sys.executable)
             .config("spark.driver.memory", "4g")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    source = spark.read.text(str(test)).withColumnRenamed("value", "text")

    def python_arrow_only():
        assert loaded.score_arrow(lines).num_rows == len(lines)

    def spark_passthrough():
        # The same job with no scoring: Spark's own share (read, Arrow to Python and back).
        def echo(batches):
            for b in batches:
                yield b
        source.mapInArrow(echo, source.schema).write.format("noop").mode("overwrite").save()

    def spark_parquet():
        scored = stancer.spark.score(source, text_col="text", model=a.model)
        scored.write.mode("overwrite").parquet(str(work / "spark.parquet"))

    def spark_noop():
        scored = stancer.spark.score(source, text_col="text", model=a.model)
        scored.write.format("noop").mode("overwrite").save()

    # Warm the page cache and the executors' Python workers (and their model cache) once.
    cli()
    spark_noop()
    results = {}
    for _ in range(a.runs):
        for name, fn in [("cli", cli), ("python (load + score_frame)", python_end_to_end),
                         ("python (score_frame)", python_score_only),
                         ("python (score_arrow, no pandas)", python_arrow_only),
                         ("spark local[2] -> parquet", spark_parquet),
                         ("spark local[2] -> noop sink", spark_noop),
                         ("spark, no scoring -> noop", spark_passthrough)]:
            t = time.perf_counter()
            fn()
            results.setdefault(name, []).append(time.perf_counter() - t)
    spark.stop()
    shutil.rmtree(work)

    base = size / 1e6 / statistics.median(results["cli"])
    print(f"{'way':32} {'median s':>9} {'MB/s':>7} {'x CLI':>6}   runs")
    for name, times in results.items():
        t = statistics.median(times)
        mbs = size / 1e6 / t
        print(f"{name:32} {t:9.2f} {mbs:7.1f} {mbs / base:6.2f}   "
              + " ".join(f"{x:.2f}" for x in times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
