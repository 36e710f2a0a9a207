import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from utils.datasets import caravan_split, load_caravan, load_loanapp, make_noise_imbalanced


def test_noise_data_has_the_requested_classes_and_is_seeded():
    X, y = make_noise_imbalanced(990, 10, 2, random_state=3)
    assert X.shape == (1000, 2) and y.sum() == 10 and (y[:990] == 0).all()
    assert ((X >= 0) & (X < 1)).all()
    X_again, _ = make_noise_imbalanced(990, 10, 2, random_state=3)
    np.testing.assert_array_equal(X, X_again)
    X_other, _ = make_noise_imbalanced(990, 10, 2, random_state=4)
    assert not np.array_equal(X, X_other)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"n_majority": 0}, ValueError, "n_majority == 0, must be >= 1"),
    ({"n_minority": 2.5}, TypeError, "n_minority must be an instance of int, not float"),
    ({"n_features": "2"}, TypeError, "n_features must be an instance of int, not str"),
    ({"n_features": True}, TypeError, "n_features must be a number, not bool"),
    ({"random_state": None}, TypeError, "random_state must be an instance of int, not NoneType"),
    ({"random_state": -1}, ValueError, "random_state == -1, must be >= 0"),
])
def test_noise_data_bad_input_is_named(kwargs, error, message):
    with pytest.raises(error, match=message):
        make_noise_imbalanced(**kwargs)


def test_caravan_loads_offline_with_its_known_shape():
    X, y = load_caravan()
    assert X.shape == (5822, 85)
    assert "Purchase" not in X.columns and "rownames" not in X.columns
    assert set(y.unique()) == {0, 1} and y.sum() == 348


def test_caravan_split_is_chapter_1s_stratified_quarter():
    X_train, X_test, y_train, y_test = caravan_split()
    assert X_train.shape == (4366, 85) and X_test.shape == (1456, 85)
    assert len(y_train) == 4366 and len(y_test) == 1456
    assert y_train.sum() == 261 and y_test.sum() == 87  # stratified: 6.0% in both parts
    assert y_train.mean() == pytest.approx(y_test.mean(), abs=1e-3)
    assert set(X_train.index).isdisjoint(X_test.index)
    # the very split the course wrote out before: train_test_split, stratified, seed 0
    X, y = load_caravan()
    expected = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    for part, reference in zip(caravan_split(), expected, strict=True):
        assert part.index.equals(reference.index) and part.equals(reference)


def test_caravan_split_is_deterministic_and_seeded():
    first, second = caravan_split(), caravan_split()
    for a, b in zip(first, second, strict=True):
        pd.testing.assert_index_equal(a.index, b.index)
    other = caravan_split(random_state=1)
    assert not first[1].index.equals(other[1].index)
    assert len(caravan_split(test_size=0.5)[1]) == 2911


@pytest.mark.parametrize("kwargs, error, message", [
    ({"test_size": 1.5}, ValueError, "test_size == 1.5, must be < 1"),
    ({"test_size": 0}, ValueError, "test_size == 0, must be > 0"),
    ({"test_size": "0.25"}, TypeError, "test_size must be an instance of"),
    ({"test_size": True}, TypeError, "test_size must be a number"),
    ({"random_state": None}, TypeError, "random_state must be an instance of int"),
    ({"random_state": -1}, ValueError, "random_state == -1, must be >= 0"),
])
def test_caravan_split_bad_input_is_named(kwargs, error, message):
    with pytest.raises(error, match=message):
        caravan_split(**kwargs)


def test_loanapp_loads_offline_with_its_known_shape_and_prevalence():
    X, y = load_loanapp()
    assert X.shape == (1989, 57)
    assert y.name == "reject" and set(y.unique()) == {0, 1} and y.sum() == 244
    assert y.mean() == pytest.approx(0.123, abs=5e-4)
    assert not {"rownames", "reject", "msa"} & set(X.columns)
    assert (X.nunique() > 1).all()
    # the columns recorded after the decision stay: finding them is chapter 3's lesson
    assert {"action", "approve", "typur", "inson"} <= set(X.columns)


def test_loanapp_keeps_the_constant_column_and_describes_every_column_on_request():
    X, y, descriptions = load_loanapp(drop_constant=False, return_descriptions=True)
    assert X.shape == (1989, 58) and X["msa"].nunique() == 1
    assert set(X.columns) | {"reject"} <= set(descriptions)
    assert descriptions["typur"] == "type of purchaser of loan"
    X_again, y_again = load_loanapp()
    pd.testing.assert_frame_equal(X.drop(columns="msa"), X_again)
    pd.testing.assert_series_equal(y, y_again)


@pytest.mark.parametrize("kwargs, message", [
    ({"drop_constant": "yes"}, "drop_constant must be an instance of"),
    ({"return_descriptions": 1}, "return_descriptions must be an instance of"),
])
def test_loanapp_bad_input_is_named(kwargs, message):
    with pytest.raises(TypeError, match=message):
        load_loanapp(**kwargs)


def test_hpc_loads_offline_with_four_classes():
    from utils.datasets import HPC_CLASSES, load_hpc

    X, y = load_hpc()
    assert X.shape == (4331, 7) and "class" not in X.columns and "rownames" not in X.columns
    assert y.value_counts().reindex(HPC_CLASSES).tolist() == [2211, 1347, 514, 259]
    assert X["protocol"].dtype == "category" and X["day"].dtype == "category"
    assert X["day"].cat.categories[0] == "Mon" and not X.isna().any().any()


def test_hpc_split_is_stratified_and_seeded():
    from utils.datasets import hpc_split, load_hpc

    X_train, X_test, y_train, y_test = hpc_split()
    assert len(X_test) == 1083 and len(X_train) == 3248
    assert y_test.value_counts()["L"] == 65
    X, y = load_hpc()
    expected = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    for part, reference in zip(hpc_split(), expected, strict=True):
        assert part.index.equals(reference.index)
    assert not hpc_split(random_state=1)[1].index.equals(X_test.index)
    with pytest.raises(ValueError, match="test_size"):
        hpc_split(test_size=1.5)
    with pytest.raises(TypeError, match="random_state"):
        hpc_split(random_state=0.5)
