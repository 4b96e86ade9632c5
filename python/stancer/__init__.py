"""stancer from Python: stance and framing of English news on South Ossetia and Abkhazia.

The same library as the ``stancer`` command line, compiled into this package (with the
shipped model), so scores are the CLI's to the last digit::

    import stancer
    model = stancer.load()                       # the shipped model; or stancer.load("m.json")
    rows = model.score(["Russian troops remain in the occupied Tskhinvali region."])
    frame = model.score_frame(df, text_col="body", id_col="url", keep=["outlet"])
    mine = stancer.train(labeled, text_col="sentence", stance_col="label",
                         group_col="article_id", labels="any")
    report = stancer.evaluate(labeled, text_col="sentence", stance_col="label",
                              group_col="article_id", labels="any", folds=5)
    table = stancer.bench(labeled, config="sets.toml", text_col="sentence",
                          stance_col="label", group_col="article_id", labels="any")

Rust does the work with the GIL released, on as many threads as the CLI (rayon; set
``RAYON_NUM_THREADS`` to change it). Errors raise :class:`StancerError` with the CLI's
message. Scoring on Spark is in :mod:`stancer.spark`.
"""

from __future__ import annotations

import io
import json
import math
import numbers
import os
from typing import Iterable, Optional, Sequence

import pyarrow as pa

from . import _stancer
from ._frames import (arrow_strings, check_columns, columns_to_arrow, is_arrow, is_polars,
                      is_pandas_series, is_polars_series, is_text_type, pandas_ids,
                      polars_ids, to_pandas, to_polars, warn_position_ids)
from ._labeled import frame_index, labeled_csv, located
from ._stancer import StancerError, __version__

__all__ = ["Model", "StancerError", "evaluate", "load", "train", "__version__"]


