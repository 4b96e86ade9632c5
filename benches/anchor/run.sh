#!/usr/bin/env bash
# The speed anchor: scikit-learn, fastText and stancer on one generated corpus and one
# 80/20 split by doc_id, side by side, with ratios (issues 4 and 9).
#
# Usage: benches/anchor/run.sh N [--threads T]      (N = 10000, 100000 or 1000000)
#
# - the corpus is `gen_corpus.py N` (deterministic), written to $ANCHOR_DIR (default
#   /tmp/stancer-anchor), never into the repository;
# - scikit-learn: anchor_sklearn.py (TF-IDF word 1-2, min_df 2, sublinear tf + lbfgs C=1),
#   which also writes the test doc ids (--split-out) that the others use;
# - fastText: anchor_fasttext.py, word 1-2-grams, dim 10, 5 epochs, T threads;
# - stancer: `stancer train` with benches/anchor/sklearn_like.toml on the same training
#   rows (end to end: CSV, tokenize, vocabulary, TF-IDF, fit, write the model), macro-F1
#   of `stancer score`'s predictions on the test rows (each test line is one sentence, one
#   record, one output row, in order), scoring MB/s from `stancer score`
#   on the test sentences (one record per line, JSONL out; end to end, and without the
#   fixed cost of starting and loading the model), peak RSS from /usr/bin/time;
# - the table is printed and written to $RESULTS (default benches/results/anchorN.md).
# Needs python3; installs scikit-learn and fasttext-wheel with pip when they are missing.
set -euo pipefail
N=${1:?usage: run.sh N [--threads T]}
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
THREADS=2
if [[ "${2:-}" == "--threads" ]]; then THREADS=${3:?}; fi
python3 -c "import sklearn, fasttext" 2>/dev/null \
  || python3 -m pip install --quiet scikit-learn fasttext-wheel >&2
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PERF=${PERF_DIR:-$ROOT/../shared/perf}
DIR=${ANCHOR_DIR:-/tmp/stancer-anchor}
mkdir -p "$DIR"
CSV="$DIR/c$N.csv"
[[ -s "$CSV" ]] || python3 "$PERF/gen_corpus.py" "$N" "$CSV" >&2
(cd "$ROOT" && cargo build --release --quiet)
BIN="$ROOT/target/release/stancer"
export RAYON_NUM_THREADS=$THREADS OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS

echo "[anchor] scikit-learn on $CSV" >&2
python3 "$PERF/anchor_sklearn.py" "$CSV" --split-out "$DIR/split$N.txt" > "$DIR/sklearn$N.json"
echo "[anchor] fastText" >&2
python3 "$PERF/anchor_fasttext.py" "$CSV" --dim 10 --epoch 5 --threads "$THREADS" > "$DIR/fasttext$N.json"

python3 "$HERE/split.py" "$CSV" "$DIR/split$N.txt" "$DIR/train$N.csv" "$DIR/test$N.csv"
cut -d, -f3- "$DIR/test$N.csv" | tail -n +2 | sed 's/,[^,]*$//' > "$DIR/test$N.txt"

echo "[anchor] stancer train" >&2
STANCER_TIMINGS=1 /usr/bin/time -v "$BIN" train --data "$DIR/train$N.csv" --any-labels \
  --frame-col '' --config "$HERE/sklearn_like.toml" --out "$DIR/stancer$N.model.json" \
  > /dev/null 2> "$DIR/stancer$N.train.log"
echo "[anchor] stancer score" >&2
for i in 1 2 3; do
  /usr/bin/time -f "%e" "$BIN" score -m "$DIR/stancer$N.model.json" --input-format lines \
    "$DIR/test$N.txt" -o "$DIR/stancer$N.scores.jsonl" 2>&1 >/dev/null | tail -1
done > "$DIR/stancer$N.score.times"
# The fixed cost of a run (start, load the model, score one sentence), to report the
# steady-state rate beside the end-to-end one.
head -1 "$DIR/test$N.txt" > "$DIR/one$N.txt"
for i in 1 2 3; do
  /usr/bin/time -f "%e" "$BIN" score -m "$DIR/stancer$N.model.json" --input-format lines \
    "$DIR/one$N.txt" -o "$DIR/one$N.scores.jsonl" 2>&1 >/dev/null | tail -1
done > "$DIR/stancer$N.startup.times"

RESULTS=${RESULTS:-$ROOT/benches/results/anchor$N.md}
mkdir -p "$(dirname "$RESULTS")"
{
  python3 "$HERE/table.py" "$DIR" "$N" "$THREADS"
  echo "(load average at the start: $LOAD_START; at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
} | tee "$RESULTS"
