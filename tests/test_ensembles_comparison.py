import numpy as np
import pandas as pd
import pytest
from imblearn.ensemble import BalancedRandomForestClassifier, RUSBoostClassifier
from imblearn.under_sampling import NearMiss
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import f1_score

from utils import studies
from utils.reruns import compare_rerun
from utils.studies import ensembles_comparison as study


def small_data(n=400, weights=(0.9,), seed=0):
    X, y = make_classification(n_samples=n, n_features=5, weights=list(weights),
                               random_state=seed)
    return pd.DataFrame(X, columns=[f"x{i}" for i in range(5)]), y


def test_methods_are_built_as_described():
    X, _ = small_data()
    brf = study.make_ensemble("balanced random forest", X)[-1]
    assert isinstance(brf, BalancedRandomForestClassifier)
    assert (brf.sampling_strategy, brf.replacement, brf.bootstrap) == ("auto", True, False)
    boosting = study.make_ensemble("gradient boosting, balanced weights", X)[-1]
    assert isinstance(boosting, HistGradientBoostingClassifier)
    assert boosting.early_stopping is True and boosting.class_weight == "balanced"
    assert study.make_ensemble("gradient boosting", X)[-1].class_weight is None
    assert isinstance(study.make_ensemble("RUSBoost", X)[-1], RUSBoostClassifier)
    assert study.make_sampler("none") is None
    assert isinstance(study.make_resampled("NearMiss-1")[1], NearMiss)


def test_cells_cover_every_part_and_table():
    cells = study.cells(repeats=2, seed=0)
    assert cells[0] == study.STUDY.default_cell
    expected = 2 * (len(study.DATASETS) * len(study.ENSEMBLES) + len(study.RESAMPLERS)) + 1
    assert len(cells) == expected
    assert {study.table_of(cell) for cell in cells} == set(study.STUDY.table_names)


def test_tuned_thresholds_are_the_best_on_the_rows_they_were_tuned_on():
    rng = np.random.default_rng(0)
    y = (rng.random(500) < 0.1).astype(int)
    proba = np.clip(0.3 * y + rng.random(500) * 0.7, 0, 1)
    fp, fn = np.full(500, 1.0), np.full(500, 9.0)
    f1_cut, cost_cut = study.tune_thresholds(y, proba, fp, fn)
    candidates = np.r_[np.unique(proba), 1.5]
    best_f1 = max(f1_score(y, proba >= t, zero_division=0.0) for t in candidates)
    best_cost = min(study.cost_of(y, proba >= t, fp, fn) for t in candidates)
    assert f1_score(y, proba >= f1_cut) == pytest.approx(best_f1)
    assert study.cost_of(y, proba >= cost_cut, fp, fn) == pytest.approx(best_cost)
    # Costs of nine to one put the cost-optimal cut near 1/10 for calibrated scores.
    assert cost_cut < f1_cut


def test_cost_of_counts_each_error_at_its_own_price():
    y, decision = np.array([0, 0, 1, 1]), np.array([1, 0, 0, 1])
    assert study.cost_of(y, decision, [2, 3, 5, 7], [11, 13, 17, 19]) == (2 + 17) / 4


def test_reliability_counts_add_up():
    y, proba = np.array([0, 1, 1, 0, 1]), np.array([0.0, 0.05, 0.55, 0.95, 1.0])
    counts = study.reliability_counts(y, proba)
    assert sum(counts[f"bin{k}_n"] for k in range(study.N_BINS)) == 5
    assert counts["bin0_n"] == 2 and counts["bin0_pos"] == 1
    assert counts["bin9_n"] == 2 and counts["bin9_pred"] == pytest.approx(1.95)


def test_rows_per_tree_follow_each_ensembles_draw():
    X, y = small_data(n=600)
    n_min = int(y.sum())
    rows = {}
    for method in study.ENSEMBLES:
        model = study.make_ensemble(method, X).fit(X, y)
        rows[method] = study.rows_per_tree(model, len(y))
    assert rows["balanced random forest"][0] == 2 * n_min
    assert rows["EasyEnsemble"][:2] == (2 * n_min, 2 * n_min)
    assert rows["random forest"][0] == 600 and rows["random forest"][1] < 600
    assert rows["gradient boosting"][:2] == (600 - 60, 600 - 60)
    assert rows["balanced bagging"][0] < 2 * n_min + 30  # twice a bootstrap's minority
    assert rows["random forest"][2] == study.N_TREES


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: study.make_ensemble("xgboost", small_data()[0]), ValueError,
         "method must be one of"),
        (lambda: study.make_sampler("smote"), ValueError, "method must be one of"),
        (lambda: study.load("mlc_churn"), ValueError, "dataset must be one of"),
        (lambda: study.folds(-1), ValueError, "repeat == -1, must be >= 0"),
        (lambda: study.cells(0, 0), ValueError, "repeats == 0, must be >= 1"),
        (lambda: study.compute({"part": "other", "dataset": "Caravan", "method": "none",
                                "repeat": 0}), ValueError, "part must be one of"),
        (lambda: study.compute({"part": "catalogue", "dataset": "Lending Club",
                                "method": "none", "repeat": 0}), ValueError,
         "dataset must be one of"),
        (lambda: study.tune_thresholds([0, 1], [0.5], [1, 1], [1, 1]), ValueError,
         "same length"),
        (lambda: studies.run(study.STUDY, repeats=0), ValueError, "repeats == 0, must be >= 1"),
        (lambda: studies.run(study.STUDY, repeats=1, n_jobs=0), ValueError,
         "n_jobs == 0 in Parallel has no meaning"),
        (lambda: study.paired_differences([1], "Caravan", "none"), TypeError,
         "must be a DataFrame"),
        (lambda: study.tolerances([1, 2]), TypeError, "must be a DataFrame"),
    ],
)
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


