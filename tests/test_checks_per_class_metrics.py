import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import accuracy_score, f1_score, recall_score
from sklearn.model_selection import train_test_split

from utils.checks.per_class_metrics import (
    ASKER_1000,
    check_baseline_f1,
    check_beats_baseline,
    check_implied_prevalence,
    check_macro_f1,
    check_malignant_f1,
)
from utils.models import standardised_logistic

ODD_ANSWERS = [None, ..., "0.5", b"x", [1, 2], [[1]], {"a": 1}, set(),
               pd.DataFrame({"a": [1, 2]}), np.array([]), np.array(["a"]), float("nan"),
               float("inf"), object(), lambda: 1, (x for x in [1])]
CHECKS = [check_malignant_f1, check_macro_f1, check_implied_prevalence, check_baseline_f1,
          check_beats_baseline]


@pytest.fixture(scope="module")
def cancer():
    data = load_breast_cancer()
    X_train, X_test, y_train, y_test = train_test_split(
        data.data, data.target, test_size=0.3, stratify=data.target, random_state=0)
    model = standardised_logistic()
    return y_test, model.fit(X_train, y_train).predict(X_test)


@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=range(len(ODD_ANSWERS)))
def test_checks_never_raise(answer, capsys):
    for check in CHECKS:
        assert check(answer) is False
    assert "Traceback" not in capsys.readouterr().out


def test_unanswered(capsys):
    for check in CHECKS:
        assert check(...) is False
        assert "Not answered yet" in capsys.readouterr().out


def test_malignant_f1_hints(cancer, capsys):
    y_test, y_pred = cancer
    assert check_malignant_f1(f1_score(y_test, y_pred)) is False
    assert "pos_label=0" in capsys.readouterr().out
    assert check_malignant_f1(f1_score(y_test, y_pred, average="macro")) is False
    assert "macro average" in capsys.readouterr().out
    assert check_malignant_f1(f1_score(y_test, y_pred, average="weighted")) is False
    assert "weighted average" in capsys.readouterr().out
    assert check_malignant_f1(recall_score(y_test, y_pred, pos_label=0)) is False
    assert "recall" in capsys.readouterr().out
    assert check_malignant_f1(100 * f1_score(y_test, y_pred, pos_label=0)) is False
    assert "percentage" in capsys.readouterr().out
    assert check_malignant_f1(f1_score(y_test, y_pred, pos_label=0)) is True


def test_macro_f1_hints(cancer, capsys):
    y_test, y_pred = cancer
    assert check_macro_f1(f1_score(y_test, y_pred, pos_label=0)) is False
    assert "malignant class alone" in capsys.readouterr().out
    assert check_macro_f1(f1_score(y_test, y_pred, average="weighted")) is False
    assert "weighted" in capsys.readouterr().out
    assert check_macro_f1(accuracy_score(y_test, y_pred)) is False
    assert "equals the accuracy" in capsys.readouterr().out
    assert check_macro_f1(np.float32(f1_score(y_test, y_pred, average="macro"))) is True


def test_implied_prevalence_hints(capsys):
    assert check_implied_prevalence(0.92) is False
    assert "class share the question states" in capsys.readouterr().out
    assert check_implied_prevalence(0.31) is False
    assert "1 - accuracy" in capsys.readouterr().out
    assert check_implied_prevalence(1 - 0.6129545) is False
    assert "share of negatives" in capsys.readouterr().out
    assert check_implied_prevalence(61.29545) is False
    assert "percentage" in capsys.readouterr().out
    assert check_implied_prevalence(0.6129545454545456) is True


def test_baseline_f1_and_verdict_hints(capsys):
    pi = 0.6129545454545456
    assert check_baseline_f1(2 * 0.08 / 1.08) is False
    assert "stated share 0.08" in capsys.readouterr().out
    assert check_baseline_f1(pi) is False
    assert "2 pi / (1 + pi)" in capsys.readouterr().out
    assert check_baseline_f1(2 / 3) is False
    assert "balanced" in capsys.readouterr().out
    assert check_baseline_f1(2 * pi / (1 + pi)) is True
    capsys.readouterr()
    assert check_beats_baseline(True) is False
    assert "compare the reported F1" in capsys.readouterr().out
    assert check_beats_baseline(1) is False
    assert "True or False" in capsys.readouterr().out
    assert check_beats_baseline(np.False_) is True
    assert check_beats_baseline(False) is True
    assert check_beats_baseline(np.array([False])) is True  # a one-element comparison
    capsys.readouterr()
    assert check_beats_baseline("False") is False
    assert "without quotes" in capsys.readouterr().out
    f1 = ASKER_1000["f1"]
    baseline = 2 * pi / (1 + pi)
    assert check_beats_baseline(f1 - baseline) is False
    assert "the margin" in capsys.readouterr().out
    assert check_beats_baseline(round(baseline, 4)) is False
    assert "the baseline's F1" in capsys.readouterr().out
