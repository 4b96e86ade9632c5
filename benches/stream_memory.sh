#!/usr/bin/env bash
# Streaming memory benchmark (not a CI test): score a generated ~1 GB JSONL input and
# report peak resident memory, input size and throughput. The target is a peak under
# 500 MB: `stancer score` reads, scores and writes in bounded batches.
#
# Usage: benches/stream_memory.sh [SIZE_MB] [WORK_DIR]
#   SIZE_MB   input size to generate (default 1024)
#   WORK_DIR  where the input and output go (default: a new folder under /tmp, deleted
#             at the end)
# Environment: STANCER_ARGS adds flags to `stancer score` (e.g. "-t 2").
#
# The input is deterministic: articles of 8-30 sentences drawn (seeded) from the labeled
# sentences in labels/, each article a JSON line {"id": ..., "text": ...}; 4,000 distinct
# articles are repeated under fresh ids until the size is reached.
set -euo pipefail

cd "$(dirname "$0")/.."
size_mb=${1:-1024}
work=${2:-$(mktemp -d /tmp/stancer-stream.XXXXXX)}
mkdir -p "$work"
cleanup() { rm -f "$work/input.jsonl" "$work/base.jsonl" "$work/out.jsonl" "$work/time.txt"; rmdir "$work" 2>/dev/null || true; }
trap cleanup EXIT

cargo build --release --quiet
bin=target/release/stancer
model=models/default.json

python3 - "$work/base.jsonl" <<'EOF'
import csv, json, random, sys
sentences = []
for path in ["labels/seed_sentences.csv", "labels/composed_sentences.csv"]:
    with open(path, newline="", encoding="utf-8") as f:
        sentences += [row["text"] for row in csv.DictReader(f)]
rng = random.Random(42)
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for i in range(4000):
        body = " ".join(rng.choice(sentences) for _ in range(rng.randint(8, 30)))
        out.write(json.dumps({"id": f"a{i}", "text": body}) + "\n")
EOF

target=$((size_mb * 1024 * 1024))
: > "$work/input.jsonl"
copy=0
while [ "$(stat -c %s "$work/input.jsonl")" -lt "$target" ]; do
    sed "s/^{\"id\": \"a/{\"id\": \"c${copy}-a/" "$work/base.jsonl" >> "$work/input.jsonl"
    copy=$((copy + 1))
done
in_bytes=$(stat -c %s "$work/input.jsonl")
records=$(wc -l < "$work/input.jsonl")

cmd=("$bin" score --model "$model" --id-col id ${STANCER_ARGS:-} "$work/input.jsonl" -o "$work/out.jsonl")
echo "command: /usr/bin/time -v ${cmd[*]}"
start=$(date +%s.%N)
/usr/bin/time -v -o "$work/time.txt" "${cmd[@]}"
end=$(date +%s.%N)

peak_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
out_bytes=$(stat -c %s "$work/out.jsonl")
awk -v b="$in_bytes" -v r="$records" -v o="$out_bytes" -v kb="$peak_kb" -v s="$start" -v e="$end" 'BEGIN {
    secs = e - s
    printf "input: %.0f MiB, %d articles; output: %.0f MiB\n", b / 1048576, r, o / 1048576
    printf "peak RSS: %.0f MB (Maximum resident set size %d kB)\n", kb * 1024 / 1e6, kb
    printf "wall time: %.1f s; throughput: %.1f MiB/s of input\n", secs, b / 1048576 / secs
    if (kb * 1024 / 1e6 >= 500) { print "FAIL: peak RSS is not under 500 MB"; exit 1 }
}'
