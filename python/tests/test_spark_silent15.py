"""Regressions of the fifteenth "nothing silent" audit on Spark. Each failed before its
fix."""

from __future__ import annotations

from conftest import both_ways, cli_article_rows, numbered_jsonl, require_spark

require_spark()


def test_the_files_of_a_folder_keep_the_clis_ids_apart(spark, tmp_path):
    # `news.jsonl` and `news.ndjson` of one folder: the CLI keeps their extensions, since
    # their ids would be one (`news.jsonl:a1`, `news.ndjson:a1`); score_jsonl and
    # pipe_jsonl cut the extension of each, and the two files' records had the same ids
    # (`news:a1` twice), without a word.
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "news.jsonl").write_bytes(numbered_jsonl(2, {}))
    (folder / "news.ndjson").write_bytes(numbered_jsonl(3, {}))
    cli = sorted(r["doc_id"] for r in cli_article_rows(folder, "--input-format", "jsonl"))
    assert cli == ["news.jsonl:a1", "news.jsonl:a2", "news.ndjson:a1", "news.ndjson:a2",
                   "news.ndjson:a3"]
    arrow, pipe = both_ways(spark, folder, small_splits=False)
    assert sorted(r["doc_id"] for r in arrow) == cli
    assert sorted(r["doc_id"] for r in pipe) == cli


def test_the_files_of_a_glob_over_folders_keep_their_ids_apart(spark, tmp_path):
    # `news/*/a.jsonl` (or `news/*`) matched x/a.jsonl and y/a.jsonl, each named by its
    # file name alone: both files' records were `a:a1`, `a:a2`. They are named from the
    # folder the matches share, as `stancer score news` names them.
    for sub, n in (("x", 2), ("y", 2)):
        (tmp_path / "news" / sub).mkdir(parents=True)
        (tmp_path / "news" / sub / "a.jsonl").write_bytes(numbered_jsonl(n, {}))
    cli = sorted(r["doc_id"] for r in cli_article_rows(tmp_path / "news"))
    assert cli == ["x/a:a1", "x/a:a2", "y/a:a1", "y/a:a2"]
    for glob in (tmp_path / "news" / "*" / "a.jsonl", tmp_path / "news" / "*"):
        arrow, pipe = both_ways(spark, glob, small_splits=False)
        assert sorted(r["doc_id"] for r in arrow) == cli, glob
        assert sorted(r["doc_id"] for r in pipe) == cli, glob
