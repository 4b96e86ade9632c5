"""The Python package against the CLI: same rows, same models, same messages."""

from __future__ import annotations

import csv
import io
import json
import threading

import pandas as pd
import polars as pl
import pytest

import stancer
from conftest import REPO, cli_shape, json_lines, run_cli

SEEDS = sorted((REPO / "labels" / "seed_articles").glob("*.txt"))


@pytest.fixture(scope="module")
def model():
    return stancer.load()


def seed_frame():
    return pd.DataFrame({
        "id": [p.stem for p in SEEDS],
        "body": [p.read_text(encoding="utf-8") for p in SEEDS],
    })


def test_seed_articles_score_as_in_the_cli_to_the_printed_precision(model):
    py = model.score_frame(seed_frame(), text_col="body", id_col="id")
    cli = list(csv.DictReader(io.StringIO(run_cli("score", "labels/seed_articles", "--format", "csv"))))
    assert len(py) == len(cli) > 100
    prob_cols = [c for c in cli[0] if c.startswith("p_")]
    assert prob_cols == [c for c in py.columns if c.startswith("p_")]
    for (_, p), c in zip(py.iterrows(), cli):
        assert (p["doc_id"], str(p["sent_id"]), p["stance"], p["frame"]) == (
            c["doc_id"], c["sent_id"], c["stance"], c["frame"])
        assert (str(p["start"]), str(p["end"]), p["text"]) == (c["start"], c["end"], c["text"])
        assert (str(p["start_char"]), str(p["end_char"])) == (c["start_char"], c["end_char"])
        assert (p["status"], p["model"]) == (c["status"], c["model"]) == ("ok", model.model_id)
        for col in prob_cols:
            assert f"{p[col]:.6f}" == c[col], (p["doc_id"], p["sent_id"], col)
        cells = [f"{t['matched']}@{t['start']}-{t['end']}/{t['start_char']}-{t['end_char']}:{t['frame']}"
                 + (":quoted" if t["quoted"] else "") for t in p["frame_terms"]]
        assert ";".join(cells) == c["frame_terms"]


def test_seed_articles_match_the_cli_jsonl_exactly_at_both_levels(model):
    for level in ["sentence", "document"]:
        rows = model.score([p.read_text(encoding="utf-8") for p in SEEDS], level=level,
                           ids=[p.stem for p in SEEDS])
        cli = json_lines(run_cli("score", "labels/seed_articles", "--level", level))
        assert len(rows) == len(cli)
        for r, c in zip(rows, cli):
            if level == "sentence":
                # Every field of the CLI's row, terms with all their fields.
                assert cli_shape(r) == c
                continue
            assert (r["doc_id"], r["stance"], r["n_sentences"], r["status"], r["model"]) == (
                c["doc_id"], c["stance"], c["n_sentences"], c["status"], c["model"])
            assert {k[2:]: v for k, v in r.items() if k.startswith("p_") and not k.startswith("p_frame_")} \
                == c["stance_probs"]


def test_offsets_in_characters_and_bytes(model):
    text = "Café talks — “occupied” Tskhinvali region. Ещё one sentence about the de facto authorities."
    rows = model.score([text])
    assert len(rows) == 2
    raw = text.encode("utf-8")
    for r in rows:
        assert text[r["start_char"]:r["end_char"]] == r["text"]
        assert raw[r["start"]:r["end"]].decode("utf-8") == r["text"]
        for t in r["frame_terms"]:
            assert text[t["start_char"]:t["end_char"]] == t["matched"]
            assert raw[t["start"]:t["end"]].decode("utf-8") == t["matched"]
    assert rows[0]["start_char"] == 0 and rows[1]["start_char"] != rows[1]["start"]


