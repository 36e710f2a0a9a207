import numpy as np
import pandas as pd
import pytest
from imblearn.under_sampling import RandomUnderSampler
from sklearn.metrics import brier_score_loss, f1_score

from utils.checks import resampling as checks
from utils.prior_shift import correct_probabilities, undersampling_beta

ODD_ANSWERS = [None, "0.2", b"x", True, [1, 2], {"a": 1}, pd.DataFrame({"a": [1, 2]}),
               np.array([]), float("nan"), object(), lambda: 1]
CHECKS = [checks.check_undersampled_f1, checks.check_all_positive_f1, checks.check_beta,
          checks.check_corrected_brier]


@pytest.fixture(scope="module")
def fitted():
    X_train, X_test, y_train, y_test = checks._caravan_split()
    model = checks._fitted(True)
    return X_train, X_test, y_train, y_test, model


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_unanswered_and_odd_answers_never_raise(check, capsys):
    assert check(...) is False
    assert "Not answered yet" in capsys.readouterr().out
    for answer in ODD_ANSWERS:
        assert check(answer) is False
        assert capsys.readouterr().out.startswith(("Not yet", "Not answered"))


def test_undersampled_f1(fitted, capsys):
    X_train, X_test, y_train, y_test, model = fitted
    right = f1_score(y_test, model.predict(X_test))
    X_bal, y_bal = RandomUnderSampler(random_state=0).fit_resample(X_test, y_test)
    for wrong, hint in [
        (f1_score(y_bal, model.predict(X_bal)), "undersampled test set"),
        (f1_score(y_test, checks._fitted(False).predict(X_test)), "without undersampling"),
        (f1_score(y_test, model.predict(X_test), pos_label=0), "non-buyers"),
        (f1_score(y_train, model.predict(X_train)), "training set"),
        (100 * right, "percentage"),
    ]:
        assert checks.check_undersampled_f1(wrong) is False
        assert hint in capsys.readouterr().out
    assert checks.check_undersampled_f1(right) is True
    assert capsys.readouterr().out.startswith("Correct")


def test_all_positive_f1(fitted, capsys):
    _, _, y_train, y_test, _ = fitted
    right = f1_score(y_test, np.ones(len(y_test), dtype=int))
    pi_train = y_train.mean()
    for wrong, hint in [
        (2 / 3, "prevalence one half"),
        (2 * pi_train / (1 + pi_train), "training set's prevalence"),
        (0.0, "calling no one"),
        (y_test.mean(), "precision of calling everyone"),
    ]:
        assert checks.check_all_positive_f1(wrong) is False
        assert hint in capsys.readouterr().out
    assert checks.check_all_positive_f1(np.float64(right)) is True


def test_beta(fitted, capsys):
    _, _, y_train, y_test, _ = fitted
    right = undersampling_beta(y_train.mean(), 0.5)
    for wrong, hint in [
        (1 / right, "inverse"),
        (undersampling_beta(y_test.mean(), 0.5), "test set's prevalence"),
        (y_train.mean(), "the prevalence itself"),
    ]:
        assert checks.check_beta(wrong) is False
        assert hint in capsys.readouterr().out
    assert checks.check_beta(right) is True


def test_corrected_brier(fitted, capsys):
    _, X_test, y_train, y_test, model = fitted
    proba = model.predict_proba(X_test)[:, 1]
    right = brier_score_loss(y_test, correct_probabilities(proba, y_train.mean(), 0.5))
    X_bal, y_bal = RandomUnderSampler(random_state=0).fit_resample(X_test, y_test)
    for wrong, hint in [
        (brier_score_loss(y_test, proba), "uncorrected"),
        (brier_score_loss(y_test, correct_probabilities(proba, y_test.mean(), 0.5)),
         "test set's prevalence"),
        (brier_score_loss(y_bal, model.predict_proba(X_bal)[:, 1]), "undersampled test set"),
    ]:
        assert checks.check_corrected_brier(wrong) is False
        assert hint in capsys.readouterr().out
    assert checks.check_corrected_brier(right) is True
