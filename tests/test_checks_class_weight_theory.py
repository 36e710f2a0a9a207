import numpy as np
import pandas as pd
import pytest

from utils import theory
from utils.checks import class_weight_theory as checks

ODD_ANSWERS = [None, "24", b"x", True, [1, 2], {"a": 1}, pd.DataFrame({"a": [1, 2]}),
               np.array([]), float("nan"), object(), lambda: 1, (x for x in [1])]
CHECKS = [checks.check_alpha_ba, checks.check_alpha_ba_by_p, checks.check_alpha_f1_post,
          checks.check_alpha_f1_calibrated, checks.check_ratio_ba, checks.check_ratio_f1_post,
          checks.check_ratio_f1_calibrated]


def alpha(p, pi, metric, mapping="bce"):
    return float(theory.optimal_alpha(p, pi, metric, mapping))


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_unanswered_and_odd_answers_never_raise(check, capsys):
    assert check(...) is False
    assert "Not answered yet" in capsys.readouterr().out
    for answer in ODD_ANSWERS:
        assert check(answer) is False
        assert capsys.readouterr().out.startswith(("Not yet", "Not answered"))


def test_alpha_ba(capsys):
    pi = 0.04
    for wrong, hint in [
        (pi / (1 - pi), "upside down"),
        (1 / pi, "one over the prevalence"),
        (pi, "prevalence itself"),
        (alpha(3.0, pi, "f1"), "F1-optimal weight under the post's"),
        (alpha(1.5, pi, "f1", "calibrated"), "F1-optimal weight under the calibrated"),
        (24.02, "is not"),
        (7.0, "is not"),
    ]:
        assert checks.check_alpha_ba(wrong) is False
        assert hint in capsys.readouterr().out
    for right in [24, 24.0, np.float64(24.0), np.array([24.0]), pd.Series([24.0])]:
        assert checks.check_alpha_ba(right) is True
        assert capsys.readouterr().out.startswith("Correct")


def test_alpha_ba_by_p(capsys):
    pi = 0.04
    p_values = checks.BA_P_VALUES
    for wrong, hint in [
        (24.0, "single number"),
        ([24.0, 24.0], "got 2"),
        ([pi / (1 - pi)] * 3, "π / (1 − π)"),
        ([alpha(p, pi, "f1") for p in p_values], "F1 optima under the post's"),
        ([alpha(p, pi, "f1", "calibrated") for p in p_values], "calibrated mapping"),
        ([24.0, 30.0, 50.0], "does not depend on p"),
        ([10.0, 10.0, 10.0], "is not where"),
        (["24", 24, 24], "string"),
        ([24.0, float("nan"), 24.0], "NaN"),
        ({1.5: 24.0, 3.0: 24.0, 10.0: 24.0}, "not a dict"),
        ([1 / 25] * 3, "thresholds 1 / (1 + α)"),
        ([0.71, 0.78, 0.9], "balanced accuracies"),
    ]:
        assert checks.check_alpha_ba_by_p(wrong) is False
        assert hint in capsys.readouterr().out
    weights = np.logspace(0, 3, 3001)
    grid = [float(weights[np.argmax(theory.expected_balanced_accuracy(weights, p, pi))])
            for p in p_values]
    for right in [grid, np.array(grid), tuple(grid), pd.Series(grid), [24, 24, 24],
                  np.array(grid)[:, None]]:
        assert checks.check_alpha_ba_by_p(right) is True
        assert capsys.readouterr().out.startswith("Correct")


def test_alpha_f1_post(capsys):
    p, pi = checks.F1_P, checks.F1_PREVALENCE
    right = alpha(p, pi, "f1")
    for wrong, hint in [
        (alpha(p, pi, "f1", "calibrated"), "calibrated mapping's optimum"),
        (p / (p - 1), "tiny"),
        ((1 - pi) / pi, "balanced-accuracy optimum"),
        (1.0, "unweighted"),
        (right * 1.01, "is not"),
    ]:
        assert checks.check_alpha_f1_post(wrong) is False
        assert hint in capsys.readouterr().out
    assert checks.check_alpha_f1_post(right * (1 + 5e-4)) is True
    assert checks.check_alpha_f1_post(right) is True


def test_alpha_f1_calibrated(capsys):
    p, pi = checks.F1_P, checks.F1_PREVALENCE
    right = alpha(p, pi, "f1", "calibrated")
    f_star = float(theory.best_f1(p, pi))
    assert np.isclose(right, 2 / f_star - 1)
    for wrong, hint in [
        (alpha(p, pi, "f1"), "post's mapping's optimum"),
        (p / (p - 1), "approximates the optimum of the post's"),
        ((1 - pi) / pi, "balanced-accuracy optimum"),
        (2 / f_star, "2 / F* − 1"),
        (f_star / 2, "threshold"),
        (f_star, "best F1 itself"),
    ]:
        assert checks.check_alpha_f1_calibrated(wrong) is False
        assert hint in capsys.readouterr().out
    assert checks.check_alpha_f1_calibrated(right) is True


def ratio(metric, mapping="bce"):
    before, after = (alpha(2.0, pi, metric, mapping) for pi in (0.01, 0.02))
    return after / before


def test_ratio_ba(capsys):
    right = ratio("balanced_accuracy")
    assert np.isclose(right, 49 / 99)
    for wrong, hint in [(2.0, "does not double"), (1.0, "depends on π alone"),
                        (0.5, "not exactly half"), (1 / right, "old weight divided")]:
        assert checks.check_ratio_ba(wrong) is False
        assert hint in capsys.readouterr().out
    assert checks.check_ratio_ba(49 / 99) is True


def test_ratio_f1_post(capsys):
    right = ratio("f1")
    for wrong, hint in [(2.0, "does not double"), (1.0, "nearly"),
                        (ratio("balanced_accuracy"), "balanced-accuracy weight's"),
                        (ratio("f1", "calibrated"), "calibrated mapping's ratio"),
                        (1 / right, "old weight divided")]:
        assert checks.check_ratio_f1_post(wrong) is False
        assert hint in capsys.readouterr().out
    assert checks.check_ratio_f1_post(right) is True


def test_ratio_f1_calibrated(capsys):
    right = ratio("f1", "calibrated")
    for wrong, hint in [(2.0, "does not double"), (1.0, "rises with the prevalence"),
                        (0.5, "does not halve"),
                        (ratio("balanced_accuracy"), "balanced-accuracy weight's"),
                        (ratio("f1"), "post's mapping's ratio"),
                        (1 / right, "old weight divided")]:
        assert checks.check_ratio_f1_calibrated(wrong) is False
        assert hint in capsys.readouterr().out
    assert checks.check_ratio_f1_calibrated(right) is True