def test_blank_and_overlong_texts_are_error_rows_as_in_the_cli(model):
    # A blank text, and one of more sentences than a record may have (100,000), are the
    # CLI's error rows too: nothing is scored for them, every other text is.
    long = "A. " * 100_001
    texts = ["Troops stay in occupied Abkhazia.", " \n\t", long, "Sukhumi held a vote."]
    for level in ["sentence", "document"]:
        rows = model.score(texts, level=level)
        assert [(r["doc_id"], r["status"]) for r in rows] == [
            ("0", "ok"), ("1", "error"), ("2", "error"), ("3", "ok")]
        assert "row 1: empty text" in rows[1]["error"]
        assert "row 2: 100001 sentences, more than the 100000 one record may have" in rows[2]["error"]
        assert all(r["model"] == model.model_id for r in rows)
        lines = "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts))
        cli = json_lines(run_cli("score", "-", "--input-format", "jsonl", "--id-col", "id",
                                 "--level", level, input=lines))
        assert [(c["doc_id"], c["status"]) for c in cli] == [(r["doc_id"], r["status"]) for r in rows]
        assert "empty text" in cli[1]["error"] and "100001 sentences" in cli[2]["error"]
        assert {c["model"] for c in cli} == {model.model_id}


def test_every_row_names_its_model_as_the_cli_does(tmp_path, model, seed_sentences):
    # The built-in model is named by the hash of the file it was built from.
    assert model.model_id == run_cli("score", "-", "--model", "models/default.json",
                                     input="Sukhumi held a vote.\n").split('"model":"')[1][:12]
    mine = stancer.train(seed_sentences, frame_col="", config={"features": {"min_df": 1}})
    mine.save(tmp_path / "mine.json")
    cli = json_lines(run_cli("score", "-", "--model", tmp_path / "mine.json",
                             input="Sukhumi held a vote.\n"))
    assert mine.model_id == stancer.load(tmp_path / "mine.json").model_id == cli[0]["model"]
    assert mine.score(["Sukhumi held a vote."])[0]["model"] == cli[0]["model"]
    assert stancer.Model(stancer._stancer.load_bytes(mine.to_bytes(), "m")).model_id == mine.model_id


def test_score_frame_pandas_keeps_columns_and_records_missing_text(model):
    df = pd.DataFrame({
        "url": ["u1", "u2", "u3"],
        "outlet": ["A", "B", "C"],
        "body": ["Troops stay in occupied Abkhazia. Talks go on.", None, "Sukhumi held a vote."],
    })
    out = model.score_frame(df, text_col="body", id_col="url", keep=["outlet"])
    assert list(out.columns[:3]) == ["doc_id", "outlet", "sent_id"]
    assert list(out["doc_id"]) == ["u1", "u1", "u2", "u3"]
    assert list(out["outlet"]) == ["A", "A", "B", "C"]
    assert list(out["status"]) == ["ok", "ok", "error", "ok"]
    assert "no text" in out["error"][2]
    assert pd.isna(out["sent_id"][2]) and pd.isna(out["p_georgian"][2])
    assert str(out["sent_id"].dtype) == "Int64" and out["p_georgian"].dtype == "float64"
    assert isinstance(out["frame_terms"][0], list) and out["frame_terms"][0][0]["matched"] == "occupied"
    doc = model.score_frame(df, text_col="body", level="document")
    assert list(doc["doc_id"]) == ["0", "1", "2"] and list(doc["n_sentences"])[0] == 2


def test_score_frame_polars_gives_polars_with_the_same_values(model):
    pdf = seed_frame()
    out = model.score_frame(pl.from_pandas(pdf), text_col="body", id_col="id")
    assert isinstance(out, pl.DataFrame)
    ref = model.score_frame(pdf, text_col="body", id_col="id")
    assert out.columns == list(ref.columns)
    assert out["p_georgian"].to_list() == ref["p_georgian"].to_list()
    assert out["frame_terms"].to_list() == list(ref["frame_terms"])
    assert out["text"].to_list() == ref["text"].to_list()


