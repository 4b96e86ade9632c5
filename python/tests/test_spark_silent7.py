"""Regressions of the seventh "nothing silent" audit on Spark: both ways of scoring JSON
Lines files give the CLI's rows for lines that Spark's readers misnumbered or decoded.
Each failed before its fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import (REPO, both_ways, cli_article_rows, cli_binary, json_lines, numbered_jsonl,
                      require_spark, run_cli)

require_spark()

_lines = numbered_jsonl


# Lines Spark decoded to U+FFFD (scored as text), and one Spark read as two (a lone "\r"
# ends a line for its text reader, not for the CLI's).
BAD = {
    9: b'{"id": "b9", "text": "Tskhinvali \xff said."}',
    40: b'{"id": "b40", "text": "caf\xe9 in Sukhumi"}',
    77: b'{"id": "b77", "text": "cut \xe2\x80"}',
    78: b'{"id": "b78",\r "text": "Abkhazia voted."}',
    120: b'{"id": "b120", "text": "unclosed',
}


_cli_rows = cli_article_rows


def _by_file(rows):
    """Rows by the file their id names (`x/news:a7`), each file's in order: Spark gives the
    files of a folder in its order of splits (larger first), each file's lines in order."""
    out = {}
    for r in rows:
        out.setdefault(r["doc_id"].rpartition(":")[0], []).append(r)
    return out


def _small_splits(spark):
    """Spark's text reader splits files at this many bytes, so a file of a few KB is read
    in several partitions and its later lines are numbered across them."""
    spark.conf.set("spark.sql.files.maxPartitionBytes", "1500")


def test_invalid_utf8_is_the_clis_error_row_both_ways(spark, tmp_path):
    # Spark's textFile and text reader decode lines, replacing invalid UTF-8 with U+FFFD:
    # `Tskhinvali \xff said.` was scored as `Tskhinvali � said.`, where the CLI gives an
    # error row naming file, line and byte offset. Both ways now read the bytes.
    import stancer.spark

    inp = tmp_path / "news.jsonl"
    inp.write_bytes(_lines(150, BAD))
    cli = _cli_rows(inp)
    errors = [r["error"] for r in cli if r["status"] == "error"]
    assert f"{inp}: line 9: invalid UTF-8 at byte offset 33 (column 34): 0xff; expected " \
           "UTF-8 text (or pass --encoding latin1 or --lossy-utf8)" in errors
    assert len(errors) == 4  # line 78's "\r" is JSON whitespace: a record
    arrow, pipe = both_ways(spark, inp)
    _small_splits(spark)
    try:
        # encoding= as the CLI's --encoding: Latin-1 reads every byte.
        latin1 = [r.asDict(recursive=True) for r in stancer.spark.score_jsonl(
            spark, str(inp), id_col="id", level="document", encoding="latin1").collect()]
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    assert pipe == cli
    assert [(r["doc_id"], r["status"], r["error"]) for r in arrow] == \
        [(c["doc_id"], c["status"], c.get("error")) for c in cli]
    cli_latin1 = _cli_rows(inp, "--encoding", "latin1")
    assert [(r["doc_id"], r["status"], r["stance"]) for r in latin1] == \
        [(c["doc_id"], c["status"], c.get("stance")) for c in cli_latin1]
    assert sum(r["status"] == "error" for r in latin1) == 1


def test_pipe_rows_name_the_file_and_its_line(tmp_path):
    # examples/spark_score.py --via pipe sent each partition through `stancer score -`:
    # error rows named `<stdin>` and the line within the partition (`<stdin>: line 3`
    # for the file's line 120), and ids by line number restarted in every partition. The
    # rows are now those of `stancer score FOLDER`, file, line and id prefix included.
    folder = tmp_path / "in"
    (folder / "x").mkdir(parents=True)
    (folder / "x" / "news.jsonl").write_bytes(_lines(150, BAD))
    (folder / "b.jsonl").write_bytes(b"\n\n")
    (folder / "c.jsonl").write_bytes(_lines(30, {25: b"[1, 2]"}))
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, REPO / "examples" / "spark_score.py", folder, out, "--via", "pipe",
         "--level", "document", "--master", "local[2]", "--stancer", cli_binary()],
        capture_output=True, text=True, timeout=1200,
        env={**os.environ, "PYSPARK_PYTHON": sys.executable, "PYSPARK_SUBMIT_ARGS":
             "--conf spark.sql.files.maxPartitionBytes=1500 pyspark-shell"})
    assert run.returncode == 0, run.stderr[-3000:]
    rows = [r for part in sorted((out / "pipe").glob("part-*"))
            for r in json_lines(part.read_text(encoding="utf-8"))]
    cli = _cli_rows(folder)
    assert len(rows) == len(cli) and _by_file(rows) == _by_file(cli)
    errors = [r["error"] for r in rows if r["status"] == "error"]
    assert f"{folder}/x/news.jsonl: line 120: malformed JSON at column 32: EOF while " \
           "parsing a string" in errors, errors
    assert f"{folder}/b.jsonl: no records (the file is empty or blank); expected one JSON " \
           "object per line with a `text` field" in errors, errors
    assert "c:25" in [r["doc_id"] for r in rows if r["status"] == "error"]


