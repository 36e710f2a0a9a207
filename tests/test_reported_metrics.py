import numpy as np
import pytest
from sklearn.metrics import accuracy_score, precision_score, recall_score

from utils.reported_metrics import expected_confusion, implied_prevalence, lowest_precision


def predictions_from(matrix):
    """Rows of labels and predictions whose confusion matrix is ``matrix`` (counts)."""
    (tn, fp), (fn, tp) = np.asarray(matrix, dtype=int)
    y_true = np.repeat([0, 0, 1, 1], [tn, fp, fn, tp])
    y_pred = np.repeat([0, 1, 0, 1], [tn, fp, fn, tp])
    return y_true, y_pred


@pytest.mark.parametrize("matrix", [[[700, 100], [50, 150]], [[10, 5], [1, 84]],
                                    [[950, 40], [2, 8]]])
def test_recovers_the_prevalence_of_a_real_confusion_matrix(matrix):
    y_true, y_pred = predictions_from(matrix)
    pi = implied_prevalence(precision_score(y_true, y_pred), recall_score(y_true, y_pred),
                            accuracy_score(y_true, y_pred))
    assert pi == pytest.approx(y_true.mean())


def test_the_askers_numbers_imply_thirteen_percent():
    assert implied_prevalence(0.38, 0.86, 0.80) == pytest.approx(0.1296, abs=1e-4)


def test_expected_confusion_round_trips_through_scikit_learn():
    matrix = expected_confusion(0.25, tpr=0.6, fpr=0.1, n=400)
    np.testing.assert_allclose(matrix, [[270, 30], [40, 60]])
    y_true, y_pred = predictions_from(matrix.round())
    assert recall_score(y_true, y_pred) == pytest.approx(0.6)
    assert expected_confusion(0.25, 0.6, 0.1, n=1).sum() == pytest.approx(1)


def test_lowest_precision_is_every_negative_called_positive():
    y_true, y_pred = predictions_from([[0, 57], [7, 36]])  # recall 36/43, all negatives FP
    assert lowest_precision(36 / 43, 0.43) == pytest.approx(precision_score(y_true, y_pred))
    assert lowest_precision(1.0, 0.3) == pytest.approx(0.3)  # all positive: precision pi


def test_impossible_triples_are_refused():
    with pytest.raises(ValueError, match="no test set has precision 0.38"):
        implied_prevalence(0.38, 0.86, 0.0)
    with pytest.raises(ValueError, match="both 1"):
        implied_prevalence(1.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="no test set"):
        implied_prevalence(1.0, 1.0, 0.5)


@pytest.mark.parametrize("call, error, message", [
    (lambda: implied_prevalence(0, 0.5, 0.5), ValueError, "precision == 0, must be > 0"),
    (lambda: implied_prevalence(38, 0.86, 0.8), ValueError, "precision == 38, must be <= 1"),
    (lambda: implied_prevalence(0.38, 0, 0.8), ValueError, "recall == 0, must be > 0"),
    (lambda: implied_prevalence(0.38, 0.86, 80), ValueError, "accuracy == 80, must be <= 1"),
    (lambda: implied_prevalence("0.38", 0.86, 0.8), TypeError,
     "precision must be an instance of float, not str"),
    (lambda: implied_prevalence(0.38, None, 0.8), TypeError,
     "recall must be an instance of float, not NoneType"),
    (lambda: implied_prevalence(0.38, 0.86, True), TypeError,
     "accuracy must be a number, not bool"),
    (lambda: implied_prevalence(float("nan"), 0.86, 0.8), ValueError,
     "precision == nan, must be a number"),
    (lambda: lowest_precision(0.86, 1.0), ValueError, "pi == 1.0, must be < 1"),
    (lambda: lowest_precision(0.0, 0.5), ValueError, "recall == 0.0, must be > 0"),
    (lambda: expected_confusion(1.2, 0.5, 0.5), ValueError, "pi == 1.2, must be <= 1"),
    (lambda: expected_confusion(0.5, -0.1, 0.5), ValueError, "tpr == -0.1, must be >= 0"),
    (lambda: expected_confusion(0.5, 0.5, "0.1"), TypeError,
     "fpr must be an instance of float, not str"),
    (lambda: expected_confusion(0.5, 0.5, 0.1, n=0), ValueError, "n == 0, must be > 0"),
    (lambda: expected_confusion(0.5, 0.5, 0.1, n="9"), TypeError,
     "n must be an instance of float, not str"),
])
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
