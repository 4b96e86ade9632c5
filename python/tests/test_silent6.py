"""Regressions of the sixth "nothing silent" audit in the Python package; each failed
before its fix."""

from __future__ import annotations

import hashlib
import os
import threading
import time

import stancer


def _serve_fifo(path, data: bytes, done: threading.Event):
    """`data` to the first reader of the FIFO; a reader that opens it again reads nothing
    (an open and a close with no write: the first reader, if still reading, is not
    disturbed), until `done`."""
    with open(path, "wb") as f:
        f.write(data)
    while not done.is_set():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))  # fails while no reader
        except OSError:
            pass
        time.sleep(0.005)


def test_load_reads_the_model_file_once(tmp_path, seed_sentences):
    # stancer.load(path) parsed the file, then read it again to hash it for `model_id`: a
    # file replaced between the two reads (a retrain writing over it, a FIFO) gave a model
    # whose rows named other bytes. One read now gives both.
    mine = stancer.train(seed_sentences, config={"features": {"min_df": 1}})
    data = mine.to_bytes()
    fifo = tmp_path / "model.fifo"
    os.mkfifo(fifo)
    done = threading.Event()
    writer = threading.Thread(target=_serve_fifo, args=(fifo, data, done))
    writer.start()
    try:
        loaded = stancer.load(fifo)
    finally:
        done.set()
        writer.join()
    assert loaded.model_id == hashlib.sha256(data).hexdigest()[:12] == mine.model_id
    assert loaded.score(["Sukhumi held a vote."])[0]["model"] == mine.model_id