def test_missing_ids_are_empty_and_warned_about(model):
    # A None, NaN or null id became the doc_id "None", "nan" or "<NA>" (ids no input row
    # has), or an empty one from Arrow, without a word; it is empty now, with a warning,
    # as the CLI warns about empty ids.
    texts = ["Talks resumed.", "Troops occupied it.", "More talks."]
    frames = [
        pd.DataFrame({"body": texts, "url": ["u1", None, float("nan")]}),
        pd.DataFrame({"body": texts, "url": pd.array(["u1", pd.NA, None], dtype="string")}),
        pl.DataFrame({"body": texts, "url": ["u1", None, None]}),
    ]
    for df in frames:
        with pytest.warns(UserWarning, match=r"ids: 2 row\(s\) have no id .*the first is row 1"):
            out = model.score_frame(df, text_col="body", id_col="url", level="document")
        assert list(out["doc_id"]) == ["u1", "", ""]
        assert list(out["status"]) == ["ok", "ok", "ok"]
    with pytest.warns(UserWarning, match="1 row"):
        rows = model.score(texts[:2], ids=["a", None], level="document")
    assert [r["doc_id"] for r in rows] == ["a", ""]


def test_arrow_columns_score_as_python_strings(model):
    import pyarrow as pa

    texts = ["Troops stay in occupied Abkhazia. Ещё talks.", None, "Sukhumi held a vote."] * 3
    ids = [f"d{i}" for i in range(len(texts))]
    ref = model.score_arrow(texts, ids)
    for arr in [pa.array(texts), pa.array(texts, pa.large_string()),
                pa.array(["x", *texts]).slice(1), pa.chunked_array([texts[:4], texts[4:]])]:
        got = model.score_arrow(arr, pa.array(ids))
        assert got.to_pylist() == ref.to_pylist()
    assert ref.column("status").to_pylist().count("error") == 3


def test_train_matches_the_cli_and_its_model_file_scores_the_same(tmp_path, model, seed_sentences):
    docs = pd.read_csv(REPO / "labels" / "seed_documents.csv")
    # Five seed articles: 1-2 per article class, which the CLI warns about too.
    with pytest.warns(UserWarning) as caught:
        mine = stancer.train(seed_sentences, frame_col="frame", sent_col="sent_id",
                             doc_labels=dict(zip(docs["doc_id"], docs["stance"])),
                             config={"features": {"min_df": 1}})
    assert sorted(str(w.message).split(" (fewer")[0] for w in caught) == [
        "article class `georgian` has 2 examples", "article class `neutral_wire` has 1 example",
        "article class `pro_tskhinvali` has 2 examples",
        "the article rule `document_tfidf` (`document` in the settings) was not fitted: it "
        "needs 20 labeled articles and there are 5 labeled articles; the model decides an "
        "article's stance by the `partisan_share` rule instead"]
    mine.save(tmp_path / "py.json")
    run_cli("train", "--data", "labels/seed_sentences.csv", "--doc-labels",
            "labels/seed_documents.csv", "--min-df", "1", "--out", tmp_path / "cli.json")
    py, cli = (json.loads((tmp_path / f).read_text()) for f in ["py.json", "cli.json"])
    # Everything but the record of the source (a DataFrame vs a file) is the same.
    assert py.pop("training")["n_sentences"] == cli.pop("training")["n_sentences"] == len(seed_sentences)
    assert py == cli
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    rows = stancer.load(tmp_path / "py.json").score(texts, ids=[p.stem for p in SEEDS])
    cli_rows = json_lines(run_cli("score", "labels/seed_articles", "--model", tmp_path / "py.json"))
    assert [r["stance"] for r in rows] == [c["stance"] for c in cli_rows]
    assert [r["p_georgian"] for r in rows] == [c["stance_probs"]["georgian"] for c in cli_rows]


