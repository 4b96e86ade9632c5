#!/usr/bin/env bash
# Scoring throughput through the CLI, file to file (not a CI test): the five real seed
# articles (labels/seed_articles) repeated N times as JSONL records, scored with the shipped
# model (both heads, the article head, frame tagging) to JSONL. Prints the median wall time
# of RUNS runs and MB/s of input for sentence and document rows, on 2 threads and on 1.
#
# Usage: benches/score_speed.sh [N] [RUNS]   (default N = 1000, i.e. 5,000 articles,
#                                              29.6 MB; RUNS = 5)
# Also checks that 1 and 2 threads write the same bytes.
set -euo pipefail

cd "$(dirname "$0")/.."
n=${1:-1000}
runs=${2:-5}
work=$(mktemp -d /tmp/stancer-score-speed.XXXXXX)
trap 'rm -rf "$work"' EXIT

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
bytes=$(stat -c %s "$work/articles.jsonl")
echo "input: $bytes bytes, $((n * 5)) articles; $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
for level in sentence document; do
  for threads in 2 1; do
    times=$(for _ in $(seq "$runs"); do
      /usr/bin/time -f "%e" "$bin" score --model models/default.json --id-col id \
        --level "$level" -t "$threads" "$work/articles.jsonl" -o "$work/out$threads.jsonl" \
        2>&1 >/dev/null | tail -1
    done | median)
    awk -v b="$bytes" -v t="$times" -v l="$level" -v th="$threads" \
      'BEGIN {printf "%-8s rows, %d thread(s): %.2f s median, %.1f MB/s\n", l, th, t, b / t / 1e6}'
  done
  cmp -s "$work/out1.jsonl" "$work/out2.jsonl" && echo "  1 and 2 threads: identical output" \
    || { echo "  1 and 2 threads: OUTPUT DIFFERS" >&2; exit 1; }
done
