"""The three examples of "great F1 in one class and terrible in another", re-run many times.

The web article "Why is my Machine Learning and Binary Classification model giving
great f1 scores in one class and terrible in another?" (2024) illustrates its advice
with three scikit-learn examples; :mod:`utils.article_examples` re-creates their data
and models with any seed.

:func:`audit_repetition` re-creates one example with seed ``r`` for the data, the
split and the models (``r = 42`` is the article's configuration, with the data
drawn by numpy's ``default_rng``), fits both variants and three baselines that
ignore the features, and scores them on the test rows. :func:`run_audits` repeats
this for many seeds in parallel (joblib, one thread per task, cached under
``utils/_cache/example_audits``); ``python -m utils.example_audits run`` writes the
committed table ``utils/results/example_audits.csv`` and a JSON sidecar with the
command, seeds, versions and wall time. Run ``python -m utils.example_audits --help``.
"""

import argparse
import json
import numbers
import os
import shlex
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Memory, Parallel, delayed, effective_n_jobs
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits
from tqdm import tqdm

from utils._validation import check_scalar
from utils.article_examples import (
    ARTICLE_SEED,
    BASELINES,
    EXAMPLES,
    TEST_SIZE,
    _check_example,
    make_baselines,
    make_example_data,
    make_example_models,
)
from utils.reruns import changed_predictions, compare_rerun, failures
from utils.versions import library_versions

DEFAULT_REPETITIONS = 100
RESULTS_DIR = Path(__file__).resolve().parent / "results"
RESULTS_CSV = RESULTS_DIR / "example_audits.csv"
CACHE_DIR = Path(__file__).resolve().parent / "_cache" / "example_audits"
COLUMNS = [
    "example", "repetition", "model", "f1_minority", "f1_majority", "predicted_positive",
    "test_positive", "changed", "max_proba_change", "train_f1_minority",
    "train_predicted_positive", "n_iter",
]
# Bump when what a repetition computes changes: joblib hashes only the cached function.
_AUDIT_VERSION = 1
#: Predictions per model and per set (test, training) that may differ when a repetition
#: is re-run on another machine: a probability within rounding of 0.5 can flip.
CHANGED_PER_SET = 1


def _f1_per_class(y_true, y_pred):
    return f1_score(y_true, y_pred, labels=[0, 1], average=None, zero_division=0)


