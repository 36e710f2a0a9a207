import numpy as np
import pytest

from utils import studies
from utils.reruns import RTOL, compare_rerun
from utils.studies import ranking_after_balancing as study


def test_cells_cover_both_classifiers_and_every_method():
    cells = study.cells(repeats=2, seed=0)
    assert len(cells) == 2 * len(study.CLASSIFIERS) * len(study.METHODS)
    assert cells[0] == study.STUDY.default_cell


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: study.compute({"classifier": "gradient boosting", "method": "ENN cleaning",
                                "repeat": 0}), ValueError, "method must be one of"),
        (lambda: study.cells(0, 0), ValueError, "repeats == 0"),
        (lambda: study.tolerances([1]), TypeError, "must be a DataFrame"),
    ],
)
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_committed_average_precision_is_the_main_study_s():
    table = studies.load("ranking_after_balancing").table
    main = studies.load("resampling_comparison").table
    keys = ["classifier", "method", "repeat", "fold"]
    merged = table.merge(main[keys + ["average_precision"]], on=keys, suffixes=("", "_main"))
    assert len(merged) == len(table)
    # Equal within each row's re-run tolerance: rounding moves the logistic regression's
    # solver after resampling, and the main study was written on another machine.
    allowed = study.tolerances(merged)["average_precision"]
    difference = (merged["average_precision"] - merged["average_precision_main"]).abs()
    assert (difference <= allowed).all()
    boosting = merged["classifier"] == "gradient boosting"
    np.testing.assert_allclose(merged.loc[boosting, "average_precision"],
                               merged.loc[boosting, "average_precision_main"], rtol=RTOL)
    assert table["roc_auc"].between(0.5, 1).all()


def test_rerun_of_one_cell_is_within_tolerance_and_a_perturbation_is_not():
    check = studies.rerun("ranking_after_balancing", study.STUDY.default_cell)
    assert check.within, check.failures
    perturbed = check.committed.copy()
    perturbed.loc[1, "roc_auc"] *= 1 + 3 * RTOL
    report = compare_rerun(check.recomputed, perturbed, study.tolerances(check.committed))
    assert not report.loc["roc_auc", "within"]