def fake_table():
    rng = np.random.default_rng(0)
    rows = [{"part": "ensembles", "dataset": "Caravan", "method": m, "repeat": r, "fold": f,
             "train_rows": 4657, "test_rows": 1165}
            for m in study.ENSEMBLES for r in range(2) for f in range(study.N_SPLITS)]
    table = pd.DataFrame(rows)
    for score in study.SCORES:
        table[score] = rng.random(len(table))
    return table


def test_paired_differences_are_fold_by_fold_with_the_corrected_interval():
    from utils.comparison import corrected_t_interval

    table = fake_table()
    paired = study.paired_differences(table, "Caravan", "random forest")
    assert len(paired) == (len(study.ENSEMBLES) - 1) * len(study.SCORES)
    row = paired[(paired["method"] == "EasyEnsemble") & (paired["metric"] == "brier")].iloc[0]
    a = table.loc[table["method"] == "EasyEnsemble", "brier"].to_numpy()
    b = table.loc[table["method"] == "random forest", "brier"].to_numpy()
    expected = corrected_t_interval(a - b, n_train=4657, n_test=1165)
    assert (row["mean"], row["low"], row["high"]) == pytest.approx(
        (expected.mean, expected.low, expected.high))
    with pytest.raises(ValueError, match="reference must be one of"):
        study.paired_differences(table, "Caravan", "SMOTE")
    with pytest.raises(ValueError, match="dataset 'Lending Club' is not in the table"):
        study.paired_differences(table, "Lending Club", "random forest")


def test_scale_pos_weight_as_sample_weight_equals_class_weight():
    X, y = small_data(n=300)
    w = 7.0
    by_sample = HistGradientBoostingClassifier(max_iter=20, random_state=0).fit(
        X, y, sample_weight=np.where(y == 1, w, 1.0))
    by_class = HistGradientBoostingClassifier(max_iter=20, random_state=0,
                                              class_weight={0: 1.0, 1: w}).fit(X, y)
    np.testing.assert_allclose(by_sample.predict_proba(X), by_class.predict_proba(X),
                               rtol=0, atol=1e-12)


def test_a_cell_is_five_folds_and_reproducible():
    cell = {"part": "ensembles", "dataset": "Caravan", "method": "gradient boosting",
            "repeat": 0}
    first = study.compute(cell)
    assert list(first["fold"]) == [0, 1, 2, 3, 4]
    assert first["roc_auc"].between(0.5, 1).all() and first["brier"].between(0, 1).all()
    again = study.compute(cell)
    report = compare_rerun(again, first, study.tolerances(first))
    assert report["within"].all()


def test_committed_result_reruns_within_its_tolerances():
    committed = studies.load("ensembles_comparison")
    repeats = committed.provenance["parameters"]["repeats"]
    assert set(committed.tables) == set(study.STUDY.table_names)
    main = committed.tables["ensembles_comparison"]
    assert len(main) == repeats * len(study.DATASETS) * len(study.ENSEMBLES) * study.N_SPLITS
    weights = committed.tables["ensembles_comparison_weights"]
    assert (weights["largest_probability_difference"] == 0).all()
    check = studies.rerun("ensembles_comparison")
    assert check.within, check.failures


def test_baseline_costs_bracket_the_tuned_costs():
    table = studies.load("ensembles_comparison").tables["ensembles_comparison"]
    for dataset in study.DATASETS:
        base = study.baseline_costs(dataset, 2)
        tuned = table[table["dataset"] == dataset].groupby(["repeat", "fold"])["cost_tuned"]
        assert len(base) == 10 and (base["no_positive"] < base["all_positive"]).all()
        assert (tuned.min().to_numpy() <= base["all_positive"].to_numpy()).all()
    with pytest.raises(ValueError, match="dataset must be one of"):
        study.baseline_costs("caravan", 2)
