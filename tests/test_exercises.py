import re
import sys
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build_tools"))
from make_exercises import exercise_from_solution, stale_exercises, write_exercises  # noqa: E402

SOLUTIONS = sorted((ROOT / "solutions").glob("*.md"))

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

# Page

:::{exercise} A title
:label: demo_ex1

Do it, see {doc}`the chapter <../chapters/01_accuracy_trap>`.
:::

```{code-cell} ipython3
setup = 1
```

```{code-cell} ipython3
:tags: [learner]
answer = ...
```

```{solution-start} demo_ex1
:class: dropdown
```

Secret explanation.

```{code-cell} ipython3
answer = 42
```

```{solution-end}
```

```{code-cell} ipython3
:tags: [check]
passed = answer == 42
```

```{code-cell} ipython3
:tags: [remove-cell, solution]
assert passed
```
"""


def test_every_solution_has_a_fresh_exercise_of_the_same_stem():
    assert SOLUTIONS, "no solution notebooks found"
    assert stale_exercises(ROOT) == []
    exercises = sorted(p.name for p in (ROOT / "exercises").glob("*.md"))
    assert exercises == [p.name for p in SOLUTIONS]


def test_names_follow_the_chapter_stems():
    chapters = {p.stem for p in (ROOT / "chapters").glob("*.md")}
    for solution in SOLUTIONS:
        match = re.fullmatch(r"(\d\d_[a-z0-9_]+)_ex(\d+)", solution.stem)
        assert match, f"{solution.name} is not named NN_topic_exM.md"
        assert match[1] in chapters, f"{solution.name} has no chapter {match[1]}.md"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_solution_files_are_complete(solution):
    text = solution.read_text()
    assert text.count("{solution-start}") == text.count("{solution-end}") >= 1
    assert "learner" in text, "no learner stub: the exercise would have nothing to fill in"
    assert re.search(r"tags: \[[^\]]*\bsolution\b", text), "no solution-only assert"
    assert "utils.checks" in text, "no self-check"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_check_cells_are_tagged_and_follow_the_solution(solution):
    """The book moves or empties the check cell by its tag: it must be tagged."""
    cells = jupytext.read(solution).cells
    checks = [i for i, cell in enumerate(cells) if "from utils.checks" in cell.source]
    assert checks, "no check cell"
    ends = [i for i, cell in enumerate(cells) if "{solution-end}" in cell.source]
    for index in checks:
        assert "check" in cells[index].metadata.get("tags", []), "check cell not tagged check"
        assert any(end < index for end in ends), "check cell before its solution-end"
    stubs = [cell for cell in cells if "learner" in cell.metadata.get("tags", [])]
    assert stubs and all("remove-cell" not in cell.metadata["tags"] for cell in stubs), (
        "the learner's stub is shown in the book")


def test_generator_removes_the_solution_and_keeps_the_stub(tmp_path):
    (tmp_path / "solutions").mkdir()
    source = tmp_path / "solutions" / "01_demo_ex1.md"
    source.write_text(SOLUTION)
    exercise = exercise_from_solution(source)
    text = jupytext.writes(exercise, fmt="md:myst")
    assert "Secret" not in text and "answer = 42" not in text and "assert passed" not in text
    assert "answer = ..." in text and "remove-cell" not in text
    assert "## Exercise: A title" in text and ":label:" not in text
    assert "[the chapter](../chapters/01_accuracy_trap.md)" in text
    assert "passed = answer == 42" in text and "setup = 1" in text
    (check,) = [cell for cell in exercise.cells if "answer == 42" in cell.source]
    assert check.metadata["tags"] == ["check"], "the book and the site check find it by its tag"
    assert stale_exercises(tmp_path) == ["missing: exercises/01_demo_ex1.md"]
    write_exercises(tmp_path)
    assert stale_exercises(tmp_path) == []
    (tmp_path / "exercises" / "02_orphan_ex1.md").write_text("x")
    assert stale_exercises(tmp_path) == [
        "no solution of the same stem: exercises/02_orphan_ex1.md"]


def test_generator_bad_input(tmp_path):
    with pytest.raises(FileNotFoundError, match="no solution notebook"):
        exercise_from_solution(tmp_path / "missing.md")
    broken = tmp_path / "broken.md"
    broken.write_text(SOLUTION.replace("```{solution-end}\n```\n", ""))
    with pytest.raises(ValueError, match="solution-start has no solution-end"):
        exercise_from_solution(broken)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_chapter_and_exercise_link_each_other(solution):
    chapter_stem = re.fullmatch(r"(.+)_ex\d+", solution.stem)[1]
    chapter = (ROOT / "chapters" / f"{chapter_stem}.md").read_text()
    assert re.search(rf"\{{doc\}}`[^`]*solutions/{solution.stem}>?`", chapter), (
        f"chapters/{chapter_stem}.md does not link {solution.name}")
    assert re.search(rf"\{{doc\}}`[^`]*chapters/{chapter_stem}>?`", solution.read_text()), (
        f"{solution.name} does not link back to its chapter")


def test_every_notebook_page_is_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text()
    for folder in ("chapters", "solutions"):
        for page in (ROOT / folder).glob("*.md"):
            assert f"file: {folder}/{page.stem}\n" in toc, f"{folder}/{page.name} not in _toc.yml"


def test_generator_converts_a_link_wrapped_over_two_lines(tmp_path):
    (tmp_path / "solutions").mkdir()
    source = tmp_path / "solutions" / "01_demo_ex1.md"
    wrapped = SOLUTION.replace(
        "Do it, see {doc}`the chapter <../chapters/01_accuracy_trap>`.",
        "Do it, see {doc}`the\nchapter <../chapters/01_accuracy_trap>`.",
    ).replace(
        "# Page\n", "# Page\n\nRead {doc}`chapter\none <../chapters/01_accuracy_trap>` first.\n"
    )
    source.write_text(wrapped)
    text = jupytext.writes(exercise_from_solution(source), fmt="md:myst")
    assert "[the chapter](../chapters/01_accuracy_trap.md)" in text
    assert "[chapter one](../chapters/01_accuracy_trap.md)" in text
    assert "{doc}" not in text


@pytest.mark.parametrize("solution", SOLUTIONS, ids=[path.stem for path in SOLUTIONS])
def test_one_exercise_number_in_the_title_the_box_and_the_learners_heading(solution):
    """Exercise 7.1 is solutions/07_..._ex1.md: the page title, the sphinx-exercise box
    (numbered in its title, :nonumber:) and the exercise notebook's heading say so,
    as the teaching guide does (from the file name)."""
    match = re.fullmatch(r"(\d\d)_[a-z0-9_]+_ex(\d+)", solution.stem)
    number = f"{int(match[1])}.{match[2]}"
    text = solution.read_text()
    assert re.search(rf"^# Exercise {re.escape(number)}: ", text, flags=re.M), solution.name
    box = re.search(r"^:::\{exercise\} (.+)\n:label: (.+)\n:nonumber:\n", text, flags=re.M)
    assert box and box[1].startswith(f"{number}: ") and box[2] == solution.stem, solution.name
    exercise = jupytext.writes(exercise_from_solution(solution), fmt="md:myst")
    assert f"\n## Exercise {number}: " in exercise, solution.name
