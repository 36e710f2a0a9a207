import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier

from utils.datasets import make_noise_imbalanced
from utils.diagnostics import Diagnosis, diagnose, leakage_ranking

X, y = make_classification(n_samples=1000, n_features=6, n_informative=3, weights=[0.9],
                           random_state=0)
X = pd.DataFrame(X).add_prefix("f")
SPLIT = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)


def run(model, X_train, X_test, y_train, y_test, **kwargs):
    return diagnose(model.fit(X_train, y_train), X_train, y_train, X_test, y_test, **kwargs)


def test_a_sound_model_raises_no_flag():
    result = run(LogisticRegression(), *SPLIT)
    assert isinstance(result, Diagnosis) and result.flags == []
    assert result.prevalence_train == pytest.approx(np.mean(SPLIT[2]))
    assert result.majority_accuracy == pytest.approx(np.mean(SPLIT[3] == 0))
    assert sum(result.predicted_counts.values()) == len(SPLIT[3])
    assert result.test_auc > 0.8 and abs(result.gap) < 0.1
    summary = result.summary()
    assert summary["flags"] == "none" and summary["predicted positives (test)"] > 0


def test_noise_predicts_one_class():
    features, labels = make_noise_imbalanced(990, 10, 2, random_state=0)
    parts = train_test_split(features, labels, test_size=0.2, stratify=labels,
                             random_state=42)
    result = run(LogisticRegression(), *parts)
    assert "predicts one class" in result.flags
    assert "no better than the majority baseline" in result.flags
    assert "too few test positives" in " ".join(result.flags)


def test_leak_and_overfit_are_flagged():
    X_train, X_test, y_train, y_test = SPLIT
    leaky = [frame.assign(leak=labels + 0.01 * np.arange(len(labels)) % 0.1)
             for frame, labels in ((X_train, y_train), (X_test, y_test))]
    result = run(LogisticRegression(), leaky[0], leaky[1], y_train, y_test)
    assert "leakage suspect: leak" in result.flags
    assert result.leakage.index[0] == "leak"
    tree = run(DecisionTreeClassifier(random_state=0), *SPLIT)
    assert "overfits" in tree.flags


def test_non_numeric_and_constant_columns_are_skipped():
    X_train, X_test, y_train, y_test = SPLIT
    ranking = leakage_ranking(X_train.assign(city="A", constant=1.0), y_train)
    assert "city" not in ranking.index and "constant" not in ranking.index
    assert len(ranking) == X_train.shape[1]
    empty = leakage_ranking(pd.DataFrame({"city": ["a"] * len(y_train)}), y_train)
    assert empty.empty
    one_class_only = X_train.assign(after=np.where(y_train == 1, 1.0 * np.arange(len(y_train)),
                                                   np.nan))
    ranking = leakage_ranking(one_class_only, y_train)
    assert "after" not in ranking.index and len(ranking) == X_train.shape[1]


def test_decision_function_and_string_labels():
    X_train, X_test, y_train, y_test = SPLIT
    names = np.array(["no", "yes"])
    result = run(LinearSVC(), X_train, X_test, names[y_train], names[y_test], positive="yes",
                 check_leakage=False)
    assert result.test_auc > 0.8 and result.leakage is None
    assert set(result.predicted_counts) == {"no", "yes"}


@pytest.mark.parametrize("arguments, error, message", [
    ({"model": LinearRegression()}, TypeError, "classifier"),
    ({"model": LogisticRegression(), "fit": False}, ValueError, "not fitted"),
    ({"y_test": np.zeros(3)}, ValueError, r"inconsistent numbers of samples: \[300, 3\]"),
    ({"y_train": np.arange(700) % 3}, ValueError,
     "y_train must hold binary labels, got a target of type 'multiclass'"),
    ({"y_train": np.r_[np.zeros(699), np.nan]}, ValueError, "y_train has missing labels"),
    ({"y_test": pd.Series(["no"] * 299 + [None])}, ValueError, "y_test has missing labels"),
    ({"positive": 7}, ValueError, "positive label 7"),
    ({"leakage_auc": 0.4}, ValueError, "leakage_auc == 0.4, must be > 0.5"),
    ({"gap_tolerance": -0.1}, ValueError, "gap_tolerance == -0.1, must be >= 0"),
    ({"y_train": "labels"}, ValueError,
     r"Expected array-like \(array or non-string sequence\), got 'labels'"),
    ({"X_test": 5}, TypeError, "Expected sequence or array-like, got <class 'int'>"),
])
def test_bad_input_is_named(arguments, error, message):
    X_train, X_test, y_train, y_test = SPLIT
    model = arguments.pop("model", LogisticRegression())
    if arguments.pop("fit", True) and hasattr(model, "fit"):
        model.fit(X_train, y_train)
    values = {"X_train": X_train, "y_train": y_train, "X_test": X_test, "y_test": y_test}
    values.update({key: arguments.pop(key) for key in list(arguments) if key in values})
    with pytest.raises(error, match=message):
        diagnose(model, values["X_train"], values["y_train"], values["X_test"],
                 values["y_test"], **arguments)
