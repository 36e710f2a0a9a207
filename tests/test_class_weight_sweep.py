"""Tests of the class-weight sweep: seeds, determinism, cache, pairing, planning, re-runs."""

import sys
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import balanced_accuracy_score, f1_score, precision_score, recall_score
from sklearn.tree import DecisionTreeClassifier

from utils.studies import class_weight_sweep as sim

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "build_tools"))
from bench_simulation import author_design  # noqa: E402

# Well-separated classes fit fastest; two weights are enough for a contrast.
SEPS = [1.5, 3.0]
ALPHAS = [1.0, 10.0]


@pytest.fixture(scope="module")
def small_run():
    return sim.run_sweep(SEPS, ALPHAS, 4, seed=7, cache=False)


# ---------------------------------------------------------------------------------------------
# Seeds and determinism
# ---------------------------------------------------------------------------------------------


def test_seeds_are_deterministic_distinct_and_position_free():
    a = sim.repetition_seeds(1, 0.5, 3)
    assert a == sim.repetition_seeds(1, 0.5, 3)
    assert len(set(a)) == 3 and all(0 <= s < 2**32 for s in a)
    others = {sim.repetition_seeds(1, 0.5, 4), sim.repetition_seeds(1, 0.51, 3),
              sim.repetition_seeds(2, 0.5, 3)}
    assert a not in others and len(others) == 3


def test_same_seed_same_numbers(small_run):
    again = sim.run_sweep(SEPS, ALPHAS, 4, seed=7, cache=False)
    pd.testing.assert_frame_equal(small_run, again, check_exact=True)
    other = sim.run_sweep(SEPS, ALPHAS, 1, seed=8, cache=False)
    assert not np.array_equal(small_run.query("repetition == 0")["f1"], other["f1"])


def test_results_do_not_depend_on_workers_chunking_or_grid_order(small_run):
    # Threads keep the test fast; any joblib backend takes the same path.
    with joblib.parallel_config(backend="threading"):
        shuffled = sim.run_sweep(SEPS[::-1], ALPHAS[::-1], 4, seed=7, n_jobs=2,
                                 cache=False, block_size=3)
    pd.testing.assert_frame_equal(small_run, shuffled, check_exact=True)


def test_short_runs_are_prefixes_and_subsets_of_long_ones(small_run):
    short = sim.run_sweep([3.0], [10.0], 2, seed=7, cache=False)
    expected = small_run.query("class_sep == 3.0 and alpha == 10.0 and repetition < 2")
    pd.testing.assert_frame_equal(short, expected.reset_index(drop=True), check_exact=True)


def test_output_layout(small_run):
    assert list(small_run.columns) == sim._RESULT_COLUMNS
    assert len(small_run) == len(SEPS) * len(ALPHAS) * 4
    assert small_run["n_test_pos"].gt(0).all()
    assert small_run["f1"].between(0, 1).all()


# ---------------------------------------------------------------------------------------------
# Cache
# ---------------------------------------------------------------------------------------------


def test_second_call_loads_from_cache(tmp_path, small_run):
    first = sim.run_sweep(SEPS, ALPHAS, 4, seed=7, cache=tmp_path, block_size=2)
    assert first.attrs["blocks_computed"] == 4 and first.attrs["blocks_cached"] == 0
    second = sim.run_sweep(SEPS, ALPHAS, 4, seed=7, cache=tmp_path, block_size=2)
    assert second.attrs["blocks_cached"] == 4 and second.attrs["blocks_computed"] == 0
    pd.testing.assert_frame_equal(first, second, check_exact=True)
    pd.testing.assert_frame_equal(first, small_run, check_exact=True)
    # The compute time travels with cached blocks.
    assert second.attrs["compute_seconds"] == pytest.approx(first.attrs["compute_seconds"])
    # A longer run reuses the aligned blocks and computes only the new ones.
    longer = sim.run_sweep(SEPS, ALPHAS, 5, seed=7, cache=tmp_path, block_size=2)
    assert longer.attrs["blocks_cached"] == 4 and longer.attrs["blocks_computed"] == 2
    # Another seed is another key.
    other = sim.run_sweep(SEPS, ALPHAS, 2, seed=8, cache=tmp_path, block_size=2)
    assert other.attrs["blocks_cached"] == 0


# ---------------------------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------------------------


def test_scores_match_scikit_learn():
    rng = np.random.default_rng(0)
    y = (rng.random(500) < 0.05).astype(int)
    pred = np.where(rng.random(500) < 0.8, y, 1 - y)
    s = sim.score_predictions(y, pred)
    assert s["f1"] == pytest.approx(f1_score(y, pred))
    assert s["precision"] == pytest.approx(precision_score(y, pred))
    assert s["recall"] == pytest.approx(recall_score(y, pred))
    assert s["tnr"] == pytest.approx(recall_score(y, pred, pos_label=0))
    assert s["balanced_accuracy"] == pytest.approx(balanced_accuracy_score(y, pred))
    assert s["n_pred_pos"] == pred.sum() and s["n_test_pos"] == y.sum()


