import numpy as np
import pytest

from utils.datasets import load_caravan, make_noise_imbalanced


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
