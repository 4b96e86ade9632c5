"""The lines of JSON Lines files on Spark, as their bytes and numbered in their files: what
both ways of scoring on Spark read (``stancer.spark.score_jsonl`` and ``pipe_jsonl``).

Spark's ``textFile`` decodes each line, replacing invalid UTF-8 with U+FFFD, so a bad byte
was scored as text where the CLI gives an error row naming file, line and byte offset; and
no Spark reader numbers lines. Here the lines come from Spark's text source (which keeps a
line's bytes as they are) cast to binary, with the file and the start of its split from
``_metadata``; a first job counts the lines of each split, and the lines are numbered from
those counts in the second.

The executor side of this module (the functions nested in ``FileLines``' methods) uses
nothing of the ``stancer`` package: Spark ships them by value, so ``pipe_jsonl`` needs only
pyspark's Python and the ``stancer`` binary on the executors.
"""

from __future__ import annotations

from typing import List, NamedTuple, Optional

from ._spark_warnings import executor_warnings

# Hadoop reads these in a path as a glob; a file named with them is escaped.
GLOB = "{}[]*?\\"


class InputFile(NamedTuple):
    source: str  # the file as messages name it
    prefix: Optional[str]  # the id prefix of its records (files of a folder or glob)
    uri: str  # as ``_metadata.file_path`` names it, up to :func:`_same_uri`
    read: str  # the path to read it by (glob characters escaped)
    size: int


def _hidden(name: str) -> bool:
    """Spark's file readers skip such files, even when named alone."""
    return name.startswith(("_", "."))


def _spark_marker(rel: str) -> bool:
    """A file Spark writes beside its output (`_SUCCESS`, checksums, a job's temporary
    folder): not news, so skipping it goes unmentioned."""
    parts = rel.split("/")
    name = parts[-1]
    return (name == "_SUCCESS" or name.startswith(("_committed_", "_started_"))
            or name.endswith(".crc") or "_temporary" in parts[:-1])


