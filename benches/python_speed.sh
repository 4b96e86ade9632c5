#!/usr/bin/env bash
# Python and Spark scoring throughput against the CLI on the speed anchor's test split
# (not a CI test). See benches/python_speed.py for what is timed.
#
# Usage: benches/python_speed.sh [RUNS]     (default 3)
#
# - the corpus is gen_corpus.py 1000000 in $ANCHOR_DIR (default /tmp/stancer-anchor, as
#   benches/anchor/run.sh), its test split the anchor's (GroupShuffleSplit 80/20 by doc_id,
#   seed 42: the split file run.sh leaves there, or drawn here with scikit-learn);
# - the model is stancer's on the training split with benches/anchor/sklearn_like.toml
#   (run.sh's, reused when present);
# - Python runs in target/py-venv with the wheel built from python/ (as scripts/test-all.sh).
set -euo pipefail
RUNS=${1:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PERF=${PERF_DIR:-$ROOT/../shared/perf}
DIR=${ANCHOR_DIR:-/tmp/stancer-anchor}
N=1000000
mkdir -p "$DIR"
cd "$ROOT"
cargo build --release --quiet
BIN=$ROOT/target/release/stancer
venv=target/py-venv
[[ -x $venv/bin/python ]] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r python/requirements-test.txt
"$venv/bin/python" -c "import sklearn" 2>/dev/null \
  || "$venv/bin/python" -m pip install --quiet --disable-pip-version-check scikit-learn
rm -rf target/wheels
"$venv/bin/maturin" build --quiet --release --locked -m python/Cargo.toml \
  --interpreter "$venv/bin/python" -o target/wheels
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall \
  --no-deps target/wheels/stancer-*.whl

CSV="$DIR/c$N.csv"
[[ -s "$CSV" ]] || python3 "$PERF/gen_corpus.py" "$N" "$CSV" >&2
if [[ ! -s "$DIR/split$N.txt" ]]; then
  "$venv/bin/python" - "$CSV" "$DIR/split$N.txt" <<'PY'
import csv, sys
from sklearn.model_selection import GroupShuffleSplit
docs = [r["doc_id"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]
_, te = next(GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=42).split(docs, docs, groups=docs))
open(sys.argv[2], "w").write("\n".join(sorted({docs[i] for i in te})) + "\n")
PY
fi
[[ -s "$DIR/test$N.txt" ]] || {
  python3 benches/anchor/split.py "$CSV" "$DIR/split$N.txt" "$DIR/train$N.csv" "$DIR/test$N.csv"
  cut -d, -f3- "$DIR/test$N.csv" | tail -n +2 | sed 's/,[^,]*$//' > "$DIR/test$N.txt"
}
MODEL="$DIR/stancer$N.model.json"
[[ -s "$MODEL" ]] || "$BIN" train --data "$DIR/train$N.csv" --any-labels --frame-col '' \
  --config benches/anchor/sklearn_like.toml --out "$MODEL"

export SPARK_LOCAL_IP=127.0.0.1
"$venv/bin/python" benches/python_speed.py --test-txt "$DIR/test$N.txt" --model "$MODEL" \
  --stancer "$BIN" --runs "$RUNS"
