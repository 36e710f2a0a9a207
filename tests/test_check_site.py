"""Tests of build_tools/check_site.py on a small hand-written course and site.

The course has one chapter and one exercise whose solution notebook is "executed"
by writing its outputs into a jupyter-cache, as myst-nb would; the site is a few
HTML pages in the markup myst-nb and sphinx-exercise produce. Leaks are planted in
it: a check's verdict, a hint, a value only the solution computes.
"""

import importlib.util
from pathlib import Path

import pytest
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from myst_nb.core.read import read_myst_markdown_notebook
from nbformat import v4

from utils.checks import exercise_hints

SCRIPT = Path(__file__).resolve().parent.parent / "build_tools" / "check_site.py"
_spec = importlib.util.spec_from_file_location("check_site", SCRIPT)
check_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_site)

SOLUTION = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# Chapter 1, exercise 1: the demo threshold

:::{exercise} The demo threshold
:label: 01_demo_ex1

Compute the cost-optimal threshold; a missed bad loan costs 16,415 $.
:::

```{code-cell} ipython3
print("interest of a good loan: 4,365 $")
```

```{code-cell} ipython3
:tags: [learner]
threshold = ...
```

```{solution-start} 01_demo_ex1
:class: dropdown
```

The threshold divides the interest by the sum of both costs.

```{code-cell} ipython3
threshold = 4365 / (4365 + 16415)
print("rejected: 30 loans; cost per loan 853.2 $")
```

```{solution-end}
```

```{code-cell} ipython3
:tags: [check]
from utils.checks.thresholds_costs import check_cost_threshold

passed = check_cost_threshold(threshold)
```

```{code-cell} ipython3
:tags: [remove-cell, solution]
assert passed, "the solution must pass its check"
```
"""
# What each code cell printed when the solution ran, in order.
OUTPUTS = [
    "interest of a good loan: 4,365 $\n",
    None,
    "rejected: 30 loans; cost per loan 853.2 $\n",
    "Correct: the cost-optimal threshold is 0.2100.\n",
    None,
]
VERDICT = "Correct: the cost-optimal threshold is 0.2100."

PAGE = """<!DOCTYPE html><html><head><title>{title}</title>
<script>var DOCUMENTATION_OPTIONS = {{VERSION: "1.0.4"}};</script></head>
<body><nav><a href="../chapters/01_demo.html">Chapter 1: the demo</a>
<a href="../solutions/01_demo_ex1.html">Chapter 1, exercise 1: the demo threshold</a></nav>
<main>{body}</main><footer>By The course authors, 2026</footer></body></html>"""
CHAPTER = """<h1>Chapter 1: the demo</h1>
<p>Of the 30 largest loans, a few are bad; a threshold of 0.5 treats both errors alike.</p>
<p>Run the check after your answer: unanswered, it says "Not answered yet"; wrong, it
prints a hint after "Not yet:".</p>
{extra}"""
SETUP_CELL = """<div class="cell docutils container">
<div class="cell_input"><pre>print("interest of a good loan: 4,365 $")</pre></div>
<div class="cell_output"><pre>interest of a good loan: 4,365 $</pre></div></div>"""
LEARNER_CELL = """<div class="cell tag_learner docutils container">
<div class="cell_input"><pre>threshold = ...</pre></div></div>"""
CHECK_CELL = """<div class="cell tag_check docutils container">
<div class="cell_input"><pre>from utils.checks.thresholds_costs import check_cost_threshold

passed = check_cost_threshold(threshold)</pre></div>{output}</div>"""
CHECK_OUTPUT = f'<div class="cell_output"><pre>{VERDICT}</pre></div>'
EXERCISE = """<h1>Chapter 1, exercise 1: the demo threshold</h1>
<div class="exercise admonition" id="01_demo_ex1"><p class="admonition-title">Exercise 1
(The demo threshold)</p><p>Compute the cost-optimal threshold; a missed bad loan costs
16,415 $.</p></div>
{setup}{learner}{middle}{check}"""
SOLUTION_BLOCK = """<div class="solution dropdown admonition" id="solution-01_demo_ex1">
<p class="admonition-title">Solution to Exercise 1</p><section id="solution-content">
{worked}{check}</section></div>"""
WORKED = """<p>The threshold divides the interest by the sum of both costs.</p>
<div class="cell docutils container"><div class="cell_input">
<pre>threshold = 4365 / (4365 + 16415)
print("rejected: 30 loans; cost per loan 853.2 $")</pre></div>
<div class="cell_output"><pre>rejected: 30 loans; cost per loan 853.2 $</pre></div>
</div>"""


def make_course(root):
    """Write the course's sources and execute its solution into the cache."""
    (root / "chapters").mkdir(parents=True)
    (root / "chapters" / "01_demo.md").write_text("# Chapter 1: the demo\n")
    (root / "solutions").mkdir()
    solution = root / "solutions" / "01_demo_ex1.md"
    solution.write_text(SOLUTION)
    notebook = read_myst_markdown_notebook(SOLUTION, path=solution)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for count, (cell, text) in enumerate(zip(code, OUTPUTS, strict=True), start=1):
        cell.execution_count = count
        cell.outputs = [v4.new_output("stream", name="stdout", text=text)] if text else []
    cache = get_cache(root / "_build" / ".jupyter_cache")
    cache.cache_notebook_bundle(CacheBundleIn(notebook, str(solution)), check_validity=False)
    return root


