import json

import numpy as np
import pytest

from utils import example_audits as audits


@pytest.mark.parametrize("example", list(audits.EXAMPLES))
def test_data_follow_the_article(example):
    X, y = audits.make_example_data(example, 0)
    assert X.shape == (1000, 2 if example == "scaling" else 10)
    assert list(y[:900]) == [0] * 900 and list(y[900:]) == [1] * 100
    X_again, _ = audits.make_example_data(example, 0)
    np.testing.assert_array_equal(X, X_again)
    assert not np.array_equal(X, audits.make_example_data(example, 1)[0])


def test_scaling_data_separate_the_classes_as_described():
    X, y = audits.make_example_data("scaling", 3)
    assert X[y == 1, 0].mean() - X[y == 0, 0].mean() == pytest.approx(3, abs=0.3)
    assert X[y == 0, 1].mean() - X[y == 1, 1].mean() == pytest.approx(2, abs=0.2)


def test_models_and_baselines_carry_the_seed():
    models = audits.make_example_models("L2 strength", 7)
    assert list(models) == list(audits.EXAMPLES["L2 strength"])
    assert [m[-1].alpha for m in models.values()] == [0.0001, 0.1]
    assert all(m[-1].random_state == 7 for m in models.values())
    assert list(audits.make_baselines(7)) == list(audits.BASELINES)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: audits.make_example_data("weights", 0), ValueError, "example must be one of"),
        (lambda: audits.make_example_models("scaling", -1), ValueError, "seed == -1, must be >= 0"),
        (lambda: audits.make_baselines(1.5), TypeError,
         "seed must be an instance of int, not float"),
        (lambda: audits.audit_repetition("scaling", "42"), TypeError,
         "repetition must be an instance of int, not str"),
        (lambda: audits.run_audits(0), ValueError, "repetitions == 0, must be >= 1"),
        (lambda: audits.run_audits(2, n_jobs=0), ValueError,
         "n_jobs == 0 in Parallel has no meaning"),
        (lambda: audits.save_results({"a": 1}), TypeError, "must be a DataFrame"),
    ],
)
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.fixture(scope="module")
def weights_rows():
    return audits.audit_repetition("class weights", 42)


def test_a_repetition_scores_both_variants_and_the_baselines(weights_rows):
    rows = weights_rows.set_index("model")
    assert list(rows.index) == [*audits.EXAMPLES["class weights"], *audits.BASELINES]
    assert rows.loc["all positive", "predicted_positive"] == 200
    pi = rows.loc["all positive", "test_positive"] / 200
    assert rows.loc["all positive", "f1_minority"] == pytest.approx(2 * pi / (1 + pi))
    assert rows.loc["no weights", "changed"] == 0
    assert np.isnan(rows.loc["uniform dummy", "changed"])


def test_scaling_leaves_a_forest_unchanged():
    rows = audits.audit_repetition("scaling", 5).set_index("model")
    assert rows.loc["StandardScaler", "changed"] == 0


def test_results_round_trip_and_rerun(weights_rows, tmp_path):
    path = audits.save_results(weights_rows, tmp_path / "a.csv")
    path.with_suffix(".json").write_text(json.dumps({"article_seed": 42}))
    loaded = audits.load_results(path)
    assert loaded.equals(audits._normalise(weights_rows))
    assert audits.main(["rerun", "--example", "class weights", "--results", str(path)]) == 0
    with pytest.raises(ValueError, match="no committed rows"):
        audits.rerun_repetition("class weights", 3, path)
    with pytest.raises(FileNotFoundError, match="python -m utils.example_audits run"):
        audits.load_results(tmp_path / "missing.csv")
