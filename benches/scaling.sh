#!/usr/bin/env bash
# How training and scoring cost grows with the corpus: `stancer train` and `stancer score`
# on gen_corpus.py corpora of 10k, 100k, 1M and 3M sentences (or the sizes given), with
# the wall time and peak RSS of each command, one run each. Prints a Markdown table.
#
# Usage: benches/scaling.sh [N ...]          (default: 10000 100000 1000000 3000000)
#
# - corpora: `gen_corpus.py N` (deterministic), cached in $SCALING_DIR (default
#   /tmp/stancer-scaling), never written into the repository; 3M is ~600 MB of CSV;
# - train: every row of the corpus, benches/anchor/sklearn_like.toml (word 1-2-grams,
#   min_df 2, sublinear tf, C = 1), end to end (CSV in, model file out);
# - score: the corpus's sentences, one record per line (`--input-format lines`), JSONL
#   out, end to end (start-up and model loading included), with the model just trained;
# - threads: $THREADS (default 2); $STANCER_BIN runs another build. Needs python3 with numpy
#   (the generator). The table is also written to $RESULTS (default
#   benches/results/scaling.md).
set -euo pipefail
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10000 100000 1000000 3000000)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PERF=${PERF_DIR:-$ROOT/../shared/perf}
DIR=${SCALING_DIR:-/tmp/stancer-scaling}
export RAYON_NUM_THREADS=${THREADS:-2}
mkdir -p "$DIR"
if [[ -z "${STANCER_BIN:-}" ]]; then (cd "$ROOT" && cargo build --release --quiet); fi
BIN=${STANCER_BIN:-$ROOT/target/release/stancer}
RESULTS=${RESULTS:-$ROOT/benches/results/scaling.md}
mkdir -p "$(dirname "$RESULTS")"

{
echo "Scaling, $RAYON_NUM_THREADS threads, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| sentences | CSV MB | features | train s | train peak RSS MB | model MB | score s | score MB/s | score peak RSS MB |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  csv="$DIR/c$n.csv"
  [[ -s "$csv" ]] || python3 "$PERF/gen_corpus.py" "$n" "$csv" >&2
  lines="$DIR/c$n.txt"
  [[ -s "$lines" ]] || python3 - "$csv" "$lines" <<'EOF'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f, \
        open(sys.argv[2], "w", encoding="utf-8") as out:
    for row in csv.DictReader(f):
        out.write(row["text"].replace("\n", " ") + "\n")
EOF
  model="$DIR/m$n.json"
  /usr/bin/time -f "%e %M" -o "$DIR/train$n.time" "$BIN" train --data "$csv" --any-labels \
    --frame-col '' --config "$HERE/anchor/sklearn_like.toml" --out "$model" \
    > /dev/null 2> "$DIR/train$n.log"
  /usr/bin/time -f "%e %M" -o "$DIR/score$n.time" "$BIN" score -m "$model" \
    --input-format lines "$lines" -o "$DIR/scores$n.jsonl" 2> "$DIR/score$n.log"
  read -r train_s train_kb < "$DIR/train$n.time"
  read -r score_s score_kb < "$DIR/score$n.time"
  features=$(grep -o '([0-9]* features)' "$DIR/train$n.log" | tr -dc 0-9)
  awk -v n="$n" -v csvb="$(stat -c %s "$csv")" -v f="$features" -v ts="$train_s" \
    -v tk="$train_kb" -v mb="$(stat -c %s "$model")" -v ss="$score_s" -v sk="$score_kb" \
    -v lb="$(stat -c %s "$lines")" 'BEGIN {
      printf "| %\047d | %.0f | %\047d | %.2f | %.0f | %.0f | %.2f | %.1f | %.0f |\n",
        n, csvb / 1e6, f, ts, tk / 1024, mb / 1e6, ss, lb / ss / 1e6, sk / 1024 }'
  rm -f "$DIR/scores$n.jsonl"
done
} | tee "$RESULTS"