def make_site(site, edition="student", exercise="", chapter="", check_output=None,
              worked=WORKED):
    """Write a built edition: a home page, the chapter, the exercise page.

    ``exercise`` and ``chapter`` are planted in the body of those pages; the check
    cell shows ``check_output`` (by default: none in the student edition, the
    verdict inside the solution in the full one, after the ``worked`` solution).
    """
    full = edition == "full"
    if check_output is None:
        check_output = CHECK_OUTPUT if full else ""
    check = CHECK_CELL.format(output=check_output)
    body = EXERCISE.format(
        setup=SETUP_CELL, learner=LEARNER_CELL, middle=exercise,
        check=SOLUTION_BLOCK.format(worked=worked, check=check) if full else check,
    )
    (site / "chapters").mkdir(parents=True)
    (site / "solutions").mkdir()
    (site / "index.html").write_text(PAGE.format(title="Home", body="<p>Welcome.</p>"))
    (site / "chapters" / "01_demo.html").write_text(
        PAGE.format(title="Chapter 1", body=CHAPTER.format(extra=chapter)))
    (site / "solutions" / "01_demo_ex1.html").write_text(PAGE.format(title="Ex 1", body=body))
    return site


@pytest.fixture
def course(tmp_path):
    return make_course(tmp_path / "course")


def run(course, site, capsys, edition="student"):
    code = check_site.main(edition, site, root=course)
    return code, capsys.readouterr().out


def test_clean_student_site_passes(course, tmp_path, capsys):
    code, out = run(course, make_site(tmp_path / "html"), capsys)
    assert code == 0, out
    assert ("student edition check passed: 1 solution notebooks, 1 exercise pages, "
            "1 lines the checks printed, 2 values only solutions compute") in out


def test_clean_full_site_passes(course, tmp_path, capsys):
    code, out = run(course, make_site(tmp_path / "html", "full"), capsys, "full")
    assert code == 0, out
    assert "full edition check passed" in out


def test_secret_values_are_read_from_the_executed_solution(course, tmp_path):
    cache = get_cache(course / "_build" / ".jupyter_cache")
    notebook = check_site.executed_notebook(course / "solutions" / "01_demo_ex1.md", cache)
    public, secret, checks = check_site.notebook_parts(notebook)
    assert checks == [VERDICT + "\n"]
    # 30 is printed by the solution but is public on the chapter page: not secret there.
    assert check_site.numbers("\n".join(secret)) == {"30", "853.2", "0.21"}
    assert {"16415", "4365"} <= check_site.numbers("\n".join(public))
    assert "30" not in check_site.numbers("\n".join(public))


@pytest.mark.parametrize(
    ("planted", "reason"),
    [
        # What the old student edition showed: the check cell with its verdict.
        (dict(check_output=CHECK_OUTPUT), "a check cell shows its output"),
        (dict(check_output=CHECK_OUTPUT), f"self-check output {VERDICT!r}"),
        # The same verdict anywhere on the page, in any markup.
        (dict(exercise=f"<p><em>{VERDICT}</em></p>"), "self-check output"),
        (dict(exercise="<div class='feedback'>Correct: that is it.</div>"),
         "self-check output 'Correct:'"),
        (dict(exercise="<pre>Not answered yet: replace the `...` with your code, run that "
                       "cell, then run this check again.</pre>"), "self-check output"),
        # A value only the solution computes, however it is formatted.
        (dict(exercise="<p>The cost per loan is 853.2 $.</p>"),
         "values only a solution computes: 853.2"),
        (dict(exercise="<td>853.20</td>"), "values only a solution computes: 853.2"),
        # Fingerprints, as before.
        (dict(exercise="<p>The threshold divides the interest by the sum of both costs.</p>"),
         "01_demo_ex1.md: solution text in solutions/01_demo_ex1.html"),
    ],
)
def test_planted_leak_fails_the_student_check(course, tmp_path, capsys, planted, reason):
    code, out = run(course, make_site(tmp_path / "html", **planted), capsys)
    assert code == 1
    assert reason in out, out
    assert "student edition check FAILED" in out


def test_a_hint_on_the_exercise_page_fails(course, tmp_path, capsys):
    hint = exercise_hints(course / "solutions" / "01_demo_ex1.md")[0]
    code, out = run(course, make_site(tmp_path / "html", exercise=f"<p>{hint}</p>"), capsys)
    assert code == 1
    assert "solutions/01_demo_ex1.html: self-check output" in out, out


def test_a_public_value_is_no_leak(course, tmp_path, capsys):
    site = make_site(tmp_path / "html", exercise="<p>Look at the 30 largest loans.</p>")
    code, out = run(course, site, capsys)
    assert code == 0, out


