import numpy as np
import pandas as pd
import pytest

from utils.checks.leakage import (
    _loan_scores,
    _smote_scores,
    check_ap_with_typur,
    check_ap_without_typur,
    check_honest_smote_f1,
    check_label_copies,
    check_leaky_smote_f1,
)

ODD_ANSWERS = [None, ..., "0.5", b"x", [1, 2], [[1]], {"a": 1}, set(),
               pd.DataFrame({"a": [1, 2]}), np.array([]), np.array(["a"]), float("nan"),
               float("inf"), object(), lambda: 1, (x for x in [1])]
NUMBER_CHECKS = [check_honest_smote_f1, check_leaky_smote_f1, check_ap_with_typur,
                 check_ap_without_typur]


@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=range(len(ODD_ANSWERS)))
def test_checks_never_raise(answer):
    for check in [*NUMBER_CHECKS, check_label_copies]:
        assert check(answer) is False


def test_unanswered(capsys):
    for check in [*NUMBER_CHECKS, check_label_copies]:
        assert check(...) is False
        assert "Not answered yet" in capsys.readouterr().out


def test_smote_checks_name_resampling_outside_the_pipeline(capsys):
    scores = _smote_scores()
    assert scores["leaky"] > 0.5 > 0.1 > scores["honest"]
    assert check_honest_smote_f1(scores["leaky"]) is False
    assert "outside the pipeline" in capsys.readouterr().out
    assert check_honest_smote_f1(scores["no resampling"]) is False
    assert "without SMOTE" in capsys.readouterr().out
    assert check_honest_smote_f1(scores["honest accuracy"]) is False
    assert "scoring='f1'" in capsys.readouterr().out
    assert check_honest_smote_f1(scores["honest unshuffled"]) is False
    assert "cv=folds" in capsys.readouterr().out
    assert check_honest_smote_f1(scores["honest"]) is True
    assert check_leaky_smote_f1(scores["honest"]) is False
    assert "honest score" in capsys.readouterr().out
    assert check_leaky_smote_f1(scores["leaky accuracy"]) is False
    assert "accuracy" in capsys.readouterr().out
    assert check_leaky_smote_f1(np.float64(scores["leaky"])) is True


def test_loan_checks_name_each_mistake(capsys):
    scores = _loan_scores()
    assert scores["with"] > scores["without"]
    assert check_ap_with_typur(scores["label copies"]) is False
    assert "label copies" in capsys.readouterr().out
    assert check_ap_with_typur(scores["without"]) is False
    assert "without typur" in capsys.readouterr().out
    assert check_ap_with_typur(scores["with roc"]) is False
    assert "ROC AUC" in capsys.readouterr().out
    assert check_ap_with_typur(scores["with before split"]) is False
    assert "inside the pipeline" in capsys.readouterr().out
    assert check_ap_with_typur(scores["with"]) is True
    assert check_ap_without_typur(scores["with"]) is False
    assert "with typur" in capsys.readouterr().out
    assert check_ap_without_typur(scores["label copies, no typur"]) is False
    assert "label copies" in capsys.readouterr().out
    assert check_ap_without_typur(scores["without before split"]) is False
    assert "inside the pipeline" in capsys.readouterr().out
    assert check_ap_without_typur(scores["without"]) is True


@pytest.mark.parametrize("answer, right, hint", [
    (["action", "approve"], True, "decision recoded"),
    (("approve", "action"), True, "decision recoded"),
    (pd.Index(["action", "approve"]), True, "decision recoded"),
    (np.array(["action", "approve"]), True, "decision recoded"),
    (["action"], False, "AUC of 0"),
    (["action", "approve", "typur"], False, "typur is recorded after the decision"),
    (["action", "approve", "loanamt"], False, "['loanamt'] separate the classes well"),
    ([2, 5], False, "column positions"),
    ({"action": 1.0, "approve": 0.0}, False, "that holds the AUCs"),
    (["action", "approve", "reject"], False, "reject is the label itself"),
    (["actions"], False, "not columns of X"),
    (["gdlin", "typur"], False, "not the columns with an AUC of exactly 0 or 1"),
    ("action", False, "one string"),
    ({"action": 1}, False, "expected a list"),
])
def test_label_copies_hints(answer, right, hint, capsys):
    assert check_label_copies(answer) is right
    assert hint in capsys.readouterr().out
