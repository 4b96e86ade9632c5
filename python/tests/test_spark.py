"""Scoring on Spark (`local[2]`, pyspark from PyPI, Java 17): both ways of
examples/spark_score.py give the CLI's rows, and `stancer.spark.score` carries columns and
broadcast models.

Skipped where pyspark or Java is missing, unless STANCER_REQUIRE_SPARK=1 (set by
scripts/test-all.sh, so CI fails rather than skips)."""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys

from conftest import REPO, cli_binary, cli_shape, json_lines, require_spark, run_cli


require_spark()


def generated_articles(n: int):
    """`n` articles of 1-6 labeled sentences drawn (seeded) from labels/, one with no text."""
    with open(REPO / "labels" / "composed_sentences.csv", encoding="utf-8") as f:
        sentences = [r["text"] for r in csv.DictReader(f)]
    rng = random.Random(16)
    rows = [{"id": f"a{i}", "text": " ".join(rng.choices(sentences, k=rng.randint(1, 6)))}
            for i in range(n)]
    rows[7]["text"] = None
    return rows


def test_example_scores_like_the_cli_both_ways(tmp_path):
    import pyarrow.parquet as pq

    articles = generated_articles(3000)
    inp = tmp_path / "articles.jsonl"
    inp.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    # The CLI reading the file: both ways give its rows, error rows (naming the file and
    # line) included.
    cli = json_lines(run_cli("score", inp, "--id-col", "id"))
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, REPO / "examples" / "spark_score.py", inp, out, "--via", "arrow,pipe",
         "--master", "local[2]", "--stancer", cli_binary()],
        check=True, timeout=1200, env={**os.environ, "PYSPARK_PYTHON": sys.executable},
    )
    # The CLI's own lines, partition after partition, in input order.
    pipe = []
    for part in sorted((out / "pipe").glob("part-*")):
        pipe += json_lines(part.read_text(encoding="utf-8"))
    assert pipe == cli

    # mapInArrow: the same rows, error rows with the same message (`FILE: line 8: field
    # `text` is null ...`; spark.read.json gave `row 7: no text (the value is missing)`,
    # its line lost).
    arrow = pq.read_table(out / "arrow").to_pylist()
    assert len(arrow) == len(cli) > 3000
    for a, c in zip(arrow, cli):
        if c["status"] == "error":
            assert {k: a[k] for k in c} == c
            continue
        assert cli_shape(a) == c


def test_score_keeps_columns_and_ships_a_trained_model(spark, tmp_path, seed_sentences):
    import pandas as pd

    import stancer
    import stancer.spark

    mine = stancer.train(seed_sentences, frame_col="frame", config={"features": {"min_df": 1}})
    texts = ["Troops remain in occupied Abkhazia. Sukhumi disagrees.", "The de facto leader spoke."]
    pdf = pd.DataFrame({"url": ["u1", "u2"], "outlet": ["A", "B"], "body": texts})
    df = spark.createDataFrame(pdf)
    rows = stancer.spark.score(df, text_col="body", id_col="url", model=mine,
                               keep=["outlet"]).collect()
    # The executors get the model file's bytes: compare with that file as loaded (JSON
    # floats are parsed to within an ulp, so the trained model in memory can differ from it
    # in the last digit).
    mine.save(tmp_path / "mine.json")
    local = stancer.load(tmp_path / "mine.json").score(texts, ids=["u1", "u2"])
    assert [r["outlet"] for r in rows] == ["A", "A", "B"]
    assert [r["doc_id"] for r in rows] == [r["doc_id"] for r in local]
    assert [r["p_georgian"] for r in rows] == [r["p_georgian"] for r in local]
    # The executors name the driver's model, as its rows and a saved copy scored by the CLI do.
    assert {r["model"] for r in rows} == {mine.model_id}
    docs = stancer.spark.score(df, text_col="body", level="document").collect()
    assert [d["n_sentences"] for d in docs] == [2, 1]
    assert all(d["doc_id"] is not None for d in docs)
    # HTML character references decoded on the executors, as by the package and the CLI.
    escaped = spark.createDataFrame(pd.DataFrame({"body": [
        "The so-called &ldquo;independence&rdquo; of the region is recognised by Moscow."]}))
    row, = stancer.spark.score(escaped, text_col="body", unescape_html=True).collect()
    assert row["text"].startswith("The so-called “independence”") and row["stance"] == "georgian"


def _example(*args):
    return subprocess.run(
        [sys.executable, REPO / "examples" / "spark_score.py", *map(str, args),
         "--master", "local[2]", "--stancer", cli_binary()],
        capture_output=True, text=True, timeout=1200,
        env={**os.environ, "PYSPARK_PYTHON": sys.executable},
    )


