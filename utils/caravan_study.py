"""The cross-validated comparisons of chapters 6 and 8 on Caravan, run once and saved.

Tuning a threshold inside each fold refits its model six times, and the
gradient-boosted model of chapter 8 is slow to fit, so these comparisons are too
heavy for a notebook that must run in seconds. This module runs them with
:func:`utils.comparison.compare_methods` (the same helper, folds and scorers as the
other chapters), caches each method's scores in ``utils/_cache/caravan_study/``, and
writes the summaries the chapters read to ``utils/results/``::

    python -m utils.caravan_study            # both chapters
    python -m utils.caravan_study --only 6   # chapter 6's comparison only

Files written (each CSV starts with a ``#`` line giving the command):

* ``caravan_thresholds_cv.csv``: chapter 6, all 5822 customers, five stratified folds;
* ``caravan_case_study_cv.csv``: chapter 8, the training part, five stratified folds;
* ``caravan_case_study_test.csv``: chapter 8, every method refitted on the training
  part, its predicted probability and decision for each test customer;
* ``caravan_case_study_thresholds.csv``: chapter 8, the threshold each refitted method
  applies.
"""

import argparse
import time
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
from imblearn.pipeline import make_pipeline as make_imblearn_pipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.calibration import CalibratedClassifierCV
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import (
    FixedThresholdClassifier,
    StratifiedKFold,
    TunedThresholdClassifierCV,
)

from utils.comparison import compare_methods
from utils.costs import caravan_cost_matrix, cost_optimal_threshold, make_cost_scorer
from utils.datasets import caravan_split, load_caravan
from utils.models import standardised_logistic
from utils.reruns import changed_predictions

PACKAGE = Path(__file__).resolve().parent
RESULTS = PACKAGE / "results"
CACHE = PACKAGE / "_cache" / "caravan_study"
COMMAND = "python -m utils.caravan_study"

#: Folds shared by every comparison of the course on Caravan.
N_SPLITS = 5
RANDOM_STATE = 0

#: The summaries keep six significant digits, so a re-run is compared at relative 1e-5.
FILE_RTOL = 1e-5
#: Predictions per fold that may differ when a method is re-run on another machine.
CHANGED_PER_FOLD = 1
#: Scores of hard decisions, by the name :func:`utils.reruns.changed_predictions` knows.
_HARD_METRICS = {"f1": "f1", "balanced_accuracy": "balanced_accuracy"}

FILES = {
    "thresholds_cv": "caravan_thresholds_cv.csv",
    "case_study_cv": "caravan_case_study_cv.csv",
    "case_study_test": "caravan_case_study_test.csv",
    "case_study_thresholds": "caravan_case_study_thresholds.csv",
}


def folds():
    """Return the course's splitter: five stratified folds, shuffled with seed 0."""
    return StratifiedKFold(n_splits=N_SPLITS, shuffle=True, random_state=RANDOM_STATE)


def boosted_model(**params):
    """Return chapter 8's gradient-boosted trees (scikit-learn's defaults, seeded)."""
    return HistGradientBoostingClassifier(random_state=RANDOM_STATE, **params)


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


def _score_one(name, method, X, y, scorers):
    """Score one method on the course's folds (the unit that is cached)."""
    return compare_methods({name: method}, X, y, cv=folds(), scoring=scorers)


def run_comparison(methods, X, y, *, memory=None, verbose=True):
    """Score each method on the course's folds, one at a time, with a cache.

    Parameters
    ----------
    methods : dict of str to estimator
        The methods to compare.
    X, y : array-like
        The data.
    memory : joblib.Memory, optional
        Where to cache each method's scores; no cache if None.
    verbose : bool, default True
        Print each method's name and time as it finishes.

    Returns
    -------
    DataFrame
        The long-format table of :func:`utils.comparison.compare_methods`.
    """
    score = memory.cache(_score_one) if memory is not None else _score_one
    tables = []
    for name, method in methods.items():
        start = time.perf_counter()
        tables.append(score(name, method, X, y, scoring()))
        if verbose:
            print(f"  {name}: {time.perf_counter() - start:.1f} s", flush=True)
    return pd.concat(tables, ignore_index=True)


