import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score, precision_score, recall_score

from utils.checks.multiclass import (
    JOB_PROBABILITIES,
    _fitted,
    check_long_recall,
    check_macro_f1,
    check_queue,
    check_test_cost,
)
from utils.costs import average_cost, cost_decision, expected_costs, hpc_cost_matrix
from utils.datasets import HPC_CLASSES


class Unprintable:
    def __repr__(self):
        raise RuntimeError("no repr")

    def __len__(self):
        raise RuntimeError("no len")


ODD_ANSWERS = [None, "0.5", b"x", True, [1, 2], [[1]], {"a": 1}, set(), np.array([]),
               np.array(["a"]), float("nan"), float("inf"), object(), Unprintable(),
               lambda: 1, (x for x in [1])]
CHECKS = (check_long_recall, check_macro_f1, check_queue, check_test_cost)


@pytest.fixture(scope="module")
def jobs():
    (X_train, X_test, y_train, y_test), model, weighted, _ = _fitted()
    return X_train, X_test, y_train, y_test, model, weighted


@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=range(len(ODD_ANSWERS)))
def test_checks_never_raise(answer, jobs, capsys):
    for check in CHECKS:
        assert check(answer) is False
    assert "Traceback" not in capsys.readouterr().out


def test_unanswered(jobs, capsys):
    for check in CHECKS:
        assert check(...) is False
        assert "Not answered yet" in capsys.readouterr().out


def test_long_recall_and_macro_f1(jobs, capsys):
    X_train, X_test, y_train, y_test, model, _ = jobs
    y_pred = model.predict(X_test)
    recalls = recall_score(y_test, y_pred, average=None)  # sorted labels: F, L, M, VF
    assert list(model.classes_) == ["F", "L", "M", "VF"]
    cases = [
        (recalls[-1], "very fast"),
        (precision_score(y_test, y_pred, labels=["L"], average=None)[0], "precision"),
        (recall_score(y_train, model.predict(X_train), labels=["L"], average=None)[0],
         "training jobs"),
    ]
    for answer, hint in cases:
        assert check_long_recall(answer) is False
        assert hint in capsys.readouterr().out
    assert check_long_recall(recalls[1]) is True
    assert check_long_recall(round(float(recalls[1]), 4)) is True
    for answer, hint in [(f1_score(y_test, y_pred, average="weighted"), "weighted"),
                         (f1_score(y_test, y_pred, average="micro"), "accuracy"),
                         (recall_score(y_test, y_pred, average="macro"), "recall")]:
        assert check_macro_f1(answer) is False
        assert hint in capsys.readouterr().out
    assert check_macro_f1(f1_score(y_test, y_pred, average="macro")) is True


def test_queue_is_the_class_of_least_expected_cost(capsys):
    costs = expected_costs([JOB_PROBABILITIES], HPC_CLASSES, cost_matrix=hpc_cost_matrix())
    assert costs.iloc[0].idxmin() == "M" and costs.iloc[0].idxmax() == "VF"
    for answer in ["VF", "very fast", "F", "L"]:
        assert check_queue(answer) is False
    out = capsys.readouterr().out
    assert "most probable" in out and "3.65" in out
    assert check_queue("M") is True and check_queue("moderate") is True
    assert "1.75" in capsys.readouterr().out
    assert check_queue(2) is False
    assert "a number" in capsys.readouterr().out


def test_test_cost(jobs, capsys):
    _, X_test, _, y_test, model, _ = jobs
    costs = hpc_cost_matrix()
    proba = model.predict_proba(X_test)
    right = average_cost(y_test, cost_decision(proba, model.classes_, cost_matrix=costs),
                         cost_matrix=costs)
    cases = [
        (average_cost(y_test, model.predict(X_test), cost_matrix=costs), "model.predict"),
        (average_cost(y_test, cost_decision(proba, HPC_CLASSES, cost_matrix=costs),
                      cost_matrix=costs), "model.classes_"),
        (right * len(y_test), "total"),
    ]
    for answer, hint in cases:
        assert check_test_cost(answer) is False
        assert hint in capsys.readouterr().out
    assert check_test_cost(right) is True
    # the right answer beats the most probable class on this split too
    assert right < cases[0][0]
    assert isinstance(pd.Series(y_test).iloc[0], str)