def test_no_predicted_positive_scores_zero():
    y = np.array([0, 0, 1, 0])
    s = sim.score_predictions(y, np.zeros(4, dtype=int))
    assert s["f1"] == 0.0 and s["precision"] == 0.0 and s["n_pred_pos"] == 0


# ---------------------------------------------------------------------------------------------
# Summaries, pairing and planning
# ---------------------------------------------------------------------------------------------


def test_summary_contrasts(small_run):
    s = sim.summarise(small_run)
    assert len(s) == 4 and s["n_reps"].eq(4).all()
    base = s[s["alpha"] == 1.0]
    assert base["mean_contrast"].eq(0).all() and base["se_contrast"].eq(0).all()
    for cs in SEPS:
        cell = s[(s["class_sep"] == cs) & (s["alpha"] == 10.0)].iloc[0]
        f1 = small_run[small_run["class_sep"] == cs].pivot(index="repetition", columns="alpha",
                                                           values="f1")
        diff = f1[10.0] - f1[1.0]
        assert cell["mean_contrast"] == pytest.approx(diff.mean())
        assert cell["se_contrast"] == pytest.approx(diff.std(ddof=1) / 2)
        assert cell["target_se"] == pytest.approx(
            np.sqrt(f1[10.0].var(ddof=1) + f1[1.0].var(ddof=1)) / np.sqrt(1000))


def test_paired_and_unpaired_designs_agree():
    # Same expected contrast, estimated from shared datasets and from the post's
    # independent ones (the benchmark's loop).
    paired = sim.summarise(sim.run_sweep([3.0], [1.0, 100.0], 24, seed=3, cache=False)).iloc[1]
    f1 = author_design([3.0], [1.0, 100.0], 24, seed=3).groupby("positive_weight")["f1"]
    unpaired_contrast = f1.mean()[100.0] - f1.mean()[1.0]
    unpaired_se = np.sqrt((f1.var(ddof=1) / f1.size()).sum())
    assert abs(paired["mean_contrast"] - unpaired_contrast) <= 3 * np.hypot(
        paired["se_contrast"], unpaired_se)
    # Pairing is what buys the precision.
    assert paired["se_contrast"] < unpaired_se


def _synthetic_pilot(n=40):
    rng = np.random.default_rng(0)
    base = rng.normal(0.5, 0.1, n)
    noise = rng.normal(0, 0.05, n)
    rows = [(2.0, 1.0, r, base[r]) for r in range(n)] + [(2.0, 5.0, r, base[r] + noise[r])
                                                         for r in range(n)]
    ratio = noise.var(ddof=1) / ((base + noise).var(ddof=1) + base.var(ddof=1))
    return pd.DataFrame(rows, columns=["class_sep", "alpha", "repetition", "f1"]), ratio


def test_plan_follows_the_variance_ratio():
    pilot, ratio = _synthetic_pilot()
    plan = sim.plan_repetitions(pilot, margin=1.0, floor=2, multiple=1).set_index("alpha")
    assert plan.loc[5.0, "var_ratio"] == pytest.approx(ratio)
    assert plan.loc[5.0, "planned_reps"] == int(np.ceil(1000 * ratio))
    # The baseline takes part in every contrast: it gets the most repetitions.
    assert plan.loc[1.0, "var_ratio"] == 0 and plan.loc[1.0, "planned_reps"] == int(
        np.ceil(1000 * ratio))
    padded = sim.plan_repetitions(pilot, margin=1.25, floor=30, multiple=10)
    assert padded["planned_reps"].eq(max(30, 10 * int(np.ceil(1250 * ratio / 10)))).all()
    # By default no cell gets fewer repetitions than the pilot already has.
    assert sim.plan_repetitions(pilot, margin=1.0)["planned_reps"].min() >= 40


def test_plan_per_class_sep_takes_the_worst_alpha(small_run):
    per_cell = sim.plan_repetitions(small_run, floor=2, multiple=1)
    per_sep = sim.plan_repetitions(small_run, per="class_sep", floor=2, multiple=1)
    worst = per_cell.groupby("class_sep")["planned_reps"].transform("max")
    assert per_sep["planned_reps"].tolist() == worst.tolist()


def test_planned_reps_meet_the_target_on_the_pilot(small_run):
    plan = sim.plan_repetitions(small_run, floor=2, multiple=1, margin=1.0)
    s = sim.summarise(small_run).merge(plan, on=["class_sep", "alpha"])
    s = s[s["alpha"] != 1.0]
    # The SE the planned reps would give, from the same variance estimates.
    se_planned = s["se_contrast"] * np.sqrt(4 / s["planned_reps"])
    assert (se_planned <= s["target_se"] * (1 + 1e-9)).all()


