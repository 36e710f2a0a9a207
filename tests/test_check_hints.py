"""Hints are data: each check prints its hints from its module's ``HINTS``, and the
teaching guide lists every one of them."""

import importlib
import pkgutil
import re
import string
from pathlib import Path

import jupytext
import pytest

import utils.checks
from utils.checks import (
    check_choice,
    check_matrix,
    check_number,
    exercise_checks,
    listed_hints,
    quiz,
    shown,
)

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("*.md"))
MODULES = [importlib.import_module(f"utils.checks.{info.name}")
           for info in pkgutil.iter_modules(utils.checks.__path__)]
SHARED_TEMPLATES = [hint for hints in utils.checks.HINTS.values() for hint in hints.values()]


def checks_of(module):
    """The checks a module defines (not those it imports), by name."""
    return {name: value for name, value in vars(module).items()
            if name.startswith("check_") and callable(value)
            and value.__module__ == module.__name__}


def pattern(template):
    """A regular expression that the filled-in ``template`` matches, a field any text."""
    return "".join(re.escape(literal) + ("(.+?)" if field is not None else "")
                   for literal, field, _, _ in string.Formatter().parse(template))


def matches(message, templates):
    return any(re.fullmatch(pattern(template), message, flags=re.DOTALL)
               for template in templates)


def used(template, messages):
    """Whether some message gives ``template``, alone or inside another hint."""
    return any(re.search(pattern(template), message, flags=re.DOTALL) for message in messages)


CHECKS = [(module, name) for module in MODULES for name in checks_of(module)]


class Unprintable:
    def __repr__(self):
        raise RuntimeError("no repr")

    def __len__(self):
        raise RuntimeError("no len")


def _probes(module, name):
    """Answers that lead a check with its own logic (not check_number's) to each hint."""
    if name == "check_causes":
        causes = module.CAUSES
        return [1.5, {"a": "overfitting"}, {**causes, "b": ...}, {**causes, "b": "bad luck"},
                *({**causes, model: "no signal"} for model in causes),
                {**causes, "a": "leakage", "c": "overfitting"},
                list(causes.values()), dict.fromkeys(causes, "leakage"),
                {**causes, "a": "leakage", "b": "no signal", "c": "overfitting"}]
    if name == "check_label_copies":
        return ["action", {"a": 1}, 3, ["reject"], ["no such column"], ["action"],
                ["action", "approve", "typur"], ["action", "approve", "loanamt"], ["typur"],
                [2, 5], {"action": 1.0, "approve": 0.0}]
    if name == "check_weight_choice":  # each range's hint, filled for an answer in it
        return [0.5, 2.0, 15.0, 1000.0, "balanced", "none"]
    if name == "check_threshold_choice":
        return [0.01, 0.2, 0.9]
    if name == "check_beats_baseline":
        baseline = module.trivial_scores(module.implied_prevalence(
            *(module.ASKER_1000[key] for key in ("precision", "recall", "accuracy"))
        )).loc["all positive", "f1"]
        return [1, "yes", True, False, module.ASKER_1000["f1"] - baseline, baseline]
    if name == "check_alpha_ba_by_p":
        pi = module.BA_PREVALENCE
        optima = {mapping: [module._alpha(p, pi, "f1", mapping) for p in module.BA_P_VALUES]
                  for mapping in ("bce", "calibrated")}
        return ["24", 24.0, {"a": 1}, [24.0, 24.0], ["24", 24, 24], [24.0, float("nan"), 24.0],
                [pi / (1 - pi)] * 3, [1 / pi] * 3, optima["bce"], optima["calibrated"],
                [24.0, 30.0, 50.0], [10.0, 10.0, 10.0], [1 / 25] * 3, [0.7, 0.8, 0.9]]
    return []


