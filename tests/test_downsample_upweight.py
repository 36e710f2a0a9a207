import numpy as np
import pandas as pd
import pytest

from utils import studies
from utils.reruns import compare_rerun
from utils.studies import downsample_upweight as study
from utils.studies import resampling_comparison as base


def test_downsampling_keeps_every_positive_and_one_negative_in_factor():
    y = np.r_[np.zeros(95, dtype=int), np.ones(5, dtype=int)]
    kept, weights = study.downsample(y, 10, np.random.default_rng(0))
    assert (y[kept] == 1).sum() == 5 and (y[kept] == 0).sum() == 10
    assert len(np.unique(kept)) == len(kept) and np.all(np.diff(kept) > 0)
    np.testing.assert_array_equal(weights, np.where(y[kept] == 0, 10.0, 1.0))
    # the weighted negatives count as many as all the negatives (here exactly)
    assert weights[y[kept] == 0].sum() == 100
    again, _ = study.downsample(y, 10, np.random.default_rng(0))
    np.testing.assert_array_equal(kept, again)


def test_cells_are_the_repetitions_of_the_base_study():
    assert study.cells(3, 0, 10) == [{"repeat": 0}, {"repeat": 1}, {"repeat": 2}]
    assert study.STUDY.default_cell == {"repeat": 0}


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: study.downsample([0, 1, 2], 10, np.random.default_rng(0)), ValueError,
         "0/1 labels"),
        (lambda: study.downsample([0, 1], 0, np.random.default_rng(0)), ValueError,
         "factor == 0"),
        (lambda: study.cells(0, 0, 10), ValueError, "repeats == 0"),
        (lambda: study.to_long([1]), TypeError, "must be a DataFrame"),
        (lambda: study.to_long(pd.DataFrame({"a": [1]})), ValueError, "lacks the columns"),
        (lambda: study.tolerances([1]), TypeError, "must be a DataFrame"),
        (lambda: studies.run(study.STUDY, factor=1), ValueError, "factor == 1"),
    ],
)
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_all_rows_pairs_with_the_committed_comparison():
    table = studies.load("downsample_upweight").table
    comparison = studies.load("resampling_comparison").table
    ours = table[table["method"] == "all rows"].sort_values(["repeat", "fold"])
    theirs = comparison[(comparison["classifier"] == "logistic regression")
                        & (comparison["method"] == "none")].sort_values(["repeat", "fold"])
    theirs = theirs[theirs["repeat"] < ours["repeat"].max() + 1]
    for column in ("brier", "average_precision"):
        np.testing.assert_allclose(ours[column], theirs[column], rtol=1e-6)


def test_long_format_numbers_folds_across_repetitions():
    table = studies.load("downsample_upweight").table
    long = study.to_long(table)
    assert set(long["metric"]) == set(study.MEASURES)
    assert long["fold"].nunique() == table["repeat"].nunique() * study.N_SPLITS
    assert study.N_SPLITS == base.N_SPLITS


def test_rerun_of_one_cell_is_within_its_tolerances_and_catches_a_change():
    check = studies.rerun("downsample_upweight")
    assert check.within, check.failures
    tolerances = study.tolerances(check.committed)
    assert tolerances["fit_seconds"] == np.inf and tolerances["train_rows"] == "exact"
    changed = check.committed.copy()
    changed.loc[0, "brier"] *= 1 + 1e-4
    assert not compare_rerun(check.recomputed, changed, tolerances)["within"].all()
    changed = check.committed.copy()
    changed.loc[0, "train_rows"] += 1
    assert not compare_rerun(check.recomputed, changed, tolerances)["within"].all()
    # fit times are not compared: a different machine or load may change them freely
    changed = check.committed.copy()
    changed["fit_seconds"] *= 10
    assert compare_rerun(check.recomputed, changed, tolerances)["within"].all()