def audit_repetition(example, repetition):
    """Re-create one example with seed ``repetition`` and score every model on its test rows.

    Parameters
    ----------
    example : str
        One of :data:`EXAMPLES`.
    repetition : int
        The seed of the data, the split and the models; ``ARTICLE_SEED`` (42) is the
        article's configuration.

    Returns
    -------
    DataFrame
        One row per model (the two variants, then :data:`BASELINES`) with the columns
        of :data:`COLUMNS`: per-class F1 on the test rows, predicted and actual test
        positives, the number of test predictions that differ from the first variant
        (``changed``) and the largest change of a positive-class probability
        (``max_proba_change``), the training-set F1 and predicted positives of the
        variants, and the iterations an MLP ran (``n_iter``).
    """
    _check_example(example)
    seed = check_scalar(repetition, "repetition", numbers.Integral, min_val=0)
    X, y = make_example_data(example, seed)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=TEST_SIZE, random_state=seed)
    rows = []
    reference = None
    with threadpool_limits(1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for name, model in make_example_models(example, seed).items():
            model.fit(X_train, y_train)
            y_pred = model.predict(X_test)
            proba = model.predict_proba(X_test)[:, 1]
            if reference is None:
                reference = (y_pred, proba)
            final = model[-1] if hasattr(model, "steps") else model
            train_pred = model.predict(X_train)
            rows.append({
                "model": name,
                "changed": int(np.sum(y_pred != reference[0])),
                "max_proba_change": float(np.max(np.abs(proba - reference[1]))),
                "train_f1_minority": float(_f1_per_class(y_train, train_pred)[1]),
                "train_predicted_positive": int(np.sum(train_pred == 1)),
                "n_iter": _iterations(final),
                **_test_scores(y_test, y_pred),
            })
        for name, baseline in make_baselines(seed).items():
            y_pred = baseline.fit(X_train, y_train).predict(X_test)
            rows.append({"model": name, **_test_scores(y_test, y_pred)})
    frame = pd.DataFrame(rows)
    frame.insert(0, "repetition", seed)
    frame.insert(0, "example", example)
    return frame.reindex(columns=COLUMNS)


def _iterations(model):
    """Return the iterations a fitted model's solver ran (None without a solver)."""
    n_iter = getattr(model, "n_iter_", None)
    return None if n_iter is None else int(np.max(n_iter))


def _test_scores(y_test, y_pred):
    f1_majority, f1_minority = _f1_per_class(y_test, y_pred)
    return {
        "f1_minority": float(f1_minority),
        "f1_majority": float(f1_majority),
        "predicted_positive": int(np.sum(y_pred == 1)),
        "test_positive": int(np.sum(y_test == 1)),
    }


def _cached_repetition(example, repetition, versions, audit_version):
    """audit_repetition with the versions in the arguments, so the cache key holds them."""
    return audit_repetition(example, repetition)


def run_audits(repetitions=DEFAULT_REPETITIONS, *, n_jobs=1, cache=True, progress=False):
    """Audit every example for seeds ``0 .. repetitions - 1``.

    Parameters
    ----------
    repetitions : int, default DEFAULT_REPETITIONS
        Number of seeds; include ``ARTICLE_SEED`` (42) to hold the article's own run.
    n_jobs : int, default 1
        joblib workers; the results do not depend on it.
    cache : bool, default True
        Cache each repetition under ``utils/_cache/example_audits``.
    progress : bool, default False
        Show a progress bar (for the command line).

    Returns
    -------
    DataFrame
        The rows of :func:`audit_repetition` for every example and seed.
    """
    repetitions = check_scalar(repetitions, "repetitions", numbers.Integral, min_val=1)
    effective_n_jobs(check_scalar(n_jobs, "n_jobs", numbers.Integral))  # joblib refuses 0
    if cache:
        function = Memory(CACHE_DIR, verbose=0).cache(_cached_repetition)
    else:
        function = _cached_repetition
    versions = library_versions()
    tasks = [(example, r) for example in EXAMPLES for r in range(repetitions)]
    jobs = Parallel(n_jobs=n_jobs, return_as="generator")(
        delayed(function)(example, r, versions, _AUDIT_VERSION) for example, r in tasks)
    if progress:
        jobs = tqdm(jobs, total=len(tasks), unit="seed", desc="example audits",
                    file=sys.stderr)
    return pd.concat(list(jobs), ignore_index=True)


def save_results(results, path=RESULTS_CSV):
    """Write the audit table so that :func:`load_results` reads it back bit for bit.

    Parameters
    ----------
    results : DataFrame
        The output of :func:`run_audits`.
    path : path-like, default utils/results/example_audits.csv
        Where to write.

    Returns
    -------
    Path
        The path written.
    """
    _check_results(results)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    results.to_csv(path, index=False)
    return path


def load_results(path=RESULTS_CSV):
    """Read the committed audit table.

    Parameters
    ----------
    path : path-like, default utils/results/example_audits.csv
        The CSV written by :func:`save_results`.

    Returns
    -------
    DataFrame
        The columns of :data:`COLUMNS`, integer columns as nullable integers.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist: run `python -m utils.example_audits run` to create it")
    return _check_results(_normalise(pd.read_csv(path)))


def load_metadata(path=RESULTS_CSV):
    """Read the JSON sidecar of the committed table (command, seeds, versions).

    Parameters
    ----------
    path : path-like, default utils/results/example_audits.csv
        The CSV; its sidecar has the same name with the suffix ``.json``.

    Returns
    -------
    dict
    """
    return json.loads(Path(path).with_suffix(".json").read_text())


def _normalise(frame):
    """Give the count columns one dtype (nullable integers), whatever produced them."""
    frame = frame.copy()
    for column in ("predicted_positive", "test_positive", "changed",
                   "train_predicted_positive", "n_iter", "repetition"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _check_results(results):
    if not isinstance(results, pd.DataFrame):
        raise TypeError(f"results must be a DataFrame, got {type(results).__name__}")
    missing = set(COLUMNS) - set(results.columns)
    if missing:
        raise ValueError(f"results lack the columns {sorted(missing)}")
    return results


def rerun_repetition(example, repetition, results=None):
    """Recompute one repetition from scratch (no cache) beside its committed rows.

    Parameters
    ----------
    example : str
        One of :data:`EXAMPLES`.
    repetition : int
        The seed.
    results : DataFrame or path-like, optional
        The committed table; by default :func:`load_results` ``()``.

    Returns
    -------
    recomputed, committed : DataFrame
        The same rows and columns, ready for :func:`utils.reruns.compare_rerun` with
        :func:`rerun_tolerances` ``(committed)``.
    """
    if results is None or not isinstance(results, pd.DataFrame):
        results = load_results(RESULTS_CSV if results is None else results)
    _check_results(results)
    _check_example(example)
    mask = (results["example"] == example) & (results["repetition"] == repetition)
    committed = _normalise(results[mask].reset_index(drop=True))
    if committed.empty:
        raise ValueError(f"no committed rows for ({example!r}, {repetition!r})")
    recomputed = _normalise(audit_repetition(example, repetition))
    return recomputed[committed.columns], committed


def rerun_tolerances(committed):
    """Return the tolerance of each column when committed rows are re-run elsewhere.

    F1 scores and counts of predictions may differ by what :data:`CHANGED_PER_SET`
    changed predictions on the test set (or the training set, for the ``train_``
    columns) can do, given its positives and negatives; ``changed`` counts
    predictions that differ between two models, so a flip in either moves it. The
    probability change is continuous (relative :data:`utils.reruns.RTOL`); labels,
    test positives and solver iterations are exact (a solver stopping at another
    iteration would have taken another path, which the comparison must report).

    Parameters
    ----------
    committed : DataFrame
        Rows of the table for one or more repetitions (:func:`rerun_repetition`).

    Returns
    -------
    dict
        Column name to tolerance, for :func:`utils.reruns.compare_rerun`.
    """
    _check_results(committed)
    counts = {}
    for example, repetition in set(zip(committed["example"], committed["repetition"],
                                       strict=True)):
        _, y = make_example_data(example, int(repetition))
        y_train, y_test = train_test_split(y, test_size=TEST_SIZE, random_state=int(repetition))
        counts[example, repetition] = [int(y_test.sum()), int((y_test == 0).sum()),
                                       int(y_train.sum()), int((y_train == 0).sum())]
    test_pos, test_neg, train_pos, train_neg = np.array(
        [counts[key] for key in zip(committed["example"], committed["repetition"],
                                    strict=True)]).T
    k = CHANGED_PER_SET
    return {
        "example": "exact", "repetition": "exact", "model": "exact",
        "f1_minority": changed_predictions("f1", test_pos, test_neg, k),
        "f1_majority": changed_predictions("f1", test_neg, test_pos, k),
        "predicted_positive": changed_predictions("count", test_pos, test_neg, k),
        "test_positive": "exact",
        "changed": changed_predictions("count", test_pos, test_neg, 2 * k),
        "max_proba_change": "relative",
        "train_f1_minority": changed_predictions("f1", train_pos, train_neg, k),
        "train_predicted_positive": changed_predictions("count", train_pos, train_neg, k),
        "n_iter": "exact",
    }


def _build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m utils.example_audits",
        description="The three examples of 'great F1 in one class and terrible in another' "
                    "(chapter 5), re-run for many seeds against feature-blind baselines.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="audit every example and write the CSV and sidecar")
    run.add_argument("--repetitions", type=int, default=DEFAULT_REPETITIONS,
                     help="seeds 0..N-1 (%(default)s)")
    run.add_argument("--n-jobs", type=int, default=2, help="joblib workers (%(default)s)")
    run.add_argument("--no-cache", action="store_true", help="recompute every repetition")
    run.add_argument("--out", type=Path, default=RESULTS_CSV, help="CSV to write")
    rerun = sub.add_parser("rerun",
                           help="recompute one repetition and compare it at its tolerances")
    rerun.add_argument("--example", default="class weights", choices=list(EXAMPLES))
    rerun.add_argument("--repetition", type=int, default=ARTICLE_SEED)
    rerun.add_argument("--results", type=Path, default=RESULTS_CSV, help="CSV to compare with")
    return parser


def main(argv=None):
    """Entry point of ``python -m utils.example_audits``.

    Parameters
    ----------
    argv : list of str, optional
        Arguments; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0 on success, 1 when a re-run repetition differs from the committed one beyond
        its tolerances.
    """
    args = _build_parser().parse_args(argv)
    start = time.perf_counter()
    if args.command == "rerun":
        recomputed, committed = rerun_repetition(args.example, args.repetition, args.results)
        print(recomputed.to_string(index=False))
        report = compare_rerun(recomputed, committed, rerun_tolerances(committed),
                               changed=CHANGED_PER_SET)
        print(report.to_string())
        problems = failures(report)
        print(f"within tolerance of {args.results}: {not problems} "
              f"({time.perf_counter() - start:.1f} s){'; ' + problems if problems else ''}")
        return 1 if problems else 0
    results = run_audits(args.repetitions, n_jobs=args.n_jobs, cache=not args.no_cache,
                         progress=True)
    wall = time.perf_counter() - start
    path = save_results(results, args.out)
    arguments = sys.argv[1:] if argv is None else list(argv)
    metadata = {
        "command": "python -m utils.example_audits " + shlex.join(arguments),
        "seeds": "repetition r seeds the data, the split and the models; "
                 f"r = 0..{args.repetitions - 1}",
        "article_seed": ARTICLE_SEED,
        "examples": {name: list(variants) for name, variants in EXAMPLES.items()},
        "baselines": list(BASELINES),
        "test_size": TEST_SIZE,
        "rows": len(results),
        "n_jobs": args.n_jobs,
        "cpu_count": os.cpu_count(),
        "threads_per_task": 1,
        "wall_time_s": round(wall, 1),
        "versions": library_versions(),
    }
    path.with_suffix(".json").write_text(json.dumps(metadata, indent=2) + "\n")
    print(f"wrote {path} ({len(results)} rows) and its .json sidecar in {wall:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