def own_labels():
    rows = []
    for i in range(16):
        favour = i % 2 == 0
        rows.append({
            "article": f"d{i // 4}",
            "sentence": (f"We favour the plan for the occupied territories {i}" if favour
                         else f"We oppose the plan for the breakaway region {i}"),
            "label": "FAVOR" if favour else "AGAINST",
        })
    return pd.DataFrame(rows)


def test_other_labels_get_no_lexicon_unless_named(tmp_path):
    kw = dict(text_col="sentence", stance_col="label", group_col="article",
              config={"features": {"min_df": 1}})
    plain = stancer.train(own_labels(), labels="any", **kw)
    assert plain.n_lexicon_terms == 0
    assert plain.score(["They favour the plan for the occupied territories."])[0]["frame_terms"] == []
    lex = tmp_path / "terms.csv"
    lex.write_text("term,frame,note\noccupied territories,occupied,stance:georgian\n")
    named = stancer.train(own_labels(), labels=["FAVOR", "AGAINST"], lexicon=lex, **kw)
    assert named.n_lexicon_terms == 1
    terms = named.score(["They favour the plan for the occupied territories."])[0]["frame_terms"]
    assert [t["matched"] for t in terms] == ["occupied territories"]
    assert stancer.load().n_lexicon_terms > 50


