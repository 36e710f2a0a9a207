import numpy as np
import pytest
from sklearn.metrics import f1_score
from sklearn.model_selection import TunedThresholdClassifierCV

from utils.checks.thresholds_costs import (
    _cost_setting,
    _loan_split,
    _tuned,
    check_cost_matrix,
    check_cost_threshold,
    check_test_cost,
    check_test_f1,
    check_tuned_threshold,
    loan_model,
)
from utils.costs import expected_cost


class Unprintable:
    def __repr__(self):
        raise RuntimeError("no repr")

    def __len__(self):
        raise RuntimeError("no len")


ODD_ANSWERS = [None, "0.5", b"x", True, [1, 2], [[1]], {"a": 1}, {"a": 1, "b": None}, set(),
               np.array([]), np.array(["a"]), float("nan"), float("inf"), object(),
               Unprintable(), lambda: 1, (x for x in [1])]

CHECKS = (check_cost_matrix, check_cost_threshold, check_test_cost, check_tuned_threshold,
          check_test_f1)


@pytest.fixture(scope="module")
def loans():
    # The checks' own cached set-up (the same split and model the exercises build).
    X_train, X_test, y_train, y_test = _loan_split()
    interest, loss, _, _ = _cost_setting()
    model = loan_model().fit(X_train, y_train)
    return X_train, X_test, y_train, y_test, interest, loss, model


@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=range(len(ODD_ANSWERS)))
def test_checks_never_raise(answer, loans, capsys):
    for check in CHECKS:
        assert check(answer) is False
    assert "Traceback" not in capsys.readouterr().out


def test_unanswered(loans, capsys):
    for check in CHECKS:
        assert check(...) is False
        assert "Not answered yet" in capsys.readouterr().out


def test_cost_matrix_and_threshold(loans, capsys):
    *_, interest, loss, _ = loans
    right = np.array([[0, interest], [loss, 0]])
    assert check_cost_matrix(right.T) is False
    assert "swapped" in capsys.readouterr().out
    assert check_cost_matrix(np.diag([interest, loss])) is False
    assert "diagonal" in capsys.readouterr().out
    assert check_cost_matrix(right) is True
    assert check_cost_threshold(loss / (interest + loss)) is False
    assert "c_FN / (c_FP + c_FN)" in capsys.readouterr().out
    assert check_cost_threshold(interest / loss) is False
    assert "ratio" in capsys.readouterr().out
    assert check_cost_threshold(0.5) is False
    assert "default" in capsys.readouterr().out
    assert check_cost_threshold(interest / (interest + loss)) is True


def test_test_cost_mistakes(loans, capsys):
    X_train, X_test, y_train, y_test, interest, loss, model = loans
    matrix = np.array([[0, interest], [loss, 0]])
    threshold = interest / (interest + loss)
    proba = model.predict_proba(X_test)

    def cost(reject, cost_matrix=matrix, y=y_test):
        return expected_cost(y, reject.astype(int), cost_matrix=cost_matrix)

    cases = [
        # the good loans' column rejects (nearly) every loan: the hint names column 1
        (cost(proba[:, 0] >= threshold), "column 1 of predict_proba"),
        (cost(np.zeros(len(y_test), dtype=bool)), "approving every test loan"),
        (cost(proba[:, 1] >= 0.5), "default threshold"),
        (cost(proba[:, 1] >= threshold, matrix.T), "transposed"),
        (cost(model.predict_proba(X_train)[:, 1] >= threshold, y=y_train), "training set"),
        (cost(proba[:, 1] >= threshold) * len(y_test), "total"),
    ]
    for answer, hint in cases:
        assert check_test_cost(answer) is False
        assert hint in capsys.readouterr().out
    assert check_test_cost(cost(proba[:, 1] >= threshold)) is True


def test_tuned_threshold_and_f1(loans, capsys):
    X_train, X_test, y_train, y_test, *_ = loans
    tuned, on_test, _ = _tuned()
    assert isinstance(tuned, TunedThresholdClassifierCV) and tuned.scoring == "f1"
    assert check_tuned_threshold(on_test.best_threshold_) is False
    assert "tuned on the test set" in capsys.readouterr().out
    assert check_tuned_threshold(tuned.best_score_) is False
    assert "best_score_" in capsys.readouterr().out
    assert check_tuned_threshold(0.5) is False
    assert "default" in capsys.readouterr().out
    assert check_tuned_threshold(tuned.best_threshold_) is True
    y_pred = tuned.predict(X_test)
    assert check_test_f1(f1_score(y_test, y_pred, pos_label=0)) is False
    assert "good loans" in capsys.readouterr().out
    assert check_test_f1(f1_score(y_test, on_test.predict(X_test))) is False
    assert "tuned on the test set" in capsys.readouterr().out
    assert check_test_f1(f1_score(y_test, y_pred, average="macro")) is False
    assert "macro" in capsys.readouterr().out
    assert check_test_f1(f1_score(y_test, y_pred)) is True
