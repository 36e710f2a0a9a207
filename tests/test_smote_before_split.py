import pandas as pd
import pytest

from utils import studies
from utils.studies import smote_before_split as study


@pytest.fixture(scope="module")
def seed_zero():
    return study.compute({"seed": 0})


def test_one_seed_gives_one_row_per_model(seed_zero):
    assert list(seed_zero["model"]) == list(study.MODELS)
    assert list(seed_zero.columns) == ["seed", "model", *study.SCORES]
    scores = seed_zero.set_index("model")
    # The leak is large, the honest score near zero, and the test set half synthetic.
    assert (scores["leaky F1"] > 0.4).all() and (scores["honest F1"] < 0.2).all()
    assert (scores["leaky test prevalence"].between(0.45, 0.55)).all()
    assert (scores["synthetic share of leaky test positives"] > 0.9).all()


def test_run_is_deterministic_and_cached(tmp_path, seed_zero):
    first = studies.run(study.STUDY, seeds=1, cache=tmp_path).table
    again = studies.run(study.STUDY, seeds=1, cache=tmp_path).table
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(first, seed_zero)
    assert any(tmp_path.rglob("*.pkl"))


def test_committed_result_holds_every_seed():
    committed = studies.load("smote_before_split")
    seeds = committed.provenance["parameters"]["seeds"]
    assert sorted(committed.table["seed"].unique()) == list(range(seeds))
    assert committed.provenance["command"].startswith(
        "python -m utils.studies smote_before_split run --seeds ")


@pytest.mark.parametrize("call, error, message", [
    (lambda: study.smote_experiment(-1), ValueError, "seed == -1, must be >= 0"),
    (lambda: study.smote_experiment(1.5), TypeError,
     "seed must be an instance of int, not float"),
    (lambda: study.smote_experiment(True), TypeError, "seed must be a number, not bool"),
    (lambda: studies.run(study.STUDY, seeds=0), ValueError, "seeds == 0, must be >= 1"),
    (lambda: studies.run(study.STUDY, seeds="3"), TypeError,
     "seeds must be an instance of int, not str"),
    (lambda: studies.run(study.STUDY, seeds=1, cache=3), TypeError,
     "cache must be True, False or a directory"),
    (lambda: study.tolerances("runs"), ValueError, "rows of the smote_before_split table"),
])
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
