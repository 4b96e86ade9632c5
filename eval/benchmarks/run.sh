#!/usr/bin/env bash
# Benchmark runs on the public data sets in ../shared/datasets (never copied into the repo).
#
#   eval/benchmarks/run.sh cv   DATASET [SET...]  grouped CV on the training split, one row per set
#   eval/benchmarks/run.sh test DATASET           the chosen set, trained on train, tested once
#
# DATASET is a manifest eval/benchmarks/DATASET.toml (semeval2016, emergent,
# hyperpartisan2019); its feature sets are eval/benchmarks/DATASET/SET.toml (model configs
# for `stancer eval --config`). Run from the repository root. Reports (text and JSON) go to
# target/benchmarks/DATASET/; the rows printed are what eval/benchmarks/RESULTS.md records.
set -euo pipefail

mode=${1:?usage: run.sh cv|test DATASET [SET...]}
name=${2:?usage: run.sh cv|test DATASET [SET...]}
shift 2
manifest="eval/benchmarks/$name.toml"
[[ -f $manifest ]] || { echo "run.sh: no manifest $manifest" >&2; exit 2; }

# The value of a `key = "..."` line of the manifest.
get() { sed -n "s/^$1 = \"\(.*\)\"$/\1/p" "$manifest"; }
read_flags=$(get read)
metric=$(get metric)
chosen=$(get chosen)
sets=$(sed -n 's/^sets = \[\(.*\)\]$/\1/p' "$manifest" | tr -d '",')

cargo build --release --quiet
bin=target/release/stancer
out="target/benchmarks/$name"
mkdir -p "$out"

headline() { sed -n 's/^headline \(.*\)$/\1/p' "$1"; }

case $mode in
  cv)
    [[ $# -gt 0 ]] && sets="$*"
    for set in $sets; do
      # shellcheck disable=SC2086 # the manifest's flags are word-split on purpose
      cmd="$bin eval $(get cv_data) $read_flags $(get cv) --metric $metric --config eval/benchmarks/$name/$set.toml"
      $cmd --json "$out/cv_$set.json" > "$out/cv_$set.txt"
      printf '%s\t%s\n' "$set" "$(headline "$out/cv_$set.txt")"
    done
    ;;
  test)
    test_data=$(get test_data)
    [[ -n $test_data ]] || { echo "run.sh: $name has no test split here (held back); see $manifest" >&2; exit 2; }
    cmd="$bin eval $test_data $read_flags --metric $metric --config eval/benchmarks/$name/$chosen.toml"
    $cmd --json "$out/test_$chosen.json" --markdown "$out/test_$chosen.md" > "$out/test_$chosen.txt"
    printf '%s\t%s\n' "$chosen" "$(headline "$out/test_$chosen.txt")"
    ;;
  *) echo "run.sh: unknown mode $mode (cv or test)" >&2; exit 2 ;;
esac
