"""The warnings of Spark's executors, told on the driver where the user looks: what both
ways of scoring on Spark gather (``stancer.spark.score`` / ``score_jsonl`` in the executors'
Python workers, ``pipe_jsonl`` from the CLI's stderr).

Like the executor side of ``_spark_lines``, :func:`executor_warnings`' accumulator class
uses nothing of the ``stancer`` package: Spark ships it by value.
"""

from __future__ import annotations


def executor_warnings(sc, what: str):
    """An accumulator that brings the warnings of the executors' tasks to the driver.

    The library warns as the CLI does (HTML character references scored as written, texts
    with no word the model knows, empty or repeated ids, an `id` field left unread ...),
    but on Spark a warning raised in an executor's Python worker, or written by the CLI
    under ``pipe_jsonl``, went to that executor's log: the driver, where the user looks,
    heard nothing. A task adds its messages (``acc.add([message, ...])``); as its update
    reaches the driver, which is before the job's action returns, each kind of message
    (its text with the numbers left out) is issued there once as a ``UserWarning``, naming
    ``what`` and the first message of that kind. At most ``KEPT`` kinds are told, then one
    warning that more were not. The messages count within one batch (the unit a task
    scores): when a second batch gives a kind already told, one more warning says so, as
    its counts are then not the input's totals.

    The accumulator's parameter is a class made here, so Spark ships it by value: the
    executors of ``pipe_jsonl`` need no stancer package to add to it."""
    import re

    from pyspark.accumulators import AccumulatorParam

    class Warned(AccumulatorParam):
        """Value: {kind: [times, first message, the message if told on the driver]}."""

        KEPT = 20
        driver = False  # only the driver's copy tells (the executors' copies are pickled)

        def __getstate__(self):
            return {}

        def zero(self, value):
            return {}

        def addInPlace(self, value, more):
            if isinstance(more, dict):
                items = list(more.items())
            else:
                items = [(re.sub(r"[0-9]+", "#", str(m)), [1, str(m)]) for m in more]
            for kind, entry in items:
                times, message = entry[0], entry[1]
                if kind in value:
                    before = value[kind][0]
                    value[kind][0] += times
                    # Told with one batch's counts: say once that more batches gave it.
                    if self.driver and before == 1 and value[kind][2] is not None:
                        self.tell_more(value[kind][2], value[kind][0])
                    continue
                told = self.driver and len(value) < self.KEPT
                value[kind] = [times, message, message if told else None]
                if self.driver and len(value) <= self.KEPT + 1:
                    self.tell(message if len(value) <= self.KEPT else None)
                    if told and times > 1:
                        self.tell_more(message, times)
            return value

        def tell_more(self, message, times):  # noqa: ARG002 (times: for a debugger)
            """Says that the kind of ``message`` came from ``times`` > 1 batches (or runs):
            each is checked alone, so the counts and row numbers the message gives are one
            batch's, not the whole input's."""
            self.tell_text(f"{what}: the warning `{message}` was given by more than one "
                           "batch (or partition), each checked alone: its counts and row "
                           "numbers are those of one batch, not totals over the input")

        def tell(self, message):
            self.tell_text(f"{what}, on an executor: {message}" if message is not None else
                           f"{what}: the executors gave more than {self.KEPT} kinds of "
                           "warning; the others are in their logs")

        def tell_text(self, text):
            import sys
            import warnings

            try:
                warnings.warn(text, UserWarning, stacklevel=2)
            except Exception:  # noqa: BLE001 (warnings made errors: this thread must go on)
                sys.stderr.write(f"UserWarning: {text}\n")

    param = Warned()
    param.driver = True
    return sc.accumulator({}, param)
