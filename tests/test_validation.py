import numbers

import numpy as np
import pytest

from utils._validation import check_scalar


def test_returns_plain_python_numbers():
    value = check_scalar(np.int64(3), "n", numbers.Integral, min_val=1)
    assert value == 3 and type(value) is int
    value = check_scalar(np.float32(0.25), "pi", numbers.Real, min_val=0, max_val=1)
    assert value == 0.25 and type(value) is float


@pytest.mark.parametrize("bad, target, bounds, error, message", [
    (True, numbers.Integral, {}, TypeError, "n must be a number, not bool"),
    (np.True_, numbers.Integral, {}, TypeError, "n must be an instance of int, not bool"),
    (float("nan"), numbers.Real, {"min_val": 0, "max_val": 1}, ValueError,
     "n == nan, must be a number"),
    (2.5, numbers.Integral, {}, TypeError, "n must be an instance of int, not float"),
    (0, numbers.Integral, {"min_val": 1}, ValueError, "n == 0, must be >= 1"),
    (1.0, numbers.Real, {"min_val": 0, "max_val": 1, "include_boundaries": "neither"},
     ValueError, "n == 1.0, must be < 1"),
])
def test_bad_input_is_named(bad, target, bounds, error, message):
    with pytest.raises(error, match=message):
        check_scalar(bad, "n", target, **bounds)
