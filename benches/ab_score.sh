#!/usr/bin/env bash
# Scoring speed of two builds, interleaved run by run, so that both meet the same load:
# on a shared machine the ratio of their medians holds when their absolute times do not.
# Cases as in score_speed.sh (2 threads, sentence rows): the seed articles × N as JSONL
# records with the shipped model, and the 1M anchor's test sentences with its model
# ($ANCHOR_DIR, left by benches/anchor/run.sh 1000000), each to JSONL and to CSV. Checks
# that the two builds write the same bytes. Prints a table, also written to $RESULTS
# (default benches/results/ab_score.md).
#
# Usage: benches/ab_score.sh OLD_BIN NEW_BIN [ROUNDS] [N]   (default ROUNDS = 5, N = 1000)
# OLD_MODEL / NEW_MODEL (default models/default.json) score the articles with two models,
# to time a model setting on one build; outputs then differ, and the table says so.
set -euo pipefail

cd "$(dirname "$0")/.."
old=${1:?usage: ab_score.sh OLD_BIN NEW_BIN [ROUNDS] [N]}
new=${2:?usage: ab_score.sh OLD_BIN NEW_BIN [ROUNDS] [N]}
rounds=${3:-5}
n=${4:-1000}
anchor=${ANCHOR_DIR:-/tmp/stancer-anchor}
results=${RESULTS:-benches/results/ab_score.md}
work=$(mktemp -d /tmp/stancer-ab-score.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$results")"

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

cases=(articles)
[[ -s "$anchor/test1000000.txt" && -s "$anchor/stancer1000000.model.json" ]] && cases+=(sentences)
old_model=${OLD_MODEL:-models/default.json}
new_model=${NEW_MODEL:-models/default.json}
args() {
  if [[ $1 == articles ]]; then
    local model=$old_model
    [[ $2 == new ]] && model=$new_model
    echo --model "$model" --id-col id "$work/articles.jsonl"
  else
    echo -m "$anchor/stancer1000000.model.json" --input-format lines "$anchor/test1000000.txt"
  fi
}
# One line per run: case format build wall cpu.
for _ in $(seq "$rounds"); do
  for c in "${cases[@]}"; do
    for fmt in jsonl csv; do
      for build in old new; do
        # shellcheck disable=SC2046
        t=$(/usr/bin/time -f "%e %U %S" "${!build}" score $(args "$c" "$build") -t 2 \
          -o "$work/$build.$fmt" 2>&1 >/dev/null | tail -1)
        echo "$c $fmt $build $t" >> "$work/times"
      done
      cmp -s "$work/old.$fmt" "$work/new.$fmt" || echo "$c $fmt differs" >> "$work/diffs"
    done
  done
done

{
  echo "Scoring A/B, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, 2 threads, $rounds" \
    "interleaved rounds, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "old: $old ($old_model); new: $new ($new_model)"
  echo
  python3 - "$work/times" "$work/articles.jsonl" "$anchor/test1000000.txt" <<'EOF'
import collections, os, statistics as st, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    c, fmt, build, wall, user, sys_ = line.split()
    runs[(c, fmt, build)].append((float(wall), float(user) + float(sys_)))
size = {"articles": os.path.getsize(sys.argv[2])}
if os.path.exists(sys.argv[3]):
    size["sentences"] = os.path.getsize(sys.argv[3])
print("| input, output | old wall s | new wall s | old MB/s | new MB/s | wall old/new "
      "| old CPU s | new CPU s | CPU old/new |")
print("|---|---|---|---|---|---|---|---|---|")
for (c, fmt) in dict.fromkeys((c, f) for c, f, _ in runs):
    o = [r for r in runs[(c, fmt, "old")]]
    n = [r for r in runs[(c, fmt, "new")]]
    ow, nw = st.median(r[0] for r in o), st.median(r[0] for r in n)
    oc, nc = st.median(r[1] for r in o), st.median(r[1] for r in n)
    print(f"| {c}, {fmt} | {ow:.2f} | {nw:.2f} | {size[c] / ow / 1e6:.1f} | "
          f"{size[c] / nw / 1e6:.1f} | {ow / nw:.2f} | {oc:.2f} | {nc:.2f} | {oc / nc:.2f} |")
EOF
  echo
  if [[ -s "$work/diffs" ]]; then
    echo "OUTPUT DIFFERS: $(tr '\n' ';' < "$work/diffs")"
  else
    echo "Same output bytes from both builds in every case."
  fi
} | tee "$results"
[[ ! -s "$work/diffs" ]]
