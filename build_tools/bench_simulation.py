"""Time the post's class-weight sweep design against the paired engine of the sweep study.

Both designs run on the same slice of the grid (a few class_sep values x all 15 weights) and are
taken to the same precision target: in every cell, the standard error of the contrast
F1(alpha) - F1(1) that the post's unpaired design reaches with 1000 repetitions.

* The post's design (plain loops, one process, a fresh dataset for every (class_sep, alpha,
  repetition), unpaired) needs 1000 repetitions per cell by definition of the target. Running
  them would take hours, so a fixed number of repetitions per cell is timed and the time is
  scaled to 1000 (its cost per repetition does not change with the count). Its loop is here,
  as the post wrote it, seeded from a stream of its own.
* The engine (paired, pilot -> per-cell plan -> run -> top-ups, 2 workers) is run for real,
  end to end: its pilot, its plan, all its planned repetitions and any top-up, with worker
  start-up included. Its on-disk cache
  points at a fresh, empty temporary directory, so nothing precomputed is reused; the engine
  reuses only the pilot it has just run, as it does by design.
* The split between what the design gains and what the cores gain needs the engine on one
  worker too. By default its pilot is timed on one worker and scaled to the engine's final
  number of fits; --full-serial runs it in full instead (the benchmark then takes about twice
  as long).

The last line printed is ``speedup: Nx`` (post's design / engine on 2 workers).
"""

import argparse
import math
import os
import sys
import tempfile
import time

import numpy as np
import pandas as pd
from sklearn.datasets import make_classification
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

from utils.studies import class_weight_sweep as sim

# Two class_sep values whose per-cell plans need 28 % and 45 % of the post's fits (on average
# 37 %, as the whole grid: 81 930 of 225 000 fits in the committed run's plan), so the slice
# neither flatters nor penalises the paired design; their fits are among the cheaper ones,
# which keeps the benchmark short.
DEFAULT_SLICE = (2.16, 3.0)


def post_seeds(seed, class_sep, alpha, repetition):
    """Seeds of the dataset, split and tree of one repetition of the post's design.

    Every (class_sep, alpha, repetition) gets its own, from a SeedSequence stream apart from
    the engine's (first spawn key 1; the engine's is 0), so the designs share no dataset.
    """
    key = [1, round(class_sep * 1_000_000), round(alpha * 1_000_000), repetition]
    return np.random.SeedSequence(seed, spawn_key=key).generate_state(3, dtype=np.uint32)


def author_design(class_seps, alphas, repetitions, seed):
    """The post's loop as written, with every random call seeded."""
    res = []
    for class_sep in class_seps:
        for positive_weight in alphas:
            for i in range(repetitions):
                data_seed, split_seed, tree_seed = (
                    int(s) for s in post_seeds(seed, class_sep, positive_weight, i))
                X, y = make_classification(n_samples=10000, n_features=10, n_informative=5,
                                           n_redundant=0, weights=(.99,),
                                           n_clusters_per_class=2, class_sep=class_sep,
                                           flip_y=0, random_state=data_seed)
                X_train, X_test, y_train, y_test = train_test_split(X, y,
                                                                    random_state=split_seed)
                clf = DecisionTreeClassifier(random_state=tree_seed)
                sample_weight = np.where(y_train == 0, 1, positive_weight)
                clf.fit(X_train, y_train, sample_weight=sample_weight)
                res.append({
                    "f1": f1_score(y_test, clf.predict(X_test), zero_division=0),
                    "class_sep": class_sep,
                    "positive_weight": positive_weight,
                })
    return pd.DataFrame(res)


