"""The studies' scaffold: cache, parallel runs, files and provenance, re-runs, command line."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest

from utils import studies
from utils.studies import scaffold
from utils.studies.__main__ import main

ROOT = Path(__file__).resolve().parent.parent
SMOTE = "smote_before_split"


@pytest.fixture(scope="module")
def one_seed(tmp_path_factory):
    """A one-seed run of the cheapest study, saved in a folder of its own."""
    folder = tmp_path_factory.mktemp("results")
    result = studies.run(SMOTE, seeds=1, cache=False)
    studies.save(result, folder)
    return result, folder


def test_every_study_is_declared_and_named_for_its_result():
    for name in studies.NAMES:
        study = studies.get(name)
        assert study.name == name and study.description
        assert set(study.default_cell) <= set(studies.load(name).tables[
            study.table_for(study.default_cell)].columns)
    with pytest.raises(ValueError, match="study must be one of"):
        studies.get("simulation")


def test_provenance_records_command_seeds_parameters_versions_machine_and_time(one_seed):
    result, _ = one_seed
    provenance = result.provenance
    assert provenance["command"] == (
        "python -m utils.studies smote_before_split run --seeds 1 --n-jobs 1")
    assert provenance["parameters"] == {"seeds": 1}
    assert "random_state=42" in provenance["seeds"]
    assert provenance["versions"] == scaffold.library_versions()
    assert {"platform", "processor", "cpu_count", "load_average_at_end"} <= set(
        provenance["machine"])
    assert provenance["wall_time_s"] >= 0 and provenance["n_jobs"] == 1
    for name in studies.NAMES:  # every committed result records the same fields
        committed = studies.load(name).provenance
        assert set(provenance) <= set(committed), name
        assert committed["command"].startswith(f"python -m utils.studies {name} run")


def test_tables_read_back_bit_for_bit_with_their_types(tmp_path):
    rng = np.random.default_rng(0)
    table = pd.DataFrame({
        "name": ["a", "b", "c", "d"], "count": [1, 2, 3, 4],
        "maybe": pd.array([1, None, 3, None], dtype="Int64"), "flag": [True, False, True, True],
        "value": rng.random(4) / 3, "tiny": rng.random(4) * 1e-300, "nan": [np.nan, 1.0, 2.0, 3],
    })
    study = studies.get(SMOTE)
    provenance = {"tables": scaffold._table_entries({SMOTE: table})}
    scaffold.save(scaffold.Result(SMOTE, {SMOTE: table}, provenance), tmp_path)
    back = studies.load(study, tmp_path).table
    pd.testing.assert_frame_equal(back, table.astype({"name": "str"}), check_exact=True)
    for column in ("value", "tiny"):
        assert np.array_equal(back[column].to_numpy().view(np.int64),
                              table[column].to_numpy().view(np.int64))
    (tmp_path / f"{SMOTE}.csv").write_text("name,count\n")
    with pytest.raises(ValueError, match="holds 0 rows, its provenance 4"):
        studies.load(study, tmp_path)
    with pytest.raises(FileNotFoundError, match="python -m utils.studies smote_before_split run"):
        studies.load(study, tmp_path / "nowhere")
    with pytest.raises(TypeError, match="result must be a Result"):
        studies.save(table, tmp_path)


def test_numbers_do_not_depend_on_workers_and_the_cache_reuses_cells(one_seed, tmp_path):
    result, _ = one_seed
    with joblib.parallel_config(backend="threading"):
        two = studies.run(SMOTE, seeds=2, n_jobs=2, cache=tmp_path)
    pd.testing.assert_frame_equal(two.table.iloc[:3], result.table, check_exact=True)
    study = studies.get(SMOTE)
    cached = scaffold.cached(study, study.compute, tmp_path)
    # seeds only sizes the run: a cell's key is the cell, its parameters and the versions
    assert cached.in_cache({"seed": 1}) and not cached.in_cache({"seed": 2})
    assert not scaffold.cached(study, study.compute, False).in_cache({"seed": 1})


def test_cache_key_holds_library_versions(tmp_path, monkeypatch):
    study = studies.get(SMOTE)
    scaffold.cached(study, study.compute, tmp_path)({"seed": 0})
    assert scaffold.cached(study, study.compute, tmp_path).in_cache({"seed": 0})
    upgraded = {**scaffold.library_versions(), "scikit-learn": "99.0"}
    monkeypatch.setattr(scaffold, "library_versions", lambda: upgraded)
    assert not scaffold.cached(study, study.compute, tmp_path).in_cache({"seed": 0})
    assert scaffold.CACHE_DIR == ROOT / "utils" / "_cache"


def test_rerun_compares_a_committed_cell_and_catches_a_change(one_seed, tmp_path):
    result, folder = one_seed
    check = studies.rerun(SMOTE, folder=folder)
    assert check.within and check.failures == "" and check.cell == {"seed": 0}
    pd.testing.assert_frame_equal(check.recomputed, check.committed, check_exact=True)
    changed = result.table.copy()
    changed.loc[0, "leaky test prevalence"] *= 1.001
    studies.save(scaffold.Result(SMOTE, {SMOTE: changed}, result.provenance), tmp_path)
    check = studies.rerun(SMOTE, {"seed": "0"}, folder=tmp_path)
    assert not check.within and "leaky test prevalence" in check.failures


@pytest.mark.parametrize(("cell", "message"), [
    ({"repeat": 0}, "named by classifier, method, repeat; got repeat"),
    ({"classifier": "svm", "method": "none", "repeat": 0}, "no committed rows"),
    ({"classifier": "logistic regression", "method": "none", "repeat": "x"},
     "repeat must be an integer"),
    ("none", "cell must be a dict"),
])
def test_a_bad_cell_is_named(cell, message):
    with pytest.raises((ValueError, TypeError), match=message):
        scaffold.committed_cell("resampling_comparison", cell)


def test_a_float_names_the_nearest_committed_value():
    cell, committed, parameters = scaffold.committed_cell(
        "class_weight_sweep", {"class_sep": "2.79", "alpha": "3.43"})
    assert cell["alpha"] == pytest.approx(10 ** (2.5 * 3 / 14)) and len(committed) == 1
    assert parameters == {"seed": 20250505}
    with pytest.raises(ValueError, match="alpha=7.0 is not a committed value"):
        scaffold.committed_cell("class_weight_sweep", {"class_sep": 2.79, "alpha": 7})


@pytest.mark.parametrize(("parameters", "error", "message"), [
    ({"seeds": 0}, ValueError, "seeds == 0, must be >= 1"),
    ({"seeds": 1.0}, TypeError, "seeds must be an instance of int, not float"),
    ({"repeats": 2}, ValueError, "has no parameter 'repeats'"),
])
def test_bad_parameters_are_named(parameters, error, message):
    with pytest.raises(error, match=message):
        scaffold.check_parameters(studies.get(SMOTE), parameters)


def test_a_choice_is_checked():
    with pytest.raises(ValueError, match=r"per must be one of \['cell', 'class_sep'\]"):
        scaffold.check_parameters(studies.get("class_weight_sweep"), {"per": "alpha"})


# ------------------------------------------------------------------------------------------
# Command line
# ------------------------------------------------------------------------------------------


def test_help_lists_every_study(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert all(name in out for name in studies.NAMES)


def test_every_study_takes_the_same_flags(capsys):
    for name in studies.NAMES:
        for action, flags in (("run", ["--n-jobs", "--no-cache", "--out"]),
                              ("rerun", ["--cell", "--results"]), ("show", ["--results"])):
            with pytest.raises(SystemExit):
                main([name, action, "--help"])
            out = capsys.readouterr().out
            assert all(flag in out for flag in flags), (name, action)


def test_run_rerun_and_show_from_the_command_line(tmp_path, capsys):
    assert main([SMOTE, "run", "--seeds", "1", "--n-jobs", "1", "--no-cache",
                 "--out", str(tmp_path)]) == 0
    written = json.loads((tmp_path / f"{SMOTE}.json").read_text())
    assert written["command"].endswith("run --seeds 1 --n-jobs 1")
    assert main([SMOTE, "rerun", "--cell", "seed=0", "--results", str(tmp_path)]) == 0
    assert "within the tolerances" in capsys.readouterr().out
    table = pd.read_csv(tmp_path / f"{SMOTE}.csv")
    table.loc[1, "leaky test prevalence"] += 0.01
    table.to_csv(tmp_path / f"{SMOTE}.csv", index=False)
    assert main([SMOTE, "rerun", "--results", str(tmp_path)]) == 1
    assert "outside the tolerances" in capsys.readouterr().out
    assert main([SMOTE, "show", "--results", str(tmp_path)]) == 0
    assert '"seeds": 1' in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["simulation", "run"],
    [SMOTE],
    [SMOTE, "run", "--seeds", "0"],
    [SMOTE, "run", "--seeds", "x"],
    [SMOTE, "run", "--n-jobs", "0"],
    [SMOTE, "rerun", "--cell", "seed"],
    [SMOTE, "rerun", "--cell", "seed=99"],
    [SMOTE, "rerun", "--results", "/nonexistent"],
    ["resampling_comparison", "rerun", "--cell", "method=none"],
    ["class_weight_sweep", "run", "--per", "alpha"],
])
def test_a_bad_argument_prints_one_line_and_exits_non_zero(argv):
    # A fresh interpreter: what a user sees, traceback or not.
    done = subprocess.run([sys.executable, "-m", "utils.studies", *argv], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_reader_that_stops_early_gets_no_traceback():
    # `python -m utils.studies NAME show | head -1`: the pipe closes before the output ends.
    reader = subprocess.Popen([sys.executable, "-m", "utils.studies", SMOTE, "show"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.close()  # before the interpreter has started: its first write fails
    stderr = reader.stderr.read().decode()
    reader.wait(timeout=120)
    assert "Traceback" not in stderr, stderr


def test_nothing_outside_the_studies_imports_them():
    """Checks and helpers stay importable in the students' hand-out, which has no studies."""
    for path in (ROOT / "utils").rglob("*.py"):
        if "studies" in path.relative_to(ROOT / "utils").parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(name.startswith("utils.studies") for name in names), path
