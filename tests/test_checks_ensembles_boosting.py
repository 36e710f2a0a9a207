import numpy as np
import pytest

from utils.checks.ensembles_boosting import (
    FOLDS,
    HINTS,
    METHODS,
    _first_split,
    _first_tree_distinct,
    check_method_choice,
    check_rows_per_tree,
)
from utils.studies import ensembles_comparison as study
from utils.studies import load
from utils.studies.ensembles_comparison import ENSEMBLES


class Unprintable:
    def __repr__(self):
        raise RuntimeError("no repr")

    def __len__(self):
        raise RuntimeError("no len")


ODD_ANSWERS = [None, "0.5", b"x", True, [1, 2], [[1]], {"a": 1}, {"a": 1, "b": None}, set(),
               np.array([]), np.array(["a"]), float("nan"), float("inf"), object(),
               Unprintable(), lambda: 1, (x for x in [1])]
CHECKS = (check_rows_per_tree, check_method_choice)


@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=range(len(ODD_ANSWERS)))
def test_checks_never_raise(answer, capsys):
    for check in CHECKS:
        assert check(answer) is False
    assert "Traceback" not in capsys.readouterr().out


def test_unanswered(capsys):
    for check in CHECKS:
        assert check(...) is False
        assert "Not answered yet" in capsys.readouterr().out


def test_rows_per_tree_right_and_mistakes(capsys):
    X, y, train = _first_split()
    buyers = int(y.iloc[train].sum())
    hints = HINTS["check_rows_per_tree"]
    for wrong, key in [(len(train), "all training rows"), (buyers, "buyers only"),
                       (2 * (len(train) - buyers), "oversampled"),
                       (2 * int(y.sum()), "whole data set"),
                       (_first_tree_distinct(), "distinct rows")]:
        assert check_rows_per_tree(wrong) is False
        assert hints[key] in capsys.readouterr().out, key
    assert check_rows_per_tree(2 * buyers) is True
    assert check_rows_per_tree(np.int64(2 * buyers)) is True


def test_method_choice_accepts_one_and_explains_the_others(capsys):
    assert check_method_choice("gradient boosting") is True
    assert check_method_choice("HistGradientBoostingClassifier") is True
    capsys.readouterr()
    for method in ENSEMBLES[1:]:
        assert check_method_choice(method) is False
        out = capsys.readouterr().out
        assert out.startswith("Not yet:") and "{" not in out, method
    assert check_method_choice("logistic regression") is False
    assert "not one of this exercise's choices" in capsys.readouterr().out
    assert check_method_choice(3) is False
    assert "a number" in capsys.readouterr().out


def test_the_checks_folds_are_the_studys():
    X, y, _ = _first_split()
    ours = [test for _, test in FOLDS.split(X, y)]
    theirs = [test for _, test in study.folds(0).split(X, y)]
    assert all(np.array_equal(a, b) for a, b in zip(ours, theirs, strict=True))
    assert METHODS == study.ENSEMBLES


def test_the_decisions_answer_and_hints_are_what_the_committed_study_says():
    # Probabilities to multiply by a margin: the best calibrated on both data sets, with no
    # method ranking better on Caravan by an interval clear of zero; the hints' readings.
    table = load("ensembles_comparison").tables["ensembles_comparison"]
    for dataset in ("Caravan", "Lending Club"):
        rows = table[table["dataset"] == dataset]
        assert rows.groupby("method")["brier"].mean().idxmin() == METHODS[0], dataset
    caravan = table[table["dataset"] == "Caravan"]
    assert caravan.groupby("method")["average_precision"].mean().idxmax() == "EasyEnsemble"
    differences = study.paired_differences(caravan, "Caravan", METHODS[0],
                                           metrics=("average_precision", "roc_auc", "brier"))
    reading = differences.set_index(["method", "metric"])
    assert (reading.xs("average_precision", level="metric")["low"] <= 0).all()
    for method in ("RUSBoost", "random forest"):
        assert reading.loc[(method, "roc_auc"), "high"] < 0, method
    assert reading.loc[("random forest", "brier"), "low"] > 0