def engine(class_seps, alphas, pilot_reps, seed, n_jobs, cache_dir):
    """Pilot, plan, run and top-ups to the target; returns timings, rounds and the summary."""
    start = time.perf_counter()
    df, rounds = sim.run_to_target(class_seps, alphas, pilot_reps=pilot_reps, seed=seed,
                                   n_jobs=n_jobs, cache=cache_dir)
    return {"seconds": time.perf_counter() - start, "rounds": rounds,
            "summary": sim.summarise(df), "fits": len(df)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--class-seps", default=",".join(map(str, DEFAULT_SLICE)),
                        help="comma-separated class_sep values of the slice (%(default)s)")
    parser.add_argument("--author-reps", type=int, default=10,
                        help="repetitions per cell timed for the post's design (%(default)s)")
    parser.add_argument("--pilot-reps", type=int, default=50,
                        help="the engine's pilot repetitions per class_sep (%(default)s)")
    parser.add_argument("--seed", type=int, default=sim.DEFAULT_SEED)
    parser.add_argument("--full-serial", action="store_true",
                        help="run the one-worker engine in full instead of scaling its pilot")
    args = parser.parse_args(argv)
    # The output usually goes to a log: print each line as soon as it exists.
    sys.stdout.reconfigure(line_buffering=True)
    class_seps = [float(v) for v in args.class_seps.split(",")]
    alphas = sim.DEFAULT_ALPHAS
    n_cells = len(class_seps) * len(alphas)
    target_reps = sim.AUTHOR_REPETITIONS
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} at start "
          "(timings assume an otherwise idle machine)")
    print(f"slice: class_sep {class_seps} x {len(alphas)} alphas = {n_cells} cells; "
          f"target: contrast SE of the unpaired design at {target_reps} repetitions per cell")

    # 1. The post's design, timed on a few repetitions and scaled to 1000.
    start = time.perf_counter()
    author_design(class_seps, alphas, args.author_reps, args.seed)
    measured = time.perf_counter() - start
    author_seconds = measured * target_reps / args.author_reps
    author_fits = n_cells * target_reps
    print(f"post's design: {n_cells * args.author_reps} fits in {measured:.1f} s, "
          f"scaled to {target_reps} repetitions per cell: {author_seconds:.0f} s")

    # 2. The engine on 2 workers, for real, with a fresh cache.
    with tempfile.TemporaryDirectory() as cache_dir:
        two = engine(class_seps, alphas, args.pilot_reps, args.seed, 2, cache_dir)
    final = two["rounds"][-1].pivot(index="class_sep", columns="alpha", values="planned_reps")
    print(f"engine, 2 workers: {two['fits']} fits in {two['seconds']:.0f} s "
          f"({len(two['rounds']) - 1} top-up rounds); repetitions per cell:")
    print(final.rename(columns=lambda a: f"{a:.3g}").to_string())

    # 3. The engine on 1 worker: in full, or its pilot scaled to the final number of fits.
    with tempfile.TemporaryDirectory() as cache_dir:
        if args.full_serial:
            one = engine(class_seps, alphas, args.pilot_reps, args.seed, 1, cache_dir)
            one_seconds, one_how = one["seconds"], "measured"
        else:
            start = time.perf_counter()
            pilot = sim.run_sweep(class_seps, alphas, args.pilot_reps, seed=args.seed,
                                  n_jobs=1, cache=cache_dir)
            one_seconds = (time.perf_counter() - start) * two["fits"] / len(pilot)
            one_how = f"pilot ({len(pilot)} fits) scaled to {two['fits']} fits"
    print(f"engine, 1 worker: {one_seconds:.0f} s ({one_how})")

    summary = two["summary"]
    contrasts = summary[summary["alpha"] != 1.0]
    met = int(contrasts["meets_target"].sum())
    worst = float((contrasts["se_contrast"] / contrasts["target_se"]).max())
    print(f"engine reached the target in {met}/{len(contrasts)} contrast cells "
          f"(worst SE / target = {worst:.2f}; target estimated from the engine's own data)")

    reps_range = f"{int(final.values.min())}-{int(final.values.max())}"
    rows = [
        ("post's design (1 process, unpaired)", 1, f"{target_reps}", author_fits,
         author_seconds, f"scaled from {args.author_reps} reps/cell"),
        ("engine (paired, planned per cell)", 1, reps_range, two["fits"], one_seconds,
         one_how),
        ("engine (paired, planned per cell)", 2, reps_range, two["fits"], two["seconds"],
         "measured: pilot, plan, run, top-ups, worker start-up"),
    ]
    table = pd.DataFrame(rows, columns=["design", "workers", "reps per cell", "fits",
                                        "seconds", "how"])
    table["seconds"] = table["seconds"].round(1)
    print()
    print(table.to_string(index=False))
    design_gain = author_seconds / one_seconds
    core_gain = one_seconds / two["seconds"]
    speedup = author_seconds / two["seconds"]
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"\nfits: {author_fits} -> {two['fits']} ({author_fits / two['fits']:.2f}x fewer)")
    print(f"design gain (post's design / engine on 1 worker): {design_gain:.1f}x")
    print(f"cores gain (engine 1 worker / 2 workers): {core_gain:.1f}x")
    print(f"speedup: {speedup:.1f}x")
    return 0 if math.isfinite(speedup) else 1


if __name__ == "__main__":
    sys.exit(main())
