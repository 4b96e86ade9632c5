#!/usr/bin/env bash
# Benchmark runs on the public data sets in ../shared/datasets (never copied into the repo).
#
#   eval/benchmarks/run.sh cv   DATASET [SET...]  grouped CV on the training split, one row per set
#   eval/benchmarks/run.sh test DATASET           the chosen set, trained on train, tested once
#   eval/benchmarks/run.sh parity [MODEL...]      stancer and scikit-learn side by side on the
#                                                 SemEval-2016 training split's folds (issue 17);
#                                                 MODEL: sk_lr, sk_svm (both by default)
#
# DATASET is a manifest eval/benchmarks/DATASET.toml (semeval2016, emergent,
# hyperpartisan2019); its feature sets are eval/benchmarks/DATASET/SET.toml (model configs
# for `stancer eval --config`). Run from the repository root. Reports (text and JSON) go to
# target/benchmarks/DATASET/; the rows printed are what eval/benchmarks/RESULTS.md records.
# The data sets are read from ../shared/datasets, or from $DATASETS if set (a worktree
# elsewhere: DATASETS=/work/shared/datasets eval/benchmarks/run.sh cv semeval2016).
# `parity` needs python3 with scikit-learn and numpy (tested with scikit-learn 1.9.1).
set -euo pipefail

mode=${1:?usage: run.sh cv|test DATASET [SET...] or run.sh parity [MODEL...]}
if [[ $mode == parity ]]; then
  name=semeval2016
  shift 1
else
  name=${2:?usage: run.sh cv|test DATASET [SET...] or run.sh parity [MODEL...]}
  shift 2
fi
manifest="eval/benchmarks/$name.toml"
[[ -f $manifest ]] || { echo "run.sh: no manifest $manifest" >&2; exit 2; }

# The value of a `key = "..."` line of the manifest, with the data sets' folder put in.
datasets=${DATASETS:-../shared/datasets}
get() { sed -n "s/^$1 = \"\(.*\)\"$/\1/p" "$manifest" | sed "s#\.\./shared/datasets#$datasets#g"; }
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
  parity)
    # The maintainers' scikit-learn pipelines in stancer's terms (C chosen per target by
    # inner CV), then scikit-learn on exactly the same outer and inner folds.
    models="${*:-sk_lr sk_svm}"
    for set in $models; do
      case $set in
        sk_lr) family=logistic ;;
        sk_svm) family=linear_svm ;;
        *) echo "run.sh: parity knows sk_lr and sk_svm, not $set" >&2; exit 2 ;;
      esac
      # shellcheck disable=SC2086
      cmd="$bin eval $(get cv_data) $read_flags $(get cv) --metric $metric --config eval/benchmarks/$name/$set.toml"
      $cmd --json "$out/cv_$set.json" > "$out/cv_$set.txt"
      # shellcheck disable=SC2046 # the data files are word-split on purpose
      python3 eval/benchmarks/sklearn_parity.py --report "$out/cv_$set.json" --model $family \
        --data $(get cv_data | sed 's/^--data //')
    done
    ;;
  *) echo "run.sh: unknown mode $mode (cv, test or parity)" >&2; exit 2 ;;
esac
