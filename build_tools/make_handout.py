"""Build the zip a teacher hands to students: exercises, utils, one setup command.

Usage: python build_tools/make_handout.py OUTPUT_DIR

The zip holds the exercise notebooks as ``.ipynb`` (generated from ``exercises/``,
no outputs), one quiz notebook per chapter (generated from its quiz in
``utils/checks/quizzes/``, each answer checked by ``utils.checks.quiz``), the modules
of ``utils`` that the exercises and quizzes import (directly or through their checks;
no studies, no results) with the quizzes' data, the learners' lock
(``requirements-learner.lock``: what the exercises need, no book or test toolchain)
and a README and Makefile for setting up. It is checked for solution text before it is written.
"""

import ast
import re
import shutil
import sys
import zipfile
from pathlib import Path

import jupytext
import nbformat
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_site import _normalise, solution_fingerprints  # noqa: E402

from utils.checks.quiz import LETTERS, load_quiz  # noqa: E402
from utils.checks.quiz import chapters as quiz_chapters  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NAME = "imbalanced-course-exercises"
# A link to a page of the book. The hand-out holds no chapters: it links to the published
# site when _config.yml gives its address, and keeps the page's title otherwise.
BOOK_LINK = re.compile(r"\[([^\]]*)\]\(\.\./((?:chapters|solutions|book)/[^)#]*?)\.md(#[^)]*)?\)")


def site_address(root=ROOT):
    """The published book's address (``html.baseurl`` in ``_config.yml``), or ``""``."""
    config = yaml.safe_load((root / "_config.yml").read_text()) or {}
    address = str((config.get("html") or {}).get("baseurl") or "").strip()
    return address.rstrip("/")


def book_links(markdown, address):
    """Point the book's links in ``markdown`` at ``address``, or keep their text only."""
    if not address:
        return BOOK_LINK.sub(r"\1", markdown)
    address = address.rstrip("/")
    return BOOK_LINK.sub(lambda m: f"[{m[1]}]({address}/{m[2]}.html{m[3] or ''})", markdown)

README = """# Imbalanced classification, honestly measured: exercises

Exercise notebooks of the course, with the `utils` package their self-checks use.
Each notebook opens with the chapter it practises{chapters}.

## Set up (once) and start

You need Python 3.11 or newer: `python3 --version` (on Windows `py --version`) must
print 3.11 or more. With `make` (macOS, Linux), one command checks the version,
creates a virtual environment, installs the packages and opens JupyterLab:

    make lab

Without `make`, on macOS or Linux:

    python3 -m venv .venv
    .venv/bin/python -m pip install --no-deps -e .     # stops here if Python is too old
    .venv/bin/python -m pip install -r requirements.lock
    .venv/bin/jupyter lab exercises

On Windows, in PowerShell (the course's own tests do not run on Windows: tell your
teacher if a step fails):

    py -3 -m venv .venv
    .venv\\Scripts\\python -m pip install --no-deps -e .  # stops here if Python is too old
    .venv\\Scripts\\python -m pip install -r requirements.lock
    .venv\\Scripts\\jupyter lab exercises

## Work an exercise, take a quiz

Open a notebook in `exercises/`, run its cells from the top, replace each `...` with
your code, and run the last cell: the check says whether your answer is right and,
if not, what to look at. Nothing needs the network after the install.

Each chapter also has a short quiz, `exercises/NN_topic_quiz.ipynb`: write your answer
under each question (a letter, or a number) and run the cell after it, which says
whether it is right and explains the answer you chose.

Licence: code BSD-3-Clause, text CC BY 4.0; the data sets come from Python packages
with licences of their own, named where each is loaded.
"""

MAKEFILE = """PYTHON ?= python3
BIN := .venv/bin

.PHONY: lab
lab: .venv/.installed
\t$(BIN)/jupyter lab exercises

.venv/.installed: requirements.lock pyproject.toml
\t@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \\
\t\t|| { echo "Python 3.11 or newer is needed; $(PYTHON) is older (set PYTHON=...)"; exit 1; }
\t@test -x $(BIN)/python || $(PYTHON) -m venv .venv
\t$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
\t$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
\t@touch $@
"""


#: The module the quiz notebooks import.
QUIZ_MODULE = "utils.checks.quiz"


