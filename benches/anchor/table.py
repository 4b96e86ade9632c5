#!/usr/bin/env python3
"""Prints the anchor table (markdown) from the files benches/anchor/run.sh leaves in DIR."""
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

d, n, threads = sys.argv[1], sys.argv[2], sys.argv[3]
sk = json.load(open(f"{d}/sklearn{n}.json"))
ft = json.load(open(f"{d}/fasttext{n}.json"))
log = open(f"{d}/stancer{n}.train.log").read()


def macro_f1(gold, pred):
    f1s = []
    for c in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(f1s) / len(f1s)


with open(f"{d}/test{n}.csv", encoding="utf-8") as fh:
    gold = [line.rstrip("\n").rsplit(",", 1)[1] for line in list(fh)[1:]]
pred = [json.loads(line)["stance"] for line in open(f"{d}/stancer{n}.scores.jsonl")]
assert len(gold) == len(pred), "one output row per test sentence expected"


def grab(pattern, cast=float):
    m = re.search(pattern, log)
    return cast(m.group(1)) if m else None


st_wall = grab(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", str)
parts = [float(p) for p in st_wall.split(":")]
st_total = parts[-1] + 60 * parts[-2] + (3600 * parts[-3] if len(parts) > 2 else 0)
st_rss = grab(r"Maximum resident set size \(kbytes\): (\d+)") / 1024
st_fit = grab(r"in ([\d.]+) s, objective")
st_obj = grab(r"objective ([\d.]+)")
st_iter = grab(r"L-BFGS, (\d+) iterations", int)
st_read = grab(r"timing read: ([\d.]+) s")
st_feat_fit = grab(r"timing fit \(features \+ heads\): ([\d.]+) s")
st_save = grab(r"timing save: ([\d.]+) s")
st_prep = st_read + (st_feat_fit - st_fit)
st_f1 = macro_f1(gold, pred)
n_feat = grab(r"\((\d+) features\)", int)
test_bytes = sum(len(l.rstrip(b"\n")) for l in open(f"{d}/test{n}.txt", "rb"))
times = [float(x) for x in open(f"{d}/stancer{n}.score.times").read().split()]
st_mbs = test_bytes / statistics.median(times) / 1e6
try:
    startup = statistics.median(float(x) for x in open(f"{d}/stancer{n}.startup.times").read().split())
except FileNotFoundError:
    startup = None
st_mbs_steady = None if startup is None else test_bytes / (statistics.median(times) - startup) / 1e6

sk_prep = sk["load_s"] + sk["fit_vectorizer_s"]
sk_total = sk_prep + sk["fit_model_s"]
ft_total = ft["prep_s"] + ft["fit_s"]
rows = [
    ("scikit-learn " + sk["versions"]["sklearn"], sk_prep, sk["fit_model_s"], sk_total,
     sk["n_iter"], sk["train_objective"], sk["macro_f1"], sk["throughput_MB_per_s"],
     sk["peak_rss_mb"], sk["n_features"]),
    (f"fastText dim 10, 5 epochs", ft["prep_s"], ft["fit_s"], ft_total, None, None,
     ft["macro_f1"], ft["throughput_MB_per_s"], ft["peak_rss_mb"], None),
    ("stancer", st_prep, st_fit, st_total, st_iter, st_obj, st_f1, st_mbs, st_rss, n_feat),
]
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                     capture_output=True, text=True).stdout.strip()
print(f"Anchor, {int(n):,} sentences ({sk['n_train']:,} train / {sk['n_test']:,} test rows), "
      f"{threads} threads, {time.strftime('%Y-%m-%d %H:%M %Z')}, {cpu}, "
      f"{os.cpu_count()} cores (shared: timings are noisy), {platform.platform()}")
print()
print("| system | prepare s | fit s | train total s | iterations | objective | macro-F1 "
      "| score MB/s | peak RSS MB | features |")
print("|---|---|---|---|---|---|---|---|---|---|")
f = lambda v, fmt: "–" if v is None else format(v, fmt)
for r in rows:
    print(f"| {r[0]} | {f(r[1], '.1f')} | {f(r[2], '.1f')} | {f(r[3], '.1f')} | {f(r[4], 'd')} "
          f"| {f(r[5], '.4f')} | {f(r[6], '.3f')} | {f(r[7], '.1f')} | {f(r[8], '.0f')} "
          f"| {f(r[9], ',')} |")
print()
print(f"stancer vs scikit-learn: train {sk_total / st_total:.1f}x faster end to end "
      f"(fit alone {sk['fit_model_s'] / st_fit:.1f}x), scoring {st_mbs / sk['throughput_MB_per_s']:.1f}x, "
      f"peak RSS {st_rss / sk['peak_rss_mb']:.2f}x, objective {100 * (st_obj / sk['train_objective'] - 1):+.2f}%, "
      f"macro-F1 {st_f1 - sk['macro_f1']:+.3f}")
print(f"stancer vs fastText: train {ft_total / st_total:.1f}x faster end to end, "
      f"scoring {st_mbs / ft['throughput_MB_per_s']:.1f}x, peak RSS {st_rss / ft['peak_rss_mb']:.2f}x, "
      f"macro-F1 {st_f1 - ft['macro_f1']:+.3f}")
print(f"(stancer train: read {st_read:.2f} s, features {st_prep - st_read:.2f} s, "
      f"fit {st_fit:.2f} s, save {st_save:.2f} s; score: median of {len(times)} runs of "
      f"`stancer score` on the {test_bytes / 1e6:.1f} MB of test sentences, JSONL out"
      + ("" if startup is None else
         f"; without the {startup:.2f} s of start-up and model loading: {st_mbs_steady:.1f} MB/s")
      + ")")
