"""The local Sphinx extension build_tools/hide_solutions.py, on a one-page book.

The page is a stored notebook (no execution) laid out as a solution page: the
statement, the learner's stub, a gated solution, then the check cell with the
verdict it printed. It is built in both editions with myst-nb and sphinx-exercise,
and read back with the site check's own reader of the markup.
"""

import importlib.util
import io
from pathlib import Path

import nbformat
import pytest
from docutils import nodes
from nbformat import v4
from sphinx.application import Sphinx

BUILD_TOOLS = Path(__file__).resolve().parent.parent / "build_tools"
_spec = importlib.util.spec_from_file_location("check_site", BUILD_TOOLS / "check_site.py")
check_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_site)
_spec = importlib.util.spec_from_file_location("hide_solutions", BUILD_TOOLS / "hide_solutions.py")
hide_solutions = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hide_solutions)

VERDICT = "Correct: the answer is 42."
CONF = f"""
import sys
sys.path.insert(0, {str(BUILD_TOOLS)!r})
extensions = ["myst_nb", "hide_solutions"]
nb_execution_mode = "off"
exclude_patterns = ["_build"]
"""


def stream(text):
    return [v4.new_output("stream", name="stdout", text=text)]


def make_book(root, check_follows_solution=True):
    solution = [
        v4.new_markdown_cell("```{solution-start} demo_ex1\n:class: dropdown\n```\n\n"
                             "The reasoning only the solution gives."),
        v4.new_code_cell("answer = 6 * 7\nprint(answer)", outputs=stream("42\n"),
                         execution_count=2),
        v4.new_markdown_cell("```{solution-end}\n```"),
    ]
    check = v4.new_code_cell("passed = check_answer(answer)", outputs=stream(VERDICT + "\n"),
                             metadata={"tags": ["check"]}, execution_count=3)
    cells = [
        v4.new_markdown_cell("# An exercise page\n\n```{exercise} Demo\n:label: demo_ex1\n\n"
                             "Compute the answer.\n```"),
        v4.new_code_cell("answer = ...", metadata={"tags": ["learner"]}, execution_count=1),
        *(solution + [check] if check_follows_solution else [check] + solution),
    ]
    notebook = v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    root.mkdir()
    (root / "conf.py").write_text(CONF)
    (root / "index.md").write_text("# Book\n\n```{toctree}\nexercise\n```\n")
    nbformat.write(notebook, root / "exercise.ipynb")
    return root


def build(root, hide_solutions):
    out, warnings = root / "_build" / str(hide_solutions), io.StringIO()
    app = Sphinx(root, root, out, out / ".doctrees", "html", status=None, warning=warnings,
                 freshenv=True, confoverrides={"hide_solutions": hide_solutions})
    app.build()
    return check_site.Page(out / "exercise.html", out), warnings.getvalue()


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return make_book(tmp_path_factory.mktemp("book") / "src")


def test_full_edition_moves_the_check_into_its_solution(book):
    page, warnings = build(book, hide_solutions=False)
    assert check_site.layout_problems("full", page) == [], warnings
    assert "The reasoning only the solution gives." in page.text
    (check,) = page.cells("check")
    assert VERDICT in check.find_parent(class_="solution").get_text()


def test_student_edition_keeps_the_check_call_and_drops_its_output(book):
    page, warnings = build(book, hide_solutions=True)
    assert check_site.layout_problems("student", page) == [], warnings
    assert "passed = check_answer(answer)" in page.text and "answer = ..." in page.text
    assert VERDICT not in page.text and "only the solution gives" not in page.text
    assert not page.soup.find(class_="solution")


def test_a_check_before_its_solution_is_a_warning(tmp_path):
    book = make_book(tmp_path / "src", check_follows_solution=False)
    page, warnings = build(book, hide_solutions=False)
    assert "a check cell follows no gated solution" in warnings
    assert check_site.layout_problems("full", page) == [
        "exercise.html: a check cell sits outside its solution"]


def _title(*parts):
    title = nodes.title()
    for part in parts:
        title += part if isinstance(part, nodes.Node) else nodes.Text(part)
    return title


def test_an_exercise_title_reads_exercise_and_its_number():
    title = _title("Exercise", " (", "6.1: The cost-optimal threshold", ")")
    assert hide_solutions.number_in_title(title)
    assert title.astext() == "Exercise 6.1: The cost-optimal threshold"


def test_a_solution_title_with_code_reads_the_same_way():
    reference = nodes.reference()
    for part in (" Exercise", " (", "6.1: the ", nodes.literal(text="cost"), ")"):
        reference += part if isinstance(part, nodes.Node) else nodes.Text(part)
    title = _title("Solution to", reference)
    assert hide_solutions.number_in_title(title)
    assert title.astext() == "Solution to Exercise 6.1: the cost"


def test_a_title_without_a_number_keeps_its_parentheses():
    title = _title("Exercise", " (", "A title", ")")
    assert not hide_solutions.number_in_title(title)
    assert title.astext() == "Exercise (A title)"
