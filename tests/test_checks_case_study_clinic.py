import numpy as np
import pytest
from sklearn.tree import DecisionTreeClassifier

from utils.checks.case_study_clinic import (
    CAUSES,
    check_causes,
    check_mailing_threshold,
    check_profit,
)
from utils.datasets import caravan_split
from utils.diagnostics import diagnose
from utils.models import standardised_logistic


class Unprintable:
    def __repr__(self):
        raise RuntimeError("no repr")

    def __len__(self):
        raise RuntimeError("no len")


ODD_ANSWERS = [None, "0.5", b"x", True, [1, 2], [[1]], {"a": 1}, {"a": 1, "b": None}, set(),
               np.array([]), np.array(["a"]), float("nan"), float("inf"), object(),
               Unprintable(), lambda: 1, (x for x in [1])]


@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=range(len(ODD_ANSWERS)))
def test_checks_never_raise(answer, capsys):
    for check in (check_causes, check_mailing_threshold, check_profit):
        assert check(answer) is False
    assert "Traceback" not in capsys.readouterr().out


def test_causes_hints(capsys):
    assert check_causes({"a": ..., "b": ..., "c": ..., "d": ...}) is False
    assert "Not answered yet" in capsys.readouterr().out
    assert check_causes({"a": "overfitting"}) is False
    assert "lacks" in capsys.readouterr().out
    assert check_causes({**CAUSES, "b": "bad luck"}) is False
    assert "choose one of" in capsys.readouterr().out
    assert check_causes({**CAUSES, "b": "threshold"}) is False
    assert "squeezed" in capsys.readouterr().out
    assert check_causes({**CAUSES, "c": "overfitting", "a": "leakage"}) is False
    assert "models a and c are swapped" in capsys.readouterr().out
    assert check_causes({**CAUSES, "c": "overfitting", "a": "no signal"}) is False
    output = capsys.readouterr().out
    assert "2 of the 4" in output and "model a" in output
    assert check_causes(list(CAUSES.values())) is False
    assert "that is a list; give a dict" in capsys.readouterr().out
    assert check_causes(dict.fromkeys(CAUSES, "leakage")) is False
    assert "same cause, 'leakage'" in capsys.readouterr().out
    assert check_causes({name: cause.upper() for name, cause in CAUSES.items()}) is True


def test_the_four_models_show_their_causes():
    """The exercise's set-up, rebuilt: diagnose flags each fault as the solution says."""
    X_train, X_test, y_train, y_test = caravan_split()
    rng = np.random.default_rng(1)
    claims_train = X_train.assign(CLAIMS=y_train * rng.poisson(2, len(y_train)))
    claims_test = X_test.assign(CLAIMS=y_test * rng.poisson(2, len(y_test)))
    cases = {
        "a": (DecisionTreeClassifier(min_samples_leaf=1, random_state=0), X_train, X_test),
        "b": (standardised_logistic(C=3e-5), X_train, X_test),
        "c": (standardised_logistic(), claims_train, claims_test),
        "d": (standardised_logistic(C=0.1), X_train, X_test),
    }
    flags = {}
    for name, (model, X_fit, X_held) in cases.items():
        flags[name] = diagnose(model.fit(X_fit, y_train), X_fit, y_train, X_held, y_test).flags
    assert "overfits" in flags["a"]
    assert "predicts one class" in flags["b"]
    assert "leakage suspect: CLAIMS" in flags["c"]
    assert not any("leakage" in flag or "overfits" in flag for flag in flags["d"])
    assert (cases["d"][0].predict_proba(X_test)[:, 1] >= 0.1).sum() > 100


def test_mailing_checks(capsys):
    assert check_mailing_threshold(5 / 55) is False
    assert "whole margin" in capsys.readouterr().out
    assert check_mailing_threshold(0.9) is False
    assert "not* buying" in capsys.readouterr().out
    assert check_mailing_threshold(0.1) is True
    X_train, X_test, y_train, y_test = caravan_split()
    proba = standardised_logistic().fit(X_train, y_train).predict_proba(X_test)
    y = y_test.to_numpy()

    def profit(mailed, gain=50.0):
        return (np.sum(mailed & (y == 1)) * gain - mailed.sum() * 5.0) / len(y)

    # mailing by column 0 mails (nearly) everyone: the hint names column 1
    assert check_profit(profit(proba[:, 0] >= 0.1)) is False
    assert "column 1 of predict_proba" in capsys.readouterr().out
    assert check_profit(profit(proba[:, 1] >= 0.5)) is False
    assert "default threshold" in capsys.readouterr().out
    assert check_profit(profit(proba[:, 1] >= 0.1, 45.0)) is False
    assert "twice" in capsys.readouterr().out
    assert check_profit(profit(proba[:, 1] >= 0.1) * len(y)) is False
    assert "total" in capsys.readouterr().out
    assert check_profit(profit(proba[:, 1] >= 0.1)) is True
