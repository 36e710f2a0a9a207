import json

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import Pipeline
from sklearn.model_selection import TunedThresholdClassifierCV

from utils import resampling_study as study
from utils.prior_shift import PriorShiftCorrected


def test_every_classifier_gets_the_shared_methods():
    logistic = study.methods_for("logistic regression")
    boosting = study.methods_for("gradient boosting")
    assert logistic[0] == boosting[0] == "none"
    assert "undersampling, prior-corrected" in logistic
    assert "undersampling, prior-corrected" not in boosting
    assert set(boosting) < set(logistic) == set(study.METHODS)


def test_methods_are_built_as_described():
    smote = study.make_method("gradient boosting", "SMOTE")
    assert isinstance(smote, Pipeline) and isinstance(smote[1], SMOTE)
    assert smote[-1].class_weight is None
    assert study.make_method("logistic regression", "class weights")[-1].class_weight == \
        "balanced"
    tuned = study.make_method("logistic regression", "threshold for F1")
    assert isinstance(tuned, TunedThresholdClassifierCV) and tuned.scoring == "f1"
    assert isinstance(study.make_method("logistic regression",
                                        "undersampling, prior-corrected"), PriorShiftCorrected)
    assert set(study.scoring()) == set(study.METRICS)


def test_folds_depend_on_seed_and_repeat_only():
    assert study.folds(3, seed=10).random_state == 13
    assert study.folds(0).random_state == study.DEFAULT_SEED


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: study.methods_for("svm"), ValueError, "classifier must be one of"),
        (lambda: study.make_method("gradient boosting", "undersampling, prior-corrected"),
         ValueError, "method must be one of"),
        (lambda: study.make_method("logistic regression", "smote"), ValueError, "method"),
        (lambda: study.folds(-1), ValueError, "repeat == -1, must be >= 0"),
        (lambda: study.folds(True), TypeError, "repeat must be a number, not bool"),
        (lambda: study.folds(0, seed=1.5), TypeError, "seed must be an instance of int, not float"),
        (lambda: study.run_study(0), ValueError, "repeats == 0, must be >= 1"),
        (lambda: study.run_study(1, n_jobs=0), ValueError,
         "n_jobs == 0 in Parallel has no meaning"),
        (lambda: study.run_study(1, n_jobs=1.5), TypeError,
         "n_jobs must be an instance of int, not float"),
        (lambda: study.to_long(pd.DataFrame({"a": [1]}), "gradient boosting"), ValueError,
         "lack the columns"),
        (lambda: study.save_results([1, 2]), TypeError, "must be a DataFrame"),
    ],
)
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.fixture(scope="module")
def cell():
    return study.run_cell("logistic regression", "none", 0)


def test_a_cell_is_five_folds_of_every_metric_and_reproducible(cell):
    assert list(cell.columns) == study._KEY_COLUMNS + list(study.METRICS)
    assert list(cell["fold"]) == [0, 1, 2, 3, 4]
    assert cell["brier"].between(0, 1).all() and cell["f1"].between(0, 1).all()
    again = study.run_cell("logistic regression", "none", 0)
    assert again.equals(cell)


def fake_results():
    rng = np.random.default_rng(0)
    rows = [
        {"classifier": c, "method": m, "repeat": r, "fold": f}
        for c in study.CLASSIFIERS for m in study.methods_for(c)
        for r in range(2) for f in range(study.N_SPLITS)
    ]
    frame = pd.DataFrame(rows)
    for metric in study.METRICS:
        frame[metric] = rng.random(len(frame)) / 3  # awkward floats for the round trip
    return frame


def test_results_round_trip_bit_for_bit(tmp_path):
    results = fake_results()
    path = study.save_results(results, tmp_path / "r.csv")
    assert study.load_results(path).equals(results)
    with pytest.raises(FileNotFoundError, match="python -m utils.resampling_study run"):
        study.load_results(tmp_path / "missing.csv")


def test_long_format_and_paired_differences_feed_the_comparison_helpers():
    from utils.comparison import fold_table, summarise

    results = fake_results()
    long = study.to_long(results, "gradient boosting")
    table = summarise(long)
    assert list(table.index) == study.methods_for("gradient boosting")
    assert (table[("Brier score", "n")] == 2 * study.N_SPLITS).all()
    assert fold_table(long, "F1 of the buyers").shape == (10, len(table))
    diff = study.paired_difference(results, "gradient boosting", "SMOTE", "none", "f1")
    chosen = results[results["classifier"] == "gradient boosting"]
    expected = (chosen.loc[chosen["method"] == "SMOTE", "f1"].to_numpy()
                - chosen.loc[chosen["method"] == "none", "f1"].to_numpy())
    np.testing.assert_array_equal(diff.to_numpy(), expected)
    with pytest.raises(ValueError, match="metric must be one of"):
        study.paired_difference(results, "gradient boosting", "SMOTE", "none", "F1")


def test_rerun_compares_with_the_committed_rows(cell, tmp_path):
    results = fake_results()
    mask = ((results["classifier"] == "logistic regression") & (results["method"] == "none")
            & (results["repeat"] == 0))
    results = pd.concat([results[~mask], cell], ignore_index=True)
    path = study.save_results(results, tmp_path / "r.csv")
    path.with_suffix(".json").write_text(json.dumps({"seed": study.DEFAULT_SEED}))
    assert study.main(["rerun", "--results", str(path)]) == 0
    recomputed, committed = study.rerun_cell("logistic regression", "none", 0, path)
    assert recomputed.equals(committed)
    with pytest.raises(ValueError, match="no committed rows"):
        study.rerun_cell("logistic regression", "none", 7, path)
