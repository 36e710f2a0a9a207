"""Re-runs of committed results, compared at stated tolerances.

The first tests check the tolerance arithmetic against brute force; the others re-run
one committed cell of each study through the scaffold (``utils.studies.rerun``), check
that it agrees with the file within the study's tolerances, and that a committed value
perturbed beyond a tolerance is caught.
"""

import itertools

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    f1_score,
    recall_score,
)
from threadpoolctl import threadpool_limits

from utils import studies
from utils.datasets import caravan_split, load_caravan
from utils.reruns import RTOL, SOLVER_RTOL, changed_predictions, compare_rerun, failures
from utils.studies import caravan_thresholds, resampling_comparison


@pytest.mark.parametrize(("metric", "score"), [
    ("f1", lambda t, p: f1_score(t, p, zero_division=0)),
    ("recall", recall_score),
    ("balanced_accuracy", balanced_accuracy_score),
])
def test_bound_holds_for_every_flip_of_a_small_case(metric, score):
    rng = np.random.default_rng(0)
    y_true = np.array([1] * 6 + [0] * 14)
    for _ in range(4):
        y_pred = rng.integers(0, 2, y_true.size)
        base = score(y_true, y_pred)
        for k in (1, 2):
            bound = changed_predictions(metric, 6, 14, k)
            for rows in itertools.combinations(range(y_true.size), k):
                flipped = y_pred.copy()
                flipped[list(rows)] ^= 1
                assert abs(score(y_true, flipped) - base) <= bound + 1e-12


def test_bound_values_and_errors():
    assert changed_predictions("f1", 70, 1094) == pytest.approx(2 / 69)
    assert changed_predictions("f1", 2, 198) == 1.0  # one flip of two positives: anything
    assert changed_predictions("count", 5, 5, changed=3) == 3.0
    assert changed_predictions("positive_rate", [10, 20], [90, 180]).tolist() == [0.01, 0.005]
    with pytest.raises(ValueError, match="metric must be one of"):
        changed_predictions("precision", 1, 1)
    with pytest.raises(TypeError, match="changed must be an instance of int, not float"):
        changed_predictions("f1", 1, 1, changed=1.5)
    with pytest.raises(ValueError, match="changed == -1, must be >= 0"):
        changed_predictions("f1", 1, 1, changed=-1)
    with pytest.raises(ValueError, match="must not be negative"):
        changed_predictions("f1", -1, 1)


def test_compare_rerun_reports_each_column():
    committed = pd.DataFrame({"name": ["a", "b"], "fold": [0, 1], "brier": [0.05, 0.0],
                              "f1": [0.5, 0.25]})
    recomputed = committed.assign(brier=[0.05 * (1 + RTOL / 2), 1e-14], f1=[0.52, 0.25])
    tolerances = {"name": "exact", "fold": "exact", "brier": "relative", "f1": 0.03}
    report = compare_rerun(recomputed, committed, tolerances, changed=1)
    assert report["within"].all() and failures(report) == ""
    assert report.loc["f1", "largest difference"] == pytest.approx(0.02)
    assert report.loc["f1", "tolerance"] == "1 changed prediction(s)"
    beyond = compare_rerun(recomputed.assign(brier=[0.0501, 0.0]), committed, tolerances)
    assert not beyond.loc["brier", "within"] and "brier" in failures(beyond)
    renamed = compare_rerun(recomputed.assign(name=["a", "c"]), committed, tolerances)
    assert not renamed.loc["name", "within"]
    nan = committed.assign(f1=[np.nan, 0.25])
    assert compare_rerun(nan, nan, tolerances)["within"].all()
    assert not compare_rerun(nan, committed, tolerances).loc["f1", "within"]


def test_compare_rerun_errors():
    frame = pd.DataFrame({"x": [1.0]})
    with pytest.raises(TypeError, match="recomputed must be a DataFrame"):
        compare_rerun([1.0], frame, {"x": "exact"})
    with pytest.raises(ValueError, match="must match"):
        compare_rerun(frame.assign(y=1), frame, {"x": "exact"})
    with pytest.raises(ValueError, match=r"tolerances lacks the columns \['x'\]"):
        compare_rerun(frame, frame, {})
    with pytest.raises(ValueError, match="must be 'relative', 'exact' or a number"):
        compare_rerun(frame, frame, {"x": "loose"})


def _check_and_perturb(name, cell, continuous, hard):
    """Re-run a committed cell: within its tolerances; a perturbed committed value is not.

    ``continuous`` and ``hard`` name a column and a row of the cell's committed rows: the
    first is perturbed by three times its relative tolerance, the second by one and a
    half times its absolute tolerance (one unit for an exact column).
    """
    check = studies.rerun(name, cell)
    assert check.within, check.failures
    study = studies.get(name)
    parameters = study.cell_parameters(studies.load(name).provenance["parameters"])
    tolerances = study.tolerances(check.committed, **parameters)
    for column, row in (continuous, hard):
        tolerance = tolerances[column]
        value = check.committed.loc[row, column]
        if isinstance(tolerance, str):
            step = 3 * RTOL * abs(value) if tolerance == "relative" else 1
        else:
            step = 1.5 * np.broadcast_to(tolerance, len(check.committed))[row] + 1e-9
        perturbed = check.committed.copy()
        perturbed.loc[row, column] = value + step
        report = compare_rerun(check.recomputed, perturbed, tolerances)
        assert not report.loc[column, "within"], (column, row)


