from pathlib import Path

import pytest

from utils.hints import MIN_LENGTH, check_hints, exercise_checks, exercise_hints

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("*.md"))


def test_exercise_checks_names_the_module_and_the_calls_in_order():
    module, functions = exercise_checks(ROOT / "solutions" / "01_accuracy_trap_ex2.md")
    assert module == "accuracy_trap"
    assert functions == ["check_confusion_matrix", "check_buyer_recall"]


@pytest.mark.parametrize("solution", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_every_exercise_has_hints(solution):
    hints = exercise_hints(solution)
    assert len(hints) >= 2, f"{solution.name}: {hints}"
    assert len(set(hints)) == len(hints)
    assert all(isinstance(hint, str) and len(hint) >= MIN_LENGTH for hint in hints)


def test_hints_paired_with_wrong_values():
    hints = check_hints("accuracy_trap", ["check_confusion_matrix"])
    assert any(hint.startswith("rows and columns are swapped") for hint in hints)
    # the helpers a check calls are read too
    hints = check_hints("leakage", ["check_ap_with_typur"])
    assert any("ROC AUC; pass scoring='average_precision'" in hint for hint in hints)


def test_hints_bound_to_names_and_dicts_of_hints():
    # a module constant, RESAMPLED_TEST_HINT
    hints = check_hints("resampling", ["check_undersampled_f1"])
    assert any(hint.startswith("that is the score on an undersampled test set")
               for hint in hints)
    # report(False, f"... {_HINTS[first]}") gives each hint of the dict
    hints = check_hints("case_study_clinic", ["check_causes"])
    assert sum(hint.startswith("model ") and "Start with" not in hint for hint in hints) >= 4


def test_formatted_values_filled_from_constants_or_elided():
    hints = check_hints("class_weights", ["check_mean_gain"])
    assert any("over all 30 seeds" in hint for hint in hints)  # len(SEEDS)
    assert any("that is the gain for seed … alone" in hint for hint in hints)  # a loop variable


def test_hints_about_the_answers_form_are_left_out():
    hints = check_hints("per_class_metrics", ["check_beats_baseline"])
    assert hints and not any("True or False" in hint for hint in hints)
    assert not any("could not be checked" in hint for hint in hints)
    hints = check_hints("case_study_clinic", ["check_causes"])
    assert not any("`...`" in hint or hint.startswith("expected") for hint in hints)
    # a mistake in a report() is kept
    hints = check_hints("leakage", ["check_label_copies"])
    assert any(hint.startswith("reject is the label itself") for hint in hints)


def test_bad_input(tmp_path):
    with pytest.raises(FileNotFoundError, match="solution_path"):
        exercise_checks(tmp_path / "missing.md")
    page = tmp_path / "page.md"
    page.write_text("# No check here\n")
    with pytest.raises(ValueError, match="solution_path: page.md imports 0 check modules"):
        exercise_checks(page)
    with pytest.raises(ValueError, match="module: no check module"):
        check_hints("no_such_module", ["check_x"])
    with pytest.raises(ValueError, match="module: no check module"):
        check_hints("../exercises", ["check_x"])
    with pytest.raises(ValueError, match=r"functions: \['check_nothing'\]"):
        check_hints("accuracy_trap", ["check_nothing"])
    with pytest.raises(TypeError, match="functions: give a list"):
        check_hints("accuracy_trap", "check_buyer_recall")
