import numpy as np
import pytest

from utils import article_examples as examples


@pytest.mark.parametrize("example", list(examples.EXAMPLES))
def test_data_follow_the_article(example):
    X, y = examples.make_example_data(example, 0)
    assert X.shape == (1000, 2 if example == "scaling" else 10)
    assert list(y[:900]) == [0] * 900 and list(y[900:]) == [1] * 100
    X_again, _ = examples.make_example_data(example, 0)
    np.testing.assert_array_equal(X, X_again)
    assert not np.array_equal(X, examples.make_example_data(example, 1)[0])


def test_scaling_data_separate_the_classes_as_described():
    X, y = examples.make_example_data("scaling", 3)
    assert X[y == 1, 0].mean() - X[y == 0, 0].mean() == pytest.approx(3, abs=0.3)
    assert X[y == 0, 1].mean() - X[y == 1, 1].mean() == pytest.approx(2, abs=0.2)


def test_models_and_baselines_carry_the_seed():
    models = examples.make_example_models("L2 strength", 7)
    assert list(models) == list(examples.EXAMPLES["L2 strength"])
    assert [m[-1].alpha for m in models.values()] == [0.0001, 0.1]
    assert all(m[-1].random_state == 7 for m in models.values())
    assert list(examples.make_baselines(7)) == list(examples.BASELINES)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: examples.make_example_data("weights", 0), ValueError,
         "example must be one of"),
        (lambda: examples.make_example_models("scaling", -1), ValueError,
         "seed == -1, must be >= 0"),
        (lambda: examples.make_baselines(1.5), TypeError,
         "seed must be an instance of int, not float"),
    ],
)
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
