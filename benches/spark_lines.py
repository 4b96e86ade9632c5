"""What reading JSON lines as bytes costs on Spark (README, Spark): each way before and after,
best of N runs on local[2].

    git show 3c21ce5~1:python/stancer/spark.py > "$(python -c 'import stancer, os;
        print(os.path.dirname(stancer.__file__))')/_old_spark.py"     # the way before
    python benches/spark_lines.py FILE_OR_FOLDER STANCER_BIN [RUNS]
"""

from __future__ import annotations

import os
import shlex
import sys
import time

os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

from pyspark.sql import SparkSession  # noqa: E402

import stancer._old_spark as old  # noqa: E402
import stancer.spark as new  # noqa: E402
from stancer._spark_lines import FileLines  # noqa: E402

path, binary = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
         .config("spark.ui.showConsoleProgress", "false").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
cmd = [binary, "score", "-", "--input-format", "jsonl", "--id-col", "id", "--level", "document"]
# RDD.pipe as examples/spark_score.py ran it before: exit 1 (error rows) ends a partition.
exit_1 = 'rc=0; "$@" || rc=$?; if [ "$rc" -eq 1 ]; then exit 0; fi; exit "$rc"'


def noop(df):
    df.write.format("noop").mode("overwrite").save()


cases = {
    "numbering, before (textFile)": lambda: old.numbered_lines(spark, path).count(),
    "numbering, now (bytes)": lambda: FileLines(spark, path).numbered().count(),
    "score_jsonl, before": lambda: noop(old.score_jsonl(spark, path, id_col="id",
                                                        level="document")),
    "score_jsonl, now": lambda: noop(new.score_jsonl(spark, path, id_col="id",
                                                     level="document")),
    "pipe, before (RDD.pipe)": lambda: spark.sparkContext.textFile(path).pipe(
        shlex.join(["sh", "-c", exit_1, "stancer", *cmd]), checkCode=True).count(),
    "pipe, now (pipe_jsonl)": lambda: new.pipe_jsonl(spark, path, cmd).count(),
}
cases["numbering, before (textFile)"]()  # the JVM's and the workers' start
times = {k: [] for k in cases}
for _ in range(runs):
    for k, f in cases.items():
        t = time.perf_counter()
        f()
        times[k].append(time.perf_counter() - t)
for k, v in times.items():
    print(f"{k:32s} " + " ".join(f"{x:6.1f}" for x in v) + f"   best {min(v):.1f} s")
spark.stop()
