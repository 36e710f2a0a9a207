import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import confusion_matrix, precision_score, recall_score

from utils.checks import check_matrix, check_number
from utils.checks.accuracy_trap import (
    check_buyer_recall,
    check_confusion_matrix,
    check_majority_accuracy,
)
from utils.datasets import caravan_split
from utils.models import standardised_logistic


class Unprintable:
    def __repr__(self):
        raise RuntimeError("no repr")

    def __len__(self):
        raise RuntimeError("no len")


ODD_ANSWERS = [None, ..., "0.5", b"x", True, [1, 2], [[1]], {"a": 1}, set(),
               pd.DataFrame({"a": [1, 2]}), np.array([]), np.array(["a"]), float("nan"),
               float("inf"), object(), Unprintable(), lambda: 1, (x for x in [1])]


@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=range(len(ODD_ANSWERS)))
def test_core_checks_never_raise(answer, capsys):
    assert check_number(answer, 0.25, what="the number") is False
    assert check_matrix(answer, [[1, 2], [3, 4]], what="the matrix") is False
    assert capsys.readouterr().out.startswith(("Not yet", "Not answered"))


def test_check_number_hints(capsys):
    hints = [(0.75, "the other class")]
    assert check_number(..., 0.25, what="x") is False
    assert "Not answered yet" in capsys.readouterr().out
    assert check_number(0.75, 0.25, what="x", mistakes=hints) is False
    assert "the other class" in capsys.readouterr().out
    assert check_number(25.0, 0.25, what="x") is False
    assert "percentage" in capsys.readouterr().out
    assert check_number(0.252, 0.25, what="x") is False  # near, not a rounding of 0.25
    out = capsys.readouterr().out
    assert "close to x but not equal" in out and "rounded" not in out
    assert check_number("0.25", 0.25, what="x") is False
    assert "string" in capsys.readouterr().out
    assert check_number(np.array([0.25]), 0.25, what="x") is True
    assert check_number(np.float32(0.25), 0.25, what="x") is True
    assert capsys.readouterr().out.startswith("Correct")


def test_the_rounding_rule(capsys):
    right = 0.940206
    assert check_number(0.94, right, what="x") is True  # three significant digits
    assert "3 significant digits" in capsys.readouterr().out
    assert check_number(0.9402, right, what="x") is True
    capsys.readouterr()
    assert check_number(0.9, right, what="x") is False  # two digits are not enough
    assert "Correct" not in capsys.readouterr().out
    # a known mistake that rounds to the same value: more digits, not right
    mistakes = [(0.939812, "the training rows")]
    assert check_number(0.94, right, what="x", mistakes=mistakes) is False
    assert "more digits" in capsys.readouterr().out
    assert check_number(0.9402, right, what="x", mistakes=mistakes) is True
    capsys.readouterr()
    # a rounded known mistake is that mistake; a near wrong value is "close", never rounded
    assert check_number(0.9398, right, what="x", mistakes=mistakes) is False
    assert "the training rows" in capsys.readouterr().out
    assert check_number(0.9412, right, what="x") is False
    assert "close to x but not equal" in capsys.readouterr().out
    # percentages, rounded or not, and impossible values
    assert check_number(94.0, right, what="x", bounds=(0, 1)) is False
    assert "looks like a percentage" in capsys.readouterr().out
    assert check_number(2.45, right, what="x", bounds=(0, 1)) is False
    assert "cannot be x" in capsys.readouterr().out
    assert check_number(0.5, right, what="x", bounds=(0, 1)) is False
    assert "0.5000 is not x" in capsys.readouterr().out
    # a hundred times a weight or a count is not a percentage: only a fraction has one
    assert check_number(1940.206, 19.40206, what="w") is False
    assert "percentage" not in capsys.readouterr().out
    assert check_number(94.02, right, what="x") is False  # no bounds, a fraction all the same
    assert "looks like a percentage" in capsys.readouterr().out


def test_check_matrix_hints(capsys):
    right = np.array([[5, 1], [2, 3]])
    assert check_matrix(right.tolist(), right, what="m") is True
    assert check_matrix(pd.DataFrame(right), right, what="m") is True
    capsys.readouterr()
    assert check_matrix(right.T, right, what="m", mistakes=[(right.T, "swapped")]) is False
    assert "swapped" in capsys.readouterr().out
    assert check_matrix(right[:1], right, what="m") is False
    assert "shape (2, 2)" in capsys.readouterr().out


@pytest.fixture(scope="module")
def caravan():
    X_train, X_test, y_train, y_test = caravan_split()
    model = standardised_logistic()
    return y_train, y_test, model.fit(X_train, y_train).predict(X_test)


def test_majority_accuracy_check(caravan, capsys):
    y_train, y_test, _ = caravan
    right = (y_test == 0).mean()
    assert check_majority_accuracy(...) is False
    assert "Not answered" in capsys.readouterr().out
    assert check_majority_accuracy(1 - right) is False
    assert "minority" in capsys.readouterr().out
    assert check_majority_accuracy(100 * right) is False
    assert "percentage" in capsys.readouterr().out
    assert check_majority_accuracy(int((y_test == 0).sum())) is False
    assert "count" in capsys.readouterr().out
    assert check_majority_accuracy(right) is True


def test_confusion_and_recall_checks(caravan, capsys):
    _, y_test, y_pred = caravan
    matrix = confusion_matrix(y_test, y_pred)
    assert check_confusion_matrix(matrix.T) is False
    assert "swapped" in capsys.readouterr().out
    assert check_confusion_matrix(confusion_matrix(y_test, y_pred, labels=[1, 0])) is False
    assert "reverse order" in capsys.readouterr().out
    assert check_confusion_matrix(matrix) is True
    assert check_buyer_recall(recall_score(y_test, y_pred, pos_label=0)) is False
    assert "non-buyers" in capsys.readouterr().out
    assert check_buyer_recall(precision_score(y_test, y_pred)) is False
    assert "precision" in capsys.readouterr().out
    assert check_buyer_recall(recall_score(y_test, y_pred)) is True


@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=range(len(ODD_ANSWERS)))
def test_chapter_checks_never_raise(answer, caravan):
    for check in (check_majority_accuracy, check_confusion_matrix, check_buyer_recall):
        assert check(answer) is False
