"""Each check under each mistake it lists: the learner reads that mistake's own hint.

A check hands its typical wrong values to check_number or check_matrix; here each
value is given back to the check, at full precision and rounded, and what it prints
is compared with the hint listed beside it. A value that coincides on this data with
the right answer or with a mistake listed before it cannot be told apart; it is
skipped. The leakage-shaped mistakes the course cares most about are named below."""

import importlib
import pkgutil

import numpy as np
import pytest

import utils.checks
from utils.checks import round_significant

MODULES = [importlib.import_module(f"utils.checks.{info.name}")
           for info in pkgutil.iter_modules(utils.checks.__path__)]
CHECKS = [(module, name) for module in MODULES for name in module.HINTS
          if name in vars(module)]


def listed_mistakes(module, name, monkeypatch):
    """The right value and the (value, hint) mistakes a check hands to its helper."""
    captured = {}

    def spy(answer, expected, *, what, mistakes=(), **options):
        captured.update(expected=expected, mistakes=list(mistakes))
        return False

    with monkeypatch.context() as patch:
        for helper in ("check_number", "check_matrix"):
            if hasattr(module, helper):
                patch.setattr(module, helper, spy)
        getattr(module, name)(0.123456789)
    return captured.get("expected"), captured.get("mistakes", [])


def same(a, b, digits=None):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        return False
    if digits is not None:
        a = np.vectorize(lambda v: round_significant(v, digits))(a)
        b = np.vectorize(lambda v: round_significant(v, digits))(b)
    return bool(np.allclose(a, b, rtol=1e-6, atol=1e-12))


@pytest.mark.parametrize(("module", "name"), CHECKS,
                         ids=[f"{m.__name__.rsplit('.', 1)[-1]}.{n}" for m, n in CHECKS])
def test_each_listed_mistake_gets_its_own_hint(module, name, monkeypatch, capsys):
    expected, mistakes = listed_mistakes(module, name, monkeypatch)
    if expected is None:
        pytest.skip(f"{name} has logic of its own (tested in its module's tests)")
    capsys.readouterr()
    told = 0
    for index, (value, hint) in enumerate(mistakes):
        earlier = [wrong for wrong, _ in mistakes[:index]]
        if same(value, expected) or any(same(value, wrong) for wrong in earlier):
            continue
        assert getattr(module, name)(value) is False
        assert capsys.readouterr().out == f"Not yet: {hint}\n", (name, hint)
        told += 1
        if np.ndim(value) == 0 and not any(same(value, other, 4) for other in
                                           [expected, *earlier]):
            assert getattr(module, name)(round_significant(float(value), 4)) is False
            assert capsys.readouterr().out == f"Not yet: {hint}\n", (name, hint, "rounded")
    assert told >= 4, f"{name} tells only {told} mistakes apart"


# The mistakes a learner makes by using more rows than the exercise allows.
LEAKAGE_SHAPED = {
    "accuracy_trap.check_majority_accuracy": ["all the data", "buyers of all the data"],
    "accuracy_trap.check_buyer_recall": ["all the data"],
    "resampling.check_beta": ["whole data set's prevalence"],
    "resampling.check_all_positive_f1": ["whole data set's prevalence"],
    "resampling.check_corrected_brier": ["whole data set's prevalence"],
    "class_weights.check_weighted_f1": ["no scaler"],
    "thresholds_costs.check_cost_matrix": ["all loans"],
    "thresholds_costs.check_cost_threshold": ["all loans"],
    "thresholds_costs.check_test_cost": ["all loans' costs"],
    "case_study_clinic.check_profit": ["all the data"],
}


@pytest.mark.parametrize("check", sorted(LEAKAGE_SHAPED))
def test_the_leakage_shaped_mistakes_are_listed(check, monkeypatch):
    module_name, name = check.split(".")
    module = importlib.import_module(f"utils.checks.{module_name}")
    _, mistakes = listed_mistakes(module, name, monkeypatch)
    handed = [hint for _, hint in mistakes]
    for key in LEAKAGE_SHAPED[check]:
        assert module.HINTS[name][key] in handed, (check, key)


def test_forgetting_the_scaler_in_exercise_5_1(capsys):
    from sklearn.metrics import f1_score

    from utils.checks.class_weights import _caravan_split, _unscaled, check_weighted_f1

    _, X_test, _, y_test = _caravan_split()
    unscaled = f1_score(y_test, _unscaled().predict(X_test))
    assert check_weighted_f1(round(unscaled, 4)) is False
    assert "without the StandardScaler" in capsys.readouterr().out