def test_errors_are_python_exceptions_with_the_cli_message(tmp_path, seed_sentences):
    with pytest.raises(stancer.StancerError, match=r"nope\.json: No such file"):
        stancer.load(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format_version": 1, "params": ')
    with pytest.raises(stancer.StancerError, match="truncated or corrupted JSON"):
        stancer.load(bad)
    df = own_labels()
    with pytest.raises(stancer.StancerError,
                       match=r"DataFrame row 0: label `FAVOR` in column `label` is not one of: "
                             r"georgian, neutral_wire, pro_tskhinvali\nhint: .*labels=\"any\""):
        stancer.train(df, text_col="sentence", stance_col="label", group_col="article")
    df.loc[3, "sentence"] = ""
    with pytest.raises(stancer.StancerError, match=r"DataFrame row 3: empty text in column `sentence`"):
        stancer.train(df, text_col="sentence", stance_col="label", group_col="article", labels="any")
    with pytest.raises(stancer.StancerError, match=r"missing column `body`; the columns are: article, sentence, label"):
        stancer.train(df, text_col="body", stance_col="label", group_col="article", labels="any")
    with pytest.raises(stancer.StancerError, match="invalid config"):
        stancer.train(seed_sentences, frame_col="", config={"features": {"no_such_key": 1}})
    with pytest.raises(stancer.StancerError,
                       match=r"invalid config: token_pattern `\(` is not a valid regular expression"):
        stancer.train(seed_sentences, frame_col="", config={"features": {"token_pattern": "("}})
    with pytest.raises(ValueError, match="level must be"):
        stancer.load().score(["x"], level="paragraph")


def test_token_pattern_is_scikit_learns_option(tmp_path, seed_sentences):
    # scikit-learn's default pattern drops one-letter words; the model keeps the pattern.
    pattern = r"(?u)\b\w\w+\b"
    mine = stancer.train(seed_sentences, frame_col="", config={"features": {"min_df": 1, "token_pattern": pattern}})
    mine.save(tmp_path / "mine.json")
    saved = json.loads((tmp_path / "mine.json").read_text())
    assert saved["vectorizer"]["config"]["token_pattern"] == pattern
    words = [w for term in saved["vectorizer"]["vocabulary"] for w in term.split(" ")]
    assert "russia" in words and not [w for w in words if len(w) == 1]


def test_repeated_rows_and_bad_article_labels_raise_as_in_the_cli(seed_sentences):
    # A frame given twice trained on every row twice (no sent_col, no duplicate check), and
    # article labels were not checked at all: `Georgian` was a class of its own.
    with pytest.raises(stancer.StancerError, match=r"duplicate \(doc_id, sent_id\)"):
        stancer.train(pd.concat([seed_sentences, seed_sentences]), frame_col="frame")
    docs = pd.read_csv(REPO / "labels" / "seed_documents.csv")
    labels = dict(zip(docs["doc_id"], docs["stance"]))
    first = docs["doc_id"][0]
    for call in (stancer.train, stancer.evaluate):
        with pytest.raises(stancer.StancerError,
                           match=rf"doc_labels: article `{first}`: label `Georgian` is not one of"):
            call(seed_sentences, frame_col="frame", doc_labels={**labels, first: "Georgian"})
        with pytest.raises(stancer.StancerError, match=r"doc_labels: none of its 5 article ids"):
            call(seed_sentences, frame_col="frame",
                 doc_labels={f"x{k}": v for k, v in labels.items()})


def test_article_labels_left_unused_are_warned_about(seed_sentences):
    # A label whose id names no article (a typo) and an article with no label were
    # dropped from the article level without a word, as in the CLI.
    docs = pd.read_csv(REPO / "labels" / "seed_documents.csv")
    labels = dict(zip(docs["doc_id"], docs["stance"]))
    first = docs["doc_id"][0]
    del labels[first]
    labels[first + " "] = "georgian"
    for call in (stancer.train, stancer.evaluate):
        with pytest.warns(UserWarning) as caught:
            call(seed_sentences, frame_col="frame", doc_labels=labels,
                 config={"features": {"min_df": 1}})
        said = [str(w.message) for w in caught]
        assert any("1 of the 5 article labels name no article of the data" in m for m in said), said
        assert any(f"1 of the 5 articles of the data have no article label (the first is `{first}`)"
                   in m for m in said), said


def test_evaluate_returns_the_clis_report_as_a_dict(tmp_path, seed_sentences):
    report = stancer.evaluate(seed_sentences, frame_col="frame", sent_col="sent_id", folds=3,
                              config={"features": {"min_df": 1}})
    run_cli("eval", "--data", "labels/seed_sentences.csv", "--folds", "3", "--min-df", "1",
            "--json", tmp_path / "cli.json")
    cli = json.loads((tmp_path / "cli.json").read_text())
    assert report["n_sentences"] == cli["n_sentences"] == len(seed_sentences)
    for key in ["stance", "frame", "folds", "params", "split", "top_features"]:
        assert report[key] == cli[key], key
    # A trained model is tested on articles it never saw, and refused its own training data
    # (as `stancer eval --model` is).
    held_out = seed_sentences["doc_id"].isin(["001_6feb405e64e5681e", "003_a2c1f8a07762f669"])
    train, test = seed_sentences[~held_out], seed_sentences[held_out]
    mine = stancer.train(train, frame_col="frame", config={"features": {"min_df": 1}})
    trained = stancer.evaluate(test, frame_col="frame", model=mine)
    assert trained["n_sentences"] == len(test) and trained["stance"]["model"]
    with pytest.raises(stancer.StancerError, match="trained on"):
        stancer.evaluate(train, frame_col="frame", model=mine)


def test_top_features_name_features_of_each_class(model):
    top = model.top_features(5)
    assert set(top["stance"]) == set(model.stance_labels)
    assert all(len(v) == 5 and isinstance(v[0][0], str) for v in top["stance"].values())
    assert set(top["frame"]) == set(model.frame_labels)


def test_the_gil_is_released_while_rust_scores(model):
    texts = [p.read_text(encoding="utf-8") for p in SEEDS] * 400
    done = threading.Event()
    worker = threading.Thread(target=lambda: (model.score_arrow(texts), done.set()))
    spins = 0
    worker.start()
    while not done.is_set():
        spins += 1
    worker.join()
    # With the GIL held for the whole call this thread could not run until it returned.
    assert spins > 10_000


def test_a_text_column_named_twice_is_refused(seed_sentences):
    # It joined the column with itself and trained on that in silence.
    with pytest.raises(stancer.StancerError, match=r"text column `text` is named twice"):
        stancer.train(seed_sentences, frame_col="", text_col=["text", "text"])


def test_a_text_column_without_a_known_word_is_warned_about(model):
    # A column of dates scored as text gave rows of the model's prior in silence, as
    # `stancer score --text-col date` did.
    frame = pd.DataFrame({"date": ["2008-08-08", "2008-08-09"], "body": ["a", "b"]})
    with pytest.warns(UserWarning, match=r"2 of 2 sentences hold no word the model knows"):
        rows = model.score_frame(frame, text_col="date")
    assert len(rows) == 2
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.score_frame(pd.DataFrame({"t": ["Russian troops occupied the region."]}), text_col="t")


def test_train_and_evaluate_warn_as_the_cli_does(seed_sentences):
    # `stancer train` warns about a class of fewer than 5 examples (often a typo that
    # labels="any" took for a class) and about heads stopped before converging, and
    # `stancer eval` about test sentences in the model's training data; the package said
    # nothing.
    typo = seed_sentences.copy()
    typo.loc[0, "stance"] = "Georgain"
    with pytest.warns(UserWarning, match=r"stance class `Georgain` has 1 example \(fewer than 5\)"):
        stancer.train(typo, frame_col="", labels="any", config={"features": {"min_df": 1}})
    with pytest.warns(UserWarning,
                      match=r"the stance head stopped at max_iterations \(3\) before converging"):
        stancer.train(seed_sentences, frame_col="", config={"stance": {"max_iterations": 3}})
    with pytest.warns(UserWarning, match=r"stopped at max_iterations before converging: "):
        stancer.evaluate(seed_sentences, frame_col="", folds=2, config={"stance": {"max_iterations": 3}})
    held_out = seed_sentences["doc_id"] == "003_a2c1f8a07762f669"
    mine = stancer.train(seed_sentences[~held_out], frame_col="", config={"features": {"min_df": 1}})
    leaky = pd.concat([seed_sentences[held_out], seed_sentences[~held_out].head(3)])
    with pytest.warns(UserWarning, match=r"3 of the \d+ test sentences occur in the training "
                                         r"data of the model .*the scores are inflated"):
        stancer.evaluate(leaky, frame_col="", model=mine)


def test_a_column_named_twice_in_a_frame_is_refused(model, seed_sentences):
    # pandas allows two columns of one name: score_frame failed with "'DataFrame' object
    # has no attribute 'tolist'", and train read the first of the two in silence.
    frame = pd.DataFrame([["Troops occupied Abkhazia.", "x"]], columns=["text", "text"])
    with pytest.raises(stancer.StancerError,
                       match=r"DataFrame: column `text` is there 2 times \(columns 0 and 1\)"):
        model.score_frame(frame)
    keep = pd.DataFrame([["Troops occupied Abkhazia.", "A", "B"]], columns=["text", "o", "o"])
    with pytest.raises(stancer.StancerError, match=r"column `o` is there 2 times"):
        model.score_frame(keep, keep=["o"])
    twice = pd.concat([seed_sentences, seed_sentences[["stance"]].assign(stance="georgian")],
                      axis=1)
    with pytest.raises(stancer.StancerError, match=r"column `stance` is there 2 times"):
        stancer.train(twice, frame_col="")


def test_polars_text_that_is_not_text_is_an_error_row_as_in_pandas(model):
    # A pandas column of numbers gives error rows ("expected text (str), got int"); the
    # same column from polars (or Spark, through Arrow) was cast to strings and scored.
    numbers = [20080808, None, 20080809]
    ref = model.score_frame(pd.DataFrame({"body": pd.Series(numbers, dtype=object)}),
                            text_col="body")
    assert list(ref["status"]) == ["error", "error", "error"]
    got = model.score_frame(pl.DataFrame({"body": numbers}), text_col="body")
    assert got["status"].to_list() == ["error", "error", "error"]
    assert got["error"].to_list() == list(ref["error"])
    # Categorical text is text.
    cat = model.score_frame(pl.DataFrame({"body": ["Troops occupied Abkhazia."]},
                                         schema={"body": pl.Categorical}), text_col="body")
    assert cat["status"].to_list() == ["ok"]


def test_article_rows_keep_the_input_frames_index(model):
    # One row per article, numbered 0, 1, ... whatever the input's index: assigning a
    # column back to a filtered frame (index 20, 30) aligned on labels, so article 20 got
    # NaN and article 30 nothing, in silence.
    df = pd.DataFrame({"body": ["Talks resumed in Geneva.", "Troops remain in occupied Abkhazia.",
                                "The Republic of South Ossetia marked its independence."]},
                      index=[10, 20, 30])
    sub = df[df.index > 10].copy()
    # (Its doc_id is the position, not the label: test_silent9 checks the warning.)
    with pytest.warns(UserWarning, match="no id_col, so doc_id is each row's position"):
        docs = model.score_frame(sub, text_col="body", level="document")
    assert list(docs.index) == [20, 30]
    sub["stance"] = docs["stance"]
    assert list(sub["stance"]) == ["georgian", "pro_tskhinvali"]
    # A default index stays 0..n-1, and sentence rows are numbered as before.
    assert list(model.score_frame(df.reset_index(drop=True), text_col="body",
                                  level="document").index) == [0, 1, 2]
    with pytest.warns(UserWarning, match="no id_col, so doc_id is each row's position"):
        assert list(model.score_frame(sub, text_col="body").index) == [0, 1]


def test_html_character_references_are_warned_about_and_decoded_on_request(model):
    # Text from an RSS feed keeps &ldquo; ... &rdquo;: read as written, the scare quotes are
    # not seen, in silence; `stancer score` warns and decodes with --unescape-html.
    plain = "The so-called “independence” of the region is recognised only by Moscow."
    escaped = plain.replace("“", "&ldquo;").replace("”", "&rdquo;")
    with pytest.warns(UserWarning, match=r"1 of 2 records hold HTML character references"):
        model.score([escaped, "Talks resumed in Geneva."])
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        decoded = model.score([escaped], unescape_html=True)
        frame = model.score_frame(pd.DataFrame({"t": [escaped]}), text_col="t",
                                  unescape_html=True)
    want = model.score([plain])
    assert decoded == want and decoded[0]["stance"] == "georgian"
    assert frame.loc[0, "text"] == plain


def test_an_article_setting_the_rule_never_reads_is_warned_about(seed_sentences):
    # `guide_both_sides` beside `document = "document_tfidf"` was taken without a word, as
    # in the CLI (tests/regression_flags.rs).
    config = {"document": "document_tfidf", "guide_both_sides": True}
    with pytest.warns(UserWarning, match=r"`guide_both_sides` has no effect with "
                                         r"document = \"document_tfidf\""):
        stancer.train(seed_sentences, frame_col="", config=config)


def test_an_article_rule_that_could_not_be_fitted_is_warned_about(seed_sentences):
    # Five labeled articles are too few for the guide head (20): the CLI said so
    # (tests/regression_silent10.rs) and the package trained the fallback rule in silence.
    docs = pd.read_csv(REPO / "labels" / "seed_documents.csv")
    labels = dict(zip(docs["doc_id"], docs["stance"]))
    # The five articles' classes are rare too: caught here with the rest, not re-emitted.
    with pytest.warns(UserWarning) as caught:
        stancer.train(seed_sentences, frame_col=None, config={"document": "guide"},
                      doc_labels=labels)
    said = [str(w.message) for w in caught]
    assert any(m.startswith("the article rule `guide` (`document` in the settings) was not "
                            "fitted: it needs 20 labeled articles and there are 5") for m in said), said
