"""Shared fixtures: the repository, the CLI binary built by `cargo test --release`, and a
small labeled frame."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def cli_binary() -> Path:
    path = Path(os.environ.get("STANCER_BIN", REPO / "target" / "release" / "stancer"))
    if not path.exists():
        pytest.fail(f"{path}: no stancer binary; run `cargo build --release` first "
                    "(scripts/test-all.sh does)")
    return path


def run_cli(*args, cwd=REPO, input=None) -> str:
    out = subprocess.run([str(cli_binary()), *map(str, args)], cwd=cwd, input=input,
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise AssertionError(f"stancer {' '.join(map(str, args))}: exit {out.returncode}\n{out.stderr}")
    return out.stdout


def json_lines(text: str) -> list:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


GOOD = "Russian troops remain in occupied Abkhazia. Sukhumi protested."


def numbered_jsonl(n: int, bad: dict) -> bytes:
    """`n` JSON lines (ids a1..an) with the lines of `bad` (1-based) replaced by its bytes."""
    out = [bad.get(i, json.dumps({"id": f"a{i}", "text": f"{GOOD} ({i})"}).encode())
           for i in range(1, n + 1)]
    return b"\n".join(out) + b"\n"


def cli_article_rows(path, *args):
    """`stancer score PATH --id-col id --level document`'s rows, parsed."""
    return json_lines(run_cli("score", path, "--id-col", "id", "--level", "document", *args))


def both_ways(spark, path, small_splits=True):
    """score_jsonl's rows (as dicts) and pipe_jsonl's (parsed) for the JSON Lines at
    `path`, Spark's text reader cutting files every 1,500 bytes (`small_splits`) so that a
    file of a few KB is read in several splits."""
    import stancer.spark

    if small_splits:
        spark.conf.set("spark.sql.files.maxPartitionBytes", "1500")
    try:
        arrow = [r.asDict(recursive=True) for r in stancer.spark.score_jsonl(
            spark, str(path), id_col="id", level="document").collect()]
        cmd = [str(cli_binary()), "score", "-", "--input-format", "jsonl", "--id-col", "id",
               "--level", "document"]
        pipe = [json.loads(r) for r in stancer.spark.pipe_jsonl(spark, str(path), cmd).collect()]
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    return arrow, pipe


def cli_shape(row: dict) -> dict:
    """A Python (or Spark) sentence row in the shape of the CLI's JSONL row, to compare."""
    out = {k: row[k] for k in ["doc_id", "sent_id", "start", "end", "start_char", "end_char",
                                "text", "stance", "status", "model"]}
    out["stance_probs"] = {k[2:]: v for k, v in row.items()
                           if k.startswith("p_") and not k.startswith("p_frame_")}
    frame_probs = {k[8:]: v for k, v in row.items() if k.startswith("p_frame_")}
    out["frame"] = row.get("frame")
    out["frame_probs"] = frame_probs or None
    out["terms"] = [dict(t) for t in row["frame_terms"]]
    return out


# Two sentences of the guide's classes that no lexicon rule confuses, for small frames.
TWO_CLASS_TEXTS = [("georgian", "Russian occupying troops detained residents near the "
                                "occupation line in Ergneti."),
                   ("neutral_wire", "Officials in Tbilisi said talks on the crossing would "
                                    "resume in Geneva next month.")]


def two_class_frame(docs):
    """A labeled pandas frame: three sentences per article, `docs[k]` articles of the k-th
    stance of `TWO_CLASS_TEXTS`."""
    import pandas as pd
    rows = []
    for k, (stance, text) in enumerate(TWO_CLASS_TEXTS):
        for d in range(docs[k]):
            for j in range(3):
                rows.append({"doc_id": f"a{k}_{d}", "text": f"{text} Report {d} item {j}.",
                             "stance": stance})
    return pd.DataFrame(rows)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seed_sentences():
    import pandas as pd

    return pd.read_csv(REPO / "labels" / "seed_sentences.csv", keep_default_na=False)


def require_spark():
    """Skips the calling test module where pyspark or Java is missing, unless
    STANCER_REQUIRE_SPARK=1 (set by scripts/test-all.sh, so CI fails rather than skips)."""
    missing = None
    try:
        import pyspark  # noqa: F401
    except ImportError:
        missing = "pyspark is not installed"
    if missing is None and shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        missing = "no Java (pyspark needs Java 17 or later)"
    if missing:
        if os.environ.get("STANCER_REQUIRE_SPARK") == "1":
            pytest.fail(missing)
        pytest.skip(missing, allow_module_level=True)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")


@pytest.fixture(scope="session")
def spark():
    """One local[2] session for the Spark tests of every module."""
    require_spark()
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (SparkSession.builder.master("local[2]").appName("stancer-test")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.pyspark.python", sys.executable)
               .config("spark.pyspark.driver.python", sys.executable)
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
