"""The decision checks, one per chapter: every defensible answer passes with its
trade-off, an indefensible one fails with the reason, and nothing raises."""

import numpy as np
import pytest

from utils.checks import NOT_ANSWERED, check_choice, normalised
from utils.checks.accuracy_trap import check_metric_choice
from utils.checks.case_study_clinic import check_threshold_rows
from utils.checks.class_weight_theory import check_f1_method
from utils.checks.class_weights import _weight_ranges, check_weight_choice
from utils.checks.leakage import check_smote_place
from utils.checks.per_class_metrics import check_averaging_choice
from utils.checks.resampling import check_probability_method
from utils.checks.thresholds_costs import _training_costs, check_threshold_choice


def _best_threshold():
    interest_good, loss_bad = _training_costs()
    return interest_good / (interest_good + loss_bad)


def _inverse_weight():
    return _weight_ranges(0.0)[2][0] * 2


# check, two defensible answers, one indefensible answer, a word of its hint
DECISIONS = [
    (check_metric_choice, "Balanced accuracy", "AP", "accuracy", "mailing no one"),
    (check_averaging_choice, "binary", "Macro", "weighted", "dominates"),
    (check_smote_place, "inside the pipeline", "training set only", "on all the data",
     "leak"),
    (check_probability_method, "prior correction", "calibration", "raw probabilities",
     "overstate"),
    (check_f1_method, "tune the threshold", "tuned weight", "balanced", "too many"),
    (check_threshold_rows, "cross-validation", "cost formula", "test set", "optimistic"),
    (check_weight_choice, "balanced", lambda: 0.8 * _inverse_weight(), "none", "unweighted"),
    (check_threshold_choice, lambda: _best_threshold(), lambda: 1.5 * _best_threshold(),
     0.5, "ignores the costs"),
]
CHECKS = [decision[0] for decision in DECISIONS]
ODD = [..., None, 3, 2.5, "no such choice", ["a", "b"], {"a": 1}, np.array([1.0, 2.0]),
       float("nan"), True, object(), -1]


def _value(answer):
    return answer() if callable(answer) else answer


@pytest.mark.parametrize("decision", DECISIONS, ids=[check.__name__ for check in CHECKS])
def test_defensible_answers_pass_with_their_trade_off(decision, capsys):
    check, first, second, wrong, word = decision
    for answer in (first, second):
        assert check(_value(answer)) is True
        out = capsys.readouterr().out
        assert out.startswith("Correct: ") and len(out) > 60, out
    assert check(_value(wrong)) is False
    out = capsys.readouterr().out
    assert out.startswith("Not yet: ") and word in out, out


@pytest.mark.parametrize("check", CHECKS, ids=[check.__name__ for check in CHECKS])
def test_any_answer_gets_a_hint_never_an_exception(check, capsys):
    for answer in ODD:
        assert check(answer) is False
        out = capsys.readouterr().out
        assert out.startswith(("Not yet: ", NOT_ANSWERED)), (answer, out)
        assert "could not be checked" not in out, (answer, out)


def test_each_defensible_range_has_its_trade_off(capsys):
    best, inverse = _best_threshold(), _inverse_weight()
    assert check_threshold_choice(0.4 * best) is False
    assert "rejects many good loans" in capsys.readouterr().out
    assert check_threshold_choice(0.6 * best) is True
    assert "lower rejects more good loans" in capsys.readouterr().out
    assert check_weight_choice(1) is False
    assert "far below" in capsys.readouterr().out
    assert check_weight_choice(3 * inverse) is False
    assert "far above" in capsys.readouterr().out
    assert check_weight_choice(np.float64(1.5 * inverse)) is True


def test_check_choice_reads_names_loosely():
    assert normalised("  Average_Precision ") == "average precision"
    assert normalised("cross-validation") == "cross validation"
    assert check_choice("YES", what="it", accepted={"yes": "fine"}) is True
    assert check_choice("y", what="it", accepted={"yes": "fine"}, aliases={"y": "yes"})
    assert check_choice(0.5, what="it", ranges=[(0.0, 1.0, True, "ok")]) is True
    # a number on the border of two ranges gets the first
    assert check_choice(1.0, what="it", ranges=[(0.0, 1.0, False, "no"),
                                                (1.0, 2.0, True, "ok")]) is False
