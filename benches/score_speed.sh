#!/usr/bin/env bash
# Scoring throughput through the CLI, file to file (not a CI test), JSONL and CSV out:
# - articles: the five real seed articles (labels/seed_articles) repeated N times as JSONL
#   records, scored with the shipped model (both heads, the article head, frame tagging),
#   sentence rows and article rows;
# - one-sentence records: the 1M anchor's test sentences ($ANCHOR_DIR/test1000000.txt, one
#   record per line) with the anchor's model ($ANCHOR_DIR/stancer1000000.model.json), as
#   in the anchor's score column; skipped with a note when benches/anchor/run.sh 1000000
#   has not left them there.
# Prints the median wall time of RUNS runs on 2 threads and MB/s of input, end to end
# (start-up and model loading included), their median CPU time (user + sys), and checks that one run on 1 thread writes the
# same bytes (its time is printed too, one run). The output is also written to
# $RESULTS (default benches/results/score_speed.md).
#
# Usage: benches/score_speed.sh [N] [RUNS]   (default N = 1000, i.e. 5,000 articles,
#                                              29.6 MB; RUNS = 5)
set -euo pipefail

cd "$(dirname "$0")/.."
n=${1:-1000}
runs=${2:-5}
anchor=${ANCHOR_DIR:-/tmp/stancer-anchor}
results=${RESULTS:-benches/results/score_speed.md}
work=$(mktemp -d /tmp/stancer-score-speed.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$results")"

cargo build --release --quiet
bin=target/release/stancer

python3 - "$n" "$work/articles.jsonl" <<'EOF'
import json, pathlib, sys
n, out = int(sys.argv[1]), sys.argv[2]
seeds = sorted(pathlib.Path("labels/seed_articles").glob("*.txt"))
texts = [p.read_text(encoding="utf-8") for p in seeds]
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        for k, t in enumerate(texts):
            f.write(json.dumps({"id": f"{i}_{k}", "text": t}) + "\n")
EOF

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
# case NAME INPUT_BYTES EXT ARGS...: RUNS timed runs on 2 threads, one on 1 thread,
# outputs compared. CPU time (user + sys) is printed beside the wall time: on a machine
# other jobs load, the wall time grows with their share of the cores, the CPU time much
# less, so bytes per CPU-second is the figure to compare between loaded runs.
case_() {
  local name=$1 bytes=$2 ext=$3
  shift 3
  local t2 t1
  t2=$(for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S" "$bin" score "$@" -t 2 -o "$work/out2.$ext" 2>&1 >/dev/null \
      | tail -1
  done)
  t1=$(/usr/bin/time -f "%e %U %S" "$bin" score "$@" -t 1 -o "$work/out1.$ext" 2>&1 >/dev/null \
    | tail -1)
  local wall cpu
  wall=$(awk '{print $1}' <<< "$t2" | median)
  cpu=$(awk '{print $2 + $3}' <<< "$t2" | median)
  local same="identical output on 1 and 2 threads"
  cmp -s "$work/out1.$ext" "$work/out2.$ext" || same="OUTPUT DIFFERS between 1 and 2 threads"
  awk -v b="$bytes" -v w="$wall" -v c="$cpu" -v t1="$t1" -v name="$name" -v same="$same" \
    'BEGIN {split(t1, o, " ");
      printf "| %s | %.2f | %.1f | %.2f | %.1f | %.2f | %.1f | %s |\n",
      name, w, b / w / 1e6, c, b / c / 1e6, o[1], b / o[1] / 1e6, same}'
  [[ "$same" == identical* ]]
}

{
  art=$(stat -c %s "$work/articles.jsonl")
  echo "Scoring speed, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average" \
    "$(cut -d' ' -f1-3 /proc/loadavg) at the start; \`benches/score_speed.sh $n $runs\`"
  echo
  echo "- articles: $art bytes, $((n * 5)) seed articles as JSONL records, shipped model"
  if [[ -s "$anchor/test1000000.txt" && -s "$anchor/stancer1000000.model.json" ]]; then
    sent=$(stat -c %s "$anchor/test1000000.txt")
    echo "- sentences: $sent bytes, $(wc -l < "$anchor/test1000000.txt") one-sentence records" \
      "(the 1M anchor's test rows), the 1M anchor's model"
  else
    sent=
    echo "- sentences: skipped ($anchor/test1000000.txt or the 1M anchor's model missing)"
  fi
  echo
  echo "| input, rows, output | 2 threads: wall s (median of $runs) | MB/s | CPU s (median) | MB per CPU-s | 1 thread: wall s (1 run) | MB/s | check |"
  echo "|---|---|---|---|---|---|---|---|"
  for level in sentence document; do
    for fmt in jsonl csv; do
      case_ "articles, $level rows, $fmt" "$art" "$fmt" --model models/default.json \
        --id-col id --level "$level" "$work/articles.jsonl"
    done
  done
  if [[ -n "$sent" ]]; then
    for fmt in jsonl csv; do
      case_ "one-sentence records, sentence rows, $fmt" "$sent" "$fmt" \
        -m "$anchor/stancer1000000.model.json" --input-format lines "$anchor/test1000000.txt"
    done
  fi
  echo
  echo "(load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
} | tee "$results"
