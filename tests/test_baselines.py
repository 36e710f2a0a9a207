import numpy as np
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score

from utils.baselines import majority_accuracy, prevalence, trivial_scores


def test_all_positive_f1_matches_the_stack_exchange_answer():
    # 10 of the small class among 100: predicting all small scores F1 = 2/11.
    assert trivial_scores(0.1).loc["all positive", "f1"] == pytest.approx(2 / 11)


@pytest.mark.parametrize("pi", [0.01, 0.06, 0.43, 0.5])
def test_closed_forms_match_scikit_learn_on_large_samples(pi):
    n = 200_000
    y = (np.arange(n) < round(pi * n)).astype(int)
    scores = trivial_scores(pi)
    for name, y_pred in [("all negative", np.zeros(n, int)), ("all positive", np.ones(n, int))]:
        assert scores.loc[name, "accuracy"] == pytest.approx(accuracy_score(y, y_pred))
        assert scores.loc[name, "f1"] == pytest.approx(f1_score(y, y_pred, zero_division=0))
    dummy = DummyClassifier(strategy="stratified", random_state=0).fit(np.zeros((n, 1)), y)
    y_random = dummy.predict(np.zeros((n, 1)))
    assert scores.loc["random", "precision"] == pytest.approx(
        precision_score(y, y_random), abs=0.01)
    assert scores.loc["random", "recall"] == pytest.approx(recall_score(y, y_random), abs=0.01)
    assert scores.loc["random", "accuracy"] == pytest.approx(
        accuracy_score(y, y_random), abs=0.01)


def test_random_rate_changes_recall_not_precision():
    low, high = trivial_scores(0.2, rate=0.1), trivial_scores(0.2, rate=0.9)
    assert low.loc["random", "precision"] == high.loc["random", "precision"] == 0.2
    assert low.loc["random", "recall"] == 0.1 and high.loc["random", "recall"] == 0.9


def test_majority_accuracy_is_the_larger_share():
    assert majority_accuracy(0.06) == pytest.approx(0.94)
    assert majority_accuracy(0.57) == pytest.approx(0.57)


def test_prevalence_counts_the_positive_label():
    assert prevalence([0, 0, 1, 1, 1]) == pytest.approx(0.6)
    assert prevalence(["a", "b", "b", "b"], positive="a") == pytest.approx(0.25)


@pytest.mark.parametrize("bad, error, message", [
    (0.0, ValueError, "pi == 0.0, must be > 0"),
    (1.0, ValueError, "pi == 1.0, must be < 1"),
    (-0.2, ValueError, "pi == -0.2, must be > 0"),
    (float("nan"), ValueError, "pi == nan, must be a number"),
    ("0.1", TypeError, "pi must be an instance of float, not str"),
    (True, TypeError, "pi must be a number, not bool"),
    (None, TypeError, "pi must be an instance of float, not NoneType"),
])
def test_bad_prevalence_is_named(bad, error, message):
    with pytest.raises(error, match=message):
        trivial_scores(bad)
    with pytest.raises(error, match=message):
        majority_accuracy(bad)


def test_bad_rate_and_labels_are_named():
    with pytest.raises(ValueError, match="rate == 1.5, must be <= 1"):
        trivial_scores(0.1, rate=1.5)
    with pytest.raises(ValueError, match="y is empty"):
        prevalence([])
    with pytest.raises(ValueError, match="positive label 2 does not occur"):
        prevalence([0, 1], positive=2)