def test_per_cell_repetitions(small_run):
    table = pd.DataFrame({"class_sep": [1.5, 1.5, 3.0, 3.0], "alpha": [1.0, 10.0, 1.0, 10.0],
                          "planned_reps": [4, 2, 3, 3]})
    df = sim.run_sweep(SEPS, ALPHAS, table, seed=7, cache=False, block_size=2)
    counts = df.groupby(["class_sep", "alpha"]).size().to_dict()
    assert counts == {(1.5, 1.0): 4, (1.5, 10.0): 2, (3.0, 1.0): 3, (3.0, 10.0): 3}
    # Same numbers as the uniform run: every fit depends only on its own seeds.
    keys = ["class_sep", "alpha", "repetition"]
    merged = df.merge(small_run, on=keys, suffixes=("", "_all"))
    assert len(merged) == len(df) and (merged["f1"] == merged["f1_all"]).all()
    # A cell is paired with the baseline on its own repetitions only.
    s = sim.summarise(df).set_index(["class_sep", "alpha"])
    wide = small_run[small_run["class_sep"] == 1.5].pivot(index="repetition", columns="alpha",
                                                          values="f1")
    assert s.loc[(1.5, 10.0), "n_reps"] == 2
    assert s.loc[(1.5, 10.0), "mean_contrast"] == pytest.approx(
        (wide[10.0] - wide[1.0])[:2].mean())


def test_blocks_are_cut_where_an_alpha_stops():
    blocks = sim._blocks({1.0: {1.0: 25, 3.0: 12, 9.0: 25}}, 10)
    assert blocks == [(1.0, [1.0, 3.0, 9.0], 0, 10), (1.0, [1.0, 3.0, 9.0], 10, 12),
                      (1.0, [1.0, 9.0], 12, 20), (1.0, [1.0, 9.0], 20, 25)]


def test_top_up_grows_only_the_cells_that_miss_the_target():
    summary = pd.DataFrame({
        "class_sep": [1.0, 1.0, 1.0], "alpha": [1.0, 3.0, 9.0], "n_reps": [50, 50, 50],
        "mean_contrast": [0.0, 0.01, 0.02], "se_contrast": [0.0, 0.010, 0.020],
        "target_se": [0.01, 0.011, 0.010], "meets_target": [True, True, False]})
    more = sim.top_up_repetitions(summary, safety=1.0)
    # 50 * (0.020 / 0.010)**2 = 200; the baseline follows the longest cell.
    assert more["planned_reps"].tolist() == [200, 50, 200]
    per_sep = sim.top_up_repetitions(summary, per="class_sep", safety=1.0)
    assert per_sep["planned_reps"].tolist() == [200, 200, 200]
    done = sim.top_up_repetitions(summary.assign(meets_target=True))
    assert done["planned_reps"].tolist() == [50, 50, 50]


def test_run_to_target_meets_the_target_and_matches_a_direct_run(tmp_path):
    # A 20-repetition reference keeps the test small; the logic is the same as for 1000.
    df, rounds = sim.run_to_target([3.0], [1.0, 10.0], pilot_reps=10, author_repetitions=20,
                                   seed=11, cache=tmp_path)
    s = sim.summarise(df, author_repetitions=20)
    assert s["meets_target"].all()
    direct = sim.run_sweep([3.0], [1.0, 10.0], rounds[-1], seed=11, cache=False)
    pd.testing.assert_frame_equal(df, direct, check_exact=True)
    assert rounds[0]["pilot_reps"].eq(10).all()


# ---------------------------------------------------------------------------------------------
# A cell of the summary, replayed
# ---------------------------------------------------------------------------------------------


def test_a_cell_replays_its_repetitions_exactly(small_run):
    expected = sim.summarise(small_run).query("class_sep == 3.0 and alpha == 10.0")
    row = sim.compute({"class_sep": 3.0, "alpha": 10.0}, seed=7, n_reps=4)
    pd.testing.assert_frame_equal(row.drop(columns="seed"), expected.reset_index(drop=True),
                                  check_exact=True)
    assert row["seed"].tolist() == [7]
    committed = row.assign(n_reps=4)
    pd.testing.assert_frame_equal(sim.recompute({"class_sep": 3.0, "alpha": 10.0}, committed,
                                                seed=7), row, check_exact=True)


def test_committed_summary_and_its_provenance():
    from utils import studies

    committed = studies.load("class_weight_sweep")
    summary, provenance = committed.table, committed.provenance
    assert provenance["outcome"]["total_fits"] == summary["n_reps"].sum()
    assert summary["seed"].eq(provenance["parameters"]["seed"]).all()
    assert len(summary) == len(sim.cells(**provenance["parameters"]))


