import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from utils.leakage import single_feature_auc

RNG = np.random.default_rng(0)
Y = RNG.integers(0, 2, 300)
FRAME = pd.DataFrame({
    "noise": RNG.random(300),
    "leak_down": -Y + 0.01 * RNG.random(300),
    "weak": Y + 3 * RNG.standard_normal(300),
    "label_copy": Y,
})


def test_ranks_by_distance_from_one_half_in_both_directions():
    table = single_feature_auc(FRAME, Y)
    assert list(table.columns) == ["auc", "distance", "direction", "n_used"]
    assert table.index[:2].tolist() == ["leak_down", "label_copy"]  # ties keep column order
    assert table.loc["label_copy", "auc"] == 1.0
    assert table.loc["leak_down", "auc"] == 0.0
    assert table.loc["leak_down", "direction"] == "lower"
    assert table.loc["label_copy", "direction"] == "higher"
    assert table["distance"].is_monotonic_decreasing
    assert table.index[-1] == "noise"
    assert (table["n_used"] == 300).all()


def test_auc_is_scikit_learns():
    table = single_feature_auc(FRAME, Y)
    for name in FRAME:
        assert table.loc[name, "auc"] == pytest.approx(roc_auc_score(Y, FRAME[name]))
        assert table.loc[name, "distance"] == pytest.approx(abs(table.loc[name, "auc"] - 0.5))


def test_arrays_get_positional_names_and_booleans_count_as_numbers():
    table = single_feature_auc(FRAME.to_numpy(), Y)
    assert set(table.index) == {"x0", "x1", "x2", "x3"}
    boolean = FRAME.assign(label_copy=Y.astype(bool))
    assert single_feature_auc(boolean, Y).loc["label_copy", "auc"] == 1.0


def test_pos_label_flips_the_auc():
    words = np.where(Y == 1, "rejected", "approved")
    table = single_feature_auc(FRAME, words, pos_label="approved")
    assert table.loc["label_copy", "auc"] == 0.0
    assert single_feature_auc(FRAME, Y.astype(bool)).loc["label_copy", "auc"] == 1.0
    assert single_feature_auc(FRAME, 2 * Y - 1).loc["label_copy", "auc"] == 1.0


def test_omit_ranks_each_column_on_its_present_rows():
    holes = FRAME.copy()
    holes.loc[:49, "weak"] = np.nan
    table = single_feature_auc(holes, Y, nan_policy="omit")
    assert table.loc["weak", "n_used"] == 250
    expected = roc_auc_score(Y[50:], holes["weak"].iloc[50:])
    assert table.loc["weak", "auc"] == pytest.approx(expected)
    assert table.loc["noise", "n_used"] == 300


def test_direction_none_at_exactly_one_half():
    y = np.array([0, 1, 0, 1])
    table = single_feature_auc(pd.DataFrame({"flat": [1.0, 1.0, 2.0, 2.0]}), y)
    assert table.loc["flat", "direction"] == "none"


@pytest.mark.parametrize("X, y, kwargs, error, message", [
    (FRAME.assign(city="x"), Y, {}, TypeError, r"non-numeric columns \['city'\]"),
    (FRAME.assign(day=pd.Timestamp("2020-01-01")), Y, {}, TypeError, "non-numeric"),
    (FRAME.assign(kind=pd.Categorical(["a", "b"] * 150)), Y, {}, TypeError, "non-numeric"),
    (FRAME.assign(msa=1120), Y, {}, ValueError, r"constant columns \['msa'\]"),
    (FRAME, Y[:-1], {}, ValueError, r"inconsistent numbers of samples: \[300, 299\]"),
    (FRAME, RNG.integers(0, 3, 300), {}, ValueError, "y must be binary"),
    (FRAME, np.zeros(300), {}, ValueError, r"y must be binary \(two classes\), got 1"),
    (FRAME, np.where(Y == 1, "yes", "no"), {}, ValueError, "say which is positive"),
    (FRAME, Y, {"pos_label": 2}, ValueError, "pos_label=2 is not one of y's classes"),
    (FRAME, np.r_[Y[:-1], np.nan], {}, ValueError, "y has 1 missing label"),
    (FRAME, np.r_[np.where(Y == 1, "yes", "no")[:-1], None], {"pos_label": "yes"}, ValueError,
     "y has 1 missing label"),
    (FRAME.assign(noise=np.r_[np.nan, FRAME.noise[1:]]), Y, {}, ValueError,
     r"missing values \(column: count\) \{'noise': 1\}"),
    (FRAME.assign(noise=np.r_[np.inf, FRAME.noise[1:]]), Y, {}, ValueError, "infinite values"),
    (FRAME, Y, {"nan_policy": "drop"}, ValueError, "nan_policy must be one of"),
    (FRAME["noise"], Y, {}, TypeError, "X must be 2-D"),
    (np.arange(5.0), Y, {}, ValueError, "X must be 2-D"),
    ("X", Y, {}, TypeError, "X must be a DataFrame or a 2-D array"),
    (FRAME, "y", {}, ValueError, r"y should be a 1d array, got an array of shape \(\)"),
    (FRAME, np.column_stack([Y, Y]), {}, ValueError,
     r"y should be a 1d array, got an array of shape \(300, 2\)"),
    (pd.DataFrame(index=range(3)), [0, 1, 0], {}, ValueError, "X has no columns"),
    (pd.DataFrame({"a": [], "b": []}), [], {}, ValueError, "X has no rows"),
    (pd.DataFrame([[1, 2]], columns=["a", "a"]), [0], {}, ValueError, "duplicated column"),
])
def test_bad_input_is_named(X, y, kwargs, error, message):
    with pytest.raises(error, match=message):
        single_feature_auc(X, y, **kwargs)


def test_omit_refuses_a_column_present_in_one_class_only():
    holes = FRAME.assign(weak=np.where(Y == 1, FRAME["weak"], np.nan))
    with pytest.raises(ValueError, match="column 'weak' is present only on rows of one class"):
        single_feature_auc(holes, Y, nan_policy="omit")


def test_constant_after_omitting_is_refused():
    holes = FRAME.assign(weak=np.where(Y == 1, 5.0, np.nan))
    with pytest.raises(ValueError, match=r"constant columns \['weak'\]"):
        single_feature_auc(holes, Y, nan_policy="omit")