def said(check, module, answers, monkeypatch):
    """The hints ``check`` gives: those it hands to check_number or check_matrix, and
    what it prints after "Not yet:" for ``answers``."""
    handed, printed = [], []

    def spy(answer, expected, *, what, mistakes=(), **options):
        handed.extend(hint for _, hint in mistakes)
        return False

    def report(correct, message):
        if not correct:
            printed.append(message)
        return bool(correct)

    def choice_spy(answer, *, what, accepted=None, rejected=None, aliases=None, ranges=()):
        handed.extend([*(accepted or {}).values(), *(rejected or {}).values()])
        handed.extend(hint for *_, hint in ranges)
        return False

    # A mistake whose value equals the right answer on this data is dropped before
    # check_number; it is still a mistake the check knows.
    if hasattr(module, "_distinct"):
        monkeypatch.setattr(module, "_distinct", lambda expected, mistakes: list(mistakes))
    for name in ("check_number", "check_matrix"):
        if hasattr(module, name):
            monkeypatch.setattr(module, name, spy)
    if hasattr(module, "check_choice"):
        monkeypatch.setattr(module, "check_choice", choice_spy)
    monkeypatch.setattr(utils.checks, "report", report)
    if hasattr(module, "report"):
        monkeypatch.setattr(module, "report", report)
    for answer in [..., *answers]:
        assert check(answer) in (True, False)
    return handed, printed


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_each_check_module_declares_the_hints_of_each_check(module):
    assert isinstance(module.HINTS, dict)
    assert set(module.HINTS) == set(checks_of(module)), module.__name__
    for check, hints in module.HINTS.items():
        assert isinstance(hints, dict) and len(hints) >= 2, check
        for mistake, hint in hints.items():
            assert isinstance(mistake, str) and mistake, check
            assert isinstance(hint, str) and len(shown(hint)) >= 25, (check, mistake)


@pytest.mark.parametrize(("module", "name"), CHECKS,
                         ids=[f"{module.__name__.rsplit('.', 1)[-1]}.{name}"
                              for module, name in CHECKS])
def test_every_hint_a_check_gives_is_in_its_dictionary(module, name, monkeypatch):
    hints = module.HINTS[name]
    mistakes, printed = said(getattr(module, name), module, _probes(module, name),
                             monkeypatch)
    assert mistakes or printed, f"{name} gave no hint: give _probes answers that reach them"
    for hint in mistakes:
        assert matches(hint, hints.values()), hint
    for message in printed:
        assert matches(message, [*hints.values(), *SHARED_TEMPLATES]), message
    # and the other way round: no hint in the dictionary that the check never gives
    unused = [mistake for mistake, hint in hints.items()
              if not used(hint, [*mistakes, *printed])]
    assert not unused, f"{name} never gives the hints {unused}"


def test_the_shared_hints_are_what_the_shared_checks_print(monkeypatch):
    printed = []

    def report(correct, message):
        if not correct:
            printed.append(message)
        return bool(correct)

    monkeypatch.setattr(utils.checks, "report", report)
    for answer in [True, "0.25", [1, 2], float("nan"), 25.0, 0.252, 0.9, Unprintable(), 2.5]:
        assert check_number(answer, 0.25, what="the number", bounds=(0, 1)) is False
    # 0.25 is the right 0.2502 and the mistaken 0.2498, both rounded to three digits
    assert check_number(0.25, 0.2502, what="the number", mistakes=[(0.2498, "a mistake")]) \
        is False
    for answer in ["x", ["a", "b"], [[1, 2]], [[0, 0], [0, 0]]]:
        assert check_matrix(answer, [[1, 2], [3, 4]], what="the matrix") is False
    words, ranges = {"yes": "right"}, [(0.0, 1.0, True, "a fraction")]
    for answer in ["maybe", 3, ["yes"], object()]:
        assert check_choice(answer, what="the choice", accepted=words) is False
    for answer in ["0.5", 1.5, [0.2, 0.3]]:
        assert check_choice(answer, what="the number", ranges=ranges) is False
    # The quizzes' check: question 1 of chapter 1 is a choice, question 2 a number.
    monkeypatch.setattr(quiz, "report", report)
    for chapter, question, answer in [(99, 1, "a"), (1, 9, "a"), (1, 1, 2), (1, 1, "z"),
                                      (1, 1, [1]), (1, 2, "0.82"), (1, 2, 82), (1, 2, 0.7)]:
        assert quiz.mark_answer(chapter, question, answer) is False
    for message in printed:
        assert matches(message, SHARED_TEMPLATES), message
    unused = [template for template in SHARED_TEMPLATES if not used(template, printed)]
    assert not unused


