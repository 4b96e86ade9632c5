"""Regressions of the twelfth "nothing silent" audit in the Python package. Each failed
before its fix."""

from __future__ import annotations

import json
import math
import warnings

import pytest

import stancer
from conftest import two_class_frame as _frame


def test_a_config_files_stop_words_are_read_beside_it(tmp_path, monkeypatch):
    # `stancer train --config conf/c.toml` reads `stop_words = "stop.txt"` beside the
    # config; train(config=...) left the file to the fit, which read it from the working
    # directory: here another list, so "russian" was dropped instead of "the" and "of",
    # and the model recorded the file's name instead of its words.
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "stop.txt").write_text("the\nof\n")
    (tmp_path / "conf" / "c.toml").write_text('[features]\nstop_words = "stop.txt"\n')
    (tmp_path / "stop.txt").write_text("russian\n")
    monkeypatch.chdir(tmp_path)
    model = stancer.train(_frame([4, 4]), labels="any", config="conf/c.toml")
    saved = json.loads(model.to_bytes())
    assert saved["vectorizer"]["config"]["stop_words"] == ["the", "of"]
    assert saved["params"]["features"]["stop_words"] == ["the", "of"]


@pytest.mark.parametrize("setting", [{"folds": 3}, {"test_frac": 0.3},
                                     {"leave_one_group_out": True}, {"repeats": 2},
                                     {"seed": 7}, {"config": {"stance": {"c": 1.0}}}])
def test_evaluate_with_a_model_refuses_settings_it_would_ignore(setting):
    # `stancer eval --model` refuses --folds, --config, --seed ...; evaluate(model=m,
    # folds=3) took them and tested the fixed model on all of the frame, its report saying
    # nothing of folds.
    model = stancer.train(_frame([4, 4]), labels="any")
    test = _frame([3, 3]).assign(doc_id=lambda d: "t" + d["doc_id"],
                                 text=lambda d: d["text"] + " Again.")
    name = next(iter(setting)) + "="
    with pytest.raises(stancer.StancerError, match=rf"{name}.*model= evaluates a trained model"):
        stancer.evaluate(test, labels="any", model=model, **setting)
    # Without them, it evaluates.
    report = stancer.evaluate(test, labels="any", model=model)
    assert report["split"]["kind"] == "external"


def test_bench_warns_of_sets_whose_fits_did_not_converge():
    # `bench` ranked a set on fits stopped at max_iterations without a word; `train` and
    # `evaluate` warn of such heads.
    config = {"folds": 2, "set": [{"name": "short", "stance": {"max_iterations": 1}},
                                  {"name": "full"}]}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table, report = stancer.bench(_frame([4, 4]), labels="any", config=config,
                                      with_report=True)
    said = [str(w.message) for w in caught if "max_iterations" in str(w.message)]
    assert len(said) == 1 and "set `short`" in said[0] and "2 of 2 fits" in said[0], said
    assert report["sets"][0]["unconverged_fits"] == [2, 2]
    assert "unconverged_fits" not in report["sets"][1]


def test_empty_per_group_cells_are_warned_about():
    # A missing per_group value (NaN) became one more group, named ``, trained and tested
    # on its own, and nothing said so.
    df = _frame([8, 8])
    df["target"] = ["t" if d[-1] in "0123" else math.nan for d in df["doc_id"]]
    with pytest.warns(UserWarning, match=r"DataFrame row 12: 24 row\(s\) have an empty cell "
                                         r"in column `target` \(--per-group"):
        stancer.bench(df, labels="any", per_group="target", folds=2,
                      config={"set": [{"name": "one"}]})


def test_warnings_gathered_before_a_failure_are_given_with_it():
    # The reader's warnings were given only after a run that succeeded: when the fit then
    # failed, the warning that explained the failure (here, the empty per_group cells that
    # made a group of one class) was lost.
    df = _frame([8, 8])
    df["target"] = [math.nan if d.startswith("a0_") and d[-1] in "4567" else "t"
                    for d in df["doc_id"]]
    with pytest.warns(UserWarning, match=r"empty cell in column `target`"):
        with pytest.raises(stancer.StancerError):
            stancer.bench(df, labels="any", per_group="target", folds=2,
                          config={"set": [{"name": "one"}]})
    # train and evaluate too: rows without a group, then a frame of one class.
    one = _frame([4, 0])
    one.loc[0, "doc_id"] = math.nan
    for run in (lambda: stancer.train(one, labels="any"),
                lambda: stancer.evaluate(one, labels="any", folds=2)):
        with pytest.warns(UserWarning, match=r"empty group"):
            with pytest.raises(stancer.StancerError):
                run()


def test_a_bench_config_files_set_error_names_its_line_and_a_dicts_names_none(tmp_path):
    # A bad key inside a [[set]] was reported without a line: the sets are checked once
    # merged with [base], where toml no longer knows lines. A dict has no lines to name.
    path = tmp_path / "sets.toml"
    path.write_text('[[set]]\nname = "a"\n\n[[set]]\nname = "b"\n[set.features]\n'
                    'min_df = 1\nngrams = [1, 2]\n', encoding="utf-8")
    with pytest.raises(stancer.StancerError, match=r"sets\.toml: line 8: set `b`: unknown "
                                                   r"field `ngrams`"):
        stancer.bench(_frame([4, 4]), labels="any", config=str(path))
    with pytest.raises(stancer.StancerError, match=r"bench config: set `b`: unknown field"):
        stancer.bench(_frame([4, 4]), labels="any",
                      config={"set": [{"name": "a"},
                                      {"name": "b", "features": {"ngrams": [1, 2]}}]})
