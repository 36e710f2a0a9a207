import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.datasets import make_classification
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import KFold, StratifiedKFold

from utils.comparison import (
    compare_methods,
    compare_paired,
    corrected_t_interval,
    fold_table,
    paired_bootstrap,
    paired_folds,
    summarise,
)

X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
METHODS = {"majority": DummyClassifier(), "logistic": LogisticRegression()}
SCORING = {"accuracy": "accuracy", "f1": "f1"}


def test_methods_share_folds_and_scores_are_reproducible():
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=1)
    first = compare_methods(METHODS, X, y, cv=cv, scoring=SCORING)
    again = compare_methods(METHODS, X, y, cv=cv, scoring=SCORING)
    pd.testing.assert_frame_equal(first, again)
    assert len(first) == 2 * 3 * 2
    table = summarise(first)
    assert list(table.index) == ["majority", "logistic"]
    assert table[("f1", "mean")]["majority"] == 0.0
    assert (table[("accuracy", "n")] == 3).all()
    folds = fold_table(first, "accuracy")
    assert list(folds.columns) == ["majority", "logistic"] and folds.shape == (3, 2)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="integer seed"):
        compare_methods(METHODS, X, y, cv=KFold(3, shuffle=True), scoring=SCORING)
    with pytest.raises(TypeError, match="not a classifier"):
        compare_methods({"ols": LinearRegression()}, X, y, cv=3, scoring=SCORING)
    with pytest.raises(TypeError, match="non-empty dict"):
        compare_methods({}, X, y, cv=3, scoring=SCORING)
    with pytest.raises(TypeError, match="scoring"):
        compare_methods(METHODS, X, y, cv=3, scoring="f1")
    with pytest.raises(TypeError, match="columns"):
        summarise(pd.DataFrame({"a": [1]}))
    results = compare_methods(METHODS, X, y, cv=3, scoring=SCORING)
    with pytest.raises(ValueError, match="no metric 'recall'"):
        fold_table(results, "recall")


def test_corrected_t_reduces_to_the_plain_t_and_widens_with_overlap():
    d = np.array([0.01, 0.03, -0.005, 0.02, 0.015, 0.0, 0.025, 0.01])
    plain = stats.ttest_1samp(d, 0).confidence_interval(0.95)
    nearly_plain = corrected_t_interval(d, n_train=10**9, n_test=1)
    assert nearly_plain.low == pytest.approx(plain.low) and nearly_plain.high == pytest.approx(
        plain.high)
    corrected = corrected_t_interval(d, n_train=4, n_test=1)
    ratio = (corrected.high - corrected.low) / (plain.high - plain.low)
    assert ratio == pytest.approx(np.sqrt((1 / 8 + 1 / 4) / (1 / 8)))
    assert corrected.mean == pytest.approx(d.mean()) and corrected.n == 8
    assert corrected.wins == 6 / 8 and corrected.losses == 1 / 8
    assert corrected.interval == (corrected.low, corrected.high)


def test_compare_paired_pairs_by_fold():
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    results = compare_methods(METHODS, X, y, cv=cv, scoring=SCORING)
    table = fold_table(results, "accuracy")
    expected = table["logistic"] - table["majority"]
    pd.testing.assert_series_equal(paired_folds(results, "logistic", "majority", "accuracy"),
                                   expected.rename("logistic - majority"))
    difference = compare_paired(results, "logistic", "majority", "accuracy", n_train=240,
                                n_test=60)
    assert difference.mean == pytest.approx(expected.mean())
    with pytest.raises(ValueError, match="method 'forest' is not among"):
        paired_folds(results, "forest", "majority", "accuracy")


def test_paired_bootstrap_known_cases():
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 2, 300)
    same = paired_bootstrap(y_true, y_true, y_true, accuracy_score, n_resamples=200)
    assert (same.mean, same.low, same.high) == (0.0, 0.0, 0.0)
    better = np.where(rng.random(300) < 0.9, y_true, 1 - y_true)
    worse = np.where(rng.random(300) < 0.7, y_true, 1 - y_true)
    difference = paired_bootstrap(y_true, better, worse, accuracy_score)
    assert difference.mean == pytest.approx(accuracy_score(y_true, better)
                                            - accuracy_score(y_true, worse))
    assert 0 < difference.low < difference.mean < difference.high
    again = paired_bootstrap(y_true, better, worse, accuracy_score)
    assert again == difference  # seeded


def test_a_vectorized_metric_gives_the_same_interval():
    rng = np.random.default_rng(1)
    y_true = rng.integers(0, 2, 200)
    better = np.where(rng.random(200) < 0.9, y_true, 1 - y_true)
    worse = np.where(rng.random(200) < 0.7, y_true, 1 - y_true)

    def columns_f1(labels, predictions):  # one score per column; a single column is binary
        if labels.shape[1] == 1:
            return [f1_score(labels[:, 0], predictions[:, 0])]
        return f1_score(labels, predictions, average=None)

    loop = paired_bootstrap(y_true, better, worse, f1_score, n_resamples=200)
    fast = paired_bootstrap(y_true, better, worse, columns_f1, n_resamples=200,
                            vectorized=True, batch=64)
    assert fast.mean == pytest.approx(loop.mean)
    assert (fast.low, fast.high) == pytest.approx((loop.low, loop.high))


def test_paired_tools_reject_bad_input():
    with pytest.raises(ValueError, match="two or more finite"):
        corrected_t_interval([0.1], n_train=4, n_test=1)
    with pytest.raises(ValueError, match="n_train"):
        corrected_t_interval([0.1, 0.2], n_train=0, n_test=1)
    with pytest.raises(ValueError, match="confidence"):
        corrected_t_interval([0.1, 0.2], n_train=4, n_test=1, confidence=1.5)
    with pytest.raises(ValueError, match="same length"):
        paired_bootstrap([0, 1], [0, 1, 1], [0, 1], accuracy_score)
    with pytest.raises(TypeError, match="metric must be callable"):
        paired_bootstrap([0, 1], [0, 1], [0, 1], "accuracy")
    with pytest.raises(ValueError, match="batch == 0"):
        paired_bootstrap([0, 1], [0, 1], [0, 1], accuracy_score, batch=0)
