import numpy as np
import pytest
from sklearn.model_selection import FixedThresholdClassifier, TunedThresholdClassifierCV

from utils import studies
from utils.datasets import caravan_split
from utils.models import boosted_trees
from utils.studies import caravan_thresholds as study


def test_method_lists():
    six = study.thresholds_methods()
    assert list(six)[:2] == ["mail no one", "mail everyone"]
    assert isinstance(six["logistic regression, tuned threshold (cost)"],
                      TunedThresholdClassifierCV)
    fixed = six["logistic regression, fixed threshold (cost)"]
    assert isinstance(fixed, FixedThresholdClassifier) and fixed.threshold == pytest.approx(0.1)
    eight = study.case_study_methods()
    assert set(six) < set(eight) and "boosted trees, calibrated" in eight
    # the course's one gradient-boosting configuration (chapter 5's): early stopping on
    assert eight["boosted trees"].get_params() == boosted_trees().get_params()
    assert eight["boosted trees, class weights"].early_stopping is True
    assert set(study.scoring()) == {"f1", "balanced_accuracy", "cost", "roc_auc",
                                    "average_precision", "brier", "log_loss"}


def test_cells_and_their_tables():
    cells = study.cells()
    assert len(cells) == len(study.thresholds_methods()) + 2 * len(study.case_study_methods())
    assert {study.table_of(cell) for cell in cells} == set(study.STUDY.table_names)
    assert study.table_of({"data": "test part", "method": "mail no one"}) == study.TEST_TABLE


def test_a_fold_cell_scores_every_metric_in_five_folds():
    rows = study.compute({"data": "training part", "method": "mail everyone"})
    assert set(rows["data"]) == {"training part"} and rows["fold"].nunique() == 5
    assert set(rows["metric"]) == set(study.scoring())
    assert (rows.loc[rows["metric"] == "cost", "score"] <= 0).all()


def test_a_test_cell_predicts_every_test_customer():
    _, X_test, _, y_test = caravan_split()
    fixed = study.compute({"data": "test part",
                           "method": "logistic regression, fixed threshold (cost)"})
    assert fixed["row"].tolist() == X_test.index.tolist()
    assert fixed["y_test"].tolist() == y_test.tolist()
    assert (fixed["predict"] == (fixed["proba"] >= 0.1)).all()
    assert fixed["threshold"].to_numpy() == pytest.approx(0.1)
    nobody = study.compute({"data": "test part", "method": "mail no one"})
    assert nobody["threshold"].isna().all() and (nobody["predict"] == 0).all()


def test_committed_tables_hold_every_cell():
    committed = studies.load("caravan_thresholds")
    folds, test = committed.tables[study.NAME], committed.tables[study.TEST_TABLE]
    assert set(folds.loc[folds["data"] == "all customers", "method"]) == set(
        study.thresholds_methods())
    assert set(test["method"]) == set(study.case_study_methods())
    assert len(test) == len(study.case_study_methods()) * len(caravan_split()[3])
    # A decision may flip only where its probability lies within the tolerance of its
    # threshold: a few customers of the rounding-sensitive model, none of the others.
    near = study.tolerances(test)["predict"] > 0
    assert set(test.loc[near, "method"]) <= study.ROUNDING_SENSITIVE
    assert 0 < near.sum() < 0.01 * len(test) and np.isfinite(test["proba"]).all()


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: study.compute({"data": "everyone", "method": "mail no one"}), ValueError,
     "data must be one of"),
    (lambda: study.compute({"data": "all customers", "method": "boosted trees"}), ValueError,
     "method must be one of"),
    (lambda: study.tolerances("rows"), ValueError, "rows of a caravan_thresholds table"),
])
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