def _fit_and_predict(method, X_train, y_train, X_test):
    """Fit ``method`` on the training part; its probabilities, decisions and threshold."""
    fitted = method.fit(X_train, y_train)
    threshold = getattr(fitted, "best_threshold_", getattr(fitted, "threshold", 0.5))
    if isinstance(fitted, DummyClassifier):
        threshold = np.nan
    return fitted.predict_proba(X_test)[:, 1], fitted.predict(X_test), float(threshold)


def refit_and_predict(methods, X_train, y_train, X_test, y_test, *, memory=None):
    """Refit each method on the training part and predict the test part.

    Parameters
    ----------
    methods : dict of str to estimator
        The methods.
    X_train, y_train, X_test, y_test : array-like
        Chapter 8's split.
    memory : joblib.Memory, optional
        Where to cache each fit; no cache if None.

    Returns
    -------
    predictions : DataFrame
        One row per test customer: ``y_test``, then ``proba: <method>`` and
        ``predict: <method>`` for each method.
    thresholds : DataFrame
        The threshold each refitted method applies to its probabilities (NaN for the
        trivial policies).
    """
    fit = memory.cache(_fit_and_predict) if memory is not None else _fit_and_predict
    columns = {"y_test": np.asarray(y_test)}
    thresholds = {}
    for name, method in methods.items():
        proba, decision, threshold = fit(method, X_train, y_train, X_test)
        columns[f"proba: {name}"] = np.round(proba, 6)
        columns[f"predict: {name}"] = decision.astype(int)
        thresholds[name] = threshold
    table = pd.DataFrame(columns, index=pd.Index(np.asarray(X_test.index), name="row"))
    threshold_table = pd.DataFrame({"method": list(thresholds),
                                    "threshold": list(thresholds.values())})
    return table, threshold_table