class Model:
    """A fitted stancer model: score texts and frames, save it, inspect it."""

    def __init__(self, inner: "_stancer.Model"):
        self._inner = inner

    @property
    def stance_labels(self) -> list:
        return self._inner.stance_labels

    @property
    def frame_labels(self) -> Optional[list]:
        """The frame head's labels, or None for a stance-only model."""
        return self._inner.frame_labels

    @property
    def model_id(self) -> str:
        """What every output row names the model by (``model``), as the CLI does: the first
        12 hex digits of the SHA-256 of its model file (of the file :meth:`save` writes, for
        a model trained in Python)."""
        return self._inner.model_id

    @property
    def n_lexicon_terms(self) -> int:
        """How many frame terms the model tags (0: its term columns stay empty)."""
        return self._inner.n_lexicon_terms

    @property
    def info(self) -> dict:
        """Settings, what it was trained on, and the metrics recorded with it."""
        return json.loads(self._inner.info_json())

    def __repr__(self) -> str:
        return repr(self._inner)

    def score_arrow(self, texts: Iterable, ids: Optional[Iterable] = None,
                    level: str = "sentence", unescape_html: bool = False):
        """Scores ``texts`` (a sequence of str, or a pyarrow string array) into a
        ``pyarrow.Table``: the CLI's columns, character offsets beside byte offsets, and
        ``row`` (the input position each row came from). Texts holding HTML character
        references (``&quot;``, ``&#8220;``) are scored as written with a ``UserWarning``;
        ``unescape_html=True`` decodes them first, as ``stancer score --unescape-html``
        does (the rows then give the decoded text and its offsets). A pandas Series without
        ``ids`` is numbered by position, with a ``UserWarning`` when its index is not 0, 1,
        ...."""
        return self._score_arrow(texts, ids, level, unescape_html, "score_arrow")

    def _score_arrow(self, texts, ids, level, unescape_html, caller):
        if is_pandas_series(ids):
            # As score_frame takes an id column: a float column's whole values as the
            # integers they are (`1`, where the Series' floats gave `1.0`), NaT a missing id.
            ids = pandas_ids(ids)
        elif is_polars_series(ids):
            ids = polars_ids(ids)
        if is_arrow(texts) and not is_text_type(texts.type):
            # Numbers, dates ...: each an error row, as in a Python list (they were cast
            # to strings and scored).
            texts = texts.to_pylist()
        if is_arrow(texts):
            ids = None if ids is None else arrow_strings(ids if is_arrow(ids) else pa.array(ids))
            return columns_to_arrow(self._inner.score_arrow_columns(
                arrow_strings(texts), ids, level, unescape_html))
        if ids is None and is_pandas_series(texts):
            # Its ids are positions, as a list's; its labels are not.
            warn_position_ids(texts.index, f"{caller}: a pandas Series", stacklevel=4)
        texts = texts if isinstance(texts, (list, tuple)) else list(texts)
        if is_arrow(ids):
            ids = ids.to_pylist()  # (an Arrow null is None, not the scalar's str `None`)
        if ids is not None and not isinstance(ids, (list, tuple)):
            ids = list(ids)
        return columns_to_arrow(self._inner.score_columns(texts, ids, level, unescape_html))

    def score(self, texts: Iterable[str], level: str = "sentence",
              ids: Optional[Iterable] = None, unescape_html: bool = False) -> list:
        """Scores texts; returns one dict per output row (per sentence, or per article with
        ``level="document"``), with the columns of :meth:`score_frame`. A None or blank text,
        or one of more than 100,000 sentences, gives a row with ``status="error"``, as in
        the CLI."""
        if isinstance(texts, str):
            raise TypeError("texts must be a list of str, not one str")
        table = self._score_arrow(texts, ids, level, unescape_html, "score")
        return table.drop_columns(["row"]).to_pylist()

    def score_frame(self, df, text_col: str = "text", id_col: Optional[str] = None,
                    keep: Sequence[str] = (), level: str = "sentence",
                    unescape_html: bool = False):
        """Scores the articles in a pandas or polars DataFrame and returns a frame of the
        same kind: one row per sentence (or article), with the CLI's columns (``doc_id``,
        ``sent_id``, ``start``/``end`` in bytes, ``start_char``/``end_char`` in characters,
        ``text``, ``stance``, ``p_<label>``, ``frame``, ``p_frame_<label>``,
        ``frame_terms`` as a list of dicts, ``status``, ``error``, ``model``) and the
        ``keep`` columns carried over after ``doc_id``. Without ``id_col``, ``doc_id`` is
        the row's position (0, 1, ...); a pandas frame whose index is not 0, 1, ... (filtered,
        sorted, or labeled) gets a ``UserWarning`` saying so, since its labels are not the
        ids. A pandas frame of article rows (``level="document"``) has
        ``df``'s index, so ``df["stance"] = out["stance"]`` aligns; sentence rows are
        numbered 0, 1, ... A column named twice in ``df`` is refused."""
        keep = list(keep)
        polars = is_polars(df)
        check_columns(df, [text_col, *([id_col] if id_col else []), *keep])
        if polars:
            texts = df.get_column(text_col).to_arrow()
            ids = polars_ids(df.get_column(id_col)) if id_col else None
        else:
            texts = df[text_col].tolist()
            ids = pandas_ids(df[id_col]) if id_col else None
            if id_col is None:
                warn_position_ids(df.index, "score_frame", level == "document")
        table = self.score_arrow(texts, ids, level, unescape_html)
        return to_polars(table, df, keep) if polars else to_pandas(table, df, keep, level)

    def save(self, path: "str | os.PathLike") -> None:
        """Writes the model file (atomically); ``stancer score --model PATH`` reads it."""
        self._inner.save(os.fspath(path))

    def to_bytes(self) -> bytes:
        """The model file's bytes."""
        return self._inner.to_bytes()

    def top_features(self, k: int = 10) -> dict:
        """The ``k`` heaviest features of each class: ``{"stance": {label: [(feature,
        weight), ...]}, "frame": {...} or None}``."""
        raw = json.loads(self._inner.top_features_json(_count("k", k)))
        out = {}
        for head, classes in raw.items():
            out[head] = None if classes is None else {
                c["label"]: [(w["feature"], w["weight"]) for w in c["top"]] for c in classes
            }
        return out


