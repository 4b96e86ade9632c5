"""Regressions of the eighth "nothing silent" audit on Spark: both ways of scoring JSON
Lines files give the CLI's rows for binary lines, UTF-16 files and file names that read
as globs. Each failed before its fix."""

from __future__ import annotations

import json

import pytest

from conftest import both_ways, cli_article_rows, numbered_jsonl, require_spark

require_spark()

_lines = numbered_jsonl


_cli_rows = cli_article_rows


_both_ways = both_ways


def _shape(rows):
    return [(r["doc_id"], r["status"], r.get("error")) for r in rows]


def test_a_nul_byte_in_a_line_is_the_clis_binary_error_row_both_ways(spark, tmp_path):
    # A line holding a NUL byte is binary content for the CLI; score_jsonl called it
    # "malformed JSON at column 27: control character (\u0000-\u001F) found while parsing a
    # string". And the CLI named the NUL by its offset in the stream it read, so a piece of
    # the file (pipe_jsonl, `--first-line`) gave another offset than the file: both now
    # name the byte within its line, as invalid UTF-8 is named.
    inp = tmp_path / "news.jsonl"
    inp.write_bytes(_lines(60, {3: b'{"id": "b3", "text": "nul \x00 here"}',
                                41: b'{"id": "b41", "text": "Sukhumi \x00\x00 voted."}'}))
    cli = _cli_rows(inp)
    errors = [r["error"] for r in cli if r["status"] == "error"]
    assert errors == [
        f"{inp}: line 3: binary content (a NUL byte at byte offset 26 (column 27)); "
        "expected UTF-8 text",
        f"{inp}: line 41: binary content (a NUL byte at byte offset 31 (column 32)); "
        "expected UTF-8 text"], errors
    arrow, pipe = _both_ways(spark, inp)
    assert pipe == cli
    assert _shape(arrow) == _shape(cli)


def test_a_utf16_file_is_one_error_row_both_ways(spark, tmp_path):
    # The CLI reads a UTF-16 file's byte-order mark, gives one error row and stops; Spark's
    # reader cut the file at its "\n" bytes, and each later line (a NUL, then UTF-16) was
    # an error row of its own ("malformed JSON at column 1: expected value"), under
    # pipe_jsonl each split another "UTF-16 (big-endian) ... without a byte-order mark".
    folder = tmp_path / "in"
    folder.mkdir()
    wide = folder / "wide.jsonl"
    wide.write_bytes(b"\xff\xfe" + _lines(80, {}).decode().encode("utf-16-le"))
    (folder / "fine.jsonl").write_bytes(_lines(3, {}))
    cli = _cli_rows(wide)
    assert len(cli) == 1 and cli[0]["error"].startswith(
        f"{wide}: line 1: UTF-16 (little-endian) text: the byte-order mark FF FE opens the "
        "input"), cli
    assert cli[0]["error"].endswith("; the rest of the input is not read")
    arrow, pipe = _both_ways(spark, wide)
    assert pipe == cli
    assert _shape(arrow) == _shape(cli)
    # In a folder, beside a UTF-8 file that is read as usual.
    cli = _cli_rows(folder)
    arrow, pipe = _both_ways(spark, folder)
    assert sorted(map(json.dumps, pipe)) == sorted(map(json.dumps, cli))
    assert sorted(_shape(arrow)) == sorted(_shape(cli))
    assert len(cli) == 4


@pytest.mark.parametrize("name", ["news[1].jsonl", "a{b,c}.jsonl", "star*.jsonl", "q?.jsonl"])
def test_a_file_named_with_glob_characters_is_read_as_itself(spark, tmp_path, name):
    # A path was always read as a Hadoop glob: `news[1].jsonl` read `news1.jsonl` (another
    # file, without a word), and `a{b,c}.jsonl` was "no such file or folder". An existing
    # file or folder is now read as itself; a path that names none is still a glob.
    inp = tmp_path / name
    inp.write_bytes(_lines(4, {2: b"[1, 2]"}))
    for other in ["news1.jsonl", "ab.jsonl", "starx.jsonl", "qx.jsonl"]:
        (tmp_path / other).write_bytes(_lines(7, {}))
    cli = _cli_rows(inp)
    assert len(cli) == 4
    arrow, pipe = _both_ways(spark, inp, small_splits=False)
    assert pipe == cli
    assert _shape(arrow) == _shape(cli)
    assert arrow[1]["error"].startswith(f"{inp}: line 2: missing id field")


def test_a_glob_still_reads_the_files_it_matches(spark, tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "a.jsonl").write_bytes(_lines(2, {}))
    (tmp_path / "x" / "b.jsonl").write_bytes(_lines(3, {}))
    (tmp_path / "x" / "c.txt").write_bytes(_lines(5, {}))
    arrow, pipe = _both_ways(spark, tmp_path / "x" / "*.jsonl", small_splits=False)
    assert sorted(r["doc_id"] for r in arrow) == ["a:a1", "a:a2", "b:a1", "b:a2", "b:a3"]
    assert sorted(r["doc_id"] for r in pipe) == ["a:a1", "a:a2", "b:a1", "b:a2", "b:a3"]


def test_files_spark_skips_in_a_folder_are_warned_about(spark, tmp_path):
    # In a folder (or a glob), a file whose name starts with `_` or `.` was left out
    # without a word (Spark's readers skip them), where the CLI reads `_news.jsonl` and
    # names the hidden files it skips. Spark's own markers (`_SUCCESS`, `.crc`) are not
    # news and stay unmentioned.
    import stancer.spark

    folder = tmp_path / "in"
    (folder / "x").mkdir(parents=True)
    (folder / "b.jsonl").write_bytes(_lines(2, {}))
    (folder / "_news.jsonl").write_bytes(_lines(3, {}))
    (folder / "x" / ".old.jsonl").write_bytes(_lines(3, {}))
    (folder / "_SUCCESS").write_bytes(b"")
    (folder / ".b.jsonl.crc").write_bytes(b"\0\1")
    with pytest.warns(UserWarning, match=r"2 file\(s\) whose name starts with `_` or `\.` "
                                         r"are not read \(Spark's readers skip them\); the "
                                         r"first is .*_news\.jsonl"):
        rows = stancer.spark.score_jsonl(spark, str(folder), id_col="id",
                                           level="document").collect()
    assert len(rows) == 2