def test_shown_puts_an_ellipsis_for_each_field():
    assert shown("seed {seed} of {n:d}, {{literal}}; {answer!r}.") == (
        "seed … of …, {literal}; ….")
    assert shown("no field") == "no field"
    with pytest.raises(TypeError, match="template"):
        shown(3)
    with pytest.raises(ValueError, match="template"):
        shown("a single { brace")


def test_listed_hints():
    hints = listed_hints("accuracy_trap", ["check_buyer_recall"])
    assert hints == [shown(hint) for hint in
                     importlib.import_module("utils.checks.accuracy_trap")
                     .HINTS["check_buyer_recall"].values()]
    # a hint two checks give is listed once; fields are shown as "…"
    hints = listed_hints("resampling")
    assert sum(hint.startswith("that is the score on an undersampled") for hint in hints) == 1
    assert any("seed … alone" in hint for hint in listed_hints("class_weights"))
    with pytest.raises(ValueError, match="module: utils.checks has no module"):
        listed_hints("no_such_module")
    with pytest.raises(ValueError, match="module: expected the name"):
        listed_hints("../exercises")
    with pytest.raises(ValueError, match=r"checks: \['check_nothing'\]"):
        listed_hints("accuracy_trap", ["check_nothing"])
    with pytest.raises(TypeError, match="checks: give a list"):
        listed_hints("accuracy_trap", "check_buyer_recall")


def test_exercise_checks_reads_the_solutions_import():
    assert exercise_checks(ROOT / "solutions" / "01_accuracy_trap_ex1.md") == (
        "accuracy_trap", ["check_majority_accuracy"])
    # an import over several lines, in parentheses
    module, checks = exercise_checks(ROOT / "solutions" / "02_per_class_metrics_ex2.md")
    assert module == "per_class_metrics"
    assert checks == ["check_baseline_f1", "check_beats_baseline", "check_implied_prevalence"]


def test_exercise_checks_bad_input(tmp_path):
    with pytest.raises(FileNotFoundError, match="solution_path"):
        exercise_checks(tmp_path / "missing.md")
    page = tmp_path / "page.md"
    page.write_text("# No check here\n")
    with pytest.raises(ValueError, match="page.md imports from 0 check modules"):
        exercise_checks(page)
    page.write_text("from utils.checks.leakage import check_label_copies\n"
                    "from utils.checks.resampling import check_beta\n")
    with pytest.raises(ValueError, match="imports from 2 check modules"):
        exercise_checks(page)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=[path.stem for path in SOLUTIONS])
def test_every_solution_imports_checks_with_hints(solution):
    module, checks = exercise_checks(solution)
    assert checks, solution.name
    assert len(listed_hints(module, checks)) >= 2


def test_the_teaching_guide_lists_every_hint(monkeypatch):
    """Run the guide's code cells as the book does (from book/) and read its lists."""
    notebook = jupytext.read(ROOT / "book" / "teaching_guide.md")
    monkeypatch.chdir(ROOT / "book")
    namespace = {}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            exec(cell.source, namespace)  # noqa: S102 - the course's own page
    page = "\n".join([*namespace["shared_hints"], *namespace["blocks"]])
    for module in MODULES:
        name = module.__name__.rsplit(".", 1)[-1]
        for hint in listed_hints(name):
            assert hint in page, (name, hint)
    for hint in SHARED_TEMPLATES:
        assert shown(hint) in page, hint
