import pandas as pd
import pytest

from utils import smote_leak


@pytest.fixture(scope="module")
def seed_zero():
    return pd.DataFrame(smote_leak.smote_experiment(0))


def test_one_seed_gives_one_row_per_model(seed_zero):
    assert list(seed_zero["model"]) == list(smote_leak.MODELS)
    assert list(seed_zero.columns) == ["seed", "model", *smote_leak.SCORES]
    scores = seed_zero.set_index("model")
    # The leak is large, the honest score near zero, and the test set half synthetic.
    assert (scores["leaky F1"] > 0.4).all() and (scores["honest F1"] < 0.2).all()
    assert (scores["leaky test prevalence"].between(0.45, 0.55)).all()
    assert (scores["synthetic share of leaky test positives"] > 0.9).all()


def test_run_is_deterministic_and_cached(tmp_path, seed_zero):
    first = smote_leak.run(1, cache=tmp_path)
    again = smote_leak.run(1, cache=tmp_path)
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(first, seed_zero)
    assert any(tmp_path.rglob("*.pkl"))


def test_save_and_load_round_trip(tmp_path, seed_zero):
    path = tmp_path / "runs.csv"
    smote_leak.save_runs(seed_zero, path)
    assert path.read_text().startswith("# Written by `python -m utils.smote_leak`")
    pd.testing.assert_frame_equal(smote_leak.load_runs(path), seed_zero, check_dtype=False)


def test_committed_results_match_the_code(seed_zero):
    committed = smote_leak.load_runs()
    assert sorted(committed["seed"].unique()) == list(range(smote_leak.DEFAULT_SEEDS))
    first = committed[committed["seed"] == 0].reset_index(drop=True)
    pd.testing.assert_frame_equal(first, seed_zero, check_dtype=False, rtol=1e-8)


def test_command_line_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        smote_leak.main(["--help"])
    assert exit_info.value.code == 0
    assert "SMOTE before the split" in capsys.readouterr().out


def test_command_line_writes_the_summary(tmp_path):
    output = tmp_path / "out.csv"
    assert smote_leak.main(["--seeds", "1", "--n-jobs", "1", "--output", str(output),
                            "--no-cache"]) == 0
    assert len(smote_leak.load_runs(output)) == len(smote_leak.MODELS)


@pytest.mark.parametrize("call, error, message", [
    (lambda: smote_leak.smote_experiment(-1), ValueError, "seed == -1, must be >= 0"),
    (lambda: smote_leak.smote_experiment(1.5), TypeError,
     "seed must be an instance of int, not float"),
    (lambda: smote_leak.smote_experiment(True), TypeError, "seed must be a number, not bool"),
    (lambda: smote_leak.run(0), ValueError, "n_seeds == 0, must be >= 1"),
    (lambda: smote_leak.run("3"), TypeError, "n_seeds must be an instance of int, not str"),
    (lambda: smote_leak.run(1, cache=3), TypeError, "cache must be True, False or a dir"),
    (lambda: smote_leak.load_runs("/nonexistent/runs.csv"), FileNotFoundError,
     "python -m utils.smote_leak"),
    (lambda: smote_leak.save_runs("runs"), TypeError, "runs must be a DataFrame"),
    (lambda: smote_leak.save_runs(pd.DataFrame({"seed": [0]})), ValueError, "lack the columns"),
])
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
