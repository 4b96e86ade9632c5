"""Regressions of the ninth "nothing silent" audit on Spark: compressed files are skipped
(and named) as the CLI skips them, and the warnings of the executors reach the driver.
Each failed before its fix."""

from __future__ import annotations

import bz2
import gzip
import json
import re
import subprocess
import warnings

import pytest

from conftest import (GOOD, both_ways, cli_binary, json_lines, numbered_jsonl,
                      require_spark)

require_spark()


def _shape(rows):
    return [(r["doc_id"], r["status"], r.get("error")) for r in rows]


def _cli(*args):
    """`stancer score ARGS`: exit code, rows, and the warnings it printed."""
    out = subprocess.run([str(cli_binary()), "score", *map(str, args)], capture_output=True,
                         text=True)
    said = [line[len("stancer: warning: "):] for line in out.stderr.splitlines()
            if line.startswith("stancer: warning: ")]
    return out.returncode, json_lines(out.stdout), said, out.stderr


def _told(caught, what):
    """The messages of the UserWarnings `what` (`stancer.spark.score` ...) gave on the
    driver for its executors."""
    head = f"{what}, on an executor: "
    return [str(w.message)[len(head):] for w in caught
            if issubclass(w.category, UserWarning) and str(w.message).startswith(head)]


def test_compressed_files_in_a_folder_are_skipped_and_named_both_ways(spark, tmp_path):
    # `stancer score FOLDER` skips `news.jsonl.gz` and names it ("skipped ... (.gz: not a
    # text, CSV, TSV or JSONL file)"); Spark's reader decompressed it, and both ways on
    # Spark scored its records (ids `b.jsonl:a1` ...) that the CLI did not: one folder,
    # two sets of rows. Now Spark skips them too, and a UserWarning names them.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_bytes(numbered_jsonl(3, {}))
    (folder / "b.jsonl.gz").write_bytes(gzip.compress(numbered_jsonl(4, {})))
    (folder / "c.jsonl.bz2").write_bytes(bz2.compress(numbered_jsonl(5, {})))
    rc, cli, _, stderr = _cli(folder, "--id-col", "id", "--level", "document")
    assert rc == 0
    assert f"stancer: skipped {folder}/b.jsonl.gz (.gz: not a text" in stderr
    assert f"stancer: skipped {folder}/c.jsonl.bz2 (.bz2: not a text" in stderr
    assert sorted(r["doc_id"] for r in cli) == ["a:a1", "a:a2", "a:a3"]
    with pytest.warns(UserWarning, match=r"2 compressed file\(s\) are not read, as `stancer "
                                         r"score FOLDER` skips them .*; the first is "
                                         + re.escape(f"{folder}/b.jsonl.gz")):
        arrow, pipe = both_ways(spark, folder)
    assert sorted(map(json.dumps, pipe)) == sorted(map(json.dumps, cli))
    assert sorted(_shape(arrow)) == sorted(_shape(cli))


def test_a_compressed_file_named_alone_is_refused_both_ways(spark, tmp_path):
    # The CLI reads a named `news.jsonl.gz` as it is (as text, which --id-col refuses);
    # Spark decompressed it and scored it.
    import stancer.spark

    news = tmp_path / "news.jsonl.gz"
    news.write_bytes(gzip.compress(numbered_jsonl(3, {})))
    rc, rows, _, stderr = _cli(news, "--id-col", "id", "--level", "document")
    assert rc == 2 and rows == [] and str(news) in stderr
    refused = re.escape(f"{news}: a compressed file (.gz), which `stancer score` does not "
                        "decompress")
    with pytest.raises(ValueError, match=refused):
        stancer.spark.score_jsonl(spark, str(news), id_col="id")
    with pytest.raises(ValueError, match=refused):
        stancer.spark.pipe_jsonl(spark, str(news), [str(cli_binary()), "score", "-"])