def test_pipe_needs_no_stancer_package_on_the_executors(tmp_path):
    # The pipe way runs the binary; the executors' Python must not import stancer (a
    # cluster with the binary alone). A `stancer` that fails to import, first on the
    # workers' path, fails the arrow way (which needs it) and not the pipe way.
    blocker = tmp_path / "blocker" / "stancer"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('stancer imported on an executor')\n")
    worker = tmp_path / "python"
    worker.write_text(f'#!/bin/sh\nPYTHONPATH="{blocker.parent}${{PYTHONPATH:+:$PYTHONPATH}}" '
                      f'exec "{sys.executable}" "$@"\n')
    worker.chmod(0o755)
    inp = tmp_path / "news.jsonl"
    inp.write_bytes(_lines(20, {3: b'{"id": "b3", "text": 12}'}))
    env = {**os.environ, "PYSPARK_PYTHON": str(worker)}

    def example(via):
        return subprocess.run(
            [sys.executable, REPO / "examples" / "spark_score.py", inp, tmp_path / "out",
             "--via", via, "--master", "local[2]", "--stancer", cli_binary()],
            capture_output=True, text=True, timeout=1200, env=env)

    run = example("arrow")
    assert run.returncode != 0 and "stancer imported on an executor" in run.stderr
    run = example("pipe")
    assert run.returncode == 0, run.stderr[-3000:]
    rows = [r for part in sorted((tmp_path / "out" / "pipe").glob("part-*"))
            for r in json_lines(part.read_text(encoding="utf-8"))]
    assert rows == json_lines(run_cli("score", inp, "--id-col", "id"))


def test_a_file_spark_would_skip_is_refused(spark, tmp_path):
    # Spark's text reader skips a file whose name starts with `_` or `.`, even named
    # alone: it read no line, and the file's one row said it was empty ("no records").
    import pytest

    import stancer.spark

    hidden = tmp_path / "_news.jsonl"
    hidden.write_bytes(_lines(3, {}))
    with pytest.raises(ValueError, match="skip a file whose name starts with"):
        stancer.spark.score_jsonl(spark, str(hidden))


def test_what_the_cli_checks_while_reading_is_checked_on_spark(spark, tmp_path):
    # The CLI checks a line's size (--max-record-bytes, 32 MiB) and the first bytes of a
    # file (UTF-16) as it reads; score_jsonl parsed the lines Spark had read without
    # either: a 33 MiB line was scored, and a UTF-16 file's first line was "invalid UTF-8
    # at byte offset 0 ... (or pass --encoding latin1)", a hint that garbles it.
    import stancer.spark

    big = tmp_path / "big.jsonl"
    text = "Sukhumi protested. " * (33 * 2**20 // 19 + 1)
    big.write_bytes(_lines(3, {2: json.dumps({"id": "b2", "text": text}).encode()}))
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes(b"\xff\xfe" + _lines(2, {}).decode().encode("utf-16-le"))
    for path in [big, wide]:
        cli = _cli_rows(path)
        rows = [r.asDict() for r in stancer.spark.score_jsonl(
            spark, str(path), id_col="id", level="document").collect()]
        row = next(r for r in rows if r["status"] == "error")
        first = next(c for c in cli if c["status"] == "error")
        # The CLI stops reading a UTF-16 file, and Spark reads no further line of it
        # (test_spark_silent8.py).
        assert (row["doc_id"], row["error"]) == (first["doc_id"], first["error"])
        if path == big:
            assert [(r["doc_id"], r["status"]) for r in rows] == \
                [(c["doc_id"], c["status"]) for c in cli] == \
                [("a1", "ok"), ("2", "error"), ("a3", "ok")]
            assert "record larger than --max-record-bytes 33554432" in row["error"]
        else:
            assert f"{path}: line 1: UTF-16 (little-endian) text" in row["error"]


def test_kept_columns_that_would_be_two_of_a_name_are_refused(spark):
    # stancer.spark.score(df, keep=["status"]) gave a frame with two `status` columns
    # (Spark allows it; reading one by name then fails or picks one); score_frame and the
    # CLI refuse such a keep.
    import pytest

    import stancer.spark

    df = spark.createDataFrame([("Sukhumi voted.", "x", "A")], "text string, status string, o string")
    for keep in [["status"], ["o", "o"]]:
        with pytest.raises(ValueError, match="keep="):
            stancer.spark.score(df, keep=keep)
