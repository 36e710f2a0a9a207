import numpy as np
import pandas as pd
import pytest
from imblearn.under_sampling import RandomUnderSampler
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

from utils.article_examples import make_baselines, make_example_data, make_example_models
from utils.baselines import trivial_scores
from utils.checks import class_weights as checks

ODD_ANSWERS = [None, "0.2", b"x", True, [1, 2], {"a": 1}, pd.DataFrame({"a": [1, 2]}),
               np.array([]), float("nan"), object(), lambda: 1]
CHECKS = [checks.check_weighted_f1, checks.check_matched_baseline, checks.check_mean_gain,
          checks.check_share_above]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_unanswered_and_odd_answers_never_raise(check, capsys):
    assert check(...) is False
    assert "Not answered yet" in capsys.readouterr().out
    for answer in ODD_ANSWERS:
        assert check(answer) is False
        assert capsys.readouterr().out.startswith(("Not yet", "Not answered"))


@pytest.fixture(scope="module")
def weighted():
    X_train, X_test, y_train, y_test = checks._caravan_split()
    return X_train, X_test, y_train, y_test, checks._fitted("balanced")


def test_weighted_f1(weighted, capsys):
    X_train, X_test, y_train, y_test, model = weighted
    right = f1_score(y_test, model.predict(X_test))
    X_bal, y_bal = RandomUnderSampler(random_state=0).fit_resample(X_test, y_test)
    for wrong, hint in [
        (f1_score(y_test, checks._fitted(None).predict(X_test)), "without weights"),
        (f1_score(y_test, model.predict(X_test), pos_label=0), "non-buyers"),
        (f1_score(y_train, model.predict(X_train)), "training set"),
        (f1_score(y_bal, model.predict(X_bal)), "resampled"),
    ]:
        assert checks.check_weighted_f1(wrong) is False
        assert hint in capsys.readouterr().out
    assert checks.check_weighted_f1(right) is True


def test_matched_baseline(weighted, capsys):
    _, X_test, _, y_test, model = weighted
    pi = y_test.mean()
    q = (model.predict(X_test) == 1).mean()
    right = 2 * pi * q / (pi + q)
    for wrong, hint in [
        (pi, "stratified dummy"),
        (trivial_scores(pi).loc["all positive", "f1"], "calling everyone"),
        (trivial_scores(pi, rate=0.5).loc["random", "f1"], "one half"),
        (0.0, "majority baseline"),
    ]:
        assert checks.check_matched_baseline(wrong) is False
        assert hint in capsys.readouterr().out
    assert checks.check_matched_baseline(right) is True


@pytest.fixture(scope="module")
def gains():
    rows = []
    for seed in range(30):
        X, y = make_example_data("class weights", seed)
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, test_size=0.2, random_state=seed)
        models = {**make_example_models("class weights", seed), **make_baselines(seed)}
        rows.append({name: f1_score(y_test, m.fit(X_train, y_train).predict(X_test),
                                    zero_division=0) for name, m in models.items()})
    frame = pd.DataFrame(rows)
    return frame.sub(frame["uniform dummy"], axis=0)["class_weight='balanced'"], frame


def test_mean_gain(gains, capsys):
    gain, f1 = gains
    weighted = f1["class_weight='balanced'"]
    for wrong, hint in [
        (gain.iloc[0], "one seed taken as the truth"),
        ((weighted - f1["stratified dummy"]).mean(), "stratified"),
        ((weighted - f1["no weights"]).mean(),
         "unweighted" if f1["no weights"].any() else "without a baseline"),
        (weighted.mean(), "without a baseline"),
        (-gain.mean(), "reversed"),
    ]:
        assert checks.check_mean_gain(wrong) is False
        assert hint in capsys.readouterr().out
    assert checks.check_mean_gain(gain.mean()) is True


def test_share_above(gains, capsys):
    gain, _ = gains
    assert checks.check_share_above((gain < 0).mean()) is False
    assert "dummy wins" in capsys.readouterr().out
    assert checks.check_share_above(float((gain > 0).sum())) is False
    assert "count of seeds" in capsys.readouterr().out
    assert checks.check_share_above(1.0) is False
    assert "one seed" in capsys.readouterr().out
    assert checks.check_share_above((gain > 0).mean()) is True