def _input_files(spark, path: str) -> List[InputFile]:
    """The files ``path`` names, in order: a file alone (named as given, ids without a
    prefix), or the files of a folder (recursively) or of a glob (a path that names no file
    or folder as it is written), skipping names that start
    with ``_`` or ``.`` as Spark does, and compressed files (``.gz``, ``.bz2`` ...) as the
    CLI does, each kind with a ``UserWarning`` naming the first (a compressed file named
    alone is refused), sorted, each with its path without extension as id
    prefix, as ``stancer score FOLDER`` does (a glob's files by their path from the folder
    its matches share, and extensions kept where two files would share an id). Through Hadoop's FileSystem, so HDFS and
    object stores work as local folders do."""
    jvm = spark.sparkContext._jvm
    Path = jvm.org.apache.hadoop.fs.Path
    target = Path(path)
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    fs = target.getFileSystem(conf)
    codecs = jvm.org.apache.hadoop.io.compress.CompressionCodecFactory(conf)

    def compression(p) -> Optional[str]:
        """The extension of the codec Spark's reader would decompress the file at ``p``
        with (``.gz``, ``.bz2`` ...), or None. `stancer score` reads a file's bytes as they
        are, and a folder's `news.jsonl.gz` is a file it skips and names; Spark read it
        decompressed, so the two ways gave other rows for one folder, without a word."""
        codec = codecs.getCodec(p)
        return None if codec is None else str(codec.getDefaultExtension())
    # A file or folder that exists is read as itself, whatever its name holds: as a glob,
    # `news[1].jsonl` read `news1.jsonl`, and `a{b}.jsonl` was no such file.
    statuses = [fs.getFileStatus(target)] if fs.exists(target) else fs.globStatus(target)
    if not statuses:
        raise FileNotFoundError(f"{path}: no such file or folder")
    named = str(statuses[0].getPath().getName()) == str(target.getName())
    found = []  # (source, path relative to the folder or the glob's matches, status)
    # Where each glob match's files are named from: a file's folder, or the folder
    # matched; a glob's files are then named from the folder all its matches share, so
    # that `news/*/a.jsonl` gives `x/a` and `y/a`, not `a` twice.
    anchors = []
    skipped = []  # files of a folder or glob that Spark would not read
    compressed = []  # files of a folder or glob that the CLI skips and Spark decompressed
    if len(statuses) == 1 and statuses[0].isFile() and named:
        if _hidden(str(target.getName())):
            # Spark would read nothing of it, and an empty file is an error row of its own.
            raise ValueError(f"{path}: Spark's readers skip a file whose name starts with "
                             "`_` or `.`; expected another name (rename or copy it)")
        packed = compression(statuses[0].getPath())
        if packed is not None:
            raise ValueError(
                f"{path}: a compressed file ({packed}), which `stancer score` does not "
                "decompress (Spark's reader would, so the two ways of scoring it disagreed); "
                "expected JSON Lines text (decompress it first)")
        found.append((path, None, statuses[0]))
    for st in statuses if not found else []:
        if st.isFile():
            if _hidden(str(st.getPath().getName())):
                if not _spark_marker(str(st.getPath().getName())):
                    skipped.append(str(st.getPath()))
            elif compression(st.getPath()) is not None:
                compressed.append(str(st.getPath()))
            else:
                found.append((str(st.getPath()), str(st.getPath().getName()), st))
                anchors.append(str(st.getPath().getParent()))
            continue
        base = str(st.getPath())
        listed = fs.listFiles(st.getPath(), True)
        while listed.hasNext():
            f = listed.next()
            rel = str(f.getPath())[len(base):].lstrip("/")
            source = f"{path.rstrip('/')}/{rel}" if len(statuses) == 1 else str(f.getPath())
            if any(_hidden(part) for part in rel.split("/")):
                if not _spark_marker(rel):
                    skipped.append(source)
                continue
            if compression(f.getPath()) is not None:
                compressed.append(source)
                continue
            found.append((source, rel, f))
            anchors.append(base)
    if len(statuses) > 1 and anchors:
        shared = _shared_folder(anchors)
        found = [(source, str(st.getPath())[len(shared):].lstrip("/"), st)
                 for source, _, st in found]
    if skipped:
        # The CLI reads `_news.jsonl` and names the hidden files it skips; Spark cannot
        # read them, and they were left out without a word.
        import warnings

        skipped.sort()
        warnings.warn(f"{path}: {len(skipped)} file(s) whose name starts with `_` or `.` are "
                      "not read (Spark's readers skip them); the first is "
                      f"{skipped[0]}; rename them to score them", UserWarning, stacklevel=4)
    if compressed:
        import warnings

        compressed.sort()
        warnings.warn(f"{path}: {len(compressed)} compressed file(s) are not read, as "
                      "`stancer score FOLDER` skips them (it reads files as they are; Spark's "
                      f"reader would decompress them); the first is {compressed[0]}; "
                      "decompress them to score them", UserWarning, stacklevel=4)
    if not found:
        raise FileNotFoundError(f"{path}: no files (expected JSON Lines files)")
    found.sort(key=lambda f: f[0])
    prefixes = _folder_ids([rel for _, rel, _ in found]) if found[0][1] is not None else [None]
    out = []
    for (source, rel, st), prefix in zip(found, prefixes):
        p = st.getPath()
        read = "".join("\\" + c if c in GLOB else c for c in str(p))
        out.append(InputFile(source, prefix, str(p.toUri().toString()), read, st.getLen()))
    return out


def _shared_folder(paths: List[str]) -> str:
    """The deepest folder that holds each of ``paths`` (folders, as Hadoop writes them)."""
    parts = [p.rstrip("/").split("/") for p in paths]
    common = parts[0]
    for other in parts[1:]:
        n = 0
        while n < min(len(common), len(other)) and common[n] == other[n]:
            n += 1
        common = common[:n]
    return "/".join(common)


def _folder_ids(rels: List[str]) -> List[str]:
    """The id prefixes ``stancer score FOLDER`` gives the files at ``rels`` (paths relative
    to the folder): each without its extension, but files that would share an id keep
    theirs, round after round (``src/data/folder.rs``). Without the rule, ``news.jsonl``
    and ``news.ndjson`` of one folder were both ``news``, and their first lines both
    ``news:1``, where the CLI gives ``news.jsonl:1`` and ``news.ndjson:1``."""
    def stem(rel: str) -> str:
        folder, _, name = rel.rpartition("/")
        name = name.rsplit(".", 1)[0] if "." in name else name
        return f"{folder}/{name}" if folder else name

    keep = [False] * len(rels)
    while True:
        ids = [r if k else stem(r) for r, k in zip(rels, keep)]
        count: dict = {}
        for i in ids:
            count[i] = count.get(i, 0) + 1
        shared = [n for n, i in enumerate(ids) if not keep[n] and count[i] > 1]
        if not shared:
            return ids
        for n in shared:
            keep[n] = True


def _same_uri(uri: str) -> str:
    """``uri`` in one spelling: Hadoop's listing and Spark's ``_metadata.file_path`` write
    one local file as ``file:///tmp/a%20b`` and ``file:/tmp/a%20b``."""
    from urllib.parse import unquote

    scheme, sep, rest = uri.partition(":///")
    if sep and scheme.isalpha():
        uri = f"{scheme}:/{rest}"
    return unquote(uri)