def quiz_notebook(chapter, address="", folder=None):
    """Return a chapter's quiz as a notebook: each question, a stub and its check.

    Parameters
    ----------
    chapter : str
        The chapter's name (``"01_accuracy_trap"``), that of its quiz file.
    address : str, optional
        The published book's address, to link the chapter; its title alone without it.
    folder : Path, optional
        Where the quiz files are; the course's own by default.

    Returns
    -------
    NotebookNode
        The notebook, no outputs: a title, the import of ``mark_answer``, then per
        question its text (Markdown) and a cell with the learner's ``answer = ...``
        followed by ``mark_answer(chapter, number, answer)``.
    """
    quiz = load_quiz(chapter, folder) if folder else load_quiz(chapter)
    title = quiz["title"]
    link = f"[{title}]({address.rstrip('/')}/chapters/{chapter}.html)" if address else (
        f"*{title}*")
    cells = [
        nbformat.v4.new_markdown_cell(
            f"# Quiz: {title}\n\nA few questions on the chapter {link}. Write your answer "
            "in place of the `...` under each question, then run that cell: it says "
            "whether the answer is right and explains the option you chose. Answer "
            "another option to read what that mistake is."),
        nbformat.v4.new_code_cell("from utils.checks.quiz import mark_answer"),
    ]
    for number, question in enumerate(quiz["questions"], 1):
        numeric = "tolerance" in question
        text = [f"## Question {number}", "", " ".join(question["prompt"].split()), ""]
        if numeric:
            text.append("Answer with a number (a fraction, not a percentage).")
            stub = "answer = ...  # a number"
        else:
            text += [f"- **{letter}.** {' '.join(option['text'].split())}"
                     for letter, option in zip(LETTERS, question["options"], strict=False)]
            text += ["", "Answer with the letter of your choice, in quotes."]
            stub = 'answer = ...  # a letter, such as "a"'
        cells.append(nbformat.v4.new_markdown_cell("\n".join(text)))
        cells.append(nbformat.v4.new_code_cell(
            f"{stub}\ncorrect = mark_answer({chapter!r}, {number}, answer)"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                       "name": "python3"}
    return notebook


def _imports(source):
    """The absolute module names a piece of Python source imports."""
    names = set()
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a cell that is not Python (a magic) imports nothing we follow
        return names
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def utils_modules(root=ROOT):
    """Return the files of ``utils`` that the exercises import, directly or not.

    Starts from every import in the exercise notebooks and follows the imports of
    each ``utils`` module reached (a package brings its ``__init__.py``), so that what
    only the book's chapters or studies use stays out of the hand-out.
    """
    todo = {QUIZ_MODULE} if quiz_chapters(root / "utils" / "checks" / "quizzes") else set()
    for exercise in (root / "exercises").glob("*.md"):
        for cell in jupytext.read(exercise).cells:
            if cell.cell_type == "code":
                todo |= _imports(cell.source)
    files = set()
    while todo:
        parts = todo.pop().split(".")
        if parts[0] != "utils":
            continue
        for depth in range(1, len(parts) + 1):  # the module and every package above it
            base = root.joinpath(*parts[:depth])
            for path in (base / "__init__.py", base.with_suffix(".py")):
                if path.is_file() and path not in files:
                    files.add(path)
                    todo |= _imports(path.read_text())
    return sorted(files)


def stage(staging, root=ROOT):
    """Write the hand-out's files into the folder ``staging`` (emptied first)."""
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "exercises").mkdir(parents=True)
    address = site_address(root)
    for exercise in sorted((root / "exercises").glob("*.md")):
        notebook = jupytext.read(exercise)
        # the note for maintainers ("generated from solutions/...") means nothing here
        notebook.cells = [cell for cell in notebook.cells
                          if not cell.source.startswith("<!-- Generated from")]
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                cell.source = book_links(cell.source, address)
        jupytext.write(notebook, staging / "exercises" / f"{exercise.stem}.ipynb")
    quizzes = root / "utils" / "checks" / "quizzes"
    for chapter in quiz_chapters(quizzes):
        nbformat.write(quiz_notebook(chapter, address, quizzes),
                       staging / "exercises" / f"{chapter}_quiz.ipynb")
    quiz_files = sorted(quizzes.glob("*.yml"))
    for module in [*utils_modules(root), *quiz_files]:
        target = staging / module.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(module, target)
    shutil.copy(root / "requirements-learner.lock", staging / "requirements.lock")
    for name in ("pyproject.toml", "LICENSE"):
        shutil.copy(root / name, staging / name)
    chapters = f", linked on the course's site ({address})" if address else ", named by its title"
    (staging / "README.md").write_text(README.format(chapters=chapters))
    (staging / "Makefile").write_text(MAKEFILE)


def find_leaks(staging, root=ROOT):
    """Return "solution -> file" for each solution fingerprint found in the staged files."""
    leaks = []
    texts = {p: _normalise("\n".join(cell.source for cell in jupytext.read(p).cells))
             for p in staging.rglob("*") if p.suffix in {".ipynb", ".md"}}
    for solution in sorted((root / "solutions").glob("*.md")):
        shown, hidden = solution_fingerprints(solution)
        leaks += [f"{solution.name} -> {p.name}" for line in shown | hidden
                  for p, text in texts.items() if line in text]
    return sorted(set(leaks))


def build(output, root=ROOT):
    """Stage the hand-out in ``output``, check it for solutions, and zip it.

    Returns 0 and writes ``output/imbalanced-course-exercises.zip``, or returns 1 and
    leaves the staged folder for inspection when solution text is found.
    """
    output = Path(output)
    staging = output / NAME
    stage(staging, root)
    leaks = find_leaks(staging, root)
    if leaks:
        print("solution text in the hand-out:", *leaks, sep="\n  ")
        return 1

    archive = output / f"{NAME}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(staging.rglob("*")):
            zipped.write(path, path.relative_to(output))
    shutil.rmtree(staging)
    count = len(list((root / "exercises").glob("*.md")))
    quizzes = len(quiz_chapters(root / "utils" / "checks" / "quizzes"))
    print(f"wrote {archive} ({count} exercise notebooks, {quizzes} quiz notebooks)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(build(sys.argv[1]))
