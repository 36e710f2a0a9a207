import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold

from utils.comparison import compare_methods, fold_table, summarise

X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
METHODS = {"majority": DummyClassifier(), "logistic": LogisticRegression()}
SCORING = {"accuracy": "accuracy", "f1": "f1"}


def test_methods_share_folds_and_scores_are_reproducible():
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=1)
    first = compare_methods(METHODS, X, y, cv=cv, scoring=SCORING)
    again = compare_methods(METHODS, X, y, cv=cv, scoring=SCORING)
    pd.testing.assert_frame_equal(first, again)
    assert len(first) == 2 * 3 * 2
    table = summarise(first)
    assert list(table.index) == ["majority", "logistic"]
    assert table[("f1", "mean")]["majority"] == 0.0
    assert (table[("accuracy", "n")] == 3).all()
    folds = fold_table(first, "accuracy")
    assert list(folds.columns) == ["majority", "logistic"] and folds.shape == (3, 2)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="integer seed"):
        compare_methods(METHODS, X, y, cv=KFold(3, shuffle=True), scoring=SCORING)
    with pytest.raises(TypeError, match="not a classifier"):
        compare_methods({"ols": LinearRegression()}, X, y, cv=3, scoring=SCORING)
    with pytest.raises(TypeError, match="non-empty dict"):
        compare_methods({}, X, y, cv=3, scoring=SCORING)
    with pytest.raises(TypeError, match="scoring"):
        compare_methods(METHODS, X, y, cv=3, scoring="f1")
    with pytest.raises(TypeError, match="columns"):
        summarise(pd.DataFrame({"a": [1]}))
    results = compare_methods(METHODS, X, y, cv=3, scoring=SCORING)
    with pytest.raises(ValueError, match="no metric 'recall'"):
        fold_table(results, "recall")