def test_public_feedback_is_the_only_block_exempted(course, tmp_path, capsys):
    quiz = "<div class='cell_output'><p class='{}'>Correct: 0.5 costs both errors alike.</p></div>"
    code, out = run(course, make_site(tmp_path / "a", chapter=quiz.format("public-feedback")),
                    capsys)
    assert code == 0, out
    for other in ("feedback", "public-feedback-x", "admonition"):
        code, out = run(course, make_site(tmp_path / other, chapter=quiz.format(other)), capsys)
        assert code == 1
        assert "chapters/01_demo.html: self-check output 'Correct:'" in out
    # A check's exact verdict is flagged on any page, unless in the marked block.
    verdict = f"<p class='{{}}'>{VERDICT}</p>"
    code, out = run(course, make_site(tmp_path / "b", chapter=verdict.format("note")), capsys)
    assert code == 1
    assert f"chapters/01_demo.html: self-check output {VERDICT!r}" in out
    site = make_site(tmp_path / "c", chapter=verdict.format("public-feedback"))
    assert run(course, site, capsys)[0] == 0


def test_the_marked_block_exempts_no_secret_value(course, tmp_path, capsys):
    block = "<div class='public-feedback'>The cost per loan is 853.2 $.</div>"
    code, out = run(course, make_site(tmp_path / "html", exercise=block), capsys)
    assert code == 1
    assert "values only a solution computes: 853.2" in out


def test_student_page_must_show_the_stub_and_the_check_call(course, tmp_path, capsys):
    site = make_site(tmp_path / "html")
    page = site / "solutions" / "01_demo_ex1.html"
    page.write_text(page.read_text().replace("tag_learner", "tag_other")
                    .replace("tag_check", "tag_other"))
    code, out = run(course, site, capsys)
    assert code == 1
    assert "no learner stub on the page" in out and "no check cell on the page" in out


def test_no_evidence_fails(course, tmp_path, capsys):
    site = make_site(tmp_path / "html")
    # The solution changed since it was executed: the cache holds no output of it.
    solution = course / "solutions" / "01_demo_ex1.md"
    solution.write_text(SOLUTION.replace("threshold = 4365", "threshold = 4366"))
    code, out = run(course, site, capsys)
    assert code == 1
    assert "01_demo_ex1.md: no execution of it in" in out
    code = check_site.main("student", site, root=course, cache=tmp_path / "nowhere")
    assert code == 1
    assert "no execution cache at" in capsys.readouterr().out


def test_full_site_must_show_the_solution_and_its_check_inside(course, tmp_path, capsys):
    site = make_site(tmp_path / "a", "full", worked="<p>Nothing here.</p>")
    code, out = run(course, site, capsys, "full")
    assert code == 1
    assert "01_demo_ex1.md: worked solution not found in the site" in out
    # The check cell after the solution, as the book showed it before.
    site = make_site(tmp_path / "b", "full", exercise=CHECK_CELL.format(output=CHECK_OUTPUT))
    code, out = run(course, site, capsys, "full")
    assert code == 1
    assert "a check cell sits outside its solution" in out


def test_missing_site_fails(course, tmp_path, capsys):
    code, out = run(course, tmp_path / "nowhere", capsys)
    assert code == 1
    assert "no built site" in out


def _quiz_html(chapter="01_accuracy_trap"):
    """A chapter's real quiz, as the ``quiz`` directive renders it."""
    from utils.checks.quiz import load_quiz

    spec = importlib.util.spec_from_file_location("quiz_directive",
                                                  SCRIPT.parent / "quiz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.quiz_html(load_quiz(chapter), chapter)


def test_a_quiz_passes_and_a_solution_in_its_feedback_fails(course, tmp_path, capsys):
    quiz = _quiz_html()
    assert quiz.count(f'class="{check_site.PUBLIC_FEEDBACK} ') >= 8
    # Its feedback, a verdict on each answer, is meant for every reader.
    planted = quiz + "<div class='public-feedback'><p>Correct: (b) the baseline's.</p></div>"
    code, out = run(course, make_site(tmp_path / "a", chapter=planted), capsys)
    assert code == 0, out
    # An exercise's worked solution stays a leak inside the same kind of block.
    leak = quiz.replace("</ol></div>", "</ol><div class='public-feedback quiz-feedback'><p>"
                        "The threshold divides the interest by the sum of both costs.</p>"
                        "</div></div>")
    code, out = run(course, make_site(tmp_path / "b", chapter=leak), capsys)
    assert code == 1
    assert "01_demo_ex1.md: solution text in chapters/01_demo.html" in out, out


def test_the_marked_block_exempts_nothing_on_an_exercise_page(course, tmp_path, capsys):
    for planted, reason in [
        (f"<div class='public-feedback'><p>{VERDICT}</p></div>", repr(VERDICT)),
        ("<div class='public-feedback'><p>Correct: that is it.</p></div>", "'Correct:'"),
    ]:
        site = make_site(tmp_path / str(len(reason)), exercise=planted)
        code, out = run(course, site, capsys)
        assert code == 1
        assert f"solutions/01_demo_ex1.html: self-check output {reason}" in out, out
