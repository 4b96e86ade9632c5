"""Regressions of the ninth "nothing silent" audit on Spark: compressed files are skipped
(and named) as the CLI skips them. Each failed before its fix."""

from __future__ import annotations

import bz2
import gzip
import json
import re
import subprocess

import pytest

from conftest import both_ways, cli_binary, json_lines, numbered_jsonl, require_spark

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