class FileLines:
    """The lines of the files at a path, each with its file and line number.

    ``rows`` is the RDD that the second pass reads: each line as one bytes object, a header
    before the line's bytes (2 bytes of length and Spark's name of the file, 8 of its
    split's start, big-endian), and one partition of a row of start ``MARK`` per file
    without a record (its error row) first. Raw bytes reach Python as ``textFile``'s
    strings do, unpickled (rows of a DataFrame are pickled one by one, 2.5 times slower).
    One read of all the files (a read per file cost 80 ms of planning each; 200 files, 16
    s), so the rows come in Spark's order of splits (larger files first), each file's
    lines in order. The RDD is taken once from the DataFrame: its partitions (Spark's split
    of the files, which depends on the cores the cluster has at planning time) are then
    fixed for both passes, so the counts of the first number the lines of the second."""

    MARK = 2**64 - 1

    def __init__(self, spark, path: str):
        from pyspark.rdd import RDD
        from pyspark.serializers import NoOpSerializer
        from pyspark.sql import functions as F

        self.spark = spark
        sc = spark.sparkContext
        found = _input_files(spark, path)

        def raw(df):
            binary = sc._jvm.org.apache.spark.sql.Encoders.BINARY()
            return RDD(getattr(df._jdf, "as")(binary).javaRDD(), sc, NoOpSerializer())

        def header(name, start):
            return [F.unhex(F.lpad(F.hex(F.octet_length(name)), 4, "0")),
                    F.encode(name, "UTF-8"), F.unhex(F.lpad(F.hex(start), 16, "0"))]

        # lineSep "\n", as the CLI splits lines (Spark's default also ends a line at a lone
        # "\r", which the CLI keeps within its line).
        lines = raw(spark.read.option("lineSep", "\n").text([f.read for f in found]).select(
            F.concat(*header(F.col("_metadata.file_path"), F.col("_metadata.file_block_start")),
                     F.col("value").cast("binary"))))

        def count(rows):
            # Per split: its key, lines, lines not blank, and (for a split at the start of
            # its file) the first bytes of the file's first line.
            key, n, nonblank, head = b"", 0, 0, None
            for row in rows:
                if not key or not row.startswith(key):
                    if key:
                        yield key, n, nonblank, head
                    key, n, nonblank = row[:10 + int.from_bytes(row[:2], "big")], 0, 0
                    head = row[len(key):len(key) + 512] if key.endswith(bytes(8)) else None
                n += 1
                nonblank += bool(row[len(key):].strip(b" \t\n\r\x0c"))
            if key:
                yield key, n, nonblank, head

        from ._stancer import not_text

        by_uri = {_same_uri(file.uri): f for f, file in enumerate(found)}
        splits = {}  # file -> [(start, Spark's name of the file, lines, lines not blank)]
        stopped = set()  # files whose first line opens another encoding (UTF-16)
        for key, n, nonblank, head in lines.mapPartitions(count).collect():
            name, start = key[2:-8].decode("utf-8"), int.from_bytes(key[-8:], "big")
            f = by_uri.get(_same_uri(name))
            if f is None:
                raise RuntimeError(f"{name}: Spark read a file that was not listed")
            splits.setdefault(f, []).append((start, name, n, nonblank))
            # The CLI gives such a file one error row, its first line's, and reads no
            # further: Spark cut it at its "\n" bytes, and each piece was an error row.
            if head is not None and not_text(head) is not None:
                stopped.add(f)
        # Each file as messages name it, its id prefix, and whether only its first line
        # is read.
        self.files = [(file.source, file.prefix, f in stopped) for f, file in enumerate(found)]
        # (Spark's name of the file, split start) -> (file, number of the split's first
        # line); a file with nothing to read gets a row at start MARK (line 0).
        table, empty = {}, []
        for f, file in enumerate(found):
            if file.size > 0 and f not in splits:
                raise RuntimeError(f"{file.source}: Spark read no line of it ({file.size} "
                                   "bytes); expected its lines")
            line = 1
            for start, name, n, _ in sorted(splits.get(f, [])):
                table[(name, start)] = (f, line)
                line += n
            if not any(nb for *_, nb in splits.get(f, [])):
                table[(f"#{f}", self.MARK)] = (f, 0)
                empty.append((f"#{f}",))
        if empty:
            marks = spark.createDataFrame(empty, "name string").coalesce(1)
            lines = sc.union([raw(marks.select(F.concat(*header(F.col("name"), F.lit(-1))))),
                              lines])
        self.rows = lines
        self.table = sc.broadcast((table, self.files))

    def numbered(self):
        """A DataFrame of ``source`` (the file), ``prefix`` (its id prefix, or null),
        ``line`` (1-based, in its file) and ``value`` (the line's bytes); a file without a
        line that is not blank is one row of line 0 and a null value."""
        shipped, mark = self.table, self.MARK

        def number(rows):
            table, files = shipped.value
            key = b""
            for row in rows:
                if not key or not row.startswith(key):
                    key = row[:10 + int.from_bytes(row[:2], "big")]
                    start = int.from_bytes(key[-8:], "big")
                    f, line = table[(key[2:-8].decode("utf-8"), start)]
                    source, prefix, stopped = files[f]
                # A file in another encoding is its first line's error row alone.
                if not stopped or line == 1:
                    yield source, prefix, line, None if start == mark else row[len(key):]
                line += 1

        rdd = self.rows.mapPartitions(number)
        schema = "source string, prefix string, line long, value binary"
        return self.spark.createDataFrame(rdd, schema, verifySchema=False)

    def pipe(self, command: List[str]):
        """An RDD of the lines ``command`` writes when given, on standard input, each run of
        lines of one file in a partition, with ``--label FILE --first-line N`` (and
        ``--id-prefix`` for the files of a folder): ``stancer score - --input-format
        jsonl`` then names the file and its line as it does reading the file. A file
        without a record gets a run of its own with no line (its error row). Exit 1 (some
        records were error rows, which are in the output) ends a run normally; any other
        exit fails the task, with the end of what the command wrote on stderr."""
        shipped, mark = self.table, self.MARK
        command = list(command)
        warned = executor_warnings(self.spark.sparkContext, "stancer.spark.pipe_jsonl")

        def pipe_runs(rows):
            import subprocess
            import sys
            import tempfile
            import threading

            table, files = shipped.value
            rows = iter(rows)
            pending = next(rows, None)
            while pending is not None:
                row = pending
                key = row[:10 + int.from_bytes(row[:2], "big")]
                start = int.from_bytes(key[-8:], "big")
                f, first = table[(key[2:-8].decode("utf-8"), start)]
                source, prefix, stopped = files[f]
                at = len(key)
                pending = next(rows, None)
                if stopped:
                    # A file in another encoding: its first line alone, which the command
                    # reads as the CLI reads the file (one error row, the rest not read).
                    while pending is not None and pending.startswith(key):
                        pending = next(rows, None)
                    if first != 1:
                        continue
                # Blank lines before the first record need no process (they give no row),
                # and a run of them alone none at all.
                while (start != mark and not row[at:].strip(b" \t\n\r\x0c")
                       and pending is not None and pending.startswith(key)):
                    row, first = pending, first + 1
                    pending = next(rows, None)
                if start != mark and not row[at:].strip(b" \t\n\r\x0c"):
                    continue
                args = command + ["--label", source]
                if start != mark:
                    args += ["--first-line", str(first)]
                if prefix is not None:
                    args += ["--id-prefix", prefix]
                err = tempfile.TemporaryFile()
                proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=err)
                failed = []

                def feed(row=row, key=key, at=at, start=start):
                    nonlocal pending
                    try:
                        if start != mark:
                            proc.stdin.write(memoryview(row)[at:])
                            proc.stdin.write(b"\n")
                            while pending is not None and pending.startswith(key):
                                proc.stdin.write(memoryview(pending)[at:])
                                proc.stdin.write(b"\n")
                                pending = next(rows, None)
                    except BrokenPipeError:
                        pass  # the command ended early: its exit code says why
                    except BaseException as e:  # noqa: BLE001 (re-raised below)
                        failed.append(e)
                    finally:
                        try:
                            proc.stdin.close()
                        except BrokenPipeError:
                            pass

                writer = threading.Thread(target=feed, daemon=True)
                writer.start()
                for out in proc.stdout:
                    yield out.rstrip(b"\n").decode("utf-8")
                rc = proc.wait()
                writer.join()
                err.seek(0)
                said = err.read().decode("utf-8", "replace")
                sys.stderr.write(said)
                # The CLI's warnings, which the executor's log alone saw, for the driver.
                told = [line[len("stancer: warning: "):] for line in said.splitlines()
                        if line.startswith("stancer: warning: ")]
                if told:
                    warned.add(told)
                if failed:
                    raise failed[0]
                if rc not in (0, 1):
                    raise RuntimeError(
                        f"{' '.join(args)}: exit {rc} on {source} from line {first}; it "
                        f"wrote:\n{said[-2000:]}")
                if pending is not None and pending.startswith(key):
                    # Exit 0 or 1 before reading its whole input: rows would be missing.
                    raise RuntimeError(
                        f"{' '.join(args)}: ended before reading all of {source} from "
                        f"line {first}; it wrote:\n{said[-2000:]}")

        return self.rows.mapPartitions(pipe_runs)