def load(path: "str | os.PathLike | None" = None) -> Model:
    """Loads a model file written by ``stancer train`` / :meth:`Model.save`, or the shipped
    model (built into the package) when ``path`` is None."""
    return Model(_stancer.load(None if path is None else os.fspath(path)))


def _count(name: str, value):
    """A count or seed as the library takes it (an unsigned integer), or None. A negative
    one reached the library as ``OverflowError: can't convert negative int to unsigned``,
    and a float as a TypeError, neither naming the parameter."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be 0 or more; got {value}")
    return int(value)


def _data_args(df, text_col, stance_col, frame_col, group_col, sent_col, labels, lexicon,
               config, seed, doc_labels, caller=None):
    seed = _count("seed", seed)
    check_columns(df, [])  # (a LazyFrame is refused before its columns are asked for)
    if caller is not None:
        frame_col = _frame_col(df, frame_col, caller)
    text_cols = [text_col] if isinstance(text_col, str) else list(text_col)
    if sent_col is None and "sent_id" in list(df.columns):
        # The CLI's default: a frame with sentence ids has its repeated rows caught.
        sent_col = "sent_id"
    csv_bytes = labeled_csv(df, [*text_cols, stance_col, frame_col, group_col, sent_col])
    if labels is None:
        label_list, any_labels = None, False
    elif labels == "any":
        label_list, any_labels = None, True
    elif isinstance(labels, str):
        raise ValueError('labels must be None (the guide\'s), "any", or a list of labels')
    else:
        label_list, any_labels = [str(x) for x in labels], False
    config_toml = config_json = None
    if isinstance(config, dict):
        config_json = _config_json(config)
    elif config is not None:
        config_toml = os.fspath(config)
    if doc_labels is not None and not isinstance(doc_labels, dict):
        doc_labels = dict(doc_labels)
    if doc_labels is not None:
        doc_labels = {str(k): str(v) for k, v in _present_doc_labels(doc_labels).items()}
    return csv_bytes, dict(
        text_col=text_cols, stance_col=stance_col, frame_col=frame_col,
        group_col=group_col, sent_col=sent_col, labels=label_list, any_labels=any_labels,
        lexicon=None if lexicon is None else os.fspath(lexicon), config_toml=config_toml,
        config_json=config_json, seed=seed, doc_labels=doc_labels,
    )


def _config_json(config: dict) -> str:
    """A config dict as the JSON the library reads. A NaN or infinite float is refused by
    its key: ``json.dumps`` wrote it as ``NaN``, which is not JSON, and the library's message
    (``invalid config: expected value at line 1 column 18``) named a line of a text the
    user never wrote."""
    def non_finite(v, path):
        if isinstance(v, float) and not math.isfinite(v):
            return path, v
        items = v.items() if isinstance(v, dict) else (
            enumerate(v) if isinstance(v, (list, tuple)) else ())
        for k, x in items:
            found = non_finite(x, f"{path}.{k}" if path else str(k))
            if found:
                return found
        return None

    found = non_finite(config, "")
    if found:
        raise ValueError(f"config: `{found[0]}` is {found[1]}; expected a finite number")
    return json.dumps(config)


def _frame_col(df, frame_col, caller: str):
    """``frame_col`` as the library takes it: ``""`` says "the stance head only" (the CLI's
    ``--frame-col ''``). ``None`` beside a ``frame`` column is warned about: the CLI reads
    that column by default, and here it was left unread without a word, so the same data
    gave a frame head from a file and none from its DataFrame."""
    if frame_col == "":
        return None
    if frame_col is None and "frame" in list(df.columns):
        import warnings

        warnings.warn(f"{caller}: the DataFrame has a `frame` column, but frame_col=None "
                      "leaves it unread and the frame head out (`stancer train` reads it by "
                      "default); pass frame_col=\"frame\" to use it, or frame_col=\"\" to "
                      "say that only the stance head is wanted", UserWarning, stacklevel=4)
    return frame_col


def _missing(v) -> bool:
    """None, a float NaN (pandas' missing number) or pandas' ``NA``/``NaT``."""
    return v is None or (isinstance(v, float) and v != v) or type(v).__name__ in (
        "NAType", "NaTType")


def _present_doc_labels(doc_labels: dict) -> dict:
    """``doc_labels`` checked for missing keys and labels: ``str()`` made them the id or
    label ``None``, ``nan`` or ``<NA>``, which no article has (an unused label, said only
    as an id that names no article) or which ``labels="any"`` could take for a class."""
    for k, v in doc_labels.items():
        if _missing(k):
            raise ValueError(f"doc_labels: an article id is missing ({k!r}, labeled {v!r}); "
                             "expected a group value of the DataFrame")
        if _missing(v):
            raise ValueError(f"doc_labels: article {str(k)!r} has no label ({v!r}); expected "
                             "an article stance (leave out articles that have none)")
    return doc_labels


def train(df, text_col="text", stance_col: str = "stance", frame_col: Optional[str] = None,
          group_col: str = "doc_id", sent_col: Optional[str] = None, config=None,
          labels=None, lexicon=None, doc_labels=None, seed: Optional[int] = None) -> Model:
    """Trains a model on a labeled pandas or polars DataFrame, as ``stancer train`` does on
    a CSV with these columns.

    ``frame_col=None`` trains the stance head only (with a ``UserWarning`` when ``df`` has
    a ``frame`` column, which the CLI would read; ``frame_col=""`` says it is meant).
    ``labels``: None for the guide's label
    sets, a list for a data set's own, ``"any"`` for whatever the data holds. The guide's
    frame lexicon is used with the guide's labels; with other labels none, unless
    ``lexicon`` names a ``term,frame,note`` CSV. ``config`` is a TOML file (like
    ``eval/default.toml``) or the same tables as a dict. ``doc_labels`` maps group values
    to article stances, to fit the article head (checked as ``--doc-labels`` is: labels in
    the label set, some ids naming groups of ``df``). ``sent_col`` defaults to ``sent_id``
    when ``df`` has it: a repeated (group, sentence id) row is an error, as in the CLI.
    Problems raise :class:`StancerError` naming the DataFrame row."""
    csv_bytes, kw = _data_args(df, text_col, stance_col, frame_col, group_col, sent_col,
                               labels, lexicon, config, seed, doc_labels, caller="train")
    with located(csv_bytes, frame_index(df)):
        return Model(_stancer.train(csv_bytes, **kw))


def evaluate(df, text_col="text", stance_col: str = "stance", frame_col: Optional[str] = None,
             group_col: str = "doc_id", sent_col: Optional[str] = None, config=None,
             labels=None, lexicon=None, doc_labels=None, seed: Optional[int] = None,
             folds: Optional[int] = None, repeats: int = 1, test_frac: Optional[float] = None,
             leave_one_group_out: bool = False, dedupe: bool = False,
             model: Optional[Model] = None) -> dict:
    """Evaluates on held-out groups, as ``stancer eval`` does, and returns its JSON report
    as a dict (``report["stance"]["macro_f1"]`` ...). Split: ``folds=K`` (default 5),
    ``test_frac=F`` or ``leave_one_group_out=True``; with ``model=`` the trained model is
    tested on all of ``df`` instead."""
    # The counts are checked before the frame is converted, not after.
    folds, repeats = _count("folds", folds), _count("repeats", repeats)
    csv_bytes, kw = _data_args(df, text_col, stance_col, frame_col, group_col, sent_col,
                               labels, lexicon, config, seed, doc_labels, caller="evaluate")
    inner = None if model is None else model._inner
    with located(csv_bytes, frame_index(df)):
        report = _stancer.evaluate(csv_bytes, folds=folds, repeats=repeats,
                                   test_frac=test_frac,
                                   leave_one_group_out=leave_one_group_out, dedupe=dedupe,
                                   model=inner, **kw)
    return json.loads(report)


def bench(df, config=None, text_col="text", stance_col: str = "stance",
          frame_col: Optional[str] = None, group_col: str = "doc_id",
          split_col: Optional[str] = None, sent_col: Optional[str] = None,
          per_group: Optional[str] = None, labels=None, lexicon=None,
          folds: Optional[int] = None, leave_one_group_out: bool = False,
          seed: Optional[int] = None, metric: Optional[str] = None,
          with_report: bool = False):
    """Compares feature sets, model families and settings on the same folds, as ``stancer
    bench`` does: each set trained and scored on identical grouped splits, ranked by
    ``metric`` (default macro-F1; ``"accuracy"``, ``"f_avg:FAVOR,AGAINST"`` ...) with a
    bootstrap interval, and tested against the reference set (paired, by group).

    ``config``: a bench TOML file (``reference``, ``folds``, ``seed``, ``[base]``,
    ``[[set]]``, as ``eval/feature_sets.toml``), the same tables as a dict (``{"base":
    {...}, "set": [{"name": "words", ...}, ...]}``), or None for the built-in sets.
    ``split_col="style"`` with ``leave_one_group_out=True`` holds out one style at a time
    (leave-one-style-out); ``per_group`` trains one model per value of that column.

    Returns the results table (``results.csv`` of ``stancer bench --out``: ``set``,
    ``model``, ``rank``, ``metric``, ``value`` with ``value_lo``/``value_hi``, per-fold mean
    and sd, F1 per class, ``diff_vs_reference`` with its interval and ``p_value`` ...), one
    row per set in the config's order, as a frame of ``df``'s kind (pandas or polars);
    ``with_report=True`` returns ``(table, report)``, the report as ``results.json``."""
    folds = _count("folds", folds)
    check_columns(df, [])
    if frame_col == "":
        # The stance head only, as in train and evaluate (and the CLI's `--frame-col ''`);
        # it was looked up as a column, `DataFrame: missing column ```.
        frame_col = None
    text_cols = [text_col] if isinstance(text_col, str) else list(text_col)
    if sent_col is None and "sent_id" in list(df.columns):
        sent_col = "sent_id"
    csv_bytes, kw = _data_args(df, text_col, stance_col, frame_col, group_col, sent_col,
                               labels, lexicon, config, seed, None)
    extra = [c for c in (split_col, per_group) if c is not None]
    if extra:
        csv_bytes = labeled_csv(df, [*text_cols, stance_col, frame_col, group_col, sent_col,
                                     *extra])
    kw.pop("doc_labels")
    with located(csv_bytes, frame_index(df)):
        table, report = _stancer.bench(csv_bytes, split_col=split_col, per_group=per_group,
                                       folds=folds, leave_one_group_out=leave_one_group_out,
                                       metric=metric, **kw)
    out = _results_table(table, is_polars(df))
    return (out, json.loads(report)) if with_report else out


# The columns of bench's results table that hold names, not numbers.
_NAME_COLUMNS = ("set", "model", "metric")


def _results_table(table: str, polars: bool):
    """Bench's results CSV as a frame, its name columns as the strings they are: read
    with type inference, a set named ``None`` or ``NA`` was NaN in pandas (two such sets
    could not be told apart), and sets named ``1``, ``10``, ``0.1`` (by a setting's value)
    became the numbers 1.0, 10.0, 0.1 in pandas and polars."""
    import csv

    rows = list(csv.reader(io.StringIO(table)))
    names = {c: [r[i] for r in rows[1:]] for i, c in enumerate(rows[0]) if c in _NAME_COLUMNS}
    if polars:
        import polars as pl
        out = pl.read_csv(io.StringIO(table), schema_overrides={c: pl.String for c in names})
        return out.with_columns([pl.Series(c, v, dtype=pl.String) for c, v in names.items()])
    import pandas as pd
    out = pd.read_csv(io.StringIO(table), dtype={c: str for c in names})
    for c, v in names.items():
        out[c] = pd.Series(v, index=out.index, dtype=object)
    return out
