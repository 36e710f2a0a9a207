import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import Pipeline
from sklearn.model_selection import TunedThresholdClassifierCV

from utils import studies
from utils.prior_shift import PriorShiftCorrected
from utils.studies import resampling_comparison as study


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


def test_cells_cover_every_classifier_method_and_repetition():
    cells = study.cells(repeats=2, seed=0)
    expected = 2 * sum(len(study.methods_for(c)) for c in study.CLASSIFIERS)
    assert len(cells) == expected and cells[0] == study.STUDY.default_cell


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
        (lambda: studies.run(study.STUDY, repeats=0), ValueError, "repeats == 0, must be >= 1"),
        (lambda: studies.run(study.STUDY, repeats=1, n_jobs=0), ValueError,
         "n_jobs == 0 in Parallel has no meaning"),
        (lambda: studies.run(study.STUDY, repeats=1, n_jobs=1.5), TypeError,
         "n_jobs must be an instance of int, not float"),
        (lambda: study.to_long(pd.DataFrame({"a": [1]}), "gradient boosting"), ValueError,
         "lack the columns"),
        (lambda: study.tolerances([1, 2]), TypeError, "must be a DataFrame"),
    ],
)
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_a_cell_is_five_folds_of_every_metric_and_reproducible():
    cell = study.compute(study.STUDY.default_cell)
    assert list(cell.columns) == study._KEY_COLUMNS + list(study.METRICS)
    assert list(cell["fold"]) == [0, 1, 2, 3, 4]
    assert cell["brier"].between(0, 1).all() and cell["f1"].between(0, 1).all()
    again = study.compute(study.STUDY.default_cell)
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
        frame[metric] = rng.random(len(frame)) / 3
    return frame


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


def test_committed_result_and_its_provenance():
    committed = studies.load("resampling_comparison")
    provenance = committed.provenance
    repeats = provenance["parameters"]["repeats"]
    assert committed.table["repeat"].nunique() == repeats
    assert len(committed.table) == len(study.cells(repeats, 0)) * study.N_SPLITS
    assert provenance["converted_from"]["command"].startswith("python -m utils.resampling_study")