# ---------------------------------------------------------------------------------------------
# Threshold shift or splits?
# ---------------------------------------------------------------------------------------------


def test_pure_leaf_fraction():
    X_train, _, y_train, _ = sim.make_dataset(1.0, 0, 0)
    full = DecisionTreeClassifier(random_state=0).fit(X_train, y_train)
    assert sim.pure_leaf_fraction(full) == 1.0
    # With weights the Gini of a pure leaf may round to 1e-16: purity must not depend on it.
    weighted = sim.fit_weighted_tree(X_train, y_train, 1.5085907503182, 0)
    assert sim.pure_leaf_fraction(weighted) == 1.0
    stump = DecisionTreeClassifier(max_depth=2, random_state=0).fit(X_train, y_train)
    assert sim.pure_leaf_fraction(stump) < 1.0
    with pytest.raises(TypeError, match="fitted DecisionTreeClassifier"):
        sim.pure_leaf_fraction(DecisionTreeClassifier())


def test_weights_act_through_splits_not_thresholds():
    d = sim.tree_diagnostics([3.0], [1.0, 100.0], 2, seed=1)
    assert d["frac_pure_leaves"].eq(1.0).all()
    assert d["frac_test_proba_fractional"].eq(0.0).all()
    assert d["frac_changed_by_threshold"].eq(0.0).all()
    assert d.loc[d["alpha"] == 1.0, "frac_changed_by_weight"].eq(0.0).all()


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------

BAD_SWEEPS = [
    ({"class_seps": [1.0, np.nan]}, ValueError, "class_seps contains NaN"),
    ({"class_seps": [0.0]}, ValueError, "class_seps must be > 0"),
    ({"class_seps": [1.0, 1.0]}, ValueError, "class_seps must not contain duplicates"),
    ({"class_seps": []}, ValueError, "class_seps must not be empty"),
    ({"class_seps": "1.0"}, TypeError, "class_seps must be a sequence of numbers"),
    ({"class_seps": [1.0, "2"]}, TypeError, "class_seps must contain only real numbers"),
    ({"class_seps": [np.inf]}, ValueError, "class_seps must be finite"),
    ({"alphas": [-1.0]}, ValueError, "alphas must be > 0"),
    ({"alphas": [True]}, TypeError, "alphas must contain only real numbers"),
    ({"repetitions": 0}, ValueError, "repetitions == 0, must be >= 1"),
    ({"repetitions": 2.5}, TypeError, "repetitions must be an instance of int, not float"),
    ({"repetitions": True}, TypeError, "repetitions must be a number, not bool"),
    ({"repetitions": [1]}, TypeError, "repetitions must be an instance of int, not list"),
    ({"seed": -1}, ValueError, "seed == -1, must be >= 0"),
    ({"seed": 1.5}, TypeError, "seed must be an instance of int, not float"),
    ({"n_jobs": 0}, ValueError, "n_jobs == 0 in Parallel has no meaning"),
    ({"n_jobs": "2"}, TypeError, "n_jobs must be an instance of int, not str"),
    ({"block_size": 0}, ValueError, "block_size == 0, must be >= 1"),
    ({"cache": 123}, TypeError, "cache must be True, False or a directory"),
]


@pytest.mark.parametrize(("kwargs", "error", "message"), BAD_SWEEPS)
def test_bad_sweep_arguments(kwargs, error, message):
    args = {"class_seps": [1.0], "alphas": [1.0], "repetitions": 1, "cache": False} | kwargs
    with pytest.raises(error, match=message):
        sim.run_sweep(**args)


def test_bad_summary_and_plan_inputs(small_run):
    with pytest.raises(TypeError, match="expected a pandas DataFrame"):
        sim.summarise(small_run.to_dict())
    with pytest.raises(ValueError, match="lack the columns"):
        sim.summarise(small_run.drop(columns="f1"))
    with pytest.raises(ValueError, match="baseline_alpha=2.0 is not among"):
        sim.summarise(small_run, baseline_alpha=2.0)
    with pytest.raises(ValueError, match="missing at the baseline"):
        sim.summarise(small_run.drop(index=0))
    with pytest.raises(ValueError, match="at least 2 repetitions"):
        sim.plan_repetitions(small_run[small_run["repetition"] == 0])
    with pytest.raises(ValueError, match="per must be 'cell' or 'class_sep'"):
        sim.plan_repetitions(small_run, per="alpha")
    with pytest.raises(ValueError, match="no entry for class_sep=3.0, alpha=10.0"):
        sim.run_sweep([3.0], [1.0, 10.0], pd.DataFrame(
            {"class_sep": [3.0], "alpha": [1.0], "planned_reps": [2]}), cache=False)
    with pytest.raises(ValueError, match="margin == 0.5, must be >= 1"):
        sim.plan_repetitions(small_run, margin=0.5)

