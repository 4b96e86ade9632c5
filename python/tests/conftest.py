"""Shared fixtures: the repository, the CLI binary built by `cargo test --release`, and a
small labeled frame."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def cli_binary() -> Path:
    path = Path(os.environ.get("STANCER_BIN", REPO / "target" / "release" / "stancer"))
    if not path.exists():
        pytest.fail(f"{path}: no stancer binary; run `cargo build --release` first "
                    "(scripts/test-all.sh does)")
    return path


def run_cli(*args, cwd=REPO, input=None) -> str:
    out = subprocess.run([str(cli_binary()), *map(str, args)], cwd=cwd, input=input,
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise AssertionError(f"stancer {' '.join(map(str, args))}: exit {out.returncode}\n{out.stderr}")
    return out.stdout


def json_lines(text: str) -> list:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def cli_shape(row: dict) -> dict:
    """A Python (or Spark) sentence row in the shape of the CLI's JSONL row, to compare."""
    out = {k: row[k] for k in ["doc_id", "sent_id", "start", "end", "start_char", "end_char",
                                "text", "stance", "status", "model"]}
    out["stance_probs"] = {k[2:]: v for k, v in row.items()
                           if k.startswith("p_") and not k.startswith("p_frame_")}
    frame_probs = {k[8:]: v for k, v in row.items() if k.startswith("p_frame_")}
    out["frame"] = row.get("frame")
    out["frame_probs"] = frame_probs or None
    out["terms"] = [dict(t) for t in row["frame_terms"]]
    return out


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seed_sentences():
    import pandas as pd

    return pd.read_csv(REPO / "labels" / "seed_sentences.csv", keep_default_na=False)
