import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE, SMOTEN, SMOTENC
from imblearn.pipeline import Pipeline
from sklearn.model_selection import TunedThresholdClassifierCV

from utils import studies
from utils.datasets import load_caravan
from utils.reruns import SOLVER_RTOL, compare_rerun
from utils.studies import resampling_comparison as base
from utils.studies import smote_variants as study


def test_new_arms_are_built_on_the_base_pipelines():
    X, _ = load_caravan()
    nc = study.make_method("gradient boosting", "SMOTENC", X.columns)
    assert isinstance(nc, Pipeline) and isinstance(nc[1], SMOTENC)
    assert [X.columns[i] for i in nc[1].categorical_features] == list(study.NOMINAL)
    assert isinstance(study.make_method("logistic regression", "SMOTEN", X.columns)[-2],
                      SMOTEN)
    rounded = study.make_method("gradient boosting", "SMOTE, rounded", X.columns)
    assert isinstance(rounded[1], study.RoundedSMOTE) and isinstance(rounded[1], SMOTE)
    tuned = study.make_method("gradient boosting", "SMOTE, threshold for F1", X.columns)
    assert isinstance(tuned, TunedThresholdClassifierCV) and tuned.scoring == "f1"
    assert tuned.cv.random_state == base.MODEL_SEED
    assert type(tuned.estimator[1]) is SMOTE


def test_cells_pair_with_the_base_study():
    cells = study.cells(repeats=2, seed=0, classifiers="both")
    assert len(cells) == 2 * len(study.CLASSIFIERS) * len(study.METHODS)
    assert cells[0]["repeat"] == 0 and {c["repeat"] for c in cells} == {0, 1}
    assert study.cells(1, 0, "gradient boosting")[0]["classifier"] == "gradient boosting"


def test_snapping_moves_values_to_the_nearest_observed_one():
    observed = np.array([[0.0, 1.0], [2.0, 1.0], [5.0, 1.0]])
    synthetic = np.array([[0.9, 1.3], [1.0, 0.0], [4.0, 7.0], [-3.0, 1.0]])
    expected = np.array([[0.0, 1.0], [0.0, 1.0], [5.0, 1.0], [0.0, 1.0]])
    np.testing.assert_array_equal(study.snap_to_observed(synthetic, observed), expected)


def test_rounded_smote_keeps_real_rows_and_rounds_synthetic_ones():
    rng = np.random.default_rng(0)
    X = rng.integers(0, 5, size=(60, 3)).astype(float)
    y = np.r_[np.zeros(50, dtype=int), np.ones(10, dtype=int)]
    X_res, y_res = study.RoundedSMOTE(random_state=0).fit_resample(X, y)
    X_raw, y_raw = SMOTE(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(y_res, y_raw)
    np.testing.assert_array_equal(X_res[:60], X)
    assert np.array_equal(X_res[60:], np.round(X_res[60:]))
    assert not np.array_equal(X_raw[60:], np.round(X_raw[60:]))


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: study.make_method("svm", "SMOTEN", ["MOSTYPE", "MOSHOOFD"]), ValueError,
         "classifier must be one of"),
        (lambda: study.make_method("gradient boosting", "SMOTE", ["MOSTYPE", "MOSHOOFD"]),
         ValueError, "method must be one of"),
        (lambda: study.nominal_indices(["a", "MOSTYPE"]), ValueError, "lack the nominal"),
        (lambda: study.cells(0, 0, "both"), ValueError, "repeats == 0"),
        (lambda: study.snap_to_observed(np.ones((2, 2)), np.ones((2, 3))), ValueError,
         "same number of columns"),
        (lambda: study.tolerances([1]), TypeError, "must be a DataFrame"),
    ],
)
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_committed_result_pairs_with_resampling_comparison():
    committed = studies.load("smote_variants")
    table, provenance = committed.table, committed.provenance
    base_table = studies.load("resampling_comparison").table
    repeats = provenance["parameters"]["repeats"]
    assert len(table) == len(study.cells(repeats, 0, "both")) * study.N_SPLITS
    assert set(table["repeat"]) <= set(base_table["repeat"])
    assert provenance["command"].startswith("python -m utils.studies smote_variants run")


def test_rerun_of_one_cell_is_within_tolerance_and_a_perturbation_is_not():
    check = studies.rerun("smote_variants", study.STUDY.default_cell)
    assert check.within, check.failures
    tolerances = study.tolerances(check.committed)
    perturbed = check.committed.copy()
    perturbed.loc[1, "brier"] += 1.5 * np.broadcast_to(tolerances["brier"], len(perturbed))[1]
    assert not compare_rerun(check.recomputed, perturbed, tolerances).loc["brier", "within"]
    perturbed = check.committed.copy()
    perturbed.loc[2, "f1"] += 1.5 * np.broadcast_to(tolerances["f1"], len(perturbed))[2] + 1e-9
    assert not compare_rerun(check.recomputed, perturbed, tolerances).loc["f1", "within"]
    assert isinstance(check.report, pd.DataFrame)


def test_logistic_regression_rows_get_the_solver_tolerance():
    committed = studies.load("smote_variants").table
    rows = committed[(committed["repeat"] == 0) & (committed["method"] == "SMOTEN")]
    tolerances = study.tolerances(rows.reset_index(drop=True))
    logistic = (rows["classifier"] == "logistic regression").to_numpy()
    brier = np.asarray(tolerances["brier"])
    np.testing.assert_allclose(brier[logistic],
                               SOLVER_RTOL * rows["brier"].to_numpy()[logistic], rtol=1e-6)
    assert (brier[~logistic] < brier[logistic]).all()