ESCAPED = "The so-called &ldquo;independence&rdquo; of the region is recognised by Moscow."


def test_the_executors_warnings_reach_the_driver_from_score(spark):
    # score_frame warns of HTML character references and of rows without an id; on Spark
    # the same warnings were raised in the executors' Python workers and never reached
    # the driver. Each kind is told once, however many batches gave it.
    import stancer.spark

    rows = [(f"u{i}", ESCAPED if i % 5 == 1 else GOOD) for i in range(40)]
    rows[7] = (None, GOOD)
    df = spark.createDataFrame(rows, "url string, text string").repartition(4)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = stancer.spark.score(df, id_col="url", level="document").collect()
    assert len(out) == 40
    told = _told(caught, "stancer.spark.score")
    html = [t for t in told if "hold HTML character references" in t]
    assert len(html) == 1, told
    assert re.fullmatch(r"\d+ of \d+ records hold HTML character references .*decode them "
                        r"with unescape_html=True\) \(in a batch of \d+ rows\)", html[0]), html
    assert [t for t in told if re.match(r"ids: 1 row\(s\) have no id \(None, NaN or null; the "
                                        r"first is row \d+\).* \(in a batch of \d+ rows\)$",
                                        t)], told
    # Nothing to say, nothing said.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        stancer.spark.score(spark.createDataFrame([("u1", GOOD)], "url string, text string"),
                            id_col="url").collect()
    assert _told(caught, "stancer.spark.score") == []


def test_the_executors_warnings_reach_the_driver_both_ways_as_the_cli_gives_them(
        spark, tmp_path):
    # The CLI warns of an empty id, a repeated id and HTML character references in a JSON
    # Lines file. On Spark, score_jsonl's reader kept the first two in notes that nobody
    # read, its HTML warning stayed on the executor, and pipe_jsonl wrote the CLI's
    # warnings to the executor's stderr: the driver heard none of them.
    news = tmp_path / "news.jsonl"
    news.write_bytes(numbered_jsonl(9, {
        3: json.dumps({"id": "", "text": GOOD}).encode(),
        5: json.dumps({"id": "a2", "text": GOOD}).encode(),
        8: json.dumps({"id": "a8", "text": ESCAPED}).encode()}))
    rc, cli, said, _ = _cli(news, "--id-col", "id", "--level", "document")
    assert rc == 0 and len(cli) == 9
    assert [s.split(": ", 2)[2][:30] for s in said[:2]] == [
        "1 record(s) have an empty id i", "1 record(s) repeat an earlier "]
    assert said[2].startswith("1 of 9 records hold HTML character references")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        arrow, pipe = both_ways(spark, news, small_splits=False)
    assert pipe == cli
    assert _shape(arrow) == _shape(cli)
    # Through the CLI, its own words; in Python, the same (the HTML one names the keyword
    # argument, not the flag) for the batch they came from.
    assert _told(caught, "stancer.spark.pipe_jsonl") == said
    assert _told(caught, "stancer.spark.score_jsonl") == [
        s.replace("--unescape-html", "unescape_html=True") + " (in a batch of 9 rows)"
        for s in said]


def test_an_unread_id_field_is_warned_about_on_the_driver(spark, tmp_path):
    # Without id_col, doc_id is the line number; the CLI warns that the `id` field looks
    # like the article id. score_jsonl said nothing.
    import stancer.spark

    news = tmp_path / "news.jsonl"
    news.write_bytes(numbered_jsonl(3, {}))
    _, _, said, _ = _cli(news, "--input-format", "jsonl")
    assert len(said) == 1 and "field `id` looks like the article id" in said[0], said
    with pytest.warns(UserWarning, match=re.escape(
            f"stancer.spark.score_jsonl, on an executor: {said[0]} (in a batch of 3 rows)")):
        rows = stancer.spark.score_jsonl(spark, str(news)).collect()
    assert [r["doc_id"] for r in rows][:2] == ["1", "1"]