def test_a_failed_cli_under_pipe_fails_the_run(tmp_path):
    # RDD.pipe ran with checkCode=False so that the CLI's exit 1 (some error rows, which
    # are in the output) passed; an exit 2 (nothing scored: here a model file the
    # executors cannot read) passed too, and the run wrote no rows and exited 0.
    inp = tmp_path / "articles.jsonl"
    inp.write_text("".join(json.dumps(a) + "\n" for a in generated_articles(20)), encoding="utf-8")
    run = _example(inp, tmp_path / "out", "--via", "pipe", "--model", tmp_path / "missing.json")
    assert run.returncode != 0, run.stderr[-2000:]
    assert not (tmp_path / "out" / "pipe").exists()
    # Exit 1 (row 7 has no text: an error row) is still a finished run.
    run = _example(inp, tmp_path / "out", "--via", "pipe")
    assert run.returncode == 0, run.stderr[-2000:]
    rows = [r for part in sorted((tmp_path / "out" / "pipe").glob("part-*"))
            for r in json_lines(part.read_text(encoding="utf-8"))]
    assert [r["status"] for r in rows].count("error") == 1


def test_a_failed_run_leaves_the_previous_output_whole(tmp_path):
    # The output was written with mode("overwrite") (arrow) or into the folder itself
    # (pipe): Spark deletes the old output before the job, so a job that failed half-way
    # left no output at all, or refused an existing folder. Each is now written beside
    # the target and takes its place when complete.
    import gzip

    import pyarrow.parquet as pq

    good = tmp_path / "articles.jsonl"
    good.write_text("".join(json.dumps(a) + "\n" for a in generated_articles(20)),
                    encoding="utf-8")
    out = tmp_path / "out"
    run = _example(good, out, "--via", "arrow,pipe")
    assert run.returncode == 0, run.stderr[-2000:]
    before = pq.read_table(out / "arrow").to_pylist()
    pipe_before = sorted(p.name for p in (out / "pipe").iterdir())
    # A second run over the same folder replaces the pipe output too.
    run = _example(good, out, "--via", "pipe")
    assert run.returncode == 0, run.stderr[-2000:]
    # A gzip file cut short fails the job while it reads.
    bad = tmp_path / "cut.jsonl.gz"
    bad.write_bytes(gzip.compress(good.read_bytes() * 50)[:3000])
    for via in ["arrow", "pipe"]:
        run = _example(bad, out, "--via", via)
        assert run.returncode != 0, run.stderr[-2000:]
    assert pq.read_table(out / "arrow").to_pylist() == before
    assert sorted(p.name for p in (out / "pipe").iterdir()) == pipe_before
    assert sorted(p.name for p in out.iterdir()) == ["arrow", "pipe"]


def test_jsonl_lines_spark_misread_are_error_rows_naming_file_and_line(spark, tmp_path):
    # spark.read.json (PERMISSIVE, with a schema) made a malformed line a row of nulls,
    # scored as "row N: no text" without its line, and read {"text": 12} as the text "12"
    # and {"text": ["a"]} as '["a"]'. score_jsonl parses each line as the CLI does: the
    # same rows and messages, lines numbered in their file across Spark's splits.
    import stancer.spark

    good = [json.dumps({"id": f"a{i}", "text": "Troops remain in occupied Abkhazia.",
                        "outlet": i}) for i in range(40)]
    bad = ['{"id": "b1", "text": "unclosed', '{"id": "b2", "text": 12}',
           '{"id": "b3", "text": ["Tskhinvali"]}', '[1, 2]', '{"id": "b5"}',
           '{"id": "b6", "text": "Sukhumi voted.", "text": "x"}', "   ", "null"]
    lines = good[:20] + bad[:4] + good[20:] + bad[4:]
    folder = tmp_path / "in"
    (folder / "x").mkdir(parents=True)
    f = folder / "x" / "news.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    for path in [f, folder]:
        cli = json_lines(run_cli("score", path, "--id-col", "id", "--keep-cols", "outlet",
                                 "--level", "document"))
        rows = [r.asDict(recursive=True) for r in stancer.spark.score_jsonl(
            spark, str(path), id_col="id", keep=["outlet"], level="document").collect()]
        assert len(rows) == len(cli) == (len(lines) - 1 if path == f else len(lines))
        for r, c in zip(rows, cli):
            assert (r["doc_id"], r["status"], r.get("error")) == \
                (c["doc_id"], c["status"], c.get("error")), (r, c)
            if c["status"] == "ok":
                assert (r["outlet"], r["stance"]) == (c["outlet"], c["stance"])
        errors = [r["error"] for r in rows if r["status"] == "error"]
        assert any("x/news.jsonl: line 21: malformed JSON at column " in e
                   for e in errors), errors
        assert any("x/news.jsonl: line 22: field `text` is a number, expected a string" in e
                   for e in errors), errors
