import json

import numpy as np
import pytest

from utils import example_audits as audits


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: audits.audit_repetition("weights", 0), ValueError, "example must be one of"),
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