def test_smote_before_split_rerun():
    _check_and_perturb("smote_before_split", {"seed": 0},
                       continuous=("leaky test prevalence", 0), hard=("leaky F1", 2))


def test_resampling_comparison_rerun():
    _check_and_perturb("resampling_comparison",
                       {"classifier": "logistic regression", "method": "none", "repeat": 0},
                       continuous=("brier", 2), hard=("f1", 3))


def test_article_examples_audit_rerun():
    _check_and_perturb("article_examples_audit", {"example": "class weights", "repetition": 42},
                       continuous=("max_proba_change", 1), hard=("f1_minority", 1))


def test_caravan_thresholds_rerun():
    cell = {"data": "all customers", "method": "logistic regression"}
    # rows 0-4: F1 in each fold; 15-19: ROC AUC
    _check_and_perturb("caravan_thresholds", cell, continuous=("score", 15), hard=("score", 0))
    test_part = {"data": "test part", "method": "logistic regression, tuned threshold (cost)"}
    _check_and_perturb("caravan_thresholds", test_part, continuous=("proba", 0),
                       hard=("y_test", 0))


def test_class_weight_sweep_rerun():
    _check_and_perturb("class_weight_sweep", {"class_sep": 2.79, "alpha": 1.51},
                       continuous=("se_contrast", 0), hard=("n_reps", 0))


def _perturbed_scores(method, n_perturbations):
    """Brier score, average precision and decisions after last-bit perturbations."""
    X, y = load_caravan()
    X = X.astype(float)
    rng = np.random.default_rng(0)
    train, test = next(resampling_comparison.folds(0).split(X, y))
    estimator = resampling_comparison.make_method("logistic regression", method)
    with threadpool_limits(1):  # as in the study
        runs = [_fit_perturbed(estimator, X, y, train, test, rng, k) for k in
                range(n_perturbations + 1)]
    return runs


def _fit_perturbed(estimator, X, y, train, test, rng, k):
    noise = 1e-15 * rng.standard_normal((len(train), X.shape[1])) if k else 0.0
    model = clone(estimator).fit(X.iloc[train] * (1 + noise), y.iloc[train])
    proba = model.predict_proba(X.iloc[test])[:, 1]
    return (brier_score_loss(y.iloc[test], proba),
            average_precision_score(y.iloc[test], proba), proba >= 0.5)


@pytest.mark.parametrize("method", ["none", "random oversampling", "SMOTE", "Borderline-SMOTE"])
def test_tolerances_cover_rounding_in_the_last_bits(method):
    """Another CPU rounds differently: perturbing the inputs in their last bits shows how much
    that moves a cell, and the cell's tolerances must cover it."""
    study, cell = resampling_comparison, ("logistic regression", method)
    rtol, changed = ((study.NEIGHBOUR_RTOL, study.NEIGHBOUR_CHANGED_PER_FOLD)
                     if cell in study.NEIGHBOUR_SENSITIVE else
                     (SOLVER_RTOL, study.SOLVER_CHANGED_PER_FOLD)
                     if cell in study.ROUNDING_SENSITIVE else
                     (RTOL, study.CHANGED_PER_FOLD))
    (brier, precision, decisions), *others = _perturbed_scores(method, 3)
    for other_brier, other_precision, other_decisions in others:
        assert other_brier == pytest.approx(brier, rel=rtol)
        assert other_precision == pytest.approx(precision, rel=rtol)
        assert np.sum(other_decisions != decisions) <= changed


@pytest.mark.parametrize("method", ["logistic regression", "logistic regression, class weights"])
def test_caravan_tolerances_cover_rounding_in_the_last_bits(method):
    """The same for the Caravan study's refitted models: their test probabilities."""
    X_train, X_test, y_train, _ = caravan_split()
    X_train = X_train.astype(float)
    estimator = caravan_thresholds.case_study_methods()[method]
    rng = np.random.default_rng(0)
    probabilities = []
    with threadpool_limits(1):
        for k in range(4):
            noise = 1e-15 * rng.standard_normal(X_train.shape) if k else 0.0
            model = clone(estimator).fit(X_train * (1 + noise), y_train)
            probabilities.append(model.predict_proba(X_test)[:, 1])
    rtol = SOLVER_RTOL if method in caravan_thresholds.ROUNDING_SENSITIVE else RTOL
    for other in probabilities[1:]:
        np.testing.assert_allclose(other, probabilities[0], rtol=rtol)