def _write(table, name, *, index=False):
    """Write ``table`` to ``utils/results/<name>`` under a comment giving the command."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / name
    with path.open("w") as handle:
        handle.write(f"# Written by `{COMMAND}`; run it again to regenerate this file.\n")
        table.to_csv(handle, index=index, float_format="%.6g")
    return path


def read_result(key):
    """Read a summary this module wrote.

    Parameters
    ----------
    key : str
        One of ``"thresholds_cv"``, ``"case_study_cv"``, ``"case_study_test"`` and
        ``"case_study_thresholds"``.

    Returns
    -------
    DataFrame
        The table, as written.
    """
    if key not in FILES:
        raise ValueError(f"key must be one of {sorted(FILES)}, got {key!r}")
    path = RESULTS / FILES[key]
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `{COMMAND}` to write it")
    return pd.read_csv(path, comment="#")


def rerun_method(key, method):
    """Recompute one method's cross-validated scores from scratch beside the committed ones.

    Parameters
    ----------
    key : {"thresholds_cv", "case_study_cv"}
        The comparison: chapter 6's (all customers) or chapter 8's (training part).
    method : str
        A method of that comparison.

    Returns
    -------
    recomputed, committed : DataFrame
        The long-format rows (``method``, ``fold``, ``metric``, ``score``) in the same
        order, ready for :func:`utils.reruns.compare_rerun` with
        :func:`rerun_tolerances` and ``rtol=FILE_RTOL``.
    """
    choices = {"thresholds_cv": thresholds_methods, "case_study_cv": case_study_methods}
    if key not in choices:
        raise ValueError(f"key must be one of {sorted(choices)}, got {key!r}")
    methods = choices[key]()
    if method not in methods:
        raise ValueError(f"method must be one of {list(methods)}, got {method!r}")
    X, y = _comparison_data(key)
    committed = read_result(key)
    committed = committed[committed["method"] == method].reset_index(drop=True)
    recomputed = _score_one(method, methods[method], X, y, scoring())
    order = committed[["method", "fold", "metric"]]
    recomputed = order.merge(recomputed, on=["method", "fold", "metric"], how="left")
    return recomputed[committed.columns], committed


def _comparison_data(key):
    if key == "thresholds_cv":
        return load_caravan()
    X_train, _, y_train, _ = caravan_split()
    return X_train, y_train


def rerun_tolerances(committed, key):
    """Return the tolerance of each row's score when a method is re-run elsewhere.

    Scores of the probabilities are continuous (relative :data:`FILE_RTOL`, the
    files' precision); F1, balanced accuracy and the cost come from decisions and may
    differ by what :data:`CHANGED_PER_FOLD` changed predictions can do to them in
    each fold (for the cost: the dearer error, over the fold's customers).

    Parameters
    ----------
    committed : DataFrame
        Long-format rows of one comparison (:func:`rerun_method`).
    key : {"thresholds_cv", "case_study_cv"}
        The comparison, which selects the data and so the folds.

    Returns
    -------
    dict
        Column name to tolerance, for :func:`utils.reruns.compare_rerun`.
    """
    X, y = _comparison_data(key)
    tests = [test for _, test in folds().split(X, y)]
    positives = np.array([int(np.asarray(y)[test].sum()) for test in tests])
    negatives = np.array([len(test) for test in tests]) - positives
    fold = committed["fold"].to_numpy()
    score = np.full(len(committed), np.nan)
    for metric in committed["metric"].unique():
        rows = (committed["metric"] == metric).to_numpy()
        pos, neg = positives[fold[rows]], negatives[fold[rows]]
        if metric in _HARD_METRICS:
            bound = changed_predictions(_HARD_METRICS[metric], pos, neg, CHANGED_PER_FOLD)
        elif metric == "cost":
            dearer = float(np.max(caravan_cost_matrix()))
            bound = dearer * changed_predictions("accuracy", pos, neg, CHANGED_PER_FOLD)
        else:  # continuous: relative FILE_RTOL, written as an absolute bound per row
            bound = FILE_RTOL * np.abs(committed.loc[rows, "score"].to_numpy())
        score[rows] = bound
    return {"method": "exact", "fold": "exact", "metric": "exact", "score": score}


def main(argv=None):
    """Run the comparisons named on the command line and write their summaries."""
    parser = argparse.ArgumentParser(
        prog="python -m utils.caravan_study",
        description="Run chapters 6 and 8's comparisons on Caravan and write the summaries "
                    "to utils/results/ (cached in utils/_cache/caravan_study/).",
    )
    parser.add_argument("--only", choices=["6", "8"], help="run one chapter's comparison")
    parser.add_argument("--no-cache", action="store_true", help="recompute everything")
    args = parser.parse_args(argv)
    memory = None if args.no_cache else joblib.Memory(CACHE, verbose=0)
    if args.only in (None, "6"):
        print("Chapter 6: all customers, five folds", flush=True)
        X, y = load_caravan()
        results = run_comparison(thresholds_methods(), X, y, memory=memory)
        print(f"wrote {_write(results, FILES['thresholds_cv'])}")
    if args.only in (None, "8"):
        print("Chapter 8: training part, five folds", flush=True)
        X_train, X_test, y_train, y_test = caravan_split()
        methods = case_study_methods()
        results = run_comparison(methods, X_train, y_train, memory=memory)
        print(f"wrote {_write(results, FILES['case_study_cv'])}")
        print("Chapter 8: refit on the training part, predict the test part", flush=True)
        predictions, thresholds = refit_and_predict(
            methods, X_train, y_train, X_test, y_test, memory=memory)
        print(f"wrote {_write(predictions, FILES['case_study_test'], index=True)}")
        print(f"wrote {_write(thresholds, FILES['case_study_thresholds'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
