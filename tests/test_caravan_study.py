import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import FixedThresholdClassifier, TunedThresholdClassifierCV

from utils import caravan_study
from utils.caravan_study import (
    FILES,
    case_study_methods,
    read_result,
    refit_and_predict,
    run_comparison,
    scoring,
    thresholds_methods,
)

X, y = make_classification(n_samples=300, n_features=5, weights=[0.85], random_state=0)
X = pd.DataFrame(X).add_prefix("x")
y = pd.Series(y)


def test_method_lists():
    seven = thresholds_methods()
    assert list(seven)[:2] == ["mail no one", "mail everyone"]
    assert isinstance(seven["logistic regression, tuned threshold (cost)"],
                      TunedThresholdClassifierCV)
    fixed = seven["logistic regression, fixed threshold (cost)"]
    assert isinstance(fixed, FixedThresholdClassifier) and fixed.threshold == pytest.approx(0.1)
    eight = case_study_methods()
    assert set(seven) < set(eight) and "boosted trees, calibrated" in eight
    assert set(scoring()) == {"f1", "balanced_accuracy", "cost", "roc_auc",
                              "average_precision", "brier", "log_loss"}


def test_run_comparison_caches_and_is_reproducible(tmp_path):
    methods = {"majority": DummyClassifier(), "logistic": LogisticRegression()}
    memory = joblib.Memory(tmp_path, verbose=0)
    first = run_comparison(methods, X, y, memory=memory, verbose=False)
    again = run_comparison(methods, X, y, memory=memory, verbose=False)
    pd.testing.assert_frame_equal(first, again)
    assert set(first["method"]) == set(methods) and first["fold"].nunique() == 5
    assert (first.loc[first["metric"] == "cost", "score"] <= 0).all()


def test_refit_and_predict():
    methods = {"majority": DummyClassifier(),
               "fixed": FixedThresholdClassifier(LogisticRegression(), threshold=0.2)}
    predictions, thresholds = refit_and_predict(methods, X[:200], y[:200], X[200:], y[200:])
    assert len(predictions) == 100 and predictions["y_test"].tolist() == y[200:].tolist()
    fixed = predictions["predict: fixed"] == (predictions["proba: fixed"] >= 0.2)
    assert fixed.all()
    table = thresholds.set_index("method")["threshold"]
    assert np.isnan(table["majority"]) and table["fixed"] == pytest.approx(0.2)


def test_read_result_errors(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="key must be one of"):
        read_result("nothing")
    monkeypatch.setattr(caravan_study, "RESULTS", tmp_path)
    with pytest.raises(FileNotFoundError, match="python -m utils.caravan_study"):
        read_result("thresholds_cv")


def test_committed_results_are_readable():
    for key in FILES:
        table = read_result(key)
        assert len(table) > 0
    cv = read_result("thresholds_cv")
    assert set(cv["method"]) == set(thresholds_methods())


def test_command_line_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        caravan_study.main(["--help"])
    assert exit_info.value.code == 0
    assert "utils/results" in capsys.readouterr().out
